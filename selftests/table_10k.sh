#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The table holds 10,000 nodes with two CIDRs each: they go in with one
# replace, a dump returns every one, and traffic still finds its node.
# Prints the time to add and to dump them, and what a node costs.
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq ping

ALL_TESTS="replace_10k dump_10k traffic_among_10k flush_empties"

N=10000
f=$(mktemp)
trap '_cleanup; rm -f "$f"' EXIT

mem() { awk '$1 == "Slab:" || $1 == "Percpu:" { kb += $2 } END { print kb }' /proc/meminfo; }
nodes() { at n1 "$PODOLCTL" -j stats dev podol0 | jq '.[0].nodes'; }
# full: node 1's table holds the N nodes, as replace_10k leaves it; the
# checks after it fill it first when they run alone.
full() {
	[ "$(nodes)" = $N ] || at n1 "$PODOLCTL" node replace dev podol0 file "$f"
}

replace_10k() {
	local m0 m1 t0 t1 ncpu
	m0=$(mem)
	t0=$(date +%s%N)
	check "replace with $N nodes of two CIDRs each" at n1 "$PODOLCTL" node replace dev podol0 file "$f"
	t1=$(date +%s%N)
	m1=$(mem)
	diag "adding $N nodes (one replace): $(( (t1 - t0) / 1000000 )) ms"
	# Possible CPUs, not online ones: per-CPU memory is per possible CPU.
	ncpu=$(awk -F, '{ for (i = 1; i <= NF; i++) { split($i, r, "-"); n += (r[2] == "" ? 1 : r[2] - r[1] + 1) } } END { print n }' /sys/devices/system/cpu/possible)
	diag "memory per node (Slab + Percpu, /proc/meminfo): $(( (m1 - m0) * 1024 / N )) bytes with $ncpu possible CPUs ($(nproc) online)"
}

dump_10k_results() { echo 2; }
dump_10k() {
	local count t1 t2
	full
	t1=$(date +%s%N)
	count=$(at n1 "$PODOLCTL" -j node show dev podol0 | jq length)
	t2=$(date +%s%N)
	diag "dumping $N nodes (podolctl -j): $(( (t2 - t1) / 1000000 )) ms"
	check "a dump returns all $N" test "$count" = $N
	check "the device counts $N nodes" test "$(nodes)" = $N
}

traffic_among_10k() {
	full
	check "traffic still finds its node among $N" at p1 ping -c 2 -W 2 192.168.2.2
}

flush_empties() {
	full
	check "flush empties it" bash -c "ip netns exec $PFX-n1 $PODOLCTL node flush dev podol0 &&
		ip netns exec $PFX-n1 $PODOLCTL -j stats dev podol0 | jq -e '.[0].nodes == 0' >/dev/null"
}

# Two nodes that know each other (see cluster and mesh); "$f" holds node
# 2 and N - 1 nodes nobody runs, at 10.1.0.1 onwards.
cluster 2
mesh 2 v4
{
	echo "remote 10.0.0.12 cidr 192.168.2.0/24 cidr fd10:2::/64"
	for i in $(seq 1 $((N - 1))); do
		echo "remote 10.$((i / 62500 + 1)).$((i / 250 % 250)).$((i % 250 + 1)) cidr 10.$((100 + i / 62500)).$((i / 250 % 250)).$((i % 250))/32 cidr fd20:$((i / 65536)):$((i % 65536))::/48"
	done
} > "$f"
tests_run
