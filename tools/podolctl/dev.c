// SPDX-License-Identifier: GPL-2.0
/*
 * podolctl dev { set | show }: a device's own settings. "set" gives the
 * device its node's own pod CIDRs, the local list (genl DEV_SET, the whole
 * list at once); "show" is "stats", which prints the list too.
 */
#include <arpa/inet.h>
#include <string.h>

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

static void dev_usage(FILE *f)
{
	fprintf(f,
		"Usage: podolctl dev set dev DEV local-cidr { PREFIX | none }\n"
		"                            [ local-cidr PREFIX ]...\n"
		"       podolctl dev show [ dev DEV ]\n"
		"PREFIX := ADDR[/LEN], a pod CIDR of this node\n");
}

static int dev_set(int argc, char **argv)
{
	struct cidr cidrs[PODOL_MAX_LOCAL_CIDRS];
	bool given = false, none = false;
	struct nl_msg m = { NULL };
	const char *dev = NULL;
	unsigned int n = 0, i;
	struct nl nl;
	int ret, kw;

	for (i = 0; i < (unsigned int)argc; i += 2) {
		kw = match_keyword(NULL, "keyword", argv[i], dev_keywords,
				   ARRAY_SIZE(dev_keywords), ~0UL);
		if (kw < 0)
			return RC_USAGE;
		if (i + 1 >= (unsigned int)argc) {
			pr_err("\"%s\" needs a value", dev_keywords[kw].name);
			return RC_USAGE;
		}
		if (kw == DKW_DEV) {
			if (dev) {
				pr_err("\"dev\" given twice");
				return RC_USAGE;
			}
			dev = argv[i + 1];
			continue;
		}
		given = true;
		if (!strcmp(argv[i + 1], "none")) {
			none = true;
			continue;
		}
		if (n == PODOL_MAX_LOCAL_CIDRS) {
			pr_err("too many local cidrs: a device has at most %d",
			       PODOL_MAX_LOCAL_CIDRS);
			return RC_USAGE;
		}
		if (parse_cidr(NULL, argv[i + 1], &cidrs[n]))
			return RC_USAGE;
		n++;
	}
	if (!dev || !given) {
		pr_err("dev set needs \"dev DEV\" and \"local-cidr PREFIX\" (or none)");
		return RC_USAGE;
	}
	if (none && n) {
		pr_err("\"local-cidr none\" excludes other local cidrs");
		return RC_USAGE;
	}
	ret = check_dev(dev);
	if (ret)
		return ret;

	ret = nl_open(&nl);
	if (ret)
		goto out;
	ret = nl_msg_new(&m, &nl, PODOL_CMD_DEV_SET, NLM_F_ACK,
			 attr_size(strlen(dev) + 1) +
			 n * (MNL_ATTR_HDRLEN + attr_size(16) + attr_size(1)));
	if (ret)
		goto out;
	msg_put_strz(&m, PODOL_A_IFNAME, dev);
	for (i = 0; i < n; i++) {
		struct nlattr *nest = msg_nest_start(&m, PODOL_A_LOCAL_CIDR);

		msg_put(&m, PODOL_CIDR_A_ADDR, addr_len(&cidrs[i].addr),
			cidrs[i].addr.bytes);
		msg_put_u8(&m, PODOL_CIDR_A_PREFIXLEN, cidrs[i].len);
		msg_nest_end(&m, nest);
	}
	ret = nl_talk(&nl, &m, NULL, NULL, NULL);
	if (ret < 0)
		ret = nl_refused(&nl, ret);
out:
	nl_msg_free(&m);
	nl_close(&nl);
	return ret;
}

int cmd_dev(int argc, char **argv)
{
	int cmd;

	if (argc < 1)
		return cmd_stats(0, argv);
	cmd = match_keyword(NULL, "command", argv[0], dev_cmds,
			    ARRAY_SIZE(dev_cmds), ~0UL);
	if (cmd < 0)
		return RC_USAGE;
	if (cmd == DEV_HELP) {
		dev_usage(stdout);
		return RC_OK;
	}
	if (cmd == DEV_SHOW)
		return cmd_stats(argc - 1, argv + 1);
	return dev_set(argc - 1, argv + 1);
}
