// SPDX-License-Identifier: GPL-2.0
/* Random numbers: see rng.h. */
#include <time.h>
#include <unistd.h>

#include "rng.h"

#define SPLITMIX_GAMMA		0x9e3779b97f4a7c15ULL
#define XORSHIFT64S_MUL		0x2545f4914f6cdd1dULL

uint64_t rng_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t rng_next(struct rng *r)
{
	r->s += SPLITMIX_GAMMA;
	return rng_mix64(r->s);
}

uint64_t rng_nth(uint64_t seed, uint64_t i)
{
	return rng_mix64(seed + (i + 1) * SPLITMIX_GAMMA);
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(((rng_next(r) >> 32) * n) >> 32) : 0;
}

bool rng_chance(struct rng *r, unsigned int percent)
{
	return rng_below(r, 100) < percent;
}

void rng_fill(struct rng *r, unsigned char *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(i & 7))
			v = rng_next(r);
		p[i] = v >> (8 * (i & 7));
	}
}

uint64_t rng_xorshift64s(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * XORSHIFT64S_MUL;
}

uint64_t rng_seed_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return rng_mix64((uint64_t)time(NULL) << 20 ^ getpid() ^
			 ((uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec));
}
