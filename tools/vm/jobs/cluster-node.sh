#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest job: one node of the cluster tools/vm/cluster.sh boots.
#
#   cluster-node.sh NODES WAIT [JOB ARGS...]
#
# Sets this node up (selftests/cluster/lib.sh, cluster_node_setup: the
# underlay address from the host name "nodeI", the remote exec server,
# an etcd member on nodes 1-3). The controller is given JOB: once every
# node answers and etcd is healthy (WAIT seconds at most), it runs JOB
# and then ends every other node's job. The others wait for that, WAIT
# seconds at most, and fail if it never comes.
# A job, not a test: lib.sh leaves the kernel log's test markers alone
# (not exported: the tests this job runs mark themselves).
PODOL_TEST=job
. /podol/selftests/cluster/lib.sh

nodes=$1 wait=$2
shift 2
n=$(node_self)
echo "cluster: node$n of $nodes, $(node_ip "$n")"
cluster_node_setup "$nodes" || { echo "cluster: node$n: setup failed"; exit 1; }

rc=0
if [ $# -gt 0 ]; then
	cluster_wait_ready "$wait" || echo "cluster: not ready after $wait s; running the tests anyway"
	"/podol/$1" "${@:2}"
	rc=$?
	cluster_poweroff
else
	end=$(($(date +%s) + wait))
	until [ -e "$CLUSTER_DONE" ]; do
		if [ "$(date +%s)" -ge "$end" ]; then
			echo "cluster: node$n: the controller did not end this node in $wait s"
			rc=1
			break
		fi
		sleep 1
	done
fi
# The member's log, for a failure's post-mortem.
if [ $rc != 0 ] && [ -f "$ETCD_DATA/node$n.log" ]; then
	echo "== etcd log of node$n =="
	tail -n 40 "$ETCD_DATA/node$n.log"
fi
exit $rc
