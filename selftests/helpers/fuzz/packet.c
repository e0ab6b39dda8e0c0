// SPDX-License-Identifier: GPL-2.0
/* podol_fuzz's packets and their verdicts: see packet.h. */
#include <netinet/in.h>
#include <string.h>

#include <linux/podol.h>

#include "common/pkt.h"
#include "common/rng.h"
#include "fuzz/inner.h"
#include "fuzz/packet.h"

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
void make_packet(const struct config *c, unsigned long idx,
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
