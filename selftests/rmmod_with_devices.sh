#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unloading podol while devices exist, in several netns and one moved out
# of the netns that made it, removes them all and their sockets.
. "$(dirname "$0")/lib.sh"
require_podol
require_cmd ss
[ "$(podol_devices)" = 0 ] || skip_all "podol devices exist on this machine"

ALL_TESTS="devices_present unload_with_devices nothing_left module_reloads"

loaded() { grep -q '^podol ' /proc/modules; }
all_devices() { echo $(( $(podol_devices a) + $(podol_devices b) + $(podol_devices c) )); }

devices_present() {
	check "four devices in three netns" test "$(all_devices)" = 4
}

unload_with_devices_results() { echo 2; }
unload_with_devices() {
	check "modprobe -r podol succeeds with devices present" modprobe -r podol
	check "the module is gone" bash -c "! grep -q '^podol ' /proc/modules"
}

# After unload_with_devices: what the unload left behind. Alone, with
# the module still loaded, each fails and says so.
nothing_left_results() { echo 3; }
nothing_left() {
	local d
	if loaded; then
		for d in "no device is left in any netns" \
			 "no socket is left in the creating netns" "nor in the other"; do
			ktap_fail "$d (podol is loaded: run after unload_with_devices)"
		done
		return
	fi
	check "no device is left in any netns" test "$(all_devices)" = 0
	check "no socket is left in the creating netns" \
		bash -c "! ip netns exec $PFX-a ss -H -uln | grep -qE ':700[0-2]\b'"
	check "nor in the other" bash -c "! ip netns exec $PFX-b ss -H -uln | grep -q ':7000\b'"
}

# After unload_with_devices; alone, podol is still loaded and it fails.
module_reloads() {
	if loaded; then
		ktap_fail "the module loads again (it was never unloaded: run after unload_with_devices)"
		return
	fi
	check "the module loads again" modprobe podol
}

# Four devices in three netns; podol2 moved from a, which made it, to c.
#
#   a: podol0 (7000, up), podol1 (7001); sockets of podol2 (7002)
#   b: podol0 (7000)
#   c: podol2, moved here from a
ns a; ns b; ns c
at a ip link add podol0 type podol port 7000
at a ip link add podol1 type podol port 7001
at b ip link add podol0 type podol port 7000
at a ip link add podol2 type podol port 7002
at a ip link set podol2 netns "$PFX-c"
at a ip link set podol0 up
tests_run
