// SPDX-License-Identifier: GPL-2.0
/*
 * GRO for podol: the socket's gro_receive and gro_complete hooks. The
 * UDP layer has checked the outer header and its checksum; podol checks
 * its own header, holds together only packets whose podol headers are
 * identical (same version, protocol and network id), pulls it, and hands
 * the inner packet to the IPv4/IPv6-in-IP offloads, as fou does, so that
 * one flow's packets reach encap_rcv as one large skb. Anything podol
 * would drop is flushed, unmerged, to receive.c, which counts it.
 */
#include <linux/netdevice.h>
#include <linux/podol.h>
#include <net/gro.h>
#include <net/protocol.h>

#include "device.h"

static u8 podol_inner_ipproto(const struct podolhdr *h)
{
	if (h->protocol == PODOL_PROTO_IPV4)
		return IPPROTO_IPIP;
	if (h->protocol == PODOL_PROTO_IPV6)
		return IPPROTO_IPV6;
	return 0;
}

static const struct net_offload *podol_inner_offload(struct sk_buff *skb,
						     u8 ipproto)
{
	const struct net_offload __rcu **offloads;

	offloads = NAPI_GRO_CB(skb)->is_ipv6 ? inet6_offloads : inet_offloads;
	return rcu_dereference(offloads[ipproto]);
}

struct sk_buff *podol_gro_receive(struct sock *sk, struct list_head *head,
				  struct sk_buff *skb)
{
	struct podol_dev *pd = rcu_dereference_sk_user_data(sk);
	const struct net_offload *ops;
	const struct podolhdr *h, *h2;
	struct sk_buff *pp = NULL, *p;
	unsigned int off;
	int flush = 1;
	u8 ipproto;

	off = skb_gro_offset(skb);
	h = skb_gro_header(skb, off + sizeof(*h), off);
	if (unlikely(!h || !pd))
		goto out;
	if (h->ver_flags != PODOL_VERSION << 6 || h->reserved0 ||
	    be32_to_cpu(h->vni_reserved) != READ_ONCE(pd->cfg.id) << 8)
		goto out;
	ipproto = podol_inner_ipproto(h);
	ops = ipproto ? podol_inner_offload(skb, ipproto) : NULL;
	if (!ops || !ops->callbacks.gro_receive)
		goto out;

	list_for_each_entry(p, head, list) {
		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		h2 = (const struct podolhdr *)(p->data + off);
		if (memcmp(h, h2, sizeof(*h)))
			NAPI_GRO_CB(p)->same_flow = 0;
	}

	skb_gro_pull(skb, sizeof(*h));
	skb_gro_postpull_rcsum(skb, h, sizeof(*h));
	/* One encapsulation: the inner IP header is the one GRO looks at. */
	NAPI_GRO_CB(skb)->encap_mark = 0;
	NAPI_GRO_CB(skb)->is_fou = 1;
	pp = call_gro_receive(ops->callbacks.gro_receive, head, skb);
	flush = 0;
out:
	skb_gro_flush_final(skb, pp, flush);
	return pp;
}

int podol_gro_complete(struct sock *sk, struct sk_buff *skb, int nhoff)
{
	const struct podolhdr *h = (const struct podolhdr *)(skb->data + nhoff);
	const struct net_offload *ops;
	u8 ipproto = podol_inner_ipproto(h);
	int err = -EINVAL;

	ops = ipproto ? podol_inner_offload(skb, ipproto) : NULL;
	if (ops && ops->callbacks.gro_complete)
		err = ops->callbacks.gro_complete(skb, nhoff + sizeof(*h));
	skb_set_inner_mac_header(skb, nhoff + sizeof(*h));
	return err;
}
