// SPDX-License-Identifier: GPL-2.0
/*
 * The unit tests of podold's record parsers (json.c, cluster.c,
 * record.c): every refusal with the words its message must hold, good
 * records with the canonical text they format to, and the round trip
 * (parse, format, parse again: the same struct and the same text). KTAP
 * on stdout, the plan last; exits 1 if any check failed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "property.h"
#include "unit.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* A refused input and what its message must say. */
struct refusal {
	const char *json;
	size_t len;
	const char *why;
};

/* @json is a literal: its length counts the NULs some of them hold. */
#define REFUSE(json, why)	{ json, sizeof(json) - 1, why }

/* An accepted input and the canonical text it formats to. */
struct good {
	const char *json;
	const char *canonical;
};

#define C(cidrs)	"{\"cidrs\": [" cidrs "]}"
#define C1(rest)	"{\"cidrs\": [\"10.244.0.0/16\"], " rest "}"
#define C2(rest)	"{\"cidrs\": [\"10.244.0.0/16\", \"fd10::/56\"], " rest "}"

static const struct refusal cluster_refusals[] = {
	/* Not JSON, or not one object. */
	REFUSE("{\"cidrs\": [", "line 1, column 11: ']' expected"),
	REFUSE("{\n\"cidrs\":\n[\"10.0.0.0/8\"]\n,}", "line 4, column 2:"),
	REFUSE("", "empty, not a JSON object"),
	REFUSE(" ", "line 1, column 1: '[' or '{' expected"),
	REFUSE("[]", "the top level is an array, not an object"),
	REFUSE("\"x\"", "'[' or '{' expected"),
	REFUSE(C("\"10.0.0.0/8\"") " x", "end of file expected near 'x'"),
	REFUSE("{\"cidrs\": [\"10.0.0.0/8\"]}\0", "end of file expected"),
	REFUSE("{\"cidrs\": [\"10.0.0.0/8\0\"]}", "control character 0x0"),
	REFUSE(C("\"10.0.0.0/8\\u0000\""), "\\u0000 is not allowed"),
	REFUSE("{\"cid\\u0000rs\": 1}", "NUL byte in object key"),
	REFUSE(C("\"10.0.0.0/8\xff\""), "unable to decode byte 0xff"),
	REFUSE(C1("\"port\": 1, \"port\": 2"), "duplicate object key near '\"port\"'"),
	REFUSE(C1("\"port\": 99999999999999999999"), "too big integer"),
	REFUSE(C1("\"port\": -99999999999999999999"), "too big negative integer"),
	REFUSE(C1("\"port\": 1e400"), "real number overflow"),
	/* Keys. */
	REFUSE("{}", "missing \"cidrs\""),
	REFUSE(C1("\"foo\": 1"), "unknown key \"foo\""),
	REFUSE(C1("\"Port\": 1"), "unknown key \"Port\""),
	REFUSE(C1("\"a\\u0001\\\"b\\\\\": 1"), "unknown key \"a\\x01\\\"b\\\\\""),
	REFUSE(C1("\"0123456789012345678901234567890123456789xyz\": 1"),
	  "unknown key \"0123456789012345678901234567890123456789\"..."),
	REFUSE(C1("\"\": 1"), "unknown key \"\""),
	/* Ranges. */
	REFUSE("{\"cidrs\": \"10.0.0.0/8\"}", "\"cidrs\": must be an array, not a string"),
	REFUSE("{\"cidrs\": null}", "\"cidrs\": must be an array, not null"),
	REFUSE(C(""), "\"cidrs\": 0 prefixes, must be 1..2"),
	REFUSE(C("\"10.0.0.0/8\", \"fd00::/8\", \"11.0.0.0/8\""),
	  "\"cidrs\": 3 prefixes, must be 1..2"),
	REFUSE(C("8"), "\"cidrs\"[0]: must be a string, not an integer"),
	REFUSE(C("\"10.0.0.0/8\", {}"), "\"cidrs\"[1]: must be a string, not an object"),
	REFUSE(C("\"10.0.0.1/8\""),
	  "\"cidrs\": \"10.0.0.1/8\": host bits set (did you mean 10.0.0.0/8?)"),
	REFUSE(C("\"10.0.0.0/33\""), "\"cidrs\": \"10.0.0.0/33\": the prefix length must be 0..32"),
	REFUSE(C("\"fd00::/129\""), "the prefix length must be 0..128"),
	REFUSE(C("\"10.0.0.0/-8\""), "the prefix length must be 0..32"),
	REFUSE(C("\"10.0.0.0/\""), "the prefix length must be 0..32"),
	REFUSE(C("\"10.0.0.0\""), "\"cidrs\": \"10.0.0.0\" has no prefix length (ADDR/LEN)"),
	REFUSE(C("\"pods/8\""), "\"cidrs\": \"pods/8\": not an IPv4 or IPv6 address"),
	REFUSE(C("\" 10.0.0.0/8\""), "not an IPv4 or IPv6 address"),
	REFUSE(C("\"10.0.0.0/8\", \"11.0.0.0/8\""),
	  "\"cidrs\": 10.0.0.0/8 and 11.0.0.0/8 are both IPv4; at most one prefix per family"),
	REFUSE(C("\"fd00::/8\", \"fd00::/16\""), "are both IPv6"),
	/* Numbers. */
	REFUSE(C1("\"port\": 70000"), "\"port\": 70000 is out of range 1..65535"),
	REFUSE(C1("\"port\": 0"), "\"port\": 0 is out of range 1..65535"),
	REFUSE(C1("\"port\": -1"), "\"port\": -1 is out of range 1..65535"),
	REFUSE(C1("\"port\": 6464.0"),
	  "\"port\": must be an integer, not a number with a fraction or an exponent"),
	REFUSE(C1("\"port\": 6.464e3"), "\"port\": must be an integer, not a number"),
	REFUSE(C1("\"port\": \"6464\""), "\"port\": must be an integer, not a string"),
	REFUSE(C1("\"port\": true"), "\"port\": must be an integer, not true"),
	REFUSE(C1("\"port\": false"), "\"port\": must be an integer, not false"),
	REFUSE(C1("\"port\": null"), "\"port\": must be an integer, not null"),
	REFUSE(C1("\"port\": [6464]"), "\"port\": must be an integer, not an array"),
	REFUSE(C1("\"id\": 16777216"), "\"id\": 16777216 is out of range 0..16777215"),
	REFUSE(C1("\"id\": -1"), "\"id\": -1 is out of range 0..16777215"),
	REFUSE(C1("\"node-prefix-ipv4\": 15"), "\"node-prefix-ipv4\": 15 is out of range 16..32"),
	REFUSE(C1("\"node-prefix-ipv4\": 33"), "\"node-prefix-ipv4\": 33 is out of range 16..32"),
	REFUSE(C1("\"node-prefix-ipv6\": 0"), "\"node-prefix-ipv6\": 0 is out of range 1..128"),
	REFUSE(C1("\"node-prefix-ipv6\": 129"), "\"node-prefix-ipv6\": 129 is out of range 1..128"),
	REFUSE(C1("\"node-prefix-ipv4\": 16"),
	  "\"node-prefix-ipv4\": 16 must be longer than the range 10.244.0.0/16"),
	REFUSE(C("\"10.244.0.0/24\""),
	  "\"node-prefix-ipv4\": 24 must be longer than the range 10.244.0.0/24"),
	REFUSE(C("\"10.0.0.0/30\""), "must be longer than the range 10.0.0.0/30"),
	REFUSE(C("\"fd00::/16\""),
	  "\"node-prefix-ipv6\": 64 cuts the range fd00::/16 into 2^48 node subnets, more than 2^24"),
	REFUSE("{\"cidrs\": [\"0.0.0.0/0\"], \"node-prefix-ipv4\": 25}",
	  "cuts the range 0.0.0.0/0 into 2^25 node subnets"),
	REFUSE("{\"cidrs\": [\"fd00::/64\"], \"node-prefix-ipv6\": 64}",
	  "\"node-prefix-ipv6\": 64 must be longer than the range fd00::/64"),
	REFUSE(C1("\"mtu\": 575"), "\"mtu\": 575 is out of range 576..65535 (or 0: the underlay's)"),
	REFUSE(C1("\"mtu\": 1"), "\"mtu\": 1 is out of range 576..65535"),
	REFUSE(C1("\"mtu\": 65536"), "\"mtu\": 65536 is out of range 0..65535"),
	REFUSE(C2("\"mtu\": 1279"),
	  "\"mtu\": 1279 is below IPv6's minimum, 1280, and the cluster has an IPv6 range"),
	/* "direct". */
	REFUSE(C1("\"direct\": \"always\""),
	  "\"direct\": \"always\" is not one of \"never\", \"subnet\""),
	REFUSE(C1("\"direct\": \"Never\""), "\"direct\": \"Never\" is not one of"),
	REFUSE(C1("\"direct\": 1"), "\"direct\": must be a string, not an integer"),
	REFUSE(C1("\"direct\": \"\\n\""), "\"direct\": \"\\x0a\" is not one of"),
};

#define CANON(cidrs, np4, np6, port, id, mtu, direct)			\
	"{\"cidrs\": [" cidrs "], \"node-prefix-ipv4\": " #np4		\
	", \"node-prefix-ipv6\": " #np6 ", \"port\": " #port		\
	", \"id\": " #id ", \"mtu\": " #mtu ", \"direct\": \"" direct "\"}"

static const struct good cluster_goods[] = {
	{ C("\"10.244.0.0/16\", \"fd10:244::/56\""),
	  CANON("\"10.244.0.0/16\", \"fd10:244::/56\"", 24, 64, 6464, 0, 0, "never") },
	{ C("\"fd10:244::/56\", \"10.244.0.0/16\""),
	  CANON("\"10.244.0.0/16\", \"fd10:244::/56\"", 24, 64, 6464, 0, 0, "never") },
	{ C("\"FD10:0244:0000::/56\""),
	  CANON("\"fd10:244::/56\"", 24, 64, 6464, 0, 0, "never") },
	{ "\n\t{ \"direct\" : \"subnet\" ,\r\n\"mtu\":1400, \"id\": 16777215,"
	  "\"port\": 65535, \"node-prefix-ipv6\": 80,\"node-prefix-ipv4\": 26,"
	  "\"cidrs\": [\"10.0.0.0/8\", \"fd00::/64\"] }  \n",
	  CANON("\"10.0.0.0/8\", \"fd00::/64\"", 26, 80, 65535, 16777215, 1400, "subnet") },
	/* Bounds: 2^24 node subnets, a /32 and a /128 per node, MTUs. */
	{ "{\"cidrs\": [\"10.0.0.0/8\"], \"node-prefix-ipv4\": 32, \"port\": 1, \"mtu\": 576}",
	  CANON("\"10.0.0.0/8\"", 32, 64, 1, 0, 576, "never") },
	{ "{\"cidrs\": [\"0.0.0.0/0\"], \"mtu\": 65535}",
	  CANON("\"0.0.0.0/0\"", 24, 64, 6464, 0, 65535, "never") },
	{ "{\"cidrs\": [\"fd00::/104\"], \"node-prefix-ipv6\": 128, \"mtu\": 1280}",
	  CANON("\"fd00::/104\"", 24, 128, 6464, 0, 1280, "never") },
	{ "{\"cidrs\": [\"fd00::/127\"], \"node-prefix-ipv6\": 128}",
	  CANON("\"fd00::/127\"", 24, 128, 6464, 0, 0, "never") },
	/* A family with no range: its node prefix is checked alone. */
	{ "{\"cidrs\": [\"10.0.0.0/8\"], \"node-prefix-ipv6\": 1, \"mtu\": 1000}",
	  CANON("\"10.0.0.0/8\"", 24, 1, 6464, 0, 1000, "never") },
	{ "{\"cidrs\": [\"fd00::/48\"], \"node-prefix-ipv4\": 16}",
	  CANON("\"fd00::/48\"", 16, 64, 6464, 0, 0, "never") },
	{ "{\"cidrs\": [\"10.0.0.0/08\"], \"id\": 0}",
	  CANON("\"10.0.0.0/8\"", 24, 64, 6464, 0, 0, "never") },
};

#define R(rest)		"{\"node\": \"n1\", \"ipv4\": \"10.0.0.11\", " rest "}"
#define RP(rest)	R("\"port\": 6464, " rest)
#define RC(rest)	R("\"cidrs\": [\"10.244.1.0/24\"], " rest)
#define RN(node)	"{\"node\": " node ", \"ipv4\": \"10.0.0.11\", " \
			"\"port\": 1, \"cidrs\": [\"10.244.1.0/24\"]}"
#define RA(addrs)	"{\"node\": \"n1\", " addrs "\"port\": 1, " \
			"\"cidrs\": [\"10.244.1.0/24\"]}"

#define DEL10	"\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f"
#define QDEL10	"\\x7f\\x7f\\x7f\\x7f\\x7f\\x7f\\x7f\\x7f\\x7f\\x7f"

static const struct refusal record_refusals[] = {
	REFUSE("{\"node\": \"n1\"", "line 1, column 13: '}' expected"),
	REFUSE("[\"n1\"]", "the top level is an array, not an object"),
	REFUSE("{}", "missing \"node\""),
	REFUSE("{\"node\": \"n1\", \"cidrs\": [\"10.244.1.0/24\"]}", "missing \"port\""),
	REFUSE(R("\"port\": 6464"), "missing \"cidrs\""),
	REFUSE(RP("\"cidrs\": [\"10.244.1.0/24\"], \"lease\": 7"), "unknown key \"lease\""),
	REFUSE(RP("\"cidrs\": [\"10.244.1.0/24\"], \"port\": 1"), "duplicate object key"),
	/* The node's name. */
	REFUSE(RN("1"), "\"node\": must be a string, not an integer"),
	REFUSE(RN("\"\""), "\"node\": \"\" is empty"),
	REFUSE(RN("\"N1\""), "\"node\": \"N1\" has a character other than a-z, 0-9, '.', '-' and '_'"),
	REFUSE(RN("\"n/1\""), "\"node\": \"n/1\" has a character other than"),
	REFUSE(RN("\"n 1\""), "\"node\": \"n 1\" has a character other than"),
	REFUSE(RN("\"n\\u00e91\""), "\"node\": \"n\\xc3\\xa91\" has a character other than"),
	REFUSE(RN("\"n\\t1\""), "\"node\": \"n\\x091\" has a character other than"),
	REFUSE(RN("\"n\\u001f\""), "\"node\": \"n\\x1f\" has a character other than"),
	REFUSE(RN("\"n~\""), "\"node\": \"n~\" has a character other than"),
	REFUSE(RN("\"-n1\""), "\"node\": \"-n1\" must start with a letter or a digit"),
	REFUSE(RN("\".n1\""), "must start with a letter or a digit"),
	REFUSE(RN("\"n1_\""), "\"node\": \"n1_\" must end with a letter or a digit"),
	REFUSE(RN("\"0123456789012345678901234567890123456789012345678901234567890123\""),
	  "\"node\": \"0123456789012345678901234567890123456789\"... is longer than 63 characters"),
	/* Underlay addresses. */
	REFUSE(RA(""), "no underlay address: \"ipv4\", \"ipv6\" or both are required"),
	REFUSE(RA("\"ipv4\": \"fd00::1\", "), "\"ipv4\": \"fd00::1\" is not an IPv4 address"),
	REFUSE(RA("\"ipv6\": \"10.0.0.1\", "), "\"ipv6\": \"10.0.0.1\" is not an IPv6 address"),
	REFUSE(RA("\"ipv4\": \"10.0.0.1/32\", "), "\"ipv4\": \"10.0.0.1/32\" is not an IPv4 address"),
	REFUSE(RA("\"ipv4\": \"10.0.0\", "), "\"ipv4\": \"10.0.0\" is not an IPv4 address"),
	REFUSE(RA("\"ipv4\": \"\", "), "\"ipv4\": \"\" is not an IPv4 address"),
	/* Shown escaped and cut: 4 bytes of message for each of 40. */
	REFUSE(RA("\"ipv4\": \"" DEL10 DEL10 DEL10 DEL10 DEL10 "\", "),
	       "\"ipv4\": \"" QDEL10 QDEL10 QDEL10 QDEL10 "\"... is not an IPv4"),
	REFUSE(RA("\"ipv4\": 167772171, "), "\"ipv4\": must be a string, not an integer"),
	REFUSE(RA("\"ipv6\": null, "), "\"ipv6\": must be a string, not null"),
	REFUSE(RA("\"ipv4\": \"127.0.0.1\", "), "\"ipv4\": \"127.0.0.1\" is a loopback address, not a host's"),
	REFUSE(RA("\"ipv4\": \"0.0.0.0\", "), "\"ipv4\": \"0.0.0.0\" is the unspecified address"),
	REFUSE(RA("\"ipv4\": \"0.1.2.3\", "), "is in 0.0.0.0/8 (this network)"),
	REFUSE(RA("\"ipv4\": \"224.0.0.1\", "), "is a multicast address"),
	REFUSE(RA("\"ipv4\": \"255.255.255.255\", "), "is the broadcast address"),
	REFUSE(RA("\"ipv6\": \"::1\", "), "\"ipv6\": \"::1\" is a loopback address"),
	REFUSE(RA("\"ipv6\": \"::\", "), "is the unspecified address"),
	REFUSE(RA("\"ipv6\": \"ff02::1\", "), "is a multicast address"),
	REFUSE(RA("\"ipv6\": \"::ffff:10.0.0.1\", "), "is an IPv4-mapped IPv6 address"),
	REFUSE(RA("\"ipv4\": \"10.0.0.1\", \"ipv6\": \"::1\", "), "\"ipv6\": \"::1\" is a loopback"),
	/* Port and prefixes. */
	REFUSE(RC("\"port\": 0"), "\"port\": 0 is out of range 1..65535"),
	REFUSE(RC("\"port\": 65536"), "\"port\": 65536 is out of range 1..65535"),
	REFUSE(RC("\"port\": 1.5"), "\"port\": must be an integer, not a number"),
	REFUSE(RC("\"port\": \"1\""), "\"port\": must be an integer, not a string"),
	REFUSE(RP("\"cidrs\": []"), "\"cidrs\": 0 prefixes, must be 1..2"),
	REFUSE(RP("\"cidrs\": {}"), "\"cidrs\": must be an array, not an object"),
	REFUSE(RP("\"cidrs\": [\"10.244.1.0/24\", \"fd00::/64\", \"10.0.0.0/8\"]"),
	  "\"cidrs\": 3 prefixes, must be 1..2"),
	REFUSE(RP("\"cidrs\": [\"10.244.1.0/24\", \"10.244.2.0/24\"]"),
	  "10.244.1.0/24 and 10.244.2.0/24 are both IPv4"),
	REFUSE(RP("\"cidrs\": [\"10.244.1.1/24\"]"), "host bits set (did you mean 10.244.1.0/24?)"),
	REFUSE(RP("\"cidrs\": [null]"), "\"cidrs\"[0]: must be a string, not null"),
};

#define RCANON(addrs, port, cidrs)					\
	"{\"node\": \"n1\", " addrs "\"port\": " #port ", \"cidrs\": [" cidrs "]}"

static const struct good record_goods[] = {
	{ "{\"node\": \"n1\", \"ipv4\": \"10.0.0.11\", \"ipv6\": \"fd00::11\", \"port\": 6464,"
	  " \"cidrs\": [\"10.244.1.0/24\", \"fd10:244:0:1::/64\"]}",
	  RCANON("\"ipv4\": \"10.0.0.11\", \"ipv6\": \"fd00::11\", ", 6464,
		 "\"10.244.1.0/24\", \"fd10:244:0:1::/64\"") },
	{ "{\"cidrs\": [\"fd10:244:0:1::/64\", \"10.244.1.0/24\"], \"port\": 1,"
	  " \"ipv6\": \"FD00:0:0:0:0:0:0:11\", \"node\": \"n1\"}",
	  RCANON("\"ipv6\": \"fd00::11\", ", 1, "\"10.244.1.0/24\", \"fd10:244:0:1::/64\"") },
	{ RA("\"ipv4\": \"192.0.2.1\", "), RCANON("\"ipv4\": \"192.0.2.1\", ", 1, "\"10.244.1.0/24\"") },
	{ "{\"node\": \"n1\", \"ipv4\": \"10.0.0.11\", \"port\": 65535, \"cidrs\": [\"fd00::/128\"]}",
	  RCANON("\"ipv4\": \"10.0.0.11\", ", 65535, "\"fd00::/128\"") },
	{ RN("\"a\""), "{\"node\": \"a\", \"ipv4\": \"10.0.0.11\", \"port\": 1, "
	  "\"cidrs\": [\"10.244.1.0/24\"]}" },
	{ RN("\"node-1.rack_2\""), "{\"node\": \"node-1.rack_2\", \"ipv4\": \"10.0.0.11\", "
	  "\"port\": 1, \"cidrs\": [\"10.244.1.0/24\"]}" },
	{ RN("\"012345678901234567890123456789012345678901234567890123456789012\""),
	  "{\"node\": \"012345678901234567890123456789012345678901234567890123456789012\", "
	  "\"ipv4\": \"10.0.0.11\", \"port\": 1, \"cidrs\": [\"10.244.1.0/24\"]}" },
};

/* Each refusal: refused, with its words, in one line, never overrun. */
static void test_refusals(const struct podold_kind *k,
			  const struct refusal *t, size_t n)
{
	char err[256], small[8];
	union podold_any out;
	size_t i;
	bool ok;
	int ret;

	for (i = 0; i < n; i++) {
		strcpy(err, "(no message)");
		ret = k->parse(t[i].json, t[i].len, &out, err, sizeof(err));
		ok = ret == -EINVAL && strstr(err, t[i].why) &&
		     podold_refusal_readable(err);
		CHECK(ok, "%s refused: %s", k->name,
		      ret ? err : "(accepted)");
		if (!ok)
			printf("# input: %.*s\n# expected: %s\n",
			       (int)t[i].len, t[i].json, t[i].why);
		memset(small, 'x', sizeof(small));
		if (k->parse(t[i].json, t[i].len, &out, small, 5) != -EINVAL ||
		    small[4] || small[5] != 'x')
			CHECK(false, "%s: a 5-byte message buffer overrun or unset",
			      k->name);
	}
}

/* Each good one: accepted, formatted as expected, round trip held. */
static void test_goods(const struct podold_kind *k, const struct good *t,
		       size_t n)
{
	union podold_any out;
	char err[512] = "";
	char *text;
	size_t i;

	for (i = 0; i < n; i++) {
		text = NULL;
		if (k->parse(t[i].json, strlen(t[i].json), &out, err,
			     sizeof(err))) {
			CHECK(false, "%s accepted: %s", k->name, err);
			continue;
		}
		if (podold_round_trip(k, &out, &text, err, sizeof(err))) {
			CHECK(false, "%s round trip: %s", k->name, err);
			continue;
		}
		CHECK(!strcmp(text, t[i].canonical),
		      "%s accepted, formats and parses back: %s", k->name, text);
		if (strcmp(text, t[i].canonical))
			printf("# expected: %s\n", t[i].canonical);
		free(text);
	}
}

/*
 * jansson's allocations, through these: counted, the one numbered
 * fail_at fails, and those still live are known, so that a leak on an
 * error path shows without a leak checker.
 */
static long allocs, live, fail_at = -1;

static void *test_malloc(size_t size)
{
	void *p;

	if (allocs++ == fail_at)
		return NULL;
	p = malloc(size);
	if (p)
		live++;
	return p;
}

static void test_free(void *p)
{
	if (p)
		live--;
	free(p);
}

/*
 * Each good one formatted with each of jansson's allocations failing in
 * turn: NULL (or the canonical text, when jansson did without the
 * allocation), and nothing left allocated. (The
 * parse is not swept: jansson 2.14's lexer mishandles a failed
 * allocation itself; fuzz/README.md says more.)
 */
static void test_no_memory(const struct podold_kind *k, const struct good *t,
			   size_t n)
{
	long sweeps = 0, bad = 0, fail, count;
	union podold_any out;
	char err[256], *text;
	bool wrong;
	size_t i;

	for (i = 0; i < n; i++) {
		if (k->parse(t[i].json, strlen(t[i].json), &out, err,
			     sizeof(err)))
			continue;	/* test_goods() said so */
		allocs = 0;
		test_free(k->format(&out));
		count = allocs;
		for (fail = 0; fail < count; fail++, sweeps++) {
			allocs = 0;
			live = 0;
			fail_at = fail;
			text = k->format(&out);
			fail_at = -1;
			wrong = text && strcmp(text, t[i].canonical);
			test_free(text);
			if (wrong || live) {
				printf("# %s, allocation %ld failing: %s, %ld live\n",
				       k->name, fail, wrong ? "other text" : "",
				       live);
				bad++;
			}
		}
	}
	CHECK(!bad && sweeps, "%s formats fail cleanly with no memory (%ld tries)",
	      k->name, sweeps);
}

/* The bound on a record's size, on both sides of it. */
static void test_size(void)
{
	static const char body[] = "{\"cidrs\": [\"10.0.0.0/8\"]}";
	char *buf = malloc(PODOLD_JSON_MAX + 1), err[256] = "";
	struct podold_cluster c;
	size_t n = sizeof(body) - 1;

	if (!buf) {
		CHECK(false, "no memory for the size test");
		return;
	}
	/* The object, then spaces up to the limit: accepted. */
	memcpy(buf, body, n);
	memset(buf + n, ' ', PODOLD_JSON_MAX + 1 - n);
	CHECK(!podold_cluster_parse(buf, PODOLD_JSON_MAX, &c, err, sizeof(err)),
	      "%u bytes accepted %s", PODOLD_JSON_MAX, err);
	CHECK(podold_cluster_parse(buf, PODOLD_JSON_MAX + 1, &c, err,
				   sizeof(err)) == -EINVAL &&
	      strstr(err, "65537 bytes, more than the 65536 podold reads"),
	      "%u bytes refused: %s", PODOLD_JSON_MAX + 1, err);
	free(buf);
}

static void test_cluster_helpers(void)
{
	static const char both[] = C("\"fd00::/48\", \"10.0.0.0/8\"");
	static const char v6[] = C("\"fd00::/48\"");
	struct podold_cluster c;
	char err[256] = "";
	const struct podol_cidr *r4, *r6;

	CHECK(!podold_cluster_parse(both, strlen(both), &c, err, sizeof(err)) &&
	      (r4 = podold_cluster_range(&c, AF_INET)) && r4->len == 8 &&
	      (r6 = podold_cluster_range(&c, AF_INET6)) && r6->len == 48 &&
	      podold_cluster_node_prefix(&c, AF_INET) == 24 &&
	      podold_cluster_node_prefix(&c, AF_INET6) == 64,
	      "the range and node prefix of each family");
	CHECK(podold_cluster_parse(NULL, 0, &c, err, sizeof(err)) == -EINVAL &&
	      !strcmp(err, "empty, not a JSON object"),
	      "no value at all: %s", err);
	CHECK(!podold_cluster_parse(v6, strlen(v6), &c, err, sizeof(err)) &&
	      !podold_cluster_range(&c, AF_INET) &&
	      podold_cluster_range(&c, AF_INET6),
	      "no range of a family the config does not have");
}

static void test_names(void)
{
	static const char *const fine[] = {
		"n1", "a", "0", "node-1.rack_2", "1-2", "a.b",
	};
	static const char *const refused[] = {
		"", "-", "a-", "_a", "A", "a b", "a/b", "a:b", "a\n",
		"0123456789012345678901234567890123456789012345678901234567890123",
	};
	size_t i;
	bool ok = true;

	for (i = 0; i < ARRAY_SIZE(fine); i++)
		ok &= !podold_name_refusal(fine[i]);
	CHECK(ok, "%zu good names accepted", ARRAY_SIZE(fine));
	ok = true;
	for (i = 0; i < ARRAY_SIZE(refused); i++)
		ok &= !!podold_name_refusal(refused[i]);
	CHECK(ok, "%zu bad names refused", ARRAY_SIZE(refused));
}

int main(void)
{
	printf("KTAP version 1\n");
	test_refusals(&podold_cluster_kind, cluster_refusals,
		      ARRAY_SIZE(cluster_refusals));
	test_refusals(&podold_record_kind, record_refusals,
		      ARRAY_SIZE(record_refusals));
	test_goods(&podold_cluster_kind, cluster_goods,
		   ARRAY_SIZE(cluster_goods));
	test_goods(&podold_record_kind, record_goods, ARRAY_SIZE(record_goods));
	json_set_alloc_funcs(test_malloc, test_free);
	test_no_memory(&podold_cluster_kind, cluster_goods,
		       ARRAY_SIZE(cluster_goods));
	test_no_memory(&podold_record_kind, record_goods,
		       ARRAY_SIZE(record_goods));
	test_size();
	test_cluster_helpers();
	test_names();
	printf("1..%d\n", unit_count);
	printf("# %d passed, %d failed\n", unit_count - unit_failed,
	       unit_failed);
	return unit_failed ? 1 : 0;
}
