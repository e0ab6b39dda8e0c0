#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: runs bench.sh in a VM of the harness (2 vCPUs, TCG) on one
# kernel and writes doc/bench/<kernel>/results.{csv,md,png}.
#
#   run.sh [--kernel 6.12|6.1] [--rounds N] [--seconds S] [--overlays "..."]
#          [--profile "OVERLAY ..."] [--pairs N]
# --profile prints bench.sh's perf profiles and writes no results.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../vm/vm.sh
. "$TOP/tools/vm/vm.sh"
sel=6.12 rounds=5 secs=4 overlays="" profile="" pairs=5
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) sel=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--seconds) secs=$2; shift 2 ;;
	--overlays) overlays=$2; shift 2 ;;
	--profile) profile=$2; shift 2 ;;
	--pairs) pairs=$2; shift 2 ;;
	*) echo "usage: $0 [--kernel 6.12|6.1] [--rounds N] [--seconds S] [--overlays \"...\"] [--profile \"...\"] [--pairs N]" >&2; exit 2 ;;
	esac
done
"$TOP/tools/vm/deps.sh" >&2 || exit 1
make -s -C "$TOP" tools >&2 || exit 1
kver=$(vm_kver "$sel")
[ -n "$kver" ] || { echo "bench: no $sel kernel" >&2; exit 1; }
vm_build_module "$kver" || { cat "$VM_DIR/$kver/build/build.log" >&2; exit 1; }
tmo=$(( rounds * 8 * (5 * secs + 25) + pairs * 2 * (2 * secs + 10) + 180 ))
echo "bench: $rounds rounds of 8 overlays and $pairs scale pairs on $kver, at most ${tmo}s" >&2
args="--rounds,$rounds,--seconds,$secs,--pairs,$pairs"
[ -n "$overlays" ] && args+=",--overlays,${overlays// /+}"
[ -n "$profile" ] && args+=",--profile,${profile// /+}"
vm_start bench "$kver" jobs/bench.sh "$args" "$tmo"
vm_wait bench
rc=$?
out="$VM_DIR/runs/bench/out.log"
splats=$(vm_splats bench)
[ -n "$splats" ] && { echo "bench: kernel splats:" >&2; echo "$splats" >&2; }
if [ -n "$profile" ]; then
	grep '^# profile:' "$out"
	[ -z "$splats" ]
	exit
fi
csv=$(mktemp)
# The serial port ends lines with CR LF.
tr -d '\r' < "$out" | grep -E '^(round,|[0-9]+,)' > "$csv"
if [ $rc != 0 ] || [ "$(wc -l < "$csv")" -le 1 ]; then
	echo "bench: the VM did not finish (status $rc); its output: $out" >&2
	exit 1
fi
machine="Debian $kver in qemu TCG, 2 vCPUs, on $(nproc) host cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
"$TOP/tools/bench/report.sh" "$csv" "$TOP/doc/bench/$sel" "$machine"
rm -f "$csv"
[ -z "$splats" ]
