#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A controller re-applies its whole view: replace swaps a 1,000-node
# table for another, again and again, while a pod pings a node present in
# both; not a packet is lost, and the table is exactly the last file. A
# node whose remote and port a replace keeps keeps its counters, last_rx
# and warm route cache; one whose port changed starts afresh.
#
#   p1 (192.168.1.2, fd10:1::2)        p2 (192.168.2.2, fd10:2::2)
#    |                                  |
#   n1 podol0                          n2 podol0
#    | ul0 10.0.0.11, 2001:db8::11      | ul0 10.0.0.12, 2001:db8::12
#   ul br0 -----------------------------+
#
#   n1's table: node 2 and 999 made-up nodes, replaced whole (see
#   cluster in lib.sh)
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq ping

ALL_TESTS="replace_1000 replace_under_traffic replace_is_last_file
	replace_keeps_counters replace_keeps_route_cache"

# table FILE SALT: 999 made-up nodes plus node 2, each with two CIDRs.
table() {
	local i
	{
		echo "remote 10.0.0.12 cidr 192.168.2.0/24 cidr fd10:2::/64"
		for i in $(seq 1 999); do
			echo "remote 10.$2.$((i / 250)).$((i % 250 + 1)) cidr 172.$((16 + $2)).$((i / 250)).$((i % 250)).0/32 cidr fd20:$2:$i::/48"
		done
	} > "$1"
}

replace_1000_results() { echo 2; }
replace_1000() {
	check "replace with a 1,000-node table" at n1 "$PODOLCTL" node replace dev podol0 file "$ta"
	check "it holds 1,000 nodes" bash -c "ip netns exec $PFX-n1 $PODOLCTL -j stats dev podol0 | jq -e '.[0].nodes == 1000' >/dev/null"
}

replace_under_traffic_results() { echo 2; }
replace_under_traffic() {
	local pp swaps=0 loss
	at p1 ping -q -c 200 -i 0.02 -W 1 192.168.2.2 > "/tmp/$PFX.ping" 2>&1 &
	pp=$!
	while kill -0 $pp 2>/dev/null; do
		at n1 "$PODOLCTL" node replace dev podol0 file "$tb" || break
		at n1 "$PODOLCTL" node replace dev podol0 file "$ta" || break
		swaps=$((swaps + 2))
	done
	wait $pp
	loss=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p' "/tmp/$PFX.ping")
	rm -f "/tmp/$PFX.ping"
	diag "$swaps replaces of 1,000 nodes during 200 pings: $loss% loss"
	check "tables swapped under traffic" test "$swaps" -ge 2
	check "no ping to the node in both tables was lost" test "$loss" = 0
}

# "REMOTE CIDR CIDR" per node, CIDRs sorted, for the table and the file.
from_table() {
	at n1 "$PODOLCTL" -j node show dev podol0 |
		jq -r '.[] | .remote + " " + (.cidrs | sort | join(" "))' | LC_ALL=C sort
}
# One awk for the file: a shell loop of 1,000 lines costs minutes under
# emulation with KASAN.
from_file() {
	awk '{ a = $4; b = $6; if (a > b) { t = a; a = b; b = t } print $2, a, b }' "$1" |
		LC_ALL=C sort
}
replace_is_last_file() {
	at n1 "$PODOLCTL" node replace dev podol0 file "$tb"
	check "the table is exactly the last file" test "$(from_table)" = "$(from_file "$tb")"
}

# node_stats REMOTE: "rx_packets tx_packets last_rx_msecs" of one node.
node_stats() {
	at n1 "$PODOLCTL" -j node show dev podol0 |
		jq -r --arg r "$1" '.[] | select(.remote == $r) | .stats |
			"\(.rx_packets) \(.tx_packets) \(.last_rx_msecs)"'
}
replace_keeps_counters_results() { echo 3; }
replace_keeps_counters() {
	local rx0 tx0 last0 rx1 tx1 last1 rx2 tx2 last2
	at p1 ping -q -c 3 -W 2 192.168.2.2 > /dev/null
	read -r rx0 tx0 last0 <<< "$(node_stats 10.0.0.12)"
	diag "node 10.0.0.12 before: rx $rx0 tx $tx0 last_rx $last0 ms ago"
	check "replace with the same node and another CIDR list" at n1 "$PODOLCTL" node replace dev podol0 file <(
		echo "remote 10.0.0.12 cidr 192.168.2.0/24 cidr fd10:2::/64 cidr 10.99.0.0/16"
		echo "remote 10.0.0.13 port 6465 cidr 10.98.0.0/16")
	read -r rx1 tx1 last1 <<< "$(node_stats 10.0.0.12)"
	diag "node 10.0.0.12 after: rx $rx1 tx $tx1 last_rx $last1 ms ago"
	check "its rx and tx counters are kept" test "$tx0" -gt 0 -a "$rx0" -gt 0 -a \
		"$rx1" = "$rx0" -a "$tx1" = "$tx0"
	at n1 "$PODOLCTL" node replace dev podol0 file <(
		echo "remote 10.0.0.12 port 6465 cidr 192.168.2.0/24 cidr fd10:2::/64")
	read -r rx2 tx2 last2 <<< "$(node_stats 10.0.0.12)"
	diag "node 10.0.0.12 with port 6465: rx $rx2 tx $tx2 last_rx $last2"
	check "its last_rx is kept; with another port it starts afresh" test \
		"$last1" != null -a "$rx2" = 0 -a "$tx2" = 0 -a "$last2" = null
}

# The route cache is seen through the fib tracepoints: each underlay
# route lookup, of either family, is an event in a trace instance of this
# test's own. podol looks a node's route up with no source address (the
# devices have no local one), so "0.0.0.0/0 -> ADDR/" (or "::/0 -> ADDR/")
# is podol's transmit looking up ADDR, not a reply's input route or a
# reverse-path check, which have a source.
TRACEFS=/sys/kernel/tracing
TRACE=$TRACEFS/instances/$PFX
trace_on() {
	[ -d "$TRACEFS/events" ] || mount -t tracefs nodev "$TRACEFS" 2>/dev/null
	[ -e "$TRACEFS/events/fib/fib_table_lookup" ] &&
		[ -e "$TRACEFS/events/fib6/fib6_table_lookup" ] &&
		mkdir "$TRACE" 2>/dev/null || return 1
	echo 1 > "$TRACE/events/fib/fib_table_lookup/enable" &&
		echo 1 > "$TRACE/events/fib6/fib6_table_lookup/enable"
}
trace_off() { [ -d "$TRACE" ] && rmdir "$TRACE"; }
# lookups ADDR: podol's route lookups of ADDR since the trace was cleared.
lookups() {
	local src=0.0.0.0
	[[ $1 = *:* ]] && src=::
	grep -c -F -- "$src/0 -> $1/" "$TRACE/trace"
}
# pings_on_every_cpu: pod 1 pings pod 2 over both families from each CPU
# in turn: the route cache is per CPU, and a packet forwarded from a veth
# stays on the CPU that sent it. Replies are not required (a node whose
# port changed gets none).
pings_on_every_cpu() {
	local cpu
	for cpu in $(seq 0 $(($(nproc) - 1))); do
		at p1 taskset "$(printf %x $((1 << cpu)))" ping -q -c 3 -i 0.2 -W 1 192.168.2.2 > /dev/null
		at p1 taskset "$(printf %x $((1 << cpu)))" ping -q -c 3 -i 0.2 -W 1 fd10:2::2 > /dev/null
	done
	return 0
}
replace_keeps_route_cache_results() { echo 3; }
replace_keeps_route_cache() {
	local same="remote 10.0.0.12 cidr 192.168.2.0/24
remote 2001:db8::12 cidr fd10:2::/64" l4 l6
	local descs=("replace keeps an unchanged node's warm route cache: no lookup of 10.0.0.12"
		     "replace keeps an unchanged node's warm route cache: no lookup of 2001:db8::12"
		     "a node whose port changed looks its route up again, of either family")
	if ! trace_on; then
		for d in "${descs[@]}"; do
			ktap_skip "$d" "no tracefs or no fib/fib6 table_lookup tracepoints"
		done
		return
	fi
	# Node 2 by either family's underlay address, and node 1 so in n2.
	at n2 "$PODOLCTL" node replace dev podol0 file <(printf '%s\n' \
		"remote 10.0.0.11 cidr 192.168.1.0/24" "remote 2001:db8::11 cidr fd10:1::/64")
	at n1 "$PODOLCTL" node replace dev podol0 file <(echo "$same")
	pings_on_every_cpu
	echo > "$TRACE/trace"
	at n1 "$PODOLCTL" node replace dev podol0 file <(echo "$same")
	pings_on_every_cpu
	l4=$(lookups 10.0.0.12) l6=$(lookups 2001:db8::12)
	diag "after a replace with the same nodes: $l4 lookups of 10.0.0.12, $l6 of 2001:db8::12"
	check "${descs[0]}" test "$l4" = 0
	check "${descs[1]}" test "$l6" = 0
	echo > "$TRACE/trace"
	at n1 "$PODOLCTL" node replace dev podol0 file <(sed 's/ cidr/ port 6465 cidr/' <<< "$same")
	pings_on_every_cpu
	l4=$(lookups 10.0.0.12) l6=$(lookups 2001:db8::12)
	diag "after a replace with port 6465: $l4 lookups of 10.0.0.12, $l6 of 2001:db8::12"
	check "${descs[2]}" test "$l4" -gt 0 -a "$l6" -gt 0
	trace_off
}

cluster 2
mesh 2 v4
ta=$(mktemp) tb=$(mktemp)
trap '_cleanup; rm -f "$ta" "$tb"; trace_off' EXIT
table "$ta" 1
table "$tb" 2
sed -i 's|\.0/32|/32|' "$ta" "$tb"
tests_run
