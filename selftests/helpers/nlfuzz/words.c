// SPDX-License-Identifier: GPL-2.0
/* podol_nlfuzz: a case's message, built from its words: see words.h. */
#include <arpa/inet.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/rtnetlink.h>

#include "nlfuzz/table.h"
#include "nlfuzz/words.h"

#define MAX_WORDS	128

struct words {
	char buf[1024];
	char *w[MAX_WORDS];
	unsigned int n, i;
};

static void words_split(struct words *ws, const char *spec)
{
	char *save, *t;

	snprintf(ws->buf, sizeof(ws->buf), "%s", spec);
	ws->n = 0;
	ws->i = 0;
	for (t = strtok_r(ws->buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (ws->n == MAX_WORDS)
			die("too many words in \"%s\"", spec);
		ws->w[ws->n++] = t;
	}
}

static const char *word(struct words *ws)
{
	return ws->i < ws->n ? ws->w[ws->i++] : NULL;
}

static const char *arg(struct words *ws, const char *w)
{
	const char *a = word(ws);

	if (!a)
		die("\"%s\" needs a value", w);
	return a;
}

static bool is(const char *w, const char *name)
{
	return !strcmp(w, name);
}

static uint32_t ifindex_of(struct fz *f, const struct dev *d, const char *v)
{
	if (is(v, "self"))
		return d->ifindex;
	if (is(v, "lo"))
		return f->lo;
	if (is(v, "none"))
		return NOSUCH_IFINDEX;
	if (is(v, "neg"))
		return (uint32_t)-2;
	return parse_num(v);
}

static void put_hex(struct msg *m, uint16_t type, const char *h)
{
	unsigned char b[256];

	put(m, type, parse_hex(h, b, sizeof(b)), b);
}

/* N made-up nodes: remote 10.64.0.0 + i, CIDR 172.16.0.0 + i / 32. */
static void put_gen(struct msg *m, unsigned long n)
{
	struct nlattr *node, *c;
	uint32_t r, p;
	uint8_t len = 32;
	unsigned long i;

	for (i = 0; i < n; i++) {
		r = htonl(0x0a400000 + i);
		p = htonl(0xac100000 + i);
		node = nest(m, PODOL_A_NODE | NLA_F_NESTED);
		put(m, PODOL_NODE_A_REMOTE, 4, &r);
		c = nest(m, PODOL_NODE_A_CIDR | NLA_F_NESTED);
		put(m, PODOL_CIDR_A_ADDR, 4, &p);
		put(m, PODOL_CIDR_A_PREFIXLEN, 1, &len);
		nest_end(m, c);
		nest_end(m, node);
	}
}

/* N CIDRs: 10.200.I.0/24 or fd99:I::/64. */
static void put_cidrs(struct msg *m, unsigned long n, bool v6)
{
	char s[64];
	unsigned long i;

	for (i = 0; i < n; i++) {
		if (v6)
			snprintf(s, sizeof(s), "fd99:%lx::/64", i);
		else
			snprintf(s, sizeof(s), "10.200.%lu.0/24", i);
		put_cidr(m, PODOL_NODE_A_CIDR | NLA_F_NESTED, s);
	}
}

/* A message being built from its words, and the word at hand. */
struct build {
	struct fz *f;
	struct msg *m;
	const struct dev *d;
	struct words ws;
	const char *w;
	const struct word *wd;	/* the word's entry */
	struct genlmsghdr *g;	/* generic netlink: its header */
	struct nlattr *node;	/* and the PODOL_A_NODE open, or NULL */
	struct ifinfomsg *ifm;	/* rtnetlink: its header */
	const char *name;	/* and what it puts before IFLA_LINKINFO */
	const char *kind;
	size_t cut;		/* bytes IFLA_INFO_DATA claims less */
};

/* The word's next value. */
static const char *val(struct build *b)
{
	return arg(&b->ws, b->w);
}

static unsigned long num(struct build *b)
{
	return parse_num(val(b));
}

/* A word: what it puts, of which attribute type, and where it may stand. */
struct word {
	const char *name;
	void (*put)(struct build *b);
	uint16_t type;
	unsigned int flags;
};

#define W_TOP		0x1	/* generic netlink: closes the node open */
#define W_DEV		0x2	/* generic netlink: names the device */
#define W_PORT		0x4	/* rtnetlink: sets IFLA_PODOL_PORT */

static const struct word *word_find(const struct word *t, size_t n,
				    const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (is(w, t[i].name))
			return &t[i];
	return NULL;
}

/* Generic words: an attribute of the entry's type. */

static void w_hex(struct build *b)
{
	put_hex(b->m, b->wd->type, val(b));
}

static void w_u8(struct build *b)
{
	put_u8(b->m, b->wd->type, num(b));
}

static void w_u32(struct build *b)
{
	put_u32(b->m, b->wd->type, num(b));
}

static void w_addr(struct build *b)
{
	struct addr a;

	parse_addr(val(b), &a);
	put(b->m, b->wd->type, addr_len(&a), a.b);
}

static void w_cidr(struct build *b)
{
	put_cidr(b->m, b->wd->type, val(b));
}

/* A nest left empty. */
static void w_empty(struct build *b)
{
	nest(b->m, b->wd->type);
}

/* Generic netlink: the words at the top, then those inside a node. */

static void g_nodev(struct build *b)
{
	(void)b;
}

static void g_ifindex(struct build *b)
{
	put_u32(b->m, PODOL_A_IFINDEX, ifindex_of(b->f, b->d, val(b)));
}

static void g_ifindex_flag(struct build *b)
{
	put_u32(b->m, PODOL_A_IFINDEX | NLA_F_NESTED, b->d->ifindex);
}

static void g_ifname(struct build *b)
{
	const char *v = val(b);

	put_str(b->m, PODOL_A_IFNAME, is(v, "self") ? b->d->name : v);
}

static void g_ifname_nonul(struct build *b)
{
	put(b->m, PODOL_A_IFNAME, strlen(b->d->name), b->d->name);
}

static void g_ifname_long(struct build *b)
{
	put_str(b->m, PODOL_A_IFNAME, "abcdefghijklmnop");
}

/* A PODOL_A_NODE, which the words after it fill. */
static void g_node(struct build *b)
{
	b->node = nest(b->m, b->wd->type);
}

static void g_flags(struct build *b)
{
	b->m->nlh->nlmsg_flags |= num(b);
}

static void g_reserved(struct build *b)
{
	b->g->reserved = num(b);
}

static void g_cmd(struct build *b)
{
	b->g->cmd = num(b);
}

/* An attribute of type T (flags included) and hex bytes H, where it is. */
static void g_attr(struct build *b)
{
	const char *v = val(b);

	put_hex(b->m, parse_num(v), val(b));
}

static void g_trail(struct build *b)
{
	unsigned char buf[256];

	put_junk(b->m, buf, parse_hex(val(b), buf, sizeof(buf)));
}

static void g_base(struct build *b)
{
	put_base(b->m);
}

static void g_gen(struct build *b)
{
	put_gen(b->m, num(b));
}

static void g_port(struct build *b)
{
	put_u16(b->m, PODOL_NODE_A_PORT, htons(num(b)));
}

/*
 * A PODOL_NODE_A_CIDR of the word's next value A/L, its prefix length
 * of type len_type, left open for more.
 */
static struct nlattr *cidr_open(struct build *b, uint16_t len_type)
{
	struct nlattr *c;
	unsigned int len;
	struct addr a;

	parse_cidr(val(b), &a, &len);
	c = nest(b->m, PODOL_NODE_A_CIDR | NLA_F_NESTED);
	put(b->m, PODOL_CIDR_A_ADDR, addr_len(&a), a.b);
	put_u8(b->m, len_type, len);
	return c;
}

static void g_cidr_lenflag(struct build *b)
{
	nest_end(b->m, cidr_open(b, PODOL_CIDR_A_PREFIXLEN | NLA_F_NESTED));
}

static void g_cidr_addr_hex(struct build *b)
{
	struct nlattr *c = nest(b->m, PODOL_NODE_A_CIDR | NLA_F_NESTED);

	put_hex(b->m, PODOL_CIDR_A_ADDR, val(b));
	put_u8(b->m, PODOL_CIDR_A_PREFIXLEN, num(b));
	nest_end(b->m, c);
}

/* A CIDR's address, from the word's next value. */
static void cidr_addr(struct build *b)
{
	struct addr a;

	parse_addr(val(b), &a);
	put(b->m, PODOL_CIDR_A_ADDR, addr_len(&a), a.b);
}

static void g_cidr_len_hex(struct build *b)
{
	struct nlattr *c = nest(b->m, PODOL_NODE_A_CIDR | NLA_F_NESTED);

	cidr_addr(b);
	put_hex(b->m, PODOL_CIDR_A_PREFIXLEN, val(b));
	nest_end(b->m, c);
}

static void g_cidr_noaddr(struct build *b)
{
	struct nlattr *c = nest(b->m, PODOL_NODE_A_CIDR | NLA_F_NESTED);

	put_u8(b->m, PODOL_CIDR_A_PREFIXLEN, num(b));
	nest_end(b->m, c);
}

static void g_cidr_nolen(struct build *b)
{
	struct nlattr *c = nest(b->m, PODOL_NODE_A_CIDR | NLA_F_NESTED);

	cidr_addr(b);
	nest_end(b->m, c);
}

static void g_cidr_attr(struct build *b)
{
	struct nlattr *c = cidr_open(b, PODOL_CIDR_A_PREFIXLEN);

	g_attr(b);
	nest_end(b->m, c);
}

static void g_cidrs(struct build *b)
{
	unsigned long n = num(b);

	put_cidrs(b->m, n, is(val(b), "v6"));
}

#define NESTED(t)	((t) | NLA_F_NESTED)

static const struct word genl_words[] = {
	{ "nodev",	   g_nodev,	     0,				W_TOP | W_DEV },
	{ "ifindex",	   g_ifindex,	     0,				W_TOP | W_DEV },
	{ "ifindex-hex",   w_hex,	     PODOL_A_IFINDEX,		W_TOP | W_DEV },
	{ "ifindex-flag",  g_ifindex_flag,   0,				W_TOP | W_DEV },
	{ "ifname",	   g_ifname,	     0,				W_TOP | W_DEV },
	{ "ifname-hex",	   w_hex,	     PODOL_A_IFNAME,		W_TOP | W_DEV },
	{ "ifname-nonul",  g_ifname_nonul,   0,				W_TOP | W_DEV },
	{ "ifname-long",   g_ifname_long,    0,				W_TOP | W_DEV },
	{ "flags",	   g_flags,	     0,				W_TOP },
	{ "reserved",	   g_reserved,	     0,				W_TOP },
	{ "cmd",	   g_cmd,	     0,				W_TOP },
	{ "top",	   g_attr,	     0,				W_TOP },
	{ "trail",	   g_trail,	     0,				W_TOP },
	{ "base",	   g_base,	     0,				W_TOP },
	{ "gen",	   g_gen,	     0,				W_TOP },
	{ "node",	   g_node,	     NESTED(PODOL_A_NODE),	W_TOP },
	{ "node-noflag",   g_node,	     PODOL_A_NODE,		W_TOP },
	{ "node-empty",	   w_empty,	     NESTED(PODOL_A_NODE),	W_TOP },
	{ "node-hex",	   w_hex,	     NESTED(PODOL_A_NODE),	W_TOP },
	{ "top-cidr",	   w_cidr,	     NESTED(PODOL_NODE_A_CIDR),	W_TOP },
	{ "remote",	   w_addr,	     PODOL_NODE_A_REMOTE,	0 },
	{ "remote-flag",   w_addr,	     NESTED(PODOL_NODE_A_REMOTE), 0 },
	{ "remote-hex",	   w_hex,	     PODOL_NODE_A_REMOTE,	0 },
	{ "port",	   g_port,	     0,				0 },
	{ "port-hex",	   w_hex,	     PODOL_NODE_A_PORT,		0 },
	{ "cidr",	   w_cidr,	     NESTED(PODOL_NODE_A_CIDR),	0 },
	{ "cidr-noflag",   w_cidr,	     PODOL_NODE_A_CIDR,		0 },
	{ "cidr-lenflag",  g_cidr_lenflag,   0,				0 },
	{ "cidr-addr-hex", g_cidr_addr_hex,  0,				0 },
	{ "cidr-len-hex",  g_cidr_len_hex,   0,				0 },
	{ "cidr-noaddr",   g_cidr_noaddr,    0,				0 },
	{ "cidr-nolen",	   g_cidr_nolen,     0,				0 },
	{ "cidr-empty",	   w_empty,	     NESTED(PODOL_NODE_A_CIDR),	0 },
	{ "cidr-attr",	   g_cidr_attr,	     0,				0 },
	{ "cidrs",	   g_cidrs,	     0,				0 },
	{ "attr",	   g_attr,	     0,				0 },
};

void build_genl(struct fz *f, struct msg *m, uint8_t cmd,
		uint16_t flags, const struct dev *d, const char *spec)
{
	struct build b = { .f = f, .m = m, .d = d };
	const struct word *wd;
	bool named = false;
	unsigned int n;

	words_split(&b.ws, spec);
	genl_begin(f, m, cmd, flags);
	b.g = mnl_nlmsg_get_payload(m->nlh);
	for (n = 0; n < b.ws.n; n++) {
		wd = word_find(genl_words, ARRAY_SIZE(genl_words), b.ws.w[n]);
		named |= wd && (wd->flags & W_DEV);
	}
	if (!named)
		put_u32(m, PODOL_A_IFINDEX, d->ifindex);

	while ((b.w = word(&b.ws))) {
		wd = word_find(genl_words, ARRAY_SIZE(genl_words), b.w);
		if (!wd)
			die("unknown word \"%s\" in \"%s\"", b.w, spec);
		b.wd = wd;
		/* Words of the message itself close the node. */
		if ((wd->flags & W_TOP) && b.node) {
			nest_end(m, b.node);
			b.node = NULL;
		}
		if (!(wd->flags & W_TOP) && !b.node)
			die("\"%s\" outside a node in \"%s\"", b.w, spec);
		wd->put(&b);
	}
	if (b.node)
		nest_end(m, b.node);
}

/* rtnetlink: the words before IFLA_LINKINFO, then those inside it. */

static void r_index(struct build *b)
{
	b->ifm->ifi_index = ifindex_of(b->f, b->d, val(b));
}

static void r_name(struct build *b)
{
	b->name = val(b);
}

static void r_kind(struct build *b)
{
	b->kind = val(b);
}

static const struct word rtm_words[] = {
	{ "index",	r_index,	0,		0 },
	{ "name",	r_name,		0,		0 },
	{ "kind",	r_kind,		0,		0 },
	{ "address",	w_hex,		IFLA_ADDRESS,	0 },
	{ "mtu",	w_u32,		IFLA_MTU,	0 },
};

static void r_port(struct build *b)
{
	const char *v = val(b);

	put_u16(b->m, IFLA_PODOL_PORT,
		htons(is(v, "self") ? b->d->port : parse_num(v)));
}

static void r_link(struct build *b)
{
	put_u32(b->m, IFLA_PODOL_LINK, ifindex_of(b->f, b->d, val(b)));
}

static void r_cut(struct build *b)
{
	b->cut = num(b);
}

static const struct word rtm_data_words[] = {
	{ "port",	r_port,		0,			W_PORT },
	{ "port-hex",	w_hex,		IFLA_PODOL_PORT,	W_PORT },
	{ "local",	w_addr,		IFLA_PODOL_LOCAL,	0 },
	{ "local-hex",	w_hex,		IFLA_PODOL_LOCAL,	0 },
	{ "local6",	w_addr,		IFLA_PODOL_LOCAL6,	0 },
	{ "local6-hex",	w_hex,		IFLA_PODOL_LOCAL6,	0 },
	{ "id",		w_u32,		IFLA_PODOL_ID,		0 },
	{ "id-hex",	w_hex,		IFLA_PODOL_ID,		0 },
	{ "ttl",	w_u8,		IFLA_PODOL_TTL,		0 },
	{ "ttl-hex",	w_hex,		IFLA_PODOL_TTL,		0 },
	{ "inherit",	w_u8,		IFLA_PODOL_TTL_INHERIT,	0 },
	{ "tos",	w_u8,		IFLA_PODOL_TOS,		0 },
	{ "csum",	w_u8,		IFLA_PODOL_UDP_CSUM,	0 },
	{ "fast",	w_u8,		IFLA_PODOL_FAST,	0 },
	{ "direct",	w_u8,		IFLA_PODOL_DIRECT,	0 },
	{ "link",	r_link,		0,			0 },
	{ "link-hex",	w_hex,		IFLA_PODOL_LINK,	0 },
	{ "raw",	g_attr,		0,			0 },
	{ "junk",	g_trail,	0,			0 },
	{ "cut",	r_cut,		0,			0 },
};

void build_rtm(struct fz *f, struct msg *m, enum kind kind,
	       const struct dev *d, const char *spec)
{
	struct build b = { .f = f, .m = m, .d = d, .kind = "podol" };
	struct nlattr *li, *data;
	const struct word *wd;
	bool port = false;
	unsigned int n;

	words_split(&b.ws, spec);
	if (kind == K_CREATE) {
		rtm_begin(m, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 0);
		b.name = CREATE_NAME;
	} else {
		rtm_begin(m, kind == K_SETLINK ? RTM_SETLINK : RTM_NEWLINK,
			  NLM_F_ACK, d->ifindex);
	}
	b.ifm = mnl_nlmsg_get_payload(m->nlh);

	/* The words outside IFLA_INFO_DATA come first. */
	while (b.ws.i < b.ws.n &&
	       (wd = word_find(rtm_words, ARRAY_SIZE(rtm_words), b.ws.w[b.ws.i]))) {
		b.w = word(&b.ws);
		b.wd = wd;
		wd->put(&b);
	}
	if (b.name)
		put_str(m, IFLA_IFNAME, b.name);
	li = nest(m, IFLA_LINKINFO);
	put_str(m, IFLA_INFO_KIND, b.kind);
	data = nest(m, IFLA_INFO_DATA);
	for (n = b.ws.i; n < b.ws.n; n++) {
		wd = word_find(rtm_data_words, ARRAY_SIZE(rtm_data_words), b.ws.w[n]);
		port |= wd && (wd->flags & W_PORT);
	}
	if (kind == K_CREATE && !port)
		put_u16(m, IFLA_PODOL_PORT, htons(CREATE_PORT));

	while ((b.w = word(&b.ws))) {
		wd = word_find(rtm_data_words, ARRAY_SIZE(rtm_data_words), b.w);
		if (!wd)
			die("unknown word \"%s\" in \"%s\"", b.w, spec);
		b.wd = wd;
		wd->put(&b);
	}
	nest_end(m, data);
	data->nla_len -= b.cut;
	nest_end(m, li);
}
