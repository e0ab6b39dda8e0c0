#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prints the directory `ip` loads link_<kind>.so plugins from: Debian's
# iproute2 is built with LIBDIR=/usr/lib/<multiarch>, the upstream default
# is /usr/lib. An explicit IP_LIB_DIR wins, as it does for `ip` itself.
if [ -n "$IP_LIB_DIR" ]; then echo "$IP_LIB_DIR"; exit 0; fi
ma=$(${CC:-cc} -print-multiarch 2>/dev/null)
ip=$(command -v ip || echo /usr/sbin/ip)
if [ -n "$ma" ] && grep -qs "/usr/lib/$ma/ip" "$ip"; then
	echo "/usr/lib/$ma/ip"
else
	echo /usr/lib/ip
fi
