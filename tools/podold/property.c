// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "property.h"

static int cluster_parse(const char *json, size_t len, void *out, char *err,
			 size_t errlen)
{
	return podold_cluster_parse(json, len, out, err, errlen);
}

static char *cluster_format(const void *in)
{
	return podold_cluster_format(in);
}

static bool cluster_equal(const void *a, const void *b)
{
	return podold_cluster_equal(a, b);
}

static int record_parse(const char *json, size_t len, void *out, char *err,
			size_t errlen)
{
	return podold_record_parse(json, len, out, err, errlen);
}

static char *record_format(const void *in)
{
	return podold_record_format(in);
}

static bool record_equal(const void *a, const void *b)
{
	return podold_record_equal(a, b);
}

const struct podold_kind podold_cluster_kind = {
	"cluster", cluster_parse, cluster_format, cluster_equal,
};

const struct podold_kind podold_record_kind = {
	"record", record_parse, record_format, record_equal,
};

int podold_round_trip(const struct podold_kind *k, const void *parsed,
		      char **text, char *err, size_t errlen)
{
	char *first, *second = NULL, why[256];
	union podold_any again;
	int ret = -1;

	first = k->format(parsed);
	if (!first) {
		snprintf(err, errlen, "%s: format failed", k->name);
		return -1;
	}
	if (k->parse(first, strlen(first), &again, why, sizeof(why))) {
		snprintf(err, errlen, "%s: its format %s is refused: %s",
			 k->name, first, why);
		goto out;
	}
	if (!k->equal(parsed, &again)) {
		snprintf(err, errlen, "%s: its format %s parses to another",
			 k->name, first);
		goto out;
	}
	second = k->format(&again);
	if (!second || strcmp(first, second)) {
		snprintf(err, errlen, "%s: %s formats again as %s", k->name,
			 first, second ? second : "(failed)");
		goto out;
	}
	ret = 0;
	if (text) {
		*text = first;
		first = NULL;
	}
out:
	free(first);
	free(second);
	return ret;
}

bool podold_refusal_readable(const char *err)
{
	const unsigned char *c = (const unsigned char *)err;

	if (!*c)
		return false;
	for (; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return false;
	return true;
}

int podold_check_input(const struct podold_kind *k, const char *json,
		       size_t len, char *why, size_t size)
{
	char err[256] = "";
	union podold_any out;
	int ret;

	ret = k->parse(json, len, &out, err, sizeof(err));
	if (ret == -EINVAL && podold_refusal_readable(err))
		return 0;
	if (ret) {
		snprintf(why, size, "%s: refused with %d and message \"%s\"",
			 k->name, ret, err);
		return -1;
	}
	return podold_round_trip(k, &out, NULL, why, size);
}
