/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KTAP output for the helpers that run checks of their own: the header
 * and plan, one line per result, diagnostics, and the totals line that
 * kselftest's runner prints too.
 */
#ifndef PODOL_HELPERS_KTAP_H
#define PODOL_HELPERS_KTAP_H

#include <stdbool.h>

void ktap_plan(unsigned int tests);
void ktap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ktap_result(bool pass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A test left out, for reason: "ok N DESCRIPTION # SKIP REASON". */
void ktap_skip(const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints the totals; returns the exit status: 0 all passed, 1 a failure. */
int ktap_end(void);

#endif
