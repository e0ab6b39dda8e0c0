// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "rules.h"

/* Characters of a value or key a message shows; the rest is "...". */
#define QUOTE_CHARS	40

/* snprintf() into @err, for messages that are only ever one line. */
static int refuse(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

const char *podold_json_quote(const char *s, char *buf, size_t size)
{
	size_t used = 0, i;

	if (size < PODOLD_QUOTE_MAX) {
		if (size)
			*buf = '\0';
		return buf;
	}
	buf[used++] = '"';
	for (i = 0; s[i] && i < QUOTE_CHARS; i++) {
		unsigned char ch = s[i];

		if (ch == '"' || ch == '\\')
			used += sprintf(buf + used, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			used += sprintf(buf + used, "\\x%02x", ch);
		else
			buf[used++] = ch;
	}
	buf[used++] = '"';
	if (s[i])
		used += sprintf(buf + used, "...");
	buf[used] = '\0';
	return buf;
}

/* "a string", "an integer", ...: what a value is, for a message. */
static const char *type_name(json_type type)
{
	switch (type) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number with a fraction or an exponent";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	case JSON_NULL:
		return "null";
	}
	return "a value of no known type";
}

json_t *podold_json_load(const char *buf, size_t len, char *err,
			 size_t errlen)
{
	json_error_t jerr;
	json_t *root;

	/* An empty value is a key written with nothing; buf may be NULL. */
	if (!len) {
		refuse(err, errlen, "empty, not a JSON object");
		return NULL;
	}
	if (len > PODOLD_JSON_MAX) {
		refuse(err, errlen, "%zu bytes, more than the %u podold reads",
		       len, PODOLD_JSON_MAX);
		return NULL;
	}
	/*
	 * No JSON_DECODE_ANY: the top level is an object or an array.
	 * No JSON_ALLOW_NUL: "\u0000" would cut a C string short, so a
	 * value checked whole could be used cut. No
	 * JSON_DISABLE_EOF_CHECK: text after the object is refused.
	 */
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		char *ch;

		/* jansson quotes the text near the error: keep it one line. */
		for (ch = jerr.text; *ch; ch++)
			if ((unsigned char)*ch < 0x20 || *ch == 0x7f)
				*ch = '?';
		refuse(err, errlen, "line %d, column %d: %s", jerr.line,
		       jerr.column, jerr.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		refuse(err, errlen, "the top level is %s, not an object",
		       type_name(json_typeof(root)));
		json_decref(root);
		return NULL;
	}
	return root;
}

int podold_json_check_keys(const json_t *obj,
			   const struct podold_json_key *keys, size_t nkeys,
			   char *err, size_t errlen)
{
	char q[PODOLD_QUOTE_MAX];
	const char *name;
	json_t *v;
	size_t i;

	/* json_object_foreach() takes no const object; it changes none. */
	json_object_foreach((json_t *)obj, name, v) {
		for (i = 0; i < nkeys; i++)
			if (!strcmp(name, keys[i].name))
				break;
		if (i == nkeys)
			return refuse(err, errlen, "unknown key %s",
				      podold_json_quote(name, q, sizeof(q)));
	}
	for (i = 0; i < nkeys; i++)
		if (keys[i].required && !json_object_get(obj, keys[i].name))
			return refuse(err, errlen, "missing \"%s\"",
				      keys[i].name);
	return 0;
}

/*
 * The value of @key in *@v if it has @type: 1; 0 when @key is absent;
 * -EINVAL with a message naming both types otherwise.
 */
static int get_typed(const json_t *obj, const char *key, json_type type,
		     const json_t **v, char *err, size_t errlen)
{
	*v = json_object_get(obj, key);
	if (!*v)
		return 0;
	if (json_typeof(*v) != type)
		return refuse(err, errlen, "\"%s\": must be %s, not %s", key,
			      type_name(type), type_name(json_typeof(*v)));
	return 1;
}

int podold_json_uint(const json_t *obj, const char *key, unsigned long min,
		     unsigned long max, unsigned long *val, char *err,
		     size_t errlen)
{
	const json_t *v;
	json_int_t i;
	int ret;

	ret = get_typed(obj, key, JSON_INTEGER, &v, err, errlen);
	if (ret <= 0)
		return ret;
	i = json_integer_value(v);
	if (i < 0 || (unsigned long long)i < min ||
	    (unsigned long long)i > max)
		return refuse(err, errlen,
			      "\"%s\": %" JSON_INTEGER_FORMAT " is out of range %lu..%lu",
			      key, i, min, max);
	*val = i;
	return 1;
}

int podold_json_string(const json_t *obj, const char *key, const char **val,
		       char *err, size_t errlen)
{
	const json_t *v;
	int ret;

	ret = get_typed(obj, key, JSON_STRING, &v, err, errlen);
	if (ret <= 0)
		return ret;
	*val = json_string_value(v);
	return 1;
}

int podold_json_enum(const json_t *obj, const char *key,
		     const char *const *names, unsigned int nnames,
		     unsigned int *val, char *err, size_t errlen)
{
	char q[PODOLD_QUOTE_MAX], list[128] = "";
	const char *s;
	unsigned int i;
	int ret;

	ret = podold_json_string(obj, key, &s, err, errlen);
	if (ret <= 0)
		return ret;
	for (i = 0; i < nnames; i++) {
		if (!strcmp(s, names[i])) {
			*val = i;
			return 1;
		}
	}
	for (i = 0; i < nnames; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s\"%s\"", i ? ", " : "", names[i]);
	return refuse(err, errlen, "\"%s\": %s is not one of %s", key,
		      podold_json_quote(s, q, sizeof(q)), list);
}

int podold_json_underlay_addr(const json_t *obj, const char *key, int family,
			      struct podol_addr *val, char *err,
			      size_t errlen)
{
	char q[PODOLD_QUOTE_MAX];
	struct podol_addr a;
	const char *s, *why;
	int ret;

	ret = podold_json_string(obj, key, &s, err, errlen);
	if (ret <= 0)
		return ret;
	podold_json_quote(s, q, sizeof(q));
	if (podol_parse_addr(s, &a) || a.family != family)
		return refuse(err, errlen, "\"%s\": %s is not an %s address",
			      key, q, family == AF_INET ? "IPv4" : "IPv6");
	why = podol_underlay_refusal(a.family, a.bytes);
	if (why)
		return refuse(err, errlen, "\"%s\": %s %s", key, q, why);
	*val = a;
	return 1;
}

/* One prefix of a "cidrs" array, at @i. */
static int cidr_at(const json_t *v, const char *key, size_t i,
		   struct podol_cidr *c, char *err, size_t errlen)
{
	char q[PODOLD_QUOTE_MAX], why[128];
	const char *s;

	if (!json_is_string(v))
		return refuse(err, errlen, "\"%s\"[%zu]: must be a string, not %s",
			      key, i, type_name(json_typeof(v)));
	s = json_string_value(v);
	podold_json_quote(s, q, sizeof(q));
	/*
	 * podol_parse_cidr() reads a bare address as a host's prefix; in a
	 * record, a missing length is more likely a slip than a /32.
	 */
	if (!strchr(s, '/'))
		return refuse(err, errlen, "\"%s\": %s has no prefix length (ADDR/LEN)",
			      key, q);
	if (podol_parse_cidr(s, c, why, sizeof(why)))
		return refuse(err, errlen, "\"%s\": %s: %s", key, q, why);
	return 0;
}

int podold_json_cidrs(const json_t *obj, const char *key,
		      struct podol_cidr *val, unsigned int max,
		      unsigned int *n, char *err, size_t errlen)
{
	char a[PODOL_CIDR_STRLEN], b[PODOL_CIDR_STRLEN];
	struct podol_cidr c[2];
	const json_t *v;
	size_t i, count;
	int ret;

	ret = get_typed(obj, key, JSON_ARRAY, &v, err, errlen);
	if (ret <= 0)
		return ret;
	count = json_array_size(v);
	if (max > 2)
		max = 2;	/* one per family: more can never be fine */
	if (count < 1 || count > max)
		return refuse(err, errlen, "\"%s\": %zu prefixes, must be 1..%u",
			      key, count, max);
	for (i = 0; i < count; i++)
		if (cidr_at(json_array_get(v, i), key, i, &c[i], err, errlen))
			return -EINVAL;
	if (count == 2) {
		if (c[0].addr.family == c[1].addr.family) {
			podol_format_cidr(&c[0], a, sizeof(a));
			podol_format_cidr(&c[1], b, sizeof(b));
			return refuse(err, errlen,
				      "\"%s\": %s and %s are both %s; at most one prefix per family",
				      key, a, b,
				      c[0].addr.family == AF_INET ? "IPv4" : "IPv6");
		}
		/* IPv4 first, as the structs say, whatever the text's order. */
		if (c[0].addr.family != AF_INET) {
			struct podol_cidr t = c[0];

			c[0] = c[1];
			c[1] = t;
		}
	}
	for (i = 0; i < count; i++)
		val[i] = c[i];
	*n = count;
	return 1;
}

json_t *podold_json_cidr_array(const struct podol_cidr *c, unsigned int n)
{
	char s[PODOL_CIDR_STRLEN];
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; a && i < n; i++) {
		podol_format_cidr(&c[i], s, sizeof(s));
		if (json_array_append_new(a, json_string(s))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* Where podold_json_dumps() writes, and whether a write ever failed. */
struct dump_buf {
	char *s;
	size_t len, size;
	bool failed;
};

/*
 * Grows through jansson's allocator, as json_dumps() would, so that the
 * tests' failing allocator reaches this too.
 */
static int dump_append(const char *chunk, size_t n, void *data)
{
	struct dump_buf *b = data;
	json_malloc_t alloc;
	json_free_t release;
	char *s;

	if (b->failed)
		return -1;
	if (b->len + n + 1 > b->size) {
		size_t size = (b->len + n + 1) * 2;

		json_get_alloc_funcs(&alloc, &release);
		s = alloc(size);
		if (!s) {
			b->failed = true;
			return -1;
		}
		if (b->s)
			memcpy(s, b->s, b->len);
		release(b->s);
		b->s = s;
		b->size = size;
	}
	memcpy(b->s + b->len, chunk, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

char *podold_json_dumps(const json_t *root)
{
	struct dump_buf b = { NULL, 0, 0, false };
	json_malloc_t alloc;
	json_free_t release;

	/*
	 * Not json_dumps(): jansson 2.14 ignores a failed write of an
	 * object's key, and returns text with the key missing when its
	 * buffer could not grow. Here a write that failed once fails the
	 * whole text.
	 */
	if (json_dump_callback(root, dump_append, &b, 0) || b.failed ||
	    !b.s) {
		json_get_alloc_funcs(&alloc, &release);
		release(b.s);
		return NULL;
	}
	return b.s;
}
