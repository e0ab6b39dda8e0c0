# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Host-side helpers to build and boot podol's test VMs; sourced by
# check.sh and demo.sh. Everything they make lives under $VM_DIR.
#
# A VM is Debian's own kernel image booted by qemu under TCG with an
# initramfs made of two concatenated archives: a base (this machine's
# binaries, busybox, the kernel's modules; cached per kernel) and podol
# (podol.ko for that kernel, the plugin, the selftests and the guest jobs).

VM_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VM_DIR=${VM_DIR:-$VM_TOP/.vm}
VM_MEM=${VM_MEM:-1024}
VM_SMP=${VM_SMP:-2}
# Further qemu options, split at spaces: the benchmark's icount mode sets
# "-icount shift=0,sleep=off,align=off" (with VM_SMP=1), so that guest
# time counts guest instructions.
VM_QEMU_ARGS=${VM_QEMU_ARGS:-}
# Further kernel parameters (init passes NAME=VALUE ones to the job's
# environment).
VM_APPEND=${VM_APPEND:-}

# Kernel log lines that fail a run wherever they appear.
VM_SPLAT_RE='WARNING:|BUG:|Oops|general protection fault|kernel BUG at|Kernel panic|detected stall|self-detected stall|scheduling while atomic|KASAN:|UBSAN:|unreferenced object|INFO: task .* blocked for more than|circular locking|inconsistent lock state|suspicious RCU usage'

# vm_kver SELECTOR: the newest installed kernel of a series ("6.1",
# "6.12", "6.12-rt" for PREEMPT_RT), "debug" for the debug kernel
# debug-kernel.sh builds (and caches), or the exact version given.
vm_kver() {
	local pat
	case $1 in
	6.1) pat='6.1.0-*-amd64' ;;
	6.12) pat='6.12.*+deb12-amd64' ;;
	6.12-rt) pat='6.12.*+deb12-rt-amd64' ;;
	debug) VM_DIR=$VM_DIR "$VM_TOP/tools/vm/debug-kernel.sh"; return ;;
	*) pat=$1 ;;
	esac
	# shellcheck disable=SC2086
	ls -d /lib/modules/$pat 2>/dev/null | xargs -r -n1 basename | sort -V | tail -n1
}

# vm_modroot KVER: the root under which lib/modules/KVER lies: / for
# Debian's kernels, the debug kernel's cache directory for ours.
vm_modroot() {
	case $1 in
	*-podol-debug) echo "$VM_DIR/debug/current" ;;
	*) echo / ;;
	esac
}

# vm_image KVER: the kernel image qemu boots.
vm_image() {
	case $1 in
	*-podol-debug) echo "$VM_DIR/debug/current/vmlinuz" ;;
	*) echo "/boot/vmlinuz-$1" ;;
	esac
}

# vm_build_module KVER: builds podol.ko for KVER in a private copy of the
# sources with W=1; the compiler's output is left in build.log.
vm_build_module() {
	local kver=$1 d="$VM_DIR/$1/build"
	mkdir -p "$d"
	# Copied with new times, so every file builds again: with their own,
	# a source older than the object an earlier tree left here was not
	# rebuilt, and the warnings check reads this build's log whole.
	rm -rf "$d/module" "$d/include"
	cp -R "$VM_TOP/Kbuild" "$VM_TOP/module" "$VM_TOP/include" "$d/"
	make -s -C "$(vm_modroot "$kver")/lib/modules/$kver/build" M="$d" W=1 modules \
		> "$d/build.log" 2>&1 || return 1
	[ -f "$d/podol.ko" ]
}

# vm_build_warnings KVER: compiler warnings of the last build, if any.
vm_build_warnings() {
	grep -E 'warning:|error:' "$VM_DIR/$1/build/build.log" || true
}

# vm_linux_source NAME CHECK PATH...: prints the folder holding PATHs of
# Debian's linux-source-6.12 (relative to its top), extracted once per
# package version (reading the tarball takes 15 s) and per NAME, when its
# file CHECK is missing: into a folder of its own, then renamed, so that
# an interrupted or concurrent run never leaves half a tree where the
# next one looks.
vm_linux_source() {
	local name=$1 check=$2 tarball=/usr/src/linux-source-6.12.tar.xz ver dir part
	shift 2
	[ -f "$tarball" ] || { echo "linux-source-6.12 is not installed" >&2; return 1; }
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2> /dev/null)
	dir=$VM_DIR/$name/linux-source-${ver:-unknown}
	if [ ! -f "$dir/$check" ]; then
		mkdir -p "$VM_DIR/$name"
		part=$(mktemp -d "$dir.part.XXXXXX") || return 1
		tar -xJf "$tarball" -C "$part" --strip-components=1 \
			"${@/#/linux-source-6.12/}" ||
			{ rm -rf "$part"; echo "cannot extract $* from $tarball" >&2; return 1; }
		mv -T "$part" "$dir" 2> /dev/null || rm -rf "$part"
	fi
	echo "$dir"
}

# vm_ynl_tree: prints the folder of the kernel's own YNL tools and specs
# (Documentation/netlink and tools/net/ynl of linux-source-6.12).
vm_ynl_tree() {
	vm_linux_source ynl tools/net/ynl/ynl-gen-c.py Documentation/netlink tools/net/ynl
}

# vm_ksft_tree: prints the folder of the kernel's selftest framework
# (tools/testing/selftests' Makefile, lib.mk, runner and headers of
# linux-source-6.12, and the one file of scripts/ its Makefile reads):
# kselftest.sh copies it and puts podol's tests in the copy.
vm_ksft_tree() {
	local t=tools/testing/selftests
	vm_linux_source kselftest "$t/lib.mk" "$t/Makefile" "$t/lib.mk" \
		"$t/kselftest" "$t/run_kselftest.sh" "$t/kselftest.h" \
		"$t/kselftest_harness.h" scripts/subarch.include
}

# vm_ksft_install WORK: podol's selftests installed the way a kernel
# tree installs them: selftests/ copied to drivers/net/podol in a copy
# of the kernel's selftest framework (WORK/src), built and installed by
# the kernel's own `make -C tools/testing/selftests
# TARGETS=drivers/net/podol install` into WORK/install, which it prints.
# Made afresh each time, so that what a VM runs is this checkout's.
vm_ksft_install() {
	local work=$1 ksrc kst
	command -v rsync > /dev/null ||
		{ echo "kselftest: lib.mk installs with rsync (make deps)" >&2; return 1; }
	ksrc=$(vm_ksft_tree) || return 1
	rm -rf "$work"
	mkdir -p "$work"
	cp -a "$ksrc" "$work/src"
	kst=$work/src/tools/testing/selftests
	mkdir -p "$kst/drivers/net"
	cp -a "$VM_TOP/selftests" "$kst/drivers/net/podol"
	# Its helpers built here are not the kernel build's.
	make -s -C "$kst/drivers/net/podol" clean > /dev/null
	if ! make -C "$kst" TARGETS=drivers/net/podol PODOL_SRC="$VM_TOP" \
		install INSTALL_PATH="$work/install" > "$work/install.log" 2>&1; then
		cat "$work/install.log" >&2
		echo "kselftest: make install failed" >&2
		return 1
	fi
	echo "$work/install"
}

# vm_base_initramfs KVER: path of the cached base archive, built if its
# inputs (the kernel, the script and init) changed.
vm_base_initramfs() {
	local kver=$1 key out
	local root
	root=$(readlink -f "$(vm_modroot "$kver")")
	key=$(cat "$VM_TOP/tools/vm/mkinitramfs.sh" "$VM_TOP/tools/vm/init.sh" "$VM_TOP"/tools/vm/podman/* \
		<(echo "$kver $root") <(dpkg-query -W 2>/dev/null) | sha256sum | cut -c1-16)
	out="$VM_DIR/$kver/base-$key.cpio"
	mkdir -p "$VM_DIR/$kver"
	# One build at a time: `make bench` beside `make check` would both
	# build it, into the same temporary file.
	(
		flock 9
		if [ ! -f "$out" ]; then
			rm -f "$VM_DIR/$kver"/base-*.cpio
			"$VM_TOP/tools/vm/mkinitramfs.sh" "$kver" "$out" "$root" >&2
		fi
	) 9> "$VM_DIR/$kver/base.lock" || return 1
	echo "$out"
}

# vm_initramfs KVER OUT: base + podol, ready to boot, written to OUT:
# each VM gets its own, as qemu reads it while the next VM is made.
vm_initramfs() {
	local kver=$1 out=$2 base root libdir ynl
	base=$(vm_base_initramfs "$kver") || return 1
	root=$(mktemp -d)
	libdir=$("$VM_TOP/tools/iproute2/libdir.sh")
	install -D -m 0644 "$VM_DIR/$kver/build/podol.ko" "$root/usr/lib/modules/$kver/extra/podol.ko"
	install -D -m 0644 "$VM_TOP/tools/iproute2/link_podol.so" "$root/usr${libdir#/usr}/link_podol.so"
	install -D -m 0755 "$VM_TOP/tools/podolctl/podolctl" "$root/usr/sbin/podolctl"
	# podold, the agent, once built (its libraries are in the base).
	[ -x "$VM_TOP/tools/podold/podold" ] &&
		install -D -m 0755 "$VM_TOP/tools/podold/podold" "$root/usr/sbin/podold"
	# The CNI plugin, where runtimes look for it, once built.
	[ -x "$VM_TOP/tools/cni/podol" ] &&
		install -D -m 0755 "$VM_TOP/tools/cni/podol" "$root/usr/lib/cni/podol"
	[ -x "$VM_TOP/tools/podold/bench/podold_scale" ] &&
		install -D -m 0755 "$VM_TOP/tools/podold/bench/podold_scale" "$root/usr/sbin/podold_scale"
	mkdir -p "$root/podol"
	cp -a "$VM_TOP/selftests" "$VM_TOP/tools/vm/jobs" "$VM_TOP/tools/bench" \
		"$VM_TOP/tools/etcd" "$root/podol/"
	# The kernel's YNL cli.py and the specs it reads, podol's and nlctrl's
	# (selftests/ynl_cli.sh), where linux-source-6.12 is installed.
	if ynl=$(vm_ynl_tree 2> /dev/null); then
		mkdir -p "$root/podol/ynl/lib" "$root/podol/ynl/specs"
		cp "$ynl/tools/net/ynl/cli.py" "$root/podol/ynl/"
		cp "$ynl"/tools/net/ynl/lib/*.py "$root/podol/ynl/lib/"
		cp "$ynl/Documentation/netlink/specs/nlctrl.yaml" \
			"$VM_TOP/doc/netlink/podol.yaml" "$root/podol/ynl/specs/"
	fi
	# VM_KSFT (kselftest.sh): a kselftest install tree, as /podol/kselftest.
	[ -n "${VM_KSFT:-}" ] && cp -a "$VM_KSFT" "$root/podol/kselftest"
	(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) > "$out.podol"
	cat "$base" "$out.podol" > "$out"
	rm -rf "$out.podol" "$root"
}

# vm_start NAME KVER JOB ARGS TIMEOUT [NET]
#   Boots a VM in the background; its files go to $VM_DIR/runs/NAME:
#   console.log (kernel log), out.log (the job's output), status.
#   NET, a virtio-net NIC (eth0 in the guest), one of:
#     "server:SOCKET:MAC", "client:SOCKET:MAC": a VM pair, joined over a
#       unix stream socket;
#     "mcast:GROUP:PORT:MAC": one of any number of VMs on one L2 segment,
#       a UDP multicast group on this machine's loopback (every frame
#       goes to every VM of the group; another group never hears it).
vm_start() {
	local name=$1 kver=$2 job=$3 args=$4 tmo=$5 net=${6:-} d initrd
	local -a netargs=() qemuargs=()
	d="$VM_DIR/runs/$name"
	rm -rf "$d"
	mkdir -p "$d"
	initrd="$d/initrd.cpio"
	vm_initramfs "$kver" "$initrd" || return 1
	if [ -n "$net" ]; then
		local kind rest sock group port mac netdev
		IFS=: read -r kind rest <<< "$net"
		case $kind in
		server|client)
			IFS=: read -r sock mac <<< "$rest"
			netdev="stream,id=u0,server=$([ "$kind" = server ] && echo on || echo off),addr.type=unix,addr.path=$sock" ;;
		mcast)
			IFS=: read -r group port mac <<< "$rest"
			netdev="socket,id=u0,mcast=$group:$port,localaddr=127.0.0.1" ;;
		*) echo "vm_start: unknown network \"$net\"" >&2; return 1 ;;
		esac
		netargs=(-netdev "$netdev" -device "virtio-net-pci,netdev=u0,mac=$mac")
	fi
	read -r -a qemuargs <<< "$VM_QEMU_ARGS"
	(
		timeout -s KILL "$tmo" qemu-system-x86_64 \
			-accel tcg -cpu max -m "$VM_MEM" -smp "$VM_SMP" \
			-nodefaults -no-reboot -display none -vga none \
			-kernel "$(vm_image "$kver")" -initrd "$initrd" \
			-append "console=ttyS0 reboot=t panic=-1 mitigations=off PODOL_JOB=$job PODOL_ARGS=$args PODOL_HOST=$name ${VM_APPEND:-}" \
			-serial "file:$d/console.log" -serial "file:$d/out.log" \
			"${netargs[@]}" "${qemuargs[@]}" > "$d/qemu.log" 2>&1
		echo $? > "$d/status"
	) &
	echo $! > "$d/pid"
}

# vm_wait NAME: waits for the VM; 0 when its job ran to the end, 124 when
# it was killed at its timeout, 1 when it died on the way.
vm_wait() {
	local d="$VM_DIR/runs/$1"
	wait "$(cat "$d/pid")" 2>/dev/null
	if grep -q '^podol-vm: job ends' "$d/out.log" 2>/dev/null; then
		return 0
	fi
	[ "$(cat "$d/status" 2>/dev/null)" = 137 ] && return 124
	return 1
}

# vm_test_verdict OUT TEST SPLATS NOREPORT: selftest TEST's verdict from
# the runner's KTAP in file OUT, as "STATUS<tab>DIRECTIVE" for a result:
# a splat in SPLATS ("TEST: line", vm_splats) fails it whatever it said;
# a test that never reported fails with NOREPORT; else its own line.
vm_test_verdict() {
	local out=$1 t=$2 splats=$3 noreport=$4 line
	# "podol" from run_tests.sh, "drivers/net/podol" from kselftest's.
	line=$(grep -E "^(not )?ok [0-9]+ selftests: (drivers/net/)?podol: $t\b" "$out" | tail -n1)
	if grep -q "^$t: " <<< "$splats"; then
		printf 'fail\tkernel splat, see above\n'
	elif [ -z "$line" ]; then
		printf 'fail\t%s\n' "$noreport"
	elif [[ $line == "not ok"* ]]; then
		printf 'fail\t\n'
	elif [[ $line == *"# SKIP"* ]]; then
		# "# SKIP" may end the line, reason-less.
		line=${line#*# SKIP}
		printf 'skip\t%s\n' "${line# }"
	else
		printf 'ok\t\n'
	fi
}

# vm_splats NAME: every splat in the VM's kernel log, as "TEST: line",
# TEST being the selftest that was running (from the markers the runner
# writes to /dev/kmsg), or "boot" before the first.
vm_splats() {
	awk -v re="$VM_SPLAT_RE" '
		# The serial console ends its lines in CR LF.
		{ sub(/\r$/, "") }
		/podol-selftest: begin / { t = $NF }
		/podol-selftest: end / { t = "between tests" }
		$0 ~ re { sub(/^\[[ 0-9.]*\] /, ""); print (t ? t : "boot") ": " $0 }
	' "$VM_DIR/runs/$1/console.log"
}
