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
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "dev_cmd.h"
#include "keyword.h"
#include "node_cmd.h"
#include "print.h"
#include "report.h"

#define PODOLCTL_VERSION	"0.1.0"

/* Exit statuses, the only place they are known. */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* the command failed */
#define EXIT_USAGE	2	/* the command line is wrong; nothing was sent */

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

static int help(struct args *a)
{
	(void)a;
	usage(stdout);
	return 0;
}

static int version(struct args *a)
{
	(void)a;
	printf("podolctl %s\n", PODOLCTL_VERSION);
	return 0;
}

/* As ip -n does: the netns' bind mount under /run/netns. */
static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		pr_err("cannot open netns \"%s\": %s", name, strerror(-ret));
		return ret;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		ret = -errno;
		pr_err("cannot enter netns \"%s\": %s", name, strerror(-ret));
	}
	close(fd);
	return ret;
}

/* Its name is a file name, not a path. */
static int check_netns_name(const char *name)
{
	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..") || strlen(name) > NAME_MAX) {
		pr_err("invalid netns name \"%s\"", name);
		return -EINVAL;
	}
	return 0;
}

enum { OPT_JSON, OPT_PRETTY, OPT_NETNS, OPT_VERSION, OPT_HELP };

static const struct keyword options[] = {
	{ "-json", OPT_JSON },
	{ "-pretty", OPT_PRETTY },
	{ "-netns", OPT_NETNS },
	{ "-Version", OPT_VERSION },
	{ "-help", OPT_HELP },
};

/* Consumes the options; help and version stop there, with cl->run set. */
static int parse_options(int *argc, char ***argv, struct cmdline *cl)
{
	while (*argc > 0 && (*argv)[0][0] == '-') {
		/* --json works too, as in ip. */
		const char *opt = (*argv)[0] + ((*argv)[0][1] == '-');

		switch (match_keyword(NULL, "option", opt, options,
				      ARRAY_SIZE(options), ~0UL)) {
		case OPT_JSON:
			cl->json = true;
			break;
		case OPT_PRETTY:
			cl->pretty = true;
			break;
		case OPT_NETNS:
			if (*argc < 2) {
				pr_err("\"-netns\" needs a value");
				return -EINVAL;
			}
			cl->netns = (*argv)[1];
			(*argc)--;
			(*argv)++;
			break;
		case OPT_VERSION:
			cl->run = version;
			return 0;
		case OPT_HELP:
			cl->run = help;
			return 0;
		default:
			return -EINVAL;
		}
		(*argc)--;
		(*argv)++;
	}
	return 0;
}

enum { OBJ_NODE, OBJ_STATS, OBJ_DEV, OBJ_HELP };

static const struct keyword objects[] = {
	{ "node", OBJ_NODE },
	{ "stats", OBJ_STATS },
	{ "dev", OBJ_DEV },
	{ "help", OBJ_HELP },
};

/* The whole command line into @cl; nothing is done yet. */
static int parse_cmdline(int argc, char **argv, struct cmdline *cl)
{
	int obj, ret;

	args_init(&cl->args);
	ret = parse_options(&argc, &argv, cl);
	if (ret || cl->run)
		return ret;
	if (argc < 1) {
		usage(stderr);
		return -EINVAL;
	}
	obj = match_keyword(NULL, "object", argv[0], objects,
			    ARRAY_SIZE(objects), ~0UL);
	if (obj < 0)
		return obj;
	if (obj == OBJ_HELP) {
		cl->run = help;
		return 0;
	}
	if (cl->netns) {
		ret = check_netns_name(cl->netns);
		if (ret)
			return ret;
	}
	if (obj == OBJ_NODE)
		return node_parse(argc - 1, argv + 1, cl);
	if (obj == OBJ_DEV)
		return dev_parse(argc - 1, argv + 1, cl);
	return stats_parse(argc - 1, argv + 1, cl);
}

/* Runs what was parsed; sockets belong to the netns they are opened in. */
static int run_cmdline(struct cmdline *cl)
{
	int ret;

	if (cl->netns && cl->run != help && cl->run != version) {
		ret = enter_netns(cl->netns);
		if (ret)
			return ret;
	}
	print_init(cl->json, cl->pretty);
	return cl->run(&cl->args);
}

int main(int argc, char **argv)
{
	static struct cmdline cl;
	int ret;

	ret = parse_cmdline(argc - 1, argv + 1, &cl);
	if (ret)
		return EXIT_USAGE;
	ret = run_cmdline(&cl);
	/* Output that did not make it out is a failure too (a full disk). */
	if (fflush(stdout) || ferror(stdout)) {
		pr_err("cannot write the output: %s", strerror(errno));
		ret = -EIO;
	}
	return ret ? EXIT_FAIL : EXIT_OK;
}
