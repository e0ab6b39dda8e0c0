/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What podolctl and the iproute2 plugin share: the rule for an underlay
 * address, the same as the kernel's (module/addr.h), so that a mistake is
 * named before anything is sent.
 */
#ifndef PODOL_TOOLS_ADDR_H
#define PODOL_TOOLS_ADDR_H

/*
 * Why @addr (4 bytes for AF_INET, 16 for AF_INET6, network order) cannot
 * be an underlay address, or NULL when it can.
 */
const char *underlay_addr_refusal(int family, const void *addr);

#endif
