// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attach.h"

#define RECORD_SUFFIX	".json"

/* mkdir -p, for DATADIR/NETWORK. */
static int mkdirs(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) && errno != EEXIST) {
			*p = '/';
			return -errno;
		}
		*p = '/';
	}
	return mkdir(path, 0700) && errno != EEXIST ? -errno : 0;
}

int attach_open(struct attach_dir *d, const char *data_dir,
		const char *network, struct cni_err *e)
{
	char *lock;
	int ret;

	d->lock_fd = -1;
	if (asprintf(&d->path, "%s/%s", data_dir, network) < 0) {
		d->path = NULL;
		return cni_fail(e, -ENOMEM, CNI_ERR_IO, "out of memory");
	}
	ret = mkdirs(d->path);
	if (ret)
		return cni_fail(e, ret, CNI_ERR_IO, "cannot create %s: %s",
				d->path, strerror(-ret));
	if (asprintf(&lock, "%s/.lock", d->path) < 0)
		return cni_fail(e, -ENOMEM, CNI_ERR_IO, "out of memory");
	d->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	ret = d->lock_fd < 0 ? -errno : 0;
	while (!ret && flock(d->lock_fd, LOCK_EX))
		if (errno != EINTR)
			ret = -errno;
	if (ret)
		cni_fail(e, ret, CNI_ERR_IO, "cannot lock %s: %s", lock,
			 strerror(-ret));
	free(lock);
	return ret;
}

void attach_close(struct attach_dir *d)
{
	if (d->lock_fd >= 0)
		close(d->lock_fd);	/* and so unlock */
	d->lock_fd = -1;
	free(d->path);
	d->path = NULL;
}

/* FNV-1a, 64 bits, over the strings with their NULs. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	do {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	} while (*s++);
	return h;
}

void attach_host_if(const char *network, const char *container_id,
		    const char *ifname, char name[IFNAMSIZ])
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = fnv1a(fnv1a(fnv1a(h, network), container_id), ifname);
	snprintf(name, IFNAMSIZ, "pdl%012llx",
		 (unsigned long long)(h >> 16));
}

static char *record_path(struct attach_dir *d, const char *host_if)
{
	char *path;

	return asprintf(&path, "%s/%s" RECORD_SUFFIX, d->path, host_if) < 0 ?
	       NULL : path;
}

int attach_record(struct attach_dir *d, const char *host_if,
		  const char *container_id, const char *ifname,
		  json_t *ipconf, struct cni_err *e)
{
	json_t *rec = json_pack("{s:s, s:s, s:O}", "containerID", container_id,
				"ifname", ifname, "ipam", ipconf);
	char *path = record_path(d, host_if);
	int fd = -1, ret = 0;
	FILE *f;

	if (!rec || !path) {
		ret = cni_fail(e, -ENOMEM, CNI_ERR_IO, "out of memory");
		goto out;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = cni_fail(e, -errno, errno == EEXIST ? CNI_ERR_EXISTS :
			       CNI_ERR_IO, "%s %s/%s: %s",
			       errno == EEXIST ? "already attached:" :
			       "cannot record", container_id, ifname,
			       errno == EEXIST ? path : strerror(errno));
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f || json_dumpf(rec, f, JSON_COMPACT) || fclose(f)) {
		ret = cni_fail(e, -EIO, CNI_ERR_IO, "cannot write %s", path);
		if (!f)
			close(fd);
		unlink(path);
	}
out:
	free(path);
	json_decref(rec);
	return ret;
}

json_t *attach_load(struct attach_dir *d, const char *host_if)
{
	char *path = record_path(d, host_if);
	json_t *rec = path ? json_load_file(path, 0, NULL) : NULL;

	free(path);
	return rec;
}

int attach_forget(struct attach_dir *d, const char *host_if,
		  struct cni_err *e)
{
	char *path = record_path(d, host_if);
	int ret = 0;

	if (!path)
		return cni_fail(e, -ENOMEM, CNI_ERR_IO, "out of memory");
	if (unlink(path) && errno != ENOENT)
		ret = cni_fail(e, -errno, CNI_ERR_IO, "cannot remove %s: %s",
			       path, strerror(errno));
	free(path);
	return ret;
}

int attach_each(struct attach_dir *d,
		int (*fn)(const char *host_if, json_t *rec, void *data),
		void *data, struct cni_err *e)
{
	size_t slen = strlen(RECORD_SUFFIX), n;
	char host_if[IFNAMSIZ];
	struct dirent *de;
	json_t *rec;
	DIR *dir;
	int ret = 0;

	dir = opendir(d->path);
	if (!dir)
		return cni_fail(e, -errno, CNI_ERR_IO, "cannot list %s: %s",
				d->path, strerror(errno));
	while (!ret && (de = readdir(dir))) {
		n = strlen(de->d_name);
		if (n <= slen || n - slen >= IFNAMSIZ ||
		    strcmp(de->d_name + n - slen, RECORD_SUFFIX))
			continue;
		snprintf(host_if, sizeof(host_if), "%.*s", (int)(n - slen),
			 de->d_name);
		rec = attach_load(d, host_if);
		ret = fn(host_if, rec, data);
		json_decref(rec);
	}
	closedir(dir);
	return ret;
}
