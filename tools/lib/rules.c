// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"

const char *podol_underlay_refusal(int family, const void *addr)
{
	if (family == AF_INET) {
		uint32_t h;

		memcpy(&h, addr, sizeof(h));
		h = ntohl(h);
		if ((h >> 24) == IN_LOOPBACKNET)
			return "is a loopback address, not a host's";
		if (IN_MULTICAST(h))
			return "is a multicast address, not a host's";
		if (h == INADDR_BROADCAST)
			return "is the broadcast address, not a host's";
		if (h == INADDR_ANY)
			return "is the unspecified address, not a host's";
		if (!(h >> 24))
			return "is in 0.0.0.0/8 (this network), not a host's";
		return NULL;
	} else {
		struct in6_addr a;

		memcpy(&a, addr, sizeof(a));
		if (IN6_IS_ADDR_LOOPBACK(&a))
			return "is a loopback address, not a host's";
		if (IN6_IS_ADDR_MULTICAST(&a))
			return "is a multicast address, not a host's";
		if (IN6_IS_ADDR_UNSPECIFIED(&a))
			return "is the unspecified address, not a host's";
		if (IN6_IS_ADDR_V4MAPPED(&a))
			return "is an IPv4-mapped IPv6 address; give the IPv4 address itself";
		return NULL;
	}
}

const char *podol_port_refusal(unsigned long port)
{
	return port && port <= UINT16_MAX ? NULL : "must be 1..65535";
}

int podol_parse_cidr(const char *s, struct podol_cidr *c, char *why,
		     size_t size)
{
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	char buf[INET6_ADDRSTRLEN];
	unsigned long len, max;

	/* Too long for any address: no need to copy it to know. */
	if (alen >= sizeof(buf))
		goto bad_addr;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (podol_parse_addr(buf, &c->addr))
		goto bad_addr;
	max = podol_addr_len(&c->addr) * 8;
	if (!slash) {
		len = max;
	} else if (podol_parse_decimal(slash + 1, max, &len)) {
		snprintf(why, size, "the prefix length must be 0..%lu", max);
		return -EINVAL;
	}
	c->len = len;
	if (podol_cidr_clear_host_bits(c)) {
		char fixed[PODOL_CIDR_STRLEN];

		podol_format_cidr(c, fixed, sizeof(fixed));
		snprintf(why, size, "host bits set (did you mean %s?)", fixed);
		return -EINVAL;
	}
	return 0;

bad_addr:
	snprintf(why, size, "not an IPv4 or IPv6 address");
	return -EINVAL;
}
