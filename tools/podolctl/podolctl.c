// SPDX-License-Identifier: GPL-2.0
/*
 * podolctl: the node table of podol devices.
 *
 *   podolctl [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * The command line reads like ip's: options first, then the object and
 * its command, then keyword-value pairs in any order; any unique prefix
 * of a keyword will do.
 */
#define _GNU_SOURCE		/* setns() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "podolctl.h"

struct opts opts;

static void vpr(const struct src *src, const char *fmt, va_list ap)
{
	fputs("podolctl: ", stderr);
	if (src && src->file)
		fprintf(stderr, "%s:%u: ", src->file, src->line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void pr_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr(NULL, fmt, ap);
	va_end(ap);
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr(NULL, fmt, ap);
	va_end(ap);
}

void pr_err_at(const struct src *src, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr(src, fmt, ap);
	va_end(ap);
}

/*
 * The kernel would say "no such device" too, but only where the module is
 * loaded, and as a refusal rather than as the user's typo.
 */
int check_dev(const char *name)
{
	if (strlen(name) >= IFNAMSIZ || !if_nametoindex(name)) {
		pr_err("unknown device \"%s\"", name);
		return RC_FAIL;
	}
	return RC_OK;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: podolctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       podolctl [ OPTIONS ] node { add | change } dev DEV remote ADDR\n"
		"                                 cidr PREFIX [ cidr PREFIX ]... [ port PORT ]\n"
		"       podolctl [ OPTIONS ] node del dev DEV remote ADDR\n"
		"       podolctl [ OPTIONS ] node show [ dev DEV ] [ remote ADDR ]\n"
		"       podolctl [ OPTIONS ] node flush dev DEV\n"
		"       podolctl [ OPTIONS ] node replace dev DEV file { FILE | - }\n"
		"       podolctl [ OPTIONS ] stats [ dev DEV ]\n"
		"       podolctl [ OPTIONS ] dev set dev DEV local-cidr { PREFIX | none }\n"
		"                                [ local-cidr PREFIX ]...\n"
		"       podolctl [ OPTIONS ] dev show [ dev DEV ]\n"
		"OBJECT := { node | stats | dev | help }\n"
		"OPTIONS := { -j[son] | -p[retty] | -n[etns] NETNS | -V[ersion] | -h[elp] }\n"
		"ADDR := an IPv4 or IPv6 address\n"
		"PREFIX := ADDR[/LEN]\n"
		"PORT := 1..65535\n");
}

/*
 * As ip -n does: the netns' bind mount under /run/netns. Its name is a
 * file name, not a path.
 */
static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..") || strlen(name) > NAME_MAX) {
		pr_err("invalid netns name \"%s\"", name);
		return RC_USAGE;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		pr_err("cannot open netns \"%s\": %s", name, strerror(errno));
		return RC_FAIL;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		pr_err("cannot enter netns \"%s\": %s", name, strerror(errno));
		close(fd);
		return RC_FAIL;
	}
	close(fd);
	return RC_OK;
}

enum { OPT_JSON, OPT_PRETTY, OPT_NETNS, OPT_VERSION, OPT_HELP };

static const struct keyword options[] = {
	{ "-json", OPT_JSON },
	{ "-pretty", OPT_PRETTY },
	{ "-netns", OPT_NETNS },
	{ "-Version", OPT_VERSION },
	{ "-help", OPT_HELP },
};

/*
 * Consumes the options. Returns -1 to go on with the object, or the exit
 * status (help and version stop here).
 */
static int parse_options(int *argc, char ***argv)
{
	while (*argc > 0 && (*argv)[0][0] == '-') {
		/* --json works too, as in ip. */
		const char *opt = (*argv)[0] + ((*argv)[0][1] == '-');

		switch (match_keyword(NULL, "option", opt, options,
				      ARRAY_SIZE(options), ~0UL)) {
		case OPT_JSON:
			opts.json = true;
			break;
		case OPT_PRETTY:
			opts.pretty = true;
			break;
		case OPT_NETNS:
			if (*argc < 2) {
				pr_err("\"-netns\" needs a value");
				return RC_USAGE;
			}
			opts.netns = (*argv)[1];
			(*argc)--;
			(*argv)++;
			break;
		case OPT_VERSION:
			printf("podolctl %s\n", PODOLCTL_VERSION);
			return RC_OK;
		case OPT_HELP:
			usage(stdout);
			return RC_OK;
		default:
			return RC_USAGE;
		}
		(*argc)--;
		(*argv)++;
	}
	return -1;
}

enum { OBJ_NODE, OBJ_STATS, OBJ_DEV, OBJ_HELP };

static const struct keyword objects[] = {
	{ "node", OBJ_NODE },
	{ "stats", OBJ_STATS },
	{ "dev", OBJ_DEV },
	{ "help", OBJ_HELP },
};

static int run(int argc, char **argv)
{
	int obj, ret;

	ret = parse_options(&argc, &argv);
	if (ret >= 0)
		return ret;
	if (argc < 1) {
		usage(stderr);
		return RC_USAGE;
	}
	obj = match_keyword(NULL, "object", argv[0], objects,
			    ARRAY_SIZE(objects), ~0UL);
	if (obj < 0)
		return RC_USAGE;
	if (obj == OBJ_HELP) {
		usage(stdout);
		return RC_OK;
	}
	/* Before any socket is opened: sockets belong to their netns. */
	if (opts.netns) {
		ret = enter_netns(opts.netns);
		if (ret)
			return ret;
	}
	if (obj == OBJ_NODE)
		return cmd_node(argc - 1, argv + 1);
	if (obj == OBJ_DEV)
		return cmd_dev(argc - 1, argv + 1);
	return cmd_stats(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	int ret = run(argc - 1, argv + 1);

	/* Output that did not make it out is a failure too (a full disk). */
	if (fflush(stdout) || ferror(stdout)) {
		pr_err("cannot write the output: %s", strerror(errno));
		ret = RC_FAIL;
	}
	return ret;
}
