#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cni_input.sh: the podol CNI plugin refuses each kind of bad input (a
# variable missing or malformed, a configuration that does not decode or
# is invalid, an unknown cniVersion, a netns that does not exist or is
# none, an IPAM plugin absent or failing, podold's node.json missing)
# with the spec's error object, its code, a message naming the problem,
# and leaves nothing behind. Topology: cni_lib.sh's, pod a only.
source "$(dirname "$0")/lib.sh"
source "$HERE/cni_lib.sh"

ALL_TESTS="bad_input"

require_cni

# code (host-local's own for its failure)|message|configuration (jq filter on conf)|variables
BAD_INPUT=(
	"4|CNI_COMMAND is not set|.|"
	"4|unknown CNI_COMMAND \"FOO\"|.|CNI_COMMAND=FOO"
	"4|CNI_CONTAINERID is not set|.|CNI_CONTAINERID="
	"4|CNI_NETNS is not set|.|CNI_NETNS="
	"4|CNI_IFNAME is not set|.|CNI_IFNAME="
	"4|CNI_PATH is not set|.|CNI_PATH="
	"4|invalid CNI_CONTAINERID|.|CNI_CONTAINERID=../x"
	"4|invalid CNI_IFNAME|.|CNI_IFNAME=a/b"
	"4|invalid CNI_ARGS|.|CNI_ARGS=novalue"
	"6|cannot decode the configuration|BROKEN|"
	"1|unsupported cniVersion \"0.4.0\"|.cniVersion = \"0.4.0\"|"
	"7|no \"cniVersion\"|del(.cniVersion)|"
	"7|\"name\"|del(.name)|"
	"7|\"ipam\" needs a \"type\"|del(.ipam)|"
	"3|cannot open CNI_NETNS /run/netns/nosuch|.|CNI_NETNS=/run/netns/nosuch"
	"4|is not a network namespace|.|CNI_NETNS=/proc/self/status"
	"7|ipam plugin \"nosuch\" not found in CNI_PATH|.ipam.type = \"nosuch\"|"
	"999|ipam plugin host-local: invalid CIDR|.ipam.ranges = [[{subnet: \"bogus\"}]]|"
	"11|node.json|.stateDir = \"/nonexistent\"|"
)

bad_input_results() { echo $((${#BAD_INPUT[@]} + 1)); }

bad_input() {
	local t code msg filter vars c out st
	fresh
	for t in "${BAD_INPUT[@]}"; do
		IFS='|' read -r code msg filter vars <<< "$t"
		if [ "$filter" = BROKEN ]; then
			c='{"cniVersion": "1.1.0", "name":'
		else
			c=$(conf 1.1.0 "$filter")
		fi
		# The defaults, overridden by the case's variables.
		# shellcheck disable=SC2086
		out=$(at node env -i PATH="$PATH" \
			$( [ "$vars" = "" ] && [ "$msg" = "CNI_COMMAND is not set" ] ||
			   echo CNI_COMMAND=ADD) \
			CNI_CONTAINERID=c1 CNI_NETNS="/run/netns/$PFX-a" \
			CNI_IFNAME=eth0 CNI_PATH="$CNI_DIR" $vars \
			"$CNI_PLUGIN" <<< "$c"); st=$?
		check "bad input: $msg" fails_code "$code" "$msg" "$out" $st
	done
	check "bad input leaves nothing" nothing_left
}

ns node && ns a || skip_all "cannot build the topology"
tests_run
