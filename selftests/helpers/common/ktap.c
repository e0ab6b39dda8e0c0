// SPDX-License-Identifier: GPL-2.0
/* KTAP output: see ktap.h. */
#include <stdarg.h>
#include <stdio.h>

#include "ktap.h"

static unsigned int ktap_count, ktap_failed;

void ktap_plan(unsigned int tests)
{
	printf("KTAP version 1\n1..%u\n", tests);
}

void ktap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void ktap_result(bool pass, const char *fmt, ...)
{
	va_list ap;

	ktap_count++;
	if (!pass)
		ktap_failed++;
	printf("%sok %u ", pass ? "" : "not ", ktap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void ktap_skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	ktap_count++;
	printf("ok %u ", ktap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", reason);
	fflush(stdout);
}

int ktap_end(void)
{
	printf("# totals: pass:%u fail:%u\n", ktap_count - ktap_failed,
	       ktap_failed);
	return ktap_failed ? 1 : 0;
}
