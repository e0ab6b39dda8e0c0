#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile netlink input. podol_nlfuzz sends hand-built malformed messages
# to the generic netlink family "podol" and to RTM_NEWLINK/RTM_SETLINK for
# kind podol, each refused with an extack message while the same message
# without its defect is accepted by a scratch device; then a few thousand
# seeded random mutations of valid messages, in a netns of their own,
# checked against a model of what the kernel accepts. Afterwards the
# device's table and link attributes are byte for byte what they were,
# the kernel has logged nothing but netlink's own rate-limited warnings
# about malformed attributes, and the device still forwards.
#
# PODOL_NLFUZZ_SEED and PODOL_NLFUZZ_COUNT change the mutations (1, 3000).
. "$(dirname "$0")/lib.sh"
require_fuzzer podol_nlfuzz
NLFUZZ=$(podol_helper podol_nlfuzz)
SEED=${PODOL_NLFUZZ_SEED:-1}
env_count COUNT PODOL_NLFUZZ_COUNT 3000 1000000

ALL_TESTS="known_table malformed_cases random_mutations state_unchanged kernel_log_clean
	still_forwards"

tmp=$(mktemp -d)
trap '_cleanup; rm -rf "$tmp"' EXIT

# What the kernel logged since the mark; netlink's core warns, rate
# limited, about attributes of the wrong length and bytes left over.
# The timer core says once per boot that a timer interrupt ran long: in
# a VM on a busy host, the host took the vCPU away (25 ms once, in a VM
# beside another VM and a kernel build on two cores).
MARK="podol-selftest: netlink_fuzz mark $$"
NETLINK_NOISE="netlink: '[^']*': attribute type [0-9]+ has an invalid length\.|netlink: [0-9]+ bytes leftover after parsing attributes in process|(validate_nla|__nla_validate_parse|nla_validate_range_unsigned): [0-9]+ callbacks suppressed|^hrtimer: interrupt took [0-9]+ ns$"
new_log() {
	dmesg | sed -n "/$MARK/,\$p" | sed 1d | sed 's/^\[[ 0-9.]*\] //'
}
log_clean() {
	local other
	other=$(new_log | grep -Ev "$NETLINK_NOISE")
	[ -z "$other" ] && return 0
	echo "$other"
	return 1
}
# nested NAME COMMAND...: COMMAND prints a KTAP document; it goes under
# one result of this test.
nested() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	sed 's/^/    /' <<< "$out"
	if [ "$rc" = 0 ]; then
		ktap_ok "$name: $(grep -c '^ok ' <<< "$out") passed"
	else
		ktap_fail "$name: $(grep -c '^not ok ' <<< "$out") failed (exit $rc)"
	fi
}
table() { at n1 "$PODOLCTL" -j node show dev podol0; }
link() { at n1 ip -d -j link show dev podol0; }

# The topology's replace of node 1's table, with what podolctl said.
known_table() {
	check "node 1's podol0 gets the known table (v4 and v6 nodes and CIDRs)" \
		bash -c 'echo "$2"; exit "$1"' - "$known_rc" "$known_out"
}

# On a KASAN kernel, building and freeing 65,536 nodes twice takes
# minutes: the replace of 100,000 nodes is left out there.
quick=
grep -qw kasan_save_stack /proc/kallsyms 2>/dev/null && quick=-q

malformed_cases() {
	nested "podol_nlfuzz: malformed messages refused, their controls accepted" \
		at n1 "$NLFUZZ" $quick cases podol0 podol1
}

random_mutations() {
	nested "podol_nlfuzz: $COUNT random mutations (seed $SEED) against the model" \
		at m "$NLFUZZ" mutate podol0 "$SEED" "$COUNT"
}

# Against the state the topology recorded before the fuzzing.
state_unchanged_results() { echo 3; }
state_unchanged() {
	check "the table is byte for byte what it was (podolctl -j node show)" \
		test "$(table)" = "$table_before"
	check "the link attributes are byte for byte what they were (ip -d -j link)" \
		test "$(link)" = "$link_before"
	check "no device was left behind by the refused creations" \
		test "$(podol_devices n1)" = 2
}

kernel_log_clean() {
	diag "netlink's own warnings in the kernel log: $(new_log | grep -cE "$NETLINK_NOISE") lines"
	check "the kernel logged nothing but netlink's warnings" log_clean
}

still_forwards_results() { echo 2; }
still_forwards() {
	check "podol0 still forwards: pod 1 pings pod 2 (IPv4)" \
		at p1 ping -c 2 -W 2 192.168.2.2
	check "podol0 still forwards: pod 1 pings pod 2 (IPv6)" \
		at p1 ping -6 -c 2 -W 2 fd10:2::2
}

# Two nodes that know each other (see cluster and mesh); node 1's podol0
# gets the known table. The controls go to a scratch device beside it, on
# a port of its own; the mutations to a device alone in a netns of its own.
#
#   n1: podol0 (the known table: v4 and v6 nodes and CIDRs), podol1 (6465)
#   m:  podol0, for the random mutations
cluster 2
mesh 2 v4
"$NLFUZZ" table > "$tmp/table"
known_out=$(at n1 "$PODOLCTL" node replace dev podol0 file "$tmp/table" 2>&1)
known_rc=$?
at n1 "$PODOL_NL" add podol1 port=6465 > /dev/null
ns m
at m ip link add podol0 type podol

# What the checks compare with afterwards; the kernel log from here on.
table_before=$(table)
link_before=$(link)
echo "$MARK" > /dev/kmsg
tests_run
