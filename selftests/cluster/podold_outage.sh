#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The datapath never depends on podold or on etcd: pods keep talking
# while agents are killed and restarted, while one member and then the
# whole store is down, and an agent whose watch fell behind a compaction
# lists the store again. The cluster and its pods are podold_lib.sh's.
. "$(dirname "$0")/podold_lib.sh"
require_root
require_cmd etcdctl jq podold podolctl

ALL_TESTS="setup agent_killed store_down compaction"
# How long the whole store stays down.
OUTAGE=${PODOLD_OUTAGE:-60}

setup() {
	check "three agents synced, a pod on each node" podold_setup
}

agent_killed_results() { echo 4; }
agent_killed() {
	local before2 before3 lease line
	before2=$(table 2) before3=$(table 3)
	lease=$(status 2 .lease)
	ping_start 2 3
	sleep 2
	podold_signal 2 KILL
	podold_signal 3 KILL
	sleep 3
	podold_start 2
	podold_start 3
	check "node2's and node3's agents, killed and restarted, sync again" wait_synced 2 2 3
	sleep 2
	line=$(ping_end 2)
	check "not one ping lost between node2's and node3's pods: $line" ping_lost_none 2
	check "node2's and node3's tables are as before" \
		eval "[ \"\$(table 2)\" = \"\$before2\" ] && [ \"\$(table 3)\" = \"\$before3\" ]"
	check "node2's agent kept its lease ($lease): its keys never went" \
		test "$(status 2 .lease)" = "$lease"
}

store_is() { [ "$(status "$1" .store)" = "$2" ]; }
store_down_results() { echo 6; }
store_down() {
	local before line n
	before=$(table 2)
	ping_start 2 3 $((OUTAGE * 8))
	etcd_down 3
	check "with node3's member down, every agent still reaches the store" \
		eval "sleep 5 && wait_synced 2 $CORE"
	etcd_down 1
	etcd_down 2
	check "with every member down, node2's agent says the store is down" \
		eval "WAIT_TRIES=300 wait_for store_is 2 down"
	sleep "$OUTAGE"
	check "after $OUTAGE s without a store, node2's table is as it was" \
		eval "[ \"\$(table 2)\" = \"\$before\" ]"
	for n in 1 2 3; do etcd_up "$n"; done
	etcd_wait_healthy 120 > /dev/null
	podold_start 4
	check "the store back, a node added then reaches every table" wait_synced 3 1 2 3 4
	line=$(ping_end 2)
	check "not one ping lost between node2's and node3's pods throughout: $line" ping_lost_none 2
	podold_leave 4
	check "node4 left again" wait_synced 2 $CORE
}

compaction_results() { echo 3; }
compaction() {
	local ep m rev resyncs
	ep=$(status 2 .endpoint)
	m=$(sed -E 's|.*//10\.0\.0\.1([0-9]):.*|\1|' <<< "$ep")
	resyncs=$(status 2 .resyncs)
	diag "node2's agent watches through $ep (node$m's member); it listed the store $resyncs times so far"
	# Frozen, its watch cannot follow; its member's death breaks it.
	podold_signal 2 STOP
	etcd_down "$m"
	etcdctl_all put "${P}subnets/10.244.211.0-24" ghost > /dev/null
	rev=$(etcdctl_all put "${P}nodes/ghost" '{"node":"ghost","ipv4":"10.0.0.61","port":6464,"cidrs":["10.244.211.0/24"]}' -w json | jq -r .header.revision)
	check "the store compacted to revision $rev, past node2's watch" \
		etcdctl_all compaction "$rev"
	etcd_up "$m"
	podold_signal 2 CONT
	check "node2's agent listed the store again and holds the node added meanwhile" \
		eval "wait_synced 3 2 && table_has 2 10.0.0.61 && [ \"\$(status 2 .resyncs)\" -gt $resyncs ]"
	etcdctl_all del "${P}nodes/ghost" > /dev/null
	etcdctl_all del "${P}subnets/10.244.211.0-24" > /dev/null
	check "then it follows the store's changes again" \
		eval "wait_synced 2 2 && ! table_has 2 10.0.0.61"
	etcd_wait_healthy 60 > /dev/null
}

trap 'podold_exit; _run_deferred; _cleanup' EXIT
tests_run
