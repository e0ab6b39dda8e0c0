#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs everything podol's build, tests, VMs and demo need on Debian 12:
# compilers and checkers, the newest Debian 6.1, 6.12 and 6.12 PREEMPT_RT
# kernels with their headers (their ABI number moves with each security
# update, so it is looked up, never written down), qemu, and the user-space
# tools that go into the VMs.
#
# Idempotent: when everything is present it installs nothing and does not
# even refresh the package lists, unless they are over a day old.
#
#   deps.sh                 everything
#   deps.sh debug-kernel    only what debug-kernel.sh's build needs: make
#                           check installs that first and builds the
#                           debug kernel while apt installs the rest
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

# What the debug kernel's build needs (debug-kernel.sh).
DEBUG_KERNEL_PKGS=(
	build-essential bc bison flex libelf-dev libssl-dev kmod cpio xz-utils zstd
	linux-source-6.12
)
PKGS=(
	"${DEBUG_KERNEL_PKGS[@]}"
	sparse dkms libmnl-dev pkg-config
	debhelper dh-dkms dpkg-dev fakeroot lintian
	qemu-system-x86 busybox-static
	iproute2 iperf3 tcpdump jq procps iputils-ping socat ethtool nftables
	sockperf wireguard-tools gnuplot-nox linux-perf
	python3-yaml python3-jsonschema
	etcd-server etcd-client libcurl4-openssl-dev libjansson-dev openssl
	clang-14 libclang-rt-14-dev
	bash-completion mandoc man-db tshark rsync
	containernetworking-plugins
	podman crun conmon golang-github-containers-common
)

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

lists_fresh() {
	local stamp=/var/lib/apt/periodic/update-success-stamp
	local lists=/var/lib/apt/lists
	[ -n "$(find "$lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -n1)" ] ||
		[ -n "$(find "$stamp" -mmin -1440 2>/dev/null)" ]
}

# newest_image REGEX: the newest linux-image package whose name matches
newest_image() {
	apt-cache pkgnames linux-image- | grep -E "$1" | sort -V | tail -n1
}

missing() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			echo "$p"
	done
}

case ${1:-} in
"") ;;
debug-kernel) PKGS=("${DEBUG_KERNEL_PKGS[@]}") ;;
*) echo "usage: $0 [debug-kernel]" >&2; exit 2 ;;
esac

# install_missing PKG...: apt installs those not installed yet.
install_missing() {
	local todo
	# shellcheck disable=SC2207
	todo=($(missing "$@"))
	[ ${#todo[@]} -eq 0 ] && return 0
	echo "deps: installing ${todo[*]}"
	as_root apt-get install -y -qq --no-install-recommends "${todo[@]}"
}

if [ -n "${1:-}" ]; then
	[ -z "$(missing "${PKGS[@]}")" ] && exit 0
	lists_fresh || as_root apt-get update -qq
	install_missing "${PKGS[@]}"
	exit
fi

lists_fresh || as_root apt-get update -qq

img61=$(newest_image '^linux-image-6\.1\.0-[0-9]+-amd64$')
img612=$(newest_image '^linux-image-6\.12\.[0-9]+\+deb12-amd64$')
img612rt=$(newest_image '^linux-image-6\.12\.[0-9]+\+deb12-rt-amd64$')
if [ -z "$img61" ] || [ -z "$img612" ] || [ -z "$img612rt" ]; then
	echo "deps: cannot find Debian's 6.1, 6.12 and 6.12 PREEMPT_RT kernel packages (apt sources?)" >&2
	exit 1
fi
PKGS+=("$img61" "${img61/image/headers}" "$img612" "${img612/image/headers}"
       "$img612rt" "${img612rt/image/headers}")

if [ -z "$(missing "${PKGS[@]}")" ]; then
	echo "deps: all present (${img61#linux-image-}, ${img612#linux-image-}, ${img612rt#linux-image-})"
	exit 0
fi
install_missing "${PKGS[@]}"
