#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The cluster podold will run on, before podold: etcd's three members
# serve every node, survive one member's death and take it back; the L2
# segment carries podol's UDP between two nodes; a node's notification
# reaches the controller's clock.
#
#   node1 (tests)    node2           node3           node4
#   etcd member      etcd member     etcd member     (client only)
#        |_______________|_______________|_______________|  eth0, 10.0.0.0/24
#                                        podol0 + pod    podol0 + pod
#                                        192.168.3.2     192.168.4.2
#   (the pods are on the last two nodes, whatever their number)
. "$(dirname "$0")/lib.sh"
require_root
require_cmd etcdctl jq socat podolctl

ALL_TESTS="healthy_everywhere put_read_across member_down member_rejoins
	notify_one_clock podol_crosses"
KEYS=/podol-selftest/etcd_cluster/$$

# count_via NODE [s]: the keys under KEYS, through NODE's member; with s,
# as that member alone holds them (a serializable read).
count_via() {
	etcdctl_via "$1" get --prefix "$KEYS/" --keys-only -w json \
		${2:+--consistency=s} | jq -r '.count // 0'
}

healthy_everywhere_results() { echo "$CLUSTER_NODES"; }
healthy_everywhere() {
	local n
	for n in $(nodes); do
		check "node$n: every member is healthy ($(etcd_endpoints))" \
			on "$n" "etcdctl --endpoints=$(etcd_endpoints) --command-timeout=10s endpoint health"
	done
}

put_read() {
	local v
	on 2 "etcdctl --endpoints=$(etcd_url 1) put $KEYS/first hello" || return 1
	v=$(on "$CLUSTER_NODES" "etcdctl --endpoints=$(etcd_url 3) get --print-value-only $KEYS/first") || return 1
	echo "read \"$v\""
	[ "$v" = hello ]
}
put_read_across() {
	check "a key put on node2 through node1's member is read on node$CLUSTER_NODES through node3's" put_read
}

# put_keys COUNT NODE...: COUNT keys more, through each NODE in turn.
put_keys() {
	local count=$1 i k
	shift
	k=$(count_via "$1") || return 1
	for i in $(seq 1 "$count"); do
		etcdctl_via "${@:$((i % $# + 1)):1}" put "$KEYS/k$((k + i))" "$i" > /dev/null || return 1
	done
}

member_down_results() { echo 3; }
member_down() {
	local before
	before=$(count_via 1)
	check "node3's member killed" etcd_down 3
	# A leader on node3 is replaced after an election timeout or two.
	check "node1's and node2's members are healthy without it" \
		etcd_wait_healthy 60 "$(etcd_url 1),$(etcd_url 2)"
	put_keys 20 1 2
	check "writes through node1 and node2, and reads, go on: $((before + 20)) keys" \
		test "$(count_via 2)" = $((before + 20))
}

caught_up() {
	local mine theirs
	theirs=$(count_via 1) && mine=$(count_via 3 s) || return 1
	echo "node3's member holds $mine keys, the cluster $theirs"
	[ "$mine" = "$theirs" ]
}
member_rejoins_results() { echo 3; }
member_rejoins() {
	check "node3's member restarted on its data" etcd_up 3
	check "node3's member is healthy again" etcd_wait_healthy 60 "$(etcd_url 3)"
	check "node3's member caught up (its own key count is the cluster's)" \
		slowwait 60 caught_up
}

notify_one_clock() {
	local port=9901 t0 t
	await_start $port
	t0=$(now)
	on 2 ". ./lib.sh && notify 1 $port node2-here"
	t=$(await node2-here 30)
	await_stop
	[ -n "$t" ] && diag "node2's notification arrived $(elapsed_ms "$t0" "$t") ms after the controller asked for it (one remote command)"
	diag "round trip to node2: $(ping -c 3 -q "$(node_ip 2)" | tail -n 1)"
	check "a notification from node2 arrives, timed on the controller's clock" test -n "$t"
}

# pod_node NODE PEER: podol on NODE, a pod (netns "pod", 192.168.NODE.2)
# behind it, and PEER known as the node of 192.168.PEER.0/24.
pod_node() {
	on "$1" <<-SCRIPT
	set -e
	modprobe podol
	ip link add podol0 type podol local $(node_ip "$1") dev eth0
	ip link set podol0 up
	ip netns add pod
	ip link add pod0 type veth peer name eth0 netns pod
	ip addr add 192.168.$1.1/24 dev pod0
	ip link set pod0 up
	ip -n pod link set lo up
	ip -n pod addr add 192.168.$1.2/24 dev eth0
	ip -n pod link set eth0 up
	ip -n pod route add default via 192.168.$1.1
	sysctl -qw net.ipv4.ip_forward=1
	ip route add 192.168.0.0/16 dev podol0
	podolctl node add dev podol0 remote $(node_ip "$2") cidr 192.168.$2.0/24
	SCRIPT
}
podol_crosses_results() { echo 2; }
podol_crosses() {
	local a=$((CLUSTER_NODES - 1)) b=$CLUSTER_NODES n
	for n in $a $b; do
		defer_on "$n" "ip netns del pod; ip link del podol0; ip link del pod0; rmmod podol"
	done
	check "podol on node$a and node$b, each knowing the other" eval "pod_node $a $b && pod_node $b $a"
	check "node$a's pod pings node$b's pod through podol over the segment" \
		on "$a" "ip netns exec pod ping -c 1 -w 30 192.168.$b.2"
	diag "node$b's podol0: $(on "$b" "podolctl -j stats dev podol0" | jq -c '.[0].stats | {rx_packets, tx_packets}')"
}

tests_run
