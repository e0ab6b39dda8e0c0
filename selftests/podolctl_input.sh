#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# podolctl, the node table tool: every command works, by full name and by
# prefix, as text and as JSON, in the netns it runs in or the one named
# with -n; and bad input is refused with a message that names what is
# wrong, before anything is sent, so that the table stays as it was.
. "$(dirname "$0")/lib.sh"
require_podol
# $PODOLCTL: the one built in this tree, else one in PATH.
require_podolctl
require_cmd jq

# The checks run in this order on one netns: node_add makes the two
# nodes that the checks after it, up to bad_files, read, change and keep
# (each says what it needs); from node_del on, each sets the table it
# reads. Run alone, a check that needs node_add's nodes fails and says so.
ALL_TESTS="node_add node_show second_device unique_prefixes node_change
	bad_arguments bad_remote_addresses empty_remote too_many_cidrs
	kernel_refusals exit_statuses bad_files bad_stdin replace_not_podol
	node_del replace_file replace_from_stdin replace_3000 replace_empty
	node_flush stats netns_option"

DROPS='["rx_bad_inner","rx_down","rx_ecn","rx_network_id","rx_not_owned",
	"rx_reserved","rx_short","rx_spoofed_local","rx_unknown_node","rx_version","tx_bad_inner",
	"tx_error","tx_no_node","tx_no_route","tx_no_socket","tx_too_big"]'

pc() { at a "$PODOLCTL" "$@"; }
# The table of podol0, without counters, in a form fit to compare.
table() { pc -j node show dev podol0 | jq -S -c 'map(del(.stats)) | sort_by(.remote)'; }
# remotes: podol0's node addresses, sorted, on one line.
remotes() { pc -j node show dev podol0 | jq -r 'map(.remote) | sort | join(" ")'; }
# jqt FILTER PODOLCTL-ARGS...: the JSON podolctl prints passes FILTER.
jqt() {
	local f=$1 out
	shift
	out=$(pc "$@") || return 1
	jq -e "$f" <<< "$out" > /dev/null || { echo "$out"; return 1; }
}
# lines PODOLCTL-ARGS... -- LINE...: podolctl prints each LINE, whole.
lines() {
	local args=() out l
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	out=$(pc "${args[@]}") || return 1
	for l in "$@"; do
		grep -qxF -- "$l" <<< "$out" || { echo "no line \"$l\" in:"; echo "$out"; return 1; }
	done
}
# snapshot: podol0's table as podolctl prints it, counters and all; with
# no traffic, byte for byte the same while nothing changes it.
snapshot() { "$PODOLCTL" -n "$PFX-a" -j node show dev podol0; }
# refused DESCRIPTION MESSAGE PODOLCTL-ARGS...: podolctl fails, says
# MESSAGE, and podol0's table is exactly what it was.
refused() {
	local desc=$1 msg=$2 before after out
	shift 2
	before=$(snapshot)
	if ! out=$(fails_with "$msg" pc "$@"); then
		diag "$out"
		ktap_fail "$desc"
		return
	fi
	after=$(snapshot)
	if [ -z "$before" ] || [ "$before" != "$after" ]; then
		diag "the table was: $before"
		diag "the table is:  $after"
		ktap_fail "$desc"
		return
	fi
	ktap_ok "$desc"
}
# refused_stdin DESCRIPTION MESSAGE FILE: a replace reading FILE on its
# standard input fails, says MESSAGE, and the table is what it was.
refused_stdin() {
	local before out
	before=$(snapshot)
	if out=$(at a "$PODOLCTL" node replace dev podol0 file - < "$3" 2>&1) ||
	   ! grep -q -- "$2" <<< "$out" || [ -z "$before" ] ||
	   [ "$(snapshot)" != "$before" ]; then
		diag "exit status or message wrong, or the table changed: $out"
		ktap_fail "$1"
		return
	fi
	ktap_ok "$1"
}
# status N PODOLCTL-ARGS...: podolctl exits with N.
status() {
	local want=$1 rc
	shift
	pc "$@" > /dev/null 2>&1
	rc=$?
	[ "$rc" = "$want" ] || { echo "exit status $rc, not $want"; return 1; }
}
replace_stdin() { at a "$PODOLCTL" node replace dev podol0 file - < "$1"; }
# How many nodes have counters of 0 and have never received.
counter_lines() {
	pc node show dev podol0 |
		grep -cx '    rx 0 packets 0 bytes, tx 0 packets 0 bytes, last rx never'
}
# -p: the same JSON as without it, over many lines.
pretty_same() {
	local out
	out=$(pc -j -p node show dev podol0) || return 1
	[ "$(wc -l <<< "$out")" -gt 10 ] || return 1
	[ "$(jq -S -c 'map(del(.stats)) | sort_by(.remote)' <<< "$out")" = "$(table)" ]
}
# The table is left as it was too.
exit_status_table() {
	local before
	before=$(table)
	status 2 node add dev podol0 colour blue &&
		status 2 node add dev podol0 remote 10.0.0.13 cidr 192.168.1.1/24 &&
		status 1 node add dev podol9 remote 10.0.0.13 cidr 192.168.4.0/24 &&
		status 1 node del dev podol0 remote 10.0.0.99 &&
		[ "$(table)" = "$before" ]
}
outside_table() {
	"$PODOLCTL" -n "$PFX-a" -j node show dev podol0 |
		jq -S -c 'map(del(.stats)) | sort_by(.remote)'
}

# needs_node_add: podol0 holds the nodes node_add made; else the calling
# check's results all fail, saying why (none may pass on an empty table).
needs_node_add() {
	local check=${FUNCNAME[1]} i
	remotes | grep -qw 'fd00::12' && return 0
	for i in $(seq 1 "$("${check}_results")"); do
		ktap_fail "$check ($i): needs the nodes node_add makes before it"
	done
	return 1
}

# Commands that work.
node_add_results() { echo 2; }
node_add() {
	check "node add: IPv4 remote, an IPv4 and an IPv6 cidr" \
		pc node add dev podol0 remote 10.0.0.11 cidr 192.168.1.0/24 cidr fd00:1::/64
	check "node add: IPv6 remote with a port" \
		pc node add dev podol0 remote fd00::12 cidr 192.168.2.0/24 port 7000
}

node_show_results() { echo 6; }
node_show() {
	needs_node_add || return
	check "node show: both nodes, as text" \
		lines node show dev podol0 -- "dev podol0 remote 10.0.0.11" \
		"    cidr 192.168.1.0/24" "    cidr fd00:1::/64" \
		"dev podol0 remote fd00::12 port 7000" "    cidr 192.168.2.0/24"
	check "node show: counters, as text" test "$(counter_lines)" = 2
	check "node show -j: both nodes, their cidrs and port" \
		jqt 'length == 2 and
		     (map(select(.remote == "10.0.0.11"))[0] | .dev == "podol0" and
		      (.cidrs | sort) == ["192.168.1.0/24", "fd00:1::/64"] and (has("port") | not)) and
		     (map(select(.remote == "fd00::12"))[0] | .port == 7000 and .cidrs == ["192.168.2.0/24"])' \
		-j node show dev podol0
	check "node show -j: each node's counters, last rx null, drops by name" \
		jqt "all(.[]; .stats.rx_packets == 0 and .stats.tx_bytes == 0 and
		     .stats.last_rx_msecs == null and (.stats.drops | keys - $DROPS == []))" \
		-j node show dev podol0
	check "node show -j -p: the same JSON, indented" pretty_same
	check "node show remote: that node alone" \
		jqt 'length == 1 and .[0].remote == "fd00::12" and .[0].port == 7000' \
		-j node show dev podol0 remote fd00::12
}

second_device_results() { echo 2; }
second_device() {
	needs_node_add || return
	check "node add on a second device" \
		pc node add dev podol1 remote 10.0.1.11 cidr 192.168.101.0/24
	check "node show without dev: the nodes of every podol device" \
		jqt 'map(.dev) == ["podol0", "podol0", "podol1"]' -j node show
}

# Three nodes on podol1 and podol0 before it, four with this one.
unique_prefixes_results() { echo 3; }
unique_prefixes() {
	check "unique prefixes: n a d podol1 r ... c ... p ..." \
		pc n a d podol1 r 10.0.1.12 c 192.168.102.0/24 p 6500
	check "unique prefixes: n sh d podol1 r ..." \
		jqt 'length == 1 and .[0].port == 6500' -j n sh d podol1 r 10.0.1.12
	check "the object alone shows it: podolctl node" \
		jqt 'length == 4' -json node
}

node_change_results() { echo 2; }
node_change() {
	needs_node_add || return
	check "node change: the cidr set is replaced" \
		pc node change dev podol0 remote 10.0.0.11 cidr 192.168.3.0/24
	check "node change: show has the new set only" \
		jqt '(map(select(.remote == "10.0.0.11"))[0].cidrs) == ["192.168.3.0/24"]' \
		-j node show dev podol0
}

# Bad input: refused, named, and nothing changes. Each row: what is
# wrong|what podolctl says|its arguments (words).
BAD_ARGS=(
	'cidr with host bits set|invalid cidr "192.168.1.1/24": host bits set|node add dev podol0 remote 10.0.0.13 cidr 192.168.1.1/24'
	'remote that is no address|invalid remote "10.0.0"|node add dev podol0 remote 10.0.0 cidr 192.168.4.0/24'
	'cidr that is no address|invalid cidr "192.168.300.0/24": not an IPv4 or IPv6 address|node add dev podol0 remote 10.0.0.13 cidr 192.168.300.0/24'
	'prefix length over 32|invalid cidr "10.1.0.0/33"|node add dev podol0 remote 10.0.0.13 cidr 10.1.0.0/33'
	'unknown device|unknown device "podol9"|node add dev podol9 remote 10.0.0.13 cidr 192.168.4.0/24'
	'remote without its value|"remote" needs a value|node add dev podol0 cidr 192.168.4.0/24 remote'
	'node add without a cidr|needs at least one "cidr PREFIX"|node add dev podol0 remote 10.0.0.13'
	'node add without dev|needs "dev DEV"|node add remote 10.0.0.13 cidr 192.168.4.0/24'
	'unknown keyword|unknown keyword "colour"|node add dev podol0 remote 10.0.0.13 cidr 192.168.4.0/24 colour blue'
	'ambiguous prefix|ambiguous command "s"|node s dev podol0'
	'unknown command|unknown command "frob"|node frob dev podol0'
	'port 0|invalid port "0"|node add dev podol0 remote 10.0.0.13 cidr 192.168.4.0/24 port 0'
	'port 65536|invalid port "65536"|node add dev podol0 remote 10.0.0.13 cidr 192.168.4.0/24 port 65536'
	'the same cidr twice in one command|duplicate cidr "192.168.4.0/24"|node add dev podol0 remote 10.0.0.13 cidr 192.168.4.0/24 cidr 192.168.4.0/24'
	'remote given twice|"remote" given twice|node add dev podol0 remote 10.0.0.13 remote 10.0.0.14 cidr 192.168.4.0/24'
	'prefix length over 128|invalid cidr "fd00:4::/129": the prefix length must be 0..128|node add dev podol0 remote 10.0.0.13 cidr fd00:4::/129'
	'a prefix length with a sign|invalid cidr "192.168.4.0/+24"|node add dev podol0 remote 10.0.0.13 cidr 192.168.4.0/+24'
	"a device name longer than a device's|unknown device \"podol0abcdefghijkl\"|node add dev podol0abcdefghijkl remote 10.0.0.13 cidr 192.168.4.0/24"
	'node change without a cidr|node change needs at least one "cidr PREFIX"|node change dev podol0 remote 10.0.0.11'
	'node del takes no cidr|unknown keyword "cidr"|node del dev podol0 remote 10.0.0.11 cidr 192.168.3.0/24'
	'node flush takes no remote|unknown keyword "remote"|node flush dev podol0 remote 10.0.0.11'
	'node replace without a file|node replace needs "file FILE"|node replace dev podol0'
	'node replace: file without its value|"file" needs a value|node replace dev podol0 file'
)
# The kernel's refusals, of what node_add and node_change made.
KERNEL_BAD=(
	'kernel: a cidr another node owns, with its reason|kernel refused: File exists: .*CIDR is already owned|node add dev podol0 remote 10.0.0.13 cidr 192.168.2.0/24'
	'kernel: a remote that is already a node|kernel refused: File exists|node add dev podol0 remote fd00::12 cidr 192.168.4.0/24'
	'kernel: node change of no node|kernel refused: No such file or directory|node change dev podol0 remote 10.0.0.99 cidr 192.168.4.0/24'
	"kernel: a device that is not podol's|kernel refused: .*not a podol device|node add dev lo remote 10.0.0.13 cidr 192.168.4.0/24"
)
# Addresses that are no host's: refused by podolctl by the same rule as
# the kernel's (netlink_fuzz.sh sends them to the kernel directly). Each
# row: the address:what it is.
BAD_REMOTES=("127.0.0.1:a loopback" "::1:a loopback" "224.0.0.1:a multicast"
	"ff02::1:a multicast" "255.255.255.255:the broadcast"
	"0.0.0.0:the unspecified" ":::the unspecified" "0.1.2.3:in 0.0.0.0/8"
	"::ffff:10.0.0.13:an IPv4-mapped")

# refused_rows ROW...: each row (what|message|arguments) is refused.
refused_rows() {
	local row what msg args
	for row in "$@"; do
		IFS='|' read -r what msg args <<< "$row"
		# shellcheck disable=SC2086 # the arguments are words
		refused "$what" "$msg" $args
	done
}

bad_arguments_results() { echo "${#BAD_ARGS[@]}"; }
bad_arguments() { refused_rows "${BAD_ARGS[@]}"; }

bad_remote_addresses_results() { echo "${#BAD_REMOTES[@]}"; }
bad_remote_addresses() {
	local bad addr why
	for bad in "${BAD_REMOTES[@]}"; do
		addr=${bad%:*} why=${bad##*:}
		refused "remote $addr: $why address" "invalid remote \"$addr\": is $why" \
			node add dev podol0 remote "$addr" cidr 192.168.4.0/24
	done
}

empty_remote() {
	refused "an empty remote" 'invalid remote "": not an IPv4 or IPv6 address' \
		node add dev podol0 remote "" cidr 192.168.4.0/24
}

too_many_cidrs() {
	local i cidrs65=()
	for i in $(seq 0 64); do cidrs65+=(cidr "10.4.$i.0/24"); done
	refused "65 cidrs" 'too many cidrs: a node has at most 64' \
		node add dev podol0 remote 10.0.0.13 "${cidrs65[@]}"
}

kernel_refusals_results() { echo "${#KERNEL_BAD[@]}"; }
kernel_refusals() {
	needs_node_add || return
	refused_rows "${KERNEL_BAD[@]}"
}

exit_statuses() {
	check "exit status: 2 for a bad command line, 1 for a failure" exit_status_table
}

# make_files: the replace files the checks below read, in $tmp.
make_files() {
	printf '%s\n' '# two nodes' 'remote 10.0.0.31 cidr 192.168.31.0/24' '' \
		'cidr 192.168.32.0/24 remote 10.0.0.32 port 7000 cidr fd00:32::/64' > "$tmp/good"
	printf '%s\n' 'remote 10.0.0.41 cidr 192.168.41.0/24' '# next' \
		'remote 10.0.0.42 cidr 192.168.42.1/24' > "$tmp/badline"
	printf '%s\n' 'remote 10.0.0.51 cidr 192.168.51.0/24' \
		'remote 10.0.0.51 cidr 192.168.52.0/24' > "$tmp/duprem"
	printf '%s\n' 'remote 10.0.0.61 cidr 192.168.61.0/24' \
		'remote 10.0.0.62 cidr 192.168.61.0/24' > "$tmp/dupcidr"
	printf '%s\n' 'remote 10.0.0.71 port 7001 cidr 192.168.71.0/24' > "$tmp/stdin"
	# nodes N: N nodes, each with a /32 of its own.
	nodes() {
		awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
			printf "remote 10.%d.%d.%d cidr 172.%d.%d.%d/32\n",
			       i / 65536 + 1, i / 256 % 256, i % 256,
			       i / 65536 + 16, i / 256 % 256, i % 256 }'
	}
	nodes 65537 > "$tmp/toomany"
	nodes 3000 > "$tmp/big"
	: > "$tmp/empty"

	# Every other way a replace file goes wrong.
	g='remote 10.0.0.41 cidr 192.168.41.0/24'
	printf '%s\n' "$g" 'remote 10.0.0.42 cidr 192.168.42.0/24 colour blue' > "$tmp/keyword"
	printf '%s\n' "dev podol0 $g" > "$tmp/devword"
	printf '%s\n' "$g" 'cidr 192.168.42.0/24 port 7000' > "$tmp/noremote"
	printf '%s\n' "$g" '' '# a node with a port only' 'remote 10.0.0.42 port 7000' > "$tmp/nocidr"
	printf '%s\n' 'remote 10.0.0.42 cidr' > "$tmp/novalue"
	printf '%s\n' "$g" 'remote fd00::42 cidr fd00:42::/129' > "$tmp/len129"
	printf '%s\n' "$g" 'remote 10.0.0.42 port 0 cidr 192.168.42.0/24' > "$tmp/port0"
	awk 'BEGIN { printf "remote 10.0.0.42"
		     for (i = 0; i < 65; i++) printf " cidr 10.42.%d.0/24", i; print "" }' > "$tmp/cidrs65"
	printf '%s\n' "$g cidr 192.168.41.0/24" > "$tmp/dupline"
	printf '%s\n' "$g remote 10.0.0.42" > "$tmp/remote2"
	printf '%s\nremote 10.0.0.42\0 cidr 192.168.42.0/24\n' "$g" > "$tmp/nul"
	awk -v g="$g" 'BEGIN { printf "%s #", g; for (i = 0; i < 17000; i++) printf "x"; print "" }' > "$tmp/long"
	printf '\377\376\001 remote\n' > "$tmp/binary"
	{ nodes 1999; echo 'remote 10.0.0.42 cidr 192.168.42.1/24'; } > "$tmp/late"
	# Node 2 of 3, on line 3 of 4: the line is not found by counting nodes.
	printf '%s\n' "$g" '# the next one is refused' \
		'remote 224.0.0.42 cidr 10.9.0.0/24' 'remote 10.0.0.43 cidr 192.168.43.0/24' \
		> "$tmp/multicast"
	# Past 64 KiB into the message.
	{ nodes 1999; echo 'remote ::ffff:10.0.0.42 cidr 192.168.42.0/24'; } > "$tmp/latemapped"
}

# Each row: what is wrong|the file, in $tmp (empty: $tmp itself)|what
# podolctl says, %f standing for the file's path.
BAD_FILES=(
	'replace: a bad line is named by file and line|badline|%f:3: invalid cidr "192.168.42.1/24": host bits set'
	'replace: the same remote on two lines|duprem|%f:2: duplicate remote 10.0.0.51 (already on line 1)'
	'replace: the same cidr on two lines|dupcidr|%f:2: duplicate cidr 192.168.61.0/24 (already on line 1)'
	'replace: a file that does not exist|nosuch|cannot open "%f"'
	'replace: more nodes than a device holds|toomany|%f:65537: too many nodes: a device holds at most 65536'
	'replace: an unknown keyword|keyword|%f:2: unknown keyword "colour"'
	'replace: dev is no keyword of a file|devword|%f:1: unknown keyword "dev"'
	'replace: a line without its remote|noremote|%f:2: a node needs "remote ADDR"'
	'replace: a line without a cidr|nocidr|%f:4: a node needs at least one "cidr PREFIX"'
	'replace: a keyword without its value|novalue|%f:1: "cidr" needs a value'
	'replace: prefix length over 128|len129|%f:2: invalid cidr "fd00:42::/129": the prefix length must be 0..128'
	'replace: port 0|port0|%f:2: invalid port "0": must be 1..65535'
	'replace: 65 cidrs on a line|cidrs65|%f:1: too many cidrs: a node has at most 64'
	'replace: the same cidr twice on a line|dupline|%f:1: duplicate cidr "192.168.41.0/24"'
	'replace: remote twice on a line|remote2|%f:1: "remote" given twice'
	'replace: a NUL byte|nul|%f:2: a NUL byte: not a text file'
	'replace: a line over 16 KiB|long|%f:1: line too long (over 16383 bytes)'
	'replace: binary garbage|binary|%f:1: unknown keyword'
	'replace: a bad line after 1999 good ones|late|%f:2000: invalid cidr "192.168.42.1/24": host bits set'
	'replace: a directory for a file||cannot read %f: Is a directory'
	'replace: a multicast remote, named by file and line|multicast|%f:3: invalid remote "224.0.0.42": is a multicast address'
	'replace: a node refused after 1999 good ones|latemapped|%f:2000: invalid remote "::ffff:10.0.0.42": is an IPv4-mapped'
)

# Every way a replace file goes wrong is named by file and line, and
# nothing is sent.
bad_files_results() { echo "${#BAD_FILES[@]}"; }
bad_files() {
	local row what file msg path
	for row in "${BAD_FILES[@]}"; do
		IFS='|' read -r what file msg <<< "$row"
		path=$tmp${file:+/$file}
		refused "$what" "${msg//%f/$path}" node replace dev podol0 file "$path"
	done
}

bad_stdin_results() { echo 2; }
bad_stdin() {
	refused_stdin "replace from stdin: a bad line is named <stdin>:LINE" \
		'<stdin>:2: unknown keyword "colour"' "$tmp/keyword"
	refused_stdin "replace from stdin: a refused node is named <stdin>:LINE" \
		'<stdin>:3: invalid remote "224.0.0.42": is a multicast address' "$tmp/multicast"
}

# A refusal that blames no node names no line.
replace_not_podol() {
	refused "replace: a device that is not podol's, with no line" \
		'^podolctl: kernel refused: .*not a podol device' \
		node replace dev lo file "$tmp/good"
}

# Deletes fd00::12, leaving 10.0.0.11 of node_add and node_change.
node_del_results() { echo 2; }
node_del() {
	needs_node_add || return
	check "node del" pc node del dev podol0 remote fd00::12
	check "node del: the other node is left" test "$(remotes)" = 10.0.0.11
}

replace_file_results() { echo 2; }
replace_file() {
	check "node replace from a file (comments, blank lines, any order)" \
		pc node replace dev podol0 file "$tmp/good"
	check "node replace: the file's table exactly" \
		jqt 'sort_by(.remote) | map([.remote, .port, .cidrs]) ==
		     [["10.0.0.31", null, ["192.168.31.0/24"]],
		      ["10.0.0.32", 7000, ["192.168.32.0/24", "fd00:32::/64"]]]' \
		-j node show dev podol0
}

replace_from_stdin_results() { echo 2; }
replace_from_stdin() {
	check "node replace from stdin" replace_stdin "$tmp/stdin"
	check "node replace from stdin: its table" test "$(remotes)" = 10.0.0.71
}

replace_3000_results() { echo 2; }
replace_3000() {
	check "node replace with 3000 nodes (more than a 64 KiB nest holds)" \
		pc node replace dev podol0 file "$tmp/big"
	check "node replace with 3000 nodes: all there" \
		jqt 'length == 3000' -j node show dev podol0
}

replace_empty_results() { echo 2; }
replace_empty() {
	check "node replace with an empty file: an empty table" \
		pc node replace dev podol0 file "$tmp/empty"
	check "node replace with an empty file: no nodes" test "$(remotes)" = ""
}

node_flush_results() { echo 2; }
node_flush() {
	pc node replace dev podol0 file "$tmp/good"
	check "node flush" pc node flush dev podol0
	check "node flush: no nodes" jqt '. == []' -j node show dev podol0
}

stats_results() { echo 3; }
stats() {
	pc node replace dev podol0 file "$tmp/good"
	check "stats: text, with the node count and the drops" \
		lines stats dev podol0 -- "dev podol0 nodes 2" \
		"    rx 0 packets 0 bytes, tx 0 packets 0 bytes"
	check "stats -j: every drop reason, by name" \
		jqt ".[0].dev == \"podol0\" and .[0].nodes == 2 and
		     (.[0].stats.drops | keys) == $DROPS" -j stats dev podol0
	check "stats -j without dev: every podol device, with its ifindex" \
		jqt "map(.dev) == [\"podol0\", \"podol1\"] and
		     .[0].ifindex == $(at a ip -j link show podol0 | jq '.[0].ifindex')" -j stats
}

# From the table of $tmp/good.
netns_option_results() { echo 4; }
netns_option() {
	pc node replace dev podol0 file "$tmp/good"
	check "-n NETNS from outside the netns: node show" test "$(outside_table)" = "$(table)"
	check "-netns NETNS from outside the netns: node add" \
		"$PODOLCTL" -netns "$PFX-a" node add dev podol0 remote 10.0.0.81 cidr 192.168.81.0/24
	check "-n NETNS: the node is in that netns" \
		test "$(remotes)" = "10.0.0.31 10.0.0.32 10.0.0.81"
	check "-n with no such netns" \
		fails_with 'cannot open netns "nosuch'"$PFX"'"' "$PODOLCTL" -n "nosuch$PFX" node show
}

# topology: netns a with podol0 (made with the plugin, port 6464) and
# podol1 (port 6465, made with podol_nl), no underlay: podolctl talks to
# the kernel only.
#
#   a:  podol0 (6464)   podol1 (6465)
topology() {
	ns a
	at a ip link add podol0 type podol
	# Two devices need two ports; the helper sets one without the plugin.
	at a "$PODOL_NL" add podol1 port=6465 > /dev/null
}

tmp=$(mktemp -d)
trap '_cleanup; rm -rf "$tmp"' EXIT
make_files
topology
tests_run
