#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-cluster: the cluster tests (selftests/cluster/) on N VMs of
# one vCPU each, on one virtual L2 segment: a UDP multicast group on this
# machine's loopback, its group and port drawn at random per run so that
# runs side by side never hear each other. VM i (1..N) is nodeI, MAC
# 52:54:00:00:01:0I, 10.0.0.(10+I) and fd00::(10+I) on eth0; node 1, the
# controller, runs the tests; nodes 1-3 run etcd's members.
# Prints KTAP: one result per test, and one for the kernel logs of all
# the nodes (a splat on any node fails it, and the test it happened in).
#
#   cluster.sh [--kernel 6.12] [--nodes 4] [--tests "name ..."]
#   cluster.sh --demo [--kernel 6.12]     make cluster: three nodes, and
#                                         jobs/cluster-demo.sh on node 1
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=vm.sh
. "$TOP/tools/vm/vm.sh"

sel=6.12 nodes=4 tests="" demo=0
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) sel=$2; shift 2 ;;
	--nodes) nodes=$2; shift 2 ;;
	--tests) tests=$2; shift 2 ;;
	--demo) demo=1 nodes=3; shift ;;
	*) echo "usage: $0 [--kernel 6.12] [--nodes 4] [--tests \"NAME ...\"] | --demo" >&2; exit 2 ;;
	esac
done
[[ $nodes =~ ^[0-9]$ ]] && [ "$nodes" -ge 2 ] ||
	{ echo "cluster: --nodes takes 2 to 9" >&2; exit 2; }

# The harness's own setup, unless check.sh did it.
if [ "${PODOL_CLUSTER_NO_SETUP:-0}" != 1 ]; then
	"$TOP/tools/vm/deps.sh" >&2 || exit 1
	make -s -C "$TOP" tools >&2 || exit 1
fi
tests=${tests:-$(make -s -C "$TOP/selftests/cluster" list)}
# shellcheck disable=SC2086 # a list of words
tests=$(for t in $tests; do echo "${t%.sh}.sh"; done | xargs)
# The demo is one result, like a test's, from the job's last line.
[ "$demo" = 1 ] && tests=cluster-demo

n=0 failed=0
# result ok|skip|fail NAME [WHY]: one KTAP line.
result() {
	n=$((n + 1))
	case $1 in
	ok) echo "ok $n $2" ;;
	skip) echo "ok $n $2 # SKIP ${3:-}" ;;
	*) failed=1; echo "not ok $n $2${3:+ # $3}" ;;
	esac
}
echo "KTAP version 1"
# The tests, then the nodes' jobs and their kernel logs.
echo "1..$(($(wc -w <<< "$tests") + 2))"
fail_all() {
	local t
	for t in $tests; do result fail "cluster: $t" "$1"; done
	result fail "cluster: every node ran its job to the end" "$1"
	result fail "cluster: kernel logs free of splats" "$1"
	exit 1
}

kver=$(vm_kver "$sel")
[ -n "$kver" ] || fail_all "no $sel kernel installed"
echo "# cluster of $nodes VMs on $kver"
if ! vm_build_module "$kver"; then
	sed 's/^/# /' "$VM_DIR/$kver/build/build.log"
	fail_all "podol.ko does not build"
fi

# One vCPU each: N VMs share this machine's cores. etcd fits in 768 MB
# with the initramfs (unpacked in RAM); 1024 leaves it room.
VM_SMP=1 VM_MEM=${CLUSTER_MEM:-1024}
# The whole run's time: the tests' timeouts, and the boot of N VMs that
# share the cores (the nodes wait as long for the controller to end
# them; the host kills what is left a minute later).
wait=$(($(sed -n 's/^timeout=//p' "$TOP/selftests/cluster/settings") * $(wc -w <<< "$tests") + 60 * nodes))
tmo=$((wait + 120))
group=239.$(od -An -N3 -tu1 /dev/urandom | awk '{ print $1 "." $2 "." $3 % 254 + 1 }')
port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
echo "# segment: multicast $group:$port on lo"

start=$(date +%s)
names=()
for i in $(seq 1 "$nodes"); do
	# The VM's name is its host name there, which tells it its number.
	name=node$i
	job_args=$nodes,$wait
	if [ "$i" = 1 ] && [ "$demo" = 1 ]; then
		job_args+=",jobs/cluster-demo.sh"
	elif [ "$i" = 1 ]; then
		job_args+=",jobs/cluster-tests.sh,$(tr ' ' , <<< "$tests")"
	fi
	VM_APPEND="${PODOL_VM_APPEND:-}" vm_start "$name" "$kver" jobs/cluster-node.sh "$job_args" \
		"$tmo" "mcast:$group:$port:52:54:00:00:01:0$i" || fail_all "VM node$i could not be made"
	names+=("$name")
done
declare -A vmrc
for name in "${names[@]}"; do
	vm_wait "$name"
	vmrc[$name]=$?
done
echo "# the cluster ran for $(($(date +%s) - start)) s"

out="$VM_DIR/runs/node1/out.log"
sed 's/^/    /' "$out"
splats=$(for name in "${names[@]}"; do vm_splats "$name" | sed "s/^/$name: /"; done)
[ -n "$splats" ] && { echo "# kernel splats:"; sed 's/^/# /' <<< "$splats"; }
for t in $tests; do
	if [ "$demo" = 1 ]; then
		# Not a selftest: the demo's last line says how it went (and the
		# kernel logs' result below covers its splats).
		st=fail why="see the demo's output above"
		grep -q '^demo: everything worked' "$out" && st=ok why=
	else
		IFS=$'\t' read -r st why < <(vm_test_verdict "$out" "$t" \
			"$(sed -E 's/^node[0-9]: //' <<< "$splats")" \
			"the controller ended before the test reported")
	fi
	result "$st" "cluster: $t" "$why"
done
# vm_wait: 0 ran to the end, 124 killed at its timeout, 1 died.
ended=""
for name in "${names[@]}"; do
	case ${vmrc[$name]} in
	0) ;;
	124) ended+=" $name (killed at ${tmo}s)"; continue ;;
	*) ended+=" $name (died)"; continue ;;
	esac
	# The others' jobs fail when the controller never ended them; the
	# controller's status is the tests', counted above.
	[ "$name" = node1 ] || grep -q '^podol-vm: job ends rc=0' "$VM_DIR/runs/$name/out.log" ||
		ended+=" $name (never ended by the controller)"
done
if [ -z "$ended" ]; then
	result ok "cluster: every node ran its job to the end"
else
	result fail "cluster: every node ran its job to the end" "not:$ended"
fi
if [ -z "$splats" ]; then
	result ok "cluster: kernel logs free of splats"
else
	result fail "cluster: kernel logs free of splats"
fi
[ "$failed" = 0 ] || echo "# logs: $VM_DIR/runs/node{1..$nodes}/{out,console}.log"
exit $failed
