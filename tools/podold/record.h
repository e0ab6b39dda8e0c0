/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: a node's record, as each agent publishes it under its lease at
 * <prefix>nodes/<name>:
 *
 *   {"node": "n1", "ipv4": "10.0.0.11", "ipv6": "fd00::11", "port": 6464,
 *    "cidrs": ["10.244.1.0/24", "fd10:244:0:1::/64"]}
 *
 * "node" (a name: 1..63 of a-z, 0-9, '.', '-' and '_', starting and
 * ending with a letter or digit), at least one of "ipv4"/"ipv6" (unicast
 * underlay addresses of their family), "port" (1..65535) and "cidrs" (1
 * or 2 prefixes "ADDR/LEN" with no host bits, at most one per family)
 * are required; unknown keys are
 * refused. What a record means for the cluster (its CIDRs are in the
 * ranges, claimed by it, overlap nobody's) is the table's to check
 * (table.c); this is the record on its own.
 */
#ifndef PODOLD_RECORD_H
#define PODOLD_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"

#define PODOLD_NAME_MAX		63
#define PODOLD_RECORD_CIDRS	2

struct podold_record {
	char node[PODOLD_NAME_MAX + 1];
	bool has_ipv4;
	bool has_ipv6;
	struct podol_addr ipv4;
	struct podol_addr ipv6;
	uint16_t port;
	unsigned int ncidrs;
	struct podol_cidr cidrs[PODOLD_RECORD_CIDRS];	/* IPv4 first */
};

/* A node name's refusal, or NULL when @name is one (record.h's rule). */
const char *podold_name_refusal(const char *name);
/*
 * Parses and checks @len bytes of JSON into @r; -EINVAL with the reason
 * in @err on refusal, as podold_cluster_parse() does.
 */
int podold_record_parse(const char *json, size_t len, struct podold_record *r,
			char *err, size_t errlen);
/* @r as canonical JSON, malloc()ed; NULL: no memory. */
char *podold_record_format(const struct podold_record *r);
/* Whether @a and @b say the same (a record changed, a round trip held). */
bool podold_record_equal(const struct podold_record *a,
			 const struct podold_record *b);

#endif /* PODOLD_RECORD_H */
