#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Deleting a node stops traffic to its pods at once; adding it back
# restores it; changing its CIDRs moves traffic with them.
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq ping

ALL_TESTS="traffic_flows delete_and_add_back change_cidrs change_under_traffic"

node2() {
	at n1 "$PODOLCTL" node "$1" dev podol0 remote 10.0.0.12 "${@:2}"
}

traffic_flows() {
	check "traffic flows" at p1 ping -c 1 -W 2 192.168.2.2
}

delete_and_add_back_results() { echo 2; }
delete_and_add_back() {
	node2 del
	check "node deleted: no traffic" bash -c "! ip netns exec $PFX-p1 ping -c 2 -i 0.3 -W 1 192.168.2.2"
	node2 add cidr 192.168.2.0/24 cidr fd10:2::/64
	check "node added back: traffic again" at p1 ping -c 1 -W 2 192.168.2.2
}

# Leaves node 2 with its IPv6 CIDR only.
change_cidrs_results() { echo 2; }
change_cidrs() {
	node2 change cidr fd10:2::/64
	check "its IPv4 CIDR changed away: no IPv4 traffic" bash -c "! ip netns exec $PFX-p1 ping -c 1 -W 1 192.168.2.2"
	check "its IPv6 CIDR kept: IPv6 traffic" at p1 ping -c 1 -W 2 fd10:2::2
}

ping_loss() {
	at p1 ping -q -c 60 -i 0.05 -W 1 192.168.2.2 | sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p'
}
change_under_traffic() {
	local loss
	node2 change cidr 192.168.2.0/24 cidr fd10:2::/64
	(for _ in $(seq 1 20); do
		node2 change cidr 192.168.2.0/24 cidr fd10:2::/64 cidr 10.250.0.0/16
		node2 change cidr 192.168.2.0/24 cidr fd10:2::/64
	done) &
	loss=$(ping_loss)
	wait
	diag "loss while its other CIDRs changed 40 times: $loss%"
	check "changing a node's other CIDRs under traffic loses nothing" test "$loss" = 0
}

# Two nodes that know each other (see cluster and mesh).
cluster 2
mesh 2 v4
tests_run
