#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real containers through a real runtime: podman (CNI backend) gives
# containers on node1 and node2 their interfaces with the podol CNI
# plugin, on podold's cluster (podold_lib.sh); they talk by their own
# addresses, a removed container's address is released, a restarted
# one talks again. The runtime calls the plugin as it calls any other.
. "$(dirname "$0")/podold_lib.sh"
. "$(dirname "$0")/podman_lib.sh"
require_root
require_cmd etcdctl jq podold podolctl podman
[ -x /usr/lib/cni/podol ] || skip_all "no /usr/lib/cni/podol (the CNI plugin)"

ALL_TESTS="agents containers reach no_nat release restart"

# The agents alone: the containers are this test's pods (podold_lib's
# pods would hold the first addresses host-local gives).
agents() {
	local out rc=0
	out=$(podold_agents 2>&1) || rc=1
	[ -n "$out" ] && diag "$out"
	check "three agents synced" test $rc = 0
}

containers_results() { echo 1; }
containers() {
	check "podman runs a container on node1 and one on node2 (iperf3 server) on $PODNET" \
		eval "podman_setup 1 && podman_setup 2 && ctr_run 1 a && ctr_run 2 b iperf3 -s"
	A4=$(ctr_ip 1 a) A6=$(ctr_ip 1 a 6) B4=$(ctr_ip 2 b) B6=$(ctr_ip 2 b 6)
	diag "node1's container a: $A4 $A6; node2's container b: $B4 $B6"
}

reach_results() { echo 2; }
reach() {
	check "a (node1) reaches b (node2) by b's own addresses, IPv4 and IPv6" \
		eval "ctr_exec 1 a ping -c 1 -w 20 $B4 > /dev/null && ctr_exec 1 a ping -6 -c 1 -w 20 $B6 > /dev/null"
	check "b reaches a the same way" \
		eval "ctr_exec 2 b ping -c 1 -w 20 $A4 > /dev/null && ctr_exec 2 b ping -6 -c 1 -w 20 $A6 > /dev/null"
}

# No NAT: the server sees the client container's own address.
no_nat_results() { echo 1; }
no_nat() {
	local out
	out=$(ctr_exec 1 a iperf3 -c "$B4" -t 2 2>&1 | tail -n 3)
	diag "$out"
	check "iperf3 from a to b: b's server saw a's address $A4" \
		eval "on 2 'podman logs b' | grep -q 'Accepted connection from $A4,'"
}

release_results() { echo 2; }
release() {
	on 1 "podman rm -f -t 0 a" > /dev/null
	check "podman rm -f: a's address is free again and its veth and route are gone" \
		eval "! on 1 'ls /var/lib/cni/networks/$PODNET' | grep -qx -e '$A4' -e '$A6' &&
		      ! on 1 'ip -o link; ip route; ip -6 route' | grep -q -e pdl -e '$A4 '"
	check "a new container on node1 gets an address and reaches b" \
		eval "ctr_run 1 c && ctr_exec 1 c ping -c 1 -w 20 $B4 > /dev/null"
}

restart_results() { echo 1; }
restart() {
	local b4
	on 2 "podman restart -t 0 b" > /dev/null
	b4=$(ctr_ip 2 b)
	diag "b, restarted: $b4"
	check "b, restarted, is reached again" \
		eval "[ -n '$b4' ] && ctr_exec 1 c ping -c 1 -w 20 $b4 > /dev/null"
}

trap 'podman_teardown; podold_exit; _run_deferred; _cleanup' EXIT
tests_run
