#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A packet to an address no node owns is answered with ICMP/ICMPv6
# destination unreachable and counted.
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq ping

ALL_TESTS="ipv4_unreachable ipv6_unreachable counted_as_tx_no_node
	known_destination"

# The unreachable pings sent so far, by family.
sent4=0 sent6=0

# unreachable DEST: one ping from pod 1 to DEST, which no node owns,
# hears destination unreachable.
unreachable() {
	local out
	out=$(at p1 ping -c 1 -W 2 "$1" 2>&1)
	diag "$(grep -i unreach <<< "$out")"
	grep -qi "unreachable" <<< "$out"
}

ipv4_unreachable() {
	check "IPv4: the sender hears destination unreachable" unreachable 192.168.9.2
	sent4=1
}

ipv6_unreachable() {
	check "IPv6: the sender hears destination unreachable" unreachable fd10:9::2
	sent6=1
}

# Counts the two pings above; run alone, it sends them itself.
counted_as_tx_no_node() {
	[ "$sent4" = 1 ] || unreachable 192.168.9.2 > /dev/null
	[ "$sent6" = 1 ] || unreachable fd10:9::2 > /dev/null
	check "both counted as tx_no_node" test "$(podol_stat n1 .drops.tx_no_node)" = 2
}

known_destination() {
	check "a known destination still works" at p1 ping -c 1 -W 2 192.168.2.2
}

cluster 2
mesh 2 v4
tests_run
