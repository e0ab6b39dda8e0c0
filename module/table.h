/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PODOL_TABLE_H
#define _PODOL_TABLE_H

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <net/dst_cache.h>

#include "stats.h"
#include "trie.h"

/* An address of either family, as the tries and the wire want it. */
struct podol_addr {
	sa_family_t family;
	union {
		__be32 ip4;
		struct in6_addr ip6;
		u8 bytes[16];
	};
};

/* One CIDR of a request, before it is in a trie. */
struct podol_cidr {
	struct podol_addr addr;
	u8 len;
};

/* A remote node: its underlay address and the pod CIDRs it owns. */
struct podol_node {
	struct podol_addr remote;
	__be16 port;			/* 0: the device's */
	unsigned int ncidrs;
	struct list_head cidrs_v4;	/* its podol_tnodes in pod_v4 */
	struct list_head cidrs_v6;	/* its podol_tnodes in pod_v6 */
	struct list_head remote_tn;	/* its one podol_tnode in remote_v4/v6 */
	struct list_head table_entry;	/* in podol_table.nodes, for dumps */

	/*
	 * Its state: kept by NODE_REPLACE for the node of the new table with
	 * the same remote and port (podol_table_inherit()).
	 */
	struct dst_cache dst_cache;	/* the underlay route to it */
	struct podol_counters *stats;
	unsigned long last_rx;		/* jiffies; 0: never */
	bool gave_state;		/* stats and dst_cache are its heir's */
	struct rcu_head rcu;
};

/*
 * A device's node table. The data path reads it under RCU: pod_v4/pod_v6
 * map inner addresses to nodes, remote_v4/remote_v6 map underlay source
 * addresses to nodes. Writers hold the device's update_lock; a whole new
 * table replaces the old one with one pointer store.
 */
struct podol_table {
	struct podol_trie pod_v4, pod_v6;
	struct podol_trie remote_v4, remote_v6;
	struct list_head nodes;
	unsigned int count;
	struct rcu_work free_work;
};

/* The workqueue that frees replaced tables: module init and exit. */
int podol_table_init(void);
void podol_table_exit(void);

struct podol_table *podol_table_new(void);
/* Frees the table and its nodes: only once no reader can see it. */
void podol_table_free(struct podol_table *tbl);
/*
 * Frees a table readers may still hold, after a grace period, from a
 * workqueue: the writer that swapped it out does not wait.
 */
void podol_table_free_rcu(struct podol_table *tbl);

struct podol_node *podol_table_route(struct podol_table *tbl,
				     const struct podol_addr *inner_dst);
struct podol_node *podol_table_sender(struct podol_table *tbl,
				      sa_family_t family, const void *saddr);
struct podol_node *podol_table_find(struct podol_table *tbl,
				    const struct podol_addr *remote, struct mutex *lock);

/* The writers: @lock is the device's update_lock, held by the caller. */
int podol_table_add(struct podol_table *tbl, const struct podol_addr *remote,
		    __be16 port, const struct podol_cidr *cidrs,
		    unsigned int ncidrs, struct mutex *lock,
		    struct netlink_ext_ack *extack);
int podol_table_change(struct podol_table *tbl, struct podol_node *node,
		       __be16 port, const struct podol_cidr *cidrs,
		       unsigned int ncidrs, struct mutex *lock,
		       struct netlink_ext_ack *extack);
/*
 * Before @new replaces @old: each node of @new whose remote and port are
 * unchanged takes over its predecessor's counters, last_rx and route cache.
 */
void podol_table_inherit(struct podol_table *new, struct podol_table *old, struct mutex *lock);
void podol_table_del(struct podol_table *tbl, struct podol_node *node, struct mutex *lock);

#endif /* _PODOL_TABLE_H */
