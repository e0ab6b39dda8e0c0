#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs podol's selftests, all of TEST_PROGS in the Makefile or those
# named, each under the timeout in settings, and prints KTAP the way
# kselftest's runner does. Each test writes its own start and end to the
# kernel log (lib.sh), so kselftest's runner gets them too.
#
# It runs the suite of the directory it is in, as found by $0: cluster/
# has a link to it.
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
	since=$SECONDS
	timeout -k 10 "$timeout" "./$t" 2>&1 | sed 's/^/# /'
	rc=${PIPESTATUS[0]}
	# what each test costs, for CI's time budget
	echo "# $t took $((SECONDS - since))s"
	case $rc in
	0) echo "ok $n selftests: podol: $t" ;;
	4) echo "ok $n selftests: podol: $t # SKIP" ;;
	124) echo "not ok $n selftests: podol: $t # TIMEOUT $timeout seconds"; rc_all=1 ;;
	*) echo "not ok $n selftests: podol: $t # exit=$rc"; rc_all=1 ;;
	esac
done
exit $rc_all
