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

/*
 * A peer: what the kernel's entry and the direct route need, and what
 * decides between two records of one underlay address.
 */
struct podold_peer {
	char node[PODOLD_NAME_MAX + 1];
	struct podol_addr remote;
	uint16_t port;
	bool direct;		/* its CIDRs of remote's family: a plain
				 * route via remote, not podol */
	uint8_t ncidrs;
	struct podol_cidr cidrs[PODOLD_RECORD_CIDRS];
	int64_t create_rev;
	struct podold_parsed *rec;	/* its record's cache entry */
};

struct podold_skip {
	char *key;
	char reason[200];
};

struct podold_table {
	struct podold_peer *peers;	/* sorted by remote address */
	size_t npeers;
	size_t cap;
	struct podold_skip *skipped;	/* in key order */
	size_t nskipped;
	size_t scap;
	size_t overlay;			/* peers with a podol entry */
	size_t direct;			/* peers reached by a direct route */
};

/*
 * One remote address whose peer changed: what it was and what it is
 * (had/has false: no peer there). The kernel applies these.
 */
struct podold_change {
	bool had, has;
	struct podold_peer before, after;
};

struct podold_changes {
	struct podold_change *v;
	size_t n;
	size_t cap;
};

/*
 * The record keys a change touches, for podold_table_update(). Past
 * PODOLD_TOUCH_MAX of them a whole build is cheaper: whole is set.
 */
#define PODOLD_TOUCH_MAX	256

struct podold_touched {
	char *keys[PODOLD_TOUCH_MAX];
	size_t n;
	bool whole;
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
 * The records an event on @key touches, added to @set: nodes/NAME
 * itself; for subnets/CIDR the record of the node @owner names (call it
 * with the claim's value before the event and after). -ENOMEM.
 */
int podold_table_touch(struct podold_touched *set, const char *prefix,
		       const char *key, size_t key_len, const char *owner);
void podold_touched_clear(struct podold_touched *set);

/*
 * @t, built from an older @m, made what podold_table_build() would make
 * of @m now, re-evaluating only the records in @set and those skipped:
 * a record's claims and its underlay address are all that tie it to
 * another (table.c). The peers that changed are added to @ch; the
 * previous skips are left in *@old_skipped (podold_table_free() it).
 * 0, or -ENOMEM: then @t is empty and a whole build is due.
 */
int podold_table_update(const struct podold_mirror *m, const char *prefix,
			const struct podold_cluster *c,
			const struct podold_self *self,
			struct podold_reccache *cache, struct podold_table *t,
			const struct podold_touched *set,
			struct podold_table *old_skipped,
			struct podold_changes *ch);
/* The peers that differ between @old and @new, added to @ch. -ENOMEM. */
int podold_table_diff(const struct podold_table *old,
		      const struct podold_table *new,
		      struct podold_changes *ch);
void podold_changes_free(struct podold_changes *ch);
/*
 * Whether a direct route carries @c of @p: an IPv6 pod CIDR behind an
 * IPv4 next hop (or the other way) is not a route, so it stays podol's.
 */
static inline bool podold_direct_cidr(const struct podold_peer *p,
				      const struct podol_cidr *c)
{
	return p->direct && c->addr.family == p->remote.family;
}

/* Whether two peers would be the same kernel entry and route. */
bool podold_peer_equal(const struct podold_peer *a,
		       const struct podold_peer *b);

#endif /* PODOLD_TABLE_H */
