#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 200 create/delete cycles leave no device, socket or object behind. The
# module logs (dynamic debug) each device and socket it creates and
# destroys: every one logged as created must be logged as destroyed.
#
# Then the teardown of 100 devices in one netns, by `ip link del` of each
# and by deleting the netns, is timed and printed (never judged: the
# machine's speed is not podol's).
. "$(dirname "$0")/lib.sh"
require_podol
require_cmd ss dmesg

ALL_TESTS="cycles cycles_logged teardown_by_link_del teardown_by_netns_del"

CYCLES=200
TEARDOWN=100
ctl=/proc/dynamic_debug/control
[ -w "$ctl" ] || ctl=/sys/kernel/debug/dynamic_debug/control
trap '_cleanup; rm -f "/tmp/$PFX.batch"' EXIT

udp_inuse() { at a awk '$1 == "UDP:" || $1 == "UDP6:" { n += $3 } END { print n }' /proc/net/sockstat /proc/net/sockstat6; }
# ms_since T0: milliseconds since T0 (date +%s%N).
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# cycles: the cycles in netns a, with the module's dynamic debug on from
# a mark in the kernel log where it can be (logging=1; none where it
# cannot; 0 until cycles has run).
logging=0 mark=
cycles_results() { echo 5; }
cycles() {
	local base_udp
	base_udp=$(udp_inuse)
	if [ -w "$ctl" ] && echo "module podol +p" > "$ctl" 2>/dev/null; then
		logging=1
		mark="podol-selftest: cycles $$ start"
		echo "$mark" > /dev/kmsg
	else
		logging=none
	fi
	for _ in $(seq 1 $CYCLES); do
		echo "link add podol0 type podol port 7000"
		echo "link del podol0"
	done > "/tmp/$PFX.batch"
	check "$CYCLES create/delete cycles succeed" ip -n "$PFX-a" -batch "/tmp/$PFX.batch"

	check "no podol device is left" test "$(podol_devices a)" = 0
	check "nothing is bound to the port" bash -c "! ip netns exec $PFX-a ss -H -uln 'sport = :7000' | grep -q ."
	check "the netns' UDP socket count is back where it was" test "$(udp_inuse)" = "$base_udp"
	check "the module holds no references" test "$(cat /sys/module/podol/refcnt)" = 0
}

# What the module logged during cycles (run after it: alone, both fail).
cycles_logged_results() { echo 2; }
cycles_logged() {
	local log made gone opened closed
	if [ $logging = none ]; then
		ktap_skip "every device created was destroyed" "dynamic debug is not available"
		ktap_skip "every socket opened was released" "dynamic debug is not available"
		return
	fi
	if [ $logging = 0 ]; then
		ktap_fail "every device created was destroyed (no cycles logged: run after cycles)"
		ktap_fail "every socket opened was released (no cycles logged: run after cycles)"
		return
	fi
	log=$(dmesg | sed -n "/$mark/,\$p")
	echo "module podol -p" > "$ctl"
	count() { grep -c "podol: podol0: $1" <<< "$log"; }
	made=$(count "device created") gone=$(count "device destroyed")
	opened=$(count "socket opened") closed=$(count "socket released")
	diag "devices created $made destroyed $gone; sockets opened $opened released $closed"
	check "every device created was destroyed ($CYCLES of each)" \
		test "$made" = $CYCLES -a "$gone" = $CYCLES
	check "every socket opened was released" test "$opened" -ge $CYCLES -a "$opened" = "$closed"
}

make_devices() {
	for i in $(seq 1 $TEARDOWN); do
		echo "link add podol$i type podol port $((7000 + i))"
	done > "/tmp/$PFX.batch"
	ip -n "$PFX-$1" -batch "/tmp/$PFX.batch"
}

teardown_by_link_del_results() { echo 2; }
teardown_by_link_del() {
	local t0
	ns t
	check "$TEARDOWN devices are created in one netns" make_devices t
	for i in $(seq 1 $TEARDOWN); do echo "link del podol$i"; done > "/tmp/$PFX.batch"
	t0=$(date +%s%N)
	ip -n "$PFX-t" -batch "/tmp/$PFX.batch"
	diag "teardown: ip -batch of $TEARDOWN 'ip link del', one device each: $(ms_since "$t0") ms"
	check "they are all deleted" test "$(podol_devices t)" = 0
}

# The netns' devices go when its cleanup work runs, after `ip netns del`
# returns; a veth pair with one end in it marks the end of that work
# (the core deletes it after podol's pre_exit).
teardown_by_netns_del_results() { echo 2; }
teardown_by_netns_del() {
	local t0 gone
	ns u
	check "$TEARDOWN devices are created again, in another netns" make_devices u
	ip link add vt0 netns "$PFX-u" type veth peer name vt0 netns "$PFX-a"
	t0=$(date +%s%N)
	ns_del u
	WAIT_TRIES=600 wait_for bash -c "! ip -n $PFX-a link show vt0 >/dev/null 2>&1"
	gone=$?
	diag "teardown: ip netns del of a netns with $TEARDOWN podol devices, until its veth peer is gone: $(ms_since "$t0") ms"
	check "the netns' cleanup deletes them (a minute at most)" test $gone = 0
}

# a: the cycles, and the far end of u's veth; the teardown checks make
# netns t and u of their own.
ns a
tests_run
