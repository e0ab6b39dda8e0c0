// SPDX-License-Identifier: GPL-2.0
/* podol_fuzz's classes and verdicts: see config.h. */
#include <sys/socket.h>

#include "fuzz/config.h"

const struct fuzz_class_info classes[NR_CLASSES] = {
	[C_VALID]		= { "valid",		100 },
	[C_RANDOM]		= { "random",		 60 },
	[C_RANDOM_INNER]	= { "random-inner",	 60 },
	[C_TRUNCATED]		= { "truncated",	120 },
	[C_VERSION]		= { "version",		 40 },
	[C_RESERVED]		= { "reserved",		 50 },
	[C_NETWORK_ID]		= { "network-id",	 40 },
	[C_UNKNOWN_NODE]	= { "unknown-node",	 40 },
	[C_PROTOCOL]		= { "protocol",		 50 },
	[C_INNER_LENGTH]	= { "inner-length",	 90 },
	[C_IPV4_OPTIONS]	= { "ipv4-options",	 70 },
	[C_IPV4_FRAGMENT]	= { "ipv4-fragment",	 60 },
	[C_IPV6_EXTENSION]	= { "ipv6-extension",	 90 },
	[C_NOT_OWNED]		= { "not-owned",	 40 },
	[C_ECN]			= { "ecn",		 40 },
	[C_BITFLIP]		= { "bitflip",		 50 },
};

const char *const verdict_names[NR_VERDICTS] = {
	[V_DELIVERED]		= "delivered",
	[V_DOWN]		= "rx_down",
	[V_SHORT]		= "rx_short",
	[V_VERSION]		= "rx_version",
	[V_RESERVED]		= "rx_reserved",
	[V_NETWORK_ID]		= "rx_network_id",
	[V_UNKNOWN_NODE]	= "rx_unknown_node",
	[V_NOT_OWNED]		= "rx_not_owned",
	[V_BAD_INNER]		= "rx_bad_inner",
	[V_ECN]			= "rx_ecn",
	[V_SPOOFED_LOCAL]	= "rx_spoofed_local",
};

int alen(int fam)
{
	return fam == V4 ? 4 : 16;
}

int af(int fam)
{
	return fam == V4 ? AF_INET : AF_INET6;
}
