#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Churn under load. While iperf3 runs between two pods over IPv4 and IPv6,
# phase by phase: (a) both node tables churn at thousands of operations a
# second, (b) one table is replaced whole again and again, (c) the link
# attributes change and the devices go down and up, (d) the devices move
# to another netns and back. Traffic never stops for good, no packet of a
# configured node is dropped as unknown, and traffic flows after. Then,
# under traffic: a device is deleted and made again, the netns holding a
# device's socket is deleted (the device, moved into its pod, goes too),
# and the module is unloaded and loaded again.
#
# Each phase does a fixed number of operations, whatever the machine's
# speed: PODOL_CHURN_OPS (10,000) node adds, changes and deletes on each
# side in (a) and on n2 in (b), a twentieth of that many whole-table
# replaces in (b), 6 rounds of link changes in (c), 6 rounds of moves in
# (d). Pass or fail is every operation succeeding and what the checks
# check, never a rate; the rates reached are diagnostics. Each phase's
# traffic runs for PODOL_CHURN_TRAFFIC seconds (12, times
# PODOL_TIMEOUT_SCALE on a slower kernel), longer than its operations
# take on the project's 2-core machine with one core busy; a phase whose
# operations outlast it says so.
#
#   p1 (192.168.1.2, fd10:1::2)        p2 (192.168.2.2, fd10:2::2)
#    | iperf3 client                    | iperf3 servers
#   n1 podol0 (ttl 64 tos 0x10          n2 podol0 (the same)
#    |         id 4242)                  |
#    | ul0 10.0.0.11, 2001:db8::11      | ul0 10.0.0.12, 2001:db8::12
#   ul br0 -----------------------------+
#   m: an empty netns the devices move to and back (phase d)
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_plugin
require_cmd jq ping iperf3 ss timeout dmesg
PODOL_CHURN=$(podol_helper podol_churn)
[ -x "$PODOL_CHURN" ] || skip_all "helpers not built (make -C selftests helpers)"
# The end unloads the module.
[ "$(podol_devices)" = 0 ] || skip_all "podol devices exist on this machine"

env_count CHURN_OPS PODOL_CHURN_OPS 10000 1000000
REPLACES=$((CHURN_OPS / 20))
LINK_ROUNDS=6
NETNS_ROUNDS=6
env_count TRAFFIC PODOL_CHURN_TRAFFIC $((12 * ${PODOL_TIMEOUT_SCALE:-1})) 3600
# Both devices' settings from the start, which phase (c) changes and
# restores, so that a check also runs alone (TESTS=): the ids must match.
ID=4242
LINK_ARGS=(ttl 64 tos 0x10 id "$ID")

tmp=$(mktemp -d)
_bg=()
# Background processes of this test, by pid: iperf3, churn.
bg_stop() {
	local p
	for p in "${_bg[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${_bg[@]}"; do
		wait "$p" 2>/dev/null
	done
	_bg=()
}
trap 'diag "time: the test took $SECONDS s"; bg_stop; _cleanup; rm -rf "$tmp"' EXIT

usecs() { echo "${EPOCHREALTIME/[.,]/}"; }
# phase NAME: a check begins; phase_end tells how long it took.
phase() { _phase_name=$1 _phase_start=$SECONDS; }
phase_end() { diag "time: $_phase_name took $((SECONDS - _phase_start)) s"; }
# rate COUNT USECS: COUNT per second, to a tenth.
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", n * 1e6 / t }'; }
waits_before=$(dmesg | grep -c 'unregister_netdevice: waiting')

# wait_long COMMAND...: until it succeeds, for up to 30 s.
wait_long() { WAIT_TRIES=300 wait_for "$@"; }

# retry N COMMAND...: until it succeeds, N times at most.
retry() {
	local n=$1
	shift
	for _ in $(seq 1 "$n"); do
		"$@" && return 0
		sleep 0.5
	done
	return 1
}
# pings P DST4 DST6: one ping of each family from netns P goes through.
pings() {
	at "$1" ping -c 1 -W 2 "$2" > /dev/null && at "$1" ping -c 1 -W 2 "$3" > /dev/null
}

# routes NODE: the cluster routes to podol0, after it came (back) up.
routes() {
	at "$1" ip route replace 192.168.0.0/16 dev podol0 &&
		at "$1" ip -6 route replace fd10::/16 dev podol0
}

# traffic_outlived WHAT: a diagnostic if the traffic ended before the
# operations of the phase did (a machine slower than the test assumes).
traffic_outlived() {
	if ! kill -0 "$cli4" 2>/dev/null || ! kill -0 "$cli6" 2>/dev/null; then
		diag "$1: the operations outlasted the traffic's $TRAFFIC s"
	fi
}

servers_up() {
	[ "$(at p2 ss -Htln '( sport = :5201 or sport = :5202 )' | wc -l)" = 2 ]
}
# iperf_start TAG SECONDS: one-shot iperf3 servers in p2, then clients in
# p1: IPv4 sending, IPv6 receiving (-R), so each device both sends and
# receives bulk data. The clients' JSON goes to $tmp/TAG.4 and TAG.6. A
# client still running STALL seconds after its run should have ended has
# stalled: after a device is deleted and made again, TCP's retransmission
# backoff alone can take tens of seconds on a busy machine.
STALL=120
iperf_start() {
	local tag=$1 secs=$2
	ip netns exec "$PFX-p2" iperf3 -s -1 -p 5201 > /dev/null 2>&1 &
	_bg+=($!)
	ip netns exec "$PFX-p2" iperf3 -s -1 -p 5202 > /dev/null 2>&1 &
	_bg+=($!)
	wait_for servers_up
	ip netns exec "$PFX-p1" timeout $((secs + STALL)) iperf3 -J -t "$secs" \
		-c 192.168.2.2 -p 5201 --connect-timeout 5000 > "$tmp/$tag.4" 2>&1 &
	cli4=$!
	ip netns exec "$PFX-p1" timeout $((secs + STALL)) iperf3 -J -t "$secs" -R \
		-c fd10:2::2 -p 5202 --connect-timeout 5000 > "$tmp/$tag.6" 2>&1 &
	cli6=$!
	_bg+=("$cli4" "$cli6")
}

# iperf_done TAG WHAT: waits for the clients; one result per family: the
# client ended by itself, having moved data. Diagnostics give the rate.
iperf_done() {
	local tag=$1 what=$2 fam pid rc bytes mbps
	for fam in 4 6; do
		pid=$cli4
		[ "$fam" = 6 ] && pid=$cli6
		wait "$pid"
		rc=$?
		read -r bytes mbps < <(jq -r '.end.sum_received // {} |
			"\(.bytes // 0) \((.bits_per_second // 0) / 1e5 | floor / 10)"' \
			"$tmp/$tag.$fam" 2>/dev/null)
		diag "$tag: IPv$fam iperf3 ${mbps:-?} Mbit/s, ${bytes:-?} bytes, exit $rc"
		if [ "$rc" = 0 ] && [ "${bytes:-0}" -gt 0 ]; then
			ktap_ok "$what: IPv$fam iperf3 moved data and ended by itself"
		else
			[ "$rc" = 124 ] && diag "iperf3 stalled: killed at its timeout"
			jq -r '.error // empty' "$tmp/$tag.$fam" 2>/dev/null | sed 's/^/# /'
			ktap_fail "$what: IPv$fam iperf3 moved data and ended by itself"
		fi
	done
	bg_stop
}

# lost NODE: packets the configuration says go through that podol0 yet
# dropped: no node for the destination, unknown sender, inner source not
# the sender's.
lost() {
	at "$1" "$PODOLCTL" -j stats dev podol0 |
		jq '.[0].stats.drops | .tx_no_node + .rx_unknown_node + .rx_not_owned'
}
check_lost() {
	local l1 l2
	l1=$(lost n1) l2=$(lost n2)
	if [ "$l1" = 0 ] && [ "$l2" = 0 ]; then
		ktap_ok "$1: no packet of a configured node dropped"
	else
		diag "drops on n1: $(at n1 "$PODOLCTL" -j stats dev podol0 | jq -c '.[0].stats.drops')"
		diag "drops on n2: $(at n2 "$PODOLCTL" -j stats dev podol0 | jq -c '.[0].stats.drops')"
		ktap_fail "$1: no packet of a configured node dropped"
	fi
}

# load_begin NAME TAG: phase NAME begins, with its traffic (see iperf_start).
load_begin() {
	phase "$1"
	iperf_start "$2" "$TRAFFIC"
	sleep 1
}
# load_end NAME TAG: the traffic's results, and no packet of a configured
# node dropped.
load_end() {
	iperf_done "$2" "$1"
	check_lost "$1"
	phase_end
}

# churn_start NODE PEER OPS [ARGS...]: podol_churn on NODE's podol0 for
# OPS operations, with host routes next to PEER's pod CIDRs; its output
# goes to $tmp/churn-NODE, its live nodes to $tmp/churn-NODE.table.
churn_start() {
	local node=$1 peer=$2 ops=$3
	shift 3
	ip netns exec "$PFX-$node" "$PODOL_CHURN" podol0 "ops=$ops" "$@" nodes=64 \
		near4="192.168.$peer.128" near6="fd10:$peer::1:0" table="$tmp/churn-$node.table" \
		> "$tmp/churn-$node" 2>&1 &
	churn_pid=$!
	_bg+=("$churn_pid")
}
# churn_done NODE WHAT PID [KIND]: its result; diagnostics give its rate.
churn_done() {
	local rc
	wait "$3"
	rc=$?
	sed 's/^/# /' "$tmp/churn-$1"
	diag "$2: $(sed -n 's/.* ops\/s \([0-9]*\) .*/\1/p' "$tmp/churn-$1") ${4:-node operation}s/s on $1"
	if [ "$rc" = 0 ]; then ktap_ok "$2: every ${4:-node add, change and del} on $1 succeeded"
	else ktap_fail "$2: every ${4:-node add, change and del} on $1 succeeded"; fi
}
# table_is NODE: NODE's table is its traffic node and the churn's live nodes.
table_is() {
	local peer=2
	[ "$1" = n2 ] && peer=1
	{
		echo "remote 10.0.0.1$peer cidr 192.168.$peer.0/24 cidr fd10:$peer::/64"
		cat "$tmp/churn-$1.table"
	} > "$tmp/want"
	test "$(from_table "$1")" = "$(from_file "$tmp/want")"
}

# "REMOTE CIDR" per CIDR of a node, sorted, of NODE's table and of a file
# (every node has a CIDR).
from_table() {
	at "$1" "$PODOLCTL" -j node show dev podol0 |
		jq -r '.[] | .remote + " " + .cidrs[]' | sort
}
from_file() {
	awk '{ for (i = 4; i <= NF; i += 2) print $2, $i }' "$1" | sort
}

ALL_TESTS="traffic_before load_churn load_replace load_link load_netns
	after_load delete_under_traffic socket_netns_deleted rmmod_under_traffic
	no_device_waited"

traffic_before() {
	check "traffic flows between the pods before the load" pings p1 192.168.2.2 fd10:2::2
}

# (a) Node churn on both sides.
load_churn_results() { echo 7; }
load_churn() {
	local c1 c2
	load_begin churn a
	churn_start n1 2 "$CHURN_OPS"
	c1=$churn_pid
	churn_start n2 1 "$CHURN_OPS"
	c2=$churn_pid
	churn_done n1 "churn" "$c1"
	churn_done n2 "churn" "$c2"
	traffic_outlived "churn"
	check "churn: n1's table is the traffic's node and the churn's live nodes" table_is n1
	check "churn: n2's table is the traffic's node and the churn's live nodes" table_is n2
	load_end churn a
}

# (b) Whole-table replaces on n1 (the traffic's node kept, made-up nodes
# in or out), node churn on n2.
load_replace_results() { echo 6; }
load_replace() {
	local c1 c2
	load_begin replace b
	churn_start n1 2 "$REPLACES" replace
	c1=$churn_pid
	churn_start n2 1 "$CHURN_OPS"
	c2=$churn_pid
	churn_done n1 "replace" "$c1" replace
	churn_done n2 "replace" "$c2"
	traffic_outlived "replace"
	check "replace: n1's table is the traffic's node and the last replace's" table_is n1
	load_end replace b
}

# (c) Link attributes and down/up. ttl, tos and udpcsum are one side's
# own; the network id changes on one side, then the other (traffic is lost
# in between); a device down loses its routes until it is up again. One
# ip -batch per netns and round.
load_link_results() { echo 4; }
load_link() {
	local changes=0 failed=0 i n start elapsed direct
	load_begin link c
	start=$(usecs)
	for i in $(seq 0 $((LINK_ROUNDS - 1))); do
		# direct on in even rounds, through the down and up below
		direct=direct
		[ $((i % 2)) = 1 ] && direct=nodirect
		for n in n1 n2; do
			if ip -n "$PFX-$n" -batch - <<- EOB
				link set podol0 type podol ttl 64 tos 0x10 direct
				link set podol0 type podol ttl inherit tos inherit noudpcsum
				link set podol0 type podol ttl auto tos 0 udpcsum
				link set podol0 type podol id $((i % 2 ? 0 : ID)) $direct
				EOB
			then
				changes=$((changes + 4))
			else
				failed=$((failed + 1))
			fi
		done
		if ip -n "$PFX-n$((i % 2 + 1))" -batch - <<- EOB
			link set podol0 down
			link set podol0 up
			route replace 192.168.0.0/16 dev podol0
			route replace fd10::/16 dev podol0
			EOB
		then
			changes=$((changes + 2))
		else
			failed=$((failed + 1))
		fi
		sleep 0.2
	done
	for n in n1 n2; do
		at $n ip link set podol0 type podol "${LINK_ARGS[@]}" || failed=$((failed + 1))
	done
	elapsed=$(($(usecs) - start))
	diag "link: $changes changes (ttl, tos, udpcsum, id, direct, down, up) in $((elapsed / 1000)) ms: $(rate "$changes" "$elapsed")/s"
	traffic_outlived "link"
	check "link: every change succeeded" test "$failed" = 0
	load_end link c
}

# (d) Moving the devices to netns m and back, up in both. m is a node-like
# netns: it sends no router solicitation, which no node would carry.
load_netns_results() { echo 4; }
load_netns() {
	local moves=0 failed=0 i n start elapsed
	at m sysctl -qw net.ipv6.conf.default.router_solicitations=0
	load_begin netns d
	start=$(usecs)
	for i in $(seq 0 $((NETNS_ROUNDS - 1))); do
		n=n$((i % 2 + 1))
		if at $n ip link set podol0 netns "$PFX-m" &&
		   ip -n "$PFX-m" -batch - <<- EOB &&
			link set podol0 up
			link set podol0 netns $PFX-$n
			EOB
		   ip -n "$PFX-$n" -batch - <<- EOB
			link set podol0 up
			route replace 192.168.0.0/16 dev podol0
			route replace fd10::/16 dev podol0
			EOB
		then
			moves=$((moves + 2))
		else
			failed=$((failed + 1))
		fi
		sleep 0.2
	done
	elapsed=$(($(usecs) - start))
	diag "netns: $moves moves in $((elapsed / 1000)) ms: $(rate "$moves" "$elapsed")/s"
	traffic_outlived "netns"
	check "netns: every move succeeded, and the devices are home" \
		test "$failed" = 0 -a "$(podol_devices n1)" = 1 -a "$(podol_devices n2)" = 1
	load_end netns d
}

# After the load, with ttl 64, tos 0x10 and network id $ID on both sides.
after_load_results() { echo 6; }
after_load() {
	local rx_id
	phase after
	check "after: IPv4 ping" at p1 ping -c 3 -i 0.2 -W 2 192.168.2.2
	check "after: IPv6 ping" at p1 ping -c 3 -i 0.2 -W 2 fd10:2::2
	iperf_start after 3
	iperf_done after "after"
	rx_id=$(podol_stat n2 .drops.rx_network_id)
	at n2 ip link set podol0 type podol id $((ID + 1))
	check "after: different network ids: no traffic, and n2 counts why" \
		bash -c "! ip netns exec $PFX-p1 ping -c 2 -i 0.2 -W 1 192.168.2.2 &&
			 test \"\$(ip netns exec $PFX-n2 $PODOLCTL -j stats dev podol0 | jq '.[0].stats.drops.rx_network_id')\" -gt $rx_id"
	at n2 ip link set podol0 type podol id $ID
	check "after: the same network id again: traffic again" at p1 ping -c 2 -i 0.2 -W 2 192.168.2.2
	phase_end
}

# Deleting a device under traffic; made again, it carries the same TCP
# connections on.
delete_under_traffic_results() { echo 4; }
delete_under_traffic() {
	phase delete
	iperf_start del 5
	sleep 2
	check "delete: ip link del of a device under traffic returns" timeout -k 5 30 ip -n "$PFX-n2" link del podol0
	check "delete: the device and its socket are gone" \
		bash -c "test \"\$(ip -n $PFX-n2 -o link show type podol | wc -l)\" = 0 &&
			 ! ip netns exec $PFX-n2 ss -H -uln 'sport = :6464' | grep -q ."
	at n2 ip link add podol0 type podol "${LINK_ARGS[@]}"
	at n2 ip link set podol0 up
	routes n2
	at n2 "$PODOLCTL" node add dev podol0 remote 10.0.0.11 cidr 192.168.1.0/24 cidr fd10:1::/64
	iperf_done del "delete and make again"
	phase_end
}

# Deleting the netns that holds a device's socket: n1's podol0, moved into
# its pod's netns and carrying the pod's traffic, goes with it. Then node
# 1 is made again.
#
#   p1 podol0 (socket in n1) -- ip netns del n1 --> gone
gone() { test "$(podol_devices p1)" = 0; }
socket_netns_deleted_results() { echo 4; }
socket_netns_deleted() {
	local start
	phase socket-netns
	at n1 ip link set podol0 netns "$PFX-p1"
	at p1 ip link set podol0 up
	at p1 ip route add 192.168.2.0/24 dev podol0 src 192.168.1.2
	at p1 ip -6 route add fd10:2::/64 dev podol0 src fd10:1::2
	check "socket netns: n1's device in its pod's netns carries the pod's traffic" \
		pings p1 192.168.2.2 fd10:2::2
	iperf_start sockns 60
	sleep 2
	start=$(usecs)
	check "socket netns: ip netns del of n1 under traffic returns" timeout -k 5 30 ip netns del "$PFX-n1"
	check "socket netns: the device in the pod's netns goes with it" wait_long gone
	diag "socket netns: the device was gone $((($(usecs) - start) / 1000)) ms after ip netns del"
	bg_stop
	# Node 1 again, in new netns, once the old one's veth is gone; n2
	# forgets node 1's old MAC.
	ns_del p1
	wait_long bash -c "! ip -n $PFX-ul link show ulp1 > /dev/null 2>&1"
	cluster_node 1 "${LINK_ARGS[@]}"
	at n1 "$PODOLCTL" node add dev podol0 remote 10.0.0.12 cidr 192.168.2.0/24 cidr fd10:2::/64
	at n2 ip neigh flush dev ul0
	check "socket netns: node 1 made again carries traffic" retry 10 pings p1 192.168.2.2 fd10:2::2
	phase_end
}

# Unloading the module under traffic, and loading it again.
rmmod_under_traffic_results() { echo 3; }
rmmod_under_traffic() {
	local start
	phase rmmod
	iperf_start rmmod 60
	sleep 2
	diag "rmmod: podol's refcount under traffic: $(cat /sys/module/podol/refcnt 2>/dev/null)"
	start=$(usecs)
	check "rmmod: modprobe -r podol under traffic succeeds" timeout -k 5 60 modprobe -r podol
	diag "rmmod: modprobe -r took $((($(usecs) - start) / 1000)) ms"
	check "rmmod: the module, its devices and sockets are gone" \
		bash -c "! test -d /sys/module/podol &&
			 test \"\$(ip -n $PFX-n1 -o link show type podol | wc -l)\" = 0 &&
			 test \"\$(ip -n $PFX-n2 -o link show type podol | wc -l)\" = 0 &&
			 ! ip netns exec $PFX-n1 ss -H -uln 'sport = :6464' | grep -q . &&
			 ! ip netns exec $PFX-n2 ss -H -uln 'sport = :6464' | grep -q ."
	bg_stop
	check "rmmod: the module loads again and makes a device" \
		bash -c "modprobe podol && ip -n $PFX-m link add podol0 type podol && ip -n $PFX-m link del podol0"
	phase_end
}

no_device_waited() {
	check "no device was left waiting for its references" \
		test "$(dmesg | grep -c 'unregister_netdevice: waiting')" = "$waits_before"
}

phase setup
cluster 2 "${LINK_ARGS[@]}"
mesh 2 v4
ns m
phase_end
tests_run
