/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PODOL_NETNS_H
#define _PODOL_NETNS_H

#include <net/net_namespace.h>

/*
 * What podol keeps per network namespace: the devices this netns created,
 * whose sockets live here. RTNL protects the list.
 */
struct podol_net {
	struct list_head devices;
};

struct podol_net *podol_net(struct net *net);
int podol_netns_init(void);
void podol_netns_exit(void);

#endif /* _PODOL_NETNS_H */
