// SPDX-License-Identifier: GPL-2.0
/* podol_nlfuzz: structural damage to a built message: see damage.h. */

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "nlfuzz/damage.h"

static struct nlattr *top_attr(struct msg *m, int idx)
{
	struct nlattr *a, *last = NULL;
	int i = 0;

	mnl_attr_for_each(a, m->nlh, GENL_HDRLEN) {
		if (i++ == idx)
			return a;
		last = a;
	}
	if (idx >= 0 || !last)
		die("no attribute %d", idx);
	return last;
}

static struct nlattr *child(struct nlattr *nest_, int idx)
{
	struct nlattr *a, *last = NULL;
	int i = 0;

	mnl_attr_for_each_nested(a, nest_) {
		if (i++ == idx)
			return a;
		last = a;
	}
	if (idx >= 0 || !last)
		die("no child %d", idx);
	return last;
}

void m_top_beyond(struct msg *m)
{
	top_attr(m, -1)->nla_len += 64;
}

void m_top_short(struct msg *m)
{
	top_attr(m, -1)->nla_len = 2;
}

void m_node_cut_first(struct msg *m)
{
	/* The nest ends 2 bytes into its 8-byte REMOTE. */
	top_attr(m, -1)->nla_len = NLA_HDRLEN + 6;
}

void m_node_cut_last(struct msg *m)
{
	top_attr(m, -1)->nla_len -= 4;
}

void m_cidr_cut(struct msg *m)
{
	child(top_attr(m, -1), -1)->nla_len -= 4;
}

void m_child_zero(struct msg *m)
{
	child(top_attr(m, -1), 0)->nla_len = 0;
}

void m_second_node_cut(struct msg *m)
{
	/* Attribute 0 names the device; 2 is the second node. */
	top_attr(m, 2)->nla_len -= 4;
}

void m_genl_short(struct msg *m)
{
	m->nlh->nlmsg_len = NLMSG_HDRLEN + 2;
}
