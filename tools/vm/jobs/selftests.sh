#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest job: podol's selftests, as on a real machine. Arguments: test names.
cd /podol/selftests && exec ./run_tests.sh "$@"
