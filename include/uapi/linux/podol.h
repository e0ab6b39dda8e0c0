/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * podol: an L3 UDP overlay for pod networks.
 *
 * This header is shared, unchanged, by the kernel module (module/), the
 * iproute2 plugin (tools/iproute2/), podolctl and the selftests.
 */
#ifndef _UAPI_LINUX_PODOL_H
#define _UAPI_LINUX_PODOL_H

#include <linux/types.h>

/*
 * Default UDP port. 6464 is not in the IANA registry nor in Debian's
 * /etc/services, lies below Linux's ephemeral range (32768-60999) so an
 * outgoing socket never holds it by chance, below Kubernetes' NodePort
 * range (30000-32767), and clear of the ports other cluster networking
 * already owns: VXLAN 4789, flannel 8472 and 8285, Geneve 6081, WireGuard
 * 51820, BGP 179, etcd 2379-2380, kubelet 10250.
 */
#define PODOL_DEFAULT_PORT	6464

/* The network id is 24 bits wide on the wire. */
#define PODOL_ID_MAX		0xffffffU

/* IFLA_PODOL_TOS value meaning "copy the inner packet's TOS". */
#define PODOL_TOS_INHERIT	1

/*
 * Link attributes, nested in IFLA_INFO_DATA for kind "podol".
 *
 * Immutable after creation (changelink refuses a different value):
 * PORT, LOCAL, LOCAL6, LINK. The others may be changed on a live device.
 */
enum {
	IFLA_PODOL_UNSPEC,
	IFLA_PODOL_PORT,	/* __be16: UDP port, not 0 (default 6464) */
	IFLA_PODOL_LOCAL,	/* __be32: local IPv4 underlay address */
	IFLA_PODOL_LOCAL6,	/* struct in6_addr: local IPv6 underlay address */
	IFLA_PODOL_ID,		/* u32: network id, 0..PODOL_ID_MAX (default 0) */
	IFLA_PODOL_TTL,		/* u8: outer TTL, 0 = the route's default */
	IFLA_PODOL_TTL_INHERIT,	/* u8: 1 = copy the inner TTL / hop limit */
	IFLA_PODOL_TOS,		/* u8: outer TOS, PODOL_TOS_INHERIT = copy */
	IFLA_PODOL_UDP_CSUM,	/* u8: outer UDP checksum on (default 1) */
	IFLA_PODOL_LINK,	/* u32: underlay device ifindex, 0 = any */
	__IFLA_PODOL_MAX
};

#define IFLA_PODOL_MAX (__IFLA_PODOL_MAX - 1)

#endif /* _UAPI_LINUX_PODOL_H */
