// SPDX-License-Identifier: GPL-2.0
/*
 * JSON output. Strings are escaped as RFC 8259 requires: quote, backslash
 * and every control character. Bytes of 0x80 and above are copied as they
 * are, as iproute2 does: device names are bytes, not necessarily UTF-8.
 */
#include <inttypes.h>

#include "json.h"

void json_init(struct json *j, FILE *f, bool pretty)
{
	j->f = f;
	j->pretty = pretty;
	j->depth = 0;
	j->has_items[0] = false;
}

static void json_indent(struct json *j, int depth)
{
	int i;

	fputc('\n', j->f);
	for (i = 0; i < depth; i++)
		fputs("    ", j->f);
}

static void json_escaped(struct json *j, const char *s)
{
	const unsigned char *p;

	fputc('"', j->f);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", j->f);
			break;
		case '\\':
			fputs("\\\\", j->f);
			break;
		case '\n':
			fputs("\\n", j->f);
			break;
		case '\r':
			fputs("\\r", j->f);
			break;
		case '\t':
			fputs("\\t", j->f);
			break;
		case '\b':
			fputs("\\b", j->f);
			break;
		case '\f':
			fputs("\\f", j->f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(j->f, "\\u%04x", *p);
			else
				fputc(*p, j->f);
		}
	}
	fputc('"', j->f);
}

/* What goes before a value: the separator, the indent, the key. */
static void json_item(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->has_items[j->depth])
			fputc(',', j->f);
		if (j->pretty)
			json_indent(j, j->depth);
	}
	j->has_items[j->depth] = true;
	if (key) {
		json_escaped(j, key);
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

static void json_open(struct json *j, const char *key, char c)
{
	json_item(j, key);
	fputc(c, j->f);
	/* Deeper than podolctl ever goes: a bug, but keep the output valid. */
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->has_items[j->depth] = false;
}

static void json_close(struct json *j, char c)
{
	bool had_items = j->has_items[j->depth];

	if (j->depth > 0)
		j->depth--;
	/* An empty container stays on one line: [] or {}. */
	if (j->pretty && had_items)
		json_indent(j, j->depth);
	fputc(c, j->f);
}

void json_obj_open(struct json *j, const char *key)
{
	json_open(j, key, '{');
}

void json_obj_close(struct json *j)
{
	json_close(j, '}');
}

void json_arr_open(struct json *j, const char *key)
{
	json_open(j, key, '[');
}

void json_arr_close(struct json *j)
{
	json_close(j, ']');
}

void json_str(struct json *j, const char *key, const char *val)
{
	json_item(j, key);
	json_escaped(j, val);
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	json_item(j, key);
	fprintf(j->f, "%" PRIu64, val);
}

void json_null(struct json *j, const char *key)
{
	json_item(j, key);
	fputs("null", j->f);
}

void json_finish(struct json *j)
{
	fputc('\n', j->f);
}
