#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# podol.ko loads and unloads, and `ip link add ... type podol` loads it by
# itself (MODULE_ALIAS_RTNL_LINK).
#
#   a: netns for the device the autoload makes
. "$(dirname "$0")/lib.sh"
require_podol

# Unloading is only ours to do when no device of the user's needs podol.
[ "$(podol_devices)" = 0 ] || skip_all "podol devices exist on this machine"

ALL_TESTS="modprobe_loads modprobe_unloads link_add_autoloads"

loaded() { grep -q '^podol ' /proc/modules; }
unload() { modprobe -r podol && ! loaded; }
# autoload: with podol unloaded, ip link add loads it.
autoload() {
	if loaded; then
		echo "podol could not be unloaded first"
		return 1
	fi
	at a ip link add "$PFX-p0" type podol && loaded
}

modprobe_loads_results() { echo 2; }
modprobe_loads() {
	modprobe -r podol 2>/dev/null
	check "modprobe podol loads the module" modprobe podol
	check "the module is listed in /proc/modules" loaded
}

modprobe_unloads() {
	modprobe podol 2>/dev/null
	check "modprobe -r podol unloads it" unload
}

link_add_autoloads_results() { echo 2; }
link_add_autoloads() {
	modprobe -r podol 2>/dev/null
	check "ip link add type podol loads it by itself" autoload
	check "the device it made is there" at a ip link show "$PFX-p0"
}

ns a
tests_run
