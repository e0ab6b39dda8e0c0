#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest job: one node of the Day-2 demo (shared/seeds: "k8s networking
# using overlay solution"), with podol instead of a user-space tun0.
#
#   leader   10.0.0.10, pod 192.168.0.2/24 in netns cont1
#   follower 10.0.0.11, pod 192.168.1.2/24 in netns cont1
#
# Each node routes the cluster range 192.168.0.0/16 into podol0 and knows
# the other as a podol node. The follower pings the leader's pod and runs
# iperf3 both ways; the leader pings the follower's pod and captures on
# its underlay (UDP to podol's port from 10.0.0.11) and on podol0 (the
# ICMP from 192.168.1.2). Output: sections "== NAME ==" and KTAP results.
role=$1
if [ "$role" = leader ]; then
	me=10.0.0.10 peer=10.0.0.11 pod=192.168.0.2 gw=192.168.0.1
	peer_pod=192.168.1.2 peer_cidr=192.168.1.0/24
else
	me=10.0.0.11 peer=10.0.0.10 pod=192.168.1.2 gw=192.168.1.1
	peer_pod=192.168.0.2 peer_cidr=192.168.0.0/24
fi
n=0 failed=0
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; failed=1; fi
}
section() { echo "== $* =="; }
# until_ok SECONDS COMMAND...: retries COMMAND for up to SECONDS.
until_ok() {
	local end=$(( $(date +%s) + $1 ))
	shift
	until "$@" > /dev/null 2>&1; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 1
	done
}

section "setup $role"
set -x
ip link set eth0 up
ip addr add "$me/24" dev eth0
ip netns add cont1
ip link add veth0 type veth peer name eth0 netns cont1
ip addr add "$gw/24" dev veth0
ip link set veth0 up
ip -n cont1 link set lo up
ip -n cont1 addr add "$pod/24" dev eth0
ip -n cont1 link set eth0 up
ip -n cont1 route add default via "$gw"
sysctl -qw net.ipv4.ip_forward=1
ip link add podol0 type podol local "$me" dev eth0
ip link set podol0 up
ip route add 192.168.0.0/16 dev podol0
podolctl node add dev podol0 remote "$peer" cidr "$peer_cidr"
set +x
ip -d link show podol0
podolctl node show

echo "KTAP version 1"
until_ok 60 ping -c 1 -W 1 "$peer"
result $? "$role: the underlay reaches $peer"
if [ "$role" = leader ]; then
	# Both captures wait for the follower's pings to the leader's pod.
	timeout 60 tcpdump -i eth0 -n -l -c 3 "udp and dst port 6464 and src 10.0.0.11" > /tmp/underlay.txt 2>/dev/null &
	cap1=$!
	timeout 60 tcpdump -i podol0 -n -l -c 3 "icmp and src 192.168.1.2" > /tmp/overlay.txt 2>/dev/null &
	cap2=$!
	# iperf3 serves the follower twice: its send and its receive (-R).
	(for _ in 1 2; do timeout 90 ip netns exec cont1 iperf3 -s -1 > /dev/null 2>&1; done) &
	srv=$!
fi
until_ok 60 ip netns exec cont1 ping -c 1 -W 1 "$peer_pod"
result $? "$role: its pod reaches the other pod"

section "ping from $role pod $pod to $peer_pod"
ip netns exec cont1 ping -c 3 "$peer_pod"
result $? "$role: ping $peer_pod from $pod"

if [ "$role" = leader ]; then
	wait "$cap1"
	result $? "leader: capture on the underlay"
	wait "$cap2"
	result $? "leader: capture on podol0"
	section "capture on the underlay (eth0): udp and dst port 6464 and src 10.0.0.11"
	cat /tmp/underlay.txt
	section "capture on podol0: icmp and src 192.168.1.2"
	cat /tmp/overlay.txt
	wait "$srv"
else
	sleep 2
	for dir in "" -R; do
		section "iperf3 TCP ${dir:+reverse }follower pod -> leader pod${dir:+ (leader sends)}"
		until_ok 30 bash -c "ip netns exec cont1 iperf3 -c $peer_pod -t 5 -f m $dir > /tmp/iperf.txt 2>&1"
		rc=$?
		grep -E "sender|receiver" /tmp/iperf.txt
		result $rc "follower: iperf3 TCP ${dir:+reverse}"
		# A floor far below what TCG gives (100-450): catches a collapse.
		mbps=$(awk '/receiver/ { for (i = 1; i < NF; i++) if ($(i + 1) == "Mbits/sec") print int($i) }' /tmp/iperf.txt)
		[ "${mbps:-0}" -ge 20 ]
		result $? "follower: iperf3 TCP ${dir:+reverse }at least 20 Mbit/s (${mbps:-0})"
	done
	# The leader still pings this pod: stay up for it.
	sleep 3
fi
errs=$(nstat -az UdpInErrors 2>/dev/null | awk '$1 == "UdpInErrors" { print $2 }')
[ "${errs:-1}" = 0 ]
result $? "$role: no UDP receive errors (UdpInErrors ${errs:-?})"
section "counters on $role"
podolctl stats dev podol0
ip -s link show eth0
nstat -a 2>/dev/null | grep -iE "csum|retrans|InErrors|RcvbufErrors|OutRsts|Timeouts"
ip netns exec cont1 nstat -a 2>/dev/null | grep -iE "csum|retrans|InErrors|Timeouts" | sed 's/^/cont1: /'
ip -s link show veth0
echo "1..$n"
exit $failed
