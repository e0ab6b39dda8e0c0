/* SPDX-License-Identifier: GPL-2.0 */
/* podolctl dev { set | show | help } and podolctl stats [ dev DEV ] */
#ifndef PODOLCTL_DEV_CMD_H
#define PODOLCTL_DEV_CMD_H

#include "args.h"

/*
 * Parse the words after "dev", or after "stats", into @cl: 0, or -EINVAL
 * after reporting the mistake.
 */
int dev_parse(int argc, char **argv, struct cmdline *cl);
int stats_parse(int argc, char **argv, struct cmdline *cl);

#endif /* PODOLCTL_DEV_CMD_H */
