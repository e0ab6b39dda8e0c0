#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest job, on the controller of a cluster (cluster-node.sh runs it):
# the cluster tests, KTAP. Arguments: test names.
cd /podol/selftests/cluster && exec ./run_tests.sh "$@"
