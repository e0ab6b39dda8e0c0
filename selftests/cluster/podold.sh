#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# podold keeps every node's podol table in step with etcd: the cluster's
# configuration, the first sync, nodes joining and leaving, bad records
# skipped, direct routing on the shared segment. The cluster and its pods
# are podold_lib.sh's.
. "$(dirname "$0")/podold_lib.sh"
require_root
require_cmd etcdctl jq podold podolctl tcpdump

ALL_TESTS="config_set initial_sync join_leave bad_records direct_routing"
JOIN_ROUNDS=${PODOLD_JOIN_ROUNDS:-4}

config_refused() {
	local out
	echo '{"cidrs": ["10.244.0.0/16"], "colour": "blue"}' > /tmp/bad.json
	out=$(podold config set /tmp/bad.json --etcd-endpoints="$(etcd_endpoints)" 2>&1) && return 1
	echo "$out"
	grep -q '"colour"' <<< "$out" && ! etcdctl_all get "${P}config" | grep -q .
}
config_shown() {
	local out
	out=$(podold config show --etcd-endpoints="$(etcd_endpoints)") || return 1
	echo "$out"
	jq -e '.cidrs == ["10.244.0.0/16", "fd10:244::/56"] and .port == 6464 and .direct == "never"' <<< "$out"
}
config_set_results() { echo 3; }
config_set() {
	podold_teardown
	check "podold config set refuses an unknown key, naming it" config_refused
	echo "$CONFIG" > /tmp/cluster.json
	check "podold config set writes a good configuration" \
		podold config set /tmp/cluster.json --etcd-endpoints="$(etcd_endpoints)"
	check "podold config show prints it back, defaults filled in" config_shown
}

distinct_cidrs() {
	local n
	for n in $CORE; do on "$n" "jq -r '.cidrs[]' /run/podol/node.json"; done | sort -u | grep -c /
}
all_pings() {
	local n others rc=0
	for n in $CORE; do
		others=$(tr ' ' '\n' <<< "$CORE" | grep -vx "$n" | paste -sd' ')
		# shellcheck disable=SC2086
		pings "$n" $others || rc=1
	done
	return $rc
}
initial_sync_results() { echo 4; }
initial_sync() {
	local n
	for n in $(nodes); do on "$n" "modprobe podol"; done
	for n in $CORE; do podold_start "$n"; done
	check "node1..3's agents made podol0 and each holds the other 2 nodes" wait_synced 2 $CORE
	for n in $CORE; do pod_add "$n" || diag "node$n: pod setup failed"; done
	check "each node claimed a /24 and a /64, none shared" test "$(distinct_cidrs)" = 6
	check "each agent wrote node.json with its CIDRs, the MTU and the ranges" \
		on 2 "jq -e '(.cidrs | length) == 2 and .mtu == 1464 and .[\"cluster-cidrs\"] == [\"10.244.0.0/16\", \"fd10:244::/56\"]' /run/podol/node.json"
	check "every pod reaches every other pod by its own address, IPv4 and IPv6" all_pings
}

# arm PORT TEST: on each core node, waits until TEST (a shell test)
# holds, then notifies the controller; run before the change.
arm() {
	local n
	for n in $CORE; do
		on_bg "$n" ". ./lib.sh; until $2; do sleep 0.01; done; notify 1 $1 node$n" > /dev/null
	done
}
# arrivals T0: each core node's notice, in ms after T0 ("never" if none).
arrivals() {
	local n t
	for n in $CORE; do
		t=$(await "node$n" 120) || { echo never; continue; }
		elapsed_ms "$1" "$t"
	done
}
# summary NAME: p50 and max of the ms values on stdin.
summary() {
	sort -n | awk -v what="$1" '{ v[NR] = $1 }
		END { printf "%s: %d samples, p50 %d ms, max %d ms\n", what, NR, v[int((NR + 1) / 2)], v[NR] }'
}
# store_events PORT: node4's record's puts and deletes, as the store
# announces them to a watcher on this node, notified as "put" and
# "delete" on PORT: when the change was in the store, on this clock.
store_events() {
	etcdctl_all watch "${P}nodes/node4" | while read -r line; do
		case $line in PUT) notify 1 "$1" put ;; DELETE) notify 1 "$1" delete ;; esac
	done > /dev/null 2>&1 &
}
store_events_stop() { pkill -f "etcdctl.* watch ${P}nodes/node4"; }
# since T0 MS...: each MS less T0's (both in ms), "never" kept.
since() {
	local t0=$1 v
	shift
	for v in "$@"; do
		if [ "$v" = never ] || [ -z "$t0" ]; then echo never; else echo $((v - t0)); fi
	done
}
# timed PORT TEST EVENT ACTION...: arms TEST on the core nodes, runs
# ACTION, and leaves in _timed each node's ms from the store's EVENT
# ("put" or "delete" of node4's record) to TEST holding there, and in
# _timed_end each node's ms from ACTION's start.
timed() {
	local port=$1 test=$2 event=$3 t0 ref
	shift 3
	await_start "$port"
	store_events "$port"
	arm "$port" "$test"
	t0=$(now)
	"$@"
	# shellcheck disable=SC2046
	set -- $(arrivals "$t0")
	ref=$(await "$event" 1 > /dev/null && elapsed_ms "$t0" "$(await "$event" 1)")
	_timed=$(since "$ref" "$@")
	_timed_end="$*"
	store_events_stop
	await_stop
}
join_leave_results() { echo 4; }
join_leave() {
	local r ip4 joins="" leaves="" ends=""
	ip4=$(node_ip 4)
	for r in $(seq 1 "$JOIN_ROUNDS"); do
		timed 9920 "podolctl node show dev podol0 remote $ip4 > /dev/null 2>&1" put \
			podold_start 4
		joins+=$_timed$'\n'
		ends+=$_timed_end$'\n'
		wait_synced 3 4 > /dev/null
		timed 9921 "! podolctl node show dev podol0 remote $ip4 > /dev/null 2>&1" delete \
			podold_leave 4
		leaves+=$_timed$'\n'
	done
	diag "$(grep -vx never <<< "$joins" | grep . | summary "join: node4's record in the store -> in node1..3's tables (target p99 < 1000 ms)")"
	diag "$(grep -vx never <<< "$leaves" | grep . | summary "leave: node4's record deleted -> gone from node1..3's tables (target < 2000 ms)")"
	diag "$(tr ' ' '\n' <<< "$ends" | grep -vx never | grep . | summary "join, end to end: podold started on node4 (a remote command) -> in the tables")"
	check "node4 reached node1..3's tables in all $JOIN_ROUNDS joins" \
		eval "! grep -q never <<< \"\$joins\""
	check "node4 left node1..3's tables in all $JOIN_ROUNDS leaves" \
		eval "! grep -q never <<< \"\$leaves\""
	check "after podold leave, node4's claims and record are gone from the store" \
		eval "! etcdctl_all get --prefix $P | grep -qx node4 &&
		      [ -z \"\$(etcdctl_all get ${P}nodes/node4)\" ]"
	check "after podold leave, node4's own table is empty" \
		eval "[ -z \"\$(table 4)\" ]"
}

# skipped_by REGEX: how many of node1's skipped records' reasons match.
skipped_by() { status 1 '.skipped[].reason' | grep -c -- "$1"; }
bad_records_results() { echo 4; }
bad_records() {
	local mine
	mine=$(on 1 "jq -r '.cidrs[0]' /run/podol/node.json")
	etcdctl_all put "${P}nodes/bad1" 'this is not json' > /dev/null
	etcdctl_all put "${P}nodes/bad2" '{"node":"bad2","ipv4":"10.0.0.52","port":6464,"cidrs":["10.99.0.0/24"]}' > /dev/null
	etcdctl_all put "${P}nodes/bad3" "{\"node\":\"bad3\",\"ipv4\":\"10.0.0.53\",\"port\":6464,\"cidrs\":[\"$mine\"]}" > /dev/null
	etcdctl_all put "${P}nodes/bad4" '{"node":"bad4","ipv4":"224.0.0.5","port":6464,"cidrs":["10.244.204.0/24"]}' > /dev/null
	etcdctl_all put "${P}subnets/10.244.210.0-24" good1 > /dev/null
	etcdctl_all put "${P}nodes/good1" '{"node":"good1","ipv4":"10.0.0.60","port":6464,"cidrs":["10.244.210.0/24"]}' > /dev/null
	check "the good record among the bad ones reaches every table" wait_synced 3 $CORE
	status 1 '.skipped[] | "\(.key): \(.reason)"' | sed 's/^/# /'
	check "node1 skipped the 4 bad records" \
		test "$(status 1 '[.skipped[] | select(.key | test("/bad[1-4]$"))] | length')" = 4
	check "each reason names its fault: JSON, range, this node's CIDR, address" \
		eval "[ \$(skipped_by 'line 1') = 1 ] && [ \$(skipped_by outside) = 1 ] &&
		      [ \$(skipped_by \"this node's\") = 1 ] && [ \$(skipped_by 224.0.0.5) = 1 ]"
	etcdctl_all del --prefix "${P}nodes/bad" > /dev/null
	etcdctl_all del "${P}nodes/good1" > /dev/null
	etcdctl_all del "${P}subnets/10.244.210.0-24" > /dev/null
	check "with them deleted, every agent holds 2 nodes again, skips none, still runs" \
		eval "wait_synced 2 $CORE && [ \"\$(status 1 '.skipped | length')\" = 0 ] &&
		      [ \"\$(status 1 .running)\" = true ]"
}

# udp_seen NODE PEER: how many packets a ping from NODE's pod to PEER's
# pod shows as podol's UDP to PEER on NODE's underlay.
udp_seen() {
	on "$1" "
		. ./lib.sh
		timeout 30 tcpdump -i eth0 -n -l 'udp port 6464 and dst host $(node_ip "$2")' > /tmp/cap.txt 2> /tmp/cap.err &
		WAIT_TRIES=200 wait_for grep -q 'listening on' /tmp/cap.err
		ip netns exec pod ping -c 3 -i 0.3 ${POD4[$2]} > /dev/null || echo 'the ping failed' >&2
		sleep 1
		pkill -x tcpdump
		wait
		grep -c IP /tmp/cap.txt"
}
direct_routes() { on 2 "ip route show proto 64" | grep -c "via $(node_ip 3) dev eth0"; }
direct_routing_results() { echo 4; }
direct_routing() {
	jq -c '.direct = "subnet"' <<< "$CONFIG" > /tmp/direct.json
	podold config set /tmp/direct.json --etcd-endpoints="$(etcd_endpoints)" > /dev/null
	check "with direct: subnet, node2 routes node3's pod CIDR via node3 (proto podol)" \
		eval "WAIT_TRIES=300 wait_for eval '[ \$(direct_routes) = 1 ]'"
	on 2 "ip route show proto 64" | sed 's/^/# /'
	check "node2's pod reaches node3's pod with no podol UDP on the underlay" \
		eval "[ \"\$(udp_seen 2 3)\" = 0 ] && pings 2 3"
	podold config set /tmp/cluster.json --etcd-endpoints="$(etcd_endpoints)" > /dev/null
	check "with direct: never again, the direct routes are gone" \
		eval "WAIT_TRIES=300 wait_for eval '[ \$(direct_routes) = 0 ]'"
	check "and the same ping crosses as podol's UDP" \
		eval "[ \"\$(udp_seen 2 3)\" -ge 3 ]"
}

trap 'podold_exit; _run_deferred; _cleanup' EXIT
tests_run
