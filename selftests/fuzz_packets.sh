#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A million datagrams at podol's port (helpers/podol_fuzz): random bytes,
# and valid packets broken in every way doc/wire-format.md names, from a
# node podol knows and from one it does not, over IPv4 and IPv6. Each one
# is accounted for: delivered, or dropped under the very reason the
# fuzzer worked out from the bytes it sent; and none was lost in the
# kernel's UDP layer before podol saw it. The kernel log stays free of
# splats, and the pods still reach each other afterwards.
#
# PODOL_FUZZ_PACKETS (1000000) and PODOL_FUZZ_SEED change the run. The seed
# is printed; with it, podol_fuzz --first N --count 1 --hex prints any
# packet again.
#
# The fuzzer sends its whole count, however long that takes: pass or
# fail never depends on how fast the machine is. Its time is printed;
# the test's timeout (settings) leaves three times what it takes on a
# busy 2-core machine (README, "Test timing").
. "$(dirname "$0")/lib.sh"
require_fuzzer podol_fuzz
PODOL_FUZZ=$(podol_helper podol_fuzz)

env_count COUNT PODOL_FUZZ_PACKETS 1000000 100000000
SEED=${PODOL_FUZZ_SEED:-}
UNIT=2000	# packets of the valid class alone
SPLAT_RE='WARNING:|BUG:|Oops|general protection fault|kernel BUG at|Kernel panic|detected stall|stall on CPU|scheduling while atomic|KASAN:|UBSAN:|unreferenced object|circular locking|inconsistent lock state|suspicious RCU usage|refcount_t:'

ALL_TESTS="valid_class fuzz_run kernel_log_clean pods_still_ping"

fuzz() {
	at n2 "$PODOL_FUZZ" --to 10.0.0.11 --to 2001:db8::11 --id 42 \
		--node 10.0.0.12=192.168.2.0/24,fd10:2::/64 \
		--node 2001:db8::12=192.168.12.0/24,fd10:12::/64 \
		--stranger 10.0.0.99 --stranger 2001:db8::99 \
		--inner-dst 192.168.1.2 --inner-dst fd10:1::2 \
		${SEED:+--seed "$SEED"} "$@"
}

# counters: node 1's podol0 as "name value" lines: delivered, rx_bytes,
# and each receive drop reason.
counters() {
	at n1 "$PODOLCTL" -j stats dev podol0 | jq -r '.[0].stats |
		"delivered \(.rx_packets)", "rx_bytes \(.rx_bytes)",
		(.drops | to_entries[] | select(.key | startswith("rx_")) |
		 "\(.key) \(.value)")'
}

# snmp NETNS: the netns's IPv4 and IPv6 MIBs as "Udp.InDatagrams N" and
# "Udp6InDatagrams N" lines.
snmp() {
	at "$1" awk '
		FILENAME ~ /snmp6$/ { print; next }
		$1 in names { n = split(names[$1], k); for (i = 2; i <= NF; i++)
				print substr($1, 1, length($1) - 1) "." k[i], $i; next }
		{ names[$1] = $0 }' /proc/net/snmp /proc/net/snmp6
}

# delta BEFORE AFTER: "name after-before" for every name in AFTER.
delta() {
	awk 'NR == FNR { b[$1] = $2; next } { print $1, $2 - b[$1] }' \
		<(echo "$1") <(echo "$2")
}

# get NAME LINES: the value of NAME in "name value" lines, 0 if absent.
get() {
	awk -v k="$1" '$1 == k { v = $2 } END { print v + 0 }' <<< "$2"
}
# expected NAME: what the fuzzer's last run ($res; not $out, which
# check() uses) said NAME must move by.
expected() {
	awk -v k="$1" '$1 == "expect" && $2 == k { print $3 }' <<< "$res"
}

# A unit of the valid class alone: every packet is delivered, and reaches
# the pod behind node 1 (UDP to a closed port, echo requests, or an
# experimental protocol, each counted there).
pod_seen() {
	snmp p1 | awk '$1 ~ /^(Udp\.NoPorts|Icmp\.InEchos|Ip\.InUnknownProtos|Udp6NoPorts|Icmp6InEchos|Ip6InUnknownProtos)$/ { n += $2 }
		END { print n + 0 }'
}
valid_unit() {
	local drops
	drops=$(awk '$1 ~ /^rx_/ && $1 != "rx_bytes" { n += $2 } END { print n + 0 }' <<< "$d")
	[ "$(get sent "$res")" = $UNIT ] && [ "$(get delivered "$d")" = $UNIT ] &&
		[ "$(get rx_bytes "$d")" = "$(expected rx_bytes)" ] &&
		[ "$drops" = 0 ] && return 0
	echo "$res"
	echo "counters moved by:"
	echo "$d"
	return 1
}
valid_class_results() { echo 2; }
valid_class() {
	local before pod0 pod
	before=$(counters)
	pod0=$(pod_seen)
	res=$(fuzz --class valid --count $UNIT --seed 1 2>&1)
	sleep 1
	d=$(delta "$before" "$(counters)")
	pod=$(( $(pod_seen) - pod0 ))
	diag "valid class: podol delivered $(get delivered "$d") of $UNIT packets," \
		"$(get rx_bytes "$d") bytes ($(expected rx_bytes) sent); the pod counted $pod"
	check "the valid class: $UNIT packets delivered by podol, bytes as sent" valid_unit
	check "the valid class: all $UNIT reached the pod behind node 1" test "$pod" = $UNIT
}

fuzzer_ran() {
	[ $rc = 0 ] && [ "$sent" -ge "$COUNT" ] && return 0
	echo "podol_fuzz exited with $rc and sent $sent of $COUNT in ${took}s" \
	     "($(grep '^rate ' <<< "$res" | cut -d' ' -f2) packets/s)"
	return 1
}

accounted() {
	local total
	total=$(awk '$1 == "delivered" || $1 ~ /^rx_/ && $1 != "rx_bytes" { n += $2 } END { print n + 0 }' <<< "$d")
	[ "$total" = "$sent" ] && return 0
	echo "sent $sent, podol counted $total:"
	echo "$d"
	return 1
}

# Each counter against the fuzzer's verdicts: "expect NAME N" lines.
as_expected() {
	local name want have bad=0
	while read -r _ name want; do
		have=$(get "$name" "$d")
		if [ "$have" != "$want" ]; then
			echo "$name: podol counted $have, the fuzzer expected $want"
			bad=1
		fi
	done < <(grep '^expect ' <<< "$res")
	return $bad
}

# podol's socket counts each datagram it takes in InDatagrams, and no
# other socket on node 1 receives any: InDatagrams = sent means none was
# lost under podol (a full backlog, a checksum). UDP errors can be there
# all the same, and are not the fuzzer's datagrams: random inner packets
# that podol delivers to a broadcast or multicast address reach node 1's
# own UDP layer, which refuses their random lengths and checksums.
# fuzz_run sets udp_in, udp_want and udp_what (which datagrams).
udp_layer() {
	[ "$udp_in" = "$udp_want" ] && return 0
	echo "sent $udp_want; node 1's $udp_what took in $udp_in"
	echo "drops on the path (n2 ul0, bridge ports, n1 ul0):"
	at n2 ip -s link show ul0
	at ul ip -s link show ulp1
	at ul ip -s link show ulp2
	at n1 ip -s link show ul0
	echo "softnet_stat (processed, dropped, squeezed), per CPU:"
	cat /proc/net/softnet_stat
	return 1
}

# The run itself, and its accounts.
fuzz_run_results() { echo 4; }
fuzz_run() {
	local before udp0 start
	before=$(counters)
	udp0=$(snmp n1)
	start=$(date +%s)
	res=$(fuzz --count "$COUNT" 2>&1)
	rc=$?
	took=$(( $(date +%s) - start ))
	sleep 1
	d=$(delta "$before" "$(counters)")
	udp=$(delta "$udp0" "$(snmp n1)")
	sent=$(get sent "$res")
	echo "$res" | sed 's/^/# /'
	diag "the fuzzer took ${took}s; the test had run ${SECONDS}s by then"
	check "the fuzzer sent $COUNT packets, seed $(awk '$1 == "seed" { print $2 }' <<< "$res")" fuzzer_ran
	check "every packet accounted for: delivered + receive drops = sent" accounted
	check "delivered, rx_bytes and each drop reason as the fuzzer expected" as_expected
	diag "node 1's UDP errors meanwhile (delivered inner packets, see above):" \
		"$(( $(get Udp.InErrors "$udp") + $(get Udp6InErrors "$udp") ))"
	# With direct, most IPv4 datagrams go past UDP to podol (the account
	# above covers them): only IPv6's are counted, against those sent.
	if [ ${#PODOL_LINK_DIRECT[@]} = 0 ]; then
		udp_in=$(( $(get Udp.InDatagrams "$udp") + $(get Udp6InDatagrams "$udp") ))
		udp_want=$sent udp_what=UDP
	else
		udp_in=$(get Udp6InDatagrams "$udp")
		udp_want=$(get sent_ipv6 "$res") udp_what="UDP over IPv6"
	fi
	check "none lost before podol: node 1's $udp_what took in all $udp_want" udp_layer
}

# What the kernel logged since the test began; its start must still be
# there. Lines other than the bridge's port changes are shown.
kernel_log_clean() {
	local klog other
	if ! dmesg | grep -qF "$mark"; then
		ktap_fail "the kernel log has no WARN, BUG, KASAN or UBSAN report (it lost the test's start)"
		return
	fi
	klog=$(dmesg | awk -v m="$mark" 'index($0, m) { on = 1; next } on')
	other=$(grep -vE 'br0: port|promiscuous mode|allmulticast mode' <<< "$klog")
	[ -n "$other" ] && diag "$(wc -l <<< "$other") other kernel log lines, the first:" &&
		head -n 5 <<< "$other" | sed 's/^/#   /'
	check "the kernel log has no WARN, BUG, KASAN or UBSAN report" \
		bash -c '! grep -E "$1" <<< "$2"' - "$SPLAT_RE" "$klog"
}

# Node 2 learns node 1 again (the topology has it forget node 1).
pods_still_ping_results() { echo 2; }
pods_still_ping() {
	at n2 "$PODOLCTL" node add dev podol0 remote 10.0.0.11 \
		cidr 192.168.1.0/24 cidr fd10:1::/64
	check "and then IPv4 ping from pod to pod" at p1 ping -c 2 -W 2 192.168.2.2
	check "and IPv6 ping back" at p2 ping -c 2 -W 2 fd10:1::2
}

# The kernel log is checked from here on.
mark="podol fuzz_packets $PFX: starts"
echo "$mark" > /dev/kmsg
# Two nodes (see cluster) on network id 42; node 2 has two more underlay
# addresses, a stranger's, that node 1 does not know.
#
#   n1's table:  10.0.0.12     -> 192.168.2.0/24, fd10:2::/64
#                2001:db8::12  -> 192.168.12.0/24, fd10:12::/64
#   n2's table:  empty while the fuzzer runs
#   n2's ul0:    10.0.0.12, 2001:db8::12 and 10.0.0.99, 2001:db8::99
#   n2 --podol_fuzz--> n1's port 6464
cluster 2 id 42
mesh 2 v4
# Node 2 is known by its IPv4 address and, as a second node with other
# CIDRs, by its IPv6 one, so that valid packets arrive over both
# underlays. 10.0.0.99 and 2001:db8::99 are node 2's too, but podol0 on
# node 1 knows neither.
at n1 "$PODOLCTL" node add dev podol0 remote 2001:db8::12 \
	cidr 192.168.12.0/24 cidr fd10:12::/64
at n2 ip addr add 10.0.0.99/24 dev ul0
at n2 ip addr add 2001:db8::99/64 dev ul0 nodad
# Node 2 forgets node 1 while the fuzzer runs: what the pod behind node
# 1 answers, and the ICMP errors node 2 would send back about it, must
# not reach node 1's podol0 and be counted with the fuzzer's packets.
at n2 "$PODOLCTL" node del dev podol0 remote 10.0.0.11
# Neighbours resolved now: the first packets must not wait in a queue
# that can overflow.
at n2 ping -c 1 -W 5 10.0.0.11 > /dev/null
at n2 ping -c 1 -W 5 2001:db8::11 > /dev/null
at n1 ping -c 1 -W 5 192.168.1.2 > /dev/null
at n1 ping -c 1 -W 5 fd10:1::2 > /dev/null
tests_run
