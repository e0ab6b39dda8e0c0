#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On this machine, not in a VM: the Wireshark dissector
# (tools/wireshark/podol.lua) read by Debian's tshark, on podol packets
# that podol_craft (selftests/helpers) builds and text2pcap wraps in
# outer IPv4 or IPv6 and UDP headers, checksums right:
#  - good packets over both underlay families, inner ICMP, ICMPv6 and
#    TCP: every header field decodes to its value, the inner packet goes
#    to Wireshark's ip/ipv6 dissector and its checksums are good, and
#    podol flags nothing;
#  - bad ones: each is flagged on its field with the expert item of the
#    receive path's drop, and the Info column names the counter the
#    kernel would count, the first check failed (module/receive.c);
#  - the port preference: -o podol.port:7000 decodes port 7000 and lets
#    6464 go;
#  - make install into a DESTDIR puts it where tshark loads it from.
#
#   wireshark.sh              the checks above
#   wireshark.sh --vm-log LOG the pcaps a selftest wrote into its output
#                             (selftests/lib.sh, capture_emit) in LOG, a
#                             VM's out.log, decoded: see test_vm_log
#
# KTAP; skips (exit 4) without tshark, text2pcap or jq, or when tshark
# loads an installed podol.lua by itself.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
LUA=$TOP/tools/wireshark/podol.lua
CRAFT=$TOP/selftests/helpers/podol_craft
# shellcheck source=ktap.sh
. "$TOP/tools/check/ktap.sh"
VM_LOG=
case ${1:-} in
--vm-log) VM_LOG=${2:?--vm-log needs a file} ;;
"") ;;
*) echo "usage: $0 [--vm-log OUT.LOG]" >&2; exit 2 ;;
esac

for c in tshark text2pcap jq; do
	command -v $c > /dev/null || { echo "$c is not installed"; exit 4; }
done
# A podol.lua that tshark loads by itself (the package's, make
# install's) clashes with the checkout's, which this checks: Wireshark
# refuses a second protocol of the same name.
while IFS= read -r dir; do
	[ -e "$dir/podol.lua" ] &&
		{ echo "tshark loads an installed $dir/podol.lua, which would clash with the checkout's (remove it to run this)"; exit 4; }
done < <(tshark -G folders 2> /dev/null | sed -n 's/^\(Personal\|Global\) Lua Plugins:[[:space:]]*//p')

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# packet [PODOL_CRAFT-ARGS...]: one UDP payload as text2pcap reads it,
# each line led by its offset (a new packet begins at offset 0). Network
# id 42, pod 192.168.1.2 to 192.168.2.2 (overlay_ping's); packet6: pod
# fd10:1::2 to fd10:2::2.
craft() {
	"$CRAFT" --hex --id 42 --inner-len 8 "$@" |
		awk '{ printf "%06x %s\n", (NR - 1) * 16, $0 }'
}
packet() {
	craft --inner-src 192.168.1.2 --inner-dst 192.168.2.2 "$@"
}
packet6() {
	craft --inner-src fd10:1::2 --inner-dst fd10:2::2 "$@"
}

# pcap FILE v4|v6 [PORT]: the packets on stdin, from node 1 to node 2 of
# overlay_ping (10.0.0.11 or 2001:db8::11 to .12) at PORT (6464).
pcap() {
	local addrs=(-4 "10.0.0.11,10.0.0.12")
	[ "$2" = v6 ] && addrs=(-6 "2001:db8::11,2001:db8::12")
	# -q still prints a line of dashes, on stderr.
	text2pcap -q "${addrs[@]}" -u "40000,${3:-6464}" - "$1" \
		2> "$tmp/text2pcap.err" && return
	echo "    text2pcap: $(cat "$tmp/text2pcap.err")"
	return 1
}

# decode PCAP JSON [TSHARK-ARGS...]: tshark's JSON of PCAP, every inner
# checksum verified. A Lua error (a runtime error is a dissection
# "_ws.lua.error", a load error is on stderr) fails.
decode() {
	local in=$1 out=$2
	shift 2
	if ! tshark -r "$in" -X "lua_script:$LUA" -T json --no-duplicate-keys \
		-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
		-o udp.check_checksum:TRUE "$@" > "$out" 2> "$tmp/stderr"; then
		echo "    tshark failed: $(head -c 500 "$tmp/stderr")"
		failed=1
		return 1
	fi
	if grep -qi lua "$tmp/stderr" || grep -q '_ws.lua.error' "$out"; then
		echo "    Lua errors: $(grep -i lua "$tmp/stderr" | head -n3)"
		grep -o '"_ws.lua.error": "[^"]*"' "$out" | sort -u | head -n3 | sed 's/^/    /'
		failed=1
		return 1
	fi
}

# The jq functions the checks below share. A layer that appears twice
# (ip, outer and inner) is an array: outer(L) is its first, inner(L) its
# last.
JQ_DEFS='
def outer(l): l | if type == "array" then .[0] else . end;
def inner(l): l | if type == "array" then .[-1] else . end;
def podol_experts: [.podol | .. | objects | ."_ws.expert"? // empty |
	if type == "array" then .[] else . end | keys[] |
	select(startswith("podol."))] | unique | join(" ");
'

# expect JSON FRAME JQ WANT: in frame FRAME (1-based) of JSON, the layers
# object's JQ gives WANT (as jq -r prints it).
expect() {
	local got
	got=$(jq -r "$JQ_DEFS .[$(($2 - 1))]._source.layers | $3" "$1" 2>&1)
	[ "$got" = "$4" ] && return
	echo "    frame $2: $3 is \"$got\", expected \"$4\""
	failed=1
}

# expect_header JSON FRAME PROTOCOL: the header podol_craft writes with
# --id 42, the inner PROTOCOL, every reserved bit clear; nothing flagged.
expect_header() {
	expect "$1" "$2" '.podol."podol.version"' 0
	expect "$1" "$2" '.podol."podol.flags"' 0x00
	expect "$1" "$2" '.podol."podol.protocol"' "$3"
	expect "$1" "$2" '.podol."podol.reserved0"' 0x0000
	expect "$1" "$2" '.podol."podol.network_id"' 42
	expect "$1" "$2" '.podol."podol.reserved1"' 0x00
	expect "$1" "$2" podol_experts ""
}

# expect_inner JSON FRAME v4|v6 icmp|tcp: the inner packet, decoded by
# Wireshark's dissectors with its addresses and good checksums.
expect_inner() {
	local json=$1 fr=$2 l4=$4
	if [ "$3" = v4 ]; then
		expect "$json" "$fr" 'inner(.ip) | ."ip.src" + " > " + ."ip.dst"' \
			"192.168.1.2 > 192.168.2.2"
		expect "$json" "$fr" 'inner(.ip)."ip.checksum.status"' 1
	else
		expect "$json" "$fr" 'inner(.ipv6) | ."ipv6.src" + " > " + ."ipv6.dst"' \
			"fd10:1::2 > fd10:2::2"
		[ "$l4" = icmp ] && l4=icmpv6
	fi
	expect "$json" "$fr" ".$l4.\"$l4.checksum.status\"" 1
}

# Over each underlay family: inner IPv4 and IPv6, ICMP and TCP.
good_packets() {
	packet
	packet --inner tcp
	packet6
	packet6 --inner tcp
}
expect_good() {
	local json=$1 fr=0 fam l4
	for fam in v4 v6; do
		for l4 in icmp tcp; do
			fr=$((fr + 1))
			expect_header "$json" $fr "$([ $fam = v4 ] && echo 4 || echo 41)"
			expect_inner "$json" $fr $fam $l4
		done
	done
}

test_ipv4_underlay() {
	good_packets | pcap "$tmp/v4.pcap" v4 && decode "$tmp/v4.pcap" "$tmp/v4.json" ||
		{ failed=1; return; }
	expect "$tmp/v4.json" 1 '.udp."udp.dstport"' 6464
	expect "$tmp/v4.json" 1 '.ip | length' 2
	expect_good "$tmp/v4.json"
}

test_ipv6_underlay() {
	good_packets | pcap "$tmp/v6.pcap" v6 && decode "$tmp/v6.pcap" "$tmp/v6.json" ||
		{ failed=1; return; }
	expect "$tmp/v6.json" 1 '.ipv6."ipv6.dst"' 2001:db8::12
	expect_good "$tmp/v6.json"
}

# What the kernel would drop: "PODOL_CRAFT-ARGS|ITEM:EXPERT|EXPERTS|COUNTER":
# the tree item ITEM (empty: the podol item itself) carries the expert
# item EXPERT, EXPERTS are all the packet's podol expert items, COUNTER
# the drop reason the Info column names: the first check failed.
BAD="--version 1|podol.version:podol.version.unknown|podol.version.unknown|rx_version
--version 3|podol.version:podol.version.unknown|podol.version.unknown|rx_version
--flags 32|podol.flags:podol.reserved.set|podol.reserved.set|rx_reserved
--flags 1 --inner tcp|podol.flags:podol.reserved.set|podol.reserved.set|rx_reserved
--reserved 0x8000|podol.reserved0:podol.reserved.set|podol.reserved.set|rx_reserved
--reserved 1|podol.reserved1:podol.reserved.set|podol.reserved.set|rx_reserved
--proto 17|podol.protocol:podol.protocol.unknown|podol.protocol.unknown|rx_bad_inner
--proto 41|podol.protocol:podol.inner.version|podol.inner.version|rx_bad_inner
--truncate 7|:podol.short|podol.short|rx_short
--truncate 1|:podol.short|podol.short|rx_short
--version 2 --flags 1 --proto 0|podol.version:podol.version.unknown|podol.protocol.unknown podol.reserved.set podol.version.unknown|rx_version
--reserved 1 --proto 0|podol.reserved1:podol.reserved.set|podol.protocol.unknown podol.reserved.set|rx_reserved"

test_bad_packets() {
	local args where experts counter fr=0 path info
	while IFS='|' read -r args where experts counter; do
		# shellcheck disable=SC2086 # the arguments' words
		packet $args
	done <<< "$BAD" | pcap "$tmp/bad.pcap" v4 &&
		decode "$tmp/bad.pcap" "$tmp/bad.json" || { failed=1; return; }
	tshark -r "$tmp/bad.pcap" -X "lua_script:$LUA" -T fields \
		-e _ws.col.Info > "$tmp/info" 2> /dev/null
	while IFS='|' read -r args where experts counter; do
		fr=$((fr + 1))
		info=$(sed -n "${fr}p" "$tmp/info")
		echo "    # frame $fr: $args: $info"
		expect "$tmp/bad.json" $fr podol_experts "$experts"
		path=.podol
		[ -n "${where%%:*}" ] && path+=".\"${where%%:*}_tree\""
		expect "$tmp/bad.json" $fr "[$path.\"_ws.expert\" // {} | if type == \"array\" then .[] else . end | keys[] | select(. == \"${where#*:}\")] | length" 1
		if [[ $info != "podol, dropped: $counter"* ]]; then
			echo "    frame $fr: Info is not \"podol, dropped: $counter...\""
			failed=1
		fi
	done <<< "$BAD"
}

# The port preference: 7000 is podol's with -o podol.port:7000, and 6464
# is no more; without it, 7000 is plain UDP.
test_port_preference() {
	packet | pcap "$tmp/7000.pcap" v4 7000 && packet | pcap "$tmp/6464.pcap" v4 &&
		decode "$tmp/7000.pcap" "$tmp/7000.json" -o podol.port:7000 &&
		decode "$tmp/7000.pcap" "$tmp/7000-default.json" &&
		decode "$tmp/6464.pcap" "$tmp/6464.json" -o podol.port:7000 ||
		{ failed=1; return; }
	expect "$tmp/7000.json" 1 '.podol."podol.network_id"' 42
	expect_inner "$tmp/7000.json" 1 v4 icmp
	expect "$tmp/7000-default.json" 1 'has("podol")' false
	expect "$tmp/6464.json" 1 'has("podol")' false
}

# make install, into a DESTDIR, puts podol.lua into the folder tshark
# reports for Lua plugins; a plugin folder holding the installed file
# (a user's, as the global one is this machine's) decodes without -X;
# make uninstall takes it away.
test_install() {
	local dir root=$tmp/root home=$tmp/home
	dir=$(tshark -G folders 2> /dev/null | sed -n 's/^Global Lua Plugins:[[:space:]]*//p')
	make -s -C "$TOP/tools/wireshark" install DESTDIR="$root" \
		> "$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; failed=1; return; }
	if [ ! -f "$root$dir/podol.lua" ]; then
		echo "    make install put $(find "$root" -type f) for tshark's \"$dir\""
		failed=1
		return
	fi
	mkdir -p "$home/.local/lib/wireshark"
	ln -s "$root$dir" "$home/.local/lib/wireshark/plugins"
	packet | pcap "$tmp/plain.pcap" v4 || { failed=1; return; }
	HOME=$home tshark -r "$tmp/plain.pcap" -T json > "$tmp/plain.json" 2> /dev/null
	expect "$tmp/plain.json" 1 '.podol."podol.network_id"' 42
	make -s -C "$TOP/tools/wireshark" uninstall DESTDIR="$root" \
		> "$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; failed=1; }
	[ -z "$(find "$root" -type f)" ] ||
		{ echo "    make uninstall left $(find "$root" -type f)"; failed=1; }
}

# --vm-log: overlay_ping's captures on the receiving node's underlay
# device (selftests/overlay_ping.sh: podol_on_the_wire over IPv4, inner
# IPv4 ICMP; podol_on_the_wire_v6 over IPv6, inner ICMPv6), each a pcap
# in base64 between "pcap NAME begin" and "pcap NAME end" lines. The
# outer UDP checksum is not judged: captured on a veth, it can be a
# partial one (offload) that no one completes.
vm_pcap() {
	# The VM's serial console ends its lines with CR LF.
	tr -d '\r' < "$VM_LOG" | sed -n "/# pcap $1 begin\$/,/# pcap $1 end\$/p" |
		sed '1d;$d; s/.*# //' | base64 -d > "$tmp/$1.pcap" 2> /dev/null &&
		[ -s "$tmp/$1.pcap" ] && return
	echo "    no pcap $1 in $VM_LOG"
	failed=1
	return 1
}
vm_check() {
	local name=$1 fam=$2 proto=$3 json=$tmp/$1.json
	vm_pcap "$name" && decode "$tmp/$name.pcap" "$json" \
		-o udp.check_checksum:FALSE || { failed=1; return; }
	echo "    # $name: $(tshark -r "$tmp/$name.pcap" -X "lua_script:$LUA" 2> /dev/null | xargs)"
	if [ "$fam" = v4 ]; then
		expect "$json" 1 'outer(.ip) | ."ip.src" + " > " + ."ip.dst"' \
			"10.0.0.11 > 10.0.0.12"
	else
		expect "$json" 1 'outer(.ipv6) | ."ipv6.src" + " > " + ."ipv6.dst"' \
			"2001:db8::11 > 2001:db8::12"
	fi
	expect "$json" 1 '.udp."udp.dstport"' 6464
	expect_header "$json" 1 "$proto"
	expect_inner "$json" 1 "$([ "$proto" = 4 ] && echo v4 || echo v6)" icmp
}
test_vm_ipv4_underlay() { vm_check v4_underlay v4 4; }
test_vm_ipv6_underlay() { vm_check v6_underlay v6 41; }

if [ -n "$VM_LOG" ]; then
	[ -r "$VM_LOG" ] || { echo "cannot read $VM_LOG"; exit 1; }
	ALL_TESTS="test_vm_ipv4_underlay test_vm_ipv6_underlay"
else
	ALL_TESTS="test_ipv4_underlay test_ipv6_underlay test_bad_packets
		test_port_preference test_install"
	make -s -C "$TOP/selftests" helpers/podol_craft > "$tmp/make.log" 2>&1 ||
		{ cat "$tmp/make.log"; echo "building podol_craft failed"; exit 1; }
fi
TESTS=${TESTS:-$ALL_TESTS}
# shellcheck disable=SC2086 # a list of words
ktap_run $TESTS
