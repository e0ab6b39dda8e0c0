#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every link attribute set through the iproute2 plugin reads back the same
# from `ip -d link show` and `ip -j -d link show`; the ones that may change
# on a live device change, the others are refused by the plugin and by the
# kernel.
. "$(dirname "$0")/lib.sh"
require_podol
require_plugin
require_cmd jq ss

# add_every_attribute makes podol0, which the checks after it read and
# change in turn (each says what it expects). Run without it, they fail
# and say so. ipv6_local and ttl_auto make devices of their own.
ALL_TESTS="add_every_attribute show_text show_json l3_device mtu_ipv4
	socket_bound up_no_queue ipv6_local ttl_auto live_change
	fixed_refused"

# info NAME JQ-FILTER: the filter holds on podol device NAME's JSON.
info() {
	at a ip -j -d link show "$1" |
		jq -e ".[0] | .linkinfo.info_data as \$d | $2" > /dev/null
}
# text NAME WORDS: `ip -d link show NAME` prints WORDS.
text() {
	at a ip -d link show "$1" | grep -q -- "$2"
}
# needs_podol0: podol0 is there, else a diagnostic that says why the
# check's results fail.
needs_podol0() {
	at a ip link show podol0 > /dev/null 2>&1 ||
		diag "no podol0: ${FUNCNAME[1]} needs add_every_attribute before it"
}

add_every_attribute() {
	check "add with every attribute" \
		at a ip link add podol0 type podol port 7000 local 10.0.0.10 id 42 ttl 64 tos inherit dev ul0 noudpcsum fast direct
}

# What `ip -d link show` prints of podol0, as add_every_attribute made it.
SHOW_WORDS=("port 7000" "local 10.0.0.10" "id 42" "ttl 64" "tos inherit" "noudpcsum" "fast" "direct" "dev ul0")
show_text_results() { echo "${#SHOW_WORDS[@]}"; }
show_text() {
	local w
	needs_podol0
	for w in "${SHOW_WORDS[@]}"; do
		check "ip -d link show prints \"$w\"" text podol0 "podol\( .*\)\? $w\( \|$\)"
	done
}

show_json() {
	needs_podol0
	check "ip -j -d link show reports every attribute" \
		info podol0 '.linkinfo.info_kind == "podol" and $d.port == 7000 and
			$d.local == "10.0.0.10" and $d.id == 42 and $d.ttl == 64 and
			$d.tos == "inherit" and $d.udpcsum == false and $d.fast == true and
			$d.direct == true and $d.link == "ul0"'
}

l3_device() {
	needs_podol0
	check "L3 device: no ARP, point-to-point, no link-layer type" \
		info podol0 '.link_type == "none" and (.flags | index("NOARP")) and (.flags | index("POINTOPOINT"))'
}

mtu_ipv4() {
	needs_podol0
	check "MTU is the underlay's less 36 bytes" info podol0 '.mtu == 1464'
}

socket_bound() {
	needs_podol0
	check "the socket is bound to 10.0.0.10:7000 on the underlay device ul0" \
		bash -c "ip netns exec $PFX-a ss -H -uln 'sport = :7000' | grep -q '10.0.0.10%ul0:7000'"
}

up_no_queue() {
	needs_podol0
	at a ip link set podol0 up
	check "up with no queue" info podol0 '.qdisc == "noqueue"'
}

ipv6_local_results() { echo 3; }
ipv6_local() {
	check "add with an IPv6 local address" \
		at a ip link add podol1 type podol port 7001 local fd00::10 ttl inherit tos 0x10
	check "IPv6 attributes read back, the flags at their defaults" \
		info podol1 '$d.local == "fd00::10" and $d.ttl == "inherit" and $d.tos == "0x10" and $d.udpcsum == true and $d.fast == false and $d.direct == false'
	check "MTU over an IPv6 underlay is 56 bytes less" info podol1 '.mtu == 1444'
}

ttl_auto() {
	check "ttl auto reads back" \
		bash -c "ip -n $PFX-a link add podol2 type podol port 7002 ttl auto && ip -n $PFX-a -d link show podol2 | grep -q 'ttl auto'"
}

# Changes podol0 made by add_every_attribute (port 7000).
live_change_results() { echo 3; }
live_change() {
	needs_podol0
	check "ip link set changes ttl, tos, id, udpcsum, fast and direct on a live device" \
		at a ip link set podol0 type podol ttl 5 tos 0x20 id 7 udpcsum nofast nodirect
	check "the new values read back" \
		info podol0 '$d.ttl == 5 and $d.tos == "0x20" and $d.id == 7 and $d.udpcsum == true and $d.fast == false and $d.direct == false and $d.port == 7000'
	check "ttl inherit replaces a fixed ttl" \
		bash -c "ip -n $PFX-a link set podol0 type podol ttl inherit && ip -n $PFX-a -j -d link show podol0 | jq -e '.[0].linkinfo.info_data.ttl == \"inherit\"' >/dev/null"
}

# Port and local address of podol0 (port 7000, local 10.0.0.10) are fixed.
fixed_refused_results() { echo 5; }
fixed_refused() {
	needs_podol0
	check "the plugin refuses to change the port, saying why" \
		fails_with '"port" cannot change on an existing device' \
		at a ip link set podol0 type podol port 7005
	check "the kernel refuses to change the port, with an extack message" \
		fails_with "refused: .*port cannot change on an existing device" \
		at a "$PODOL_NL" set podol0 port=7005
	check "the kernel refuses to change the local address" \
		fails_with "refused: .*local address cannot change" \
		at a "$PODOL_NL" set podol0 local=10.0.0.11
	check "the kernel accepts the same port again (re-applied config)" \
		at a "$PODOL_NL" set podol0 port=7000 id=9
	check "and the port is unchanged" info podol0 '$d.port == 7000 and $d.id == 9'
}

# topology: netns a with a veth pair; ul0 (IPv4 and IPv6) is the
# underlay podol0 and podol1 take their MTU and local address from.
#
#   a:  ul0 (10.0.0.10/24, fd00::10/64) -- ul1
topology() {
	ns a
	at a ip link add ul0 type veth peer name ul1
	at a ip addr add 10.0.0.10/24 dev ul0
	at a ip addr add fd00::10/64 dev ul0 nodad
	at a ip link set ul0 up
}

topology
tests_run
