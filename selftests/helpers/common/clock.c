// SPDX-License-Identifier: GPL-2.0
/* Elapsed time: see clock.h. */
#include <time.h>

#include "clock.h"

double clock_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
