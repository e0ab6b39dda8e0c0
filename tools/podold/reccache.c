// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "reccache.h"

static size_t hash(const char *s)
{
	size_t h = 14695981039346656037ULL;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct podold_parsed *slot(struct podold_parsed *v, size_t cap,
				  const char *key)
{
	size_t i = hash(key) & (cap - 1);

	while (v[i].key && strcmp(v[i].key, key))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static int grow(struct podold_reccache *c)
{
	size_t cap = c->cap ? c->cap * 2 : 256, i;
	struct podold_parsed *v = calloc(cap, sizeof(*v));

	if (!v)
		return -1;
	for (i = 0; i < c->cap; i++)
		if (c->slots[i].key)
			*slot(v, cap, c->slots[i].key) = c->slots[i];
	free(c->slots);
	c->slots = v;
	c->cap = cap;
	return 0;
}

const struct podold_parsed *podold_reccache_get(struct podold_reccache *c,
						const struct etcd_kv *kv)
{
	struct podold_parsed *p;

	/* At most half full: probes stay short. */
	if ((c->n + 1) * 2 > c->cap && grow(c))
		return NULL;
	p = slot(c->slots, c->cap, kv->key);
	if (!p->key) {
		p->key = strdup(kv->key);
		if (!p->key)
			return NULL;
		p->mod_rev = 0;
		c->n++;
	}
	p->gen = c->gen;
	if (p->mod_rev != kv->mod_rev || !kv->mod_rev) {
		p->mod_rev = kv->mod_rev;
		p->ok = !podold_record_parse(kv->value, kv->value_len, &p->r,
					     p->err, sizeof(p->err));
	}
	return p;
}

void podold_reccache_sweep(struct podold_reccache *c)
{
	struct podold_parsed *old = c->slots;
	size_t cap = c->cap, i;

	/*
	 * Open addressing cannot just empty a slot: a probe would stop
	 * there. The survivors go into a fresh table instead.
	 */
	for (i = 0; i < cap; i++)
		if (old[i].key && old[i].gen != c->gen)
			break;
	if (i == cap) {
		c->gen++;
		return;
	}
	c->slots = calloc(cap, sizeof(*c->slots));
	if (!c->slots) {
		c->slots = old;
		c->gen++;
		return;
	}
	c->n = 0;
	for (i = 0; i < cap; i++) {
		if (!old[i].key)
			continue;
		if (old[i].gen != c->gen) {
			free(old[i].key);
			continue;
		}
		*slot(c->slots, cap, old[i].key) = old[i];
		c->n++;
	}
	free(old);
	c->gen++;
}

void podold_reccache_free(struct podold_reccache *c)
{
	size_t i;

	for (i = 0; i < c->cap; i++)
		free(c->slots[i].key);
	free(c->slots);
	memset(c, 0, sizeof(*c));
}
