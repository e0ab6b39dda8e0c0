// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"

bool podold_verbose;

void podold_log(int prio, const char *fmt, ...)
{
	static const char *const level[] = {
		[LOG_ERR] = "error: ", [LOG_WARNING] = "warning: ",
	};
	static int journal = -1;
	va_list ap;

	if (prio == LOG_DEBUG && !podold_verbose)
		return;
	if (journal < 0)
		journal = getenv("JOURNAL_STREAM") != NULL;
	if (journal)
		fprintf(stderr, "<%d>", prio);
	else
		fprintf(stderr, "podold: %s", prio < LOG_NOTICE && level[prio] ?
			level[prio] : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

long long podold_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

bool podold_ratelimit(struct podold_ratelimit *rl)
{
	long long now = podold_now_ms();

	if (!rl->begin_ms || now - rl->begin_ms >= rl->interval_ms) {
		if (rl->missed)
			log_warn("%lu messages like the next were suppressed",
				 rl->missed);
		rl->begin_ms = now;
		rl->printed = 0;
		rl->missed = 0;
	}
	if (rl->printed < rl->burst) {
		rl->printed++;
		return true;
	}
	rl->missed++;
	return false;
}
