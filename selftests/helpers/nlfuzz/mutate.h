/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol_nlfuzz's mutator: random changes to a valid base message, each
 * drawn from the iteration's own stream so that it can be made again.
 */
#ifndef PODOL_NLFUZZ_MUTATE_H
#define PODOL_NLFUZZ_MUTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nlfuzz/msg.h"

enum shape { S_REPLACE, S_ADD, S_CHANGE, S_DEL, S_NEWLINK, NR_SHAPES };

extern const char *const shape_names[NR_SHAPES];

enum op {
	OP_BIT, OP_BYTE, OP_LEN, OP_TYPE, OP_VALUE, OP_TRUNC, OP_DEL, OP_DUP,
	OP_INSERT, OP_RESIZE, OP_MULTI, NR_OPS
};

extern const char *const op_names[NR_OPS];
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

struct mut {
	struct msg m;		/* the mutated message */
	char what[160];
};

/* Starts iteration i's own stream of random numbers from seed. */
void rng_seed(uint64_t seed, uint64_t i);

/* Records the attributes of b between off and end, under parent. */
void add_recs(struct base_msg *b, size_t off, size_t end, int parent,
	      int depth);

/* One mutation of kind op of b, into u (u->what says what it did). */
void mutate(struct mut *u, const struct base_msg *b, enum op op);

#endif
