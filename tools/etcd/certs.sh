#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# certs.sh OUTDIR IP...: a CA and the certificates of an etcd cluster, for
# tests and the VM harness. Writes OUTDIR/ca.pem, ca-key.pem, server.pem,
# server-key.pem (one certificate every member serves, for clients and
# peers: its names are each IP given, 127.0.0.1, ::1 and localhost),
# client.pem and client-key.pem (clientAuth). ECDSA P-256 (fast to make
# under emulation), valid 10 years. Idempotent: files already there are
# kept, so members and clients made at different times agree on the CA.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [IP...]" >&2; exit 2; }
out=$1
shift
mkdir -p "$out"
cd "$out"
umask 077
DAYS=3650

# key FILE: a P-256 key, unless FILE exists.
key() {
	[ -s "$1" ] || openssl genpkey -algorithm EC \
		-pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

if [ ! -s ca.pem ]; then
	key ca-key.pem
	openssl req -x509 -new -key ca-key.pem -sha256 -days "$DAYS" \
		-subj /CN=podol-etcd-ca -out ca.pem \
		-addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign
fi

# cert NAME CN EXTFILE: NAME.pem signed by the CA, unless it exists.
cert() {
	[ -s "$1.pem" ] && return 0
	key "$1-key.pem"
	openssl req -new -key "$1-key.pem" -subj "/CN=$2" -out "$1.csr"
	openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem \
		-CAcreateserial -sha256 -days "$DAYS" -extfile "$3" \
		-out "$1.pem" 2>/dev/null
	rm -f "$1.csr" "$3"
}

san="IP:127.0.0.1,IP:::1,DNS:localhost"
for ip in "$@"; do
	case $ip in 127.0.0.1|::1) ;; *) san+=",IP:$ip" ;; esac
done
# The server certificate also authenticates a member to its peers.
cat > server.ext <<EOT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$san
EOT
cert server podol-etcd-server server.ext
cat > client.ext <<EOT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EOT
cert client podol-etcd-client client.ext
rm -f server.ext client.ext ca.srl
chmod 644 ca.pem server.pem client.pem
