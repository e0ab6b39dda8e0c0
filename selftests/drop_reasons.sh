#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every receive-side drop reason, provoked by a crafted packet from the
# underlay, moves its own counter and no other; a good crafted packet is
# delivered; transmit drops are counted too.
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq ping
[ -x "$PODOL_CRAFT" ] || skip_all "helpers not built (make -C selftests helpers)"

ALL_TESTS="well_formed_delivered rx_drops rx_down tx_no_node tx_no_route
	link_stats_add_up"

N=3
# Each row: the drop reason, then podol_craft's arguments that provoke it.
RX_DROPS=(
	"rx_short --truncate 6"
	"rx_short --truncate 20"
	"rx_short --bad-inner-len"
	"rx_version --version 1"
	"rx_reserved --flags 1"
	"rx_reserved --reserved 1"
	"rx_reserved --reserved 0x10000"
	"rx_network_id --id 8"
	"rx_unknown_node --from 10.0.0.99"
	"rx_bad_inner --proto 17"
	"rx_not_owned --inner-src 192.168.1.7"
	"rx_ecn --tos 3 --inner-tos 0"
)

# craft ARGS...: N datagrams from node 2's underlay to node 1's podol.
craft() {
	at n2 "$PODOL_CRAFT" --to 10.0.0.11 --count $N --id 7 \
		--inner-src 192.168.2.2 --inner-dst 192.168.1.2 "$@"
}
# drops_total: all of node 1's drops.
drops_total() { podol_stat n1 ".drops | add"; }

# expect_drop REASON CRAFT-ARGS...: the crafted packets move REASON by N,
# and nothing else.
expect_drop() {
	local reason=$1 before total_before after total_after
	shift
	before=$(podol_stat n1 ".drops.$reason")
	total_before=$(drops_total)
	craft "$@" > /dev/null
	sleep 0.3
	after=$(podol_stat n1 ".drops.$reason")
	total_after=$(drops_total)
	if [ "$((after - before))" = $N ] && [ "$((total_after - total_before))" = $N ]; then
		ktap_ok "$reason: $*"
	else
		diag "$reason moved by $((after - before)), all drops by $((total_after - total_before))"
		ktap_fail "$reason: $*"
	fi
}

well_formed_delivered() {
	local rx0
	rx0=$(podol_stat n1 .rx_packets)
	craft > /dev/null
	sleep 0.3
	check "a well-formed crafted packet is delivered" \
		test "$(( $(podol_stat n1 .rx_packets) - rx0 ))" = $N
}

rx_drops_results() { echo "${#RX_DROPS[@]}"; }
rx_drops() {
	local row
	for row in "${RX_DROPS[@]}"; do
		# shellcheck disable=SC2086 # a reason and its arguments
		expect_drop $row
	done
}

rx_down() {
	at n1 ip link set podol0 down
	expect_drop rx_down
	# Down took the routes through podol0 with it.
	at n1 ip link set podol0 up
	at n1 ip route add 192.168.0.0/16 dev podol0
	at n1 ip -6 route add fd10::/16 dev podol0
}

# expect_tx REASON DEST: two pings to DEST move REASON by 2.
expect_tx() {
	local before after
	before=$(podol_stat n1 ".drops.$1")
	at p1 ping -c 2 -i 0.3 -W 1 "$2" > /dev/null 2>&1
	after=$(podol_stat n1 ".drops.$1")
	[ "$((after - before))" = 2 ] && return 0
	echo "$1 moved by $((after - before))"
	return 1
}

tx_no_node() {
	check "tx_no_node: a destination no node owns" expect_tx tx_no_node 192.168.9.2
}

tx_no_route() {
	at n1 "$PODOLCTL" node add dev podol0 remote 10.9.9.9 cidr 192.168.8.0/24
	check "tx_no_route: a node the underlay cannot reach" expect_tx tx_no_route 192.168.8.2
}

# Whatever the checks before it dropped (all of them, in a whole run).
link_stats_add_up() {
	check "ip -s link adds them all up" \
		bash -c "ip -n $PFX-n1 -j -s link show podol0 | jq -e --argjson d \"\$(ip netns exec $PFX-n1 $PODOLCTL -j stats dev podol0 | jq '[.[0].stats.drops | to_entries[] | select(.key | startswith(\"rx_\")) | .value] | add')\" '.[0].stats64.rx.dropped == \$d' >/dev/null"
}

# topology: a cluster of 2 with network id 7, the nodes known by IPv4,
# and on node 2's underlay a second address that is no node's, for
# packets from an unknown sender.
#
#   p1 -- n1 ul0 (10.0.0.11) --[ul br0]-- ul0 (10.0.0.12, 10.0.0.99) n2 -- p2
topology() {
	cluster 2 id 7
	mesh 2 v4
	at n2 ip addr add 10.0.0.99/24 dev ul0
}

topology
tests_run
