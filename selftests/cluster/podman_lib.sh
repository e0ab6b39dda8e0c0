# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Containers on the cluster's nodes: podman (4.3, its CNI backend, crun)
# with the podol CNI plugin as network "podolnet", on top of podold's
# cluster (podold_lib.sh). The image is this machine's busybox and
# iperf3 (mkinitramfs.sh packs it; no registry is reachable).

IMAGE=localhost/podol-busybox
PODNET=podolnet
# The network: the podol plugin alone, host-local for addresses, in the
# node's pod CIDRs (from podold's node.json: the config names no range).
PODNET_CONF='{"cniVersion": "1.0.0", "name": "podolnet",
	"plugins": [{"type": "podol", "ipam": {"type": "host-local"}}]}'

# podman_setup NODE: the network's conflist and the image on NODE.
podman_setup() {
	on "$1" <<-SCRIPT
	set -e
	sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	echo '$PODNET_CONF' > /etc/cni/net.d/50-$PODNET.conflist
	podman image exists $IMAGE || podman import -q /usr/share/podol/pod-rootfs.tar $IMAGE > /dev/null
	SCRIPT
}

# ctr_run NODE NAME [COMMAND...]: a container on NODE, in the background
# (default: it sleeps), on podolnet. NET_RAW, which podman 4 no longer
# grants by default, for busybox's ping.
ctr_run() {
	local cmd=${*:3}
	on "$1" "podman run -d --cap-add NET_RAW --name $2 --network $PODNET $IMAGE ${cmd:-sleep 3600}" > /dev/null
}
# ctr_ip NODE NAME [6]: the container's IPv4 (or IPv6) address.
ctr_ip() {
	local field=IPAddress
	[ "${3:-4}" = 6 ] && field=GlobalIPv6Address
	on "$1" "podman inspect $2" | jq -r ".[0].NetworkSettings.Networks.$PODNET.$field"
}
# ctr_exec NODE NAME COMMAND...: COMMAND in the container.
ctr_exec() { on "$1" "podman exec $2 ${*:3}"; }

# podman_teardown: every container gone, through podman (so the plugin's
# DEL runs), and the network's files.
podman_teardown() {
	local n
	for n in $(nodes); do
		on "$n" "podman rm -af -t 0; rm -f /etc/cni/net.d/50-$PODNET.conflist" > /dev/null 2>&1
	done
}
