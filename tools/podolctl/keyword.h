/* SPDX-License-Identifier: GPL-2.0 */
/* Keywords of the command line: a unique prefix of a name will do. */
#ifndef PODOLCTL_KEYWORD_H
#define PODOLCTL_KEYWORD_H

#include <stddef.h>

#include "report.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct keyword {
	const char *name;
	int id;			/* 0..63 */
};

#define KWF(id)		(1UL << (id))

/*
 * The id of the keyword @arg names among the @n entries of @kw whose bit
 * is set in @allow, or -EINVAL after an error naming @what ("command",
 * ...). Several names may share an id (aliases); a prefix is ambiguous
 * only if it selects different ids.
 */
int match_keyword(const struct src *src, const char *what, const char *arg,
		  const struct keyword *kw, size_t n, unsigned long allow);

#endif /* PODOLCTL_KEYWORD_H */
