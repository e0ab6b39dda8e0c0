// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "dev.h"

/* Attributes of a DEV_GET reply. */
static const enum mnl_attr_data_type dev_policy[PODOL_A_MAX + 1] = {
	[PODOL_A_IFINDEX]	= MNL_TYPE_U32,
	[PODOL_A_IFNAME]	= MNL_TYPE_NUL_STRING,
	[PODOL_A_STATS]		= MNL_TYPE_NESTED,
	[PODOL_A_NODE_COUNT]	= MNL_TYPE_U32,
	[PODOL_A_LOCAL_CIDR]	= MNL_TYPE_NESTED,
};

static void dev_list_reset(void *data)
{
	struct podol_dev_list *l = data;

	while (l->n)
		free(l->v[--l->n].local);
}

void podol_dev_list_free(struct podol_dev_list *l)
{
	dev_list_reset(l);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int podol_dev_reply(struct podol_nl *nl, const struct nlmsghdr *nlh,
		    void *data)
{
	const struct nlattr *tb[PODOL_A_MAX + 1] = { NULL };
	void *v;
	struct podol_dev_list *l = data;
	struct podol_dev *d;
	const struct nlattr *a;
	int ret;

	ret = podol_parse_genl(nl, nlh, tb, PODOL_A_MAX, dev_policy);
	if (ret)
		return ret;
	if (!tb[PODOL_A_IFINDEX])
		return podol_nl_bad_reply(nl, "a device reply without its ifindex");
	v = l->v;
	d = podol_nl_grow(nl, &v, &l->cap, l->n, sizeof(*d), 8);
	l->v = v;
	if (!d)
		return -ENOMEM;
	ret = podol_get_ifname(nl, tb[PODOL_A_IFNAME], d->name);
	if (ret)
		return ret;
	d->ifindex = mnl_attr_get_u32(tb[PODOL_A_IFINDEX]);
	if (tb[PODOL_A_NODE_COUNT]) {
		d->has_count = true;
		d->node_count = mnl_attr_get_u32(tb[PODOL_A_NODE_COUNT]);
	}
	if (tb[PODOL_A_STATS]) {
		ret = podol_stats_parse(nl, tb[PODOL_A_STATS], &d->stats);
		if (ret)
			return ret;
		d->has_stats = true;
	}
	/* Counted in before the cidrs: reset and free see them all. */
	l->n++;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) != PODOL_A_LOCAL_CIDR)
			continue;
		ret = podol_append_cidr(nl, a, &d->local, &d->nlocal);
		if (ret)
			return ret;
	}
	return 0;
}

int podol_dev_get(struct podol_nl *nl, const char *name,
		  struct podol_dev_list *l)
{
	struct podol_msg m;
	int ret;

	ret = podol_nl_msg(&m, nl, PODOL_CMD_DEV_GET, NLM_F_ACK,
			   podol_attr_size(strlen(name) + 1));
	if (ret)
		return ret;
	podol_put_strz(&m, PODOL_A_IFNAME, name);
	ret = podol_nl_talk(nl, &m, podol_dev_reply, l, NULL);
	podol_msg_free(&m);
	return ret;
}

int podol_dev_dump(struct podol_nl *nl, struct podol_dev_list *l)
{
	struct podol_msg m;
	int ret;

	ret = podol_nl_msg(&m, nl, PODOL_CMD_DEV_GET, NLM_F_DUMP, 0);
	if (ret)
		return ret;
	ret = podol_nl_dump(nl, &m, podol_dev_reply, dev_list_reset, l);
	podol_msg_free(&m);
	return ret;
}

int podol_dev_set_local(struct podol_nl *nl, const char *name,
			const struct podol_cidr *cidrs, unsigned int n)
{
	size_t size = podol_attr_size(strlen(name) + 1);
	struct podol_msg m;
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++)
		size += podol_cidr_attr_size(&cidrs[i]);
	ret = podol_nl_msg(&m, nl, PODOL_CMD_DEV_SET, NLM_F_ACK, size);
	if (ret)
		return ret;
	podol_put_strz(&m, PODOL_A_IFNAME, name);
	for (i = 0; i < n; i++)
		podol_put_cidr(&m, PODOL_A_LOCAL_CIDR, &cidrs[i]);
	ret = podol_nl_talk(nl, &m, NULL, NULL, NULL);
	podol_msg_free(&m);
	return ret;
}
