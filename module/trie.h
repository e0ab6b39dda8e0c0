/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A path-compressed binary trie for longest-prefix match on IPv4 or IPv6
 * addresses, one trie per family.
 *
 * Locking: podol_trie_lookup() runs under rcu_read_lock() and takes no
 * lock. Everything else is a writer's: the caller holds the mutex that
 * protects the table the trie belongs to, and passes it as @lock so that
 * lockdep can check it. Freed entries wait for an RCU grace period.
 */
#ifndef _PODOL_TRIE_H
#define _PODOL_TRIE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct podol_tnode {
	struct podol_tnode __rcu *child[2];
	/* The owner of exactly this prefix, or NULL for a branch point. */
	void __rcu *owner;
	u8 bits[16];		/* the prefix, host bits clear */
	u8 cidr;		/* its length */
	/* Writer side only: */
	u8 parent_bit;		/* which child of parent this is */
	struct podol_tnode *parent;
	struct list_head owner_entry;	/* in the owner's list of prefixes */
	struct rcu_head rcu;
};

struct podol_trie {
	struct podol_tnode __rcu *root;
	u8 maxbits;		/* 32 or 128 */
};

void podol_trie_init(struct podol_trie *t, u8 maxbits);
/* Frees every entry at once: only when no reader can see the trie. */
void podol_trie_destroy(struct podol_trie *t);

void *podol_trie_lookup(struct podol_trie *t, const void *addr);
void *podol_trie_lookup_exact(struct podol_trie *t, const void *addr,
			      u8 cidr, struct mutex *lock);
int podol_trie_insert(struct podol_trie *t, const void *addr, u8 cidr,
		      void *owner, struct list_head *owner_list, struct mutex *lock);
void podol_trie_remove(struct podol_trie *t, struct podol_tnode *tn, struct mutex *lock);
void podol_trie_remove_exact(struct podol_trie *t, const void *addr,
			     u8 cidr, struct mutex *lock);

#endif /* _PODOL_TRIE_H */
