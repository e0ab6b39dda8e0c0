// SPDX-License-Identifier: GPL-2.0
/* Packet bytes: see pkt.h. */
#include "pkt.h"

void put16(unsigned char *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v;
}

void put32(unsigned char *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

unsigned int get16(const unsigned char *p)
{
	return p[0] << 8 | p[1];
}

uint32_t csum_add(const void *p, size_t len, uint32_t sum)
{
	const unsigned char *b = p;

	for (; len > 1; b += 2, len -= 2)
		sum += get16(b);
	if (len)
		sum += (uint32_t)b[0] << 8;
	return sum;
}

unsigned int csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

unsigned int csum_l4(const unsigned char *src, const unsigned char *dst,
		     size_t alen, unsigned int proto, const unsigned char *l4,
		     size_t len)
{
	uint32_t sum;

	sum = csum_add(src, alen, 0);
	sum = csum_add(dst, alen, sum);
	sum += proto + (len >> 16) + (len & 0xffff);
	return csum_fold(csum_add(l4, len, sum));
}
