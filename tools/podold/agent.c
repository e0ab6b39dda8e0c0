// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "etcd.h"
#include "kernel.h"
#include "log.h"
#include "member.h"
#include "mirror.h"
#include "state.h"
#include "table.h"
#include "underlay.h"

/* The longest a store outage makes the agent wait between attempts. */
#define RETRY_MAX_MS	5000

struct agent {
	const struct podold_opts *o;
	char *prefix;
	char *config_key;
	struct etcd *e;
	struct podold_cluster cluster;
	struct podold_self self;
	struct podold_underlay ul;
	struct podold_kernel k;
	struct podold_member member;
	struct podold_mirror mirror;
	struct podold_table table;
	struct podold_reccache records;
	struct podold_touched touched;	/* records the events since touch */
	struct etcd_watch *w;
	unsigned int mtu;
	bool store_up;
	bool dirty;		/* events since the table was built */
	bool rebuild;		/* the configuration or our CIDRs changed */
	bool replace;		/* a listing: send the whole table */
	bool rejoin;		/* our lease, claim or record is gone */
	bool resume;		/* the watch broke: go on from the revision */
	bool reconfig;		/* the cluster configuration changed */
	long retry_ms;		/* the current back-off */
	long long next_try_ms;
	unsigned long resyncs;
	unsigned long skipped_total;
	char last_error[320];
	struct podold_ratelimit skip_rl;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void write_status(struct agent *a);

/* Records whether the store answered; status.json says when that flips. */
static void store_state(struct agent *a, int err, const char *what)
{
	if (!err) {
		if (!a->store_up) {
			log_info("store reachable at %s", etcd_endpoint(a->e));
			a->store_up = true;
			write_status(a);
		}
		a->retry_ms = 0;
		return;
	}
	snprintf(a->last_error, sizeof(a->last_error), "%s: %s", what,
		 etcd_error(a->e));
	if (a->store_up || !a->retry_ms)
		log_warn("%s", a->last_error);
	if (err == -ENOTCONN && a->store_up) {
		a->store_up = false;
		write_status(a);
	}
	a->retry_ms = a->retry_ms ? a->retry_ms * 2 : 250;
	if (a->retry_ms > RETRY_MAX_MS)
		a->retry_ms = RETRY_MAX_MS;
	a->next_try_ms = podold_now_ms() + a->retry_ms;
}

static void write_status(struct agent *a)
{
	struct podold_status s = {
		.node = a->o->node,
		.endpoint = etcd_endpoint(a->e),
		.store_up = a->store_up,
		.revision = a->mirror.revision,
		.table = &a->table,
		.skipped_total = a->skipped_total,
		.resyncs = a->resyncs,
		.last_error = a->last_error,
		.ncidrs = a->member.ncidrs,
		.cidrs = a->member.cidrs,
		.lease = a->member.lease,
	};
	s.nodes = a->table.overlay;
	s.direct = a->table.direct;
	podold_state_write_status(a->o->state_dir, &s);
}

/* Logs the skips that are new since @old (once each, rate-limited). */
static void log_skips(struct agent *a, const struct podold_table *old)
{
	size_t i, j;

	for (i = 0; i < a->table.nskipped; i++) {
		const struct podold_skip *s = &a->table.skipped[i];

		for (j = 0; j < old->nskipped; j++)
			if (!strcmp(old->skipped[j].key, s->key) &&
			    !strcmp(old->skipped[j].reason, s->reason))
				break;
		if (j < old->nskipped)
			continue;
		a->skipped_total++;
		if (podold_ratelimit(&a->skip_rl))
			log_warn("skipped %s: %s", s->key, s->reason);
	}
}

/*
 * The table made the mirror's and put in the kernel: the records the
 * events touched re-evaluated and their peers' entries changed, or, for
 * a new configuration, our new CIDRs or a listing (@a->replace), the
 * whole table built again, then sent whole (after a listing) or as its
 * difference.
 */
static int apply(struct agent *a)
{
	bool replace = a->replace, rebuild;
	struct podold_changes ch = { 0 };
	struct podold_table old = { 0 };
	long long t0 = podold_now_ms();
	int ret = 0;

	/*
	 * Until this node holds its CIDRs the table waits: at start-up the
	 * join takes its claims from the listing, then the table is built.
	 */
	if (!a->member.ncidrs)
		return 0;
	rebuild = replace || a->rebuild || a->touched.whole;
	a->self.ncidrs = a->member.ncidrs;
	memcpy(a->self.cidrs, a->member.cidrs, sizeof(a->self.cidrs));
	if (!rebuild && podold_table_update(&a->mirror, a->prefix, &a->cluster,
					    &a->self, &a->records, &a->table,
					    &a->touched, &old, &ch)) {
		/* The table is emptied: what the kernel holds is unknown. */
		rebuild = replace = true;
	}
	if (rebuild) {
		podold_table_free(&old);
		old = a->table;
		ret = podold_table_build(&a->mirror, a->prefix, &a->cluster,
					 &a->self, &a->records, &a->table);
		if (ret) {
			a->table = old;
			podold_changes_free(&ch);
			return ret;
		}
		if (!replace && podold_table_diff(&old, &a->table, &ch))
			replace = true;
	}
	podold_touched_clear(&a->touched);
	a->rebuild = false;
	a->replace = false;
	a->dirty = false;
	log_skips(a, &old);
	podold_table_free(&old);
	if (replace)
		ret = podold_kernel_replace(&a->k, &a->table, &a->cluster);
	else
		ret = podold_kernel_update(&a->k, &a->table, &ch, &a->cluster);
	if (ret) {
		snprintf(a->last_error, sizeof(a->last_error),
			 "the kernel refused the table: %s",
			 podold_kernel_error(&a->k));
		log_err("%s", a->last_error);
	} else if (replace || ch.n) {
		log_info("%s: %zu nodes at revision %lld (%zu changed, %zu skipped, %lld ms)",
			 replace ? "table replaced" : "table updated",
			 a->table.npeers, (long long)a->mirror.revision,
			 replace ? a->table.npeers : ch.n, a->table.nskipped,
			 podold_now_ms() - t0);
	}
	podold_changes_free(&ch);
	write_status(a);
	return ret;
}

static bool is_ours(const struct agent *a, const struct etcd_kv *kv)
{
	char *key = podold_record_key(a->prefix, a->o->node);
	bool ours = key && !strcmp(kv->key, key);
	unsigned int i;

	free(key);
	for (i = 0; !ours && i < a->member.ncidrs; i++) {
		key = podold_claim_key(a->prefix, &a->member.cidrs[i]);
		ours = key && !strcmp(kv->key, key);
		free(key);
	}
	return ours;
}

static int on_event(void *ctx, const struct etcd_event *ev, int64_t revision)
{
	const struct etcd_kv *prev;
	struct agent *a = ctx;
	struct etcd_event copy;

	/* The watch spoke: the store is there, whatever a keepalive said. */
	if (!a->store_up)
		store_state(a, 0, NULL);
	if (!ev) {
		/*
		 * A response's header revision is not a promise that every
		 * event up to it came: one in the next response, lost with a
		 * broken stream, would never be resumed. Only events move
		 * the mirror's revision.
		 */
		(void)revision;
		if (a->dirty)
			apply(a);
		return 0;
	}
	if (!strcmp(ev->kv.key, a->config_key))
		a->reconfig = true;
	if (ev->deleted && is_ours(a, &ev->kv)) {
		log_warn("%s was deleted: joining again", ev->kv.key);
		a->rejoin = true;
	}
	/* A claim touches its owner before the event and after. */
	prev = podold_mirror_get(&a->mirror, ev->kv.key);
	if (podold_table_touch(&a->touched, a->prefix, ev->kv.key,
			       ev->kv.key_len, prev ? prev->value : NULL) ||
	    podold_table_touch(&a->touched, a->prefix, ev->kv.key,
			       ev->kv.key_len, ev->deleted ? NULL : ev->kv.value))
		a->touched.whole = true;
	/* The mirror takes the strings; the watch frees what is left. */
	copy = *ev;
	copy.kv.key = malloc(ev->kv.key_len + 1);
	copy.kv.value = ev->kv.value ? malloc(ev->kv.value_len + 1) : NULL;
	if (!copy.kv.key || (ev->kv.value && !copy.kv.value)) {
		etcd_kv_free(&copy.kv);
		return -ENOMEM;
	}
	/* Keys may hold NUL bytes: the mirror compares key_len bytes. */
	memcpy(copy.kv.key, ev->kv.key, ev->kv.key_len + 1);
	if (copy.kv.value) {
		memcpy(copy.kv.value, ev->kv.value, ev->kv.value_len);
		copy.kv.value[ev->kv.value_len] = '\0';
	}
	if (podold_mirror_apply(&a->mirror, &copy)) {
		etcd_kv_free(&copy.kv);
		return -ENOMEM;
	}
	etcd_kv_free(&copy.kv);
	a->dirty = true;
	return 0;
}

/*
 * The whole prefix listed, a new watch, and the whole table replaced;
 * at start-up that waits for the join, which takes its claims from this
 * listing.
 */
static int resync(struct agent *a)
{
	struct etcd_kvs kvs = { 0 };
	int ret;

	if (a->w) {
		etcd_watch_stop(a->w);
		a->w = NULL;
	}
	ret = etcd_range_prefix(a->e, a->prefix, 0, &kvs);
	store_state(a, ret, "listing the store");
	if (ret)
		return ret;
	podold_mirror_load(&a->mirror, &kvs);
	etcd_kvs_free(&kvs);
	a->resyncs++;
	a->dirty = a->replace = true;
	apply(a);
	/*
	 * A listing's answer and its JSON tree are the agent's largest
	 * allocations by far (megabytes at 10,000 nodes), freed by now: give
	 * the memory back rather than keep it as the process's high mark.
	 */
	malloc_trim(0);
	ret = etcd_watch_start(a->e, a->prefix, a->mirror.revision + 1, &a->w);
	store_state(a, ret, "starting the watch");
	return ret;
}

/*
 * A watch that broke (its endpoint went away) goes on from the revision
 * the mirror holds, on whichever endpoint answers: the store replays what
 * was missed. Only if that revision was compacted meanwhile does the
 * agent list everything again (etcd_watch_poll says so).
 */
static int resume(struct agent *a)
{
	int ret;

	ret = etcd_watch_start(a->e, a->prefix, a->mirror.revision + 1, &a->w);
	store_state(a, ret, "resuming the watch");
	if (!ret)
		a->resume = false;
	return ret;
}

static int read_cluster(struct agent *a)
{
	struct etcd_kvs kvs = { 0 };
	char err[256];
	int ret;

	ret = etcd_get(a->e, a->config_key, &kvs);
	store_state(a, ret, "reading the cluster configuration");
	if (ret)
		return ret;
	if (!kvs.n) {
		snprintf(a->last_error, sizeof(a->last_error),
			 "no cluster configuration at %s: run \"podold config set FILE\"",
			 a->config_key);
		ret = -ENOENT;
	} else if (podold_cluster_parse(kvs.v[0].value, kvs.v[0].value_len,
					&a->cluster, err, sizeof(err))) {
		snprintf(a->last_error, sizeof(a->last_error),
			 "the cluster configuration at %s is invalid: %s",
			 a->config_key, err);
		ret = -EINVAL;
	}
	etcd_kvs_free(&kvs);
	if (ret) {
		log_err("%s", a->last_error);
		a->retry_ms = RETRY_MAX_MS;
		a->next_try_ms = podold_now_ms() + a->retry_ms;
	}
	return ret;
}

static int setup_device(struct agent *a)
{
	int ret;

	ret = podold_kernel_ensure_dev(&a->k, &a->cluster, &a->self);
	if (ret)
		return ret;
	a->mtu = a->cluster.mtu ? a->cluster.mtu :
		 a->ul.mtu - podold_underlay_overhead(&a->self);
	return podold_kernel_set_mtu(&a->k, a->mtu);
}

static int join(struct agent *a)
{
	int ret;

	ret = podold_member_join(&a->member, a->e, &a->cluster, &a->self,
				 a->cluster.port, a->w ? &a->mirror : NULL);
	store_state(a, ret, "joining");
	if (ret)
		return ret;
	a->rejoin = false;
	podold_state_write_lease(a->o->state_dir, a->member.lease);
	ret = podold_kernel_set_local(&a->k, a->member.cidrs, a->member.ncidrs);
	if (ret)
		log_warn("cannot set %s's local CIDRs: %s", a->o->dev,
			 podold_kernel_error(&a->k));
	return podold_state_write_node(a->o->state_dir, a->o->node,
				       a->member.cidrs, a->member.ncidrs,
				       a->mtu, &a->cluster);
}

/*
 * The cluster configuration changed under a running agent. What the
 * device was created with (port, id) needs a restart; the rest applies
 * now: the MTU, the direct-routing policy, and the ranges (this node
 * claims again if its CIDRs are no longer in them).
 */
static void reconfigure(struct agent *a)
{
	const struct etcd_kv *kv = podold_mirror_get(&a->mirror, a->config_key);
	struct podold_cluster c;
	char err[200];

	a->reconfig = false;
	if (!kv) {
		log_warn("the cluster configuration was deleted: keeping the one in use");
		return;
	}
	if (podold_cluster_parse(kv->value, kv->value_len, &c, err, sizeof(err))) {
		log_err("the new cluster configuration is invalid (%s): keeping the one in use",
			err);
		return;
	}
	if (c.port != a->cluster.port || c.id != a->cluster.id)
		log_warn("the cluster's port or id changed: that applies when podold restarts");
	c.port = a->cluster.port;
	c.id = a->cluster.id;
	if (c.nranges != a->cluster.nranges ||
	    memcmp(c.ranges, a->cluster.ranges, sizeof(c.ranges)) ||
	    c.node_prefix4 != a->cluster.node_prefix4 ||
	    c.node_prefix6 != a->cluster.node_prefix6)
		a->rejoin = true;
	a->cluster = c;
	log_info("the cluster configuration changed: applying it");
	if (setup_device(a))
		log_err("%s", podold_kernel_error(&a->k));
	else if (!a->rejoin)
		/* The CNI plugin reads the MTU there; a rejoin writes it anyway. */
		podold_state_write_node(a->o->state_dir, a->o->node,
					a->member.cidrs, a->member.ncidrs,
					a->mtu, &a->cluster);
	a->dirty = a->rebuild = true;
}

/* Waits for the store, or @ms, or a signal. */
static void pause_ms(long ms)
{
	if (ms > 0 && !stop)
		poll(NULL, 0, ms > 500 ? 500 : (int)ms);
}

/* One round of the loop, once the cluster configuration is known. */
static void run_once(struct agent *a)
{
	int64_t compact = 0;
	long wait;
	int ret;

	/* The listing first: the join looks for its claims there. */
	if (!a->w && podold_now_ms() >= a->next_try_ms &&
	    (a->resume ? resume(a) : resync(a)))
		return;
	if ((a->rejoin || !a->member.ncidrs) && podold_now_ms() >= a->next_try_ms) {
		if (join(a))
			return;
		a->dirty = a->rebuild = true;
		apply(a);
	}
	wait = podold_member_wait_ms(&a->member);
	if (!a->w) {
		long until = a->next_try_ms - podold_now_ms();

		pause_ms(until < wait ? until : wait);
	} else {
		ret = etcd_watch_poll(a->w, wait > 500 ? 500 : (int)wait, on_event,
				      a, &compact);
		if (ret) {
			etcd_watch_stop(a->w);
			a->w = NULL;
			/* A broken stream resumes; a cancelled watch re-lists. */
			a->resume = ret == -ENOTCONN;
			if (compact)
				log_info("the store compacted past revision %lld: listing again",
					 (long long)a->mirror.revision);
			else
				log_warn("the watch ended (%s): %s",
					 etcd_error(a->e), a->resume ?
					 "resuming it" : "listing again");
			if (ret == -ENOTCONN)
				store_state(a, ret, "watching");
			return;
		}
		if (a->reconfig)
			reconfigure(a);
		if (a->dirty)
			apply(a);
	}
	if (a->member.lease) {
		bool due = !podold_member_wait_ms(&a->member);

		ret = podold_member_keepalive(&a->member, a->e);
		if (ret == -ENOENT)
			a->rejoin = true;
		else if (ret)
			store_state(a, ret, "keeping the lease alive");
		else if (due)
			store_state(a, 0, NULL);
	}
}

int podold_agent_run(const struct podold_opts *o)
{
	struct agent a = { .o = o, .skip_rl = { .burst = 10, .interval_ms = 5000 } };
	struct etcd_opts eo = {
		.endpoints = o->endpoints, .cafile = o->cafile,
		.certfile = o->certfile, .keyfile = o->keyfile,
	};
	struct sigaction sa = { .sa_handler = on_signal };
	int ret = 1;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	a.prefix = podold_prefix(o);
	if (!a.prefix || asprintf(&a.config_key, "%sconfig", a.prefix) < 0)
		return 1;
	a.self.node = o->node;
	a.member = (struct podold_member){ .prefix = a.prefix, .node = o->node,
					   .ttl = o->lease_ttl };
	if (podold_state_dir(o->state_dir))
		goto out;
	if (podold_kernel_open(&a.k, o->dev)) {
		log_err("%s", podold_kernel_error(&a.k));
		goto out;
	}
	if (podold_underlay_find(o, &a.self, &a.ul))
		goto out;
	a.k.underlay_ifindex = a.ul.ifindex;
	if (etcd_open(&a.e, &eo)) {
		log_err("%s", etcd_error(a.e));
		goto out;
	}
	a.member.lease = podold_state_read_lease(o->state_dir);
	log_info("node %s, store %s, network %s, device %s", o->node,
		 o->endpoints, o->network, o->dev);
	while (!stop && read_cluster(&a))
		pause_ms(a.next_try_ms - podold_now_ms());
	if (stop)
		goto done;
	if (setup_device(&a)) {
		log_err("%s", podold_kernel_error(&a.k));
		goto out;
	}
	while (!stop)
		run_once(&a);
done:
	log_info("stopping; the kernel keeps its table");
	ret = 0;
out:
	if (a.w)
		etcd_watch_stop(a.w);
	etcd_close(a.e);
	podold_kernel_close(&a.k);
	podold_mirror_free(&a.mirror);
	podold_table_free(&a.table);
	podold_reccache_free(&a.records);
	podold_touched_clear(&a.touched);
	free(a.prefix);
	free(a.config_key);
	return ret;
}
