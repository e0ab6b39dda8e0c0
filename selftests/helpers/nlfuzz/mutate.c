// SPDX-License-Identifier: GPL-2.0
/* podol_nlfuzz: random mutations of a valid message: see mutate.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/podol.h>
#include <linux/rtnetlink.h>

#include "common/rng.h"
#include "nlfuzz/mutate.h"

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
void rng_seed(uint64_t seed, uint64_t i)
{
	rng_state = rng_nth(seed, i) | 1;
}

const char *const shape_names[NR_SHAPES] = {
	"REPLACE", "ADD", "CHANGE", "DEL", "RTM_NEWLINK",
};

const char *const op_names[NR_OPS] = {
	"bit flips", "byte values", "nla_len values", "nla_type values",
	"payload values", "truncations", "attributes removed",
	"attributes repeated", "attributes inserted", "payloads resized",
	"several at once",
};

void add_recs(struct base_msg *b, size_t off, size_t end, int parent,
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

void mutate(struct mut *u, const struct base_msg *b, enum op op)
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
