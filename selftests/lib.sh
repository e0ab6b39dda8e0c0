# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared by podol's selftests: KTAP output, requirements, and network
# namespaces that are removed when the test exits, however it exits.
#
# A test, the way selftests/net/forwarding shapes one: its checks are
# functions, named in order in ALL_TESTS; it builds its topology, then
# calls tests_run, which prints the plan, runs the checks (or only those
# named in TESTS) and exits 0 (all passed), 1 (a failure) or 4 (everything
# skipped). A check reports through check, ktap_ok, ktap_fail or
# ktap_skip: one result, or as many as its NAME_results function prints
# (a table-driven check prints its table's length).

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# podol_helper NAME: where helper NAME is: helpers/NAME in this tree, or
# beside lib.sh where kselftest's install (which flattens every file it
# copies into the test's folder) put it.
podol_helper() {
	if [ -e "$HERE/helpers/$1" ]; then echo "$HERE/helpers/$1"; else echo "$HERE/$1"; fi
}
PODOL_NL=$(podol_helper podol_nl)
# Names unique to this run, so a test never touches a user's objects.
PFX=podt$$

# PODOL_FAST=1 (environment; in the VMs, the kernel command line): the
# devices the tests' clusters make (node_pod) and drop_counters' run
# podol's fast path (ip link ... type podol fast), so that every datapath
# test checks it too.
PODOL_LINK_FAST=()
[ "${PODOL_FAST:-0}" = 1 ] && PODOL_LINK_FAST=(fast)
# PODOL_DIRECT=1: the same devices take the direct paths (ip link ...
# type podol direct).
PODOL_LINK_DIRECT=()
[ "${PODOL_DIRECT:-0}" = 1 ] && PODOL_LINK_DIRECT=(direct)

_ktap_n=0 _ktap_pass=0 _ktap_fail=0 _ktap_skip=0 _ktap_plan=

ktap_plan() {
	_ktap_plan=$1
	echo "KTAP version 1"
	echo "1..$1"
}
ktap_ok() {
	_ktap_n=$((_ktap_n + 1)) _ktap_pass=$((_ktap_pass + 1))
	echo "ok $_ktap_n $1"
}
ktap_fail() {
	_ktap_n=$((_ktap_n + 1)) _ktap_fail=$((_ktap_fail + 1))
	echo "not ok $_ktap_n $1"
}
ktap_skip() {
	_ktap_n=$((_ktap_n + 1)) _ktap_skip=$((_ktap_skip + 1))
	echo "ok $_ktap_n $1 # SKIP $2"
}
diag() { echo "# $*"; }

# check DESCRIPTION COMMAND...: one result from a command's exit status;
# the command's output is shown as diagnostics when it fails.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ktap_ok "$desc"
	else
		[ -n "$out" ] && sed 's/^/# /' <<< "$out"
		ktap_fail "$desc"
	fi
}

ktap_finish() {
	echo "# totals: pass:$_ktap_pass fail:$_ktap_fail skip:$_ktap_skip"
	if [ "$_ktap_n" != "$_ktap_plan" ]; then
		echo "# planned $_ktap_plan results, reported $_ktap_n"
		exit $KSFT_FAIL
	fi
	if [ "$_ktap_fail" -gt 0 ]; then exit $KSFT_FAIL; fi
	if [ "$_ktap_pass" -eq 0 ] && [ "$_ktap_skip" -gt 0 ]; then exit $KSFT_SKIP; fi
	exit $KSFT_PASS
}

# The number of results check $1 reports.
_results_of() {
	if declare -F "$1_results" > /dev/null; then "$1_results"; else echo 1; fi
}

# tests_run: the checks named in TESTS, or else in ALL_TESTS; the plan is
# the sum of what each reports, so no script counts it by hand.
tests_run() {
	# Underscored: bash's locals are seen by the checks it calls.
	local _t _n=0 _before _want
	for _t in ${TESTS:-$ALL_TESTS}; do
		declare -F "$_t" > /dev/null || { diag "no check named $_t"; exit $KSFT_FAIL; }
		_n=$((_n + $(_results_of "$_t")))
	done
	ktap_plan "$_n"
	[ ${#PODOL_LINK_FAST[@]} = 0 ] || diag "podol's fast path is on (PODOL_FAST=1)"
	[ ${#PODOL_LINK_DIRECT[@]} = 0 ] || diag "podol's direct paths are on (PODOL_DIRECT=1)"
	for _t in ${TESTS:-$ALL_TESTS}; do
		_before=$_ktap_n _want=$(_results_of "$_t")
		"$_t"
		[ $((_ktap_n - _before)) = "$_want" ] ||
			diag "$_t reported $((_ktap_n - _before)) results, not $_want"
	done
	ktap_finish
}

# skip_all REASON: the whole test cannot run here.
skip_all() {
	echo "KTAP version 1"
	echo "1..0 # SKIP $1"
	exit $KSFT_SKIP
}

# env_count VAR NAME DEFAULT MAX: sets VAR to the size of a test that
# the environment variable NAME gives, a whole number from 1 to MAX, or
# to DEFAULT when NAME is unset. Anything else fails the test before it
# starts: a typo in a size given to the VMs must not pass as a run.
env_count() {
	local v=${!2:-$3}
	if ! [[ $v =~ ^[1-9][0-9]{0,8}$ ]] || [ "$v" -gt "$4" ]; then
		echo "KTAP version 1"
		echo "1..0"
		echo "Bail out! $2=$v: not a whole number from 1 to $4"
		exit $KSFT_FAIL
	fi
	printf -v "$1" %s "$v"
}

require_root() {
	[ "$(id -u)" = 0 ] || skip_all "needs root"
}
require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" > /dev/null || skip_all "needs $c"
	done
}
require_podol() {
	require_root
	modprobe -q podol 2>/dev/null || skip_all "podol.ko is not installed"
	[ -x "$PODOL_NL" ] || skip_all "helpers not built (make -C selftests helpers)"
}
# The plugin `ip` loads for type podol is installed, or named by IP_LIB_DIR.
require_plugin() {
	ip link help podol 2>&1 | grep -q 'podol \[ port PORT \]' ||
		skip_all "the iproute2 plugin link_podol.so is not installed"
}

# Network namespaces: ns NAME creates $PFX-NAME; at NAME CMD... runs there
# and logs what it runs, as a diagnostic line on the test's own stderr
# (fd $_log_fd), so that a command's output, even captured with 2>&1,
# never holds the log.
exec {_log_fd}>&2

# The test's begin and end in the kernel log, so that a splat is blamed
# on the test that caused it, and, on a kernel with kmemleak (the debug
# tier), a scan at its end whose report goes to the kernel log between
# them. Here rather than in a runner, as kselftest's runner runs each
# test itself: whichever runs it, the test marks itself, once. A test is
# a script run as *.sh that no test started: PODOL_TEST, exported, tells
# what it starts (mark.sh, helpers) and the guest jobs that source this
# library for its functions to leave the kernel log alone.
KMEMLEAK=/sys/kernel/debug/kmemleak
_kmsg() {
	local mark
	mark=$(dirname "$0")/mark.sh
	# In a cluster, mark.sh writes to the kernel log of every node.
	if [ -x "$mark" ]; then "$mark" "$*"; else echo "$*" > /dev/kmsg; fi 2> /dev/null
}
_marking=0
_test_begin() {
	export PODOL_TEST=${0##*/}
	_marking=1
	_kmsg "podol-selftest: begin $PODOL_TEST"
	# What boot or the tests before left behind is not this test's.
	[ -w "$KMEMLEAK" ] && echo clear > "$KMEMLEAK"
}
# kmemleak reports only objects older than 5 s, hence the wait; the
# report is cleared after, so one leak fails one test.
_test_end() {
	local report line
	[ "$_marking" = 1 ] || return 0
	_marking=0
	if [ -w "$KMEMLEAK" ]; then
		sleep 6
		echo scan > "$KMEMLEAK"
		echo scan > "$KMEMLEAK"
		report=$(cat "$KMEMLEAK")
		if [ -n "$report" ]; then
			echo "$report" | sed 's/^/# kmemleak: /'
			while IFS= read -r line; do _kmsg "kmemleak: $line"; done <<< "$report"
		fi
		echo clear > "$KMEMLEAK"
	fi
	_kmsg "podol-selftest: end $PODOL_TEST"
}
[ -z "${PODOL_TEST:-}" ] && [[ $0 == *.sh ]] && _test_begin

_ns_list=()
ns() {
	ip netns add "$PFX-$1" || return 1
	_ns_list+=("$PFX-$1")
	ip -n "$PFX-$1" link set lo up
}
at() {
	local n=$1
	shift
	echo "# [$n] $*" >&$_log_fd
	ip netns exec "$PFX-$n" "$@"
}
ns_del() {
	ip netns del "$PFX-$1"
}
_cleanup() {
	local n
	for n in "${_ns_list[@]}"; do
		ip netns del "$n" 2> /dev/null
	done
	# Devices and sockets die with their netns only after an RCU grace
	# period and the netns' cleanup work; wait for them.
	for _ in $(seq 1 50); do
		[ -z "$(ip netns list 2>/dev/null | grep "^$PFX-")" ] && break
		sleep 0.1
	done
	_test_end
}
trap _cleanup EXIT

# podol_devices [NETNS]: how many podol devices there are.
podol_devices() {
	if [ -n "${1:-}" ]; then
		ip -n "$PFX-$1" -d -o link show type podol 2>/dev/null | wc -l
	else
		ip -d -o link show type podol 2>/dev/null | wc -l
	fi
}

# udp_bound NETNS PORT: a UDP socket is bound to PORT in NETNS.
udp_bound() {
	at "$1" ss -H -uln "sport = :$2" | grep -q .
}

# wait_for COMMAND...: until it succeeds, for up to 5 s (WAIT_TRIES
# tenths of a second, if set).
wait_for() {
	for _ in $(seq 1 "${WAIT_TRIES:-50}"); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# fails_with MESSAGE COMMAND...: COMMAND fails and its output says MESSAGE.
fails_with() {
	local msg=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "accepted: $*"
		return 1
	fi
	grep -q -- "$msg" <<< "$out" && return 0
	echo "expected \"$msg\", got: $out"
	return 1
}

PODOLCTL=$HERE/../tools/podolctl/podolctl
[ -x "$PODOLCTL" ] || PODOLCTL=$(command -v podolctl || echo podolctl)
PODOL_CRAFT=$(podol_helper podol_craft)

require_podolctl() {
	[ -x "$PODOLCTL" ] || skip_all "podolctl is not built or installed"
}

# require_craft: what a test that sends hand-made podol packets
# (helpers/podol_craft) and reads podol's counters needs.
require_craft() {
	require_podol
	require_podolctl
	require_cmd jq
	[ -x "$PODOL_CRAFT" ] || skip_all "helpers not built (make -C selftests helpers)"
}

# require_fuzzer HELPER: what a fuzz test needs: podol, podolctl, the
# tools it reads counters and the kernel log with, and helpers/HELPER.
require_fuzzer() {
	require_podol
	require_podolctl
	require_cmd jq ping dmesg
	[ -x "$(podol_helper "$1")" ] || skip_all "helpers not built (make -C selftests helpers)"
}

# cluster N [LINK-ARGS...]: N nodes on one underlay segment (a bridge in
# netns "ul"), the Kubernetes way: node i (netns nI) has underlay
# addresses 10.0.0.1i and 2001:db8::1i on ul0, pod CIDRs 192.168.i.0/24
# and fd10:i::/64 on pod0 towards its pod (netns pI: 192.168.i.2 and
# fd10:i::2), and podol0 (created with LINK-ARGS) carrying the cluster
# ranges 192.168.0.0/16 and fd10::/16. The node table is left empty.
#
#   pI (192.168.I.2, fd10:I::2)         netns pI, I = 1..N
#    | eth0
#    | pod0 (192.168.I.1, fd10:I::1)
#   nI  podol0 -> 192.168.0.0/16, fd10::/16
#    | ul0 (10.0.0.1I, 2001:db8::1I)
#    | ulpI
#   ul  br0 (every node's ulpI)
cluster() {
	local n=$1 i
	shift
	ns ul
	at ul ip link add br0 type bridge
	at ul ip link set br0 up
	for i in $(seq 1 "$n"); do
		cluster_node "$i" "$@" || return 1
	done
}

# cluster_node I [LINK-ARGS...]: node I of a cluster and its pod, as
# cluster makes them; also to make a node again once its netns are gone.
cluster_node() {
	local i=$1
	shift
	ns "n$i" && ns "p$i" || return 1
	ip link add ul0 netns "$PFX-n$i" type veth peer name "ulp$i" netns "$PFX-ul"
	at ul ip link set "ulp$i" master br0 up
	at "n$i" ip addr add "10.0.0.1$i/24" dev ul0
	at "n$i" ip addr add "2001:db8::1$i/64" dev ul0 nodad
	at "n$i" ip link set ul0 up
	at "n$i" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	node_pod "$i" "$@"
}

# node_pod I [LINK-ARGS...]: the pod of node I, as cluster makes it, in
# netns pI behind nI's pod0, and nI's podol0 (created with LINK-ARGS).
node_pod() {
	local i=$1
	shift
	ip link add pod0 netns "$PFX-n$i" type veth peer name eth0 netns "$PFX-p$i"
	at "n$i" ip addr add "192.168.$i.1/24" dev pod0
	at "n$i" ip addr add "fd10:$i::1/64" dev pod0 nodad
	at "n$i" ip link set pod0 up
	at "p$i" ip addr add "192.168.$i.2/24" dev eth0
	at "p$i" ip addr add "fd10:$i::2/64" dev eth0 nodad
	at "p$i" ip link set eth0 up
	at "p$i" ip route add default via "192.168.$i.1"
	at "p$i" ip -6 route add default via "fd10:$i::1"
	at "n$i" ip link add podol0 type podol "${PODOL_LINK_FAST[@]}" "${PODOL_LINK_DIRECT[@]}" "$@"
	at "n$i" ip link set podol0 up
	at "n$i" ip route add 192.168.0.0/16 dev podol0
	at "n$i" ip -6 route add fd10::/16 dev podol0
}

# mesh N v4|v6: every node of a cluster knows every other, by its IPv4 or
# IPv6 underlay address, with both of its pod CIDRs.
mesh() {
	local n=$1 fam=$2 i j remote
	for i in $(seq 1 "$n"); do
		for j in $(seq 1 "$n"); do
			[ "$i" = "$j" ] && continue
			if [ "$fam" = v4 ]; then remote=10.0.0.1$j; else remote=2001:db8::1$j; fi
			at "n$i" "$PODOLCTL" node add dev podol0 remote "$remote" \
				cidr "192.168.$j.0/24" cidr "fd10:$j::/64" || return 1
		done
	done
}

# podol_stat NETNS JQ-PATH: a counter of podol0 in NETNS, from podolctl -j
# stats (e.g. .drops.rx_short, .rx_packets). Not "stat": that would hide
# the command from every test.
podol_stat() {
	at "$1" "$PODOLCTL" -j stats dev podol0 | jq ".[0].stats$2"
}

# capture NETNS DEV FILTER: starts tcpdump for one packet matching FILTER;
# capture_wait [MATCH] waits for it (30 s at most) and leaves tcpdump's
# verbose decoding of it in $CAPTURED, empty if it saw nothing; with
# MATCH, a second tcpdump filter, $MATCHED is that decoding if the packet
# matches MATCH too and empty otherwise. Header fields are tested by
# such filters (e.g. 'udp[8] & 0xf0 = 0'), never by slicing hex. Not in
# a subshell: it waits for a job. capture_emit NAME then writes that
# packet to the test's output, a pcap in base64 between "pcap NAME begin"
# and "pcap NAME end" lines, for readers outside a VM (whose output is
# all that leaves it): tools/check/wireshark.sh --vm-log decodes them.
capture() {
	_cap_pcap=$(mktemp) _cap_err=$(mktemp)
	ip netns exec "$PFX-$1" timeout 30 tcpdump -i "$2" -n -c 1 -w "$_cap_pcap" "$3" \
		> /dev/null 2> "$_cap_err" &
	_cap_pid=$!
	# Not a fixed sleep: on a loaded debug kernel tcpdump took longer
	# than a second to open its socket and missed the packet.
	WAIT_TRIES=200 wait_for grep -q "listening on" "$_cap_err" ||
		diag "tcpdump is not listening after 20 s: $(cat "$_cap_err")"
}
capture_wait() {
	wait "$_cap_pid"
	CAPTURED=$(tcpdump -r "$_cap_pcap" -n -v 2>/dev/null)
	MATCHED=
	[ -n "${1:-}" ] && MATCHED=$(tcpdump -r "$_cap_pcap" -n -v "$1" 2>/dev/null)
	_cap_base64=$(base64 < "$_cap_pcap")
	rm -f "$_cap_pcap" "$_cap_err"
}
capture_emit() {
	diag "pcap $1 begin"
	sed 's/^/# /' <<< "$_cap_base64"
	diag "pcap $1 end"
}
