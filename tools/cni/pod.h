/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol CNI plugin: the pod's plumbing, over rtnetlink (libpodol's nl.h).
 *
 * ptp-shaped, like Calico's: a veth pair, one end on the node, the other
 * moved into the pod's netns under CNI_IFNAME. In the pod, each address
 * as a /32 or /128, a default route via a link-local gateway (169.254.1.1
 * onlink, fe80::1) and a permanent neighbour entry giving that gateway
 * the node end's MAC. On the node, a /32 or /128 route to each address
 * through the node end, and a permanent neighbour entry for it: neither
 * side ever resolves the other, so the node needs no address of its own
 * and no proxy ARP or NDP. The node's forwarding is the node's business.
 *
 * Deleting the node end deletes the pair, and with it every route and
 * neighbour entry above: that is the whole of detaching.
 */
#ifndef PODOL_CNI_POD_H
#define PODOL_CNI_POD_H

#include <stdbool.h>

#include "nl.h"
#include "result.h"

/* rtnetlink sockets in the node's netns and, if opened, the pod's. */
struct pod_ns {
	struct podol_nl host;
	struct podol_nl pod;
	int netns_fd;			/* the pod's netns, or -1 */
};

/*
 * Opens the node's socket and, if @netns is not NULL, the pod's: a path
 * that does not exist is code 3, one that is no netns code 4.
 * pod_ns_close() cleans up, after a failure too.
 */
int pod_ns_open(struct pod_ns *p, const char *netns, struct cni_err *e);
void pod_ns_close(struct pod_ns *p);

/* Whether the pod's netns has an interface @name: 1, 0 or -errno. */
int pod_has_if(struct pod_ns *p, const char *name, struct cni_err *e);

/*
 * Builds the attachment @r describes (host_if, pod_if, mtu, ips) and
 * fills in the MACs. On failure part of it may be left: pod_detach().
 */
int pod_attach(struct pod_ns *p, struct cni_result *r, struct cni_err *e);

/* Deletes the node end @host_if, and so the pair; 0 if it is gone. */
int pod_detach(struct pod_ns *p, const char *host_if, struct cni_err *e);

/*
 * CHECK: the attachment is as @r (host_if, pod_if, ips) says: both ends
 * up, the pod's addresses and default routes, the node's routes.
 */
int pod_check(struct pod_ns *p, const struct cni_result *r,
	      struct cni_err *e);

#endif /* PODOL_CNI_POD_H */
