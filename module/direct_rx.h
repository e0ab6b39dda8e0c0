/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _PODOL_DIRECT_RX_H
#define _PODOL_DIRECT_RX_H

struct podol_dev;

int podol_direct_rx_update(struct podol_dev *pd);

#endif /* _PODOL_DIRECT_RX_H */
