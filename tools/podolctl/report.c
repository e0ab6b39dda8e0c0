// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static void vpr(const struct src *src, const char *fmt, va_list ap)
{
	fputs("podolctl: ", stderr);
	if (src && src->file)
		fprintf(stderr, "%s:%u: ", src->file, src->line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void pr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr(NULL, fmt, ap);
	va_end(ap);
}

void pr_err_at(const struct src *src, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr(src, fmt, ap);
	va_end(ap);
}

int report_nl(const struct podol_nl *nl, const struct src *src, int err)
{
	if (!podol_nl_is_refusal(nl, err))
		pr_err("%s", nl->error);
	else if (nl->extack[0])
		pr_err_at(src, "kernel refused: %s: %s", strerror(-err),
			  nl->extack);
	else
		pr_err_at(src, "kernel refused: %s", strerror(-err));
	return err;
}

void report_inconsistent(const struct podol_nl *nl)
{
	if (nl->inconsistent_dumps)
		pr_err("the table changed during the dump; output may be inconsistent");
}
