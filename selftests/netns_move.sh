#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A device's socket lives in the netns that created it: it stays there when
# the device moves to another netns, and when that creating netns is
# deleted the device goes too. Deleting the netns the device lives in
# deletes it and releases its socket in the creating netns.
. "$(dirname "$0")/lib.sh"
require_podol
require_plugin
require_cmd ss jq

ALL_TESTS="device_moves moved_device_state moved_device_up
	creating_netns_keeps_port creating_netns_deleted living_netns_deleted
	move_away_and_back"

# moved: podol0 is in b, as device_moves leaves it; the checks after it
# move it there first when they run alone.
moved() {
	at a ip link show podol0 > /dev/null 2>&1 || return 0
	at a ip link set podol0 netns "$PFX-b"
}

device_moves() {
	check "the device moves to another netns" at a ip link set podol0 netns "$PFX-b"
}

moved_device_state_results() { echo 5; }
moved_device_state() {
	moved
	check "it is in the new netns, not the old" \
		test "$(podol_devices b)" = 1 -a "$(podol_devices a)" = 0
	check "its socket stays in the creating netns" udp_bound a 7000
	check "and none appears in the new one" bash -c "! ip netns exec $PFX-b ss -H -uln 'sport = :7000' | grep -q ."
	check "its attributes moved with it" \
		bash -c "ip -n $PFX-b -j -d link show podol0 | jq -e '.[0].linkinfo.info_data | .port == 7000 and .id == 5' >/dev/null"
	check "it reports the creating netns as its link netns" \
		bash -c "ip -n $PFX-b -j -d link show podol0 | jq -e '.[0] | has(\"link_netnsid\")' >/dev/null"
}

moved_device_up() {
	moved
	check "it comes up in the new netns" at b ip link set podol0 up
}

creating_netns_keeps_port() {
	moved
	check "the creating netns cannot reuse its port" \
		fails_with "already uses this UDP port" at a ip link add podol1 type podol port 7000
}

gone() { test "$(podol_devices b)" = 0; }
creating_netns_deleted_results() { echo 2; }
creating_netns_deleted() {
	moved
	ns_del a
	check "deleting the creating netns deletes the device" \
		wait_for test "$(podol_devices b)" = 0
	check "(still gone a moment later)" wait_for gone
}

# A device of c's lives in b; deleting b releases its socket in c.
#
#   c: podol0's socket (7000) --device moved--> b
living_netns_deleted_results() { echo 2; }
living_netns_deleted() {
	ns c
	at c ip link add podol0 type podol port 7000
	at c ip link set podol0 netns "$PFX-b"
	ns_del b
	check "deleting the netns the device lives in releases its socket" \
		wait_for bash -c "! ip netns exec $PFX-c ss -H -uln 'sport = :7000' | grep -q ."
	check "and the creating netns can use the port again" \
		wait_for at c ip link add podol1 type podol port 7000
}

# Moves c's podol1, which living_netns_deleted made, to d and back.
move_away_and_back() {
	if ! ip -n "$PFX-c" link show podol1 > /dev/null 2>&1; then
		ktap_fail "a device moved away and back keeps working (no podol1 in c: run after living_netns_deleted)"
		return
	fi
	check "a device moved away and back keeps working" \
		bash -c "ip -n $PFX-c link set podol1 netns $PFX-c && ip netns add $PFX-d && ip -n $PFX-c link set podol1 netns $PFX-d && ip -n $PFX-d link set podol1 netns $PFX-c && ip -n $PFX-c link set podol1 up; rc=\$?; ip netns del $PFX-d; exit \$rc"
}

# a creates podol0 and keeps its socket; the device moves to b.
#
#   a: podol0 (port 7000, id 5) --moved--> b
ns a; ns b
at a ip link add podol0 type podol port 7000 id 5
tests_run
