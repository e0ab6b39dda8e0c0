/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU device counters. The data path only ever touches its own CPU's
 * copy, so counting costs no atomic and no shared cache line; readers sum
 * all CPUs under the u64_stats seqcount.
 */
#ifndef _PODOL_STATS_H
#define _PODOL_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

/* Why a packet was dropped. The tx reasons come first. */
enum podol_drop {
	PODOL_DROP_TX_NO_NODE,		/* no node owns the inner destination */
	PODOL_DROP_TX_LAST = PODOL_DROP_TX_NO_NODE,
	PODOL_DROP_RX_DOWN,		/* the device is administratively down */
	PODOL_DROP_RX_UNKNOWN_NODE,	/* outer source is not a known node */
	PODOL_DROP_MAX
};

struct podol_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t drops[PODOL_DROP_MAX];
	struct u64_stats_sync syncp;
};

static inline void podol_count_drop(struct podol_pcpu_stats __percpu *stats,
				    enum podol_drop why)
{
	struct podol_pcpu_stats *s = get_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[why]);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(stats);
}

#endif /* _PODOL_STATS_H */
