/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpodol: addresses and prefixes, as podol's netlink carries them
 * (network byte order, 4 or 16 bytes), and their text form.
 */
#ifndef LIBPODOL_ADDR_H
#define LIBPODOL_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct podol_addr {
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t bytes[16];	/* network order; past the 4th zero for IPv4 */
};

struct podol_cidr {
	struct podol_addr addr;
	uint8_t len;		/* prefix length: 0..32 or 0..128 */
};

/* Room podol_format_cidr() needs, with its NUL. */
#define PODOL_CIDR_STRLEN	(46 + 4)

/* 4 for IPv4, 16 for IPv6. */
static inline size_t podol_addr_len(const struct podol_addr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

/* An IPv4 or IPv6 address in text form; 0 or -EINVAL. */
int podol_parse_addr(const char *s, struct podol_addr *a);
/* A decimal number of at most @max, digits only; 0 or -EINVAL. */
int podol_parse_decimal(const char *s, unsigned long max, unsigned long *val);
/* "192.0.2.1", "2001:db8::1"; "?" for an address of no known family. */
void podol_format_addr(const struct podol_addr *a, char *buf, size_t size);
/* "192.168.1.0/24". */
void podol_format_cidr(const struct podol_cidr *c, char *buf, size_t size);
/* Total order: family, then bytes, then length (qsort() and repeats). */
int podol_cmp_cidr(const struct podol_cidr *a, const struct podol_cidr *b);
int podol_cmp_addr(const struct podol_addr *a, const struct podol_addr *b);
/* Clears the bits of @c past its prefix; returns whether any was set. */
bool podol_cidr_clear_host_bits(struct podol_cidr *c);

#endif /* LIBPODOL_ADDR_H */
