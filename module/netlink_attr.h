/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PODOL_NETLINK_ATTR_H
#define _PODOL_NETLINK_ATTR_H

#include <linux/podol.h>
#include <net/netlink.h>

#include "table.h"

struct podol_stats;

/* The family's policy; a node's and a CIDR's are nested in it. */
extern const struct nla_policy podol_policy[PODOL_A_MAX + 1];

/* A node as a request gives it. */
struct podol_node_req {
	struct podol_addr remote;
	__be16 port;		/* 0: not given */
	unsigned int ncidrs;
	struct podol_cidr cidrs[PODOL_MAX_NODE_CIDRS];
};

int podol_parse_cidr(struct nlattr *nest, struct podol_cidr *c,
		     struct netlink_ext_ack *extack);
int podol_parse_node(struct nlattr *nest, struct podol_node_req *req,
		     struct netlink_ext_ack *extack);

int podol_put_stats(struct sk_buff *skb, int type,
		    const struct podol_stats *s, unsigned long last_rx);
int podol_put_addr(struct sk_buff *skb, int type,
		   const struct podol_addr *a);
int podol_put_cidrs(struct sk_buff *skb, int type,
		    struct list_head *list, sa_family_t family);

#endif /* _PODOL_NETLINK_ATTR_H */
