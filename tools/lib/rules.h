/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpodol: the rules userspace checks before it sends anything, so that a
 * mistake is named by what is wrong rather than as a kernel refusal. They
 * are the kernel's (module/addr.h, module/netlink_attr.c); each is written once
 * here, for podolctl, the iproute2 plugin and the test helpers alike.
 *
 * Each returns why its value is refused, or NULL when it is fine; the
 * reason reads after the value: "invalid remote \"X\": <reason>".
 */
#ifndef LIBPODOL_RULES_H
#define LIBPODOL_RULES_H

#include <stddef.h>

#include "addr.h"

/*
 * An underlay address (a node's remote, a device's local) is one host's:
 * not loopback, multicast, broadcast, unspecified, 0.0.0.0/8 or an
 * IPv4-mapped IPv6 address. @addr: 4 bytes for AF_INET, 16 for AF_INET6,
 * network order.
 */
const char *podol_underlay_refusal(int family, const void *addr);

/* A UDP port: 1..65535 (0 is no port). */
const char *podol_port_refusal(unsigned long port);

/*
 * A prefix, "ADDR[/LEN]" (no LEN: the whole address), with no host bits
 * set. On refusal, @why (of @size bytes) says why, and -EINVAL is returned.
 */
int podol_parse_cidr(const char *s, struct podol_cidr *c, char *why,
		     size_t size);

#endif /* LIBPODOL_RULES_H */
