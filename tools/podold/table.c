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

static int skip(struct podold_table *t, size_t *cap, const struct etcd_kv *kv,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int skip(struct podold_table *t, size_t *cap, const struct etcd_kv *kv,
		const char *fmt, ...)
{
	struct podold_skip *s;
	va_list ap;

	if (t->nskipped == *cap) {
		size_t n = *cap ? *cap * 2 : 16;

		s = realloc(t->skipped, n * sizeof(*s));
		if (!s)
			return -ENOMEM;
		t->skipped = s;
		*cap = n;
	}
	s = &t->skipped[t->nskipped];
	s->key = strdup(kv->key);
	if (!s->key)
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf(s->reason, sizeof(s->reason), fmt, ap);
	va_end(ap);
	t->nskipped++;
	return 0;
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

/* A record's peer, or a reason to skip it. */
static const char *make_peer(const struct podold_mirror *m, const char *prefix,
			     const struct podold_cluster *c,
			     const struct podold_self *self,
			     const struct podold_parsed *parsed,
			     const struct etcd_kv *kv, const char *name,
			     struct podold_peer *p, char *why, size_t size)
{
	const struct podold_record *rec = &parsed->r;
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
		bad = cidr_refusal(m, prefix, c, self, name, &rec->cidrs[i], why, size);
		if (bad)
			return bad;
		p->cidrs[i] = rec->cidrs[i];
	}
	/* IPv4 first: the cheaper header, and what the seed's clusters use. */
	if (self->has_ipv4 && rec->has_ipv4) {
		p->n.remote = rec->ipv4;
		p->direct = c->direct == PODOLD_DIRECT_SUBNET &&
			    in_subnet(&rec->ipv4, &self->subnet4);
	} else if (self->has_ipv6 && rec->has_ipv6) {
		p->n.remote = rec->ipv6;
		p->direct = c->direct == PODOLD_DIRECT_SUBNET &&
			    in_subnet(&rec->ipv6, &self->subnet6);
	} else {
		snprintf(why, size, "no underlay address of a family this node has");
		return why;
	}
	strcpy(p->node, rec->node);
	p->n.port = rec->port;
	p->n.ncidrs = rec->ncidrs;
	p->create_rev = kv->create_rev;
	return NULL;
}

/* By remote address, then the older record first. */
static int cmp_peer(const void *a, const void *b)
{
	const struct podold_peer *x = a, *y = b;
	int d = podol_cmp_addr(&x->n.remote, &y->n.remote);

	if (d)
		return d;
	return (x->create_rev > y->create_rev) - (x->create_rev < y->create_rev);
}

int podold_table_build(const struct podold_mirror *m, const char *prefix,
		       const struct podold_cluster *c,
		       const struct podold_self *self,
		       struct podold_reccache *cache, struct podold_table *t)
{
	const struct podold_parsed *parsed;
	size_t scap = 0, pcap = 0, i, j, plen;
	const struct etcd_kv *kv;
	struct podold_peer *p;
	char *nodes, why[200];
	const char *bad, *name;
	int ret = -ENOMEM;

	memset(t, 0, sizeof(*t));
	if (asprintf(&nodes, "%snodes/", prefix) < 0)
		return -ENOMEM;
	plen = strlen(nodes);
	for (i = podold_mirror_seek(m, nodes); i < m->n; i++) {
		kv = &m->v[i];
		if (kv->key_len < plen || memcmp(kv->key, nodes, plen))
			break;
		name = kv->key + plen;
		if (strlen(name) != kv->key_len - plen || podold_name_refusal(name)) {
			if (skip(t, &scap, kv, "the key is not a node name"))
				goto fail;
			continue;
		}
		if (!strcmp(name, self->node))
			continue;
		if (t->npeers == pcap) {
			pcap = pcap ? pcap * 2 : 64;
			p = realloc(t->peers, pcap * sizeof(*p));
			if (!p)
				goto fail;
			t->peers = p;
		}
		parsed = podold_reccache_get(cache, kv);
		if (!parsed)
			goto fail;
		bad = make_peer(m, prefix, c, self, parsed, kv, name,
				&t->peers[t->npeers], why, sizeof(why));
		if (bad) {
			if (skip(t, &scap, kv, "%s", bad))
				goto fail;
			continue;
		}
		t->npeers++;
	}
	qsort(t->peers, t->npeers, sizeof(*t->peers), cmp_peer);
	/* One underlay address, one node: the older record keeps it. */
	for (i = 0, j = 0; i < t->npeers; i++) {
		if (j && !podol_cmp_addr(&t->peers[j - 1].n.remote,
					 &t->peers[i].n.remote)) {
			char addr[INET6_ADDRSTRLEN + 1];
			char *key = podold_record_key(prefix, t->peers[i].node);
			struct etcd_kv k = { .key = key };

			if (!key)
				goto fail;
			podol_format_addr(&t->peers[i].n.remote, addr, sizeof(addr));
			ret = skip(t, &scap, &k, "underlay address %s is node \"%s\"'s",
				   addr, t->peers[j - 1].node);
			free(key);
			if (ret)
				goto fail;
			continue;
		}
		t->peers[j++] = t->peers[i];
	}
	t->npeers = j;
	podold_reccache_sweep(cache);
	for (i = 0; i < t->npeers; i++)
		t->peers[i].n.cidrs = t->peers[i].cidrs;
	free(nodes);
	return 0;
fail:
	free(nodes);
	podold_table_free(t);
	return -ENOMEM;
}

bool podold_peer_equal(const struct podold_peer *a, const struct podold_peer *b)
{
	unsigned int i;

	if (podol_cmp_addr(&a->n.remote, &b->n.remote) || a->n.port != b->n.port ||
	    a->n.ncidrs != b->n.ncidrs || a->direct != b->direct)
		return false;
	for (i = 0; i < a->n.ncidrs; i++)
		if (podol_cmp_cidr(&a->cidrs[i], &b->cidrs[i]))
			return false;
	return true;
}
