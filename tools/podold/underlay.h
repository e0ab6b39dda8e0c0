/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: this node's underlay: its addresses (given, or the source
 * address the kernel picks toward the store), the interface each is on,
 * that interface's subnet and MTU.
 */
#ifndef PODOLD_UNDERLAY_H
#define PODOLD_UNDERLAY_H

#include <net/if.h>

#include "options.h"
#include "table.h"

struct podold_underlay {
	char ifname[IFNAMSIZ];		/* of the IPv4 address, else the IPv6 */
	unsigned int ifindex;
	unsigned int mtu;
};

/*
 * Fills @self's addresses from @o (or, if none was given, the source
 * address toward the first of @o's endpoints) and their subnets, and @u.
 * -EADDRNOTAVAIL with a message on stderr if an address is not this
 * host's.
 */
int podold_underlay_find(const struct podold_opts *o, struct podold_self *self,
			 struct podold_underlay *u);
/* The overhead of podol's encapsulation over @self's underlay. */
unsigned int podold_underlay_overhead(const struct podold_self *self);

#endif /* PODOLD_UNDERLAY_H */
