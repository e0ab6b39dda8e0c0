// SPDX-License-Identifier: GPL-2.0
/*
 * The counters' allocation, and their sum for ip -s link and for netlink.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "stats.h"

struct podol_counters *podol_counters_new(void)
{
	struct podol_counters *c = kzalloc(sizeof(*c), PODOL_GFP);
	int cpu;

	if (!c)
		return NULL;
	c->pcpu = alloc_percpu_gfp(struct podol_pcpu_stats, PODOL_GFP);
	if (!c->pcpu) {
		kfree(c);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(c->pcpu, cpu)->syncp);
	return c;
}

void podol_counters_free(struct podol_counters *c)
{
	if (!c)
		return;
	free_percpu(c->pcpu);
	kfree(c);
}

void podol_stats_sum(const struct podol_counters *c, struct podol_stats *sum)
{
	u64 rx_packets, rx_bytes, tx_packets, tx_bytes, tx_fragmented;
	unsigned int start;
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct podol_pcpu_stats *s = per_cpu_ptr(c->pcpu, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			rx_packets = u64_stats_read(&s->rx_packets);
			rx_bytes = u64_stats_read(&s->rx_bytes);
			tx_packets = u64_stats_read(&s->tx_packets);
			tx_bytes = u64_stats_read(&s->tx_bytes);
			tx_fragmented = u64_stats_read(&s->tx_fragmented);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		sum->rx_packets += rx_packets;
		sum->rx_bytes += rx_bytes;
		sum->tx_packets += tx_packets;
		sum->tx_bytes += tx_bytes;
		sum->tx_fragmented += tx_fragmented;
	}
	for (i = PODOL_DROP_NONE + 1; i <= PODOL_DROP_MAX; i++)
		sum->drops[i] = atomic_long_read(&c->drops[i]);
}
