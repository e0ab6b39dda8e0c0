// SPDX-License-Identifier: GPL-2.0
/*
 * podold: the agent that keeps a podol device's node table in step with
 * the cluster through etcd, and its commands. See options.h for the
 * command line and agent.h for the agent.
 */
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "cluster.h"
#include "etcd.h"
#include "kernel.h"
#include "log.h"
#include "member.h"
#include "options.h"
#include "state.h"

/* The largest configuration file read: far more than any needs. */
#define CONFIG_MAX	(64 * 1024)

static struct etcd *open_store(const struct podold_opts *o)
{
	struct etcd_opts eo = {
		.endpoints = o->endpoints, .cafile = o->cafile,
		.certfile = o->certfile, .keyfile = o->keyfile,
	};
	struct etcd *e = NULL;

	if (etcd_open(&e, &eo)) {
		log_err("%s", etcd_error(e));
		etcd_close(e);
		return NULL;
	}
	return e;
}

static char *config_key(const struct podold_opts *o)
{
	char *prefix = podold_prefix(o), *key = NULL;

	if (prefix && asprintf(&key, "%sconfig", prefix) < 0)
		key = NULL;
	free(prefix);
	return key;
}

static int config_set(const struct podold_opts *o)
{
	struct podold_cluster c;
	char *buf, *text = NULL, *key = NULL, err[256];
	struct etcd *e = NULL;
	size_t len;
	int ret = 1;
	FILE *f;

	f = fopen(o->config_file, "r");
	if (!f) {
		log_err("%s: %s", o->config_file, strerror(errno));
		return 1;
	}
	buf = malloc(CONFIG_MAX + 1);
	len = buf ? fread(buf, 1, CONFIG_MAX + 1, f) : 0;
	fclose(f);
	if (!buf)
		return 1;
	if (len > CONFIG_MAX) {
		log_err("%s: larger than %d bytes", o->config_file, CONFIG_MAX);
		goto out;
	}
	if (podold_cluster_parse(buf, len, &c, err, sizeof(err))) {
		log_err("%s: %s", o->config_file, err);
		goto out;
	}
	text = podold_cluster_format(&c);
	key = config_key(o);
	e = text && key ? open_store(o) : NULL;
	if (!e)
		goto out;
	if (etcd_put(e, key, text, strlen(text), 0, NULL)) {
		log_err("%s", etcd_error(e));
		goto out;
	}
	printf("%s = %s\n", key, text);
	ret = 0;
out:
	etcd_close(e);
	free(buf);
	free(text);
	free(key);
	return ret;
}

static int config_show(const struct podold_opts *o)
{
	struct etcd_kvs kvs = { 0 };
	char *key = config_key(o);
	struct etcd *e = key ? open_store(o) : NULL;
	int ret = 1;

	if (!e)
		goto out;
	if (etcd_get(e, key, &kvs)) {
		log_err("%s", etcd_error(e));
		goto out;
	}
	if (!kvs.n) {
		log_err("no cluster configuration at %s", key);
		goto out;
	}
	printf("%s\n", kvs.v[0].value);
	ret = 0;
out:
	etcd_kvs_free(&kvs);
	etcd_close(e);
	free(key);
	return ret;
}

/* Stops a running agent first: it would join again. */
static void stop_agent(const char *state_dir)
{
	json_t *o;
	char *path;
	pid_t pid;
	int i;

	if (asprintf(&path, "%s/status.json", state_dir) < 0)
		return;
	o = json_load_file(path, 0, NULL);
	free(path);
	pid = (pid_t)json_integer_value(json_object_get(o, "pid"));
	json_decref(o);
	if (pid <= 0 || kill(pid, SIGTERM))
		return;
	log_info("stopping the agent (pid %d)", (int)pid);
	for (i = 0; i < 100 && !kill(pid, 0); i++)
		poll(NULL, 0, 100);
}

static int leave(const struct podold_opts *o)
{
	char *prefix = podold_prefix(o);
	struct etcd *e = prefix ? open_store(o) : NULL;
	struct podold_kernel k;
	int ret = 1;

	if (!e)
		goto out;
	stop_agent(o->state_dir);
	if (podold_member_leave(e, prefix, o->node)) {
		log_err("%s", etcd_error(e));
		goto out;
	}
	if (podold_kernel_open(&k, o->dev) || podold_kernel_flush(&k))
		log_warn("%s's table: %s", o->dev, podold_kernel_error(&k));
	podold_kernel_close(&k);
	podold_state_clear(o->state_dir);
	log_info("node %s left network %s", o->node, o->network);
	ret = 0;
out:
	etcd_close(e);
	free(prefix);
	return ret;
}

int main(int argc, char **argv)
{
	struct podold_opts o;
	int ret;

	ret = podold_opts_parse(argc, argv, &o);
	if (ret) {
		podold_opts_free(&o);
		return ret > 0 ? 0 : 2;
	}
	switch (o.cmd) {
	case PODOLD_RUN:
		ret = podold_agent_run(&o);
		break;
	case PODOLD_CONFIG_SET:
		ret = config_set(&o);
		break;
	case PODOLD_CONFIG_SHOW:
		ret = config_show(&o);
		break;
	case PODOLD_LEAVE:
		ret = leave(&o);
		break;
	case PODOLD_STATUS:
		ret = podold_state_print(o.state_dir, o.json);
		break;
	}
	podold_opts_free(&o);
	return ret;
}
