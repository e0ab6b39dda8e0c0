#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Path MTU through the overlay, once over an IPv4 underlay and once over
# an IPv6 one, with dual-stack pods (see topology).
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

# topology 4|6: two nodes on either side of router r, whose far link has
# an MTU of 1300; the underlay addresses are of that family (IPv4 shown,
# IPv6 fd00:1::11 and fd00:2::12 behind fd00:1::1 and fd00:2::1). The
# pods, as node_pod makes them, have 192.168.I.2, 192.168.I.3 and
# fd10:I::2.
#
#   p1 -- n1 ul0 ======= r1 [r] r2 ======= ul0 n2 -- p2
#      10.0.1.11   10.0.1.1     10.0.2.1   10.0.2.12
#           MTU 1500                MTU 1300
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

# The checks of one underlay, run once over each family: the ipv4_underlay
# and ipv6_underlay steps build that family's topology (and report no
# result). Without either in TESTS, the IPv4 one is built first.
UNDERLAY_CHECKS="small_packets df_too_big df_path_mtu no_df_crosses ipv6_1280
	ipv6_tcp forged_too_big"
ALL_TESTS="ipv4_underlay $UNDERLAY_CHECKS ipv6_underlay $UNDERLAY_CHECKS
	outer_flow_label"

# underlay 4|6: the topology of that family, in place of the one before.
U=
underlay() {
	[ -n "$U" ] && teardown
	U=$1
	if [ "$U" = 4 ]; then
		N1=10.0.1.11 N2=10.0.2.12 UNKNOWN=10.0.2.99 FORGED=1000 MTU=$((1300 - 36))
	else
		N1=fd00:1::11 N2=fd00:2::12 UNKNOWN=fd00:2::99 FORGED=1290 MTU=$((1300 - 56))
	fi
	diag "IPv$U underlay: the path leaves $MTU bytes for the inner packet"
	topology "$U"
}
ipv4_underlay_results() { echo 0; }
ipv4_underlay() { underlay 4; }
ipv6_underlay_results() { echo 0; }
ipv6_underlay() { underlay 6; }

# The first echo of a family waits on neighbour discovery at up to four
# hops, and once went unanswered within 2 s on IPv6 (6.12, an idle
# machine): first contact gets 10 s of echoes a second apart, and then
# one echo must come back within 2 s. The counters say where a miss went.
small_packets() {
	local fam dst
	for fam in 4 6; do
		dst=192.168.2.2
		[ "$fam" = 6 ] && dst=fd10:2::2
		if ! at p1 ping -"$fam" -c 1 -w 10 "$dst" > /dev/null ||
		   ! at p1 ping -"$fam" -c 1 -W 2 "$dst" > /dev/null; then
			{
				echo "no answer from $dst"
				at n1 "$PODOLCTL" -j stats dev podol0
				at n2 "$PODOLCTL" -j stats dev podol0
			} 2>&1 | sed 's/^/# /'
			ktap_fail "IPv$U underlay: small packets pass, both pod families"
			return
		fi
	done
	ktap_ok "IPv$U underlay: small packets pass, both pod families"
}

# learn_path_mtu: a big DF packet, whose "fragmentation needed" from the
# router teaches node 1 the path MTU to node 2.
learn_path_mtu() {
	# 1400 + 28 fits podol0 (1444) but not the underlay path.
	at p1 ping -c 1 -W 2 -M do -s 1400 192.168.2.2 > /dev/null 2>&1
}

df_too_big_results() { echo 3; }
df_too_big() {
	local out
	learn_path_mtu
	out=$(at p1 ping -c 2 -W 2 -M do -s 1400 192.168.2.2 2>&1)
	diag "$(grep -i mtu <<< "$out" | head -n1)"
	check "IPv$U underlay: a big DF packet gets 'fragmentation needed' with MTU $MTU" \
		grep -qiE "mtu ?=? ?$MTU" <<< "$out"
	check "IPv$U underlay: it is counted as tx_too_big" \
		test "$(podol_stat n1 .drops.tx_too_big)" -ge 1
	check "IPv$U underlay: the pod's route to the far pod learned MTU $MTU" \
		bash -c "ip -n $PFX-p1 route get 192.168.2.2 | grep -q 'mtu $MTU'"
}

df_path_mtu_results() { echo 2; }
df_path_mtu() {
	check "IPv$U underlay: a DF packet of exactly the path MTU passes" \
		at p1 ping -c 1 -W 2 -M do -s $((MTU - 28)) 192.168.2.2
	check "IPv$U underlay: one byte more does not" \
		bash -c "! ip netns exec $PFX-p1 ping -c 1 -W 2 -M do -s $((MTU - 27)) 192.168.2.2"
}

no_df_crosses_results() { echo 2; }
no_df_crosses() {
	local before
	# 192.168.2.3: no route on the way has learned an MTU for it yet.
	before=$(podol_stat n1 .tx_fragmented)
	check "IPv$U underlay: a 1428-byte IPv4 packet without DF crosses" \
		at p1 ping -c 1 -W 5 -M dont -s 1400 192.168.2.3
	diag "tx_fragmented on n1: $before, then $(podol_stat n1 .tx_fragmented)"
	check "IPv$U underlay: it is counted as tx_fragmented" \
		test "$(podol_stat n1 .tx_fragmented)" -gt "$before"
}

ipv6_1280() {
	check "IPv$U underlay: a 1280-byte IPv6 packet crosses (RFC 8200)" \
		at p1 ping -6 -c 1 -W 5 -s 1232 fd10:2::2
}

ipv6_tcp() {
	check "IPv$U underlay: IPv6 TCP moves $TCP_BYTES bytes" tcp6
}

# An ICMP error to n1 about a podol datagram to an address that is no
# node. The kernel's UDP layer records the MTU it names for that address
# whoever takes it (udp_err); one that no socket takes is counted in ICMP
# InErrors, one that podol takes is not. The path MTU to the real node,
# learnt first, must stay as it was.
forged_too_big_results() { echo 2; }
forged_too_big() {
	local before
	learn_path_mtu
	before=$(icmp_in_errors "$U")
	at r "$PODOL_CRAFT" --to "$N1" --too-big "$FORGED" --quote-dst "$UNKNOWN" \
		--sport 40000 --inner-src 192.168.1.2 --inner-dst 192.168.2.2 --inner-len 8
	diag "ICMP InErrors on n1: $before, then $(icmp_in_errors "$U")"
	check "IPv$U underlay: a forged 'too big' naming no node is not taken by podol" \
		wait_for in_errors_above "$U" "$before"
	check "IPv$U underlay: the path MTU to the real node is still 1300" \
		bash -c "ip -n $PFX-n1 route get $N2 | grep -q 'mtu 1300' &&
			 ip netns exec $PFX-p1 ping -c 1 -W 2 -M do -s $((MTU - 28)) 192.168.2.2 > /dev/null"
}

# The outer IPv6 flow label (its low 20 bits of ip6[0:4]) of one podol
# packet from n1 is not 0: it comes from the flow hash. Over an IPv6
# underlay only; run alone, it builds that.
outer_flow_label() {
	[ "$U" = 6 ] || underlay 6
	capture r r1 "ip6 and udp dst port 6464"
	at p1 ping -c 1 -W 2 192.168.2.2 > /dev/null 2>&1
	capture_wait "ip6[0:4] & 0xfffff != 0"
	diag "on the wire: $(head -n 1 <<< "$CAPTURED")"
	check "IPv$U underlay: the outer flow label comes from the flow hash" \
		test -n "$MATCHED"
}

case " ${TESTS:-ipv4_underlay} " in
*" ipv4_underlay "* | *" ipv6_underlay "*) ;;
*) TESTS="ipv4_underlay $TESTS" ;;
esac
tests_run
