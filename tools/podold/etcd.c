// SPDX-License-Identifier: GPL-2.0
/*
 * podold: etcd v3 through its HTTP/JSON gateway (grpc-gateway), as etcd
 * 3.4 serves it. What the gateway does, found on a real 3.4 cluster:
 *
 * - A unary call (range, put, txn, ...) answers 200 and the response
 *   message, or an HTTP error status and {"error","message","code"} with
 *   the gRPC code; "no leader" and "request timed out" are gRPC
 *   UNAVAILABLE, HTTP 503.
 * - A streaming call (watch, lease keepalive) reads newline-separated
 *   JSON requests from the request body for as long as it is open and
 *   answers each with a line {"result":{...}} or, when the stream ends in
 *   error, {"error":{"grpc_code","http_code","message",...}}. So one
 *   keepalive POST with one request gets one result; a keepalive of a
 *   lease that does not exist (or expired) gets a result without TTL.
 * - The watch stream is full duplex over HTTP/1.1 with a chunked request
 *   body: a {"progress_request":{}} sent later gets a response with the
 *   store's revision and watch_id -1, which is what keeps a watch from
 *   being silent (see the watch below).
 * - A watch from a compacted revision answers "created", then
 *   {"canceled":true,"compact_revision":"N"}.
 * - /v3/lease/revoke and /v3/kv/lease/revoke both work; a lease that does
 *   not exist is gRPC NOT_FOUND (HTTP 404).
 * - Fields at their zero value are left out: an event's "type" for a PUT,
 *   a txn's "succeeded" when false, a TTL of 0.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "etcd.h"

#define ETCD_TIMEOUT_MS 2000
/* How many request timeouts a listing's page may take. */
#define RANGE_TIMEOUT_FACTOR	15
/*
 * The keys a listing asks for at a time: a page's answer is some 200 KB,
 * so a listing of any size holds one page's text and JSON tree at once,
 * not the whole store's (tens of megabytes at 10,000 nodes).
 */
#define RANGE_PAGE_KEYS		1000
/* How often a listing starts again when its revision is compacted. */
#define RANGE_RESTARTS		3
/* An answer buffer up to this size is kept for the next request. */
#define ANSWER_KEEP		(1u << 20)
/* An answer larger than this is not an etcd one (a range of every node
 * record of a large cluster is a few megabytes). */
#define ETCD_MAX_ANSWER (64u << 20)
/* A watch silent for this long is asked for its progress. */
#define ETCD_WATCH_IDLE_MS 5000

/* gRPC status codes the gateway passes on. */
enum {
	GRPC_CANCELLED = 1,
	GRPC_INVALID_ARGUMENT = 3,
	GRPC_DEADLINE_EXCEEDED = 4,
	GRPC_NOT_FOUND = 5,
	GRPC_PERMISSION_DENIED = 7,
	GRPC_RESOURCE_EXHAUSTED = 8,
	GRPC_FAILED_PRECONDITION = 9,
	GRPC_OUT_OF_RANGE = 11,
	GRPC_UNAVAILABLE = 14,
	GRPC_UNAUTHENTICATED = 16,
};

struct buf {
	char *p;
	size_t len;
	size_t cap;
	bool overflow;
};

struct etcd {
	char **urls;		/* without a trailing '/' */
	size_t n_urls;
	size_t cur;		/* the endpoint the next request goes to first */
	char *cafile, *certfile, *keyfile;
	long timeout_ms;
	/* One handle for every request, so that its connection to the
	 * current endpoint stays open between keepalives. */
	CURL *curl;
	struct curl_slist *headers;
	struct buf answer;
	char curl_err[CURL_ERROR_SIZE];
	char err[1024];
};

/* A failed etcd_open()'s message, for etcd_error(NULL). */
static __thread char open_err[256];

static void set_err(char *dst, size_t size, const char *fmt, va_list ap)
{
	vsnprintf(dst, size, fmt, ap);
}

static int fail(struct etcd *e, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_err(e->err, sizeof(e->err), fmt, ap);
	va_end(ap);
	return err;
}

/* Appends "; " and a cause to e->err: the list of endpoints tried. */
static void add_err(struct etcd *e, const char *fmt, ...)
{
	size_t len = strlen(e->err);
	va_list ap;

	if (len && len + 2 < sizeof(e->err)) {
		strcpy(e->err + len, "; ");
		len += 2;
	}
	va_start(ap, fmt);
	set_err(e->err + len, sizeof(e->err) - len, fmt, ap);
	va_end(ap);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --- buffers, base64 and JSON fields --- */

static size_t buf_add(struct buf *b, const void *p, size_t n)
{
	size_t cap;
	char *np;

	if (b->overflow || n > ETCD_MAX_ANSWER - b->len) {
		b->overflow = true;
		return 0;
	}
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		np = realloc(b->p, cap);
		if (!np) {
			b->overflow = true;
			return 0;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return n;
}

static size_t buf_write_cb(char *p, size_t size, size_t n, void *b)
{
	return buf_add(b, p, size * n);
}

/* Empties @b; its memory is kept for the next use unless over @keep. */
static void buf_reset(struct buf *b, size_t keep)
{
	if (b->cap > keep) {
		free(b->p);
		memset(b, 0, sizeof(*b));
		return;
	}
	b->len = 0;
	b->overflow = false;
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* A JSON string of @p's base64 (the gateway's form of bytes). */
static json_t *json_b64(const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i, o = 0;
	json_t *j;
	char *out;

	out = malloc(4 * ((n + 2) / 3) + 1);
	if (!out)
		return NULL;
	for (i = 0; i + 2 < n; i += 3) {
		out[o++] = b64[s[i] >> 2];
		out[o++] = b64[(s[i] & 3) << 4 | s[i + 1] >> 4];
		out[o++] = b64[(s[i + 1] & 15) << 2 | s[i + 2] >> 6];
		out[o++] = b64[s[i + 2] & 63];
	}
	if (i < n) {
		out[o++] = b64[s[i] >> 2];
		if (i + 1 < n) {
			out[o++] = b64[(s[i] & 3) << 4 | s[i + 1] >> 4];
			out[o++] = b64[(s[i + 1] & 15) << 2];
		} else {
			out[o++] = b64[(s[i] & 3) << 4];
			out[o++] = '=';
		}
		out[o++] = '=';
	}
	out[o] = '\0';
	j = json_stringn(out, o);
	free(out);
	return j;
}

/* @c's value in b64[], or -1: computed, as a listing decodes megabytes. */
static int b64_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	return c == '/' ? 63 : -1;
}

/*
 * Decodes base64 field @name of @o into a malloc()ed, NUL-terminated
 * *@out; an absent field is "" (the gateway leaves empty bytes out).
 */
static int get_bytes(json_t *o, const char *name, char **out, size_t *len)
{
	json_t *j = json_object_get(o, name);
	const char *s = "";
	size_t n = 0, i, o_len = 0;
	unsigned int acc = 0;
	int bits = 0, v;
	char *p;

	if (j && !json_is_string(j))
		return -EIO;
	if (j) {
		s = json_string_value(j);
		n = json_string_length(j);
	}
	while (n && s[n - 1] == '=')
		n--;
	p = malloc(n * 3 / 4 + 1);
	if (!p)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		v = b64_val(s[i]);
		if (v < 0) {
			free(p);
			return -EIO;
		}
		acc = acc << 6 | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			p[o_len++] = acc >> bits & 0xff;
		}
	}
	p[o_len] = '\0';
	*out = p;
	*len = o_len;
	return 0;
}

/*
 * A 64-bit field, which the gateway writes as a decimal string (or, from
 * some paths, a number); absent is 0. @is_signed: into *(int64_t *)@v,
 * else into *(uint64_t *)@v.
 */
static int get_num(json_t *o, const char *name, bool is_signed, void *v)
{
	json_t *j = json_object_get(o, name);
	unsigned long long u = 0;
	long long i = 0;
	const char *s;
	char *end;
	int err = 0;

	if (json_is_integer(j)) {
		i = json_integer_value(j);
		u = i;
	} else if (json_is_string(j)) {
		s = json_string_value(j);
		errno = 0;
		if (is_signed)
			i = strtoll(s, &end, 10);
		else
			u = strtoull(s, &end, 10);
		err = !*s || *end || errno || (!is_signed && *s == '-') ? -EIO : 0;
	} else if (j) {
		err = -EIO;
	}
	if (err)
		i = u = 0;
	if (is_signed)
		*(int64_t *)v = i;
	else
		*(uint64_t *)v = u;
	return err;
}

static int get_i64(json_t *o, const char *name, int64_t *v)
{
	return get_num(o, name, true, v);
}

static int get_u64(json_t *o, const char *name, uint64_t *v)
{
	return get_num(o, name, false, v);
}

static json_t *json_i64(int64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%lld", (long long)v);
	return json_string(s);
}

static bool get_bool(json_t *o, const char *name)
{
	return json_is_true(json_object_get(o, name));
}

/* The header's revision of an answer. */
static int get_revision(json_t *o, int64_t *rev)
{
	json_t *h = json_object_get(o, "header");

	if (!json_is_object(h))
		return -EIO;
	return get_i64(h, "revision", rev);
}

void etcd_kv_free(struct etcd_kv *kv)
{
	if (!kv)
		return;
	free(kv->key);
	free(kv->value);
	memset(kv, 0, sizeof(*kv));
}

void etcd_kvs_free(struct etcd_kvs *kvs)
{
	size_t i;

	if (!kvs)
		return;
	for (i = 0; i < kvs->n; i++)
		etcd_kv_free(&kvs->v[i]);
	free(kvs->v);
	memset(kvs, 0, sizeof(*kvs));
}

/* A mvccpb.KeyValue. */
static int kv_parse(json_t *j, struct etcd_kv *kv)
{
	int err;

	memset(kv, 0, sizeof(*kv));
	if (!json_is_object(j))
		return -EIO;
	err = get_bytes(j, "key", &kv->key, &kv->key_len);
	if (!err)
		err = get_bytes(j, "value", &kv->value, &kv->value_len);
	if (!err)
		err = get_i64(j, "create_revision", &kv->create_rev);
	if (!err)
		err = get_i64(j, "mod_revision", &kv->mod_rev);
	if (!err)
		err = get_i64(j, "lease", &kv->lease);
	if (err)
		etcd_kv_free(kv);
	return err;
}

/* A RangeResponse's kvs into @out. */
static int kvs_parse(json_t *r, struct etcd_kvs *out)
{
	json_t *kvs = json_object_get(r, "kvs"), *j;
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	if (kvs && !json_is_array(kvs))
		return -EIO;
	if (json_array_size(kvs)) {
		out->v = calloc(json_array_size(kvs), sizeof(*out->v));
		if (!out->v)
			return -ENOMEM;
	}
	json_array_foreach(kvs, i, j) {
		err = kv_parse(j, &out->v[i]);
		if (err) {
			etcd_kvs_free(out);
			return err;
		}
		out->n++;
	}
	return 0;
}

/* "key" and, for a prefix, "range_end" (the prefix's end) into @o. */
static int key_range(json_t *o, const char *key, bool prefix)
{
	size_t n = strlen(key);
	char *end;
	int err;

	if (!prefix)
		return json_object_set_new(o, "key", json_b64(key, n));
	/* "" is every key: from "\0" with range_end "\0". */
	if (!n)
		return json_object_set_new(o, "key", json_b64("", 1)) ||
		       json_object_set_new(o, "range_end", json_b64("", 1));
	end = strdup(key);
	if (!end)
		return -1;
	while (n && (unsigned char)end[n - 1] == 0xff)
		n--;
	if (n)
		end[n - 1]++;
	else	/* all 0xff: to the end of the keys */
		end[n++] = '\0';
	err = json_object_set_new(o, "key", json_b64(key, strlen(key))) ||
	      json_object_set_new(o, "range_end", json_b64(end, n));
	free(end);
	return err;
}

/* --- the client and its requests --- */

const char *etcd_error(const struct etcd *e)
{
	return e ? e->err : open_err;
}

const char *etcd_endpoint(const struct etcd *e)
{
	return e ? e->urls[e->cur] : "";
}

void etcd_close(struct etcd *e)
{
	size_t i;

	if (!e)
		return;
	if (e->curl)
		curl_easy_cleanup(e->curl);
	curl_slist_free_all(e->headers);
	for (i = 0; i < e->n_urls; i++)
		free(e->urls[i]);
	free(e->urls);
	free(e->cafile);
	free(e->certfile);
	free(e->keyfile);
	free(e->answer.p);
	free(e);
	curl_global_cleanup();
}

/* Checks and keeps one endpoint URL of @len bytes at @s. */
static int add_url(struct etcd *e, const char *s, size_t len)
{
	size_t i, host;
	char **urls;

	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	while (len && s[len - 1] == '/')
		len--;
	if (len > 7 && !strncmp(s, "http://", 7)) {
		host = 7;
	} else if (len > 8 && !strncmp(s, "https://", 8)) {
		host = 8;
	} else {
		snprintf(open_err, sizeof(open_err),
			 "etcd endpoint \"%.*s\": not an http:// or https:// URL",
			 (int)(len > 100 ? 100 : len), s);
		return -EINVAL;
	}
	for (i = host; i < len; i++) {
		if (!isgraph((unsigned char)s[i]) || s[i] == '/' ||
		    s[i] == '?' || s[i] == '#' || s[i] == '@') {
			snprintf(open_err, sizeof(open_err),
				 "etcd endpoint \"%.*s\": not host[:port]",
				 (int)(len > 100 ? 100 : len), s);
			return -EINVAL;
		}
	}
	urls = realloc(e->urls, (e->n_urls + 1) * sizeof(*urls));
	if (!urls)
		return -ENOMEM;
	e->urls = urls;
	e->urls[e->n_urls] = strndup(s, len);
	if (!e->urls[e->n_urls])
		return -ENOMEM;
	e->n_urls++;
	return 0;
}

static int dup_opt(char **dst, const char *s)
{
	if (!s)
		return 0;
	*dst = strdup(s);
	return *dst ? 0 : -ENOMEM;
}

/* The options every handle of @e has: TLS files, timeouts. */
static int curl_common(struct etcd *e, CURL *c)
{
	CURLcode r = CURLE_OK;

	r |= curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	r |= curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, e->timeout_ms);
	r |= curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	r |= curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
	if (e->cafile)
		r |= curl_easy_setopt(c, CURLOPT_CAINFO, e->cafile);
	if (e->certfile)
		r |= curl_easy_setopt(c, CURLOPT_SSLCERT, e->certfile);
	if (e->keyfile)
		r |= curl_easy_setopt(c, CURLOPT_SSLKEY, e->keyfile);
	return r == CURLE_OK ? 0 : -EINVAL;
}

int etcd_open(struct etcd **ep, const struct etcd_opts *o)
{
	const char *s, *comma;
	struct etcd *e;
	int err;

	*ep = NULL;
	open_err[0] = '\0';
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		snprintf(open_err, sizeof(open_err), "libcurl: cannot start");
		return -ENOMEM;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		curl_global_cleanup();
		snprintf(open_err, sizeof(open_err), "out of memory");
		return -ENOMEM;
	}
	e->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : ETCD_TIMEOUT_MS;
	err = -EINVAL;
	if (!o->endpoints || !*o->endpoints) {
		snprintf(open_err, sizeof(open_err), "no etcd endpoint given");
		goto fail;
	}
	for (s = o->endpoints; ; s = comma + 1) {
		comma = strchr(s, ',');
		err = add_url(e, s, comma ? (size_t)(comma - s) : strlen(s));
		if (err)
			goto fail;
		if (!comma)
			break;
	}
	err = dup_opt(&e->cafile, o->cafile);
	if (!err)
		err = dup_opt(&e->certfile, o->certfile);
	if (!err)
		err = dup_opt(&e->keyfile, o->keyfile);
	if (err)
		goto fail;
	err = -ENOMEM;
	e->curl = curl_easy_init();
	e->headers = curl_slist_append(NULL, "Content-Type: application/json");
	if (!e->curl || !e->headers)
		goto fail;
	err = curl_common(e, e->curl);
	if (err ||
	    curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS, e->timeout_ms) ||
	    curl_easy_setopt(e->curl, CURLOPT_HTTPHEADER, e->headers) ||
	    curl_easy_setopt(e->curl, CURLOPT_WRITEFUNCTION, buf_write_cb) ||
	    curl_easy_setopt(e->curl, CURLOPT_WRITEDATA, &e->answer) ||
	    curl_easy_setopt(e->curl, CURLOPT_ERRORBUFFER, e->curl_err)) {
		err = -EINVAL;
		snprintf(open_err, sizeof(open_err),
			 "libcurl: options not supported");
		goto fail;
	}
	*ep = e;
	return 0;
fail:
	if (!open_err[0])
		snprintf(open_err, sizeof(open_err), "etcd client: %s",
			 strerror(-err));
	etcd_close(e);
	return err;
}

/*
 * The error an answer @j carries (HTTP @status), or 0. A unary call's is
 * {"error":"text","code":N}; a stream's {"error":{"grpc_code":N,
 * "message":"text"}}. *@code is the gRPC code, *@msg its text.
 */
static bool answer_error(json_t *j, int *code, const char **msg)
{
	json_t *err = json_object_get(j, "error");
	json_int_t c;

	if (!err)
		return false;
	if (json_is_object(err)) {
		c = json_integer_value(json_object_get(err, "grpc_code"));
		*msg = json_string_value(json_object_get(err, "message"));
	} else {
		c = json_integer_value(json_object_get(j, "code"));
		*msg = json_string_value(json_object_get(j, "message"));
		if (!*msg)
			*msg = json_string_value(err);
	}
	if (!*msg)
		*msg = "(no message)";
	*code = c;
	return true;
}

/* The errno of a gRPC code the endpoint answered with. */
static int grpc_errno(int code)
{
	switch (code) {
	case GRPC_NOT_FOUND:
		return -ENOENT;
	case GRPC_INVALID_ARGUMENT:
	case GRPC_FAILED_PRECONDITION:
		return -EINVAL;
	case GRPC_OUT_OF_RANGE:
		return -ERANGE;
	case GRPC_PERMISSION_DENIED:
	case GRPC_UNAUTHENTICATED:
		return -EACCES;
	case GRPC_RESOURCE_EXHAUSTED:
		return -ENOSPC;
	case GRPC_UNAVAILABLE:
	case GRPC_DEADLINE_EXCEEDED:
		return -ENOTCONN;
	default:
		return -EIO;
	}
}

/* What call() does with an endpoint's answer. */
enum verdict { ANSWERED, NEXT_ENDPOINT };

/*
 * Judges one endpoint's answer: ANSWERED with *@err and *@out (0 and
 * the JSON, or an -errno etcd said), or NEXT_ENDPOINT if it could not
 * serve the request (HTTP 5xx: no leader, timed out...).
 */
static enum verdict judge(struct etcd *e, const char *url, long status,
			  bool need_leader, int *err, json_t **out)
{
	const char *msg;
	json_error_t jerr;
	uint64_t leader;
	json_t *j;
	int code;

	*err = -EIO;
	if (e->answer.overflow) {
		add_err(e, "%s: answer larger than %u bytes or out of memory",
			url, ETCD_MAX_ANSWER);
		return ANSWERED;
	}
	j = json_loadb(e->answer.p ? e->answer.p : "", e->answer.len, 0,
		       &jerr);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		add_err(e, "%s: HTTP %ld, not an etcd answer", url, status);
		return status >= 500 ? NEXT_ENDPOINT : ANSWERED;
	}
	/* A streaming call's answer comes in a "result". */
	if (json_is_object(json_object_get(j, "result"))) {
		json_t *r = json_incref(json_object_get(j, "result"));

		json_decref(j);
		j = r;
	}
	if (answer_error(j, &code, &msg)) {
		add_err(e, "%s: %s", url, msg);
		json_decref(j);
		if (status >= 500 || code == GRPC_UNAVAILABLE ||
		    code == GRPC_DEADLINE_EXCEEDED)
			return NEXT_ENDPOINT;
		*err = grpc_errno(code);
		return ANSWERED;
	}
	if (status != 200) {
		add_err(e, "%s: HTTP %ld", url, status);
		json_decref(j);
		return status >= 500 ? NEXT_ENDPOINT : ANSWERED;
	}
	if (need_leader && (get_u64(j, "leader", &leader) || !leader)) {
		add_err(e, "%s: no leader", url);
		json_decref(j);
		return NEXT_ENDPOINT;
	}
	*err = 0;
	*out = j;
	return ANSWERED;
}

/*
 * POSTs @req (consumed) to @path on the current endpoint, then on each
 * other once, until one answers; *@out is its answer (a stream's
 * "result"). Moves the current endpoint to the one that answered.
 *
 * A write whose answer was lost (a timeout after it was sent) is sent
 * again to the next endpoint: it may have been done twice. podold's
 * writes are idempotent or transactions that say what they found.
 */
static int call(struct etcd *e, const char *path, json_t *req,
		bool need_leader, json_t **out)
{
	char *body, *url;
	size_t i, idx;
	long status;
	CURLcode r;
	int err;

	*out = NULL;
	e->err[0] = '\0';
	if (!req)
		return fail(e, -ENOMEM, "out of memory");
	body = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (!body)
		return fail(e, -ENOMEM, "out of memory");
	for (i = 0; i < e->n_urls; i++) {
		idx = (e->cur + i) % e->n_urls;
		if (asprintf(&url, "%s%s", e->urls[idx], path) < 0) {
			free(body);
			return fail(e, -ENOMEM, "out of memory");
		}
		buf_reset(&e->answer, ANSWER_KEEP);
		e->curl_err[0] = '\0';
		curl_easy_setopt(e->curl, CURLOPT_URL, url);
		curl_easy_setopt(e->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(e->curl, CURLOPT_POSTFIELDSIZE,
				 (long)strlen(body));
		r = curl_easy_perform(e->curl);
		free(url);
		if (r != CURLE_OK) {
			add_err(e, "%s: %s", e->urls[idx],
				e->curl_err[0] ? e->curl_err :
				curl_easy_strerror(r));
			continue;
		}
		status = 0;
		curl_easy_getinfo(e->curl, CURLINFO_RESPONSE_CODE, &status);
		if (judge(e, e->urls[idx], status, need_leader, &err, out) ==
		    NEXT_ENDPOINT)
			continue;
		e->cur = idx;
		free(body);
		if (!err)
			e->err[0] = '\0';
		return err;
	}
	free(body);
	/* "no endpoint answered: URL: cause; URL: cause" */
	memmove(e->err + 22, e->err, sizeof(e->err) - 22);
	memcpy(e->err, "no endpoint answered: ", 22);
	e->err[sizeof(e->err) - 1] = '\0';
	return -ENOTCONN;
}

/*
 * A range request @req (NULL: out of memory), its answer into @out: no
 * more than @max keys (0: any number); *@more (may be NULL) says whether
 * the store holds more keys in the range than it sent. @what names it in
 * messages.
 */
static int range(struct etcd *e, json_t *req, struct etcd_kvs *out,
		 size_t max, bool *more, const char *what)
{
	json_t *ans;
	int err;

	/*
	 * A listing is as large as the cluster: 10,000 nodes are 20,000 keys,
	 * which a member under emulation takes seconds to gather, and which
	 * must not count as the member being gone.
	 */
	curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS,
			 e->timeout_ms * RANGE_TIMEOUT_FACTOR);
	err = call(e, "/v3/kv/range", req, false, &ans);
	curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS, e->timeout_ms);
	if (err)
		return err;
	err = kvs_parse(ans, out);
	if (!err)
		err = get_revision(ans, &out->revision);
	if (more)
		*more = get_bool(ans, "more");
	if (!err && max && out->n > max)
		err = -EIO;
	json_decref(ans);
	if (err) {
		etcd_kvs_free(out);
		return fail(e, err, "%s: a %s answer that makes no sense",
			    etcd_endpoint(e), what);
	}
	return 0;
}

/* Moves @page's keys to the end of @out (@page is left empty). */
static int kvs_append(struct etcd_kvs *out, struct etcd_kvs *page)
{
	struct etcd_kv *v;

	if (!page->n)
		return 0;
	v = realloc(out->v, (out->n + page->n) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	memcpy(v + out->n, page->v, page->n * sizeof(*v));
	out->v = v;
	out->n += page->n;
	free(page->v);
	page->v = NULL;
	page->n = 0;
	return 0;
}

/*
 * One page of a listing: up to RANGE_PAGE_KEYS keys under @prefix from
 * @from (@from_len bytes; NULL: the prefix's start) at revision @rev (0:
 * the newest).
 */
static int range_page(struct etcd *e, const char *prefix, const char *from,
		      size_t from_len, int64_t rev, struct etcd_kvs *page,
		      bool *more)
{
	json_t *req = json_object();

	if (req && (key_range(req, prefix, true) ||
		    (from && json_object_set_new(req, "key",
						 json_b64(from, from_len))) ||
		    json_object_set_new(req, "limit", json_i64(RANGE_PAGE_KEYS)) ||
		    (rev && json_object_set_new(req, "revision",
						json_i64(rev))))) {
		json_decref(req);
		req = NULL;
	}
	return range(e, req, page, 0, more, "range");
}

/*
 * Page after page, every page read at the first one's revision, so that
 * the pages make one snapshot. Should that revision be compacted under
 * the listing (the store can compact at any time), it starts again.
 */
int etcd_range_prefix(struct etcd *e, const char *prefix, int64_t rev,
		      struct etcd_kvs *out)
{
	struct etcd_kvs page = { 0 };
	unsigned int restarts = 0;
	char *from = NULL;
	size_t from_len = 0;
	int64_t at = rev;
	bool more = true;
	int err = 0;

	memset(out, 0, sizeof(*out));
	while (more) {
		err = range_page(e, prefix, from, from_len, at, &page, &more);
		if (err == -ERANGE && !rev && at && restarts++ < RANGE_RESTARTS) {
			etcd_kvs_free(out);
			free(from);
			from = NULL;
			at = 0;
			more = true;
			continue;
		}
		if (err)
			break;
		if (!at)
			at = page.revision;
		/* The next page starts right after this one's last key. */
		if (page.n) {
			const struct etcd_kv *last = &page.v[page.n - 1];

			free(from);
			from_len = last->key_len + 1;
			from = malloc(from_len);
			if (!from) {
				err = fail(e, -ENOMEM, "out of memory");
				break;
			}
			memcpy(from, last->key, last->key_len);
			from[last->key_len] = '\0';
		} else {
			more = false;
		}
		if (kvs_append(out, &page)) {
			err = fail(e, -ENOMEM, "out of memory");
			break;
		}
	}
	free(from);
	etcd_kvs_free(&page);
	if (err) {
		etcd_kvs_free(out);
		return err;
	}
	out->revision = at;
	return 0;
}

int etcd_get(struct etcd *e, const char *key, struct etcd_kvs *out)
{
	json_t *req = json_object();

	memset(out, 0, sizeof(*out));
	if (req && key_range(req, key, false)) {
		json_decref(req);
		req = NULL;
	}
	return range(e, req, out, 1, NULL, "get");
}

/* A PutRequest's fields into @o. */
static int put_fields(json_t *o, const char *key, const void *value,
		      size_t value_len, int64_t lease)
{
	return key_range(o, key, false) ||
	       json_object_set_new(o, "value", json_b64(value, value_len)) ||
	       (lease && json_object_set_new(o, "lease", json_i64(lease)));
}

int etcd_put(struct etcd *e, const char *key, const void *value,
	     size_t value_len, int64_t lease, int64_t *rev)
{
	json_t *req = json_object(), *ans;
	int64_t r;
	int err;

	if (req && put_fields(req, key, value, value_len, lease)) {
		json_decref(req);
		req = NULL;
	}
	err = call(e, "/v3/kv/put", req, false, &ans);
	if (err)
		return err;
	err = get_revision(ans, &r);
	json_decref(ans);
	if (err)
		return fail(e, err, "%s: a put answer without a revision",
			    etcd_endpoint(e));
	if (rev)
		*rev = r;
	return 0;
}

/* etcd's default --max-txn-ops: the most operations one txn may hold. */
#define TXN_OPS_MAX	128

int etcd_put_many(struct etcd *e, const struct etcd_kv *kvs, size_t n,
		  int64_t lease)
{
	size_t i, end;
	json_t *ans;
	int err;

	for (i = 0; i < n; i = end) {
		json_t *req = json_object(), *ops = json_array(), *put;
		bool bad = !req || !ops;

		end = n - i > TXN_OPS_MAX ? i + TXN_OPS_MAX : n;
		for (; !bad && i < end; i++) {
			put = json_object();
			bad = !put || put_fields(put, kvs[i].key, kvs[i].value,
						 kvs[i].value_len, lease) ||
			      json_array_append_new(ops, json_pack("{s:o}",
								   "request_put", put));
		}
		if (bad || json_object_set_new(req, "success", ops)) {
			json_decref(req);
			req = NULL;
		} else {
			ops = NULL;
		}
		json_decref(ops);
		err = call(e, "/v3/kv/txn", req, false, &ans);
		if (err)
			return err;
		json_decref(ans);
	}
	return 0;
}

/*
 * A txn: if @key's @target ("CREATE" or "MOD") revision is @rev, do the
 * request @op (its name, e.g. "request_put") with the fields @fields
 * (consumed; NULL: out of memory), else range @key. *@done: @op was
 * done; the answer in *@ans.
 */
static int txn_if(struct etcd *e, const char *key, const char *target,
		  int64_t rev, const char *op, json_t *fields, bool *done,
		  json_t **ans)
{
	json_t *req = json_object(), *cmp = json_object(),
	       *get = json_object();
	bool bad;
	int err;

	bad = !req || !cmp || !fields || !get ||
	      key_range(cmp, key, false) ||
	      json_object_set_new(cmp, "target", json_string(target)) ||
	      json_object_set_new(cmp, !strcmp(target, "CREATE") ?
				  "create_revision" : "mod_revision",
				  json_i64(rev)) ||
	      key_range(get, key, false) ||
	      json_object_set_new(req, "compare", json_pack("[o]", cmp)) ||
	      json_object_set_new(req, "success",
				  json_pack("[{s:o}]", op, fields)) ||
	      json_object_set_new(req, "failure",
				  json_pack("[{s:o}]", "request_range", get));
	/* json_pack's "o" took the references, whatever happened after. */
	if (bad) {
		json_decref(req);
		req = NULL;
	}
	err = call(e, "/v3/kv/txn", req, false, ans);
	if (err)
		return err;
	*done = get_bool(*ans, "succeeded");
	return 0;
}

/* txn_if() with a put of @key = @value under @lease. */
static int put_if(struct etcd *e, const char *key, const char *target,
		  int64_t rev, const void *value, size_t value_len,
		  int64_t lease, bool *done, json_t **ans)
{
	json_t *put = json_object();

	if (put && put_fields(put, key, value, value_len, lease)) {
		json_decref(put);
		put = NULL;
	}
	return txn_if(e, key, target, rev, "request_put", put, done, ans);
}

int etcd_create(struct etcd *e, const char *key, const void *value,
		size_t value_len, int64_t lease, bool *done,
		struct etcd_kv *cur)
{
	json_t *ans, *range;
	struct etcd_kvs kvs;
	int err;

	if (cur)
		memset(cur, 0, sizeof(*cur));
	err = put_if(e, key, "CREATE", 0, value, value_len, lease, done,
		     &ans);
	if (err || *done || !cur)
		goto out;
	range = json_object_get(json_array_get(json_object_get(ans,
		"responses"), 0), "response_range");
	err = json_is_object(range) ? kvs_parse(range, &kvs) : -EIO;
	if (!err && kvs.n != 1) {
		etcd_kvs_free(&kvs);
		err = -EIO;
	}
	if (err) {
		fail(e, err, "%s: a failed create without the key",
		     etcd_endpoint(e));
		goto out;
	}
	*cur = kvs.v[0];
	free(kvs.v);
out:
	json_decref(ans);
	return err;
}

int etcd_replace(struct etcd *e, const char *key, int64_t mod_rev,
		 const void *value, size_t value_len, int64_t lease,
		 bool *done)
{
	json_t *ans;
	int err;

	err = put_if(e, key, "MOD", mod_rev, value, value_len, lease, done,
		     &ans);
	json_decref(ans);
	return err;
}

int etcd_delete_if(struct etcd *e, const char *key, int64_t mod_rev,
		   bool *done)
{
	json_t *del = json_object(), *ans;
	int err;

	if (del && key_range(del, key, false)) {
		json_decref(del);
		del = NULL;
	}
	err = txn_if(e, key, "MOD", mod_rev, "request_delete_range", del,
		     done, &ans);
	json_decref(ans);
	return err;
}

int etcd_delete(struct etcd *e, const char *key, bool prefix,
		int64_t *deleted)
{
	json_t *req = json_object(), *ans;
	int64_t n;
	int err;

	if (req && key_range(req, key, prefix)) {
		json_decref(req);
		req = NULL;
	}
	err = call(e, "/v3/kv/deleterange", req, false, &ans);
	if (err)
		return err;
	err = get_i64(ans, "deleted", &n);
	json_decref(ans);
	if (err)
		return fail(e, err, "%s: a delete answer that makes no sense",
			    etcd_endpoint(e));
	if (deleted)
		*deleted = n;
	return 0;
}

int etcd_lease_grant(struct etcd *e, int64_t ttl, int64_t *id)
{
	json_t *ans;
	int err;

	err = call(e, "/v3/lease/grant", json_pack("{s:o}", "TTL",
						   json_i64(ttl)),
		   false, &ans);
	if (err)
		return err;
	err = get_i64(ans, "ID", id);
	json_decref(ans);
	if (err || !*id)
		return fail(e, -EIO, "%s: a lease grant without an ID",
			    etcd_endpoint(e));
	return 0;
}

int etcd_lease_keepalive(struct etcd *e, int64_t id, int64_t *ttl)
{
	json_t *ans;
	int err;

	/* A stream of one request: the answer is one "result". */
	err = call(e, "/v3/lease/keepalive", json_pack("{s:o}", "ID",
						       json_i64(id)),
		   false, &ans);
	if (err)
		return err;
	err = get_i64(ans, "TTL", ttl);
	json_decref(ans);
	if (err)
		return fail(e, err, "%s: a keepalive answer that makes no sense",
			    etcd_endpoint(e));
	if (*ttl <= 0) {
		*ttl = 0;
		return fail(e, -ENOENT, "%s: lease %llx does not exist",
			    etcd_endpoint(e), (unsigned long long)id);
	}
	return 0;
}

int etcd_lease_revoke(struct etcd *e, int64_t id)
{
	json_t *ans;
	int err;

	err = call(e, "/v3/lease/revoke", json_pack("{s:o}", "ID",
						    json_i64(id)),
		   false, &ans);
	json_decref(ans);
	return err;
}

int etcd_compact(struct etcd *e, int64_t rev)
{
	json_t *ans;
	int err;

	/* physical: the answer comes once the history is gone. */
	err = call(e, "/v3/kv/compaction", json_pack("{s:o,s:b}", "revision",
						     json_i64(rev),
						     "physical", 1),
		   false, &ans);
	json_decref(ans);
	return err;
}

int etcd_status(struct etcd *e, int64_t *revision, uint64_t *leader)
{
	json_t *ans;
	int err;

	err = call(e, "/v3/maintenance/status", json_object(), true, &ans);
	if (err)
		return err;
	err = get_revision(ans, revision);
	if (!err)
		err = get_u64(ans, "leader", leader);
	json_decref(ans);
	if (err)
		return fail(e, err, "%s: a status answer that makes no sense",
			    etcd_endpoint(e));
	return 0;
}

/* --- the watch --- */

/*
 * A watch is one POST to /v3/watch whose chunked request body stays
 * open: the create request first, then a progress request whenever the
 * stream has been silent for ETCD_WATCH_IDLE_MS. The answer to it (or
 * anything else) must come within the client's timeout, or the stream
 * is dead: that catches a member frozen or cut off without a TCP reset,
 * which TCP keepalive alone would notice only after minutes. A member
 * that is alive but lost its leader answers progress requests, so the
 * watch also asks for "require leader" (hasleader): such a member ends
 * the stream, with a "no leader" error, after three election timeouts.
 */
struct etcd_watch {
	struct etcd *e;		/* its errors go to etcd_error(e) */
	const char *url;	/* the endpoint, one of e->urls */
	CURLM *multi;
	CURL *curl;
	struct curl_slist *headers;
	struct buf in;		/* received, not yet parsed */
	size_t scanned;		/* in.p[0..scanned) has no newline */
	struct buf out;		/* to send */
	size_t sent;
	bool upload_paused;
	bool starting;		/* in etcd_watch_start() */
	bool created;
	bool ended;		/* the HTTP transfer is over */
	CURLcode end_code;
	int64_t last_heard;	/* ms: the last byte received */
	int64_t probe_sent;	/* ms: an unanswered progress request, or 0 */
	int err;		/* not 0: the watch is dead */
	int64_t compact_rev;
	char curl_err[CURL_ERROR_SIZE];
};

static size_t watch_read_cb(char *p, size_t size, size_t n, void *arg)
{
	struct etcd_watch *w = arg;
	size_t len = w->out.len - w->sent;

	if (!len) {
		w->upload_paused = true;
		return CURL_READFUNC_PAUSE;
	}
	if (len > size * n)
		len = size * n;
	memcpy(p, w->out.p + w->sent, len);
	w->sent += len;
	return len;
}

static size_t watch_write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct etcd_watch *w = arg;

	w->last_heard = now_ms();
	w->probe_sent = 0;
	return buf_add(&w->in, p, size * n);
}

/* Queues one request line of the watch stream. */
static int watch_send(struct etcd_watch *w, const char *line)
{
	if (w->out.overflow)
		return -ENOMEM;
	/* What was sent is forgotten, so the buffer does not grow. */
	memmove(w->out.p, w->out.p + w->sent, w->out.len - w->sent);
	w->out.len -= w->sent;
	w->sent = 0;
	if (buf_add(&w->out, line, strlen(line)) != strlen(line) ||
	    buf_add(&w->out, "\n", 1) != 1)
		return -ENOMEM;
	if (w->upload_paused) {
		w->upload_paused = false;
		curl_easy_pause(w->curl, CURLPAUSE_CONT);
	}
	return 0;
}

/* Ends the watch with @err and the message. */
static int watch_fail(struct etcd_watch *w, int err, const char *fmt, ...)
{
	va_list ap;
	int len;

	len = snprintf(w->e->err, sizeof(w->e->err), "%s: watch: ", w->url);
	va_start(ap, fmt);
	set_err(w->e->err + len, sizeof(w->e->err) - len, fmt, ap);
	va_end(ap);
	w->err = err;
	return err;
}

/* Passes one WatchResponse to @cb; *@delivered if it did. */
static int watch_result(struct etcd_watch *w, json_t *r, etcd_watch_cb cb,
			void *ctx, bool *delivered)
{
	json_t *events = json_object_get(r, "events"), *j;
	const char *reason, *type;
	struct etcd_event ev;
	int64_t rev;
	size_t i;
	int err;

	if (get_bool(r, "canceled") ||
	    json_object_get(r, "compact_revision")) {
		if (get_i64(r, "compact_revision", &w->compact_rev))
			w->compact_rev = 0;
		if (w->compact_rev)
			return watch_fail(w, -ECANCELED,
					  "revision compacted up to %lld",
					  (long long)w->compact_rev);
		reason = json_string_value(json_object_get(r,
							   "cancel_reason"));
		if (reason && strstr(reason, "no leader"))
			return watch_fail(w, -ENOTCONN, "%s", reason);
		return watch_fail(w, -ECANCELED, "canceled: %s",
				  reason ? reason : "(no reason)");
	}
	if (get_revision(r, &rev) || (events && !json_is_array(events)))
		return watch_fail(w, -EIO, "a response that makes no sense");
	/* The revision of the "created" answer is the store's, not how far
	 * the events have come: it is no progress. */
	if (get_bool(r, "created")) {
		w->created = true;
		return 0;
	}
	if (!cb)	/* events before "created" */
		return watch_fail(w, -EIO, "events before the watch began");
	json_array_foreach(events, i, j) {
		memset(&ev, 0, sizeof(ev));
		type = json_string_value(json_object_get(j, "type"));
		ev.deleted = type && !strcmp(type, "DELETE");
		err = kv_parse(json_object_get(j, "kv"), &ev.kv);
		if (err)
			return watch_fail(w, -EIO,
					  "an event that makes no sense");
		err = cb(ctx, &ev, ev.kv.mod_rev);
		etcd_kv_free(&ev.kv);
		if (err)
			return watch_fail(w, err, "stopped by its reader: %s",
					  strerror(-err));
	}
	*delivered = true;
	err = cb(ctx, NULL, rev);
	if (err)
		return watch_fail(w, err, "stopped by its reader: %s",
				  strerror(-err));
	return 0;
}

/* Handles the values of one line, in.p[off..end). */
static void watch_line(struct etcd_watch *w, size_t off, size_t end,
		       etcd_watch_cb cb, void *ctx, bool *delivered)
{
	json_error_t jerr;
	const char *msg;
	json_t *j, *r;
	int code;

	while (!w->err && off < end) {
		while (off < end && isspace((unsigned char)w->in.p[off]))
			off++;
		if (off == end)
			break;
		j = json_loadb(w->in.p + off, end - off,
			       JSON_DISABLE_EOF_CHECK, &jerr);
		if (!j) {
			watch_fail(w, -EIO, "not JSON: %s", jerr.text);
			break;
		}
		off += jerr.position;
		r = json_object_get(j, "result");
		if (answer_error(j, &code, &msg))
			watch_fail(w, code == GRPC_UNAVAILABLE ||
				   code == GRPC_DEADLINE_EXCEEDED ||
				   code == GRPC_CANCELLED ? -ENOTCONN :
				   grpc_errno(code), "%s", msg);
		else if (json_is_object(r))
			watch_result(w, r, cb, ctx, delivered);
		else
			watch_fail(w, -EIO, "not a watch response");
		json_decref(j);
	}
}

/*
 * Parses the complete lines received: the gateway ends each message
 * with a newline (its JSON never holds a raw one), so a message is
 * parsed once, when whole, however it was cut into chunks. While the
 * watch is starting, stops after "created": what follows is the
 * caller's, at its first poll.
 */
static int watch_parse(struct etcd_watch *w, etcd_watch_cb cb, void *ctx,
		       bool *delivered)
{
	size_t off = 0, end;
	const char *nl;

	while (!w->err && !(w->starting && w->created)) {
		nl = memchr(w->in.p + w->scanned, '\n',
			    w->in.len - w->scanned);
		if (!nl) {
			w->scanned = w->in.len;
			break;
		}
		end = nl - w->in.p;
		watch_line(w, off, end, cb, ctx, delivered);
		off = end + 1;
		w->scanned = off;
	}
	/* Forget what was parsed. */
	memmove(w->in.p, w->in.p + off, w->in.len - off);
	w->in.len -= off;
	w->scanned -= off;
	if (w->in.overflow && !w->err)
		watch_fail(w, -EIO, "a response larger than %u bytes",
			   ETCD_MAX_ANSWER);
	return w->err;
}

/*
 * Runs the transfer for up to @wait_ms; parses what came. Fails the
 * watch if its stream ended or went silent.
 */
static int watch_step(struct etcd_watch *w, int wait_ms, etcd_watch_cb cb,
		      void *ctx, bool *delivered)
{
	int running, left;
	CURLMsg *m;
	long status = 0;

	/* What can be done now first: the poll waits for sockets that
	 * only a perform opens. */
	curl_multi_perform(w->multi, &running);
	if (wait_ms > 0 && running)
		curl_multi_poll(w->multi, NULL, 0, wait_ms, NULL);
	curl_multi_perform(w->multi, &running);
	while ((m = curl_multi_info_read(w->multi, &left))) {
		if (m->msg == CURLMSG_DONE) {
			w->ended = true;
			w->end_code = m->data.result;
		}
	}
	/* An error status's body is an {"error"} line: parsed below. A
	 * last line without its newline is whole once the stream ended. */
	curl_easy_getinfo(w->curl, CURLINFO_RESPONSE_CODE, &status);
	if (w->ended && w->in.len && w->in.p[w->in.len - 1] != '\n')
		buf_add(&w->in, "\n", 1);
	if (watch_parse(w, cb, ctx, delivered))
		return w->err;
	if (w->ended) {
		if (w->end_code != CURLE_OK)
			return watch_fail(w, -ENOTCONN, "%s", w->curl_err[0] ?
					  w->curl_err :
					  curl_easy_strerror(w->end_code));
		if (status != 200)
			return watch_fail(w, -ENOTCONN, "HTTP %ld", status);
		return watch_fail(w, -ENOTCONN, "the stream ended");
	}
	if (w->probe_sent && now_ms() - w->probe_sent >= w->e->timeout_ms)
		return watch_fail(w, -ENOTCONN,
				  "silent for %lld ms, no answer to a progress request",
				  (long long)(now_ms() - w->last_heard));
	if (!w->probe_sent && now_ms() - w->last_heard >= ETCD_WATCH_IDLE_MS) {
		if (watch_send(w, "{\"progress_request\":{}}"))
			return watch_fail(w, -ENOMEM, "out of memory");
		w->probe_sent = now_ms();
	}
	return 0;
}

/* The longest wait before the stream's liveness must be looked at. */
static int watch_next_check(const struct etcd_watch *w)
{
	int64_t t = w->probe_sent ? w->probe_sent + w->e->timeout_ms :
				    w->last_heard + ETCD_WATCH_IDLE_MS;
	int64_t d = t - now_ms();

	return d < 1 ? 1 : d > 1000000 ? 1000000 : (int)d;
}

void etcd_watch_stop(struct etcd_watch *w)
{
	if (!w)
		return;
	if (w->multi && w->curl)
		curl_multi_remove_handle(w->multi, w->curl);
	if (w->curl)
		curl_easy_cleanup(w->curl);
	if (w->multi)
		curl_multi_cleanup(w->multi);
	curl_slist_free_all(w->headers);
	free(w->in.p);
	free(w->out.p);
	free(w);
}

/* Opens the watch stream on endpoint @url; 0 once etcd said "created". */
static int watch_open(struct etcd *e, const char *url, const char *create,
		      struct etcd_watch **wp)
{
	struct etcd_watch *w;
	int64_t deadline;
	char *full = NULL;
	bool delivered = false;
	int err = -ENOMEM;

	w = calloc(1, sizeof(*w));
	if (!w)
		return fail(e, -ENOMEM, "out of memory");
	w->e = e;
	w->url = url;
	w->starting = true;
	w->multi = curl_multi_init();
	w->curl = curl_easy_init();
	w->headers = curl_slist_append(NULL, "Content-Type: application/json");
	if (w->headers)
		w->headers = curl_slist_append(w->headers,
					       "Transfer-Encoding: chunked");
	/* curl sends "Expect: 100-continue" and the body after etcd's
	 * "100 Continue": without it, etcd 3.4 (on plain HTTP at least)
	 * never reads the body and never answers. */
	/* The member ends the stream when it has no leader. */
	if (w->headers)
		w->headers = curl_slist_append(w->headers,
					       "Grpc-Metadata-hasleader: true");
	if (!w->multi || !w->curl || !w->headers ||
	    asprintf(&full, "%s/v3/watch", url) < 0 ||
	    watch_send(w, create))
		goto fail;
	err = -EINVAL;
	if (curl_common(e, w->curl) ||
	    curl_easy_setopt(w->curl, CURLOPT_URL, full) ||
	    curl_easy_setopt(w->curl, CURLOPT_POST, 1L) ||
	    curl_easy_setopt(w->curl, CURLOPT_HTTPHEADER, w->headers) ||
	    curl_easy_setopt(w->curl, CURLOPT_READFUNCTION, watch_read_cb) ||
	    curl_easy_setopt(w->curl, CURLOPT_READDATA, w) ||
	    curl_easy_setopt(w->curl, CURLOPT_WRITEFUNCTION, watch_write_cb) ||
	    curl_easy_setopt(w->curl, CURLOPT_WRITEDATA, w) ||
	    curl_easy_setopt(w->curl, CURLOPT_ERRORBUFFER, w->curl_err) ||
	    curl_easy_setopt(w->curl, CURLOPT_TCP_KEEPALIVE, 1L) ||
	    curl_easy_setopt(w->curl, CURLOPT_TCP_KEEPIDLE, 10L) ||
	    curl_easy_setopt(w->curl, CURLOPT_TCP_KEEPINTVL, 5L) ||
	    curl_multi_add_handle(w->multi, w->curl)) {
		free(full);
		fail(e, err, "libcurl: watch options not supported");
		goto fail_quiet;
	}
	free(full);
	w->last_heard = now_ms();
	deadline = w->last_heard + e->timeout_ms;
	/* Until "created": a line at a time, none handed on. */
	while (!w->created && !w->err) {
		if (now_ms() >= deadline) {
			watch_fail(w, -ENOTCONN, "no answer in %ld ms",
				   e->timeout_ms);
			break;
		}
		watch_step(w, deadline - now_ms(), NULL, NULL, &delivered);
	}
	if (!w->err) {
		w->starting = false;
		*wp = w;
		return 0;
	}
	err = w->err;
	etcd_watch_stop(w);
	return err;
fail:
	fail(e, err, "out of memory");
fail_quiet:
	etcd_watch_stop(w);
	return err;
}

int etcd_watch_start(struct etcd *e, const char *prefix, int64_t start_rev,
		     struct etcd_watch **w)
{
	json_t *create = json_object(), *req;
	size_t i, idx;
	char *line;
	int err = -ENOTCONN;

	*w = NULL;
	e->err[0] = '\0';
	if (!create || key_range(create, prefix, true) ||
	    (start_rev && json_object_set_new(create, "start_revision",
					      json_i64(start_rev)))) {
		json_decref(create);
		return fail(e, -ENOMEM, "out of memory");
	}
	req = json_pack("{s:o}", "create_request", create);
	line = req ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	if (!line)
		return fail(e, -ENOMEM, "out of memory");
	for (i = 0; i < e->n_urls; i++) {
		idx = (e->cur + i) % e->n_urls;
		err = watch_open(e, e->urls[idx], line, w);
		if (!err) {
			e->cur = idx;
			e->err[0] = '\0';
			break;
		}
		/* A store's own answer (compacted...) ends the watch at
		 * once; an endpoint that cannot watch sends us on. */
		if (err != -ENOTCONN)
			break;
	}
	free(line);
	return err;
}

int etcd_watch_poll(struct etcd_watch *w, int timeout_ms, etcd_watch_cb cb,
		    void *ctx, int64_t *compact_rev)
{
	int64_t deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	bool delivered = false;
	int64_t left;

	if (compact_rev)
		*compact_rev = 0;
	/* What came with "created" first. */
	watch_parse(w, cb, ctx, &delivered);
	while (!w->err && !delivered) {
		left = deadline - now_ms();
		if (left < 0)
			left = 0;
		if (left > watch_next_check(w))
			left = watch_next_check(w);
		watch_step(w, left, cb, ctx, &delivered);
		if (now_ms() >= deadline)
			break;
	}
	if (w->err == -ECANCELED && compact_rev)
		*compact_rev = w->compact_rev;
	return w->err;
}
