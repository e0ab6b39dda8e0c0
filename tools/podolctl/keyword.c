// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "keyword.h"

int match_keyword(const struct src *src, const char *what, const char *arg,
		  const struct keyword *kw, size_t n, unsigned long allow)
{
	size_t len = strlen(arg), i;
	char names[128] = "";
	bool ambiguous = false;
	int id = -1;

	for (i = 0; i < n; i++) {
		if (!(allow & KWF(kw[i].id)))
			continue;
		if (!strcmp(arg, kw[i].name))
			return kw[i].id;
		if (!len || strncmp(arg, kw[i].name, len))
			continue;
		if (id >= 0 && id != kw[i].id)
			ambiguous = true;
		id = kw[i].id;
	}
	if (id < 0) {
		pr_err_at(src, "unknown %s \"%s\"", what, arg);
		return -EINVAL;
	}
	if (!ambiguous)
		return id;
	for (i = 0; i < n; i++) {
		if ((allow & KWF(kw[i].id)) && !strncmp(arg, kw[i].name, len)) {
			size_t used = strlen(names);

			snprintf(names + used, sizeof(names) - used, "%s%s",
				 used ? ", " : "", kw[i].name);
		}
	}
	pr_err_at(src, "ambiguous %s \"%s\" (%s)", what, arg, names);
	return -EINVAL;
}
