#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# GSO on transmit (skbs larger than the MTU pass through podol whole), GRO
# on receive (the receiver delivers fewer, larger packets than the wire
# carried), what the fast path changes in that (it leaves out the GRO
# cell, which merges what the underlay did not), and the exact bytes end to end with outer UDP checksums on and
# off, over both underlays, and for IPv4 and IPv6 flows at once (socat
# carries a random file; its SHA-256 must match at the far end).
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq iperf3 sha256sum socat ethtool

# Each transfer check sets the underlay family and checksum it names, so
# each runs alone; no_drops counts what the checks before it sent.
ALL_TESTS="gso_gro fast_gro v4_csum_on v4_csum_off v6_csum_off v6_csum_on
	mixed_families no_drops"

# link NETNS DEV DIR FIELD: a counter of ip -s link (DIR rx|tx).
link() { at "$1" ip -j -s link show "$2" | jq ".[0].stats64.$3.$4"; }

gso_gro_results() { echo 3; }
gso_gro() {
	local txp txb rxp wire
	txp=$(link n1 podol0 tx packets) txb=$(link n1 podol0 tx bytes)
	rxp=$(link n2 podol0 rx packets) wire=$(link n2 ul0 rx packets)
	at p2 iperf3 -s -1 -p 5201 > /dev/null 2>&1 &
	sleep 1
	check "TCP from pod to pod through podol" at p1 iperf3 -c 192.168.2.2 -p 5201 -t 2
	wait
	txp=$(( $(link n1 podol0 tx packets) - txp )) txb=$(( $(link n1 podol0 tx bytes) - txb ))
	rxp=$(( $(link n2 podol0 rx packets) - rxp )) wire=$(( $(link n2 ul0 rx packets) - wire ))
	diag "sender's podol0: $txp skbs, $((txb / (txp ? txp : 1))) bytes each on average (MTU $(at n1 ip -j link show podol0 | jq ".[0].mtu"))"
	diag "receiver: $wire packets on the wire, $rxp delivered by podol0"
	# Without GSO no skb would be over the MTU. Their size is TCP's
	# choice: on a slow (debug) kernel its autosizing makes them about
	# two segments.
	check "GSO: skbs well over the MTU go through podol whole" test $((txb / (txp ? txp : 1))) -gt 2196
	check "GRO: the receiver delivers at most half the packets the wire carried" \
		test $((rxp * 2)) -le "$wire"
}

# tcp_to_pod2 PORT FAST|NOFAST: 2 s of TCP from pod 1 to pod 2 with node
# 2's podol0 set so; "PODS PODOL" after it: the packets pod 2 received,
# and those node 2's podol0 delivered meanwhile.
tcp_to_pod2() {
	local pods podol
	at n2 ip link set podol0 type podol "$2"
	pods=$(link p2 eth0 rx packets) podol=$(link n2 podol0 rx packets)
	at p2 iperf3 -s -1 -p "$1" > /dev/null 2>&1 &
	sleep 1
	at p1 iperf3 -c 192.168.2.2 -p "$1" -t 2 > /dev/null || echo "iperf3 failed" >&2
	wait
	echo "$(( $(link p2 eth0 rx packets) - pods )) $(( $(link n2 podol0 rx packets) - podol ))"
}

# With GRO off on node 2's underlay, podol0 delivers the wire's packets
# one by one: without the fast path its GRO cell merges them before the
# pod; with it, the pod gets them as they came.
fast_gro_results() { echo 2; }
fast_gro() {
	local pods podol
	at n2 ethtool -K ul0 gro off > /dev/null 2>&1
	read -r pods podol < <(tcp_to_pod2 5208 nofast)
	diag "nofast: podol0 delivered $podol packets, pod 2 received $pods"
	check "without fast, the GRO cell merges: the pod receives at most half" \
		test $((pods * 2)) -le "$podol"
	read -r pods podol < <(tcp_to_pod2 5209 fast)
	diag "fast: podol0 delivered $podol packets, pod 2 received $pods"
	check "with fast, no GRO cell: the pod receives every packet podol0 delivered" \
		test "$pods" -ge "$podol" -a "$podol" -gt 100
	at n2 ip link set podol0 type podol "${PODOL_LINK_FAST[@]:-nofast}"
	at n2 ethtool -K ul0 gro on > /dev/null 2>&1
}

# transfer DEST PORT: sends the data to DEST over TCP and checks that the
# far pod received exactly those bytes.
transfer() {
	local listen=TCP4-LISTEN to="TCP4:$1:$2" srv
	case $1 in *:*) listen=TCP6-LISTEN to="TCP6:[$1]:$2" ;; esac
	rm -f "$d/got.$2"
	at p2 timeout 60 socat -u "$listen:$2,reuseaddr" "CREATE:$d/got.$2" &
	srv=$!
	for _ in $(seq 1 50); do
		at p2 ss -H -tln "sport = :$2" | grep -q . && break
		sleep 0.1
	done
	at p1 timeout 60 socat -u "OPEN:$d/data" "$to"
	wait $srv
	[ "$(sha256sum < "$d/got.$2" | cut -d' ' -f1)" = "$DATA_SHA" ] && return 0
	echo "got $(stat -c %s "$d/got.$2" 2>/dev/null) bytes, not the same"
	return 1
}
# csum udpcsum|noudpcsum: both nodes' outer UDP checksums.
csum() {
	at n1 ip link set podol0 type podol "$1"
	at n2 ip link set podol0 type podol "$1"
}
# underlay v4|v6: the nodes know each other by that family's addresses.
# The topology starts with v4; nothing is changed if it is already so.
UNDERLAY=v4
underlay() {
	[ "$UNDERLAY" = "$1" ] && return
	at n1 "$PODOLCTL" node flush dev podol0
	at n2 "$PODOLCTL" node flush dev podol0
	mesh 2 "$1"
	UNDERLAY=$1
}

v4_csum_on() {
	underlay v4
	csum udpcsum
	check "exact bytes, IPv4 underlay, UDP checksums on" transfer 192.168.2.2 5202
}

v4_csum_off() {
	underlay v4
	csum noudpcsum
	check "exact bytes, IPv4 underlay, UDP checksums off" transfer 192.168.2.2 5203
}

v6_csum_off() {
	underlay v6
	csum noudpcsum
	check "exact bytes, IPv6 underlay, UDP checksums off" transfer fd10:2::2 5204
}

v6_csum_on() {
	underlay v6
	csum udpcsum
	check "exact bytes, IPv6 underlay, UDP checksums on" transfer 192.168.2.2 5205
}

# Both families at once, each its own flow through the same device, over
# an IPv6 underlay with UDP checksums on.
mixed_families_results() { echo 2; }
mixed_families() {
	local v4 v6
	underlay v6
	csum udpcsum
	transfer 192.168.2.2 5206 > "$d/v4.out" 2>&1 &
	v4=$!
	transfer fd10:2::2 5207 > "$d/v6.out" 2>&1
	v6=$?
	wait $v4
	v4=$?
	cat "$d/v4.out" "$d/v6.out"
	check "mixed IPv4 and IPv6 TCP at once: IPv4's bytes exact" test $v4 = 0
	check "mixed IPv4 and IPv6 TCP at once: IPv6's bytes exact" test $v6 = 0
}

no_drops() {
	check "no drops on the way" test "$(podol_stat n2 '.drops | add')" = 0
}

# topology: a cluster of 2 (see cluster), the nodes known by IPv4. The
# wire must carry MTU-sized packets for GRO to have work: node 1's
# underlay segments in software, and node 2's veth runs GRO (NAPI), which
# veth does only for packets from a peer without TSO.
#
#   p1 -- n1 [ul0: no TSO/GSO] -- ul [ulp2: no TSO] -- [ul0: GRO] n2 -- p2
topology() {
	local f
	cluster 2
	mesh 2 v4
	for f in tso gso tx-udp_tnl-segmentation tx-udp_tnl-csum-segmentation; do
		at n1 ethtool -K ul0 "$f" off > /dev/null 2>&1
	done
	at ul ethtool -K ulp2 tso off > /dev/null 2>&1
	at n2 ethtool -K ul0 gro on > /dev/null 2>&1
	diag "receiver's underlay: $(at n2 ethtool -k ul0 | grep -E '^generic-receive-offload')"
}

d=$(mktemp -d)
trap '_cleanup; rm -rf "$d"' EXIT
dd if=/dev/urandom of="$d/data" bs=64k count=64 status=none
# Not "want": tests_run has a local of that name, which checks would see.
DATA_SHA=$(sha256sum < "$d/data" | cut -d' ' -f1)
topology
tests_run
