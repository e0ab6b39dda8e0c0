// SPDX-License-Identifier: GPL-2.0
/*
 * Words of a command line or of a replace file line: keywords, addresses,
 * prefixes, ports. Everything is checked here, before anything is sent, so
 * that a mistake is reported by name rather than as a kernel refusal.
 */
#include <arpa/inet.h>
#include <string.h>

#include "../common/addr.h"
#include "podolctl.h"

int match_keyword(const struct src *src, const char *what, const char *arg,
		  const struct keyword *kw, size_t n, unsigned long allow)
{
	size_t len = strlen(arg), i;
	char names[128] = "";
	bool ambiguous = false;
	int id = -1;

	for (i = 0; i < n; i++) {
		if (!(allow & (1UL << kw[i].id)))
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
		return -1;
	}
	if (!ambiguous)
		return id;
	for (i = 0; i < n; i++) {
		if ((allow & (1UL << kw[i].id)) &&
		    !strncmp(arg, kw[i].name, len)) {
			size_t used = strlen(names);

			snprintf(names + used, sizeof(names) - used, "%s%s",
				 used ? ", " : "", kw[i].name);
		}
	}
	pr_err_at(src, "ambiguous %s \"%s\" (%s)", what, arg, names);
	return -1;
}

/* A decimal number of at most @max, digits only: no sign, no spaces. */
static int parse_uint(const char *s, unsigned long max, unsigned long *val)
{
	unsigned long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		/* Checked at each digit, so v never wraps. */
		if (v > max)
			return -1;
	}
	*val = v;
	return 0;
}

int parse_addr(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->bytes) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->bytes) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -1;
}

void format_addr(const struct addr *a, char *buf, size_t size)
{
	if (!inet_ntop(a->family, a->bytes, buf, size))
		snprintf(buf, size, "?");
}

void format_cidr(const struct cidr *c, char *buf, size_t size)
{
	size_t used;

	format_addr(&c->addr, buf, size);
	used = strlen(buf);
	snprintf(buf + used, size - used, "/%u", c->len);
}

int cmp_cidr(const struct cidr *a, const struct cidr *b)
{
	int ret;

	if (a->addr.family != b->addr.family)
		return a->addr.family < b->addr.family ? -1 : 1;
	ret = memcmp(a->addr.bytes, b->addr.bytes, sizeof(a->addr.bytes));
	if (ret)
		return ret;
	return (a->len > b->len) - (a->len < b->len);
}

/* Clears the bits past the prefix; returns whether any was set. */
static bool clear_host_bits(struct cidr *c)
{
	unsigned int bits = addr_len(&c->addr) * 8, i;
	bool was_set = false;

	for (i = c->len; i < bits; i++) {
		uint8_t mask = 0x80 >> (i % 8);

		if (c->addr.bytes[i / 8] & mask) {
			c->addr.bytes[i / 8] &= ~mask;
			was_set = true;
		}
	}
	return was_set;
}

int parse_cidr(const struct src *src, const char *s, struct cidr *c)
{
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	char buf[INET6_ADDRSTRLEN];
	unsigned long len, max;

	/* Too long for any address: no need to copy it to know. */
	if (alen >= sizeof(buf))
		goto bad_addr;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (parse_addr(buf, &c->addr))
		goto bad_addr;
	max = addr_len(&c->addr) * 8;
	if (!slash) {
		len = max;
	} else if (parse_uint(slash + 1, max, &len)) {
		pr_err_at(src, "invalid cidr \"%s\": the prefix length must be 0..%lu",
			  s, max);
		return -1;
	}
	c->len = len;
	if (clear_host_bits(c)) {
		char fixed[CIDR_STRLEN];

		format_cidr(c, fixed, sizeof(fixed));
		pr_err_at(src, "invalid cidr \"%s\": host bits set (did you mean %s?)",
			  s, fixed);
		return -1;
	}
	return 0;

bad_addr:
	pr_err_at(src, "invalid cidr \"%s\": not an IPv4 or IPv6 address", s);
	return -1;
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

static int add_cidr(const struct src *src, const char *val, struct node_spec *n)
{
	struct cidr c;
	unsigned int i;

	if (parse_cidr(src, val, &c))
		return -1;
	for (i = 0; i < n->ncidrs; i++) {
		if (!cmp_cidr(&c, &n->cidrs[i])) {
			pr_err_at(src, "duplicate cidr \"%s\"", val);
			return -1;
		}
	}
	if (n->ncidrs == PODOL_MAX_NODE_CIDRS) {
		pr_err_at(src, "too many cidrs: a node has at most %d",
			  PODOL_MAX_NODE_CIDRS);
		return -1;
	}
	n->cidrs[n->ncidrs++] = c;
	return 0;
}

static int parse_value(const struct src *src, int kw, const char *val,
		       struct node_args *a)
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
		if (parse_addr(val, &a->node.remote)) {
			pr_err_at(src, "invalid remote \"%s\": not an IPv4 or IPv6 address",
				  val);
			return -1;
		}
		why = underlay_addr_refusal(a->node.remote.family,
					    a->node.remote.bytes);
		if (why) {
			pr_err_at(src, "invalid remote \"%s\": %s", val, why);
			return -1;
		}
		a->has_remote = true;
		return 0;
	case KW_PORT:
		if (parse_uint(val, UINT16_MAX, &port) || !port) {
			pr_err_at(src, "invalid port \"%s\": must be 1..65535",
				  val);
			return -1;
		}
		a->node.port = port;
		return 0;
	case KW_CIDR:
		return add_cidr(src, val, &a->node);
	}
	return -1;
}

int parse_node_args(const struct src *src, int argc, char **argv,
		    unsigned long allow, struct node_args *a)
{
	unsigned long seen = 0;
	int i;

	for (i = 0; i < argc; i++) {
		int kw = match_keyword(src, "keyword", argv[i], node_keywords,
				       ARRAY_SIZE(node_keywords), allow);

		if (kw < 0)
			return RC_USAGE;
		if (i + 1 >= argc) {
			pr_err_at(src, "\"%s\" needs a value", keyword_name(kw));
			return RC_USAGE;
		}
		/* Only cidr is a list; twice anything else is a slip. */
		if ((seen & KWF(kw)) && kw != KW_CIDR) {
			pr_err_at(src, "\"%s\" given twice", keyword_name(kw));
			return RC_USAGE;
		}
		seen |= KWF(kw);
		if (parse_value(src, kw, argv[++i], a))
			return RC_USAGE;
	}
	return RC_OK;
}
