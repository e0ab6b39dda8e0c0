// SPDX-License-Identifier: GPL-2.0
/*
 * rtnl_link_ops for kind "podol": the IFLA_PODOL_* attributes, checked,
 * applied and reported back. get_size() and fill_info() stay symmetric.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/podol.h>
#include <linux/rtnetlink.h>
#include <net/ipv6.h>
#include <net/rtnetlink.h>

#include "addr.h"
#include "compat.h"
#include "device.h"
#include "direct_rx.h"
#include "socket.h"

/* Every attribute is new, so every one is validated strictly. */
static const struct nla_policy podol_policy[IFLA_PODOL_MAX + 1] = {
	[IFLA_PODOL_UNSPEC]	 = { .strict_start_type = IFLA_PODOL_PORT },
	[IFLA_PODOL_PORT]	 = { .type = NLA_BE16 },
	[IFLA_PODOL_LOCAL]	 = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[IFLA_PODOL_LOCAL6]	 = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IFLA_PODOL_ID]		 = { .type = NLA_U32 },
	[IFLA_PODOL_TTL]	 = { .type = NLA_U8 },
	[IFLA_PODOL_TTL_INHERIT] = { .type = NLA_U8 },
	[IFLA_PODOL_TOS]	 = { .type = NLA_U8 },
	[IFLA_PODOL_UDP_CSUM]	 = { .type = NLA_U8 },
	[IFLA_PODOL_LINK]	 = { .type = NLA_U32 },
	[IFLA_PODOL_FAST]	 = { .type = NLA_U8 },
	[IFLA_PODOL_DIRECT]	 = { .type = NLA_U8 },
};

/* A u8 flag attribute holds 0 or 1. */
static bool podol_flag_bad(const struct nlattr *a)
{
	return a && nla_get_u8(a) > 1;
}

static int podol_validate(struct nlattr *tb[], struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	struct nlattr *a;
	int err;

	if (tb[IFLA_ADDRESS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
				    "podol: an L3 device has no link-layer address");
		return -EINVAL;
	}
	if (!data)
		return 0;

	err = podol_port_check(data[IFLA_PODOL_PORT], extack);
	if (err)
		return err;

	a = data[IFLA_PODOL_ID];
	if (a && nla_get_u32(a) > PODOL_ID_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "podol: network id must fit in 24 bits (0-16777215)");
		return -ERANGE;
	}

	if (data[IFLA_PODOL_LOCAL] && data[IFLA_PODOL_LOCAL6]) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_PODOL_LOCAL6],
				    "podol: give one local address, IPv4 or IPv6, not both");
		return -EINVAL;
	}

	a = data[IFLA_PODOL_LOCAL6];
	if (a && !IS_ENABLED(CONFIG_IPV6)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "podol: IPv6 is not built into this kernel");
		return -EAFNOSUPPORT;
	}
	a = data[IFLA_PODOL_LOCAL] ? : data[IFLA_PODOL_LOCAL6];
	if (a) {
		struct podol_addr local = {};

		if (a == data[IFLA_PODOL_LOCAL]) {
			local.family = AF_INET;
			local.ip4 = nla_get_in_addr(a);
		} else {
			local.family = AF_INET6;
			local.ip6 = nla_get_in6_addr(a);
		}
		/* The unspecified address is no address: "any". */
		if (memchr_inv(local.bytes, 0, sizeof(local.bytes))) {
			err = podol_addr_check(&local, a, extack);
			if (err)
				return err;
		}
	}

	a = data[IFLA_PODOL_TTL_INHERIT];
	if (podol_flag_bad(a)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "podol: ttl inherit flag must be 0 or 1");
		return -EINVAL;
	}
	a = data[IFLA_PODOL_UDP_CSUM];
	if (podol_flag_bad(a)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "podol: udp checksum flag must be 0 or 1");
		return -EINVAL;
	}
	a = data[IFLA_PODOL_FAST];
	if (podol_flag_bad(a)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "podol: fast flag must be 0 or 1");
		return -EINVAL;
	}
	a = data[IFLA_PODOL_DIRECT];
	if (podol_flag_bad(a)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "podol: direct flag must be 0 or 1");
		return -EINVAL;
	}
	if (data[IFLA_PODOL_TTL_INHERIT] && data[IFLA_PODOL_TTL] &&
	    nla_get_u8(data[IFLA_PODOL_TTL_INHERIT]) &&
	    nla_get_u8(data[IFLA_PODOL_TTL])) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_PODOL_TTL],
				    "podol: a fixed ttl and ttl inherit exclude each other");
		return -EINVAL;
	}

	a = data[IFLA_PODOL_TOS];
	if (a && nla_get_u8(a) != PODOL_TOS_INHERIT && (nla_get_u8(a) & 0x3)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "podol: tos must leave the two ECN bits clear (1 means inherit)");
		return -EINVAL;
	}
	return 0;
}

/* The attributes that may change on a live device. */
static void podol_apply_mutable(struct podol_cfg *cfg, struct nlattr *data[])
{
	if (data[IFLA_PODOL_ID])
		WRITE_ONCE(cfg->id, nla_get_u32(data[IFLA_PODOL_ID]));
	if (data[IFLA_PODOL_TTL]) {
		WRITE_ONCE(cfg->ttl, nla_get_u8(data[IFLA_PODOL_TTL]));
		/* A fixed TTL replaces inherit, unless this message says so. */
		if (cfg->ttl)
			WRITE_ONCE(cfg->ttl_inherit, false);
	}
	if (data[IFLA_PODOL_TTL_INHERIT]) {
		bool inherit = nla_get_u8(data[IFLA_PODOL_TTL_INHERIT]);

		WRITE_ONCE(cfg->ttl_inherit, inherit);
		if (inherit)
			WRITE_ONCE(cfg->ttl, 0);
	}
	if (data[IFLA_PODOL_TOS])
		WRITE_ONCE(cfg->tos, nla_get_u8(data[IFLA_PODOL_TOS]));
	if (data[IFLA_PODOL_UDP_CSUM])
		WRITE_ONCE(cfg->udp_csum, nla_get_u8(data[IFLA_PODOL_UDP_CSUM]));
	if (data[IFLA_PODOL_FAST])
		WRITE_ONCE(cfg->fast, nla_get_u8(data[IFLA_PODOL_FAST]));
	if (data[IFLA_PODOL_DIRECT])
		WRITE_ONCE(cfg->direct, nla_get_u8(data[IFLA_PODOL_DIRECT]));
}

static int podol_newlink(struct net *src_net, struct net_device *dev,
			 struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct podol_dev *pd = netdev_priv(dev);
	struct podol_cfg *cfg = &pd->cfg;
	struct nlattr *empty[IFLA_PODOL_MAX + 1] = {};

	if (!data)
		data = empty;

	cfg->port = htons(PODOL_DEFAULT_PORT);
	cfg->udp_csum = true;
	if (data[IFLA_PODOL_PORT])
		cfg->port = nla_get_be16(data[IFLA_PODOL_PORT]);
	if (data[IFLA_PODOL_LOCAL]) {
		cfg->local4 = nla_get_in_addr(data[IFLA_PODOL_LOCAL]);
		if (cfg->local4)
			cfg->local_family = AF_INET;
	} else if (data[IFLA_PODOL_LOCAL6]) {
		cfg->local6 = nla_get_in6_addr(data[IFLA_PODOL_LOCAL6]);
		if (!ipv6_addr_any(&cfg->local6))
			cfg->local_family = AF_INET6;
	}
	if (data[IFLA_PODOL_LINK])
		cfg->link = nla_get_u32(data[IFLA_PODOL_LINK]);
	podol_apply_mutable(cfg, data);

	return podol_dev_register(dev, src_net, tb[IFLA_MTU], extack);
}

/*
 * The sockets go to the netns the request came from, or to the one
 * IFLA_LINK_NETNSID named: the netns older kernels pass as src_net.
 */
#ifdef PODOL_HAVE_NEWLINK_PARAMS
static int podol_newlink_op(struct net_device *dev,
			    struct rtnl_newlink_params *params,
			    struct netlink_ext_ack *extack)
{
	struct net *net = params->link_net ? : params->src_net;

	return podol_newlink(net, dev, params->tb, params->data, extack);
}
#else
static int podol_newlink_op(struct net *src_net, struct net_device *dev,
			    struct nlattr *tb[], struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	return podol_newlink(src_net, dev, tb, data, extack);
}
#endif

/*
 * Refuses an attribute of the device's identity (its socket's port and
 * address, its underlay device) that differs from the current value; the
 * same value is accepted so that a full configuration can be re-applied.
 */
static int podol_check_fixed(const struct podol_cfg *cfg, struct nlattr *data[],
			     struct netlink_ext_ack *extack)
{
	struct nlattr *a;

	a = data[IFLA_PODOL_PORT];
	if (a && nla_get_be16(a) != cfg->port) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "podol: port cannot change on an existing device; delete and re-create it");
		return -EOPNOTSUPP;
	}
	a = data[IFLA_PODOL_LOCAL];
	if (a && (cfg->local_family == AF_INET6 ||
		  nla_get_in_addr(a) != (cfg->local_family ? cfg->local4 : 0))) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "podol: local address cannot change on an existing device; delete and re-create it");
		return -EOPNOTSUPP;
	}
	a = data[IFLA_PODOL_LOCAL6];
	if (a) {
		struct in6_addr ip = nla_get_in6_addr(a);

		if (cfg->local_family == AF_INET6 ? !ipv6_addr_equal(&ip, &cfg->local6) :
		    (cfg->local_family || !ipv6_addr_any(&ip))) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "podol: local address cannot change on an existing device; delete and re-create it");
			return -EOPNOTSUPP;
		}
	}
	a = data[IFLA_PODOL_LINK];
	if (a && nla_get_u32(a) != cfg->link) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "podol: underlay device cannot change on an existing device; delete and re-create it");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int podol_changelink(struct net_device *dev, struct nlattr *tb[],
			    struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	struct podol_dev *pd = netdev_priv(dev);
	int err;

	if (!data)
		return 0;
	err = podol_check_fixed(&pd->cfg, data, extack);
	if (err)
		return err;
	/* The one change that can fail, made first: all or nothing. */
	if (data[IFLA_PODOL_DIRECT]) {
		bool was = pd->cfg.direct;

		WRITE_ONCE(pd->cfg.direct, nla_get_u8(data[IFLA_PODOL_DIRECT]));
		err = podol_direct_rx_update(pd);
		if (err) {
			WRITE_ONCE(pd->cfg.direct, was);
			NL_SET_ERR_MSG(extack,
				       "podol: cannot hook the direct receive into netfilter");
			return err;
		}
	}
	podol_apply_mutable(&pd->cfg, data);
	podol_socket_set_csum(pd, pd->cfg.udp_csum);
	return 0;
}

static size_t podol_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(__be16)) +		/* PORT */
	       nla_total_size(sizeof(struct in6_addr)) + /* LOCAL or LOCAL6 */
	       nla_total_size(sizeof(u32)) +		/* ID */
	       nla_total_size(sizeof(u8)) +		/* TTL */
	       nla_total_size(sizeof(u8)) +		/* TTL_INHERIT */
	       nla_total_size(sizeof(u8)) +		/* TOS */
	       nla_total_size(sizeof(u8)) +		/* UDP_CSUM */
	       nla_total_size(sizeof(u32)) +		/* LINK */
	       nla_total_size(sizeof(u8)) +		/* FAST */
	       nla_total_size(sizeof(u8));		/* DIRECT */
}

static int podol_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct podol_dev *pd = netdev_priv(dev);
	const struct podol_cfg *cfg = &pd->cfg;

	if (nla_put_be16(skb, IFLA_PODOL_PORT, cfg->port) ||
	    nla_put_u32(skb, IFLA_PODOL_ID, cfg->id) ||
	    nla_put_u8(skb, IFLA_PODOL_TTL, cfg->ttl) ||
	    nla_put_u8(skb, IFLA_PODOL_TTL_INHERIT, cfg->ttl_inherit) ||
	    nla_put_u8(skb, IFLA_PODOL_TOS, cfg->tos) ||
	    nla_put_u8(skb, IFLA_PODOL_UDP_CSUM, cfg->udp_csum) ||
	    nla_put_u32(skb, IFLA_PODOL_LINK, cfg->link) ||
	    nla_put_u8(skb, IFLA_PODOL_FAST, cfg->fast) ||
	    nla_put_u8(skb, IFLA_PODOL_DIRECT, cfg->direct))
		return -EMSGSIZE;
	if (cfg->local_family == AF_INET &&
	    nla_put_in_addr(skb, IFLA_PODOL_LOCAL, cfg->local4))
		return -EMSGSIZE;
	if (cfg->local_family == AF_INET6 &&
	    nla_put_in6_addr(skb, IFLA_PODOL_LOCAL6, &cfg->local6))
		return -EMSGSIZE;
	return 0;
}

/* The netns of the underlay: lets `ip link` name it after a move. */
static struct net *podol_get_link_net(const struct net_device *dev)
{
	const struct podol_dev *pd = netdev_priv(dev);

	return pd->creating_net;
}

struct rtnl_link_ops podol_link_ops __read_mostly = {
	.kind = "podol",
	.maxtype = IFLA_PODOL_MAX,
	.policy = podol_policy,
	.priv_size = sizeof(struct podol_dev),
	.setup = podol_setup,
	.validate = podol_validate,
	.newlink = podol_newlink_op,
	.changelink = podol_changelink,
	.get_size = podol_get_size,
	.fill_info = podol_fill_info,
	.get_link_net = podol_get_link_net,
};
