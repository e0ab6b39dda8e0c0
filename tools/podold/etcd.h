/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: a client of etcd v3's HTTP/JSON gateway (grpc-gateway, /v3/...),
 * on libcurl and jansson.
 *
 * One client talks to one of several endpoints at a time; a request that
 * cannot reach it (connect failure, timeout, HTTP 5xx, "etcdserver: no
 * leader"...) moves on to the next endpoint and tries again, each endpoint
 * at most once per request. TLS with a CA and a client certificate, or
 * plain HTTP, from the endpoint URL's scheme.
 *
 * Keys and values are byte strings with a length (the gateway moves them
 * base64-encoded; this API never shows base64). Revisions and lease ids
 * are int64_t (the gateway moves them as decimal strings).
 *
 * Every function returns 0 or -errno; a failure leaves its message in
 * etcd_error(), naming the endpoint(s) and the cause. -ENOTCONN: no
 * endpoint answered; -EIO: an endpoint answered something that makes no
 * sense; -ECANCELED: see the watch. What etcd itself refuses: -ENOENT
 * (no such lease), -ERANGE (a revision compacted or in the future),
 * -EINVAL, -EACCES (authentication), -ENOSPC (quota).
 *
 * A write whose answer was lost (timeout) is sent again to the next
 * endpoint, so it may have been done twice: etcd_create() may then find
 * the key as it wrote it.
 *
 * A client and its watches are used by one thread at a time; a watch
 * writes its errors in its client, which must outlive it.
 */
#ifndef PODOLD_ETCD_H
#define PODOLD_ETCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct etcd;
struct etcd_watch;

struct etcd_opts {
	const char *endpoints;	/* comma-separated URLs: http(s)://host:port */
	const char *cafile;	/* NULL: the system's CAs */
	const char *certfile;	/* client certificate, or NULL */
	const char *keyfile;	/* its key, or NULL */
	long timeout_ms;	/* per request and endpoint; 0: 2000 */
};

struct etcd_kv {
	char *key;		/* malloc()ed, NUL-terminated as well */
	size_t key_len;
	char *value;		/* malloc()ed, NUL-terminated as well */
	size_t value_len;
	int64_t create_rev;
	int64_t mod_rev;
	int64_t lease;		/* 0: none */
};

struct etcd_kvs {
	struct etcd_kv *v;
	size_t n;
	int64_t revision;	/* the store's revision the answer is from */
};

void etcd_kv_free(struct etcd_kv *kv);
void etcd_kvs_free(struct etcd_kvs *kvs);

/* A client; nothing is sent yet. etcd_close(NULL) is a no-op. */
int etcd_open(struct etcd **e, const struct etcd_opts *o);
void etcd_close(struct etcd *e);
/* The last failure's message ("" if none); etcd_error(NULL): the
 * calling thread's last failed etcd_open()'s (which leaves *@e NULL). */
const char *etcd_error(const struct etcd *e);
/* The URL of the endpoint the last request went to (or will go to). */
const char *etcd_endpoint(const struct etcd *e);

/*
 * Every key under @prefix ("" for all), at @rev (0: the newest), and
 * out->revision that revision. It is fetched in pages, each read at the
 * first page's revision, so the answer is one snapshot however large.
 */
int etcd_range_prefix(struct etcd *e, const char *prefix, int64_t rev,
		      struct etcd_kvs *out);
/* The key @key: out->n is 0 or 1. */
int etcd_get(struct etcd *e, const char *key, struct etcd_kvs *out);
/* Puts @key = @value (under @lease if not 0); *@rev (may be NULL). */
int etcd_put(struct etcd *e, const char *key, const void *value,
	     size_t value_len, int64_t lease, int64_t *rev);
/*
 * Puts the @n keys of @kvs (key and value only) under @lease, in
 * transactions of up to 128 puts: the benchmarks' bulk writer.
 */
int etcd_put_many(struct etcd *e, const struct etcd_kv *kvs, size_t n,
		  int64_t lease);
/*
 * A transaction: if @key does not exist (create_revision 0), put it =
 * @value under @lease and set *@done; else leave it, clear *@done and,
 * if @cur is not NULL, return the key as it is in *@cur.
 */
int etcd_create(struct etcd *e, const char *key, const void *value,
		size_t value_len, int64_t lease, bool *done,
		struct etcd_kv *cur);
/*
 * A transaction: if @key's mod_revision is still @mod_rev, put it =
 * @value under @lease and set *@done; else clear *@done.
 */
int etcd_replace(struct etcd *e, const char *key, int64_t mod_rev,
		 const void *value, size_t value_len, int64_t lease,
		 bool *done);
/*
 * A transaction: if @key's mod_revision is still @mod_rev, delete it and
 * set *@done; else clear *@done.
 */
int etcd_delete_if(struct etcd *e, const char *key, int64_t mod_rev,
		   bool *done);
/* Deletes @key, or every key under it if @prefix; *@deleted (may be NULL). */
int etcd_delete(struct etcd *e, const char *key, bool prefix,
		int64_t *deleted);
/* A lease of @ttl seconds; its id in *@id. */
int etcd_lease_grant(struct etcd *e, int64_t ttl, int64_t *id);
/*
 * One keepalive of lease @id; *@ttl is what is left of it after (the
 * granted TTL), 0 if the lease no longer exists (then -ENOENT too).
 */
int etcd_lease_keepalive(struct etcd *e, int64_t id, int64_t *ttl);
/* Revokes lease @id (its keys go); -ENOENT if it did not exist. */
int etcd_lease_revoke(struct etcd *e, int64_t id);
/* Compacts the store's history up to @rev (the tests use it). */
int etcd_compact(struct etcd *e, int64_t rev);
/* The members' health as the endpoint sees it: 0 if it has a leader. */
int etcd_status(struct etcd *e, int64_t *revision, uint64_t *leader);

/* A watched change. */
struct etcd_event {
	bool deleted;		/* false: a put */
	struct etcd_kv kv;	/* for a delete, key and mod_rev only */
};

/*
 * Called with each event in order, and once per watch response with
 * @ev NULL and the response header's revision (progress). Returns 0 to
 * go on, or -errno to stop etcd_watch_poll() with that error.
 */
typedef int (*etcd_watch_cb)(void *ctx, const struct etcd_event *ev,
			     int64_t revision);

/*
 * A watch on every key under @prefix from revision @start_rev, on its own
 * connection (a long-lived HTTP stream), with the "require a leader"
 * option so that a member without quorum ends it rather than going quiet.
 */
int etcd_watch_start(struct etcd *e, const char *prefix, int64_t start_rev,
		     struct etcd_watch **w);
/*
 * Waits up to @timeout_ms for the stream, passing what came to @cb;
 * returns once a response was passed on, or at the timeout.
 * Liveness: a stream silent for 5 s is sent a progress request; no
 * answer within the client's timeout_ms ends it with -ENOTCONN. A member
 * that lost its leader ends it itself ("require leader"), with
 * -ENOTCONN too, three election timeouts later.
 * 0: still watching. -ECANCELED: the store ended the watch; if it was
 * because @start_rev was compacted, *@compact_rev (may be NULL) is the
 * compaction's revision, else 0. -ENOTCONN: the stream broke (endpoint
 * gone, no leader, no sign of life for too long). After any failure the
 * watch is dead: stop it, re-list, and start a new one.
 */
int etcd_watch_poll(struct etcd_watch *w, int timeout_ms, etcd_watch_cb cb,
		    void *ctx, int64_t *compact_rev);
void etcd_watch_stop(struct etcd_watch *w);

#endif /* PODOLD_ETCD_H */
