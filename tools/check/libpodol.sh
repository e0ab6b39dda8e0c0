#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# On this machine, not in a VM: libpodol's unit tests (tools/lib/test.c),
# the library's parsing, rules, encoders and answer loop, no kernel needed.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
make -s -C "$TOP/tools/lib" test
