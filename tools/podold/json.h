/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: what the parsers of podold's JSON records (cluster.c, record.c)
 * share, on jansson: loading a buffer into an object, refusing keys it
 * does not know, and typed getters that name the key and the value when
 * they refuse one. Addresses and prefixes are checked by libpodol's rules
 * (rules.h), never here again.
 *
 * Every message is written into @err (of @errlen bytes) and reads on its
 * own: "\"port\": 70000 is out of range 1..65535". Values shown in a
 * message are quoted, escaped and cut short (podold_json_quote()), so
 * neither a control character nor a megabyte of key reaches a log.
 *
 * The getters return 1 when @key is there and its value is fine (*@val
 * set), 0 when @key is absent (*@val untouched: the caller's default),
 * or -EINVAL with the reason in @err.
 */
#ifndef PODOLD_JSON_H
#define PODOLD_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "addr.h"

/*
 * The largest record read. A cluster config or a node's record is a few
 * hundred bytes; a bound keeps a wrong key's megabytes out of memory.
 */
#define PODOLD_JSON_MAX		(64 * 1024)

/* Room podold_json_quote() needs: 40 characters, escaped, and "...". */
#define PODOLD_QUOTE_MAX	(2 + 40 * 4 + 3 + 1)

/* A key an object may have. */
struct podold_json_key {
	const char *name;
	bool required;
};

/*
 * @len bytes of JSON text as an object (a new reference), or NULL with
 * the reason in @err: "line 3, column 5: ..." for bad JSON. Refused, as
 * well as bad JSON: no bytes at all (@buf may then be NULL), more than
 * PODOLD_JSON_MAX bytes, a top level that is no object, a key twice in
 * one object, "\u0000" in a string, text after the object.
 */
json_t *podold_json_load(const char *buf, size_t len, char *err,
			 size_t errlen);

/*
 * Refuses a key of @obj that is not in @keys ("unknown key \"foo\"") and
 * a required key that @obj lacks ("missing \"cidrs\"").
 */
int podold_json_check_keys(const json_t *obj,
			   const struct podold_json_key *keys, size_t nkeys,
			   char *err, size_t errlen);

/*
 * "\"10.0.0.1\"" into @buf: quoted, C-escaped, at most 40 characters
 * then "...". @size is at least PODOLD_QUOTE_MAX, or @buf is left empty.
 */
const char *podold_json_quote(const char *s, char *buf, size_t size);

/* An integer in @min..@max (never a real number, a string or < 0). */
int podold_json_uint(const json_t *obj, const char *key, unsigned long min,
		     unsigned long max, unsigned long *val, char *err,
		     size_t errlen);

/* A string (valid as long as @obj is). */
int podold_json_string(const json_t *obj, const char *key, const char **val,
		       char *err, size_t errlen);

/* A string among @names; *@val is its index. */
int podold_json_enum(const json_t *obj, const char *key,
		     const char *const *names, unsigned int nnames,
		     unsigned int *val, char *err, size_t errlen);

/*
 * An underlay address of @family (AF_INET, AF_INET6): one host's, as
 * podol_underlay_refusal() says.
 */
int podold_json_underlay_addr(const json_t *obj, const char *key, int family,
			      struct podol_addr *val, char *err,
			      size_t errlen);

/*
 * An array of 1..@max prefixes, "ADDR/LEN" with no host bits set
 * (podol_parse_cidr()), at most one per family; @val gets them IPv4
 * first, *@n their number. @max is at most 2.
 */
int podold_json_cidrs(const json_t *obj, const char *key,
		      struct podol_cidr *val, unsigned int max,
		      unsigned int *n, char *err, size_t errlen);

/* @n prefixes as an array of strings (a new reference); NULL: no memory. */
json_t *podold_json_cidr_array(const struct podol_cidr *c, unsigned int n);

/*
 * @root as one line of text, malloc()ed, or NULL when any allocation
 * failed (jansson's json_dumps() may return a key short then).
 */
char *podold_json_dumps(const json_t *root);

#endif /* PODOLD_JSON_H */
