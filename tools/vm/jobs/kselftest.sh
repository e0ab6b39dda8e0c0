#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest job: podol's selftests run by the kernel's own runner,
# run_kselftest.sh, from the kselftest install tree that
# tools/vm/kselftest.sh built (at /podol/kselftest). Arguments: test
# names; none, the whole collection.
cd /podol/kselftest || { echo "no kselftest install in this VM"; exit 1; }
# ynl_cli.sh's YNL client: the install has no ../ynl beside the tests.
export YNL_DIR=/podol/ynl
args=()
for t in "$@"; do args+=(-t "drivers/net/podol:$t"); done
[ ${#args[@]} = 0 ] && args=(-c drivers/net/podol)
exec ./run_kselftest.sh "${args[@]}"
