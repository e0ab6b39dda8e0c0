/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output, text and JSON from the same calls, as iproute2's json_print:
 * each field is printed once, with its JSON key and its text format, and
 * goes to whichever output was chosen. PRINT_FP fields are text only
 * (words, line ends), PRINT_JSON fields JSON only (raw numbers where the
 * text says "5m07s ago").
 *
 * Objects and arrays exist in JSON only; in text their calls do nothing.
 * A @key is NULL inside an array. A @fmt is a printf() format for the
 * one value given (ignored for JSON); the text calls return the number
 * of characters printed (0 in JSON).
 */
#ifndef PODOLCTL_PRINT_H
#define PODOLCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>

enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

/* Chooses the output: text, or JSON (indented if @pretty), on stdout. */
void print_init(bool json, bool pretty);
bool print_is_json(void);

void print_open_object(const char *key);
void print_close_object(void);
void print_open_array(const char *key);
void print_close_array(void);
/* The end of the output: JSON's line end. */
void print_end(void);

int print_string(enum output_type t, const char *key, const char *fmt,
		 const char *val);
int print_u64(enum output_type t, const char *key, const char *fmt,
	      uint64_t val);
/* JSON null; in text, @fmt as it is, if any. */
int print_null(enum output_type t, const char *key, const char *fmt);
/* Text only, as it is: words and line ends around the fields. */
int print_text(const char *s);

#endif /* PODOLCTL_PRINT_H */
