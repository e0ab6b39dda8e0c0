// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipam.h"

/* More than any IPAM result or error; a plugin that says more is broken. */
#define OUTPUT_MAX	(1 << 20)

/* host-local's ranges: a range set (a list) per family present. */
static json_t *node_ranges(const struct node_state *node)
{
	json_t *ranges = json_array(), *set;
	char s[PODOL_CIDR_STRLEN];
	int family;
	unsigned int i;

	for (family = AF_INET; ranges && family; family =
	     family == AF_INET ? AF_INET6 : 0) {
		set = json_array();
		for (i = 0; set && i < node->ncidrs; i++) {
			if (node->cidrs[i].addr.family != family)
				continue;
			podol_format_cidr(&node->cidrs[i], s, sizeof(s));
			json_array_append_new(set, json_pack("{s:s}",
							     "subnet", s));
		}
		if (json_array_size(set))
			json_array_append(ranges, set);
		json_decref(set);
	}
	return ranges;
}

json_t *ipam_conf(const struct cni_conf *conf, const struct node_state *node,
		  bool keep_prev, struct cni_err *e)
{
	json_t *c = json_deep_copy(conf->root), *ipam, *ranges;

	if (!c) {
		cni_fail(e, -ENOMEM, CNI_ERR_IO, "out of memory");
		return NULL;
	}
	if (!strcmp(conf->version, "1.1.0"))
		json_object_set_new(c, "cniVersion", json_string("1.0.0"));
	if (!keep_prev)
		json_object_del(c, "prevResult");
	json_object_del(c, "cni.dev/valid-attachments");
	ipam = json_object_get(c, "ipam");
	if (json_object_get(ipam, "ranges") || json_object_get(ipam, "subnet"))
		return c;
	ranges = node ? node_ranges(node) : NULL;
	if (!json_array_size(ranges)) {
		cni_fail(e, -EINVAL, CNI_ERR_CONFIG,
			 "ipam has no ranges, and podold's node.json %s",
			 node ? "lists no pod CIDRs" : "could not be read");
		json_decref(ranges);
		json_decref(c);
		return NULL;
	}
	json_object_set_new(ipam, "ranges", ranges);
	return c;
}

/* The executable @type in the directories of @cni_path: malloc()ed. */
static char *find_plugin(const char *cni_path, const char *type)
{
	const char *dir = cni_path, *end;
	char *path;

	for (; *dir; dir = *end ? end + 1 : end) {
		end = strchrnul(dir, ':');
		if (end == dir)
			continue;
		if (asprintf(&path, "%.*s/%s", (int)(end - dir), dir, type) < 0)
			return NULL;
		if (!access(path, X_OK))
			return path;
		free(path);
	}
	return NULL;
}

static void run_child(const char *path, int in, int out, const char *command,
		      const char *container_id, const char *ifname)
{
	if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0)
		_exit(127);
	setenv("CNI_COMMAND", command, 1);
	setenv("CNI_CONTAINERID", container_id, 1);
	setenv("CNI_IFNAME", ifname, 1);
	execl(path, path, (char *)NULL);
	_exit(127);
}

/* Writes all of @s to @fd, then reads @fd2 to its end into *@out. */
static int talk(int fd, const char *s, int fd2, char **out)
{
	size_t len = strlen(s), n = 0, cap = 4096;
	char *buf = malloc(cap), *nbuf;
	ssize_t r;

	while (buf && len) {
		r = write(fd, s, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;	/* it stopped reading: its answer says why */
		s += r;
		len -= r;
	}
	close(fd);
	while (buf) {
		if (n + 1 == cap) {
			nbuf = cap < OUTPUT_MAX ? realloc(buf, cap * 2) : NULL;
			if (!nbuf)
				break;
			buf = nbuf;
			cap *= 2;
		}
		r = read(fd2, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
	}
	if (buf)
		buf[n] = '\0';
	*out = buf;
	return buf ? 0 : -ENOMEM;
}

/* The plugin's exit @status and @out: its error, in @e. */
static int plugin_failed(const char *type, int status, const char *out,
			 struct cni_err *e)
{
	json_t *o = json_loads(out, 0, NULL);
	json_int_t code = json_integer_value(json_object_get(o, "code"));
	const char *msg = json_string_value(json_object_get(o, "msg"));
	const char *details = json_string_value(json_object_get(o, "details"));

	if (msg && code > 0 && code < 1000) {
		cni_fail(e, -EIO, code, "ipam plugin %s: %s", type, msg);
		if (details)
			snprintf(e->details, sizeof(e->details), "%s", details);
	} else if (WIFSIGNALED(status)) {
		cni_fail(e, -EIO, CNI_ERR_IO, "ipam plugin %s killed by signal %d",
			 type, WTERMSIG(status));
	} else {
		cni_fail(e, -EIO, CNI_ERR_IO,
			 "ipam plugin %s failed (exit %d) with no error object",
			 type, WEXITSTATUS(status));
	}
	json_decref(o);
	return -EIO;
}

int ipam_exec(const char *cni_path, const char *type, const char *command,
	      const char *container_id, const char *ifname, json_t *ipconf,
	      json_t **result, struct cni_err *e)
{
	char *path = find_plugin(cni_path, type), *text, *out = NULL;
	int in[2], outp[2], status, ret;
	pid_t pid;

	if (!path)
		return cni_fail(e, -ENOENT, CNI_ERR_CONFIG,
				"ipam plugin \"%s\" not found in CNI_PATH %s",
				type, cni_path);
	text = json_dumps(ipconf, JSON_COMPACT);
	if (!text || pipe2(in, O_CLOEXEC)) {
		ret = cni_fail(e, -ENOMEM, CNI_ERR_IO,
			       "cannot run ipam plugin %s", type);
		goto out_text;
	}
	if (pipe2(outp, O_CLOEXEC)) {
		ret = cni_fail(e, -errno, CNI_ERR_IO, "cannot run ipam plugin %s: %s",
			       type, strerror(errno));
		goto out_in;
	}
	pid = fork();
	if (pid == 0)
		run_child(path, in[0], outp[1], command, container_id, ifname);
	close(outp[1]);
	if (pid < 0) {
		ret = cni_fail(e, -errno, CNI_ERR_IO, "cannot run ipam plugin %s: %s",
			       type, strerror(errno));
		close(outp[0]);
		goto out_in;
	}
	close(in[0]);
	ret = talk(in[1], text, outp[0], &out);
	close(outp[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (ret) {
		cni_fail(e, ret, CNI_ERR_IO, "out of memory");
	} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		ret = plugin_failed(type, status, out, e);
	} else if (result) {
		*result = json_loads(out, 0, NULL);
		if (!json_is_object(*result)) {
			json_decref(*result);
			*result = NULL;
			ret = cni_fail(e, -EINVAL, CNI_ERR_DECODE,
				       "ipam plugin %s: cannot decode its result",
				       type);
		}
	}
	free(out);
	free(text);
	free(path);
	return ret;
out_in:
	close(in[0]);
	close(in[1]);
out_text:
	free(text);
	free(path);
	return ret;
}
