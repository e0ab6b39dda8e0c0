/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The body of every podold parser fuzzer: the input must be refused with
 * a readable message, or accepted with a round trip that holds
 * (property.h); anything else aborts, so libFuzzer keeps the input as a
 * crash. One parser per harness, so each one's coverage is its own.
 */
#ifndef PODOLD_FUZZ_H
#define PODOLD_FUZZ_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "property.h"

static inline int podold_fuzz_one(const struct podold_kind *k,
				  const uint8_t *data, size_t size)
{
	char why[1024];

	if (podold_check_input(k, (const char *)data, size, why,
			       sizeof(why))) {
		fprintf(stderr, "property broken: %s\n", why);
		abort();
	}
	return 0;
}

/*
 * jansson seeds its hash function from /dev/urandom; a fixed seed makes
 * a run with -seed=N follow the same path every time, as nearly as
 * libFuzzer allows (two runs may differ by a feature or two).
 */
static inline int podold_fuzz_init(void)
{
	json_object_seed(1);
	return 0;
}

#endif /* PODOLD_FUZZ_H */
