/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol CNI plugin: what podold says about this node, in its state
 * directory: node.json ({"node", "cidrs", "mtu", "cluster-cidrs"}, the
 * node's pod CIDRs and the podol device's MTU) and status.json (its
 * "pid", among others).
 */
#ifndef PODOL_CNI_NODESTATE_H
#define PODOL_CNI_NODESTATE_H

#include "addr.h"
#include "result.h"

#define NODE_MAX_CIDRS	8

struct node_state {
	unsigned int mtu;
	unsigned int ncidrs;
	struct podol_cidr cidrs[NODE_MAX_CIDRS];
};

/*
 * node.json of @dir into @s. Missing: -ENOENT, code 11 (try again: podold
 * has not written it yet); unreadable or malformed: code 5 or 6.
 */
int node_state_read(const char *dir, struct node_state *s,
		    struct cni_err *e);

/*
 * STATUS: 0 if podold is up, else code 50 saying why. Up means node.json
 * reads, and status.json names a pid that is running: a node.json left
 * by a podold that died is stale, as its MTU and CIDRs may have moved.
 */
int node_state_status(const char *dir, struct cni_err *e);

#endif /* PODOL_CNI_NODESTATE_H */
