// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "nodestate.h"
#include "rules.h"

/* @dir/@name as JSON; -errno with code @missing if it is not there. */
static int load(const char *dir, const char *name, unsigned int missing,
		json_t **o, struct cni_err *e)
{
	json_error_t jerr;
	char *path;
	FILE *f;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return cni_fail(e, -ENOMEM, CNI_ERR_IO, "out of memory");
	f = fopen(path, "re");
	if (!f) {
		int err = -errno;

		cni_fail(e, err, err == -ENOENT ? missing : CNI_ERR_IO,
			 "cannot read podold's %s: %s", path, strerror(-err));
		free(path);
		return err;
	}
	*o = json_loadf(f, 0, &jerr);
	fclose(f);
	if (!*o || !json_is_object(*o)) {
		cni_fail(e, -EINVAL, CNI_ERR_DECODE, "podold's %s: %s", path,
			 *o ? "not an object" : jerr.text);
		json_decref(*o);
		free(path);
		return -EINVAL;
	}
	free(path);
	return 0;
}

static int parse_node(json_t *o, struct node_state *s, struct cni_err *e)
{
	json_t *mtu = json_object_get(o, "mtu");
	json_t *cidrs = json_object_get(o, "cidrs"), *c;
	char why[128];
	size_t i;

	if (!json_is_integer(mtu) || json_integer_value(mtu) < 68 ||
	    json_integer_value(mtu) > 65535)
		return cni_fail(e, -EINVAL, CNI_ERR_DECODE,
				"podold's node.json has no valid \"mtu\"");
	s->mtu = json_integer_value(mtu);
	if (!json_is_array(cidrs))
		return cni_fail(e, -EINVAL, CNI_ERR_DECODE,
				"podold's node.json has no \"cidrs\" list");
	s->ncidrs = 0;
	json_array_foreach(cidrs, i, c) {
		if (s->ncidrs == NODE_MAX_CIDRS)
			break;	/* more than a node ever gets; IPAM has enough */
		if (!json_is_string(c) ||
		    podol_parse_cidr(json_string_value(c),
				     &s->cidrs[s->ncidrs], why, sizeof(why)))
			return cni_fail(e, -EINVAL, CNI_ERR_DECODE,
					"podold's node.json: cidrs[%zu] is not a prefix",
					i);
		s->ncidrs++;
	}
	return 0;
}

int node_state_read(const char *dir, struct node_state *s,
		    struct cni_err *e)
{
	json_t *o;
	int ret = load(dir, "node.json", CNI_ERR_TRY_AGAIN, &o, e);

	if (ret)
		return ret;
	ret = parse_node(o, s, e);
	json_decref(o);
	return ret;
}

int node_state_status(const char *dir, struct cni_err *e)
{
	struct node_state s;
	json_int_t pid;
	json_t *o;
	int ret;

	ret = node_state_read(dir, &s, e) ?:
	      load(dir, "status.json", CNI_ERR_UNAVAILABLE, &o, e);
	if (ret) {
		e->code = CNI_ERR_UNAVAILABLE;
		return ret;
	}
	pid = json_integer_value(json_object_get(o, "pid"));
	json_decref(o);
	if (pid <= 0 || (kill((pid_t)pid, 0) && errno == ESRCH))
		return cni_fail(e, -ESRCH, CNI_ERR_UNAVAILABLE,
				"podold's state in %s is stale: its pid %lld is not running",
				dir, (long long)pid);
	return 0;
}
