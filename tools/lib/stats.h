/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpodol: counters, of a device (PODOL_A_STATS) or of a node
 * (PODOL_NODE_A_STATS), decoded, and the names of the drop reasons.
 */
#ifndef LIBPODOL_STATS_H
#define LIBPODOL_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "nl.h"

struct podol_stats {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t tx_fragmented;		/* carried over the path MTU */
	bool has_last_rx;		/* false: never */
	uint64_t last_rx_msecs;
	uint32_t drops_present;		/* a bit per enum podol_drop_reason */
	uint64_t drops[PODOL_DROP_MAX + 1];
};

/*
 * "tx_no_node", ...: a reason's name, the JSON key and the text word
 * (NULL for PODOL_DROP_NONE and past PODOL_DROP_MAX).
 */
const char *podol_drop_name(unsigned int reason);

/*
 * A PODOL_STATS_A_* nest. Drop reasons past PODOL_DROP_MAX (a newer
 * kernel's) are skipped; PODOL_DROP_NONE is never counted.
 */
int podol_stats_parse(struct podol_nl *nl, const struct nlattr *nest,
		      struct podol_stats *s);

#endif /* LIBPODOL_STATS_H */
