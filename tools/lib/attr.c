// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"

size_t podol_cidr_attr_size(const struct podol_cidr *c)
{
	return MNL_ATTR_HDRLEN + podol_attr_size(podol_addr_len(&c->addr)) +
	       podol_attr_size(sizeof(uint8_t));
}

void podol_put_addr(struct podol_msg *m, uint16_t type,
		    const struct podol_addr *a)
{
	podol_put(m, type, podol_addr_len(a), a->bytes);
}

void podol_put_cidr(struct podol_msg *m, uint16_t type,
		    const struct podol_cidr *c)
{
	struct nlattr *nest = podol_nest_start(m, type);

	podol_put_addr(m, PODOL_CIDR_A_ADDR, &c->addr);
	podol_put_u8(m, PODOL_CIDR_A_PREFIXLEN, c->len);
	podol_nest_end(m, nest);
}

int podol_get_addr(struct podol_nl *nl, const struct nlattr *a,
		   struct podol_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	switch (mnl_attr_get_payload_len(a)) {
	case 4:
		addr->family = AF_INET;
		break;
	case 16:
		addr->family = AF_INET6;
		break;
	default:
		return podol_nl_bad_reply(nl, "an address neither 4 nor 16 bytes long");
	}
	memcpy(addr->bytes, mnl_attr_get_payload(a), podol_addr_len(addr));
	return 0;
}

int podol_get_cidr(struct podol_nl *nl, const struct nlattr *nest,
		   struct podol_cidr *c)
{
	static const enum mnl_attr_data_type policy[PODOL_CIDR_A_MAX + 1] = {
		[PODOL_CIDR_A_PREFIXLEN]	= MNL_TYPE_U8,
	};
	const struct nlattr *tb[PODOL_CIDR_A_MAX + 1] = { NULL };
	int ret;

	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
		return podol_nl_bad_reply(nl, "an attribute of the wrong size");
	ret = podol_parse_nest(nl, nest, tb, PODOL_CIDR_A_MAX, policy);
	if (ret)
		return ret;
	if (!tb[PODOL_CIDR_A_ADDR] || !tb[PODOL_CIDR_A_PREFIXLEN])
		return podol_nl_bad_reply(nl, "a cidr without its address or length");
	ret = podol_get_addr(nl, tb[PODOL_CIDR_A_ADDR], &c->addr);
	if (ret)
		return ret;
	c->len = mnl_attr_get_u8(tb[PODOL_CIDR_A_PREFIXLEN]);
	if (c->len > podol_addr_len(&c->addr) * 8)
		return podol_nl_bad_reply(nl, "a prefix length too long for its address");
	return 0;
}

/* Doubling from 4: amortised, and a node's handful fits the first. */
int podol_append_cidr(struct podol_nl *nl, const struct nlattr *nest,
		      struct podol_cidr **v, unsigned int *n)
{
	struct podol_cidr c;
	int ret;

	ret = podol_get_cidr(nl, nest, &c);
	if (ret)
		return ret;
	if (*n >= 4 && !(*n & (*n - 1))) {
		struct podol_cidr *nv = realloc(*v, *n * 2 * sizeof(*nv));

		if (!nv)
			return podol_nl_fail(nl, -ENOMEM, "out of memory");
		*v = nv;
	} else if (!*v) {
		*v = malloc(4 * sizeof(**v));
		if (!*v)
			return podol_nl_fail(nl, -ENOMEM, "out of memory");
	}
	(*v)[(*n)++] = c;
	return 0;
}

int podol_get_ifname(struct podol_nl *nl, const struct nlattr *a, char *name)
{
	size_t len;

	if (!a)
		return podol_nl_bad_reply(nl, "no device name");
	len = strlen(mnl_attr_get_str(a));
	if (len >= IFNAMSIZ)
		return podol_nl_bad_reply(nl, "a device name too long");
	memcpy(name, mnl_attr_get_str(a), len + 1);
	return 0;
}
