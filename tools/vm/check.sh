#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: installs what is missing, then checks podol on this machine
# (lint, the Debian packages with DKMS, the docs and tools) and in qemu
# VMs, one per kernel (podol.ko built with W=1,
# loaded there, the selftests run inside), and the two-VM demo on Debian's
# 6.1 and 6.12. The kernels: Debian's 6.1, 6.12 and 6.12 PREEMPT_RT, and
# "debug", a 6.12 with KASAN, UBSAN, lockdep and kmemleak that
# debug-kernel.sh builds (make check-debug runs that one alone). After
# Debian's kernels, when 6.12 is among them, the cluster tests once, on
# 6.12 (cluster.sh: four VMs on one segment; not with --tests or
# --no-cluster); the debug kernel comes last.
# Prints KTAP and ends with "N passed, N failed, N skipped".
#
#   check.sh [--kernels "6.1 6.12 6.12-rt debug"] [--tests "name ..."] [--no-host]
#            [--no-cluster]
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=vm.sh
. "$TOP/tools/vm/vm.sh"

KERNELS="6.1 6.12 6.12-rt debug"
TESTS=""
HOST=1
CLUSTER=1
while [ $# -gt 0 ]; do
	case $1 in
	--kernels) KERNELS=$2; shift 2 ;;
	--tests) TESTS=$2; HOST=0; CLUSTER=0; shift 2 ;;
	--no-host) HOST=0; shift ;;
	--no-cluster) CLUSTER=0; shift ;;
	*) echo "usage: $0 [--kernels \"6.1 6.12 6.12-rt debug\"] [--tests \"NAME ...\"] [--no-host] [--no-cluster]" >&2; exit 2 ;;
	esac
done

start=$(date +%s)
# The debug kernel is built (once; then it is cached) in the background,
# at the lowest priority, from as soon as what its build needs is
# installed: it takes the CPU that apt's installs of the rest, the host
# checks and the VMs before its turn leave idle, and its own turn waits
# for it (debug-kernel.sh takes a lock). Its session is its own, so that
# an interruption can kill it whole; where the scheduler groups
# processes by session (autogroup), that group gets as much CPU as all
# the rest together whatever its processes' nice, so the group itself is
# niced.
if [[ " $KERNELS " == *" debug "* ]]; then
	"$TOP/tools/vm/deps.sh" debug-kernel >&2 ||
		{ echo "check: installing the debug kernel's build dependencies failed" >&2; exit 1; }
	mkdir -p "$VM_DIR"
	setsid bash -c 'echo 19 > /proc/self/autogroup 2> /dev/null; exec nice -n 19 "$0"' \
		"$TOP/tools/vm/debug-kernel.sh" > /dev/null 2> "$VM_DIR/debug-build.log" &
	debug_build=$!
	# Interrupted, the run takes the build (its own process group) along,
	# stopped or not.
	trap 'kill -- -$debug_build 2> /dev/null; kill -CONT -- -$debug_build 2> /dev/null' EXIT
fi
# build_pause STOP|CONT: stops the debug kernel's build, or lets it go on
# (nothing when it is not running).
build_pause() {
	[ -n "${debug_build:-}" ] && kill "-$1" -- "-$debug_build" 2> /dev/null
	true
}
"$TOP/tools/vm/deps.sh" >&2 || { echo "check: installing dependencies failed" >&2; exit 1; }
make -s -C "$TOP" tools >&2 || { echo "check: building the tools failed" >&2; exit 1; }

ALL_TESTS=$(make -s -C "$TOP/selftests" list)
TESTS=${TESTS:-$ALL_TESTS}
# with_sh NAME...: "overlay_ping" stands for "overlay_ping.sh".
with_sh() { for t in "$@"; do echo "${t%.sh}.sh"; done | xargs; }
# shellcheck disable=SC2086 # lists of words
TESTS=$(with_sh $TESTS)
# DEBUG_TESTS, RT_TESTS and OLD_TESTS (environment): the tests for the
# debug, the PREEMPT_RT and the 6.1 kernel, when not all of them (CI's
# time limit).
# shellcheck disable=SC2086
DEBUG_TESTS=$(with_sh ${DEBUG_TESTS:-$TESTS})
# shellcheck disable=SC2086
RT_TESTS=$(with_sh ${RT_TESTS:-$TESTS})
# shellcheck disable=SC2086
OLD_TESTS=$(with_sh ${OLD_TESTS:-$TESTS})
# KSFT_KERNELS (environment): the kernels whose VMs run their tests under
# kselftest's runner (run_kselftest.sh) from the install a kernel tree
# makes of selftests/, not under run_tests.sh: 6.1 unless told.
KSFT_KERNELS=${KSFT_KERNELS-6.1}
# tests_for SELECTOR: the tests that kernel runs.
tests_for() {
	case $1 in
	debug) echo "$DEBUG_TESTS" ;;
	6.12-rt) echo "$RT_TESTS" ;;
	6.1) echo "$OLD_TESTS" ;;
	*) echo "$TESTS" ;;
	esac
}
# RT_SIZES and OLD_SIZES (environment): NAME=VALUE words that the
# PREEMPT_RT and the 6.1 kernel's VMs pass to their tests, to run some
# smaller (CI's time limit: fewer fuzzed packets, say).
sizes_for() {
	case $1 in
	6.12-rt) echo "${RT_SIZES:-}" ;;
	6.1) echo "${OLD_SIZES:-}" ;;
	esac
}
VM_TIMEOUT=$(( $(sed -n 's/^timeout=//p' "$TOP/selftests/settings") * $(wc -w <<< "$TESTS") + 120 ))

n=0 passed=0 failed=0 skipped=0
mem=$VM_MEM
DEBUG_SCALE=4
# One VM: two debug VMs side by side (2 vCPUs each) ran each test 2.2 to
# 2.6 times slower than one alone, more than the second core gave back.
DEBUG_VMS=${DEBUG_VMS:-1}
# The debug kernel's tests run smaller, as RT_SIZES and OLD_SIZES make
# theirs, whatever the list of tests:
# - the packet fuzzer sends 1,000,000 packets on Debian's kernels, at
#   15,000-25,000 a second; the debug kernel takes about 1,000 a second,
#   and sends 50,000;
# - churn_load's node operations: Debian's kernels do some 3,000 a
#   second, the debug kernel about 90; its traffic runs
#   DEBUG_CHURN_TRAFFIC seconds in each of 8 phases;
# - each fill and teardown of table_memcg's 65,536 nodes takes 90 s
#   there (1 s on Debian's), and dev_dump's churn of 150 device adds and
#   deletes minutes: a quarter of the table, and 140 devices; and a sixth
#   of netlink_fuzz's 3,000 mutations.
DEBUG_CHURN_OPS=${DEBUG_CHURN_OPS:-1500}
DEBUG_CHURN_TRAFFIC=${DEBUG_CHURN_TRAFFIC:-48}
DEBUG_SIZES=(PODOL_FUZZ_PACKETS=50000 PODOL_CHURN_OPS="$DEBUG_CHURN_OPS"
	PODOL_CHURN_TRAFFIC="$DEBUG_CHURN_TRAFFIC" PODOL_MEMCG_NODES=16384
	PODOL_DUMP_DEVICES=140 PODOL_NLFUZZ_COUNT=500)
# result STATUS NAME [DIRECTIVE]: one top-level KTAP line.
result() {
	n=$((n + 1))
	case $1 in
	ok) passed=$((passed + 1)); echo "ok $n $2" ;;
	skip) skipped=$((skipped + 1)); echo "ok $n $2 # SKIP ${3:-}" ;;
	*) failed=$((failed + 1)); echo "not ok $n $2${3:+ # $3}" ;;
	esac
}
# indent: a nested KTAP document or a log, under the line it belongs to.
indent() { sed 's/^/    /'; }

# The demo runs on the kernels users run it on, of those this run has.
# DEMO_KERNELS (environment): fewer of them (CI's time limit).
DEMO_KERNELS=$(for k in ${DEMO_KERNELS-6.1 6.12}; do
	case " $KERNELS " in *" $k "*) echo "$k" ;; esac
done)

# The cluster suite runs on 6.12 only: it boots four VMs.
[[ " $KERNELS " == *" 6.12 "* ]] || CLUSTER=0

echo "KTAP version 1"
plan=0
# decodes_captures SELECTOR: that kernel runs overlay_ping, whose
# captures tshark then decodes with podol's dissector (a result more).
decodes_captures() { [[ " $(tests_for "$1") " == *" overlay_ping.sh "* ]]; }
for sel in $KERNELS; do
	plan=$((plan + 2 + $(tests_for "$sel" | wc -w)))
	decodes_captures "$sel" && plan=$((plan + 1))
done
# The host checks: tools/check/NAME.sh each.
HOST_CHECKS="checkpatch sparse deb libpodol podold-parse etcd completion manpages ynl wireshark"
[ "$HOST" = 1 ] && plan=$((plan + $(wc -w <<< "$HOST_CHECKS $DEMO_KERNELS")))
# cluster.sh's results: a test each, its nodes' jobs, their kernel logs.
# CLUSTER_TESTS (environment): the cluster tests, when not all of them
# (CI's time limit).
CLUSTER_TESTS=${CLUSTER_TESTS:-$(make -s -C "$TOP/selftests/cluster" list)}
# CLUSTER_SIZES (environment): NAME=VALUE words the cluster's VMs pass
# to its tests, as RT_SIZES does.
[ "$CLUSTER" = 1 ] && plan=$((plan + 2 + $(wc -w <<< "$CLUSTER_TESTS")))
echo "1..$plan"

# phase_took NAME SINCE: how long a part of the run took, for CI's budget.
phase_took() { echo "# $1 took $(( $(date +%s) - $2 ))s"; }

if [ "$HOST" = 1 ]; then
	since=$(date +%s)
	for c in $HOST_CHECKS; do
		if out=$("$TOP/tools/check/$c.sh" 2>&1); then
			result ok "host: $c"
		else
			rc=$?
			indent <<< "$out"
			if [ $rc = 4 ]; then result skip "host: $c" "$(tail -n1 <<< "$out")"; else result fail "host: $c"; fi
		fi
	done
	phase_took "host checks" "$since"
fi

# Two kernels' VMs run side by side (their tests hold with another job on
# a core): run_kernel writes its results as records that replay turns
# into KTAP lines, numbered, in the kernels' order.
# record STATUS NAME [DIRECTIVE]: a result, for replay.
record() { printf '@@result\t%s\t%s\t%s\n' "$1" "$2" "${3:-}"; }
# replay FILE: the lines run_kernel wrote, its records as results.
replay() {
	local line st name dir
	while IFS= read -r line; do
		if [[ $line == @@result$'\t'* ]]; then
			IFS=$'\t' read -r _ st name dir <<< "$line"
			result "$st" "$name" "$dir"
		else
			printf '%s\n' "$line"
		fi
	done < "$1"
}

# shard I N WORD...: the words at I, I + N, I + 2N... (1-based), so that
# N VMs share a list evenly.
shard() {
	local i=$1 n=$2 k=0 w
	shift 2
	for w in "$@"; do
		[ $((k++ % n + 1)) = "$i" ] && echo "$w"
	done | xargs
}

# run_kernel SELECTOR: podol.ko built for that kernel, its tests in a VM,
# or for the debug kernel in DEBUG_VMS VMs side by side (the tests
# shared out in turn).
run_kernel() {
	local sel=$1 ktests kver name scale tmo vmrc out splats t why st dir
	local vms=1 i part name_base names=() all_splats="" reached=1 pcap_log=
	local decoded="$sel: overlay_ping's captures, decoded by tshark"
	ktests=$(tests_for "$sel")
	# fail_the_rest WHY: the kernel's tests, its log and its captures'
	# decoding, all failed for one reason that stopped them.
	fail_the_rest() {
		for t in $ktests; do record fail "$sel: $t" "$1"; done
		record fail "$sel: kernel log free of splats" "$1"
		decodes_captures "$sel" && record fail "$decoded" "$1"
	}
	kver=$(vm_kver "$sel")
	if [ -z "$kver" ]; then
		record fail "$sel: build podol.ko with W=1, no warnings" "no $sel kernel installed or built"
		fail_the_rest "no kernel"
		return
	fi
	echo "# kernel $sel: $kver"
	if ! vm_build_module "$kver" || [ -n "$(vm_build_warnings "$kver")" ]; then
		indent < "$VM_DIR/$kver/build/build.log"
		record fail "$sel: build podol.ko with W=1, no warnings"
		fail_the_rest "no module"
		return
	fi
	record ok "$sel: build podol.ko with W=1, no warnings"

	# KSFT_KERNELS: the kernels whose tests run as a kernel tree runs
	# them, under the kernel's own runner from kselftest's install.
	local job=jobs/selftests.sh ksft=
	if [[ " $KSFT_KERNELS " == *" $sel "* ]]; then
		echo "# kernel $sel: the selftests run under run_kselftest.sh, from the install a kernel tree makes"
		mkdir -p "$VM_DIR/kselftest"
		if ! ksft=$(vm_ksft_install "$VM_DIR/kselftest/$sel" 2> "$VM_DIR/kselftest/$sel.log"); then
			indent < "$VM_DIR/kselftest/$sel.log"
			fail_the_rest "kselftest's install failed"
			return
		fi
		job=jobs/kselftest.sh
	fi

	name_base="selftests-$sel"
	# The debug kernel runs several times slower than Debian's: each
	# test's timeout is scaled. KASAN's shadow and kmemleak's pool need
	# room of their own.
	scale=1 VM_MEM=$mem
	case $kver in *-podol-debug) scale=$DEBUG_SCALE VM_MEM=2048 ;; esac
	# tsc=reliable: the TSC is qemu's. When the host takes a vCPU away,
	# the clocksource watchdog would call it unstable and log so, and
	# tests that want a kernel log with nothing unexplained would fail.
	VM_APPEND="tsc=reliable PODOL_TIMEOUT_SCALE=$scale"
	[ "$scale" != 1 ] && VM_APPEND+=" ${DEBUG_SIZES[*]}"
	VM_APPEND+=" $(sizes_for "$sel")"
	# FAST_KERNELS (environment): the kernels whose selftests run with
	# podol's fast path on (selftests/lib.sh, PODOL_FAST).
	if [[ " ${FAST_KERNELS:-} " == *" $sel "* ]]; then
		VM_APPEND+=" PODOL_FAST=1"
		echo "# kernel $sel: the selftests' devices run the fast path"
	fi
	# DIRECT_KERNELS (environment): those whose selftests' devices take
	# the direct paths (PODOL_DIRECT).
	if [[ " ${DIRECT_KERNELS:-} " == *" $sel "* ]]; then
		VM_APPEND+=" PODOL_DIRECT=1"
		echo "# kernel $sel: the selftests' devices take the direct paths"
	fi
	# By hand: more kernel arguments, e.g. PODOL_VM_APPEND=possible_cpus=64.
	VM_APPEND+=" ${PODOL_VM_APPEND:-}"
	tmo=$((VM_TIMEOUT * scale))
	[ "$scale" != 1 ] && vms=$DEBUG_VMS
	local -A verdict parts
	local none=$'fail\tno VM ran it'
	for i in $(seq "$vms"); do
		# shellcheck disable=SC2086 # a list of words
		part=$(shard "$i" "$vms" $ktests)
		[ -n "$part" ] || continue
		name=$name_base
		[ "$vms" = 1 ] || name+="-$i"
		if VM_KSFT=$ksft vm_start "$name" "$kver" "$job" "$(tr ' ' , <<< "$part")" "$tmo"; then
			names+=("$name")
			parts[$name]=$part
		else
			for t in $part; do verdict[$t]=$'fail\tthe VM could not be made'; done
			reached=0
		fi
	done
	for name in "${names[@]}"; do
		vm_wait "$name"
		vmrc=$?
		out="$VM_DIR/runs/$name/out.log"
		indent < "$out"
		splats=$(vm_splats "$name")
		all_splats+=${splats:+$splats$'\n'}
		[ -n "$splats" ] && { echo "# kernel log of $sel ($name) has splats:"; sed 's/^/# /' <<< "$splats"; }
		case $vmrc in
		124) why="VM killed at its ${tmo}s timeout" ;;
		*) why="VM ended before the test reported" ;;
		esac
		for t in ${parts[$name]}; do
			verdict[$t]=$(vm_test_verdict "$out" "$t" "$splats" "$why")
		done
		[[ " ${parts[$name]} " == *" overlay_ping.sh "* ]] && pcap_log=$out
		grep -q 'podol-vm: job .* begins' "$VM_DIR/runs/$name/console.log" 2>/dev/null || reached=0
	done
	for t in $ktests; do
		IFS=$'\t' read -r st dir <<< "${verdict[$t]:-$none}"
		record "$st" "$sel: $t" "$dir"
	done
	if [ "$reached" = 0 ]; then
		record fail "$sel: kernel log free of splats" "a VM never reached its job"
	elif [ -z "$all_splats" ]; then
		record ok "$sel: kernel log free of splats"
	else
		record fail "$sel: kernel log free of splats"
	fi
	decodes_captures "$sel" && record_decoded "$decoded" "$pcap_log"
}

# record_decoded NAME LOG: the captures overlay_ping wrote into LOG, its
# VM's output, read by tshark with podol's dissector (a host check, in
# the mode that reads a VM's output).
record_decoded() {
	local out rc
	if [ -z "$2" ]; then
		record fail "$1" "no VM ran overlay_ping"
		return
	fi
	out=$("$TOP/tools/check/wireshark.sh" --vm-log "$2" 2>&1)
	rc=$?
	indent <<< "$out"
	case $rc in
	0) record ok "$1" ;;
	4) record skip "$1" "$(tail -n1 <<< "$out")" ;;
	*) record fail "$1" ;;
	esac
}

# The cluster tests, once: their results are cluster.sh's, renumbered.
run_cluster() {
	local since line name why
	since=$(date +%s)
	while IFS= read -r line; do
		if [[ $line =~ ^(not\ )?ok\ [0-9]+\ (.*)$ ]]; then
			name=${BASH_REMATCH[2]}
			if [ -n "${BASH_REMATCH[1]}" ]; then
				why=; [[ $name == *" # "* ]] && why=${name#* # }
				result fail "6.12: ${name%% # *}" "$why"
			elif [[ $name == *" # SKIP"* ]]; then
				result skip "6.12: ${name%% # *}" "${name#* # SKIP }"
			else
				result ok "6.12: $name"
			fi
		elif [[ $line != "KTAP version"* ]] && [[ $line != 1..* ]]; then
			echo "    $line"
		fi
	done < <(PODOL_CLUSTER_NO_SETUP=1 PODOL_VM_APPEND="${CLUSTER_SIZES:-} ${PODOL_VM_APPEND:-}" \
			"$TOP/tools/vm/cluster.sh" --kernel 6.12 \
			--tests "$CLUSTER_TESTS" 2>&1)
	phase_took cluster "$since"
}

# The two-VM Day-2 demo on each kernel: two VMs joined by a virtual link.
# Its results are records, as it runs in a lane.
run_demos() {
	local sel since out
	for sel in $DEMO_KERNELS; do
		since=$(date +%s)
		if out=$(PODOL_DEMO_NO_SETUP=1 "$TOP/tools/vm/demo.sh" --kernel "$sel" 2>&1); then
			indent <<< "$out"
			record ok "$sel: two-VM demo (ping, iperf3 both ways, captures)"
		else
			indent <<< "$out"
			record fail "$sel: two-VM demo (ping, iperf3 both ways, captures)"
		fi
		phase_took "$sel demo" "$since"
	done
}

# run_lanes "WORD..." "WORD...": two lanes side by side, each running its
# kernels in turn ("demos": the demos), their results replayed after,
# the first lane's first.
lanes=$(mktemp -d)
run_lanes() {
	local i=0 lane sel since pids=()
	for lane in "$@"; do
		i=$((i + 1))
		[ -n "$lane" ] || continue
		(
			for sel in $lane; do
				if [ "$sel" = demos ]; then
					run_demos
					continue
				fi
				since=$(date +%s)
				run_kernel "$sel"
				phase_took "$sel" "$since"
			done
		) > "$lanes/$i" 2>&1 &
		pids+=($!)
	done
	# not a bare wait: the debug kernel's build is a job of this shell too
	[ ${#pids[@]} = 0 ] || wait "${pids[@]}"
	for i in $(seq $#); do
		[ -f "$lanes/$i" ] && replay "$lanes/$i"
		rm -f "$lanes/$i"
	done
}

# Debian's kernels first, in two lanes: 6.12, which runs every test, in
# one; the others and then the demos in the other. Then the cluster,
# alone, the debug kernel's build stopped meanwhile: its etcd members
# must not starve. Then the debug kernel, whose build has had the CPU
# the rest left idle until then, and now has both cores; its tests run
# in two VMs side by side.
lane1="" lane2=""
for sel in $KERNELS; do
	case $sel in
	debug) ;;
	6.12) lane1=6.12 ;;
	*) lane2+=" $sel" ;;
	esac
done
[ "$HOST" = 1 ] && [ -n "$DEMO_KERNELS" ] && lane2+=" demos"
# Without 6.12, lane 1 takes the first of the others.
if [ -z "$lane1" ]; then
	read -r lane1 lane2 <<< "$lane2"
	[ "$lane1" = demos ] && { lane1=""; lane2=demos; }
fi
run_lanes "$lane1" "${lane2# }"
if [ "$CLUSTER" = 1 ]; then
	# Even at nice 19 the build took the cluster from 12 minutes to
	# 24: its etcd members, agents and remote commands wait on CPU
	# time in bursts, and a compiler beside them slows every qemu.
	build_pause STOP
	run_cluster
	build_pause CONT
fi
[[ " $KERNELS " == *" debug "* ]] && run_lanes debug
rm -rf "$lanes"

echo "# make check took $(( $(date +%s) - start ))s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
