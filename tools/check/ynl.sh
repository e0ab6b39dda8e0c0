#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On this machine, not in a VM: doc/netlink/podol.yaml, the "podol" genl
# family in the kernel's YNL format, checked with the kernel's own YNL
# tools (Debian's linux-source-6.12, run by Debian's python3) and against
# include/uapi/linux/podol.h, so that neither drifts from the other:
#  - ynl-gen-c.py validates the spec against the genetlink-legacy schema
#    and renders the uAPI header the spec describes;
#  - every name of that header is in podol.h with the same value, checked
#    by the compiler (_Static_assert), and every genl name of podol.h is
#    in the spec;
#  - the user library YNL generates from the spec builds against podol.h.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/tools/vm/vm.sh"

PY=/usr/bin/python3
SPEC=$TOP/doc/netlink/podol.yaml
UAPI=$TOP/include/uapi/linux/podol.h
# podol.h's names that are not the genl family's: the link attributes'
# (IFLA_PODOL_*, rtnetlink's, not matched below) and the wire header's.
NOT_GENL="PODOL_DEFAULT_PORT PODOL_ID_MAX PODOL_TOS_INHERIT PODOL_VERSION
PODOL_PROTO_IPV4 PODOL_PROTO_IPV6"

[ -x "$PY" ] || { echo "$PY is not installed"; exit 4; }
"$PY" -c 'import yaml, jsonschema' 2> /dev/null ||
	{ echo "python3-yaml or python3-jsonschema is not installed"; exit 4; }
[ -f /usr/src/linux-source-6.12.tar.xz ] || { echo "linux-source-6.12 is not installed"; exit 4; }
command -v cc > /dev/null || { echo "no C compiler"; exit 4; }

fail() { echo "ynl: $*"; exit 1; }

KSRC=$(vm_ynl_tree) || fail "no kernel YNL tree"
ver=${KSRC##*/linux-source-}

# ynl-gen-c.py wants a kernel tree: it looks for the schema two folders
# above the spec, and it walks up from the spec to a MAINTAINERS file,
# forever if there is none (6.12).
S=$(mktemp -d)
trap 'rm -rf "$S"' EXIT
mkdir -p "$S/Documentation/netlink/specs"
touch "$S/MAINTAINERS"
cp "$KSRC/Documentation/netlink/genetlink-legacy.yaml" "$S/Documentation/netlink/"
cp "$SPEC" "$S/Documentation/netlink/specs/podol.yaml"

# gen MODE --header|--source OUT: ynl-gen-c.py's rendering of the spec.
gen() {
	local out
	out=$(cd "$S" && "$PY" "$KSRC/tools/net/ynl/ynl-gen-c.py" --mode "$1" "$2" \
		--spec "$S/Documentation/netlink/specs/podol.yaml" -o "$3" 2>&1) && return
	# A schema error's traceback ends with the whole spec: keep the why.
	echo "ynl-gen-c.py --mode $1 refuses doc/netlink/podol.yaml:"
	grep -E '^[[:alnum:]_.]+(Error|Exception)|^Failed validating' <<< "$out" ||
		tail -n5 <<< "$out"
	return 1
}
gen uapi --header "$S/spec.h" || exit 1

# names FILE: the podol names a header defines, its comments left out.
names() {
	cc -fpreprocessed -dD -E -P "$1" | grep -oE '\b_*PODOL_[A-Z0-9_]*[A-Z0-9]\b' | sort -u
}
spec_names=$(names "$S/spec.h")
missing=$(comm -23 <(names "$UAPI" | grep -vxF -f <(tr -s ' \n' '\n' <<< "$NOT_GENL")) \
	<(echo "$spec_names"))
[ -z "$missing" ] || fail "in podol.h, not in podol.yaml: ${missing//$'\n'/ }"

# The spec's header, its names prefixed with SPEC_, beside podol.h: each
# name compared by the compiler; a name podol.h lacks is undeclared.
sed -E 's/\b(_*)(PODOL|podol)_/SPEC_\1\2_/g; s/_UAPI_LINUX_PODOL_H/SPEC_PODOL_H/' \
	"$S/spec.h" > "$S/spec_renamed.h"
{
	echo '#include <linux/podol.h>'
	echo '#include "spec_renamed.h"'
	for n in $spec_names; do
		if grep -qE "^#define[[:space:]]+${n}[[:space:]]+\"" "$S/spec.h"; then
			echo "_Static_assert(__builtin_strcmp($n, SPEC_$n) == 0, \"$n: podol.h and podol.yaml differ\");"
		else
			echo "_Static_assert(($n) == (SPEC_$n), \"$n: podol.h and podol.yaml differ\");"
		fi
	done
} > "$S/agree.c"
out=$(cc -std=gnu11 -c -o /dev/null -I "$TOP/include/uapi" -I "$S" "$S/agree.c" 2>&1) ||
	fail "podol.yaml and podol.h disagree:"$'\n'"$(grep -E 'error' <<< "$out" | grep -v 'is not an integer' | sed 's/^[^ ]* error: /  /')"

gen user --header "$S/podol-user.h" && gen user --source "$S/podol-user.c" || exit 1
out=$(cc -std=gnu11 -Wall -fsyntax-only -I "$TOP/include/uapi" -I "$S" \
	-I "$KSRC/tools/net/ynl/lib" "$S/podol-user.c" 2>&1) ||
	fail "YNL's user library for podol.yaml does not build against podol.h:"$'\n'"$out"

echo "ynl: podol.yaml is valid genetlink-legacy (linux-source $ver);" \
	"its $(wc -w <<< "$spec_names") names agree with podol.h; YNL's user library builds"
