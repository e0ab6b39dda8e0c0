#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of podol's test VMs. The kernel command line names the job and
# passes its settings as environment variables (the kernel hands unknown
# name=value parameters to init):
#   PODOL_JOB   script to run, relative to /podol
#   PODOL_ARGS  its arguments, comma-separated
#   PODOL_HOST  host name
# The job's output goes to the second serial port (ttyS1); the kernel log
# goes to the first. The VM powers off when the job ends.
export PATH=/usr/sbin:/usr/bin
export HOME=/root

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
# What udev would link; kselftest's runner writes its log to /dev/stdout
# (without the link, into a file of that name).
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
# cgroup v2, for container runtimes (crun under podman).
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null

hostname "${PODOL_HOST:-podol-vm}"
ip link set lo up
modprobe -q virtio_pci 2>/dev/null
modprobe -q virtio_net 2>/dev/null

# podol.ko comes in the second archive: index it with the rest.
depmod -a 2>/dev/null

# With several vCPUs, qemu's TCG can run a stale translation of kernel
# text that another vCPU is patching through an int3 (text_poke_bp): a
# static key flipped while packets flow oopsed with "int3" in
# netif_rx_internal, just after a tcpdump ended and its deferred work
# turned packet timestamps (netstamp_needed_key) off again. A socket that
# keeps timestamps on for the VM's life leaves that key still. One vCPU
# (the benchmark) has no such race, and its figures must not carry the
# timestamps' cost.
if [ "$(nproc)" -gt 1 ] && command -v python3 > /dev/null; then
	python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_TIMESTAMP, 1)
time.sleep(1 << 30)' < /dev/null > /dev/null 2>&1 &
fi

out=/dev/ttyS1
[ -c "$out" ] || out=/dev/console
echo "podol-vm: job ${PODOL_JOB:-none} begins" > /dev/kmsg

rc=0
if [ -n "$PODOL_JOB" ] && [ -x "/podol/$PODOL_JOB" ]; then
	cd "/podol/$(dirname "$PODOL_JOB")" || exit 1
	IFS=, read -r -a args <<< "${PODOL_ARGS:-}"
	"/podol/$PODOL_JOB" "${args[@]}" > "$out" 2>&1 < /dev/null
	rc=$?
else
	echo "podol-vm: no job \"${PODOL_JOB:-}\"" > "$out"
	rc=2
fi

echo "podol-vm: job ends rc=$rc" > /dev/kmsg
echo "podol-vm: job ends rc=$rc" > "$out"
sync
reboot -f
