#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Remote execution between the cluster's VMs, both ends of it: sourced by
# lib.sh for `on` and `on_bg`; run as `remote.sh serve` by each node's
# server (socat, one process per connection, see cluster_node_setup).
#
# One TCP connection per command, on port ON_PORT of the node's underlay
# address. Lengths frame everything, so neither end depends on a
# half-close, a timeout or the content of what it carries:
#   request   "run LEN\n" or "bg LEN\n", then LEN bytes: a bash script
#   response  "podol-on RC OUTLEN ERRLEN\n", then OUTLEN bytes of the
#             script's stdout and ERRLEN bytes of its stderr
# The server keeps both outputs in files until the script ends, so they
# come back whole and apart, after it. A response shorter than its header
# says (the node died, the server was killed) makes `on` fail with 255,
# as ssh does.
#
# Scripts run under bash in this directory, stdin /dev/null. A "bg"
# script is started in a session of its own and the response comes at
# once, its PID as stdout; its output goes to /tmp/on_bg.PID.log there.

ON_PORT=7777
ON_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# on_serve: answers one request on stdin/stdout.
on_serve() {
	local mode len dir rc=0
	read -r mode len || return 0
	[[ $len =~ ^[0-9]+$ ]] || { printf 'podol-on 255 0 0\n'; return 0; }
	dir=$(mktemp -d /tmp/on.XXXXXX)
	head -c "$len" > "$dir/script"
	if [ "$(stat -c %s "$dir/script")" != "$len" ]; then
		rc=255
		: > "$dir/out"
		echo "on: $(hostname): the script was cut short" > "$dir/err"
	elif [ "$mode" = bg ]; then
		# setsid: out of the server's session, so it outlives it.
		(cd "$ON_DIR" && exec setsid bash -c \
			'exec > "/tmp/on_bg.$$.log" 2>&1; eval "$1"' on_bg "$(cat "$dir/script")") \
			< /dev/null > /dev/null 2>&1 &
		echo $! > "$dir/out"
		: > "$dir/err"
	else
		(cd "$ON_DIR" && exec bash "$dir/script") < /dev/null > "$dir/out" 2> "$dir/err"
		rc=$?
	fi
	printf 'podol-on %d %d %d\n' "$rc" "$(stat -c %s "$dir/out")" "$(stat -c %s "$dir/err")"
	cat "$dir/out" "$dir/err"
	rm -rf "$dir"
}

# _on_call NODE MODE SCRIPT: sends one request, the response to stdout.
_on_call() {
	local fd len
	len=$(printf '%s' "$3" | wc -c)
	exec {fd}<> "/dev/tcp/$(node_ip "$1")/$ON_PORT" || return 255
	printf '%s %d\n%s' "$2" "$len" "$3" >&"$fd"
	# A node that stopped answering must not hold its caller forever: a
	# cut-short answer is then 255, as for a node gone.
	timeout "${ON_TIMEOUT:-1200}" cat <&"$fd"
	exec {fd}>&-
}

# _on_request NODE MODE ARGS...: the script is ARGS joined by spaces (as
# ssh joins them), or stdin when there are none. Prints the remote
# stdout and stderr to ours; returns the remote status.
_on_request() {
	local node=$1 mode=$2 script resp head tag rc olen elen hlen
	shift 2
	if [ $# -gt 0 ]; then script="$*"; else script=$(cat); fi
	resp=$(mktemp)
	_on_call "$node" "$mode" "$script" > "$resp" || { rm -f "$resp"; return 255; }
	head=$(head -n 1 "$resp")
	read -r tag rc olen elen <<< "$head"
	hlen=$((${#head} + 1))
	if [ "$tag" != podol-on ] || ! [[ "$rc $olen $elen" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]] ||
	   [ "$(stat -c %s "$resp")" != $((hlen + olen + elen)) ]; then
		echo "on: node $node: no complete answer from $(node_ip "$node"):$ON_PORT" >&2
		rm -f "$resp"
		return 255
	fi
	tail -c +$((hlen + 1)) "$resp" | head -c "$olen"
	tail -c +$((hlen + olen + 1)) "$resp" >&2
	rm -f "$resp"
	return "$rc"
}

# on NODE [CMD...]: runs CMD (or the script on stdin) on node NODE.
on() { _on_request "$1" run "${@:2}"; }
# on_bg NODE [CMD...]: starts it there and returns; prints its PID.
on_bg() { _on_request "$1" bg "${@:2}"; }

if [ "${BASH_SOURCE[0]}" = "$0" ] && [ "${1:-}" = serve ]; then
	on_serve
fi
