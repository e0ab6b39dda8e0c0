/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: the agent. Start-up: the cluster configuration from the store,
 * the device, this node's lease, CIDRs and record, then the whole table
 * in one NODE_REPLACE and a watch from the listing's revision. Then, in
 * one thread: the watch's events applied as they come (the difference),
 * the lease kept alive, and a re-list with a whole replace whenever the
 * watch ends (cancelled, compacted, endpoint lost).
 *
 * The kernel's table is the datapath: nothing here ever empties it when
 * the store is out of reach or the agent stops. Only `podold leave` does.
 */
#ifndef PODOLD_AGENT_H
#define PODOLD_AGENT_H

#include "options.h"

/* Runs until SIGTERM or SIGINT; the process's exit status. */
int podold_agent_run(const struct podold_opts *o);

#endif /* PODOLD_AGENT_H */
