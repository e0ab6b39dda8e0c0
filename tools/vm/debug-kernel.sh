#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the debug kernel of `make check-debug` from Debian's
# linux-source-6.12: allnoconfig + selftests/config + debug-kernel.config
# (KASAN, UBSAN, lockdep, kmemleak, debug objects...). The result is
# cached under $VM_DIR/debug/KEY, KEY being the hash of the fragments and
# of the source package's version, so a second run reuses it.
#
#   debug-kernel.sh     prints the kernel release it built or found
#
# The build leaves in $VM_DIR/debug/KEY:
#   vmlinuz                     the image qemu boots
#   lib/modules/RELEASE/        modules.builtin etc., and build -> the tree
#   build/                      the configured and built tree (the KDIR
#                               podol.ko is built against)
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
VM_DIR=${VM_DIR:-$TOP/.vm}
tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)
[ -n "$tarball" ] || { echo "debug-kernel: linux-source-6.12 is not installed" >&2; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
frags=("$TOP/selftests/config" "$TOP/tools/vm/debug-kernel.config")
key=$(cat "${frags[@]}" <(echo "$srcver") | sha256sum | cut -c1-16)
dir=$VM_DIR/debug/$key

# One build at a time: make check starts one in the background, and its
# turn to boot the kernel then waits here for that build to end.
mkdir -p "$VM_DIR"
exec 9> "$VM_DIR/debug.lock"
flock 9

if [ -f "$dir/release" ] && [ -f "$dir/vmlinuz" ]; then
	ln -sfn "$key" "$VM_DIR/debug/current"
	cat "$dir/release"
	exit 0
fi

rm -rf "$VM_DIR/debug"
mkdir -p "$dir"
echo "debug-kernel: building $key from $(basename "$tarball") $srcver" >&2
start=$(date +%s)
tar -xf "$tarball" -C "$dir"
mv "$dir"/linux-source-6.12 "$dir/build"
cd "$dir/build"
# The release names the kernel for podol's own tree, never a Debian one.
echo "-podol-debug" > localversion-podol
KCONFIG_CONFIG=.config scripts/kconfig/merge_config.sh -n -m "${frags[@]}" > "$dir/config.log" 2>&1
make -s allnoconfig KCONFIG_ALLCONFIG=.config >> "$dir/config.log" 2>&1
# merge_config's check: every requested value must have been taken.
missing=0
while IFS= read -r line; do
	case $line in CONFIG_*=*) ;; *) continue ;; esac
	opt=${line%%=*} want=${line#*=}
	if [ "$want" = n ]; then
		grep -q "^$opt=" .config && { echo "debug-kernel: $opt is set, wanted n" >&2; missing=1; }
	else
		have=$(sed -n "s/^$opt=//p" .config)
		# a module wanted by selftests/config may well be built in
		if [ "$have" != "$want" ] && ! { [ "$want" = m ] && [ "$have" = y ]; }; then
			echo "debug-kernel: $opt=${have:-unset}, wanted $want" >&2
			missing=1
		fi
	fi
done < <(cat "${frags[@]}")
[ "$missing" = 0 ] || exit 1

make -s -j"$(nproc)" bzImage modules > "$dir/build.log" 2>&1 ||
	{ tail -n 40 "$dir/build.log" >&2; exit 1; }
release=$(make -s kernelrelease)
make -s INSTALL_MOD_PATH="$dir" modules_install >> "$dir/build.log" 2>&1
ln -sfn "$dir/build" "$dir/lib/modules/$release/build"
cp arch/x86/boot/bzImage "$dir/vmlinuz"
echo "$release" > "$dir/release"
ln -sfn "$key" "$VM_DIR/debug/current"
echo "debug-kernel: built $release in $(( $(date +%s) - start ))s" >&2
echo "$release"
