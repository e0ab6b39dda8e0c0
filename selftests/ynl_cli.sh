#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own YNL client, tools/net/ynl/cli.py, drives podol with
# nothing but doc/netlink/podol.yaml: it writes a node podolctl then
# reads back, dumps the table and a device, and gets podol's extack on
# a bad request. And the policy the kernel reports for the family (nlctrl
# getpolicy) is the one the spec describes (helpers/ynl_policy.py).
#
# YNL_DIR holds cli.py, its lib/ and specs/podol.yaml, specs/nlctrl.yaml:
# what the VMs have in /podol/ynl (tools/vm/vm.sh puts them there).
. "$(dirname "$0")/lib.sh"
YNL_DIR=${YNL_DIR:-$HERE/../ynl}
YNL_POLICY=$(podol_helper ynl_policy.py)

require_podol
require_plugin
require_podolctl
require_cmd python3 jq
python3 -c 'import yaml' 2> /dev/null || skip_all "needs python3-yaml"
for f in cli.py specs/podol.yaml specs/nlctrl.yaml; do
	[ -f "$YNL_DIR/$f" ] || skip_all "needs the kernel's YNL cli.py and the specs in $YNL_DIR"
done

ALL_TESTS="node_add node_dump dev_get bad_cidr policy"

# ynl SPEC ARGS...: cli.py in the test's netns, its output as JSON. The
# schema is left out: the host check (tools/check/ynl.sh) validates it.
ynl() {
	local spec=$1
	shift
	at h python3 "$YNL_DIR/cli.py" --spec "$YNL_DIR/specs/$spec.yaml" \
		--no-schema --output-json "$@"
}

node_add_results() { echo 2; }
node_add() {
	check "cli.py node-add: a node with a port and a CIDR" \
		ynl podol --do node-add --json \
		'{"ifname": "podol0", "node": {"remote": "0a00000c", "port": 6470,
		  "cidr": [{"addr": "c0a80200", "prefixlen": 24}]}}'
	check "podolctl reads the node cli.py wrote" \
		jq -e '.[0] | .remote == "10.0.0.12" and .port == 6470 and
			.cidrs == ["192.168.2.0/24"]' \
		<<< "$(at h "$PODOLCTL" -j node show dev podol0)"
}

# one: a multi-attr nest's first entry, as a list or alone.
JQ_ONE='def one: if type == "array" then .[0] else . end;'

node_dump() {
	local out
	out=$(ynl podol --dump node-get --json '{"ifname": "podol0"}')
	check "cli.py dumps the one node, its CIDR and its counters by name" \
		jq -e "$JQ_ONE"' length == 1 and (.[0].node | one |
			.remote == "0a00000c" and .port == 6470 and
			(.cidr | one | .addr == "c0a80200" and .prefixlen == 24) and
			(.stats.drops | has("rx-spoofed-local")))' <<< "$out"
}

dev_get() {
	local out
	out=$(ynl podol --do dev-get --json '{"ifname": "podol0"}')
	check "cli.py dev-get: the device, its node count, its drops by name" \
		jq -e '.ifname == "podol0" and ."node-count" == 1 and
			(.stats.drops | has("tx-no-node"))' <<< "$out"
}

bad_cidr() {
	check "cli.py gets podol's extack for a CIDR with host bits" \
		fails_with "host bits set" \
		ynl podol --do node-add --json \
		'{"ifname": "podol0", "node": {"remote": "0a00000d",
		  "cidr": [{"addr": "c0a80301", "prefixlen": 24}]}}'
}

policy() {
	local dump
	dump=$(mktemp)
	ynl nlctrl --dump getpolicy --json '{"family-name": "podol"}' > "$dump"
	check "the kernel's policy for podol is the spec's" \
		python3 "$YNL_POLICY" "$YNL_DIR/specs/podol.yaml" "$dump"
	rm -f "$dump"
}

#   h: podol0 (port 6464), its table written and read over YNL
ns h
at h ip link add podol0 type podol
tests_run
