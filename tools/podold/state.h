/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: the files it keeps in its state directory, each replaced
 * atomically (written aside, then renamed over), so a reader never sees
 * half of one:
 *
 *   node.json    for the CNI plugin: {"node", "cidrs", "mtu",
 *                "cluster-cidrs"}; written once this node holds its CIDRs
 *   status.json  what `podold status` prints: the agent's view of the
 *                store and the table, rewritten as it changes
 *   lease        the lease id, so that a restarted agent keeps its lease
 *                (and its keys never blink) while the lease lives
 */
#ifndef PODOLD_STATE_H
#define PODOLD_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "cluster.h"
#include "table.h"

struct podold_status {
	const char *node;
	const char *endpoint;		/* the one in use */
	bool store_up;
	int64_t revision;
	size_t nodes;			/* entries in the kernel table */
	size_t direct;			/* peers reached by a direct route */
	const struct podold_table *table;	/* for its skipped records */
	unsigned long skipped_total;	/* skips logged since start */
	unsigned long resyncs;
	const char *last_error;		/* "" if none */
	unsigned int ncidrs;
	const struct podol_cidr *cidrs;
	int64_t lease;
};

/* Creates @dir (and its parents) if missing. */
int podold_state_dir(const char *dir);
int podold_state_write_node(const char *dir, const char *node,
			    const struct podol_cidr *cidrs, unsigned int n,
			    unsigned int mtu, const struct podold_cluster *c);
int podold_state_write_status(const char *dir, const struct podold_status *s);
/* The lease id kept in @dir, or 0. */
int64_t podold_state_read_lease(const char *dir);
int podold_state_write_lease(const char *dir, int64_t lease);
/* Removes node.json and lease (podold leave). */
void podold_state_clear(const char *dir);
/* `podold status [-j]`: prints status.json; 0, or 1 if there is none. */
int podold_state_print(const char *dir, bool json);

#endif /* PODOLD_STATE_H */
