#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Path MTU through the overlay, once over an IPv4 underlay and once over
# an IPv6 one, with dual-stack pods:
#
#   p1 -- n1 =ul0====r1 [r] r2====ul0= n2 -- p2
#                 1500         1300
#
# The router's far link has an MTU of 1300. Its "fragmentation needed" /
# "packet too big" teaches node 1 the path MTU to node 2; podol then tells
# an IPv4 pod that sets DF the path MTU less its overhead, carries an IPv4
# packet without DF (fragmenting the outer packet), and carries IPv6
# packets of 1280 bytes although the path leaves less than that for them.
# A forged ICMP error about an address that is no node is not taken.
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd ping
require_cmd socat
require_cmd tcpdump
require_cmd nstat
[ -x "$PODOL_CRAFT" ] || skip_all "podol_craft is not built"

TCP_BYTES=2000000

# No ICMP rate limits: each check sends its own error, whatever the pace.
quiet_icmp() {
	at "$1" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
}

# topology 4|6: the underlay addresses are of that family.
topology() {
	local u=$1 i
	ns r; ns n1; ns n2; ns p1; ns p2
	ip link add ul0 netns "$PFX-n1" type veth peer name r1 netns "$PFX-r"
	ip link add ul0 netns "$PFX-n2" mtu 1300 type veth peer name r2 netns "$PFX-r" mtu 1300
	quiet_icmp r
	at r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	for i in 1 2; do
		at r ip link set "r$i" up
		at "n$i" ip link set ul0 up
		if [ "$u" = 4 ]; then
			at r ip addr add "10.0.$i.1/24" dev "r$i"
			at "n$i" ip addr add "10.0.$i.1$i/24" dev ul0
			at "n$i" ip route add 10.0.0.0/16 via "10.0.$i.1"
		else
			at r ip addr add "fd00:$i::1/64" dev "r$i" nodad
			at "n$i" ip addr add "fd00:$i::1$i/64" dev ul0 nodad
			at "n$i" ip route add fd00::/16 via "fd00:$i::1"
		fi
		quiet_icmp "n$i"
		at "n$i" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
		node_pod "$i"
		at "p$i" ip addr add "192.168.$i.3/24" dev eth0
	done
	at n1 "$PODOLCTL" node add dev podol0 remote "$N2" cidr 192.168.2.0/24 cidr fd10:2::/64
	at n2 "$PODOLCTL" node add dev podol0 remote "$N1" cidr 192.168.1.0/24 cidr fd10:1::/64
}

teardown() {
	local n
	for n in r n1 n2 p1 p2; do
		ns_del "$n"
	done
}

# tcp6: TCP_BYTES from p1 to p2 over IPv6; true when all arrived. Fails
# only on a stall: 45 s is far above the few seconds it takes under TCG.
tcp6() {
	local got
	got=$(mktemp)
	at p2 timeout 45 socat -u TCP6-LISTEN:5001,reuseaddr - 2> /dev/null | wc -c > "$got" &
	wait_for bash -c "ip netns exec $PFX-p2 ss -H -tln 'sport = :5001' | grep -q ."
	head -c "$TCP_BYTES" /dev/zero |
		at p1 timeout 45 socat -u - "TCP6:[fd10:2::2]:5001" 2> /dev/null
	wait
	diag "IPv6 TCP: $(cat "$got") of $TCP_BYTES bytes arrived"
	[ "$(cat "$got")" = "$TCP_BYTES" ]
	local ok=$?
	rm -f "$got"
	return $ok
}

# icmp_in_errors 4|6: n1's ICMP errors that no one took.
icmp_in_errors() {
	local name=IcmpInErrors
	[ "$1" = 6 ] && name=Icmp6InErrors
	at n1 nstat -asz "$name" | awk -v n="$name" '$1 == n { print $2 }'
}

in_errors_above() {
	[ "$(icmp_in_errors "$1")" -gt "$2" ]
}

# The outer IPv6 flow label of one podol packet from n1, as 5 hex digits.
outer_label() {
	capture r r1 "ip6 and udp dst port 6464"
	at p1 ping -c 1 -W 2 192.168.2.2 > /dev/null 2>&1
	capture_wait
	awk '/0x0000:/ { w = $2 $3; print substr(w, 4, 5); exit }' <<< "$CAPTURED"
}

run() {
	local u=$1 mtu out before unknown forged
	if [ "$u" = 4 ]; then
		N1=10.0.1.11 N2=10.0.2.12 unknown=10.0.2.99 forged=1000 mtu=$((1300 - 36))
	else
		N1=fd00:1::11 N2=fd00:2::12 unknown=fd00:2::99 forged=1290 mtu=$((1300 - 56))
	fi
	diag "IPv$u underlay: the path leaves $mtu bytes for the inner packet"
	topology "$u"

	check "IPv$u underlay: small packets pass, both pod families" \
		bash -c "ip netns exec $PFX-p1 ping -c 1 -W 2 192.168.2.2 &&
			 ip netns exec $PFX-p1 ping -6 -c 1 -W 2 fd10:2::2"
	# 1400 + 28 fits podol0 (1444) but not the underlay path.
	at p1 ping -c 1 -W 2 -M do -s 1400 192.168.2.2 > /dev/null 2>&1
	out=$(at p1 ping -c 2 -W 2 -M do -s 1400 192.168.2.2 2>&1)
	diag "$(grep -i mtu <<< "$out" | head -n1)"
	check "IPv$u underlay: a big DF packet gets 'fragmentation needed' with MTU $mtu" \
		grep -qiE "mtu ?=? ?$mtu" <<< "$out"
	check "IPv$u underlay: it is counted as tx_too_big" \
		test "$(podol_stat n1 .drops.tx_too_big)" -ge 1
	check "IPv$u underlay: the pod's route to the far pod learned MTU $mtu" \
		bash -c "ip -n $PFX-p1 route get 192.168.2.2 | grep -q 'mtu $mtu'"
	check "IPv$u underlay: a DF packet of exactly the path MTU passes" \
		at p1 ping -c 1 -W 2 -M do -s $((mtu - 28)) 192.168.2.2
	check "IPv$u underlay: one byte more does not" \
		bash -c "! ip netns exec $PFX-p1 ping -c 1 -W 2 -M do -s $((mtu - 27)) 192.168.2.2"

	# 192.168.2.3: no route on the way has learned an MTU for it yet.
	before=$(podol_stat n1 .tx_fragmented)
	check "IPv$u underlay: a 1428-byte IPv4 packet without DF crosses" \
		at p1 ping -c 1 -W 5 -M dont -s 1400 192.168.2.3
	diag "tx_fragmented on n1: $before, then $(podol_stat n1 .tx_fragmented)"
	check "IPv$u underlay: it is counted as tx_fragmented" \
		test "$(podol_stat n1 .tx_fragmented)" -gt "$before"
	check "IPv$u underlay: a 1280-byte IPv6 packet crosses (RFC 8200)" \
		at p1 ping -6 -c 1 -W 5 -s 1232 fd10:2::2
	check "IPv$u underlay: IPv6 TCP moves $TCP_BYTES bytes" tcp6

	# An ICMP error to n1 about a podol datagram to an address that is
	# no node. The kernel's UDP layer records the MTU it names for that
	# address whoever takes it (udp_err); one that no socket takes is
	# counted in ICMP InErrors, one that podol takes is not.
	before=$(icmp_in_errors "$u")
	at r "$PODOL_CRAFT" --to "$N1" --too-big "$forged" --quote-dst "$unknown" \
		--sport 40000 --inner-src 192.168.1.2 --inner-dst 192.168.2.2 --inner-len 8
	diag "ICMP InErrors on n1: $before, then $(icmp_in_errors "$u")"
	check "IPv$u underlay: a forged 'too big' naming no node is not taken by podol" \
		wait_for in_errors_above "$u" "$before"
	check "IPv$u underlay: the path MTU to the real node is still 1300" \
		bash -c "ip -n $PFX-n1 route get $N2 | grep -q 'mtu 1300' &&
			 ip netns exec $PFX-p1 ping -c 1 -W 2 -M do -s $((mtu - 28)) 192.168.2.2 > /dev/null"

	if [ "$u" = 6 ]; then
		label=$(outer_label)
		diag "outer flow label: ${label:-none captured}"
		check "IPv$u underlay: the outer flow label comes from the flow hash" \
			bash -c "[ -n '$label' ] && [ '$label' != 00000 ]"
	fi
	teardown
}

ktap_plan $((12 + 13))
run 4
run 6
ktap_finish
