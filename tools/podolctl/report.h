/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Messages on standard error, "podolctl: ...", and where the words they
 * are about came from: the command line, or a line of a replace file.
 */
#ifndef PODOLCTL_REPORT_H
#define PODOLCTL_REPORT_H

#include "../lib/nl.h"

#define PRINTF(a, b)	__attribute__((format(printf, a, b)))

/* Where the words being parsed come from. */
struct src {
	const char *file;	/* NULL: the command line */
	unsigned int line;
};

void pr_err(const char *fmt, ...) PRINTF(1, 2);
/* An error about a word from @src: "podolctl: FILE:LINE: ..." for a file. */
void pr_err_at(const struct src *src, const char *fmt, ...) PRINTF(2, 3);

/*
 * Reports @err (< 0) from the library: the kernel's refusal, "kernel
 * refused: REASON: EXTACK", about the words of @src; or what else failed.
 * Returns @err.
 */
int report_nl(const struct podol_nl *nl, const struct src *src, int err);
/* After a dump the kernel kept changing: a warning, once. */
void report_inconsistent(const struct podol_nl *nl);

#endif /* PODOLCTL_REPORT_H */
