/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: records parsed once. The table is rebuilt from every record on
 * each change; parsing 10,000 JSON records each time would make one
 * change cost as much as a full sync. Each record is parsed when its
 * mod revision changes, and kept, with its refusal if it had one, in a
 * hash table keyed by the store key.
 */
#ifndef PODOLD_RECCACHE_H
#define PODOLD_RECCACHE_H

#include "etcd.h"
#include "record.h"

struct podold_parsed {
	char *key;		/* NULL: a free slot */
	int64_t mod_rev;
	unsigned int gen;	/* the build that last used it */
	bool ok;
	struct podold_record r;
	char err[160];		/* when not ok */
};

struct podold_reccache {
	struct podold_parsed *slots;
	size_t cap;		/* a power of two, or 0 */
	size_t n;
	unsigned int gen;
};

/*
 * @kv parsed (from the cache when its mod revision is the one parsed);
 * NULL when out of memory.
 */
const struct podold_parsed *podold_reccache_get(struct podold_reccache *c,
						const struct etcd_kv *kv);
/* Forgets the records no get() asked for since the last sweep. */
void podold_reccache_sweep(struct podold_reccache *c);
void podold_reccache_free(struct podold_reccache *c);

#endif /* PODOLD_RECCACHE_H */
