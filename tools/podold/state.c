// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "state.h"

int podold_state_dir(const char *dir)
{
	char *copy = strdup(dir), *p;
	int ret = 0;

	if (!copy)
		return -ENOMEM;
	for (p = copy + 1; ; p++) {
		if (*p && *p != '/')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(copy, 0755) && errno != EEXIST)
				ret = -errno;
			*p = c;
		}
		if (!*p || ret)
			break;
	}
	if (ret)
		log_err("cannot create the state directory %s: %s", dir,
			strerror(-ret));
	free(copy);
	return ret;
}

/* Writes @text to DIR/NAME through DIR/.NAME.tmp and a rename. */
static int write_file(const char *dir, const char *name, const char *text)
{
	char *path = NULL, *tmp = NULL;
	int ret = -ENOMEM;
	FILE *f;

	if (asprintf(&path, "%s/%s", dir, name) < 0 ||
	    asprintf(&tmp, "%s/.%s.tmp", dir, name) < 0)
		goto out;
	f = fopen(tmp, "w");
	if (!f) {
		ret = -errno;
		goto out;
	}
	ret = fputs(text, f) < 0 ? -EIO : 0;
	if (fclose(f) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		log_err("cannot write %s: %s", path, strerror(-ret));
	}
out:
	free(path);
	free(tmp);
	return ret;
}

static json_t *cidr_array(const struct podol_cidr *cidrs, unsigned int n)
{
	json_t *a = json_array();
	char buf[PODOL_CIDR_STRLEN];
	unsigned int i;

	for (i = 0; a && i < n; i++) {
		podol_format_cidr(&cidrs[i], buf, sizeof(buf));
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

static int write_json(const char *dir, const char *name, json_t *o)
{
	char *text;
	int ret;

	if (!o)
		return -ENOMEM;
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!text)
		return -ENOMEM;
	ret = write_file(dir, name, text);
	free(text);
	return ret;
}

int podold_state_write_node(const char *dir, const char *node,
			    const struct podol_cidr *cidrs, unsigned int n,
			    unsigned int mtu, const struct podold_cluster *c)
{
	return write_json(dir, "node.json",
			  json_pack("{s:s, s:o, s:I, s:o}", "node", node,
				    "cidrs", cidr_array(cidrs, n),
				    "mtu", (json_int_t)mtu, "cluster-cidrs",
				    cidr_array(c->ranges, c->nranges)));
}

int podold_state_write_status(const char *dir, const struct podold_status *s)
{
	json_t *skipped = json_array();
	char lease[20];
	size_t i;

	for (i = 0; skipped && s->table && i < s->table->nskipped; i++)
		json_array_append_new(skipped,
				      json_pack("{s:s, s:s}", "key",
						s->table->skipped[i].key,
						"reason", s->table->skipped[i].reason));
	snprintf(lease, sizeof(lease), "%" PRIx64, s->lease);
	return write_json(dir, "status.json",
			  json_pack("{s:s, s:I, s:o, s:I, s:I, s:I, s:o, s:I, s:s, s:s, s:I, s:s, s:s}",
				    "node", s->node, "pid", (json_int_t)getpid(),
				    "cidrs", cidr_array(s->cidrs, s->ncidrs),
				    "revision", (json_int_t)s->revision,
				    "nodes", (json_int_t)s->nodes,
				    "direct", (json_int_t)s->direct,
				    "skipped", skipped,
				    "skipped-total", (json_int_t)s->skipped_total,
				    "store", s->store_up ? "up" : "down",
				    "endpoint", s->endpoint ? s->endpoint : "",
				    "resyncs", (json_int_t)s->resyncs,
				    "last-error", s->last_error ? s->last_error : "",
				    "lease", lease));
}

int64_t podold_state_read_lease(const char *dir)
{
	char *path;
	long long v = 0;
	FILE *f;

	if (asprintf(&path, "%s/lease", dir) < 0)
		return 0;
	f = fopen(path, "r");
	free(path);
	if (!f)
		return 0;
	if (fscanf(f, "%llx", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

int podold_state_write_lease(const char *dir, int64_t lease)
{
	char text[24];

	snprintf(text, sizeof(text), "%" PRIx64 "\n", lease);
	return write_file(dir, "lease", text);
}

void podold_state_clear(const char *dir)
{
	static const char *const names[] = { "node.json", "lease", "status.json" };
	unsigned int i;
	char *path;

	for (i = 0; i < 3; i++) {
		if (asprintf(&path, "%s/%s", dir, names[i]) < 0)
			continue;
		unlink(path);
		free(path);
	}
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static long long num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

int podold_state_print(const char *dir, bool as_json)
{
	json_error_t jerr;
	json_t *o, *v;
	char *path;
	size_t i;
	bool running;

	if (asprintf(&path, "%s/status.json", dir) < 0)
		return 1;
	o = json_load_file(path, 0, &jerr);
	if (!o || !json_is_object(o)) {
		fprintf(stderr, "podold: no status in %s: is the agent running? (%s)\n",
			path, jerr.text);
		free(path);
		json_decref(o);
		return 1;
	}
	free(path);
	running = num(o, "pid") > 0 && !kill((pid_t)num(o, "pid"), 0);
	json_object_set_new(o, "running", json_boolean(running));
	if (as_json) {
		json_dumpf(o, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(o);
		return 0;
	}
	printf("node: %s (agent %s, pid %lld)\n", str(o, "node"),
	       running ? "running" : "not running", num(o, "pid"));
	printf("cidrs:");
	json_array_foreach(json_object_get(o, "cidrs"), i, v)
		printf(" %s", json_string_value(v));
	printf("\nstore: %s via %s, revision %lld, resyncs %lld\n",
	       str(o, "store"), str(o, "endpoint"), num(o, "revision"),
	       num(o, "resyncs"));
	printf("nodes: %lld in the table, %lld direct\n", num(o, "nodes"),
	       num(o, "direct"));
	printf("skipped: %zu now (%lld since start)\n",
	       json_array_size(json_object_get(o, "skipped")),
	       num(o, "skipped-total"));
	json_array_foreach(json_object_get(o, "skipped"), i, v)
		printf("  %s: %s\n", str(v, "key"), str(v, "reason"));
	if (*str(o, "last-error"))
		printf("last error: %s\n", str(o, "last-error"));
	json_decref(o);
	return 0;
}
