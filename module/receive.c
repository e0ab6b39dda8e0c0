// SPDX-License-Identifier: GPL-2.0
/*
 * Receive: the UDP socket's encap_rcv hook. Checks, in the order of
 * doc/wire-format.md, and drops with a counted reason what fails: the
 * packet holds the headers it claims; the version is known and no
 * reserved bit is set; the network id is the device's; the outer source
 * is a node of this device (an unknown sender cannot inject into the pod
 * network); the inner packet is IPv4 or IPv6 and its source lies in that
 * node's own CIDRs (a node cannot speak for pods that are not its own);
 * the inner source is no local pod (the device's local CIDR list); the
 * device is up. Then ECN is decapsulated (RFC 6040) and the inner
 * packet goes up through GRO cells, or at once with the fast path on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/podol.h>
#include <net/inet_ecn.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/udp.h>

#include "device.h"
#include "local.h"

/* What the outer headers said, kept before they are pulled. */
struct podol_outer {
	sa_family_t family;
	union {
		__be32 ip4;
		struct in6_addr ip6;
	} saddr;
	u8 dsfield;
};

static void podol_outer_of(struct sk_buff *skb, sa_family_t family,
			   struct podol_outer *out)
{
	out->family = family;
	if (family == AF_INET) {
		out->saddr.ip4 = ip_hdr(skb)->saddr;
		out->dsfield = ipv4_get_dsfield(ip_hdr(skb));
	} else {
		out->saddr.ip6 = ipv6_hdr(skb)->saddr;
		out->dsfield = ipv6_get_dsfield(ipv6_hdr(skb));
	}
}

/*
 * Checks the inner header now at skb->data, trims the packet to the length
 * that header states, and returns its source address in @src. The reason
 * to drop it, or PODOL_DROP_NONE when it is fine.
 */
static enum podol_drop_reason podol_inner_check(struct sk_buff *skb,
						struct podol_addr *src)
{
	unsigned int len;

	memset(src, 0, sizeof(*src));
	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph;

		if (!pskb_may_pull(skb, sizeof(*iph)))
			return PODOL_DROP_RX_SHORT;
		iph = ip_hdr(skb);
		if (iph->version != 4 || iph->ihl < 5)
			return PODOL_DROP_RX_BAD_INNER;
		if (!pskb_may_pull(skb, iph->ihl * 4))
			return PODOL_DROP_RX_SHORT;
		iph = ip_hdr(skb);
		len = ntohs(iph->tot_len);
		if (len < iph->ihl * 4)
			return PODOL_DROP_RX_BAD_INNER;
		src->family = AF_INET;
		src->ip4 = iph->saddr;
	} else {
		const struct ipv6hdr *ip6h;

		if (!pskb_may_pull(skb, sizeof(*ip6h)))
			return PODOL_DROP_RX_SHORT;
		ip6h = ipv6_hdr(skb);
		/* A zero payload length is a jumbogram: not over podol. */
		if (ip6h->version != 6 || !ip6h->payload_len)
			return PODOL_DROP_RX_BAD_INNER;
		len = sizeof(*ip6h) + ntohs(ip6h->payload_len);
		src->family = AF_INET6;
		src->ip6 = ip6h->saddr;
	}
	/* The header may not claim more than arrived; the rest is padding. */
	if (len > skb->len)
		return PODOL_DROP_RX_SHORT;
	if (pskb_trim_rcsum(skb, len))
		return PODOL_DROP_RX_SHORT;
	return PODOL_DROP_NONE;
}

static u8 podol_inner_dsfield(struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		return ipv4_get_dsfield(ip_hdr(skb));
	return ipv6_get_dsfield(ipv6_hdr(skb));
}

/* Runs in softirq, under rcu_read_lock(). Always consumes the skb. */
int podol_udp_encap_recv(struct sock *sk, struct sk_buff *skb)
{
	const unsigned int hlen = sizeof(struct udphdr) + sizeof(struct podolhdr);
	struct podol_node *node = NULL;
	struct podol_local *local;
	enum podol_drop_reason why;
	const struct podolhdr *h;
	struct podol_table *table;
	struct podol_outer outer;
	struct podol_addr src;
	struct podol_dev *pd;
	unsigned long now;
	__be16 proto;
	bool direct;
	u32 vni;

	pd = rcu_dereference_sk_user_data(sk);
	if (unlikely(!pd))
		goto free;
	if (unlikely(!pskb_may_pull(skb, hlen))) {
		why = PODOL_DROP_RX_SHORT;
		goto drop;
	}

	h = (const struct podolhdr *)(udp_hdr(skb) + 1);
	if (unlikely(h->ver_flags >> 6 != PODOL_VERSION)) {
		why = PODOL_DROP_RX_VERSION;
		goto drop;
	}
	vni = be32_to_cpu(h->vni_reserved);
	if (unlikely((h->ver_flags & 0x3f) || h->reserved0 || (vni & 0xff))) {
		why = PODOL_DROP_RX_RESERVED;
		goto drop;
	}
	if (unlikely(vni >> 8 != READ_ONCE(pd->cfg.id))) {
		why = PODOL_DROP_RX_NETWORK_ID;
		goto drop;
	}

	/*
	 * One table for the whole packet: a replace swaps in new node
	 * objects, and the owner check below compares node pointers.
	 */
	table = rcu_dereference(pd->table);
	podol_outer_of(skb, sk->sk_family, &outer);
	node = podol_table_sender(table, outer.family, &outer.saddr);
	if (unlikely(!node)) {
		why = PODOL_DROP_RX_UNKNOWN_NODE;
		goto drop;
	}

	if (h->protocol == PODOL_PROTO_IPV4) {
		proto = htons(ETH_P_IP);
	} else if (h->protocol == PODOL_PROTO_IPV6) {
		proto = htons(ETH_P_IPV6);
	} else {
		why = PODOL_DROP_RX_BAD_INNER;
		goto drop;
	}
	if (iptunnel_pull_header(skb, hlen, proto,
				 !net_eq(sock_net(sk), dev_net(pd->dev)))) {
		why = PODOL_DROP_RX_SHORT;
		goto drop;
	}
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);

	why = podol_inner_check(skb, &src);
	if (unlikely(why != PODOL_DROP_NONE))
		goto drop;
	if (unlikely(podol_table_route(table, &src) != node)) {
		why = PODOL_DROP_RX_NOT_OWNED;
		goto drop;
	}
	/* A covering prefix (0.0.0.0/0) does not speak for local pods. */
	local = rcu_dereference(pd->local);
	if (unlikely(local && podol_local_has(local, &src))) {
		why = PODOL_DROP_RX_SPOOFED_LOCAL;
		goto drop;
	}
	/* After the packet checks: a bad packet is counted for what it is. */
	if (unlikely(!netif_running(pd->dev))) {
		why = PODOL_DROP_RX_DOWN;
		goto drop;
	}
	if (unlikely(INET_ECN_decapsulate(skb, outer.dsfield,
					  podol_inner_dsfield(skb)) > 1)) {
		why = PODOL_DROP_RX_ECN;
		goto drop;
	}

	/*
	 * The fast path (uapi podol.h, IFLA_PODOL_FAST) delivers in this
	 * softirq, unless the outer packet itself came off a podol device:
	 * podol in podol would recurse once per header, so nesting takes
	 * the GRO cell, whose NAPI round ends the recursion.
	 */
	direct = READ_ONCE(pd->cfg.fast) && !netif_is_podol(skb->dev);
	skb->dev = pd->dev;
	skb->pkt_type = PACKET_HOST;
	/* Written at most once a tick: the line is shared by all CPUs. */
	now = jiffies;
	if (READ_ONCE(node->last_rx) != now)
		WRITE_ONCE(node->last_rx, now);
	dev_sw_netstats_rx_add(pd->dev, skb->len);
	podol_count_rx(node->stats, skb->len);
	if (direct)
		netif_receive_skb(skb);
	else
		gro_cells_receive(&pd->gro_cells, skb);
	return 0;

drop:
	podol_count_drop(pd->stats, why);
	if (node)
		podol_count_drop(node->stats, why);
free:
	kfree_skb(skb);
	return 0;
}

/*
 * The socket's encap_err_lookup hook: an ICMP error about a packet this
 * device sent. Its embedded UDP source port is a flow hash, so plain
 * socket lookup misses podol's socket; claiming it here (0) lets the UDP
 * layer record the path MTU that a "fragmentation needed" or "packet too
 * big" reports, for the next packets to that node. Only an error about a
 * packet podol could have sent is claimed: to a node of this device, at
 * that node's port. Anyone can forge the rest, and a claimed error lowers
 * the path MTU to the address it names.
 */
int podol_udp_encap_err_lookup(struct sock *sk, struct sk_buff *skb)
{
	struct podol_dev *pd = rcu_dereference_sk_user_data(sk);
	const struct podol_node *node;
	const struct podolhdr *h;
	const struct udphdr *uh;
	const void *daddr;
	int ret = -ENOENT;

	if (!pd || !pskb_may_pull(skb, skb_transport_offset(skb) +
				  sizeof(struct udphdr) + sizeof(*h)))
		return -EINVAL;
	uh = udp_hdr(skb);
	h = (const struct podolhdr *)(uh + 1);
	if (h->ver_flags >> 6 != PODOL_VERSION ||
	    be32_to_cpu(h->vni_reserved) >> 8 != READ_ONCE(pd->cfg.id))
		return -ENOENT;

	/* The network header is the embedded packet's, of the socket's family. */
	if (sk->sk_family == AF_INET)
		daddr = &ip_hdr(skb)->daddr;
	else
		daddr = &ipv6_hdr(skb)->daddr;
	rcu_read_lock();
	node = podol_table_sender(rcu_dereference(pd->table), sk->sk_family, daddr);
	if (node && uh->dest == (READ_ONCE(node->port) ? : pd->cfg.port))
		ret = 0;
	rcu_read_unlock();
	return ret;
}
