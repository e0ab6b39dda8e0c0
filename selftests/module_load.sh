#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# podol.ko loads and unloads, and `ip link add ... type podol` loads it by
# itself (MODULE_ALIAS_RTNL_LINK).
. "$(dirname "$0")/lib.sh"
require_podol

# Unloading is only ours to do when no device of the user's needs podol.
[ "$(podol_devices)" = 0 ] || skip_all "podol devices exist on this machine"

loaded() { grep -q '^podol ' /proc/modules; }
unload() { modprobe -r podol && ! loaded; }
autoload() { at a ip link add "$PFX-p0" type podol && loaded; }

ktap_plan 5
ns a
modprobe -r podol 2>/dev/null
check "modprobe podol loads the module" modprobe podol
check "the module is listed in /proc/modules" loaded
check "modprobe -r podol unloads it" unload
check "ip link add type podol loads it by itself" autoload
check "the device it made is there" at a ip link show "$PFX-p0"
ktap_finish
