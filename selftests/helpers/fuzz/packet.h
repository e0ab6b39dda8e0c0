/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol_fuzz's packets: packet number idx of a run, made by its class
 * from a valid one, and the verdict podol must reach on its bytes.
 */
#ifndef PODOL_FUZZ_PACKET_H
#define PODOL_FUZZ_PACKET_H

#include "fuzz/config.h"

/* Packet number idx: its class, outer headers, bytes and verdict. */
void make_packet(const struct config *c, unsigned long idx,
		 struct pkt *p);

#endif
