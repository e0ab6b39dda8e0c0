// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "attach.h"
#include "cmd.h"
#include "ipam.h"
#include "nodestate.h"
#include "pod.h"

int cmd_add(const struct cni_env *env, const struct cni_conf *conf,
	    json_t **out, struct cni_err *e)
{
	struct cni_result r = { .sandbox = env->netns };
	json_t *ipconf = NULL, *ipres = NULL;
	struct attach_dir d = { .lock_fd = -1 };
	struct node_state node;
	struct pod_ns p;
	int ret;

	snprintf(r.pod_if, sizeof(r.pod_if), "%s", env->ifname);
	attach_host_if(conf->name, env->container_id, env->ifname, r.host_if);
	ret = pod_ns_open(&p, env->netns, e);
	if (ret)
		goto out_ns;
	ret = pod_has_if(&p, env->ifname, e);
	if (ret > 0)
		ret = cni_fail(e, -EEXIST, CNI_ERR_EXISTS,
			       "the pod already has an interface %s",
			       env->ifname);
	if (ret)
		goto out_ns;
	ret = node_state_read(conf->state_dir, &node, e);
	if (ret)
		goto out_ns;
	r.mtu = node.mtu;
	ipconf = ipam_conf(conf, &node, false, e);
	if (!ipconf) {
		ret = -EINVAL;
		goto out_ns;
	}
	ret = attach_open(&d, conf->data_dir, conf->name, e) ?:
	      attach_record(&d, r.host_if, env->container_id, env->ifname,
			    ipconf, e);
	if (ret)
		goto out_dir;
	ret = ipam_exec(env->path, conf->ipam_type, "ADD", env->container_id,
			env->ifname, ipconf, &ipres, e);
	if (ret)
		goto out_record;
	ret = cni_result_ips(ipres, &r, "the ipam result", e);
	if (ret)
		goto out_ipam;
	r.dns = json_object_get(ipres, "dns");
	ret = pod_attach(&p, &r, e);
	/* The interfaces were there already: not ours to delete. */
	if (ret == -EEXIST)
		goto out_ipam;
	if (!ret) {
		*out = cni_result_json(&r, conf->version);
		if (*out)
			goto out_dir;
		ret = cni_fail(e, -ENOMEM, CNI_ERR_IO, "out of memory");
	}
	pod_detach(&p, r.host_if, e);
out_ipam:
	ipam_exec(env->path, conf->ipam_type, "DEL", env->container_id,
		  env->ifname, ipconf, NULL, e);
out_record:
	attach_forget(&d, r.host_if, e);
out_dir:
	attach_close(&d);
	json_decref(ipres);
	json_decref(ipconf);
out_ns:
	pod_ns_close(&p);
	return ret;
}

/*
 * Releases the addresses of @container_id/@ifname, with the IPAM
 * configuration @rec recorded at ADD, or else this one's: without either
 * (nothing recorded, no ranges known) nothing was ever reserved.
 */
static int release(const struct cni_env *env, const struct cni_conf *conf,
		   json_t *rec, const char *container_id, const char *ifname,
		   struct cni_err *e)
{
	json_t *ipconf = json_incref(json_object_get(rec, "ipam"));
	struct cni_err ignored = { 0 };
	struct node_state node;
	int ret;

	if (!ipconf)
		ipconf = ipam_conf(conf, node_state_read(conf->state_dir, &node,
					&ignored) ? NULL : &node, false,
				   &ignored);
	if (!ipconf)
		return 0;
	ret = ipam_exec(env->path, conf->ipam_type, "DEL", container_id,
			ifname, ipconf, NULL, e);
	json_decref(ipconf);
	return ret;
}

/* Detaches the veth @host_if, releases, forgets: DEL's and GC's. */
static int undo(const struct cni_env *env, const struct cni_conf *conf,
		struct attach_dir *d, struct pod_ns *p, const char *host_if,
		json_t *rec, const char *container_id, const char *ifname,
		struct cni_err *e)
{
	int ret = pod_detach(p, host_if, e);

	if (!ret && container_id && ifname)
		ret = release(env, conf, rec, container_id, ifname, e);
	/* Kept if IPAM failed: a DEL again, or GC, will release it. */
	if (!ret)
		ret = attach_forget(d, host_if, e);
	return ret;
}

int cmd_del(const struct cni_env *env, const struct cni_conf *conf,
	    struct cni_err *e)
{
	struct attach_dir d = { .lock_fd = -1 };
	char host_if[IFNAMSIZ];
	json_t *rec = NULL;
	struct pod_ns p;
	int ret;

	attach_host_if(conf->name, env->container_id, env->ifname, host_if);
	/* The pod's netns may be gone: the node end is all DEL needs. */
	ret = pod_ns_open(&p, NULL, e) ?:
	      attach_open(&d, conf->data_dir, conf->name, e);
	if (!ret) {
		rec = attach_load(&d, host_if);
		ret = undo(env, conf, &d, &p, host_if, rec, env->container_id,
			   env->ifname, e);
	}
	json_decref(rec);
	attach_close(&d);
	pod_ns_close(&p);
	return ret;
}

int cmd_check(const struct cni_env *env, const struct cni_conf *conf,
	      struct cni_err *e)
{
	struct attach_dir d = { .lock_fd = -1 };
	struct cni_result r = { 0 };
	json_t *rec = NULL, *ipconf;
	struct pod_ns p;
	int ret;

	snprintf(r.pod_if, sizeof(r.pod_if), "%s", env->ifname);
	attach_host_if(conf->name, env->container_id, env->ifname, r.host_if);
	ret = pod_ns_open(&p, env->netns, e) ?:
	      cni_result_ips(conf->prev_result, &r, "prevResult", e) ?:
	      attach_open(&d, conf->data_dir, conf->name, e);
	if (ret)
		goto out;
	rec = attach_load(&d, r.host_if);
	ipconf = json_object_get(rec, "ipam");
	if (!ipconf) {
		ret = cni_fail(e, -ENOENT, CNI_ERR_CHECK,
			       "no attachment %s/%s in network %s",
			       env->container_id, env->ifname, conf->name);
		goto out;
	}
	ret = pod_check(&p, &r, e);
	if (ret)
		goto out;
	json_object_set(ipconf, "prevResult", conf->prev_result);
	ret = ipam_exec(env->path, conf->ipam_type, "CHECK", env->container_id,
			env->ifname, ipconf, NULL, e);
out:
	json_decref(rec);
	attach_close(&d);
	pod_ns_close(&p);
	return ret;
}

int cmd_status(const struct cni_conf *conf, struct cni_err *e)
{
	return node_state_status(conf->state_dir, e);
}

struct gc_ctx {
	const struct cni_env *env;
	const struct cni_conf *conf;
	struct attach_dir *d;
	struct pod_ns *p;
	struct cni_err *e;
	int ret;			/* the first failure; GC goes on */
};

static bool is_valid(json_t *valid, const char *container_id,
		     const char *ifname)
{
	json_t *a;
	size_t i;

	json_array_foreach(valid, i, a)
		if (!strcmp(json_string_value(json_object_get(a, "containerID")),
			    container_id) &&
		    !strcmp(json_string_value(json_object_get(a, "ifname")),
			    ifname))
			return true;
	return false;
}

static int gc_one(const char *host_if, json_t *rec, void *data)
{
	const char *id = json_string_value(json_object_get(rec, "containerID"));
	const char *ifname = json_string_value(json_object_get(rec, "ifname"));
	struct gc_ctx *c = data;
	int ret;

	if (id && ifname && is_valid(c->conf->valid_attachments, id, ifname))
		return 0;
	ret = undo(c->env, c->conf, c->d, c->p, host_if, rec, id, ifname,
		   c->e);
	if (ret && !c->ret)
		c->ret = ret;
	return 0;
}

int cmd_gc(const struct cni_env *env, const struct cni_conf *conf,
	   struct cni_err *e)
{
	struct attach_dir d = { .lock_fd = -1 };
	struct gc_ctx c = { env, conf, &d, NULL, e, 0 };
	struct pod_ns p;
	int ret;

	c.p = &p;
	ret = pod_ns_open(&p, NULL, e) ?:
	      attach_open(&d, conf->data_dir, conf->name, e) ?:
	      attach_each(&d, gc_one, &c, e);
	attach_close(&d);
	pod_ns_close(&p);
	return ret ?: c.ret;
}

int cmd_version(json_t **out, struct cni_err *e)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; list && cni_versions[i]; i++)
		json_array_append_new(list, json_string(cni_versions[i]));
	*out = json_pack("{s:s, s:o}", "cniVersion", CNI_VERSION_NEWEST,
			 "supportedVersions", list);
	return *out ? 0 : cni_fail(e, -ENOMEM, CNI_ERR_IO, "out of memory");
}
