/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "podol_nlfuzz mutate DEV": mutated messages to DEV, each judged by the
 * model, and their KTAP results.
 */
#ifndef PODOL_NLFUZZ_MUTATE_RUN_H
#define PODOL_NLFUZZ_MUTATE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nlfuzz/nl.h"

/* "podol_nlfuzz mutate": the mutations; the exit status, KTAP printed. */
int cmd_mutate(struct fz *f, const char *name, uint64_t seed,
	       unsigned long count, long only);

#endif
