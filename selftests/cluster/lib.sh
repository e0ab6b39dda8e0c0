# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared by the cluster tests and by the job each VM of the cluster runs
# (tools/vm/jobs/cluster-node.sh). The cluster: N VMs on one L2 segment,
# node 1 the controller, where the tests run; nodes 1-3 each run a member
# of one etcd cluster.
#
#   node1 (controller)   node2        node3        node4 ...
#   10.0.0.11            10.0.0.12    10.0.0.13    10.0.0.14    eth0
#   fd00::11             fd00::12     fd00::13     fd00::14
#   etcd member          etcd member  etcd member  -            :2379, :2380
#   remote exec server on every node (remote.sh, port 7777)
#
# A test is shaped as selftests/lib.sh says (ALL_TESTS, checks,
# tests_run), with that library's KTAP helpers; it runs on node 1 and
# reaches the others with `on NODE CMD` and `on_bg NODE CMD`. Whatever it
# starts or creates on another node it undoes with defer_on.
#
# Time across nodes: VM clocks differ by up to a second, so a test
# measures on the controller's clock only. await_start PORT listens there;
# a node says something happened with `notify 1 PORT MSG` (one UDP
# datagram, sent by bash itself); `await MSG` prints the controller's
# time of its arrival. The error is the datagram's trip and the
# listener's wake-up: tens of milliseconds under TCG on a busy 2-core
# machine (ping's round trip on the segment there: 1.5 to 86 ms, 48 on
# average, at a load average of 5), so compare against budgets of
# seconds. A remote command (`on`) itself takes about 2 s there.

CLUSTER_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$CLUSTER_LIB/../lib.sh"
. "$CLUSTER_LIB/remote.sh"

# What cluster_node_setup leaves for every later shell on the node.
CLUSTER_ENV=/run/podol-cluster
# Made on a node to end its job (cluster_poweroff).
CLUSTER_DONE=/run/podol-cluster-done
# shellcheck disable=SC1090
[ -r "$CLUSTER_ENV" ] && . "$CLUSTER_ENV"
CLUSTER_NODES=${CLUSTER_NODES:-4}

nodes() { seq 1 "$CLUSTER_NODES"; }
# node_self: this node's number, from its host name "nodeI".
node_self() { local h; h=$(hostname); echo "${h#node}"; }
node_ip() { echo "10.0.0.$((10 + $1))"; }
node_ip6() { echo "fd00::$((10 + $1))"; }

# on_all CMD...: CMD on every node; fails if it failed on any.
on_all() {
	local n rc=0
	for n in $(nodes); do
		on "$n" "$@" || rc=1
	done
	return $rc
}

# slowwait SECONDS COMMAND...: until it succeeds, once a second; what it
# printed the last time is shown when it never did.
slowwait() {
	local end=$(($(date +%s) + $1)) out
	shift
	until out=$("$@" 2>&1); do
		if [ "$(date +%s)" -ge "$end" ]; then
			echo "$out"
			return 1
		fi
		sleep 1
	done
}

# defer_on NODE CMD: runs CMD on NODE when the test exits, the last
# deferred first, whatever the outcome.
_deferred=()
defer_on() {
	_deferred=("$1 $2" "${_deferred[@]}")
}
_run_deferred() {
	local d
	for d in "${_deferred[@]}"; do
		on "${d%% *}" "${d#* }" > /dev/null 2>&1
	done
}
trap '_run_deferred; _cleanup' EXIT

# etcd: a member on each of nodes 1-3 (fewer nodes, fewer members), data
# on tmpfs, run by tools/etcd/member.sh (in the VM, /podol/etcd).
ETCD_MEMBER=$CLUSTER_LIB/../../etcd/member.sh
[ -x "$ETCD_MEMBER" ] || ETCD_MEMBER=$CLUSTER_LIB/../../tools/etcd/member.sh
ETCD_DATA=/tmp/etcd
ETCD_PID=/run/etcd.pid

etcd_members() { seq 1 $((CLUSTER_NODES < 3 ? CLUSTER_NODES : 3)); }
etcd_url() { echo "http://$(node_ip "$1"):2379"; }
etcd_endpoints() {
	local n
	for n in $(etcd_members); do etcd_url "$n"; done | paste -sd,
}
etcd_initial_cluster() {
	local n
	for n in $(etcd_members); do echo "node$n=http://$(node_ip "$n"):2380"; done | paste -sd,
}
# etcdctl_via NODE ARGS...: etcdctl through NODE's member alone.
etcdctl_via() {
	local n=$1
	shift
	etcdctl --endpoints="$(etcd_url "$n")" --command-timeout=10s "$@"
}

# etcd_member_start, etcd_member_stop: this node's member, started on
# its data directory (a new member the first time; afterwards it
# rejoins), stopped by SIGKILL (a crash, as a node would die).
etcd_member_start() {
	local n
	n=$(node_self)
	mkdir -p "$ETCD_DATA"
	setsid "$ETCD_MEMBER" "node$n" "$ETCD_DATA/node$n" "$(etcd_url "$n")" \
		"http://$(node_ip "$n"):2380" "$(etcd_initial_cluster)" \
		>> "$ETCD_DATA/node$n.log" 2>&1 < /dev/null &
	echo $! > "$ETCD_PID"
}
etcd_member_stop() {
	local pid
	pid=$(cat "$ETCD_PID" 2>/dev/null) || return 0
	kill -KILL "$pid" 2>/dev/null
	WAIT_TRIES=100 wait_for eval "! kill -0 $pid 2>/dev/null"
	rm -f "$ETCD_PID"
}
# etcd_up NODE, etcd_down NODE: the same, on NODE.
etcd_up() { on "$1" ". ./lib.sh && etcd_member_start"; }
etcd_down() { on "$1" ". ./lib.sh && etcd_member_stop"; }

# etcd_wait_healthy [SECONDS [ENDPOINTS]]: until every member (or those
# ENDPOINTS) answers health checks from here; 60 s by default.
etcd_wait_healthy() {
	local end=$(($(date +%s) + ${1:-60})) eps=${2:-$(etcd_endpoints)}
	until etcdctl --endpoints="$eps" --command-timeout=5s endpoint health > /dev/null 2>&1; do
		if [ "$(date +%s)" -ge "$end" ]; then
			etcdctl --endpoints="$eps" --command-timeout=5s endpoint health
			return 1
		fi
		sleep 1
	done
}

# Measuring on the controller's clock (see the top). await_start PORT
# logs, with its arrival time, each datagram to PORT; await MSG
# [SECONDS] prints that time for the first MSG (30 s at most);
# await_stop ends it. notify NODE PORT MSG sends one. now prints this
# node's time, in await's form; elapsed_ms T0 T1, the milliseconds
# between two such times.
await_start() {
	_await_log=$(mktemp)
	# The times come from bash's own clock, in the loop: no process
	# is started between a datagram's arrival and its time.
	socat -u "UDP4-RECV:$1,reuseaddr" - 2> /dev/null > >(
		while IFS= read -r _l; do printf '%s %s\n' "$EPOCHREALTIME" "$_l"; done > "$_await_log") &
	_await_pid=$!
	wait_for eval "ss -H -uln 'sport = :$1' | grep -q ."
}
await() {
	local end=$(($(date +%s) + ${2:-30})) t
	while :; do
		t=$(awk -v m="$1" '{ t = $1; sub(/^[^ ]* /, "") } $0 == m { print t; exit }' "$_await_log")
		[ -n "$t" ] && { echo "$t"; return 0; }
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.05
	done
}
await_stop() {
	kill "$_await_pid" 2> /dev/null
	rm -f "$_await_log"
}
notify() { printf '%s\n' "$3" > "/dev/udp/$(node_ip "$1")/$2"; }
now() { echo "$EPOCHREALTIME"; }
elapsed_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d\n", (b - a) * 1000 }'; }

# cluster_node_setup NODES: this node's part of the cluster: its
# underlay address, its remote exec server, its etcd member. The node
# job runs it at boot.
cluster_node_setup() {
	local n
	n=$(node_self)
	CLUSTER_NODES=$1
	echo "CLUSTER_NODES=$1" > "$CLUSTER_ENV"
	ip link set eth0 up &&
		ip addr add "$(node_ip "$n")/24" dev eth0 &&
		ip -6 addr add "$(node_ip6 "$n")/64" dev eth0 nodad || return 1
	setsid socat "TCP-LISTEN:$ON_PORT,reuseaddr,fork,backlog=64" \
		EXEC:"$CLUSTER_LIB/remote.sh serve" < /dev/null > /tmp/on-server.log 2>&1 &
	wait_for eval "ss -H -tln 'sport = :$ON_PORT' | grep -q ." || return 1
	if [ "$n" -le 3 ]; then etcd_member_start; fi
}

# cluster_wait_ready SECONDS: on the controller, until every node answers
# and etcd is healthy; says when each was.
cluster_wait_ready() {
	local t0 end n
	t0=$(date +%s)
	end=$((t0 + $1))
	for n in $(nodes); do
		until on "$n" true 2> /dev/null; do
			[ "$(date +%s)" -ge "$end" ] && { diag "node$n never answered"; return 1; }
			sleep 1
		done
		diag "node$n answers ($(($(date +%s) - t0)) s, $(cut -d' ' -f1 /proc/uptime) s after boot)"
	done
	etcd_wait_healthy $((end - $(date +%s))) || return 1
	diag "etcd healthy ($(($(date +%s) - t0)) s, $(cut -d' ' -f1 /proc/uptime) s after boot)"
}

# cluster_poweroff: on the controller, ends every other node's job.
cluster_poweroff() {
	local n
	for n in $(nodes); do
		[ "$n" = "$(node_self)" ] && continue
		ON_TIMEOUT=60 on "$n" "touch $CLUSTER_DONE" ||
			ON_TIMEOUT=60 on "$n" "touch $CLUSTER_DONE" ||
			echo "cluster: node$n did not take its end"
	done
}
