/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Replies of NODE_GET and DEV_GET, parsed into lists, and printed as text
 * or JSON once a dump is complete (a dump may have to be run again).
 */
#ifndef PODOLCTL_SHOW_H
#define PODOLCTL_SHOW_H

#include "nl.h"

struct stats_info {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t tx_fragmented;		/* carried over the path MTU */
	bool has_last_rx;
	uint64_t last_rx_msecs;
	uint32_t drops_present;		/* a bit per enum podol_drop_reason */
	uint64_t drops[PODOL_DROP_MAX + 1];
};

struct node_info {
	char dev[IFNAMSIZ];
	unsigned int dev_order;		/* devices print in the kernel's order */
	struct addr remote;
	uint16_t port;			/* 0: not in the reply */
	unsigned int ncidrs;
	struct cidr *cidrs;
	bool has_stats;
	struct stats_info stats;
};

struct node_list {
	struct node_info *v;
	size_t n;
	size_t cap;
	size_t mark;			/* where the current dump started */
	unsigned int dev_order;
};

struct dev_info {
	char name[IFNAMSIZ];
	uint32_t ifindex;
	bool has_count;
	uint32_t node_count;
	bool has_stats;
	struct stats_info stats;
	unsigned int nlocal;		/* the local CIDRs (DEV_SET) */
	struct cidr *local;
};

struct dev_list {
	struct dev_info *v;
	size_t n;
	size_t cap;
};

/* nl_reply_cb()s appending the node, or the device, of a reply. */
int node_list_cb(const struct nlmsghdr *nlh, void *data);
int dev_list_cb(const struct nlmsghdr *nlh, void *data);
/* For nl_dump(): forget the nodes since the mark, or every device. */
void node_list_reset(void *data);
void dev_list_reset(void *data);
void node_list_free(struct node_list *l);
void dev_list_free(struct dev_list *l);

void print_nodes(struct node_list *l);
void print_devs(const struct dev_list *l);

#endif /* PODOLCTL_SHOW_H */
