// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"

int podol_parse_decimal(const char *s, unsigned long max, unsigned long *val)
{
	unsigned long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned int digit = *s - '0';

		if (*s < '0' || *s > '9')
			return -EINVAL;
		/* Checked before each digit, so v never wraps. */
		if (digit > max || v > (max - digit) / 10)
			return -EINVAL;
		v = v * 10 + digit;
	}
	*val = v;
	return 0;
}

int podol_parse_addr(const char *s, struct podol_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->bytes) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->bytes) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

void podol_format_addr(const struct podol_addr *a, char *buf, size_t size)
{
	if (!inet_ntop(a->family, a->bytes, buf, size))
		snprintf(buf, size, "?");
}

void podol_format_cidr(const struct podol_cidr *c, char *buf, size_t size)
{
	size_t used;

	podol_format_addr(&c->addr, buf, size);
	used = strlen(buf);
	snprintf(buf + used, size - used, "/%u", c->len);
}

int podol_cmp_addr(const struct podol_addr *a, const struct podol_addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}

int podol_cmp_cidr(const struct podol_cidr *a, const struct podol_cidr *b)
{
	int ret = podol_cmp_addr(&a->addr, &b->addr);

	if (ret)
		return ret;
	return (a->len > b->len) - (a->len < b->len);
}

bool podol_cidr_clear_host_bits(struct podol_cidr *c)
{
	unsigned int bits = podol_addr_len(&c->addr) * 8, i;
	bool was_set = false;

	for (i = c->len; i < bits; i++) {
		uint8_t mask = 0x80 >> (i % 8);

		if (c->addr.bytes[i / 8] & mask) {
			c->addr.bytes[i / 8] &= ~mask;
			was_set = true;
		}
	}
	return was_set;
}
