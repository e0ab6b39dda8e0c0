// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

#include "addr.h"

const char *underlay_addr_refusal(int family, const void *addr)
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
