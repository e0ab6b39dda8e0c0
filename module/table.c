// SPDX-License-Identifier: GPL-2.0
/*
 * The node table: which node owns which pod CIDR, and which node has which
 * underlay address. Removing a node costs O(its CIDRs): each node keeps the
 * lists of its trie entries, one per family.
 */
#include <linux/jiffies.h>
#include <linux/netlink.h>
#include <linux/podol.h>
#include <linux/slab.h>

#include "table.h"

static struct podol_trie *podol_pod_trie(struct podol_table *tbl,
					 sa_family_t family)
{
	return family == AF_INET ? &tbl->pod_v4 : &tbl->pod_v6;
}

static struct podol_trie *podol_remote_trie(struct podol_table *tbl,
					    sa_family_t family)
{
	return family == AF_INET ? &tbl->remote_v4 : &tbl->remote_v6;
}

static u8 podol_maxbits(sa_family_t family)
{
	return family == AF_INET ? 32 : 128;
}

/*
 * Replaced tables are freed here, after a grace period: freeing 10,000
 * nodes is too long for an RCU callback, and waiting for the grace period
 * in the replace request would hold the genetlink mutex, and so every
 * podol request of every netns, for as long.
 */
static struct workqueue_struct *podol_free_wq;

int podol_table_init(void)
{
	podol_free_wq = alloc_workqueue("podol_free", WQ_UNBOUND, 0);
	return podol_free_wq ? 0 : -ENOMEM;
}

void podol_table_exit(void)
{
	/* queue_rcu_work() queues from an RCU callback: let those run first. */
	rcu_barrier();
	destroy_workqueue(podol_free_wq);
}

struct podol_table *podol_table_new(void)
{
	struct podol_table *tbl = kzalloc(sizeof(*tbl), PODOL_GFP);

	if (!tbl)
		return NULL;
	podol_trie_init(&tbl->pod_v4, 32);
	podol_trie_init(&tbl->pod_v6, 128);
	podol_trie_init(&tbl->remote_v4, 32);
	podol_trie_init(&tbl->remote_v6, 128);
	INIT_LIST_HEAD(&tbl->nodes);
	return tbl;
}

static void podol_node_free(struct podol_node *node)
{
	if (!node->gave_state) {
		dst_cache_destroy(&node->dst_cache);
		podol_counters_free(node->stats);
	}
	kfree(node);
}

static void podol_node_free_rcu(struct rcu_head *rcu)
{
	podol_node_free(container_of(rcu, struct podol_node, rcu));
}

void podol_table_free(struct podol_table *tbl)
{
	struct podol_node *node, *tmp;

	if (!tbl)
		return;
	podol_trie_destroy(&tbl->pod_v4);
	podol_trie_destroy(&tbl->pod_v6);
	podol_trie_destroy(&tbl->remote_v4);
	podol_trie_destroy(&tbl->remote_v6);
	list_for_each_entry_safe(node, tmp, &tbl->nodes, table_entry) {
		podol_node_free(node);
		cond_resched();
	}
	kfree(tbl);
}

static void podol_table_free_work(struct work_struct *work)
{
	podol_table_free(container_of(to_rcu_work(work), struct podol_table,
				      free_work));
}

void podol_table_free_rcu(struct podol_table *tbl)
{
	INIT_RCU_WORK(&tbl->free_work, podol_table_free_work);
	queue_rcu_work(podol_free_wq, &tbl->free_work);
}

/* Data path, under RCU: the node owning @inner_dst, longest prefix first. */
struct podol_node *podol_table_route(struct podol_table *tbl,
				     const struct podol_addr *inner_dst)
{
	return podol_trie_lookup(podol_pod_trie(tbl, inner_dst->family),
				 inner_dst->bytes);
}

/* Data path, under RCU: the node whose underlay address is @saddr. */
struct podol_node *podol_table_sender(struct podol_table *tbl,
				      sa_family_t family, const void *saddr)
{
	return podol_trie_lookup(podol_remote_trie(tbl, family), saddr);
}

struct podol_node *podol_table_find(struct podol_table *tbl,
				    const struct podol_addr *remote,
				    struct mutex *lock)
{
	return podol_trie_lookup_exact(podol_remote_trie(tbl, remote->family),
				       remote->bytes,
				       podol_maxbits(remote->family), lock);
}

/* The node that owns exactly @c, or NULL. */
static struct podol_node *podol_cidr_owner(struct podol_table *tbl,
					   const struct podol_cidr *c,
					   struct mutex *lock)
{
	return podol_trie_lookup_exact(podol_pod_trie(tbl, c->addr.family),
				       c->addr.bytes, c->len, lock);
}

static int podol_node_add_cidr(struct podol_table *tbl,
			       struct podol_node *node,
			       const struct podol_cidr *c, struct mutex *lock)
{
	struct list_head *list = c->addr.family == AF_INET ?
				 &node->cidrs_v4 : &node->cidrs_v6;

	return podol_trie_insert(podol_pod_trie(tbl, c->addr.family),
				 c->addr.bytes, c->len, node, list, lock);
}

static bool podol_cidr_in(const struct podol_tnode *tn, sa_family_t family,
			  const struct podol_cidr *cidrs, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (cidrs[i].addr.family == family && cidrs[i].len == tn->cidr &&
		    !memcmp(cidrs[i].addr.bytes, tn->bits, 16))
			return true;
	return false;
}

/* Removes the node's CIDRs that are not in @keep (all, with n == 0). */
static void podol_node_prune(struct podol_table *tbl, struct podol_node *node,
			     const struct podol_cidr *keep, unsigned int n,
			     struct mutex *lock)
{
	struct podol_tnode *tn, *tmp;

	list_for_each_entry_safe(tn, tmp, &node->cidrs_v4, owner_entry)
		if (!podol_cidr_in(tn, AF_INET, keep, n))
			podol_trie_remove(&tbl->pod_v4, tn, lock);
	list_for_each_entry_safe(tn, tmp, &node->cidrs_v6, owner_entry)
		if (!podol_cidr_in(tn, AF_INET6, keep, n))
			podol_trie_remove(&tbl->pod_v6, tn, lock);
}

/* Every CIDR of @cidrs is free, or already @node's. */
static int podol_cidrs_free(struct podol_table *tbl, struct podol_node *node,
			    const struct podol_cidr *cidrs, unsigned int n,
			    struct mutex *lock, struct netlink_ext_ack *extack)
{
	struct podol_node *owner;
	unsigned int i;

	for (i = 0; i < n; i++) {
		owner = podol_cidr_owner(tbl, &cidrs[i], lock);
		if (owner && owner != node) {
			NL_SET_ERR_MSG(extack, "podol: a CIDR is already owned by another node");
			return -EEXIST;
		}
	}
	return 0;
}

int podol_table_add(struct podol_table *tbl, const struct podol_addr *remote,
		    __be16 port, const struct podol_cidr *cidrs,
		    unsigned int ncidrs, struct mutex *lock,
		    struct netlink_ext_ack *extack)
{
	struct podol_node *node;
	unsigned int i;
	int err;

	lockdep_assert_held(lock);
	if (podol_table_find(tbl, remote, lock)) {
		NL_SET_ERR_MSG(extack, "podol: a node with this remote address exists");
		return -EEXIST;
	}
	if (tbl->count >= PODOL_MAX_NODES) {
		NL_SET_ERR_MSG(extack, "podol: the device has the most nodes it may have");
		return -ENOSPC;
	}
	err = podol_cidrs_free(tbl, NULL, cidrs, ncidrs, lock, extack);
	if (err)
		return err;

	node = kzalloc(sizeof(*node), PODOL_GFP);
	if (!node)
		goto err_nomem;
	node->remote = *remote;
	node->port = port;
	node->ncidrs = ncidrs;
	INIT_LIST_HEAD(&node->cidrs_v4);
	INIT_LIST_HEAD(&node->cidrs_v6);
	INIT_LIST_HEAD(&node->remote_tn);
	node->stats = podol_counters_new();
	if (!node->stats)
		goto err_free;
	if (dst_cache_init(&node->dst_cache, PODOL_GFP))
		goto err_free_stats;

	/* Its CIDRs first, its address last: it sends once it can be found. */
	for (i = 0; i < ncidrs; i++) {
		err = podol_node_add_cidr(tbl, node, &cidrs[i], lock);
		if (err)
			goto err_unwind;
	}
	err = podol_trie_insert(podol_remote_trie(tbl, remote->family),
				remote->bytes, podol_maxbits(remote->family),
				node, &node->remote_tn, lock);
	if (err)
		goto err_unwind;
	list_add_tail(&node->table_entry, &tbl->nodes);
	tbl->count++;
	return 0;

err_unwind:
	podol_node_prune(tbl, node, NULL, 0, lock);
	/* A reader may have found it through a CIDR: free it after them. */
	call_rcu(&node->rcu, podol_node_free_rcu);
	goto out;
err_free_stats:
	podol_counters_free(node->stats);
err_free:
	kfree(node);
err_nomem:
	err = -ENOMEM;
out:
	/* Over the caller's memory cgroup limit, most likely: see PODOL_GFP. */
	if (err == -ENOMEM)
		NL_SET_ERR_MSG(extack,
			       "podol: out of memory for the node table (memory cgroup limit?)");
	return err;
}

/*
 * Gives @node the CIDR set @cidrs: the new CIDRs are added before the old
 * ones go, so a prefix in both never stops routing.
 */
int podol_table_change(struct podol_table *tbl, struct podol_node *node,
		       __be16 port, const struct podol_cidr *cidrs,
		       unsigned int ncidrs, struct mutex *lock,
		       struct netlink_ext_ack *extack)
{
	u64 had = 0;	/* bit i: cidrs[i] was the node's already */
	unsigned int i, j;
	int err;

	BUILD_BUG_ON(PODOL_MAX_NODE_CIDRS > 64);
	lockdep_assert_held(lock);
	err = podol_cidrs_free(tbl, node, cidrs, ncidrs, lock, extack);
	if (err)
		return err;
	for (i = 0; i < ncidrs; i++) {
		if (podol_cidr_owner(tbl, &cidrs[i], lock) == node)
			had |= BIT_ULL(i);
		err = podol_node_add_cidr(tbl, node, &cidrs[i], lock);
		if (err)
			goto err_unwind;
	}
	podol_node_prune(tbl, node, cidrs, ncidrs, lock);
	node->ncidrs = ncidrs;
	WRITE_ONCE(node->port, port);
	return 0;

err_unwind:
	/* Only memory ran out: take back what this call added. */
	for (j = 0; j < i; j++)
		if (!(had & BIT_ULL(j)))
			podol_trie_remove_exact(podol_pod_trie(tbl, cidrs[j].addr.family),
						cidrs[j].addr.bytes, cidrs[j].len,
						lock);
	return err;
}

/*
 * Readers of @old may still count into a node's counters, cache its route
 * or set its last_rx for a grace period after the swap. The counters and
 * the route cache are handed over whole (the heir points at the same
 * objects and the old node no longer frees them), so nothing counted in
 * that window is lost; last_rx is copied, so a packet received through
 * the old table in that window does not move the heir's last_rx.
 */
void podol_table_inherit(struct podol_table *new, struct podol_table *old,
			 struct mutex *lock)
{
	struct podol_node *node, *prev;

	lockdep_assert_held(lock);
	list_for_each_entry(node, &new->nodes, table_entry) {
		prev = podol_table_find(old, &node->remote, lock);
		if (!prev || prev->port != node->port)
			continue;
		/* @new is nobody's yet: its own fresh state goes at once. */
		dst_cache_destroy(&node->dst_cache);
		podol_counters_free(node->stats);
		node->dst_cache = prev->dst_cache;
		node->stats = prev->stats;
		node->last_rx = READ_ONCE(prev->last_rx);
		prev->gave_state = true;
		cond_resched();
	}
}

void podol_table_del(struct podol_table *tbl, struct podol_node *node,
		     struct mutex *lock)
{
	struct podol_tnode *tn, *tmp;

	lockdep_assert_held(lock);
	list_for_each_entry_safe(tn, tmp, &node->remote_tn, owner_entry)
		podol_trie_remove(podol_remote_trie(tbl, node->remote.family),
				  tn, lock);
	podol_node_prune(tbl, node, NULL, 0, lock);
	list_del(&node->table_entry);
	tbl->count--;
	call_rcu(&node->rcu, podol_node_free_rcu);
}
