#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest job of `make bench-podold`: podold's scale benchmark. One etcd
# member and one podold on this VM; 1,000 then 10,000 other nodes' records
# written to etcd in bulk (podold_scale fill). For each size it prints:
# the initial sync (podold started -> the kernel's table complete), one
# change (a node added, then deleted: median and p99 over 50) and podold's
# resident memory. Every time is this VM's clock; under TCG it is the
# cost of the work plus whatever the host does, so the figures are
# reported, never judged.
set -u
# Sizes come "_"-separated on the kernel command line.
SIZES=${PODOL_SCALE_SIZES:-1000_10000}
SIZES=${SIZES//_/ }
CHANGES=${PODOLD_SCALE_CHANGES:-50}
EP=http://10.0.0.1:2379

ip link add dummy0 type dummy
ip addr add 10.0.0.1/24 dev dummy0
ip link set dummy0 up
modprobe podol || exit 1
etcd --name scale --data-dir /tmp/etcd --listen-client-urls "$EP" \
	--advertise-client-urls "$EP" --listen-peer-urls http://127.0.0.1:2380 \
	--quota-backend-bytes=$((1024 * 1024 * 1024)) > /tmp/etcd.log 2>&1 &
until etcdctl --endpoints="$EP" endpoint health > /dev/null 2>&1; do sleep 0.5; done
echo '{"cidrs": ["100.64.0.0/10"], "node-prefix-ipv4": 24}' > /tmp/cluster.json

echo "KTAP version 1"
echo "1..$(wc -w <<< "$SIZES")"
i=0
for n in $SIZES; do
	i=$((i + 1))
	echo "== podold with $n nodes =="
	etcdctl --endpoints="$EP" del --prefix /podol/ > /dev/null
	podold config set /tmp/cluster.json --etcd-endpoints="$EP" > /dev/null &&
		podold_scale fill "$EP" "$n" || { echo "not ok $i $n nodes: fill"; continue; }
	# The store's own part of a sync: the same listing podold asks for,
	# through the same gateway, its answer thrown away.
	range="{\"key\":\"$(printf /podol/default/ | base64)\",\"range_end\":\"$(printf /podol/default0 | base64)\"}"
	t=$(curl -s -o /dev/null -w '%{time_total}' -X POST "$EP/v3/kv/range" -d "$range")
	echo "the store's answer to the listing: $(awk -v t="$t" 'BEGIN { printf "%d", t * 1000 }') ms (curl, the range podold lists, through the gateway)"
	t0=$EPOCHREALTIME
	podold --etcd-endpoints="$EP" --node-name self --lease-ttl 300 > /tmp/podold.log 2>&1 &
	pid=$!
	sync_ms=$(podold_scale wait podol0 "$n" "$t0") || { echo "not ok $i $n nodes: sync"; kill $pid; continue; }
	echo "initial sync: $sync_ms ms (podold started -> $n nodes in the kernel's table)"
	grep -h 'table replaced' /tmp/podold.log | tail -n 1 | sed 's/^/podold: /'
	rss=$(awk '/^VmRSS/ { print $2 }' /proc/$pid/status)
	podold_scale change "$EP" podol0 "$CHANGES" || { echo "not ok $i $n nodes: change"; kill $pid; continue; }
	echo "resident memory: $((rss / 1024)) MiB after the sync, $(awk '/^VmRSS/ { print int($2 / 1024) }' /proc/$pid/status) MiB after the changes, peak $(awk '/^VmHWM/ { print int($2 / 1024) }' /proc/$pid/status) MiB"
	kill $pid
	wait $pid
	ip link del podol0
	rm -rf /run/podol
	echo "ok $i $n nodes"
done
