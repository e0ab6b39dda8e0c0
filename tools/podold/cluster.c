// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/podol.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "json.h"

/*
 * A range is cut into at most 2^24 node subnets: more nodes than any
 * cluster has, and a bitmap of the subnets in use stays within 2 MiB.
 * Past that, a node prefix is far more likely a slip (a /64 node prefix
 * in a /16 IPv6 range) than a plan.
 */
#define NODE_BITS_MAX		24

/* The IPv4 node prefix: a /16 holds 65534 pods, more than a node runs. */
#define NODE_PREFIX4_MIN	16

/* The smallest MTU of IPv4 (RFC 791's 576) and IPv6 (RFC 8200's 1280). */
#define MTU_MIN			576
#define MTU_MIN_IPV6		1280

static const struct podold_json_key cluster_keys[] = {
	{ "cidrs", true },
	{ "node-prefix-ipv4", false },
	{ "node-prefix-ipv6", false },
	{ "port", false },
	{ "id", false },
	{ "mtu", false },
	{ "direct", false },
};

/* The values of "direct", indexed by enum podold_direct. */
static const char *const direct_names[] = {
	[PODOLD_DIRECT_NEVER] = "never",
	[PODOLD_DIRECT_SUBNET] = "subnet",
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

const struct podol_cidr *podold_cluster_range(const struct podold_cluster *c,
					      int family)
{
	unsigned int i;

	for (i = 0; i < c->nranges; i++)
		if (c->ranges[i].addr.family == family)
			return &c->ranges[i];
	return NULL;
}

uint8_t podold_cluster_node_prefix(const struct podold_cluster *c, int family)
{
	return family == AF_INET ? c->node_prefix4 : c->node_prefix6;
}

/* The node prefix of @family against its range, if the cluster has one. */
static int check_node_prefix(const struct podold_cluster *c, int family,
			     char *err, size_t errlen)
{
	const struct podol_cidr *range = podold_cluster_range(c, family);
	uint8_t np = podold_cluster_node_prefix(c, family);
	const char *key = family == AF_INET ? "node-prefix-ipv4" :
					      "node-prefix-ipv6";
	char r[PODOL_CIDR_STRLEN];

	if (!range)
		return 0;
	podol_format_cidr(range, r, sizeof(r));
	if (np <= range->len) {
		snprintf(err, errlen,
			 "\"%s\": %u must be longer than the range %s, or it leaves no room for a node",
			 key, np, r);
		return -EINVAL;
	}
	if (np - range->len > NODE_BITS_MAX) {
		snprintf(err, errlen,
			 "\"%s\": %u cuts the range %s into 2^%u node subnets, more than 2^%u",
			 key, np, r, np - range->len, NODE_BITS_MAX);
		return -EINVAL;
	}
	return 0;
}

int podold_cluster_parse(const char *json, size_t len,
			 struct podold_cluster *c, char *err, size_t errlen)
{
	unsigned long np4 = 24, np6 = 64, port = PODOL_DEFAULT_PORT, id = 0,
		      mtu = 0;
	unsigned int direct = PODOLD_DIRECT_NEVER;
	json_t *root;
	int ret = -EINVAL;

	root = podold_json_load(json, len, err, errlen);
	if (!root)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	if (podold_json_check_keys(root, cluster_keys, ARRAY_SIZE(cluster_keys),
				   err, errlen) ||
	    podold_json_cidrs(root, "cidrs", c->ranges, PODOLD_MAX_RANGES,
			      &c->nranges, err, errlen) < 0 ||
	    podold_json_uint(root, "node-prefix-ipv4", NODE_PREFIX4_MIN, 32,
			     &np4, err, errlen) < 0 ||
	    podold_json_uint(root, "node-prefix-ipv6", 1, 128, &np6, err,
			     errlen) < 0 ||
	    podold_json_uint(root, "port", 1, UINT16_MAX, &port, err,
			     errlen) < 0 ||
	    podold_json_uint(root, "id", 0, PODOL_ID_MAX, &id, err,
			     errlen) < 0 ||
	    podold_json_uint(root, "mtu", 0, UINT16_MAX, &mtu, err,
			     errlen) < 0 ||
	    podold_json_enum(root, "direct", direct_names,
			     ARRAY_SIZE(direct_names), &direct, err,
			     errlen) < 0)
		goto out;
	c->node_prefix4 = np4;
	c->node_prefix6 = np6;
	c->port = port;
	c->id = id;
	c->mtu = mtu;
	c->direct = direct;
	if (check_node_prefix(c, AF_INET, err, errlen) ||
	    check_node_prefix(c, AF_INET6, err, errlen))
		goto out;
	if (mtu && mtu < MTU_MIN) {
		snprintf(err, errlen,
			 "\"mtu\": %lu is out of range %u..%u (or 0: the underlay's)",
			 mtu, MTU_MIN, UINT16_MAX);
		goto out;
	}
	/* Pods of an IPv6 range need a link IPv6 can run on. */
	if (mtu && mtu < MTU_MIN_IPV6 && podold_cluster_range(c, AF_INET6)) {
		snprintf(err, errlen,
			 "\"mtu\": %lu is below IPv6's minimum, %u, and the cluster has an IPv6 range",
			 mtu, MTU_MIN_IPV6);
		goto out;
	}
	ret = 0;
out:
	json_decref(root);
	return ret;
}

char *podold_cluster_format(const struct podold_cluster *c)
{
	json_t *root;
	char *s;

	/* Keys in the order cluster.h shows them. */
	root = json_pack("{s:o, s:i, s:i, s:i, s:I, s:I, s:s}",
			 "cidrs", podold_json_cidr_array(c->ranges, c->nranges),
			 "node-prefix-ipv4", c->node_prefix4,
			 "node-prefix-ipv6", c->node_prefix6,
			 "port", c->port,
			 "id", (json_int_t)c->id,
			 "mtu", (json_int_t)c->mtu,
			 "direct", direct_names[c->direct]);
	if (!root)
		return NULL;
	s = podold_json_dumps(root);
	json_decref(root);
	return s;
}

bool podold_cluster_equal(const struct podold_cluster *a,
			  const struct podold_cluster *b)
{
	unsigned int i;

	if (a->nranges != b->nranges || a->node_prefix4 != b->node_prefix4 ||
	    a->node_prefix6 != b->node_prefix6 || a->port != b->port ||
	    a->id != b->id || a->mtu != b->mtu || a->direct != b->direct)
		return false;
	for (i = 0; i < a->nranges; i++)
		if (podol_cmp_cidr(&a->ranges[i], &b->ranges[i]))
			return false;
	return true;
}
