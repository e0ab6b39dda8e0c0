#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The device dump (genl PODOL_CMD_DEV_GET with NLM_F_DUMP) over 200
# devices, which it sends in several parts. It resumes by ifindex, so a
# device added or deleted between two parts neither repeats nor hides
# another, and it flags such a dump NLM_F_DUMP_INTR. podol_nl dump prints
# the ifindexes, then "intr 0|1"; its COMMAND runs between the parts.
#
# PODOL_DUMP_DEVICES (200) changes the number of devices, and the churn
# under the dumps with it (three adds and deletes for four devices). A
# dump's first part holds 105 devices: 140 still make two parts, and
# the debug kernel, where the churn takes minutes, runs that many.
. "$(dirname "$0")/lib.sh"
require_podol
[ -x "$PODOL_NL" ] || skip_all "helpers/podol_nl is not built"

ALL_TESTS="devices_created quiet_dump deleted_mid_dump added_mid_dump
	dumps_during_churn quiet_after_churn"

env_count N PODOL_DUMP_DEVICES 200 1000
CHURN=$((N * 3 / 4))
dump=/tmp/$PFX.dump
all=/tmp/$PFX.all
trap '_cleanup; rm -f "$dump" "$all" "/tmp/$PFX.churn"' EXIT

# ifindexes: the podol devices' ifindexes, ascending, one a line.
ifindexes() { at d ip -o link show type podol | awk -F': ' '{ print $1 }' | sort -n; }
# dumped FILE: the ifindexes a dump printed, in its order.
dumped() { grep -E '^[0-9]+$' "$1"; }
# intr FILE: 1 if the dump was flagged NLM_F_DUMP_INTR.
intr() { sed -n 's/^intr //p' "$1"; }
# ascending FILE: every ifindex once, in ascending order.
ascending() { dumped "$1" | awk 'NR > 1 && $1 <= prev { print "not ascending: " prev " then " $1; bad = 1 } { prev = $1 } END { exit bad }'; }
# covers FILE EXPECTED: every ifindex of EXPECTED (a file) is in the dump.
covers() {
	local missing
	missing=$(dumped "$1" | grep -Fxvf - "$2")
	[ -z "$missing" ] || { echo "missing: ${missing//$'\n'/ }"; return 1; }
}

devices_created() {
	ifindexes > "$all"
	check "$N devices are created" test "$(wc -l < "$all")" = $N
}

# With no change: every device once, ascending, not flagged; the marker
# that the pause command prints shows that the dump came in parts.
quiet_dump_results() { echo 2; }
parts_unflagged() {
	[ "$(intr "$dump")" = 0 ] && sed -n '/^part$/,$p' "$dump" | grep -qE '^[0-9]+$'
}
quiet_dump() {
	ifindexes > "$all"
	at d "$PODOL_NL" dump "echo part" > "$dump"
	diag "its first part held $(sed '/^part$/q' "$dump" | grep -cE '^[0-9]+$') of $N devices"
	check "a quiet dump lists every device exactly once, in ifindex order" \
		diff <(dumped "$dump") "$all"
	check "a quiet dump spans several parts and is not flagged" parts_unflagged
}

# A device already sent is deleted between two parts: a dump resuming by
# position would skip one that was not sent yet.
deleted_mid_dump_results() { echo 3; }
deleted_mid_dump() {
	local first
	ifindexes > "$all"
	first=$(at d cat /sys/class/net/podol1/ifindex)
	at d "$PODOL_NL" dump "ip link del podol1" > "$dump"
	check "a device deleted mid-dump hides no other" covers "$dump" "$all"
	check "... every device once, ascending" ascending "$dump"
	check "... and the dump is flagged NLM_F_DUMP_INTR" test "$(intr "$dump")" = 1
	diag "podol1 had ifindex $first"
}

# A device is added mid-dump (podol1, which deleted_mid_dump removed:
# alone, this check removes it first).
added_ok() { covers "$dump" "$all" && ascending "$dump" && [ "$(intr "$dump")" = 1 ]; }
added_mid_dump() {
	at d ip link del podol1 2> /dev/null
	ifindexes > "$all"
	at d "$PODOL_NL" dump "ip link add podol1 type podol port 7001" > "$dump"
	check "a device added mid-dump: the others once each, ascending, flagged" added_ok
}

# Devices come and go while dumps run: each dump lists the 200 others
# once each, ascending; one that is not flagged lists at most the one
# churning device besides.
dumps_during_churn() {
	local churn dumps=0 flagged=0 bad=0
	ifindexes > "$all"
	at d bash -c 'for _ in $(seq 1 '$CHURN'); do ip link add podolc type podol port 9000; ip link del podolc; done' &
	churn=$!
	while kill -0 $churn 2>/dev/null || [ $dumps = 0 ]; do
		at d "$PODOL_NL" dump > "$dump" || { bad=1; echo "dump failed"; break; }
		dumps=$((dumps + 1))
		if ! covers "$dump" "$all" || ! ascending "$dump"; then
			bad=1
			break
		fi
		if [ "$(intr "$dump")" = 1 ]; then
			flagged=$((flagged + 1))
		elif [ "$(dumped "$dump" | wc -l)" -gt $((N + 1)) ]; then
			echo "unflagged dump with $(dumped "$dump" | wc -l) devices"
			bad=1
			break
		fi
	done > "/tmp/$PFX.churn" 2>&1
	wait $churn
	diag "$dumps dumps during churn, $flagged flagged NLM_F_DUMP_INTR"
	check "dumps during churn: every stable device once, ascending" \
		bash -c "[ $bad = 0 ] || { cat '/tmp/$PFX.churn'; exit 1; }"
}

# The churning device is gone, and a dump lists exactly the others.
quiet_ok() {
	if at d ip link show podolc > /dev/null 2>&1; then
		echo "podolc is left over"
		return 1
	fi
	ifindexes > "$all"
	at d "$PODOL_NL" dump > "$dump" && diff <(dumped "$dump") "$all" &&
		[ "$(intr "$dump")" = 0 ]
}
quiet_after_churn() {
	check "after churn, a dump lists exactly the devices, unflagged" quiet_ok
}

# N devices in one netns, each on a port of its own.
#
#   d: podol1 (port 7001) ... podol200 (port 7200)
ns d
for i in $(seq 1 $N); do
	echo "link add podol$i type podol port $((7000 + i))"
done > "/tmp/$PFX.batch"
at d ip -batch "/tmp/$PFX.batch"
rm -f "/tmp/$PFX.batch"
tests_run
