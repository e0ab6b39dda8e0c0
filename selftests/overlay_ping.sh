#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Pods on two nodes reach each other through podol, IPv4 and IPv6 inner
# over an IPv4 and an IPv6 underlay, with their own addresses (no NAT);
# the underlay carries UDP to podol's port with podol's header (each
# family's capture also goes to the output, for Wireshark's dissector:
# tools/check/wireshark.sh --vm-log).
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq tcpdump ping

# mesh_v4 and switch_to_v6 are checks, and make the node tables the
# checks after them use; a check run alone makes its underlay itself.
ALL_TESTS="mesh_v4 ping_v4_underlay last_rx no_nat podol_on_the_wire
	outer_sport_per_flow capture_on_podol0 switch_to_v6 ping_v6_underlay
	podol_on_the_wire_v6 noudpcsum_v6 udpcsum_v6"

# table_of: the family of node 1's table, v4 or v6 (empty if empty).
table_of() {
	case $(at n1 "$PODOLCTL" -j node show dev podol0 | jq -r '.[0].remote // ""') in
	10.0.0.12) echo v4 ;;
	2001:db8::12) echo v6 ;;
	esac
}
flush_both() {
	at n1 "$PODOLCTL" node flush dev podol0 &&
		at n2 "$PODOLCTL" node flush dev podol0
}
# underlay v4|v6: the nodes know each other by that family's addresses.
underlay() {
	[ "$(table_of)" = "$1" ] && return
	flush_both
	mesh 2 "$1"
}

mesh_v4() {
	check "two nodes know each other by IPv4" mesh 2 v4
}

ping_v4_underlay_results() { echo 3; }
ping_v4_underlay() {
	underlay v4
	check "IPv4 pod to pod over an IPv4 underlay" at p1 ping -c 2 -W 2 192.168.2.2
	check "IPv6 pod to pod over an IPv4 underlay" at p1 ping -c 2 -W 2 fd10:2::2
	check "and back" at p2 ping -c 2 -W 2 192.168.1.2
}

# A node's last_rx_msecs: set by traffic from it, it then grows by the
# time that passes, and never exceeds the time since that traffic. (Its
# 64-bit conversion, past 49.7 days, cannot be shown in a VM.)
last_rx_of_node2() {
	at n1 "$PODOLCTL" -j node show dev podol0 |
		jq '.[] | select(.remote == "10.0.0.12") | .stats.last_rx_msecs'
}
last_rx_sane() {
	local t0 r1 r2 since
	t0=$(date +%s%N)
	at p1 ping -c 1 -W 2 192.168.2.2 > /dev/null || return 1
	r1=$(last_rx_of_node2)
	sleep 1
	r2=$(last_rx_of_node2)
	since=$((($(date +%s%N) - t0) / 1000000))
	echo "last_rx_msecs $r1, then $r2 a second later; ${since} ms since the ping"
	[ "$r2" -ge $((r1 + 990)) ] && [ "$r2" -le $((since + 10)) ]
}
last_rx() {
	underlay v4
	check "last_rx_msecs grows with time, within the time since the traffic" last_rx_sane
}

no_nat() {
	underlay v4
	capture p2 eth0 "icmp and src 192.168.1.2 and dst 192.168.2.2"
	at p1 ping -c 1 -W 2 192.168.2.2 > /dev/null
	capture_wait
	check "the far pod sees the near pod's own address (no NAT)" test -n "$CAPTURED"
}

# The podol header, 8 bytes after the outer UDP header: version 0 and no
# flags, protocol 4 (IPv4), 16 reserved bits, network id 42, 8 reserved
# bits (doc/wire-format.md).
PODOL_HDR_ID42_IPV4='udp[8] = 0 and udp[9] = 4 and udp[10:2] = 0 and udp[12:4] = 42 << 8'
podol_on_the_wire_results() { echo 2; }
podol_on_the_wire() {
	underlay v4
	capture n2 ul0 "udp and src host 10.0.0.11 and dst host 10.0.0.12 and dst port 6464"
	at p1 ping -c 1 -W 2 192.168.2.2 > /dev/null
	capture_wait "$PODOL_HDR_ID42_IPV4"
	diag "on the wire: $(head -n 2 <<< "$CAPTURED" | tr -s ' \n' ' ')"
	capture_emit v4_underlay
	check "the underlay carries UDP from 10.0.0.11 to port 6464" test -n "$CAPTURED"
	check "podol header: version 0, protocol 4 (IPv4), network id 42" test -n "$MATCHED"
}

# The same over IPv6, inner IPv6: tcpdump's udp[] is IPv4's, so the
# header is at ip6[48] (40 IPv6 + 8 UDP, no extension headers).
PODOL_HDR_ID42_IPV6='ip6[48] = 0 and ip6[49] = 41 and ip6[50:2] = 0 and ip6[52:4] = 42 << 8'
podol_on_the_wire_v6_results() { echo 2; }
podol_on_the_wire_v6() {
	underlay v6
	capture n2 ul0 "ip6 and udp and src host 2001:db8::11 and dst host 2001:db8::12 and dst port 6464"
	at p1 ping -c 1 -W 2 fd10:2::2 > /dev/null
	capture_wait "$PODOL_HDR_ID42_IPV6"
	diag "on the wire: $(head -n 2 <<< "$CAPTURED" | tr -s ' \n' ' ')"
	capture_emit v6_underlay
	check "the underlay carries UDP from 2001:db8::11 to port 6464" test -n "$CAPTURED"
	check "podol header: version 0, protocol 41 (IPv6), network id 42" test -n "$MATCHED"
}

# The outer UDP source port is the inner flow's hash: four inner flows
# (UDP from source ports 4001-4004), two datagrams each, tell which outer
# port each flow left by. The inner UDP source port is at udp[36:2] of
# the outer packet (8 UDP + 8 podol + 20 inner IPv4); tcpdump decodes the
# outer one.
outer_sport_per_flow_results() { echo 2; }
outer_sport_per_flow() {
	local f k pid ports
	underlay v4
	f=$(mktemp)
	at n2 timeout 10 tcpdump -i ul0 -n -c 8 -w "$f" \
		"udp and src host 10.0.0.11 and dst port 6464" > /dev/null 2>&1 &
	pid=$!
	sleep 1
	for k in 1 2 3 4; do
		for _ in 1 2; do
			echo x | at p1 socat -u - "UDP4-SENDTO:192.168.2.2:9,sourceport=$((4000 + k))"
		done
	done
	wait $pid
	# "INNER OUTER" for each datagram of each flow, once per pair.
	ports=$(for k in 4001 4002 4003 4004; do
		tcpdump -r "$f" -n "udp[36:2] = $k" 2>/dev/null |
			sed -n "s/.* 10\.0\.0\.11\.\([0-9]*\) > .*/$k \1/p"
	done | sort -u)
	rm -f "$f"
	diag "inner source port -> outer source port: $(tr '\n' ' ' <<< "$ports")"
	check "each inner flow leaves by one outer source port" \
		test "$(wc -l <<< "$ports")" = 4 -a "$(cut -d' ' -f1 <<< "$ports" | sort -u | wc -l)" = 4
	check "the four flows do not all share one outer source port" \
		test "$(cut -d' ' -f2 <<< "$ports" | sort -u | wc -l)" -gt 1
}

capture_on_podol0() {
	underlay v4
	capture n1 podol0 "icmp and src 192.168.2.2"
	at p2 ping -c 1 -W 2 192.168.1.2 > /dev/null
	capture_wait
	check "a capture on podol0 shows the inner ICMP" test -n "$CAPTURED"
}

switch_to_v6_results() { echo 2; }
switch_to_v6() {
	check "the nodes switch to each other's IPv6 addresses" flush_both
	check "two nodes know each other by IPv6" mesh 2 v6
}

ping_v6_underlay_results() { echo 2; }
ping_v6_underlay() {
	underlay v6
	check "IPv4 pod to pod over an IPv6 underlay" at p1 ping -c 2 -W 2 192.168.2.2
	check "IPv6 pod to pod over an IPv6 underlay" at p2 ping -c 2 -W 2 fd10:1::2
}

# Turns the outer UDP checksum off on both nodes; udpcsum_v6 turns it on.
noudpcsum_v6_results() { echo 2; }
noudpcsum_v6() {
	underlay v6
	at n1 ip link set podol0 type podol noudpcsum
	at n2 ip link set podol0 type podol noudpcsum
	capture n2 ul0 "udp and ip6 and dst port 6464"
	at p1 ping -c 1 -W 2 192.168.2.2 > /dev/null
	# The outer UDP checksum: bytes 6-7 of UDP after the 40-byte IPv6
	# header.
	capture_wait "ip6[46:2] = 0"
	diag "on the wire: $(head -n 2 <<< "$CAPTURED" | tr -s ' \n' ' ')"
	check "noudpcsum: IPv6 outer UDP with a zero checksum" test -n "$MATCHED"
	check "noudpcsum: still carried both ways over IPv6" at p1 ping -c 2 -W 2 192.168.2.2
}

udpcsum_v6() {
	underlay v6
	at n1 ip link set podol0 type podol udpcsum
	at n2 ip link set podol0 type podol udpcsum
	check "udpcsum again: carried over IPv6" at p1 ping -c 2 -W 2 fd10:2::2
}

cluster 2 id 42
tests_run
