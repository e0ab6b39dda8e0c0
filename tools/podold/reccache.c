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

/* Linear probing: the slot of @key, or the free one it would take. */
static size_t slot(struct podold_parsed *const *v, size_t cap, const char *key)
{
	size_t i = hash(key) & (cap - 1);

	while (v[i] && strcmp(v[i]->key, key))
		i = (i + 1) & (cap - 1);
	return i;
}

static int grow(struct podold_reccache *c)
{
	size_t cap = c->cap ? c->cap * 2 : 256, i;
	struct podold_parsed **v = calloc(cap, sizeof(*v));

	if (!v)
		return -1;
	for (i = 0; i < c->cap; i++)
		if (c->slots[i])
			v[slot(v, cap, c->slots[i]->key)] = c->slots[i];
	free(c->slots);
	c->slots = v;
	c->cap = cap;
	return 0;
}

struct podold_parsed *podold_reccache_find(const struct podold_reccache *c,
					   const char *key)
{
	return c->cap ? c->slots[slot(c->slots, c->cap, key)] : NULL;
}

struct podold_parsed *podold_reccache_get(struct podold_reccache *c,
					  const struct etcd_kv *kv)
{
	struct podold_parsed *p;
	size_t i;

	/* At most half full: probes stay short. */
	if ((c->n + 1) * 2 > c->cap && grow(c))
		return NULL;
	i = slot(c->slots, c->cap, kv->key);
	p = c->slots[i];
	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return NULL;
		p->key = strdup(kv->key);
		if (!p->key) {
			free(p);
			return NULL;
		}
		c->slots[i] = p;
		c->n++;
	}
	p->gen = c->gen;
	if (p->mod_rev != kv->mod_rev || !kv->mod_rev) {
		struct podold_record r;
		char err[sizeof(p->err)];

		/* The parser writes both as it goes: not into one union. */
		p->mod_rev = kv->mod_rev;
		p->ok = !podold_record_parse(kv->value, kv->value_len, &r,
					     err, sizeof(err));
		if (p->ok)
			p->r = r;
		else
			memcpy(p->err, err, sizeof(err));
	}
	return p;
}

static void entry_free(struct podold_parsed *p)
{
	free(p->key);
	free(p);
}

void podold_reccache_forget(struct podold_reccache *c, const char *key)
{
	size_t i, j, home, mask = c->cap - 1;

	if (!c->cap || !c->slots[i = slot(c->slots, c->cap, key)])
		return;
	entry_free(c->slots[i]);
	c->slots[i] = NULL;
	c->n--;
	/*
	 * Open addressing cannot just empty a slot: a probe would stop
	 * there. Each entry after it in the run moves back into the hole
	 * unless its home slot lies cyclically in (hole, its slot].
	 */
	for (j = (i + 1) & mask; c->slots[j]; j = (j + 1) & mask) {
		home = hash(c->slots[j]->key) & mask;
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		c->slots[i] = c->slots[j];
		c->slots[j] = NULL;
		i = j;
	}
}

void podold_reccache_sweep(struct podold_reccache *c)
{
	struct podold_parsed **old = c->slots;
	size_t cap = c->cap, i;

	/* The survivors go into a fresh table: no run is left broken. */
	for (i = 0; i < cap; i++)
		if (old[i] && old[i]->gen != c->gen)
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
		if (!old[i])
			continue;
		if (old[i]->gen != c->gen) {
			entry_free(old[i]);
			continue;
		}
		c->slots[slot(c->slots, cap, old[i]->key)] = old[i];
		c->n++;
	}
	free(old);
	c->gen++;
}

void podold_reccache_free(struct podold_reccache *c)
{
	size_t i;

	for (i = 0; i < c->cap; i++)
		if (c->slots[i])
			entry_free(c->slots[i]);
	free(c->slots);
	memset(c, 0, sizeof(*c));
}
