# SPDX-License-Identifier: GPL-2.0
# bash completion for podolctl and podold.
#
# Installed by `make install` as COMPLETIONSDIR/podolctl, with podold a
# symlink to it: bash-completion loads a command's file by the command's
# name, and both commands share the device lookup below.
#
# The grammar is the parsers' own, and follows them: podolctl's
# tools/podolctl/podolctl.c (options, objects), node_cmd.c and dev_cmd.c
# (commands, which keywords each takes), args.c (keyword-value pairs in
# any order, only cidr repeatable), keyword.c (a unique prefix names a
# word; aliases of one meaning are no ambiguity); podold's
# tools/podold/options.c (getopt_long, commands). A word the parser would
# refuse ends the completion: nothing is offered after it.
#
# Values: dev from `ip -o link show type podol`, remote from the table
# (`podolctl node show`), -n from `ip netns list`; each in the netns that
# -n names. The commands' errors never reach the terminal.
#
# Tested by tools/check/completion.sh.

# _podol_resolve WORD NAME:ID...: the ID that WORD names among the pairs,
# as match_keyword() finds it: a name in full, or a prefix of names that
# all mean one ID. Prints nothing and fails if WORD names none, or several.
_podol_resolve()
{
	local word=$1 pair id=
	shift

	for pair; do
		if [[ $word == "${pair%%:*}" ]]; then
			printf '%s\n' "${pair#*:}"
			return 0
		fi
	done
	[[ -n $word ]] || return 1
	for pair; do
		[[ ${pair%%:*} == "$word"* ]] || continue
		[[ -n $id && $id != "${pair#*:}" ]] && return 1
		id=${pair#*:}
	done
	[[ -n $id ]] && printf '%s\n' "$id"
}

# _podol_names NAME:ID...: the names of the pairs.
_podol_names()
{
	local pair

	for pair; do
		printf '%s\n' "${pair%%:*}"
	done
}

# _podol_offer WORD...: COMPREPLY, the WORDs that start with $cur. An IPv6
# address holds colons, which bash splits words at: the part of $cur up
# to its last colon is already on the line, and is taken off each offer.
_podol_offer()
{
	mapfile -t COMPREPLY < <(compgen -W "$*" -- "$cur")
	__ltrim_colon_completions "$cur"
}

# _podol_devs [NETNS]: the podol devices, as `ip -o` lists them
# ("3: podol0: <...> ..."; a device moved here says "podol0@if5:").
_podol_devs()
{
	ip ${1:+-n "$1"} -o link show type podol 2>/dev/null |
		awk '{ name = $2; sub(/:$/, "", name); sub(/@.*/, "", name); print name }'
}

# _podol_netns: the names `ip netns list` gives ("pod1 (id: 0)" or "pod1").
_podol_netns()
{
	ip netns list 2>/dev/null | awk '{ print $1 }'
}

# _podol_remotes_of_show: the remote addresses in `podolctl node show`'s
# text on standard input: a node starts with an unindented line
# "dev DEV remote ADDR [port PORT]" (tools/podolctl/show.c, print_node()).
_podol_remotes_of_show()
{
	awk '$1 == "dev" && $3 == "remote" { print $4 }'
}

# _podolctl_remotes PODOLCTL [NETNS] [DEV]: the nodes' remote addresses,
# of DEV or of every podol device.
_podolctl_remotes()
{
	"$1" ${2:+-n "$2"} node show ${3:+dev "$3"} 2>/dev/null |
		_podol_remotes_of_show
}

# podolctl's words, NAME:ID, as its keyword tables have them.
_podolctl_options=(-json:json -pretty:pretty -netns:netns -Version:version
		   -help:help)
_podolctl_objects=(node:node stats:stats dev:dev help:help)
_podolctl_node_cmds=(add:add change:change set:change del:del delete:del
		     show:show list:show ls:show flush:flush replace:replace
		     help:help)
_podolctl_dev_cmds=(set:set show:show list:show help:help)

# _podolctl_args CMD NETNS FIRST KEYWORD...: completes the keyword-value
# pairs that start at word FIRST, of the KEYWORDs that CMD ("add",
# "show", "set", ...) takes: a keyword not yet on the line (cidr and
# local-cidr as often as wanted), or the value of the keyword before.
_podolctl_args()
{
	local cmd=$1 netns=$2 first=$3 i kw dev="" none=0 nlocal=0
	shift 3
	local -a pairs=() seen=()

	for kw; do
		pairs+=("$kw:$kw")
	done
	for ((i = first; i < cword; i += 2)); do
		kw=$(_podol_resolve "${words[i]}" "${pairs[@]}") || return
		if ((i + 1 == cword)); then
			case $kw in
			dev)
				_podol_offer "$(_podol_devs "$netns")"
				;;
			remote)
				# A new node's address is no node's yet.
				[[ $cmd == add ]] && return
				# The device, if named, after the cursor too.
				local j
				for ((j = first; j + 1 < ${#words[@]}; j += 2)); do
					[[ $(_podol_resolve "${words[j]}" \
					     "${pairs[@]}") == dev ]] &&
						dev=${words[j + 1]}
				done
				_podol_offer "$(_podolctl_remotes "${words[0]}" \
						"$netns" "$dev")"
				;;
			file)
				_filedir
				[[ - == "$cur"* ]] && COMPREPLY+=(-)
				;;
			local-cidr)
				# "none" alone empties the list (dev_set_parse()).
				((nlocal == 0)) && _podol_offer none
				;;
			esac
			return
		fi
		seen+=("$kw")
		[[ $kw == local-cidr ]] && ((nlocal++))
		[[ $kw == local-cidr && ${words[i + 1]} == none ]] && none=1
	done

	local -a offer=()
	for kw; do
		case $kw in
		cidr) ;;
		local-cidr) ((none)) && continue ;;
		*) [[ " ${seen[*]} " == *" $kw "* ]] && continue ;;
		esac
		offer+=("$kw")
	done
	_podol_offer "${offer[*]}"
}

_podolctl()
{
	local cur prev words cword
	_init_completion -n : || return

	local i=1 w id netns="" obj cmd
	local -a used=() table=()

	# Options: every word that starts with "-", before the object.
	while ((i < cword)) && [[ ${words[i]} == -* ]]; do
		w=${words[i]}
		[[ $w == --* ]] && w=${w#-}
		id=$(_podol_resolve "$w" "${_podolctl_options[@]}") || return
		used+=("$id")
		case $id in
		version | help)
			return
			;;
		netns)
			if ((i + 1 == cword)); then
				_podol_offer "$(_podol_netns)"
				return
			fi
			netns=${words[i + 1]}
			((i++))
			;;
		esac
		((i++))
	done
	if ((i == cword)); then
		if [[ $cur == -* ]]; then
			local pair dash=
			local -a offer=()
			[[ $cur == --* ]] && dash=-
			for pair in "${_podolctl_options[@]}"; do
				[[ " ${used[*]} " == *" ${pair#*:} "* ]] ||
					offer+=("$dash${pair%%:*}")
			done
			_podol_offer "${offer[*]}"
		else
			_podol_offer "$(_podol_names "${_podolctl_objects[@]}")"
		fi
		return
	fi

	obj=$(_podol_resolve "${words[i]}" "${_podolctl_objects[@]}") || return
	((i++))
	case $obj in
	node) table=("${_podolctl_node_cmds[@]}") ;;
	dev) table=("${_podolctl_dev_cmds[@]}") ;;
	stats) _podolctl_stats "$netns" "$i" ;&
	*) return ;;
	esac
	if ((i == cword)); then
		_podol_offer "$(_podol_names "${table[@]}")"
		return
	fi
	cmd=$(_podol_resolve "${words[i]}" "${table[@]}") || return
	((i++))
	case $obj.$cmd in
	node.add | node.change)
		_podolctl_args "$cmd" "$netns" "$i" dev remote cidr port
		;;
	node.del | node.show)
		_podolctl_args "$cmd" "$netns" "$i" dev remote
		;;
	node.flush)
		_podolctl_args "$cmd" "$netns" "$i" dev
		;;
	node.replace)
		_podolctl_args "$cmd" "$netns" "$i" dev file
		;;
	dev.set)
		_podolctl_args "$cmd" "$netns" "$i" dev local-cidr
		;;
	dev.show)
		_podolctl_stats "$netns" "$i"
		;;
	esac
}

# _podolctl_stats NETNS FIRST: stats and dev show take "help" (in full,
# first: stats_parse()) or "dev DEV".
_podolctl_stats()
{
	if (($2 == cword)); then
		_podol_offer dev help
	elif [[ ${words[$2]} != help ]]; then
		_podolctl_args show "$1" "$2" dev
	fi
}

complete -F _podolctl podolctl

# podold's long options and what each takes: a file, a directory, a podol
# device, a value to type, or nothing (options.c, long_opts[]). -g: this
# file is sourced inside bash-completion's loader, a function.
declare -gA _podold_takes=(
	[--etcd-endpoints]=value [--etcd-cafile]=file [--etcd-certfile]=file
	[--etcd-keyfile]=file [--network]=value [--node-name]=value
	[--dev]=dev [--underlay-ip]=value [--state-dir]=dir
	[--lease-ttl]=value [--config]=file [--json]=none [--verbose]=none
	[--help]=none
)

# _podold_option WORD: the long option WORD names, in full or by a unique
# prefix as getopt_long takes it. Short options may be bundled (-vj); -c
# takes the rest of its word, or the next word, as --config's value. A
# bundle without -c is named by its last option.
_podold_option()
{
	local name letters
	local -a pairs=()

	case $1 in
	--*)
		for name in "${!_podold_takes[@]}"; do
			pairs+=("$name:$name")
		done
		_podol_resolve "${1%%=*}" "${pairs[@]}"
		;;
	-?*)
		letters=${1#-}
		if [[ ${letters%%c*} != *([jvh]) ]]; then
			return 1
		elif [[ $letters == *c* ]]; then
			echo --config
		else
			case ${letters: -1} in
			j) echo --json ;;
			v) echo --verbose ;;
			h) echo --help ;;
			esac
		fi
		;;
	*)
		return 1
		;;
	esac
}

# _podold_value TAKES: completes an option's value of that kind.
_podold_value()
{
	case $1 in
	file) _filedir ;;
	dir) _filedir -d ;;
	dev) _podol_offer "$(_podol_devs)" ;;
	esac
}

_podold()
{
	local cur prev words cword split
	_init_completion -s -n : || return

	local i opt takes
	local -a cmd=() used=()

	# --opt=value: the value is $cur, the option $prev.
	if $split; then
		opt=$(_podold_option "$prev") && _podold_value "${_podold_takes[$opt]}"
		return
	fi
	# The words before the cursor: options, their values, the command;
	# getopt_long takes options anywhere.
	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} != -?* ]]; then
			cmd+=("${words[i]}")
			continue
		fi
		opt=$(_podold_option "${words[i]}") || return
		used+=("$opt")
		takes=${_podold_takes[$opt]}
		# A value after "=", or after -c in its word, is no word.
		[[ $takes == none || ${words[i]} == --*=* ||
		   ${words[i]} == -[!-]*c?* ]] && continue
		if ((i + 1 == cword)); then
			_podold_value "$takes"
			return
		fi
		((i++))
	done

	if [[ $cur == -* ]]; then
		local -a offer=()
		for opt in "${!_podold_takes[@]}"; do
			# -j is for "podold status" alone; --underlay-ip may
			# come twice, once per family.
			[[ $opt == --json && -n ${cmd[0]-} && ${cmd[0]} != status ]] &&
				continue
			[[ $opt != --underlay-ip && " ${used[*]} " == *" $opt "* ]] &&
				continue
			offer+=("$opt")
		done
		_podol_offer "${offer[*]}"
		return
	fi
	case "${cmd[*]}" in
	"")
		_podol_offer config leave status
		;;
	config)
		_podol_offer set show
		;;
	"config set")
		_filedir
		;;
	esac
}

complete -F _podold podold
