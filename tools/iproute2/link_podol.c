// SPDX-License-Identifier: GPL-2.0
/*
 * link_podol.so: teaches `ip link` the podol link type.
 *
 *   ip link add podol0 type podol port 7000 local 10.0.0.10 id 42 \
 *           ttl 64 tos inherit dev eth0 noudpcsum
 *   ip link set podol0 type podol ttl inherit fast direct
 *   ip -d link show podol0;  ip -j -d link show podol0
 *   ip link help podol
 *
 * Every value is checked here, with a message naming the argument, before
 * anything is sent; the kernel checks them again.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/podol.h>

#include "../lib/rules.h"
#include "iproute2.h"

static void podol_usage(FILE *f)
{
	fprintf(f,
		"Usage: ... podol [ port PORT ] [ local ADDR ] [ id ID ]\n"
		"                 [ ttl { 1..255 | auto | inherit } ]\n"
		"                 [ tos { TOS | inherit } ] [ dev PHYS_DEV ]\n"
		"                 [ [no]udpcsum ] [ [no]fast ] [ [no]direct ]\n"
		"\n"
		"Where: PORT     := 1..65535 (default %u)\n"
		"       ADDR     := the node's own IPv4 or IPv6 underlay address\n"
		"       ID       := network id, 0..%u (default 0)\n"
		"       TOS      := 0..255 with the ECN bits (0x3) clear\n"
		"       PHYS_DEV := the underlay device\n"
		"port, local and dev are fixed when the device is created.\n"
		"fast delivers received packets without the device's GRO cell;\n"
		"direct sends IPv4 outer packets to the underlay's neighbour and\n"
		"takes those received at the first prerouting hook, past the\n"
		"host's other netfilter hooks (see ip-link-podol(8)).\n",
		PODOL_DEFAULT_PORT, PODOL_ID_MAX);
}

static int podol_error(const char *arg, const char *value, const char *why)
{
	fprintf(stderr, "podol: invalid %s \"%s\": %s\n", arg, value, why);
	return -1;
}

/* Parses an unsigned decimal or 0x-hex number no larger than max. */
static int podol_parse_uint(const char *s, unsigned long max,
			    unsigned long *val)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*val = strtoul(s, &end, 0);
	if (errno || *end || *val > max)
		return -1;
	return 0;
}

/* The unspecified address is accepted: it means "any", as if not given. */
static int podol_parse_local(const char *s, struct nlmsghdr *n)
{
	static const unsigned char any[16];
	unsigned char a[16] = { 0 };
	const char *why;
	int family;

	if (inet_pton(AF_INET, s, a) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, s, a) == 1)
		family = AF_INET6;
	else
		return podol_error("local", s, "not an IPv4 or IPv6 address");
	why = podol_underlay_refusal(family, a);
	if (why && memcmp(a, any, sizeof(a)))
		return podol_error("local", s, why);
	return addattr_l(n, PODOL_REQ_MAXLEN,
			 family == AF_INET ? IFLA_PODOL_LOCAL : IFLA_PODOL_LOCAL6,
			 a, family == AF_INET ? 4 : 16);
}

enum podol_kw {
	KW_PORT, KW_LOCAL, KW_ID, KW_TTL, KW_TOS, KW_DEV, KW_UDPCSUM,
	KW_NOUDPCSUM, KW_FAST, KW_NOFAST, KW_DIRECT, KW_NODIRECT, KW_HELP,
	KW_NONE
};

static const char * const podol_keywords[] = {
	[KW_PORT] = "port", [KW_LOCAL] = "local", [KW_ID] = "id",
	[KW_TTL] = "ttl", [KW_TOS] = "tos", [KW_DEV] = "dev",
	[KW_UDPCSUM] = "udpcsum", [KW_NOUDPCSUM] = "noudpcsum",
	[KW_FAST] = "fast", [KW_NOFAST] = "nofast",
	[KW_DIRECT] = "direct", [KW_NODIRECT] = "nodirect",
	[KW_HELP] = "help",
};

/* The keywords without a value: a u8 flag attribute each, set or cleared. */
struct podol_flag {
	enum podol_kw kw;
	unsigned short type;
	uint8_t value;
};

static const struct podol_flag podol_flags[] = {
	{ KW_UDPCSUM, IFLA_PODOL_UDP_CSUM, 1 },
	{ KW_NOUDPCSUM, IFLA_PODOL_UDP_CSUM, 0 },
	{ KW_FAST, IFLA_PODOL_FAST, 1 },
	{ KW_NOFAST, IFLA_PODOL_FAST, 0 },
	{ KW_DIRECT, IFLA_PODOL_DIRECT, 1 },
	{ KW_NODIRECT, IFLA_PODOL_DIRECT, 0 },
};

static const struct podol_flag *podol_flag_of(enum podol_kw kw)
{
	size_t i;

	for (i = 0; i < sizeof(podol_flags) / sizeof(podol_flags[0]); i++)
		if (podol_flags[i].kw == kw)
			return &podol_flags[i];
	return NULL;
}

/* A keyword, or a prefix of exactly one keyword, as iproute2 allows. */
static enum podol_kw podol_keyword(const char *arg)
{
	enum podol_kw found = KW_NONE;
	size_t len = strlen(arg);
	int i;

	for (i = 0; i < KW_NONE; i++) {
		if (!strcmp(arg, podol_keywords[i]))
			return i;
		if (len && !strncmp(arg, podol_keywords[i], len)) {
			if (found != KW_NONE)
				return KW_NONE;
			found = i;
		}
	}
	return found;
}

static int podol_parse_opt(struct link_util *lu, int argc, char **argv,
			   struct nlmsghdr *n)
{
	bool creating = n->nlmsg_flags & NLM_F_CREATE;
	const struct podol_flag *flag;
	unsigned long v;
	uint8_t u8;
	int err;

	for (; argc > 0; argc--, argv++) {
		enum podol_kw kw = podol_keyword(*argv);
		const char *arg = *argv, *val;

		if (kw == KW_HELP) {
			podol_usage(stdout);
			exit(0);
		}
		if (kw == KW_NONE) {
			fprintf(stderr, "podol: unknown or ambiguous argument \"%s\"; try \"ip link help podol\"\n",
				arg);
			return -1;
		}
		if ((kw == KW_PORT || kw == KW_LOCAL || kw == KW_DEV) && !creating) {
			fprintf(stderr, "podol: \"%s\" cannot change on an existing device; delete and re-create it\n",
				podol_keywords[kw]);
			return -1;
		}
		flag = podol_flag_of(kw);
		if (flag) {
			u8 = flag->value;
			err = addattr_l(n, PODOL_REQ_MAXLEN, flag->type, &u8,
					sizeof(u8));
			if (err)
				return err;
			continue;
		}

		if (argc < 2) {
			fprintf(stderr, "podol: \"%s\" needs a value\n",
				podol_keywords[kw]);
			return -1;
		}
		argc--;
		val = *++argv;
		arg = podol_keywords[kw];

		switch (kw) {
		case KW_PORT: {
			uint16_t port;

			if (podol_parse_uint(val, ULONG_MAX, &v))
				v = 0;
			if (podol_port_refusal(v))
				return podol_error(arg, val, podol_port_refusal(v));
			port = htons(v);
			err = addattr_l(n, PODOL_REQ_MAXLEN, IFLA_PODOL_PORT,
					&port, sizeof(port));
			break;
		}
		case KW_LOCAL:
			err = podol_parse_local(val, n);
			break;
		case KW_ID: {
			uint32_t id;

			if (podol_parse_uint(val, PODOL_ID_MAX, &v))
				return podol_error(arg, val,
						   "must be 0-16777215 (24 bits)");
			id = v;
			err = addattr_l(n, PODOL_REQ_MAXLEN, IFLA_PODOL_ID,
					&id, sizeof(id));
			break;
		}
		case KW_TTL: {
			uint8_t ttl = 0, inherit = 0;

			if (!strcmp(val, "inherit"))
				inherit = 1;
			else if (strcmp(val, "auto")) {
				if (podol_parse_uint(val, 255, &v) || !v)
					return podol_error(arg, val,
							   "must be 1-255, auto or inherit");
				ttl = v;
			}
			err = addattr_l(n, PODOL_REQ_MAXLEN, IFLA_PODOL_TTL,
					&ttl, sizeof(ttl));
			if (!err)
				err = addattr_l(n, PODOL_REQ_MAXLEN,
						IFLA_PODOL_TTL_INHERIT,
						&inherit, sizeof(inherit));
			break;
		}
		case KW_TOS:
			if (!strcmp(val, "inherit")) {
				u8 = PODOL_TOS_INHERIT;
			} else {
				if (podol_parse_uint(val, 255, &v) || (v & 0x3))
					return podol_error(arg, val,
							   "must be 0-255 with the ECN bits (0x3) clear, or inherit");
				u8 = v;
			}
			err = addattr_l(n, PODOL_REQ_MAXLEN, IFLA_PODOL_TOS,
					&u8, sizeof(u8));
			break;
		case KW_DEV: {
			uint32_t ifindex = if_nametoindex(val);

			if (!ifindex)
				return podol_error(arg, val, "no such device");
			err = addattr_l(n, PODOL_REQ_MAXLEN, IFLA_PODOL_LINK,
					&ifindex, sizeof(ifindex));
			break;
		}
		default:
			return -1;
		}
		if (err)
			return err;
	}
	return 0;
}

static uint8_t podol_u8(const struct rtattr *a)
{
	return *(const uint8_t *)RTA_DATA(a);
}

static uint32_t podol_u32(const struct rtattr *a)
{
	uint32_t v;

	memcpy(&v, RTA_DATA(a), sizeof(v));
	return v;
}

/* A flag as iproute2's tunnels print theirs: "udpcsum" or "noudpcsum". */
static void podol_print_flag(const struct rtattr *a, const char *on,
			     const char *off)
{
	bool set;

	if (!a || RTA_PAYLOAD(a) < 1)
		return;
	set = podol_u8(a);
	print_color_bool(PRINT_JSON, ifa_family_color(AF_UNSPEC), on, NULL,
			 set);
	print_color_string(PRINT_FP, ifa_family_color(AF_UNSPEC), NULL, "%s ",
			   set ? on : off);
}

static void podol_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	const int none = ifa_family_color(AF_UNSPEC);
	char buf[INET6_ADDRSTRLEN + 16];
	const struct rtattr *a;

	(void)f;
	if (!tb)
		return;

	a = tb[IFLA_PODOL_PORT];
	if (a && RTA_PAYLOAD(a) >= sizeof(uint16_t)) {
		uint16_t port;

		memcpy(&port, RTA_DATA(a), sizeof(port));
		print_color_uint(PRINT_ANY, none, "port", "port %u ", ntohs(port));
	}

	a = tb[IFLA_PODOL_LOCAL];
	if (a && RTA_PAYLOAD(a) == sizeof(struct in_addr) &&
	    inet_ntop(AF_INET, RTA_DATA(a), buf, sizeof(buf)))
		print_color_string(PRINT_ANY, ifa_family_color(AF_INET),
				   "local", "local %s ", buf);
	a = tb[IFLA_PODOL_LOCAL6];
	if (a && RTA_PAYLOAD(a) == sizeof(struct in6_addr) &&
	    inet_ntop(AF_INET6, RTA_DATA(a), buf, sizeof(buf)))
		print_color_string(PRINT_ANY, ifa_family_color(AF_INET6),
				   "local", "local %s ", buf);

	a = tb[IFLA_PODOL_ID];
	if (a && RTA_PAYLOAD(a) >= sizeof(uint32_t))
		print_color_uint(PRINT_ANY, none, "id", "id %u ", podol_u32(a));

	/* As iproute2's own tunnels print them: "inherit", "auto" or N. */
	a = tb[IFLA_PODOL_TTL_INHERIT];
	if (a && RTA_PAYLOAD(a) >= 1 && podol_u8(a)) {
		print_color_string(PRINT_ANY, none, "ttl", "ttl %s ", "inherit");
	} else if (tb[IFLA_PODOL_TTL] && RTA_PAYLOAD(tb[IFLA_PODOL_TTL]) >= 1) {
		uint8_t ttl = podol_u8(tb[IFLA_PODOL_TTL]);

		if (ttl)
			print_color_uint(PRINT_ANY, none, "ttl", "ttl %u ", ttl);
		else
			print_color_string(PRINT_ANY, none, "ttl", "ttl %s ",
					   "auto");
	}

	a = tb[IFLA_PODOL_TOS];
	if (a && RTA_PAYLOAD(a) >= 1) {
		uint8_t tos = podol_u8(a);

		if (tos == PODOL_TOS_INHERIT)
			snprintf(buf, sizeof(buf), "inherit");
		else
			snprintf(buf, sizeof(buf), "0x%x", tos);
		print_color_string(PRINT_ANY, none, "tos", "tos %s ", buf);
	}

	podol_print_flag(tb[IFLA_PODOL_UDP_CSUM], "udpcsum", "noudpcsum");
	podol_print_flag(tb[IFLA_PODOL_FAST], "fast", "nofast");
	podol_print_flag(tb[IFLA_PODOL_DIRECT], "direct", "nodirect");

	/*
	 * The underlay device is in the netns that created the device, which
	 * is not this one after a move: then its name is not ours to print.
	 */
	a = tb[IFLA_PODOL_LINK];
	if (a && RTA_PAYLOAD(a) >= sizeof(uint32_t) && podol_u32(a)) {
		uint32_t ifindex = podol_u32(a);
		char name[IF_NAMESIZE];

		if (!if_indextoname(ifindex, name))
			snprintf(name, sizeof(name), "if%u", ifindex);
		print_color_string(PRINT_ANY, ifa_family_color(AF_UNSPEC),
				   "link", "dev %s ", name);
	}
}

static void podol_print_help(struct link_util *lu, int argc, char **argv,
			     FILE *f)
{
	podol_usage(f);
}

struct link_util podol_link_util = {
	.id = "podol",
	.maxattr = IFLA_PODOL_MAX,
	.parse_opt = podol_parse_opt,
	.print_opt = podol_print_opt,
	.print_help = podol_print_help,
};
