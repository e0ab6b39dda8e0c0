/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol CNI plugin: the commands. Each puts the other files together and
 * undoes what it did when it fails: the model is plumbing (pod.h), IPAM
 * (ipam.h) and records (attach.h) meeting at a struct cni_result.
 *
 * Each returns 0 or -errno with the failure in @e; ADD and VERSION put
 * what to print in *@out.
 */
#ifndef PODOL_CNI_CMD_H
#define PODOL_CNI_CMD_H

#include <jansson.h>

#include "conf.h"
#include "result.h"

int cmd_add(const struct cni_env *env, const struct cni_conf *conf,
	    json_t **out, struct cni_err *e);
/* Idempotent: an attachment already gone, or never made, is deleted. */
int cmd_del(const struct cni_env *env, const struct cni_conf *conf,
	    struct cni_err *e);
int cmd_check(const struct cni_env *env, const struct cni_conf *conf,
	      struct cni_err *e);
int cmd_status(const struct cni_conf *conf, struct cni_err *e);
/* Deletes the recorded attachments not in cni.dev/valid-attachments. */
int cmd_gc(const struct cni_env *env, const struct cni_conf *conf,
	   struct cni_err *e);
int cmd_version(json_t **out, struct cni_err *e);

#endif /* PODOL_CNI_CMD_H */
