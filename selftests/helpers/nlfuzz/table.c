// SPDX-License-Identifier: GPL-2.0
/* podol_nlfuzz: the base table: see table.h. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>


#include "nlfuzz/table.h"
#include "common/ktap.h"

/* The base table */

struct base_node {
	const char *remote;
	unsigned int port;
	const char *cidrs[4];
};

/*
 * 10.0.0.12 is node 2 of lib.sh's cluster, with its pod CIDRs, so that
 * the device still forwards to it; the others are made up.
 */
static const struct base_node base[] = {
	{ "10.0.0.12", 0, { "192.168.2.0/24", "fd10:2::/64" } },
	{ "10.0.0.21", 7000, { "192.168.21.0/24", "10.21.0.0/16" } },
	{ "2001:db8::23", 0, { "192.168.23.0/24", "fd10:23::/64", "fd10:23::/48" } },
	{ "2001:db8::24", 7001, { "fd10:24::/64" } },
};

void put_cidr(struct msg *m, uint16_t type, const char *s)
{
	struct nlattr *c = nest(m, type);
	unsigned int len;
	struct addr a;

	parse_cidr(s, &a, &len);
	put(m, PODOL_CIDR_A_ADDR, addr_len(&a), a.b);
	put_u8(m, PODOL_CIDR_A_PREFIXLEN, len);
	nest_end(m, c);
}

static struct nlattr *node_start(struct msg *m, const char *remote)
{
	struct nlattr *n = nest(m, PODOL_A_NODE | NLA_F_NESTED);
	struct addr a;

	parse_addr(remote, &a);
	put(m, PODOL_NODE_A_REMOTE, addr_len(&a), a.b);
	return n;
}

void put_base(struct msg *m)
{
	const struct base_node *b;
	struct nlattr *n;
	unsigned int i;

	for (b = base; b < base + ARRAY_SIZE(base); b++) {
		n = node_start(m, b->remote);
		if (b->port)
			put_u16(m, PODOL_NODE_A_PORT, htons(b->port));
		for (i = 0; i < ARRAY_SIZE(b->cidrs) && b->cidrs[i]; i++)
			put_cidr(m, PODOL_NODE_A_CIDR | NLA_F_NESTED, b->cidrs[i]);
		nest_end(m, n);
	}
}

int cmd_table(void)
{
	const struct base_node *b;
	unsigned int i;

	for (b = base; b < base + ARRAY_SIZE(base); b++) {
		printf("remote %s", b->remote);
		if (b->port)
			printf(" port %u", b->port);
		for (i = 0; i < ARRAY_SIZE(b->cidrs) && b->cidrs[i]; i++)
			printf(" cidr %s", b->cidrs[i]);
		putchar('\n');
	}
	return 0;
}

int replace_base(struct fz *f, const struct dev *d)
{
	struct answer ans;

	genl_begin(f, &f->m, PODOL_CMD_NODE_REPLACE, NLM_F_ACK);
	put_u32(&f->m, PODOL_A_IFINDEX, d->ifindex);
	put_base(&f->m);
	if (talk(&f->genl, &f->m, &ans, NULL, NULL) || ans.error) {
		ktap_diag("cannot give %s the base table: %s %s", d->name,
		     strerror(-ans.error), ans.msg);
		return -1;
	}
	return 0;
}

static void put_mnode(struct msg *m, const struct mnode *nd)
{
	struct nlattr *n = nest(m, PODOL_A_NODE | NLA_F_NESTED), *c;
	unsigned int i;
	uint8_t len;

	put(m, PODOL_NODE_A_REMOTE, addr_len(&nd->remote), nd->remote.b);
	if (nd->port)
		put(m, PODOL_NODE_A_PORT, sizeof(nd->port), &nd->port);
	for (i = 0; i < nd->n; i++) {
		c = nest(m, PODOL_NODE_A_CIDR | NLA_F_NESTED);
		put(m, PODOL_CIDR_A_ADDR, addr_len(&nd->c[i].a), nd->c[i].a.b);
		len = nd->c[i].len;
		put(m, PODOL_CIDR_A_PREFIXLEN, sizeof(len), &len);
		nest_end(m, c);
	}
	nest_end(m, n);
}

static int node_op(struct fz *f, const struct dev *d, uint8_t cmd,
		   const struct mnode *nd)
{
	struct answer ans;

	genl_begin(f, &f->m, cmd, NLM_F_ACK);
	put_u32(&f->m, PODOL_A_IFINDEX, d->ifindex);
	put_mnode(&f->m, nd);
	if (talk(&f->genl, &f->m, &ans, NULL, NULL) || ans.error)
		return -1;
	return 0;
}

/*
 * Gives @d the table @want, in content if not in order: the nodes that
 * differ are deleted and added again, one request each, which costs no
 * RCU grace period as a replace does; a replace when that fails, or when
 * the table is too big to read back.
 */
int table_restore(struct fz *f, const struct dev *d,
		  const struct mtable *want)
{
	struct mtable *cur = calloc(1, sizeof(*cur)), *w = calloc(1, sizeof(*w));
	struct answer ans;
	struct mnode *nd;
	unsigned int i;
	int ret = 0;

	if (!cur || !w)
		die("out of memory");
	*w = *want;
	table_sort(w);
	if (table_dump(f, d, NULL, cur) || cur->overflow)
		goto replace;
	table_sort(cur);
	for (i = 0; i < cur->n; i++) {
		nd = m_find(w, &cur->nodes[i].remote);
		if ((!nd || !node_eq(nd, &cur->nodes[i])) &&
		    node_op(f, d, PODOL_CMD_NODE_DEL, &cur->nodes[i]))
			goto replace;
	}
	for (i = 0; i < w->n; i++) {
		nd = m_find(cur, &w->nodes[i].remote);
		if ((!nd || !node_eq(nd, &w->nodes[i])) &&
		    node_op(f, d, PODOL_CMD_NODE_ADD, &w->nodes[i]))
			goto replace;
	}
	if (!table_dump(f, d, NULL, cur) && table_eq(cur, w))
		goto out;
replace:
	genl_begin(f, &f->m, PODOL_CMD_NODE_REPLACE, NLM_F_ACK);
	put_u32(&f->m, PODOL_A_IFINDEX, d->ifindex);
	for (i = 0; i < w->n; i++)
		put_mnode(&f->m, &w->nodes[i]);
	if (talk(&f->genl, &f->m, &ans, NULL, NULL) || ans.error ||
	    table_dump(f, d, NULL, cur) || !table_eq(cur, w)) {
		ktap_diag("cannot give %s its table back", d->name);
		ret = -1;
	}
out:
	free(cur);
	free(w);
	return ret;
}
