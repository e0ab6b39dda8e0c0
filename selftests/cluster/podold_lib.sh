# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What podold's cluster tests share: the cluster they set up, its pods,
# and how they ask each node's agent and kernel what they hold.
#
#   node1 (tests)    node2           node3           node4
#   etcd, podold     etcd, podold    etcd, podold    podold (joins, leaves)
#   pod              pod             pod
#        |_______________|_______________|_______________|  eth0, 10.0.0.0/24
#
# Cluster: 10.244.0.0/16 and fd10:244::/56, a /24 and a /64 per node.
# Each node's pod (netns "pod") is its CIDRs' .2 and ::2, Calico-style: a
# /32 and a /128 on its eth0, a default route through a link-local
# gateway (169.254.1.1 answered by proxy ARP; fe80::1), a host route to
# it. (Proxy ARP alone answers only for an address the host routes
# elsewhere, and the VMs have no default route: the pod gets the gateway's
# neighbour entry instead.) Times printed (join, leave) are the controller's clock (lib.sh:
# notify/await); they are reported, never judged: pass or fail depends
# only on what each table and each pod ends up with.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

P=/podol/default/
# Longer than an agent killed and restarted takes under TCG on a busy
# machine (some 15 s), so that its lease outlives the restart.
TTL=60
PODOLD_LOG=/tmp/podold.log
# The nodes that run podold from the start; node4 joins later.
CORE="1 2 3"
CONFIG='{"cidrs": ["10.244.0.0/16", "fd10:244::/56"], "node-prefix-ipv4": 24,
	"node-prefix-ipv6": 64, "port": 6464, "id": 0, "mtu": 0, "direct": "never"}'
# Each core node's pod addresses, once podold_setup made the pods.
declare -A POD4 POD6

# etcdctl_all ARGS: etcdctl through every member's endpoint. A write is
# tried again when it fails: one just after a member's loss can meet the
# election of a new leader, and a test that goes on without its write
# fails later for a reason it does not show.
etcdctl_all() {
	local try
	case $1 in
	put|del|compaction) ;;
	*) etcdctl --endpoints="$(etcd_endpoints)" --command-timeout=10s "$@"; return ;;
	esac
	for try in 1 2 3; do
		etcdctl --endpoints="$(etcd_endpoints)" --command-timeout=10s "$@" && return 0
		echo "# etcdctl $1 failed (try $try of 3)" >&2
		sleep 2
	done
	return 1
}

# podold_start NODE [ARGS]: the agent on NODE, in the background.
podold_start() {
	on_bg "$1" "exec podold --etcd-endpoints=$(etcd_endpoints) --lease-ttl=$TTL ${*:2} >> $PODOLD_LOG 2>&1" > /dev/null
}
# podold_signal NODE SIG: signals NODE's agent; for KILL and TERM, waits
# until it is gone.
podold_signal() {
	on "$1" "pkill -$2 -x podold || exit 1
		case $2 in KILL|TERM) . ./lib.sh; WAIT_TRIES=300 wait_for eval '! pgrep -x podold > /dev/null' ;; esac"
}
podold_leave() { on "$1" "podold leave --etcd-endpoints=$(etcd_endpoints)" > /dev/null 2>&1; }
# status NODE FILTER: the jq FILTER of NODE's `podold status -j`.
status() { on "$1" "podold status -j" | jq -r "$2"; }
# table NODE: NODE's podol table, one "remote cidr..." line per node, the
# CIDRs in order (the kernel keeps them in the order they came).
table() {
	on "$1" "podolctl -j node show dev podol0" |
		jq -r '.[] | "\(.remote) \(.cidrs | sort | join(" "))"' | sort
}
table_has() { on "$1" "podolctl node show dev podol0 remote $2" > /dev/null 2>&1; }
# synced NODE COUNT: NODE's agent holds COUNT nodes, the store up.
synced() { [ "$(status "$1" '"\(.nodes) \(.store)"' 2> /dev/null)" = "$2 up" ]; }
# wait_synced COUNT NODE...: each NODE synced with COUNT nodes (one
# `on` takes a second or two under TCG: 90 tries are some 3 minutes).
wait_synced() {
	local count=$1 n
	shift
	for n in "$@"; do
		WAIT_TRIES=90 wait_for synced "$n" "$count" && continue
		echo "node$n: not $count nodes with the store up: $(status "$n" '"\(.nodes) nodes, store \(.store), \(.["last-error"])"')"
		on "$n" "tail -n 8 $PODOLD_LOG"
		return 1
	done
}

# pod_add NODE: NODE's pod, addressed from its node.json; fills POD4 and
# POD6.
pod_add() {
	local cidrs c4 c6
	cidrs=$(on "$1" "jq -r '.cidrs[]' /run/podol/node.json") || return 1
	c4=$(grep -F . <<< "$cidrs") c6=$(grep -F : <<< "$cidrs")
	POD4[$1]=${c4%.0/*}.2 POD6[$1]=${c6%/*}2
	on "$1" <<-SCRIPT
	set -e
	sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	ip netns add pod
	ip link add pod0 type veth peer name eth0 netns pod
	sysctl -qw net.ipv4.conf.pod0.proxy_arp=1
	ip link set pod0 up
	ip -6 addr add fe80::1/64 dev pod0 nodad
	ip route add ${POD4[$1]}/32 dev pod0
	ip -6 route add ${POD6[$1]}/128 dev pod0
	ip -n pod link set lo up
	ip -n pod link set eth0 up
	ip -n pod addr add ${POD4[$1]}/32 dev eth0
	ip -n pod -6 addr add ${POD6[$1]}/128 dev eth0 nodad
	ip -n pod route add 169.254.1.1 dev eth0 scope link
	ip -n pod neigh add 169.254.1.1 lladdr \$(cat /sys/class/net/pod0/address) dev eth0 nud permanent
	ip -n pod route add default via 169.254.1.1 dev eth0
	ip -n pod -6 route add default via fe80::1 dev eth0
	SCRIPT
}

# pings FROM TO...: FROM's pod reaches each TO's pod, both families, in
# one remote command.
pings() {
	local from=$1 to script=""
	shift
	for to in "$@"; do
		script+="ip netns exec pod ping -c 1 -w 20 ${POD4[$to]} > /dev/null || { echo 'node$from -> node$to: IPv4 fails'; rc=1; }
		ip netns exec pod ping -6 -c 1 -w 20 ${POD6[$to]} > /dev/null || { echo 'node$from -> node$to: IPv6 fails'; rc=1; }
		"
	done
	on "$from" "rc=0; $script exit \$rc"
}

# ping_start FROM TO [SECONDS]: a continuous ping between their pods, 5 a
# second; ping_end FROM stops it and prints ping's summary line;
# ping_lost_none FROM: whether that ping lost nothing.
ping_start() {
	on_bg "$1" "exec ip netns exec pod ping -i 0.2 -w ${3:-300} ${POD4[$2]} > /tmp/cping.log 2>&1" > /dev/null
}
ping_end() {
	on "$1" "pkill -INT -x ping; . ./lib.sh; WAIT_TRIES=100 wait_for eval '! pgrep -x ping > /dev/null'
		grep -E transmitted /tmp/cping.log"
}
ping_lost_none() {
	local line sent got
	line=$(on "$1" "grep -E transmitted /tmp/cping.log")
	sent=${line%% packets*}
	got=$(sed -E 's/.* ([0-9]+) (packets )?received.*/\1/' <<< "$line")
	[ -n "$sent" ] && [ "$sent" -gt 0 ] && [ "$sent" = "$got" ]
}

podold_teardown() {
	local n
	for n in $(nodes); do
		on "$n" "pkill -KILL -x podold; pkill -x ping; ip netns del pod; ip link del pod0
			ip link del podol0; rm -rf /run/podol" > /dev/null 2>&1
	done
	etcdctl_all del --prefix "$P" > /dev/null 2>&1
}

# podold_agents: a fresh cluster: the configuration written, the agents
# of the core nodes synced. Prints what failed.
podold_agents() {
	local n
	podold_teardown
	echo "$CONFIG" > /tmp/cluster.json
	podold config set /tmp/cluster.json --etcd-endpoints="$(etcd_endpoints)" > /dev/null || return 1
	for n in $(nodes); do on "$n" "modprobe podol" || return 1; done
	for n in $CORE; do podold_start "$n"; done
	wait_synced 2 $CORE
}

# podold_setup: podold_agents, and the core nodes' pods made.
podold_setup() {
	local n
	podold_agents || return 1
	for n in $CORE; do pod_add "$n" || { echo "node$n: no pod"; return 1; }; done
}

# setup: podold_setup as a test's first check. Not run under check: its
# subshell would keep the pods' addresses.
setup() {
	local out rc=0
	out=$(mktemp)
	podold_setup > "$out" 2>&1 || rc=1
	sed 's/^/# /' "$out"
	rm -f "$out"
	check "three agents synced, a pod on each node" test $rc = 0
}

# On the way out, what the agents said, then a clean cluster.
podold_exit() {
	local n
	for n in $(nodes); do
		echo "# node$n's podold log (the end):"
		on "$n" "tail -n 15 $PODOLD_LOG" 2> /dev/null | sed 's/^/#   /'
	done
	podold_teardown
}
