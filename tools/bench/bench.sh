#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# podol's datapath benchmark against the kernel's other overlays, run as
# root where podol.ko, podolctl and the tools are installed (make bench
# runs it in a VM of the harness).
#
# Two node namespaces joined by a veth underlay, a pod behind each; the
# near pod (192.168.1.2) talks to the far pod (192.168.2.2) through each
# overlay in turn, round after round (A B C ... A B C ...), so that the
# machine's drift hits every overlay alike:
#   none       plain routing between the nodes (the floor)
#   podol      podol with one node in its table
#   podol10k   podol with 10,000 nodes in its table
#   vxlan, geneve, ipip, fou (ipip over fou), wireguard
# and measures
#   tcp1, tcp4   TCP throughput, 1 and 4 streams (iperf3), Mbit/s
#   pps          64-byte UDP packets per second delivered to the far pod,
#                generated in the kernel by pktgen on the near pod's
#                interface (iperf3 would measure user space, not the path)
#   p50, p99     UDP request/response latency (sockperf ping-pong), usec
# then, after the rounds, the table's scale in pairs: on one podol device,
# TCP 1 stream and the 64-byte rate with 1 node and then with 10,000 nodes
# in its table, pair after pair (overlays "scale1" and "scale10k"). Each
# pair's two figures are seconds apart, so the host's drift, which moves
# whole rounds by 20% here, mostly cancels in the pair's ratio.
#
# Output: CSV lines "round,overlay,metric,value" on stdout.
#
# --profile "podol vxlan": samples the whole machine (perf, cpu-clock: a
# VM under TCG has no PMU) while those overlays run the 1-stream TCP test
# and the 64-byte test, and prints where the time went, by symbol, after
# the last round.
#
#   bench.sh [--rounds N] [--seconds S] [--overlays "none podol ..."]
#            [--profile "OVERLAY ..."] [--pairs N]
set -uo pipefail

ROUNDS=5
SECS=4
OVERLAYS="none podol podol10k vxlan geneve ipip fou wireguard"
PROFILE=""
PAIRS=5
PROFDIR=$(mktemp -d)
while [ $# -gt 0 ]; do
	case $1 in
	--rounds) ROUNDS=$2; shift 2 ;;
	--seconds) SECS=$2; shift 2 ;;
	# lists may be joined by "+": the VM's job arguments cannot hold spaces
	--overlays) OVERLAYS=${2//+/ }; shift 2 ;;
	--profile) PROFILE=${2//+/ }; shift 2 ;;
	--pairs) PAIRS=$2; shift 2 ;;
	*) echo "usage: $0 [--rounds N] [--seconds S] [--overlays \"...\"] [--profile \"...\"] [--pairs N]" >&2; exit 2 ;;
	esac
done

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
	local i j keys
	[ "$1" = wireguard ] && keys=$(wg_keys)
	for i in 1 2; do
		j=$(other $i)
		case $1 in
		none)
			at "n$i" ip route add "192.168.$j.0/24" via "10.0.0.1$j" ;;
		podol|podol10k)
			at "n$i" ip link add podol0 type podol
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

# prof_start TEST: when the overlay is profiled, starts perf on the whole
# machine for the next SECS - 1 seconds, as a child of this shell (to
# wait for), its pid in PROF_PID.
prof_start() {
	PROF_PID=""
	[[ " $PROFILE " == *" $ov "* ]] || return 0
	perf record -q -a -g -e cpu-clock -F 2000 -o "$PROFDIR/$ov.$1.r$r" -- sleep $((SECS - 1)) \
		> /dev/null 2>&1 &
	PROF_PID=$!
}

tcp() {
	at p2 iperf3 -s -1 > /dev/null 2>&1 &
	sleep 0.5
	local j
	[ "$1" = 1 ] && (sleep 0.5; prof_start tcp1; wait) &
	j=$(at p1 iperf3 -c 192.168.2.2 -t "$SECS" -P "$1" -J 2>/dev/null)
	log "$ov tcp$1: $(jq -r '"\(.end.sum_sent.retransmits) retransmits"' <<< "$j" 2>/dev/null)"
	jq '.end.sum_received.bits_per_second / 1e6 | floor' <<< "$j"
	wait
}

# pps: pktgen on the near pod's eth0 towards the far pod; what arrives at
# the far pod's eth0, per second. The far pod drops them at its ingress
# (after they are counted): delivered to a closed port they would cost
# every overlay alike an ICMP error each, and the errors that pass the
# rate limit would travel back through the overlay under test.
pps() {
	local pg=/proc/net/pktgen mac before after
	at p2 tc qdisc add dev eth0 ingress
	at p2 tc filter add dev eth0 ingress protocol ip prio 1 matchall action drop
	mac=$(at n1 cat /sys/class/net/pod0/address)
	at p1 bash -c "echo rem_device_all > $pg/kpktgend_0 &&
		echo add_device eth0 > $pg/kpktgend_0 &&
		echo 'count 0' > $pg/eth0 && echo 'pkt_size 64' > $pg/eth0 &&
		echo 'delay 0' > $pg/eth0 && echo 'dst 192.168.2.2' > $pg/eth0 &&
		echo 'dst_mac $mac' > $pg/eth0 && echo 'udp_dst_min 9' > $pg/eth0 &&
		echo 'udp_dst_max 9' > $pg/eth0" || { echo 0; return; }
	before=$(at p2 cat /sys/class/net/eth0/statistics/rx_packets)
	local bl0 sent0
	bl0=$(backlog_drops)
	sent0=$(at p1 cat /sys/class/net/eth0/statistics/tx_packets)
	at p1 bash -c "echo start > $pg/pgctrl" &
	local gen=$!
	prof_start pps
	sleep "$SECS"
	[ -n "$PROF_PID" ] && wait "$PROF_PID"
	at p1 bash -c "echo stop > $pg/pgctrl"
	wait $gen 2>/dev/null
	after=$(at p2 cat /sys/class/net/eth0/statistics/rx_packets)
	log "$ov pps: sent $(( ($(at p1 cat /sys/class/net/eth0/statistics/tx_packets) - sent0) / SECS ))/s," \
		"delivered $(( (after - before) / SECS ))/s, dropped at a full backlog $(( ($(backlog_drops) - bl0) / SECS ))/s"
	at p1 bash -c "echo rem_device_all > $pg/kpktgend_0"
	at p2 tc qdisc del dev eth0 ingress
	echo $(( (after - before) / SECS ))
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

# Load what the overlays need up front: `ip fou` does not load fou.
for m in pktgen fou vxlan geneve ipip wireguard; do modprobe -q "$m" 2>/dev/null; done
echo "round,overlay,metric,value"
for r in $(seq 1 "$ROUNDS"); do
	for ov in $OVERLAYS; do
		log "round $r: $ov"
		if ! up "$ov"; then
			down "$ov"
			continue
		fi
		echo "$r,$ov,tcp1,$(tcp 1)"
		echo "$r,$ov,tcp4,$(tcp 4)"
		echo "$r,$ov,pps,$(pps)"
		read -r p50 p99 <<< "$(latency)"
		echo "$r,$ov,p50,$p50"
		echo "$r,$ov,p99,$p99"
		down "$ov"
	done
done

# The scale pairs: podol up as in the rounds, then n1's table swapped
# between 1 and 10,000 nodes (one replace each, half a second) before each
# measurement.
if [ "$PAIRS" -gt 0 ] && up podol; then
	for r in $(seq 1 "$PAIRS"); do
		for n in 1 10k; do
			ov=scale$n
			log "pair $r: $ov"
			t=table$n
			at n1 podolctl node replace dev podol0 file "${!t}"
			echo "$r,$ov,tcp1,$(tcp 1)"
			echo "$r,$ov,pps,$(pps)"
		done
	done
	down podol
fi

# Where the time went in the profiled tests, per overlay and round:
# the time in each stage of the path (a stage's function and all it calls,
# as a share of all samples, idle included), then the symbols above 0.5%.
STAGES="pktgen_xmit ip_forward podol_xmit vxlan_xmit geneve_xmit ipip_tunnel_xmit
	udp_tunnel_xmit_skb ip_local_out veth_xmit __udp4_lib_rcv podol_udp_encap_recv
	vxlan_rcv geneve_udp_encap_recv gro_cells_receive gro_cell_poll
	ip_rcv ip_forward_finish icmp_send __icmp_send pv_native_safe_halt"
OWN_STAGES="podol_xmit podol_udp_encap_recv vxlan_xmit vxlan_rcv gro_cell_poll"
for f in "$PROFDIR"/*; do
	[ -f "$f" ] || continue
	echo "# profile: ${f##*/}, share of samples by stage (with callees)"
	perf report -i "$f" --stdio --children --sort sym -g none 2>/dev/null |
		awk -v stages="$STAGES" 'BEGIN { n = split(stages, s); for (i = 1; i <= n; i++) want[s[i]] = 1 }
			/^ +[0-9]/ && ($NF in want) { printf "# profile:   %-28s %s\n", $NF, $1 }'
	echo "# profile: ${f##*/}, share of samples by symbol (self)"
	perf report -i "$f" --stdio --no-children --sort sym -g none --percent-limit 0.5 2>/dev/null |
		grep -E '^ +[0-9]' | head -n 40 | sed 's/^/# profile: /'
	# Inside the overlay's own stages: the symbols (self) that samples
	# below each of them end in, as a share of that stage's samples.
	perf script -i "$f" -F ip,sym 2>/dev/null | awk -v stages="$OWN_STAGES" '
		BEGIN { n = split(stages, s); for (i = 1; i <= n; i++) want[s[i]] = 1 }
		function flush(   st) {
			for (st in seen) { tot[st]++; hit[st, leaf]++ }
			delete seen; leaf = ""
		}
		/^$/ { flush(); next }
		{ sym = $2; if (leaf == "") leaf = sym; if (sym in want) seen[sym] = 1 }
		END {
			flush()
			for (k in hit) { split(k, p, SUBSEP); printf "%s %.1f %s\n", p[1], 100 * hit[k] / tot[p[1]], p[2] }
		}' | sort -k1,1 -k2,2gr | awk -v f="${f##*/}" '
		$1 != last { last = $1; shown = 0; printf "# profile: %s, inside %s (self, share of its samples)\n", f, $1 }
		shown++ < 15 { printf "# profile:     %5.1f%%  %s\n", $2, $3 }'
done
rm -rf "$PROFDIR"
