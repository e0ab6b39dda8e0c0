#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The direct output and receive (ip link ... type podol direct): node 1's
# outer IPv4 packets go straight to the underlay's neighbour, and those
# it receives go from the first PRE_ROUTING hook to podol's receive, so
# that nftables rules on the output, postrouting, prerouting and input
# hooks of the netns holding podol's socket count none of them, where
# without it they count each one. Pods still reach each other, podol0
# still counts what it sends and receives, an outer packet with DF
# carries IP ID 0, and what the direct paths leave to IP still takes it:
# a packet this node must fragment, fragments it receives, and every
# packet over an IPv6 underlay.
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq nft ping tcpdump

ALL_TESTS="hooks_see_the_default direct_passes_the_hooks direct_id_zero
	fragments_take_the_ip_paths ipv6_underlay_takes_the_ip_paths"

# hook_packets FAMILY: "OUTPUT POSTROUTING PREROUTING INPUT", the packets
# to podol's port that node 1's nftables rules of FAMILY (ip, ip6)
# counted: the echo requests it sent, the replies it received.
hook_packets() {
	at n1 nft -j list table "$1" "$PFX" |
		jq -r '[.nftables[] | .rule? // empty | .expr[] | .counter? // empty | .packets] | join(" ")'
}
tx_packets() { podol_stat n1 .tx_packets; }
rx_packets() { podol_stat n1 .rx_packets; }

# sent FAMILY DIRECT PING-ARGS...: node 1's podol0 takes DIRECT (direct or
# nodirect), pod 1 pings with PING-ARGS; then $hooks holds what the hooks
# of FAMILY counted of it ("OUTPUT POSTROUTING PREROUTING INPUT"), $sent
# and $received what podol0 counted; all are "failed" if a step failed.
sent() {
	local fam=$1 mode=$2 before after i t0 r0
	hooks=failed sent=failed received=failed
	at n1 ip link set podol0 type podol "$mode" || return
	shift 2
	read -ra before <<< "$(hook_packets "$fam")"
	t0=$(tx_packets) r0=$(rx_packets)
	if ! at p1 ping -q "$@" > /dev/null; then
		diag "ping $* failed"
		return
	fi
	read -ra after <<< "$(hook_packets "$fam")"
	hooks=$(for i in 0 1 2 3; do echo $((after[i] - before[i])); done | xargs)
	sent=$(( $(tx_packets) - t0 )) received=$(( $(rx_packets) - r0 ))
	diag "$mode, ping $*: the $fam hooks counted $hooks, podol0 sent $sent, received $received"
}

hooks_see_the_default() {
	sent ip nodirect -c 5 -W 2 192.168.2.2
	check "without direct, nftables' output, postrouting, prerouting and input hooks count each outer packet" \
		test "$hooks" = "5 5 5 5"
}

direct_passes_the_hooks_results() { echo 2; }
direct_passes_the_hooks() {
	sent ip direct -c 5 -W 2 192.168.2.2
	check "with direct, pods reach each other and the hooks count none" test "$hooks" = "0 0 0 0"
	check "podol0 counts the packets it sent and received directly" \
		test "$sent $received" = "5 5"
}

direct_id_zero() {
	at n1 ip link set podol0 type podol direct
	capture n1 ul0 "src host 10.0.0.11 and udp dst port 6464"
	at p1 ping -c 1 -W 2 -M 'do' 192.168.2.2 > /dev/null
	capture_wait "ip[6] & 0x40 != 0 and ip[4:2] = 0"
	check "an outer packet with DF carries IP ID 0" test -n "$MATCHED"
}

# Routes with a smaller MTU between the nodes: a 1,400-byte inner packet
# without DF fits podol0 (1,464) but not the path, and each node
# fragments it, in the IP output, after its hooks. Node 1 receives the
# replies in fragments, which the IP input reassembles: the prerouting
# rule counts each first fragment, the input rule each whole packet.
fragments_take_the_ip_paths() {
	at n1 ip route add 10.0.0.12/32 dev ul0 mtu 1300
	at n2 ip route add 10.0.0.11/32 dev ul0 mtu 1300
	sent ip direct -c 3 -W 2 -M dont -s 1372 192.168.2.2
	at n1 ip route del 10.0.0.12/32 dev ul0 mtu 1300
	at n2 ip route del 10.0.0.11/32 dev ul0 mtu 1300
	check "packets fragmented on the way, sent or received, take the IP paths (the hooks count them)" \
		test "$hooks" = "3 3 3 3"
}

ipv6_underlay_takes_the_ip_paths() {
	at n1 "$PODOLCTL" node flush dev podol0
	at n2 "$PODOLCTL" node flush dev podol0
	mesh 2 v6
	sent ip6 direct -c 5 -W 2 192.168.2.2
	check "over an IPv6 underlay, direct leaves the packets to the IP paths" \
		test "$hooks" = "5 5 5 5"
}

# Two nodes that know each other by IPv4, and on node 1 an nftables table
# of each family with a counting rule for podol's port on the output,
# postrouting, prerouting and input hooks.
cluster 2 || skip_all "cannot build the topology"
mesh 2 v4 || skip_all "cannot fill the node tables"
for fam in ip ip6; do
	at n1 nft -f - <<EOF || skip_all "nftables' $fam hooks are not available (nf_tables)"
table $fam $PFX {
	chain output { type filter hook output priority 0; udp dport 6464 counter; }
	chain postrouting { type filter hook postrouting priority 0; udp dport 6464 counter; }
	chain prerouting { type filter hook prerouting priority 0; udp dport 6464 counter; }
	chain input { type filter hook input priority 0; udp dport 6464 counter; }
}
EOF
done
tests_run
