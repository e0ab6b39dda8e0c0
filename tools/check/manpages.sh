#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On this machine, not in a VM: every man page of the tree (tools/ and
# doc/, *.1 to *.8) is clean for both formatters a reader may have:
# `mandoc -T lint` prints nothing (its warnings and style notes count:
# each is listed), and man-db's groff, for the terminal at 80 columns and
# for typesetting (-Tutf8 -Z), prints no warning. Each page is also
# named, in its section's directory, by some Makefile (its install rule). KTAP, a test per page; skips
# (exit 4) without mandoc or man.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)

command -v mandoc > /dev/null || { echo "mandoc is not installed"; exit 4; }
command -v man > /dev/null || { echo "man (man-db) is not installed"; exit 4; }
# groff's messages, and the pages' dashes, in one known locale.
export LC_ALL=C.UTF-8

mapfile -t pages < <(cd "$TOP" && find tools doc -type f -name '*.[1-8]' | sort)
[ ${#pages[@]} -gt 0 ] || { echo "no man page found"; exit 1; }

echo "KTAP version 1"
echo "1..${#pages[@]}"
n=0
rc=0
for page in "${pages[@]}"; do
	n=$((n + 1))
	out=$(cd "$TOP" && {
		mandoc -T lint "$page" 2>&1
		MANWIDTH=80 man --warnings -l "$page" 2>&1 > /dev/null |
			sed "s|^|$page: man: |"
		man --warnings -l -Tutf8 -Z "$page" 2>&1 > /dev/null |
			sed "s|^|$page: man -Tutf8 -Z: |"
		name=${page##*/}
		grep -rqsF --include=Makefile "man${name##*.}/$name" Makefile tools ||
			echo "$page: no Makefile installs it to man${name##*.}/"
	})
	if [ -z "$out" ]; then
		echo "ok $n $page"
	else
		sed 's/^/    /' <<< "$out"
		echo "not ok $n $page"
		rc=1
	fi
done
exit $rc
