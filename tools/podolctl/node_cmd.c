// SPDX-License-Identifier: GPL-2.0
/*
 * podolctl node { add | change | del | show | flush | replace }
 *
 * Each command is parsed whole, and then checks that the device exists,
 * before it opens a netlink socket: a typo is reported as a typo even
 * where the module is not loaded. Each runs as parse -> library -> print.
 */
#include <errno.h>
#include <stdio.h>

#include "file.h"
#include "keyword.h"
#include "node_cmd.h"
#include "show.h"

enum {
	NODE_ADD,
	NODE_CHANGE,
	NODE_DEL,
	NODE_SHOW,
	NODE_FLUSH,
	NODE_REPLACE,
	NODE_HELP,
};

/* iproute2's aliases; "set" as in ip link set. */
static const struct keyword node_cmds[] = {
	{ "add", NODE_ADD },
	{ "change", NODE_CHANGE },
	{ "set", NODE_CHANGE },
	{ "del", NODE_DEL },
	{ "delete", NODE_DEL },
	{ "show", NODE_SHOW },
	{ "list", NODE_SHOW },
	{ "ls", NODE_SHOW },
	{ "flush", NODE_FLUSH },
	{ "replace", NODE_REPLACE },
	{ "help", NODE_HELP },
};

static int node_help(struct args *a)
{
	(void)a;
	printf("Usage: podolctl node { add | change } dev DEV remote ADDR\n"
	       "                      cidr PREFIX [ cidr PREFIX ]... [ port PORT ]\n"
	       "       podolctl node del dev DEV remote ADDR\n"
	       "       podolctl node show [ dev DEV ] [ remote ADDR ]\n"
	       "       podolctl node flush dev DEV\n"
	       "       podolctl node replace dev DEV file { FILE | - }\n"
	       "ADDR := an IPv4 or IPv6 address\n"
	       "PREFIX := ADDR[/LEN]\n"
	       "PORT := 1..65535\n");
	return 0;
}

static int needs(const char *cmd, const char *what)
{
	pr_err("node %s needs %s", cmd, what);
	return -EINVAL;
}

/* A request answered with an ack: add, change, del, flush. */
static int node_request(struct args *a, uint8_t cmd,
			const struct podol_node *n)
{
	struct podol_nl nl;
	int ret;

	ret = open_socket(a->dev, &nl);
	if (ret)
		return ret;
	ret = podol_node_request(&nl, cmd, a->dev, n);
	return close_socket(&nl, NULL, ret);
}

static int node_set(struct args *a)
{
	return node_request(a, a->cmd, &a->node);
}

static int node_del(struct args *a)
{
	return node_request(a, PODOL_CMD_NODE_DEL, &a->node);
}

static int node_flush(struct args *a)
{
	return node_request(a, PODOL_CMD_NODE_FLUSH, NULL);
}

/*
 * A refused replace that blamed a node names its line, as for a line
 * podolctl refuses itself.
 */
static int node_replace(struct args *a)
{
	struct src src = { NULL, 0 };
	struct node_file nf;
	struct podol_nl nl;
	long blamed;
	int ret;

	ret = check_dev(a->dev);
	if (ret)
		return ret;
	ret = read_node_file(a->file, &nf);
	if (ret)
		return ret;
	ret = open_socket(NULL, &nl);
	if (!ret) {
		ret = podol_node_replace(&nl, a->dev, nf.nodes, nf.n, &blamed);
		if (blamed >= 0) {
			src.file = nf.name;
			src.line = nf.lines[blamed];
		}
		close_socket(&nl, &src, ret);
	}
	free_node_file(&nf);
	return ret;
}

static int node_show(struct args *a)
{
	struct podol_node_list l = { NULL };
	struct podol_nl nl;
	int ret;

	ret = open_socket(a->dev, &nl);
	if (ret)
		return ret;
	if (a->has_remote)
		ret = podol_node_get(&nl, a->dev, &a->node, &l);
	else if (a->dev)
		ret = podol_node_dump(&nl, a->dev, &l);
	else
		ret = podol_node_dump_all(&nl, &l);
	report_inconsistent(&nl);
	if (!ret)
		print_nodes(&l);
	podol_node_list_free(&l);
	return close_socket(&nl, NULL, ret);
}

/* The words after the command, checked for what it needs. */
static int parse_args(int cmd, int argc, char **argv, struct args *a)
{
	static const unsigned long allow[] = {
		[NODE_ADD]	= KWF(KW_DEV) | KWF(KW_REMOTE) | KWF(KW_CIDR) |
				  KWF(KW_PORT),
		[NODE_CHANGE]	= KWF(KW_DEV) | KWF(KW_REMOTE) | KWF(KW_CIDR) |
				  KWF(KW_PORT),
		[NODE_DEL]	= KWF(KW_DEV) | KWF(KW_REMOTE),
		[NODE_SHOW]	= KWF(KW_DEV) | KWF(KW_REMOTE),
		[NODE_FLUSH]	= KWF(KW_DEV),
		[NODE_REPLACE]	= KWF(KW_DEV) | KWF(KW_FILE),
	};
	static const char *const names[] = {
		[NODE_ADD] = "add", [NODE_CHANGE] = "change",
		[NODE_DEL] = "del", [NODE_FLUSH] = "flush",
		[NODE_REPLACE] = "replace", [NODE_SHOW] = "show remote",
	};
	int ret;

	ret = parse_node_args(NULL, argc, argv, allow[cmd], a);
	if (ret)
		return ret;
	if (cmd == NODE_SHOW)
		return a->has_remote && !a->dev ?
		       needs(names[cmd], "\"dev DEV\"") : 0;
	if (!a->dev)
		return needs(names[cmd], "\"dev DEV\"");
	if ((cmd == NODE_ADD || cmd == NODE_CHANGE || cmd == NODE_DEL) &&
	    !a->has_remote)
		return needs(names[cmd], "\"remote ADDR\"");
	if ((cmd == NODE_ADD || cmd == NODE_CHANGE) && !a->node.ncidrs)
		return needs(names[cmd], "at least one \"cidr PREFIX\"");
	if (cmd == NODE_REPLACE && !a->file)
		return needs(names[cmd], "\"file FILE\"");
	return 0;
}

int node_parse(int argc, char **argv, struct cmdline *cl)
{
	static int (*const run[])(struct args *a) = {
		[NODE_ADD] = node_set, [NODE_CHANGE] = node_set,
		[NODE_DEL] = node_del, [NODE_SHOW] = node_show,
		[NODE_FLUSH] = node_flush, [NODE_REPLACE] = node_replace,
		[NODE_HELP] = node_help,
	};
	int cmd = NODE_SHOW;

	/* Like ip: the object alone shows it. */
	if (argc > 0) {
		cmd = match_keyword(NULL, "command", argv[0], node_cmds,
				    ARRAY_SIZE(node_cmds), ~0UL);
		if (cmd < 0)
			return cmd;
		argc--;
		argv++;
	}
	cl->run = run[cmd];
	cl->args.cmd = cmd == NODE_ADD ? PODOL_CMD_NODE_ADD :
				       PODOL_CMD_NODE_CHANGE;
	if (cmd == NODE_HELP)
		return 0;
	return parse_args(cmd, argc, argv, &cl->args);
}
