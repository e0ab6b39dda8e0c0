/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: the cluster's configuration, as `podold config set FILE` takes
 * it and as it is stored, one JSON object at <prefix>config:
 *
 *   {"cidrs": ["10.244.0.0/16", "fd10:244::/56"], "node-prefix-ipv4": 24,
 *    "node-prefix-ipv6": 64, "port": 6464, "id": 0, "mtu": 0,
 *    "direct": "never"}
 *
 * "cidrs" is required: one range per family at most. The rest have the
 * defaults shown (node-prefix-ipv4 24, node-prefix-ipv6 64, port 6464,
 * id 0, mtu 0 = from the underlay, direct "never"). Unknown keys, values
 * of the wrong type and values out of range are refused, named.
 *
 * A family's node prefix is longer than its range's (a node gets a part
 * of the range) and cuts it into at most 2^24 node subnets (cluster.c
 * says why); the IPv4 one is 16..32, the IPv6 one 1..128, checked even
 * for a family the cluster has no range of. A non-zero mtu is at least
 * 576, and 1280 when the cluster has an IPv6 range.
 */
#ifndef PODOLD_CLUSTER_H
#define PODOLD_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

/* One range per family. */
#define PODOLD_MAX_RANGES	2

enum podold_direct {
	PODOLD_DIRECT_NEVER,
	PODOLD_DIRECT_SUBNET,	/* same underlay subnet: a plain route */
};

struct podold_cluster {
	unsigned int nranges;
	struct podol_cidr ranges[PODOLD_MAX_RANGES];	/* IPv4 first */
	uint8_t node_prefix4;	/* > the IPv4 range's length, <= 32 */
	uint8_t node_prefix6;	/* > the IPv6 range's length, <= 128 */
	uint16_t port;		/* 1..65535 */
	uint32_t id;		/* 0..PODOL_ID_MAX */
	uint32_t mtu;		/* 0: from the underlay; else 576..65535 */
	enum podold_direct direct;
};

/*
 * Parses and checks @len bytes of JSON into @c. On refusal returns
 * -EINVAL with the reason in @err ("\"port\": 70000 is out of range
 * 1..65535", "unknown key \"foo\"", "line 3, column 5: ..." for bad
 * JSON). At most PODOLD_JSON_MAX bytes (json.h).
 */
int podold_cluster_parse(const char *json, size_t len,
			 struct podold_cluster *c, char *err, size_t errlen);
/* @c as canonical JSON (every key, one line), malloc()ed; NULL: no memory. */
char *podold_cluster_format(const struct podold_cluster *c);
/* The range of @family, or NULL. */
const struct podol_cidr *podold_cluster_range(const struct podold_cluster *c,
					      int family);
/* The per-node prefix length for @family. */
uint8_t podold_cluster_node_prefix(const struct podold_cluster *c, int family);
/* Whether @a and @b say the same (a config changed, a round trip held). */
bool podold_cluster_equal(const struct podold_cluster *a,
			  const struct podold_cluster *b);

#endif /* PODOLD_CLUSTER_H */
