#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# member.sh NAME DATADIR CLIENT_URL PEER_URL INITIAL_CLUSTER [TLSDIR]
#
# Runs etcd in the foreground (the caller backgrounds it) as member NAME
# of a new static cluster (token "podol"); INITIAL_CLUSTER is etcd's
# "name=peer-url,..." list. With TLSDIR (certs.sh's output) the URLs must
# be https: the member serves TLS to clients and peers with the server
# certificate and requires a client certificate signed by the CA from
# both. Logs go to stderr.
#
# Election timeout 2500 ms, heartbeat 250 ms: VMs under software
# emulation stall for hundreds of milliseconds, and etcd's defaults
# (1000/100) make them hold elections for nothing.
set -euo pipefail

if [ $# -lt 5 ] || [ $# -gt 6 ]; then
	echo "usage: $0 NAME DATADIR CLIENT_URL PEER_URL INITIAL_CLUSTER [TLSDIR]" >&2
	exit 2
fi
name=$1 data=$2 client=$3 peer=$4 cluster=$5 tls=${6:-}

args=(--name "$name" --data-dir "$data"
	--listen-client-urls "$client" --advertise-client-urls "$client"
	--listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer"
	--initial-cluster "$cluster" --initial-cluster-state new
	--initial-cluster-token podol
	--election-timeout 2500 --heartbeat-interval 250
	--logger zap --log-outputs stderr)
if [ -n "$tls" ]; then
	for f in ca.pem server.pem server-key.pem; do
		[ -r "$tls/$f" ] || { echo "$0: no $tls/$f" >&2; exit 1; }
	done
	args+=(--cert-file "$tls/server.pem" --key-file "$tls/server-key.pem"
		--client-cert-auth --trusted-ca-file "$tls/ca.pem"
		--peer-cert-file "$tls/server.pem"
		--peer-key-file "$tls/server-key.pem"
		--peer-client-cert-auth --peer-trusted-ca-file "$tls/ca.pem")
fi
exec etcd "${args[@]}"
