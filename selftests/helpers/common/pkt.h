/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet bytes for the selftest helpers: big-endian fields at any
 * alignment, and the Internet checksum (RFC 1071).
 */
#ifndef PODOL_HELPERS_PKT_H
#define PODOL_HELPERS_PKT_H

#include <stddef.h>
#include <stdint.h>

void put16(unsigned char *p, unsigned int v);
void put32(unsigned char *p, uint32_t v);
unsigned int get16(const unsigned char *p);

/* csum_add() adds big-endian 16-bit words to sum, csum_fold() ends. */
uint32_t csum_add(const void *p, size_t len, uint32_t sum);
unsigned int csum_fold(uint32_t sum);

/*
 * The checksum of an L4 segment of len bytes at l4 with the pseudo-header
 * of alen-byte addresses src and dst (4: IPv4, 16: IPv6).
 */
unsigned int csum_l4(const unsigned char *src, const unsigned char *dst,
		     size_t alen, unsigned int proto, const unsigned char *l4,
		     size_t len);

#endif
