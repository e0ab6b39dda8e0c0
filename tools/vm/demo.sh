#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: the Day-2 demo on two VMs joined by a virtual Ethernet link
# (qemu's stream netdev over a unix socket: nothing leaves this machine).
# Prints the pings, the iperf3 figures and the two captures side by side.
#
#   demo.sh [--kernel 6.12|6.1] [--quiet]
# Exit status 0 when every step worked.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=vm.sh
. "$TOP/tools/vm/vm.sh"

sel=6.12 quiet=0
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) sel=$2; shift 2 ;;
	--quiet) quiet=1; shift ;;
	*) echo "usage: $0 [--kernel 6.12|6.1] [--quiet]" >&2; exit 2 ;;
	esac
done

if [ "${PODOL_DEMO_NO_SETUP:-0}" != 1 ]; then
	"$TOP/tools/vm/deps.sh" >&2 || exit 1
	make -s -C "$TOP" tools >&2 || exit 1
fi
kver=$(vm_kver "$sel")
[ -n "$kver" ] || { echo "demo: no $sel kernel installed" >&2; exit 1; }
vm_build_module "$kver" || { cat "$VM_DIR/$kver/build/build.log" >&2; exit 1; }

sock="$VM_DIR/runs/demo-$sel.sock"
mkdir -p "$VM_DIR/runs"
rm -f "$sock"
vm_start "demo-leader-$sel" "$kver" jobs/demo.sh leader 240 "server:$sock:52:54:00:00:00:10"
for _ in $(seq 1 50); do [ -S "$sock" ] && break; sleep 0.1; done
vm_start "demo-follower-$sel" "$kver" jobs/demo.sh follower 240 "client:$sock:52:54:00:00:00:11"
vm_wait "demo-leader-$sel"; lrc=$?
vm_wait "demo-follower-$sel"; frc=$?
L="$VM_DIR/runs/demo-leader-$sel/out.log"
F="$VM_DIR/runs/demo-follower-$sel/out.log"

# section FILE NAME-PREFIX: the lines of that section.
section() {
	awk -v s="== $2" 'index($0, "== ") == 1 { on = index($0, s) == 1; next } on' "$1" |
		grep -v '^podol-vm:\|^ok \|^not ok \|^KTAP\|^1\.\.'
}

if [ $quiet = 0 ]; then
	echo "podol Day-2 demo on Debian $kver: leader 10.0.0.10 (pod 192.168.0.2), follower 10.0.0.11 (pod 192.168.1.2)"
	echo
	echo "--- ping from the follower's pod (cont1) to the leader's pod"
	section "$F" "ping from follower"
	echo "--- ping from the leader's pod (cont1) to the follower's pod"
	section "$L" "ping from leader"
	echo "--- iperf3 TCP, both ways, pod to pod through podol"
	section "$F" "iperf3 TCP follower" | grep receiver | sed 's/^/follower -> leader: /'
	section "$F" "iperf3 TCP reverse" | grep receiver | sed 's/^/leader -> follower: /'
	echo
	echo "--- on the leader, the same pings, seen on the underlay (left) and on podol0 (right)"
	pr -m -t -w 200 <(echo "tcpdump -i eth0 udp dst port 6464 and src 10.0.0.11"; section "$L" "capture on the underlay") \
		<(echo "tcpdump -i podol0 icmp and src 192.168.1.2"; section "$L" "capture on podol0")
	echo
fi
splats="$(vm_splats "demo-leader-$sel")$(vm_splats "demo-follower-$sel")"
results=$(grep -hE '^(not )?ok ' "$L" "$F")
echo "$results"
[ -n "$splats" ] && { echo "kernel splats:"; echo "$splats"; }
if [ $lrc = 0 ] && [ $frc = 0 ] && ! grep -q '^not ok' <<< "$results" &&
   [ "$(grep -c "^ok" <<< "$results")" = 14 ] && [ -z "$splats" ]; then
	echo "demo: everything worked"
	exit 0
fi
echo "demo: something failed; full logs: $L $F" >&2
exit 1
