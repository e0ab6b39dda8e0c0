#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On this machine, not in a VM: the Debian packages (debian/). `make deb`
# builds them; lintian finds no error, and no warning that a
# debian/*.lintian-overrides does not explain; apt installs both, and the
# package's DKMS scripts build and install podol.ko for every kernel here
# that has headers (Debian's 6.1, 6.12 and 6.12-rt), where modinfo and
# modprobe find it; `ip link help podol` goes through the packaged plugin
# and the packaged programs run. Purging both leaves nothing: no DKMS
# entry, no podol.ko, none of the packages' files.
#
# This is also the DKMS check (dkms add, build, install for each kernel,
# modprobe finding the module, remove): the package's scripts do each
# step, and doing the DKMS builds a second time would cost CI minutes.
# The unit tests are not run in the package build (nocheck):
# libpodol.sh and podold-parse.sh run them.
#
# The machine is left as it was found, on a failure too. So this skips
# (exit 4) when podol is installed here already (a package, DKMS, a
# podol.ko, a file the packages hold) or when apt would install anything
# but the two packages (run `make deps`). KTAP.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../vm/vm.sh
. "$TOP/tools/vm/vm.sh"
APT=(apt-get -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends)

[ "$(id -u)" = 0 ] || { echo "installing packages needs root"; exit 4; }
for cmd in dpkg-buildpackage dh dh_dkms lintian dkms apt-get git; do
	command -v "$cmd" > /dev/null || { echo "$cmd is not installed (make deps)"; exit 4; }
done
git -C "$TOP" rev-parse --git-dir > /dev/null 2>&1 ||
	{ echo "make deb packages the files git knows: not a git checkout"; exit 4; }
ver=$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Version) ||
	{ echo "debian/changelog: no version"; exit 1; }

# The kernels DKMS builds for: each with headers. 6.1 and 6.12 must be
# among them.
kernels=()
for d in /lib/modules/*/build; do
	[ -e "$d/Makefile" ] && kernels+=("$(basename "$(dirname "$d")")")
done
for sel in 6.1 6.12; do
	k=$(vm_kver "$sel")
	if [ -z "$k" ] || [ ! -e "/lib/modules/$k/build/Makefile" ]; then
		echo "no $sel kernel with headers installed (make deps)"
		exit 1
	fi
done

tmp=$(mktemp -d)
installed=0
# dkms makes a module signing key on its first build on a machine:
# dkms' own, not the package's, but new, so it goes too.
mok_was_here=0
[ -e /var/lib/dkms/mok.key ] && mok_was_here=1
cleanup() {
	if [ "$installed" = 1 ]; then
		"${APT[@]}" purge podol-tools podol-dkms > "$tmp/cleanup.log" 2>&1 ||
			dpkg --purge --force-remove-reinstreq podol-tools podol-dkms \
				>> "$tmp/cleanup.log" 2>&1
		# What a failed maintainer script may have left.
		dkms remove "podol/$ver" --all > /dev/null 2>&1
		rm -rf "/usr/src/podol-$ver" /var/lib/dkms/podol
	fi
	[ "$mok_was_here" = 1 ] || rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	rm -rf "$tmp"
}
trap cleanup EXIT

# What is podol's here, outside the packages this builds: nothing, before.
podol_here() {
	local k
	for p in podol-dkms podol-tools; do
		dpkg-query -W -f='${Status}\n' "$p" 2> /dev/null |
			grep -qv '^unknown ok not-installed$' && echo "package $p"
	done
	[ -n "$(dkms status -m podol 2> /dev/null)" ] && echo "dkms: $(dkms status -m podol)"
	[ -e /var/lib/dkms/podol ] && echo /var/lib/dkms/podol
	find /lib/modules -maxdepth 4 -name 'podol.ko*' 2> /dev/null
	ls -d /usr/src/podol-* 2> /dev/null
	for k in "${kernels[@]}"; do
		modprobe -S "$k" --show-depends podol > /dev/null 2>&1 &&
			echo "modprobe finds podol for $k"
	done
}

# files DEB...: the files (not directories) the packages hold, absolute.
files() {
	local deb
	for deb in "$@"; do
		dpkg-deb --fsys-tarfile "$deb" | tar -t | grep -v '/$' | sed 's|^\.||'
	done
}

echo "KTAP version 1"
names=(build lintian install)
for k in "${kernels[@]}"; do names+=("$k: modinfo and modprobe find podol.ko"); done
names+=("ip link help podol through the packaged plugin"
	"packaged programs run" purge "nothing left")
echo "1..${#names[@]}"
n=0 rc=0 blocked=
# result OK|FAIL [LOG]: the next test's line, with its log indented.
result() {
	n=$((n + 1))
	[ -n "${2:-}" ] && sed 's/^/    /' <<< "$2"
	if [ "$1" = ok ]; then
		echo "ok $n ${names[n - 1]}"
	else
		echo "not ok $n ${names[n - 1]}"
		rc=1
	fi
}
# skip_one WHY: the next test, skipped.
skip_one() {
	n=$((n + 1))
	echo "ok $n ${names[n - 1]} # SKIP $1"
}
# skip_rest WHY: the tests left, skipped, and the exit.
skip_rest() {
	while [ "$n" -lt "${#names[@]}" ]; do skip_one "$1"; done
	exit "$rc"
}

# The build, in the tree's .deb/, the two packages copied to $tmp.
since=$(date +%s)
if out=$(DEB_BUILD_OPTIONS=nocheck make -s -C "$TOP" deb DEBDIR="$tmp" 2>&1); then
	result ok "# make deb took $(( $(date +%s) - since ))s"
else
	result fail "$(tail -n 40 <<< "$out")"
	skip_rest "the packages did not build"
fi
debs=("$tmp"/podol-dkms_"${ver}"_all.deb "$tmp"/podol-tools_"${ver}"_*.deb)

# lintian on the .changes: the source package and every binary one.
out=$(lintian -I --fail-on error,warning "$TOP"/.deb/podol_"${ver}"_*.changes 2>&1)
lrc=$?
out=$(grep -v '^running with root privileges' <<< "$out")
if [ "$lrc" = 0 ] && ! grep -q '^[EW]: ' <<< "$out"; then
	result ok "$out"
else
	result fail "$out"
fi

why=$(podol_here)
[ -z "$why" ] || { echo "# podol is installed here already: $why"; skip_rest "podol is installed here already"; }
why=$(for f in $(files "${debs[@]}"); do [ -e "$f" ] || [ -L "$f" ] && echo "$f"; done)
[ -z "$why" ] || skip_rest "files of the packages exist here: $(xargs <<< "$why")"
# Only the two packages: what apt would pull in would stay after the purge.
why=$("${APT[@]}" -s install "${debs[@]}" 2> /dev/null |
      awk '/^Inst / && $2 !~ /^podol-(dkms|tools)$/ { print $2 }')
[ -z "$why" ] || skip_rest "apt would also install $(xargs <<< "$why") (make deps)"

# The install: DKMS builds for each kernel (not only the running and the
# newest one, dkms' default: the package asks for all).
since=$(date +%s)
installed=1
if out=$("${APT[@]}" install "${debs[@]}" 2>&1); then
	result ok "$(grep -E '^Building (for|initial)|Installing to|^Done' <<< "$out")
# apt install took $(( $(date +%s) - since ))s"
else
	result fail "$(tail -n 60 <<< "$out")"
	blocked="the install failed"
fi

for k in "${kernels[@]}"; do
	[ -z "$blocked" ] || { skip_one "$blocked"; continue; }
	file=$(modinfo -k "$k" -F filename podol 2>&1)
	where=$(modprobe -S "$k" --show-depends podol 2>&1 | awk '/podol\.ko/ { print $2 }')
	case $file:$where in
	"/lib/modules/$k/updates/dkms/podol.ko"*:"/lib/modules/$k/updates/dkms/podol.ko"*)
		result ok "# $file" ;;
	*)
		result fail "modinfo: \"$file\", modprobe: \"$where\"" ;;
	esac
done

if [ -z "$blocked" ]; then
	# ip reads its plugins from IP_LIB_DIR when set: not here. ld.so
	# names the file it opens.
	out=$(env -u IP_LIB_DIR LD_DEBUG=files ip link help podol 2>&1)
	lib=$(grep -o '/[^ ]*/link_podol\.so' <<< "$out" | head -n1)
	if grep -q '^Usage: \.\.\. podol ' <<< "$out" &&
	   dpkg -S "$lib" 2> /dev/null | grep -q '^podol-tools: '; then
		result ok "# $lib"
	else
		result fail "$(grep -v '^ *[0-9]*:' <<< "$out" | head -n 20)
plugin: \"$lib\""
	fi

	# The programs start (their libraries resolve) and answer.
	out=$({ podolctl -V && CNI_COMMAND=VERSION /usr/lib/cni/podol &&
		podold --help; } 2>&1)
	if grep -q '^podolctl [0-9]' <<< "$out" &&
	   grep -q '"supportedVersions"' <<< "$out" &&
	   grep -qi 'usage' <<< "$out"; then
		result ok
	else
		result fail "$out"
	fi
else
	skip_one "$blocked"
	skip_one "$blocked"
fi

# The purge: prerm's dkms remove for every kernel, then dpkg's.
since=$(date +%s)
if out=$("${APT[@]}" purge podol-tools podol-dkms 2>&1); then
	installed=0
	result ok "# apt purge took $(( $(date +%s) - since ))s"
else
	result fail "$(tail -n 40 <<< "$out")"
fi
left=$(podol_here
       for f in $(files "${debs[@]}"); do [ -e "$f" ] || [ -L "$f" ] && echo "$f"; done)
if [ -z "$left" ]; then
	result ok
else
	result fail "left: $left"
fi
exit $rc
