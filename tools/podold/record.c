// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "record.h"

static const struct podold_json_key record_keys[] = {
	{ "node", true },
	{ "ipv4", false },
	{ "ipv6", false },
	{ "port", true },
	{ "cidrs", true },
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static bool is_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/*
 * The name is a key's last part in etcd and shows in logs: lower case,
 * no '/', no space, nothing a shell or a log reader would trip on.
 */
const char *podold_name_refusal(const char *name)
{
	size_t len = strlen(name), i;

	if (!len)
		return "is empty";
	if (len > PODOLD_NAME_MAX)
		return "is longer than 63 characters";
	for (i = 0; i < len; i++)
		if (!is_alnum(name[i]) && !strchr(".-_", name[i]))
			return "has a character other than a-z, 0-9, '.', '-' and '_'";
	if (!is_alnum(name[0]))
		return "must start with a letter or a digit";
	if (!is_alnum(name[len - 1]))
		return "must end with a letter or a digit";
	return NULL;
}

int podold_record_parse(const char *json, size_t len, struct podold_record *r,
			char *err, size_t errlen)
{
	char q[PODOLD_QUOTE_MAX];
	unsigned long port = 0;
	const char *node = "", *why;
	json_t *root;
	int ret = -EINVAL, has4, has6;

	root = podold_json_load(json, len, err, errlen);
	if (!root)
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	if (podold_json_check_keys(root, record_keys, ARRAY_SIZE(record_keys),
				   err, errlen) ||
	    podold_json_string(root, "node", &node, err, errlen) < 0)
		goto out;
	why = podold_name_refusal(node);
	if (why) {
		snprintf(err, errlen, "\"node\": %s %s",
			 podold_json_quote(node, q, sizeof(q)), why);
		goto out;
	}
	strcpy(r->node, node);	/* podold_name_refusal() bounds it */
	has4 = podold_json_underlay_addr(root, "ipv4", AF_INET, &r->ipv4,
					 err, errlen);
	has6 = podold_json_underlay_addr(root, "ipv6", AF_INET6, &r->ipv6,
					 err, errlen);
	if (has4 < 0 || has6 < 0)
		goto out;
	if (!has4 && !has6) {
		snprintf(err, errlen,
			 "no underlay address: \"ipv4\", \"ipv6\" or both are required");
		goto out;
	}
	r->has_ipv4 = has4;
	r->has_ipv6 = has6;
	if (podold_json_uint(root, "port", 1, UINT16_MAX, &port, err,
			     errlen) < 0 ||
	    podold_json_cidrs(root, "cidrs", r->cidrs, PODOLD_RECORD_CIDRS,
			      &r->ncidrs, err, errlen) < 0)
		goto out;
	r->port = port;
	ret = 0;
out:
	json_decref(root);
	return ret;
}

/* @a's text as a new JSON string, or NULL: no memory. */
static json_t *addr_string(const struct podol_addr *a)
{
	char s[PODOL_CIDR_STRLEN];

	podol_format_addr(a, s, sizeof(s));
	return json_string(s);
}

char *podold_record_format(const struct podold_record *r)
{
	json_t *root;
	char *out = NULL;

	/* Keys in the order record.h shows them; an absent address unsaid. */
	root = json_pack("{s:s}", "node", r->node);
	if (!root)
		return NULL;
	if ((r->has_ipv4 &&
	     json_object_set_new(root, "ipv4", addr_string(&r->ipv4))) ||
	    (r->has_ipv6 &&
	     json_object_set_new(root, "ipv6", addr_string(&r->ipv6))) ||
	    json_object_set_new(root, "port", json_integer(r->port)) ||
	    json_object_set_new(root, "cidrs",
				podold_json_cidr_array(r->cidrs, r->ncidrs)))
		goto out;
	out = podold_json_dumps(root);
out:
	json_decref(root);
	return out;
}

bool podold_record_equal(const struct podold_record *a,
			 const struct podold_record *b)
{
	unsigned int i;

	if (strcmp(a->node, b->node) || a->has_ipv4 != b->has_ipv4 ||
	    a->has_ipv6 != b->has_ipv6 || a->port != b->port ||
	    a->ncidrs != b->ncidrs)
		return false;
	if (a->has_ipv4 && podol_cmp_addr(&a->ipv4, &b->ipv4))
		return false;
	if (a->has_ipv6 && podol_cmp_addr(&a->ipv6, &b->ipv6))
		return false;
	for (i = 0; i < a->ncidrs; i++)
		if (podol_cmp_cidr(&a->cidrs[i], &b->cidrs[i]))
			return false;
	return true;
}
