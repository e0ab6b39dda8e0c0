#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On this machine, not in a VM: podold's etcd client (tools/podold/etcd.c)
# against a real 3-member etcd on 127.0.0.1, twice: over plain HTTP with
# the tests that kill, freeze and restart members, then over TLS with
# client certificates (and refused without one); and podold's membership
# (member.c) over plain HTTP. Ports are free ones,
# data in a temporary directory, all gone on exit.
#
#   etcd.sh                 the check
#   etcd.sh --ctl DIR ACTION URL
#                           test_etcd's hands on the cluster in DIR:
#                           kill, start, freeze or thaw the member at URL
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
ETCD_TOOLS=$TOP/tools/etcd

# member_of DIR URL: the name of the member whose client URL is URL.
member_of() { grep -l -x -F "$2" "$1"/*.url | sed 's|.*/||; s|\.url$||'; }

# start_member DIR NAME: runs it in the background, its pid in NAME.pid.
start_member() {
	local dir=$1 name=$2
	setsid "$ETCD_TOOLS/member.sh" "$name" "$dir/$name.data" \
		"$(cat "$dir/$name.url")" "$(cat "$dir/$name.peer")" \
		"$(cat "$dir/cluster")" ${TLS:+"$TLS"} \
		>> "$dir/$name.log" 2>&1 &
	echo $! > "$dir/$name.pid"
	disown $!
}

if [ "${1:-}" = --ctl ]; then
	dir=$2 action=$3 url=$4
	name=$(member_of "$dir" "$url") || { echo "no member at $url" >&2; exit 1; }
	pid=$(cat "$dir/$name.pid")
	TLS=$(cat "$dir/tls")
	case $action in
	kill) kill -KILL "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done ;;
	start) start_member "$dir" "$name" ;;
	freeze) kill -STOP "$pid" ;;
	thaw) kill -CONT "$pid" ;;
	*) echo "unknown action $action" >&2; exit 2 ;;
	esac
	exit
fi

command -v etcd > /dev/null || { echo "SKIP: no etcd"; exit 4; }
make -s -C "$TOP/tools/podold" test-etcd || exit 1
TEST=$TOP/tools/podold/test_etcd

WORK=$(mktemp -d /tmp/podol-etcd.XXXXXX)
# stop_cluster DIR: every member, even a frozen one.
stop_cluster() {
	local p
	for p in "$1"/*.pid; do
		[ -e "$p" ] || continue
		kill -CONT "$(cat "$p")" 2>/dev/null
		kill -KILL "$(cat "$p")" 2>/dev/null
		while kill -0 "$(cat "$p")" 2>/dev/null; do sleep 0.1; done
		rm -f "$p"
	done
}
cleanup() {
	local d
	for d in "$WORK"/*/; do stop_cluster "$d"; done
	rm -rf "$WORK"
}
trap cleanup EXIT

# free_port: one nobody listens on now, and not given out before.
USED=" "
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 30000))
		[[ $USED == *" $p "* ]] && continue
		[ -z "$(ss -Htln "sport = :$p")" ] && break
	done
	USED+="$p "
	echo "$p"
}

# cluster DIR SCHEME: three members; their client URLs in DIR/endpoints.
cluster() {
	local dir=$1 scheme=$2 n list="" eps=""
	mkdir -p "$dir"
	echo "${TLS:-}" > "$dir/tls"
	for n in m1 m2 m3; do
		free_port > "$dir/port"
		echo "$scheme://127.0.0.1:$(cat "$dir/port")" > "$dir/$n.url"
		free_port > "$dir/port"
		echo "$scheme://127.0.0.1:$(cat "$dir/port")" > "$dir/$n.peer"
		list+="${list:+,}$n=$(cat "$dir/$n.peer")"
		eps+="${eps:+,}$(cat "$dir/$n.url")"
	done
	echo "$list" > "$dir/cluster"
	for n in m1 m2 m3; do start_member "$dir" "$n"; done
	# Every member up and the same leader, within 30 s.
	local curl_tls=() i url st leaders followers leader
	[ -n "${TLS:-}" ] && curl_tls=(--cacert "$TLS/ca.pem" --cert "$TLS/client.pem" --key "$TLS/client-key.pem")
	for i in $(seq 150); do
		leaders="" followers="" leader=""
		for n in m1 m2 m3; do
			url=$(cat "$dir/$n.url")
			st=$(curl -s -m 2 "${curl_tls[@]}" -X POST -d '{}' \
				"$url/v3/maintenance/status" |
				jq -r '(.leader // "none") + " " + .header.member_id') || st=""
			case $st in
			""|none*) ;;
			*) leaders+="${st% *} "
			   if [ "${st% *}" = "${st#* }" ]; then leader=$url; else followers+="${followers:+,}$url"; fi ;;
			esac
		done
		[ -n "$leader" ] && [ "$(tr ' ' '\n' <<< "$leaders" | sort -u | grep -c .)" = 1 ] &&
			[ "$(wc -w <<< "$leaders")" = 3 ] && break
		sleep 0.2
	done
	if [ "$i" = 150 ]; then
		echo "etcd cluster in $dir did not come up:" >&2
		tail -n 5 "$dir"/*.log >&2
		return 1
	fi
	# The followers first: the failover test kills the first endpoint,
	# which must not cost an election.
	echo "$followers,$leader" > "$dir/endpoints"
}

rc=0
start=$(date +%s)
echo "# plain HTTP"
TLS="" cluster "$WORK/plain" http || exit 1
"$TEST" --ctl "$0 --ctl $WORK/plain" "$(cat "$WORK/plain/endpoints")" || rc=1
echo "# podold's membership (member.c)"
"$TOP/tools/podold/test_member" "$(cat "$WORK/plain/endpoints")" 2>&1 || rc=1
stop_cluster "$WORK/plain"

echo "# TLS with client certificates"
"$ETCD_TOOLS/certs.sh" "$WORK/certs" 127.0.0.1 > /dev/null 2>&1 || { echo "certs.sh failed" >&2; exit 1; }
TLS=$WORK/certs cluster "$WORK/tls" https || exit 1
"$TEST" --tls "$WORK/certs" "$(cat "$WORK/tls/endpoints")" || rc=1
echo "# took $(( $(date +%s) - start ))s"
exit $rc
