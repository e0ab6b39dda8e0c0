/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line, parsed: podolctl's one data model. Every word is
 * checked here, before anything is sent, so that a mistake is reported by
 * name rather than as a kernel refusal; the node it describes is the
 * library's (struct podol_node), as is every rule it checks.
 */
#ifndef PODOLCTL_ARGS_H
#define PODOLCTL_ARGS_H

#include <stdbool.h>

#include "../lib/node.h"
#include "report.h"

/* Arguments of node commands, of stats, and of replace file lines. */
enum {
	KW_DEV,
	KW_REMOTE,
	KW_CIDR,
	KW_PORT,
	KW_FILE,
};

struct args {
	const char *dev;
	const char *file;
	bool has_remote;
	struct podol_node node;			/* its cidrs are cidrs[] */
	struct podol_cidr cidrs[PODOL_MAX_NODE_CIDRS];
	uint8_t cmd;				/* node add or change */
	unsigned int nlocal;			/* dev set: local-cidr */
	struct podol_cidr local[PODOL_MAX_LOCAL_CIDRS];
};

/* What main() runs once the whole command line was parsed. */
struct cmdline {
	bool json;
	bool pretty;
	const char *netns;
	int (*run)(struct args *a);
	struct args args;
};

/* Empty arguments, node.cidrs pointing at cidrs[]. */
void args_init(struct args *a);

/*
 * "dev DEV", "remote ADDR", "cidr PREFIX", "port PORT", "file FILE", in
 * any order, those whose KWF() bit is in @allow. 0 or -EINVAL after an
 * error about the words of @src.
 */
int parse_node_args(const struct src *src, int argc, char **argv,
		    unsigned long allow, struct args *a);

/* A device name given by the user: it must exist here; 0 or -ENODEV. */
int check_dev(const char *name);

/*
 * What each command that talks to the kernel does first: @dev, if given,
 * must exist (check_dev()), and the socket must open. 0, or -errno after
 * reporting (@nl is then closed).
 */
int open_socket(const char *dev, struct podol_nl *nl);
/* ... and last: reports @err, if any, about @src; closes; returns @err. */
int close_socket(struct podol_nl *nl, const struct src *src, int err);

#endif /* PODOLCTL_ARGS_H */
