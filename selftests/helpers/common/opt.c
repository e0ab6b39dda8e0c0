// SPDX-License-Identifier: GPL-2.0
/* Option values: see opt.h. */
#include <errno.h>
#include <stdlib.h>

#include "opt.h"

int opt_num(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end || *v > max ? -1 : 0;
}
