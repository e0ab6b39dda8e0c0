// SPDX-License-Identifier: GPL-2.0
/* podol_fuzz's inner packets: see inner.h. */
#include <netinet/in.h>
#include <string.h>

#include <linux/podol.h>

#include "common/pkt.h"
#include "common/rng.h"
#include "fuzz/inner.h"

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
void ip4_csum(unsigned char *ip, size_t len)
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
size_t payload_len(struct rng *r, size_t max)
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

size_t put_inner(struct rng *r, const struct config *c, int fam,
		 const unsigned char *src, enum shape shape,
		 unsigned char *p)
{
	if (fam == V4)
		return put_ip4(r, src, c->dst[V4], shape, p, INNER_ROOM);
	return put_ip6(r, src, c->dst[V6], shape, p, INNER_ROOM);
}

void put_podol_hdr(const struct config *c, int fam, unsigned char *p)
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
