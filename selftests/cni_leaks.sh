#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cni_leaks.sh: CYCLES (100) ADD/DEL cycles of the CNI plugin, dual-stack,
# leave nothing behind: no veth, no route, no record, no IPAM reservation
# (host-local's files), no netns, no nsfs mount. File descriptors can
# only outlive the plugin in what it hands to the IPAM plugin it runs:
# IPAM here is a wrapper that logs any descriptor it inherited beyond
# 0, 1 and 2, then runs host-local. Topology: cni_lib.sh's, pod a only.
#
# A cycle takes about 1.1 s under TCG on a busy 2-core machine (6.12, load
# 7-10), so 100 keep three times their need within the 360 s timeout;
# CYCLES=500 (PODOL_VM_APPEND=CYCLES=500 in the VMs) takes ~9 minutes.
source "$(dirname "$0")/lib.sh"
source "$HERE/cni_lib.sh"

ALL_TESTS="add_del_cycles fds_passed_to_ipam"
env_count CYCLES CYCLES 100 100000

require_cni

setup() {
	ns node && ns a || return 1
	node_json 10.244.1.0/24 fd00:1::/64
	mkdir -p "$STATE/bin"
	# The fds it has beyond those the loop's shell gave the plugin
	# (fds.base) and bash's own 255 are the plugin's leaks.
	cat > "$STATE/bin/ipam-fds" <<WRAP
#!/bin/bash
ls /proc/\$\$/fd > "$STATE/fds.now"
extra=\$(grep -vxF -f "$STATE/fds.base" "$STATE/fds.now" | grep -vx 255)
[ -z "\$extra" ] || echo "\$CNI_COMMAND: inherited" \$extra >> "$STATE/fds.log"
exec "$CNI_DIR/host-local"
WRAP
	chmod +x "$STATE/bin/ipam-fds"
	ln -s "$CNI_DIR/host-local" "$STATE/bin/host-local"
}

mounts() {
	grep -c nsfs /proc/self/mountinfo
}

add_del_cycles() {
	local c i before_ns before_mnt out
	c=$(conf 1.1.0 '.ipam.type = "ipam-fds"')
	before_ns=$(ip netns list | wc -l)
	before_mnt=$(mounts)
	diag "$CYCLES cycles"
	# One shell in the node netns for all the cycles: the plugin's
	# time, not ip netns exec's, is what they cost.
	out=$(at node bash -c '
		ls /proc/$$/fd > '"$STATE"'/fds.base
		for i in $(seq 1 '"$CYCLES"'); do
			for cmd in ADD DEL; do
				env -i CNI_COMMAND=$cmd CNI_CONTAINERID=c$i \
					CNI_NETNS=/run/netns/'"$PFX"'-a CNI_IFNAME=eth0 \
					CNI_PATH='"$STATE"'/bin '"$CNI_PLUGIN"' \
					<<< '"'$c'"' > /tmp/cni_out.$$ ||
					{ echo "cycle $i: $cmd failed:"; cat /tmp/cni_out.$$; exit 1; }
			done
		done; rm -f /tmp/cni_out.$$' 2>&1)
	if [ -n "$out" ]; then
		echo "$out" | sed 's/^/# /'
		ktap_fail "$CYCLES ADD/DEL cycles"
		return
	fi
	ktap_ok "$CYCLES ADD/DEL cycles"
	check "nothing left behind" nothing_left
	check "no netns or nsfs mount left" \
		test "$(ip netns list | wc -l) $(mounts)" = "$before_ns $before_mnt"
	check "the pod has no interface left" \
		test "$(at a ip -o link show | grep -vc ': lo:')" = 0
}
add_del_cycles_results() { echo 4; }

fds_passed_to_ipam() {
	if [ -s "$STATE/fds.log" ]; then
		sort "$STATE/fds.log" | uniq -c | head | sed 's/^/# /'
		ktap_fail "IPAM inherits only stdin, stdout and stderr"
	else
		ktap_ok "IPAM inherits only stdin, stdout and stderr"
	fi
}

setup || skip_all "cannot build the topology"
tests_run
