/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: what the agent owns in the kernel: its podol device (created if
 * missing, its MTU and local CIDRs), the device's node table, and the
 * routes of protocol PODOLD_RTPROT: the cluster ranges into the device,
 * and direct routes (CIDR via ADDR dev UNDERLAY) to same-subnet nodes.
 *
 * The table goes in whole with one NODE_REPLACE (start-up, resync) or as
 * the difference from what was applied (watch events); a difference the
 * kernel refuses falls back to a whole replace, so the kernel never holds
 * a half-applied change for long, and never a table that is neither the
 * old nor the new one. Routes are reconciled against a dump of the
 * protocol's routes on each replace and whenever a direct peer changed,
 * so stale ones from an earlier run go too.
 */
#ifndef PODOLD_KERNEL_H
#define PODOLD_KERNEL_H

#include <net/if.h>

#include "cluster.h"
#include "nl.h"
#include "table.h"

/* The routing protocol number of podold's routes (rt_protos: "podol"). */
#define PODOLD_RTPROT	64

struct podold_kernel {
	struct podol_nl genl;
	struct podol_nl rt;
	char dev[IFNAMSIZ];
	unsigned int underlay_ifindex;	/* for direct routes; 0: none */
	bool synced;			/* the kernel holds the table the
					 * changes apply to */
};

/* Both sockets; -ENOENT with a message if podol is not loaded. */
int podold_kernel_open(struct podold_kernel *k, const char *dev);
void podold_kernel_close(struct podold_kernel *k);

/* The device, created (up) with @c's port and id and @local's addresses. */
int podold_kernel_ensure_dev(struct podold_kernel *k,
			     const struct podold_cluster *c,
			     const struct podold_self *local);
int podold_kernel_set_mtu(struct podold_kernel *k, unsigned int mtu);
int podold_kernel_set_local(struct podold_kernel *k,
			    const struct podol_cidr *cidrs, unsigned int n);

/* The whole table, in one NODE_REPLACE, and the routes. */
int podold_kernel_replace(struct podold_kernel *k, const struct podold_table *t,
			  const struct podold_cluster *c);
/*
 * The changes @ch that made @t (podold_table_update() or _diff()); a
 * refusal, or a kernel not known to hold the table before them, falls
 * back to podold_kernel_replace() of @t. Routes are reconciled only if
 * a direct peer came, went or changed.
 */
int podold_kernel_update(struct podold_kernel *k, const struct podold_table *t,
			 const struct podold_changes *ch,
			 const struct podold_cluster *c);
/* Empties the table and removes podold's routes (podold leave). */
int podold_kernel_flush(struct podold_kernel *k);

/* The last failure's message. */
const char *podold_kernel_error(const struct podold_kernel *k);

#endif /* PODOLD_KERNEL_H */
