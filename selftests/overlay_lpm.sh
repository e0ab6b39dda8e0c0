#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The longest prefix wins: with node 2 owning 192.168.0.0/16 and node 3
# 192.168.3.0/24, traffic to 192.168.3.x goes to node 3, the rest of the
# /16 to node 2; and a node may not send from an address whose longest
# match is another node's.
#
#   n1's table:  192.168.0.0/16 -> n2 (10.0.0.12)
#                192.168.3.0/24 -> n3 (10.0.0.13)
#   n2, n3:      192.168.1.0/24 -> n1 (10.0.0.11)
#   pods: p1 192.168.1.2, p2 192.168.2.2, p3 192.168.3.2 (see cluster)
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq ping

ALL_TESTS="longer_prefix_wins shorter_prefix_covers_rest
	longer_prefix_owns_source fallback_after_delete"

tx() { at n1 "$PODOLCTL" -j node show dev podol0 remote "$1" | jq '.[0].stats.tx_packets'; }

# Each reports two results: the ping, then the node it went through.
longer_prefix_wins_results() { echo 2; }
longer_prefix_wins() {
	local a b
	a=$(tx 10.0.0.12) b=$(tx 10.0.0.13)
	check "pod 1 reaches pod 3 (192.168.3.2)" at p1 ping -c 2 -W 2 192.168.3.2
	check "through node 3, the /24" test "$(tx 10.0.0.13)" -ge $((b + 2)) -a "$(tx 10.0.0.12)" = "$a"
}

shorter_prefix_covers_rest_results() { echo 2; }
shorter_prefix_covers_rest() {
	local a b
	a=$(tx 10.0.0.12) b=$(tx 10.0.0.13)
	check "pod 1 reaches pod 2 (192.168.2.2)" at p1 ping -c 2 -W 2 192.168.2.2
	check "through node 2, the /16" test "$(tx 10.0.0.12)" -ge $((a + 2)) -a "$(tx 10.0.0.13)" = "$b"
}

longer_prefix_owns_source() {
	local before
	if [ ! -x "$PODOL_CRAFT" ]; then
		ktap_skip "node 2 may not send from 192.168.3.7" "helpers not built"
		return
	fi
	before=$(podol_stat n1 .drops.rx_not_owned)
	at n2 "$PODOL_CRAFT" --to 10.0.0.11 --inner-src 192.168.3.7 --inner-dst 192.168.1.2
	sleep 0.3
	check "node 2 may not send from 192.168.3.7: node 3's longer prefix" \
		test "$(( $(podol_stat n1 .drops.rx_not_owned) - before ))" = 1
}

fallback_after_delete() {
	check "without node 3, 192.168.3.x falls back to node 2" \
		bash -c "ip netns exec $PFX-n1 $PODOLCTL node del dev podol0 remote 10.0.0.13 &&
			 ip netns exec $PFX-n1 $PODOLCTL -j node show dev podol0 | jq -e 'length == 1' >/dev/null"
}

cluster 3
at n1 "$PODOLCTL" node add dev podol0 remote 10.0.0.12 cidr 192.168.0.0/16
at n1 "$PODOLCTL" node add dev podol0 remote 10.0.0.13 cidr 192.168.3.0/24
for i in 2 3; do
	at "n$i" "$PODOLCTL" node add dev podol0 remote 10.0.0.11 cidr 192.168.1.0/24
done
tests_run
