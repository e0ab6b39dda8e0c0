/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PODOL_SOCKET_H
#define _PODOL_SOCKET_H

#include <net/net_namespace.h>

struct podol_dev;
struct netlink_ext_ack;

int podol_socket_open(struct podol_dev *pd, struct net *net,
		      struct netlink_ext_ack *extack);
void podol_socket_unhook(struct podol_dev *pd);
void podol_socket_close(struct podol_dev *pd);
void podol_socket_set_csum(struct podol_dev *pd, bool csum);

#endif /* _PODOL_SOCKET_H */
