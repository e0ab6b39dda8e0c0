// SPDX-License-Identifier: GPL-2.0
/* podol_nlfuzz: structural damage to a built message: see damage.h. */

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "nlfuzz/damage.h"

/* Attribute idx (-1: the last) of those in len bytes at payload. */
static struct nlattr *nth_attr(void *payload, size_t len, int idx,
			       const char *what)
{
	struct nlattr *attr, *last = NULL;
	int i = 0;

	mnl_attr_for_each_payload(payload, len) {
		if (i++ == idx)
			return attr;
		last = attr;
	}
	if (idx >= 0 || !last)
		die("no %s %d", what, idx);
	return last;
}

static struct nlattr *top_attr(struct msg *m, int idx)
{
	void *top = mnl_nlmsg_get_payload_offset(m->nlh, GENL_HDRLEN);

	return nth_attr(top, (char *)mnl_nlmsg_get_payload_tail(m->nlh) -
			(char *)top, idx, "attribute");
}

static struct nlattr *child(struct nlattr *nest_, int idx)
{
	return nth_attr(mnl_attr_get_payload(nest_),
			mnl_attr_get_payload_len(nest_), idx, "child");
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
