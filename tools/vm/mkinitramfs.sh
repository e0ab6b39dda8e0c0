#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KVER OUT.cpio [ROOT]
#
# ROOT is where lib/modules/KVER lies: / for an installed kernel (the
# default), the cache directory of the debug kernel for that one.
#
# Builds the base initramfs for kernel KVER from this machine's own
# binaries (with their shared libraries), busybox for everything else, and
# the kernel's own modules that podol's tests need (with their
# dependencies). podol itself is not in it: vm.sh appends it as a second
# cpio archive on every run, so this base is built once per kernel and
# reused while its inputs are unchanged.
set -euo pipefail

kver=$1
out=$2
modroot=${3:-/}
here=$(cd "$(dirname "$0")" && pwd)

# Host binaries for the tests, the demo and the benchmarks. Everything
# else comes from busybox.
BINS=(bash ip ss bridge tc tcpdump iperf3 jq kmod ping socat ethtool sockperf wg nstat nft
      grep sed awk sort head tail cut tr wc cat sleep seq date mktemp stat
      od md5sum sha256sum dd timeout env ls cp mv rm mkdir rmdir ln chmod
      printf test expr id uname dmesg mount umount sysctl ps pkill pgrep
      xargs find tee touch basename dirname readlink nproc perf
      etcd etcdctl curl
      podman crun conmon)
# CNI plugins the podol CNI plugin delegates to and podman calls
# (containernetworking-plugins), into /usr/lib/cni.
CNI_PLUGINS=(host-local loopback)
# Libraries of podold, which vm.sh adds to each VM when it is built.
LIBS=(libcurl.so.4 libjansson.so.4)
# Kernel modules the VMs load (their dependencies come along).
MODS=(virtio_pci virtio_net veth vxlan geneve ipip fou fou6 wireguard
      dummy pktgen udp_tunnel ip6_udp_tunnel sch_netem
      inet_diag udp_diag tcp_diag raw_diag bridge
      sch_ingress cls_matchall act_gact nf_tables)

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/usr/{bin,sbin,lib,lib64} "$root"/{dev,proc,sys,run,tmp,etc,root,var}
ln -s usr/bin "$root/bin"
ln -s usr/sbin "$root/sbin"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
ln -s ../run "$root/var/run"

# copy_file PATH: copies PATH (following links) to the same place in root,
# and keeps the link itself where PATH is one.
copy_file() {
	local src=$1 real
	real=$(readlink -f "$src")
	real=${real#/usr}; real=/usr$real
	src=${src#/usr}; src=/usr$src
	[ -e "$root$real" ] || install -D -m 0755 "$(readlink -f "$1")" "$root$real"
	if [ "$src" != "$real" ] && [ ! -e "$root$src" ]; then
		mkdir -p "$(dirname "$root$src")"
		ln -s "$real" "$root$src"
	fi
}

copy_with_libs() {
	local f=$1 lib
	copy_file "$f"
	for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
		copy_file "$lib"
	done
}

for b in "${BINS[@]}"; do
	p=$(PATH=/usr/sbin:/usr/bin:/sbin:/bin type -P "$b") ||
		{ echo "mkinitramfs: $b not found" >&2; exit 1; }
	copy_with_libs "$p"
done
for t in modprobe insmod rmmod lsmod depmod modinfo; do
	ln -sf ../bin/kmod "$root/usr/sbin/$t"
done
for c in "${CNI_PLUGINS[@]}"; do
	[ -x "/usr/lib/cni/$c" ] ||
		{ echo "mkinitramfs: /usr/lib/cni/$c not found (make deps)" >&2; exit 1; }
	copy_with_libs "/usr/lib/cni/$c"
done
for l in "${LIBS[@]}"; do
	copy_with_libs "/usr/lib/x86_64-linux-gnu/$l"
done
# dlopen()ed by ip for `ip link ... type podol`, not seen by ldd.
copy_with_libs /lib/x86_64-linux-gnu/libdl.so.2 2>/dev/null || true

# python3 and PyYAML, for the kernel's YNL cli.py (selftests/ynl_cli.sh,
# which skips where they are absent): the standard library without its
# tests, IDE, GUI and build files, 20 MB rather than 54.
if /usr/bin/python3 -c 'import yaml' 2> /dev/null; then
	py=$(readlink -f /usr/bin/python3)
	copy_with_libs "$py"
	ln -sf "${py##*/}" "$root/usr/bin/python3"
	tar -C / -cf - --exclude="config-*" --exclude=test --exclude=idlelib \
		--exclude=tkinter --exclude=ensurepip --exclude=lib2to3 \
		--exclude=pydoc_data --exclude=distutils --exclude=turtledemo \
		--exclude="_test*" --exclude=site-packages \
		"usr/lib/${py##*/}" usr/lib/python3/dist-packages/yaml \
		usr/lib/python3/dist-packages/_yaml | tar -C "$root" -xf -
	find "$root/usr/lib/${py##*/}" "$root/usr/lib/python3" -name '*.so' |
	while read -r so; do
		for lib in $(ldd "/${so#"$root"/}" 2>/dev/null | grep -o '/[^ ]*'); do
			copy_file "$lib"
		done
	done
fi

# busybox for the rest; host binaries copied above win.
install -m 0755 /bin/busybox "$root/usr/bin/busybox"
for applet in $("$root/usr/bin/busybox" --list); do
	[ -e "$root/usr/bin/$applet" ] || [ -e "$root/usr/sbin/$applet" ] ||
		ln -s busybox "$root/usr/bin/$applet"
done

# Users that tools expect (tcpdump drops privileges to "tcpdump").
cat > "$root/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/bin/bash
tcpdump:x:104:110::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PASSWD
cat > "$root/etc/group" <<GROUP
root:x:0:
tcpdump:x:110:
nogroup:x:65534:
GROUP
echo "hosts: files" > "$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
cp /etc/services /etc/protocols "$root/etc/" 2>/dev/null || true

# Containers (make cluster, the podman tests): podman with the CNI
# backend, containers-common's defaults, and podol's own settings.
for f in /usr/share/containers/containers.conf /usr/share/containers/seccomp.json \
	 /etc/containers/policy.json; do
	install -D -m 0644 "$f" "$root$f"
done
install -D -m 0644 "$here/podman/containers.conf" "$root/etc/containers/containers.conf"
install -D -m 0644 "$here/podman/storage.conf" "$root/etc/containers/storage.conf"
mkdir -p "$root/etc/cni/net.d" "$root/var/tmp"
chmod 1777 "$root/var/tmp"
# The containers' image, for `podman import` (no registry is reachable):
# this machine's busybox, and iperf3 with its libraries.
pod=$(mktemp -d)
install -D -m 0755 /bin/busybox "$pod/bin/busybox"
mkdir -m 1777 "$pod/tmp"	# iperf3's stream buffers are files there
for applet in $("$pod/bin/busybox" --list); do
	[ "$applet" = busybox ] || ln -s busybox "$pod/bin/$applet"
done
for f in /usr/bin/iperf3 $(ldd /usr/bin/iperf3 | grep -o '/[^ ]*'); do
	cp -L --parents "$f" "$pod/"
done
mkdir -p "$root/usr/share/podol"
tar -C "$pod" -cf "$root/usr/share/podol/pod-rootfs.tar" .
rm -rf "$pod"

# Kernel modules and their dependencies.
mdir=${modroot%/}/lib/modules/$kver
mkdir -p "$root/usr/lib/modules/$kver"
cp "$mdir"/modules.{order,builtin,builtin.modinfo} "$root/usr/lib/modules/$kver/"
for m in "${MODS[@]}"; do
	# A module this kernel lacks (the debug kernel builds in what it has)
	# is left out; a test that needs it says so.
	{ modprobe -d "$modroot" -S "$kver" --show-depends "$m" 2>/dev/null || true; } |
		awk '$1 == "insmod" { print $2 }'
done | sort -u | while read -r ko; do
	rel=${ko#"$mdir"/}
	install -D -m 0644 "$ko" "$root/usr/lib/modules/$kver/$rel"
done
depmod -b "$root" "$kver"

install -m 0755 "$here/init.sh" "$root/init"

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) > "$out.tmp"
mv "$out.tmp" "$out"
