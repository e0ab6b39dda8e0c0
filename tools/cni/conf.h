/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol CNI plugin: its input, as the spec passes it: the CNI_* variables
 * of the environment and the network configuration on stdin.
 *
 * Plugin-specific keys of the configuration (all optional):
 *   "stateDir"  where podold writes node.json and status.json (/run/podol)
 *   "dataDir"   where the plugin keeps its attachment records
 *               (/var/lib/cni/podol; a directory per network below it)
 */
#ifndef PODOL_CNI_CONF_H
#define PODOL_CNI_CONF_H

#include <jansson.h>

#include "result.h"

enum cni_cmd {
	CNI_ADD,
	CNI_DEL,
	CNI_CHECK,
	CNI_VERSION,
	CNI_STATUS,
	CNI_GC,
};

struct cni_env {
	enum cni_cmd cmd;
	const char *command;		/* CNI_COMMAND as given */
	const char *container_id;	/* NULL where the command needs none */
	const char *netns;		/* NULL if not given (DEL may omit it) */
	const char *ifname;
	const char *args;
	const char *path;
};

struct cni_conf {
	json_t *root;			/* the whole configuration, owned */
	const char *version;		/* "1.0.0" or "1.1.0" */
	const char *name;
	json_t *ipam;			/* borrowed from root */
	const char *ipam_type;
	const char *state_dir;
	const char *data_dir;
	json_t *prev_result;		/* borrowed; NULL if absent */
	json_t *valid_attachments;	/* GC's; borrowed; NULL if absent */
};

/* The newest version this plugin speaks, and the list VERSION reports. */
#define CNI_VERSION_NEWEST	"1.1.0"
extern const char *const cni_versions[];

/* The CNI_* variables @env->cmd needs, checked: 0 or -EINVAL (code 4). */
int cni_env_parse(struct cni_env *env, struct cni_err *e);

/*
 * The configuration on @in, checked for what @cmd needs (VERSION: only
 * its cniVersion). cni_conf_free() releases it, after a failure too.
 */
int cni_conf_parse(FILE *in, enum cni_cmd cmd, struct cni_conf *c,
		   struct cni_err *e);
void cni_conf_free(struct cni_conf *c);

/* Whether @v is a version this plugin speaks. */
bool cni_version_supported(const char *v);

#endif /* PODOL_CNI_CONF_H */
