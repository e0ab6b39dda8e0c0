/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: this node's membership: a lease, its claimed CIDRs (one node
 * subnet of each cluster range) and its record, all under the lease.
 *
 * A node keeps its CIDRs: at (re)join it first looks for claims that
 * already carry its name (its lease may still be alive, or it expired but
 * nobody took them yet) and moves them onto its lease with a transaction
 * that fails if they changed meanwhile; only then does it claim a free
 * subnet, with create-if-absent, so two nodes never hold one CIDR.
 */
#ifndef PODOLD_MEMBER_H
#define PODOLD_MEMBER_H

#include "cluster.h"
#include "etcd.h"
#include "mirror.h"
#include "table.h"

struct podold_member {
	const char *prefix;
	const char *node;
	int64_t ttl;
	int64_t lease;		/* 0: none yet */
	long long next_keepalive_ms;
	unsigned int ncidrs;
	struct podol_cidr cidrs[PODOLD_RECORD_CIDRS];
};

/*
 * Takes a lease (or keeps @m->lease if it is alive), the node's CIDRs and
 * publishes @self's record with @port. @listing (may be NULL) is a recent
 * copy of the network's keys: the claims are first looked up there, which
 * spares a listing of the store at start-up; a claim that raced it lists
 * them again. 0, or -errno with the reason in etcd_error() or logged.
 */
int podold_member_join(struct podold_member *m, struct etcd *e,
		       const struct podold_cluster *c,
		       const struct podold_self *self, uint16_t port,
		       const struct podold_mirror *listing);
/*
 * Keeps the lease alive if it is time; -ENOENT when it expired (join
 * again), -ENOTCONN when the store is out of reach (try again later).
 */
int podold_member_keepalive(struct podold_member *m, struct etcd *e);
/* The milliseconds until the next keepalive is due (>= 0). */
long podold_member_wait_ms(const struct podold_member *m);
/*
 * Gives back this node's record and CIDRs, found by name (podold leave:
 * the agent that held the lease may be gone).
 */
int podold_member_leave(struct etcd *e, const char *prefix, const char *node);

#endif /* PODOLD_MEMBER_H */
