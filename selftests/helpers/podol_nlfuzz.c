// SPDX-License-Identifier: GPL-2.0
/*
 * podol_nlfuzz: hostile netlink input for podol, and what the kernel
 * must make of it.
 *
 *   podol_nlfuzz table
 *	Prints the base table, as a podolctl replace file.
 *
 *   podol_nlfuzz [-q] cases TARGET SCRATCH
 *	Hand-built malformed messages, to the generic netlink family "podol"
 *	and to RTM_NEWLINK and RTM_SETLINK for kind "podol". Each goes to
 *	TARGET, a podol device holding the base table, and must be refused
 *	with an extack message (NLMSGERR_ATTR_MSG), TARGET's table and link
 *	attributes staying byte for byte what they were. The same message
 *	without its defect goes to SCRATCH, a podol device of the same netns
 *	that is given the base table here, and must be accepted: a case
 *	cannot pass because everything fails. SCRATCH is put back after
 *	each control. -q leaves out the replace of 100,000 nodes (and its
 *	control of 65,536), which costs minutes on a KASAN kernel.
 *
 *   podol_nlfuzz mutate DEV [SEED [COUNT [ITERATION]]]
 *	Random mutations of five valid messages to DEV (replace, add,
 *	change, delete, and a newlink that changes DEV's attributes), DEV
 *	being the only podol device of its netns. A model of the kernel's
 *	checks, written from the policies and from module/netlink.c and
 *	module/link.c, says whether a mutated message is valid. An invalid
 *	one must be refused with an extack message and change nothing; a
 *	valid one must be accepted and leave exactly what the model says.
 *	Each iteration seeds its own generator from SEED, so ITERATION alone
 *	can be run again, verbosely.
 *
 * Prints KTAP. Exit status: 0 all passed, 1 a failure, 2 usage or setup.
 *
 * Some refusals come from netlink's core before podol sees the message
 * (an unknown command, a device of another kind): the core gives no
 * message there, and such cases ask for the error only. rtnetlink parses
 * IFLA_INFO_DATA leniently, for old userspace: an unknown attribute or
 * bytes after the last one are skipped, and RTM_SETLINK never looks at
 * IFLA_LINKINFO at all. Such cases pass when the message is refused with
 * a message, or accepted with no more effect than its well-formed part.
 * Before 6.5, the core dropped the message a dump's .start() gave.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/podol.h>
#include <linux/rtnetlink.h>

#include "common/clock.h"
#include "common/ktap.h"
#include "common/rng.h"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK		10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK		11
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED		0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS		0x200
#endif
#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG	1
#endif

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define MSG_SMALL		(64 * 1024)
/* A replace of 100,000 nodes takes 3.2 MB. */
#define MSG_BIG			(8 * 1024 * 1024)
#define RBUF_SIZE		(256 * 1024)
/* An ifindex no device has. */
#define NOSUCH_IFINDEX		0x7ffffff0
/* The device the newlink cases try to create, and its port. */
#define CREATE_NAME		"podfz0"
#define CREATE_PORT		6470
/* Nodes a model table holds: more than any mutated message carries. */
#define MT_NODES		16

static void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("podol_nlfuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* Growing byte strings: fingerprints and saved attributes. */

struct blob {
	unsigned char *p;
	size_t len, cap;
};

static void blob_add(struct blob *b, const void *p, size_t len)
{
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2 + 256;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			die("out of memory");
	}
	memcpy(b->p + b->len, p, len);
	b->len += len;
}

static bool blob_eq(const struct blob *a, const struct blob *b)
{
	return a->len == b->len && !memcmp(a->p, b->p, a->len);
}

static void blob_copy(struct blob *to, const struct blob *from)
{
	to->len = 0;
	blob_add(to, from->p, from->len);
}

/* Reads of possibly unaligned fields. */

static uint16_t rd16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t rd32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Messages */

struct msg {
	struct nlmsghdr *nlh;
	size_t size;
};

static void msg_init(struct msg *m, size_t size)
{
	m->nlh = calloc(1, size);
	if (!m->nlh)
		die("out of memory for a %zu byte message", size);
	m->size = size;
}

static void msg_reset(struct msg *m)
{
	memset(m->nlh, 0, NLMSG_HDRLEN + 64);
	m->nlh->nlmsg_len = NLMSG_HDRLEN;
}

static unsigned char *msg_tail(const struct msg *m)
{
	return (unsigned char *)m->nlh + NLMSG_ALIGN(m->nlh->nlmsg_len);
}

static void msg_room(const struct msg *m, size_t len)
{
	if (NLMSG_ALIGN(m->nlh->nlmsg_len) + len > m->size)
		die("a message outgrew its %zu byte buffer", m->size);
}

/* Appends an attribute; @type may carry NLA_F_NESTED. */
static struct nlattr *put(struct msg *m, uint16_t type, size_t len,
			  const void *data)
{
	struct nlattr *a = (struct nlattr *)msg_tail(m);

	msg_room(m, NLA_ALIGN(NLA_HDRLEN + len));
	if (NLA_HDRLEN + len > 0xffff)
		die("an attribute of %zu bytes", len);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((unsigned char *)a + NLA_HDRLEN, data, len);
	memset((unsigned char *)a + NLA_HDRLEN + len, 0,
	       NLA_ALIGN(a->nla_len) - a->nla_len);
	m->nlh->nlmsg_len = NLMSG_ALIGN(m->nlh->nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void put_u8(struct msg *m, uint16_t type, uint8_t v)
{
	put(m, type, sizeof(v), &v);
}

static void put_u16(struct msg *m, uint16_t type, uint16_t v)
{
	put(m, type, sizeof(v), &v);
}

static void put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	put(m, type, sizeof(v), &v);
}

static void put_str(struct msg *m, uint16_t type, const char *s)
{
	put(m, type, strlen(s) + 1, s);
}

static struct nlattr *nest(struct msg *m, uint16_t type)
{
	return put(m, type, 0, NULL);
}

/* The nest ends where the message does: after unaligned junk too. */
static void nest_end(struct msg *m, struct nlattr *a)
{
	size_t len = (unsigned char *)m->nlh + m->nlh->nlmsg_len -
		     (unsigned char *)a;

	if (len > 0xffff)
		die("a nest of %zu bytes", len);
	a->nla_len = len;
}

/* Raw bytes, no header and no padding: trailing junk. */
static void put_junk(struct msg *m, const void *p, size_t len)
{
	unsigned char *t = (unsigned char *)m->nlh + m->nlh->nlmsg_len;

	msg_room(m, len + 4);
	memcpy(t, p, len);
	m->nlh->nlmsg_len += len;
}

/* Addresses */

struct addr {
	int family;		/* AF_INET, AF_INET6 */
	unsigned char b[16];	/* the rest zero */
};

static unsigned int addr_len(const struct addr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

static void parse_addr(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->b) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, s, a->b) == 1)
		a->family = AF_INET6;
	else
		die("bad address \"%s\" in a case", s);
}

/* ADDR/LEN, LEN up to 255 whatever the family: hostile cases want /33. */
static void parse_cidr(const char *s, struct addr *a, unsigned int *len)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *slash, *end;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (!slash)
		die("bad cidr \"%s\" in a case", s);
	*slash = '\0';
	parse_addr(buf, a);
	*len = strtoul(slash + 1, &end, 10);
	if (*end || *len > 255)
		die("bad cidr \"%s\" in a case", s);
}

/* "-" is no bytes; anything else pairs of hex digits. */
static size_t parse_hex(const char *s, unsigned char *out, size_t size)
{
	size_t n = 0;

	if (!strcmp(s, "-"))
		return 0;
	if (strlen(s) % 2)
		die("odd hex \"%s\" in a case", s);
	for (; *s; s += 2) {
		if (n == size || sscanf(s, "%2hhx", &out[n]) != 1)
			die("bad hex \"%s\" in a case", s);
		n++;
	}
	return n;
}

static unsigned long parse_num(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end)
		die("bad number \"%s\" in a case", s);
	return v;
}

/* Netlink sockets */

struct answer {
	int error;		/* 0 accepted, -errno refused, 1 no answer */
	char msg[512];		/* the extack message, "" if none */
	unsigned int replies;	/* data messages before the end */
};

typedef void (*reply_fn)(const struct nlmsghdr *nlh, void *data);

struct nl {
	struct mnl_socket *sock;
	unsigned int seq;
};

static void nl_open(struct nl *nl, int bus)
{
	struct timeval tv = { .tv_sec = 120 };
	int one = 1, sndbuf = 2 * MSG_BIG, rcvbuf = 4 * RBUF_SIZE;
	int fd;

	nl->sock = mnl_socket_open(bus);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		die("netlink socket: %s", strerror(errno));
	nl->seq = 1000;
	/* Error acks carry the message's header only, and the extack. */
	if (mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one)))
		die("NETLINK_EXT_ACK/NETLINK_CAP_ACK: %s", strerror(errno));
	fd = mnl_socket_get_fd(nl->sock);
	/* The send buffer bounds a request's size; root may go past wmem_max. */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* A message the kernel drops without an answer must not hang us. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static void ext_msg(const struct nlmsghdr *nlh, size_t off, struct answer *ans)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, off) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(ans->msg, sizeof(ans->msg), "%s",
				 mnl_attr_get_str(a));
	}
}

/*
 * Sends @m and reads until its ack, or a dump's NLMSG_DONE; data messages
 * go to @fn. Returns -1 when nothing could be sent or nothing came back.
 */
static int talk(struct nl *nl, struct msg *m, struct answer *ans, reply_fn fn,
		void *data)
{
	static char rbuf[RBUF_SIZE];
	struct nlmsghdr *req = m->nlh, *nlh;
	ssize_t len;
	int rem;

	memset(ans, 0, sizeof(*ans));
	ans->error = 1;
	req->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0) {
		snprintf(ans->msg, sizeof(ans->msg), "cannot send %u bytes: %s",
			 req->nlmsg_len, strerror(errno));
		return -1;
	}
	for (;;) {
		len = mnl_socket_recvfrom(nl->sock, rbuf, sizeof(rbuf));
		if (len < 0) {
			if (errno == EINTR)
				continue;
			snprintf(ans->msg, sizeof(ans->msg), "no answer: %s",
				 strerror(errno));
			return -1;
		}
		rem = len;
		for (nlh = (struct nlmsghdr *)rbuf; mnl_nlmsg_ok(nlh, rem);
		     nlh = mnl_nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_seq != req->nlmsg_seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
				size_t off = sizeof(*e);

				ans->error = e->error;
				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					off += e->msg.nlmsg_len - NLMSG_HDRLEN;
				if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
					ext_msg(nlh, off, ans);
				return 0;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
					ans->error = rd32(mnl_nlmsg_get_payload(nlh));
				else
					ans->error = 0;
				if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
					ext_msg(nlh, sizeof(int), ans);
				return 0;
			}
			ans->replies++;
			if (fn)
				fn(nlh, data);
		}
	}
}

/*
 * The model: what the kernel accepts, and what it then holds. It follows
 * the policies (lib/nlattr.c's rules for strict and for lenient parsing),
 * podol_parse_node() and friends in module/netlink.c, module/table.c, and
 * podol_validate(), podol_check_fixed() and podol_changelink() in
 * module/link.c.
 */

enum { PT_UNSPEC, PT_U8, PT_BE16, PT_U32, PT_STR, PT_BIN, PT_NEST, PT_REJECT };

struct pol {
	int type;
	unsigned int min, max;	/* PT_BIN: length; PT_U8: value; PT_STR: max */
	const struct pol *nested;
	unsigned int nested_max;
};

static const struct pol cidr_pol[PODOL_CIDR_A_MAX + 1] = {
	[PODOL_CIDR_A_ADDR] = { PT_BIN, 4, 16, NULL, 0 },
	[PODOL_CIDR_A_PREFIXLEN] = { PT_U8, 0, 128, NULL, 0 },
};

static const struct pol node_pol[PODOL_NODE_A_MAX + 1] = {
	[PODOL_NODE_A_REMOTE] = { PT_BIN, 4, 16, NULL, 0 },
	[PODOL_NODE_A_PORT] = { PT_BE16, 0, 0, NULL, 0 },
	[PODOL_NODE_A_CIDR] = { PT_NEST, 0, 0, cidr_pol, PODOL_CIDR_A_MAX },
	[PODOL_NODE_A_STATS] = { PT_REJECT, 0, 0, NULL, 0 },
};

static const struct pol top_pol[PODOL_A_MAX + 1] = {
	[PODOL_A_IFINDEX] = { PT_U32, 0, 0, NULL, 0 },
	[PODOL_A_IFNAME] = { PT_STR, 0, IFNAMSIZ - 1, NULL, 0 },
	[PODOL_A_NODE] = { PT_NEST, 0, 0, node_pol, PODOL_NODE_A_MAX },
	[PODOL_A_STATS] = { PT_REJECT, 0, 0, NULL, 0 },
	[PODOL_A_NODE_COUNT] = { PT_REJECT, 0, 0, NULL, 0 },
};

static const struct pol link_pol[IFLA_PODOL_MAX + 1] = {
	[IFLA_PODOL_PORT] = { PT_BE16, 0, 0, NULL, 0 },
	[IFLA_PODOL_LOCAL] = { PT_BIN, 4, 4, NULL, 0 },
	[IFLA_PODOL_LOCAL6] = { PT_BIN, 16, 16, NULL, 0 },
	[IFLA_PODOL_ID] = { PT_U32, 0, 0, NULL, 0 },
	[IFLA_PODOL_TTL] = { PT_U8, 0, 255, NULL, 0 },
	[IFLA_PODOL_TTL_INHERIT] = { PT_U8, 0, 255, NULL, 0 },
	[IFLA_PODOL_TOS] = { PT_U8, 0, 255, NULL, 0 },
	[IFLA_PODOL_UDP_CSUM] = { PT_U8, 0, 255, NULL, 0 },
	[IFLA_PODOL_LINK] = { PT_U32, 0, 0, NULL, 0 },
};

/* An attribute as the kernel walks them: nla_ok(), nla_next(). */
struct mattr {
	const unsigned char *p;	/* the header */
	unsigned int type;	/* with its flags */
	int len;		/* the payload's */
};

static bool nla_at(const unsigned char *p, int rem, struct mattr *a)
{
	uint16_t len;

	if (rem < NLA_HDRLEN)
		return false;
	len = rd16(p);
	if (len < NLA_HDRLEN || len > rem)
		return false;
	a->p = p;
	a->type = rd16(p + 2);
	a->len = len - NLA_HDRLEN;
	return true;
}

#define mattr_for_each(a_, head_, len_, pos_, rem_)			\
	for ((pos_) = (head_), (rem_) = (len_); nla_at((pos_), (rem_), (a_)); \
	     (rem_) -= NLA_ALIGN((a_)->len + NLA_HDRLEN),		\
	     (pos_) += NLA_ALIGN((a_)->len + NLA_HDRLEN))

static const unsigned char *pay(const struct mattr *a)
{
	return a->p + NLA_HDRLEN;
}

/*
 * __nla_validate_parse(): strict (every attribute known, nothing left
 * over), or lenient as for rtnetlink's IFLA_INFO_DATA (unknown types and
 * leftovers skipped; the known ones still checked strictly, as podol's
 * policy sets strict_start_type). Fills @tb with the last of each type.
 */
static bool m_parse(const unsigned char *head, int len, const struct pol *pol,
		    unsigned int max, bool strict, struct mattr *tb)
{
	const unsigned char *pos;
	struct mattr a;
	const struct pol *pt;
	unsigned int type;
	int rem;

	if (tb)
		memset(tb, 0, sizeof(*tb) * (max + 1));
	mattr_for_each(&a, head, len, pos, rem) {
		type = a.type & NLA_TYPE_MASK;
		if (type == 0 || type > max) {
			if (strict)
				return false;
			continue;
		}
		pt = &pol[type];
		switch (pt->type) {
		case PT_U8:
			if (a.len != 1 || pay(&a)[0] < pt->min || pay(&a)[0] > pt->max)
				return false;
			break;
		case PT_BE16:
			if (a.len != 2)
				return false;
			break;
		case PT_U32:
			if (a.len != 4)
				return false;
			break;
		case PT_STR: {
			int minlen = a.len < (int)pt->max + 1 ? a.len : (int)pt->max + 1;
			int l = a.len;

			if (!minlen || !memchr(pay(&a), 0, minlen))
				return false;
			if (!pay(&a)[l - 1])
				l--;
			if (l > (int)pt->max)
				return false;
			break;
		}
		case PT_BIN:
			if (a.len < (int)pt->min || a.len > (int)pt->max)
				return false;
			break;
		case PT_NEST:
			if (!(a.type & NLA_F_NESTED))
				return false;
			if (a.len && (a.len < NLA_HDRLEN ||
				      !m_parse(pay(&a), a.len, pt->nested,
					       pt->nested_max, true, NULL)))
				return false;
			break;
		default:	/* unspec in a strict policy, reject */
			return false;
		}
		if (pt->type != PT_NEST && (a.type & NLA_F_NESTED))
			return false;
		if (tb)
			tb[type] = a;
	}
	return !strict || rem <= 0;
}

/* The last attribute of each type, unchecked: for what is known valid. */
static void m_fill(const unsigned char *head, int len, unsigned int max,
		   struct mattr *tb)
{
	const unsigned char *pos;
	struct mattr a;
	int rem;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	mattr_for_each(&a, head, len, pos, rem) {
		if ((a.type & NLA_TYPE_MASK) && (a.type & NLA_TYPE_MASK) <= max)
			tb[a.type & NLA_TYPE_MASK] = a;
	}
}

struct mcidr {
	struct addr a;
	unsigned int len;
};

struct mnode {
	struct addr remote;
	uint16_t port;		/* network order; 0: none */
	unsigned int n;
	struct mcidr c[PODOL_MAX_NODE_CIDRS];
};

struct mtable {
	unsigned int n;
	bool overflow;		/* a dump had more nodes than it holds */
	struct mnode nodes[MT_NODES];
};

static bool m_addr(const struct mattr *a, struct addr *out)
{
	memset(out, 0, sizeof(*out));
	if (a->len != 4 && a->len != 16)
		return false;
	out->family = a->len == 4 ? AF_INET : AF_INET6;
	memcpy(out->b, pay(a), a->len);
	return true;
}

/*
 * podol_addr_check(), for a node's address and the device's local one:
 * not loopback, multicast, broadcast, unspecified, in 0.0.0.0/8, or
 * IPv4-mapped.
 */
static bool m_unicast(const struct addr *a)
{
	static const unsigned char zero[16];
	static const unsigned char lo6[16] = { [15] = 1 };
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	if (a->family == AF_INET)
		return (a->b[0] & 0xf0) != 0xe0 && rd32(a->b) != 0xffffffff &&
		       a->b[0] != 127 && a->b[0] != 0;
	return a->b[0] != 0xff && memcmp(a->b, zero, 16) &&
	       memcmp(a->b, lo6, 16) && memcmp(a->b, mapped, 12);
}

static bool cidr_eq(const struct mcidr *x, const struct mcidr *y)
{
	return x->a.family == y->a.family && x->len == y->len &&
	       !memcmp(x->a.b, y->a.b, 16);
}

/* podol_parse_node() */
static bool m_node(const struct mattr *nest_, struct mnode *nd)
{
	struct mattr tb[PODOL_NODE_A_MAX + 1], ct[PODOL_CIDR_A_MAX + 1], a;
	unsigned int i, max, full, rest;
	const unsigned char *pos;
	struct mcidr *c;
	int rem;

	memset(nd, 0, sizeof(*nd));
	m_fill(pay(nest_), nest_->len, PODOL_NODE_A_MAX, tb);
	if (!tb[PODOL_NODE_A_REMOTE].p || !m_addr(&tb[PODOL_NODE_A_REMOTE], &nd->remote) ||
	    !m_unicast(&nd->remote))
		return false;
	if (tb[PODOL_NODE_A_PORT].p) {
		nd->port = rd16(pay(&tb[PODOL_NODE_A_PORT]));
		if (!nd->port)
			return false;
	}
	mattr_for_each(&a, pay(nest_), nest_->len, pos, rem) {
		if ((a.type & NLA_TYPE_MASK) != PODOL_NODE_A_CIDR)
			continue;
		if (nd->n == PODOL_MAX_NODE_CIDRS)
			return false;
		c = &nd->c[nd->n];
		m_fill(pay(&a), a.len, PODOL_CIDR_A_MAX, ct);
		if (!ct[PODOL_CIDR_A_ADDR].p || !ct[PODOL_CIDR_A_PREFIXLEN].p ||
		    !m_addr(&ct[PODOL_CIDR_A_ADDR], &c->a))
			return false;
		c->len = pay(&ct[PODOL_CIDR_A_PREFIXLEN])[0];
		max = c->a.family == AF_INET ? 32 : 128;
		if (c->len > max)
			return false;
		full = c->len / 8;
		rest = c->len % 8;
		if (rest && (c->a.b[full] & (0xff >> rest)))
			return false;
		for (i = full + !!rest; i < max / 8; i++)
			if (c->a.b[i])
				return false;
		for (i = 0; i < nd->n; i++)
			if (cidr_eq(&nd->c[i], c))
				return false;
		nd->n++;
	}
	return true;
}

static struct mnode *m_find(struct mtable *t, const struct addr *remote)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (t->nodes[i].remote.family == remote->family &&
		    !memcmp(t->nodes[i].remote.b, remote->b, 16))
			return &t->nodes[i];
	return NULL;
}

static struct mnode *m_owner(struct mtable *t, const struct mcidr *c)
{
	unsigned int i, j;

	for (i = 0; i < t->n; i++)
		for (j = 0; j < t->nodes[i].n; j++)
			if (cidr_eq(&t->nodes[i].c[j], c))
				return &t->nodes[i];
	return NULL;
}

/* podol_table_add() */
static bool m_add(struct mtable *t, const struct mnode *nd)
{
	unsigned int i;

	if (m_find(t, &nd->remote) || t->n >= MT_NODES)
		return false;
	for (i = 0; i < nd->n; i++)
		if (m_owner(t, &nd->c[i]))
			return false;
	t->nodes[t->n++] = *nd;
	return true;
}

/* The device of the model, alone in its netns. */
struct mdev {
	uint32_t ifindex;
	const char *name;
};

/* The request names it: by ifindex if it has one, else by name. */
static bool m_names(const struct mdev *dv, struct mattr *tb)
{
	if (tb[PODOL_A_IFINDEX].p)
		return rd32(pay(&tb[PODOL_A_IFINDEX])) == dv->ifindex;
	if (tb[PODOL_A_IFNAME].p)
		return !strcmp((const char *)pay(&tb[PODOL_A_IFNAME]), dv->name);
	return false;
}

/* A generic netlink request: valid, and the table it leaves in @t. */
static bool m_genl(const struct nlmsghdr *nlh, const struct mdev *dv,
		   struct mtable *t)
{
	const unsigned char *head = (const unsigned char *)nlh + NLMSG_HDRLEN +
				    GENL_HDRLEN;
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	int len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	struct mattr tb[PODOL_A_MAX + 1], a;
	const unsigned char *pos;
	struct mnode nd, *old;
	struct mtable *nt;
	unsigned int i;
	int rem;

	if (!m_parse(head, len, top_pol, PODOL_A_MAX, true, tb) || !m_names(dv, tb))
		return false;
	if (g->cmd == PODOL_CMD_NODE_REPLACE) {
		nt = calloc(1, sizeof(*nt));
		if (!nt)
			die("out of memory");
		mattr_for_each(&a, head, len, pos, rem) {
			if ((a.type & NLA_TYPE_MASK) != PODOL_A_NODE)
				continue;
			if (!m_node(&a, &nd) || !m_add(nt, &nd)) {
				free(nt);
				return false;
			}
		}
		*t = *nt;
		free(nt);
		return true;
	}
	if (!tb[PODOL_A_NODE].p || !m_node(&tb[PODOL_A_NODE], &nd))
		return false;
	switch (g->cmd) {
	case PODOL_CMD_NODE_ADD:
		return m_add(t, &nd);
	case PODOL_CMD_NODE_CHANGE:
		old = m_find(t, &nd.remote);
		if (!old)
			return false;
		for (i = 0; i < nd.n; i++)
			if (m_owner(t, &nd.c[i]) && m_owner(t, &nd.c[i]) != old)
				return false;
		if (!nd.port)
			nd.port = old->port;
		*old = nd;
		return true;
	case PODOL_CMD_NODE_DEL:
		old = m_find(t, &nd.remote);
		if (!old)
			return false;
		memmove(old, old + 1, (t->nodes + t->n - old - 1) * sizeof(*old));
		t->n--;
		return true;
	}
	die("no model for command %u", g->cmd);
	return false;
}

/* A device's link configuration. */
struct mcfg {
	uint16_t port;		/* network order */
	int family;		/* of local: 0 any */
	unsigned char local[16];
	uint32_t id, link;
	uint8_t ttl, inherit, tos, csum;
};

static bool all_zero(const unsigned char *b, size_t n)
{
	while (n--)
		if (*b++)
			return false;
	return true;
}

/*
 * RTM_NEWLINK on the device: podol_validate(), check_fixed(), changelink().
 * M_CORE: refused by rtnetlink before podol, with no message.
 */
enum { M_CORE = -1, M_BAD, M_OK };

static int m_link(const unsigned char *data, int len, struct mcfg *cfg)
{
	struct mattr tb[IFLA_PODOL_MAX + 1];
	const unsigned char *v;

	/*
	 * rtnetlink parses IFLA_LINKINFO with no extack: a nest of 1 to 3
	 * bytes fails there (-ERANGE), silently.
	 */
	if (len > 0 && len < NLA_HDRLEN)
		return M_CORE;
	if (!m_parse(data, len, link_pol, IFLA_PODOL_MAX, false, tb))
		return M_BAD;
	/* podol_validate() */
	if (tb[IFLA_PODOL_PORT].p && !rd16(pay(&tb[IFLA_PODOL_PORT])))
		return M_BAD;
	if (tb[IFLA_PODOL_ID].p && rd32(pay(&tb[IFLA_PODOL_ID])) > PODOL_ID_MAX)
		return M_BAD;
	if (tb[IFLA_PODOL_LOCAL].p && tb[IFLA_PODOL_LOCAL6].p)
		return M_BAD;
	/* The unspecified local address means "any". */
	if (tb[IFLA_PODOL_LOCAL].p || tb[IFLA_PODOL_LOCAL6].p) {
		struct addr la = { .family = tb[IFLA_PODOL_LOCAL].p ? AF_INET : AF_INET6 };

		v = pay(tb[IFLA_PODOL_LOCAL].p ? &tb[IFLA_PODOL_LOCAL] :
			&tb[IFLA_PODOL_LOCAL6]);
		memcpy(la.b, v, la.family == AF_INET ? 4 : 16);
		if (!all_zero(la.b, 16) && !m_unicast(&la))
			return M_BAD;
	}
	if (tb[IFLA_PODOL_TTL_INHERIT].p && pay(&tb[IFLA_PODOL_TTL_INHERIT])[0] > 1)
		return M_BAD;
	if (tb[IFLA_PODOL_TTL_INHERIT].p && tb[IFLA_PODOL_TTL].p &&
	    pay(&tb[IFLA_PODOL_TTL_INHERIT])[0] && pay(&tb[IFLA_PODOL_TTL])[0])
		return M_BAD;
	if (tb[IFLA_PODOL_TOS].p) {
		uint8_t tos = pay(&tb[IFLA_PODOL_TOS])[0];

		if (tos != PODOL_TOS_INHERIT && (tos & 3))
			return M_BAD;
	}
	if (tb[IFLA_PODOL_UDP_CSUM].p && pay(&tb[IFLA_PODOL_UDP_CSUM])[0] > 1)
		return M_BAD;
	/* podol_check_fixed() */
	if (tb[IFLA_PODOL_PORT].p && rd16(pay(&tb[IFLA_PODOL_PORT])) != cfg->port)
		return M_BAD;
	if (tb[IFLA_PODOL_LOCAL].p &&
	    (cfg->family == AF_INET6 ||
	     rd32(pay(&tb[IFLA_PODOL_LOCAL])) !=
	     (cfg->family ? rd32(cfg->local) : 0)))
		return M_BAD;
	if (tb[IFLA_PODOL_LOCAL6].p) {
		v = pay(&tb[IFLA_PODOL_LOCAL6]);
		if (cfg->family == AF_INET6 ? memcmp(v, cfg->local, 16) != 0 :
		    (cfg->family || !all_zero(v, 16)))
			return M_BAD;
	}
	if (tb[IFLA_PODOL_LINK].p && rd32(pay(&tb[IFLA_PODOL_LINK])) != cfg->link)
		return M_BAD;
	/* podol_apply_mutable() */
	if (tb[IFLA_PODOL_ID].p)
		cfg->id = rd32(pay(&tb[IFLA_PODOL_ID]));
	if (tb[IFLA_PODOL_TTL].p) {
		cfg->ttl = pay(&tb[IFLA_PODOL_TTL])[0];
		if (cfg->ttl)
			cfg->inherit = 0;
	}
	if (tb[IFLA_PODOL_TTL_INHERIT].p) {
		cfg->inherit = pay(&tb[IFLA_PODOL_TTL_INHERIT])[0];
		if (cfg->inherit)
			cfg->ttl = 0;
	}
	if (tb[IFLA_PODOL_TOS].p)
		cfg->tos = pay(&tb[IFLA_PODOL_TOS])[0];
	if (tb[IFLA_PODOL_UDP_CSUM].p)
		cfg->csum = pay(&tb[IFLA_PODOL_UDP_CSUM])[0];
	return M_OK;
}

/* What the kernel says it holds, in the model's terms. */
static void cfg_parse(const struct blob *info, struct mcfg *cfg)
{
	struct mattr tb[IFLA_PODOL_MAX + 1];

	memset(cfg, 0, sizeof(*cfg));
	m_fill(info->p, info->len, IFLA_PODOL_MAX, tb);
	if (tb[IFLA_PODOL_PORT].p)
		cfg->port = rd16(pay(&tb[IFLA_PODOL_PORT]));
	if (tb[IFLA_PODOL_LOCAL].p) {
		cfg->family = AF_INET;
		memcpy(cfg->local, pay(&tb[IFLA_PODOL_LOCAL]), 4);
	}
	if (tb[IFLA_PODOL_LOCAL6].p) {
		cfg->family = AF_INET6;
		memcpy(cfg->local, pay(&tb[IFLA_PODOL_LOCAL6]), 16);
	}
	if (tb[IFLA_PODOL_ID].p)
		cfg->id = rd32(pay(&tb[IFLA_PODOL_ID]));
	if (tb[IFLA_PODOL_LINK].p)
		cfg->link = rd32(pay(&tb[IFLA_PODOL_LINK]));
	if (tb[IFLA_PODOL_TTL].p)
		cfg->ttl = pay(&tb[IFLA_PODOL_TTL])[0];
	if (tb[IFLA_PODOL_TTL_INHERIT].p)
		cfg->inherit = pay(&tb[IFLA_PODOL_TTL_INHERIT])[0];
	if (tb[IFLA_PODOL_TOS].p)
		cfg->tos = pay(&tb[IFLA_PODOL_TOS])[0];
	if (tb[IFLA_PODOL_UDP_CSUM].p)
		cfg->csum = pay(&tb[IFLA_PODOL_UDP_CSUM])[0];
}

static bool cfg_eq(const struct mcfg *a, const struct mcfg *b)
{
	return a->port == b->port && a->family == b->family &&
	       !memcmp(a->local, b->local, 16) && a->id == b->id &&
	       a->link == b->link && a->ttl == b->ttl &&
	       a->inherit == b->inherit && a->tos == b->tos && a->csum == b->csum;
}

/* A dump, read into a model table. */
static void table_model_cb(const struct nlmsghdr *nlh, void *data)
{
	struct mtable *t = data;
	struct mattr a, tb[PODOL_NODE_A_MAX + 1], ct[PODOL_CIDR_A_MAX + 1], c;
	const unsigned char *pos, *cpos;
	struct mnode *nd;
	int rem, crem;

	mattr_for_each(&a, (const unsigned char *)nlh + NLMSG_HDRLEN + GENL_HDRLEN,
		       (int)nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, pos, rem) {
		if ((a.type & NLA_TYPE_MASK) != PODOL_A_NODE)
			continue;
		if (t->n == MT_NODES) {
			t->overflow = true;
			continue;
		}
		nd = &t->nodes[t->n++];
		memset(nd, 0, sizeof(*nd));
		m_fill(pay(&a), a.len, PODOL_NODE_A_MAX, tb);
		if (tb[PODOL_NODE_A_REMOTE].p)
			m_addr(&tb[PODOL_NODE_A_REMOTE], &nd->remote);
		if (tb[PODOL_NODE_A_PORT].p)
			nd->port = rd16(pay(&tb[PODOL_NODE_A_PORT]));
		mattr_for_each(&c, pay(&a), a.len, cpos, crem) {
			if ((c.type & NLA_TYPE_MASK) != PODOL_NODE_A_CIDR ||
			    nd->n == PODOL_MAX_NODE_CIDRS)
				continue;
			m_fill(pay(&c), c.len, PODOL_CIDR_A_MAX, ct);
			if (ct[PODOL_CIDR_A_ADDR].p)
				m_addr(&ct[PODOL_CIDR_A_ADDR], &nd->c[nd->n].a);
			if (ct[PODOL_CIDR_A_PREFIXLEN].p)
				nd->c[nd->n].len = pay(&ct[PODOL_CIDR_A_PREFIXLEN])[0];
			nd->n++;
		}
	}
}

static int cmp_cidr(const void *x, const void *y)
{
	const struct mcidr *a = x, *b = y;
	int r = a->a.family - b->a.family;

	if (!r)
		r = memcmp(a->a.b, b->a.b, 16);
	return r ? r : (int)a->len - (int)b->len;
}

static int cmp_node(const void *x, const void *y)
{
	const struct mnode *a = x, *b = y;
	int r = a->remote.family - b->remote.family;

	return r ? r : memcmp(a->remote.b, b->remote.b, 16);
}

/* Nodes and their CIDRs in one order, whatever order the kernel keeps. */
static void table_sort(struct mtable *t)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		qsort(t->nodes[i].c, t->nodes[i].n, sizeof(struct mcidr), cmp_cidr);
	qsort(t->nodes, t->n, sizeof(struct mnode), cmp_node);
}

static bool table_eq(struct mtable *a, struct mtable *b)
{
	unsigned int i, j;

	table_sort(a);
	table_sort(b);
	if (a->n != b->n || a->overflow || b->overflow)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct mnode *x = &a->nodes[i], *y = &b->nodes[i];

		if (cmp_node(x, y) || x->port != y->port || x->n != y->n)
			return false;
		for (j = 0; j < x->n; j++)
			if (!cidr_eq(&x->c[j], &y->c[j]))
				return false;
	}
	return true;
}

/* The state of the world */

struct dev {
	const char *name;
	uint32_t ifindex;
	uint16_t port;		/* host order */
	struct blob info;	/* IFLA_INFO_DATA's payload, as RTM_GETLINK says */
};

struct fz {
	struct nl genl, rtnl;
	uint16_t family;
	uint32_t lo;
	struct msg m, big;
	bool verbose;
	bool quick;	/* no case of tens of thousands of nodes */
	const char *cases;	/* the cases file; NULL: beside the program */
};

static void get_family(struct fz *f);

static void genl_begin(struct fz *f, struct msg *m, uint8_t cmd, uint16_t flags)
{
	struct genlmsghdr *g;

	msg_reset(m);
	m->nlh->nlmsg_type = f->family;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(m->nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = PODOL_GENL_VERSION;
}

static void family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_get_payload_len(a) == sizeof(uint16_t))
			*(uint16_t *)data = mnl_attr_get_u16(a);
	}
}

static void get_family(struct fz *f)
{
	struct answer ans;
	uint16_t id = 0;

	msg_reset(&f->m);
	f->m.nlh->nlmsg_type = GENL_ID_CTRL;
	f->m.nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	((struct genlmsghdr *)mnl_nlmsg_put_extra_header(f->m.nlh, GENL_HDRLEN))->cmd =
		CTRL_CMD_GETFAMILY;
	put_str(&f->m, CTRL_ATTR_FAMILY_NAME, PODOL_GENL_NAME);
	if (talk(&f->genl, &f->m, &ans, family_cb, &id) || ans.error || !id)
		die("no generic netlink family \"%s\" (is podol loaded?)",
		    PODOL_GENL_NAME);
	f->family = id;
}

/*
 * The table of a device, as its dump gives it: every PODOL_A_NODE raw,
 * and in the model's terms.
 */
struct dump_ctx {
	struct blob *raw;
	struct mtable *t;
};

static void table_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *c = data;
	const struct nlattr *a;

	if (c->t)
		table_model_cb(nlh, c->t);
	if (!c->raw)
		return;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) == PODOL_A_NODE)
			blob_add(c->raw, a, a->nla_len);
	}
}

static int table_dump(struct fz *f, const struct dev *d, struct blob *raw,
		      struct mtable *t)
{
	struct dump_ctx c = { raw, t };
	struct answer ans;
	struct msg m;
	char buf[256];

	m.nlh = (struct nlmsghdr *)buf;
	m.size = sizeof(buf);
	genl_begin(f, &m, PODOL_CMD_NODE_GET, NLM_F_DUMP);
	put_u32(&m, PODOL_A_IFINDEX, d->ifindex);
	if (raw)
		raw->len = 0;
	if (t) {
		t->n = 0;
		t->overflow = false;
	}
	if (talk(&f->genl, &m, &ans, table_cb, &c) || ans.error) {
		ktap_diag("cannot dump the table of %s: %s %s", d->name,
		     strerror(-ans.error), ans.msg);
		return -1;
	}
	return 0;
}

static int table_fp(struct fz *f, const struct dev *d, struct blob *b)
{
	return table_dump(f, d, b, NULL);
}

/* A device's link attributes: flags, mtu, IFLA_LINKINFO. */
struct link_fp_ctx {
	struct blob *fp;
	struct blob *info;
};

static void link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct link_fp_ctx *c = data;
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *i;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return;
	blob_add(c->fp, &ifm->ifi_flags, sizeof(ifm->ifi_flags));
	mnl_attr_for_each(a, nlh, sizeof(*ifm)) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_MTU:
		case IFLA_LINKINFO:
		case IFLA_ADDRESS:
		case IFLA_IFNAME:
			blob_add(c->fp, a, a->nla_len);
			break;
		}
		if (mnl_attr_get_type(a) != IFLA_LINKINFO || !c->info)
			continue;
		mnl_attr_for_each_nested(i, a) {
			if (mnl_attr_get_type(i) == IFLA_INFO_DATA)
				blob_add(c->info, mnl_attr_get_payload(i),
					 mnl_attr_get_payload_len(i));
		}
	}
}

/*
 * By ifindex, or by @name when it is 0. Not if_nametoindex(): its ioctl
 * asks modprobe for a module named after a device that does not exist,
 * twice, which takes long in a VM.
 */
static int link_get(struct fz *f, uint32_t ifindex, const char *name,
		    struct blob *fp, struct blob *info)
{
	struct link_fp_ctx c = { fp, info };
	struct answer ans;
	struct ifinfomsg *ifm;
	struct msg m;
	char buf[256];

	m.nlh = (struct nlmsghdr *)buf;
	m.size = sizeof(buf);
	msg_reset(&m);
	m.nlh->nlmsg_type = RTM_GETLINK;
	m.nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifm = mnl_nlmsg_put_extra_header(m.nlh, sizeof(*ifm));
	ifm->ifi_index = ifindex;
	if (!ifindex)
		put_str(&m, IFLA_IFNAME, name);
	fp->len = 0;
	if (info)
		info->len = 0;
	if (talk(&f->rtnl, &m, &ans, link_cb, &c) || ans.error || !ans.replies)
		return -1;
	return 0;
}

static int link_fp(struct fz *f, uint32_t ifindex, struct blob *fp,
		   struct blob *info)
{
	return link_get(f, ifindex, NULL, fp, info);
}

static bool link_exists(struct fz *f, const char *name)
{
	struct blob fp = { 0 };
	bool ret = !link_get(f, 0, name, &fp, NULL);

	free(fp.p);
	return ret;
}

static void dev_init(struct fz *f, struct dev *d, const char *name)
{
	struct blob fp = { 0 };
	const struct nlattr *a;
	size_t off;

	d->name = name;
	d->ifindex = if_nametoindex(name);
	if (!d->ifindex)
		die("no device \"%s\"", name);
	if (link_fp(f, d->ifindex, &fp, &d->info) || !d->info.len)
		die("\"%s\" is not a podol device", name);
	d->port = 0;
	for (off = 0; off + NLA_HDRLEN <= d->info.len; off += NLA_ALIGN(a->nla_len)) {
		a = (const struct nlattr *)(d->info.p + off);
		if (a->nla_len < NLA_HDRLEN)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == IFLA_PODOL_PORT)
			d->port = ntohs(rd16(mnl_attr_get_payload(a)));
	}
	if (!d->port)
		die("\"%s\" has no port", name);
	free(fp.p);
}

static void rtm_begin(struct msg *m, uint16_t type, uint16_t flags,
		      int ifindex)
{
	struct ifinfomsg *ifm;

	msg_reset(m);
	m->nlh->nlmsg_type = type;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	ifm = mnl_nlmsg_put_extra_header(m->nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
}

/* Gives @d back the link attributes it had, from the saved IFLA_INFO_DATA. */
static int link_restore(struct fz *f, const struct dev *d)
{
	struct nlattr *li, *data;
	struct answer ans;

	rtm_begin(&f->m, RTM_NEWLINK, NLM_F_ACK, d->ifindex);
	li = nest(&f->m, IFLA_LINKINFO);
	put_str(&f->m, IFLA_INFO_KIND, "podol");
	data = nest(&f->m, IFLA_INFO_DATA);
	put_junk(&f->m, d->info.p, d->info.len);
	nest_end(&f->m, data);
	nest_end(&f->m, li);
	if (talk(&f->rtnl, &f->m, &ans, NULL, NULL) || ans.error) {
		ktap_diag("cannot give %s its link attributes back: %s %s", d->name,
		     strerror(-ans.error), ans.msg);
		return -1;
	}
	return 0;
}

static int link_del(struct fz *f, const char *name)
{
	struct answer ans;

	rtm_begin(&f->m, RTM_DELLINK, NLM_F_ACK, 0);
	put_str(&f->m, IFLA_IFNAME, name);
	if (talk(&f->rtnl, &f->m, &ans, NULL, NULL) || ans.error)
		return -1;
	return 0;
}

/* The base table */

struct base_node {
	const char *remote;
	unsigned int port;
	const char *cidrs[4];
};

/*
 * 10.0.0.12 is node 2 of lib.sh's cluster, with its pod CIDRs, so that
 * the device still forwards to it; the others are made up.
 */
static const struct base_node base[] = {
	{ "10.0.0.12", 0, { "192.168.2.0/24", "fd10:2::/64" } },
	{ "10.0.0.21", 7000, { "192.168.21.0/24", "10.21.0.0/16" } },
	{ "2001:db8::23", 0, { "192.168.23.0/24", "fd10:23::/64", "fd10:23::/48" } },
	{ "2001:db8::24", 7001, { "fd10:24::/64" } },
};

static void put_cidr(struct msg *m, uint16_t type, const char *s)
{
	struct nlattr *c = nest(m, type);
	unsigned int len;
	struct addr a;

	parse_cidr(s, &a, &len);
	put(m, PODOL_CIDR_A_ADDR, addr_len(&a), a.b);
	put_u8(m, PODOL_CIDR_A_PREFIXLEN, len);
	nest_end(m, c);
}

static struct nlattr *node_start(struct msg *m, const char *remote)
{
	struct nlattr *n = nest(m, PODOL_A_NODE | NLA_F_NESTED);
	struct addr a;

	parse_addr(remote, &a);
	put(m, PODOL_NODE_A_REMOTE, addr_len(&a), a.b);
	return n;
}

static void put_base(struct msg *m)
{
	const struct base_node *b;
	struct nlattr *n;
	unsigned int i;

	for (b = base; b < base + ARRAY_SIZE(base); b++) {
		n = node_start(m, b->remote);
		if (b->port)
			put_u16(m, PODOL_NODE_A_PORT, htons(b->port));
		for (i = 0; i < ARRAY_SIZE(b->cidrs) && b->cidrs[i]; i++)
			put_cidr(m, PODOL_NODE_A_CIDR | NLA_F_NESTED, b->cidrs[i]);
		nest_end(m, n);
	}
}

static int cmd_table(void)
{
	const struct base_node *b;
	unsigned int i;

	for (b = base; b < base + ARRAY_SIZE(base); b++) {
		printf("remote %s", b->remote);
		if (b->port)
			printf(" port %u", b->port);
		for (i = 0; i < ARRAY_SIZE(b->cidrs) && b->cidrs[i]; i++)
			printf(" cidr %s", b->cidrs[i]);
		putchar('\n');
	}
	return 0;
}

static int replace_base(struct fz *f, const struct dev *d)
{
	struct answer ans;

	genl_begin(f, &f->m, PODOL_CMD_NODE_REPLACE, NLM_F_ACK);
	put_u32(&f->m, PODOL_A_IFINDEX, d->ifindex);
	put_base(&f->m);
	if (talk(&f->genl, &f->m, &ans, NULL, NULL) || ans.error) {
		ktap_diag("cannot give %s the base table: %s %s", d->name,
		     strerror(-ans.error), ans.msg);
		return -1;
	}
	return 0;
}

static void put_mnode(struct msg *m, const struct mnode *nd)
{
	struct nlattr *n = nest(m, PODOL_A_NODE | NLA_F_NESTED), *c;
	unsigned int i;
	uint8_t len;

	put(m, PODOL_NODE_A_REMOTE, addr_len(&nd->remote), nd->remote.b);
	if (nd->port)
		put(m, PODOL_NODE_A_PORT, sizeof(nd->port), &nd->port);
	for (i = 0; i < nd->n; i++) {
		c = nest(m, PODOL_NODE_A_CIDR | NLA_F_NESTED);
		put(m, PODOL_CIDR_A_ADDR, addr_len(&nd->c[i].a), nd->c[i].a.b);
		len = nd->c[i].len;
		put(m, PODOL_CIDR_A_PREFIXLEN, sizeof(len), &len);
		nest_end(m, c);
	}
	nest_end(m, n);
}

static int node_op(struct fz *f, const struct dev *d, uint8_t cmd,
		   const struct mnode *nd)
{
	struct answer ans;

	genl_begin(f, &f->m, cmd, NLM_F_ACK);
	put_u32(&f->m, PODOL_A_IFINDEX, d->ifindex);
	put_mnode(&f->m, nd);
	if (talk(&f->genl, &f->m, &ans, NULL, NULL) || ans.error)
		return -1;
	return 0;
}

/* Both sorted. */
static bool node_eq(const struct mnode *a, const struct mnode *b)
{
	unsigned int i;

	if (cmp_node(a, b) || a->port != b->port || a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (!cidr_eq(&a->c[i], &b->c[i]))
			return false;
	return true;
}

/*
 * Gives @d the table @want, in content if not in order: the nodes that
 * differ are deleted and added again, one request each, which costs no
 * RCU grace period as a replace does; a replace when that fails, or when
 * the table is too big to read back.
 */
static int table_restore(struct fz *f, const struct dev *d,
			 const struct mtable *want)
{
	struct mtable *cur = calloc(1, sizeof(*cur)), *w = calloc(1, sizeof(*w));
	struct answer ans;
	struct mnode *nd;
	unsigned int i;
	int ret = 0;

	if (!cur || !w)
		die("out of memory");
	*w = *want;
	table_sort(w);
	if (table_dump(f, d, NULL, cur) || cur->overflow)
		goto replace;
	table_sort(cur);
	for (i = 0; i < cur->n; i++) {
		nd = m_find(w, &cur->nodes[i].remote);
		if ((!nd || !node_eq(nd, &cur->nodes[i])) &&
		    node_op(f, d, PODOL_CMD_NODE_DEL, &cur->nodes[i]))
			goto replace;
	}
	for (i = 0; i < w->n; i++) {
		nd = m_find(cur, &w->nodes[i].remote);
		if ((!nd || !node_eq(nd, &w->nodes[i])) &&
		    node_op(f, d, PODOL_CMD_NODE_ADD, &w->nodes[i]))
			goto replace;
	}
	if (!table_dump(f, d, NULL, cur) && table_eq(cur, w))
		goto out;
replace:
	genl_begin(f, &f->m, PODOL_CMD_NODE_REPLACE, NLM_F_ACK);
	put_u32(&f->m, PODOL_A_IFINDEX, d->ifindex);
	for (i = 0; i < w->n; i++)
		put_mnode(&f->m, &w->nodes[i]);
	if (talk(&f->genl, &f->m, &ans, NULL, NULL) || ans.error ||
	    table_dump(f, d, NULL, cur) || !table_eq(cur, w)) {
		ktap_diag("cannot give %s its table back", d->name);
		ret = -1;
	}
out:
	free(cur);
	free(w);
	return ret;
}

/*
 * The cases' little language: a message is a list of words.
 *
 * Generic netlink. The device is named by PODOL_A_IFINDEX, unless a word
 * names it otherwise:
 *   nodev | ifindex V | ifindex-hex H | ifindex-flag | ifname V |
 *   ifname-hex H | ifname-nonul | ifname-long
 *	V: self (the device the message goes to), lo, none, or a number
 *	or a name; H: hex bytes, "-" for none
 *   flags N | reserved N | cmd N	the headers
 *   top T H		an attribute of type T (flags included) at the top
 *   trail H		bytes after the last attribute, no header
 *   base		the base table's nodes
 *   gen N		N made-up nodes, one /32 each
 *   node | node-noflag | node-empty | node-hex H
 *			a PODOL_A_NODE, its words following:
 *   remote A | remote-hex H | remote-flag A | port N | port-hex H |
 *   cidr A/L | cidr-noflag A/L | cidr-lenflag A/L | cidr-addr-hex H L |
 *   cidr-len-hex A H | cidr-noaddr L | cidr-nolen A | cidr-empty |
 *   cidr-attr A/L T H | cidrs N v4|v6 | attr T H | top-cidr A/L
 *
 * rtnetlink, for kind podol; IFLA_INFO_DATA holds the words after these:
 *   index V | name S | kind S | address H | mtu N
 * and in IFLA_INFO_DATA:
 *   port V | port-hex H | local A | local-hex H | local6 A | local6-hex H |
 *   id N | id-hex H | ttl N | ttl-hex H | inherit N | tos N | csum N |
 *   link V | link-hex H | raw T H | junk H (no header) | cut N (IFLA_INFO_DATA
 *   made N bytes shorter than what it holds)
 */
#define MAX_WORDS	128

struct words {
	char buf[1024];
	char *w[MAX_WORDS];
	unsigned int n, i;
};

static void words_split(struct words *ws, const char *spec)
{
	char *save, *t;

	snprintf(ws->buf, sizeof(ws->buf), "%s", spec);
	ws->n = 0;
	ws->i = 0;
	for (t = strtok_r(ws->buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (ws->n == MAX_WORDS)
			die("too many words in \"%s\"", spec);
		ws->w[ws->n++] = t;
	}
}

static const char *word(struct words *ws)
{
	return ws->i < ws->n ? ws->w[ws->i++] : NULL;
}

static const char *arg(struct words *ws, const char *w)
{
	const char *a = word(ws);

	if (!a)
		die("\"%s\" needs a value", w);
	return a;
}

static bool is(const char *w, const char *name)
{
	return !strcmp(w, name);
}

static uint32_t ifindex_of(struct fz *f, const struct dev *d, const char *v)
{
	if (is(v, "self"))
		return d->ifindex;
	if (is(v, "lo"))
		return f->lo;
	if (is(v, "none"))
		return NOSUCH_IFINDEX;
	if (is(v, "neg"))
		return (uint32_t)-2;
	return parse_num(v);
}

static void put_hex(struct msg *m, uint16_t type, const char *h)
{
	unsigned char b[256];

	put(m, type, parse_hex(h, b, sizeof(b)), b);
}

/* N made-up nodes: remote 10.64.0.0 + i, CIDR 172.16.0.0 + i / 32. */
static void put_gen(struct msg *m, unsigned long n)
{
	struct nlattr *node, *c;
	uint32_t r, p;
	uint8_t len = 32;
	unsigned long i;

	for (i = 0; i < n; i++) {
		r = htonl(0x0a400000 + i);
		p = htonl(0xac100000 + i);
		node = nest(m, PODOL_A_NODE | NLA_F_NESTED);
		put(m, PODOL_NODE_A_REMOTE, 4, &r);
		c = nest(m, PODOL_NODE_A_CIDR | NLA_F_NESTED);
		put(m, PODOL_CIDR_A_ADDR, 4, &p);
		put(m, PODOL_CIDR_A_PREFIXLEN, 1, &len);
		nest_end(m, c);
		nest_end(m, node);
	}
}

/* N CIDRs: 10.200.I.0/24 or fd99:I::/64. */
static void put_cidrs(struct msg *m, unsigned long n, bool v6)
{
	char s[64];
	unsigned long i;

	for (i = 0; i < n; i++) {
		if (v6)
			snprintf(s, sizeof(s), "fd99:%lx::/64", i);
		else
			snprintf(s, sizeof(s), "10.200.%lu.0/24", i);
		put_cidr(m, PODOL_NODE_A_CIDR | NLA_F_NESTED, s);
	}
}

enum kind {
	K_GENL,		/* a generic netlink request, acked */
	K_DUMP,		/* a generic netlink dump request */
	K_CREATE,	/* RTM_NEWLINK creating CREATE_NAME */
	K_CHANGE,	/* RTM_NEWLINK on an existing device */
	K_SETLINK,	/* RTM_SETLINK on an existing device */
};

/* A message being built from its words, and the word at hand. */
struct build {
	struct fz *f;
	struct msg *m;
	const struct dev *d;
	struct words ws;
	const char *w;
	const struct word *wd;	/* the word's entry */
	struct genlmsghdr *g;	/* generic netlink: its header */
	struct nlattr *node;	/* and the PODOL_A_NODE open, or NULL */
	struct ifinfomsg *ifm;	/* rtnetlink: its header */
	const char *name;	/* and what it puts before IFLA_LINKINFO */
	const char *kind;
	size_t cut;		/* bytes IFLA_INFO_DATA claims less */
};

/* The word's next value. */
static const char *val(struct build *b)
{
	return arg(&b->ws, b->w);
}

static unsigned long num(struct build *b)
{
	return parse_num(val(b));
}

/* A word: what it puts, of which attribute type, and where it may stand. */
struct word {
	const char *name;
	void (*put)(struct build *b);
	uint16_t type;
	unsigned int flags;
};

#define W_TOP		0x1	/* generic netlink: closes the node open */
#define W_DEV		0x2	/* generic netlink: names the device */
#define W_PORT		0x4	/* rtnetlink: sets IFLA_PODOL_PORT */

static const struct word *word_find(const struct word *t, size_t n,
				    const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (is(w, t[i].name))
			return &t[i];
	return NULL;
}

/* Generic words: an attribute of the entry's type. */

static void w_hex(struct build *b)
{
	put_hex(b->m, b->wd->type, val(b));
}

static void w_u8(struct build *b)
{
	put_u8(b->m, b->wd->type, num(b));
}

static void w_u32(struct build *b)
{
	put_u32(b->m, b->wd->type, num(b));
}

static void w_addr(struct build *b)
{
	struct addr a;

	parse_addr(val(b), &a);
	put(b->m, b->wd->type, addr_len(&a), a.b);
}

static void w_cidr(struct build *b)
{
	put_cidr(b->m, b->wd->type, val(b));
}

/* A nest left empty. */
static void w_empty(struct build *b)
{
	nest(b->m, b->wd->type);
}

/* Generic netlink: the words at the top, then those inside a node. */

static void g_nodev(struct build *b)
{
	(void)b;
}

static void g_ifindex(struct build *b)
{
	put_u32(b->m, PODOL_A_IFINDEX, ifindex_of(b->f, b->d, val(b)));
}

static void g_ifindex_flag(struct build *b)
{
	put_u32(b->m, PODOL_A_IFINDEX | NLA_F_NESTED, b->d->ifindex);
}

static void g_ifname(struct build *b)
{
	const char *v = val(b);

	put_str(b->m, PODOL_A_IFNAME, is(v, "self") ? b->d->name : v);
}

static void g_ifname_nonul(struct build *b)
{
	put(b->m, PODOL_A_IFNAME, strlen(b->d->name), b->d->name);
}

static void g_ifname_long(struct build *b)
{
	put_str(b->m, PODOL_A_IFNAME, "abcdefghijklmnop");
}

/* A PODOL_A_NODE, which the words after it fill. */
static void g_node(struct build *b)
{
	b->node = nest(b->m, b->wd->type);
}

static void g_flags(struct build *b)
{
	b->m->nlh->nlmsg_flags |= num(b);
}

static void g_reserved(struct build *b)
{
	b->g->reserved = num(b);
}

static void g_cmd(struct build *b)
{
	b->g->cmd = num(b);
}

/* An attribute of type T (flags included) and hex bytes H, where it is. */
static void g_attr(struct build *b)
{
	const char *v = val(b);

	put_hex(b->m, parse_num(v), val(b));
}

static void g_trail(struct build *b)
{
	unsigned char buf[256];

	put_junk(b->m, buf, parse_hex(val(b), buf, sizeof(buf)));
}

static void g_base(struct build *b)
{
	put_base(b->m);
}

static void g_gen(struct build *b)
{
	put_gen(b->m, num(b));
}

static void g_port(struct build *b)
{
	put_u16(b->m, PODOL_NODE_A_PORT, htons(num(b)));
}

static void g_cidr_lenflag(struct build *b)
{
	struct nlattr *c;
	unsigned int len;
	struct addr a;

	parse_cidr(val(b), &a, &len);
	c = nest(b->m, PODOL_NODE_A_CIDR | NLA_F_NESTED);
	put(b->m, PODOL_CIDR_A_ADDR, addr_len(&a), a.b);
	put_u8(b->m, PODOL_CIDR_A_PREFIXLEN | NLA_F_NESTED, len);
	nest_end(b->m, c);
}

static void g_cidr_addr_hex(struct build *b)
{
	struct nlattr *c = nest(b->m, PODOL_NODE_A_CIDR | NLA_F_NESTED);

	put_hex(b->m, PODOL_CIDR_A_ADDR, val(b));
	put_u8(b->m, PODOL_CIDR_A_PREFIXLEN, num(b));
	nest_end(b->m, c);
}

/* A CIDR's address, from the word's next value. */
static void cidr_addr(struct build *b)
{
	struct addr a;

	parse_addr(val(b), &a);
	put(b->m, PODOL_CIDR_A_ADDR, addr_len(&a), a.b);
}

static void g_cidr_len_hex(struct build *b)
{
	struct nlattr *c = nest(b->m, PODOL_NODE_A_CIDR | NLA_F_NESTED);

	cidr_addr(b);
	put_hex(b->m, PODOL_CIDR_A_PREFIXLEN, val(b));
	nest_end(b->m, c);
}

static void g_cidr_noaddr(struct build *b)
{
	struct nlattr *c = nest(b->m, PODOL_NODE_A_CIDR | NLA_F_NESTED);

	put_u8(b->m, PODOL_CIDR_A_PREFIXLEN, num(b));
	nest_end(b->m, c);
}

static void g_cidr_nolen(struct build *b)
{
	struct nlattr *c = nest(b->m, PODOL_NODE_A_CIDR | NLA_F_NESTED);

	cidr_addr(b);
	nest_end(b->m, c);
}

static void g_cidr_attr(struct build *b)
{
	struct nlattr *c;
	unsigned int len;
	struct addr a;

	parse_cidr(val(b), &a, &len);
	c = nest(b->m, PODOL_NODE_A_CIDR | NLA_F_NESTED);
	put(b->m, PODOL_CIDR_A_ADDR, addr_len(&a), a.b);
	put_u8(b->m, PODOL_CIDR_A_PREFIXLEN, len);
	g_attr(b);
	nest_end(b->m, c);
}

static void g_cidrs(struct build *b)
{
	unsigned long n = num(b);

	put_cidrs(b->m, n, is(val(b), "v6"));
}

#define NESTED(t)	((t) | NLA_F_NESTED)

static const struct word genl_words[] = {
	{ "nodev",	   g_nodev,	     0,				W_TOP | W_DEV },
	{ "ifindex",	   g_ifindex,	     0,				W_TOP | W_DEV },
	{ "ifindex-hex",   w_hex,	     PODOL_A_IFINDEX,		W_TOP | W_DEV },
	{ "ifindex-flag",  g_ifindex_flag,   0,				W_TOP | W_DEV },
	{ "ifname",	   g_ifname,	     0,				W_TOP | W_DEV },
	{ "ifname-hex",	   w_hex,	     PODOL_A_IFNAME,		W_TOP | W_DEV },
	{ "ifname-nonul",  g_ifname_nonul,   0,				W_TOP | W_DEV },
	{ "ifname-long",   g_ifname_long,    0,				W_TOP | W_DEV },
	{ "flags",	   g_flags,	     0,				W_TOP },
	{ "reserved",	   g_reserved,	     0,				W_TOP },
	{ "cmd",	   g_cmd,	     0,				W_TOP },
	{ "top",	   g_attr,	     0,				W_TOP },
	{ "trail",	   g_trail,	     0,				W_TOP },
	{ "base",	   g_base,	     0,				W_TOP },
	{ "gen",	   g_gen,	     0,				W_TOP },
	{ "node",	   g_node,	     NESTED(PODOL_A_NODE),	W_TOP },
	{ "node-noflag",   g_node,	     PODOL_A_NODE,		W_TOP },
	{ "node-empty",	   w_empty,	     NESTED(PODOL_A_NODE),	W_TOP },
	{ "node-hex",	   w_hex,	     NESTED(PODOL_A_NODE),	W_TOP },
	{ "top-cidr",	   w_cidr,	     NESTED(PODOL_NODE_A_CIDR),	W_TOP },
	{ "remote",	   w_addr,	     PODOL_NODE_A_REMOTE,	0 },
	{ "remote-flag",   w_addr,	     NESTED(PODOL_NODE_A_REMOTE), 0 },
	{ "remote-hex",	   w_hex,	     PODOL_NODE_A_REMOTE,	0 },
	{ "port",	   g_port,	     0,				0 },
	{ "port-hex",	   w_hex,	     PODOL_NODE_A_PORT,		0 },
	{ "cidr",	   w_cidr,	     NESTED(PODOL_NODE_A_CIDR),	0 },
	{ "cidr-noflag",   w_cidr,	     PODOL_NODE_A_CIDR,		0 },
	{ "cidr-lenflag",  g_cidr_lenflag,   0,				0 },
	{ "cidr-addr-hex", g_cidr_addr_hex,  0,				0 },
	{ "cidr-len-hex",  g_cidr_len_hex,   0,				0 },
	{ "cidr-noaddr",   g_cidr_noaddr,    0,				0 },
	{ "cidr-nolen",	   g_cidr_nolen,     0,				0 },
	{ "cidr-empty",	   w_empty,	     NESTED(PODOL_NODE_A_CIDR),	0 },
	{ "cidr-attr",	   g_cidr_attr,	     0,				0 },
	{ "cidrs",	   g_cidrs,	     0,				0 },
	{ "attr",	   g_attr,	     0,				0 },
};

static void build_genl(struct fz *f, struct msg *m, uint8_t cmd,
		       uint16_t flags, const struct dev *d, const char *spec)
{
	struct build b = { .f = f, .m = m, .d = d };
	const struct word *wd;
	bool named = false;
	unsigned int n;

	words_split(&b.ws, spec);
	genl_begin(f, m, cmd, flags);
	b.g = mnl_nlmsg_get_payload(m->nlh);
	for (n = 0; n < b.ws.n; n++) {
		wd = word_find(genl_words, ARRAY_SIZE(genl_words), b.ws.w[n]);
		named |= wd && (wd->flags & W_DEV);
	}
	if (!named)
		put_u32(m, PODOL_A_IFINDEX, d->ifindex);

	while ((b.w = word(&b.ws))) {
		wd = word_find(genl_words, ARRAY_SIZE(genl_words), b.w);
		if (!wd)
			die("unknown word \"%s\" in \"%s\"", b.w, spec);
		b.wd = wd;
		/* Words of the message itself close the node. */
		if ((wd->flags & W_TOP) && b.node) {
			nest_end(m, b.node);
			b.node = NULL;
		}
		if (!(wd->flags & W_TOP) && !b.node)
			die("\"%s\" outside a node in \"%s\"", b.w, spec);
		wd->put(&b);
	}
	if (b.node)
		nest_end(m, b.node);
}

/* rtnetlink: the words before IFLA_LINKINFO, then those inside it. */

static void r_index(struct build *b)
{
	b->ifm->ifi_index = ifindex_of(b->f, b->d, val(b));
}

static void r_name(struct build *b)
{
	b->name = val(b);
}

static void r_kind(struct build *b)
{
	b->kind = val(b);
}

static const struct word rtm_words[] = {
	{ "index",	r_index,	0,		0 },
	{ "name",	r_name,		0,		0 },
	{ "kind",	r_kind,		0,		0 },
	{ "address",	w_hex,		IFLA_ADDRESS,	0 },
	{ "mtu",	w_u32,		IFLA_MTU,	0 },
};

static void r_port(struct build *b)
{
	const char *v = val(b);

	put_u16(b->m, IFLA_PODOL_PORT,
		htons(is(v, "self") ? b->d->port : parse_num(v)));
}

static void r_link(struct build *b)
{
	put_u32(b->m, IFLA_PODOL_LINK, ifindex_of(b->f, b->d, val(b)));
}

static void r_cut(struct build *b)
{
	b->cut = num(b);
}

static const struct word rtm_data_words[] = {
	{ "port",	r_port,		0,			W_PORT },
	{ "port-hex",	w_hex,		IFLA_PODOL_PORT,	W_PORT },
	{ "local",	w_addr,		IFLA_PODOL_LOCAL,	0 },
	{ "local-hex",	w_hex,		IFLA_PODOL_LOCAL,	0 },
	{ "local6",	w_addr,		IFLA_PODOL_LOCAL6,	0 },
	{ "local6-hex",	w_hex,		IFLA_PODOL_LOCAL6,	0 },
	{ "id",		w_u32,		IFLA_PODOL_ID,		0 },
	{ "id-hex",	w_hex,		IFLA_PODOL_ID,		0 },
	{ "ttl",	w_u8,		IFLA_PODOL_TTL,		0 },
	{ "ttl-hex",	w_hex,		IFLA_PODOL_TTL,		0 },
	{ "inherit",	w_u8,		IFLA_PODOL_TTL_INHERIT,	0 },
	{ "tos",	w_u8,		IFLA_PODOL_TOS,		0 },
	{ "csum",	w_u8,		IFLA_PODOL_UDP_CSUM,	0 },
	{ "link",	r_link,		0,			0 },
	{ "link-hex",	w_hex,		IFLA_PODOL_LINK,	0 },
	{ "raw",	g_attr,		0,			0 },
	{ "junk",	g_trail,	0,			0 },
	{ "cut",	r_cut,		0,			0 },
};

static void build_rtm(struct fz *f, struct msg *m, enum kind kind,
		      const struct dev *d, const char *spec)
{
	struct build b = { .f = f, .m = m, .d = d, .kind = "podol" };
	struct nlattr *li, *data;
	const struct word *wd;
	bool port = false;
	unsigned int n;

	words_split(&b.ws, spec);
	if (kind == K_CREATE) {
		rtm_begin(m, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 0);
		b.name = CREATE_NAME;
	} else {
		rtm_begin(m, kind == K_SETLINK ? RTM_SETLINK : RTM_NEWLINK,
			  NLM_F_ACK, d->ifindex);
	}
	b.ifm = mnl_nlmsg_get_payload(m->nlh);

	/* The words outside IFLA_INFO_DATA come first. */
	while (b.ws.i < b.ws.n &&
	       (wd = word_find(rtm_words, ARRAY_SIZE(rtm_words), b.ws.w[b.ws.i]))) {
		b.w = word(&b.ws);
		b.wd = wd;
		wd->put(&b);
	}
	if (b.name)
		put_str(m, IFLA_IFNAME, b.name);
	li = nest(m, IFLA_LINKINFO);
	put_str(m, IFLA_INFO_KIND, b.kind);
	data = nest(m, IFLA_INFO_DATA);
	for (n = b.ws.i; n < b.ws.n; n++) {
		wd = word_find(rtm_data_words, ARRAY_SIZE(rtm_data_words), b.ws.w[n]);
		port |= wd && (wd->flags & W_PORT);
	}
	if (kind == K_CREATE && !port)
		put_u16(m, IFLA_PODOL_PORT, htons(CREATE_PORT));

	while ((b.w = word(&b.ws))) {
		wd = word_find(rtm_data_words, ARRAY_SIZE(rtm_data_words), b.w);
		if (!wd)
			die("unknown word \"%s\" in \"%s\"", b.w, spec);
		b.wd = wd;
		wd->put(&b);
	}
	nest_end(m, data);
	data->nla_len -= b.cut;
	nest_end(m, li);
}

/* Structural damage, done to the built message: the bad one only. */

static struct nlattr *top_attr(struct msg *m, int idx)
{
	struct nlattr *a, *last = NULL;
	int i = 0;

	mnl_attr_for_each(a, m->nlh, GENL_HDRLEN) {
		if (i++ == idx)
			return a;
		last = a;
	}
	if (idx >= 0 || !last)
		die("no attribute %d", idx);
	return last;
}

static struct nlattr *child(struct nlattr *nest_, int idx)
{
	struct nlattr *a, *last = NULL;
	int i = 0;

	mnl_attr_for_each_nested(a, nest_) {
		if (i++ == idx)
			return a;
		last = a;
	}
	if (idx >= 0 || !last)
		die("no child %d", idx);
	return last;
}

static void m_top_beyond(struct msg *m)
{
	top_attr(m, -1)->nla_len += 64;
}

static void m_top_short(struct msg *m)
{
	top_attr(m, -1)->nla_len = 2;
}

static void m_node_cut_first(struct msg *m)
{
	/* The nest ends 2 bytes into its 8-byte REMOTE. */
	top_attr(m, -1)->nla_len = NLA_HDRLEN + 6;
}

static void m_node_cut_last(struct msg *m)
{
	top_attr(m, -1)->nla_len -= 4;
}

static void m_cidr_cut(struct msg *m)
{
	child(top_attr(m, -1), -1)->nla_len -= 4;
}

static void m_child_zero(struct msg *m)
{
	child(top_attr(m, -1), 0)->nla_len = 0;
}

static void m_second_node_cut(struct msg *m)
{
	/* Attribute 0 names the device; 2 is the second node. */
	top_attr(m, 2)->nla_len -= 4;
}

static void m_genl_short(struct msg *m)
{
	m->nlh->nlmsg_len = NLMSG_HDRLEN + 2;
}

/* The cases, read from a file: see podol_nlfuzz.cases for its format. */

#define F_CORE		0x1	/* refused by netlink's core: no message needed */
#define F_LENIENT	0x2	/* or accepted as its well-formed part */
#define F_BIG		0x4	/* needs the big buffer */
/* Refused by a dump's .start(), whose message the core carries since 6.5. */
#define F_START		0x8

struct fz_case {
	char *cls;
	char *name;
	enum kind kind;
	uint8_t cmd;
	char *bad;
	char *good;		/* the control; NULL: none */
	unsigned int flags;
	void (*mangle)(struct msg *m);
};

struct case_list {
	struct fz_case *v;
	size_t n, size;
};

/* The cases of class "unknown" and "header" name the first type past these. */
_Static_assert(PODOL_A_MAX == 7 && PODOL_CMD_MAX == 8,
	       "update the cases that name PODOL_A_MAX + 1 and PODOL_CMD_MAX + 1");

/* A case's third field: the message it sends. */
static const struct {
	const char *name;
	enum kind kind;
	uint8_t cmd;
} case_messages[] = {
	{ "ADD",		K_GENL,		PODOL_CMD_NODE_ADD },
	{ "CHANGE",		K_GENL,		PODOL_CMD_NODE_CHANGE },
	{ "DEL",		K_GENL,		PODOL_CMD_NODE_DEL },
	{ "GET",		K_GENL,		PODOL_CMD_NODE_GET },
	{ "FLUSH",		K_GENL,		PODOL_CMD_NODE_FLUSH },
	{ "REPLACE",		K_GENL,		PODOL_CMD_NODE_REPLACE },
	{ "DEV_GET",		K_GENL,		PODOL_CMD_DEV_GET },
	{ "GET dump",		K_DUMP,		PODOL_CMD_NODE_GET },
	{ "DEV_GET dump",	K_DUMP,		PODOL_CMD_DEV_GET },
	{ "newlink create",	K_CREATE,	0 },
	{ "newlink",		K_CHANGE,	0 },
	{ "setlink",		K_SETLINK,	0 },
};

static const struct {
	const char *name;
	unsigned int flag;
} case_flags[] = {
	{ "core",	F_CORE },
	{ "lenient",	F_LENIENT },
	{ "big",	F_BIG },
	{ "start",	F_START },
};

static const struct {
	const char *name;
	void (*fn)(struct msg *m);
} case_mangles[] = {
	{ "top_beyond",		m_top_beyond },
	{ "top_short",		m_top_short },
	{ "node_cut_first",	m_node_cut_first },
	{ "node_cut_last",	m_node_cut_last },
	{ "cidr_cut",		m_cidr_cut },
	{ "child_zero",		m_child_zero },
	{ "second_node_cut",	m_second_node_cut },
	{ "genl_short",		m_genl_short },
};

#define CASE_FIELDS	7
#define CASE_DEFINES	32

struct case_define {
	char *name;
	char *words;
};

struct case_file {
	const char *path;
	unsigned int line;
	struct case_define def[CASE_DEFINES];
	unsigned int ndefs;
};

static void case_error(const struct case_file *cf, const char *what,
		       const char *s)
{
	die("%s:%u: %s%s%s", cf->path, cf->line, what, s ? ": " : "",
	    s ? s : "");
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

/* The words of a field, each $NAME replaced by what "define NAME" gave. */
static char *expand(const struct case_file *cf, char *field)
{
	char out[1024] = "", *save, *w;
	const char *add;
	unsigned int i;
	size_t len = 0;

	for (w = strtok_r(field, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		add = w;
		if (w[0] == '$') {
			for (i = 0; i < cf->ndefs; i++)
				if (!strcmp(cf->def[i].name, w + 1))
					break;
			if (i == cf->ndefs)
				case_error(cf, "undefined", w);
			add = cf->def[i].words;
		}
		len += snprintf(out + len, sizeof(out) - len, "%s%s",
				len ? " " : "", add);
		if (len >= sizeof(out))
			case_error(cf, "words too long", NULL);
	}
	return xstrdup(out);
}

static void case_define(struct case_file *cf, char *rest)
{
	char *name = rest, *words;

	words = strpbrk(rest, " \t");
	if (!words || cf->ndefs == CASE_DEFINES)
		case_error(cf, "bad or one define too many", rest);
	*words++ = '\0';
	cf->def[cf->ndefs].words = expand(cf, words);
	cf->def[cf->ndefs].name = xstrdup(name);
	cf->ndefs++;
}

static void case_parse(struct case_file *cf, char *line, struct fz_case *c)
{
	char *field[CASE_FIELDS] = { NULL }, *save, *w;
	unsigned int n = 0, i;

	for (w = line; n < CASE_FIELDS; n++) {
		field[n] = w;
		w = strchr(w, ';');
		if (!w)
			break;
		*w++ = '\0';
	}
	if (n < 4 || w)
		case_error(cf, "not 5 to 7 fields", NULL);
	for (i = 0; i <= n; i++)
		field[i] = trim(field[i]);

	c->cls = xstrdup(field[0]);
	c->name = xstrdup(field[1]);
	for (i = 0; i < ARRAY_SIZE(case_messages); i++)
		if (!strcmp(field[2], case_messages[i].name))
			break;
	if (i == ARRAY_SIZE(case_messages))
		case_error(cf, "unknown message", field[2]);
	c->kind = case_messages[i].kind;
	c->cmd = case_messages[i].cmd;
	c->bad = expand(cf, field[3]);
	c->good = strcmp(field[4], "-") ? expand(cf, field[4]) : NULL;
	for (w = field[5] ? strtok_r(field[5], " ", &save) : NULL; w;
	     w = strtok_r(NULL, " ", &save)) {
		for (i = 0; i < ARRAY_SIZE(case_flags); i++)
			if (!strcmp(w, case_flags[i].name))
				break;
		if (i == ARRAY_SIZE(case_flags))
			case_error(cf, "unknown flag", w);
		c->flags |= case_flags[i].flag;
	}
	if (field[6] && field[6][0]) {
		for (i = 0; i < ARRAY_SIZE(case_mangles); i++)
			if (!strcmp(field[6], case_mangles[i].name))
				break;
		if (i == ARRAY_SIZE(case_mangles))
			case_error(cf, "unknown damage", field[6]);
		if (c->kind != K_GENL && c->kind != K_DUMP)
			case_error(cf, "damage to a generic netlink message only", NULL);
		c->mangle = case_mangles[i].fn;
	}
}

static void cases_read(const char *path, struct case_list *cl)
{
	struct case_file cf = { .path = path };
	char buf[1024], *line;
	unsigned int i;
	FILE *fp;

	fp = fopen(path, "r");
	if (!fp)
		die("%s: %s", path, strerror(errno));
	while (fgets(buf, sizeof(buf), fp)) {
		cf.line++;
		if (!strchr(buf, '\n') && !feof(fp))
			case_error(&cf, "line too long", NULL);
		line = trim(buf);
		if (!line[0] || line[0] == '#')
			continue;
		if (!strncmp(line, "define ", 7)) {
			case_define(&cf, line + 7);
			continue;
		}
		if (cl->n == cl->size) {
			cl->size = cl->size ? 2 * cl->size : 256;
			cl->v = realloc(cl->v, cl->size * sizeof(*cl->v));
			if (!cl->v)
				die("out of memory");
		}
		memset(&cl->v[cl->n], 0, sizeof(cl->v[cl->n]));
		case_parse(&cf, line, &cl->v[cl->n++]);
	}
	if (ferror(fp))
		die("%s: read error", path);
	fclose(fp);
	for (i = 0; i < cf.ndefs; i++) {
		free(cf.def[i].name);
		free(cf.def[i].words);
	}
}

static void cases_free(struct case_list *cl)
{
	size_t i;

	for (i = 0; i < cl->n; i++) {
		free(cl->v[i].cls);
		free(cl->v[i].name);
		free(cl->v[i].bad);
		free(cl->v[i].good);
	}
	free(cl->v);
}

/* podol_nlfuzz.cases beside the program, unless -c names another file. */
static void cases_path(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;

	if (n < 0)
		die("/proc/self/exe: %s", strerror(errno));
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	snprintf(slash + 1, size - (slash + 1 - buf), "podol_nlfuzz.cases");
}

struct run {
	struct fz *f;
	bool start_extack;		/* a dump's .start() can give a message */
	struct dev target, scratch;
	struct blob table0;		/* the target's table, raw */
	struct mtable base;		/* and in the model's terms */
	struct blob link0, slink0;	/* the target's and scratch's link */
};

static const char *err_name(int err)
{
	static char buf[64];

	if (err == 1)
		return "no answer";
	if (!err)
		return "accepted";
	snprintf(buf, sizeof(buf), "%s", strerror(-err));
	return buf;
}

static int send_case(struct run *r, const struct fz_case *c, bool bad,
		     struct answer *ans)
{
	const struct dev *d = bad ? &r->target : &r->scratch;
	struct fz *f = r->f;
	struct msg *m = c->flags & F_BIG ? &f->big : &f->m;
	const char *spec = bad ? c->bad : c->good;

	switch (c->kind) {
	case K_GENL:
	case K_DUMP:
		build_genl(f, m, c->cmd,
			   c->kind == K_DUMP ? NLM_F_DUMP : NLM_F_ACK, d, spec);
		if (bad && c->mangle)
			c->mangle(m);
		return talk(&f->genl, m, ans, NULL, NULL);
	default:
		build_rtm(f, m, c->kind, d, spec);
		return talk(&f->rtnl, m, ans, NULL, NULL);
	}
}

/*
 * Puts the scratch device back as it was: its table (in content; after a
 * big one, by a replace straight away), its link, no extra device.
 */
static int scratch_back(struct run *r, bool big)
{
	struct blob fp = { 0 };
	int ret = 0;

	if (link_exists(r->f, CREATE_NAME) && link_del(r->f, CREATE_NAME))
		ret = -1;
	if (big && replace_base(r->f, &r->scratch))
		ret = -1;
	if (table_restore(r->f, &r->scratch, &r->base))
		ret = -1;
	if (link_fp(r->f, r->scratch.ifindex, &fp, NULL))
		ret = -1;
	else if (!blob_eq(&fp, &r->slink0) &&
		 (link_restore(r->f, &r->scratch) ||
		  link_fp(r->f, r->scratch.ifindex, &fp, NULL) ||
		  !blob_eq(&fp, &r->slink0)))
		ret = -1;
	free(fp.p);
	if (ret)
		ktap_diag("the scratch device could not be put back");
	return ret;
}

/* The target is what it was; @why says how not. */
static bool target_same(struct run *r, const char **why)
{
	struct blob fp = { 0 };
	bool same = true;

	if (table_fp(r->f, &r->target, &fp) || !blob_eq(&fp, &r->table0)) {
		*why = "the target's table changed";
		same = false;
	} else if (link_fp(r->f, r->target.ifindex, &fp, NULL) ||
		   !blob_eq(&fp, &r->link0)) {
		*why = "the target's link attributes changed";
		same = false;
	}
	free(fp.p);
	return same;
}

static void run_case(struct run *r, const struct fz_case *c)
{
	if ((c->flags & F_BIG) && r->f->quick) {
		ktap_skip("left out (-q)", "%s: %s", c->cls, c->name);
		return;
	}

	struct blob created = { 0 }, fp = { 0 };
	const char *why = NULL, *how = "";
	struct answer ans, ctl;
	long start = (long)(clock_now() * 1000), ms;
	bool pass = true;

	ans.error = 1;
	ans.msg[0] = '\0';
	ctl.error = 0;
	if (c->good) {
		if (send_case(r, c, false, &ctl)) {
			why = ctl.msg;
		} else if (ctl.error) {
			why = "its control was refused";
		} else if (c->kind == K_CREATE &&
			   link_get(r->f, 0, CREATE_NAME, &created, NULL)) {
			why = "its control created no device";
		}
		if (scratch_back(r, c->flags & F_BIG) && !why)
			why = "the scratch device could not be put back";
	}
	if (!why && send_case(r, c, true, &ans))
		why = ans.msg;
	if (!why) {
		if (ans.error < 0 && !ans.msg[0] && (c->flags & F_START) &&
		    !r->start_extack) {
			how = "(no message: a core before 6.5 drops a dump .start()'s)";
		} else if (ans.error < 0 && (ans.msg[0] || (c->flags & F_CORE))) {
			how = ans.msg[0] ? ans.msg : "(no message: netlink's core)";
		} else if (ans.error < 0) {
			why = "refused without an extack message";
		} else if (ans.error > 0) {
			why = "no answer";
		} else if (!(c->flags & F_LENIENT)) {
			why = "ACCEPTED";
		} else if (c->kind == K_CREATE &&
			   (link_get(r->f, 0, CREATE_NAME, &fp, NULL) ||
			    !blob_eq(&fp, &created))) {
			why = "accepted, and the device differs from its control's";
		} else {
			how = ans.msg[0] ? ans.msg : "ignored";
		}
		if (!why && c->kind == K_CREATE && ans.error &&
		    link_exists(r->f, CREATE_NAME))
			why = "refused, yet the device was created";
	}
	if (c->kind == K_CREATE && link_exists(r->f, CREATE_NAME))
		link_del(r->f, CREATE_NAME);
	if (!why && !target_same(r, &why))
		pass = false;
	if (why)
		pass = false;
	ms = (long)(clock_now() * 1000) - start;
	if (!pass) {
		ktap_diag("%s: %s; answer: %s %s", c->name, why,
		     err_name(ans.error), ans.msg);
		if (ctl.error)
			ktap_diag("control: %s %s", err_name(ctl.error), ctl.msg);
		/*
		 * Later cases need the target as it was: the base table in
		 * its order, as podolctl gave it, and its link attributes.
		 */
		replace_base(r->f, &r->target);
		table_fp(r->f, &r->target, &r->table0);
		link_restore(r->f, &r->target);
	} else if (ms >= 500) {
		ktap_diag("%s: %s (%ld ms)", err_name(ans.error), how, ms);
	} else {
		ktap_diag("%s: %s", err_name(ans.error), how);
	}
	ktap_result(pass, "%s: %s%s", c->cls, c->name,
	       c->good ? "" : " (no control)");
	free(created.p);
	free(fp.p);
}

static bool kernel_at_least(unsigned int major, unsigned int minor)
{
	unsigned int a = 0, b = 0;
	struct utsname u;

	if (uname(&u) || sscanf(u.release, "%u.%u", &a, &b) != 2)
		return true;
	return a > major || (a == major && b >= minor);
}

static int cmd_cases(struct fz *f, const char *target, const char *scratch)
{
	struct case_list cl = { 0 };
	struct run r = { .f = f };
	char path[4096];
	struct blob fp = { 0 };
	size_t i;
	bool ok;

	if (!f->cases)
		cases_path(path, sizeof(path));
	cases_read(f->cases ? f->cases : path, &cl);

	dev_init(f, &r.target, target);
	dev_init(f, &r.scratch, scratch);
	r.start_extack = kernel_at_least(6, 5);
	if (link_exists(f, CREATE_NAME))
		die("a device \"%s\" is in the way", CREATE_NAME);

	ktap_plan(1 + cl.n);

	/* The target holds the base table, and the scratch device mirrors it. */
	ok = !table_dump(f, &r.target, &r.table0, &r.base) &&
	     !replace_base(f, &r.scratch) &&
	     !table_fp(f, &r.scratch, &fp) && blob_eq(&fp, &r.table0) &&
	     !link_fp(f, r.target.ifindex, &r.link0, NULL) &&
	     !link_fp(f, r.scratch.ifindex, &r.slink0, NULL);
	ktap_result(ok, "setup: %s holds the base table, %s mirrors it", target, scratch);
	if (!ok) {
		ktap_diag("give %s the table of \"podol_nlfuzz table\" first", target);
		cases_free(&cl);
		return ktap_end();
	}

	for (i = 0; i < cl.n; i++)
		run_case(&r, &cl.v[i]);
	cases_free(&cl);
	free(fp.p);
	return ktap_end();
}

/* The mutations */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	return rng_xorshift64s(&rng_state);
}

static unsigned int rnd_below(unsigned int n)
{
	return n ? rnd() % n : 0;
}

/* Iteration i's own stream: splitmix64's i-th number from seed, never 0. */
static void rng_seed(uint64_t seed, uint64_t i)
{
	rng_state = rng_nth(seed, i) | 1;
}

enum shape { S_REPLACE, S_ADD, S_CHANGE, S_DEL, S_NEWLINK, NR_SHAPES };

static const char *const shape_names[NR_SHAPES] = {
	"REPLACE", "ADD", "CHANGE", "DEL", "RTM_NEWLINK",
};

enum op {
	OP_BIT, OP_BYTE, OP_LEN, OP_TYPE, OP_VALUE, OP_TRUNC, OP_DEL, OP_DUP,
	OP_INSERT, OP_RESIZE, OP_MULTI, NR_OPS
};

static const char *const op_names[NR_OPS] = {
	"bit flips", "byte values", "nla_len values", "nla_type values",
	"payload values", "truncations", "attributes removed",
	"attributes repeated", "attributes inserted", "payloads resized",
	"several at once",
};

/* An attribute of a base message, inside the part that is mutated. */
struct rec {
	size_t off;	/* of its header, in the message */
	uint16_t len;	/* its nla_len in the base message */
	int parent;	/* index, or -1 */
	bool nest;
};

#define MAX_RECS	128

struct base_msg {
	struct msg m;
	size_t start;		/* where mutations may begin */
	size_t outer[2];	/* nla_len offsets of nests around that part */
	unsigned int nouter;
	struct rec recs[MAX_RECS];
	unsigned int nrecs;
};

static void add_recs(struct base_msg *b, size_t off, size_t end, int parent,
		     int depth)
{
	const struct nlattr *a;
	unsigned int type;
	int idx;

	while (off + NLA_HDRLEN <= end) {
		a = (const struct nlattr *)((unsigned char *)b->m.nlh + off);
		if (a->nla_len < NLA_HDRLEN || b->nrecs == MAX_RECS)
			die("a base message too big to mutate");
		type = a->nla_type & NLA_TYPE_MASK;
		idx = b->nrecs++;
		b->recs[idx].off = off;
		b->recs[idx].len = a->nla_len;
		b->recs[idx].parent = parent;
		/* Generic netlink: a node at the top, a CIDR in a node. */
		b->recs[idx].nest = (depth == 0 && type == PODOL_A_NODE &&
				     b->m.nlh->nlmsg_type != RTM_NEWLINK) ||
				    (depth == 1 && type == PODOL_NODE_A_CIDR);
		if (b->recs[idx].nest)
			add_recs(b, off + NLA_HDRLEN, off + a->nla_len, idx,
				 depth + 1);
		off += NLA_ALIGN(a->nla_len);
	}
}

struct mut {
	struct msg m;		/* the mutated message */
	char what[160];
};

static unsigned char *mbytes(struct mut *u)
{
	return (unsigned char *)u->m.nlh;
}

/* Grows (or shrinks) the message by @delta at @at, and every length around. */
static void shift(struct mut *u, const struct base_msg *b, size_t at,
		  long delta, int parent)
{
	size_t len = u->m.nlh->nlmsg_len;
	unsigned int i;
	uint16_t l;

	if (len + delta + 64 > u->m.size)
		die("a mutation outgrew its buffer");
	memmove(mbytes(u) + at + delta, mbytes(u) + at, len - at);
	u->m.nlh->nlmsg_len = len + delta;
	for (; parent >= 0; parent = b->recs[parent].parent) {
		l = rd16(mbytes(u) + b->recs[parent].off) + delta;
		memcpy(mbytes(u) + b->recs[parent].off, &l, sizeof(l));
	}
	for (i = 0; i < b->nouter; i++) {
		l = rd16(mbytes(u) + b->outer[i]) + delta;
		memcpy(mbytes(u) + b->outer[i], &l, sizeof(l));
	}
}

static const struct rec *pick_rec(const struct base_msg *b, bool leaf)
{
	const struct rec *r;
	unsigned int tries;

	for (tries = 0; tries < 64; tries++) {
		r = &b->recs[rnd_below(b->nrecs)];
		if (!leaf || !r->nest)
			return r;
	}
	return &b->recs[0];
}

static void append(struct mut *u, const char *fmt, ...)
{
	size_t used = strlen(u->what);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->what + used, sizeof(u->what) - used, fmt, ap);
	va_end(ap);
}

/* One mutation that moves no byte. */
static void mutate_inplace(struct mut *u, const struct base_msg *b, enum op op)
{
	static const uint8_t bytes[] = { 0x00, 0xff, 0x80, 0x7f, 0x01 };
	size_t end = u->m.nlh->nlmsg_len, off;
	const struct rec *r;
	uint16_t v, l;
	unsigned int i;

	switch (op) {
	case OP_BIT:
		off = b->start + rnd_below(end - b->start);
		i = rnd_below(8);
		mbytes(u)[off] ^= 1 << i;
		append(u, " bit %u of byte %zu", i, off);
		break;
	case OP_BYTE:
		off = b->start + rnd_below(end - b->start);
		i = rnd_below(ARRAY_SIZE(bytes) + 1);
		mbytes(u)[off] = i < ARRAY_SIZE(bytes) ? bytes[i] : rnd();
		append(u, " byte %zu=%02x", off, mbytes(u)[off]);
		break;
	case OP_LEN:
		r = pick_rec(b, false);
		l = r->len;
		switch (rnd_below(9)) {
		case 0:
			v = 0;
			break;
		case 1:
			v = 1 + rnd_below(3);
			break;
		case 2:
			v = 4;
			break;
		case 3:
			v = l - 1;
			break;
		case 4:
			v = l + 1;
			break;
		case 5:
			v = l > 8 ? l - 4 : l + 8;
			break;
		case 6:
			v = l + 4 + rnd_below(64);
			break;
		case 7:
			v = 0xffff;
			break;
		default:
			v = rnd();
			break;
		}
		memcpy(mbytes(u) + r->off, &v, sizeof(v));
		append(u, " nla_len@%zu %u->%u", r->off, l, v);
		break;
	case OP_TYPE:
		r = pick_rec(b, false);
		v = rd16(mbytes(u) + r->off + 2);
		switch (rnd_below(5)) {
		case 0:
			v = (v & ~NLA_TYPE_MASK) | rnd_below(11);
			break;
		case 1:
			v ^= NLA_F_NESTED;
			break;
		case 2:
			v ^= NLA_F_NET_BYTEORDER;
			break;
		case 3:
			v = (v & ~NLA_TYPE_MASK) | ((v + 1) & NLA_TYPE_MASK);
			break;
		default:
			v = rnd();
			break;
		}
		memcpy(mbytes(u) + r->off + 2, &v, sizeof(v));
		append(u, " nla_type@%zu=%04x", r->off, v);
		break;
	case OP_VALUE:
		r = pick_rec(b, true);
		i = rnd_below(4);
		for (off = r->off + NLA_HDRLEN; off < r->off + r->len; off++) {
			if (i == 0)
				mbytes(u)[off] = 0;
			else if (i == 1)
				mbytes(u)[off] = 0xff;
			else if (i == 2)
				mbytes(u)[off] = rnd();
			else
				mbytes(u)[off] ^= 1 << rnd_below(8);
		}
		append(u, " payload@%zu kind %u", r->off, i);
		break;
	default:
		break;
	}
}

/* One mutation that moves bytes: the base's records are stale after it. */
static void mutate_move(struct mut *u, const struct base_msg *b, enum op op)
{
	size_t end = u->m.nlh->nlmsg_len, off, size;
	const struct rec *r;
	unsigned char buf[64];
	struct nlattr *a;
	unsigned int i, nl;
	long delta;

	switch (op) {
	case OP_TRUNC:
		off = b->start + rnd_below(end - b->start);
		/* Only what encloses the whole of it is made shorter. */
		for (i = 0; i < b->nouter; i++) {
			uint16_t l = rd16(mbytes(u) + b->outer[i]) - (end - off);

			memcpy(mbytes(u) + b->outer[i], &l, sizeof(l));
		}
		u->m.nlh->nlmsg_len = off;
		append(u, " cut at %zu", off);
		break;
	case OP_DEL:
		r = pick_rec(b, false);
		size = NLA_ALIGN(r->len);
		shift(u, b, r->off + size, -(long)size, r->parent);
		append(u, " removed@%zu", r->off);
		break;
	case OP_DUP:
		r = pick_rec(b, false);
		size = NLA_ALIGN(r->len);
		shift(u, b, r->off, size, r->parent);
		append(u, " repeated@%zu", r->off);
		break;
	case OP_INSERT:
		r = pick_rec(b, false);
		nl = rnd_below(9);
		a = (struct nlattr *)buf;
		a->nla_len = NLA_HDRLEN + nl;
		a->nla_type = rnd_below(12) | (rnd_below(4) ? 0 : NLA_F_NESTED);
		for (i = 0; i < NLA_ALIGN(nl); i++)
			buf[NLA_HDRLEN + i] = i < nl ? rnd() : 0;
		size = NLA_ALIGN(a->nla_len);
		shift(u, b, r->off, size, r->parent);
		memcpy(mbytes(u) + r->off, buf, size);
		append(u, " inserted@%zu type %04x len %u", r->off, a->nla_type, nl);
		break;
	case OP_RESIZE: {
		static const unsigned int lens[] = { 0, 1, 2, 3, 5, 8, 15, 16, 17 };
		size_t old, new_;

		r = pick_rec(b, true);
		nl = rnd_below(3) ? r->len - NLA_HDRLEN + rnd_below(5) - 2 :
				    lens[rnd_below(ARRAY_SIZE(lens))];
		if ((int)nl < 0)
			nl = 0;
		old = NLA_ALIGN(r->len);
		new_ = NLA_ALIGN(NLA_HDRLEN + nl);
		delta = (long)new_ - (long)old;
		if (delta)
			shift(u, b, r->off + old, delta, r->parent);
		a = (struct nlattr *)(mbytes(u) + r->off);
		for (i = r->len - NLA_HDRLEN; i < new_ - NLA_HDRLEN; i++)
			mbytes(u)[r->off + NLA_HDRLEN + i] = i < nl ? rnd() : 0;
		a->nla_len = NLA_HDRLEN + nl;
		append(u, " resized@%zu to %u", r->off, nl);
		break;
	}
	default:
		break;
	}
}

static void mutate(struct mut *u, const struct base_msg *b, enum op op)
{
	unsigned int i, n;

	memcpy(u->m.nlh, b->m.nlh, b->m.nlh->nlmsg_len);
	u->what[0] = '\0';
	if (op < OP_TRUNC) {
		mutate_inplace(u, b, op);
	} else if (op < OP_MULTI) {
		mutate_move(u, b, op);
	} else {
		n = 2 + rnd_below(3);
		for (i = 0; i < n; i++)
			mutate_inplace(u, b, rnd_below(OP_TRUNC));
		if (rnd_below(2))
			mutate_move(u, b, OP_TRUNC + rnd_below(OP_MULTI - OP_TRUNC));
	}
}

struct mrun {
	struct fz *f;
	struct dev dev;
	struct mdev mdev;
	struct mtable table0;	/* the base table, as the model has it */
	struct blob fp;		/* the device's table now, raw */
	struct blob link0;	/* its link attributes, raw */
	struct mcfg cfg0;
	struct base_msg bases[NR_SHAPES];
	struct mut u;
	unsigned int count[NR_SHAPES][NR_OPS];
	unsigned int accepted[NR_SHAPES][NR_OPS];
	unsigned int failed[NR_SHAPES][NR_OPS];
};

static void base_msgs(struct mrun *mr)
{
	struct fz *f = mr->f;
	struct base_msg *b;
	struct nlattr *li, *data;
	uint32_t any = 0;
	int s;

	for (s = 0; s < NR_SHAPES; s++) {
		b = &mr->bases[s];
		msg_init(&b->m, MSG_SMALL);
		switch (s) {
		case S_REPLACE:
			build_genl(f, &b->m, PODOL_CMD_NODE_REPLACE, NLM_F_ACK,
				   &mr->dev, "base");
			break;
		case S_ADD:
			build_genl(f, &b->m, PODOL_CMD_NODE_ADD, NLM_F_ACK, &mr->dev,
				   "ifname self node remote 10.9.0.1 port 7000 "
				   "cidr 10.99.0.0/24 cidr fd99::/64");
			break;
		case S_CHANGE:
			build_genl(f, &b->m, PODOL_CMD_NODE_CHANGE, NLM_F_ACK,
				   &mr->dev, "node remote 2001:db8::23 port 7003 "
				   "cidr 192.168.23.0/24 cidr fd10:23::/64 "
				   "cidr fd99:1::/64");
			break;
		case S_DEL:
			build_genl(f, &b->m, PODOL_CMD_NODE_DEL, NLM_F_ACK, &mr->dev,
				   "node remote 10.0.0.21");
			break;
		case S_NEWLINK:
			rtm_begin(&b->m, RTM_NEWLINK, NLM_F_ACK, mr->dev.ifindex);
			li = nest(&b->m, IFLA_LINKINFO);
			put_str(&b->m, IFLA_INFO_KIND, "podol");
			data = nest(&b->m, IFLA_INFO_DATA);
			put_u16(&b->m, IFLA_PODOL_PORT, htons(mr->dev.port));
			put(&b->m, IFLA_PODOL_LOCAL, 4, &any);
			put_u32(&b->m, IFLA_PODOL_ID, 7);
			put_u8(&b->m, IFLA_PODOL_TTL, 64);
			put_u8(&b->m, IFLA_PODOL_TTL_INHERIT, 0);
			put_u8(&b->m, IFLA_PODOL_TOS, 0x10);
			put_u8(&b->m, IFLA_PODOL_UDP_CSUM, 0);
			put_u32(&b->m, IFLA_PODOL_LINK, 0);
			nest_end(&b->m, data);
			nest_end(&b->m, li);
			b->outer[0] = (unsigned char *)li - (unsigned char *)b->m.nlh;
			b->outer[1] = (unsigned char *)data - (unsigned char *)b->m.nlh;
			b->nouter = 2;
			b->start = b->outer[1] + NLA_HDRLEN;
			add_recs(b, b->start, b->m.nlh->nlmsg_len, -1, 0);
			continue;
		}
		b->start = NLMSG_HDRLEN + GENL_HDRLEN;
		add_recs(b, b->start, b->m.nlh->nlmsg_len, -1, 0);
	}
}

static void hexdump(const struct msg *m, size_t from)
{
	const unsigned char *p = (const unsigned char *)m->nlh;
	size_t i, end = m->nlh->nlmsg_len;
	char line[80];
	int n = 0;

	if (end > from + 384)
		end = from + 384;
	for (i = from; i < end; i++) {
		n += snprintf(line + n, sizeof(line) - n, "%02x", p[i]);
		if ((i - from) % 32 == 31 || i + 1 == end) {
			ktap_diag("  %04zx: %s", i - (i - from) % 32, line);
			n = 0;
		}
	}
}

/* The device now: its table or link, raw and in the model's terms. */
struct state {
	struct blob fp, info;
	struct mtable t;
	struct mcfg cfg;
};

static int state_get(struct mrun *mr, bool link, struct state *st)
{
	if (!link)
		return table_dump(mr->f, &mr->dev, &st->fp, &st->t);
	if (link_fp(mr->f, mr->dev.ifindex, &st->fp, &st->info))
		return -1;
	cfg_parse(&st->info, &st->cfg);
	return 0;
}

/*
 * Sends one message, mutated or not, checks the answer and the device
 * against the model, and puts the device back if the message changed it.
 */
static bool one(struct mrun *mr, enum shape s, const char *what, bool verbose,
		bool *accepted)
{
	struct fz *f = mr->f;
	struct msg *m = &mr->u.m;
	bool link = s == S_NEWLINK, pass;
	struct mtable *want = calloc(1, sizeof(*want));
	struct state *st = calloc(1, sizeof(*st));
	struct blob *before = link ? &mr->link0 : &mr->fp;
	const struct base_msg *b = &mr->bases[s];
	struct mcfg cfg = mr->cfg0;
	const char *why = NULL;
	struct answer ans;
	int verdict, dlen;

	if (!want || !st)
		die("out of memory");
	*want = mr->table0;
	if (link) {
		/* The mutated part is IFLA_INFO_DATA's payload, its length fixed up. */
		dlen = rd16((unsigned char *)m->nlh + b->outer[1]) - NLA_HDRLEN;
		verdict = m_link((unsigned char *)m->nlh + b->start, dlen, &cfg);
	} else {
		verdict = m_genl(m->nlh, &mr->mdev, want) ? M_OK : M_BAD;
	}
	if (talk(link ? &f->rtnl : &f->genl, m, &ans, NULL, NULL))
		why = ans.msg;
	else if (state_get(mr, link, st))
		why = "cannot read the device back";
	else if (verdict == M_OK && ans.error)
		why = "refused, yet the model says it is valid";
	else if (verdict != M_OK && !ans.error)
		why = "ACCEPTED, yet the model says it is malformed";
	else if (verdict == M_BAD && !ans.msg[0])
		why = "refused without an extack message";
	else if (verdict != M_OK && !blob_eq(&st->fp, before))
		why = "refused, yet the device changed";
	else if (verdict == M_OK && link && !cfg_eq(&cfg, &st->cfg))
		why = "accepted, but the device is not what the model says";
	else if (verdict == M_OK && !link && !table_eq(want, &st->t))
		why = "accepted, but the table is not what the model says";
	pass = !why;
	*accepted = !ans.error;
	if (!pass || verbose) {
		ktap_diag("%s%s: %s; model: %s; kernel: %s %s", shape_names[s], what,
		     why ? why : "ok",
		     verdict == M_OK ? "valid" : verdict == M_BAD ? "malformed" :
		     "malformed (netlink's core)", err_name(ans.error), ans.msg);
		hexdump(m, b->start);
	}
	/* Back to the base state for the next one. */
	if (!ans.error || !blob_eq(&st->fp, before)) {
		bool back;

		if (link)
			back = !link_restore(f, &mr->dev) &&
			       !link_fp(f, mr->dev.ifindex, &st->fp, NULL) &&
			       blob_eq(&st->fp, &mr->link0);
		else
			back = !table_restore(f, &mr->dev, &mr->table0) &&
			       !table_fp(f, &mr->dev, &mr->fp);
		if (!back)
			die("cannot put %s back", mr->dev.name);
	}
	free(st->fp.p);
	free(st->info.p);
	free(st);
	free(want);
	return pass;
}

static int cmd_mutate(struct fz *f, const char *name, uint64_t seed,
		      unsigned long count, long only)
{
	struct mrun *mr = calloc(1, sizeof(*mr));
	struct state *st = calloc(1, sizeof(*st));
	bool ok = true, acc, all = true;
	unsigned long i;
	int s, o;

	if (!mr || !st)
		die("out of memory");
	mr->f = f;
	dev_init(f, &mr->dev, name);
	mr->mdev.ifindex = mr->dev.ifindex;
	mr->mdev.name = mr->dev.name;
	msg_init(&mr->u.m, MSG_SMALL);
	base_msgs(mr);

	ktap_plan(only >= 0 ? 1 : 1 + NR_SHAPES * NR_OPS);
	ktap_diag("seed %llu, %lu mutations", (unsigned long long)seed, count);

	/* The base state, and the five messages as they are: all valid. */
	if (replace_base(f, &mr->dev) || state_get(mr, false, st))
		die("cannot give %s the base table", name);
	mr->table0 = st->t;
	blob_copy(&mr->fp, &st->fp);
	if (state_get(mr, true, st))
		die("cannot read %s's link attributes", name);
	blob_copy(&mr->link0, &st->fp);
	mr->cfg0 = st->cfg;
	for (s = 0; s < NR_SHAPES; s++) {
		memcpy(mr->u.m.nlh, mr->bases[s].m.nlh, mr->bases[s].m.nlh->nlmsg_len);
		ok &= one(mr, s, " unmutated", f->verbose, &acc);
		all &= acc;
	}
	ktap_result(ok && all,
	       "controls: the %d messages unmutated are accepted and do what the model says",
	       NR_SHAPES);

	for (i = 0; i < count; i++) {
		if (only >= 0 && i != (unsigned long)only)
			continue;
		s = i % NR_SHAPES;
		o = (i / NR_SHAPES) % NR_OPS;
		rng_seed(seed, i);
		mutate(&mr->u, &mr->bases[s], o);
		snprintf(mr->u.what + strlen(mr->u.what),
			 sizeof(mr->u.what) - strlen(mr->u.what),
			 " (iteration %lu)", i);
		mr->count[s][o]++;
		if (!one(mr, s, mr->u.what, f->verbose || only >= 0, &acc))
			mr->failed[s][o]++;
		mr->accepted[s][o] += acc;
	}
	if (only >= 0)
		return ktap_end();
	for (s = 0; s < NR_SHAPES; s++) {
		for (o = 0; o < NR_OPS; o++) {
			ktap_result(!mr->failed[s][o],
			       "%s, %s: %u mutations, %u refused, %u accepted as valid, %u failed",
			       shape_names[s], op_names[o], mr->count[s][o],
			       mr->count[s][o] - mr->accepted[s][o],
			       mr->accepted[s][o], mr->failed[s][o]);
		}
	}
	return ktap_end();
}

static int usage(void)
{
	fprintf(stderr,
		"usage: podol_nlfuzz table\n"
		"       podol_nlfuzz [-v] [-q] [-c FILE] cases TARGET SCRATCH\n"
		"       podol_nlfuzz [-v] mutate DEV [SEED [COUNT [ITERATION]]]\n"
		"  -v  every message and answer; -q  no 100,000-node replace;\n"
		"  -c  the cases (podol_nlfuzz.cases beside the program)\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct fz f = { 0 };
	int i = 1;

	for (; argc > i && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v"))
			f.verbose = true;
		else if (!strcmp(argv[i], "-q"))
			f.quick = true;
		else if (!strcmp(argv[i], "-c") && argc > i + 1)
			f.cases = argv[++i];
		else
			return usage();
	}
	if (argc <= i)
		return usage();
	if (!strcmp(argv[i], "table"))
		return cmd_table();
	setvbuf(stdout, NULL, _IOLBF, 0);
	nl_open(&f.genl, NETLINK_GENERIC);
	nl_open(&f.rtnl, NETLINK_ROUTE);
	msg_init(&f.m, MSG_SMALL);
	msg_init(&f.big, MSG_BIG);
	f.lo = if_nametoindex("lo");
	get_family(&f);
	if (!strcmp(argv[i], "cases") && argc == i + 3)
		return cmd_cases(&f, argv[i + 1], argv[i + 2]);
	if (!strcmp(argv[i], "mutate") && argc >= i + 2 && argc <= i + 5)
		return cmd_mutate(&f, argv[i + 1],
				  argc > i + 2 ? strtoull(argv[i + 2], NULL, 0) : 1,
				  argc > i + 3 ? strtoul(argv[i + 3], NULL, 0) : 3000,
				  argc > i + 4 ? strtol(argv[i + 4], NULL, 0) : -1);
	return usage();
}
