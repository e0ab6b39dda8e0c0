#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The datapath never depends on podold or on etcd: pods keep talking
# while agents are killed and restarted, and while one member and then
# the whole store is down. The cluster and its pods are podold_lib.sh's.
. "$(dirname "$0")/podold_lib.sh"
require_root
require_cmd etcdctl jq podold podolctl

ALL_TESTS="setup agent_killed store_down"
# How long the whole store stays down.
OUTAGE=${PODOLD_OUTAGE:-60}

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
	check "node2's and node3's tables are as before" tables_as 2 "$before2" 3 "$before3"
	check "node2's agent kept its lease ($lease): its keys never went" \
		test "$(status 2 .lease)" = "$lease"
}

# tables_as NODE TABLE...: each NODE's table is TABLE; says how not.
tables_as() {
	local now rc=0
	while [ $# -ge 2 ]; do
		now=$(table "$1")
		if [ "$now" != "$2" ]; then
			printf 'node%s before:\n%s\nnode%s now:\n%s\n' "$1" "$2" "$1" "$now"
			rc=1
		fi
		shift 2
	done
	return $rc
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
		tables_as 2 "$before"
	for n in 1 2 3; do etcd_up "$n"; done
	etcd_wait_healthy 120 > /dev/null
	podold_start 4
	check "the store back, a node added then reaches every table" wait_synced 3 1 2 3 4
	line=$(ping_end 2)
	check "not one ping lost between node2's and node3's pods throughout: $line" ping_lost_none 2
	podold_leave 4
	check "node4 left again" wait_synced 2 $CORE
}

trap 'podold_exit; _run_deferred; _cleanup' EXIT
tests_run
