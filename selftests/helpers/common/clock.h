/* SPDX-License-Identifier: GPL-2.0 */
/* Elapsed time for the helpers' diagnostics: CLOCK_MONOTONIC. */
#ifndef PODOL_HELPERS_CLOCK_H
#define PODOL_HELPERS_CLOCK_H

/* Seconds since some fixed point in the past. */
double clock_now(void);

#endif
