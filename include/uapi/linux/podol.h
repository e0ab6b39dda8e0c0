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
	IFLA_PODOL_FAST,	/* u8: 1 = the fast path (default 0), below */
	IFLA_PODOL_DIRECT,	/* u8: 1 = the direct paths (default 0), below */
	__IFLA_PODOL_MAX
};

#define IFLA_PODOL_MAX (__IFLA_PODOL_MAX - 1)

/*
 * IFLA_PODOL_FAST: a received packet's inner packet goes up at once, in
 * the underlay's receive softirq, rather than through the device's GRO
 * cell, a second softirq round. It saves that round (about 1,700
 * instructions a packet), and gives up GRO of the inner packets that
 * arrive unmerged: with GRO on the underlay device, podol's UDP GRO has
 * merged a flow's packets before; without it, a TCP flow reaches the pod
 * a segment at a time. A packet that came in on a podol device (podol in
 * podol) still takes the GRO cell, so that nesting cannot recurse.
 *
 * IFLA_PODOL_DIRECT: the direct paths. An outer IPv4 packet goes straight
 * to the underlay route's neighbour, as the IP output would hand it on at
 * its end, rather than through that output: the host's netfilter OUTPUT
 * and POSTROUTING hooks, cgroup egress BPF programs and IP output counters
 * no longer see podol's outer packets, and one sent with DF carries IP ID
 * 0 (RFC 6864). A received outer IPv4 packet for the device's socket is
 * taken by a netfilter hook, the first at PRE_ROUTING, straight to
 * podol's receive: the route lookup, the host's later PRE_ROUTING and its
 * INPUT hooks, IPsec policy, reverse path filtering, the UDP socket
 * lookup and the UDP counters no longer see it (podol's own checks of
 * the sender all still run). A packet to be fragmented or segmented, a
 * route through IPsec, a lightweight tunnel or a VRF, received fragments
 * or IP options, and every IPv6 underlay still take the whole IP path.
 */

/*
 * The wire format (Documentation: doc/wire-format.md). After the outer IP
 * and UDP headers, 8 bytes:
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Ver| Flags (0) |   Protocol    |         Reserved (0)          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Network ID               |     Reserved (0)      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * then the inner IPv4 or IPv6 packet. Network ID is 24 bits.
 */
#define PODOL_VERSION		0
#define PODOL_PROTO_IPV4	4	/* IPPROTO_IPIP */
#define PODOL_PROTO_IPV6	41	/* IPPROTO_IPV6 */

struct podolhdr {
	__u8	ver_flags;	/* version in the top 2 bits, then 6 flag bits */
	__u8	protocol;	/* PODOL_PROTO_* */
	__be16	reserved0;
	__be32	vni_reserved;	/* network id << 8 | 8 reserved bits */
};

/*
 * Generic netlink family "podol": the node table of a podol device.
 *
 * Every command names the device by PODOL_A_IFINDEX or PODOL_A_IFNAME, in
 * the caller's netns, and needs CAP_NET_ADMIN there. The writes (ADD,
 * CHANGE, DEL, FLUSH, REPLACE) to a device that was moved out of the netns
 * that created it also need CAP_NET_ADMIN over that netns (-EPERM): its
 * socket lives there.
 *
 *   NODE_ADD      PODOL_A_NODE: REMOTE, [PORT], CIDR...   a new node
 *   NODE_CHANGE   PODOL_A_NODE: REMOTE, [PORT], CIDR...   a node's new
 *                 CIDR set (and port), replacing the old one at once
 *   NODE_DEL      PODOL_A_NODE: REMOTE
 *   NODE_GET      doit: PODOL_A_NODE: REMOTE -> one PODOL_A_NODE
 *                 dumpit: every node of the device, one message each;
 *                 NLM_F_DUMP_INTR if the table changed during the dump
 *   NODE_FLUSH    delete every node
 *   NODE_REPLACE  PODOL_A_NODE, repeated (none: an empty table): the
 *                 whole new table, in one message (a nest could not hold
 *                 10,000 nodes: its length is 16 bits). Readers see the
 *                 old table or the new one, never a mix. Any bad node
 *                 refuses the lot and changes nothing.
 *   DEV_GET       doit -> PODOL_A_IFINDEX, PODOL_A_IFNAME, PODOL_A_STATS,
 *                 PODOL_A_NODE_COUNT, PODOL_A_LOCAL_CIDR...; dumpit: every
 *                 podol device of the netns (no device attribute needed)
 *   DEV_SET       PODOL_A_LOCAL_CIDR, repeated (none: an empty list): the
 *                 device's own node's pod CIDRs, the whole list at once. A
 *                 received packet whose inner source lies in one of them
 *                 is dropped (PODOL_DROP_RX_SPOOFED_LOCAL), whatever node
 *                 sent it. At most PODOL_MAX_LOCAL_CIDRS.
 *
 * A node is keyed by its underlay address. The same CIDR on two nodes is
 * refused; nested CIDRs are fine, and the longest prefix wins.
 *
 * doc/netlink/podol.yaml describes this family in the kernel's YNL
 * format: a change here changes it too (tools/check/ynl.sh compares).
 */
#define PODOL_GENL_NAME		"podol"
#define PODOL_GENL_VERSION	1

/* Limits, refused with an extack message beyond. */
#define PODOL_MAX_NODES		65536	/* per device */
#define PODOL_MAX_NODE_CIDRS	64	/* per node */
#define PODOL_MAX_LOCAL_CIDRS	64	/* per device (DEV_SET) */

enum podol_cmd {
	PODOL_CMD_UNSPEC,
	PODOL_CMD_NODE_ADD,
	PODOL_CMD_NODE_CHANGE,
	PODOL_CMD_NODE_DEL,
	PODOL_CMD_NODE_GET,
	PODOL_CMD_NODE_FLUSH,
	PODOL_CMD_NODE_REPLACE,
	PODOL_CMD_DEV_GET,
	PODOL_CMD_DEV_SET,
	__PODOL_CMD_MAX
};

#define PODOL_CMD_MAX (__PODOL_CMD_MAX - 1)

enum podol_attr {
	PODOL_A_UNSPEC,
	PODOL_A_IFINDEX,	/* u32 */
	PODOL_A_IFNAME,		/* string */
	PODOL_A_NODE,		/* nest: PODOL_NODE_A_*; repeated in NODE_REPLACE */
	PODOL_A_STATS,		/* nest: PODOL_STATS_A_* (DEV_GET) */
	PODOL_A_NODE_COUNT,	/* u32 (DEV_GET) */
	PODOL_A_PAD,
	PODOL_A_LOCAL_CIDR,	/* nest: PODOL_CIDR_A_*; repeated (DEV_SET, DEV_GET) */
	__PODOL_A_MAX
};

#define PODOL_A_MAX (__PODOL_A_MAX - 1)

enum podol_node_attr {
	PODOL_NODE_A_UNSPEC,
	PODOL_NODE_A_REMOTE,	/* binary: 4 (IPv4) or 16 (IPv6) bytes */
	PODOL_NODE_A_PORT,	/* __be16: the node's UDP port; default the device's */
	PODOL_NODE_A_CIDR,	/* nest: PODOL_CIDR_A_*; repeated, one per CIDR */
	PODOL_NODE_A_STATS,	/* nest: PODOL_STATS_A_* (replies only) */
	PODOL_NODE_A_PAD,
	__PODOL_NODE_A_MAX
};

#define PODOL_NODE_A_MAX (__PODOL_NODE_A_MAX - 1)

enum podol_cidr_attr {
	PODOL_CIDR_A_UNSPEC,
	PODOL_CIDR_A_ADDR,	/* binary: 4 or 16 bytes, host bits clear */
	PODOL_CIDR_A_PREFIXLEN,	/* u8: 0..32 or 0..128 */
	__PODOL_CIDR_A_MAX
};

#define PODOL_CIDR_A_MAX (__PODOL_CIDR_A_MAX - 1)

/* Counters, of a device (PODOL_A_STATS) or of a node (PODOL_NODE_A_STATS). */
enum podol_stats_attr {
	PODOL_STATS_A_UNSPEC,
	PODOL_STATS_A_RX_PACKETS,	/* u64 */
	PODOL_STATS_A_RX_BYTES,		/* u64 */
	PODOL_STATS_A_TX_PACKETS,	/* u64 */
	PODOL_STATS_A_TX_BYTES,		/* u64 */
	PODOL_STATS_A_DROPS,		/* nest: u64 per reason, type PODOL_DROP_x */
	PODOL_STATS_A_LAST_RX_MSECS,	/* u64: ms since the node's last packet; absent: never */
	PODOL_STATS_A_PAD,
	PODOL_STATS_A_TX_FRAGMENTED,	/* u64: carried over the path MTU, outer fragmented */
	__PODOL_STATS_A_MAX
};

#define PODOL_STATS_A_MAX (__PODOL_STATS_A_MAX - 1)

/*
 * Why a packet was dropped: the tx reasons, then the rx reasons. A reason
 * is also its attribute type in PODOL_STATS_A_DROPS; PODOL_DROP_NONE (0)
 * means "not dropped" and is never counted.
 */
enum podol_drop_reason {
	PODOL_DROP_NONE,
	PODOL_DROP_TX_NO_NODE,		/* no node owns the inner destination */
	PODOL_DROP_TX_BAD_INNER,	/* not an IPv4/IPv6 packet, or malformed */
	PODOL_DROP_TX_NO_ROUTE,		/* no underlay route to the node */
	PODOL_DROP_TX_TOO_BIG,		/* over the underlay path MTU (ICMP sent back) */
	PODOL_DROP_TX_NO_SOCKET,	/* no socket of the node's family */
	PODOL_DROP_TX_ERROR,		/* no memory for headers, or similar */
	PODOL_DROP_RX_DOWN,		/* the device is down */
	PODOL_DROP_RX_SHORT,		/* shorter than the headers it claims */
	PODOL_DROP_RX_VERSION,		/* unknown version */
	PODOL_DROP_RX_RESERVED,		/* a flag or reserved bit set */
	PODOL_DROP_RX_NETWORK_ID,	/* not this device's network id */
	PODOL_DROP_RX_UNKNOWN_NODE,	/* outer source is no node of this device */
	PODOL_DROP_RX_NOT_OWNED,	/* inner source is not the sender's pod */
	PODOL_DROP_RX_BAD_INNER,	/* inner protocol unknown or its header bad */
	PODOL_DROP_RX_ECN,		/* ECN decapsulation says drop (RFC 6040) */
	PODOL_DROP_RX_SPOOFED_LOCAL,	/* inner source in a local CIDR (DEV_SET) */
	__PODOL_DROP_MAX
};

#define PODOL_DROP_MAX		(__PODOL_DROP_MAX - 1)

#define PODOL_DROP_TX_LAST	PODOL_DROP_TX_ERROR

#endif /* _UAPI_LINUX_PODOL_H */
