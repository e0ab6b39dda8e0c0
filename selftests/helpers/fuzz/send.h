/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol_fuzz's sending: the packets split among jobs, one process each,
 * sent in batches paced by ICMP echoes, and the totals added up.
 */
#ifndef PODOL_FUZZ_SEND_H
#define PODOL_FUZZ_SEND_H

#include "fuzz/config.h"

/* Packet number idx, its class and verdict, in hex (--hex). */
void print_hex(const struct config *c, unsigned long idx,
	       const struct pkt *p);

/* Sends the packets, split among jobs, and prints the totals; 1 if a job failed. */
int run(struct config *c);

#endif
