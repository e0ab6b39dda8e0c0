#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# member.sh NAME DATADIR CLIENT_URL PEER_URL INITIAL_CLUSTER [TLSDIR]
#
# Stand-in until the real one lands (same interface): runs etcd in the
# foreground as member NAME of a new static cluster; INITIAL_CLUSTER is
# etcd's "name=peer-url,..." list. Restarted on the same DATADIR, the
# member rejoins. TLSDIR (ca.pem, server.pem, server-key.pem): TLS for
# clients and peers.
#
# Election timeout 2500 ms, heartbeat 250 ms: VMs under TCG stall for
# hundreds of milliseconds, and etcd's defaults would hold elections for
# nothing.
set -euo pipefail
[ $# -ge 5 ] && [ $# -le 6 ] ||
	{ echo "usage: $0 NAME DATADIR CLIENT_URL PEER_URL INITIAL_CLUSTER [TLSDIR]" >&2; exit 2; }
args=(--name "$1" --data-dir "$2"
	--listen-client-urls "$3" --advertise-client-urls "$3"
	--listen-peer-urls "$4" --initial-advertise-peer-urls "$4"
	--initial-cluster "$5" --initial-cluster-state new
	--initial-cluster-token podol
	--election-timeout 2500 --heartbeat-interval 250)
if [ -n "${6:-}" ]; then
	args+=(--cert-file "$6/server.pem" --key-file "$6/server-key.pem"
		--client-cert-auth --trusted-ca-file "$6/ca.pem"
		--peer-cert-file "$6/server.pem" --peer-key-file "$6/server-key.pem"
		--peer-client-cert-auth --peer-trusted-ca-file "$6/ca.pem")
fi
exec etcd "${args[@]}"
