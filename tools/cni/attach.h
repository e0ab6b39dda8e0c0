/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol CNI plugin: what it knows of its attachments, kept on disk so that
 * DEL and GC can undo an ADD whatever is left of the pod.
 *
 * An attachment (container ID, CNI_IFNAME) of a network has a node-side
 * veth whose name is a hash of the three, so DEL finds it with nothing
 * but its input. Its record, DATADIR/NETWORK/<veth>.json, holds the
 * container ID, the ifname and the configuration its IPAM plugin got:
 * written before ADD asks IPAM for anything, removed after DEL released
 * it, so that every reservation of the plugin's is one GC can see.
 *
 * Locking: every command that changes a network holds an exclusive
 * flock() on DATADIR/NETWORK/.lock from attach_open() to attach_close(),
 * so GC never races an ADD or DEL of the same network.
 */
#ifndef PODOL_CNI_ATTACH_H
#define PODOL_CNI_ATTACH_H

#include <jansson.h>
#include <net/if.h>

#include "result.h"

struct attach_dir {
	char *path;			/* DATADIR/NETWORK */
	int lock_fd;
};

/* Creates DATADIR/NETWORK if need be, and takes its lock. */
int attach_open(struct attach_dir *d, const char *data_dir,
		const char *network, struct cni_err *e);
void attach_close(struct attach_dir *d);

/* The node-side veth of an attachment: "pdl" and 12 hex digits. */
void attach_host_if(const char *network, const char *container_id,
		    const char *ifname, char name[IFNAMSIZ]);

/*
 * Records the attachment whose veth is @host_if; code 101 if a record is
 * there already (ADD twice).
 */
int attach_record(struct attach_dir *d, const char *host_if,
		  const char *container_id, const char *ifname,
		  json_t *ipconf, struct cni_err *e);

/* The record of @host_if (a new reference), or NULL if there is none. */
json_t *attach_load(struct attach_dir *d, const char *host_if);

/* Removes the record of @host_if; 0 if there was none. */
int attach_forget(struct attach_dir *d, const char *host_if,
		  struct cni_err *e);

/*
 * Calls @fn for each record, with its veth and its content (NULL if it
 * does not parse: a crash while writing it). Stops at @fn's first error.
 */
int attach_each(struct attach_dir *d,
		int (*fn)(const char *host_if, json_t *rec, void *data),
		void *data, struct cni_err *e);

#endif /* PODOL_CNI_ATTACH_H */
