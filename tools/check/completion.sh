#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On this machine, not in a VM: the bash completion of podolctl and podold
# (tools/completion/podol.bash). Each check sets COMP_WORDS, COMP_CWORD,
# COMP_LINE and COMP_POINT as bash does for a line, with bash-completion
# loaded, calls the completion function and compares COMPREPLY.
#
# What is covered where: the grammar (options, objects, commands,
# keywords offered once, cidr and local-cidr repeatable, podold's options
# and commands) here, in full. Dynamic values, here with the real
# commands and no stand-in: netns names from a netns this script adds;
# dev names against `ip -j link show type podol`, which lists nothing on
# a kernel without podol.ko, as here (so the check is of the empty case,
# and that other links, lo, are never offered); remote addresses from
# `podolctl node show`, which fails here (no module) and must offer
# nothing and print nothing; its text filter on print_node()'s format.
# Not covered: offers from a live device's table (needs podol.ko: a VM).
# `make install-completion` into a scratch DESTDIR, and bash-completion's
# own loader finding both commands there, are checked too. KTAP; skips
# (exit 4) without bash-completion.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BASH_COMPLETION=/usr/share/bash-completion/bash_completion
NETNS=podol-completion-$$

[ -r "$BASH_COMPLETION" ] || { echo "bash-completion is not installed"; exit 4; }
command -v jq > /dev/null || { echo "jq is not installed"; exit 4; }

tmp=$(mktemp -d)
ktap_current=
cleanup() {
	# A completion that trips set -u ends this shell, as it would end
	# a user's shell that set it: that test failed.
	[ -n "$ktap_current" ] &&
		echo "not ok $ktap_n ${ktap_current#test_} # the shell exited"
	ip netns del "$NETNS" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# shellcheck source=/dev/null
. "$BASH_COMPLETION"
# shellcheck source=../completion/podol.bash
. "$TOP/tools/completion/podol.bash"
# shellcheck source=ktap.sh
. "$TOP/tools/check/ktap.sh"

# complete LINE: COMPREPLY for LINE, the cursor at its end, the words split
# as bash splits them: at blanks, and a run of ":" or "=" (both in
# COMP_WORDBREAKS) is a word of its own ("fd00::1" is fd00, ::, 1).
# Stderr goes to $tmp/stderr: a completion must print nothing.
complete_line() {
	local line=$1 w fn
	local -a words=()

	for w in $line; do
		while [[ $w =~ ^([^:=]*)([:=]+)(.*)$ ]]; do
			[ -n "${BASH_REMATCH[1]}" ] && words+=("${BASH_REMATCH[1]}")
			words+=("${BASH_REMATCH[2]}")
			w=${BASH_REMATCH[3]}
		done
		[ -n "$w" ] && words+=("$w")
	done
	[[ $line == *" " ]] && words+=("")
	COMP_WORDS=("${words[@]}")
	COMP_CWORD=$((${#words[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	fn=$(complete -p "${words[0]##*/}" | sed 's/.*-F \([^ ]*\).*/\1/')
	"$fn" "${words[0]}" "${words[COMP_CWORD]}" \
		"${words[COMP_CWORD - 1]}" 2> "$tmp/stderr"
}

failed=0
# expect LINE WORD...: the offers for LINE are the WORDs, in any order.
expect() {
	local line=$1 got want
	shift
	complete_line "$line"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | xargs)
	want=$(printf '%s\n' "$@" | sort | xargs)
	if [ "$got" != "$want" ]; then
		echo "    \"$line\": offered \"$got\", expected \"$want\""
		failed=1
	elif [ -s "$tmp/stderr" ]; then
		echo "    \"$line\": printed $(head -c 200 "$tmp/stderr")"
		failed=1
	fi
}

test_podolctl_options() {
	expect "podolctl " dev help node stats
	expect "podolctl n" node
	expect "podolctl -" -Version -help -json -netns -pretty
	expect "podolctl --j" --json
	expect "podolctl -j -" -Version -help -netns -pretty
	expect "podolctl -j -p " dev help node stats
	expect "podolctl -V "
	expect "podolctl -bogus "
	expect "podolctl help "
	expect "podolctl bogus "
}

test_podolctl_commands() {
	expect "podolctl node " add change set del delete show list ls flush \
		replace help
	expect "podolctl node l" list ls
	expect "podolctl node help "
	expect "podolctl node bogus "
	expect "podolctl dev " set show list help
	expect "podolctl dev help "
	expect "podolctl stats " dev help
	expect "podolctl stats help "
	expect "podolctl dev show " dev help
	expect "podolctl d l " dev help
}

test_podolctl_keywords() {
	expect "podolctl node add " dev remote cidr port
	expect "podolctl node change " dev remote cidr port
	expect "podolctl node set " dev remote cidr port
	expect "podolctl node del " dev remote
	expect "podolctl node show " dev remote
	expect "podolctl node flush " dev
	expect "podolctl node replace " dev file
	expect "podolctl dev set " dev local-cidr
	expect "podolctl node add d" dev
	expect "podolctl node add po" port
	expect "podolctl node flush dev x "
	expect "podolctl node add bogus x "
}

# Each keyword once, but cidr and local-cidr; prefixes count as the word.
test_podolctl_once() {
	expect "podolctl node add dev x " remote cidr port
	expect "podolctl node add dev x remote 10.0.0.1 " cidr port
	expect "podolctl node add d x r 10.0.0.1 c 10.1.0.0/24 " cidr port
	expect "podolctl node add port 7000 cidr 10.1.0.0/24 cidr fd00::/64 " \
		dev remote cidr
	expect "podolctl node replace file f " dev
	expect "podolctl dev set dev x " local-cidr
	expect "podolctl dev set local-cidr 10.1.0.0/24 " dev local-cidr
	expect "podolctl dev set local-cidr " none
	expect "podolctl dev set local-cidr 10.1.0.0/24 local-cidr "
	expect "podolctl dev set local-cidr none " dev
}

# A file for "file", or "-" for standard input.
test_podolctl_file() {
	mkdir "$tmp/files" && touch "$tmp/files/nodes.txt"
	(cd "$tmp/files" && expect "podolctl node replace dev x file " \
		nodes.txt - && exit $failed) || failed=1
}

# dev offers are exactly the podol links ip lists (jq is a second reader;
# ip -j gives an empty object for each link of another type).
test_dev_values() {
	local -a devs

	mapfile -t devs < <(ip -j link show type podol | jq -r '.[].ifname // empty')
	echo "    # podol devices here: ${#devs[@]}"
	expect "podolctl node show dev " "${devs[@]}"
	expect "podolctl stats dev " "${devs[@]}"
	expect "podolctl dev set dev " "${devs[@]}"
	expect "podold --dev " "${devs[@]}"
	expect "podold --dev=" "${devs[@]}"
	expect "podold --d " "${devs[@]}"
	# lo is a link, but no podol one.
	expect "podolctl node show dev l"
	ip netns add "$NETNS" || { failed=1; return; }
	mapfile -t devs < <(ip -n "$NETNS" -j link show type podol |
			    jq -r '.[].ifname // empty')
	expect "podolctl -n $NETNS node show dev " "${devs[@]}"
	expect "podolctl -n $NETNS node show dev l"
	ip netns del "$NETNS"
}

# -n offers a netns that exists, by the name ip netns gives it.
# (Other users of this machine may add theirs meanwhile: among all, this
# one is looked for.)
test_netns_values() {
	ip netns add "$NETNS" || { failed=1; return; }
	complete_line "podolctl -n "
	if [[ " ${COMPREPLY[*]} " != *" $NETNS "* ]]; then
		echo "    \"podolctl -n \": offered \"${COMPREPLY[*]}\", without $NETNS"
		failed=1
	fi
	expect "podolctl -n $NETNS" "$NETNS"
	expect "podolctl --netns $NETNS" "$NETNS"
	ip netns del "$NETNS"
	expect "podolctl -n $NETNS"
}

# remote: from podolctl node show, which has no module to ask here.
test_remote_values() {
	local podolctl=$TOP/tools/podolctl/podolctl

	make -s -C "$TOP/tools/podolctl" > "$tmp/make.log" 2>&1 ||
		{ cat "$tmp/make.log"; failed=1; return; }
	if "$podolctl" node show > /dev/null 2>&1; then
		echo "    # podolctl node show works here: not the case this checks"
		failed=1
		return
	fi
	expect "$podolctl node del dev x remote "
	expect "$podolctl node show remote 10"
	expect "$podolctl node add dev x remote "
	# The filter, on the text print_node() writes.
	local got
	got=$(printf '%s\n' 'dev podol0 remote 10.0.0.11' \
		'    cidr 192.168.1.0/24' \
		'    rx 1 packets 84 bytes, tx 1 packets 84 bytes, last rx never' \
		'dev podol0 remote fd00::12 port 7000' '    cidr fd00:1::/64' |
	      _podol_remotes_of_show | xargs)
	if [ "$got" != "10.0.0.11 fd00::12" ]; then
		echo "    node show's text: remotes \"$got\""
		failed=1
	fi
	# An IPv6 address is split at its colons: offers are the rest.
	# shellcheck disable=SC2034 # _podol_offer reads it
	local cur=fd00::1
	_podol_offer "fd00::12 fd00::13 10.0.0.1"
	if [ "${COMPREPLY[*]}" != "12 13" ]; then
		echo "    fd00::1: offered \"${COMPREPLY[*]}\", expected \"12 13\""
		failed=1
	fi
}

test_podold() {
	expect "podold " config leave status
	expect "podold config " set show
	expect "podold l" leave
	expect "podold --lease-ttl 30 " config leave status
	expect "podold --lease-ttl=30 s" status
	expect "podold -v -c /dev/null " config leave status
	expect "podold --node-name "
	expect "podold --network=x --e" --etcd-endpoints --etcd-cafile \
		--etcd-certfile --etcd-keyfile
	expect "podold --dev podol1 --d"
	expect "podold --underlay-ip 10.0.0.1 --u" --underlay-ip
	expect "podold status --j" --json
	expect "podold leave --j"
	expect "podold --bogus "
	mkdir -p "$tmp/files/dir" && touch "$tmp/files/podold.conf"
	(cd "$tmp/files" &&
	 expect "podold config set " dir nodes.txt podold.conf &&
	 expect "podold -c p" podold.conf &&
	 expect "podold -vc p" podold.conf &&
	 expect "podold --config=p" podold.conf &&
	 expect "podold --state-dir " dir && exit $failed) || failed=1
}

# make install-completion puts the file where bash-completion's loader
# finds it by either command's name, and the loader's sourcing (inside
# a function) defines the completions.
test_install() {
	local dir=$tmp/root/usr/share/bash-completion

	make -s -C "$TOP" install-completion DESTDIR="$tmp/root" \
		COMPLETIONSDIR=/usr/share/bash-completion/completions \
		> "$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; failed=1; return; }
	for cmd in podolctl podold; do
		if ! out=$(BASH_COMPLETION_USER_DIR=$dir bash -c '
			. '"$BASH_COMPLETION"'
			complete -r podolctl podold 2> /dev/null
			_completion_loader '"$cmd"'
			complete -p '"$cmd"'
			declare -p _podold_takes > /dev/null' 2>&1) ||
		   [[ $out != *"-F _$cmd $cmd"* ]]; then
			echo "    $cmd: the loader gave \"$out\""
			failed=1
		fi
	done
	make -s -C "$TOP" uninstall-completion DESTDIR="$tmp/root" \
		COMPLETIONSDIR=/usr/share/bash-completion/completions \
		> "$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; failed=1; }
	[ -z "$(find "$tmp/root" -type f -o -type l)" ] ||
		{ echo "    uninstall-completion left $(find "$tmp/root" -type f -o -type l)"; failed=1; }
}

ALL_TESTS="test_podolctl_options test_podolctl_commands test_podolctl_keywords
	test_podolctl_once test_podolctl_file test_dev_values test_netns_values
	test_remote_values test_podold test_install"
TESTS=${TESTS:-$ALL_TESTS}
[ "$(id -u)" = 0 ] || { echo "adding a netns needs root"; exit 4; }

# shellcheck disable=SC2086 # a list of words
ktap_run $TESTS
