// SPDX-License-Identifier: GPL-2.0
/*
 * Replies: every attribute read is checked for its size first, attribute
 * types newer than podolctl are skipped, and the output is printed only
 * from what was checked.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "show.h"

/* The JSON keys and the words of the text output. */
static const char *const drop_names[] = {
	[PODOL_DROP_TX_NO_NODE]		= "tx_no_node",
	[PODOL_DROP_TX_BAD_INNER]	= "tx_bad_inner",
	[PODOL_DROP_TX_NO_ROUTE]	= "tx_no_route",
	[PODOL_DROP_TX_TOO_BIG]		= "tx_too_big",
	[PODOL_DROP_TX_NO_SOCKET]	= "tx_no_socket",
	[PODOL_DROP_TX_ERROR]		= "tx_error",
	[PODOL_DROP_RX_DOWN]		= "rx_down",
	[PODOL_DROP_RX_SHORT]		= "rx_short",
	[PODOL_DROP_RX_VERSION]		= "rx_version",
	[PODOL_DROP_RX_RESERVED]	= "rx_reserved",
	[PODOL_DROP_RX_NETWORK_ID]	= "rx_network_id",
	[PODOL_DROP_RX_UNKNOWN_NODE]	= "rx_unknown_node",
	[PODOL_DROP_RX_NOT_OWNED]	= "rx_not_owned",
	[PODOL_DROP_RX_BAD_INNER]	= "rx_bad_inner",
	[PODOL_DROP_RX_ECN]		= "rx_ecn",
	[PODOL_DROP_RX_SPOOFED_LOCAL]	= "rx_spoofed_local",
};
_Static_assert(ARRAY_SIZE(drop_names) == PODOL_DROP_MAX + 1,
	       "a drop reason without a name");

/* Attributes of a reply message, NODE_GET's and DEV_GET's alike. */
static const enum mnl_attr_data_type top_policy[PODOL_A_MAX + 1] = {
	[PODOL_A_IFINDEX]	= MNL_TYPE_U32,
	[PODOL_A_IFNAME]	= MNL_TYPE_NUL_STRING,
	[PODOL_A_NODE]		= MNL_TYPE_NESTED,
	[PODOL_A_STATS]		= MNL_TYPE_NESTED,
	[PODOL_A_NODE_COUNT]	= MNL_TYPE_U32,
	[PODOL_A_LOCAL_CIDR]	= MNL_TYPE_NESTED,
};

static int parse_drops(const struct nlattr *nest, struct stats_info *s)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		unsigned int type = mnl_attr_get_type(a);

		/* NONE is never counted; above the last, a newer kernel's. */
		if (type == PODOL_DROP_NONE || type > PODOL_DROP_MAX)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_U64) < 0)
			return bad_reply("a drop counter of the wrong size");
		s->drops[type] = mnl_attr_get_u64(a);
		s->drops_present |= 1U << type;
	}
	return 0;
}

static int parse_stats(const struct nlattr *nest, struct stats_info *s)
{
	static const enum mnl_attr_data_type policy[PODOL_STATS_A_MAX + 1] = {
		[PODOL_STATS_A_RX_PACKETS]	= MNL_TYPE_U64,
		[PODOL_STATS_A_RX_BYTES]	= MNL_TYPE_U64,
		[PODOL_STATS_A_TX_PACKETS]	= MNL_TYPE_U64,
		[PODOL_STATS_A_TX_BYTES]	= MNL_TYPE_U64,
		[PODOL_STATS_A_DROPS]		= MNL_TYPE_NESTED,
		[PODOL_STATS_A_LAST_RX_MSECS]	= MNL_TYPE_U64,
		[PODOL_STATS_A_TX_FRAGMENTED]	= MNL_TYPE_U64,
	};
	const struct nlattr *tb[PODOL_STATS_A_MAX + 1] = { NULL };

	memset(s, 0, sizeof(*s));
	if (parse_nest(nest, tb, PODOL_STATS_A_MAX, policy))
		return -1;
	if (tb[PODOL_STATS_A_RX_PACKETS])
		s->rx_packets = mnl_attr_get_u64(tb[PODOL_STATS_A_RX_PACKETS]);
	if (tb[PODOL_STATS_A_RX_BYTES])
		s->rx_bytes = mnl_attr_get_u64(tb[PODOL_STATS_A_RX_BYTES]);
	if (tb[PODOL_STATS_A_TX_PACKETS])
		s->tx_packets = mnl_attr_get_u64(tb[PODOL_STATS_A_TX_PACKETS]);
	if (tb[PODOL_STATS_A_TX_BYTES])
		s->tx_bytes = mnl_attr_get_u64(tb[PODOL_STATS_A_TX_BYTES]);
	if (tb[PODOL_STATS_A_TX_FRAGMENTED])
		s->tx_fragmented =
			mnl_attr_get_u64(tb[PODOL_STATS_A_TX_FRAGMENTED]);
	if (tb[PODOL_STATS_A_LAST_RX_MSECS]) {
		s->has_last_rx = true;
		s->last_rx_msecs =
			mnl_attr_get_u64(tb[PODOL_STATS_A_LAST_RX_MSECS]);
	}
	if (tb[PODOL_STATS_A_DROPS])
		return parse_drops(tb[PODOL_STATS_A_DROPS], s);
	return 0;
}

/* An address attribute: its size tells its family. */
static int get_addr(const struct nlattr *a, struct addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	switch (mnl_attr_get_payload_len(a)) {
	case 4:
		addr->family = AF_INET;
		break;
	case 16:
		addr->family = AF_INET6;
		break;
	default:
		return bad_reply("an address neither 4 nor 16 bytes long");
	}
	memcpy(addr->bytes, mnl_attr_get_payload(a), addr_len(addr));
	return 0;
}

/* Appends the PODOL_CIDR_A_* nest @nest to the array *@v of *@n. */
static int add_cidr(const struct nlattr *nest, struct cidr **v,
		    unsigned int *n, unsigned int *cap)
{
	static const enum mnl_attr_data_type policy[PODOL_CIDR_A_MAX + 1] = {
		[PODOL_CIDR_A_PREFIXLEN]	= MNL_TYPE_U8,
	};
	const struct nlattr *tb[PODOL_CIDR_A_MAX + 1] = { NULL };
	struct cidr c;

	if (parse_nest(nest, tb, PODOL_CIDR_A_MAX, policy))
		return -1;
	if (!tb[PODOL_CIDR_A_ADDR] || !tb[PODOL_CIDR_A_PREFIXLEN])
		return bad_reply("a cidr without its address or length");
	if (get_addr(tb[PODOL_CIDR_A_ADDR], &c.addr))
		return -1;
	c.len = mnl_attr_get_u8(tb[PODOL_CIDR_A_PREFIXLEN]);
	if (c.len > addr_len(&c.addr) * 8)
		return bad_reply("a prefix length too long for its address");
	if (*n == *cap) {
		unsigned int want = *cap ? *cap * 2 : 4;
		struct cidr *nv = realloc(*v, want * sizeof(*nv));

		if (!nv) {
			pr_err("out of memory");
			return -1;
		}
		*v = nv;
		*cap = want;
	}
	(*v)[(*n)++] = c;
	return 0;
}

/* A PODOL_A_NODE: its cidrs repeat, so it is walked, not tabled. */
static int parse_node(const struct nlattr *nest, struct node_info *ni)
{
	const struct nlattr *a;
	unsigned int cap = 0;
	bool has_remote = false;

	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case PODOL_NODE_A_REMOTE:
			if (get_addr(a, &ni->remote))
				return -1;
			has_remote = true;
			break;
		case PODOL_NODE_A_PORT:
			if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
				return bad_reply("a port of the wrong size");
			ni->port = ntohs(mnl_attr_get_u16(a));
			break;
		case PODOL_NODE_A_CIDR:
			if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0 ||
			    add_cidr(a, &ni->cidrs, &ni->ncidrs, &cap))
				return -1;
			break;
		case PODOL_NODE_A_STATS:
			if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0 ||
			    parse_stats(a, &ni->stats))
				return -1;
			ni->has_stats = true;
			break;
		}
	}
	if (!has_remote)
		return bad_reply("a node without its remote address");
	return 0;
}

/* @a was checked to be a NUL-terminated string; @name has IFNAMSIZ bytes. */
static int get_name(const struct nlattr *a, char *name)
{
	size_t len;

	if (!a)
		return bad_reply("no device name");
	len = strlen(mnl_attr_get_str(a));
	if (len >= IFNAMSIZ)
		return bad_reply("a device name too long");
	memcpy(name, mnl_attr_get_str(a), len + 1);
	return 0;
}

int node_list_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[PODOL_A_MAX + 1] = { NULL };
	struct node_list *l = data;
	struct node_info *ni;

	if (parse_genl(nlh, tb, PODOL_A_MAX, top_policy))
		return MNL_CB_ERROR;
	if (!tb[PODOL_A_NODE])
		return bad_reply("a node reply without its node");
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct node_info *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			pr_err("out of memory");
			return MNL_CB_ERROR;
		}
		l->v = v;
		l->cap = cap;
	}
	ni = &l->v[l->n];
	memset(ni, 0, sizeof(*ni));
	ni->dev_order = l->dev_order;
	if (get_name(tb[PODOL_A_IFNAME], ni->dev) ||
	    parse_node(tb[PODOL_A_NODE], ni)) {
		free(ni->cidrs);
		return MNL_CB_ERROR;
	}
	l->n++;
	return MNL_CB_OK;
}

void node_list_reset(void *data)
{
	struct node_list *l = data;

	while (l->n > l->mark)
		free(l->v[--l->n].cidrs);
}

void node_list_free(struct node_list *l)
{
	l->mark = 0;
	node_list_reset(l);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int dev_list_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[PODOL_A_MAX + 1] = { NULL };
	struct dev_list *l = data;
	const struct nlattr *a;
	unsigned int cap = 0;
	struct dev_info *di;

	if (parse_genl(nlh, tb, PODOL_A_MAX, top_policy))
		return MNL_CB_ERROR;
	if (!tb[PODOL_A_IFINDEX])
		return bad_reply("a device reply without its ifindex");
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct dev_info *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			pr_err("out of memory");
			return MNL_CB_ERROR;
		}
		l->v = v;
		l->cap = cap;
	}
	di = &l->v[l->n];
	memset(di, 0, sizeof(*di));
	if (get_name(tb[PODOL_A_IFNAME], di->name))
		return MNL_CB_ERROR;
	di->ifindex = mnl_attr_get_u32(tb[PODOL_A_IFINDEX]);
	if (tb[PODOL_A_NODE_COUNT]) {
		di->has_count = true;
		di->node_count = mnl_attr_get_u32(tb[PODOL_A_NODE_COUNT]);
	}
	if (tb[PODOL_A_STATS]) {
		if (parse_stats(tb[PODOL_A_STATS], &di->stats))
			return MNL_CB_ERROR;
		di->has_stats = true;
	}
	/* Counted in before the cidrs: reset and free see them all. */
	l->n++;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != PODOL_A_LOCAL_CIDR)
			continue;
		if (add_cidr(a, &di->local, &di->nlocal, &cap))
			return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

void dev_list_reset(void *data)
{
	struct dev_list *l = data;

	while (l->n)
		free(l->v[--l->n].local);
}

void dev_list_free(struct dev_list *l)
{
	dev_list_reset(l);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* "0.4s", "5m07s", "3h05m", "2d03h": how long ago, roughly. */
static void format_ago(uint64_t ms, char *buf, size_t size)
{
	uint64_t s = ms / 1000;

	if (s < 60)
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "s", s,
			 ms % 1000 / 100);
	else if (s < 3600)
		snprintf(buf, size, "%" PRIu64 "m%02" PRIu64 "s", s / 60,
			 s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%" PRIu64 "h%02" PRIu64 "m", s / 3600,
			 s % 3600 / 60);
	else
		snprintf(buf, size, "%" PRIu64 "d%02" PRIu64 "h", s / 86400,
			 s % 86400 / 3600);
}

static void print_counters(const struct stats_info *s)
{
	printf("    rx %" PRIu64 " packets %" PRIu64 " bytes, tx %" PRIu64
	       " packets %" PRIu64 " bytes", s->rx_packets, s->rx_bytes,
	       s->tx_packets, s->tx_bytes);
}

/* Only when there were some: most paths never need it. */
static void print_fragmented(const struct stats_info *s)
{
	if (s->tx_fragmented)
		printf("    tx over the path MTU, fragmented: %" PRIu64 "\n",
		       s->tx_fragmented);
}

/* "    LABEL name N, name N, ...", wrapped under the first name. */
static void print_drops(const char *label, const struct stats_info *s,
			bool nonzero_only)
{
	int indent = 4 + strlen(label) + 1, col = 0;
	unsigned int r;
	char item[64];

	for (r = PODOL_DROP_NONE + 1; r <= PODOL_DROP_MAX; r++) {
		int len;

		if (!(s->drops_present & (1U << r)) ||
		    (nonzero_only && !s->drops[r]))
			continue;
		len = snprintf(item, sizeof(item), "%s %" PRIu64,
			       drop_names[r], s->drops[r]);
		if (!col) {
			col = printf("    %s %s", label, item);
		} else if (col + len + 2 > 80) {
			printf(",\n%*s%s", indent, "", item);
			col = indent + len;
		} else {
			col += printf(", %s", item);
		}
	}
	if (col)
		putchar('\n');
}

static void json_stats(struct json *j, const struct stats_info *s)
{
	unsigned int r;

	json_obj_open(j, "stats");
	json_u64(j, "rx_packets", s->rx_packets);
	json_u64(j, "rx_bytes", s->rx_bytes);
	json_u64(j, "tx_packets", s->tx_packets);
	json_u64(j, "tx_bytes", s->tx_bytes);
	json_u64(j, "tx_fragmented", s->tx_fragmented);
	if (s->has_last_rx)
		json_u64(j, "last_rx_msecs", s->last_rx_msecs);
	else
		json_null(j, "last_rx_msecs");
	json_obj_open(j, "drops");
	for (r = PODOL_DROP_NONE + 1; r <= PODOL_DROP_MAX; r++)
		if (s->drops_present & (1U << r))
			json_u64(j, drop_names[r], s->drops[r]);
	json_obj_close(j);
	json_obj_close(j);
}

static void print_node_text(const struct node_info *ni)
{
	char buf[CIDR_STRLEN];
	unsigned int i;

	format_addr(&ni->remote, buf, sizeof(buf));
	printf("dev %s remote %s", ni->dev, buf);
	if (ni->port)
		printf(" port %u", ni->port);
	putchar('\n');
	for (i = 0; i < ni->ncidrs; i++) {
		format_cidr(&ni->cidrs[i], buf, sizeof(buf));
		printf("    cidr %s\n", buf);
	}
	if (!ni->has_stats)
		return;
	print_counters(&ni->stats);
	if (ni->stats.has_last_rx) {
		format_ago(ni->stats.last_rx_msecs, buf, sizeof(buf));
		printf(", last rx %s ago\n", buf);
	} else {
		printf(", last rx never\n");
	}
	print_fragmented(&ni->stats);
	print_drops("dropped:", &ni->stats, true);
}

static void print_node_json(struct json *j, const struct node_info *ni)
{
	char buf[CIDR_STRLEN];
	unsigned int i;

	json_obj_open(j, NULL);
	json_str(j, "dev", ni->dev);
	format_addr(&ni->remote, buf, sizeof(buf));
	json_str(j, "remote", buf);
	if (ni->port)
		json_u64(j, "port", ni->port);
	json_arr_open(j, "cidrs");
	for (i = 0; i < ni->ncidrs; i++) {
		format_cidr(&ni->cidrs[i], buf, sizeof(buf));
		json_str(j, NULL, buf);
	}
	json_arr_close(j);
	if (ni->has_stats)
		json_stats(j, &ni->stats);
	else
		json_null(j, "stats");
	json_obj_close(j);
}

/* By device, in the order the kernel listed them, then by address. */
static int cmp_node(const void *a, const void *b)
{
	const struct node_info *x = a, *y = b;
	struct cidr cx = { x->remote, 0 }, cy = { y->remote, 0 };

	if (x->dev_order != y->dev_order)
		return x->dev_order < y->dev_order ? -1 : 1;
	return cmp_cidr(&cx, &cy);
}

void print_nodes(struct node_list *l)
{
	struct json j;
	size_t i;

	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_node);
	if (!opts.json) {
		for (i = 0; i < l->n; i++)
			print_node_text(&l->v[i]);
		return;
	}
	json_init(&j, stdout, opts.pretty);
	json_arr_open(&j, NULL);
	for (i = 0; i < l->n; i++)
		print_node_json(&j, &l->v[i]);
	json_arr_close(&j);
	json_finish(&j);
}

/* The local CIDRs, one line, none when the list is empty. */
static void print_local(const struct dev_info *di)
{
	char buf[CIDR_STRLEN];
	unsigned int i;

	if (!di->nlocal)
		return;
	printf("    local-cidr");
	for (i = 0; i < di->nlocal; i++) {
		format_cidr(&di->local[i], buf, sizeof(buf));
		printf(" %s", buf);
	}
	putchar('\n');
}

static void print_dev_text(const struct dev_info *di)
{
	printf("dev %s", di->name);
	if (di->has_count)
		printf(" nodes %u", di->node_count);
	putchar('\n');
	if (!di->has_stats) {
		print_local(di);
		return;
	}
	print_counters(&di->stats);
	if (di->stats.has_last_rx) {
		char buf[32];

		format_ago(di->stats.last_rx_msecs, buf, sizeof(buf));
		printf(", last rx %s ago", buf);
	}
	putchar('\n');
	print_fragmented(&di->stats);
	print_drops("drops:", &di->stats, false);
	print_local(di);
}

static void print_dev_json(struct json *j, const struct dev_info *di)
{
	char buf[CIDR_STRLEN];
	unsigned int i;

	json_obj_open(j, NULL);
	json_str(j, "dev", di->name);
	json_u64(j, "ifindex", di->ifindex);
	if (di->has_count)
		json_u64(j, "nodes", di->node_count);
	else
		json_null(j, "nodes");
	if (di->has_stats)
		json_stats(j, &di->stats);
	else
		json_null(j, "stats");
	json_arr_open(j, "local_cidrs");
	for (i = 0; i < di->nlocal; i++) {
		format_cidr(&di->local[i], buf, sizeof(buf));
		json_str(j, NULL, buf);
	}
	json_arr_close(j);
	json_obj_close(j);
}

void print_devs(const struct dev_list *l)
{
	struct json j;
	size_t i;

	if (!opts.json) {
		for (i = 0; i < l->n; i++)
			print_dev_text(&l->v[i]);
		return;
	}
	json_init(&j, stdout, opts.pretty);
	json_arr_open(&j, NULL);
	for (i = 0; i < l->n; i++)
		print_dev_json(&j, &l->v[i]);
	json_arr_close(&j);
	json_finish(&j);
}
