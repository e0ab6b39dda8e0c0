// SPDX-License-Identifier: GPL-2.0
/*
 * The device's UDP sockets. They are opened in the netns that created the
 * device and stay there when the device moves: the underlay is that netns'
 * business, the pods' traffic the device's netns'.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/udp_tunnel.h>

#include "device.h"
#include "socket.h"

/*
 * Whether the socket may take GRO hooks. Before 6.10, udp_gro_complete()
 * looked the socket up by the innermost IP header: a socket bound to a
 * specific address is then not found, and the merged packet is handled
 * as plain UDP and lost. A wildcard socket is found whatever the address,
 * so it keeps GRO on those kernels too.
 */
static bool podol_socket_gro_ok(const struct podol_dev *pd)
{
#ifdef PODOL_HAVE_GRO_NETWORK_OFFSETS
	return true;
#else
	return !pd->cfg.local_family;
#endif
}

static struct socket *podol_socket_create(struct podol_dev *pd,
					  struct net *net, sa_family_t family)
{
	struct udp_tunnel_sock_cfg tcfg = {
		.sk_user_data = pd,
		.encap_type = 1,
		.encap_rcv = podol_udp_encap_recv,
		.encap_err_lookup = podol_udp_encap_err_lookup,
	};
	struct udp_port_cfg ucfg = {
		.family = family,
		.local_udp_port = pd->cfg.port,
		.use_udp_checksums = true,
		.use_udp6_tx_checksums = true,
		/*
		 * A device without outer checksums takes IPv6 datagrams
		 * without them too (RFC 6935, 6936: tunnels only).
		 */
		.use_udp6_rx_checksums = pd->cfg.udp_csum,
		.ipv6_v6only = true,
		/*
		 * With an underlay device, a datagram that arrived on another
		 * interface is not the underlay's, whatever its source: the
		 * socket takes only what came in on that device. A device
		 * enslaved to a VRF still matches, as the lookup's sdif.
		 */
		.bind_ifindex = pd->cfg.link,
	};
	struct socket *sock;
	int err;

	if (family == AF_INET)
		ucfg.local_ip.s_addr = pd->cfg.local4;
#if IS_ENABLED(CONFIG_IPV6)
	else
		ucfg.local_ip6 = pd->cfg.local6;
#endif

	err = udp_sock_create(net, &ucfg, &sock);
	if (err)
		return ERR_PTR(err);

	if (podol_socket_gro_ok(pd)) {
		tcfg.gro_receive = podol_gro_receive;
		tcfg.gro_complete = podol_gro_complete;
	}
	setup_udp_tunnel_sock(net, sock, &tcfg);
	pr_debug("%s: socket opened, family %u port %u\n", pd->dev->name,
		 family, be16_to_cpu(pd->cfg.port));
	return sock;
}

/*
 * Closing a socket takes three steps: unhook (clear sk_user_data, so
 * that the receive path no longer finds the device), a grace period, and
 * release. udp_tunnel_sock_release() does all three for one socket; with
 * two sockets per device and many devices per netns, that is a grace
 * period per socket, under RTNL. Here the grace period is shared: by both
 * sockets of a device, and, when the device is being unregistered, by
 * every device of the batch (podol_socket_unhook() from ndo_uninit).
 */

/* Clears the socket's sk_user_data. Whether it was still set. RTNL. */
static bool podol_socket_unhook_one(struct socket __rcu **sockp)
{
	struct socket *sock = rtnl_dereference(*sockp);

	if (!sock || !rcu_access_pointer(__sk_user_data(sock->sk)))
		return false;
	rcu_assign_sk_user_data(sock->sk, NULL);
	return true;
}

/*
 * Called from ndo_uninit while the device is being unregistered, under
 * RTNL: unregister_netdevice_many() waits for a grace period after
 * ndo_uninit, before the device can be freed, and the device (down and
 * unlisted) transmits no more. The sockets stay open, found by their
 * pointers, until podol_socket_close() releases them with no wait.
 */
void podol_socket_unhook(struct podol_dev *pd)
{
	podol_socket_unhook_one(&pd->sock4);
	podol_socket_unhook_one(&pd->sock6);
}

/* Releases an unhooked socket; its readers are gone. RTNL. */
static void podol_socket_release(struct podol_dev *pd,
				 struct socket __rcu **sockp)
{
	struct socket *sock = rtnl_dereference(*sockp);

	if (!sock)
		return;
	RCU_INIT_POINTER(*sockp, NULL);
	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_release(sock);
	pr_debug("%s: socket released\n", pd->dev->name);
}

static int podol_socket_error(int err, struct netlink_ext_ack *extack)
{
	if (err == -EADDRINUSE)
		NL_SET_ERR_MSG(extack,
			       "podol: UDP port is already in use in the creating netns");
	else if (err == -EADDRNOTAVAIL)
		NL_SET_ERR_MSG(extack, "podol: local address is not an address of this host");
	else
		NL_SET_ERR_MSG(extack, "podol: cannot open the UDP socket");
	return err;
}

/*
 * Opens the sockets the device's local address asks for: one of its
 * family, or, with no local address, an IPv4 and an IPv6 wildcard socket.
 * A kernel without IPv6 (or booted with ipv6.disable=1) gets IPv4 only.
 */
int podol_socket_open(struct podol_dev *pd, struct net *net,
		      struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	sa_family_t fam = pd->cfg.local_family;
	struct socket *sock;

	if (fam != AF_INET6) {
		sock = podol_socket_create(pd, net, AF_INET);
		if (IS_ERR(sock))
			return podol_socket_error(PTR_ERR(sock), extack);
		rcu_assign_pointer(pd->sock4, sock);
	}

	if (IS_ENABLED(CONFIG_IPV6) && fam != AF_INET) {
		sock = podol_socket_create(pd, net, AF_INET6);
		if (IS_ERR(sock)) {
			if (PTR_ERR(sock) == -EAFNOSUPPORT && fam == 0)
				return 0;
			podol_socket_close(pd);
			return podol_socket_error(PTR_ERR(sock), extack);
		}
		rcu_assign_pointer(pd->sock6, sock);
	}
	return 0;
}

/* The device's udpcsum changed: the IPv6 socket follows it. RTNL. */
void podol_socket_set_csum(struct podol_dev *pd, bool csum)
{
	struct socket *sock = rtnl_dereference(pd->sock6);

	if (sock)
		udp_set_no_check6_rx(sock->sk, !csum);
}

/*
 * Closes both sockets, with one grace period between unhooking and
 * releasing them, and none at all when podol_socket_unhook() has unhooked
 * both already (the core's grace period after ndo_uninit covers them).
 * Called under RTNL.
 */
void podol_socket_close(struct podol_dev *pd)
{
	bool wait;

	wait = podol_socket_unhook_one(&pd->sock4);
	wait |= podol_socket_unhook_one(&pd->sock6);
	if (wait)
		synchronize_net();
	podol_socket_release(pd, &pd->sock4);
	podol_socket_release(pd, &pd->sock6);
}
