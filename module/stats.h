/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The counters of a device and of each node. Packets and bytes are per
 * CPU: the data path only ever touches its own CPU's copy, so counting
 * costs no atomic and no shared cache line; readers sum all CPUs under
 * the u64_stats seqcount. Drops are rare, and a node's table can hold
 * 65,536 nodes on machines of hundreds of possible CPUs: drops are one
 * shared atomic per reason, so a node's counters grow by 32 bytes per
 * possible CPU, not by 32 + 8 per drop reason.
 */
#ifndef _PODOL_STATS_H
#define _PODOL_STATS_H

#include <linux/atomic.h>
#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

#include <linux/podol.h>

/*
 * enum podol_drop_reason (UAPI) says why a packet was dropped; counters
 * are indexed by it, and slot PODOL_DROP_NONE stays 0.
 */

/*
 * Every allocation made for a netlink request or a device: charged to the
 * caller's memory cgroup, and over its limit a clean -ENOMEM rather than
 * the memory cgroup's OOM killer (try_charge() gives up without it for
 * __GFP_RETRY_MAYFAIL, as alloc_netdev() does for the device itself).
 */
#define PODOL_GFP	(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

struct podol_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t tx_fragmented;
	struct u64_stats_sync syncp;
};

struct podol_counters {
	struct podol_pcpu_stats __percpu *pcpu;
	atomic_long_t drops[__PODOL_DROP_MAX];
};

/* The sum over all CPUs. */
struct podol_stats {
	u64 rx_packets, rx_bytes, tx_packets, tx_bytes;
	u64 tx_fragmented;	/* carried over the path MTU, fragmented */
	u64 drops[__PODOL_DROP_MAX];
};

struct podol_counters *podol_counters_new(void);
void podol_counters_free(struct podol_counters *c);
void podol_stats_sum(const struct podol_counters *c, struct podol_stats *sum);

static inline void podol_count_drop(struct podol_counters *stats,
				    enum podol_drop_reason why)
{
	atomic_long_inc(&stats->drops[why]);
}

static inline void podol_count_rx(struct podol_counters *stats,
				  unsigned int len)
{
	struct podol_pcpu_stats *s = get_cpu_ptr(stats->pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(stats->pcpu);
}

static inline void podol_count_tx(struct podol_counters *stats,
				  unsigned int len)
{
	struct podol_pcpu_stats *s = get_cpu_ptr(stats->pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(stats->pcpu);
}

/* A packet carried over the path MTU: the outer packet is fragmented. */
static inline void podol_count_tx_fragmented(struct podol_counters *stats)
{
	struct podol_pcpu_stats *s = get_cpu_ptr(stats->pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_fragmented);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(stats->pcpu);
}

#endif /* _PODOL_STATS_H */
