#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packets podol cannot carry are counted where `ip -s link` shows them:
# sent ones with no node for their destination, received ones too short
# to be podol's. (drop_reasons.sh checks every reason on its own.)
. "$(dirname "$0")/lib.sh"
require_podol
require_cmd jq ping

ALL_TESTS="tx_no_node rx_short only_drops"

dropped() { at a ip -j -s link show podol0 | jq ".[0].stats64.$1.dropped"; }
# grew DIR BEFORE N: podol0's DIR dropped counter grew by N since BEFORE.
grew() {
	local now
	now=$(dropped "$1")
	[ $((now - $2)) = "$3" ] && return 0
	echo "$1 dropped grew by $((now - $2)), not $3"
	return 1
}
send_udp() {
	local i
	for i in $(seq 1 "$1"); do
		at a bash -c "echo podol > /dev/udp/127.0.0.1/7000"
	done
}

tx_no_node() {
	local tx0
	tx0=$(dropped tx)
	at a ping -c 3 -i 0.2 -W 1 192.168.1.2 > /dev/null 2>&1
	check "3 packets to a destination no node owns: tx dropped +3" grew tx "$tx0" 3
}

# Leaves the device down.
rx_short_results() { echo 2; }
rx_short() {
	local rx0
	rx0=$(dropped rx)
	send_udp 5
	check "5 datagrams too short for podol's header: rx dropped +5" grew rx "$rx0" 5
	at a ip link set podol0 down
	send_udp 2
	check "2 more while the device is down: rx dropped +2 more" grew rx "$rx0" 7
}

# What tx_no_node and rx_short sent, as ip shows it. Alone, with no drop
# counted yet, both fail and say so.
only_drops_results() { echo 2; }
only_drops() {
	if [ "$(dropped tx)" = 0 ] || [ "$(dropped rx)" = 0 ]; then
		ktap_fail "nothing was counted as delivered (no drops yet: run after tx_no_node and rx_short)"
		ktap_fail "ip -s link shows the drops (no drops yet: run after tx_no_node and rx_short)"
		return
	fi
	check "nothing was counted as delivered" \
		bash -c "ip -n $PFX-a -j -s link show podol0 | jq -e '.[0].stats64.rx.packets == 0 and .[0].stats64.tx.packets == 0' >/dev/null"
	check "ip -s link shows the drops" bash -c "ip -n $PFX-a -s link show podol0 | grep -q 'dropped'"
}

# One device with no node; 192.168.1.0/24 routed into it. No IPv6 on it:
# its router solicitations and MLD reports, sent when it comes up, would
# be tx drops too, counted with the pings if they fell among them.
#
#   a: podol0 (port 7000, 192.168.0.1/32, up) <- 192.168.1.0/24
#      UDP to 127.0.0.1:7000 reaches its socket
ns a
at a ip link add podol0 type podol port 7000 "${PODOL_LINK_FAST[@]}" "${PODOL_LINK_DIRECT[@]}"
at a sysctl -qw net.ipv6.conf.podol0.disable_ipv6=1
at a ip addr add 192.168.0.1/32 dev podol0
at a ip link set podol0 up
at a ip route add 192.168.1.0/24 dev podol0
tests_run
