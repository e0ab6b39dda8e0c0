// SPDX-License-Identifier: GPL-2.0
/*
 * The attributes of the "podol" generic netlink family
 * (include/uapi/linux/podol.h): their policies, a request's addresses,
 * CIDRs and nodes parsed and checked, and the nests a reply is made of
 * (an address, a CIDR list, counters). No state and no lock: the
 * commands, and the locks their callers hold, are in netlink.c.
 */
#include <linux/if.h>
#include <linux/jiffies.h>
#include <linux/string.h>
#include <net/netlink.h>

#include "addr.h"
#include "netlink_attr.h"
#include "stats.h"
#include "trie.h"

static const struct nla_policy podol_cidr_policy[PODOL_CIDR_A_MAX + 1] = {
	[PODOL_CIDR_A_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[PODOL_CIDR_A_PREFIXLEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

static const struct nla_policy podol_node_policy[PODOL_NODE_A_MAX + 1] = {
	[PODOL_NODE_A_REMOTE] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[PODOL_NODE_A_PORT] = { .type = NLA_BE16 },
	[PODOL_NODE_A_CIDR] = NLA_POLICY_NESTED(podol_cidr_policy),
	[PODOL_NODE_A_STATS] = { .type = NLA_REJECT },
};

const struct nla_policy podol_policy[PODOL_A_MAX + 1] = {
	[PODOL_A_IFINDEX] = { .type = NLA_U32 },
	[PODOL_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[PODOL_A_NODE] = NLA_POLICY_NESTED(podol_node_policy),
	[PODOL_A_STATS] = { .type = NLA_REJECT },
	[PODOL_A_NODE_COUNT] = { .type = NLA_REJECT },
	[PODOL_A_LOCAL_CIDR] = NLA_POLICY_NESTED(podol_cidr_policy),
};

static int podol_parse_addr(struct nlattr *a, struct podol_addr *addr,
			    struct netlink_ext_ack *extack)
{
	memset(addr, 0, sizeof(*addr));
	if (nla_len(a) == sizeof(addr->ip4)) {
		addr->family = AF_INET;
		addr->ip4 = nla_get_in_addr(a);
		return 0;
	}
	if (nla_len(a) == sizeof(addr->ip6)) {
		addr->family = AF_INET6;
		addr->ip6 = nla_get_in6_addr(a);
		return 0;
	}
	NL_SET_ERR_MSG_ATTR(extack, a, "podol: an address is 4 (IPv4) or 16 (IPv6) bytes");
	return -EINVAL;
}

int podol_parse_cidr(struct nlattr *nest, struct podol_cidr *c,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[PODOL_CIDR_A_MAX + 1];
	unsigned int max, full, rest;
	int err;

	err = nla_parse_nested(tb, PODOL_CIDR_A_MAX, nest, podol_cidr_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PODOL_CIDR_A_ADDR) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, PODOL_CIDR_A_PREFIXLEN)) {
		NL_SET_ERR_MSG(extack, "podol: a CIDR needs an address and a prefix length");
		return -EINVAL;
	}
	err = podol_parse_addr(tb[PODOL_CIDR_A_ADDR], &c->addr, extack);
	if (err)
		return err;
	c->len = nla_get_u8(tb[PODOL_CIDR_A_PREFIXLEN]);
	max = c->addr.family == AF_INET ? 32 : 128;
	if (c->len > max) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PODOL_CIDR_A_PREFIXLEN],
				    "podol: prefix length is longer than the address");
		return -EINVAL;
	}
	full = c->len / 8;
	rest = c->len % 8;
	if ((rest && (c->addr.bytes[full] & (0xff >> rest))) ||
	    memchr_inv(c->addr.bytes + full + !!rest, 0, max / 8 - full - !!rest)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PODOL_CIDR_A_ADDR],
				    "podol: CIDR has host bits set");
		return -EINVAL;
	}
	return 0;
}

int podol_parse_node(struct nlattr *nest, struct podol_node_req *req,
		     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[PODOL_NODE_A_MAX + 1], *a;
	unsigned int i;
	int rem, err;

	err = nla_parse_nested(tb, PODOL_NODE_A_MAX, nest, podol_node_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PODOL_NODE_A_REMOTE)) {
		NL_SET_ERR_MSG(extack, "podol: a node needs its remote address");
		return -EINVAL;
	}
	err = podol_parse_addr(tb[PODOL_NODE_A_REMOTE], &req->remote, extack);
	if (err)
		return err;
	err = podol_addr_check(&req->remote, tb[PODOL_NODE_A_REMOTE], extack);
	if (err)
		return err;
	err = podol_port_check(tb[PODOL_NODE_A_PORT], extack);
	if (err)
		return err;
	req->port = tb[PODOL_NODE_A_PORT] ? nla_get_be16(tb[PODOL_NODE_A_PORT]) : 0;

	req->ncidrs = 0;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != PODOL_NODE_A_CIDR)
			continue;
		if (req->ncidrs == PODOL_MAX_NODE_CIDRS) {
			NL_SET_ERR_MSG_ATTR(extack, a, "podol: too many CIDRs for one node");
			return -E2BIG;
		}
		err = podol_parse_cidr(a, &req->cidrs[req->ncidrs], extack);
		if (err)
			return err;
		for (i = 0; i < req->ncidrs; i++) {
			if (req->cidrs[i].len == req->cidrs[req->ncidrs].len &&
			    !memcmp(&req->cidrs[i].addr, &req->cidrs[req->ncidrs].addr,
				    sizeof(struct podol_addr))) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "podol: the same CIDR is given twice");
				return -EINVAL;
			}
		}
		req->ncidrs++;
	}
	return 0;
}

int podol_put_stats(struct sk_buff *skb, int type,
		    const struct podol_stats *s, unsigned long last_rx)
{
	struct nlattr *nest, *drops;
	int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, PODOL_STATS_A_RX_PACKETS, s->rx_packets, PODOL_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, PODOL_STATS_A_RX_BYTES, s->rx_bytes, PODOL_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, PODOL_STATS_A_TX_PACKETS, s->tx_packets, PODOL_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, PODOL_STATS_A_TX_BYTES, s->tx_bytes, PODOL_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, PODOL_STATS_A_TX_FRAGMENTED, s->tx_fragmented,
			      PODOL_STATS_A_PAD))
		goto cancel;
	/*
	 * jiffies_to_msecs() returns 32 bits: it would wrap after 49.7
	 * days without traffic. The jiffies difference is 64-bit where
	 * unsigned long is.
	 */
	if (last_rx &&
	    nla_put_u64_64bit(skb, PODOL_STATS_A_LAST_RX_MSECS,
			      jiffies64_to_msecs(jiffies - last_rx),
			      PODOL_STATS_A_PAD))
		goto cancel;
	drops = nla_nest_start(skb, PODOL_STATS_A_DROPS);
	if (!drops)
		goto cancel;
	for (i = PODOL_DROP_NONE + 1; i <= PODOL_DROP_MAX; i++)
		if (nla_put_u64_64bit(skb, i, s->drops[i], 0))
			goto cancel;
	nla_nest_end(skb, drops);
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

int podol_put_addr(struct sk_buff *skb, int type,
		   const struct podol_addr *a)
{
	return nla_put(skb, type, a->family == AF_INET ? 4 : 16, a->bytes);
}

int podol_put_cidrs(struct sk_buff *skb, int type,
		    struct list_head *list, sa_family_t family)
{
	struct podol_tnode *tn;
	struct nlattr *nest;

	list_for_each_entry(tn, list, owner_entry) {
		nest = nla_nest_start(skb, type);
		if (!nest ||
		    nla_put(skb, PODOL_CIDR_A_ADDR, family == AF_INET ? 4 : 16,
			    tn->bits) ||
		    nla_put_u8(skb, PODOL_CIDR_A_PREFIXLEN, tn->cidr))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}
