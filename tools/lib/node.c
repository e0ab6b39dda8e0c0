// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "dev.h"
#include "node.h"

size_t podol_node_attr_size(const struct podol_node *n)
{
	size_t size = MNL_ATTR_HDRLEN +
		      podol_attr_size(podol_addr_len(&n->remote));
	unsigned int i;

	if (n->port)
		size += podol_attr_size(sizeof(uint16_t));
	for (i = 0; i < n->ncidrs; i++)
		size += podol_cidr_attr_size(&n->cidrs[i]);
	return size;
}

void podol_node_put(struct podol_msg *m, const struct podol_node *n)
{
	struct nlattr *nest = podol_nest_start(m, PODOL_A_NODE);
	unsigned int i;

	podol_put_addr(m, PODOL_NODE_A_REMOTE, &n->remote);
	if (n->port)
		podol_put_u16(m, PODOL_NODE_A_PORT, htons(n->port));
	for (i = 0; i < n->ncidrs; i++)
		podol_put_cidr(m, PODOL_NODE_A_CIDR, &n->cidrs[i]);
	podol_nest_end(m, nest);
}

/* Its cidrs repeat, so it is walked, not tabled. */
int podol_node_parse(struct podol_nl *nl, const struct nlattr *nest,
		     struct podol_node *n)
{
	bool has_remote = false;
	const struct nlattr *a;
	int ret = 0;

	memset(&n->remote, 0, sizeof(*n) - offsetof(struct podol_node, remote));
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case PODOL_NODE_A_REMOTE:
			ret = podol_get_addr(nl, a, &n->remote);
			has_remote = true;
			break;
		case PODOL_NODE_A_PORT:
			if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
				return podol_nl_bad_reply(nl, "a port of the wrong size");
			n->port = ntohs(mnl_attr_get_u16(a));
			break;
		case PODOL_NODE_A_CIDR:
			ret = podol_append_cidr(nl, a, &n->cidrs, &n->ncidrs);
			break;
		case PODOL_NODE_A_STATS:
			ret = podol_stats_parse(nl, a, &n->stats);
			n->has_stats = true;
			break;
		}
		if (ret)
			return ret;
	}
	if (!has_remote)
		return podol_nl_bad_reply(nl, "a node without its remote address");
	return 0;
}

/* Attributes of a NODE_GET reply. */
static const enum mnl_attr_data_type node_policy[PODOL_A_MAX + 1] = {
	[PODOL_A_IFINDEX]	= MNL_TYPE_U32,
	[PODOL_A_IFNAME]	= MNL_TYPE_NUL_STRING,
	[PODOL_A_NODE]		= MNL_TYPE_NESTED,
};

int podol_node_reply(struct podol_nl *nl, const struct nlmsghdr *nlh,
		     void *data)
{
	const struct nlattr *tb[PODOL_A_MAX + 1] = { NULL };
	void *v;
	struct podol_node_list *l = data;
	struct podol_node *n;
	int ret;

	ret = podol_parse_genl(nl, nlh, tb, PODOL_A_MAX, node_policy);
	if (ret)
		return ret;
	if (!tb[PODOL_A_NODE])
		return podol_nl_bad_reply(nl, "a node reply without its node");
	v = l->v;
	n = podol_nl_grow(nl, &v, &l->cap, l->n, sizeof(*n), 16);
	l->v = v;
	if (!n)
		return -ENOMEM;
	ret = podol_get_ifname(nl, tb[PODOL_A_IFNAME], n->dev);
	if (!ret)
		ret = podol_node_parse(nl, tb[PODOL_A_NODE], n);
	if (ret) {
		free(n->cidrs);
		return ret;
	}
	l->n++;
	return 0;
}

/* For podol_nl_dump(): forget the nodes since the mark. */
static void node_list_reset(void *data)
{
	struct podol_node_list *l = data;

	while (l->n > l->mark)
		free(l->v[--l->n].cidrs);
}

void podol_node_list_free(struct podol_node_list *l)
{
	l->mark = 0;
	node_list_reset(l);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int cmp_remote(const void *a, const void *b)
{
	const struct podol_node *x = a, *y = b;

	return podol_cmp_addr(&x->remote, &y->remote);
}

static size_t ifname_size(const char *dev)
{
	return podol_attr_size(strlen(dev) + 1);
}

int podol_node_request(struct podol_nl *nl, uint8_t cmd, const char *dev,
		       const struct podol_node *n)
{
	struct podol_msg m;
	int ret;

	ret = podol_nl_msg(&m, nl, cmd, NLM_F_ACK,
			   ifname_size(dev) + (n ? podol_node_attr_size(n) : 0));
	if (ret)
		return ret;
	podol_put_strz(&m, PODOL_A_IFNAME, dev);
	if (n)
		podol_node_put(&m, n);
	ret = podol_nl_talk(nl, &m, NULL, NULL, NULL);
	podol_msg_free(&m);
	return ret;
}

/*
 * The nodes go as PODOL_A_NODE attributes of the message itself, not in
 * a nest: a nest's length is 16 bits, too short for a large table. They
 * go in the order given, so the Nth PODOL_A_NODE is nodes[N].
 */
int podol_node_replace(struct podol_nl *nl, const char *dev,
		       const struct podol_node *nodes, size_t count,
		       long *blamed)
{
	size_t size = ifname_size(dev), i;
	struct podol_msg m;
	int ret;

	*blamed = -1;
	for (i = 0; i < count; i++)
		size += podol_node_attr_size(&nodes[i]);
	ret = podol_nl_msg(&m, nl, PODOL_CMD_NODE_REPLACE, NLM_F_ACK, size);
	if (ret)
		return ret;
	podol_put_strz(&m, PODOL_A_IFNAME, dev);
	for (i = 0; i < count; i++)
		podol_node_put(&m, &nodes[i]);
	ret = podol_nl_talk(nl, &m, NULL, NULL, NULL);
	if (podol_nl_is_refusal(nl, ret)) {
		*blamed = podol_nl_blamed(nl, &m, PODOL_A_NODE);
		if (*blamed >= (long)count)
			*blamed = -1;
	}
	podol_msg_free(&m);
	return ret;
}

int podol_node_get(struct podol_nl *nl, const char *dev,
		   const struct podol_node *key, struct podol_node_list *l)
{
	struct podol_msg m;
	int ret;

	ret = podol_nl_msg(&m, nl, PODOL_CMD_NODE_GET, NLM_F_ACK,
			   ifname_size(dev) + podol_node_attr_size(key));
	if (ret)
		return ret;
	podol_put_strz(&m, PODOL_A_IFNAME, dev);
	podol_node_put(&m, key);
	ret = podol_nl_talk(nl, &m, podol_node_reply, l, NULL);
	podol_msg_free(&m);
	return ret;
}

/* One device's nodes, named by @dev, or by @ifindex if it was listed. */
static int dump_nodes(struct podol_nl *nl, const char *dev, uint32_t ifindex,
		      struct podol_node_list *l)
{
	struct podol_msg m;
	int ret;

	ret = podol_nl_msg(&m, nl, PODOL_CMD_NODE_GET, NLM_F_DUMP,
			   dev ? ifname_size(dev) :
				 podol_attr_size(sizeof(ifindex)));
	if (ret)
		return ret;
	if (dev)
		podol_put_strz(&m, PODOL_A_IFNAME, dev);
	else
		podol_put_u32(&m, PODOL_A_IFINDEX, ifindex);
	l->mark = l->n;
	ret = podol_nl_dump(nl, &m, podol_node_reply, node_list_reset, l);
	podol_msg_free(&m);
	if (!ret && l->n > l->mark)
		qsort(l->v + l->mark, l->n - l->mark, sizeof(*l->v),
		      cmp_remote);
	return ret;
}

int podol_node_dump(struct podol_nl *nl, const char *dev,
		    struct podol_node_list *l)
{
	return dump_nodes(nl, dev, 0, l);
}

int podol_node_dump_all(struct podol_nl *nl, struct podol_node_list *l)
{
	struct podol_dev_list devs = { NULL };
	size_t i;
	int ret;

	ret = podol_dev_dump(nl, &devs);
	for (i = 0; !ret && i < devs.n; i++) {
		ret = dump_nodes(nl, NULL, devs.v[i].ifindex, l);
		/* Deleted since it was listed: it has no nodes to show. */
		if (ret == -ENODEV && podol_nl_is_refusal(nl, ret))
			ret = 0;
	}
	podol_dev_list_free(&devs);
	return ret;
}
