#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest job of `make cluster`, on node1 of three (cluster.sh --demo): a
# pod network in full. etcd's three members, podold on every node,
# two podman containers per node given their interfaces by the podol CNI
# plugin; containers on different nodes ping each other and run iperf3
# by their own addresses (the server sees the client's: no NAT); every
# node's table; the same packets captured on the underlay and on podol0.
# Output: sections "== NAME ==", results "ok N ..." / "not ok N ...".
cd /podol/selftests/cluster || exit 1
# A job, not a test: lib.sh leaves the kernel log's test markers alone
# (not exported: the tests this job runs mark themselves).
PODOL_TEST=job
. ./podold_lib.sh
. ./podman_lib.sh

CORE="1 2 3"
n=0 failed=0
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; failed=1; fi
}
section() { echo; echo "== $* =="; }

section "etcd: three members, one per node"
etcdctl_all endpoint status -w table
result $? "etcd answers on every node"

section "podold on every node (cluster config: 10.244.0.0/16, fd10:244::/56)"
podold_agents
result $? "every agent holds the other two nodes"
podold config show --etcd-endpoints="$(etcd_endpoints)"
for i in $CORE; do
	echo "-- node$i: $(on "$i" "jq -c . /run/podol/node.json")"
done

section "containers: podman run --network $PODNET, two per node"
rc=0
for i in $CORE; do
	podman_setup "$i" || rc=1
	ctr_run "$i" "c${i}a" || rc=1
	ctr_run "$i" "c${i}b" iperf3 -s || rc=1
done
result $rc "podman ran six containers"
declare -A IP4 IP6
for i in $CORE; do
	for c in "c${i}a" "c${i}b"; do
		IP4[$c]=$(ctr_ip "$i" "$c") IP6[$c]=$(ctr_ip "$i" "$c" 6)
		echo "node$i  $c  ${IP4[$c]}  ${IP6[$c]}"
	done
done

section "each node's podol table (podolctl node show)"
for i in $CORE; do
	echo "-- node$i"
	on "$i" "podolctl node show dev podol0"
done

section "pings between containers on different nodes"
for pair in "1 c1a 2 c2b" "2 c2a 3 c3b" "3 c3a 1 c1b"; do
	read -r i from j to <<< "$pair"
	echo "-- $from (node$i) -> $to (node$j): ${IP4[$to]}, ${IP6[$to]}"
	ctr_exec "$i" "$from" ping -c 2 -w 20 "${IP4[$to]}" | tail -n 2
	r4=${PIPESTATUS[0]}
	ctr_exec "$i" "$from" ping -6 -c 2 -w 20 "${IP6[$to]}" | tail -n 2
	result $((r4 | PIPESTATUS[0])) "$from on node$i reaches $to on node$j, IPv4 and IPv6"
done

section "iperf3: c1a (node1) -> c2b (node2), by their own addresses"
ctr_exec 1 c1a iperf3 -c "${IP4[c2b]}" -t 5 | tail -n 4
result "${PIPESTATUS[0]}" "iperf3 from c1a to c2b"
echo "-- c2b's server log:"
on 2 "podman logs c2b" | grep -E 'Accepted|receiver' | head -n 3
on 2 "podman logs c2b" | grep -q "Accepted connection from ${IP4[c1a]},"
result $? "c2b's server saw c1a's own address ${IP4[c1a]} (no NAT)"

section "on node1: c3a's pings to c1b, on the underlay and on podol0"
on_bg 1 "timeout 60 tcpdump -i eth0 -n -l -c 3 'udp dst port 6464 and src $(node_ip 3)' > /tmp/ul.txt 2> /dev/null" > /dev/null
on_bg 1 "timeout 60 tcpdump -i podol0 -n -l -c 3 'icmp and src ${IP4[c3a]}' > /tmp/ol.txt 2> /dev/null" > /dev/null
sleep 3
ctr_exec 3 c3a ping -c 3 "${IP4[c1b]}" > /dev/null
sleep 2
echo "-- tcpdump -i eth0 udp dst port 6464 and src $(node_ip 3)"
on 1 "cat /tmp/ul.txt"
echo "-- tcpdump -i podol0 icmp and src ${IP4[c3a]}"
on 1 "cat /tmp/ol.txt"
on 1 "grep -q 'UDP' /tmp/ul.txt && grep -q 'ICMP echo request' /tmp/ol.txt"
result $? "captured on node1's underlay and on its podol0"

podman_teardown
podold_teardown
echo
if [ "$failed" = 0 ]; then echo "demo: everything worked"; else echo "demo: something failed"; fi
exit $failed
