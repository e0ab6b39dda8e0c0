// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "stats.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const drop_names[] = {
	[PODOL_DROP_TX_NO_NODE]		= "tx_no_node",
	[PODOL_DROP_TX_BAD_INNER]	= "tx_bad_inner",
	[PODOL_DROP_TX_NO_ROUTE]	= "tx_no_route",
	[PODOL_DROP_TX_TOO_BIG]		= "tx_too_big",
	[PODOL_DROP_TX_NO_SOCKET]	= "tx_no_socket",
	[PODOL_DROP_TX_ERROR]		= "tx_error",
	[PODOL_DROP_RX_DOWN]		= "rx_down",
	[PODOL_DROP_RX_SHORT]		= "rx_short",
	[PODOL_DROP_RX_VERSION]		= "rx_version",
	[PODOL_DROP_RX_RESERVED]	= "rx_reserved",
	[PODOL_DROP_RX_NETWORK_ID]	= "rx_network_id",
	[PODOL_DROP_RX_UNKNOWN_NODE]	= "rx_unknown_node",
	[PODOL_DROP_RX_NOT_OWNED]	= "rx_not_owned",
	[PODOL_DROP_RX_BAD_INNER]	= "rx_bad_inner",
	[PODOL_DROP_RX_ECN]		= "rx_ecn",
	[PODOL_DROP_RX_SPOOFED_LOCAL]	= "rx_spoofed_local",
};
_Static_assert(ARRAY_SIZE(drop_names) == PODOL_DROP_MAX + 1,
	       "a drop reason without a name");
_Static_assert(PODOL_DROP_MAX < 32, "drops_present has 32 bits");

const char *podol_drop_name(unsigned int reason)
{
	return reason < ARRAY_SIZE(drop_names) ? drop_names[reason] : NULL;
}

static int parse_drops(struct podol_nl *nl, const struct nlattr *nest,
		       struct podol_stats *s)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		unsigned int type = mnl_attr_get_type(a);

		/* NONE is never counted; above the last, a newer kernel's. */
		if (type == PODOL_DROP_NONE || type > PODOL_DROP_MAX)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_U64) < 0)
			return podol_nl_bad_reply(nl, "a drop counter of the wrong size");
		s->drops[type] = mnl_attr_get_u64(a);
		s->drops_present |= 1U << type;
	}
	return 0;
}

int podol_stats_parse(struct podol_nl *nl, const struct nlattr *nest,
		      struct podol_stats *s)
{
	static const enum mnl_attr_data_type policy[PODOL_STATS_A_MAX + 1] = {
		[PODOL_STATS_A_RX_PACKETS]	= MNL_TYPE_U64,
		[PODOL_STATS_A_RX_BYTES]	= MNL_TYPE_U64,
		[PODOL_STATS_A_TX_PACKETS]	= MNL_TYPE_U64,
		[PODOL_STATS_A_TX_BYTES]	= MNL_TYPE_U64,
		[PODOL_STATS_A_DROPS]		= MNL_TYPE_NESTED,
		[PODOL_STATS_A_LAST_RX_MSECS]	= MNL_TYPE_U64,
		[PODOL_STATS_A_TX_FRAGMENTED]	= MNL_TYPE_U64,
	};
	const struct nlattr *tb[PODOL_STATS_A_MAX + 1] = { NULL };
	int ret;

	memset(s, 0, sizeof(*s));
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
		return podol_nl_bad_reply(nl, "an attribute of the wrong size");
	ret = podol_parse_nest(nl, nest, tb, PODOL_STATS_A_MAX, policy);
	if (ret)
		return ret;
	if (tb[PODOL_STATS_A_RX_PACKETS])
		s->rx_packets = mnl_attr_get_u64(tb[PODOL_STATS_A_RX_PACKETS]);
	if (tb[PODOL_STATS_A_RX_BYTES])
		s->rx_bytes = mnl_attr_get_u64(tb[PODOL_STATS_A_RX_BYTES]);
	if (tb[PODOL_STATS_A_TX_PACKETS])
		s->tx_packets = mnl_attr_get_u64(tb[PODOL_STATS_A_TX_PACKETS]);
	if (tb[PODOL_STATS_A_TX_BYTES])
		s->tx_bytes = mnl_attr_get_u64(tb[PODOL_STATS_A_TX_BYTES]);
	if (tb[PODOL_STATS_A_TX_FRAGMENTED])
		s->tx_fragmented =
			mnl_attr_get_u64(tb[PODOL_STATS_A_TX_FRAGMENTED]);
	if (tb[PODOL_STATS_A_LAST_RX_MSECS]) {
		s->has_last_rx = true;
		s->last_rx_msecs =
			mnl_attr_get_u64(tb[PODOL_STATS_A_LAST_RX_MSECS]);
	}
	if (tb[PODOL_STATS_A_DROPS])
		return parse_drops(nl, tb[PODOL_STATS_A_DROPS], s);
	return 0;
}
