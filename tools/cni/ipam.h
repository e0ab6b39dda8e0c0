/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol CNI plugin: IPAM, delegated as the spec says: the plugin named by
 * the configuration's ipam.type, found in CNI_PATH, run with the same
 * environment but the command and attachment asked for, and the
 * configuration on its stdin.
 *
 * What it is given differs from what the plugin got in two ways:
 *  - with no "ranges" or "subnet" in ipam, the node's pod CIDRs from
 *    node.json become its ranges (a range set per family), as host-local
 *    takes them;
 *  - cniVersion 1.1.0 goes down to 1.0.0: an IPAM plugin is asked in the
 *    newest version both sides have, and Debian's host-local (1.1.1)
 *    stops at 1.0.0, whose results 1.1.0 reads unchanged.
 */
#ifndef PODOL_CNI_IPAM_H
#define PODOL_CNI_IPAM_H

#include <jansson.h>

#include "conf.h"
#include "nodestate.h"
#include "result.h"

/*
 * The configuration to hand the IPAM plugin (a new reference): @conf's,
 * with the node's CIDRs (@node, may be NULL) filled in, without
 * prevResult unless @keep_prev. NULL, with code 7 in @e, if it needs
 * ranges and there are none.
 */
json_t *ipam_conf(const struct cni_conf *conf, const struct node_state *node,
		  bool keep_prev, struct cni_err *e);

/*
 * Runs the IPAM plugin @type for @command ("ADD", "DEL", "CHECK") of the
 * attachment @container_id/@ifname, with @ipconf on its stdin. On ADD,
 * *@result gets its result (a new reference). The plugin's error comes
 * back as its code and message, the message naming the plugin.
 */
int ipam_exec(const char *cni_path, const char *type, const char *command,
	      const char *container_id, const char *ifname, json_t *ipconf,
	      json_t **result, struct cni_err *e);

#endif /* PODOL_CNI_IPAM_H */
