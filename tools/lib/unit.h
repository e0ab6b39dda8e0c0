/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit tests' result line, KTAP's "ok N - what" or "not ok N - what",
 * for each test program that runs on this machine (tools/lib/test.c,
 * tools/podold/test_parse.c). Header only, for a test's one .c file: the
 * counts are that program's.
 */
#ifndef LIBPODOL_UNIT_H
#define LIBPODOL_UNIT_H

#include <stdio.h>

/* Checks run so far, and how many of them failed. */
static int unit_count, unit_failed;

#define CHECK(cond, ...) do {						\
	unit_count++;							\
	if (cond) {							\
		printf("ok %d - ", unit_count);				\
	} else {							\
		printf("not ok %d - ", unit_count);			\
		unit_failed++;						\
	}								\
	printf(__VA_ARGS__);						\
	putchar('\n');							\
} while (0)

#endif /* LIBPODOL_UNIT_H */
