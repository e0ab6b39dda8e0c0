// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

const char *const cni_versions[] = { "1.0.0", "1.1.0", NULL };

static const char *const cmd_names[] = {
	[CNI_ADD] = "ADD", [CNI_DEL] = "DEL", [CNI_CHECK] = "CHECK",
	[CNI_VERSION] = "VERSION", [CNI_STATUS] = "STATUS", [CNI_GC] = "GC",
};

/* The variables each command needs (DEL may go without CNI_NETNS). */
#define NEED_ID		0x1
#define NEED_NETNS	0x2
#define NEED_IFNAME	0x4
#define NEED_PATH	0x8
static const unsigned int cmd_needs[] = {
	[CNI_ADD] = NEED_ID | NEED_NETNS | NEED_IFNAME | NEED_PATH,
	[CNI_DEL] = NEED_ID | NEED_IFNAME | NEED_PATH,
	[CNI_CHECK] = NEED_ID | NEED_NETNS | NEED_IFNAME | NEED_PATH,
	[CNI_VERSION] = 0,
	[CNI_STATUS] = 0,
	[CNI_GC] = NEED_PATH,
};

bool cni_version_supported(const char *v)
{
	size_t i;

	for (i = 0; v && cni_versions[i]; i++)
		if (!strcmp(v, cni_versions[i]))
			return true;
	return false;
}

/*
 * The spec's rule for a container ID and a network name: an alphanumeric
 * character, then alphanumerics, '_', '.' or '-'. Both become file
 * names, so the rule also keeps them inside the plugin's directories.
 */
static bool valid_id(const char *s)
{
	if (!isalnum((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return false;
	return true;
}

/* What the kernel takes as an interface name. */
static bool valid_ifname(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s))
			return false;
	return true;
}

/* "K=V;K=V": each pair has a key and '='. */
static bool valid_args(const char *s)
{
	const char *end;

	while (*s) {
		end = strchrnul(s, ';');
		if (end == s || *s == '=' || !memchr(s, '=', end - s))
			return false;
		s = *end ? end + 1 : end;
	}
	return true;
}

static const char *env_get(const char *name, bool needed, struct cni_err *e,
			   int *ret)
{
	const char *v = getenv(name);

	if (v && !*v)
		v = NULL;
	if (!v && needed)
		*ret = cni_fail(e, -EINVAL, CNI_ERR_ENV, "%s is not set", name);
	return v;
}

int cni_env_parse(struct cni_env *env, struct cni_err *e)
{
	unsigned int need;
	int ret = 0;
	size_t i;

	memset(env, 0, sizeof(*env));
	env->command = env_get("CNI_COMMAND", true, e, &ret);
	if (ret)
		return ret;
	for (i = 0; i < sizeof(cmd_names) / sizeof(cmd_names[0]); i++)
		if (!strcmp(env->command, cmd_names[i]))
			break;
	if (i == sizeof(cmd_names) / sizeof(cmd_names[0]))
		return cni_fail(e, -EINVAL, CNI_ERR_ENV,
				"unknown CNI_COMMAND \"%s\"", env->command);
	env->cmd = i;
	need = cmd_needs[i];
	env->container_id = env_get("CNI_CONTAINERID", need & NEED_ID, e, &ret);
	env->netns = env_get("CNI_NETNS", need & NEED_NETNS, e, &ret);
	env->ifname = env_get("CNI_IFNAME", need & NEED_IFNAME, e, &ret);
	env->path = env_get("CNI_PATH", need & NEED_PATH, e, &ret);
	env->args = env_get("CNI_ARGS", false, e, &ret);
	if (ret)
		return ret;
	if (env->container_id && !valid_id(env->container_id))
		return cni_fail(e, -EINVAL, CNI_ERR_ENV,
				"invalid CNI_CONTAINERID \"%s\"",
				env->container_id);
	if (env->ifname && !valid_ifname(env->ifname))
		return cni_fail(e, -EINVAL, CNI_ERR_ENV,
				"invalid CNI_IFNAME \"%s\"", env->ifname);
	if (env->args && !valid_args(env->args))
		return cni_fail(e, -EINVAL, CNI_ERR_ENV,
				"invalid CNI_ARGS \"%s\": not KEY=VALUE;...",
				env->args);
	return 0;
}

/* An optional string member of @o; -EINVAL if it is not a string. */
static int opt_string(json_t *o, const char *key, const char *dflt,
		      const char **val, struct cni_err *e)
{
	json_t *v = json_object_get(o, key);

	*val = v ? json_string_value(v) : dflt;
	if (!*val || !**val)
		return cni_fail(e, -EINVAL, CNI_ERR_CONFIG,
				"\"%s\" must be a non-empty string", key);
	return 0;
}

/* GC's list: objects with a string containerID and ifname each. */
static int check_attachments(json_t *list, struct cni_err *e)
{
	json_t *a;
	size_t i;

	if (!json_is_array(list))
		return cni_fail(e, -EINVAL, CNI_ERR_CONFIG,
				"GC needs \"cni.dev/valid-attachments\", a list");
	json_array_foreach(list, i, a)
		if (!json_is_string(json_object_get(a, "containerID")) ||
		    !json_is_string(json_object_get(a, "ifname")))
			return cni_fail(e, -EINVAL, CNI_ERR_CONFIG,
					"cni.dev/valid-attachments[%zu] needs a containerID and an ifname",
					i);
	return 0;
}

static int check_conf(struct cni_conf *c, enum cni_cmd cmd, struct cni_err *e)
{
	json_t *root = c->root;
	int ret;

	if (!json_is_object(root))
		return cni_fail(e, -EINVAL, CNI_ERR_DECODE,
				"the configuration is not a JSON object");
	c->version = json_string_value(json_object_get(root, "cniVersion"));
	if (!c->version)
		return cni_fail(e, -EINVAL, CNI_ERR_CONFIG,
				"the configuration has no \"cniVersion\"");
	if (!cni_version_supported(c->version))
		return cni_fail(e, -EINVAL, CNI_ERR_VERSION,
				"unsupported cniVersion \"%s\" (this plugin speaks 1.0.0 and 1.1.0)",
				c->version);
	if ((cmd == CNI_STATUS || cmd == CNI_GC) && !strcmp(c->version, "1.0.0"))
		return cni_fail(e, -EINVAL, CNI_ERR_VERSION,
				"cniVersion 1.0.0 has no %s",
				cmd == CNI_GC ? "GC" : "STATUS");
	ret = opt_string(root, "name", NULL, &c->name, e) ?:
	      opt_string(root, "stateDir", "/run/podol", &c->state_dir, e) ?:
	      opt_string(root, "dataDir", "/var/lib/cni/podol", &c->data_dir, e);
	if (ret)
		return ret;
	if (!valid_id(c->name))
		return cni_fail(e, -EINVAL, CNI_ERR_CONFIG,
				"invalid network name \"%s\"", c->name);
	c->ipam = json_object_get(root, "ipam");
	c->ipam_type = json_string_value(json_object_get(c->ipam, "type"));
	if (cmd != CNI_STATUS &&
	    (!c->ipam_type || !*c->ipam_type || strchr(c->ipam_type, '/') ||
	     c->ipam_type[0] == '.'))
		return cni_fail(e, -EINVAL, CNI_ERR_CONFIG,
				"\"ipam\" needs a \"type\", the name of a plugin in CNI_PATH");
	c->prev_result = json_object_get(root, "prevResult");
	if (c->prev_result && !json_is_object(c->prev_result))
		return cni_fail(e, -EINVAL, CNI_ERR_CONFIG,
				"\"prevResult\" is not an object");
	if (cmd == CNI_CHECK && !c->prev_result)
		return cni_fail(e, -EINVAL, CNI_ERR_CONFIG,
				"CHECK needs \"prevResult\"");
	c->valid_attachments = json_object_get(root,
					       "cni.dev/valid-attachments");
	if (cmd == CNI_GC)
		return check_attachments(c->valid_attachments, e);
	return 0;
}

int cni_conf_parse(FILE *in, enum cni_cmd cmd, struct cni_conf *c,
		   struct cni_err *e)
{
	json_error_t jerr;

	memset(c, 0, sizeof(*c));
	c->root = json_loadf(in, 0, &jerr);
	if (!c->root && cmd == CNI_VERSION)
		return 0;	/* VERSION answers whatever it was given */
	if (!c->root)
		return cni_fail(e, -EINVAL, CNI_ERR_DECODE,
				"cannot decode the configuration on stdin: line %d: %s",
				jerr.line, jerr.text);
	if (cmd == CNI_VERSION)
		return 0;
	return check_conf(c, cmd, e);
}

void cni_conf_free(struct cni_conf *c)
{
	json_decref(c->root);
	c->root = NULL;
}
