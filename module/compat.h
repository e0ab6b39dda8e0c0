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
 * 6.15 gathered newlink()'s arguments into struct rtnl_newlink_params
 * (PODOL_HAVE_NEWLINK_PARAMS); link.c defines the entry point both ways.
 */

#endif /* _PODOL_COMPAT_H */
