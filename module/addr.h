/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rules for the underlay's addresses and ports, one function each.
 * An underlay address, a node's (netlink_attr.c) or the device's own local
 * address (link.c), is the address of one host that a UDP datagram can
 * come from. Loopback, multicast, broadcast, the unspecified address,
 * IPv4's 0.0.0.0/8 ("this network") and IPv4-mapped IPv6 addresses are
 * refused, each with its own message. A userspace copy of the rules would
 * be a second one: podolctl and the iproute2 plugin share
 * tools/common/addr.c instead, and say the same.
 */
#ifndef _PODOL_ADDR_H
#define _PODOL_ADDR_H

#include <linux/in.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include "table.h"

static inline int podol_addr_check(const struct podol_addr *a,
				   const struct nlattr *attr,
				   struct netlink_ext_ack *extack)
{
	if (a->family == AF_INET) {
		__be32 ip = a->ip4;

		if (ipv4_is_loopback(ip))
			goto loopback;
		if (ipv4_is_multicast(ip))
			goto multicast;
		if (ipv4_is_lbcast(ip)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "podol: underlay address is the broadcast address, not a host's");
			return -EINVAL;
		}
		if (!ip)
			goto unspecified;
		/* ipv4_is_zeronet() is 0.0.0.0 alone since 5.2. */
		if (!(ip & htonl(0xff000000))) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "podol: underlay address is in 0.0.0.0/8 (this network), not a host's");
			return -EINVAL;
		}
		return 0;
	}
	if (ipv6_addr_loopback(&a->ip6))
		goto loopback;
	if (ipv6_addr_is_multicast(&a->ip6))
		goto multicast;
	if (ipv6_addr_any(&a->ip6))
		goto unspecified;
	if (ipv6_addr_v4mapped(&a->ip6)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "podol: underlay address is an IPv4-mapped IPv6 address; give the IPv4 address itself");
		return -EINVAL;
	}
	return 0;

loopback:
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "podol: underlay address is a loopback address, not a host's");
	return -EINVAL;
multicast:
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "podol: underlay address is a multicast address, not a host's");
	return -EINVAL;
unspecified:
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "podol: underlay address is the unspecified address, not a host's");
	return -EINVAL;
}

/*
 * The one rule for an underlay UDP port, the device's (link.c) or a
 * node's (netlink_attr.c): given, it is not 0. @attr may be NULL: not
 * given.
 */
static inline int podol_port_check(const struct nlattr *attr,
				   struct netlink_ext_ack *extack)
{
	if (attr && !nla_get_be16(attr)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "podol: port must not be 0");
		return -EINVAL;
	}
	return 0;
}

#endif /* _PODOL_ADDR_H */
