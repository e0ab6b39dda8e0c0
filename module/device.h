/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PODOL_DEVICE_H
#define _PODOL_DEVICE_H

#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/udp.h>
#include <net/gro_cells.h>

#include "stats.h"
#include "table.h"

/* Bytes podol adds in front of the inner packet: its own header... */
#define PODOL_HLEN		8
/* ...and the outer UDP and IP headers. */
#define PODOL_OVERHEAD4		(sizeof(struct iphdr) + sizeof(struct udphdr) + PODOL_HLEN)
#define PODOL_OVERHEAD6		(sizeof(struct ipv6hdr) + sizeof(struct udphdr) + PODOL_HLEN)

/*
 * A device's settings, from its link attributes.
 *
 * Written under RTNL only. The identity of the device (port, local, link)
 * is fixed at creation; the rest may change on a live device and is read
 * on the data path with READ_ONCE(), one field at a time.
 */
struct podol_cfg {
	sa_family_t local_family;	/* AF_INET, AF_INET6, or 0: any */
	union {
		__be32 local4;
		struct in6_addr local6;
	};
	__be16 port;
	int link;			/* underlay ifindex in creating_net, 0: any */
	u32 id;				/* network id, 24 bits */
	u8 ttl;				/* 0: the route's default */
	bool ttl_inherit;
	u8 tos;				/* PODOL_TOS_INHERIT: copy the inner */
	bool udp_csum;
	bool fast;			/* the opt-in fast path (IFLA_PODOL_FAST) */
	bool direct;			/* the opt-in direct output (IFLA_PODOL_DIRECT) */
};

struct podol_dev {
	struct net_device *dev;

	/*
	 * The netns that created the device. Its sockets live there, even
	 * after the device moves to another netns, and die with it: when
	 * creating_net goes away, so does the device (podol_net_pre_exit).
	 * Set once in newlink, before the device is registered.
	 */
	struct net *creating_net;
	/* Entry in creating_net's device list; RTNL protects the list. */
	struct list_head net_entry;

	struct podol_cfg cfg;

	/*
	 * The node table. The data path reads it under RCU; table_gen,
	 * bumped on every change, lets a dump say that it raced one.
	 */
	struct podol_table __rcu *table;
	u64 table_gen;
	/* Serialises the writers of table, of its contents and table_gen. */
	struct mutex update_lock;
	/* The local CIDR list (local.h), or NULL; written under update_lock. */
	struct podol_local __rcu *local;

	/*
	 * UDP sockets in creating_net; their sk_user_data points back here.
	 * Written under RTNL, read under RCU: they may close while the device
	 * still transmits, when creating_net dies first.
	 */
	struct socket __rcu *sock4;
	struct socket __rcu *sock6;

	/*
	 * The direct receive's netfilter hook in creating_net (direct_rx.c),
	 * and whether it is registered. RTNL.
	 */
	struct nf_hook_ops direct_rx_ops;
	bool direct_rx_on;

	struct podol_counters *stats;
	struct gro_cells gro_cells;
};

extern struct rtnl_link_ops podol_link_ops;

static inline bool netif_is_podol(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &podol_link_ops;
}

void podol_setup(struct net_device *dev);
void podol_dev_detach(struct podol_dev *pd);
netdev_tx_t podol_xmit(struct sk_buff *skb, struct net_device *dev);
int podol_udp_encap_recv(struct sock *sk, struct sk_buff *skb);
int podol_udp_encap_err_lookup(struct sock *sk, struct sk_buff *skb);
struct sk_buff *podol_gro_receive(struct sock *sk, struct list_head *head,
				  struct sk_buff *skb);
int podol_gro_complete(struct sock *sk, struct sk_buff *skb, int nhoff);
int podol_dev_register(struct net_device *dev, struct net *src_net,
		       bool mtu_given, struct netlink_ext_ack *extack);

#endif /* _PODOL_DEVICE_H */
