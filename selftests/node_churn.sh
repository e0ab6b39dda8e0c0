#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Deleting a node stops traffic to its pods at once; adding it back
# restores it; changing its CIDRs moves traffic with them.
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq ping

ktap_plan 6
cluster 2
mesh 2 v4
check "traffic flows" at p1 ping -c 1 -W 2 192.168.2.2
at n1 "$PODOLCTL" node del dev podol0 remote 10.0.0.12
check "node deleted: no traffic" bash -c "! ip netns exec $PFX-p1 ping -c 2 -i 0.3 -W 1 192.168.2.2"
at n1 "$PODOLCTL" node add dev podol0 remote 10.0.0.12 cidr 192.168.2.0/24 cidr fd10:2::/64
check "node added back: traffic again" at p1 ping -c 1 -W 2 192.168.2.2
at n1 "$PODOLCTL" node change dev podol0 remote 10.0.0.12 cidr fd10:2::/64
check "its IPv4 CIDR changed away: no IPv4 traffic" bash -c "! ip netns exec $PFX-p1 ping -c 1 -W 1 192.168.2.2"
check "its IPv6 CIDR kept: IPv6 traffic" at p1 ping -c 1 -W 2 fd10:2::2
ping_loss() {
	at p1 ping -q -c 60 -i 0.05 -W 1 192.168.2.2 | sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p'
}
at n1 "$PODOLCTL" node change dev podol0 remote 10.0.0.12 cidr 192.168.2.0/24 cidr fd10:2::/64
(for _ in $(seq 1 20); do
	at n1 "$PODOLCTL" node change dev podol0 remote 10.0.0.12 cidr 192.168.2.0/24 cidr fd10:2::/64 cidr 10.250.0.0/16
	at n1 "$PODOLCTL" node change dev podol0 remote 10.0.0.12 cidr 192.168.2.0/24 cidr fd10:2::/64
done) &
loss=$(ping_loss)
wait
diag "loss while its other CIDRs changed 40 times: $loss%"
check "changing a node's other CIDRs under traffic loses nothing" test "$loss" = 0
ktap_finish
