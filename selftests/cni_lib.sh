# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared by the CNI plugin's tests (cni_spec.sh, cni_leaks.sh): the
# plugin called as a runtime calls it, from the "node" netns, with a
# podold state directory of the test's own (a node.json it writes) and
# host-local as IPAM, its reservations in the same temporary directory.
#
#   +------------- $PFX-node -------------+
#   |   pdlXXXXXXXXXXXX    pdlYYYYYYYYYYYY |  a /32 and /128 route and a
#   +--------|------------------|----------+  neighbour per pod address
#            | veth             | veth
#   +--------|-------+  +-------|--------+
#   |  eth0  $PFX-a  |  |  eth0  $PFX-b  |  default via 169.254.1.1
#   +----------------+  +----------------+  (onlink), via fe80::1

CNI_PLUGIN=$HERE/../tools/cni/podol
[ -x "$CNI_PLUGIN" ] || CNI_PLUGIN=/usr/lib/cni/podol
CNI_DIR=${CNI_DIR:-/usr/lib/cni}
NET=podnet

require_cni() {
	require_root
	require_cmd jq ip
	[ -x "$CNI_PLUGIN" ] || skip_all "the CNI plugin is not built (make tools)"
	[ -x "$CNI_DIR/host-local" ] ||
		skip_all "no $CNI_DIR/host-local (containernetworking-plugins)"
}

STATE=$(mktemp -d)
_cni_cleanup() {
	_cleanup
	rm -rf "$STATE"
}
trap _cni_cleanup EXIT

# node_json CIDR...: podold's node.json, MTU 1400.
node_json() {
	jq -nc '{node: "n1", cidrs: $ARGS.positional, mtu: 1400,
		 "cluster-cidrs": []}' --args "$@" > "$STATE/node.json"
}

# conf [VERSION [JQ-FILTER]]: the network configuration of $NET.
conf() {
	jq -nc --arg v "${1:-1.1.0}" --arg s "$STATE" --arg n "$NET" \
		'{cniVersion: $v, name: $n, type: "podol", stateDir: $s,
		  dataDir: ($s + "/data"),
		  ipam: {type: "host-local", dataDir: ($s + "/ipam")}}' |
		jq -c "${2:-.}"
}

# cni_env VAR=VALUE...: the plugin in the node netns with just these
# variables (and PATH); the configuration on stdin.
cni_env() {
	at node env -i PATH="$PATH" "$@" "$CNI_PLUGIN"
}

# cni COMMAND CONTAINER POD [IFNAME]: the plugin, called as a runtime does.
cni() {
	cni_env CNI_COMMAND="$1" CNI_CONTAINERID="$2" \
		CNI_NETNS="/run/netns/$PFX-$3" CNI_IFNAME="${4:-eth0}" \
		CNI_PATH="$CNI_DIR"
}

# leftovers: what attachments of $NET left on the node: veths, routes
# through them, records, IPAM reservations.
leftovers() {
	at node ip -o link show | grep -o 'pdl[0-9a-f]*' | sort -u
	{ at node ip -4 route; at node ip -6 route; } | grep pdl
	ls "$STATE/data/$NET" "$STATE/ipam/$NET" 2>/dev/null |
		grep -v -e '^lock$' -e '^last_reserved_ip' -e '^$' -e ':$'
}

nothing_left() {
	local l
	l=$(leftovers)
	[ -z "$l" ] && return 0
	echo "left behind:"
	echo "$l"
	return 1
}

# Each check starts on a network of its own, with no attachment.
fresh() {
	NET=net$((++_net))
	node_json 10.244.1.0/24 fd00:1::/64
	rm -f "$STATE/status.json"
}

# fails_code CODE MSG OUTPUT STATUS: a spec error with CODE naming MSG.
fails_code() {
	[ "$4" != 0 ] || { echo "succeeded: $3"; return 1; }
	jq -e --arg m "$2" ".code == $1 and (.msg | contains(\$m)) and .cniVersion" \
		<<< "$3" > /dev/null && return 0
	echo "expected code $1 and \"$2\", got: $3"
	return 1
}

