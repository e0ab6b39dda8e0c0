#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: runs bench.sh in a VM of the harness on one kernel and
# writes doc/bench/<kernel>/results.{csv,md,png}.
#
#   run.sh [--mode icount|wall] [--kernel 6.12|6.1] [--rounds N]
#          [--seconds S] [--overlays "..."] [--profile "OVERLAY ..."]
#          [--detail "FUNCTION ..."] [--pairs N]
#
# --mode icount (the default): one vCPU under qemu's -icount shift=0,
#   sleep=off, align=off: guest time counts guest instructions (1 ns each)
#   and idle time passes at once, so every figure bench.sh computes from
#   the guest's clock is a cost in instructions, the same whatever the
#   host does. 2 rounds of 1 second (guest time) per test.
# --mode wall: two vCPUs, wall-clock rates, for a machine with KVM;
#   under TCG on a shared machine its figures move by tens of percent.
#   5 rounds of 4 seconds, and the scale pairs.
# --profile prints bench.sh's per-stage table and writes no results;
#   --detail adds each overlay's walk through the functions named.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../vm/vm.sh
. "$TOP/tools/vm/vm.sh"
usage="usage: $0 [--mode icount|wall] [--kernel 6.12|6.1] [--rounds N] [--seconds S] [--overlays \"...\"] [--profile \"...\"] [--detail \"...\"] [--pairs N]"
mode=icount sel=6.12 rounds="" secs="" overlays="" profile="" detail="" pairs=""
while [ $# -gt 0 ]; do
	case $1 in
	--mode) mode=$2; shift 2 ;;
	--kernel) sel=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--seconds) secs=$2; shift 2 ;;
	--overlays) overlays=$2; shift 2 ;;
	--profile) profile=$2; shift 2 ;;
	--detail) detail=$2; shift 2 ;;
	--pairs) pairs=$2; shift 2 ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
done
# bench.sh's OVERLAYS, the default list, written there once
nov=$(wc -w <<< "${overlays:-$(sed -n 's/^OVERLAYS="\(.*\)"$/\1/p' "$TOP/tools/bench/bench.sh")}")
case $mode in
icount)
	rounds=${rounds:-2} secs=${secs:-1} pairs=0
	VM_SMP=1 VM_QEMU_ARGS="-icount shift=0,sleep=off,align=off"
	# Under icount TCG runs this guest about 5 times slower than its
	# clock: 2 rounds of 8 overlays, some 116 guest seconds by the sum
	# below, took 8 minutes here. The limit leaves three times that; the
	# overlay of bench.sh's round 0 is one more.
	tmo=$(( 3 * 5 * ((rounds * nov + 1) * (3 * secs + 3) + 20) + 300 ))
	machine="Debian KVER under qemu TCG -icount shift=0,sleep=off,align=off, 1 vCPU: a nanosecond of guest time is one guest instruction"
	;;
wall)
	rounds=${rounds:-5} secs=${secs:-4} pairs=${pairs:-5}
	tmo=$(( (rounds * nov + 1) * (5 * secs + 25) + pairs * 2 * (2 * secs + 10) + 180 ))
	machine="Debian KVER in qemu TCG, $VM_SMP vCPUs, on $(nproc) host cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
	;;
*) echo "$usage" >&2; exit 2 ;;
esac
"$TOP/tools/vm/deps.sh" >&2 || exit 1
make -s -C "$TOP" tools >&2 || exit 1
kver=$(vm_kver "$sel")
[ -n "$kver" ] || { echo "bench: no $sel kernel" >&2; exit 1; }
vm_build_module "$kver" || { cat "$VM_DIR/$kver/build/build.log" >&2; exit 1; }
echo "bench: $mode mode, $rounds rounds of $nov overlays on $kver, at most ${tmo}s" >&2
args="--mode,$mode,--rounds,$rounds,--seconds,$secs,--pairs,$pairs"
[ -n "$overlays" ] && args+=",--overlays,${overlays// /+}"
[ -n "$profile" ] && args+=",--profile,${profile// /+}"
[ -n "$detail" ] && args+=",--detail,${detail// /+}"
vm_start bench "$kver" jobs/bench.sh "$args" "$tmo"
vm_wait bench
rc=$?
out="$VM_DIR/runs/bench/out.log"
splats=$(vm_splats bench)
[ -n "$splats" ] && { echo "bench: kernel splats:" >&2; echo "$splats" >&2; }
if [ -n "$profile" ]; then
	# The serial port ends lines with CR LF.
	tr -d '\r' < "$out" | grep -E '^# (profile|walk):' | sed -E 's/^# (profile|walk): ?//'
	[ $rc = 0 ] && grep -q '^podol-vm: job ends rc=0' "$out" && [ -z "$splats" ]
	exit
fi
csv=$(mktemp)
tr -d '\r' < "$out" | grep -E '^(round,|[0-9]+,)' > "$csv"
if [ $rc != 0 ] || [ "$(wc -l < "$csv")" -le 1 ]; then
	echo "bench: the VM did not finish (status $rc); its output: $out" >&2
	exit 1
fi
"$TOP/tools/bench/report.sh" "$mode" "$csv" "$TOP/doc/bench/$sel" "${machine/KVER/$kver}"
rc=$?
rm -f "$csv"
[ $rc = 0 ] && [ -z "$splats" ]
