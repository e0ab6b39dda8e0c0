#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Pods on two nodes reach each other through podol, IPv4 and IPv6 inner
# over an IPv4 and an IPv6 underlay, with their own addresses (no NAT);
# the underlay carries UDP to podol's port with podol's header.
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq tcpdump ping

ktap_plan 18
cluster 2 id 42

check "two nodes know each other by IPv4" mesh 2 v4
check "IPv4 pod to pod over an IPv4 underlay" at p1 ping -c 2 -W 2 192.168.2.2
check "IPv6 pod to pod over an IPv4 underlay" at p1 ping -c 2 -W 2 fd10:2::2
check "and back" at p2 ping -c 2 -W 2 192.168.1.2

# A node's last_rx_msecs: set by traffic from it, it then grows by the
# time that passes, and never exceeds the time since that traffic. (Its
# 64-bit conversion, past 49.7 days, cannot be shown in a VM.)
last_rx() {
	at n1 "$PODOLCTL" -j node show dev podol0 |
		jq '.[] | select(.remote == "10.0.0.12") | .stats.last_rx_msecs'
}
last_rx_sane() {
	local t0 r1 r2 since
	t0=$(date +%s%N)
	at p1 ping -c 1 -W 2 192.168.2.2 > /dev/null || return 1
	r1=$(last_rx)
	sleep 1
	r2=$(last_rx)
	since=$((($(date +%s%N) - t0) / 1000000))
	echo "last_rx_msecs $r1, then $r2 a second later; ${since} ms since the ping"
	[ "$r2" -ge $((r1 + 990)) ] && [ "$r2" -le $((since + 10)) ]
}
check "last_rx_msecs grows with time, within the time since the traffic" last_rx_sane

capture p2 eth0 "icmp and src 192.168.1.2 and dst 192.168.2.2"
at p1 ping -c 1 -W 2 192.168.2.2 > /dev/null
capture_wait
check "the far pod sees the near pod's own address (no NAT)" test -n "$CAPTURED"

capture n2 ul0 "udp and src host 10.0.0.11 and dst host 10.0.0.12 and dst port 6464"
at p1 ping -c 1 -W 2 192.168.2.2 > /dev/null
capture_wait
check "the underlay carries UDP from 10.0.0.11 to port 6464" test -n "$CAPTURED"
# tcpdump -x starts at the IP header: 20 bytes, then UDP 8, then podol:
# version 0 and no flags, protocol 4, reserved, network id 42, reserved.
hdr=$(grep -E '^\s+0x' <<< "$CAPTURED" | cut -d: -f2 | tr -d ' \n' | cut -c57-72)
diag "podol header on the wire: $hdr"
check "podol header: version 0, protocol 4 (IPv4), network id 42" test "$hdr" = 0004000000002a00

# The outer UDP source port is the inner flow's hash: four inner flows
# (UDP from four source ports), two datagrams each, tell which outer port
# each flow left by. tcpdump -x: outer source port at byte 20, inner
# source port at byte 56 (20 IP + 8 UDP + 8 podol + 20 inner IP).
f=$(mktemp)
at n2 timeout 10 tcpdump -i ul0 -n -l -x -c 8 "udp and src host 10.0.0.11 and dst port 6464" \
	> "$f" 2>/dev/null &
pid=$!
sleep 1
for k in 1 2 3 4; do
	for _ in 1 2; do
		echo x | at p1 socat -u - "UDP4-SENDTO:192.168.2.2:9,sourceport=$((4000 + k))"
	done
done
wait $pid
ports=$(awk '/^[^ \t]/ { if (h != "") print h; h = ""; next }
	/^[ \t]+0x/ { sub(/^[ \t]+0x[0-9a-f]+: +/, ""); gsub(/ /, ""); h = h $0 }
	END { if (h != "") print h }' "$f" |
	while read -r h; do echo "$((16#${h:112:4})) $((16#${h:40:4}))"; done | sort -u)
rm -f "$f"
diag "inner source port -> outer source port: $(tr '\n' ' ' <<< "$ports")"
check "each inner flow leaves by one outer source port" \
	test "$(wc -l <<< "$ports")" = 4 -a "$(cut -d' ' -f1 <<< "$ports" | sort -u | wc -l)" = 4
check "the four flows do not all share one outer source port" \
	test "$(cut -d' ' -f2 <<< "$ports" | sort -u | wc -l)" -gt 1

capture n1 podol0 "icmp and src 192.168.2.2"
at p2 ping -c 1 -W 2 192.168.1.2 > /dev/null
capture_wait
check "a capture on podol0 shows the inner ICMP" test -n "$CAPTURED"

check "the nodes switch to each other's IPv6 addresses" \
	bash -c "ip netns exec $PFX-n1 $PODOLCTL node flush dev podol0 &&
		 ip netns exec $PFX-n2 $PODOLCTL node flush dev podol0"
check "two nodes know each other by IPv6" mesh 2 v6
check "IPv4 pod to pod over an IPv6 underlay" at p1 ping -c 2 -W 2 192.168.2.2
check "IPv6 pod to pod over an IPv6 underlay" at p2 ping -c 2 -W 2 fd10:1::2
at n1 ip link set podol0 type podol noudpcsum
at n2 ip link set podol0 type podol noudpcsum
capture n2 ul0 "udp and ip6 and dst port 6464"
at p1 ping -c 1 -W 2 192.168.2.2 > /dev/null
capture_wait
# tcpdump -x: the IPv6 header is 40 bytes; the UDP checksum is 46-47.
sum=$(grep -E '^\s+0x' <<< "$CAPTURED" | cut -d: -f2 | tr -d ' 
' | cut -c93-96)
diag "outer UDP checksum: $sum"
check "noudpcsum: IPv6 outer UDP with a zero checksum" test "$sum" = 0000
check "noudpcsum: still carried both ways over IPv6" at p1 ping -c 2 -W 2 192.168.2.2
at n1 ip link set podol0 type podol udpcsum
at n2 ip link set podol0 type podol udpcsum
check "udpcsum again: carried over IPv6" at p1 ping -c 2 -W 2 fd10:2::2
ktap_finish
