// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "log.h"
#include "underlay.h"

/* The host of the first URL of @endpoints, and its port (default 2379). */
static int first_host(const char *endpoints, char *host, size_t hsize,
		      char *port, size_t psize)
{
	const char *p = strstr(endpoints, "://"), *end, *colon;
	size_t len;

	p = p ? p + 3 : endpoints;
	end = p + strcspn(p, ",/");
	snprintf(port, psize, "2379");
	if (*p == '[') {
		colon = memchr(p, ']', end - p);
		if (!colon)
			return -EINVAL;
		len = colon - p - 1;
		p++;
		colon++;
	} else {
		colon = memchr(p, ':', end - p);
		len = (colon ? colon : end) - p;
	}
	if (!len || len >= hsize)
		return -EINVAL;
	memcpy(host, p, len);
	host[len] = '\0';
	if (colon && *colon == ':' && end - colon > 1 &&
	    (size_t)(end - colon - 1) < psize) {
		memcpy(port, colon + 1, end - colon - 1);
		port[end - colon - 1] = '\0';
	}
	return 0;
}

/* The source address the kernel would use toward the store. */
static int source_toward(const char *endpoints, struct podol_addr *a)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *res;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[256], port[16];
	int fd, ret;

	if (first_host(endpoints, host, sizeof(host), port, sizeof(port)) ||
	    getaddrinfo(host, port, &hints, &res)) {
		log_err("cannot tell the underlay address from the endpoint \"%s\": give --underlay-ip",
			endpoints);
		return -EINVAL;
	}
	fd = socket(res->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ret = fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) ||
	      getsockname(fd, (struct sockaddr *)&ss, &len) ? -errno : 0;
	if (fd >= 0)
		close(fd);
	freeaddrinfo(res);
	if (ret) {
		log_err("no route toward the store at %s: %s", host, strerror(-ret));
		return ret;
	}
	memset(a, 0, sizeof(*a));
	a->family = ss.ss_family;
	if (a->family == AF_INET)
		memcpy(a->bytes, &((struct sockaddr_in *)&ss)->sin_addr, 4);
	else
		memcpy(a->bytes, &((struct sockaddr_in6 *)&ss)->sin6_addr, 16);
	return 0;
}

static unsigned int mask_len(const struct sockaddr *sa)
{
	const uint8_t *b;
	unsigned int n = 0, i, len;

	if (!sa)
		return 0;
	if (sa->sa_family == AF_INET) {
		b = (const uint8_t *)&((const struct sockaddr_in *)sa)->sin_addr;
		len = 4;
	} else {
		b = (const uint8_t *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
		len = 16;
	}
	for (i = 0; i < len; i++)
		n += __builtin_popcount(b[i]);
	return n;
}

/* The interface holding @a: its name, and @a's subnet. */
static int find_iface(const struct ifaddrs *ifa, const struct podol_addr *a,
		      char *ifname, struct podol_cidr *subnet)
{
	const void *bytes;

	for (; ifa; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != a->family)
			continue;
		bytes = a->family == AF_INET ?
			(const void *)&((struct sockaddr_in *)ifa->ifa_addr)->sin_addr :
			(const void *)&((struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr;
		if (memcmp(bytes, a->bytes, podol_addr_len(a)))
			continue;
		snprintf(ifname, IFNAMSIZ, "%s", ifa->ifa_name);
		subnet->addr = *a;
		subnet->len = mask_len(ifa->ifa_netmask);
		podol_cidr_clear_host_bits(subnet);
		return 0;
	}
	return -EADDRNOTAVAIL;
}

static unsigned int iface_mtu(const char *ifname)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	unsigned int mtu = 1500;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (fd >= 0 && !ioctl(fd, SIOCGIFMTU, &ifr))
		mtu = ifr.ifr_mtu;
	if (fd >= 0)
		close(fd);
	return mtu;
}

int podold_underlay_find(const struct podold_opts *o, struct podold_self *self,
			 struct podold_underlay *u)
{
	char name4[IFNAMSIZ] = "", name6[IFNAMSIZ] = "", text[INET6_ADDRSTRLEN];
	struct ifaddrs *ifa;
	struct podol_addr a;
	int ret;

	self->has_ipv4 = o->has_ipv4;
	self->has_ipv6 = o->has_ipv6;
	self->ipv4 = o->ipv4;
	self->ipv6 = o->ipv6;
	if (!self->has_ipv4 && !self->has_ipv6) {
		ret = source_toward(o->endpoints, &a);
		if (ret)
			return ret;
		if (a.family == AF_INET) {
			self->ipv4 = a;
			self->has_ipv4 = true;
		} else {
			self->ipv6 = a;
			self->has_ipv6 = true;
		}
	}
	if (getifaddrs(&ifa))
		return -errno;
	ret = 0;
	if (self->has_ipv4 && find_iface(ifa, &self->ipv4, name4, &self->subnet4)) {
		podol_format_addr(&self->ipv4, text, sizeof(text));
		ret = -EADDRNOTAVAIL;
	}
	if (!ret && self->has_ipv6 &&
	    find_iface(ifa, &self->ipv6, name6, &self->subnet6)) {
		podol_format_addr(&self->ipv6, text, sizeof(text));
		ret = -EADDRNOTAVAIL;
	}
	freeifaddrs(ifa);
	if (ret) {
		log_err("the underlay address %s is not one of this host's", text);
		return ret;
	}
	snprintf(u->ifname, sizeof(u->ifname), "%s", name4[0] ? name4 : name6);
	u->ifindex = if_nametoindex(u->ifname);
	u->mtu = iface_mtu(u->ifname);
	return 0;
}

unsigned int podold_underlay_overhead(const struct podold_self *self)
{
	/* Outer IP, UDP and podol's 8 bytes; IPv6 when that is all there is. */
	return (self->has_ipv4 ? 20 : 40) + 8 + 8;
}
