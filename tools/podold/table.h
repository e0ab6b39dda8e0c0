/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: the node table the store asks for, built from the agent's copy
 * of the store (mirror.h). Its layout under the network's prefix P:
 *
 *   P config             the cluster configuration (cluster.h)
 *   P subnets/CIDR       a claim: the owning node's name, CIDR's "/"
 *                        written "-" (created only if absent, under the
 *                        owner's lease: two nodes never hold one CIDR)
 *   P nodes/NAME         NAME's record (record.h), under its lease
 *
 * A record becomes a peer when each of its CIDRs is a node subnet of a
 * cluster range, claimed by it, and not this node's, and it has an
 * underlay address of a family this node has; otherwise it is skipped
 * with the reason. Claims make two records' CIDRs disjoint; two records
 * with one underlay address: the older record (create revision) wins.
 */
#ifndef PODOLD_TABLE_H
#define PODOLD_TABLE_H

#include "cluster.h"
#include "mirror.h"
#include "node.h"
#include "reccache.h"
#include "record.h"

struct podold_peer {
	char node[PODOLD_NAME_MAX + 1];
	struct podol_node n;	/* n.cidrs points at cidrs */
	struct podol_cidr cidrs[PODOLD_RECORD_CIDRS];
	bool direct;		/* its CIDRs of n.remote's family: a plain
				 * route via n.remote, not podol */
	int64_t create_rev;
};

struct podold_skip {
	char *key;
	char reason[200];
};

struct podold_table {
	struct podold_peer *peers;	/* sorted by remote address */
	size_t npeers;
	struct podold_skip *skipped;	/* in key order */
	size_t nskipped;
};

/* This node, as the table needs it. */
struct podold_self {
	const char *node;
	bool has_ipv4;
	bool has_ipv6;
	struct podol_addr ipv4;
	struct podol_addr ipv6;
	/* The underlay subnets (direct: subnet); len 0 if unknown. */
	struct podol_cidr subnet4;
	struct podol_cidr subnet6;
	unsigned int ncidrs;		/* this node's claimed CIDRs */
	struct podol_cidr cidrs[PODOLD_RECORD_CIDRS];
};

/* The claim key of @c under @prefix, malloc()ed. */
char *podold_claim_key(const char *prefix, const struct podol_cidr *c);
/* The record key of @node under @prefix, malloc()ed. */
char *podold_record_key(const char *prefix, const char *node);
/* Whether @c lies in @range (its prefix is no shorter). */
bool podold_cidr_within(const struct podol_cidr *c,
			const struct podol_cidr *range);

/*
 * 0 or -ENOMEM; @t is then complete, else empty. Records are parsed
 * through @cache, which is swept of the ones gone.
 */
int podold_table_build(const struct podold_mirror *m, const char *prefix,
		       const struct podold_cluster *c,
		       const struct podold_self *self,
		       struct podold_reccache *cache, struct podold_table *t);
void podold_table_free(struct podold_table *t);
/*
 * Whether a direct route carries @c of @p: an IPv6 pod CIDR behind an
 * IPv4 next hop (or the other way) is not a route, so it stays podol's.
 */
static inline bool podold_direct_cidr(const struct podold_peer *p,
				      const struct podol_cidr *c)
{
	return p->direct && c->addr.family == p->n.remote.family;
}

/* Whether two peers would be the same kernel entry and route. */
bool podold_peer_equal(const struct podold_peer *a,
		       const struct podold_peer *b);

#endif /* PODOLD_TABLE_H */
