// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit: inner destination -> node (longest prefix match) -> underlay
 * route (the node's dst_cache) -> podol header -> UDP from the device's
 * socket. No lock and no allocation of podol's own on this path: the
 * table is read under RCU, counters are per CPU.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/podol.h>
#include <net/icmp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/neighbour.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>

#include "device.h"

/* What podol needs to know of an inner packet. */
struct podol_inner {
	struct podol_addr dst;
	u32 hash;		/* of the flow, for the UDP source port */
	u8 proto;		/* PODOL_PROTO_IPV4 or PODOL_PROTO_IPV6 */
	u8 ttl;
	bool df;		/* no fragment on the way (IPv6: never) */
};

/* What the path MTU lets podol do with a packet. */
enum podol_pmtu {
	PODOL_PMTU_FITS,	/* send it whole */
	PODOL_PMTU_FRAGMENT,	/* send it, fragmenting the outer packet */
	PODOL_PMTU_DROP,	/* too big: the sender has been told */
};

static u32 podol_flow_seed __read_mostly;

/* The inner packet's ports, or 0 for a protocol without them. */
static u32 podol_inner_ports(const struct sk_buff *skb, u8 l4proto,
			     unsigned int l4off)
{
	__be32 buf;
	const __be32 *ports;

	switch (l4proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
		ports = skb_header_pointer(skb, l4off, sizeof(buf), &buf);
		return ports ? (__force u32)*ports : 0;
	}
	return 0;
}

/*
 * The flow's hash, from which its UDP source port is made: one flow
 * leaves by one port, so the underlay's ECMP and RSS keep its packets in
 * order, and flows spread. A hash the skb already carries for its layer
 * 4 flow (a local socket's txhash) is used as it is, so that TCP's rehash
 * after a timeout also moves the tunnelled flow. Otherwise it is made
 * from the inner header podol has just read: skb_get_hash() would run the
 * flow dissector on every forwarded packet, a few percent of the 64-byte
 * path. Inner fragments hash by addresses alone, as they carry no ports.
 */
static u32 podol_flow_hash(const struct sk_buff *skb)
{
	unsigned int off = skb_network_offset(skb);

	if (skb->l4_hash)
		return skb->hash;
	net_get_random_once(&podol_flow_seed, sizeof(podol_flow_seed));
	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = ip_hdr(skb);
		u32 ports = ip_is_fragment(iph) ? 0 :
			podol_inner_ports(skb, iph->protocol, off + iph->ihl * 4);

		return jhash_3words((__force u32)iph->saddr, (__force u32)iph->daddr,
				    ports ^ iph->protocol, podol_flow_seed);
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		u32 ports = podol_inner_ports(skb, ip6h->nexthdr, off + sizeof(*ip6h));

		/* saddr and daddr: 8 words, one after the other */
		return jhash_3words(jhash2((const u32 *)&ip6h->saddr, 8, podol_flow_seed),
				    ports ^ ip6h->nexthdr,
				    (__force u32)ip6_flowlabel(ip6h), podol_flow_seed);
	}
}

/* The UDP source port for a flow, in the socket netns' local port range. */
static __be16 podol_flow_sport(struct net *net, u32 hash)
{
	int lo, hi;

	inet_get_local_port_range(net, &lo, &hi);
	return htons(reciprocal_scale(hash, hi - lo + 1) + lo);
}

static bool podol_parse_inner(struct sk_buff *skb, struct podol_inner *in)
{
	memset(&in->dst, 0, sizeof(in->dst));
	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph;

		if (!pskb_network_may_pull(skb, sizeof(*iph)))
			return false;
		iph = ip_hdr(skb);
		if (iph->version != 4 || iph->ihl < 5)
			return false;
		in->dst.family = AF_INET;
		in->dst.ip4 = iph->daddr;
		in->proto = PODOL_PROTO_IPV4;
		in->ttl = iph->ttl;
		in->df = iph->frag_off & htons(IP_DF);
		in->hash = podol_flow_hash(skb);
		return true;
	}
	if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h;

		if (!pskb_network_may_pull(skb, sizeof(*ip6h)))
			return false;
		ip6h = ipv6_hdr(skb);
		if (ip6h->version != 6)
			return false;
		in->dst.family = AF_INET6;
		in->dst.ip6 = ip6h->daddr;
		in->proto = PODOL_PROTO_IPV6;
		in->ttl = ip6h->hop_limit;
		in->df = true;
		in->hash = podol_flow_hash(skb);
		return true;
	}
	return false;
}

/* Tells the inner sender that its destination cannot be reached. */
static void podol_icmp_unreach(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0);
	else
		icmpv6_ndo_send(skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, 0);
}

static bool podol_fits(const struct sk_buff *skb, int mtu)
{
	if (skb_is_gso(skb))
		return skb_gso_validate_network_len(skb, mtu);
	return (int)(skb->len - skb_network_offset(skb)) <= mtu;
}

/*
 * Path MTU, as the in-tree tunnels do it (ip_tunnel.c, tnl_update_pmtu):
 * @mtu is the underlay path MTU less podol's overhead. An IPv4 packet
 * that forbids fragmentation, or an IPv6 packet, over it is dropped and
 * its sender told the real figure, so that path MTU discovery works
 * through the overlay. An IPv4 packet that allows fragmentation is
 * carried, and so is an IPv6 packet of up to 1280 bytes where the path
 * leaves less (RFC 8200 section 5: a tunnel must carry 1280 bytes): the
 * outer packet is sent without DF and fragmented by this node. An IPv6
 * sender is never told less than 1280, as it cannot go below.
 */
static enum podol_pmtu podol_check_pmtu(struct sk_buff *skb,
					const struct podol_inner *in,
					struct dst_entry *outer,
					unsigned int overhead)
{
	int mtu = dst_mtu(outer) - overhead;

	if (podol_fits(skb, mtu))
		return PODOL_PMTU_FITS;
	if (!in->df)
		return PODOL_PMTU_FRAGMENT;
	if (in->proto == PODOL_PROTO_IPV6 && mtu < IPV6_MIN_MTU) {
		if (podol_fits(skb, IPV6_MIN_MTU))
			return PODOL_PMTU_FRAGMENT;
		mtu = IPV6_MIN_MTU;
	}

	skb_dst_update_pmtu_no_confirm(skb, mtu);
	if (in->proto == PODOL_PROTO_IPV4)
		icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
	else
		icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
	return PODOL_PMTU_DROP;
}

/* The route's default hop limit, whatever its family. */
static u8 podol_dst_hoplimit(struct dst_entry *dst)
{
#if IS_ENABLED(CONFIG_IPV6)
	if (dst->ops->family == AF_INET6)
		return ip6_dst_hoplimit(dst);
#endif
	return ip4_dst_hoplimit(dst);
}

static u8 podol_outer_ttl(const struct podol_cfg *cfg,
			  const struct podol_inner *in, struct dst_entry *dst)
{
	u8 ttl = READ_ONCE(cfg->ttl);

	if (READ_ONCE(cfg->ttl_inherit))
		return in->ttl;
	return ttl ? ttl : podol_dst_hoplimit(dst);
}

static u8 podol_outer_tos(const struct podol_cfg *cfg, struct sk_buff *skb)
{
	u8 inner = ip_tunnel_get_dsfield(ip_hdr(skb), skb);
	u8 tos = READ_ONCE(cfg->tos);

	if (tos == PODOL_TOS_INHERIT)
		tos = inner;
	/*
	 * RFC 6040 normal mode: the outer ECN field is a copy of the inner
	 * one, CE included, whatever the TOS policy.
	 */
	return (tos & ~INET_ECN_MASK) | (inner & INET_ECN_MASK);
}

/*
 * Puts the podol header in front of the inner packet. A GSO skb stays one
 * skb, marked as fou marks ipip: an IP-in-IP payload (SKB_GSO_IPXIP4/6, by
 * the outer family) in a UDP tunnel, with the inner protocol, so that it
 * is segmented as late as the underlay device needs, if at all.
 */
static int podol_push_header(struct sk_buff *skb, const struct podol_inner *in,
			     u32 id, bool csum, bool outer6,
			     unsigned int headroom)
{
	struct podolhdr *h;
	int err;

	err = skb_cow_head(skb, headroom);
	if (err)
		return err;
	err = iptunnel_handle_offloads(skb, outer6 ? SKB_GSO_IPXIP6 : SKB_GSO_IPXIP4);
	if (err)
		return err;
	err = udp_tunnel_handle_offloads(skb, csum);
	if (err)
		return err;
	skb_set_inner_ipproto(skb, in->proto);

	h = __skb_push(skb, sizeof(*h));
	h->ver_flags = PODOL_VERSION << 6;
	h->protocol = in->proto;
	h->reserved0 = 0;
	h->vni_reserved = cpu_to_be32(id << 8);
	return 0;
}

/*
 * The outer packet to a node, of either family: the per-family route step
 * fills in the socket, the route (with a reference) and the flow with the
 * source address; the transmit tail, the header fields.
 */
struct podol_outer {
	struct socket *sock;
	struct dst_entry *dst;
	union {
		struct flowi4 fl4;
		struct flowi6 fl6;
	};
	u8 tos;
	u8 ttl;
	__be16 sport;
	__be16 dport;
	bool csum;
	bool xnet;		/* leaving the device's netns: scrub the skb */
	bool fragment;		/* over the path MTU: this node fragments */
	bool direct;		/* the device's direct output is on */
};

/*
 * A fresh underlay route that leads back into podol is a loop: it is
 * released, and never cached.
 */
static bool podol_route_loops(const struct podol_dev *pd, struct dst_entry *dst)
{
	if (dst->dev != pd->dev)
		return false;
	dst_release(dst);
	return true;
}

static enum podol_drop_reason podol_route4(struct podol_dev *pd,
					   struct podol_node *node,
					   struct podol_outer *o)
{
	struct flowi4 *fl4 = &o->fl4;
	struct rtable *rt;

	o->sock = rcu_dereference(pd->sock4);
	if (unlikely(!o->sock))
		return PODOL_DROP_TX_NO_SOCKET;

	rt = dst_cache_get_ip4(&node->dst_cache, &fl4->saddr);
	if (!rt) {
		memset(fl4, 0, sizeof(*fl4));
		fl4->daddr = node->remote.ip4;
		fl4->saddr = pd->cfg.local_family == AF_INET ? pd->cfg.local4 : 0;
		fl4->flowi4_oif = pd->cfg.link;
		fl4->flowi4_proto = IPPROTO_UDP;
		rt = ip_route_output_key(pd->creating_net, fl4);
		if (IS_ERR(rt) || podol_route_loops(pd, &rt->dst))
			return PODOL_DROP_TX_NO_ROUTE;
		dst_cache_set_ip4(&node->dst_cache, &rt->dst, fl4->saddr);
	}
	o->dst = &rt->dst;
	return PODOL_DROP_NONE;
}

/*
 * Whether the direct output may take a packet (uapi podol.h,
 * IFLA_PODOL_DIRECT): one the IP output would neither fragment nor
 * segment, on a plain unicast route. A route through IPsec (an xfrm
 * bundle's output), a lightweight tunnel or a VRF's device needs what
 * the IP output does on the way, and takes it.
 */
static bool podol_direct_fits(const struct sk_buff *skb,
			      const struct rtable *rt,
			      const struct podol_outer *o)
{
	return !o->fragment && !skb_is_gso(skb) &&
	       rt->rt_type == RTN_UNICAST && rt->dst.output == ip_output &&
	       !rt->dst.lwtstate && !netif_is_l3_slave(rt->dst.dev);
}

/*
 * The direct output: the UDP and IP headers that udp_tunnel_xmit_skb()
 * and iptunnel_xmit() would write, then the route's neighbour, as
 * ip_finish_output2() ends. No netfilter hook, cgroup BPF program or IP
 * MIB counter sees the packet. Under DF its IP ID is 0: an atomic
 * datagram's ID is never used for reassembly (RFC 6864), and the hash
 * of ID selection is a cost on every packet. Called under rcu_read_lock.
 */
static void podol_send4_direct(struct sk_buff *skb, struct net_device *dev,
			       struct rtable *rt, struct podol_node *node,
			       struct podol_outer *o, bool df)
{
	int pkt_len = skb->len - skb_inner_network_offset(skb);
	struct neighbour *neigh;
	bool is_v6gw = false;
	struct udphdr *uh;
	struct iphdr *iph;
	int err;

	__skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh = udp_hdr(skb);
	uh->source = o->sport;
	uh->dest = o->dport;
	uh->len = htons(skb->len);
	udp_set_csum(!o->csum, skb, o->fl4.saddr, node->remote.ip4, skb->len);

	skb_scrub_packet(skb, o->xnet);
	skb_clear_hash_if_not_l4(skb);
	skb_dst_set(skb, &rt->dst);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));

	__skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) >> 2;
	iph->tos = o->tos;
	iph->tot_len = htons(skb->len);
	iph->frag_off = df && !ip_mtu_locked(&rt->dst) ? htons(IP_DF) : 0;
	iph->ttl = o->ttl;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = o->fl4.saddr;
	iph->daddr = node->remote.ip4;
	if (iph->frag_off)
		iph->id = 0;
	else
		__ip_select_ident(dev_net(rt->dst.dev), iph, 1);
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);
	skb->dev = rt->dst.dev;

	neigh = ip_neigh_for_gw(rt, skb, &is_v6gw);
	if (IS_ERR(neigh)) {
		kfree_skb_reason(skb, SKB_DROP_REASON_NEIGH_CREATEFAIL);
		iptunnel_xmit_stats(dev, 0);
		return;
	}
	err = neigh_output(neigh, skb, is_v6gw);
	iptunnel_xmit_stats(dev, net_xmit_eval(err) ? 0 : pkt_len);
}

static void podol_send4(struct sk_buff *skb, struct net_device *dev,
			struct podol_node *node, struct podol_outer *o, bool df)
{
	struct rtable *rt = container_of(o->dst, struct rtable, dst);

	if (o->direct && podol_direct_fits(skb, rt, o)) {
		podol_send4_direct(skb, dev, rt, node, o, df);
		return;
	}
	/* The outer DF follows the inner one; 0 lets this node fragment. */
	udp_tunnel_xmit_skb(rt, o->sock->sk, skb, o->fl4.saddr,
			    node->remote.ip4, o->tos, o->ttl,
			    df && !o->fragment ? htons(IP_DF) : 0, o->sport,
			    o->dport, o->xnet, !o->csum);
}

#if IS_ENABLED(CONFIG_IPV6)
static enum podol_drop_reason podol_route6(struct podol_dev *pd,
					   struct podol_node *node,
					   struct podol_outer *o)
{
	struct flowi6 *fl6 = &o->fl6;
	struct dst_entry *dst;

	o->sock = rcu_dereference(pd->sock6);
	if (unlikely(!o->sock))
		return PODOL_DROP_TX_NO_SOCKET;

	dst = dst_cache_get_ip6(&node->dst_cache, &fl6->saddr);
	if (!dst) {
		memset(fl6, 0, sizeof(*fl6));
		fl6->daddr = node->remote.ip6;
		if (pd->cfg.local_family == AF_INET6)
			fl6->saddr = pd->cfg.local6;
		fl6->flowi6_oif = pd->cfg.link;
		fl6->flowi6_proto = IPPROTO_UDP;
		dst = ipv6_stub->ipv6_dst_lookup_flow(pd->creating_net,
						      o->sock->sk, fl6, NULL);
		if (IS_ERR(dst) || podol_route_loops(pd, dst))
			return PODOL_DROP_TX_NO_ROUTE;
		dst_cache_set_ip6(&node->dst_cache, dst, &fl6->saddr);
	}
	o->dst = dst;
	return PODOL_DROP_NONE;
}

static void podol_send6(struct sk_buff *skb, struct podol_dev *pd,
			struct podol_node *node, struct podol_outer *o,
			u32 hash)
{
	__be32 label;

	/*
	 * The flow label is the flow's hash too (RFC 6438), as the kernel
	 * makes it from skb->hash: ECMP on an IPv6 underlay spreads flows.
	 */
	skb_set_hash(skb, hash, PKT_HASH_TYPE_L4);
	label = ip6_make_flowlabel(pd->creating_net, skb, 0, true, &o->fl6);
	/* udp_tunnel_xmit_skb() does this itself on the IPv4 path. */
	skb_scrub_packet(skb, o->xnet);
	/* IPv6 routers never fragment: this node does, past the path MTU. */
	skb->ignore_df = o->fragment;
	udp_tunnel6_xmit_skb(o->dst, o->sock->sk, skb, pd->dev, &o->fl6.saddr,
			     &node->remote.ip6, o->tos, o->ttl, label, o->sport,
			     o->dport, !o->csum);
}
#else
static enum podol_drop_reason podol_route6(struct podol_dev *pd,
					   struct podol_node *node,
					   struct podol_outer *o)
{
	return PODOL_DROP_TX_NO_SOCKET;
}

static void podol_send6(struct sk_buff *skb, struct podol_dev *pd,
			struct podol_node *node, struct podol_outer *o,
			u32 hash)
{
}
#endif

/*
 * One node's packet, whatever the underlay family: route, path MTU,
 * podol header, outer header fields, then the family's UDP tunnel
 * transmit. The route reference goes with the skb, or back at "release".
 */
static enum podol_drop_reason podol_xmit_node(struct sk_buff *skb,
					      struct podol_dev *pd,
					      struct podol_node *node,
					      const struct podol_inner *in,
					      enum podol_pmtu *pmtu)
{
	bool v4 = node->remote.family == AF_INET;
	unsigned int overhead = v4 ? PODOL_OVERHEAD4 : PODOL_OVERHEAD6;
	struct net *net = pd->creating_net;
	struct podol_cfg *cfg = &pd->cfg;
	enum podol_drop_reason why;
	struct podol_outer o;

	o.tos = podol_outer_tos(cfg, skb);
	why = v4 ? podol_route4(pd, node, &o) : podol_route6(pd, node, &o);
	if (why == PODOL_DROP_TX_NO_ROUTE)
		podol_icmp_unreach(skb);
	if (why != PODOL_DROP_NONE)
		return why;

	*pmtu = podol_check_pmtu(skb, in, o.dst, overhead);
	if (*pmtu == PODOL_PMTU_DROP) {
		why = PODOL_DROP_TX_TOO_BIG;
		goto release;
	}
	o.csum = READ_ONCE(cfg->udp_csum);
	if (podol_push_header(skb, in, READ_ONCE(cfg->id), o.csum, !v4,
			      LL_RESERVED_SPACE(o.dst->dev) + o.dst->header_len +
			      overhead)) {
		why = PODOL_DROP_TX_ERROR;
		goto release;
	}

	o.ttl = podol_outer_ttl(cfg, in, o.dst);
	o.sport = podol_flow_sport(net, in->hash);
	o.dport = READ_ONCE(node->port) ? : cfg->port;
	o.xnet = !net_eq(net, dev_net(pd->dev));
	o.fragment = *pmtu == PODOL_PMTU_FRAGMENT;
	o.direct = READ_ONCE(cfg->direct);
	if (v4)
		podol_send4(skb, pd->dev, node, &o, in->df);
	else
		podol_send6(skb, pd, node, &o, in->hash);
	return PODOL_DROP_NONE;

release:
	dst_release(o.dst);
	return why;
}

netdev_tx_t podol_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct podol_dev *pd = netdev_priv(dev);
	enum podol_drop_reason why;
	struct podol_inner in;
	struct podol_node *node = NULL;
	enum podol_pmtu pmtu = PODOL_PMTU_FITS;
	unsigned int len;

	rcu_read_lock();
	if (unlikely(!podol_parse_inner(skb, &in))) {
		why = PODOL_DROP_TX_BAD_INNER;
		goto drop;
	}
	node = podol_table_route(rcu_dereference(pd->table), &in.dst);
	if (unlikely(!node)) {
		podol_icmp_unreach(skb);
		why = PODOL_DROP_TX_NO_NODE;
		goto drop;
	}

	len = skb->len;
	why = podol_xmit_node(skb, pd, node, &in, &pmtu);
	if (unlikely(why != PODOL_DROP_NONE))
		goto drop;

	/* The device's own tx counters are the core's (tstats). */
	podol_count_tx(node->stats, len);
	if (unlikely(pmtu == PODOL_PMTU_FRAGMENT)) {
		podol_count_tx_fragmented(pd->stats);
		podol_count_tx_fragmented(node->stats);
	}
	rcu_read_unlock();
	return NETDEV_TX_OK;

drop:
	podol_count_drop(pd->stats, why);
	if (node)
		podol_count_drop(node->stats, why);
	rcu_read_unlock();
	kfree_skb(skb);
	return NETDEV_TX_OK;
}
