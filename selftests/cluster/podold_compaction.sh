#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An agent whose watch fell behind a compaction lists the store again:
# frozen while its member dies, the store changes and is compacted past
# its revision; thawed, its resumed watch is cancelled, and it re-lists.
# The cluster and its pods are podold_lib.sh's.
. "$(dirname "$0")/podold_lib.sh"
require_root
require_cmd etcdctl jq podold podolctl

ALL_TESTS="setup compaction"
GHOST='{"node":"ghost","ipv4":"10.0.0.61","port":6464,"cidrs":["10.244.211.0/24"]}'

compaction_results() { echo 4; }
compaction() {
	local ep m rev resyncs
	ep=$(status 2 .endpoint)
	m=$(sed -E 's|.*//10\.0\.0\.1([0-9]):.*|\1|' <<< "$ep")
	resyncs=$(status 2 .resyncs)
	diag "node2's agent watches through $ep (node$m's member); it listed the store $resyncs times so far"
	# Frozen, its watch cannot follow; its member's death breaks it.
	podold_signal 2 STOP
	etcd_down "$m"
	check "the store took a node's claim and record with node$m's member down" \
		eval "etcdctl_all put ${P}subnets/10.244.211.0-24 ghost > /dev/null &&
		      etcdctl_all put ${P}nodes/ghost '$GHOST' > /dev/null"
	rev=$(etcdctl_all get "${P}nodes/ghost" -w json | jq -r .header.revision)
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
