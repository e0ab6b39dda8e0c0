/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The printers of podolctl's objects, a node and a device, each one
 * function serving text and JSON alike (print.h).
 */
#ifndef PODOLCTL_SHOW_H
#define PODOLCTL_SHOW_H

#include "../lib/dev.h"
#include "../lib/node.h"

void print_nodes(const struct podol_node_list *l);
void print_devs(const struct podol_dev_list *l);

#endif /* PODOLCTL_SHOW_H */
