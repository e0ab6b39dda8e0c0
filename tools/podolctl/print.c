// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "json.h"
#include "print.h"

static bool json_out;
static struct json json;

void print_init(bool json_mode, bool pretty)
{
	json_out = json_mode;
	if (json_out)
		json_init(&json, stdout, pretty);
}

bool print_is_json(void)
{
	return json_out;
}

void print_open_object(const char *key)
{
	if (json_out)
		json_obj_open(&json, key);
}

void print_close_object(void)
{
	if (json_out)
		json_obj_close(&json);
}

void print_open_array(const char *key)
{
	if (json_out)
		json_arr_open(&json, key);
}

void print_close_array(void)
{
	if (json_out)
		json_arr_close(&json);
}

void print_end(void)
{
	if (json_out)
		json_finish(&json);
}

/* Whether a field of type @t goes to this output, in text. */
static bool to_text(enum output_type t, const char *fmt)
{
	return !json_out && (t & PRINT_FP) && fmt;
}

int print_string(enum output_type t, const char *key, const char *fmt,
		 const char *val)
{
	if (json_out) {
		if (t & PRINT_JSON)
			json_str(&json, key, val);
		return 0;
	}
	return to_text(t, fmt) ? printf(fmt, val) : 0;
}

int print_u64(enum output_type t, const char *key, const char *fmt,
	      uint64_t val)
{
	if (json_out) {
		if (t & PRINT_JSON)
			json_u64(&json, key, val);
		return 0;
	}
	return to_text(t, fmt) ? printf(fmt, val) : 0;
}

int print_null(enum output_type t, const char *key, const char *fmt)
{
	if (json_out) {
		if (t & PRINT_JSON)
			json_null(&json, key);
		return 0;
	}
	return to_text(t, fmt) ? printf("%s", fmt) : 0;
}

int print_text(const char *s)
{
	return json_out ? 0 : printf("%s", s);
}
