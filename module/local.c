// SPDX-License-Identifier: GPL-2.0
/*
 * The local CIDR list: see local.h. Built once, read-only afterwards.
 */
#include <linux/err.h>
#include <linux/slab.h>

#include "local.h"

struct podol_local *podol_local_new(const struct podol_cidr *cidrs,
				    unsigned int n, struct mutex *lock)
{
	struct podol_local *local;
	unsigned int i;
	int err;

	local = kzalloc(sizeof(*local), PODOL_GFP);
	if (!local)
		return ERR_PTR(-ENOMEM);
	podol_trie_init(&local->v4, 32);
	podol_trie_init(&local->v6, 128);
	INIT_LIST_HEAD(&local->cidrs_v4);
	INIT_LIST_HEAD(&local->cidrs_v6);
	for (i = 0; i < n; i++) {
		bool v4 = cidrs[i].addr.family == AF_INET;

		/* The list is its own owner; a repeated CIDR is one entry. */
		err = podol_trie_insert(v4 ? &local->v4 : &local->v6,
					cidrs[i].addr.bytes, cidrs[i].len, local,
					v4 ? &local->cidrs_v4 : &local->cidrs_v6,
					lock);
		if (err) {
			podol_local_free(local);
			return ERR_PTR(err);
		}
	}
	return local;
}

void podol_local_free(struct podol_local *local)
{
	if (!local)
		return;
	podol_trie_destroy(&local->v4);
	podol_trie_destroy(&local->v6);
	kfree(local);
}
