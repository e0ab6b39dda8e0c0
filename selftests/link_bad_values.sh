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

ktap_plan 30
ns a
at a ip link add ul0 type veth peer name ul1
at a ip addr add 10.0.0.10/24 dev ul0
at a ip link set ul0 up

refused "plugin: port 0" 'invalid port "0"' add port 0
refused "plugin: port 65536" 'invalid port "65536"' add port 65536
refused "plugin: network id over 24 bits" 'invalid id "16777216"' add id 16777216
refused "plugin: IPv4-mapped local address" 'IPv4-mapped' add local ::ffff:10.0.0.10
refused "plugin: loopback local address" 'is a loopback address' add local 127.0.0.1
refused "plugin: IPv6 loopback local address" 'is a loopback address' add local ::1
refused "plugin: multicast local address" 'is a multicast address' add local 239.1.2.3
refused "plugin: broadcast local address" 'is the broadcast address' add local 255.255.255.255
refused "plugin: local address in 0.0.0.0/8" 'is in 0.0.0.0/8' add local 0.1.2.3
refused "plugin: local address that is no address" 'not an IPv4 or IPv6 address' add local 10.0.0
refused "plugin: unknown underlay device" 'invalid dev "nosuch0": no such device' add dev nosuch0
refused "plugin: tos with ECN bits" 'invalid tos "3"' add tos 3
refused "plugin: unknown argument" 'unknown or ambiguous argument "colour"' add colour blue

refused "kernel: port 0" 'port must not be 0' nl port=0
refused "kernel: network id over 24 bits" 'network id must fit in 24 bits' nl id=16777216
refused "kernel: IPv6 address in the IPv4 local attribute" 'binary attribute size out of range' nl local=fd00::10
refused "kernel: IPv4 address in the IPv6 local attribute" 'binary attribute size out of range' nl local6=10.0.0.10
refused "kernel: IPv4-mapped IPv6 local address" 'IPv4-mapped IPv6 address' nl local6=::ffff:10.0.0.10
refused "kernel: both local addresses" 'not both' nl local=10.0.0.10 local6=fd00::10
refused "kernel: multicast local address" 'is a multicast address' nl local=224.0.0.1
refused "kernel: IPv6 multicast local address" 'is a multicast address' nl local6=ff02::1
refused "kernel: loopback local address" 'is a loopback address' nl local=127.0.0.1
refused "kernel: IPv6 loopback local address" 'is a loopback address' nl local6=::1
refused "kernel: broadcast local address" 'is the broadcast address' nl local=255.255.255.255
refused "kernel: local address in 0.0.0.0/8" 'is in 0.0.0.0/8' nl local=0.1.2.3
refused "kernel: unknown underlay ifindex" 'underlay device does not exist' nl link=999999
refused "kernel: fixed ttl with ttl inherit" 'exclude each other' nl ttl=5 ttl_inherit=1
refused "kernel: tos with ECN bits" 'ECN bits' nl tos=3
refused "kernel: udp checksum flag 2" 'must be 0 or 1' nl udp_csum=2
refused "kernel: port attribute one byte long" 'refused' nl raw=1:05
ktap_finish
