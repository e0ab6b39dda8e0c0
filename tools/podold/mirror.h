/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: the agent's copy of the keys under its network's prefix, as of
 * a store revision: a full listing, then each watched event applied in
 * order. Kept sorted by key, so that the table is built in the same order
 * on every node and a lookup is a binary search.
 */
#ifndef PODOLD_MIRROR_H
#define PODOLD_MIRROR_H

#include "etcd.h"

struct podold_mirror {
	struct etcd_kv *v;	/* sorted by key; owned */
	size_t n;
	size_t cap;
	int64_t revision;	/* of the listing or of the last event */
};

/* Replaces the whole copy by @kvs, whose entries it takes (kvs->n = 0). */
void podold_mirror_load(struct podold_mirror *m, struct etcd_kvs *kvs);
/*
 * Applies one watched event, taking its kv's strings on a put. Returns 0
 * or -ENOMEM (then the copy is no longer the store's: re-list).
 */
int podold_mirror_apply(struct podold_mirror *m, struct etcd_event *ev);
/* The key @key, or NULL. */
const struct etcd_kv *podold_mirror_get(const struct podold_mirror *m,
					const char *key);
/* The first key at or after @key in order (an index, maybe m->n). */
size_t podold_mirror_seek(const struct podold_mirror *m, const char *key);
void podold_mirror_free(struct podold_mirror *m);

#endif /* PODOLD_MIRROR_H */
