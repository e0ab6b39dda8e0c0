/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "podol_nlfuzz cases TARGET SCRATCH": each case's bad message to
 * TARGET, its control to SCRATCH, and their KTAP results.
 */
#ifndef PODOL_NLFUZZ_CASES_RUN_H
#define PODOL_NLFUZZ_CASES_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nlfuzz/nl.h"

/* "podol_nlfuzz cases": runs the cases; the exit status, KTAP printed. */
int cmd_cases(struct fz *f, const char *target, const char *scratch);

#endif
