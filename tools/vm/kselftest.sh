#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-kselftest: podol's selftests the way a kernel tree runs
# them. selftests/ is copied to drivers/net/podol in a copy of the
# kernel's selftest framework (Debian's linux-source-6.12), built and
# installed with the kernel's own `make -C tools/testing/selftests
# TARGETS=drivers/net/podol install`, and that install tree is run in a
# VM by run_kselftest.sh, the kernel's runner. Checks what neither
# run_tests.sh nor `make check` does: the Makefile under lib.mk, the
# install's flat layout, the tests marking themselves in the kernel log.
# Prints the runner's output, then KTAP: a result per test (verdicts as
# `make check` gives them, splats included) and one for the kernel log.
#
#   kselftest.sh [--kernel 6.12] [TEST ...]    (default: every test)
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=vm.sh
. "$TOP/tools/vm/vm.sh"

sel=6.12
[ "${1:-}" = --kernel ] && { sel=$2; shift 2; }
tests=()
for t in "$@"; do tests+=("${t%.sh}.sh"); done

"$TOP/tools/vm/deps.sh" >&2 || { echo "kselftest: installing dependencies failed" >&2; exit 1; }
make -s -C "$TOP" tools >&2 || { echo "kselftest: building the tools failed" >&2; exit 1; }
[ ${#tests[@]} = 0 ] && read -r -a tests <<< "$(make -s -C "$TOP/selftests" list)"

kver=$(vm_kver "$sel")
[ -n "$kver" ] || { echo "kselftest: no $sel kernel" >&2; exit 1; }
vm_build_module "$kver" || { cat "$VM_DIR/$kver/build/build.log" >&2; exit 1; }

install=$(vm_ksft_install "$VM_DIR/kselftest/work") || exit 1

name=kselftest-$sel
tmo=$(( $(sed -n 's/^timeout=//p' "$TOP/selftests/settings") * ${#tests[@]} + 120 ))
since=$(date +%s)
VM_KSFT=$install vm_start "$name" "$kver" jobs/kselftest.sh \
	"$(IFS=,; echo "${tests[*]}")" "$tmo" || exit 1
vm_wait "$name"
vmrc=$?
out=$VM_DIR/runs/$name/out.log
sed 's/^/# /' "$out"
splats=$(vm_splats "$name")
[ -n "$splats" ] && { echo "# kernel log has splats:"; sed 's/^/# /' <<< "$splats"; }
why="VM ended before the test reported"
[ "$vmrc" = 124 ] && why="VM killed at its ${tmo}s timeout"

echo "KTAP version 1"
echo "1..$(( ${#tests[@]} + 1 ))"
n=0 rc=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	IFS=$'\t' read -r st dir <<< "$(vm_test_verdict "$out" "$t" "$splats" "$why")"
	case $st in
	ok) echo "ok $n $sel kselftest: $t" ;;
	skip) echo "ok $n $sel kselftest: $t # SKIP $dir" ;;
	*) echo "not ok $n $sel kselftest: $t${dir:+ # $dir}"; rc=1 ;;
	esac
done
n=$((n + 1))
if [ -z "$splats" ] && grep -q 'podol-vm: job .* begins' "$VM_DIR/runs/$name/console.log"; then
	echo "ok $n $sel kselftest: kernel log free of splats"
else
	echo "not ok $n $sel kselftest: kernel log free of splats"; rc=1
fi
echo "# the VM took $(( $(date +%s) - since ))s"
exit $rc
