#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cni_spec.sh: the podol CNI plugin against the CNI spec (1.0.0, 1.1.0),
# driven as a runtime drives it: CNI_* variables and the network
# configuration on stdin, results and errors read back as JSON. Topology
# and helpers: cni_lib.sh (a node netns, pods a and b, and c for a pod
# whose netns goes away). Bad input: cni_input.sh.
source "$(dirname "$0")/lib.sh"
source "$HERE/cni_lib.sh"

ALL_TESTS="version add_del_v4 add_del_v6 add_del_dual add_del_v100
	   add_twice del_twice del_netns_gone check_lost_route add_undone
	   status gc"

require_cni

setup() {
	ns node && ns a && ns b || return 1
	at node sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# json_is JSON FILTER: jq -e FILTER holds for JSON, else shows it.
json_is() {
	jq -e "$2" <<< "$1" > /dev/null && return 0
	echo "expected $2 in: $1"
	return 1
}

# pod_ok POD ADDR...: ADDR on the pod's eth0, its default routes via
# the gateways, the MTU from node.json.
pod_ok() {
	local pod=$1 a
	shift
	at "$pod" ip link show eth0 | grep -q "mtu 1400 " ||
		{ echo "eth0 of $pod: MTU is not 1400"; return 1; }
	for a in "$@"; do
		at "$pod" ip addr show eth0 | grep -q "inet6\? $a/" ||
			{ echo "$pod has no $a"; return 1; }
		if [[ $a == *:* ]]; then
			at "$pod" ip -6 route show default | grep -q "via fe80::1 dev eth0" ||
				{ echo "$pod: no default via fe80::1"; return 1; }
		else
			at "$pod" ip route show default | grep -q "via 169.254.1.1 dev eth0 onlink" ||
				{ echo "$pod: no default via 169.254.1.1"; return 1; }
		fi
	done
}

# roundtrip VERSION CIDR...: pods a and b added, checked, pinging each
# other over each family, checked by CHECK, deleted, nothing left.
roundtrip() {
	local v=$1 c ra rb ips_a ips_b i
	shift
	node_json "$@"
	c=$(conf "$v")
	ra=$(cni ADD ca a <<< "$c") || { echo "ADD a: $ra"; return 1; }
	rb=$(cni ADD cb b <<< "$c") || { echo "ADD b: $rb"; return 1; }
	json_is "$ra" ".cniVersion == \"$v\" and (.ips | length) == $#" || return 1
	if [ "$v" = 1.1.0 ]; then
		json_is "$ra" '.interfaces[1].mtu == 1400' || return 1
	else
		json_is "$ra" '.interfaces[1] | has("mtu") | not' || return 1
	fi
	json_is "$ra" ".interfaces[1].sandbox == \"/run/netns/$PFX-a\"" || return 1
	mapfile -t ips_a < <(jq -r '.ips[].address | sub("/.*"; "")' <<< "$ra")
	mapfile -t ips_b < <(jq -r '.ips[].address | sub("/.*"; "")' <<< "$rb")
	pod_ok a "${ips_a[@]}" && pod_ok b "${ips_b[@]}" || return 1
	for i in "${ips_b[@]}"; do
		at a ping -c 1 -W 5 "$i" > /dev/null ||
			{ echo "a cannot ping b's $i"; return 1; }
	done
	cni CHECK ca a <<< "$(jq -c --argjson r "$ra" '.prevResult = $r' <<< "$c")" ||
		return 1
	cni DEL ca a <<< "$c" && cni DEL cb b <<< "$c" || return 1
	nothing_left
}

version() {
	local out
	out=$(cni_env CNI_COMMAND=VERSION <<< '{"cniVersion":"1.1.0"}')
	check "VERSION lists 1.0.0 and 1.1.0" json_is "$out" \
		'.supportedVersions == ["1.0.0", "1.1.0"] and .cniVersion == "1.1.0"'
}

add_del_v4() {
	fresh
	check "ADD, CHECK, DEL: IPv4, pod to pod" roundtrip 1.1.0 10.244.1.0/24
}
add_del_v6() {
	fresh
	check "ADD, CHECK, DEL: IPv6, pod to pod" roundtrip 1.1.0 fd00:1::/64
}
add_del_dual() {
	fresh
	check "ADD, CHECK, DEL: dual-stack, pod to pod" \
		roundtrip 1.1.0 10.244.1.0/24 fd00:1::/64
}
add_del_v100() {
	fresh
	check "ADD, CHECK, DEL: cniVersion 1.0.0" \
		roundtrip 1.0.0 10.244.1.0/24 fd00:1::/64
}

add_twice() {
	local c out st
	fresh
	c=$(conf)
	cni ADD c1 a <<< "$c" > /dev/null
	out=$(cni ADD c1 a <<< "$c"); st=$?
	check "ADD of an existing interface fails" \
		fails_code 101 "already has an interface eth0" "$out" $st
	check "... and leaves the first one whole" pod_ok a 10.244.1.2
	cni DEL c1 a <<< "$c"
}
add_twice_results() { echo 2; }

del_twice() {
	local c
	fresh
	c=$(conf)
	cni ADD c1 a <<< "$c" > /dev/null
	check "DEL" cni DEL c1 a <<< "$c"
	check "DEL again" cni DEL c1 a <<< "$c"
	check "DEL of an unknown container" cni DEL nosuch a <<< "$c"
	check "DEL without CNI_NETNS" cni_env CNI_COMMAND=DEL \
		CNI_CONTAINERID=nosuch CNI_IFNAME=eth0 CNI_PATH="$CNI_DIR" <<< "$c"
	check "nothing left" nothing_left
}
del_twice_results() { echo 5; }

del_netns_gone() {
	local c
	fresh
	c=$(conf)
	ns c && cni ADD c1 c <<< "$c" > /dev/null && ns_del c
	check "DEL once the netns is gone" cni DEL c1 c <<< "$c"
	check "... released the address" nothing_left
}
del_netns_gone_results() { echo 2; }

check_lost_route() {
	local c r out st
	fresh
	c=$(conf)
	r=$(cni ADD c1 a <<< "$c")
	c=$(jq -c --argjson r "$r" '.prevResult = $r' <<< "$c")
	at a ip route del default
	out=$(cni CHECK c1 a <<< "$c"); st=$?
	check "CHECK fails once the pod's route is gone" \
		fails_code 102 "no default route via 169.254.1.1" "$out" $st
	cni DEL c1 a <<< "$c"
	out=$(cni CHECK c1 a <<< "$c"); st=$?
	check "CHECK fails after DEL" fails_code 102 "" "$out" $st
	out=$(cni CHECK c1 a <<< "$(conf)"); st=$?
	check "CHECK needs prevResult" fails_code 7 prevResult "$out" $st
}
check_lost_route_results() { echo 3; }

# An ADD that fails halfway (the pod refuses IPv6) undoes it all.
add_undone() {
	local out st
	fresh
	at b sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	out=$(cni ADD c1 b <<< "$(conf)"); st=$?
	at b sysctl -qw net.ipv6.conf.default.disable_ipv6=0
	check "ADD fails when the pod takes no IPv6" \
		fails_code 100 "cannot add an address" "$out" $st
	check "... and undoes the veth, routes, IPAM" nothing_left
	check "... in the pod too" test "$(at b ip -o link | grep -vc ': lo:')" = 0
}
add_undone_results() { echo 3; }

status() {
	local out st pid
	fresh
	rm -f "$STATE/node.json"
	out=$(cni_env CNI_COMMAND=STATUS <<< "$(conf)"); st=$?
	check "STATUS without node.json: 50" fails_code 50 node.json "$out" $st
	node_json 10.244.1.0/24
	out=$(cni_env CNI_COMMAND=STATUS <<< "$(conf)"); st=$?
	check "STATUS without status.json: 50" fails_code 50 status.json "$out" $st
	sleep 0 & pid=$!
	wait $pid
	echo "{\"pid\": $pid}" > "$STATE/status.json"
	out=$(cni_env CNI_COMMAND=STATUS <<< "$(conf)"); st=$?
	check "STATUS with podold's pid gone: 50 (stale)" \
		fails_code 50 "is not running" "$out" $st
	echo "{\"pid\": $$}" > "$STATE/status.json"
	check "STATUS with podold running: ready" \
		cni_env CNI_COMMAND=STATUS <<< "$(conf)"
	out=$(cni_env CNI_COMMAND=STATUS <<< "$(conf 1.0.0)"); st=$?
	check "STATUS in cniVersion 1.0.0: 1" fails_code 1 STATUS "$out" $st
}
status_results() { echo 5; }

# After GC kept c1 (10.244.1.2) alone: one veth, no trace of c2, c3.
gc_removed() {
	local l
	l=$(leftovers)
	! grep -E '10\.244\.1\.[34]\b' <<< "$l" &&
		test "$(at node ip -o link | grep -c pdl)" = 1 ||
		{ echo "left: $l"; return 1; }
}

gc() {
	local c r1 out st
	fresh
	c=$(conf)
	ns c
	r1=$(cni ADD c1 a <<< "$c") && cni ADD c2 b <<< "$c" > /dev/null &&
		cni ADD c3 c <<< "$c" > /dev/null && ns_del c
	check "GC keeps the valid attachments" cni_env CNI_COMMAND=GC \
		CNI_PATH="$CNI_DIR" <<< "$(jq -c \
		'.["cni.dev/valid-attachments"] = [{containerID: "c1", ifname: "eth0"}]' <<< "$c")"
	check "... which still CHECK" cni CHECK c1 a <<< \
		"$(jq -c --argjson r "$r1" '.prevResult = $r' <<< "$c")"
	check "... and removes the others" gc_removed
	check "... from pods too" test "$(at b ip -o link | grep -vc ': lo:')" = 0
	out=$(cni_env CNI_COMMAND=GC CNI_PATH="$CNI_DIR" <<< "$c"); st=$?
	check "GC without a valid-attachments list fails" \
		fails_code 7 valid-attachments "$out" $st
	check "GC with an empty list removes all" cni_env CNI_COMMAND=GC \
		CNI_PATH="$CNI_DIR" <<< "$(jq -c '.["cni.dev/valid-attachments"] = []' <<< "$c")"
	check "... leaving nothing" nothing_left
}
gc_results() { echo 7; }

setup || skip_all "cannot build the topology"
tests_run
