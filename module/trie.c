// SPDX-License-Identifier: GPL-2.0
/*
 * Longest-prefix match over a path-compressed binary trie.
 *
 * Every entry holds a prefix; an entry's children extend its prefix by at
 * least one bit, the next bit choosing the child. Entries with an owner
 * are the table's prefixes; entries without one are branch points, kept
 * only while they have two children. A lookup walks down from the root
 * while the entry's prefix matches the address, remembering the last
 * owner it passed: that is the longest match. Depth is bounded by the
 * address length and, for n prefixes, by about log2(n) branch points.
 *
 * Writers publish an entry only once it is complete (rcu_assign_pointer)
 * and unlink before freeing (kfree_rcu), so a reader racing a writer sees
 * the trie before or after the change, and never freed memory.
 */
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "stats.h"
#include "trie.h"

#define podol_deref(p, lock) rcu_dereference_protected(p, lockdep_is_held(lock))

void podol_trie_init(struct podol_trie *t, u8 maxbits)
{
	RCU_INIT_POINTER(t->root, NULL);
	t->maxbits = maxbits;
}

/*
 * Frees every entry, children before their parent, by walking the parent
 * links: no recursion, so neither the depth of an IPv6 trie (129) nor the
 * stack traces KASAN records per call path add up. Process context only
 * (a workqueue, or a device's destructor): it reschedules as it goes.
 */
void podol_trie_destroy(struct podol_trie *t)
{
	struct podol_tnode *tn = rcu_dereference_raw(t->root), *parent;

	while (tn) {
		struct podol_tnode *child = rcu_dereference_raw(tn->child[0]) ?:
					    rcu_dereference_raw(tn->child[1]);

		if (child) {
			tn = child;
			continue;
		}
		parent = tn->parent;
		if (parent)
			RCU_INIT_POINTER(parent->child[tn->parent_bit], NULL);
		kfree(tn);
		tn = parent;
		/* 65,536 nodes make some 400,000 entries: let others run. */
		cond_resched();
	}
	RCU_INIT_POINTER(t->root, NULL);
}

/* Bit @i of @addr, counting from the most significant bit of byte 0. */
static inline unsigned int podol_bit(const u8 *addr, unsigned int i)
{
	return (addr[i / 8] >> (7 - i % 8)) & 1;
}

/* How many leading bits @a and @b share, at most @max. */
static unsigned int podol_common_bits(const u8 *a, const u8 *b,
				      unsigned int max)
{
	unsigned int i;

	for (i = 0; i < max / 8; i++)
		if (a[i] != b[i])
			return min(i * 8 + __builtin_clz(a[i] ^ b[i]) - 24, max);
	if (max % 8 && (a[i] ^ b[i]))
		return min(i * 8 + __builtin_clz(a[i] ^ b[i]) - 24, max);
	return max;
}

/* The first @cidr bits of @addr match @tn's prefix. */
static inline bool podol_tnode_matches(const struct podol_tnode *tn,
				       const u8 *addr)
{
	unsigned int full = tn->cidr / 8, rest = tn->cidr % 8;

	if (memcmp(tn->bits, addr, full))
		return false;
	return !rest || !((tn->bits[full] ^ addr[full]) & (0xff00 >> rest));
}

void *podol_trie_lookup(struct podol_trie *t, const void *addr)
{
	struct podol_tnode *tn = rcu_dereference(t->root);
	void *best = NULL, *owner;

	while (tn && podol_tnode_matches(tn, addr)) {
		owner = rcu_dereference(tn->owner);
		if (owner)
			best = owner;
		if (tn->cidr == t->maxbits)
			break;
		tn = rcu_dereference(tn->child[podol_bit(addr, tn->cidr)]);
	}
	return best;
}

/* The entry for exactly @addr/@cidr, or NULL. Writer side. */
static struct podol_tnode *podol_trie_find(struct podol_trie *t,
					   const u8 *addr, u8 cidr,
					   struct mutex *lock)
{
	struct podol_tnode *tn = podol_deref(t->root, lock);

	while (tn && tn->cidr <= cidr && podol_tnode_matches(tn, addr)) {
		if (tn->cidr == cidr)
			return tn;
		tn = podol_deref(tn->child[podol_bit(addr, tn->cidr)], lock);
	}
	return NULL;
}

void *podol_trie_lookup_exact(struct podol_trie *t, const void *addr, u8 cidr,
			      struct mutex *lock)
{
	struct podol_tnode *tn = podol_trie_find(t, addr, cidr, lock);

	return tn ? podol_deref(tn->owner, lock) : NULL;
}

static struct podol_tnode *podol_tnode_new(const u8 *addr, u8 cidr,
					   void *owner)
{
	struct podol_tnode *tn = kzalloc(sizeof(*tn), PODOL_GFP);
	unsigned int full = cidr / 8, rest = cidr % 8;

	if (!tn)
		return NULL;
	memcpy(tn->bits, addr, full);
	if (rest)
		tn->bits[full] = addr[full] & (0xff00 >> rest);
	tn->cidr = cidr;
	RCU_INIT_POINTER(tn->owner, owner);
	INIT_LIST_HEAD(&tn->owner_entry);
	return tn;
}

/* Hangs @child under @parent (NULL: the root) in the writer's links. */
static void podol_tnode_link(struct podol_tnode *child,
			     struct podol_tnode *parent, unsigned int bit)
{
	child->parent = parent;
	child->parent_bit = bit;
}

static struct podol_tnode __rcu **podol_slot(struct podol_trie *t,
					     struct podol_tnode *tn)
{
	return tn->parent ? &tn->parent->child[tn->parent_bit] : &t->root;
}

/*
 * Adds @addr/@cidr owned by @owner and puts its entry on @owner_list.
 * -EEXIST if another owner has exactly that prefix; 0 if @owner has it.
 */
int podol_trie_insert(struct podol_trie *t, const void *addr, u8 cidr,
		      void *owner, struct list_head *owner_list,
		      struct mutex *lock)
{
	struct podol_tnode __rcu **slot = &t->root;
	struct podol_tnode *parent = NULL, *tn, *new, *branch;
	unsigned int common, bit = 0;
	void *cur;

	lockdep_assert_held(lock);
	for (;;) {
		tn = podol_deref(*slot, lock);
		if (!tn)
			break;
		common = podol_common_bits(tn->bits, addr, min(tn->cidr, cidr));
		if (common < tn->cidr)
			break;
		if (tn->cidr == cidr) {
			cur = podol_deref(tn->owner, lock);
			if (cur)
				return cur == owner ? 0 : -EEXIST;
			rcu_assign_pointer(tn->owner, owner);
			list_add_tail(&tn->owner_entry, owner_list);
			return 0;
		}
		parent = tn;
		bit = podol_bit(addr, tn->cidr);
		slot = &tn->child[bit];
	}

	new = podol_tnode_new(addr, cidr, owner);
	if (!new)
		return -ENOMEM;

	if (!tn) {
		/* An empty slot: the new prefix is a leaf. */
		podol_tnode_link(new, parent, bit);
		rcu_assign_pointer(*slot, new);
	} else if (common == cidr) {
		/* The new prefix contains tn: it goes between parent and tn. */
		podol_tnode_link(new, parent, bit);
		RCU_INIT_POINTER(new->child[podol_bit(tn->bits, cidr)], tn);
		podol_tnode_link(tn, new, podol_bit(tn->bits, cidr));
		rcu_assign_pointer(*slot, new);
	} else {
		/* They part ways after @common bits: a branch holds both. */
		branch = podol_tnode_new(addr, common, NULL);
		if (!branch) {
			kfree(new);
			return -ENOMEM;
		}
		podol_tnode_link(branch, parent, bit);
		RCU_INIT_POINTER(branch->child[podol_bit(tn->bits, common)], tn);
		podol_tnode_link(tn, branch, podol_bit(tn->bits, common));
		RCU_INIT_POINTER(branch->child[podol_bit(addr, common)], new);
		podol_tnode_link(new, branch, podol_bit(addr, common));
		rcu_assign_pointer(*slot, branch);
	}
	list_add_tail(&new->owner_entry, owner_list);
	return 0;
}

/*
 * Takes @tn's prefix away from its owner, then drops the entries that no
 * longer carry weight: an ownerless entry with one child is replaced by
 * that child, one with none is unlinked, and its parent looked at again.
 */
void podol_trie_remove(struct podol_trie *t, struct podol_tnode *tn,
		       struct mutex *lock)
{
	struct podol_tnode *c0, *c1, *child, *parent;

	lockdep_assert_held(lock);
	RCU_INIT_POINTER(tn->owner, NULL);
	list_del_init(&tn->owner_entry);

	while (tn && !rcu_access_pointer(tn->owner)) {
		c0 = podol_deref(tn->child[0], lock);
		c1 = podol_deref(tn->child[1], lock);
		if (c0 && c1)
			return;
		child = c0 ? c0 : c1;
		parent = tn->parent;
		if (child)
			podol_tnode_link(child, parent, tn->parent_bit);
		rcu_assign_pointer(*podol_slot(t, tn), child);
		kfree_rcu(tn, rcu);
		if (child)
			return;
		tn = parent;
	}
}

/* Removes exactly @addr/@cidr, if the trie has it. */
void podol_trie_remove_exact(struct podol_trie *t, const void *addr, u8 cidr,
			     struct mutex *lock)
{
	struct podol_tnode *tn = podol_trie_find(t, addr, cidr, lock);

	if (tn && rcu_access_pointer(tn->owner))
		podol_trie_remove(t, tn, lock);
}
