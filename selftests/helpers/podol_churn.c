// SPDX-License-Identifier: GPL-2.0
/*
 * podol_churn: node table churn at full speed. For SECONDS, or for COUNT
 * operations (ops=COUNT), it changes the table of podol device IFNAME (in
 * its own netns) with made-up nodes, every request acked, and prints what
 * it did.
 *
 *   podol_churn IFNAME SECONDS|ops=COUNT [replace] [nodes=N] [near4=ADDR]
 *               [near6=ADDR] [batch=B] [seed=S] [table=FILE]
 *
 * Made-up node k (0 <= k < N <= 250) has the remote address 10.200.0.<k+1>
 * (even k) or 2001:db8:200::<k+1> (odd k) and owns a non-empty subset of
 * its own CIDRs: 172.20.k.0/26, 172.20.k.64/26, fd20:0:k::/64,
 * fd20:0:k:1::/64 and, when given, the host routes near4+k/32 and
 * near6+k/128, which put trie entries next to a live route's.
 *
 * By default each operation is a node add, change or del: it picks a node
 * at random; an absent one is added, a present one is changed to another
 * subset (two times in three, with its port or without) or deleted. B
 * requests go in one datagram, each with its own ack. The made-up nodes a
 * run before left are deleted first.
 *
 * With "replace", each operation replaces the whole table: the nodes that
 * were in it at the start and are not made-up ones (the traffic's), and
 * each made-up node or not, at random, with a random subset.
 *
 * Prints "ops N secs T ops/s R" then "adds A changes C dels D" or
 * "replaces P kept K", then "live L seed S errors E"; seed=S runs the same
 * operations again. table=FILE writes the made-up nodes left in the table
 * there, in podolctl's replace-file format. They stay in the table.
 * Exit status: 0 every request succeeded; 1 one was refused (the first are
 * printed with the kernel's message) or netlink failed; 2 usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/node.h"
#include "common/clock.h"
#include "common/rng.h"

#define MAX_NODES	250
#define MAX_BATCH	64
/* Refusals printed before giving up. */
#define SHOW_ERRORS	5

enum { CIDR_V4A, CIDR_V4B, CIDR_V6A, CIDR_V6B, CIDR_NEAR4, CIDR_NEAR6, NCIDR };
enum { OP_ADD, OP_CHANGE, OP_DEL, OP_REPLACE, NOPS };

static const char *const op_name[NOPS] = { "add", "change", "del", "replace" };

static const uint8_t op_cmd[NOPS] = {
	[OP_ADD] = PODOL_CMD_NODE_ADD,
	[OP_CHANGE] = PODOL_CMD_NODE_CHANGE,
	[OP_DEL] = PODOL_CMD_NODE_DEL,
	[OP_REPLACE] = PODOL_CMD_NODE_REPLACE,
};

/* A made-up node, as the model has it. */
struct node {
	bool live;
	unsigned int mask;	/* bit i: CIDR i of the node is its */
	struct podol_addr remote;
	struct podol_cidr cidr[NCIDR];
};

struct churn {
	struct podol_nl nl;
	const char *dev;
	bool replace;
	unsigned int nnodes, batch, avail;	/* avail: CIDR bits in use */
	struct node node[MAX_NODES];
	uint64_t rng;
	unsigned long ops[NOPS];
	unsigned int errors;
	/* replace: the table's nodes that are not made-up ones. */
	struct podol_node_list keep;
	/* The requests' nodes: kept ones first, then made-up ones. */
	struct podol_node *req;
	struct podol_cidr req_cidrs[MAX_NODES][NCIDR];
	/* The batch in flight: what each request did. */
	bool clearing;
	int batch_op[MAX_BATCH];
	unsigned int batch_node[MAX_BATCH];
	struct podol_msg msgs[MAX_BATCH];
};

static int usage(void)
{
	fprintf(stderr, "usage: podol_churn IFNAME SECONDS|ops=COUNT [replace] [nodes=N]\n"
			"                   [near4=ADDR] [near6=ADDR] [batch=B] [seed=S] [table=FILE]\n");
	return 2;
}

/* One stream from the seed, so that the same run can be made again. */
static uint32_t rnd(struct churn *c)
{
	return rng_xorshift64s(&c->rng) >> 32;
}

static void set_cidr(struct podol_cidr *c, int family, const uint8_t *addr,
		     uint8_t len)
{
	memset(c, 0, sizeof(*c));
	c->addr.family = family;
	memcpy(c->addr.bytes, addr, family == AF_INET ? 4 : 16);
	c->len = len;
}

/* @base plus @k in its last 32 bits. */
static void addr_plus(uint8_t *out, const struct podol_addr *base,
		      unsigned int k)
{
	size_t size = podol_addr_len(base);
	uint32_t tail;

	memcpy(out, base->bytes, size);
	memcpy(&tail, out + size - 4, 4);
	tail = htonl(ntohl(tail) + k);
	memcpy(out + size - 4, &tail, 4);
}

static void make_nodes(struct churn *c, const struct podol_addr *near4,
		       const struct podol_addr *near6)
{
	uint8_t a[16];
	unsigned int k;

	for (k = 0; k < c->nnodes; k++) {
		struct node *n = &c->node[k];

		if (k % 2 == 0) {
			podol_parse_addr("10.200.0.0", &n->remote);
			n->remote.bytes[3] = k + 1;
		} else {
			podol_parse_addr("2001:db8:200::", &n->remote);
			n->remote.bytes[15] = k + 1;
		}
		memset(a, 0, sizeof(a));
		a[0] = 172;
		a[1] = 20;
		a[2] = k;
		set_cidr(&n->cidr[CIDR_V4A], AF_INET, a, 26);
		a[3] = 64;
		set_cidr(&n->cidr[CIDR_V4B], AF_INET, a, 26);
		inet_pton(AF_INET6, "fd20::", a);
		a[5] = k;
		set_cidr(&n->cidr[CIDR_V6A], AF_INET6, a, 64);
		a[7] = 1;
		set_cidr(&n->cidr[CIDR_V6B], AF_INET6, a, 64);
		if (near4) {
			addr_plus(a, near4, k);
			set_cidr(&n->cidr[CIDR_NEAR4], AF_INET, a, 32);
		}
		if (near6) {
			addr_plus(a, near6, k);
			set_cidr(&n->cidr[CIDR_NEAR6], AF_INET6, a, 128);
		}
	}
}

/* A random non-empty CIDR subset, other than @old. */
static unsigned int pick_mask(struct churn *c, unsigned int old)
{
	unsigned int m;

	do
		m = rnd(c) & c->avail;
	while (!m || m == old);
	return m;
}

/* @addr is a made-up node's remote. */
static bool made_up(const struct churn *c, const struct podol_addr *addr)
{
	unsigned int k;

	for (k = 0; k < c->nnodes; k++)
		if (!podol_cmp_addr(addr, &c->node[k].remote))
			return true;
	return false;
}

/*
 * The table's nodes that are not made-up ones, from a dump: they go into
 * every replace as they are (remote, port and CIDRs).
 */
static int read_keep(struct churn *c)
{
	struct podol_node_list *l = &c->keep;
	size_t i, kept = 0;
	int ret;

	ret = podol_node_dump(&c->nl, c->dev, l);
	if (podol_nl_is_refusal(&c->nl, ret))
		return podol_nl_fail(&c->nl, ret, "dumping the table: %s%s%s",
				     strerror(-ret), *c->nl.extack ? ": " : "",
				     c->nl.extack);
	if (ret)
		return ret;
	for (i = 0; i < l->n; i++) {
		if (made_up(c, &l->v[i].remote))
			free(l->v[i].cidrs);
		else
			l->v[kept++] = l->v[i];
	}
	l->n = kept;
	c->req = calloc(kept + c->nnodes, sizeof(*c->req));
	if (!c->req)
		return podol_nl_fail(&c->nl, -ENOMEM, "out of memory");
	memcpy(c->req, l->v, kept * sizeof(*c->req));
	return 0;
}

/* Made-up node @k as the library's node: its remote, and for @full the rest. */
static void to_node(struct churn *c, unsigned int k, bool full,
		    struct podol_node *out)
{
	const struct node *n = &c->node[k];
	unsigned int i;

	memset(out, 0, sizeof(*out));
	out->remote = n->remote;
	if (!full)
		return;
	if (rnd(c) % 2)
		out->port = 7000 + k;
	out->cidrs = c->req_cidrs[k];
	for (i = 0; i < NCIDR; i++)
		if (n->mask & (1U << i))
			out->cidrs[out->ncidrs++] = n->cidr[i];
}

static void refused(struct churn *c, unsigned int idx, int error,
		    const char *msg)
{
	char remote[INET6_ADDRSTRLEN] = "";
	unsigned int k = c->batch_node[idx];
	int op = c->batch_op[idx];

	if (++c->errors > SHOW_ERRORS)
		return;
	if (op != OP_REPLACE)
		podol_format_addr(&c->node[k].remote, remote, sizeof(remote));
	fprintf(stderr, "podol_churn: %s%s%s refused: %s%s%s\n", op_name[op],
		*remote ? " of node " : "", remote, strerror(error),
		*msg ? ": " : "", msg);
}

/*
 * Each ack of a batch. When clearing, a del of a node that is not there
 * is fine, and not counted.
 */
static int ack_cb(struct podol_nl *nl, size_t i, int err, void *data)
{
	struct churn *c = data;

	if (c->clearing && (!err || err == -ENOENT))
		return 0;
	if (err)
		refused(c, i, -err, nl->extack);
	else
		c->ops[c->batch_op[i]]++;
	return 0;
}

/* One replace of the whole table, applied to the model at once. */
static int run_replace(struct churn *c)
{
	size_t count = c->keep.n;
	unsigned int k;
	long blamed;
	int ret;

	for (k = 0; k < c->nnodes; k++) {
		c->node[k].live = rnd(c) % 2;
		if (!c->node[k].live)
			continue;
		c->node[k].mask = pick_mask(c, 0);
		to_node(c, k, true, &c->req[count++]);
	}
	c->batch_op[0] = OP_REPLACE;
	ret = podol_node_replace(&c->nl, c->dev, c->req, count, &blamed);
	if (!ret)
		c->ops[OP_REPLACE]++;
	else if (podol_nl_is_refusal(&c->nl, ret))
		refused(c, 0, -ret, c->nl.extack);
	else
		return ret;
	return 0;
}

/* Request @op for made-up node @k as msgs[@i], applied to the model. */
static int put_request(struct churn *c, unsigned int i, unsigned int k,
		       int op)
{
	struct podol_node *n = &c->req[0];
	int ret;

	if (op != OP_DEL)
		c->node[k].mask = pick_mask(c, op == OP_ADD ? 0 : c->node[k].mask);
	to_node(c, k, op != OP_DEL, n);
	c->node[k].live = op != OP_DEL;
	ret = podol_nl_msg(&c->msgs[i], &c->nl, op_cmd[op], NLM_F_ACK,
			   podol_attr_size(strlen(c->dev) + 1) +
			   podol_node_attr_size(n));
	if (ret)
		return ret;
	podol_put_strz(&c->msgs[i], PODOL_A_IFNAME, c->dev);
	podol_node_put(&c->msgs[i], n);
	c->batch_op[i] = op;
	c->batch_node[i] = k;
	return 0;
}

/*
 * One datagram: a replace, or B requests, each for a random node's next
 * operation or, when @clearing, for the del of node @first and on.
 */
static int run_batch(struct churn *c, unsigned int first, bool clearing)
{
	unsigned int n, i, k;
	int op, ret = 0;

	if (c->replace && !clearing)
		return run_replace(c);
	for (n = 0; n < c->batch && !ret; n++) {
		if (clearing) {
			k = first + n;
			if (k >= c->nnodes)
				break;
			op = OP_DEL;
		} else {
			k = rnd(c) % c->nnodes;
			op = !c->node[k].live ? OP_ADD :
			     rnd(c) % 3 ? OP_CHANGE : OP_DEL;
		}
		ret = put_request(c, n, k, op);
	}
	c->clearing = clearing;
	if (!ret)
		ret = podol_nl_batch(&c->nl, c->msgs, n, ack_cb, c);
	for (i = 0; i < n; i++)
		podol_msg_free(&c->msgs[i]);
	return ret;
}

static int write_table(struct churn *c, const char *path)
{
	char a[PODOL_CIDR_STRLEN];
	unsigned int k, i;
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return -1;
	}
	for (k = 0; k < c->nnodes; k++) {
		struct node *n = &c->node[k];

		if (!n->live)
			continue;
		podol_format_addr(&n->remote, a, sizeof(a));
		fprintf(f, "remote %s", a);
		for (i = 0; i < NCIDR; i++) {
			if (!(n->mask & (1U << i)))
				continue;
			podol_format_cidr(&n->cidr[i], a, sizeof(a));
			fprintf(f, " cidr %s", a);
		}
		fputc('\n', f);
	}
	return fclose(f);
}

static bool get_uint(const char *s, unsigned long min, unsigned long max,
		     unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	return !errno && *s && !*end && *v >= min && *v <= max;
}

/* An address of @family; false if @s is not one. */
static bool get_addr(const char *s, int family, struct podol_addr *a)
{
	return !podol_parse_addr(s, a) && a->family == family;
}

/* The arguments after IFNAME and SECONDS; false on a bad one. */
static bool parse_args(struct churn *c, int argc, char **argv,
		       const char **table)
{
	struct podol_addr near4, near6;
	bool has_near4 = false, has_near6 = false;
	unsigned long v;
	int i;

	for (i = 0; i < argc; i++) {
		const char *val = strchr(argv[i], '=');
		size_t klen = val ? (size_t)(val - argv[i]) : strlen(argv[i]);

#define KEY(k) (klen == strlen(k) && !strncmp(argv[i], k, klen))
		if (!val && KEY("replace")) {
			c->replace = true;
			continue;
		}
		if (!val)
			goto bad;
		val++;
		if (KEY("nodes") && get_uint(val, 1, MAX_NODES, &v)) {
			c->nnodes = v;
		} else if (KEY("batch") && get_uint(val, 1, MAX_BATCH, &v)) {
			c->batch = v;
		} else if (KEY("seed") && get_uint(val, 1, ~0UL, &v)) {
			c->rng = v;
		} else if (KEY("near4") && get_addr(val, AF_INET, &near4)) {
			has_near4 = true;
			c->avail |= 1U << CIDR_NEAR4;
		} else if (KEY("near6") && get_addr(val, AF_INET6, &near6)) {
			has_near6 = true;
			c->avail |= 1U << CIDR_NEAR6;
		} else if (KEY("table")) {
			*table = val;
		} else {
			goto bad;
		}
#undef KEY
	}
	make_nodes(c, has_near4 ? &near4 : NULL, has_near6 ? &near6 : NULL);
	return true;
bad:
	fprintf(stderr, "podol_churn: bad argument \"%s\"\n", argv[i]);
	return false;
}

int main(int argc, char **argv)
{
	unsigned long seconds = 0, count = 0, total = 0, live = 0;
	const char *table = NULL;
	unsigned long long seed;
	double start, end, t;
	struct churn *c;
	unsigned int k;
	int ret = 1;

	if (argc < 3 || (strncmp(argv[2], "ops=", 4) ?
			 !get_uint(argv[2], 1, 3600, &seconds) :
			 !get_uint(argv[2] + 4, 1, 1UL << 30, &count)))
		return usage();
	c = calloc(1, sizeof(*c));
	if (!c)
		return 1;
	c->nnodes = 64;
	c->batch = 16;
	c->rng = rng_seed_now();
	c->avail = (1U << CIDR_NEAR4) - 1;
	if (!parse_args(c, argc - 3, argv + 3, &table)) {
		free(c);
		return usage();
	}
	seed = c->rng;
	c->dev = argv[1];
	if (!if_nametoindex(c->dev)) {
		fprintf(stderr, "podol_churn: no device %s\n", c->dev);
		goto out_free;
	}
	if (podol_nl_open(&c->nl))
		goto out_nl;

	if (c->replace) {
		if (read_keep(c))
			goto out_nl;
	} else {
		/* A run before may have left its nodes: start from none. */
		c->req = calloc(1, sizeof(*c->req));
		if (!c->req) {
			podol_nl_fail(&c->nl, -ENOMEM, "out of memory");
			goto out_nl;
		}
		for (k = 0; k < c->nnodes; k += c->batch)
			if (run_batch(c, k, true))
				goto out_nl;
	}
	start = clock_now();
	t = start;
	end = start + seconds;
	while (!c->errors && (count ? total < count : t < end)) {
		/* The last batch of a count takes what is left of it. */
		if (count && count - total < c->batch)
			c->batch = count - total;
		if (run_batch(c, 0, false))
			goto out_nl;
		t = clock_now();
		total = c->ops[OP_ADD] + c->ops[OP_CHANGE] + c->ops[OP_DEL] +
			c->ops[OP_REPLACE];
	}

	for (k = 0; k < c->nnodes; k++)
		live += c->node[k].live;
	printf("ops %lu secs %.2f ops/s %.0f ", total, t - start,
	       t > start ? total / (t - start) : 0);
	if (c->replace)
		printf("replaces %lu kept %zu ", c->ops[OP_REPLACE], c->keep.n);
	else
		printf("adds %lu changes %lu dels %lu ", c->ops[OP_ADD],
		       c->ops[OP_CHANGE], c->ops[OP_DEL]);
	printf("live %lu seed %llu errors %u\n", live, seed, c->errors);
	if (table && write_table(c, table))
		goto out;
	ret = c->errors ? 1 : 0;
	goto out;
out_nl:
	fprintf(stderr, "podol_churn: %s\n", c->nl.error);
out:
	podol_nl_close(&c->nl);
	podol_node_list_free(&c->keep);
	free(c->req);
out_free:
	free(c);
	return ret;
}
