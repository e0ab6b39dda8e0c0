#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The underlay device is a boundary. With "dev ul0", podol's socket takes
# only what arrived on ul0: an attacker on another link of node 1 that
# holds node 2's underlay address sends node 2's packets in vain, while
# the same packets from node 2 over the underlay are delivered.
. "$(dirname "$0")/lib.sh"
require_craft

ALL_TESTS="attacker_not_delivered node2_delivered socket_bound_to_underlay"

N=3

# craft NETNS: N packets of node 2's pod to node 1's pod, from NETNS.
craft() {
	at "$1" "$PODOL_CRAFT" --to 10.0.0.11 --from 10.0.0.12 --count $N \
		--inner-src 192.168.2.2 --inner-dst 192.168.1.2 > /dev/null
}
# noports: UDP datagrams node 1 had no socket for.
noports() { at n1 awk '/^Udp:/ { if (h) print $3; h = 1 }' /proc/net/snmp; }
delivered() { podol_stat n1 .rx_packets; }

# The second result proves the first means something: the attacker's
# packets did reach node 1.
attacker_not_delivered_results() { echo 2; }
attacker_not_delivered() {
	local rx0 np0
	rx0=$(delivered) np0=$(noports)
	craft x
	sleep 0.5
	check "a packet from node 2's address on another link is not delivered" \
		test "$(( $(delivered) - rx0 ))" = 0
	check "the attacker's packets reached node 1 and found no socket" \
		test "$(( $(noports) - np0 ))" = $N
}

node2_delivered() {
	local rx0
	rx0=$(delivered)
	craft n2
	sleep 0.5
	check "the same packets from node 2 over the underlay are delivered" \
		test "$(( $(delivered) - rx0 ))" = $N
}

socket_bound_to_underlay() {
	check "the socket is bound to the underlay device" \
		bash -c "ip netns exec $PFX-n1 ss -H -uln 'sport = :6464' | grep -q '%ul0:'"
}

# topology: a cluster of 2 whose podol0 is bound to ul0, and the attacker
# x on node 1's second link ul1, with node 2's underlay address. No
# reverse path filter on node 1 (a netns' default, said again): only the
# socket's binding stands between x and the pods.
#
#   x (eth0 10.0.0.12/32, route to 10.0.0.11 on eth0)
#    | eth0
#    | ul1 (10.1.0.1/24, rp_filter 0)
#   n1  podol0 dev ul0             n2  podol0 dev ul0
#    | ul0 (10.0.0.11)              | ul0 (10.0.0.12)
#   ul  br0 ------------------------+
topology() {
	cluster 2 dev ul0
	mesh 2 v4
	ns x
	ip link add ul1 netns "$PFX-n1" type veth peer name eth0 netns "$PFX-x"
	at n1 ip addr add 10.1.0.1/24 dev ul1
	at n1 ip link set ul1 up
	at n1 sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.ul1.rp_filter=0
	at x ip addr add 10.0.0.12/32 dev eth0
	at x ip link set eth0 up
	at x ip route add 10.0.0.11/32 dev eth0
}

topology
tests_run
