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

#include <linux/podol.h>

/* enum podol_drop_reason (UAPI) says why a packet was dropped. */
#define PODOL_DROP_MAX __PODOL_DROP_MAX

struct podol_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t tx_fragmented;
	u64_stats_t drops[PODOL_DROP_MAX];
	struct u64_stats_sync syncp;
};

/* The sum over all CPUs. */
struct podol_stats {
	u64 rx_packets, rx_bytes, tx_packets, tx_bytes;
	u64 tx_fragmented;	/* carried over the path MTU, fragmented */
	u64 drops[PODOL_DROP_MAX];
};

void podol_stats_sum(struct podol_pcpu_stats __percpu *pcpu,
		     struct podol_stats *sum);

static inline void podol_count_drop(struct podol_pcpu_stats __percpu *stats,
				    enum podol_drop_reason why)
{
	struct podol_pcpu_stats *s = get_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[why]);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(stats);
}

static inline void podol_count_rx(struct podol_pcpu_stats __percpu *stats,
				  unsigned int len)
{
	struct podol_pcpu_stats *s = get_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(stats);
}

static inline void podol_count_tx(struct podol_pcpu_stats __percpu *stats,
				  unsigned int len)
{
	struct podol_pcpu_stats *s = get_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(stats);
}

/* A packet carried over the path MTU: the outer packet is fragmented. */
static inline void podol_count_tx_fragmented(struct podol_pcpu_stats __percpu *stats)
{
	struct podol_pcpu_stats *s = get_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_fragmented);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(stats);
}

#endif /* _PODOL_STATS_H */
