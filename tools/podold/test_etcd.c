// SPDX-License-Identifier: GPL-2.0
/*
 * The etcd client's tests, against a real etcd cluster that
 * tools/check/etcd.sh starts:
 *
 *   test_etcd [--tls DIR] [--ctl CMD] ENDPOINTS
 *
 * --tls: DIR holds certs.sh's files: the CA, the client's certificate;
 * also checks that a client without a certificate is refused.
 * --ctl: the slow tests, and those that stop members through
 * "CMD ACTION URL" with ACTION kill, start, freeze or thaw: failover
 * (the first endpoint must be a follower, so that killing it costs no
 * election), a frozen watch, a watch whose member lost its leader,
 * every member down and back.
 * Prints KTAP; exits 1 if a test failed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "etcd.h"
#include "test_store.h"

static const char *ctl;
static char *endpoints;
static struct etcd_opts opts;

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int run_ctl(const char *action, const char *url)
{
	char *cmd;
	int rc;

	if (asprintf(&cmd, "%s %s %s", ctl, action, url) < 0)
		return -1;
	printf("# %s\n", cmd);
	fflush(stdout);
	rc = system(cmd);
	free(cmd);
	return rc;
}

/* The Nth (0-based) of the comma-separated endpoints, static. */
static const char *endpoint_n(size_t n)
{
	static char url[256];
	const char *s = endpoints, *c;

	while (n-- && (c = strchr(s, ',')))
		s = c + 1;
	c = strchr(s, ',');
	snprintf(url, sizeof(url), "%.*s", c ? (int)(c - s) : (int)strlen(s),
		 s);
	return url;
}

static struct etcd *client(void)
{
	struct etcd *e;

	if (etcd_open(&e, &opts)) {
		printf("# open: %s\n", etcd_error(NULL));
		return NULL;
	}
	return e;
}

static bool kv_is(const struct etcd_kv *kv, const char *key,
		  const char *value)
{
	return kv->key_len == strlen(key) && !memcmp(kv->key, key,
						      kv->key_len) &&
	       kv->value_len == strlen(value) &&
	       !memcmp(kv->value, value, kv->value_len) &&
	       !kv->key[kv->key_len] && !kv->value[kv->value_len];
}

static bool test_put_get(struct etcd *e)
{
	static const char bin[] = { 'a', 0, (char)0xff, '\n', '"', 'z' };
	struct etcd_kvs kvs;
	int64_t r1, r2;

	OK(etcd_delete(e, "/t/", true, NULL), e);
	OK(etcd_put(e, "/t/a", "1", 1, 0, &r1), e);
	OK(etcd_put(e, "/t/a", "22", 2, 0, &r2), e);
	CHECK(r2 > r1, "revisions %" PRId64 " then %" PRId64, r1, r2);
	OK(etcd_get(e, "/t/a", &kvs), e);
	CHECK(kvs.n == 1 && kv_is(&kvs.v[0], "/t/a", "22") &&
	      kvs.v[0].mod_rev == r2 && kvs.v[0].create_rev == r1 &&
	      kvs.revision >= r2, "n %zu", kvs.n);
	etcd_kvs_free(&kvs);
	OK(etcd_get(e, "/t/none", &kvs), e);
	CHECK(kvs.n == 0 && kvs.revision >= r2, "n %zu", kvs.n);
	etcd_kvs_free(&kvs);
	/* bytes of every kind, and empty values */
	OK(etcd_put(e, "/t/bin", bin, sizeof(bin), 0, NULL), e);
	OK(etcd_put(e, "/t/empty", "", 0, 0, NULL), e);
	OK(etcd_get(e, "/t/bin", &kvs), e);
	CHECK(kvs.n == 1 && kvs.v[0].value_len == sizeof(bin) &&
	      !memcmp(kvs.v[0].value, bin, sizeof(bin)), "binary value");
	etcd_kvs_free(&kvs);
	OK(etcd_get(e, "/t/empty", &kvs), e);
	CHECK(kvs.n == 1 && kvs.v[0].value_len == 0 && kvs.v[0].value,
	      "empty value");
	etcd_kvs_free(&kvs);
	return true;
}

static bool test_range(struct etcd *e)
{
	struct etcd_kvs kvs;
	int64_t r1, r2;

	OK(etcd_delete(e, "/r/", true, NULL), e);
	OK(etcd_put(e, "/r/1", "a", 1, 0, NULL), e);
	OK(etcd_put(e, "/r/2", "b", 1, 0, &r1), e);
	OK(etcd_put(e, "/r/3", "c", 1, 0, NULL), e);
	OK(etcd_put(e, "/r/1", "A", 1, 0, &r2), e);
	OK(etcd_put(e, "/r0", "not under /r/", 13, 0, NULL), e);
	OK(etcd_range_prefix(e, "/r/", 0, &kvs), e);
	CHECK(kvs.n == 3 && kv_is(&kvs.v[0], "/r/1", "A") &&
	      kv_is(&kvs.v[2], "/r/3", "c") && kvs.revision > r2,
	      "n %zu", kvs.n);
	etcd_kvs_free(&kvs);
	OK(etcd_range_prefix(e, "/r/", r1, &kvs), e);
	CHECK(kvs.n == 2 && kv_is(&kvs.v[0], "/r/1", "a") &&
	      kv_is(&kvs.v[1], "/r/2", "b") && kvs.revision == r1,
	      "at %" PRId64 ": n %zu", r1, kvs.n);
	etcd_kvs_free(&kvs);
	OK(etcd_range_prefix(e, "", 0, &kvs), e);
	CHECK(kvs.n >= 4, "every key: n %zu", kvs.n);
	etcd_kvs_free(&kvs);
	CHECK(etcd_range_prefix(e, "/r/", r2 + 1000000, &kvs) == -ERANGE,
	      "a future revision: %s", etcd_error(e));
	CHECK(kvs.n == 0 && !kvs.v, "empty on failure");
	return true;
}

/*
 * A listing longer than a page (etcd.c asks for 1,000 keys at a time):
 * every key once, in order, and all of them from one revision even when
 * the store changes between the pages (here: a listing at an older one).
 */
static bool test_range_pages(struct etcd *e)
{
	enum { N = 2345 };
	static struct etcd_kv kv[N];
	struct etcd_kvs kvs;
	char key[32], value[32];
	int64_t before, after;
	size_t i, n;
	bool ok;

	OK(etcd_delete(e, "/p/", true, NULL), e);
	for (i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "/p/%05zu", i);
		snprintf(value, sizeof(value), "v%zu", i);
		kv[i].key = strdup(key);
		kv[i].value = strdup(value);
		kv[i].value_len = strlen(value);
		if (!kv[i].key || !kv[i].value)
			return false;
	}
	OK(etcd_put_many(e, kv, N, 0), e);
	for (i = 0; i < N; i++)
		etcd_kv_free(&kv[i]);
	OK(etcd_put(e, "/p/00000", "changed", 7, 0, &after), e);
	before = after - 1;
	OK(etcd_delete(e, "/p/01500", false, NULL), e);
	OK(etcd_range_prefix(e, "/p/", 0, &kvs), e);
	ok = kvs.n == N - 1 && kv_is(&kvs.v[0], "/p/00000", "changed") &&
	     kv_is(&kvs.v[1499], "/p/01499", "v1499") &&
	     kv_is(&kvs.v[1500], "/p/01501", "v1501") &&
	     kv_is(&kvs.v[N - 2], "/p/02344", "v2344") &&
	     kvs.revision > after;
	for (i = 1; ok && i < kvs.n; i++)
		ok = strcmp(kvs.v[i - 1].key, kvs.v[i].key) < 0;
	n = kvs.n;
	etcd_kvs_free(&kvs);
	CHECK(ok, "the newest: %zu keys of %d, in order", n, N - 1);
	OK(etcd_range_prefix(e, "/p/", before, &kvs), e);
	ok = kvs.n == N && kv_is(&kvs.v[0], "/p/00000", "v0") &&
	     kv_is(&kvs.v[1500], "/p/01500", "v1500") &&
	     kv_is(&kvs.v[N - 1], "/p/02344", "v2344") &&
	     kvs.revision == before;
	n = kvs.n;
	etcd_kvs_free(&kvs);
	CHECK(ok, "at revision %" PRId64 ": %zu keys of %d", before, n, N);
	OK(etcd_delete(e, "/p/", true, NULL), e);
	return true;
}

static bool test_create(struct etcd *e)
{
	struct etcd_kv cur;
	bool done;
	int64_t lease;

	OK(etcd_delete(e, "/c/", true, NULL), e);
	OK(etcd_lease_grant(e, 60, &lease), e);
	OK(etcd_create(e, "/c/x", "first", 5, lease, &done, &cur), e);
	CHECK(done && !cur.key, "created");
	OK(etcd_create(e, "/c/x", "second", 6, 0, &done, &cur), e);
	CHECK(!done && kv_is(&cur, "/c/x", "first") && cur.lease == lease &&
	      cur.create_rev && cur.create_rev == cur.mod_rev,
	      "exists: done %d", done);
	etcd_kv_free(&cur);
	OK(etcd_create(e, "/c/x", "third", 5, 0, &done, NULL), e);
	CHECK(!done, "exists, no cur");
	OK(etcd_lease_revoke(e, lease), e);
	return true;
}

static bool test_replace(struct etcd *e)
{
	struct etcd_kvs kvs;
	int64_t rev;
	bool done;

	OK(etcd_put(e, "/c/y", "v1", 2, 0, &rev), e);
	OK(etcd_replace(e, "/c/y", rev, "v2", 2, 0, &done), e);
	CHECK(done, "replace at its revision");
	OK(etcd_replace(e, "/c/y", rev, "v3", 2, 0, &done), e);
	CHECK(!done, "replace at an old revision");
	OK(etcd_get(e, "/c/y", &kvs), e);
	CHECK(kvs.n == 1 && kv_is(&kvs.v[0], "/c/y", "v2"), "value");
	rev = kvs.v[0].mod_rev;
	etcd_kvs_free(&kvs);
	OK(etcd_delete_if(e, "/c/y", rev - 1, &done), e);
	CHECK(!done, "delete at an old revision");
	OK(etcd_get(e, "/c/y", &kvs), e);
	CHECK(kvs.n == 1, "kept by a delete at an old revision");
	etcd_kvs_free(&kvs);
	OK(etcd_delete_if(e, "/c/y", rev, &done), e);
	CHECK(done, "delete at its revision");
	OK(etcd_get(e, "/c/y", &kvs), e);
	CHECK(kvs.n == 0, "gone: n %zu", kvs.n);
	etcd_kvs_free(&kvs);
	return true;
}

static bool test_delete(struct etcd *e)
{
	struct etcd_kvs kvs;
	int64_t n;

	OK(etcd_put(e, "/d/1", "", 0, 0, NULL), e);
	OK(etcd_put(e, "/d/2", "", 0, 0, NULL), e);
	OK(etcd_put(e, "/d/3", "", 0, 0, NULL), e);
	OK(etcd_put(e, "/d", "", 0, 0, NULL), e);
	OK(etcd_delete(e, "/d/1", false, &n), e);
	CHECK(n == 1, "one key: %" PRId64, n);
	OK(etcd_delete(e, "/d/1", false, &n), e);
	CHECK(n == 0, "no key: %" PRId64, n);
	OK(etcd_delete(e, "/d/", true, &n), e);
	CHECK(n == 2, "a prefix: %" PRId64, n);
	OK(etcd_get(e, "/d", &kvs), e);
	CHECK(kvs.n == 1, "the key beside the prefix stays");
	etcd_kvs_free(&kvs);
	return true;
}

static bool test_lease(struct etcd *e)
{
	struct etcd_kvs kvs;
	int64_t id, ttl;

	OK(etcd_lease_grant(e, 30, &id), e);
	OK(etcd_put(e, "/l/k", "v", 1, id, NULL), e);
	OK(etcd_lease_keepalive(e, id, &ttl), e);
	CHECK(ttl == 30, "ttl %" PRId64, ttl);
	OK(etcd_get(e, "/l/k", &kvs), e);
	CHECK(kvs.n == 1 && kvs.v[0].lease == id, "the key's lease");
	etcd_kvs_free(&kvs);
	OK(etcd_lease_revoke(e, id), e);
	OK(etcd_get(e, "/l/k", &kvs), e);
	CHECK(kvs.n == 0, "the key went with its lease");
	etcd_kvs_free(&kvs);
	CHECK(etcd_lease_revoke(e, id) == -ENOENT, "revoked twice: %s",
	      etcd_error(e));
	CHECK(etcd_lease_keepalive(e, id, &ttl) == -ENOENT && ttl == 0,
	      "keepalive of a revoked lease: %s", etcd_error(e));
	return true;
}

static bool test_lease_expiry(struct etcd *e)
{
	struct etcd_kvs kvs;
	int64_t id, ttl, t0;

	OK(etcd_lease_grant(e, 2, &id), e);
	OK(etcd_put(e, "/l/exp", "v", 1, id, NULL), e);
	t0 = now_ms();
	/* Gone after its 2 s, up to etcd's slack: 15 s. */
	for (;;) {
		OK(etcd_get(e, "/l/exp", &kvs), e);
		if (!kvs.n)
			break;
		etcd_kvs_free(&kvs);
		CHECK(now_ms() - t0 < 15000, "key still there");
		usleep(200000);
	}
	CHECK(now_ms() - t0 >= 1500, "gone after %lld ms",
	      (long long)(now_ms() - t0));
	CHECK(etcd_lease_keepalive(e, id, &ttl) == -ENOENT && ttl == 0,
	      "keepalive of an expired lease: %s", etcd_error(e));
	return true;
}

/* What a watch saw: "P key=value@rev", "D key@rev", "R rev". */
struct seen {
	char log[64][64];
	int n;
	int64_t progress;	/* the last progress revision */
};

static int watch_cb(void *ctx, const struct etcd_event *ev, int64_t rev)
{
	struct seen *s = ctx;

	if (s->n == 64)
		return -ENOSPC;
	if (!ev) {
		s->progress = rev;
		return 0;
	}
	if (ev->deleted)
		snprintf(s->log[s->n++], 64, "D %s@%lld", ev->kv.key,
			 (long long)ev->kv.mod_rev);
	else
		snprintf(s->log[s->n++], 64, "P %s=%s@%lld", ev->kv.key,
			 ev->kv.value, (long long)ev->kv.mod_rev);
	return 0;
}

/* Polls @w until @s has @n events or progress to @rev; up to 15 s. */
static int wait_seen(struct etcd_watch *w, struct seen *s, int n,
		     int64_t rev)
{
	int64_t t0 = now_ms();
	int err;

	while (s->n < n || s->progress < rev) {
		if (now_ms() - t0 > 15000)
			return -ETIMEDOUT;
		err = etcd_watch_poll(w, 1000, watch_cb, s, NULL);
		if (err)
			return err;
	}
	return 0;
}

static bool test_watch(struct etcd *e)
{
	struct etcd_watch *w;
	struct seen s = { 0 };
	char want[4][64];
	int64_t r0, r[4];
	int i, err;

	OK(etcd_delete(e, "/w/", true, NULL), e);
	OK(etcd_put(e, "/w/before", "0", 1, 0, &r0), e);
	/* From r0: the put before the watch began is seen too. */
	OK(etcd_watch_start(e, "/w/", r0, &w), e);
	OK(etcd_put(e, "/w/a", "1", 1, 0, &r[1]), e);
	OK(etcd_put(e, "/other", "x", 1, 0, NULL), e);
	OK(etcd_delete(e, "/w/before", false, NULL), e);
	OK(etcd_put(e, "/w/a", "2", 1, 0, &r[3]), e);
	r[2] = r[3] - 1;
	err = wait_seen(w, &s, 4, r[3]);
	etcd_watch_stop(w);
	CHECK(!err, "%d %s, %d events", err, etcd_error(e), s.n);
	snprintf(want[0], 64, "P /w/before=0@%lld", (long long)r0);
	snprintf(want[1], 64, "P /w/a=1@%lld", (long long)r[1]);
	snprintf(want[2], 64, "D /w/before@%lld", (long long)r[2]);
	snprintf(want[3], 64, "P /w/a=2@%lld", (long long)r[3]);
	for (i = 0; i < 4; i++)
		CHECK(!strcmp(s.log[i], want[i]), "event %d: \"%s\", not \"%s\"",
		      i, s.log[i], want[i]);
	CHECK(s.n == 4, "%d events", s.n);
	return true;
}

/* An idle watch gets progress answers (its liveness probe). */
static bool test_watch_progress(struct etcd *e)
{
	struct etcd_watch *w;
	struct seen s = { 0 };
	int64_t rev;
	int err;

	OK(etcd_put(e, "/other", "y", 1, 0, &rev), e);
	OK(etcd_watch_start(e, "/idle/", 0, &w), e);
	err = wait_seen(w, &s, 0, rev);
	etcd_watch_stop(w);
	CHECK(!err && s.n == 0, "%d %s", err, etcd_error(e));
	return true;
}

static bool test_watch_compacted(struct etcd *e)
{
	struct etcd_watch *w;
	struct seen s = { 0 };
	int64_t r1, r2, crev = -1;
	int err;

	OK(etcd_put(e, "/wc/k", "1", 1, 0, &r1), e);
	OK(etcd_put(e, "/wc/k", "2", 1, 0, &r2), e);
	OK(etcd_compact(e, r2), e);
	err = etcd_watch_start(e, "/wc/", r1, &w);
	if (!err) {
		err = etcd_watch_poll(w, 6000, watch_cb, &s, &crev);
		etcd_watch_stop(w);
	}
	CHECK(err == -ECANCELED, "%d %s", err, etcd_error(e));
	CHECK(s.n == 0, "%d events", s.n);
	CHECK(crev == r2, "compact revision %lld, not %lld",
	      (long long)crev, (long long)r2);
	return true;
}

static bool test_bad_endpoints(void)
{
	static const char *const bad[] = {
		"", "garbage", "ftp://127.0.0.1:1", "http://", "http://a b:1",
		"http://127.0.0.1:1/v3", "http://127.0.0.1:1,,http://x:1",
	};
	struct etcd_opts o = opts;
	struct etcd_kvs kvs;
	struct etcd *e;
	int64_t t0;
	size_t i;
	int err;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.endpoints = bad[i];
		err = etcd_open(&e, &o);
		CHECK(err == -EINVAL && !e && *etcd_error(NULL),
		      "\"%s\": %d", bad[i], err);
		printf("# \"%s\": %s\n", bad[i], etcd_error(NULL));
	}
	o.endpoints = NULL;
	CHECK(etcd_open(&e, &o) == -EINVAL, "no endpoints");
	/* Nothing listens on port 1; a name that does not resolve. */
	o.endpoints = "http://127.0.0.1:1, http://no-such-host.invalid:2379";
	OK(etcd_open(&e, &o), NULL);
	t0 = now_ms();
	err = etcd_get(e, "/x", &kvs);
	printf("# %s\n", etcd_error(e));
	CHECK(err == -ENOTCONN && strstr(etcd_error(e), "127.0.0.1:1") &&
	      strstr(etcd_error(e), "no-such-host"), "%d", err);
	CHECK(now_ms() - t0 < 3 * 2 * 2000, "took %lld ms",
	      (long long)(now_ms() - t0));
	etcd_close(e);
	etcd_close(NULL);
	return true;
}

/* The client is on the first endpoint; it is killed. */
static bool test_failover(struct etcd *e)
{
	struct etcd_watch *w;
	struct etcd_kvs kvs;
	struct seen s = { 0 };
	char first[256];
	int64_t rev;
	int err;

	OK(etcd_get(e, "/x", &kvs), e);
	etcd_kvs_free(&kvs);
	snprintf(first, sizeof(first), "%s", etcd_endpoint(e));
	CHECK(!strcmp(first, endpoint_n(0)), "on %s", first);
	CHECK(!run_ctl("kill", first), "kill");
	OK(etcd_put(e, "/f/k", "v", 1, 0, &rev), e);
	CHECK(strcmp(etcd_endpoint(e), first), "still on %s", first);
	printf("# now on %s\n", etcd_endpoint(e));
	OK(etcd_get(e, "/f/k", &kvs), e);
	CHECK(kvs.n == 1, "the put");
	etcd_kvs_free(&kvs);
	OK(etcd_watch_start(e, "/f/", rev, &w), e);
	err = wait_seen(w, &s, 1, rev);
	etcd_watch_stop(w);
	CHECK(!err, "watch: %s", etcd_error(e));
	CHECK(!run_ctl("start", first), "start");
	return true;
}

/* A frozen member: its watch is found silent. */
static bool test_watch_frozen(struct etcd *e)
{
	struct etcd_watch *w;
	struct seen s = { 0 };
	char url[256];
	int64_t t0;
	int err;

	OK(etcd_watch_start(e, "/fz/", 0, &w), e);
	snprintf(url, sizeof(url), "%s", etcd_endpoint(e));
	CHECK(!run_ctl("freeze", url), "freeze");
	t0 = now_ms();
	do
		err = etcd_watch_poll(w, 1000, watch_cb, &s, NULL);
	while (!err && now_ms() - t0 < 30000);
	printf("# after %lld ms: %s\n", (long long)(now_ms() - t0),
	       etcd_error(e));
	etcd_watch_stop(w);
	CHECK(!run_ctl("thaw", url), "thaw");
	CHECK(err == -ENOTCONN, "%d", err);
	return true;
}

/* The watch's member loses its peers: "require leader" ends it. */
static bool test_watch_no_leader(struct etcd *e)
{
	struct etcd_watch *w;
	struct seen s = { 0 };
	char url[256], others[2][256];
	int64_t t0;
	int i, j, err;

	OK(etcd_watch_start(e, "/nl/", 0, &w), e);
	snprintf(url, sizeof(url), "%s", etcd_endpoint(e));
	for (i = 0, j = 0; i < 3; i++)
		if (strcmp(endpoint_n(i), url))
			snprintf(others[j++], 256, "%s", endpoint_n(i));
	CHECK(j == 2, "three endpoints");
	CHECK(!run_ctl("freeze", others[0]) && !run_ctl("freeze", others[1]),
	      "freeze");
	t0 = now_ms();
	do
		err = etcd_watch_poll(w, 1000, watch_cb, &s, NULL);
	while (!err && now_ms() - t0 < 40000);
	printf("# after %lld ms: %s\n", (long long)(now_ms() - t0),
	       etcd_error(e));
	etcd_watch_stop(w);
	CHECK(!run_ctl("thaw", others[0]) && !run_ctl("thaw", others[1]),
	      "thaw");
	CHECK(err == -ENOTCONN && strstr(etcd_error(e), "no leader"), "%d",
	      err);
	return true;
}

/* Every member down: -ENOTCONN in time; back: requests work again. */
static bool test_all_down(struct etcd *e)
{
	struct etcd_kvs kvs;
	int64_t t0;
	int i, err;

	for (i = 0; i < 3; i++)
		CHECK(!run_ctl("kill", endpoint_n(i)), "kill");
	t0 = now_ms();
	err = etcd_get(e, "/x", &kvs);
	printf("# after %lld ms: %s\n", (long long)(now_ms() - t0),
	       etcd_error(e));
	CHECK(err == -ENOTCONN, "%d", err);
	/* Each endpoint tried once, each within its timeout. */
	CHECK(now_ms() - t0 < 3 * opts.timeout_ms + 1000, "took %lld ms",
	      (long long)(now_ms() - t0));
	for (i = 0; i < 3; i++)
		CHECK(!run_ctl("start", endpoint_n(i)), "start");
	/* A new leader within 30 s. */
	t0 = now_ms();
	while ((err = etcd_get(e, "/x", &kvs)) && now_ms() - t0 < 30000)
		usleep(200000);
	printf("# back after %lld ms\n", (long long)(now_ms() - t0));
	CHECK(!err, "%s", etcd_error(e));
	etcd_kvs_free(&kvs);
	return true;
}

/* TLS without a client certificate is refused. */
static bool test_tls_no_cert(void)
{
	struct etcd_opts o = opts;
	struct etcd_kvs kvs;
	struct etcd *e;
	int err;

	o.certfile = o.keyfile = NULL;
	OK(etcd_open(&e, &o), NULL);
	err = etcd_get(e, "/x", &kvs);
	printf("# %s\n", etcd_error(e));
	etcd_close(e);
	CHECK(err == -ENOTCONN, "%d", err);
	/* Without the cluster's CA, the server is not trusted. */
	o = opts;
	o.cafile = "/dev/null";
	OK(etcd_open(&e, &o), NULL);
	err = etcd_get(e, "/x", &kvs);
	printf("# %s\n", etcd_error(e));
	etcd_close(e);
	CHECK(err == -ENOTCONN, "%d", err);
	return true;
}

int main(int argc, char **argv)
{
	static char ca[512], cert[512], key[512];
	const char *tls = NULL;
	struct etcd *e;
	int i;

	for (i = 1; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "--tls"))
			tls = argv[i + 1];
		else if (!strcmp(argv[i], "--ctl"))
			ctl = argv[i + 1];
		else
			break;
	}
	if (i + 1 != argc) {
		fprintf(stderr, "usage: %s [--tls DIR] [--ctl CMD] ENDPOINTS\n",
			argv[0]);
		return 2;
	}
	endpoints = argv[i];
	opts.endpoints = endpoints;
	opts.timeout_ms = 2000;
	if (tls) {
		snprintf(ca, sizeof(ca), "%s/ca.pem", tls);
		snprintf(cert, sizeof(cert), "%s/client.pem", tls);
		snprintf(key, sizeof(key), "%s/client-key.pem", tls);
		opts.cafile = ca;
		opts.certfile = cert;
		opts.keyfile = key;
	}
	e = client();
	if (!e)
		return 1;
	printf("KTAP version 1\n1..%d\n", 10 + (tls ? 1 : 0) + (ctl ? 6 : 0));
	result(test_put_get(e), "put and get");
	result(test_range(e), "range of a prefix, at a revision");
	result(test_range_pages(e), "a range of many pages, from one revision");
	result(test_create(e), "create");
	result(test_replace(e), "replace and delete at a revision");
	result(test_delete(e), "delete a key and a prefix");
	result(test_lease(e), "lease grant, keepalive, revoke");
	result(test_watch(e), "watch: events in order");
	result(test_watch_compacted(e), "watch from a compacted revision");
	result(test_bad_endpoints(), "bad endpoint lists");
	if (tls)
		result(test_tls_no_cert(), "TLS: refused without a client certificate or the CA");
	/* The slow ones, once (with --ctl: over plain HTTP). */
	if (ctl) {
		result(test_lease_expiry(e), "lease expiry");
		result(test_watch_progress(e), "watch: progress of an idle watch");
		result(test_failover(e), "failover from a killed member");
		result(test_watch_frozen(e), "watch: a frozen member is found silent");
		result(test_watch_no_leader(e), "watch: ends when its member has no leader");
		result(test_all_down(e), "every member down, then back");
	}
	etcd_close(e);
	printf("# %d tests, %d failed\n", n_tests, n_failed);
	return n_failed ? 1 : 0;
}
