#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A node table is charged to the memory cgroup of whoever writes it: a
# 65,536-node replace (PODOL_MAX_NODES) from a cgroup with a small
# memory.max is refused with ENOMEM and an extack message, with no OOM
# kill; the same replace passes without the limit. The full table is then
# replaced by an empty one, filled again and deleted with its device: the
# teardown reschedules as it goes (no soft lockup, no RCU stall).
#
# PODOL_MEMCG_NODES (65536) changes the table's size, and memory.max with
# it: 384 bytes a node, about a quarter of what the table and the writer
# use (some 1,400 bytes a node). The debug kernel, where each fill and
# teardown of the full table takes 90 s, runs a quarter of it.
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq awk dmesg

env_count N PODOL_MEMCG_NODES 65536 65536
LIMIT=$((N * 384 / 1024))K
CG=/sys/fs/cgroup
mounted=
if ! grep -q "^[^ ]* $CG cgroup2 " /proc/mounts; then
	grep -q "^[^ ]* $CG " /proc/mounts && skip_all "$CG is not cgroup2"
	mount -t cgroup2 none "$CG" 2>/dev/null || skip_all "cannot mount cgroup2"
	mounted=1
fi
cg=$CG/$PFX
cleanup_cg() {
	rmdir "$cg" 2>/dev/null
	[ -n "$mounted" ] && umount "$CG"
}
if ! grep -qw memory "$CG/cgroup.controllers" ||
   ! echo +memory > "$CG/cgroup.subtree_control" || ! mkdir "$cg"; then
	cleanup_cg
	skip_all "no cgroup2 memory controller"
fi

ALL_TESTS="replace_over_limit replace_without_limit replace_by_none
	delete_full_device"

f=$(mktemp) empty=$(mktemp) err=$(mktemp)
trap '_cleanup; cleanup_cg; rm -f "$f" "$empty" "$err"' EXIT
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++)
	printf "remote 11.%d.%d.1 cidr 12.%d.%d.0/24\n", i / 256, i % 256, i / 256, i % 256 }' > "$f"

# replace FILE: one replace by a process in cgroup $cg; its stderr in $err.
replace() {
	bash -c 'echo $$ > "$1/cgroup.procs" && exec ip netns exec "$2" "$3" node replace dev podol0 file "$4"' \
		_ "$cg" "$PFX-n1" "$PODOLCTL" "$1" 2> "$err"
}
nodes() { at n1 "$PODOLCTL" -j stats dev podol0 | jq '.[0].nodes'; }
ooms() { dmesg | grep -ciE "out of memory|oom-kill|oom_reaper"; }

# no_oom_kill: none in the cgroup's memory.events, none logged since $oom0.
no_oom_kill() {
	grep '^oom_kill ' "$cg/memory.events" && grep -q '^oom_kill 0$' "$cg/memory.events" &&
		[ "$(ooms)" = "$oom0" ]
}

replace_over_limit_results() { echo 3; }
replace_over_limit() {
	local rc
	oom0=$(ooms)
	echo "$LIMIT" > "$cg/memory.max"
	replace "$f"
	rc=$?
	echo max > "$cg/memory.max"
	sed 's/^/# podolctl: /' "$err"
	diag "peak memory of the cgroup: $(cat "$cg/memory.peak" 2>/dev/null) bytes (memory.max $LIMIT)"
	check "a $N-node replace under memory.max=$LIMIT fails with the extack message" \
		bash -c "[ $rc != 0 ] && grep -q 'out of memory for the node table' '$err'"
	check "no OOM kill: memory.events and the kernel log" no_oom_kill
	check "the table is left as it was (empty)" test "$(nodes)" = 0
}

replace_without_limit_results() { echo 2; }
replace_without_limit() {
	local t0 t1
	t0=$(date +%s%N)
	check "the same replace without the limit passes" replace "$f"
	t1=$(date +%s%N)
	diag "replace to $N nodes: $(( (t1 - t0) / 1000000 )) ms; the cgroup's memory: $(cat "$cg/memory.current") bytes"
	check "the device holds $N nodes" test "$(nodes)" = $N
}

# From the full table replace_without_limit left (alone, it fills it).
full_to_none() {
	[ "$(nodes)" = $N ] || { echo "the table does not hold $N nodes first"; return 1; }
	replace "$empty" && [ "$(nodes)" = 0 ]
}
replace_by_none() {
	[ "$(nodes)" = $N ] || replace "$f" || diag "the fill failed: $(cat "$err")"
	check "replace $N nodes by none" full_to_none
}

delete_full_device() {
	local t0 t1
	replace "$f" || diag "the second fill failed: $(cat "$err")"
	t0=$(date +%s%N)
	check "delete the device with $N nodes" at n1 ip link del podol0
	t1=$(date +%s%N)
	diag "device deletion with $N nodes: $(( (t1 - t0) / 1000000 )) ms"
}

# One device, written by processes in the memory cgroup $cg.
#
#   n1: podol0 (port 6464), its table filled from "$f"
ns n1
at n1 ip link add podol0 type podol
tests_run
