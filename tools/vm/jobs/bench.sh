#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest job: the datapath benchmark; CSV on the output port.
exec /podol/bench/bench.sh "$@"
