#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A device's socket lives in the netns that created it. Once the device
# has been moved out of it, writing its node table needs CAP_NET_ADMIN
# over that netns too: a user namespace given the host's device (a pod)
# cannot point the host's socket anywhere, while a device it created
# itself is its own to configure.
. "$(dirname "$0")/lib.sh"
require_podol
require_plugin
require_podolctl
require_cmd unshare nsenter jq

ALL_TESTS="device_moves_in writes_refused read_allowed host_writes
	own_device"

# in_userns CMD...: CMD as the user namespace's root, in its netns.
in_userns() { nsenter -t "$upid" -U -n -- "$@"; }
# moved_in: the host's podol0 is in the user namespace's netns, as
# device_moves_in leaves it; the checks after it move it there first
# when they run alone.
moved_in() {
	at h ip link show podol0 > /dev/null 2>&1 || return 0
	at h ip link set podol0 netns "$upid"
}

device_moves_in() {
	check "the host's device moves into the user namespace's netns" \
		at h ip link set podol0 netns "$upid"
}

writes_refused_results() { echo 3; }
writes_refused() {
	moved_in
	check "node add from inside fails with EPERM and says why" \
		fails_with "Operation not permitted.*moved here from another netns" \
		in_userns "$PODOLCTL" node add dev podol0 remote 10.0.0.12 cidr 192.168.2.0/24
	check "node flush from inside fails too" \
		fails_with "Operation not permitted" \
		in_userns "$PODOLCTL" node flush dev podol0
	check "dev set local-cidr from inside fails too" \
		fails_with "Operation not permitted" \
		in_userns "$PODOLCTL" dev set dev podol0 local-cidr 192.168.1.0/24
}

read_allowed() {
	moved_in
	check "reading the moved device is still allowed" \
		in_userns "$PODOLCTL" stats dev podol0
}

host_writes() {
	moved_in
	check "the host, with both capabilities, still writes its table" \
		nsenter -t "$upid" -n -- "$PODOLCTL" node add dev podol0 remote 10.0.0.12 cidr 192.168.2.0/24
}

own_device_results() { echo 2; }
own_device() {
	check "the user namespace creates a device of its own" \
		in_userns ip link add podol1 type podol port 6470
	check "and writes its table" \
		in_userns "$PODOLCTL" node add dev podol1 remote 10.0.0.12 cidr 192.168.2.0/24
}

# The host's netns h with podol0, and a user namespace owning a netns, as
# unshare -Urn makes it: root in there, nobody to the host's netns.
#
#   h: podol0 (its socket stays here) --moved--> userns' netns
#   userns (pid $upid): podol0 from h; podol1, its own (port 6470)
ns h
at h ip link add podol0 type podol
unshare -Urn sleep 600 &
upid=$!
trap 'kill $upid 2> /dev/null; _cleanup' EXIT
# Until unshare has run, its process is in this netns. It can take
# seconds on a loaded VM: wait up to a minute, and skip only when unshare
# itself gave up.
unshared() { [ "$(readlink "/proc/$upid/ns/net")" != "$(readlink /proc/self/ns/net)" ]; }
settled() { ! kill -0 "$upid" 2> /dev/null || unshared; }
WAIT_TRIES=600 wait_for settled
kill -0 "$upid" 2> /dev/null || skip_all "cannot create a user namespace (unshare -Urn failed)"
if ! unshared; then
	echo "KTAP version 1"
	echo "Bail out! unshare -Urn still had not made its netns after a minute"
	exit "$KSFT_FAIL"
fi
in_userns ip link set lo up
tests_run
