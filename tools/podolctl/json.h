/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer: objects, arrays, strings, unsigned
 * numbers and null, compact or indented.
 */
#ifndef PODOLCTL_JSON_H
#define PODOLCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	8

struct json {
	FILE *f;
	bool pretty;
	int depth;
	bool has_items[JSON_MAX_DEPTH];	/* per open container */
};

void json_init(struct json *j, FILE *f, bool pretty);
/*
 * @key names the value inside an object and must be NULL inside an array
 * or at the top level.
 */
void json_obj_open(struct json *j, const char *key);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);
void json_arr_close(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_null(struct json *j, const char *key);
/* Ends the document with a newline. */
void json_finish(struct json *j);

#endif /* PODOLCTL_JSON_H */
