/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The store tests' cases (test_etcd.c, test_member.c): each case is a
 * function that returns whether it passed; CHECK() ends it at the first
 * condition that fails, saying where and why, and result() prints its
 * KTAP line. Header only, for a test's one .c file: the counts are that
 * program's.
 */
#ifndef PODOLD_TEST_STORE_H
#define PODOLD_TEST_STORE_H

#include <stdbool.h>
#include <stdio.h>

#include "etcd.h"

/* Cases run so far, and how many of them failed. */
static int n_tests, n_failed;

static inline void result(bool ok, const char *name)
{
	printf("%sok %d %s\n", ok ? "" : "not ", ++n_tests, name);
	fflush(stdout);
	if (!ok)
		n_failed++;
}

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		printf("# %s:%d: %s: ", __func__, __LINE__, #cond);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		return false;						\
	}								\
} while (0)
/* A call of the client that must succeed, with its error if not. */
#define OK(call, e) CHECK((call) == 0, "%s", etcd_error(e))

#endif /* PODOLD_TEST_STORE_H */
