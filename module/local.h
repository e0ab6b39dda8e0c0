/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PODOL_LOCAL_H
#define _PODOL_LOCAL_H

#include "table.h"
#include "trie.h"

/*
 * The device's own node's pod CIDRs, the "local" list. A received packet
 * whose inner source lies in one of them is dropped, whatever node sent
 * it: no remote node speaks for a local pod, even one that owns a
 * covering prefix (an egress gateway with 0.0.0.0/0).
 *
 * A list is never changed in place: a new one is built off to the side
 * and swapped in under the device's update_lock (pd->local), the old one
 * freed after a grace period. The data path reads pd->local under RCU;
 * NULL is the empty list, and costs one pointer load.
 */
struct podol_local {
	struct podol_trie v4, v6;
	struct list_head cidrs_v4, cidrs_v6;	/* the tnodes, for DEV_GET */
};

/* A new list of @n CIDRs, or an ERR_PTR; @lock is the update_lock. */
struct podol_local *podol_local_new(const struct podol_cidr *cidrs,
				    unsigned int n, struct mutex *lock);
/* Frees a list no reader can see any more. */
void podol_local_free(struct podol_local *local);

/* Under rcu_read_lock(): @src lies in a CIDR of @local. */
static inline bool podol_local_has(struct podol_local *local,
				   const struct podol_addr *src)
{
	return podol_trie_lookup(src->family == AF_INET ? &local->v4 : &local->v6,
				 src->bytes);
}

#endif /* _PODOL_LOCAL_H */
