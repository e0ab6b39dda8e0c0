/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels podol builds against. Each PODOL_HAVE_*
 * symbol comes from a feature probe in Kbuild, never from a version number:
 * distributions backport APIs into older kernels.
 */
#ifndef _PODOL_COMPAT_H
#define _PODOL_COMPAT_H

#include <linux/netdevice.h>
#include <net/rtnetlink.h>

/* 6.12 turned the NETIF_F_LLTX feature bit into dev->lltx. */
static inline void podol_set_lltx(struct net_device *dev)
{
#ifdef PODOL_HAVE_DEV_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/*
 * 6.15 gathered newlink()'s arguments into struct rtnl_newlink_params.
 * PODOL_NEWLINK_DEFINE(fn) defines fn with the signature the kernel wants,
 * unpacks it and calls podol_newlink() with the netns the request came from
 * (or the one IFLA_LINK_NETNSID named): where podol's sockets live.
 */
int podol_newlink(struct net *src_net, struct net_device *dev,
		  struct nlattr *tb[], struct nlattr *data[],
		  struct netlink_ext_ack *extack);

#ifdef PODOL_HAVE_NEWLINK_PARAMS
#define PODOL_NEWLINK_DEFINE(fn)					\
static int fn(struct net_device *dev,					\
	      struct rtnl_newlink_params *params,			\
	      struct netlink_ext_ack *extack)				\
{									\
	struct net *net = params->link_net ? : params->src_net;	\
									\
	return podol_newlink(net, dev, params->tb, params->data, extack); \
}
#else
#define PODOL_NEWLINK_DEFINE(fn)					\
static int fn(struct net *src_net, struct net_device *dev,		\
	      struct nlattr *tb[], struct nlattr *data[],		\
	      struct netlink_ext_ack *extack)				\
{									\
	return podol_newlink(src_net, dev, tb, data, extack);		\
}
#endif

#endif /* _PODOL_COMPAT_H */
