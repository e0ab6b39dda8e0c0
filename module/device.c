// SPDX-License-Identifier: GPL-2.0
/*
 * The podol net_device: an L3 point-to-point device with no queue and a
 * lockless transmit, its counters and its lifetime.
 *
 * Lifetime: podol_dev_register() opens the sockets, registers the device
 * and puts it on its creating netns' list. Whatever unregisters it (ip link
 * del, rmmod, the death of either netns), podol_destruct() runs after the
 * last reference is gone and undoes all of it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "device.h"
#include "direct_rx.h"
#include "local.h"
#include "netns.h"
#include "socket.h"

static int podol_open(struct net_device *dev)
{
	int err;

	err = podol_direct_rx_update(netdev_priv(dev));
	if (err)
		return err;
	netif_carrier_on(dev);
	return 0;
}

static int podol_stop(struct net_device *dev)
{
	netif_carrier_off(dev);
	return podol_direct_rx_update(netdev_priv(dev));
}

/*
 * Unregistering: the sockets stop handing packets to the device now, so
 * that the grace period the core waits for after ndo_uninit is also
 * theirs, and closing them later waits for none (socket.c). Not when
 * register_netdevice() fails and calls ndo_uninit: no grace period
 * follows there, and podol_dev_register() closes them itself.
 */
static void podol_uninit(struct net_device *dev)
{
	if (dev->reg_state == NETREG_UNREGISTERING)
		podol_socket_unhook(netdev_priv(dev));
}

/* Packets and bytes are in the core's tstats; drops are podol's own. */
static void podol_get_stats64(struct net_device *dev,
			      struct rtnl_link_stats64 *tot)
{
	struct podol_dev *pd = netdev_priv(dev);
	struct podol_stats sum;
	int i;

	dev_get_tstats64(dev, tot);
	podol_stats_sum(pd->stats, &sum);
	for (i = PODOL_DROP_NONE + 1; i <= PODOL_DROP_MAX; i++) {
		if (i <= PODOL_DROP_TX_LAST)
			tot->tx_dropped += sum.drops[i];
		else
			tot->rx_dropped += sum.drops[i];
	}
}

static int podol_get_iflink(const struct net_device *dev)
{
	const struct podol_dev *pd = netdev_priv(dev);

	return pd->cfg.link;
}

static const struct net_device_ops podol_netdev_ops = {
	.ndo_uninit = podol_uninit,
	.ndo_open = podol_open,
	.ndo_stop = podol_stop,
	.ndo_start_xmit = podol_xmit,
	.ndo_get_stats64 = podol_get_stats64,
	.ndo_get_iflink = podol_get_iflink,
};

static const struct device_type podol_type = {
	.name = "podol",
};

/*
 * What the device offers the stack: big (GSO) TCP and UDP skbs with their
 * checksums left to do; podol carries them whole and marks them for late
 * segmentation (send.c).
 */
#define PODOL_FEATURES (NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_RXCSUM | \
			NETIF_F_HIGHDMA | NETIF_F_GSO_SOFTWARE)

void podol_setup(struct net_device *dev)
{
	struct podol_dev *pd = netdev_priv(dev);

	dev->netdev_ops = &podol_netdev_ops;
	dev->header_ops = &ip_tunnel_header_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->mtu = ETH_DATA_LEN - PODOL_OVERHEAD4;
	dev->min_mtu = IPV4_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - PODOL_OVERHEAD4;
	dev->needs_free_netdev = true;
	dev->features |= PODOL_FEATURES;
	dev->hw_features |= PODOL_FEATURES;
	podol_set_lltx(dev);
	netif_keep_dst(dev);
	SET_NETDEV_DEVTYPE(dev, &podol_type);

	memset(pd, 0, sizeof(*pd));
	pd->dev = dev;
	INIT_LIST_HEAD(&pd->net_entry);
}

/*
 * Closes the sockets and takes the device off its creating netns' list.
 * Idempotent: both the destructor and the netns' pre_exit may call it.
 */
void podol_dev_detach(struct podol_dev *pd)
{
	ASSERT_RTNL();
	list_del_init(&pd->net_entry);
	podol_socket_close(pd);
}

/* Runs after the last reference to an unregistered device is gone. */
static void podol_destruct(struct net_device *dev)
{
	struct podol_dev *pd = netdev_priv(dev);

	rtnl_lock();
	podol_dev_detach(pd);
	rtnl_unlock();

	gro_cells_destroy(&pd->gro_cells);
	podol_free_tstats(dev);
	/* No reader is left: the device is gone and its sockets closed. */
	podol_table_free(rcu_dereference_protected(pd->table, true));
	podol_local_free(rcu_dereference_protected(pd->local, true));
	podol_counters_free(pd->stats);
	pr_debug("%s: device destroyed\n", dev->name);
}

/* Another podol device of this netns bound to the same port and address. */
static struct podol_dev *podol_port_user(struct net *net,
					 const struct podol_cfg *cfg)
{
	struct podol_dev *other;

	ASSERT_RTNL();
	list_for_each_entry(other, &podol_net(net)->devices, net_entry) {
		const struct podol_cfg *o = &other->cfg;

		if (o->port != cfg->port)
			continue;
		if (!o->local_family || !cfg->local_family)
			return other;
		if (o->local_family != cfg->local_family)
			continue;
		if (cfg->local_family == AF_INET ? o->local4 == cfg->local4 :
		    ipv6_addr_equal(&o->local6, &cfg->local6))
			return other;
	}
	return NULL;
}

/*
 * podol's overhead over its underlay's family. A device with an IPv6
 * socket may send over IPv6, so a device without a local address takes
 * the larger IPv6 overhead: one figure that fits a node of either family.
 * Called with the sockets open.
 */
static unsigned int podol_overhead(const struct podol_dev *pd)
{
	return rtnl_dereference(pd->sock6) ? PODOL_OVERHEAD6 : PODOL_OVERHEAD4;
}

/* The underlay MTU, less podol's overhead. */
static void podol_default_mtu(struct net_device *dev,
			      const struct net_device *link)
{
	unsigned int overhead = podol_overhead(netdev_priv(dev));
	unsigned int lower = link ? link->mtu : ETH_DATA_LEN;

	dev->max_mtu = IP_MAX_MTU - overhead;
	dev->mtu = clamp_t(int, lower - overhead, dev->min_mtu, dev->max_mtu);
}

/*
 * The headroom the stack leaves in front of a packet for podol: the outer
 * headers and the underlay's link-layer header (Ethernet's when the
 * underlay is any device), as geneve and vxlan ask. A packet with less is
 * copied once, where the IP forwarding path makes room for the device it
 * leaves by; asking for LL_MAX_HEADER more than that made every forwarded
 * packet of a pod's own small headroom a copy. send.c still makes room
 * for whatever the underlay route turns out to need.
 */
static void podol_set_headroom(struct net_device *dev,
			       const struct net_device *link)
{
	unsigned int ll = link ? link->hard_header_len + link->needed_headroom :
			  ETH_HLEN;

	dev->needed_headroom = ll + podol_overhead(netdev_priv(dev));
}

/*
 * The second half of newlink, once link.c has turned the attributes into
 * pd->cfg. Called with RTNL held.
 */
int podol_dev_register(struct net_device *dev, struct net *src_net,
		       bool mtu_given, struct netlink_ext_ack *extack)
{
	struct podol_dev *pd = netdev_priv(dev);
	struct net_device *link = NULL;
	int err;

	if (pd->cfg.link) {
		link = __dev_get_by_index(src_net, pd->cfg.link);
		if (!link) {
			NL_SET_ERR_MSG(extack,
				       "podol: underlay device does not exist in this network namespace");
			return -ENODEV;
		}
	}
	if (podol_port_user(src_net, &pd->cfg)) {
		NL_SET_ERR_MSG(extack,
			       "podol: another podol device in this netns already uses this UDP port");
		return -EADDRINUSE;
	}
	pd->creating_net = src_net;
	mutex_init(&pd->update_lock);
	pd->table_gen = 1;
	RCU_INIT_POINTER(pd->table, podol_table_new());
	if (!rcu_access_pointer(pd->table))
		return -ENOMEM;
	pd->stats = podol_counters_new();
	if (!pd->stats) {
		err = -ENOMEM;
		goto err_free_table;
	}
	err = podol_alloc_tstats(dev);
	if (err)
		goto err_free_stats;
	err = gro_cells_init(&pd->gro_cells, dev);
	if (err)
		goto err_free_tstats;
	err = podol_socket_open(pd, src_net, extack);
	if (err)
		goto err_gro_cells;
	podol_set_headroom(dev, link);
	if (!mtu_given)
		podol_default_mtu(dev, link);
	err = register_netdevice(dev);
	if (err)
		goto err_close_sockets;

	list_add(&pd->net_entry, &podol_net(src_net)->devices);
	/* Set only now: register_netdevice() must not call it on failure. */
	dev->priv_destructor = podol_destruct;
	pr_debug("%s: device created\n", dev->name);
	return 0;

err_close_sockets:
	podol_socket_close(pd);
err_gro_cells:
	gro_cells_destroy(&pd->gro_cells);
err_free_tstats:
	podol_free_tstats(dev);
err_free_stats:
	podol_counters_free(pd->stats);
err_free_table:
	podol_table_free(rcu_dereference_protected(pd->table, true));
	return err;
}
