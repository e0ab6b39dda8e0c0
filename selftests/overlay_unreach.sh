#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A packet to an address no node owns is answered with ICMP/ICMPv6
# destination unreachable and counted.
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd jq ping

ktap_plan 4
cluster 2
mesh 2 v4
out=$(at p1 ping -c 1 -W 2 192.168.9.2 2>&1)
diag "$(grep -i unreach <<< "$out")"
check "IPv4: the sender hears destination unreachable" grep -qi "unreachable" <<< "$out"
out=$(at p1 ping -c 1 -W 2 fd10:9::2 2>&1)
diag "$(grep -i unreach <<< "$out")"
check "IPv6: the sender hears destination unreachable" grep -qi "unreachable" <<< "$out"
check "both counted as tx_no_node" test "$(podol_stat n1 .drops.tx_no_node)" = 2
check "a known destination still works" at p1 ping -c 1 -W 2 192.168.2.2
ktap_finish
