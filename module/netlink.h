/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PODOL_NETLINK_H
#define _PODOL_NETLINK_H

int podol_genl_init(void);
void podol_genl_exit(void);

#endif /* _PODOL_NETLINK_H */
