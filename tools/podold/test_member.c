// SPDX-License-Identifier: GPL-2.0
/*
 * The membership's tests (member.c), against a real etcd that
 * tools/check/etcd.sh starts:
 *
 *   test_member ENDPOINTS
 *
 * Nodes join under a prefix of their own: each gets a CIDR of its own,
 * also when it joins with a listing older than another's claim; a node
 * that comes back keeps its CIDR, with its lease or a new one; after
 * the cluster's range changed, a node claims in the new range and gives
 * back its claim in the old one; leave takes the record and the claims.
 * Prints KTAP; exits 1 if a test failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "etcd.h"
#include "member.h"
#include "mirror.h"
#include "table.h"
#include "test_store.h"

#define PREFIX	"/podol-test-member/"

static struct etcd *e;

static bool cluster(const char *json, struct podold_cluster *c)
{
	char err[200];

	CHECK(!podold_cluster_parse(json, strlen(json), c, err, sizeof(err)),
	      "%s", err);
	return true;
}

static const struct podold_self self = {
	.has_ipv4 = true,
	.ipv4 = { .family = AF_INET, .bytes = { 172, 16, 0, 1 } },
};

static struct podold_member member(const char *node, int64_t lease)
{
	return (struct podold_member){ .prefix = PREFIX, .node = node,
				       .ttl = 60, .lease = lease };
}

/* The owner the store names for @m's first CIDR ("" if unclaimed). */
static const char *owner(const struct podold_member *m)
{
	static char name[64];
	struct etcd_kvs kvs;
	char *key = podold_claim_key(PREFIX, &m->cidrs[0]);

	name[0] = '\0';
	if (key && !etcd_get(e, key, &kvs)) {
		if (kvs.n)
			snprintf(name, sizeof(name), "%s", kvs.v[0].value);
		etcd_kvs_free(&kvs);
	}
	free(key);
	return name;
}

static bool within(const struct podold_member *m, const struct podold_cluster *c)
{
	return m->ncidrs == 1 &&
	       m->cidrs[0].len == podold_cluster_node_prefix(c, AF_INET) &&
	       podold_cidr_within(&m->cidrs[0], &c->ranges[0]);
}

static bool test_join(void)
{
	struct podold_member a = member("a", 0), b = member("b", 0);
	struct podold_mirror before = { 0 };
	struct podold_cluster c;
	struct etcd_kvs kvs;

	if (!cluster("{\"cidrs\": [\"10.244.0.0/16\"]}", &c))
		return false;
	OK(etcd_range_prefix(e, PREFIX, 0, &kvs), e);
	podold_mirror_load(&before, &kvs);
	OK(podold_member_join(&a, e, &c, &self, 6464, NULL), e);
	CHECK(within(&a, &c) && !strcmp(owner(&a), "a"), "a: %u CIDRs",
	      a.ncidrs);
	/* b's listing is from before a's claim: its create must lose. */
	OK(podold_member_join(&b, e, &c, &self, 6464, &before), e);
	podold_mirror_free(&before);
	CHECK(within(&b, &c) && !strcmp(owner(&b), "b") &&
	      podol_cmp_cidr(&a.cidrs[0], &b.cidrs[0]), "b took a's CIDR");
	OK(etcd_lease_revoke(e, b.lease), e);
	return true;
}

static bool test_rejoin(void)
{
	struct podold_member a = member("a", 0), again;
	struct podold_cluster c;

	if (!cluster("{\"cidrs\": [\"10.244.0.0/16\"]}", &c))
		return false;
	OK(podold_member_join(&a, e, &c, &self, 6464, NULL), e);
	/* Restarted with its lease alive... */
	again = member("a", a.lease);
	OK(podold_member_join(&again, e, &c, &self, 6464, NULL), e);
	CHECK(again.lease == a.lease && !podol_cmp_cidr(&again.cidrs[0],
							&a.cidrs[0]),
	      "same lease, another CIDR");
	/*
	 * ...or after its lease expired (revoked here), its claims with it:
	 * the first free subnet, its own again when nobody took it.
	 */
	OK(etcd_lease_revoke(e, a.lease), e);
	again = member("a", a.lease);
	OK(podold_member_join(&again, e, &c, &self, 6464, NULL), e);
	CHECK(again.lease != a.lease && !podol_cmp_cidr(&again.cidrs[0],
							&a.cidrs[0]),
	      "a new lease, another CIDR");
	OK(etcd_lease_revoke(e, again.lease), e);
	return true;
}

static bool test_range_change(void)
{
	struct podold_member a = member("a", 0), b = member("b", 0), old;
	struct podold_cluster c1, c2;
	struct etcd_kvs kvs;
	char *key;

	if (!cluster("{\"cidrs\": [\"10.244.0.0/16\"]}", &c1) ||
	    !cluster("{\"cidrs\": [\"10.250.0.0/16\"]}", &c2))
		return false;
	OK(podold_member_join(&a, e, &c1, &self, 6464, NULL), e);
	OK(podold_member_join(&b, e, &c1, &self, 6464, NULL), e);
	old = a;
	OK(podold_member_join(&a, e, &c2, &self, 6464, NULL), e);
	CHECK(within(&a, &c2), "a's CIDR is not in the new range");
	CHECK(!*owner(&old), "a's claim in the old range was kept");
	CHECK(!strcmp(owner(&b), "b"), "b's claim went with a's");
	key = podold_record_key(PREFIX, "a");
	CHECK(key, "no memory");
	OK(etcd_get(e, key, &kvs), e);
	free(key);
	CHECK(kvs.n == 1 && strstr(kvs.v[0].value, "10.250."),
	      "a's record: %s", kvs.n ? kvs.v[0].value : "none");
	etcd_kvs_free(&kvs);
	OK(etcd_lease_revoke(e, a.lease), e);
	OK(etcd_lease_revoke(e, b.lease), e);
	return true;
}

static bool test_leave(void)
{
	struct podold_member a = member("a", 0);
	struct podold_cluster c;
	struct etcd_kvs kvs;
	size_t n;

	if (!cluster("{\"cidrs\": [\"10.244.0.0/16\"]}", &c))
		return false;
	OK(podold_member_join(&a, e, &c, &self, 6464, NULL), e);
	OK(podold_member_leave(e, PREFIX, "a"), e);
	OK(etcd_range_prefix(e, PREFIX, 0, &kvs), e);
	n = kvs.n;
	etcd_kvs_free(&kvs);
	CHECK(n == 0, "%zu keys left", n);
	OK(etcd_lease_revoke(e, a.lease), e);
	return true;
}

int main(int argc, char **argv)
{
	struct etcd_opts opts = { .timeout_ms = 2000 };

	if (argc != 2) {
		fprintf(stderr, "usage: %s ENDPOINTS\n", argv[0]);
		return 2;
	}
	opts.endpoints = argv[1];
	if (etcd_open(&e, &opts)) {
		fprintf(stderr, "%s\n", etcd_error(NULL));
		return 1;
	}
	printf("KTAP version 1\n1..4\n");
	/* Each test starts from an empty prefix. */
#define RUN(t, name) do {						\
		etcd_delete(e, PREFIX, true, NULL);			\
		result(t(), name);					\
	} while (0)
	RUN(test_join, "join: a CIDR each, also from an old listing");
	RUN(test_rejoin, "rejoin: the same CIDR, with its lease or a new one");
	RUN(test_range_change, "a new range: a claim there, the old one given back");
	RUN(test_leave, "leave: the record and the claims go");
	etcd_delete(e, PREFIX, true, NULL);
	etcd_close(e);
	printf("# %d tests, %d failed\n", n_tests, n_failed);
	return n_failed ? 1 : 0;
}
