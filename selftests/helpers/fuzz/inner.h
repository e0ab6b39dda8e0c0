/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol_fuzz's inner packets, well formed before a class breaks them:
 * IPv4 with options or fragments, IPv6 with extension headers, their
 * L4 payload, and the podol header in front.
 */
#ifndef PODOL_FUZZ_INNER_H
#define PODOL_FUZZ_INNER_H

#include "common/rng.h"
#include "fuzz/config.h"

/* The IPv4 header checksum, never read past len bytes. */
void ip4_csum(unsigned char *ip, size_t len);

/* An L4 payload length of at most max: mostly short. */
size_t payload_len(struct rng *r, size_t max);

/* A well-formed inner packet of family fam from src, of the given shape. */
size_t put_inner(struct rng *r, const struct config *c, int fam,
		 const unsigned char *src, enum shape shape,
		 unsigned char *p);

/* A valid podol header for an inner packet of family fam. */
void put_podol_hdr(const struct config *c, int fam, unsigned char *p);

#endif
