// SPDX-License-Identifier: GPL-2.0
/*
 * libpodol's unit tests: what needs no kernel. Addresses and the rules,
 * the builders' overflow checks, the node and counters encoded and
 * decoded, and the answer loop fed crafted answers (extack, dump
 * interrupted, a dump's error). KTAP on stdout; exit 1 if any failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "node.h"
#include "rules.h"
#include "stats.h"
#include "unit.h"

#define PLAN	55

static void test_addr(void)
{
	char buf[PODOL_CIDR_STRLEN], why[128];
	struct podol_cidr c;
	struct podol_addr a;
	unsigned long v;

	CHECK(!podol_parse_addr("10.0.0.1", &a) && a.family == AF_INET,
	      "parse an IPv4 address");
	CHECK(!podol_parse_addr("2001:db8::1", &a) && a.family == AF_INET6,
	      "parse an IPv6 address");
	CHECK(podol_parse_addr("10.0.0", &a) == -EINVAL,
	      "refuse a partial address");
	CHECK(!podol_parse_cidr("192.168.1.0/24", &c, why, sizeof(why)) &&
	      c.len == 24, "parse a prefix");
	podol_format_cidr(&c, buf, sizeof(buf));
	CHECK(!strcmp(buf, "192.168.1.0/24"), "format it back: %s", buf);
	CHECK(!podol_parse_cidr("fd00:1::", &c, why, sizeof(why)) &&
	      c.len == 128, "no length: the whole address");
	CHECK(podol_parse_cidr("192.168.1.1/24", &c, why, sizeof(why)) &&
	      !strcmp(why, "host bits set (did you mean 192.168.1.0/24?)"),
	      "host bits: %s", why);
	CHECK(podol_parse_cidr("10.0.0.0/33", &c, why, sizeof(why)) &&
	      !strcmp(why, "the prefix length must be 0..32"),
	      "length past the family's: %s", why);
	CHECK(podol_parse_cidr("10.0.0.0/-1", &c, why, sizeof(why)),
	      "a signed length is refused");
	CHECK(podol_parse_cidr("pods/24", &c, why, sizeof(why)) &&
	      !strcmp(why, "not an IPv4 or IPv6 address"), "not an address");
	CHECK(podol_parse_decimal("65536", 65535, &v) &&
	      !podol_parse_decimal("65535", 65535, &v) && v == 65535,
	      "a number no larger than its max");
	CHECK(podol_parse_decimal("99999999999999999999999", ~0UL, &v),
	      "a number that would wrap is refused");
	CHECK(podol_parse_decimal("5", 0, &v) && !podol_parse_decimal("0", 0, &v),
	      "a max below a digit");
}

static void test_rules(void)
{
	static const char *const refused[] = {
		"127.0.0.1", "224.0.0.1", "255.255.255.255", "0.0.0.0",
		"0.1.2.3", "::1", "ff02::1", "::", "::ffff:10.0.0.1",
	};
	static const char *const fine[] = {
		"10.0.0.1", "192.0.2.255", "2001:db8::1", "fe80::1",
	};
	struct podol_addr a;
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		podol_parse_addr(refused[i], &a);
		CHECK(podol_underlay_refusal(a.family, a.bytes),
		      "underlay %s refused", refused[i]);
	}
	for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
		podol_parse_addr(fine[i], &a);
		CHECK(!podol_underlay_refusal(a.family, a.bytes),
		      "underlay %s accepted", fine[i]);
	}
	CHECK(podol_port_refusal(0) && podol_port_refusal(65536) &&
	      !podol_port_refusal(1) && !podol_port_refusal(65535),
	      "a port is 1..65535");
}

static void test_builders(void)
{
	struct podol_msg m;
	struct nlattr *nest;
	int i;

	podol_msg_new(&m, 42, 0, 1, 1, podol_attr_size(4));
	podol_put_u32(&m, 1, 7);
	CHECK(!m.overflow, "an attribute sized for fits");
	podol_put_u8(&m, 2, 7);
	CHECK(m.overflow, "one more overflows");
	podol_msg_free(&m);

	podol_msg_new(&m, 42, 0, 1, 1, 70000);
	nest = podol_nest_start(&m, 1);
	for (i = 0; i < 70000 / 8 - 8; i++)
		podol_put_u32(&m, 2, i);
	podol_nest_end(&m, nest);
	CHECK(m.overflow, "a nest past 64 KiB is an overflow, not cut short");
	podol_msg_free(&m);

	/* An rtnetlink request: its own fixed header, then attributes. */
	podol_msg_new_hdr(&m, RTM_NEWLINK, NLM_F_ACK, sizeof(struct ifinfomsg),
			  podol_attr_size(4));
	podol_put_u32(&m, 1, 7);
	CHECK(!m.overflow && m.nlh->nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK) &&
	      m.nlh->nlmsg_len == MNL_NLMSG_HDRLEN +
				  MNL_ALIGN(sizeof(struct ifinfomsg)) +
				  podol_attr_size(4),
	      "a request with a header of its own holds what it was sized for");
	CHECK(mnl_attr_get_u32(mnl_nlmsg_get_payload_offset(m.nlh,
				sizeof(struct ifinfomsg))) == 7,
	      "its attributes follow that header");
	podol_msg_free(&m);
}

/* A reply holding @n's encoding, whose PODOL_A_NODE is returned. */
static const struct nlattr *encode(struct podol_msg *m,
				   const struct podol_node *n)
{
	podol_msg_new(m, 42, 0, PODOL_CMD_NODE_GET, 1, podol_node_attr_size(n));
	podol_node_put(m, n);
	return mnl_nlmsg_get_payload_offset(m->nlh, GENL_HDRLEN);
}

static void test_node(void)
{
	struct podol_cidr cidrs[3];
	struct podol_node n = { .port = 7000, .ncidrs = 3, .cidrs = cidrs };
	struct podol_nl nl = { .sock = NULL };
	struct podol_node back;
	const struct nlattr *a;
	struct podol_msg m;
	char why[64];
	unsigned int i;
	bool same;

	podol_parse_addr("2001:db8::12", &n.remote);
	podol_parse_cidr("192.168.1.0/24", &cidrs[0], why, sizeof(why));
	podol_parse_cidr("fd00:1::/64", &cidrs[1], why, sizeof(why));
	podol_parse_cidr("0.0.0.0/0", &cidrs[2], why, sizeof(why));
	a = encode(&m, &n);
	CHECK(!m.overflow && (char *)mnl_nlmsg_get_payload_tail(m.nlh) ==
	      m.buf + m.size, "podol_node_attr_size() is exact");
	memset(&back, 0, sizeof(back));
	CHECK(!podol_node_parse(&nl, a, &back), "the node decodes");
	same = back.ncidrs == n.ncidrs && back.port == n.port &&
	       !podol_cmp_addr(&back.remote, &n.remote) && !back.has_stats;
	for (i = 0; same && i < n.ncidrs; i++)
		same = !podol_cmp_cidr(&back.cidrs[i], &cidrs[i]);
	CHECK(same, "to the node encoded");
	free(back.cidrs);
	podol_msg_free(&m);

	n.port = 0;
	n.ncidrs = 0;
	podol_parse_addr("10.0.0.1", &n.remote);
	a = encode(&m, &n);
	CHECK(!podol_node_parse(&nl, a, &back) && !back.port &&
	      back.remote.family == AF_INET, "no port: none decoded");
	free(back.cidrs);
	podol_msg_free(&m);

	/* A remote of 5 bytes. */
	podol_msg_new(&m, 42, 0, 1, 1, 64);
	a = podol_nest_start(&m, PODOL_A_NODE);
	podol_put(&m, PODOL_NODE_A_REMOTE, 5, "abcde");
	podol_nest_end(&m, (struct nlattr *)a);
	CHECK(podol_node_parse(&nl, a, &back) == -EBADMSG &&
	      strstr(nl.error, "neither 4 nor 16"), "a bad remote: %s",
	      nl.error);
	free(back.cidrs);
	podol_msg_free(&m);
}

static void test_stats(void)
{
	struct podol_nl nl = { .sock = NULL };
	struct nlattr *st, *drops;
	struct podol_stats s;
	struct podol_msg m;
	uint64_t v = 5;

	podol_msg_new(&m, 42, 0, 1, 1, 256);
	st = podol_nest_start(&m, PODOL_A_STATS);
	mnl_attr_put_u64(m.nlh, PODOL_STATS_A_RX_PACKETS, 3);
	drops = podol_nest_start(&m, PODOL_STATS_A_DROPS);
	mnl_attr_put_u64(m.nlh, PODOL_DROP_NONE, 1);
	mnl_attr_put_u64(m.nlh, PODOL_DROP_TX_NO_NODE, 2);
	mnl_attr_put_u64(m.nlh, PODOL_DROP_MAX, 4);
	mnl_attr_put_u64(m.nlh, PODOL_DROP_MAX + 1, v);
	podol_nest_end(&m, drops);
	podol_nest_end(&m, st);
	CHECK(!podol_stats_parse(&nl, st, &s) && s.rx_packets == 3 &&
	      !s.has_last_rx, "counters decode");
	CHECK(s.drops_present == (1U << PODOL_DROP_TX_NO_NODE |
				  1U << PODOL_DROP_MAX) &&
	      s.drops[PODOL_DROP_TX_NO_NODE] == 2 &&
	      s.drops[PODOL_DROP_MAX] == 4,
	      "drops by reason; NONE and a newer kernel's skipped");
	CHECK(!strcmp(podol_drop_name(PODOL_DROP_RX_SPOOFED_LOCAL),
		      "rx_spoofed_local") && !podol_drop_name(PODOL_DROP_NONE) &&
	      !podol_drop_name(PODOL_DROP_MAX + 1), "drop reason names");
	podol_msg_free(&m);

	podol_msg_new(&m, 42, 0, 1, 1, 64);
	st = podol_nest_start(&m, PODOL_A_STATS);
	drops = podol_nest_start(&m, PODOL_STATS_A_DROPS);
	podol_put_u32(&m, PODOL_DROP_RX_SHORT, 1);
	podol_nest_end(&m, drops);
	podol_nest_end(&m, st);
	CHECK(podol_stats_parse(&nl, st, &s) == -EBADMSG,
	      "a drop counter of the wrong size: %s", nl.error);
	podol_msg_free(&m);
}

/* Appends a message of @type to @buf at *@len; returns it. */
static struct nlmsghdr *put_msg(char *buf, int *len, uint16_t type,
				uint16_t flags, uint32_t seq, uint32_t pid)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf + *len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = pid;
	return nlh;
}

static int count_cb(struct podol_nl *nl, const struct nlmsghdr *nlh,
		    void *data)
{
	(void)nl;
	(void)nlh;
	(*(int *)data)++;
	return 0;
}

static void test_walk(void)
{
	struct podol_nl nl = { .portid = 77 };
	struct podol_node nodes[2] = { { .ncidrs = 0 } };
	char buf[1024] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;
	struct podol_msg m;
	size_t off;
	bool intr;
	int len = 0, replies = 0, ret;

	/* A replace of two nodes; the kernel blames the second's remote. */
	podol_parse_addr("10.0.0.1", &nodes[0].remote);
	podol_parse_addr("10.0.0.2", &nodes[1].remote);
	podol_msg_new(&m, 42, NLM_F_ACK, PODOL_CMD_NODE_REPLACE, 1,
		      2 * podol_node_attr_size(&nodes[0]));
	podol_node_put(&m, &nodes[0]);
	podol_node_put(&m, &nodes[1]);
	m.nlh->nlmsg_seq = 9;
	off = (char *)mnl_nlmsg_get_payload_tail(m.nlh) - m.buf - 4;

	nlh = put_msg(buf, &len, 42, NLM_F_MULTI, 8, 77);	/* stale */
	len += nlh->nlmsg_len;
	nlh = put_msg(buf, &len, 42, NLM_F_MULTI | NLM_F_DUMP_INTR, 9, 77);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	len += nlh->nlmsg_len;
	nlh = put_msg(buf, &len, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS,
		      9, 77);
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -EEXIST;
	e->msg = *m.nlh;
	mnl_attr_put_strz(nlh, 1 /* NLMSGERR_ATTR_MSG */, "duplicate remote");
	mnl_attr_put_u32(nlh, 2 /* NLMSGERR_ATTR_OFFS */, off);
	len += nlh->nlmsg_len;

	ret = podol_nl_walk(&nl, m.nlh, buf, len, count_cb, &replies, &intr);
	CHECK(ret == -EEXIST && podol_nl_is_refusal(&nl, ret),
	      "an error ends the answer as a refusal");
	CHECK(replies == 1, "replies of another request are skipped");
	CHECK(intr, "NLM_F_DUMP_INTR is seen");
	CHECK(!strcmp(nl.extack, "duplicate remote"), "the extack message");
	CHECK(nl.bad_attr == off && podol_nl_blamed(&nl, &m, PODOL_A_NODE) == 1,
	      "the extack offset names the second node");

	/* A dump's end carrying its error. */
	len = 0;
	nlh = put_msg(buf, &len, NLMSG_DONE, NLM_F_MULTI, 9, 77);
	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = -ENODEV;
	len += nlh->nlmsg_len;
	CHECK(podol_nl_walk(&nl, m.nlh, buf, len, NULL, NULL, NULL) == -ENODEV,
	      "NLMSG_DONE carries the dump's error");

	/* An answer that goes on: no end in this datagram. */
	len = 0;
	nlh = put_msg(buf, &len, 42, NLM_F_MULTI, 9, 77);
	len += nlh->nlmsg_len;
	CHECK(podol_nl_walk(&nl, m.nlh, buf, len, NULL, NULL, NULL) == 1,
	      "no end yet: read on");

	/* rtnetlink: RTM_GETLINK is answered with RTM_NEWLINK, then an ack. */
	len = 0;
	replies = 0;
	nl.extack[0] = '\0';
	nlh = put_msg(buf, &len, RTM_NEWLINK, 0, 9, 77);
	len += nlh->nlmsg_len;
	nlh = put_msg(buf, &len, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS,
		      9, 77);
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->msg = *m.nlh;
	mnl_attr_put_strz(nlh, 1 /* NLMSGERR_ATTR_MSG */, "a warning");
	len += nlh->nlmsg_len;
	ret = podol_nl_walk(&nl, m.nlh, buf, len, count_cb, &replies, NULL);
	CHECK(ret == 0 && replies == 1,
	      "a reply of another type than the request's is a reply");
	CHECK(!strcmp(nl.extack, "a warning"),
	      "an ack's extack message is kept: a warning");
	podol_msg_free(&m);
}

struct acks {
	int err[3];
	char extack[3][sizeof(((struct podol_nl *)0)->extack)];
};

static int ack_cb(struct podol_nl *nl, size_t i, int err, void *data)
{
	struct acks *a = data;

	a->err[i] = err;
	snprintf(a->extack[i], sizeof(a->extack[i]), "%s", nl->extack);
	return 0;
}

/* A batch of three requests (seq 10 to 12) and their acks. */
static void test_walk_acks(void)
{
	struct podol_nl nl = { .portid = 77 };
	struct acks acks = { .err = { 1, 1, 1 } };
	char buf[1024] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;
	size_t got = 0;
	int len = 0, ret;

	nlh = put_msg(buf, &len, NLMSG_ERROR, 0, 9, 77);	/* stale */
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -EPERM;
	len += nlh->nlmsg_len;
	nlh = put_msg(buf, &len, NLMSG_ERROR, 0, 10, 77);
	mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	len += nlh->nlmsg_len;
	nlh = put_msg(buf, &len, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS,
		      11, 77);
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -ENOENT;
	mnl_attr_put_strz(nlh, 1 /* NLMSGERR_ATTR_MSG */, "no such node");
	len += nlh->nlmsg_len;
	nlh = put_msg(buf, &len, NLMSG_ERROR, 0, 12, 77);
	mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	len += nlh->nlmsg_len;

	ret = podol_nl_walk_acks(&nl, 10, 3, buf, len, ack_cb, &acks, &got);
	CHECK(ret == 0 && got == 3, "a batch's three acks are counted");
	CHECK(acks.err[0] == 0 && acks.err[2] == 0 && acks.err[1] == -ENOENT,
	      "each ack goes to its request");
	CHECK(!strcmp(acks.extack[1], "no such node") && !acks.extack[2][0],
	      "each refusal with its own extack");

	/* The acks may come one datagram at a time. */
	got = 0;
	ret = podol_nl_walk_acks(&nl, 10, 3, buf, len - nlh->nlmsg_len,
				 ack_cb, &acks, &got);
	CHECK(ret == 0 && got == 2, "acks still to come are not counted");

	/* A reply where an ack was due. */
	len = 0;
	nlh = put_msg(buf, &len, 42, 0, 11, 77);
	len += nlh->nlmsg_len;
	got = 0;
	ret = podol_nl_walk_acks(&nl, 10, 3, buf, len, ack_cb, &acks, &got);
	CHECK(ret == -EBADMSG && !podol_nl_is_refusal(&nl, ret) && !got,
	      "a reply instead of an ack is a bad reply: %s", nl.error);
}

int main(void)
{
	printf("KTAP version 1\n1..%d\n", PLAN);
	test_addr();
	test_rules();
	test_builders();
	test_node();
	test_stats();
	test_walk();
	test_walk_acks();
	if (unit_count != PLAN) {
		printf("# planned %d checks, ran %d\n", PLAN, unit_count);
		unit_failed++;
	}
	printf("# %d passed, %d failed\n", unit_count - unit_failed,
	       unit_failed);
	return unit_failed ? 1 : 0;
}
