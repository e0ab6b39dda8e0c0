/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol_nlfuzz's model: what the kernel accepts, and what it then holds.
 * It follows the policies (lib/nlattr.c's rules for strict and for
 * lenient parsing), podol_parse_node() and friends in module/netlink.c,
 * module/table.c, and podol_validate(), podol_check_fixed() and
 * podol_changelink() in module/link.c.
 */
#ifndef PODOL_NLFUZZ_MODEL_H
#define PODOL_NLFUZZ_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>
#include <linux/podol.h>

#include "nlfuzz/msg.h"

/* Nodes a model table holds: more than any mutated message carries. */
#define MT_NODES		16

enum { PT_UNSPEC, PT_U8, PT_BE16, PT_U32, PT_STR, PT_BIN, PT_NEST, PT_REJECT };

struct pol {
	int type;
	unsigned int min, max;	/* PT_BIN: length; PT_U8: value; PT_STR: max */
	const struct pol *nested;
	unsigned int nested_max;
};

/* An attribute as the kernel walks them: nla_ok(), nla_next(). */
struct mattr {
	const unsigned char *p;	/* the header */
	unsigned int type;	/* with its flags */
	int len;		/* the payload's */
};

#define mattr_for_each(a_, head_, len_, pos_, rem_)			\
	for ((pos_) = (head_), (rem_) = (len_); nla_at((pos_), (rem_), (a_)); \
	     (rem_) -= NLA_ALIGN((a_)->len + NLA_HDRLEN),		\
	     (pos_) += NLA_ALIGN((a_)->len + NLA_HDRLEN))
struct mcidr {
	struct addr a;
	unsigned int len;
};

struct mnode {
	struct addr remote;
	uint16_t port;		/* network order; 0: none */
	unsigned int n;
	struct mcidr c[PODOL_MAX_NODE_CIDRS];
};

struct mtable {
	unsigned int n;
	bool overflow;		/* a dump had more nodes than it holds */
	struct mnode nodes[MT_NODES];
};

/* The device of the model, alone in its netns. */
struct mdev {
	uint32_t ifindex;
	const char *name;
};

/* A device's link configuration. */
struct mcfg {
	uint16_t port;		/* network order */
	int family;		/* of local: 0 any */
	unsigned char local[16];
	uint32_t id, link;
	uint8_t ttl, inherit, tos, csum, fast, direct;
};

/*
 * RTM_NEWLINK on the device: podol_validate(), check_fixed(), changelink().
 * M_CORE: refused by rtnetlink before podol, with no message.
 */
enum { M_CORE = -1, M_BAD, M_OK };

bool cidr_eq(const struct mcidr *x, const struct mcidr *y);

struct mnode *m_find(struct mtable *t, const struct addr *remote);

bool m_genl(const struct nlmsghdr *nlh, const struct mdev *dv,
	    struct mtable *t);

int m_link(const unsigned char *data, int len, struct mcfg *cfg);

void cfg_parse(const struct blob *info, struct mcfg *cfg);

bool cfg_eq(const struct mcfg *a, const struct mcfg *b);

void table_model_cb(const struct nlmsghdr *nlh, void *data);

int cmp_node(const void *x, const void *y);

void table_sort(struct mtable *t);

/* The same node with the same CIDRs, both sorted (table_sort()). */
bool node_eq(const struct mnode *a, const struct mnode *b);

bool table_eq(struct mtable *a, struct mtable *b);

#endif
