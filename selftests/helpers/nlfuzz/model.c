// SPDX-License-Identifier: GPL-2.0
/* podol_nlfuzz: the model of the kernel's checks: see model.h. */
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include "nlfuzz/model.h"
#include "nlfuzz/nl.h"

/*
 * The model: what the kernel accepts, and what it then holds. It follows
 * the policies (lib/nlattr.c's rules for strict and for lenient parsing),
 * podol_parse_node() and friends in module/netlink.c, module/table.c, and
 * podol_validate(), podol_check_fixed() and podol_changelink() in
 * module/link.c.
 */

static const struct pol cidr_pol[PODOL_CIDR_A_MAX + 1] = {
	[PODOL_CIDR_A_ADDR] = { PT_BIN, 4, 16, NULL, 0 },
	[PODOL_CIDR_A_PREFIXLEN] = { PT_U8, 0, 128, NULL, 0 },
};

static const struct pol node_pol[PODOL_NODE_A_MAX + 1] = {
	[PODOL_NODE_A_REMOTE] = { PT_BIN, 4, 16, NULL, 0 },
	[PODOL_NODE_A_PORT] = { PT_BE16, 0, 0, NULL, 0 },
	[PODOL_NODE_A_CIDR] = { PT_NEST, 0, 0, cidr_pol, PODOL_CIDR_A_MAX },
	[PODOL_NODE_A_STATS] = { PT_REJECT, 0, 0, NULL, 0 },
};

static const struct pol top_pol[PODOL_A_MAX + 1] = {
	[PODOL_A_IFINDEX] = { PT_U32, 0, 0, NULL, 0 },
	[PODOL_A_IFNAME] = { PT_STR, 0, IFNAMSIZ - 1, NULL, 0 },
	[PODOL_A_NODE] = { PT_NEST, 0, 0, node_pol, PODOL_NODE_A_MAX },
	[PODOL_A_STATS] = { PT_REJECT, 0, 0, NULL, 0 },
	[PODOL_A_NODE_COUNT] = { PT_REJECT, 0, 0, NULL, 0 },
};

static const struct pol link_pol[IFLA_PODOL_MAX + 1] = {
	[IFLA_PODOL_PORT] = { PT_BE16, 0, 0, NULL, 0 },
	[IFLA_PODOL_LOCAL] = { PT_BIN, 4, 4, NULL, 0 },
	[IFLA_PODOL_LOCAL6] = { PT_BIN, 16, 16, NULL, 0 },
	[IFLA_PODOL_ID] = { PT_U32, 0, 0, NULL, 0 },
	[IFLA_PODOL_TTL] = { PT_U8, 0, 255, NULL, 0 },
	[IFLA_PODOL_TTL_INHERIT] = { PT_U8, 0, 255, NULL, 0 },
	[IFLA_PODOL_TOS] = { PT_U8, 0, 255, NULL, 0 },
	[IFLA_PODOL_UDP_CSUM] = { PT_U8, 0, 255, NULL, 0 },
	[IFLA_PODOL_LINK] = { PT_U32, 0, 0, NULL, 0 },
	[IFLA_PODOL_FAST] = { PT_U8, 0, 255, NULL, 0 },
	[IFLA_PODOL_DIRECT] = { PT_U8, 0, 255, NULL, 0 },
};

static bool nla_at(const unsigned char *p, int rem, struct mattr *a)
{
	uint16_t len;

	if (rem < NLA_HDRLEN)
		return false;
	len = rd16(p);
	if (len < NLA_HDRLEN || len > rem)
		return false;
	a->p = p;
	a->type = rd16(p + 2);
	a->len = len - NLA_HDRLEN;
	return true;
}

static const unsigned char *pay(const struct mattr *a)
{
	return a->p + NLA_HDRLEN;
}

/*
 * __nla_validate_parse(): strict (every attribute known, nothing left
 * over), or lenient as for rtnetlink's IFLA_INFO_DATA (unknown types and
 * leftovers skipped; the known ones still checked strictly, as podol's
 * policy sets strict_start_type). Fills @tb with the last of each type.
 */
static bool m_parse(const unsigned char *head, int len, const struct pol *pol,
		    unsigned int max, bool strict, struct mattr *tb)
{
	const unsigned char *pos;
	struct mattr a;
	const struct pol *pt;
	unsigned int type;
	int rem;

	if (tb)
		memset(tb, 0, sizeof(*tb) * (max + 1));
	mattr_for_each(&a, head, len, pos, rem) {
		type = a.type & NLA_TYPE_MASK;
		if (type == 0 || type > max) {
			if (strict)
				return false;
			continue;
		}
		pt = &pol[type];
		switch (pt->type) {
		case PT_U8:
			if (a.len != 1 || pay(&a)[0] < pt->min || pay(&a)[0] > pt->max)
				return false;
			break;
		case PT_BE16:
			if (a.len != 2)
				return false;
			break;
		case PT_U32:
			if (a.len != 4)
				return false;
			break;
		case PT_STR: {
			int minlen = a.len < (int)pt->max + 1 ? a.len : (int)pt->max + 1;
			int l = a.len;

			if (!minlen || !memchr(pay(&a), 0, minlen))
				return false;
			if (!pay(&a)[l - 1])
				l--;
			if (l > (int)pt->max)
				return false;
			break;
		}
		case PT_BIN:
			if (a.len < (int)pt->min || a.len > (int)pt->max)
				return false;
			break;
		case PT_NEST:
			if (!(a.type & NLA_F_NESTED))
				return false;
			if (a.len && (a.len < NLA_HDRLEN ||
				      !m_parse(pay(&a), a.len, pt->nested,
					       pt->nested_max, true, NULL)))
				return false;
			break;
		default:	/* unspec in a strict policy, reject */
			return false;
		}
		if (pt->type != PT_NEST && (a.type & NLA_F_NESTED))
			return false;
		if (tb)
			tb[type] = a;
	}
	return !strict || rem <= 0;
}

/* The last attribute of each type, unchecked: for what is known valid. */
static void m_fill(const unsigned char *head, int len, unsigned int max,
		   struct mattr *tb)
{
	const unsigned char *pos;
	struct mattr a;
	int rem;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	mattr_for_each(&a, head, len, pos, rem) {
		if ((a.type & NLA_TYPE_MASK) && (a.type & NLA_TYPE_MASK) <= max)
			tb[a.type & NLA_TYPE_MASK] = a;
	}
}

static bool m_addr(const struct mattr *a, struct addr *out)
{
	memset(out, 0, sizeof(*out));
	if (a->len != 4 && a->len != 16)
		return false;
	out->family = a->len == 4 ? AF_INET : AF_INET6;
	memcpy(out->b, pay(a), a->len);
	return true;
}

/*
 * podol_addr_check(), for a node's address and the device's local one:
 * not loopback, multicast, broadcast, unspecified, in 0.0.0.0/8, or
 * IPv4-mapped.
 */
static bool m_unicast(const struct addr *a)
{
	static const unsigned char zero[16];
	static const unsigned char lo6[16] = { [15] = 1 };
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	if (a->family == AF_INET)
		return (a->b[0] & 0xf0) != 0xe0 && rd32(a->b) != 0xffffffff &&
		       a->b[0] != 127 && a->b[0] != 0;
	return a->b[0] != 0xff && memcmp(a->b, zero, 16) &&
	       memcmp(a->b, lo6, 16) && memcmp(a->b, mapped, 12);
}

bool cidr_eq(const struct mcidr *x, const struct mcidr *y)
{
	return x->a.family == y->a.family && x->len == y->len &&
	       !memcmp(x->a.b, y->a.b, 16);
}

/* podol_parse_node() */
static bool m_node(const struct mattr *nest_, struct mnode *nd)
{
	struct mattr tb[PODOL_NODE_A_MAX + 1], ct[PODOL_CIDR_A_MAX + 1], a;
	unsigned int i, max, full, rest;
	const unsigned char *pos;
	struct mcidr *c;
	int rem;

	memset(nd, 0, sizeof(*nd));
	m_fill(pay(nest_), nest_->len, PODOL_NODE_A_MAX, tb);
	if (!tb[PODOL_NODE_A_REMOTE].p || !m_addr(&tb[PODOL_NODE_A_REMOTE], &nd->remote) ||
	    !m_unicast(&nd->remote))
		return false;
	if (tb[PODOL_NODE_A_PORT].p) {
		nd->port = rd16(pay(&tb[PODOL_NODE_A_PORT]));
		if (!nd->port)
			return false;
	}
	mattr_for_each(&a, pay(nest_), nest_->len, pos, rem) {
		if ((a.type & NLA_TYPE_MASK) != PODOL_NODE_A_CIDR)
			continue;
		if (nd->n == PODOL_MAX_NODE_CIDRS)
			return false;
		c = &nd->c[nd->n];
		m_fill(pay(&a), a.len, PODOL_CIDR_A_MAX, ct);
		if (!ct[PODOL_CIDR_A_ADDR].p || !ct[PODOL_CIDR_A_PREFIXLEN].p ||
		    !m_addr(&ct[PODOL_CIDR_A_ADDR], &c->a))
			return false;
		c->len = pay(&ct[PODOL_CIDR_A_PREFIXLEN])[0];
		max = c->a.family == AF_INET ? 32 : 128;
		if (c->len > max)
			return false;
		full = c->len / 8;
		rest = c->len % 8;
		if (rest && (c->a.b[full] & (0xff >> rest)))
			return false;
		for (i = full + !!rest; i < max / 8; i++)
			if (c->a.b[i])
				return false;
		for (i = 0; i < nd->n; i++)
			if (cidr_eq(&nd->c[i], c))
				return false;
		nd->n++;
	}
	return true;
}

struct mnode *m_find(struct mtable *t, const struct addr *remote)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (t->nodes[i].remote.family == remote->family &&
		    !memcmp(t->nodes[i].remote.b, remote->b, 16))
			return &t->nodes[i];
	return NULL;
}

static struct mnode *m_owner(struct mtable *t, const struct mcidr *c)
{
	unsigned int i, j;

	for (i = 0; i < t->n; i++)
		for (j = 0; j < t->nodes[i].n; j++)
			if (cidr_eq(&t->nodes[i].c[j], c))
				return &t->nodes[i];
	return NULL;
}

/* podol_table_add() */
static bool m_add(struct mtable *t, const struct mnode *nd)
{
	unsigned int i;

	if (m_find(t, &nd->remote) || t->n >= MT_NODES)
		return false;
	for (i = 0; i < nd->n; i++)
		if (m_owner(t, &nd->c[i]))
			return false;
	t->nodes[t->n++] = *nd;
	return true;
}

/* The request names it: by ifindex if it has one, else by name. */
static bool m_names(const struct mdev *dv, struct mattr *tb)
{
	if (tb[PODOL_A_IFINDEX].p)
		return rd32(pay(&tb[PODOL_A_IFINDEX])) == dv->ifindex;
	if (tb[PODOL_A_IFNAME].p)
		return !strcmp((const char *)pay(&tb[PODOL_A_IFNAME]), dv->name);
	return false;
}

/* A generic netlink request: valid, and the table it leaves in @t. */
bool m_genl(const struct nlmsghdr *nlh, const struct mdev *dv,
	    struct mtable *t)
{
	const unsigned char *head = (const unsigned char *)nlh + NLMSG_HDRLEN +
				    GENL_HDRLEN;
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	int len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	struct mattr tb[PODOL_A_MAX + 1], a;
	const unsigned char *pos;
	struct mnode nd, *old;
	struct mtable *nt;
	unsigned int i;
	int rem;

	if (!m_parse(head, len, top_pol, PODOL_A_MAX, true, tb) || !m_names(dv, tb))
		return false;
	if (g->cmd == PODOL_CMD_NODE_REPLACE) {
		nt = calloc(1, sizeof(*nt));
		if (!nt)
			die("out of memory");
		mattr_for_each(&a, head, len, pos, rem) {
			if ((a.type & NLA_TYPE_MASK) != PODOL_A_NODE)
				continue;
			if (!m_node(&a, &nd) || !m_add(nt, &nd)) {
				free(nt);
				return false;
			}
		}
		*t = *nt;
		free(nt);
		return true;
	}
	if (!tb[PODOL_A_NODE].p || !m_node(&tb[PODOL_A_NODE], &nd))
		return false;
	switch (g->cmd) {
	case PODOL_CMD_NODE_ADD:
		return m_add(t, &nd);
	case PODOL_CMD_NODE_CHANGE:
		old = m_find(t, &nd.remote);
		if (!old)
			return false;
		for (i = 0; i < nd.n; i++)
			if (m_owner(t, &nd.c[i]) && m_owner(t, &nd.c[i]) != old)
				return false;
		if (!nd.port)
			nd.port = old->port;
		*old = nd;
		return true;
	case PODOL_CMD_NODE_DEL:
		old = m_find(t, &nd.remote);
		if (!old)
			return false;
		memmove(old, old + 1, (t->nodes + t->n - old - 1) * sizeof(*old));
		t->n--;
		return true;
	}
	die("no model for command %u", g->cmd);
	return false;
}

static bool all_zero(const unsigned char *b, size_t n)
{
	while (n--)
		if (*b++)
			return false;
	return true;
}

int m_link(const unsigned char *data, int len, struct mcfg *cfg)
{
	struct mattr tb[IFLA_PODOL_MAX + 1];
	const unsigned char *v;

	/*
	 * rtnetlink parses IFLA_LINKINFO with no extack: a nest of 1 to 3
	 * bytes fails there (-ERANGE), silently.
	 */
	if (len > 0 && len < NLA_HDRLEN)
		return M_CORE;
	if (!m_parse(data, len, link_pol, IFLA_PODOL_MAX, false, tb))
		return M_BAD;
	/* podol_validate() */
	if (tb[IFLA_PODOL_PORT].p && !rd16(pay(&tb[IFLA_PODOL_PORT])))
		return M_BAD;
	if (tb[IFLA_PODOL_ID].p && rd32(pay(&tb[IFLA_PODOL_ID])) > PODOL_ID_MAX)
		return M_BAD;
	if (tb[IFLA_PODOL_LOCAL].p && tb[IFLA_PODOL_LOCAL6].p)
		return M_BAD;
	/* The unspecified local address means "any". */
	if (tb[IFLA_PODOL_LOCAL].p || tb[IFLA_PODOL_LOCAL6].p) {
		struct addr la = { .family = tb[IFLA_PODOL_LOCAL].p ? AF_INET : AF_INET6 };

		v = pay(tb[IFLA_PODOL_LOCAL].p ? &tb[IFLA_PODOL_LOCAL] :
			&tb[IFLA_PODOL_LOCAL6]);
		memcpy(la.b, v, la.family == AF_INET ? 4 : 16);
		if (!all_zero(la.b, 16) && !m_unicast(&la))
			return M_BAD;
	}
	if (tb[IFLA_PODOL_TTL_INHERIT].p && pay(&tb[IFLA_PODOL_TTL_INHERIT])[0] > 1)
		return M_BAD;
	if (tb[IFLA_PODOL_TTL_INHERIT].p && tb[IFLA_PODOL_TTL].p &&
	    pay(&tb[IFLA_PODOL_TTL_INHERIT])[0] && pay(&tb[IFLA_PODOL_TTL])[0])
		return M_BAD;
	if (tb[IFLA_PODOL_TOS].p) {
		uint8_t tos = pay(&tb[IFLA_PODOL_TOS])[0];

		if (tos != PODOL_TOS_INHERIT && (tos & 3))
			return M_BAD;
	}
	if (tb[IFLA_PODOL_UDP_CSUM].p && pay(&tb[IFLA_PODOL_UDP_CSUM])[0] > 1)
		return M_BAD;
	if (tb[IFLA_PODOL_FAST].p && pay(&tb[IFLA_PODOL_FAST])[0] > 1)
		return M_BAD;
	if (tb[IFLA_PODOL_DIRECT].p && pay(&tb[IFLA_PODOL_DIRECT])[0] > 1)
		return M_BAD;
	/* podol_check_fixed() */
	if (tb[IFLA_PODOL_PORT].p && rd16(pay(&tb[IFLA_PODOL_PORT])) != cfg->port)
		return M_BAD;
	if (tb[IFLA_PODOL_LOCAL].p &&
	    (cfg->family == AF_INET6 ||
	     rd32(pay(&tb[IFLA_PODOL_LOCAL])) !=
	     (cfg->family ? rd32(cfg->local) : 0)))
		return M_BAD;
	if (tb[IFLA_PODOL_LOCAL6].p) {
		v = pay(&tb[IFLA_PODOL_LOCAL6]);
		if (cfg->family == AF_INET6 ? memcmp(v, cfg->local, 16) != 0 :
		    (cfg->family || !all_zero(v, 16)))
			return M_BAD;
	}
	if (tb[IFLA_PODOL_LINK].p && rd32(pay(&tb[IFLA_PODOL_LINK])) != cfg->link)
		return M_BAD;
	/* podol_apply_mutable() */
	if (tb[IFLA_PODOL_ID].p)
		cfg->id = rd32(pay(&tb[IFLA_PODOL_ID]));
	if (tb[IFLA_PODOL_TTL].p) {
		cfg->ttl = pay(&tb[IFLA_PODOL_TTL])[0];
		if (cfg->ttl)
			cfg->inherit = 0;
	}
	if (tb[IFLA_PODOL_TTL_INHERIT].p) {
		cfg->inherit = pay(&tb[IFLA_PODOL_TTL_INHERIT])[0];
		if (cfg->inherit)
			cfg->ttl = 0;
	}
	if (tb[IFLA_PODOL_TOS].p)
		cfg->tos = pay(&tb[IFLA_PODOL_TOS])[0];
	if (tb[IFLA_PODOL_UDP_CSUM].p)
		cfg->csum = pay(&tb[IFLA_PODOL_UDP_CSUM])[0];
	if (tb[IFLA_PODOL_FAST].p)
		cfg->fast = pay(&tb[IFLA_PODOL_FAST])[0];
	if (tb[IFLA_PODOL_DIRECT].p)
		cfg->direct = pay(&tb[IFLA_PODOL_DIRECT])[0];
	return M_OK;
}

/* What the kernel says it holds, in the model's terms. */
void cfg_parse(const struct blob *info, struct mcfg *cfg)
{
	struct mattr tb[IFLA_PODOL_MAX + 1];

	memset(cfg, 0, sizeof(*cfg));
	m_fill(info->p, info->len, IFLA_PODOL_MAX, tb);
	if (tb[IFLA_PODOL_PORT].p)
		cfg->port = rd16(pay(&tb[IFLA_PODOL_PORT]));
	if (tb[IFLA_PODOL_LOCAL].p) {
		cfg->family = AF_INET;
		memcpy(cfg->local, pay(&tb[IFLA_PODOL_LOCAL]), 4);
	}
	if (tb[IFLA_PODOL_LOCAL6].p) {
		cfg->family = AF_INET6;
		memcpy(cfg->local, pay(&tb[IFLA_PODOL_LOCAL6]), 16);
	}
	if (tb[IFLA_PODOL_ID].p)
		cfg->id = rd32(pay(&tb[IFLA_PODOL_ID]));
	if (tb[IFLA_PODOL_LINK].p)
		cfg->link = rd32(pay(&tb[IFLA_PODOL_LINK]));
	if (tb[IFLA_PODOL_TTL].p)
		cfg->ttl = pay(&tb[IFLA_PODOL_TTL])[0];
	if (tb[IFLA_PODOL_TTL_INHERIT].p)
		cfg->inherit = pay(&tb[IFLA_PODOL_TTL_INHERIT])[0];
	if (tb[IFLA_PODOL_TOS].p)
		cfg->tos = pay(&tb[IFLA_PODOL_TOS])[0];
	if (tb[IFLA_PODOL_UDP_CSUM].p)
		cfg->csum = pay(&tb[IFLA_PODOL_UDP_CSUM])[0];
	if (tb[IFLA_PODOL_FAST].p)
		cfg->fast = pay(&tb[IFLA_PODOL_FAST])[0];
	if (tb[IFLA_PODOL_DIRECT].p)
		cfg->direct = pay(&tb[IFLA_PODOL_DIRECT])[0];
}

bool cfg_eq(const struct mcfg *a, const struct mcfg *b)
{
	return a->port == b->port && a->family == b->family &&
	       !memcmp(a->local, b->local, 16) && a->id == b->id &&
	       a->link == b->link && a->ttl == b->ttl &&
	       a->inherit == b->inherit && a->tos == b->tos && a->csum == b->csum &&
	       a->fast == b->fast && a->direct == b->direct;
}

/* A dump, read into a model table. */
void table_model_cb(const struct nlmsghdr *nlh, void *data)
{
	struct mtable *t = data;
	struct mattr a, tb[PODOL_NODE_A_MAX + 1], ct[PODOL_CIDR_A_MAX + 1], c;
	const unsigned char *pos, *cpos;
	struct mnode *nd;
	int rem, crem;

	mattr_for_each(&a, (const unsigned char *)nlh + NLMSG_HDRLEN + GENL_HDRLEN,
		       (int)nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, pos, rem) {
		if ((a.type & NLA_TYPE_MASK) != PODOL_A_NODE)
			continue;
		if (t->n == MT_NODES) {
			t->overflow = true;
			continue;
		}
		nd = &t->nodes[t->n++];
		memset(nd, 0, sizeof(*nd));
		m_fill(pay(&a), a.len, PODOL_NODE_A_MAX, tb);
		if (tb[PODOL_NODE_A_REMOTE].p)
			m_addr(&tb[PODOL_NODE_A_REMOTE], &nd->remote);
		if (tb[PODOL_NODE_A_PORT].p)
			nd->port = rd16(pay(&tb[PODOL_NODE_A_PORT]));
		mattr_for_each(&c, pay(&a), a.len, cpos, crem) {
			if ((c.type & NLA_TYPE_MASK) != PODOL_NODE_A_CIDR ||
			    nd->n == PODOL_MAX_NODE_CIDRS)
				continue;
			m_fill(pay(&c), c.len, PODOL_CIDR_A_MAX, ct);
			if (ct[PODOL_CIDR_A_ADDR].p)
				m_addr(&ct[PODOL_CIDR_A_ADDR], &nd->c[nd->n].a);
			if (ct[PODOL_CIDR_A_PREFIXLEN].p)
				nd->c[nd->n].len = pay(&ct[PODOL_CIDR_A_PREFIXLEN])[0];
			nd->n++;
		}
	}
}

static int cmp_cidr(const void *x, const void *y)
{
	const struct mcidr *a = x, *b = y;
	int r = a->a.family - b->a.family;

	if (!r)
		r = memcmp(a->a.b, b->a.b, 16);
	return r ? r : (int)a->len - (int)b->len;
}

int cmp_node(const void *x, const void *y)
{
	const struct mnode *a = x, *b = y;
	int r = a->remote.family - b->remote.family;

	return r ? r : memcmp(a->remote.b, b->remote.b, 16);
}

/* Nodes and their CIDRs in one order, whatever order the kernel keeps. */
void table_sort(struct mtable *t)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		qsort(t->nodes[i].c, t->nodes[i].n, sizeof(struct mcidr), cmp_cidr);
	qsort(t->nodes, t->n, sizeof(struct mnode), cmp_node);
}

/* Both sorted. */
bool node_eq(const struct mnode *a, const struct mnode *b)
{
	unsigned int i;

	if (cmp_node(a, b) || a->port != b->port || a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (!cidr_eq(&a->c[i], &b->c[i]))
			return false;
	return true;
}


bool table_eq(struct mtable *a, struct mtable *b)
{
	unsigned int i;

	table_sort(a);
	table_sort(b);
	if (a->n != b->n || a->overflow || b->overflow)
		return false;
	for (i = 0; i < a->n; i++)
		if (!node_eq(&a->nodes[i], &b->nodes[i]))
			return false;
	return true;
}
