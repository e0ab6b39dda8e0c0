/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: what the unit tests (test_parse.c) and the fuzzers (fuzz/) hold
 * the two record parsers to, written once for both and for both parsers:
 * an accepted record formats to text that parses back to the same struct
 * and formats to the same text again; a refused one says why in one
 * printable line.
 */
#ifndef PODOLD_PROPERTY_H
#define PODOLD_PROPERTY_H

#include <stdbool.h>
#include <stddef.h>

#include "cluster.h"
#include "record.h"

/* One parser, its formatter and its equality, over untyped structs. */
struct podold_kind {
	const char *name;	/* "cluster", "record" */
	int (*parse)(const char *json, size_t len, void *out, char *err,
		     size_t errlen);
	char *(*format)(const void *in);
	bool (*equal)(const void *a, const void *b);
};

/* Room for either struct. */
union podold_any {
	struct podold_cluster cluster;
	struct podold_record record;
};

extern const struct podold_kind podold_cluster_kind, podold_record_kind;

/*
 * Formats @parsed (what @k parsed), parses the text back and formats it
 * again. 0 when the struct and the text held, with the text in *@text
 * (malloc()ed) if @text is not NULL; -1 with what broke in @err.
 */
int podold_round_trip(const struct podold_kind *k, const void *parsed,
		      char **text, char *err, size_t errlen);

/* Whether a refusal's message is one non-empty line of printable text. */
bool podold_refusal_readable(const char *err);

/*
 * Whatever @len bytes @k is given, it refuses them readably or accepts
 * them and the round trip holds: 0, or -1 with what broke in @why (the
 * fuzzers' property).
 */
int podold_check_input(const struct podold_kind *k, const char *json,
		       size_t len, char *why, size_t size);

#endif /* PODOLD_PROPERTY_H */
