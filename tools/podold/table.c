// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

char *podold_claim_key(const char *prefix, const struct podol_cidr *c)
{
	char buf[PODOL_CIDR_STRLEN], *slash, *key;

	podol_format_cidr(c, buf, sizeof(buf));
	slash = strchr(buf, '/');
	if (slash)
		*slash = '-';
	if (asprintf(&key, "%ssubnets/%s", prefix, buf) < 0)
		return NULL;
	return key;
}

char *podold_record_key(const char *prefix, const char *node)
{
	char *key;

	if (asprintf(&key, "%snodes/%s", prefix, node) < 0)
		return NULL;
	return key;
}

bool podold_cidr_within(const struct podol_cidr *c,
			const struct podol_cidr *range)
{
	struct podol_cidr t = *c;

	if (c->addr.family != range->addr.family || c->len < range->len)
		return false;
	t.len = range->len;
	podol_cidr_clear_host_bits(&t);
	return !memcmp(t.addr.bytes, range->addr.bytes, sizeof(t.addr.bytes));
}

void podold_table_free(struct podold_table *t)
{
	size_t i;

	for (i = 0; i < t->nskipped; i++)
		free(t->skipped[i].key);
	free(t->skipped);
	free(t->peers);
	memset(t, 0, sizeof(*t));
}

void podold_changes_free(struct podold_changes *ch)
{
	free(ch->v);
	memset(ch, 0, sizeof(*ch));
}

static int skip(struct podold_table *t, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int skip(struct podold_table *t, const char *key, const char *fmt, ...)
{
	struct podold_skip *s;
	va_list ap;

	if (t->nskipped == t->scap) {
		size_t n = t->scap ? t->scap * 2 : 16;

		s = realloc(t->skipped, n * sizeof(*s));
		if (!s)
			return -ENOMEM;
		t->skipped = s;
		t->scap = n;
	}
	s = &t->skipped[t->nskipped];
	s->key = strdup(key);
	if (!s->key)
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf(s->reason, sizeof(s->reason), fmt, ap);
	va_end(ap);
	t->nskipped++;
	return 0;
}

static int cmp_skip(const void *a, const void *b)
{
	const struct podold_skip *x = a, *y = b;

	return strcmp(x->key, y->key);
}

static bool same_cidr(const struct podol_cidr *a, const struct podol_cidr *b)
{
	return !podol_cmp_cidr(a, b);
}

/*
 * Why @cidr of node @name cannot be routed to it, or NULL. @why holds the
 * text when one is needed.
 */
static const char *cidr_refusal(const struct podold_mirror *m,
				const char *prefix,
				const struct podold_cluster *c,
				const struct podold_self *self,
				const char *name, const struct podol_cidr *cidr,
				char *why, size_t size)
{
	const struct podol_cidr *range = podold_cluster_range(c, cidr->addr.family);
	uint8_t plen = podold_cluster_node_prefix(c, cidr->addr.family);
	const struct etcd_kv *claim;
	char text[PODOL_CIDR_STRLEN], *key;
	unsigned int i;

	podol_format_cidr(cidr, text, sizeof(text));
	if (!range || !podold_cidr_within(cidr, range)) {
		snprintf(why, size, "CIDR %s is outside the cluster's ranges", text);
		return why;
	}
	if (cidr->len != plen) {
		snprintf(why, size, "CIDR %s is not a /%u, the cluster's node prefix",
			 text, plen);
		return why;
	}
	for (i = 0; i < self->ncidrs; i++) {
		if (same_cidr(cidr, &self->cidrs[i])) {
			snprintf(why, size, "CIDR %s is this node's", text);
			return why;
		}
	}
	key = podold_claim_key(prefix, cidr);
	if (!key)
		return "out of memory";
	claim = podold_mirror_get(m, key);
	free(key);
	if (!claim) {
		snprintf(why, size, "CIDR %s is not claimed", text);
		return why;
	}
	if (strcmp(claim->value, name)) {
		snprintf(why, size, "CIDR %s is claimed by \"%.*s\"", text,
			 PODOLD_NAME_MAX, claim->value);
		return why;
	}
	return NULL;
}

static bool in_subnet(const struct podol_addr *a, const struct podol_cidr *net)
{
	struct podol_cidr host = { .addr = *a,
				   .len = a->family == AF_INET ? 32 : 128 };

	return net->len && podold_cidr_within(&host, net);
}

/* What the table is built from; the same for a whole build and a change. */
struct source {
	const struct podold_mirror *m;
	const char *prefix;
	const struct podold_cluster *c;
	const struct podold_self *self;
	struct podold_reccache *cache;
	char *nodes;		/* prefix "nodes/" */
	size_t nodes_len;
};

static int source_init(struct source *src, const struct podold_mirror *m,
		       const char *prefix, const struct podold_cluster *c,
		       const struct podold_self *self,
		       struct podold_reccache *cache)
{
	*src = (struct source){ .m = m, .prefix = prefix, .c = c,
				.self = self, .cache = cache };
	if (asprintf(&src->nodes, "%snodes/", prefix) < 0)
		return -ENOMEM;
	src->nodes_len = strlen(src->nodes);
	return 0;
}

/* A record's peer, or a reason to skip it. */
static const char *make_peer(const struct source *src,
			     struct podold_parsed *parsed,
			     const struct etcd_kv *kv, const char *name,
			     struct podold_peer *p, char *why, size_t size)
{
	const struct podold_self *self = src->self;
	const struct podold_record *rec = &parsed->r;
	bool subnet = src->c->direct == PODOLD_DIRECT_SUBNET;
	const char *bad;
	unsigned int i;

	if (!parsed->ok)
		return parsed->err;
	if (strcmp(rec->node, name)) {
		snprintf(why, size, "the record names node \"%s\"", rec->node);
		return why;
	}
	memset(p, 0, sizeof(*p));
	for (i = 0; i < rec->ncidrs; i++) {
		bad = cidr_refusal(src->m, src->prefix, src->c, self, name,
				   &rec->cidrs[i], why, size);
		if (bad)
			return bad;
		p->cidrs[i] = rec->cidrs[i];
	}
	/* IPv4 first: the cheaper header, and what the seed's clusters use. */
	if (self->has_ipv4 && rec->has_ipv4) {
		p->remote = rec->ipv4;
		p->direct = subnet && in_subnet(&rec->ipv4, &self->subnet4);
	} else if (self->has_ipv6 && rec->has_ipv6) {
		p->remote = rec->ipv6;
		p->direct = subnet && in_subnet(&rec->ipv6, &self->subnet6);
	} else {
		snprintf(why, size, "no underlay address of a family this node has");
		return why;
	}
	strcpy(p->node, rec->node);
	p->port = rec->port;
	p->ncidrs = rec->ncidrs;
	p->create_rev = kv->create_rev;
	p->rec = parsed;
	return NULL;
}

enum verdict { NOT_A_PEER, PEER, SKIPPED };

/*
 * What record @kv (a key under nodes/) is to the table: a peer (in @p),
 * skipped (the reason added to @t), or neither (this node's own).
 * -ENOMEM. The one place a record is judged, whole build or change.
 */
static int evaluate(const struct source *src, const struct etcd_kv *kv,
		    struct podold_table *t, struct podold_peer *p)
{
	const char *name = kv->key + src->nodes_len, *bad;
	struct podold_parsed *parsed;
	char why[200];

	if (strlen(name) != kv->key_len - src->nodes_len ||
	    podold_name_refusal(name))
		return skip(t, kv->key, "the key is not a node name") ?:
		       SKIPPED;
	if (!strcmp(name, src->self->node))
		return NOT_A_PEER;
	parsed = podold_reccache_get(src->cache, kv);
	if (!parsed)
		return -ENOMEM;
	parsed->peer = false;
	bad = make_peer(src, parsed, kv, name, p, why, sizeof(why));
	if (bad)
		return skip(t, kv->key, "%s", bad) ?: SKIPPED;
	return PEER;
}

/*
 * By remote address, then the older record first (create revision, then
 * the name: two records of one transaction).
 */
static int cmp_peer(const void *a, const void *b)
{
	const struct podold_peer *x = a, *y = b;
	int d = podol_cmp_addr(&x->remote, &y->remote);

	if (d)
		return d;
	if (x->create_rev != y->create_rev)
		return x->create_rev > y->create_rev ? 1 : -1;
	return strcmp(x->node, y->node);
}

/* One underlay address, one node: @key's record lost it to @winner. */
static int skip_loser(struct podold_table *t, const char *key,
		      const struct podold_peer *winner)
{
	char addr[INET6_ADDRSTRLEN + 1];

	podol_format_addr(&winner->remote, addr, sizeof(addr));
	return skip(t, key, "underlay address %s is node \"%s\"'s", addr,
		    winner->node);
}

/* @p taken into (@sign 1) or out of (-1) the table's counts. */
static void account(struct podold_table *t, struct podold_peer *p, int sign)
{
	unsigned int i, overlay = 0;

	for (i = 0; i < p->ncidrs; i++)
		overlay += !podold_direct_cidr(p, &p->cidrs[i]);
	t->overlay += sign * (overlay > 0);
	t->direct += sign * p->direct;
	p->rec->peer = sign > 0;
	p->rec->at = p->remote;
}

static int grow_peers(struct podold_table *t)
{
	struct podold_peer *p;
	size_t cap;

	if (t->npeers < t->cap)
		return 0;
	cap = t->cap ? t->cap * 2 : 64;
	p = realloc(t->peers, cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	t->peers = p;
	t->cap = cap;
	return 0;
}

/* The first peer at or after @remote in the sorted @v of @n. */
static size_t seek(const struct podold_peer *v, size_t n,
		   const struct podol_addr *remote)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (podol_cmp_addr(&v[mid].remote, remote) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct podold_peer *find(const struct podold_table *t,
				      const struct podol_addr *remote)
{
	size_t i = seek(t->peers, t->npeers, remote);

	if (i < t->npeers && !podol_cmp_addr(&t->peers[i].remote, remote))
		return &t->peers[i];
	return NULL;
}

int podold_table_build(const struct podold_mirror *m, const char *prefix,
		       const struct podold_cluster *c,
		       const struct podold_self *self,
		       struct podold_reccache *cache, struct podold_table *t)
{
	const struct etcd_kv *kv;
	struct source src;
	size_t i, j;
	int ret;

	memset(t, 0, sizeof(*t));
	if (source_init(&src, m, prefix, c, self, cache))
		return -ENOMEM;
	for (i = podold_mirror_seek(m, src.nodes); i < m->n; i++) {
		kv = &m->v[i];
		if (kv->key_len < src.nodes_len ||
		    memcmp(kv->key, src.nodes, src.nodes_len))
			break;
		if (grow_peers(t))
			goto fail;
		ret = evaluate(&src, kv, t, &t->peers[t->npeers]);
		if (ret < 0)
			goto fail;
		t->npeers += ret == PEER;
	}
	qsort(t->peers, t->npeers, sizeof(*t->peers), cmp_peer);
	for (i = 0, j = 0; i < t->npeers; i++) {
		if (j && !podol_cmp_addr(&t->peers[j - 1].remote,
					 &t->peers[i].remote)) {
			if (skip_loser(t, t->peers[i].rec->key, &t->peers[j - 1]))
				goto fail;
			continue;
		}
		t->peers[j++] = t->peers[i];
	}
	t->npeers = j;
	for (i = 0; i < t->npeers; i++)
		account(t, &t->peers[i], 1);
	qsort(t->skipped, t->nskipped, sizeof(*t->skipped), cmp_skip);
	podold_reccache_sweep(cache);
	free(src.nodes);
	return 0;
fail:
	free(src.nodes);
	podold_table_free(t);
	return -ENOMEM;
}

static bool touched(const struct podold_touched *set, const char *key)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (!strcmp(set->keys[i], key))
			return true;
	return false;
}

static void touched_add(struct podold_touched *set, char *key)
{
	if (touched(set, key)) {
		free(key);
		return;
	}
	if (set->n == PODOLD_TOUCH_MAX) {
		set->whole = true;
		free(key);
		return;
	}
	set->keys[set->n++] = key;
}

int podold_table_touch(struct podold_touched *set, const char *prefix,
		       const char *key, size_t key_len, const char *owner)
{
	size_t plen = strlen(prefix);
	char *rec = NULL;

	/* A key with a NUL in it is not a string: let a build judge it. */
	if (strlen(key) != key_len) {
		set->whole = true;
		return 0;
	}
	if (strncmp(key, prefix, plen))
		return 0;
	if (!strncmp(key + plen, "nodes/", 6))
		rec = strdup(key);
	else if (!strncmp(key + plen, "subnets/", 8) && owner)
		rec = podold_record_key(prefix, owner);
	else
		return 0;
	if (!rec)
		return -ENOMEM;
	touched_add(set, rec);
	return 0;
}

void podold_touched_clear(struct podold_touched *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		free(set->keys[i]);
	set->n = 0;
	set->whole = false;
}

static struct podold_change *change_add(struct podold_changes *ch)
{
	struct podold_change *v;
	size_t cap;

	if (ch->n == ch->cap) {
		cap = ch->cap ? ch->cap * 2 : 8;
		v = realloc(ch->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		ch->v = v;
		ch->cap = cap;
	}
	memset(&ch->v[ch->n], 0, sizeof(*ch->v));
	return &ch->v[ch->n++];
}

/*
 * Notes what @t holds at @remote before it is first touched (@from: the
 * first change of this update in @ch).
 */
static int note(struct podold_changes *ch, size_t from,
		const struct podold_table *t, const struct podol_addr *remote)
{
	const struct podold_peer *p = find(t, remote);
	struct podold_change *x;
	size_t i;

	for (i = from; i < ch->n; i++)
		if (!podol_cmp_addr(remote, ch->v[i].had ?
				    &ch->v[i].before.remote :
				    &ch->v[i].after.remote))
			return 0;
	x = change_add(ch);
	if (!x)
		return -ENOMEM;
	x->had = p;
	if (p)
		x->before = *p;
	else
		x->after.remote = *remote;	/* where, until filled */
	return 0;
}

/* A record judged a peer, placed: it may take an address from another. */
static int place(struct podold_table *t, struct podold_peer *p,
		 struct podold_changes *ch, size_t from,
		 struct podold_table *losers)
{
	size_t i = seek(t->peers, t->npeers, &p->remote);
	struct podold_peer *w = &t->peers[i];

	p->rec->at = p->remote;		/* named by it if it loses */
	if (note(ch, from, t, &p->remote))
		return -ENOMEM;
	if (i < t->npeers && !podol_cmp_addr(&w->remote, &p->remote)) {
		if (cmp_peer(p, w) > 0)
			return skip(losers, p->rec->key, "%s", "");
		if (skip(losers, w->rec->key, "%s", ""))
			return -ENOMEM;
		account(t, w, -1);
		*w = *p;
		account(t, w, 1);
		return 0;
	}
	if (grow_peers(t))
		return -ENOMEM;
	w = &t->peers[i];
	memmove(w + 1, w, (t->npeers - i) * sizeof(*w));
	*w = *p;
	t->npeers++;
	account(t, w, 1);
	return 0;
}

static int unplace(struct podold_table *t, struct podold_parsed *rec,
		   struct podold_changes *ch, size_t from)
{
	size_t i;

	if (!rec || !rec->peer)
		return 0;
	if (note(ch, from, t, &rec->at))
		return -ENOMEM;
	i = seek(t->peers, t->npeers, &rec->at);
	account(t, &t->peers[i], -1);
	memmove(&t->peers[i], &t->peers[i + 1],
		(t->npeers - i - 1) * sizeof(*t->peers));
	t->npeers--;
	return 0;
}

/* Whether @key is one of @t's skips (in key order). */
static bool is_skipped(const struct podold_table *t, const char *key)
{
	struct podold_skip probe = { .key = (char *)key };

	return bsearch(&probe, t->skipped, t->nskipped, sizeof(probe),
		       cmp_skip);
}

/*
 * Re-evaluates the record at @key: gone, a peer placed, or skipped.
 */
static int reevaluate(const struct source *src, struct podold_table *t,
		      const char *key, struct podold_changes *ch, size_t from,
		      struct podold_table *losers)
{
	const struct etcd_kv *kv = podold_mirror_get(src->m, key);
	struct podold_peer p;
	int ret;

	if (!kv) {
		podold_reccache_forget(src->cache, key);
		return 0;
	}
	ret = evaluate(src, kv, t, &p);
	if (ret == PEER)
		ret = place(t, &p, ch, from, losers);
	return ret < 0 ? ret : 0;
}

int podold_table_update(const struct podold_mirror *m, const char *prefix,
			const struct podold_cluster *c,
			const struct podold_self *self,
			struct podold_reccache *cache, struct podold_table *t,
			const struct podold_touched *set,
			struct podold_table *old_skipped,
			struct podold_changes *ch)
{
	struct podold_table losers = { 0 }, *old = old_skipped;
	size_t from = ch->n, i, k;
	const struct podold_peer *w;
	struct source src;
	int ret = -ENOMEM;

	memset(old, 0, sizeof(*old));
	if (source_init(&src, m, prefix, c, self, cache))
		goto fail;
	/*
	 * The records touched, and every one skipped: a skip may have been
	 * for a claim or an address a touched record held. Skips are few;
	 * the peers left alone are the table's bulk.
	 */
	old->skipped = t->skipped;
	old->nskipped = t->nskipped;
	old->scap = t->scap;
	t->skipped = NULL;
	t->nskipped = t->scap = 0;
	for (i = 0; i < set->n; i++)
		if (unplace(t, podold_reccache_find(cache, set->keys[i]), ch, from))
			goto fail;
	for (i = 0; i < set->n; i++)
		if (!is_skipped(old, set->keys[i]) &&
		    reevaluate(&src, t, set->keys[i], ch, from, &losers))
			goto fail;
	for (i = 0; i < old->nskipped; i++) {
		const struct podold_skip *s = &old->skipped[i];

		/* A key that is no node name stays so until it is touched. */
		if (podold_name_refusal(s->key + src.nodes_len) &&
		    !touched(set, s->key)) {
			if (skip(t, s->key, "%s", s->reason))
				goto fail;
			continue;
		}
		if (reevaluate(&src, t, s->key, ch, from, &losers))
			goto fail;
	}
	/* Named after the final winner, as a whole build names it. */
	for (i = 0; i < losers.nskipped; i++) {
		struct podold_parsed *rec = podold_reccache_find(cache, losers.skipped[i].key);

		w = find(t, &rec->at);
		if (skip_loser(t, losers.skipped[i].key, w))
			goto fail;
	}
	qsort(t->skipped, t->nskipped, sizeof(*t->skipped), cmp_skip);
	/* What each touched address holds now; the unchanged ones go. */
	for (i = from, k = from; i < ch->n; i++) {
		struct podold_change *x = &ch->v[i];
		struct podol_addr at = x->had ? x->before.remote : x->after.remote;

		w = find(t, &at);
		x->has = w;
		if (w)
			x->after = *w;
		if (!x->had && !x->has)
			continue;
		if (x->had && x->has && podold_peer_equal(&x->before, &x->after))
			continue;
		ch->v[k++] = *x;
	}
	ch->n = k;
	ret = 0;
fail:
	podold_table_free(&losers);
	free(src.nodes);
	if (ret) {
		podold_table_free(t);
		ch->n = from;
	}
	return ret;
}

int podold_table_diff(const struct podold_table *old,
		      const struct podold_table *new,
		      struct podold_changes *ch)
{
	size_t i = 0, j = 0;
	struct podold_change *x;
	int d;

	while (i < old->npeers || j < new->npeers) {
		if (i == old->npeers)
			d = 1;
		else if (j == new->npeers)
			d = -1;
		else
			d = podol_cmp_addr(&old->peers[i].remote,
					   &new->peers[j].remote);
		if (!d && podold_peer_equal(&old->peers[i], &new->peers[j])) {
			i++;
			j++;
			continue;
		}
		x = change_add(ch);
		if (!x)
			return -ENOMEM;
		if (d <= 0) {
			x->had = true;
			x->before = old->peers[i++];
		}
		if (d >= 0) {
			x->has = true;
			x->after = new->peers[j++];
		}
	}
	return 0;
}

bool podold_peer_equal(const struct podold_peer *a, const struct podold_peer *b)
{
	unsigned int i;

	if (podol_cmp_addr(&a->remote, &b->remote) || a->port != b->port ||
	    a->ncidrs != b->ncidrs || a->direct != b->direct)
		return false;
	for (i = 0; i < a->ncidrs; i++)
		if (podol_cmp_cidr(&a->cidrs[i], &b->cidrs[i]))
			return false;
	return true;
}
