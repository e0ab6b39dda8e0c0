#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench-podold: podold's scale benchmark (jobs/podold-scale.sh) in a
# VM of one vCPU on Debian's 6.12, its figures printed.
#   run.sh [--kernel 6.12|6.1] [SIZE...]
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=../../vm/vm.sh
. "$TOP/tools/vm/vm.sh"

sel=6.12
if [ "${1:-}" = --kernel ]; then sel=$2; shift 2; fi
sizes=${*:-1000 10000}
"$TOP/tools/vm/deps.sh" >&2 || exit 1
make -s -C "$TOP" tools >&2 || exit 1
kver=$(vm_kver "$sel")
[ -n "$kver" ] || { echo "bench-podold: no $sel kernel installed" >&2; exit 1; }
vm_build_module "$kver" || { cat "$VM_DIR/$kver/build/build.log" >&2; exit 1; }
VM_SMP=1 VM_MEM=2048 VM_APPEND="PODOL_SCALE_SIZES=${sizes// /_}" \
	vm_start podold-scale "$kver" jobs/podold-scale.sh "" 1800
vm_wait podold-scale
rc=$?
grep -v '^podol-vm:' "$VM_DIR/runs/podold-scale/out.log"
splats=$(vm_splats podold-scale)
[ -n "$splats" ] && { echo "kernel splats:"; echo "$splats"; rc=1; }
grep -q '^not ok' "$VM_DIR/runs/podold-scale/out.log" && rc=1
exit $rc
