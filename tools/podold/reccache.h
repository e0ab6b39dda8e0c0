/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: records parsed once, with where the table holds them. A change
 * re-evaluates only the records it touches, and a whole build (start-up,
 * resync, a new configuration) meets mostly records it has seen:
 * parsing 10,000 JSON records each time would make it cost a full sync.
 * Each record is parsed when its mod revision changes, and kept, with its
 * refusal if it had one, in a hash table keyed by the store key.
 *
 * Entries are allocated one by one and never move, so the table's peers
 * may point at them; the slots hold pointers (8 bytes a slot, the table
 * at most half full).
 */
#ifndef PODOLD_RECCACHE_H
#define PODOLD_RECCACHE_H

#include "etcd.h"
#include "record.h"

struct podold_parsed {
	char *key;
	int64_t mod_rev;
	unsigned int gen;	/* the build that last used it */
	bool ok;
	/* The table's (table.c): whether the record is a peer, and where. */
	bool peer;
	struct podol_addr at;
	union {
		struct podold_record r;	/* when ok */
		char err[160];		/* when not */
	};
};

struct podold_reccache {
	struct podold_parsed **slots;
	size_t cap;		/* a power of two, or 0 */
	size_t n;
	unsigned int gen;
};

/*
 * @kv parsed (from the cache when its mod revision is the one parsed);
 * NULL when out of memory.
 */
struct podold_parsed *podold_reccache_get(struct podold_reccache *c,
					  const struct etcd_kv *kv);
/* The entry of @key, or NULL; nothing is parsed. */
struct podold_parsed *podold_reccache_find(const struct podold_reccache *c,
					   const char *key);
/* Forgets @key's record (its key was deleted). */
void podold_reccache_forget(struct podold_reccache *c, const char *key);
/* Forgets the records no get() asked for since the last sweep. */
void podold_reccache_sweep(struct podold_reccache *c);
void podold_reccache_free(struct podold_reccache *c);

#endif /* PODOLD_RECCACHE_H */
