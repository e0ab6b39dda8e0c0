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
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/podol.h>

#include "common/clock.h"
#include "common/rng.h"

#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG	1
#endif

#define MAX_NODES	250
#define MAX_BATCH	64
/* A node: its remote, port and at most six CIDRs, in a nest. */
#define NODE_MAX	256
/* A request: headers, the device, one node. */
#define REQ_MAX		(64 + NODE_MAX)
/* The kept nodes, as attributes; with every made-up node, a replace. */
#define KEEP_MAX	(64 * 1024)
#define REPLACE_MAX	(64 + KEEP_MAX + MAX_NODES * NODE_MAX)
/* Room for one replace, or a batch of requests (far less); for a dump. */
#define SEND_BUF	REPLACE_MAX
_Static_assert(SEND_BUF >= MAX_BATCH * REQ_MAX, "a batch fits");
#define RECV_BUF	(64 * 1024)
/* Refusals printed before giving up. */
#define SHOW_ERRORS	5

enum { CIDR_V4A, CIDR_V4B, CIDR_V6A, CIDR_V6B, CIDR_NEAR4, CIDR_NEAR6, NCIDR };
enum { OP_ADD, OP_CHANGE, OP_DEL, OP_REPLACE, NOPS };

static const char *const op_name[NOPS] = { "add", "change", "del", "replace" };

struct cidr {
	int family;
	unsigned char addr[16];
	uint8_t len;
};

struct node {
	bool live;
	unsigned int mask;	/* bit i: CIDR i of the node is its */
	int family;
	unsigned char remote[16];
	struct cidr cidr[NCIDR];
};

struct churn {
	struct mnl_socket *nl;
	uint16_t family_id;
	uint32_t ifindex;
	bool replace;
	unsigned int nnodes, batch, avail;	/* avail: CIDR bits in use */
	struct node node[MAX_NODES];
	uint64_t rng;
	unsigned long ops[NOPS];
	unsigned int errors;
	/* replace: the kept nodes' PODOL_A_NODE attributes, in a message. */
	struct nlmsghdr *keep;
	unsigned int nkeep;
	/* The batch in flight: what each request did, by sequence number. */
	uint32_t first_seq;
	int batch_op[MAX_BATCH];
	unsigned int batch_node[MAX_BATCH];
	unsigned char send[SEND_BUF];
	unsigned char recv[RECV_BUF];
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

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static void set_cidr(struct cidr *c, int family, const void *addr, uint8_t len)
{
	c->family = family;
	memset(c->addr, 0, sizeof(c->addr));
	memcpy(c->addr, addr, addr_len(family));
	c->len = len;
}

/* @base plus @k in its last 32 bits. */
static void addr_plus(unsigned char *out, const unsigned char *base,
		      size_t size, unsigned int k)
{
	uint32_t tail;

	memcpy(out, base, size);
	memcpy(&tail, out + size - 4, 4);
	tail = htonl(ntohl(tail) + k);
	memcpy(out + size - 4, &tail, 4);
}

static void make_nodes(struct churn *c, const unsigned char *near4,
		       const unsigned char *near6)
{
	unsigned char a[16];
	unsigned int k;

	for (k = 0; k < c->nnodes; k++) {
		struct node *n = &c->node[k];

		memset(n->remote, 0, sizeof(n->remote));
		if (k % 2 == 0) {
			n->family = AF_INET;
			n->remote[0] = 10;
			n->remote[1] = 200;
			n->remote[3] = k + 1;
		} else {
			n->family = AF_INET6;
			inet_pton(AF_INET6, "2001:db8:200::", n->remote);
			n->remote[15] = k + 1;
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
			addr_plus(a, near4, 4, k);
			set_cidr(&n->cidr[CIDR_NEAR4], AF_INET, a, 32);
		}
		if (near6) {
			addr_plus(a, near6, 16, k);
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

/* A genl request of @c's family, or of the controller with @cmd's. */
static struct nlmsghdr *put_genl(void *buf, uint16_t type, uint16_t flags,
				 uint32_t seq, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* Sends @nlh and runs @cb on each answer, to the end; 0 or -1 (errno). */
static int talk(struct churn *c, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	ssize_t len;
	int ret;

	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		len = mnl_socket_recvfrom(c->nl, c->recv, sizeof(c->recv));
		if (len < 0)
			return -1;
		ret = mnl_cb_run(c->recv, len, nlh->nlmsg_seq,
				 mnl_socket_get_portid(c->nl), cb, data);
	} while (ret > 0);
	return ret < 0 ? -1 : 0;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			*(uint16_t *)data = mnl_attr_get_u16(a);
	}
	return MNL_CB_OK;
}

/* The podol family's id, from the genl controller. */
static int resolve_family(struct churn *c)
{
	struct nlmsghdr *nlh;

	nlh = put_genl(c->send, GENL_ID_CTRL, NLM_F_ACK, time(NULL),
		       CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, PODOL_GENL_NAME);
	if (talk(c, nlh, family_cb, &c->family_id) < 0 || !c->family_id)
		return -1;
	return 0;
}

/* The remote address in node nest @node is a made-up node's. */
static bool made_up(struct churn *c, const struct nlattr *node)
{
	const struct nlattr *a;
	unsigned int k;

	mnl_attr_for_each_nested(a, node) {
		if (mnl_attr_get_type(a) != PODOL_NODE_A_REMOTE)
			continue;
		for (k = 0; k < c->nnodes; k++)
			if (mnl_attr_get_payload_len(a) == addr_len(c->node[k].family) &&
			    !memcmp(mnl_attr_get_payload(a), c->node[k].remote,
				    addr_len(c->node[k].family)))
				return true;
	}
	return false;
}

/*
 * A node of the dump that is not made-up goes into every replace as it
 * is: its remote, port and CIDRs (its counters would be refused).
 */
static int keep_cb(const struct nlmsghdr *nlh, void *data)
{
	struct churn *c = data;
	struct nlattr *a, *n, *nest;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != PODOL_A_NODE || made_up(c, a))
			continue;
		nest = mnl_attr_nest_start_check(c->keep, KEEP_MAX, PODOL_A_NODE);
		if (!nest)
			goto full;
		mnl_attr_for_each_nested(n, a) {
			switch (mnl_attr_get_type(n)) {
			case PODOL_NODE_A_REMOTE:
			case PODOL_NODE_A_PORT:
			case PODOL_NODE_A_CIDR:
				/* The raw type: a CIDR keeps NLA_F_NESTED. */
				if (!mnl_attr_put_check(c->keep, KEEP_MAX, n->nla_type,
							mnl_attr_get_payload_len(n),
							mnl_attr_get_payload(n)))
					goto full;
			}
		}
		mnl_attr_nest_end(c->keep, nest);
		c->nkeep++;
	}
	return MNL_CB_OK;
full:
	fprintf(stderr, "podol_churn: too many nodes to keep\n");
	return MNL_CB_ERROR;
}

/* The table's nodes to keep in every replace, from a dump. */
static int read_keep(struct churn *c)
{
	struct nlmsghdr *nlh;

	c->keep = calloc(1, KEEP_MAX);
	if (!c->keep)
		return -1;
	mnl_nlmsg_put_header(c->keep);
	nlh = put_genl(c->send, c->family_id, NLM_F_DUMP, time(NULL),
		       PODOL_CMD_NODE_GET, PODOL_GENL_VERSION);
	mnl_attr_put_u32(nlh, PODOL_A_IFINDEX, c->ifindex);
	if (talk(c, nlh, keep_cb, c) < 0) {
		perror("podol_churn: dumping the table");
		return -1;
	}
	return 0;
}

static void put_addr(struct nlmsghdr *nlh, uint16_t type, int family,
		     const unsigned char *addr)
{
	mnl_attr_put(nlh, type, addr_len(family), addr);
}

/* Made-up node @k as PODOL_A_NODE: its remote, and for @full the rest. */
static void put_node(struct churn *c, struct nlmsghdr *nlh, unsigned int k,
		     bool full)
{
	struct node *n = &c->node[k];
	struct nlattr *nest, *cn;
	unsigned int i;

	nest = mnl_attr_nest_start(nlh, PODOL_A_NODE);
	put_addr(nlh, PODOL_NODE_A_REMOTE, n->family, n->remote);
	if (full) {
		if (rnd(c) % 2)
			mnl_attr_put_u16(nlh, PODOL_NODE_A_PORT, htons(7000 + k));
		for (i = 0; i < NCIDR; i++) {
			if (!(n->mask & (1U << i)))
				continue;
			cn = mnl_attr_nest_start(nlh, PODOL_NODE_A_CIDR);
			put_addr(nlh, PODOL_CIDR_A_ADDR, n->cidr[i].family,
				 n->cidr[i].addr);
			mnl_attr_put_u8(nlh, PODOL_CIDR_A_PREFIXLEN, n->cidr[i].len);
			mnl_attr_nest_end(nlh, cn);
		}
	}
	mnl_attr_nest_end(nlh, nest);
}

/*
 * Request @op for node @k (any node for a replace) at @buf, applied to the
 * model at once; returns its length.
 */
static size_t put_request(struct churn *c, void *buf, uint32_t seq,
			  unsigned int k, int op)
{
	static const uint8_t cmd[NOPS] = {
		[OP_ADD] = PODOL_CMD_NODE_ADD,
		[OP_CHANGE] = PODOL_CMD_NODE_CHANGE,
		[OP_DEL] = PODOL_CMD_NODE_DEL,
		[OP_REPLACE] = PODOL_CMD_NODE_REPLACE,
	};
	struct nlmsghdr *nlh;
	unsigned int idx = seq - c->first_seq;
	size_t len;

	nlh = put_genl(buf, c->family_id, NLM_F_ACK, seq, cmd[op],
		       PODOL_GENL_VERSION);
	mnl_attr_put_u32(nlh, PODOL_A_IFINDEX, c->ifindex);
	if (op == OP_REPLACE) {
		len = mnl_nlmsg_get_payload_len(c->keep);
		memcpy(mnl_nlmsg_get_payload_tail(nlh),
		       mnl_nlmsg_get_payload(c->keep), len);
		nlh->nlmsg_len += len;
		for (k = 0; k < c->nnodes; k++) {
			c->node[k].live = rnd(c) % 2;
			if (!c->node[k].live)
				continue;
			c->node[k].mask = pick_mask(c, 0);
			put_node(c, nlh, k, true);
		}
	} else {
		if (op != OP_DEL)
			c->node[k].mask = pick_mask(c, op == OP_ADD ? 0 : c->node[k].mask);
		put_node(c, nlh, k, op != OP_DEL);
		c->node[k].live = op != OP_DEL;
	}
	c->batch_op[idx] = op;
	c->batch_node[idx] = k;
	return nlh->nlmsg_len;
}

/* The extack message of an error ack, or "". */
static const char *extack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*err);
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return "";
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += mnl_nlmsg_get_payload_len(&err->msg);
	mnl_attr_for_each(a, nlh, off) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			return mnl_attr_get_str(a);
	}
	return "";
}

static void format_addr(int family, const unsigned char *addr, char *buf)
{
	inet_ntop(family, addr, buf, INET6_ADDRSTRLEN);
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
		format_addr(c->node[k].family, c->node[k].remote, remote);
	fprintf(stderr, "podol_churn: %s%s%s refused: %s%s%s\n", op_name[op],
		*remote ? " of node " : "", remote, strerror(error),
		*msg ? ": " : "", msg);
}

/*
 * Waits for the @n acks of the batch sent; false if netlink failed. With
 * @clearing, a del of a node that is not there is fine, and not counted.
 */
static bool read_acks(struct churn *c, unsigned int n, bool clearing)
{
	const struct nlmsgerr *err;
	const struct nlmsghdr *nlh;
	unsigned int got = 0, idx;
	ssize_t ret;
	int len;

	while (got < n) {
		ret = mnl_socket_recvfrom(c->nl, c->recv, sizeof(c->recv));
		if (ret < 0) {
			perror("podol_churn: receive");
			return false;
		}
		len = ret;
		for (nlh = (struct nlmsghdr *)c->recv; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			idx = nlh->nlmsg_seq - c->first_seq;
			if (nlh->nlmsg_type != NLMSG_ERROR || idx >= n ||
			    nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*err)) {
				fprintf(stderr, "podol_churn: unexpected answer\n");
				return false;
			}
			err = mnl_nlmsg_get_payload(nlh);
			if (clearing && (!err->error || err->error == -ENOENT))
				;
			else if (err->error)
				refused(c, idx, -err->error, extack_msg(nlh));
			else
				c->ops[c->batch_op[idx]]++;
			got++;
		}
	}
	return true;
}

/*
 * One datagram: a replace, or B requests, each for a random node's next
 * operation or, when @clearing, for the del of node @first and on.
 */
static bool run_batch(struct churn *c, uint32_t *seq, unsigned int first,
		      bool clearing)
{
	unsigned int n, k;
	size_t len = 0;
	int op;

	c->first_seq = *seq;
	for (n = 0; n < c->batch; n++) {
		if (clearing) {
			k = first + n;
			if (k >= c->nnodes)
				break;
			op = OP_DEL;
		} else if (c->replace) {
			k = 0;
			op = OP_REPLACE;
		} else {
			k = rnd(c) % c->nnodes;
			op = !c->node[k].live ? OP_ADD :
			     rnd(c) % 3 ? OP_CHANGE : OP_DEL;
		}
		len += MNL_ALIGN(put_request(c, c->send + len, (*seq)++, k, op));
		if (op == OP_REPLACE) {
			n++;
			break;
		}
	}
	if (mnl_socket_sendto(c->nl, c->send, len) < 0) {
		perror("podol_churn: send");
		return false;
	}
	return read_acks(c, n, clearing);
}

static int write_table(struct churn *c, const char *path)
{
	char a[INET6_ADDRSTRLEN];
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
		format_addr(n->family, n->remote, a);
		fprintf(f, "remote %s", a);
		for (i = 0; i < NCIDR; i++) {
			if (!(n->mask & (1U << i)))
				continue;
			format_addr(n->cidr[i].family, n->cidr[i].addr, a);
			fprintf(f, " cidr %s/%u", a, n->cidr[i].len);
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

/* The arguments after IFNAME and SECONDS; false on a bad one. */
static bool parse_args(struct churn *c, int argc, char **argv,
		       const char **table)
{
	unsigned char near4[4], near6[16];
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
		} else if (KEY("near4") && inet_pton(AF_INET, val, near4) == 1) {
			has_near4 = true;
			c->avail |= 1U << CIDR_NEAR4;
		} else if (KEY("near6") && inet_pton(AF_INET6, val, near6) == 1) {
			has_near6 = true;
			c->avail |= 1U << CIDR_NEAR6;
		} else if (KEY("table")) {
			*table = val;
		} else {
			goto bad;
		}
#undef KEY
	}
	make_nodes(c, has_near4 ? near4 : NULL, has_near6 ? near6 : NULL);
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
	uint32_t seq;
	int one = 1, ret = 1;

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
	c->ifindex = if_nametoindex(argv[1]);
	if (!c->ifindex) {
		fprintf(stderr, "podol_churn: no device %s\n", argv[1]);
		goto out_free;
	}

	c->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!c->nl) {
		perror("podol_churn: netlink");
		goto out_free;
	}
	if (mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("podol_churn: netlink");
		goto out;
	}
	mnl_socket_setsockopt(c->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(c->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	if (resolve_family(c)) {
		fprintf(stderr, "podol_churn: no genl family %s\n", PODOL_GENL_NAME);
		goto out;
	}

	seq = time(NULL);
	if (c->replace) {
		if (read_keep(c))
			goto out;
	} else {
		/* A run before may have left its nodes: start from none. */
		for (k = 0; k < c->nnodes; k += c->batch)
			if (!run_batch(c, &seq, k, true))
				goto out;
	}
	start = clock_now();
	t = start;
	end = start + seconds;
	while (!c->errors && (count ? total < count : t < end)) {
		/* The last batch of a count takes what is left of it. */
		if (count && count - total < c->batch)
			c->batch = count - total;
		if (!run_batch(c, &seq, 0, false))
			goto out;
		t = clock_now();
		total = c->ops[OP_ADD] + c->ops[OP_CHANGE] + c->ops[OP_DEL] +
			c->ops[OP_REPLACE];
	}

	for (k = 0; k < c->nnodes; k++)
		live += c->node[k].live;
	printf("ops %lu secs %.2f ops/s %.0f ", total, t - start,
	       t > start ? total / (t - start) : 0);
	if (c->replace)
		printf("replaces %lu kept %u ", c->ops[OP_REPLACE], c->nkeep);
	else
		printf("adds %lu changes %lu dels %lu ", c->ops[OP_ADD],
		       c->ops[OP_CHANGE], c->ops[OP_DEL]);
	printf("live %lu seed %llu errors %u\n", live, seed, c->errors);
	if (table && write_table(c, table))
		goto out;
	ret = c->errors ? 1 : 0;
out:
	mnl_socket_close(c->nl);
out_free:
	free(c->keep);
	free(c);
	return ret;
}
