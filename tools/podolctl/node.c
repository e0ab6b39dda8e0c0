// SPDX-License-Identifier: GPL-2.0
/*
 * podolctl node { add | change | del | show | flush | replace }
 *
 * Each command checks all of its arguments, and that the device exists,
 * before it opens a netlink socket: a typo is reported as a typo even
 * where the module is not loaded.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

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

static void node_usage(FILE *f)
{
	fprintf(f,
		"Usage: podolctl node { add | change } dev DEV remote ADDR\n"
		"                      cidr PREFIX [ cidr PREFIX ]... [ port PORT ]\n"
		"       podolctl node del dev DEV remote ADDR\n"
		"       podolctl node show [ dev DEV ] [ remote ADDR ]\n"
		"       podolctl node flush dev DEV\n"
		"       podolctl node replace dev DEV file { FILE | - }\n"
		"ADDR := an IPv4 or IPv6 address\n"
		"PREFIX := ADDR[/LEN]\n"
		"PORT := 1..65535\n");
}

size_t node_attr_size(const struct node_spec *n)
{
	size_t size = MNL_ATTR_HDRLEN + attr_size(addr_len(&n->remote));
	unsigned int i;

	if (n->port)
		size += attr_size(sizeof(uint16_t));
	for (i = 0; i < n->ncidrs; i++)
		size += MNL_ATTR_HDRLEN +
			attr_size(addr_len(&n->cidrs[i].addr)) +
			attr_size(sizeof(uint8_t));
	return size;
}

static void put_node(struct nl_msg *m, const struct node_spec *n)
{
	struct nlattr *node;
	unsigned int i;

	node = msg_nest_start(m, PODOL_A_NODE);
	msg_put(m, PODOL_NODE_A_REMOTE, addr_len(&n->remote),
		n->remote.bytes);
	if (n->port)
		msg_put_u16(m, PODOL_NODE_A_PORT, htons(n->port));
	for (i = 0; i < n->ncidrs; i++) {
		const struct cidr *c = &n->cidrs[i];
		struct nlattr *cidr = msg_nest_start(m, PODOL_NODE_A_CIDR);

		msg_put(m, PODOL_CIDR_A_ADDR, addr_len(&c->addr),
			c->addr.bytes);
		msg_put_u8(m, PODOL_CIDR_A_PREFIXLEN, c->len);
		msg_nest_end(m, cidr);
	}
	msg_nest_end(m, node);
}

static size_t dev_attr_size(const char *dev)
{
	return attr_size(strlen(dev) + 1);
}

/* Requests naming the device, answered with an ack. */
static int send_simple(const char *dev, uint8_t cmd,
		       const struct node_spec *n)
{
	struct nl_msg m = { NULL };
	struct nl nl;
	int ret;

	ret = nl_open(&nl);
	if (ret)
		goto out;
	ret = nl_msg_new(&m, &nl, cmd, NLM_F_ACK,
			 dev_attr_size(dev) + (n ? node_attr_size(n) : 0));
	if (ret)
		goto out;
	msg_put_strz(&m, PODOL_A_IFNAME, dev);
	if (n)
		put_node(&m, n);
	ret = nl_talk(&nl, &m, NULL, NULL, NULL);
	if (ret < 0)
		ret = nl_refused(&nl, ret);
out:
	nl_msg_free(&m);
	nl_close(&nl);
	return ret;
}

static int needs(const char *cmd, const char *what)
{
	pr_err("node %s needs %s", cmd, what);
	return RC_USAGE;
}

/* add and change: the node in full. */
static int node_set(int argc, char **argv, uint8_t cmd, const char *name)
{
	struct cidr cidrs[PODOL_MAX_NODE_CIDRS];
	struct node_args a = { .node.cidrs = cidrs };
	int ret;

	ret = parse_node_args(NULL, argc, argv,
			      KWF(KW_DEV) | KWF(KW_REMOTE) | KWF(KW_CIDR) |
			      KWF(KW_PORT), &a);
	if (ret)
		return ret;
	if (!a.dev)
		return needs(name, "\"dev DEV\"");
	if (!a.has_remote)
		return needs(name, "\"remote ADDR\"");
	if (!a.node.ncidrs)
		return needs(name, "at least one \"cidr PREFIX\"");
	ret = check_dev(a.dev);
	if (ret)
		return ret;
	return send_simple(a.dev, cmd, &a.node);
}

static int node_del(int argc, char **argv)
{
	struct node_args a = { NULL };
	int ret;

	ret = parse_node_args(NULL, argc, argv, KWF(KW_DEV) | KWF(KW_REMOTE),
			      &a);
	if (ret)
		return ret;
	if (!a.dev)
		return needs("del", "\"dev DEV\"");
	if (!a.has_remote)
		return needs("del", "\"remote ADDR\"");
	ret = check_dev(a.dev);
	if (ret)
		return ret;
	return send_simple(a.dev, PODOL_CMD_NODE_DEL, &a.node);
}

static int node_flush(int argc, char **argv)
{
	struct node_args a = { NULL };
	int ret;

	ret = parse_node_args(NULL, argc, argv, KWF(KW_DEV), &a);
	if (ret)
		return ret;
	if (!a.dev)
		return needs("flush", "\"dev DEV\"");
	ret = check_dev(a.dev);
	if (ret)
		return ret;
	return send_simple(a.dev, PODOL_CMD_NODE_FLUSH, NULL);
}

/*
 * A refused replace. If the kernel blamed a node, the line that made it
 * is named, as for a line podolctl refuses itself: the nodes are put in
 * the order of the file, so the Nth PODOL_A_NODE is the Nth node.
 */
static int replace_refused(const struct nl *nl, const struct nl_msg *m,
			   const struct node_file *nf, int err)
{
	long i = nl_blamed(nl, m, PODOL_A_NODE);
	struct src src = { nf->name, 0 };

	if (i < 0 || (size_t)i >= nf->n)
		return nl_refused(nl, err);
	src.line = nf->nodes[i].line;
	return nl_refused_at(nl, &src, err);
}

/*
 * The nodes go as PODOL_A_NODE attributes of the message itself, not in
 * a nest: a nest's length is 16 bits, too short for a large table.
 */
static int send_replace(const char *dev, const struct node_file *nf)
{
	struct nl_msg m = { NULL };
	struct nl nl;
	size_t i;
	int ret;

	ret = nl_open(&nl);
	if (ret)
		goto out;
	ret = nl_msg_new(&m, &nl, PODOL_CMD_NODE_REPLACE, NLM_F_ACK,
			 dev_attr_size(dev) + nf->attr_bytes);
	if (ret)
		goto out;
	msg_put_strz(&m, PODOL_A_IFNAME, dev);
	for (i = 0; i < nf->n; i++)
		put_node(&m, &nf->nodes[i]);
	ret = nl_talk(&nl, &m, NULL, NULL, NULL);
	if (ret < 0)
		ret = replace_refused(&nl, &m, nf, ret);
out:
	nl_msg_free(&m);
	nl_close(&nl);
	return ret;
}

static int node_replace(int argc, char **argv)
{
	struct node_args a = { NULL };
	struct node_file nf;
	int ret;

	ret = parse_node_args(NULL, argc, argv, KWF(KW_DEV) | KWF(KW_FILE),
			      &a);
	if (ret)
		return ret;
	if (!a.dev)
		return needs("replace", "\"dev DEV\"");
	if (!a.file)
		return needs("replace", "\"file FILE\"");
	ret = check_dev(a.dev);
	if (ret)
		return ret;
	ret = read_node_file(a.file, &nf);
	if (ret)
		return ret;
	ret = send_replace(a.dev, &nf);
	free_node_file(&nf);
	return ret;
}

/* One device's nodes. The device is named by ifindex if it was listed. */
static int dump_nodes(struct nl *nl, const char *dev, uint32_t ifindex,
		      struct node_list *l)
{
	struct nl_msg m = { NULL };
	int ret;

	ret = nl_msg_new(&m, nl, PODOL_CMD_NODE_GET, NLM_F_DUMP,
			 dev ? dev_attr_size(dev) : attr_size(sizeof(ifindex)));
	if (ret)
		return ret;
	if (dev)
		msg_put_strz(&m, PODOL_A_IFNAME, dev);
	else
		msg_put_u32(&m, PODOL_A_IFINDEX, ifindex);
	l->mark = l->n;
	ret = nl_dump(nl, &m, node_list_cb, node_list_reset, l);
	nl_msg_free(&m);
	return ret;
}

/* Every podol device's nodes. */
static int dump_all_nodes(struct nl *nl, struct node_list *l)
{
	struct dev_list devs = { NULL };
	struct nl_msg m = { NULL };
	size_t i;
	int ret;

	ret = nl_msg_new(&m, nl, PODOL_CMD_DEV_GET, NLM_F_DUMP, 0);
	if (ret)
		return ret;
	ret = nl_dump(nl, &m, dev_list_cb, dev_list_reset, &devs);
	nl_msg_free(&m);
	for (i = 0; !ret && i < devs.n; i++) {
		l->dev_order = i;
		ret = dump_nodes(nl, NULL, devs.v[i].ifindex, l);
		/* Deleted since it was listed: it has no nodes to show. */
		if (ret == -ENODEV)
			ret = RC_OK;
	}
	dev_list_free(&devs);
	return ret;
}

static int get_node(struct nl *nl, const char *dev,
		    const struct node_spec *n, struct node_list *l)
{
	struct nl_msg m = { NULL };
	int ret;

	ret = nl_msg_new(&m, nl, PODOL_CMD_NODE_GET, NLM_F_ACK,
			 dev_attr_size(dev) + node_attr_size(n));
	if (ret)
		return ret;
	msg_put_strz(&m, PODOL_A_IFNAME, dev);
	put_node(&m, n);
	ret = nl_talk(nl, &m, node_list_cb, l, NULL);
	nl_msg_free(&m);
	return ret;
}

static int node_show(int argc, char **argv)
{
	struct node_args a = { NULL };
	struct node_list l = { NULL };
	struct nl nl;
	int ret;

	ret = parse_node_args(NULL, argc, argv, KWF(KW_DEV) | KWF(KW_REMOTE),
			      &a);
	if (ret)
		return ret;
	if (a.has_remote && !a.dev)
		return needs("show remote", "\"dev DEV\"");
	if (a.dev) {
		ret = check_dev(a.dev);
		if (ret)
			return ret;
	}
	ret = nl_open(&nl);
	if (ret)
		goto out;
	if (a.has_remote)
		ret = get_node(&nl, a.dev, &a.node, &l);
	else if (a.dev)
		ret = dump_nodes(&nl, a.dev, 0, &l);
	else
		ret = dump_all_nodes(&nl, &l);
	if (ret < 0)
		ret = nl_refused(&nl, ret);
	if (!ret)
		print_nodes(&l);
out:
	node_list_free(&l);
	nl_close(&nl);
	return ret;
}

int cmd_node(int argc, char **argv)
{
	int cmd;

	/* Like ip: the object alone shows it. */
	if (argc < 1)
		return node_show(0, NULL);
	cmd = match_keyword(NULL, "command", argv[0], node_cmds,
			    ARRAY_SIZE(node_cmds), ~0UL);
	argc--;
	argv++;
	switch (cmd) {
	case NODE_ADD:
		return node_set(argc, argv, PODOL_CMD_NODE_ADD, "add");
	case NODE_CHANGE:
		return node_set(argc, argv, PODOL_CMD_NODE_CHANGE, "change");
	case NODE_DEL:
		return node_del(argc, argv);
	case NODE_SHOW:
		return node_show(argc, argv);
	case NODE_FLUSH:
		return node_flush(argc, argv);
	case NODE_REPLACE:
		return node_replace(argc, argv);
	case NODE_HELP:
		node_usage(stdout);
		return RC_OK;
	}
	return RC_USAGE;
}
