#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unloading podol while devices exist, in several netns and one moved out
# of the netns that made it, removes them all and their sockets.
. "$(dirname "$0")/lib.sh"
require_podol
require_cmd ss
[ "$(podol_devices)" = 0 ] || skip_all "podol devices exist on this machine"

ktap_plan 7
ns a; ns b; ns c
at a ip link add podol0 type podol port 7000
at a ip link add podol1 type podol port 7001
at b ip link add podol0 type podol port 7000
at a ip link add podol2 type podol port 7002
at a ip link set podol2 netns "$PFX-c"
at a ip link set podol0 up

check "four devices in three netns" \
	test "$(( $(podol_devices a) + $(podol_devices b) + $(podol_devices c) ))" = 4
check "modprobe -r podol succeeds with devices present" modprobe -r podol
check "the module is gone" bash -c "! grep -q '^podol ' /proc/modules"
check "no device is left in any netns" \
	test "$(( $(podol_devices a) + $(podol_devices b) + $(podol_devices c) ))" = 0
check "no socket is left in the creating netns" \
	bash -c "! ip netns exec $PFX-a ss -H -uln | grep -qE ':700[0-2]\b'"
check "nor in the other" bash -c "! ip netns exec $PFX-b ss -H -uln | grep -q ':7000\b'"
check "the module loads again" modprobe podol
ktap_finish
