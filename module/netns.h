/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PODOL_NETNS_H
#define _PODOL_NETNS_H

#include <net/net_namespace.h>

/*
 * What podol keeps per network namespace: the devices this netns created,
 * whose sockets live here (RTNL protects the list), and a generation of
 * the podol devices that live here, bumped under RTNL whenever one comes
 * or goes (created, deleted, moved in or out): the device dump reads it
 * without RTNL to tell whether it spanned a change.
 */
struct podol_net {
	struct list_head devices;
	unsigned int dev_gen;
};

struct podol_net *podol_net(struct net *net);
unsigned int podol_net_dev_gen(struct net *net);
int podol_netns_init(void);
void podol_netns_exit(void);

#endif /* _PODOL_NETNS_H */
