/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels podol builds against. Each PODOL_HAVE_*
 * symbol comes from a feature probe in Kbuild, never from a version number:
 * distributions backport APIs into older kernels.
 */
#ifndef _PODOL_COMPAT_H
#define _PODOL_COMPAT_H

#include <linux/netdevice.h>

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
 * The tunnel transmit helpers (udp_tunnel_xmit_skb() and its IPv6 twin)
 * count into dev->tstats, so a tunnel device must have them. Since 6.6
 * (and in Debian's 6.1) the core allocates and frees them when asked;
 * before, the driver does, and frees them in its destructor.
 */
static inline int podol_alloc_tstats(struct net_device *dev)
{
#ifdef PODOL_HAVE_PCPU_STAT_TYPE
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
#else
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
#endif
	return 0;
}

static inline void podol_free_tstats(struct net_device *dev)
{
#ifndef PODOL_HAVE_PCPU_STAT_TYPE
	free_percpu(dev->tstats);
#endif
}

/*
 * 6.2 gave genl's pre_doit and post_doit the split op (struct
 * genl_split_ops) in place of struct genl_ops; netlink.c only reads its
 * internal_flags, which both have.
 */
#ifdef PODOL_HAVE_GENL_SPLIT_OPS
#define podol_genl_op genl_split_ops
#else
#define podol_genl_op genl_ops
#endif

/*
 * 6.15 gathered newlink()'s arguments into struct rtnl_newlink_params
 * (PODOL_HAVE_NEWLINK_PARAMS); link.c defines the entry point both ways.
 */

#endif /* _PODOL_COMPAT_H */
