// SPDX-License-Identifier: GPL-2.0
/*
 * podolctl dev { set | show } and podolctl stats: a device's own settings
 * and its counters. "dev set" gives the device its node's own pod CIDRs,
 * the local list (genl DEV_SET, the whole list at once); "dev show" is
 * "stats", which prints the list too.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../lib/dev.h"
#include "../lib/rules.h"
#include "dev_cmd.h"
#include "keyword.h"
#include "show.h"

enum { DEV_SET, DEV_SHOW, DEV_HELP };

static const struct keyword dev_cmds[] = {
	{ "set", DEV_SET },
	{ "show", DEV_SHOW },
	{ "list", DEV_SHOW },
	{ "help", DEV_HELP },
};

enum { DKW_DEV, DKW_LOCAL_CIDR };

static const struct keyword dev_keywords[] = {
	{ "dev", DKW_DEV },
	{ "local-cidr", DKW_LOCAL_CIDR },
};

static int dev_help(struct args *a)
{
	(void)a;
	printf("Usage: podolctl dev set dev DEV local-cidr { PREFIX | none }\n"
	       "                            [ local-cidr PREFIX ]...\n"
	       "       podolctl dev show [ dev DEV ]\n"
	       "PREFIX := ADDR[/LEN], a pod CIDR of this node\n");
	return 0;
}

static int stats_help(struct args *a)
{
	(void)a;
	printf("Usage: podolctl stats [ dev DEV ]\n");
	return 0;
}

static int stats_show(struct args *a)
{
	struct podol_dev_list l = { NULL };
	struct podol_nl nl;
	int ret;

	ret = open_socket(a->dev, &nl);
	if (ret)
		return ret;
	if (a->dev)
		ret = podol_dev_get(&nl, a->dev, &l);
	else
		ret = podol_dev_dump(&nl, &l);
	report_inconsistent(&nl);
	if (!ret)
		print_devs(&l);
	podol_dev_list_free(&l);
	return close_socket(&nl, NULL, ret);
}

static int dev_set(struct args *a)
{
	struct podol_nl nl;
	int ret;

	ret = open_socket(a->dev, &nl);
	if (ret)
		return ret;
	ret = podol_dev_set_local(&nl, a->dev, a->local, a->nlocal);
	return close_socket(&nl, NULL, ret);
}

int stats_parse(int argc, char **argv, struct cmdline *cl)
{
	if (argc > 0 && !strcmp(argv[0], "help")) {
		cl->run = stats_help;
		return 0;
	}
	cl->run = stats_show;
	return parse_node_args(NULL, argc, argv, KWF(KW_DEV), &cl->args);
}

/* "dev DEV" once, "local-cidr" as often as needed, "none" alone. */
static int dev_set_parse(int argc, char **argv, struct args *a)
{
	bool given = false, none = false;
	int i, kw;

	for (i = 0; i < argc; i += 2) {
		char why[96];

		kw = match_keyword(NULL, "keyword", argv[i], dev_keywords,
				   ARRAY_SIZE(dev_keywords), ~0UL);
		if (kw < 0)
			return kw;
		if (i + 1 >= argc) {
			pr_err("\"%s\" needs a value", dev_keywords[kw].name);
			return -EINVAL;
		}
		if (kw == DKW_DEV) {
			if (a->dev) {
				pr_err("\"dev\" given twice");
				return -EINVAL;
			}
			a->dev = argv[i + 1];
			continue;
		}
		given = true;
		if (!strcmp(argv[i + 1], "none")) {
			none = true;
			continue;
		}
		if (a->nlocal == PODOL_MAX_LOCAL_CIDRS) {
			pr_err("too many local cidrs: a device has at most %d",
			       PODOL_MAX_LOCAL_CIDRS);
			return -EINVAL;
		}
		if (podol_parse_cidr(argv[i + 1], &a->local[a->nlocal], why,
				     sizeof(why))) {
			pr_err("invalid cidr \"%s\": %s", argv[i + 1], why);
			return -EINVAL;
		}
		a->nlocal++;
	}
	if (!a->dev || !given) {
		pr_err("dev set needs \"dev DEV\" and \"local-cidr PREFIX\" (or none)");
		return -EINVAL;
	}
	if (none && a->nlocal) {
		pr_err("\"local-cidr none\" excludes other local cidrs");
		return -EINVAL;
	}
	return 0;
}

int dev_parse(int argc, char **argv, struct cmdline *cl)
{
	int cmd;

	if (argc < 1)
		return stats_parse(0, argv, cl);
	cmd = match_keyword(NULL, "command", argv[0], dev_cmds,
			    ARRAY_SIZE(dev_cmds), ~0UL);
	if (cmd < 0)
		return cmd;
	if (cmd == DEV_HELP) {
		cl->run = dev_help;
		return 0;
	}
	if (cmd == DEV_SHOW)
		return stats_parse(argc - 1, argv + 1, cl);
	cl->run = dev_set;
	return dev_set_parse(argc - 1, argv + 1, &cl->args);
}
