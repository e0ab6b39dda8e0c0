#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On this machine, not in a VM: `dkms build` and `dkms install` succeed
# for the installed 6.1 and 6.12 kernels and put podol.ko where modprobe
# finds it; `dkms remove` undoes all of it. Runs under a test version, so
# a podol installed by hand is left alone.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tools/vm/vm.sh"
command -v dkms > /dev/null || { echo "dkms is not installed"; exit 4; }
[ "$(id -u)" = 0 ] || { echo "dkms needs root"; exit 4; }

ver=0.0.0+selftest
src=/usr/src/podol-$ver
cleanup() {
	dkms remove -m podol -v "$ver" --all > /dev/null 2>&1
	rm -rf "$src"
}
trap cleanup EXIT
cleanup

mkdir -p "$src"
cp -a "$TOP/Kbuild" "$TOP/module" "$TOP/include" "$src/"
sed "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$ver\"/" "$TOP/dkms.conf" > "$src/dkms.conf"

fail() { echo "dkms: $*"; exit 1; }
dkms add -m podol -v "$ver" > /dev/null || fail "add"
for sel in 6.1 6.12; do
	kver=$(vm_kver "$sel")
	[ -n "$kver" ] || fail "no $sel kernel installed"
	dkms build -m podol -v "$ver" -k "$kver" > /tmp/podol-dkms.log 2>&1 ||
		{ cat /tmp/podol-dkms.log; fail "build for $kver"; }
	dkms install -m podol -v "$ver" -k "$kver" --force > /tmp/podol-dkms.log 2>&1 ||
		{ cat /tmp/podol-dkms.log; fail "install for $kver"; }
	where=$(modprobe -S "$kver" --show-depends podol 2>/dev/null | awk '/podol\.ko/ { print $2 }')
	case $where in
	"/lib/modules/$kver/updates/dkms/podol.ko"*) echo "$kver: modprobe finds $where" ;;
	*) fail "modprobe does not find the DKMS podol.ko for $kver (got \"$where\")" ;;
	esac
done
dkms remove -m podol -v "$ver" --all > /dev/null || fail "remove"
for sel in 6.1 6.12; do
	kver=$(vm_kver "$sel")
	! ls "/lib/modules/$kver/updates/dkms/podol.ko"* > /dev/null 2>&1 ||
		fail "dkms remove left podol.ko for $kver"
	! modprobe -S "$kver" --show-depends podol > /dev/null 2>&1 ||
		fail "modprobe still finds podol for $kver after dkms remove"
done
echo "dkms build, install and remove: fine for both kernels"
