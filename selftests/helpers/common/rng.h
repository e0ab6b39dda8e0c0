/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The helpers' random numbers: fast, and the same run again from the
 * same seed. Two generators, each kept bit for bit as the helpers have
 * always drawn them, so that a seed printed by an old run replays:
 *
 * - struct rng, splitmix64: a stream per packet or iteration, started
 *   with rng_mix64() from a hash of the seed and its number;
 * - rng_xorshift64s(), xorshift64*: one long stream from one seed.
 */
#ifndef PODOL_HELPERS_RNG_H
#define PODOL_HELPERS_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s;
};

/* splitmix64's finaliser: a good 64-bit hash. */
uint64_t rng_mix64(uint64_t z);
uint64_t rng_next(struct rng *r);
/* What the i+1-th rng_next() of a stream started at seed returns. */
uint64_t rng_nth(uint64_t seed, uint64_t i);
/* Uniform in [0, n); 0 when n is 0. */
uint32_t rng_below(struct rng *r, uint32_t n);
bool rng_chance(struct rng *r, unsigned int percent);
void rng_fill(struct rng *r, unsigned char *p, size_t n);

/* xorshift64*: advances *s (never 0) and returns the next number. */
uint64_t rng_xorshift64s(uint64_t *s);

/* A seed nobody gave: from the clock and the process id. */
uint64_t rng_seed_now(void);

#endif
