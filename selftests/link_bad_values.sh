#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad values are refused, by the plugin before anything is sent and by the
# kernel when they come straight over netlink, each with a message that
# says what is wrong, and no device is left behind.
. "$(dirname "$0")/lib.sh"
require_podol
require_plugin

# refused DESCRIPTION MESSAGE COMMAND...: COMMAND fails, says MESSAGE, and
# leaves no podol device in the test's netns.
refused() {
	local desc=$1 out
	shift
	if ! out=$(fails_with "$@"); then
		diag "$out"
		ktap_fail "$desc"
	elif [ "$(podol_devices a)" != 0 ]; then
		diag "a device was left behind"
		ktap_fail "$desc"
	else
		ktap_ok "$desc"
	fi
}
add() { at a ip link add podol0 type podol "$@"; }
nl() { at a "$PODOL_NL" add podol0 "$@"; }

ALL_TESTS="plugin_refuses kernel_refuses"

# Each row: what is wrong|the message that says so|the arguments. The
# plugin's rows go through `ip link add podol0 type podol`, the kernel's
# straight over netlink with podol_nl.
PLUGIN_BAD=(
	'port 0|invalid port "0"|port 0'
	'port 65536|invalid port "65536"|port 65536'
	'network id over 24 bits|invalid id "16777216"|id 16777216'
	'IPv4-mapped local address|IPv4-mapped|local ::ffff:10.0.0.10'
	'loopback local address|is a loopback address|local 127.0.0.1'
	'IPv6 loopback local address|is a loopback address|local ::1'
	'multicast local address|is a multicast address|local 239.1.2.3'
	'broadcast local address|is the broadcast address|local 255.255.255.255'
	'local address in 0.0.0.0/8|is in 0.0.0.0/8|local 0.1.2.3'
	'local address that is no address|not an IPv4 or IPv6 address|local 10.0.0'
	'unknown underlay device|invalid dev "nosuch0": no such device|dev nosuch0'
	'tos with ECN bits|invalid tos "3"|tos 3'
	'unknown argument|unknown or ambiguous argument "colour"|colour blue'
)
KERNEL_BAD=(
	'port 0|port must not be 0|port=0'
	'network id over 24 bits|network id must fit in 24 bits|id=16777216'
	'IPv6 address in the IPv4 local attribute|binary attribute size out of range|local=fd00::10'
	'IPv4 address in the IPv6 local attribute|binary attribute size out of range|local6=10.0.0.10'
	'IPv4-mapped IPv6 local address|IPv4-mapped IPv6 address|local6=::ffff:10.0.0.10'
	'both local addresses|not both|local=10.0.0.10 local6=fd00::10'
	'multicast local address|is a multicast address|local=224.0.0.1'
	'IPv6 multicast local address|is a multicast address|local6=ff02::1'
	'loopback local address|is a loopback address|local=127.0.0.1'
	'IPv6 loopback local address|is a loopback address|local6=::1'
	'broadcast local address|is the broadcast address|local=255.255.255.255'
	'local address in 0.0.0.0/8|is in 0.0.0.0/8|local=0.1.2.3'
	'unknown underlay ifindex|underlay device does not exist|link=999999'
	'fixed ttl with ttl inherit|exclude each other|ttl=5 ttl_inherit=1'
	'tos with ECN bits|ECN bits|tos=3'
	'udp checksum flag 2|must be 0 or 1|udp_csum=2'
	'fast flag 2|fast flag must be 0 or 1|fast=2'
	'direct flag 2|direct flag must be 0 or 1|direct=2'
	'port attribute one byte long|refused|raw=1:05'
)

# refuses_all PREFIX COMMAND ROW...: each row's arguments to COMMAND are
# refused with the row's message.
refuses_all() {
	local prefix=$1 cmd=$2 row what msg args
	shift 2
	for row in "$@"; do
		IFS='|' read -r what msg args <<< "$row"
		# shellcheck disable=SC2086 # the arguments are words
		refused "$prefix: $what" "$msg" "$cmd" $args
	done
}

plugin_refuses_results() { echo "${#PLUGIN_BAD[@]}"; }
plugin_refuses() { refuses_all plugin add "${PLUGIN_BAD[@]}"; }

kernel_refuses_results() { echo "${#KERNEL_BAD[@]}"; }
kernel_refuses() { refuses_all kernel nl "${KERNEL_BAD[@]}"; }

# topology: netns a with a veth pair, ul0 up with 10.0.0.10/24, the
# underlay the checks name.
#
#   a:  ul0 (10.0.0.10/24) -- ul1
topology() {
	ns a
	at a ip link add ul0 type veth peer name ul1
	at a ip addr add 10.0.0.10/24 dev ul0
	at a ip link set ul0 up
}

topology
tests_run
