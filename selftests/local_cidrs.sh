#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A device told its own node's pod CIDRs (podolctl dev set ... local-cidr)
# drops a received packet whose inner source is one of its own pods,
# whatever node sent it: node 2, an egress gateway owning 0.0.0.0/0 in
# node 1's table, cannot speak for node 1's pods, while it still can for
# every other address.
. "$(dirname "$0")/lib.sh"
require_craft

ALL_TESTS="no_list_delivers dev_set_local_cidrs local_source_dropped
	other_source_delivered local_cidr_none"

N=3

# craft SRC: N packets from node 2 to node 1's pod, with inner source SRC.
craft() {
	at n2 "$PODOL_CRAFT" --to 10.0.0.11 --count $N \
		--inner-src "$1" --inner-dst 192.168.1.2 > /dev/null
	sleep 0.3
}
craft6() {
	at n2 "$PODOL_CRAFT" --to 10.0.0.11 --count $N \
		--inner-src "$1" --inner-dst fd10:1::2 > /dev/null
	sleep 0.3
}
delivered() { podol_stat n1 .rx_packets; }
spoofed() { podol_stat n1 .drops.rx_spoofed_local; }
# moved WHAT BEFORE: WHAT moved by N since BEFORE.
moved() { test "$(( $("$1") - $2 ))" = $N; }
# set_local: node 1's own pod CIDRs, as dev_set_local_cidrs sets them, so
# that each check after it also runs alone.
set_local() {
	at n1 "$PODOLCTL" dev set dev podol0 local-cidr 192.168.1.0/24 local-cidr fd10:1::/64
}

# The device starts with no local list.
no_list_delivers() {
	local rx
	rx=$(delivered)
	craft 192.168.1.7
	check "without a local list, a local pod's source from the gateway is delivered" moved delivered "$rx"
}

dev_set_local_cidrs_results() { echo 2; }
dev_set_local_cidrs() {
	check "dev set: the local CIDRs" set_local
	check "dev show: the local CIDRs, from DEV_GET" \
		bash -c "ip netns exec $PFX-n1 $PODOLCTL -j dev show dev podol0 |
			 jq -e '.[0].local_cidrs == [\"192.168.1.0/24\", \"fd10:1::/64\"]' > /dev/null"
}

local_source_dropped_results() { echo 3; }
local_source_dropped() {
	local rx sp
	set_local
	rx=$(delivered) sp=$(spoofed)
	craft 192.168.1.7
	check "a local pod's source from the gateway is dropped as rx_spoofed_local" moved spoofed "$sp"
	check "and not delivered" test "$(delivered)" = "$rx"
	sp=$(spoofed)
	craft6 fd10:1::7
	check "the same over IPv6" moved spoofed "$sp"
}

other_source_delivered() {
	local rx
	set_local
	rx=$(delivered)
	craft 10.20.30.40
	check "another source of the gateway is still delivered" moved delivered "$rx"
}

local_cidr_none_results() { echo 2; }
local_cidr_none() {
	local rx
	set_local
	check "local-cidr none empties the list" \
		at n1 "$PODOLCTL" dev set dev podol0 local-cidr none
	rx=$(delivered)
	craft 192.168.1.7
	check "and the local pod's source is delivered again" moved delivered "$rx"
}

# Two nodes (see cluster); node 2 is node 1's egress gateway.
#
#   n1's table:  0.0.0.0/0, ::/0 -> n2 (10.0.0.12)
#   n2 sends crafted packets to n1's pod p1 (192.168.1.2, fd10:1::2)
cluster 2
at n1 "$PODOLCTL" node add dev podol0 remote 10.0.0.12 cidr 0.0.0.0/0 cidr ::/0
tests_run
