#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sparse (make C=2) over the module, against every kernel `make check`
# builds for; any sparse message about podol's own files fails.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tools/vm/vm.sh"
command -v sparse > /dev/null || { echo "sparse is not installed"; exit 4; }
rc=0
for sel in 6.1 6.12; do
	kver=$(vm_kver "$sel")
	[ -n "$kver" ] || { echo "no $sel kernel"; rc=1; continue; }
	d="$VM_DIR/$kver/sparse"
	rm -rf "$d"
	mkdir -p "$d"
	cp -a "$TOP/Kbuild" "$TOP/module" "$TOP/include" "$d/"
	out=$(make -C "/lib/modules/$kver/build" M="$d" C=2 modules 2>&1)
	# The path is matched as a string: kernel versions hold "+".
	msgs=$(grep -E ': (warning|error):' <<< "$out" | grep -F -e "$d/module/" -e "$d/include/")
	if [ -n "$msgs" ] || ! grep -q ' CHECK ' <<< "$out"; then
		echo "$kver:"
		echo "${msgs:-sparse did not run:$(tail -n5 <<< "$out")}"
		rc=1
	fi
done
exit $rc
