// SPDX-License-Identifier: GPL-2.0
/*
 * podol: the CNI plugin (spec 1.0.0 and 1.1.0). It reads CNI_COMMAND and
 * its configuration, runs the command, prints the result or the spec's
 * error object, and exits 0 or 1.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "result.h"

static int run(const struct cni_env *env, const struct cni_conf *conf,
	       json_t **out, struct cni_err *e)
{
	switch (env->cmd) {
	case CNI_ADD:
		return cmd_add(env, conf, out, e);
	case CNI_DEL:
		return cmd_del(env, conf, e);
	case CNI_CHECK:
		return cmd_check(env, conf, e);
	case CNI_STATUS:
		return cmd_status(conf, e);
	case CNI_GC:
		return cmd_gc(env, conf, e);
	case CNI_VERSION:
		return cmd_version(out, e);
	}
	return cni_fail(e, -EINVAL, CNI_ERR_ENV, "unknown command");
}

int main(void)
{
	struct cni_conf conf = { 0 };
	struct cni_err e = { 0 };
	struct cni_env env;
	json_t *out = NULL;
	int ret;

	/* An IPAM plugin that stops reading is an error, not a death. */
	signal(SIGPIPE, SIG_IGN);
	ret = cni_env_parse(&env, &e) ?:
	      cni_conf_parse(stdin, env.cmd, &conf, &e) ?:
	      run(&env, &conf, &out, &e);
	if (ret) {
		if (!e.code)
			cni_fail(&e, ret, CNI_ERR_IO, "%s", strerror(-ret));
		cni_err_print(&e, cni_version_supported(conf.version) ?
			      conf.version : CNI_VERSION_NEWEST);
	} else if (out) {
		json_dumpf(out, stdout, JSON_INDENT(2));
		putchar('\n');
	}
	json_decref(out);
	cni_conf_free(&conf);
	return ret ? 1 : 0;
}
