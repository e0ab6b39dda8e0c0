// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "member.h"
#include "mirror.h"
#include "record.h"
#include "rules.h"

/* Attempts at a claim that others keep winning before giving up for now. */
#define CLAIM_TRIES	64

static int take_lease(struct podold_member *m, struct etcd *e)
{
	int64_t ttl;
	int ret;

	if (m->lease) {
		ret = etcd_lease_keepalive(e, m->lease, &ttl);
		if (!ret && ttl > 0)
			return 0;
		if (ret && ret != -ENOENT)
			return ret;
		log_info("lease %llx is gone: taking a new one",
			 (unsigned long long)m->lease);
	}
	ret = etcd_lease_grant(e, m->ttl, &m->lease);
	if (!ret)
		log_info("lease %llx, TTL %llds", (unsigned long long)m->lease,
			 (long long)m->ttl);
	return ret;
}

/* The CIDR a claim key names, or -EINVAL. */
static int claim_cidr(const char *key, size_t plen, struct podol_cidr *c)
{
	char buf[PODOL_CIDR_STRLEN], why[64], *dash;

	if (strlen(key) - plen >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, key + plen);
	dash = strrchr(buf, '-');
	if (!dash)
		return -EINVAL;
	*dash = '/';
	return podol_parse_cidr(buf, c, why, sizeof(why));
}

/* The @i-th node subnet of @range, /@plen; false past the last. */
static bool nth_subnet(const struct podol_cidr *range, uint8_t plen,
		       uint64_t i, struct podol_cidr *out)
{
	unsigned int bits = plen - range->len, b;

	if (bits < 64 && i >> bits)
		return false;
	*out = *range;
	out->len = plen;
	for (b = 0; b < bits && b < 64; b++) {
		unsigned int pos = plen - 1 - b;	/* bit from the left */

		if (i >> b & 1)
			out->addr.bytes[pos / 8] |= 0x80 >> (pos % 8);
	}
	return true;
}

/*
 * The claims in @claims that carry this node's name, one per call from
 * *@i (podold_mirror_seek(@claims, @subnets) at first), each with its
 * CIDR in *@c; NULL after the last. @claims holds the keys under
 * @subnets, and maybe others (the agent's copy of its whole prefix).
 */
static const struct etcd_kv *next_own_claim(const struct podold_member *m,
					    const struct podold_mirror *claims,
					    const char *subnets, size_t *i,
					    struct podol_cidr *c)
{
	size_t plen = strlen(subnets);

	for (; *i < claims->n; (*i)++) {
		const struct etcd_kv *kv = &claims->v[*i];

		if (kv->key_len < plen || memcmp(kv->key, subnets, plen))
			break;
		if (!strcmp(kv->value, m->node) &&
		    !claim_cidr(kv->key, plen, c)) {
			(*i)++;
			return kv;
		}
	}
	return NULL;
}

/* This node's CIDR in @range: the one it holds, or a free one claimed. */
static int claim(struct podold_member *m, struct etcd *e,
		 const struct podold_mirror *claims, const char *subnets,
		 const struct podol_cidr *range, uint8_t node_plen,
		 struct podol_cidr *out)
{
	size_t i = podold_mirror_seek(claims, subnets);
	const struct etcd_kv *kv;
	unsigned int tries = 0;
	struct podol_cidr c;
	uint64_t n;
	bool done;
	int ret;

	while ((kv = next_own_claim(m, claims, subnets, &i, &c))) {
		if (c.len != node_plen || !podold_cidr_within(&c, range))
			continue;
		if (kv->lease == m->lease) {
			*out = c;
			return 0;
		}
		ret = etcd_replace(e, kv->key, kv->mod_rev, m->node,
				   strlen(m->node), m->lease, &done);
		if (ret)
			return ret;
		if (done) {
			*out = c;
			return 0;
		}
		/* It changed under us: the caller lists again. */
		return -EAGAIN;
	}
	for (n = 0; nth_subnet(range, node_plen, n, out); n++) {
		char *key = podold_claim_key(m->prefix, out);

		if (!key)
			return -ENOMEM;
		if (podold_mirror_get(claims, key)) {
			free(key);
			continue;
		}
		ret = etcd_create(e, key, m->node, strlen(m->node), m->lease,
				  &done, NULL);
		free(key);
		if (ret)
			return ret;
		if (done) {
			char text[PODOL_CIDR_STRLEN];

			podol_format_cidr(out, text, sizeof(text));
			log_info("claimed %s", text);
			return 0;
		}
		if (++tries == CLAIM_TRIES)
			return -EAGAIN;
	}
	{
		char text[PODOL_CIDR_STRLEN];

		podol_format_cidr(range, text, sizeof(text));
		log_err("no free /%u left in %s", node_plen, text);
	}
	return -ENOSPC;
}

/*
 * Gives back the claims in @claims that carry this node's name but are
 * not its CIDRs now: those of a range the cluster no longer has (its
 * configuration changed). Each goes only if unchanged since @claims was
 * listed: one that expired meanwhile may be another node's now.
 */
static void release_stale(struct podold_member *m, struct etcd *e,
			  const struct podold_mirror *claims,
			  const char *subnets)
{
	size_t i = podold_mirror_seek(claims, subnets);
	char text[PODOL_CIDR_STRLEN];
	const struct etcd_kv *kv;
	struct podol_cidr c;
	unsigned int j;
	bool done;

	while ((kv = next_own_claim(m, claims, subnets, &i, &c))) {
		for (j = 0; j < m->ncidrs; j++)
			if (!podol_cmp_cidr(&m->cidrs[j], &c))
				break;
		if (j < m->ncidrs)
			continue;
		podol_format_cidr(&c, text, sizeof(text));
		if (etcd_delete_if(e, kv->key, kv->mod_rev, &done))
			log_warn("cannot release %s: %s", text, etcd_error(e));
		else if (done)
			log_info("released %s: not in the cluster's ranges",
				 text);
	}
}

static int publish(struct podold_member *m, struct etcd *e,
		   const struct podold_self *self, uint16_t port)
{
	struct podold_record r = { 0 };
	char *json, *key;
	int ret;

	snprintf(r.node, sizeof(r.node), "%s", m->node);
	r.has_ipv4 = self->has_ipv4;
	r.has_ipv6 = self->has_ipv6;
	r.ipv4 = self->ipv4;
	r.ipv6 = self->ipv6;
	r.port = port;
	r.ncidrs = m->ncidrs;
	memcpy(r.cidrs, m->cidrs, sizeof(r.cidrs));
	json = podold_record_format(&r);
	key = podold_record_key(m->prefix, m->node);
	ret = json && key ? etcd_put(e, key, json, strlen(json), m->lease, NULL) :
			    -ENOMEM;
	free(json);
	free(key);
	return ret;
}

int podold_member_join(struct podold_member *m, struct etcd *e,
		       const struct podold_cluster *c,
		       const struct podold_self *self, uint16_t port,
		       const struct podold_mirror *listing)
{
	struct podold_mirror claims = { 0 };
	const struct podold_mirror *view = NULL;
	struct etcd_kvs kvs = { 0 };
	unsigned int i, round;
	char *subnets;
	int ret;

	ret = take_lease(m, e);
	if (ret)
		return ret;
	if (asprintf(&subnets, "%ssubnets/", m->prefix) < 0)
		return -ENOMEM;
	for (round = 0; round < 8; round++) {
		view = listing;
		/* A claim that raced ours: what the caller listed is old. */
		if (round || !listing) {
			ret = etcd_range_prefix(e, subnets, 0, &kvs);
			if (ret)
				break;
			podold_mirror_load(&claims, &kvs);
			view = &claims;
		}
		m->ncidrs = 0;
		for (i = 0; i < c->nranges && !ret; i++) {
			ret = claim(m, e, view, subnets, &c->ranges[i],
				    podold_cluster_node_prefix(c, c->ranges[i].addr.family),
				    &m->cidrs[m->ncidrs]);
			if (!ret)
				m->ncidrs++;
		}
		if (ret != -EAGAIN)
			break;
	}
	if (!ret)
		ret = publish(m, e, self, port);
	if (!ret) {
		release_stale(m, e, view, subnets);
		m->next_keepalive_ms = podold_now_ms() + m->ttl * 1000 / 3;
	}
	podold_mirror_free(&claims);
	free(subnets);
	return ret;
}

long podold_member_wait_ms(const struct podold_member *m)
{
	long long d = m->next_keepalive_ms - podold_now_ms();

	return d > 0 ? (long)d : 0;
}

int podold_member_keepalive(struct podold_member *m, struct etcd *e)
{
	int64_t ttl = 0;
	int ret;

	if (podold_member_wait_ms(m) > 0)
		return 0;
	ret = etcd_lease_keepalive(e, m->lease, &ttl);
	if (!ret && ttl <= 0)
		ret = -ENOENT;
	if (ret == -ENOENT) {
		log_warn("lease %llx expired", (unsigned long long)m->lease);
		m->lease = 0;
		return ret;
	}
	/* Out of reach: try again soon, well before the lease runs out. */
	m->next_keepalive_ms = podold_now_ms() +
			       (ret ? 1000 : m->ttl * 1000 / 3);
	return ret;
}

int podold_member_leave(struct etcd *e, const char *prefix, const char *node)
{
	struct etcd_kvs kvs = { 0 };
	char *subnets, *key;
	size_t i;
	int ret;

	/* The record first: others then drop the node rather than skip it. */
	key = podold_record_key(prefix, node);
	if (!key)
		return -ENOMEM;
	ret = etcd_delete(e, key, false, NULL);
	free(key);
	if (ret)
		return ret;
	if (asprintf(&subnets, "%ssubnets/", prefix) < 0)
		return -ENOMEM;
	ret = etcd_range_prefix(e, subnets, 0, &kvs);
	free(subnets);
	for (i = 0; !ret && i < kvs.n; i++) {
		if (strcmp(kvs.v[i].value, node))
			continue;
		ret = etcd_delete(e, kvs.v[i].key, false, NULL);
		if (!ret)
			log_info("released %s", kvs.v[i].key + strlen(prefix));
	}
	etcd_kvs_free(&kvs);
	return ret;
}
