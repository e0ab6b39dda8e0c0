#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two podol devices cannot share a UDP port in one netns (the second is
# refused with a clear message); different ports, or different netns, can.
. "$(dirname "$0")/lib.sh"
require_podol
require_plugin

ALL_TESTS="first_device same_port_refused other_port_same_netns
	same_port_other_netns tunnel_port_refused port_freed_by_delete"

# holds_7000: podol0 on port 7000 in a, as first_device makes it; the
# checks after it make it when they run alone.
holds_7000() {
	at a ip link show podol0 > /dev/null 2>&1 ||
		at a ip link add podol0 type podol port 7000
}

first_device() {
	check "a first device on port 7000" at a ip link add podol0 type podol port 7000
}

same_port_refused_results() { echo 3; }
same_port_refused() {
	holds_7000
	check "a second on port 7000 is refused, saying why" \
		fails_with "another podol device in this netns already uses this UDP port" \
		at a ip link add podol1 type podol port 7000
	check "so is one bound to a local address on that port" \
		fails_with "already uses this UDP port" \
		at a ip link add podol1 type podol port 7000 local 10.0.0.10
	check "the refused ones left nothing behind" test "$(podol_devices a)" = 1
}

other_port_same_netns() {
	check "port 7001 in the same netns is fine" at a ip link add podol1 type podol port 7001
}

same_port_other_netns() {
	holds_7000
	check "port 7000 in another netns is fine" at b ip link add podol0 type podol port 7000
}

tunnel_port_refused() {
	if at a ip link add vx0 type vxlan id 1 dstport 7002 local 10.0.0.10 2>/dev/null &&
	   at a ip link set vx0 up 2>/dev/null; then
		check "a port another tunnel holds is refused, saying why" \
			fails_with "UDP port is already in use" \
			at a ip link add podol2 type podol port 7002
	else
		ktap_skip "a port another tunnel holds is refused, saying why" "no vxlan here"
	fi
}

port_freed_by_delete() {
	holds_7000
	check "after a delete its port is free again" \
		bash -c "ip -n $PFX-a link del podol0 && ip -n $PFX-a link add podol3 type podol port 7000"
}

# Two netns; a has an underlay address for the devices bound to it.
#
#   a: ul0 (10.0.0.10/24, veth to ul1), podol devices on 7000-7002
#   b: podol0 (7000)
ns a; ns b
at a ip link add ul0 type veth peer name ul1
at a ip addr add 10.0.0.10/24 dev ul0
at a ip link set ul0 up
tests_run
