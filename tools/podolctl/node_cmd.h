/* SPDX-License-Identifier: GPL-2.0 */
/* podolctl node { add | change | del | show | flush | replace | help } */
#ifndef PODOLCTL_NODE_CMD_H
#define PODOLCTL_NODE_CMD_H

#include "args.h"

/*
 * Parses the words after "node" into @cl: its arguments, and the function
 * that runs the command. 0, or -EINVAL after reporting the mistake.
 */
int node_parse(int argc, char **argv, struct cmdline *cl);

#endif /* PODOLCTL_NODE_CMD_H */
