// SPDX-License-Identifier: GPL-2.0
/*
 * The direct receive (uapi podol.h, IFLA_PODOL_DIRECT): a netfilter hook,
 * the first at PRE_ROUTING in the device's creating netns, takes the
 * device's outer IPv4 packets and hands them to its socket's receive
 * hook itself. They skip what lies between: the route lookup of the
 * outer packet, the host's netfilter hooks from PRE_ROUTING's next to
 * INPUT, IP local delivery and the UDP socket lookup (some 1,000
 * instructions a packet). podol's own receive checks all still run.
 *
 * What only the full path handles keeps taking it: IP options,
 * fragments, packets that are not the socket's (another port, address or
 * underlay device), a device enslaved to a VRF, a datagram whose UDP
 * length is not the IP payload's.
 *
 * The hook is registered while the device is up with direct set; it
 * holds no reference: ndo_stop unregisters it, and the device is freed
 * only after the grace period that follows (unregister_netdevice).
 */
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/rtnetlink.h>
#include <net/ip.h>
#include <net/udp.h>

#include "device.h"
#include "direct_rx.h"

#if IS_ENABLED(CONFIG_NETFILTER)

/* Whether the outer packet is for this device's IPv4 socket. */
static bool podol_direct_rx_ours(const struct podol_dev *pd,
				 const struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct udphdr *uh = (const struct udphdr *)(iph + 1);

	if (uh->dest != pd->cfg.port ||
	    ntohs(uh->len) != skb->len - sizeof(*iph))
		return false;
	if (pd->cfg.link && state->in->ifindex != pd->cfg.link)
		return false;
	/* The socket's address, or with "any" one of this host's... */
	if (pd->cfg.local_family == AF_INET)
		return iph->daddr == pd->cfg.local4;
	/* ...but not a loopback one off the wire: routing drops those. */
	if (ipv4_is_loopback(iph->daddr) && !(state->in->flags & IFF_LOOPBACK))
		return false;
	return __ip_dev_find(state->net, iph->daddr, false);
}

/* The checksum check udp_rcv() makes before a socket's encap_rcv. */
static bool podol_direct_rx_csum_ok(struct sk_buff *skb)
{
	UDP_SKB_CB(skb)->partial_cov = 0;
	UDP_SKB_CB(skb)->cscov = skb->len;
	if (skb_checksum_init_zero_check(skb, IPPROTO_UDP, udp_hdr(skb)->check,
					 inet_compute_pseudo))
		return false;
	if (skb->ip_summed == CHECKSUM_COMPLETE && !skb->csum_valid) {
		if (skb->csum_complete_sw)
			return false;
		skb_checksum_complete_unset(skb);
	}
	return !udp_lib_checksum_complete(skb);
}

/* Runs in softirq, under rcu_read_lock() (nf_hook()). */
static unsigned int podol_direct_rx4(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	struct podol_dev *pd = priv;
	const struct iphdr *iph = ip_hdr(skb);
	struct socket *sock;

	if (iph->protocol != IPPROTO_UDP || iph->ihl != 5 ||
	    ip_is_fragment(iph) || skb->pkt_type != PACKET_HOST ||
	    netif_is_l3_slave(state->in))
		return NF_ACCEPT;
	sock = rcu_dereference(pd->sock4);
	if (!sock || !pskb_may_pull(skb, sizeof(*iph) + sizeof(struct udphdr)) ||
	    !podol_direct_rx_ours(pd, skb, state))
		return NF_ACCEPT;

	/* Where IP local delivery leaves it: at the UDP header. */
	__skb_pull(skb, sizeof(*iph));
	skb_reset_transport_header(skb);
	if (!podol_direct_rx_csum_ok(skb)) {
		__UDP_INC_STATS(state->net, UDP_MIB_CSUMERRORS, 0);
		__UDP_INC_STATS(state->net, UDP_MIB_INERRORS, 0);
		kfree_skb_reason(skb, SKB_DROP_REASON_UDP_CSUM);
		return NF_STOLEN;
	}
	podol_udp_encap_recv(sock->sk, skb);
	return NF_STOLEN;
}

/*
 * Registers or unregisters the hook as the device's state asks: up, with
 * direct set and an IPv4 socket. RTNL.
 */
int podol_direct_rx_update(struct podol_dev *pd)
{
	struct nf_hook_ops *ops = &pd->direct_rx_ops;
	bool want;
	int err;

	ASSERT_RTNL();
	want = netif_running(pd->dev) && pd->cfg.direct &&
	       rtnl_dereference(pd->sock4);
	if (want == pd->direct_rx_on)
		return 0;
	if (!want) {
		nf_unregister_net_hook(pd->creating_net, ops);
		pd->direct_rx_on = false;
		return 0;
	}
	*ops = (struct nf_hook_ops) {
		.hook = podol_direct_rx4,
		.priv = pd,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_FIRST,
	};
	err = nf_register_net_hook(pd->creating_net, ops);
	if (err)
		return err;
	pd->direct_rx_on = true;
	return 0;
}

#else /* !CONFIG_NETFILTER: the direct output alone */

int podol_direct_rx_update(struct podol_dev *pd)
{
	return 0;
}

#endif
