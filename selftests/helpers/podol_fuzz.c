// SPDX-License-Identifier: GPL-2.0
/*
 * podol_fuzz: sends many UDP datagrams, mostly wrong, some right, to a
 * podol device's port, and says what podol must have done with each.
 *
 *   podol_fuzz --to ADDR --node ADDR=CIDR[,CIDR...] --inner-dst ADDR
 *              [options]
 *
 * Packets come in classes (random bytes, a valid packet truncated, bad
 * version, reserved bits, wrong network id, unknown sender, lying inner
 * lengths, IPv4 options and fragments, IPv6 extension headers, protocol
 * mismatches, ECN, bit flips, and fully valid ones). Each class starts
 * from a well-formed podol packet built from what the options say about
 * the receiver's table, then breaks it in its own way.
 *
 * The verdict of each packet (delivered, or the drop reason podol must
 * count) is computed from the bytes actually sent, by the rules of
 * doc/wire-format.md, and not from the class that meant to break it: a
 * mutation that happens to leave a packet valid is expected to be
 * delivered. A test compares these verdicts with podol's counters.
 *
 * Packet n's bytes depend only on the options, the seed and n, so any
 * one of them can be printed again with --first n --count 1 --hex. The
 * seed is printed first, and is random unless --seed gives it.
 *
 * Only datagrams that sendmsg accepted are counted. IP_RECVERR makes
 * the socket report a drop on the first hop (ENOBUFS) instead of hiding
 * it; such a packet is sent again, and one still refused after that is
 * counted apart. The sender is paced: after each batch (a sendmmsg call
 * per socket, see struct job) it sends an ICMP echo request to the receiver
 * along the same path, and it sends the batch after next only when that
 * echo came back. At most two batches are then in flight, far below the
 * receive backlog of any CPU, so none is lost on the way.
 *
 * Exit status: 0 sent (or printed), 1 socket, send or pacing failure,
 * 2 usage.
 */
#define _GNU_SOURCE		/* sendmmsg */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/podol.h>

#include "common/clock.h"
#include "common/pkt.h"
#include "common/rng.h"

#define HDR_LEN		8	/* sizeof(struct podolhdr) */
#define PAYLOAD_MAX	1400	/* UDP payload: never fragmented on a 1500 MTU */
#define PAD_MAX		64	/* bytes a class may append to a packet */
#define INNER_ROOM	(PAYLOAD_MAX - HDR_LEN - PAD_MAX)
#define BATCH_MAX	1024
#define NODES_MAX	8
#define PREFIXES_MAX	8
#define JOBS_MAX	16
#define SEND_TRIES	6	/* per packet, sleeping 2, 4, 8... ms between */
#define ECHO_WAIT_MS	1000	/* for one pacing echo, before sending another */
#define ECHO_TRIES	30
#define DISCARD_PORT	9
#define PROTO_TEST	253	/* RFC 3692: for experiments */

enum { V4, V6, NR_FAMS };

enum fuzz_class {
	C_VALID,
	C_RANDOM,
	C_RANDOM_INNER,
	C_TRUNCATED,
	C_VERSION,
	C_RESERVED,
	C_NETWORK_ID,
	C_UNKNOWN_NODE,
	C_PROTOCOL,
	C_INNER_LENGTH,
	C_IPV4_OPTIONS,
	C_IPV4_FRAGMENT,
	C_IPV6_EXTENSION,
	C_NOT_OWNED,
	C_ECN,
	C_BITFLIP,
	NR_CLASSES
};

/* Shares per mille of the packets, when every class is possible. */
static const struct {
	const char *name;
	unsigned int weight;
} classes[NR_CLASSES] = {
	[C_VALID]		= { "valid",		100 },
	[C_RANDOM]		= { "random",		 60 },
	[C_RANDOM_INNER]	= { "random-inner",	 60 },
	[C_TRUNCATED]		= { "truncated",	120 },
	[C_VERSION]		= { "version",		 40 },
	[C_RESERVED]		= { "reserved",		 50 },
	[C_NETWORK_ID]		= { "network-id",	 40 },
	[C_UNKNOWN_NODE]	= { "unknown-node",	 40 },
	[C_PROTOCOL]		= { "protocol",		 50 },
	[C_INNER_LENGTH]	= { "inner-length",	 90 },
	[C_IPV4_OPTIONS]	= { "ipv4-options",	 70 },
	[C_IPV4_FRAGMENT]	= { "ipv4-fragment",	 60 },
	[C_IPV6_EXTENSION]	= { "ipv6-extension",	 90 },
	[C_NOT_OWNED]		= { "not-owned",	 40 },
	[C_ECN]			= { "ecn",		 40 },
	[C_BITFLIP]		= { "bitflip",		 50 },
};

/* What podol must do with a packet: deliver it, or drop it for a reason. */
enum verdict {
	V_DELIVERED,
	V_DOWN,
	V_SHORT,
	V_VERSION,
	V_RESERVED,
	V_NETWORK_ID,
	V_UNKNOWN_NODE,
	V_NOT_OWNED,
	V_BAD_INNER,
	V_ECN,
	V_SPOOFED_LOCAL,	/* never: the receiver has no local CIDRs */
	NR_VERDICTS
};

/* The names podolctl -j stats uses for the drop reasons. */
static const char *const verdict_names[NR_VERDICTS] = {
	[V_DELIVERED]		= "delivered",
	[V_DOWN]		= "rx_down",
	[V_SHORT]		= "rx_short",
	[V_VERSION]		= "rx_version",
	[V_RESERVED]		= "rx_reserved",
	[V_NETWORK_ID]		= "rx_network_id",
	[V_UNKNOWN_NODE]	= "rx_unknown_node",
	[V_NOT_OWNED]		= "rx_not_owned",
	[V_BAD_INNER]		= "rx_bad_inner",
	[V_ECN]			= "rx_ecn",
	[V_SPOOFED_LOCAL]	= "rx_spoofed_local",
};

/* How an inner packet is built before a class mutates it. */
enum shape { SHAPE_PLAIN, SHAPE_OPTIONS, SHAPE_FRAGMENT, SHAPE_EXTENSION };

struct prefix {
	unsigned char addr[16];
	unsigned int len;
};

/* A node of the receiver's table; its address is one of this host's. */
struct node {
	int fam;
	unsigned char addr[16];
	struct prefix pfx[NR_FAMS][PREFIXES_MAX];
	unsigned int npfx[NR_FAMS];
};

struct config {
	unsigned char to[NR_FAMS][16];
	bool has_to[NR_FAMS];
	unsigned int port;
	uint32_t id;
	struct node node[NODES_MAX];
	unsigned int nnodes;
	int sender[NR_FAMS];		/* node sending over each family; -1 */
	unsigned char stranger[NR_FAMS][16];
	bool has_stranger[NR_FAMS];
	unsigned char dst[NR_FAMS][16];
	bool has_dst[NR_FAMS];
	unsigned long count, first;
	uint64_t seed;
	bool has_seed;
	unsigned int batch, jobs;
	unsigned long seconds;		/* the time limit, 0: none */
	double deadline;		/* when it ends, on CLOCK_MONOTONIC */
	int only;			/* one class, or -1 */
	bool hex;
	unsigned int weight[NR_CLASSES];	/* 0: impossible here */
	unsigned int weight_sum;
};

struct pkt {
	unsigned char buf[PAYLOAD_MAX];
	size_t len;
	int ofam;			/* outer family */
	int from;			/* sending node, -1: the stranger */
	int tos;			/* outer TOS / traffic class */
	enum fuzz_class class;
	enum verdict verdict;
	size_t inner_len;		/* bytes podol delivers, if it does */
};

/* One job's results, in memory shared with the parent. */
struct totals {
	unsigned long sent[NR_CLASSES];
	unsigned long refused[NR_CLASSES];
	unsigned long verdict[NR_VERDICTS];
	unsigned long long rx_bytes;
	bool stopped;			/* at the time limit */
};

static int alen(int fam)
{
	return fam == V4 ? 4 : 16;
}

static int af(int fam)
{
	return fam == V4 ? AF_INET : AF_INET6;
}

static unsigned int l4_csum(int fam, const unsigned char *src,
			    const unsigned char *dst, unsigned int proto,
			    const unsigned char *l4, size_t len)
{
	return csum_l4(src, dst, alen(fam), proto, l4, len);
}

/*
 * The IPv4 header checksum over what the header claims, never past the
 * len bytes there are: what lies beyond is left from an earlier packet,
 * and reading it would make a packet depend on more than its number.
 */
static void ip4_csum(unsigned char *ip, size_t len)
{
	size_t hl = (ip[0] & 15) * 4;

	if (hl > len)
		hl = len;
	if (hl < 12)
		return;
	put16(ip + 10, 0);
	put16(ip + 10, csum_fold(csum_add(ip, hl, 0)));
}

/*
 * Mostly short payloads, which cost the least to send and put the
 * headers under test; now and then a long one.
 */
static size_t payload_len(struct rng *r, size_t max)
{
	size_t n;

	if (rng_chance(r, 70))
		n = rng_below(r, 64);
	else if (rng_chance(r, 85))
		n = 64 + rng_below(r, 448);
	else
		n = 512 + rng_below(r, 600);
	return n < max ? n : max;
}

/*
 * A transport header and payload at p, room >= 8: UDP to the discard
 * port, an echo request, or random bytes of an experimental protocol.
 * Checksums are right, so the receiver's stack looks at what follows.
 */
static size_t put_l4(struct rng *r, int fam, const unsigned char *src,
		     const unsigned char *dst, unsigned char *p, size_t room,
		     unsigned char *proto)
{
	size_t n = 8 + payload_len(r, room - 8);
	unsigned int k = rng_below(r, 10), sum;

	rng_fill(r, p, n);
	if (k < 7) {
		*proto = IPPROTO_UDP;
		put16(p, 1024 + rng_below(r, 64512));
		put16(p + 2, DISCARD_PORT);
		put16(p + 4, n);
		put16(p + 6, 0);
		sum = l4_csum(fam, src, dst, *proto, p, n);
		put16(p + 6, sum ? sum : 0xffff);
	} else if (k < 9) {
		*proto = fam == V4 ? IPPROTO_ICMP : IPPROTO_ICMPV6;
		p[0] = fam == V4 ? 8 : 128;	/* echo request */
		p[1] = 0;
		put16(p + 2, 0);
		if (fam == V4)
			sum = csum_fold(csum_add(p, n, 0));
		else
			sum = l4_csum(fam, src, dst, *proto, p, n);
		put16(p + 2, sum);
	} else {
		*proto = PROTO_TEST;
	}
	return n;
}

/* Record route, source routes, timestamps, router alert and worse. */
static void put_ip4_options(struct rng *r, const unsigned char *dst,
			    unsigned char *o, size_t n)
{
	size_t i = 0, left, len, k;

	memset(o, 0, n);
	while (i < n) {
		left = n - i;
		switch (rng_below(r, 9)) {
		case 0:		/* end of list, then zeros or garbage */
			if (rng_chance(r, 30))
				rng_fill(r, o + i + 1, left - 1);
			return;
		case 1:
			o[i++] = 1;	/* no-op */
			break;
		case 2:		/* record route */
		case 3:		/* loose or strict source route */
			if (left < 7) {
				o[i++] = 1;
				break;
			}
			k = 1 + rng_below(r, (left - 3) / 4);
			len = 3 + 4 * k;
			o[i] = rng_below(r, 4) == 0 ? 7 : rng_chance(r, 50) ? 131 : 137;
			o[i + 1] = len;
			o[i + 2] = rng_chance(r, 80) ? 4 : rng_below(r, 256);
			if (o[i] != 7) {
				if (rng_chance(r, 50))
					memcpy(o + i + 3, dst, 4);
				else
					rng_fill(r, o + i + 3, 4 * k);
			}
			i += len;
			break;
		case 4:		/* timestamp */
			if (left < 8) {
				o[i++] = 1;
				break;
			}
			k = 1 + rng_below(r, (left - 4) / 4);
			len = 4 + 4 * k;
			o[i] = 68;
			o[i + 1] = len;
			o[i + 2] = rng_chance(r, 80) ? 5 : rng_below(r, 256);
			/* overflow count, and flags 0, 1 or 3, or any */
			o[i + 3] = rng_below(r, 16) << 4;
			if (rng_chance(r, 80))
				o[i + 3] |= "\0\1\3"[rng_below(r, 3)];
			else
				o[i + 3] |= rng_below(r, 16);
			i += len;
			break;
		case 5:		/* router alert */
			if (left < 4) {
				o[i++] = 1;
				break;
			}
			o[i] = 148;
			o[i + 1] = 4;
			if (rng_chance(r, 20))
				put16(o + i + 2, rng_below(r, 65536));
			i += 4;
			break;
		case 6:		/* security or CIPSO, contents random */
			len = 3 + rng_below(r, left > 3 ? left - 2 : 1);
			if (len > left) {
				o[i++] = 1;
				break;
			}
			o[i] = rng_chance(r, 50) ? 130 : 134;
			o[i + 1] = len;
			rng_fill(r, o + i + 2, len - 2);
			i += len;
			break;
		default:	/* any type, a length that may lie */
			o[i] = rng_below(r, 256);
			if (left < 2) {
				i++;
				break;
			}
			len = rng_below(r, left + 8);
			o[i + 1] = len;
			rng_fill(r, o + i + 2, left - 2);
			i += len < 2 ? 2 : len;
			break;
		}
	}
}

/*
 * The data of an IPv4 fragment. Ids and offsets come from a small set,
 * so fragments meet in the receiver's reassembly queues: some complete
 * a datagram, others overlap or overrun it.
 */
static size_t put_fragment(struct rng *r, unsigned char *p, size_t room,
			   unsigned char *proto, unsigned int *frag)
{
	unsigned int off = rng_chance(r, 85) ? rng_below(r, 8) : rng_below(r, 0x2000);
	bool more = rng_chance(r, 60);
	size_t n = 8 * (1 + rng_below(r, 8));

	if (!more && rng_chance(r, 50))
		n += rng_below(r, 8);
	if (n > room)
		n = room;
	rng_fill(r, p, n);
	*proto = rng_chance(r, 90) ? IPPROTO_UDP : rng_below(r, 256);
	if (!off && *proto == IPPROTO_UDP) {
		put16(p + 2, DISCARD_PORT);
		put16(p + 4, 8 * (1 + rng_below(r, 9)));
	}
	*frag = off | (more ? 0x2000 : 0);
	if (rng_chance(r, 5))
		*frag |= 0x4000;	/* DF, with MF or an offset */
	if (rng_chance(r, 3))
		*frag |= 0x8000;	/* the reserved bit */
	return n;
}

static size_t put_ip4(struct rng *r, const unsigned char *src,
		      const unsigned char *dst, enum shape shape,
		      unsigned char *p, size_t room)
{
	size_t hl = 20, l4;
	unsigned int frag = 0x4000, id = rng_below(r, 65536);
	unsigned char proto;

	if (shape == SHAPE_OPTIONS)
		hl += 4 * (1 + rng_below(r, 10));
	if (shape == SHAPE_FRAGMENT) {
		l4 = put_fragment(r, p + hl, room - hl, &proto, &frag);
		id = rng_below(r, 4);
	} else {
		l4 = put_l4(r, V4, src, dst, p + hl, room - hl, &proto);
	}
	p[0] = 0x40 | hl / 4;
	p[1] = rng_chance(r, 80) ? 0 : rng_below(r, 64) << 2;
	put16(p + 2, hl + l4);
	put16(p + 4, id);
	put16(p + 6, frag);
	/* A plain packet lives to reach the pod; others may expire on the way. */
	p[8] = shape == SHAPE_PLAIN || rng_chance(r, 90) ? 64 : rng_below(r, 256);
	p[9] = proto;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	if (hl > 20)
		put_ip4_options(r, dst, p + 20, hl - 20);
	ip4_csum(p, hl);
	if (shape != SHAPE_PLAIN && rng_chance(r, 5))
		p[10] ^= 1 + rng_below(r, 255);
	return hl + l4;
}

/* Hop-by-hop or destination options, of 8 to 32 bytes. */
static size_t put_ip6_options(struct rng *r, unsigned char *p, size_t room)
{
	size_t n = 8 * (1 + rng_below(r, 4)), i = 2, left, len;

	if (n > room)
		return 0;
	memset(p, 0, n);
	p[1] = n / 8 - 1;
	while (i < n) {
		left = n - i;
		switch (rng_below(r, 8)) {
		case 0:		/* Pad1 */
			i++;
			break;
		case 1:		/* router alert */
			if (left < 4)
				goto pad;
			p[i] = 5;
			p[i + 1] = 2;
			put16(p + i + 2, rng_chance(r, 80) ? rng_below(r, 3) : rng_below(r, 65536));
			i += 4;
			break;
		case 2:		/* jumbo payload */
			if (left < 6)
				goto pad;
			p[i] = 0xc2;
			p[i + 1] = 4;
			rng_fill(r, p + i + 2, 4);
			i += 6;
			break;
		case 3:		/* any type, so any action bits */
			if (left < 2)
				goto pad;
			len = rng_below(r, left - 1);
			p[i] = rng_below(r, 256);
			p[i + 1] = len;
			rng_fill(r, p + i + 2, len);
			i += 2 + len;
			break;
		case 4:		/* a length past the header's end */
			if (left < 2)
				goto pad;
			p[i] = 2 + rng_below(r, 254);
			p[i + 1] = left - 1 + rng_below(r, 16);
			rng_fill(r, p + i + 2, left - 2);
			return n;
		default:
pad:			/* PadN to the end, or Pad1 */
			if (left >= 2) {
				p[i] = 1;
				p[i + 1] = left - 2;
			}
			return n;
		}
	}
	return n;
}

/* A routing header: types 0, 2, 3 (RPL), 4 (segment routing) or any. */
static size_t put_ip6_routing(struct rng *r, const unsigned char *dst,
			      unsigned char *p, size_t room)
{
	static const unsigned char types[] = { 0, 2, 3, 4 };
	unsigned int k = rng_below(r, 4), i;
	size_t n = 8 + 16 * k;

	if (n > room)
		return 0;
	p[1] = 2 * k;
	p[2] = rng_chance(r, 85) ? types[rng_below(r, 4)] : rng_below(r, 256);
	p[3] = rng_chance(r, 85) ? rng_below(r, k + 1) : rng_below(r, 256);
	memset(p + 4, 0, 4);
	if (p[2] == 4) {		/* last entry, flags, tag */
		p[4] = k ? k - 1 : 0;
		if (rng_chance(r, 20))
			rng_fill(r, p + 4, 4);
	} else if (rng_chance(r, 30)) {
		rng_fill(r, p + 4, 4);
	}
	for (i = 0; i < k; i++) {
		if (rng_chance(r, 50))
			memcpy(p + 8 + 16 * i, dst, 16);
		else
			rng_fill(r, p + 8 + 16 * i, 16);
	}
	return n;
}

/* A fragment header: small ids and offsets, as for IPv4. */
static size_t put_ip6_fragment(struct rng *r, unsigned char *p, size_t room)
{
	unsigned int off = rng_chance(r, 85) ? rng_below(r, 8) : rng_below(r, 0x2000);

	if (room < 8)
		return 0;
	p[1] = rng_chance(r, 95) ? 0 : rng_below(r, 256);
	put16(p + 2, off << 3 | (rng_chance(r, 60) ? 1 : 0) |
		     (rng_chance(r, 5) ? 6 : 0));
	memset(p + 4, 0, 4);
	p[7] = rng_below(r, 4);
	return 8;
}

/*
 * A chain of one to four extension headers at p. *first gets the first
 * one's type, and *last points to the next-header byte that must name
 * what follows the chain.
 */
static size_t put_ip6_chain(struct rng *r, const unsigned char *dst,
			    unsigned char *p, size_t room,
			    unsigned char *first, unsigned char **last)
{
	static const unsigned char types[] = {
		IPPROTO_DSTOPTS, IPPROTO_ROUTING, IPPROTO_FRAGMENT
	};
	unsigned int i, count = 1 + rng_below(r, 4);
	unsigned char *next = first, type;
	size_t len = 0, n;

	for (i = 0; i < count; i++) {
		if ((i == 0 && rng_chance(r, 50)) || rng_chance(r, 5))
			type = IPPROTO_HOPOPTS;
		else
			type = types[rng_below(r, 3)];
		switch (type) {
		case IPPROTO_ROUTING:
			n = put_ip6_routing(r, dst, p + len, room - len);
			break;
		case IPPROTO_FRAGMENT:
			n = put_ip6_fragment(r, p + len, room - len);
			break;
		default:
			n = put_ip6_options(r, p + len, room - len);
			break;
		}
		if (!n)
			break;
		*next = type;
		next = p + len;
		len += n;
	}
	*last = next;
	return len;
}

static size_t put_ip6(struct rng *r, const unsigned char *src,
		      const unsigned char *dst, enum shape shape,
		      unsigned char *p, size_t room)
{
	unsigned char nh, proto, *last = &nh;
	unsigned int tc = rng_chance(r, 80) ? 0 : rng_below(r, 64) << 2;
	size_t ext = 0, l4;

	if (shape == SHAPE_EXTENSION)
		ext = put_ip6_chain(r, dst, p + 40, room - 40 - 64, &nh, &last);
	l4 = put_l4(r, V6, src, dst, p + 40 + ext, room - 40 - ext, &proto);
	if (shape == SHAPE_EXTENSION && rng_chance(r, 10))
		proto = rng_chance(r, 50) ? IPPROTO_NONE : rng_below(r, 256);
	*last = proto;
	p[0] = 0x60 | tc >> 4;
	p[1] = (tc & 15) << 4 | rng_below(r, 16);
	put16(p + 2, rng_below(r, 65536));
	put16(p + 4, ext + l4);
	p[6] = nh;
	p[7] = shape == SHAPE_PLAIN || rng_chance(r, 90) ? 64 : rng_below(r, 256);
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	return 40 + ext + l4;
}

static size_t put_inner(struct rng *r, const struct config *c, int fam,
			const unsigned char *src, enum shape shape,
			unsigned char *p)
{
	if (fam == V4)
		return put_ip4(r, src, c->dst[V4], shape, p, INNER_ROOM);
	return put_ip6(r, src, c->dst[V6], shape, p, INNER_ROOM);
}

static void put_podol_hdr(const struct config *c, int fam, unsigned char *p)
{
	p[0] = PODOL_VERSION << 6;
	p[1] = fam == V4 ? PODOL_PROTO_IPV4 : PODOL_PROTO_IPV6;
	p[2] = 0;
	p[3] = 0;
	p[4] = c->id >> 16;
	p[5] = c->id >> 8;
	p[6] = c->id;
	p[7] = 0;
}

static bool in_prefix(const struct prefix *pfx, const unsigned char *a)
{
	unsigned int bytes = pfx->len / 8, bits = pfx->len % 8;

	if (memcmp(pfx->addr, a, bytes))
		return false;
	return !bits || !((pfx->addr[bytes] ^ a[bytes]) & (0xff00 >> bits));
}

/* The node whose longest prefix holds a, as podol's lookup finds it. */
static int owner_of(const struct config *c, int fam, const unsigned char *a)
{
	int best = -1, best_len = -1;
	unsigned int i, j;

	for (i = 0; i < c->nnodes; i++) {
		for (j = 0; j < c->node[i].npfx[fam]; j++) {
			const struct prefix *pfx = &c->node[i].pfx[fam][j];

			if ((int)pfx->len > best_len && in_prefix(pfx, a)) {
				best = i;
				best_len = pfx->len;
			}
		}
	}
	return best;
}

/*
 * An inner source the sender owns: a host of one of its prefixes, mostly
 * number 2 (where the cluster puts a pod), else number 1 (the node). Real
 * hosts, so that what the receiving pod answers is delivered and does not
 * fill the sender's neighbour table with hosts that never answer.
 */
static void owned_src(struct rng *r, const struct node *n, int fam,
		      unsigned char *src)
{
	const struct prefix *pfx = &n->pfx[fam][rng_below(r, n->npfx[fam])];

	memcpy(src, pfx->addr, alen(fam));
	if (pfx->len + 2 <= 8 * (unsigned int)alen(fam))
		src[alen(fam) - 1] |= rng_chance(r, 90) ? 2 : 1;
}

/* A source the sender does not own: the receiver's, another node's, any. */
static void foreign_src(struct rng *r, const struct config *c, int fam,
			int from, unsigned char *src)
{
	unsigned int i = rng_below(r, c->nnodes);

	switch (rng_below(r, 3)) {
	case 0:
		memcpy(src, c->dst[fam], 16);
		src[alen(fam) - 1] ^= 1 + rng_below(r, 255);
		return;
	case 1:
		if ((int)i != from && c->node[i].npfx[fam]) {
			owned_src(r, &c->node[i], fam, src);
			return;
		}
		/* fall through */
	default:
		rng_fill(r, src, 16);
	}
}

/*
 * What podol does with p, by the checks of doc/wire-format.md in their
 * order; *inner_len gets the length it delivers (the inner header's,
 * bytes after it being trimmed).
 */
static enum verdict judge(const struct config *c, const struct pkt *p,
			  size_t *inner_len)
{
	const unsigned char *b = p->buf, *in = p->buf + HDR_LEN, *src;
	size_t ilen, hl, tot;
	unsigned int ds;
	int fam;

	*inner_len = 0;
	if (p->len < HDR_LEN)
		return V_SHORT;
	if (b[0] >> 6 != PODOL_VERSION)
		return V_VERSION;
	if ((b[0] & 0x3f) || b[2] || b[3] || b[7])
		return V_RESERVED;
	if ((uint32_t)(b[4] << 16 | b[5] << 8 | b[6]) != c->id)
		return V_NETWORK_ID;
	if (p->from < 0)
		return V_UNKNOWN_NODE;

	ilen = p->len - HDR_LEN;
	if (b[1] == PODOL_PROTO_IPV4) {
		if (ilen < 20)
			return V_SHORT;
		hl = (in[0] & 15) * 4;
		if (in[0] >> 4 != 4 || hl < 20)
			return V_BAD_INNER;
		if (ilen < hl)
			return V_SHORT;
		tot = get16(in + 2);
		if (tot < hl)
			return V_BAD_INNER;
		fam = V4;
		src = in + 12;
		ds = in[1];
	} else if (b[1] == PODOL_PROTO_IPV6) {
		if (ilen < 40)
			return V_SHORT;
		tot = get16(in + 4);
		if (in[0] >> 4 != 6 || !tot)
			return V_BAD_INNER;
		tot += 40;
		fam = V6;
		src = in + 8;
		ds = (in[0] & 15) << 4 | in[1] >> 4;
	} else {
		return V_BAD_INNER;
	}
	if (tot > ilen)
		return V_SHORT;
	if (owner_of(c, fam, src) != p->from)
		return V_NOT_OWNED;
	/* RFC 6040: a CE mark cannot be passed on to a Not-ECT packet. */
	if ((p->tos & 3) == 3 && !(ds & 3))
		return V_ECN;
	*inner_len = tot;
	return V_DELIVERED;
}

static enum fuzz_class pick_class(const struct config *c, struct rng *r)
{
	unsigned int x = rng_below(r, c->weight_sum), i;

	for (i = 0; i < NR_CLASSES - 1; i++) {
		if (x < c->weight[i])
			break;
		x -= c->weight[i];
	}
	return i;
}

/* An outer family podol can receive from; with a stranger if asked. */
static int pick_outer(const struct config *c, struct rng *r, bool stranger)
{
	bool ok[NR_FAMS];
	int f;

	for (f = 0; f < NR_FAMS; f++)
		ok[f] = c->sender[f] >= 0 && (!stranger || c->has_stranger[f]);
	if (ok[V4] && ok[V6])
		return rng_below(r, 2);
	return ok[V4] ? V4 : V6;
}

static int pick_inner(const struct config *c, struct rng *r,
		      enum fuzz_class class)
{
	if (class == C_IPV4_OPTIONS || class == C_IPV4_FRAGMENT)
		return V4;
	if (class == C_IPV6_EXTENSION)
		return V6;
	if (c->has_dst[V4] && c->has_dst[V6])
		return rng_below(r, 2);
	return c->has_dst[V4] ? V4 : V6;
}

/* The inner length fields lie, or the packet carries padding after them. */
static void lie_about_length(struct rng *r, struct pkt *p, int fam)
{
	unsigned char *ip = p->buf + HDR_LEN;
	size_t len = p->len - HDR_LEN, pad;
	unsigned int hl = fam == V4 ? (ip[0] & 15) * 4 : 40, v;

	/* v: the whole length claimed, header included */
	switch (rng_below(r, 6)) {
	case 0:			/* more than arrived */
		v = len + 1 + rng_below(r, 64);
		break;
	case 1:			/* less than arrived: the rest is trimmed */
		v = hl + rng_below(r, len - hl);
		break;
	case 2:			/* less than the header, or just that */
		v = rng_below(r, hl + 1);
		break;
	case 3:			/* nothing, or the most there can be */
		v = rng_chance(r, 50) ? 0 : 65535 + (fam == V6 ? 40 : 0);
		break;
	case 4:			/* padding after a truthful header */
		pad = 1 + rng_below(r, PAD_MAX);
		rng_fill(r, p->buf + p->len, pad);
		p->len += pad;
		return;
	default:		/* IPv4: the header length lies; IPv6: any */
		if (fam == V4) {
			ip[0] = 0x40 | rng_below(r, 16);
			if (rng_chance(r, 90))
				ip4_csum(ip, len);
			return;
		}
		v = rng_below(r, 65536 + 40);
		break;
	}
	if (fam == V4) {
		put16(ip + 2, v > 65535 ? 65535 : v);
		if (rng_chance(r, 90))
			ip4_csum(ip, len);
	} else {
		put16(ip + 4, v < 40 ? 0 : v - 40);
	}
}

/* A valid packet with the inner family's header fields made random. */
static void random_inner(struct rng *r, const struct config *c,
			 struct pkt *p, int fam)
{
	unsigned char *ip = p->buf + HDR_LEN;
	size_t n = payload_len(r, INNER_ROOM);

	rng_fill(r, ip, n);
	p->len = HDR_LEN + n;
	if (n < (fam == V4 ? 20u : 40u))
		return;
	if (rng_chance(r, 60))
		ip[0] = (fam == V4 ? 0x40 : 0x60) | (ip[0] & 15);
	if (rng_chance(r, 50)) {
		if (fam == V4)
			put16(ip + 2, n);
		else
			put16(ip + 4, n - 40);
	}
	if (rng_chance(r, 50))
		owned_src(r, &c->node[p->from], fam, ip + (fam == V4 ? 12 : 8));
	if (fam == V4 && rng_chance(r, 50))
		ip[0] = 0x45;
}

static void set_inner_ecn(struct pkt *p, int fam, unsigned int ecn)
{
	unsigned char *ip = p->buf + HDR_LEN;

	if (fam == V4) {
		ip[1] = (ip[1] & ~3) | ecn;
		ip4_csum(ip, p->len - HDR_LEN);
	} else {
		ip[1] = (ip[1] & ~0x30) | ecn << 4;
	}
}

/* Packet number idx: its class, outer headers, bytes and verdict. */
static void make_packet(const struct config *c, unsigned long idx,
			struct pkt *p)
{
	static const enum shape shapes4[] = {
		SHAPE_PLAIN, SHAPE_OPTIONS, SHAPE_FRAGMENT
	};
	unsigned char src[16], *b = p->buf;
	unsigned int i, n, bit;
	enum shape shape;
	struct rng r;
	int fam;

	r.s = rng_mix64(c->seed ^ rng_mix64(idx + 1));
	p->class = c->only >= 0 ? (enum fuzz_class)c->only : pick_class(c, &r);
	p->ofam = pick_outer(c, &r, p->class == C_UNKNOWN_NODE);
	p->from = c->sender[p->ofam];
	p->tos = 0;
	fam = pick_inner(c, &r, p->class);
	owned_src(&r, &c->node[p->from], fam, src);
	switch (p->class) {
	case C_IPV4_OPTIONS:
		shape = SHAPE_OPTIONS;
		break;
	case C_IPV4_FRAGMENT:
		shape = SHAPE_FRAGMENT;
		break;
	case C_IPV6_EXTENSION:
		shape = SHAPE_EXTENSION;
		break;
	case C_TRUNCATED:
	case C_BITFLIP:		/* any shape of the inner family */
		if (fam == V4)
			shape = shapes4[rng_below(&r, 3)];
		else
			shape = rng_chance(&r, 50) ? SHAPE_PLAIN : SHAPE_EXTENSION;
		break;
	default:
		shape = SHAPE_PLAIN;
		break;
	}
	if (p->class == C_NOT_OWNED)
		foreign_src(&r, c, fam, p->from, src);

	put_podol_hdr(c, fam, b);
	if (p->class == C_RANDOM) {
		p->len = payload_len(&r, PAYLOAD_MAX);
		rng_fill(&r, b, p->len);
	} else if (p->class == C_RANDOM_INNER) {
		random_inner(&r, c, p, fam);
	} else {
		p->len = HDR_LEN + put_inner(&r, c, fam, src, shape, b + HDR_LEN);
	}

	switch (p->class) {
	case C_TRUNCATED:
		/* Every offset; the headers' more often than the rest. */
		n = rng_chance(&r, 50) && p->len > 96 ? 96 : p->len;
		p->len = rng_below(&r, n);
		break;
	case C_VERSION:
		b[0] = (1 + rng_below(&r, 3)) << 6 | (rng_chance(&r, 20) ? rng_below(&r, 64) : 0);
		break;
	case C_RESERVED:
		if (rng_chance(&r, 50)) {	/* one of the 30 reserved bits */
			bit = rng_below(&r, 30);
			if (bit < 6)
				b[0] |= 1 << bit;
			else if (bit < 22)
				b[2 + (bit - 6) / 8] |= 1 << ((bit - 6) % 8);
			else
				b[7] |= 1 << (bit - 22);
			break;
		}
		do {
			if (rng_chance(&r, 50))
				b[0] |= rng_below(&r, 64);
			if (rng_chance(&r, 40))
				put16(b + 2, rng_below(&r, 65536));
			if (rng_chance(&r, 40))
				b[7] = rng_below(&r, 256);
		} while (!((b[0] & 0x3f) | b[2] | b[3] | b[7]));
		break;
	case C_NETWORK_ID:
		n = rng_chance(&r, 50) ? c->id ^ 1 << rng_below(&r, 24) : rng_below(&r, 1 << 24);
		if (n == c->id)
			n ^= 1;
		b[4] = n >> 16;
		b[5] = n >> 8;
		b[6] = n;
		break;
	case C_UNKNOWN_NODE:
		p->from = -1;
		break;
	case C_PROTOCOL:
		if (rng_chance(&r, 50)) {	/* the other family's number */
			b[1] = fam == V4 ? PODOL_PROTO_IPV6 : PODOL_PROTO_IPV4;
			break;
		}
		do
			b[1] = rng_chance(&r, 50) ? rng_below(&r, 64) : rng_below(&r, 256);
		while (b[1] == PODOL_PROTO_IPV4 || b[1] == PODOL_PROTO_IPV6);
		break;
	case C_INNER_LENGTH:
		lie_about_length(&r, p, fam);
		break;
	case C_ECN:
		p->tos = rng_below(&r, 64) << 2 | (rng_chance(&r, 50) ? 3 : rng_below(&r, 3));
		set_inner_ecn(p, fam, rng_below(&r, 4));
		break;
	case C_BITFLIP:
		n = 1 + rng_below(&r, 8);
		for (i = 0; i < n; i++) {
			bit = rng_chance(&r, 60) && p->len > 64 ? rng_below(&r, 64 * 8) :
							     rng_below(&r, p->len * 8);
			b[bit / 8] ^= 1 << (bit % 8);
		}
		break;
	default:
		break;
	}
	p->verdict = judge(c, p, &p->inner_len);
}

/* ICMP echo along the fuzzed path, to pace the sender (see the top). */
struct pacer {
	int fd, fam;
	struct sockaddr_storage to;
	socklen_t to_len;
	uint16_t ident, sent, seen;
};

static int pacer_send(struct pacer *pc)
{
	unsigned char m[8];

	pc->sent++;
	m[0] = pc->fam == V4 ? 8 : 128;
	m[1] = 0;
	put16(m + 2, 0);
	put16(m + 4, pc->ident);
	put16(m + 6, pc->sent);
	/* The kernel sums ICMPv6 on raw sockets; ICMPv4 is ours to sum. */
	if (pc->fam == V4)
		put16(m + 2, csum_fold(csum_add(m, sizeof(m), 0)));
	if (sendto(pc->fd, m, sizeof(m), 0, (struct sockaddr *)&pc->to,
		   pc->to_len) < 0 && errno != ENOBUFS) {
		perror("podol_fuzz: sendto(echo)");
		return -1;
	}
	return 0;
}

static void pacer_read(struct pacer *pc)
{
	unsigned char buf[256], *m;
	ssize_t n;
	size_t hl;
	uint16_t seq;

	while ((n = recv(pc->fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		/* Raw IPv4 sockets see the IP header; IPv6 ones do not. */
		hl = pc->fam == V4 ? (size_t)(buf[0] & 15) * 4 : 0;
		if ((size_t)n < hl + 8)
			continue;
		m = buf + hl;
		if (m[0] != (pc->fam == V4 ? 0 : 129) ||
		    get16(m + 4) != pc->ident)
			continue;
		seq = get16(m + 6);
		if ((int16_t)(seq - pc->seen) > 0)
			pc->seen = seq;
	}
}

/* Waits until echo number seq, or a later one, has come back. */
static int pacer_wait(struct pacer *pc, uint16_t seq)
{
	struct pollfd pfd = { .fd = pc->fd, .events = POLLIN };
	int tries = 0, n;

	while ((int16_t)(pc->seen - seq) < 0) {
		n = poll(&pfd, 1, ECHO_WAIT_MS);
		if (n < 0 && errno != EINTR) {
			perror("podol_fuzz: poll");
			return -1;
		}
		if (n > 0) {
			pacer_read(pc);
			continue;
		}
		if (n == 0 && ++tries > ECHO_TRIES) {
			fprintf(stderr, "podol_fuzz: no echo reply for %d s\n",
				ECHO_TRIES * ECHO_WAIT_MS / 1000);
			return -1;
		}
		/* A lost echo: another one, which settles it as well. */
		if (n == 0 && pacer_send(pc))
			return -1;
	}
	return 0;
}

static void set_sockaddr(int fam, const unsigned char *a, unsigned int port,
			 struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (fam == V4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a, 4);
		*len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, a, 16);
		*len = sizeof(*sin6);
	}
}

static int pacer_open(const struct config *c, struct pacer *pc)
{
	pc->fam = c->sender[V4] >= 0 ? V4 : V6;
	pc->fd = socket(af(pc->fam), SOCK_RAW,
			pc->fam == V4 ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	if (pc->fd < 0) {
		perror("podol_fuzz: socket(raw ICMP)");
		return -1;
	}
	set_sockaddr(pc->fam, c->to[pc->fam], 0, &pc->to, &pc->to_len);
	pc->ident = getpid();
	pc->sent = 0;
	pc->seen = 0;
	return 0;
}

/*
 * A job: its sockets, and the batch it is sending. There is a socket per
 * outer family and source (the sending node, the stranger), bound to
 * that source and connected to the receiver: a connected socket sends
 * on its cached route. Only a packet with a TOS carries a control
 * message, which costs a route lookup.
 */
enum { SRC_NODE, SRC_STRANGER, NR_SRCS };
#define NR_SOCKS	(NR_FAMS * NR_SRCS)

union cmsg_space {
	char buf[CMSG_SPACE(sizeof(int))];
	struct cmsghdr align;
};

struct job {
	const struct config *c;
	struct totals *t;
	int fd[NR_SOCKS];
	struct pacer pc;
	struct pkt *pkt;			/* [batch] */
	struct mmsghdr *msg[NR_SOCKS];		/* [batch] each */
	struct iovec *iov[NR_SOCKS];
	union cmsg_space *cm[NR_SOCKS];
	struct pkt **of[NR_SOCKS];		/* the packet of each message */
	unsigned int n[NR_SOCKS];
	unsigned int errors_shown;
};

static int sock_of(const struct pkt *p)
{
	return p->ofam * NR_SRCS + (p->from < 0 ? SRC_STRANGER : SRC_NODE);
}

/*
 * A socket sending from src to the receiver. A source this host does
 * not have is used all the same with IP_TRANSPARENT (root only).
 */
static int open_udp(const struct config *c, int fam, const unsigned char *src)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int on = 1, fd;

	fd = socket(af(fam), SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("podol_fuzz: socket(UDP)");
		return -1;
	}
	/* Report first-hop drops (ENOBUFS) instead of hiding them. */
	if (fam == V4 ?
	    setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on)) :
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on))) {
		perror("podol_fuzz: setsockopt(RECVERR)");
		goto err;
	}
	set_sockaddr(fam, src, 0, &ss, &len);
	if (bind(fd, (struct sockaddr *)&ss, len)) {
		if (errno != EADDRNOTAVAIL ||
		    (fam == V4 ?
		     setsockopt(fd, IPPROTO_IP, IP_TRANSPARENT, &on, sizeof(on)) :
		     setsockopt(fd, IPPROTO_IPV6, IPV6_TRANSPARENT, &on, sizeof(on))) ||
		    bind(fd, (struct sockaddr *)&ss, len)) {
			perror("podol_fuzz: bind");
			goto err;
		}
	}
	set_sockaddr(fam, c->to[fam], c->port, &ss, &len);
	if (connect(fd, (struct sockaddr *)&ss, len)) {
		perror("podol_fuzz: connect");
		goto err;
	}
	return fd;
err:
	close(fd);
	return -1;
}

static void add_message(struct job *j, struct pkt *p)
{
	int k = sock_of(p);
	unsigned int i = j->n[k]++;
	struct msghdr *mh = &j->msg[k][i].msg_hdr;
	struct cmsghdr *cm;

	j->of[k][i] = p;
	j->iov[k][i].iov_base = p->buf;
	j->iov[k][i].iov_len = p->len;
	memset(mh, 0, sizeof(*mh));
	mh->msg_iov = &j->iov[k][i];
	mh->msg_iovlen = 1;
	if (!p->tos)
		return;
	memset(&j->cm[k][i], 0, sizeof(j->cm[k][i]));
	mh->msg_control = j->cm[k][i].buf;
	mh->msg_controllen = sizeof(j->cm[k][i].buf);
	cm = CMSG_FIRSTHDR(mh);
	cm->cmsg_level = p->ofam == V4 ? IPPROTO_IP : IPPROTO_IPV6;
	cm->cmsg_type = p->ofam == V4 ? IP_TOS : IPV6_TCLASS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &p->tos, sizeof(int));
}

static void count_sent(struct totals *t, const struct pkt *p)
{
	t->sent[p->class]++;
	t->verdict[p->verdict]++;
	if (p->verdict == V_DELIVERED)
		t->rx_bytes += p->inner_len;
}

/*
 * Sends one socket's part of the batch. A message sendmsg refuses is
 * tried again a few times (a first-hop drop, an ICMP error reported by
 * IP_RECVERR); one refused every time is counted as refused, not sent.
 */
static void send_socket(struct job *j, int k)
{
	unsigned int off = 0, tries = 0;
	struct pkt *p;
	int n, i;

	while (off < j->n[k]) {
		n = sendmmsg(j->fd[k], &j->msg[k][off], j->n[k] - off, 0);
		if (n > 0) {
			for (i = 0; i < n; i++)
				count_sent(j->t, j->of[k][off + i]);
			off += n;
			tries = 0;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (++tries < SEND_TRIES) {
			usleep(1000 << tries);
			continue;
		}
		p = j->of[k][off];
		if (j->errors_shown++ < 10)
			fprintf(stderr, "podol_fuzz: a %s packet of %zu bytes refused: %s\n",
				classes[p->class].name, p->len, strerror(errno));
		j->t->refused[p->class]++;
		off++;
		tries = 0;
	}
	j->n[k] = 0;
}

static int job_alloc(struct job *j)
{
	unsigned int b = j->c->batch;
	int k;

	j->pkt = calloc(b, sizeof(*j->pkt));
	if (!j->pkt)
		return -1;
	for (k = 0; k < NR_SOCKS; k++) {
		j->fd[k] = -1;
		j->msg[k] = calloc(b, sizeof(*j->msg[k]));
		j->iov[k] = calloc(b, sizeof(*j->iov[k]));
		j->cm[k] = calloc(b, sizeof(*j->cm[k]));
		j->of[k] = calloc(b, sizeof(*j->of[k]));
		if (!j->msg[k] || !j->iov[k] || !j->cm[k] || !j->of[k])
			return -1;
	}
	return 0;
}

/* Sends packets first..first+count-1; 0 or -1. Runs in a child. */
static int run_job(const struct config *c, unsigned long first,
		   unsigned long count, struct totals *t)
{
	struct job j = { .c = c, .t = t };
	unsigned long idx, end = first + count;
	unsigned int i, n;
	int f, k;

	if (job_alloc(&j)) {
		fprintf(stderr, "podol_fuzz: out of memory\n");
		return -1;
	}
	for (f = 0; f < NR_FAMS; f++) {
		if (c->sender[f] < 0)
			continue;
		k = f * NR_SRCS;
		j.fd[k + SRC_NODE] = open_udp(c, f, c->node[c->sender[f]].addr);
		if (j.fd[k + SRC_NODE] < 0)
			return -1;
		if (!c->has_stranger[f])
			continue;
		j.fd[k + SRC_STRANGER] = open_udp(c, f, c->stranger[f]);
		if (j.fd[k + SRC_STRANGER] < 0)
			return -1;
	}
	if (pacer_open(c, &j.pc))
		return -1;
	/* The receiver answers before anything is sent: the path works. */
	if (pacer_send(&j.pc) || pacer_wait(&j.pc, j.pc.sent))
		return -1;

	for (idx = first; idx < end; idx += n) {
		n = end - idx < c->batch ? end - idx : c->batch;
		for (i = 0; i < n; i++) {
			make_packet(c, idx + i, &j.pkt[i]);
			add_message(&j, &j.pkt[i]);
		}
		for (k = 0; k < NR_SOCKS; k++)
			if (j.n[k])
				send_socket(&j, k);
		/* This batch's echo out, the last batch's echo back. */
		if (pacer_send(&j.pc) || pacer_wait(&j.pc, j.pc.sent - 1))
			return -1;
		/* Only between batches, so that what was sent is counted. */
		if (c->seconds && clock_now() >= c->deadline) {
			t->stopped = true;
			break;
		}
	}
	return pacer_wait(&j.pc, j.pc.sent);
}

static void print_hex(const struct config *c, unsigned long idx,
		      const struct pkt *p)
{
	const unsigned char *src = p->from < 0 ? c->stranger[p->ofam] :
						 c->node[p->from].addr;
	char a[INET6_ADDRSTRLEN];
	size_t i;

	inet_ntop(af(p->ofam), src, a, sizeof(a));
	printf("packet %lu class %s from %s tos 0x%02x len %zu: %s",
	       idx, classes[p->class].name, a, p->tos, p->len,
	       verdict_names[p->verdict]);
	if (p->verdict == V_DELIVERED)
		printf(" %zu bytes", p->inner_len);
	for (i = 0; i < p->len; i++)
		printf("%s%02x", i % 16 ? " " : "\n    ", p->buf[i]);
	putchar('\n');
}

/* Splits the packets among jobs, one process each, and adds up. */
static int run(struct config *c)
{
	struct totals *t, sum = { 0 };
	unsigned long per = c->count / c->jobs, first = c->first, n;
	unsigned int i, k, started = 0;
	bool stopped = false;
	double t0, secs;
	int status, rc = 0;
	pid_t pid;

	t = mmap(NULL, c->jobs * sizeof(*t), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED) {
		perror("podol_fuzz: mmap");
		return 1;
	}
	memset(t, 0, c->jobs * sizeof(*t));
	fflush(stdout);
	t0 = clock_now();
	c->deadline = t0 + c->seconds;
	for (i = 0; i < c->jobs; i++) {
		n = i == c->jobs - 1 ? c->count - per * i : per;
		pid = fork();
		if (pid < 0) {
			perror("podol_fuzz: fork");
			rc = 1;
			break;
		}
		if (!pid)
			_exit(run_job(c, first, n, &t[i]) ? 1 : 0);
		started++;
		first += n;
	}
	for (i = 0; i < started; i++) {
		if (wait(&status) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			rc = 1;
	}
	secs = clock_now() - t0;

	for (i = 0; i < c->jobs; i++) {
		for (k = 0; k < NR_CLASSES; k++) {
			sum.sent[k] += t[i].sent[k];
			sum.refused[k] += t[i].refused[k];
		}
		for (k = 0; k < NR_VERDICTS; k++)
			sum.verdict[k] += t[i].verdict[k];
		sum.rx_bytes += t[i].rx_bytes;
		stopped |= t[i].stopped;
	}
	for (k = 0, n = 0; k < NR_CLASSES; k++)
		n += sum.sent[k];
	printf("sent %lu\nseconds %.1f\nrate %.0f packets/s, %u jobs, batches of %u\n",
	       n, secs, secs > 0 ? n / secs : 0.0, c->jobs, c->batch);
	if (stopped)
		printf("stopped at the time limit of %lu s, before %lu packets\n",
		       c->seconds, c->count);
	for (k = 0; k < NR_CLASSES; k++)
		printf("class %s %lu\n", classes[k].name, sum.sent[k]);
	for (k = 0, n = 0; k < NR_CLASSES; k++) {
		n += sum.refused[k];
		if (sum.refused[k])
			printf("refused %s %lu\n", classes[k].name, sum.refused[k]);
	}
	printf("refused %lu\n", n);
	for (k = 0; k < NR_VERDICTS; k++)
		printf("expect %s %lu\n", verdict_names[k], sum.verdict[k]);
	printf("expect rx_bytes %llu\n", sum.rx_bytes);
	if (rc)
		fprintf(stderr, "podol_fuzz: a job failed; the figures above are what was sent\n");
	munmap(t, c->jobs * sizeof(*t));
	return rc;
}

static const char usage_text[] =
"usage: podol_fuzz --to ADDR --node ADDR=CIDR[,CIDR...] --inner-dst ADDR\n"
"                  [options]\n"
"  --to ADDR             the receiver's underlay address; once per family\n"
"  --port N              its podol port (6464)\n"
"  --id N                its network id (0)\n"
"  --node ADDR=CIDR,...  a node in the receiver's table, with its pod\n"
"                        CIDRs; ADDR is an address of this host. The first\n"
"                        node of each family sends; the others are known\n"
"  --stranger ADDR       an address of this host the receiver does not\n"
"                        know; once per family\n"
"  --inner-dst ADDR      where valid inner packets go: a pod behind the\n"
"                        receiver; once per family\n"
"  --count N             packets to send (1000000)\n"
"  --first N             number of the first packet (0)\n"
"  --seed N              the seed (random, and printed)\n"
"  --class NAME          only this class of packets\n"
"  --batch N             packets per sendmmsg and pacing echo (128)\n"
"  --jobs N              sending processes (the CPUs online, at most 4)\n"
"  --seconds N           stop sending after N seconds, at the end of a\n"
"                        batch, even if fewer than --count were sent\n"
"  --hex                 print the packets instead of sending them\n"
"classes:";

static int usage(const char *fmt, const char *arg)
{
	unsigned int k;

	if (fmt) {
		fprintf(stderr, "podol_fuzz: ");
		fprintf(stderr, fmt, arg);
		fputc('\n', stderr);
	}
	fputs(usage_text, stderr);
	for (k = 0; k < NR_CLASSES; k++)
		fprintf(stderr, " %s", classes[k].name);
	fputc('\n', stderr);
	return 2;
}

static int get_num(const char *s, unsigned long long max,
		   unsigned long long *v)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end || *v > max ? -1 : 0;
}

static int get_addr(const char *s, int *fam, unsigned char *a)
{
	memset(a, 0, 16);
	if (inet_pton(AF_INET, s, a) == 1) {
		*fam = V4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a) == 1) {
		*fam = V6;
		return 0;
	}
	return -1;
}

/* One address per family, for the options that take one of each. */
static int get_fam_addr(const char *s, unsigned char (*a)[16], bool *has)
{
	unsigned char tmp[16];
	int fam;

	if (get_addr(s, &fam, tmp) || has[fam])
		return -1;
	memcpy(a[fam], tmp, 16);
	has[fam] = true;
	return 0;
}

static int get_prefix(char *s, struct node *n)
{
	char *slash = strchr(s, '/');
	unsigned long long len;
	struct prefix *pfx;
	unsigned char a[16];
	int fam;

	if (slash)
		*slash = '\0';
	if (get_addr(s, &fam, a))
		return -1;
	if (slash) {
		if (get_num(slash + 1, 8 * alen(fam), &len))
			return -1;
	} else {
		len = 8 * alen(fam);
	}
	if (n->npfx[fam] == PREFIXES_MAX)
		return -1;
	pfx = &n->pfx[fam][n->npfx[fam]++];
	memcpy(pfx->addr, a, 16);
	pfx->len = len;
	return 0;
}

/* ADDR=CIDR,CIDR... */
static int get_node(char *s, struct config *c)
{
	char *eq = strchr(s, '='), *tok, *save;
	struct node *n;

	if (!eq || c->nnodes == NODES_MAX)
		return -1;
	*eq = '\0';
	n = &c->node[c->nnodes];
	memset(n, 0, sizeof(*n));
	if (get_addr(s, &n->fam, n->addr))
		return -1;
	for (tok = strtok_r(eq + 1, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (get_prefix(tok, n))
			return -1;
	c->nnodes++;
	return 0;
}

/* Which families and classes the options allow. */
static int settle(struct config *c)
{
	static const char no_cidr[] =
		"the node sending over %s has no CIDR of an --inner-dst family";
	unsigned int k, i;
	int f, g;

	for (f = 0; f < NR_FAMS; f++) {
		c->sender[f] = -1;
		for (i = 0; i < c->nnodes && c->has_to[f]; i++) {
			if (c->node[i].fam == f) {
				c->sender[f] = i;
				break;
			}
		}
		if (c->sender[f] < 0)
			continue;
		for (g = 0; g < NR_FAMS; g++)
			if (c->has_dst[g] && !c->node[c->sender[f]].npfx[g])
				return usage(no_cidr, f == V4 ? "IPv4" : "IPv6");
	}
	if (c->sender[V4] < 0 && c->sender[V6] < 0)
		return usage("no --node of a --to address's family", NULL);
	if (!c->has_dst[V4] && !c->has_dst[V6])
		return usage("--inner-dst is required", NULL);

	c->weight_sum = 0;
	for (k = 0; k < NR_CLASSES; k++) {
		c->weight[k] = classes[k].weight;
		if ((k == C_IPV4_OPTIONS || k == C_IPV4_FRAGMENT) && !c->has_dst[V4])
			c->weight[k] = 0;
		if (k == C_IPV6_EXTENSION && !c->has_dst[V6])
			c->weight[k] = 0;
		if (k == C_UNKNOWN_NODE &&
		    !(c->sender[V4] >= 0 && c->has_stranger[V4]) &&
		    !(c->sender[V6] >= 0 && c->has_stranger[V6]))
			c->weight[k] = 0;
		c->weight_sum += c->weight[k];
	}
	if (c->only >= 0 && !c->weight[c->only])
		return usage("class %s needs options not given", classes[c->only].name);
	return 0;
}

enum {
	OPT_TO = 256, OPT_PORT, OPT_ID, OPT_NODE, OPT_STRANGER, OPT_INNER_DST,
	OPT_COUNT, OPT_FIRST, OPT_SEED, OPT_CLASS, OPT_BATCH, OPT_JOBS,
	OPT_SECONDS, OPT_HEX, OPT_HELP,
};

static const struct option longopts[] = {
	{ "to",		required_argument,	NULL, OPT_TO },
	{ "port",	required_argument,	NULL, OPT_PORT },
	{ "id",		required_argument,	NULL, OPT_ID },
	{ "node",	required_argument,	NULL, OPT_NODE },
	{ "stranger",	required_argument,	NULL, OPT_STRANGER },
	{ "inner-dst",	required_argument,	NULL, OPT_INNER_DST },
	{ "count",	required_argument,	NULL, OPT_COUNT },
	{ "first",	required_argument,	NULL, OPT_FIRST },
	{ "seed",	required_argument,	NULL, OPT_SEED },
	{ "class",	required_argument,	NULL, OPT_CLASS },
	{ "batch",	required_argument,	NULL, OPT_BATCH },
	{ "jobs",	required_argument,	NULL, OPT_JOBS },
	{ "seconds",	required_argument,	NULL, OPT_SECONDS },
	{ "hex",	no_argument,		NULL, OPT_HEX },
	{ "help",	no_argument,		NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

static unsigned long long num_max(int opt)
{
	switch (opt) {
	case OPT_PORT:	return 65535;
	case OPT_ID:	return PODOL_ID_MAX;
	case OPT_COUNT:	return 1000000000;
	case OPT_FIRST:	return 1000000000000ULL;
	case OPT_SEED:	return UINT64_MAX;
	case OPT_BATCH:	return BATCH_MAX;
	case OPT_JOBS:	return JOBS_MAX;
	case OPT_SECONDS: return 1000000;
	}
	return 0;
}

static int parse(int argc, char **argv, struct config *c)
{
	static const char bad_addr[] =
		"--%s: not an address, or a second one of its family";
	unsigned long long v = 0, max;
	int opt, i = 0;
	unsigned int k;

	while ((opt = getopt_long(argc, argv, "", longopts, &i)) != -1) {
		max = num_max(opt);
		if (max && get_num(optarg, max, &v))
			return usage("bad number for --%s", longopts[i].name);
		switch (opt) {
		case OPT_TO:
			if (get_fam_addr(optarg, c->to, c->has_to))
				return usage(bad_addr, longopts[i].name);
			break;
		case OPT_STRANGER:
			if (get_fam_addr(optarg, c->stranger, c->has_stranger))
				return usage(bad_addr, longopts[i].name);
			break;
		case OPT_INNER_DST:
			if (get_fam_addr(optarg, c->dst, c->has_dst))
				return usage(bad_addr, longopts[i].name);
			break;
		case OPT_NODE:
			if (get_node(optarg, c))
				return usage("bad --node (ADDR=CIDR,CIDR...), or too many", NULL);
			break;
		case OPT_PORT:
			if (!v)
				return usage("--port must not be 0", NULL);
			c->port = v;
			break;
		case OPT_ID:
			c->id = v;
			break;
		case OPT_COUNT:
			c->count = v;
			break;
		case OPT_FIRST:
			c->first = v;
			break;
		case OPT_SEED:
			c->seed = v;
			c->has_seed = true;
			break;
		case OPT_BATCH:
			if (!v)
				return usage("--batch must be at least 1", NULL);
			c->batch = v;
			break;
		case OPT_JOBS:
			if (!v)
				return usage("--jobs must be at least 1", NULL);
			c->jobs = v;
			break;
		case OPT_SECONDS:
			c->seconds = v;
			break;
		case OPT_CLASS:
			for (k = 0; k < NR_CLASSES; k++)
				if (!strcmp(optarg, classes[k].name))
					break;
			if (k == NR_CLASSES)
				return usage("no class %s", optarg);
			c->only = k;
			break;
		case OPT_HEX:
			c->hex = true;
			break;
		case OPT_HELP:
			usage(NULL, NULL);
			exit(0);
		default:
			return usage(NULL, NULL);
		}
	}
	if (optind < argc)
		return usage("unexpected argument: %s", argv[optind]);
	if (!c->has_to[V4] && !c->has_to[V6])
		return usage("--to is required", NULL);
	return settle(c);
}

int main(int argc, char **argv)
{
	static struct config c = {
		.port = PODOL_DEFAULT_PORT,
		.count = 1000000,
		.batch = 128,
		.only = -1,
	};
	static struct pkt p;
	unsigned long i;
	long cpus;
	int ret;

	ret = parse(argc, argv, &c);
	if (ret)
		return ret;
	if (!c.has_seed)
		c.seed = rng_seed_now();
	if (!c.jobs) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		c.jobs = cpus < 1 ? 1 : cpus > 4 ? 4 : cpus;
	}
	if (c.jobs > c.count)
		c.jobs = c.count ? c.count : 1;

	printf("seed 0x%016" PRIx64 "\n", c.seed);
	if (c.hex) {
		for (i = 0; i < c.count; i++) {
			make_packet(&c, c.first + i, &p);
			print_hex(&c, c.first + i, &p);
		}
		return 0;
	}
	return run(&c);
}
