#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest job for the harness' own two-VM check: give eth0 the address in
# $1, ping the peer's ($2) across the link between the VMs, in KTAP.
addr=$1 peer=$2
echo "KTAP version 1"
echo "1..1"
ip link set eth0 up && ip addr add "$addr/24" dev eth0
for _ in $(seq 1 30); do
	if ping -c 1 -W 1 "$peer" > /dev/null 2>&1; then
		echo "ok 1 ping $peer from $addr over the inter-VM link"
		# Stay up while the peer, which may have booted later, pings us.
		sleep 10
		exit 0
	fi
done
echo "not ok 1 ping $peer from $addr over the inter-VM link"
ip -s link show eth0 | sed 's/^/# /'
exit 1
