// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "../lib/rules.h"
#include "args.h"
#include "keyword.h"

void args_init(struct args *a)
{
	memset(a, 0, sizeof(*a));
	a->node.cidrs = a->cidrs;
}

/*
 * The kernel would say "no such device" too, but only where the module is
 * loaded, and as a refusal rather than as the user's typo.
 */
int check_dev(const char *name)
{
	if (strlen(name) >= IFNAMSIZ || !if_nametoindex(name)) {
		pr_err("unknown device \"%s\"", name);
		return -ENODEV;
	}
	return 0;
}

int open_socket(const char *dev, struct podol_nl *nl)
{
	int ret;

	if (dev) {
		ret = check_dev(dev);
		if (ret)
			return ret;
	}
	ret = podol_nl_open(nl);
	if (ret) {
		report_nl(nl, NULL, ret);
		podol_nl_close(nl);
	}
	return ret;
}

int close_socket(struct podol_nl *nl, const struct src *src, int err)
{
	if (err)
		report_nl(nl, src, err);
	podol_nl_close(nl);
	return err;
}

static const struct keyword node_keywords[] = {
	{ "dev", KW_DEV },
	{ "remote", KW_REMOTE },
	{ "cidr", KW_CIDR },
	{ "port", KW_PORT },
	{ "file", KW_FILE },
};

static const char *keyword_name(int id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(node_keywords); i++)
		if (node_keywords[i].id == id)
			return node_keywords[i].name;
	return "?";
}

static int add_cidr(const struct src *src, const char *val,
		    struct podol_node *n)
{
	struct podol_cidr c;
	unsigned int i;
	char why[96];

	if (podol_parse_cidr(val, &c, why, sizeof(why))) {
		pr_err_at(src, "invalid cidr \"%s\": %s", val, why);
		return -EINVAL;
	}
	for (i = 0; i < n->ncidrs; i++) {
		if (!podol_cmp_cidr(&c, &n->cidrs[i])) {
			pr_err_at(src, "duplicate cidr \"%s\"", val);
			return -EINVAL;
		}
	}
	if (n->ncidrs == PODOL_MAX_NODE_CIDRS) {
		pr_err_at(src, "too many cidrs: a node has at most %d",
			  PODOL_MAX_NODE_CIDRS);
		return -EINVAL;
	}
	n->cidrs[n->ncidrs++] = c;
	return 0;
}

static int parse_value(const struct src *src, int kw, const char *val,
		       struct args *a)
{
	unsigned long port;
	const char *why;

	switch (kw) {
	case KW_DEV:
		a->dev = val;
		return 0;
	case KW_FILE:
		a->file = val;
		return 0;
	case KW_REMOTE:
		if (podol_parse_addr(val, &a->node.remote)) {
			pr_err_at(src, "invalid remote \"%s\": not an IPv4 or IPv6 address",
				  val);
			return -EINVAL;
		}
		why = podol_underlay_refusal(a->node.remote.family,
					     a->node.remote.bytes);
		if (why) {
			pr_err_at(src, "invalid remote \"%s\": %s", val, why);
			return -EINVAL;
		}
		a->has_remote = true;
		return 0;
	case KW_PORT:
		if (podol_parse_decimal(val, ~0UL, &port))
			why = podol_port_refusal(0);
		else
			why = podol_port_refusal(port);
		if (why) {
			pr_err_at(src, "invalid port \"%s\": %s", val, why);
			return -EINVAL;
		}
		a->node.port = port;
		return 0;
	case KW_CIDR:
		return add_cidr(src, val, &a->node);
	}
	return -EINVAL;
}

int parse_node_args(const struct src *src, int argc, char **argv,
		    unsigned long allow, struct args *a)
{
	unsigned long seen = 0;
	int i;

	for (i = 0; i < argc; i++) {
		int kw = match_keyword(src, "keyword", argv[i], node_keywords,
				       ARRAY_SIZE(node_keywords), allow);

		if (kw < 0)
			return kw;
		if (i + 1 >= argc) {
			pr_err_at(src, "\"%s\" needs a value", keyword_name(kw));
			return -EINVAL;
		}
		/* Only cidr is a list; twice anything else is a slip. */
		if ((seen & KWF(kw)) && kw != KW_CIDR) {
			pr_err_at(src, "\"%s\" given twice", keyword_name(kw));
			return -EINVAL;
		}
		seen |= KWF(kw);
		if (parse_value(src, kw, argv[++i], a))
			return -EINVAL;
	}
	return 0;
}
