#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs podol's selftests, all of TEST_PROGS in the Makefile or those
# named, each under the timeout in settings, and prints KTAP the way
# kselftest's runner does. Each test's start and end are written to the
# kernel log, so a splat can be traced to the test that caused it.
#
# It runs the suite of the directory it is in, as found by $0: cluster/
# has a link to it, and a mark.sh, which writes the markers to the
# kernel log of every machine its tests span.
cd "$(dirname "$0")" || exit 1

# PODOL_TIMEOUT_SCALE: a slower kernel (the harness's debug kernel, with
# KASAN and lockdep) gets proportionally longer.
timeout=$(( $(sed -n 's/^timeout=//p' settings) * ${PODOL_TIMEOUT_SCALE:-1} ))
if [ $# -gt 0 ]; then
	tests=("$@")
else
	# TEST_PROGS := a b \ (continued) c
	read -r -a tests <<< "$(awk '/^TEST_PROGS/ { on = 1 }
		on { sub(/^TEST_PROGS *:= */, ""); line = $0; sub(/\\$/, "", line);
		     printf "%s ", line; if ($0 !~ /\\$/) exit }' Makefile)"
fi

kmsg() {
	if [ -x ./mark.sh ]; then ./mark.sh "$*"; else echo "$*" > /dev/kmsg; fi 2> /dev/null
}

# On a kernel with kmemleak (the debug tier), each test ends with a scan
# whose report goes to the kernel log inside that test's markers, so the
# harness blames the leak on it. kmemleak reports only objects older than
# 5 s, hence the wait; the report is cleared after, so one leak fails one
# test.
KMEMLEAK=/sys/kernel/debug/kmemleak
kmemleak_scan() {
	local report
	[ -w "$KMEMLEAK" ] || return 0
	sleep 6
	echo scan > "$KMEMLEAK"
	echo scan > "$KMEMLEAK"
	report=$(cat "$KMEMLEAK")
	if [ -n "$report" ]; then
		echo "$report" | sed 's/^/# kmemleak: /'
		while IFS= read -r line; do kmsg "kmemleak: $line"; done <<< "$report"
	fi
	echo clear > "$KMEMLEAK"
}
# What boot left behind is not podol's.
[ -w "$KMEMLEAK" ] && echo clear > "$KMEMLEAK"

echo "TAP version 13"
echo "1..${#tests[@]}"
n=0 rc_all=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	echo "# timeout set to $timeout"
	echo "# selftests: podol: $t"
	if [ ! -x "./$t" ]; then
		echo "not ok $n selftests: podol: $t # no such test"
		rc_all=1
		continue
	fi
	kmsg "podol-selftest: begin $t"
	timeout -k 10 "$timeout" "./$t" 2>&1 | sed 's/^/# /'
	rc=${PIPESTATUS[0]}
	kmemleak_scan
	kmsg "podol-selftest: end $t"
	case $rc in
	0) echo "ok $n selftests: podol: $t" ;;
	4) echo "ok $n selftests: podol: $t # SKIP" ;;
	124) echo "not ok $n selftests: podol: $t # TIMEOUT $timeout seconds"; rc_all=1 ;;
	*) echo "not ok $n selftests: podol: $t # exit=$rc"; rc_all=1 ;;
	esac
done
exit $rc_all
