/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The replace file: one node per line, checked whole before anything is
 * sent.
 */
#ifndef PODOLCTL_FILE_H
#define PODOLCTL_FILE_H

#include <stddef.h>

#include "../lib/node.h"

struct node_file {
	const char *name;	/* for messages: its path, or "<stdin>" */
	struct podol_node *nodes;
	unsigned int *lines;	/* the line of each node */
	size_t n;
	size_t cap;
};

/* Reads @path ("-": standard input); 0 or -errno after reporting. */
int read_node_file(const char *path, struct node_file *nf);
void free_node_file(struct node_file *nf);

#endif /* PODOLCTL_FILE_H */
