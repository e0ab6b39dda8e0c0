#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# podol's datapath benchmark against the kernel's other overlays, run as
# root where podol.ko, podolctl and the tools are installed (make bench
# runs it in a VM of the harness).
#
# Two node namespaces joined by a veth underlay, a pod behind each; the
# near pod (192.168.1.2) talks to the far pod (192.168.2.2) through each
# overlay in turn, round after round (A B C ... A B C ...), after a round
# 0 of the last one alone, not counted (see there):
#   none       plain routing between the nodes (the floor)
#   podol      podol with one node in its table
#   podolfast  the same with its fast path on (ip link ... type podol fast)
#   podoldirect  podolfast with the direct output too (... fast direct)
#   podol10k   podol with 10,000 nodes in its table
#   vxlan, geneve, ipip, fou (ipip over fou), wireguard
# and measures
#   tcp1, tcp4   TCP throughput, 1 and 4 streams (iperf3), Mbit/s
#   pps          64-byte UDP packets per second delivered to the far pod,
#                generated in the kernel by pktgen on the near pod's
#                interface (iperf3 would measure user space, not the path)
#   p50, p99     UDP request/response latency (sockperf ping-pong), usec
# Every rate is computed from the guest's own clock.
#
# --mode icount: the machine is a qemu guest under -icount shift=0 with one
# vCPU, so a nanosecond of guest time is one guest instruction and the
# whole path runs on that vCPU. The figures are then costs, the same from
# run to run: ins_pkt (instructions per 64-byte packet delivered), ins_mb
# (instructions per MB, 10^6 bytes, of TCP 1 stream) and p50, p99 (virtual
# usec; one is 1,000 instructions). tcp4 is left out: on one vCPU it
# measures what tcp1 does.
# --mode wall (on a machine with several CPUs, KVM or real): the rates
# above, and after the rounds the table's scale in pairs: on one podol
# device, TCP 1 stream and the 64-byte rate with 1 node and then with
# 10,000 nodes in its table, pair after pair (overlays "scale1" and
# "scale10k"), seconds apart, so the host's drift mostly cancels in each
# pair's ratio.
#
# Output: CSV lines "round,overlay,metric,value" on stdout.
#
# --profile "podol vxlan": instead of the rounds, for each overlay named,
# the 64-byte path's instructions per packet, then a function trace of
# the landmarks of its stages, which under icount times each stage to
# the instruction (stages.awk); then, as "# profile:" lines, a table of
# the stages in instructions per packet, the overlays side by side.
# --detail "FUNCTION ...": with --profile, these functions are traced
# too, and each overlay's walk, landmark by landmark (walk.awk), follows
# the table as "# walk:" lines.
#
#   bench.sh [--mode icount|wall] [--rounds N] [--seconds S]
#            [--overlays "none podol ..."] [--profile "OVERLAY ..."]
#            [--detail "FUNCTION ..."] [--pairs N]
set -uo pipefail

MODE=wall
ROUNDS=5
SECS=4
OVERLAYS="none podol podolfast podoldirect podol10k vxlan geneve ipip fou wireguard"
PROFILE=""
DETAIL=""
PAIRS=5
HERE=$(cd "$(dirname "$0")" && pwd)
while [ $# -gt 0 ]; do
	case $1 in
	--mode) MODE=$2; shift 2 ;;
	--rounds) ROUNDS=$2; shift 2 ;;
	--seconds) SECS=$2; shift 2 ;;
	# lists may be joined by "+": the VM's job arguments cannot hold spaces
	--overlays) OVERLAYS=${2//+/ }; shift 2 ;;
	--profile) PROFILE=${2//+/ }; shift 2 ;;
	--detail) DETAIL=${2//+/ }; shift 2 ;;
	--pairs) PAIRS=$2; shift 2 ;;
	*) echo "usage: $0 [--mode icount|wall] [--rounds N] [--seconds S] [--overlays \"...\"] [--profile \"...\"] [--detail \"...\"] [--pairs N]" >&2; exit 2 ;;
	esac
done
case $MODE in
icount|wall) ;;
*) echo "bench: --mode is icount or wall, not \"$MODE\"" >&2; exit 2 ;;
esac
if [ -n "$DETAIL" ] && [ -z "$PROFILE" ]; then
	echo "bench: --detail traces the profiled overlays: give --profile too" >&2
	exit 2
fi

P=pb$$
at() { local n=$1; shift; ip netns exec "$P-$n" "$@"; }
log() { echo "# $*" >&2; }
cleanup() {
	local n
	for n in n1 n2 p1 p2; do ip netns del "$P-$n" 2>/dev/null; done
	pkill -f "sockperf sr" 2>/dev/null
	true
}
trap cleanup EXIT

for n in n1 n2 p1 p2; do
	ip netns add "$P-$n"
	at "$n" ip link set lo up
done
ip link add ul0 netns "$P-n1" type veth peer name ul0 netns "$P-n2"
for i in 1 2; do
	at "n$i" ip addr add "10.0.0.1$i/24" dev ul0
	at "n$i" ip link set ul0 up
	at "n$i" sysctl -qw net.ipv4.ip_forward=1
	ip link add pod0 netns "$P-n$i" type veth peer name eth0 netns "$P-p$i"
	at "n$i" ip addr add "192.168.$i.1/24" dev pod0
	at "n$i" ip link set pod0 up
	at "p$i" ip addr add "192.168.$i.2/24" dev eth0
	at "p$i" ip link set eth0 up
	at "p$i" ip route add default via "192.168.$i.1"
done

# The 10,000-node table: the real peer and 9,999 others, two CIDRs each;
# and the 1-node table of the scale pairs.
table1=$(mktemp)
echo "remote 10.0.0.12 cidr 192.168.2.0/24" > "$table1"
table10k=$(mktemp)
{
	cat "$table1"
	for i in $(seq 1 9999); do
		echo "remote 10.$((i / 62500 + 1)).$((i / 250 % 250)).$((i % 250 + 1)) cidr 10.$((100 + i / 62500)).$((i / 250 % 250)).$((i % 250))/32 cidr fd20:$((i / 65536)):$((i % 65536))::/48"
	done
} > "$table10k"
trap 'cleanup; rm -f "$table1" "$table10k"' EXIT

# other I: the other node's number.
other() { echo $((3 - $1)); }

wg_keys() {
	local d
	d=$(mktemp -d)
	for i in 1 2; do
		wg genkey > "$d/k$i"
		wg pubkey < "$d/k$i" > "$d/p$i"
	done
	echo "$d"
}

# up OVERLAY / down OVERLAY: put the overlay between the nodes, so that
# each pod's subnet is routed to the other node through it.
up() {
	local i j keys fast=()
	[ "$1" = podolfast ] && fast=(fast)
	[ "$1" = podoldirect ] && fast=(fast direct)
	[ "$1" = wireguard ] && keys=$(wg_keys)
	for i in 1 2; do
		j=$(other $i)
		case $1 in
		none)
			at "n$i" ip route add "192.168.$j.0/24" via "10.0.0.1$j" ;;
		podol|podolfast|podoldirect|podol10k)
			at "n$i" ip link add podol0 type podol "${fast[@]}"
			at "n$i" ip link set podol0 up
			if [ "$1" = podol10k ] && [ $i = 1 ]; then
				at n1 podolctl node replace dev podol0 file "$table10k"
			else
				at "n$i" podolctl node add dev podol0 remote "10.0.0.1$j" cidr "192.168.$j.0/24"
			fi
			at "n$i" ip route add "192.168.$j.0/24" dev podol0 ;;
		vxlan|geneve)
			if [ "$1" = vxlan ]; then
				# dev: its MTU then leaves room for the headers, as
				# flannel's does; without it vxlan keeps 1500 and
				# fragments every full-sized packet on the underlay.
				at "n$i" ip link add ov0 type vxlan id 42 local "10.0.0.1$i" remote "10.0.0.1$j" \
					dstport 4789 dev ul0
			else
				at "n$i" ip link add ov0 type geneve id 42 remote "10.0.0.1$j"
			fi
			at "n$i" ip addr add "172.31.0.$i/24" dev ov0
			at "n$i" ip link set ov0 up
			at "n$i" ip route add "192.168.$j.0/24" via "172.31.0.$j" dev ov0 ;;
		ipip|fou)
			if [ "$1" = fou ]; then
				at "n$i" ip fou add port 5555 ipproto 4
				at "n$i" ip link add ov0 type ipip local "10.0.0.1$i" remote "10.0.0.1$j" \
					encap fou encap-sport auto encap-dport 5555
			else
				at "n$i" ip link add ov0 type ipip local "10.0.0.1$i" remote "10.0.0.1$j"
			fi
			at "n$i" ip link set ov0 up
			at "n$i" ip route add "192.168.$j.0/24" dev ov0 ;;
		wireguard)
			at "n$i" ip link add ov0 type wireguard
			at "n$i" wg set ov0 listen-port 51820 private-key "$keys/k$i" \
				peer "$(cat "$keys/p$j")" allowed-ips "192.168.$j.0/24" \
				endpoint "10.0.0.1$j:51820"
			at "n$i" ip link set ov0 up
			at "n$i" ip route add "192.168.$j.0/24" dev ov0 ;;
		esac
	done
	[ -n "${keys:-}" ] && rm -rf "$keys"
	log "$1: MTU $(at n1 cat /sys/class/net/"$( [ "${1#podol}" != "$1" ] && echo podol0 || echo ov0 )"/mtu 2>/dev/null || echo "of ul0 (no overlay)")"
	# Warm up: neighbours, routes, and wireguard's handshake.
	for _ in $(seq 1 20); do
		at p1 ping -c 1 -W 1 192.168.2.2 > /dev/null 2>&1 && return 0
	done
	log "$1: the pods cannot reach each other"
	return 1
}

down() {
	local i j
	for i in 1 2; do
		j=$(other $i)
		at "n$i" ip route del "192.168.$j.0/24" 2>/dev/null
		at "n$i" ip link del podol0 2>/dev/null
		at "n$i" ip link del ov0 2>/dev/null
		at "n$i" ip fou del port 5555 2>/dev/null
		# What the pods learnt of the path (its MTU, TCP's metrics)
		# must not carry over to the next overlay.
		at "p$i" ip route flush cache
		at "p$i" ip tcp_metrics flush all 2>/dev/null
	done
	true
}

tcp() {
	at p2 iperf3 -s -1 > /dev/null 2>&1 &
	sleep 0.5
	local j
	j=$(at p1 iperf3 -c 192.168.2.2 -t "$SECS" -P "$1" -J 2>/dev/null)
	log "$ov tcp$1: $(jq -r '"\(.end.sum_sent.retransmits) retransmits"' <<< "$j" 2>/dev/null)"
	# bits per second of guest time, as the receiver counted them
	jq '.end.sum_received.bits_per_second' <<< "$j"
	wait
}

# window: in the far pod, the packets its eth0 received during SECS
# seconds of guest time, and that time exactly, as "PACKETS NS". One
# shell reads the counter and the clock at both ends and waits on a FIFO
# in between, so that no process starts inside the window.
# shellcheck disable=SC2016 # the script's own variables
window() {
	ip netns exec "$P-p2" bash -c '
		f=$(mktemp -u) && mkfifo "$f" && exec 3<> "$f" && rm "$f" || exit 1
		c=/sys/class/net/eth0/statistics/rx_packets
		read -r a < "$c"; t0=$EPOCHREALTIME
		read -r -t "$1" -u 3 _
		read -r b < "$c"; t1=$EPOCHREALTIME
		echo "$((b - a)) $(( ${t1/./} - ${t0/./} ))000"' _ "$SECS"
}

# pktgen_start / pktgen_stop: pktgen on the near pod's eth0 towards the
# far pod, as fast as it goes; the far pod drops the packets at its
# ingress (after they are counted): delivered to a closed port they would
# cost every overlay alike an ICMP error each, and the errors that pass
# the rate limit would travel back through the overlay under test.
PG=/proc/net/pktgen
pktgen_start() {
	local mac
	at p2 tc qdisc add dev eth0 ingress
	at p2 tc filter add dev eth0 ingress protocol ip prio 1 matchall action drop
	mac=$(at n1 cat /sys/class/net/pod0/address)
	at p1 bash -c "echo rem_device_all > $PG/kpktgend_0 &&
		echo add_device eth0 > $PG/kpktgend_0 &&
		echo 'count 0' > $PG/eth0 && echo 'pkt_size 64' > $PG/eth0 &&
		echo 'delay 0' > $PG/eth0 && echo 'dst 192.168.2.2' > $PG/eth0 &&
		echo 'dst_mac $mac' > $PG/eth0 && echo 'udp_dst_min 9' > $PG/eth0 &&
		echo 'udp_dst_max 9' > $PG/eth0" || return 1
	BL0=$(backlog_drops)
	at p1 bash -c "echo start > $PG/pgctrl" &
	PG_PID=$!
	# into its steady state before anything is measured
	sleep 0.2
}

pktgen_stop() {
	at p1 bash -c "echo stop > $PG/pgctrl"
	wait "$PG_PID" 2>/dev/null
	log "$ov pps: $(( $(backlog_drops) - BL0 )) packets dropped at a full backlog"
	at p1 bash -c "echo rem_device_all > $PG/kpktgend_0"
	at p2 tc qdisc del dev eth0 ingress
}

# pps: the 64-byte path, as "PACKETS NS" delivered in one window.
pps() {
	pktgen_start || { echo "0 1"; return; }
	window
	pktgen_stop
}

# Packets every CPU's backlog (netif_rx) dropped, full, since boot.
backlog_drops() {
	local n=0 d
	while read -r _ d _; do n=$((n + 0x$d)); done < /proc/net/softnet_stat
	echo $n
}

# latency: sockperf ping-pong; prints "p50 p99" in microseconds.
latency() {
	at p2 sockperf sr -i 192.168.2.2 -p 11111 > /dev/null 2>&1 &
	local srv=$!
	sleep 0.5
	at p1 sockperf pp -i 192.168.2.2 -p 11111 -t "$SECS" 2>/dev/null |
		awk '/percentile 50.000 =/ { p50 = $NF } /percentile 99.000 =/ { p99 = $NF }
		     END { print p50 + 0, p99 + 0 }'
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
}

# div A B K: A * K / B, rounded; 0 when B is not above 0.
div() {
	awk -v a="$1" -v b="$2" -v k="$3" 'BEGIN { printf "%.0f", (b > 0 ? a * k / b : 0) }'
}

# measure ROUND: one overlay's figures as CSV lines, for MODE.
measure() {
	local r=$1 bps n ns p50 p99
	bps=$(tcp 1)
	read -r n ns <<< "$(pps)"
	log "$ov: $n packets in $ns ns"
	if [ "$MODE" = icount ]; then
		# 10^9 instructions a second: 8 * 10^15 per bit per second
		# is instructions per MB.
		echo "$r,$ov,ins_mb,$(div 8e15 "$bps" 1)"
		echo "$r,$ov,ins_pkt,$(div "$ns" "$n" 1)"
	else
		echo "$r,$ov,tcp1,$(div "$bps" 1e6 1)"
		echo "$r,$ov,tcp4,$(div "$(tcp 4)" 1e6 1)"
		echo "$r,$ov,pps,$(div "$n" "$ns" 1e9)"
	fi
	read -r p50 p99 <<< "$(latency)"
	echo "$r,$ov,p50,$p50"
	echo "$r,$ov,p99,$p99"
}

# Stages of the --profile table (stages.awk), in the path's order.
STAGES=(
	"gen:pktgen and the near pod's veth"
	"rx1:near node: IP receive, to the route decision"
	"fwd:near node: IP forwarding, to the overlay (none: to the underlay)"
	"xmit:overlay's transmit, its own code (podol_xmit, vxlan_xmit)"
	"outer:outer IP output (udp_tunnel_xmit_skb; direct: from udp_set_csum), to the underlay device"
	"underlay:underlay: veth, backlog, the far node's receive up to IP"
	"rx2:far node: IP receive of the outer packet, to the route decision (none: of the packet; direct: to the PRE_ROUTING hook)"
	"input:outer input and UDP lookup (ip_local_deliver; direct: podol_direct_rx4), to the socket's hook"
	"recv:overlay's receive hook (podol_udp_encap_recv, vxlan_rcv), to the GRO cell (fast: to the inner IP receive)"
	"inner:inner delivery (GRO cell, but with fast: inner IP receive, forwarding, veth to the far pod)"
	"fwd2:far node: IP forwarding to the far pod's veth (none)"
	"farpod:far pod's ingress (counted, dropped), back to pktgen"
)
# The functions that open them: stages.awk's own list.
LANDMARKS=$(awk -v list=1 -f "$HERE/trace.awk" -f "$HERE/stages.awk")
TR=/sys/kernel/tracing

# profile OVERLAY DIR: the 64-byte path's instructions per packet, then
# the same under a function trace of the landmarks (x86-tsc clock: guest
# time, so instructions, under icount), cut into stages by stages.awk,
# into DIR/OVERLAY; with DETAIL, the walk (walk.awk) into DIR/OVERLAY.walk.
profile() {
	local n ns n2 ns2 ipp traced f rc
	pktgen_start || return 1
	read -r n ns <<< "$(window)"
	echo 0 > $TR/tracing_on
	echo nop > $TR/current_tracer
	echo x86-tsc > $TR/trace_clock
	echo 2048 > $TR/buffer_size_kb
	: > $TR/set_ftrace_filter
	for f in $LANDMARKS $DETAIL; do echo "$f" >> $TR/set_ftrace_filter 2>/dev/null; done
	# An empty filter would trace every function.
	if ! grep -qv '^#' $TR/set_ftrace_filter; then
		pktgen_stop
		return 1
	fi
	: > $TR/trace
	echo function > $TR/current_tracer
	echo 1 > $TR/tracing_on
	read -r n2 ns2 <<< "$(window)"
	echo 0 > $TR/tracing_on
	pktgen_stop
	ipp=$(div "$ns" "$n" 1)
	traced=$(div "$ns2" "$n2" 1)
	{
		echo "stage total $ipp"
		awk -v ipp="$ipp" -v traced="$traced" -f "$HERE/trace.awk" -f "$HERE/stages.awk" $TR/trace
	} > "$2/$1"
	rc=$?
	if [ $rc = 0 ] && [ -n "$DETAIL" ]; then
		awk -v ipp="$ipp" -v traced="$traced" -f "$HERE/trace.awk" -f "$HERE/walk.awk" $TR/trace > "$2/$1.walk"
		rc=$?
	fi
	echo nop > $TR/current_tracer
	: > $TR/set_ftrace_filter
	log "$1: $ipp instructions per packet, $traced traced;" \
		"$(awk '$1 != "stage" { printf "%s %s ", $1, $2 }' "$2/$1")"
	return $rc
}

# profile_table DIR OVERLAY...: the stages of the profiled overlays, side
# by side, in instructions per packet.
profile_table() {
	local d=$1 s key o line
	shift
	line="| stage |"
	for o in "$@"; do line+=" $o |"; done
	echo "$line"
	echo "|---|$(printf -- '---:|%.0s' "$@")"
	for s in "${STAGES[@]}" "total:the whole path (measured without the trace)"; do
		key=${s%%:*}
		line="| ${s#*:} |"
		for o in "$@"; do
			line+=" $(awk -v k="$key" '$1 == "stage" && $2 == k { v = $3 } END { print v + 0 }' "$d/$o") |"
		done
		echo "$line"
	done
}

# walk_table DIR OVERLAY: its walk, step by step, in instructions.
walk_table() {
	awk -v ov="$2" '
		$1 == "walk" { printf "| %d | %s | %s | %d |\n", $2, $3, $4, $5; next }
		$1 == "total" { printf "| | | the steps together | %d |\n", $2; next }
		$1 == "packets" { n = $2 }
		$1 == "overhead" { printf "\n%s: the walk %d packets took; %d instructions a landmark, the tracer'"'"'s, taken off each step.\n", ov, n, $2 }
		BEGIN { printf "| %s: step | from | to | instructions |\n|---:|---|---|---:|\n", ov }
	' "$1/$2.walk"
}

# Load what the overlays need up front: `ip fou` does not load fou.
for m in pktgen fou vxlan geneve ipip wireguard; do modprobe -q "$m" 2>/dev/null; done
# pktgen must not outrun the softirqs it raises. Once they are deferred to
# ksoftirqd (6.1 then defers every one while ksoftirqd is runnable),
# pktgen at an equal share of the CPU fills the backlog, and the drops
# cost instructions that deliver nothing: ipip's rounds on 6.1 gave
# 19,887 and 29,247 instructions per packet. With ksoftirqd at nice -20,
# ksoftirqd runs as soon as it is woken, and the path a packet at a time.
# pktgen keeps its own nice: at 19 (meant here once, never applied, as
# every netns has a kpktgend_0 and renice was given them as one word),
# wireguard's cost per delivered packet went from 36,421 to 46,280
# instructions on 6.12, its rounds 2% apart.
# shellcheck disable=SC2046 # one pid a word
renice -n -20 -p $(pgrep -x 'ksoftirqd/[0-9]+') > /dev/null

if [ -n "$PROFILE" ]; then
	pdir=$(mktemp -d)
	prc=0
	for ov in $PROFILE; do
		log "profiling $ov"
		if ! up "$ov" || ! profile "$ov" "$pdir"; then
			log "$ov: no profile"
			prc=1
		fi
		down "$ov"
	done
	if [ $prc = 0 ]; then
		# shellcheck disable=SC2086
		profile_table "$pdir" $PROFILE | sed 's/^/# profile: /'
		if [ -n "$DETAIL" ]; then
			for ov in $PROFILE; do
				echo
				walk_table "$pdir" "$ov"
			done | sed 's/^/# walk: /'
		fi
	fi
	rm -rf "$pdir"
	exit $prc
fi

echo "round,overlay,metric,value"
# Round 0, not counted: the list's last overlay, so that the first one
# follows it in round 1 as in every later round. After boot alone, 6.1's
# no-overlay p99 came out apart from the later rounds': the share of
# samples the timer tick slows sits near 1% there (README), and what ran
# before moves it.
ov=${OVERLAYS##* }
log "round 0 (not counted): $ov"
up "$ov" && measure 0 > /dev/null
down "$ov"
for r in $(seq 1 "$ROUNDS"); do
	for ov in $OVERLAYS; do
		log "round $r: $ov"
		if ! up "$ov"; then
			down "$ov"
			continue
		fi
		measure "$r"
		down "$ov"
	done
done

# The scale pairs (wall mode): podol up as in the rounds, then n1's table
# swapped between 1 and 10,000 nodes (one replace each, half a second)
# before each measurement.
if [ "$MODE" = wall ] && [ "$PAIRS" -gt 0 ] && up podol; then
	for r in $(seq 1 "$PAIRS"); do
		for n in 1 10k; do
			ov=scale$n
			log "pair $r: $ov"
			t=table$n
			at n1 podolctl node replace dev podol0 file "${!t}"
			echo "$r,$ov,tcp1,$(div "$(tcp 1)" 1e6 1)"
			read -r n ns <<< "$(pps)"
			echo "$r,$ov,pps,$(div "$n" "$ns" 1e9)"
		done
	done
	down podol
fi
