// SPDX-License-Identifier: GPL-2.0
/*
 * Summing the per-CPU counters, for ip -s link and for netlink.
 */
#include <linux/string.h>

#include "stats.h"

void podol_stats_sum(struct podol_pcpu_stats __percpu *pcpu,
		     struct podol_stats *sum)
{
	struct podol_stats one;
	unsigned int start;
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct podol_pcpu_stats *s = per_cpu_ptr(pcpu, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			one.rx_packets = u64_stats_read(&s->rx_packets);
			one.rx_bytes = u64_stats_read(&s->rx_bytes);
			one.tx_packets = u64_stats_read(&s->tx_packets);
			one.tx_bytes = u64_stats_read(&s->tx_bytes);
			one.tx_fragmented = u64_stats_read(&s->tx_fragmented);
			for (i = 0; i < PODOL_DROP_MAX; i++)
				one.drops[i] = u64_stats_read(&s->drops[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		sum->rx_packets += one.rx_packets;
		sum->rx_bytes += one.rx_bytes;
		sum->tx_packets += one.tx_packets;
		sum->tx_bytes += one.tx_bytes;
		sum->tx_fragmented += one.tx_fragmented;
		for (i = 0; i < PODOL_DROP_MAX; i++)
			sum->drops[i] += one.drops[i];
	}
}
