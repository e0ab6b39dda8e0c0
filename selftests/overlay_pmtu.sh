#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Path MTU discovery through the overlay: the underlay between the nodes
# goes through a router whose far link has an MTU of 1300. The router's
# "fragmentation needed" teaches node 1 the path MTU to node 2; podol then
# tells the pod, which lowers its own path MTU and gets through.
. "$(dirname "$0")/lib.sh"
require_podol
require_podolctl
require_cmd ping

ktap_plan 6
ns r; ns n1; ns n2; ns p1; ns p2
ip link add ul0 netns "$PFX-n1" type veth peer name r1 netns "$PFX-r"
ip link add ul0 netns "$PFX-n2" mtu 1300 type veth peer name r2 netns "$PFX-r" mtu 1300
at r ip addr add 10.0.1.1/24 dev r1
at r ip addr add 10.0.2.1/24 dev r2
at r ip link set r1 up
at r ip link set r2 up
at r sysctl -qw net.ipv4.ip_forward=1
for i in 1 2; do
	at "n$i" ip addr add "10.0.$i.1$i/24" dev ul0
	at "n$i" ip link set ul0 up
	at "n$i" ip route add 10.0.0.0/16 via "10.0.$i.1"
	at "n$i" sysctl -qw net.ipv4.ip_forward=1
	ip link add pod0 netns "$PFX-n$i" type veth peer name eth0 netns "$PFX-p$i"
	at "n$i" ip addr add "192.168.$i.1/24" dev pod0
	at "n$i" ip link set pod0 up
	at "p$i" ip addr add "192.168.$i.2/24" dev eth0
	at "p$i" ip link set eth0 up
	at "p$i" ip route add default via "192.168.$i.1"
	at "n$i" ip link add podol0 type podol
	at "n$i" ip link set podol0 up
	at "n$i" ip route add 192.168.0.0/16 dev podol0
done
at n1 "$PODOLCTL" node add dev podol0 remote 10.0.2.12 cidr 192.168.2.0/24
at n2 "$PODOLCTL" node add dev podol0 remote 10.0.1.11 cidr 192.168.1.0/24

check "small packets pass" at p1 ping -c 1 -W 2 192.168.2.2
# 1400 + 28 fits podol0 (1464) but not the underlay path (1300 - 36).
at p1 ping -c 1 -W 2 -M do -s 1400 192.168.2.2 > /dev/null 2>&1
out=$(at p1 ping -c 2 -W 2 -M do -s 1400 192.168.2.2 2>&1)
diag "$(grep -i mtu <<< "$out" | head -n1)"
check "a big DF packet gets 'fragmentation needed' back with the path MTU" \
	grep -qiE "mtu ?=? ?1264" <<< "$out"
check "it is counted as tx_too_big" test "$(podol_stat n1 .drops.tx_too_big)" -ge 1
check "the pod's route to the far pod learned MTU 1264" \
	bash -c "ip -n $PFX-p1 route get 192.168.2.2 | grep -q 'mtu 1264'"
check "a packet of exactly the path MTU passes" at p1 ping -c 1 -W 2 -M do -s 1236 192.168.2.2
check "one byte more does not" bash -c "! ip netns exec $PFX-p1 ping -c 1 -W 2 -M do -s 1237 192.168.2.2"
ktap_finish
