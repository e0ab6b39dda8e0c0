// SPDX-License-Identifier: GPL-2.0
/*
 * The unit test of the table's incremental path (table.c): seeded random
 * sequences of store events (records and claims put and deleted, names
 * and addresses that collide, bad keys and bad records) applied to a
 * mirror; after each, the table updated from the keys the event touched
 * must equal the table built whole from the same mirror (peers, skips
 * and their reasons, counts), and the changes it reported, applied to
 * the previous table, must give the new one. KTAP on stdout.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "unit.h"

#define PREFIX		"/podol/t/"
#define NODES		12
#define SEQUENCES	40
#define EVENTS		300

static const char *const cfg =
	"{\"cidrs\": [\"100.64.0.0/16\"], \"node-prefix-ipv4\": 24,"
	" \"direct\": \"subnet\"}";

static void put(struct podold_mirror *m, struct podold_touched *set,
		int64_t *rev, const char *key, const char *value)
{
	const struct etcd_kv *prev = podold_mirror_get(m, key);
	struct etcd_event ev = { .deleted = !value };

	podold_table_touch(set, PREFIX, key, strlen(key),
			   prev ? prev->value : NULL);
	podold_table_touch(set, PREFIX, key, strlen(key), value);
	ev.kv.key = strdup(key);
	ev.kv.key_len = strlen(key);
	ev.kv.value = value ? strdup(value) : NULL;
	ev.kv.value_len = value ? strlen(value) : 0;
	ev.kv.mod_rev = ++*rev;
	ev.kv.create_rev = prev ? prev->create_rev : *rev;
	podold_mirror_apply(m, &ev);
	etcd_kv_free(&ev.kv);
}

/* A random event: a record, a claim, a bad key, put or deleted. */
static void random_event(struct podold_mirror *m, struct podold_touched *set,
			 int64_t *rev)
{
	char key[128], value[256];
	int node = rand() % NODES, what = rand() % 10;

	if (what < 4) {
		snprintf(key, sizeof(key), PREFIX "nodes/n%d", node);
		/* Few addresses and subnets: records collide. */
		snprintf(value, sizeof(value),
			 "{\"node\": \"n%d\", \"ipv4\": \"172.16.0.%d\","
			 " \"port\": %d, \"cidrs\": [\"100.%d.%d.0/24\"]}",
			 rand() % 8 ? node : node + 1, 1 + rand() % 6,
			 6464 + rand() % 2, rand() % 8 ? 64 : 65, rand() % 8);
		put(m, set, rev, key, rand() % 5 ? value : NULL);
	} else if (what < 9) {
		snprintf(key, sizeof(key), PREFIX "subnets/100.64.%d.0-24",
			 rand() % 8);
		snprintf(value, sizeof(value), "n%d", node);
		put(m, set, rev, key, rand() % 4 ? value : NULL);
	} else {
		snprintf(key, sizeof(key), PREFIX "nodes/%s",
			 rand() % 2 ? "BAD!" : "self");
		put(m, set, rev, key, rand() % 2 ? "{}" : NULL);
	}
}

static bool peers_same(const struct podold_peer *a, const struct podold_peer *b)
{
	return podold_peer_equal(a, b) && !strcmp(a->node, b->node) &&
	       a->create_rev == b->create_rev;
}

static bool tables_same(const struct podold_table *a,
			const struct podold_table *b)
{
	size_t i;

	if (a->npeers != b->npeers || a->nskipped != b->nskipped ||
	    a->overlay != b->overlay || a->direct != b->direct)
		return false;
	for (i = 0; i < a->npeers; i++)
		if (!peers_same(&a->peers[i], &b->peers[i]))
			return false;
	for (i = 0; i < a->nskipped; i++)
		if (strcmp(a->skipped[i].key, b->skipped[i].key) ||
		    strcmp(a->skipped[i].reason, b->skipped[i].reason))
			return false;
	return true;
}

/* @old with @ch applied, as the kernel would hold it, equals @new. */
static bool changes_give(const struct podold_table *old,
			 const struct podold_changes *ch,
			 const struct podold_table *new)
{
	struct podold_peer v[64];
	size_t n = 0, i, j, found;

	for (i = 0; i < old->npeers; i++)
		v[n++] = old->peers[i];
	for (i = 0; i < ch->n; i++) {
		const struct podold_change *x = &ch->v[i];

		for (j = 0, found = n; j < n; j++)
			if (x->had && !podol_cmp_addr(&v[j].remote,
						      &x->before.remote))
				found = j;
		if (x->had && found == n)
			return false;
		if (x->had)
			v[found] = v[--n];
		if (x->has)
			v[n++] = x->after;
	}
	if (n != new->npeers)
		return false;
	for (i = 0; i < new->npeers; i++) {
		for (j = 0; j < n; j++)
			if (podold_peer_equal(&v[j], &new->peers[i]))
				break;
		if (j == n)
			return false;
	}
	return true;
}

static void test_sequence(unsigned int seed, const struct podold_cluster *c,
			  const struct podold_self *self)
{
	struct podold_reccache inc_cache = { 0 }, whole_cache = { 0 };
	struct podold_table inc = { 0 }, whole = { 0 }, prev, skipped;
	struct podold_touched set = { 0 };
	struct podold_mirror m = { 0 };
	int64_t rev = 0;
	int i, bad = -1, ret;

	srand(seed);
	podold_table_build(&m, PREFIX, c, self, &inc_cache, &inc);
	for (i = 0; i < EVENTS && bad < 0; i++) {
		struct podold_changes ch = { 0 };

		random_event(&m, &set, &rev);
		prev = inc;
		prev.peers = malloc((inc.npeers + 1) * sizeof(*prev.peers));
		memcpy(prev.peers, inc.peers, inc.npeers * sizeof(*prev.peers));
		if (set.whole) {
			podold_table_free(&inc);
			ret = podold_table_build(&m, PREFIX, c, self,
						 &inc_cache, &inc);
		} else {
			ret = podold_table_update(&m, PREFIX, c, self,
						  &inc_cache, &inc, &set,
						  &skipped, &ch);
			podold_table_free(&skipped);
		}
		podold_touched_clear(&set);
		podold_table_build(&m, PREFIX, c, self, &whole_cache, &whole);
		if (ret || !tables_same(&inc, &whole) ||
		    (!set.whole && !changes_give(&prev, &ch, &whole)))
			bad = i;
		free(prev.peers);
		podold_table_free(&whole);
		podold_changes_free(&ch);
	}
	CHECK(bad < 0, "seed %u: %d events, the updated table is the one built whole%s",
	      seed, EVENTS, bad < 0 ? "" : " (not after the event shown)");
	if (bad >= 0)
		printf("# seed %u: differs after event %d\n", seed, bad);
	podold_table_free(&inc);
	podold_mirror_free(&m);
	podold_reccache_free(&inc_cache);
	podold_reccache_free(&whole_cache);
}

int main(void)
{
	struct podold_self self = { .node = "self", .has_ipv4 = true,
				    .ncidrs = 1 };
	struct podold_cluster c;
	char err[200];
	unsigned int seed;

	printf("KTAP version 1\n");
	if (podold_cluster_parse(cfg, strlen(cfg), &c, err, sizeof(err))) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	podol_parse_addr("172.16.0.100", &self.ipv4);
	podol_parse_addr("172.16.0.0", &self.subnet4.addr);
	self.subnet4.len = 30;	/* .1 to .3 direct, .4 to .6 not */
	podol_parse_addr("100.64.7.0", &self.cidrs[0].addr);
	self.cidrs[0].len = 24;
	for (seed = 1; seed <= SEQUENCES; seed++)
		test_sequence(seed, &c, &self);
	printf("1..%d\n", unit_count);
	printf("# %d passed, %d failed\n", unit_count - unit_failed,
	       unit_failed);
	return unit_failed ? 1 : 0;
}
