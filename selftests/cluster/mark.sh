#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mark.sh LINE: writes LINE to the kernel log of every node, for the
# runner's begin/end markers, so that a splat on any node is blamed on
# the test that was running.
. "$(dirname "$0")/lib.sh"
for n in $(nodes); do
	on "$n" "echo $(printf %q "$1") > /dev/kmsg" &
done
wait
