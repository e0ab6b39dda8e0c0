#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict on the module and the UAPI header. checkpatch
# comes from Debian's linux-source-6.12 package (deps.sh installs it);
# only its script and data files are unpacked, once, into .vm/.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)
[ -n "$tarball" ] || { echo "linux-source-6.12 is not installed"; exit 4; }
dir=$TOP/.vm/checkpatch
if [ ! -x "$dir/scripts/checkpatch.pl" ]; then
	mkdir -p "$dir"
	tar -xf "$tarball" -C "$dir" --strip-components=1 \
		linux-source-6.12/scripts/checkpatch.pl \
		linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch
fi
cd "$TOP"
"$dir/scripts/checkpatch.pl" --strict --no-tree --terse --show-types \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f \
	module/*.c module/*.h include/uapi/linux/podol.h
