#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A device made by plain `ip link add podol0 type podol`, with no plugin
# installed, gets podol's defaults.
. "$(dirname "$0")/lib.sh"
require_podol
require_plugin
require_cmd jq ss

ALL_TESTS="no_plugin_no_options add_without_plugin defaults
	mtu_follows_underlay explicit_mtu"

empty=$(mktemp -d)
trap '_cleanup; rmdir "$empty"' EXIT
info() {
	at a ip -j -d link show "$1" |
		jq -e ".[0] | .linkinfo.info_data as \$d | $2" > /dev/null
}
noplugin() { IP_LIB_DIR=$empty "$@"; }
no_usage() { ! noplugin ip link help podol 2>&1 | grep -q 'podol \[ port PORT \]'; }

no_plugin_no_options() {
	check "without the plugin, ip knows no podol options" no_usage
}

add_without_plugin() {
	check "plain ip link add podol0 type podol works without the plugin" \
		noplugin ip -n "$PFX-a" link add podol0 type podol
}

# On podol0 as add_without_plugin makes it (alone, it is made here).
defaults_results() { echo 5; }
defaults() {
	at a ip link show podol0 > /dev/null 2>&1 ||
		noplugin ip -n "$PFX-a" link add podol0 type podol
	check "defaults: port 6464, id 0, ttl auto, tos 0, udpcsum on" \
		info podol0 '$d.port == 6464 and $d.id == 0 and $d.ttl == "auto" and $d.tos == "0x0" and $d.udpcsum == true'
	check "defaults: no local address, no underlay device" \
		info podol0 '($d | has("local") | not) and ($d | has("link") | not)'
	check "default MTU with both sockets: 1500 less the IPv6 overhead, 56 bytes" \
		info podol0 '.mtu == 1444'
	check "an IPv4 wildcard socket on 6464" \
		bash -c "ip netns exec $PFX-a ss -H -uln 'sport = :6464' | grep -q '0.0.0.0:6464'"
	check "an IPv6 wildcard socket on 6464" \
		bash -c "ip netns exec $PFX-a ss -H -uln 'sport = :6464' | grep -q '\[::\]:6464'"
}

mtu_follows_underlay() {
	at a ip link add ul0 mtu 9000 type veth peer name ul1
	check "with an underlay device the MTU follows its MTU" \
		bash -c "ip -n $PFX-a link add podol1 type podol port 7000 dev ul0 && ip -n $PFX-a -j link show podol1 | jq -e '.[0].mtu == 8944' >/dev/null"
}

explicit_mtu() {
	check "an explicit mtu wins" \
		bash -c "ip -n $PFX-a link add podol2 mtu 1300 type podol port 7001 && ip -n $PFX-a -j link show podol2 | jq -e '.[0].mtu == 1300' >/dev/null"
}

# One netns; the checks make their devices in it.
#
#   a: podol0 (defaults), podol1 over ul0 (veth, mtu 9000), podol2 (mtu 1300)
ns a
tests_run
