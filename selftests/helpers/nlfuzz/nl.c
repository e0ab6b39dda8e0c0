// SPDX-License-Identifier: GPL-2.0
/* podol_nlfuzz: netlink sockets and the devices under test: see nl.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/rtnetlink.h>

#include "common/ktap.h"
#include "nlfuzz/nl.h"

void nl_open(struct podol_nl *nl, int bus)
{
	struct timeval tv = { .tv_sec = 120 };
	int rcvbuf = 1024 * 1024;
	int fd;

	if (bus == NETLINK_GENERIC ? podol_nl_open(nl) : podol_nl_open_route(nl))
		die("%s", nl->error);
	fd = mnl_socket_get_fd(nl->sock);
	/* Dumps of large tables: room for their parts while we check one. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* A message the kernel drops without an answer must not hang us. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

struct talk_ctx {
	struct answer *ans;
	reply_fn fn;
	void *data;
};

static int reply_cb(struct podol_nl *nl, const struct nlmsghdr *nlh,
		    void *data)
{
	struct talk_ctx *c = data;

	(void)nl;
	c->ans->replies++;
	if (c->fn)
		c->fn(nlh, c->data);
	return 0;
}

/*
 * Sends @m as it is, however malformed, and reads until its ack, or a
 * dump's NLMSG_DONE; data messages go to @fn. Returns -1 when nothing
 * could be sent or nothing came back.
 */
int talk(struct podol_nl *nl, struct msg *m, struct answer *ans, reply_fn fn,
	 void *data)
{
	struct podol_msg pm = {
		.buf = (char *)m->nlh, .size = m->size, .nlh = m->nlh,
	};
	struct talk_ctx c = { ans, fn, data };
	int ret;

	memset(ans, 0, sizeof(*ans));
	ret = podol_nl_talk(nl, &pm, reply_cb, &c, NULL);
	if (ret && !podol_nl_is_refusal(nl, ret)) {
		ans->error = 1;
		snprintf(ans->msg, sizeof(ans->msg), "%s", nl->error);
		return -1;
	}
	ans->error = ret;
	snprintf(ans->msg, sizeof(ans->msg), "%s", nl->extack);
	return 0;
}

/* An answer's error, by name: "ok", "no answer" or the errno's. */
const char *err_name(int err)
{
	static char buf[64];

	if (err == 1)
		return "no answer";
	if (!err)
		return "accepted";
	snprintf(buf, sizeof(buf), "%s", strerror(-err));
	return buf;
}

void genl_begin(struct fz *f, struct msg *m, uint8_t cmd, uint16_t flags)
{
	struct genlmsghdr *g;

	msg_reset(m);
	m->nlh->nlmsg_type = f->genl.family;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(m->nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = PODOL_GENL_VERSION;
}

/*
 * The table of a device, as its dump gives it: every PODOL_A_NODE raw,
 * and in the model's terms.
 */
struct dump_ctx {
	struct blob *raw;
	struct mtable *t;
};

static void table_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *c = data;
	const struct nlattr *a;

	if (c->t)
		table_model_cb(nlh, c->t);
	if (!c->raw)
		return;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) == PODOL_A_NODE)
			blob_add(c->raw, a, a->nla_len);
	}
}

int table_dump(struct fz *f, const struct dev *d, struct blob *raw,
	       struct mtable *t)
{
	struct dump_ctx c = { raw, t };
	struct answer ans;
	struct msg m;
	char buf[256];

	m.nlh = (struct nlmsghdr *)buf;
	m.size = sizeof(buf);
	genl_begin(f, &m, PODOL_CMD_NODE_GET, NLM_F_DUMP);
	put_u32(&m, PODOL_A_IFINDEX, d->ifindex);
	if (raw)
		raw->len = 0;
	if (t) {
		t->n = 0;
		t->overflow = false;
	}
	if (talk(&f->genl, &m, &ans, table_cb, &c) || ans.error) {
		ktap_diag("cannot dump the table of %s: %s %s", d->name,
		     strerror(-ans.error), ans.msg);
		return -1;
	}
	return 0;
}

int table_fp(struct fz *f, const struct dev *d, struct blob *b)
{
	return table_dump(f, d, b, NULL);
}

/* A device's link attributes: flags, mtu, IFLA_LINKINFO. */
struct link_fp_ctx {
	struct blob *fp;
	struct blob *info;
};

static void link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct link_fp_ctx *c = data;
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *i;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return;
	blob_add(c->fp, &ifm->ifi_flags, sizeof(ifm->ifi_flags));
	mnl_attr_for_each(a, nlh, sizeof(*ifm)) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_MTU:
		case IFLA_LINKINFO:
		case IFLA_ADDRESS:
		case IFLA_IFNAME:
			blob_add(c->fp, a, a->nla_len);
			break;
		}
		if (mnl_attr_get_type(a) != IFLA_LINKINFO || !c->info)
			continue;
		mnl_attr_for_each_nested(i, a) {
			if (mnl_attr_get_type(i) == IFLA_INFO_DATA)
				blob_add(c->info, mnl_attr_get_payload(i),
					 mnl_attr_get_payload_len(i));
		}
	}
}

/*
 * By ifindex, or by @name when it is 0. Not if_nametoindex(): its ioctl
 * asks modprobe for a module named after a device that does not exist,
 * twice, which takes long in a VM.
 */
int link_get(struct fz *f, uint32_t ifindex, const char *name,
	     struct blob *fp, struct blob *info)
{
	struct link_fp_ctx c = { fp, info };
	struct answer ans;
	struct ifinfomsg *ifm;
	struct msg m;
	char buf[256];

	m.nlh = (struct nlmsghdr *)buf;
	m.size = sizeof(buf);
	msg_reset(&m);
	m.nlh->nlmsg_type = RTM_GETLINK;
	m.nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifm = mnl_nlmsg_put_extra_header(m.nlh, sizeof(*ifm));
	ifm->ifi_index = ifindex;
	if (!ifindex)
		put_str(&m, IFLA_IFNAME, name);
	fp->len = 0;
	if (info)
		info->len = 0;
	if (talk(&f->rtnl, &m, &ans, link_cb, &c) || ans.error || !ans.replies)
		return -1;
	return 0;
}

int link_fp(struct fz *f, uint32_t ifindex, struct blob *fp,
	    struct blob *info)
{
	return link_get(f, ifindex, NULL, fp, info);
}

bool link_exists(struct fz *f, const char *name)
{
	struct blob fp = { 0 };
	bool ret = !link_get(f, 0, name, &fp, NULL);

	free(fp.p);
	return ret;
}

void dev_init(struct fz *f, struct dev *d, const char *name)
{
	struct blob fp = { 0 };
	const struct nlattr *a;
	size_t off;

	d->name = name;
	d->ifindex = if_nametoindex(name);
	if (!d->ifindex)
		die("no device \"%s\"", name);
	if (link_fp(f, d->ifindex, &fp, &d->info) || !d->info.len)
		die("\"%s\" is not a podol device", name);
	d->port = 0;
	for (off = 0; off + NLA_HDRLEN <= d->info.len; off += NLA_ALIGN(a->nla_len)) {
		a = (const struct nlattr *)(d->info.p + off);
		if (a->nla_len < NLA_HDRLEN)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == IFLA_PODOL_PORT)
			d->port = ntohs(rd16(mnl_attr_get_payload(a)));
	}
	if (!d->port)
		die("\"%s\" has no port", name);
	free(fp.p);
}

void rtm_begin(struct msg *m, uint16_t type, uint16_t flags,
	       int ifindex)
{
	struct ifinfomsg *ifm;

	msg_reset(m);
	m->nlh->nlmsg_type = type;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	ifm = mnl_nlmsg_put_extra_header(m->nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
}

/* Gives @d back the link attributes it had, from the saved IFLA_INFO_DATA. */
int link_restore(struct fz *f, const struct dev *d)
{
	struct nlattr *li, *data;
	struct answer ans;

	rtm_begin(&f->m, RTM_NEWLINK, NLM_F_ACK, d->ifindex);
	li = nest(&f->m, IFLA_LINKINFO);
	put_str(&f->m, IFLA_INFO_KIND, "podol");
	data = nest(&f->m, IFLA_INFO_DATA);
	put_junk(&f->m, d->info.p, d->info.len);
	nest_end(&f->m, data);
	nest_end(&f->m, li);
	if (talk(&f->rtnl, &f->m, &ans, NULL, NULL) || ans.error) {
		ktap_diag("cannot give %s its link attributes back: %s %s", d->name,
		     strerror(-ans.error), ans.msg);
		return -1;
	}
	return 0;
}

int link_del(struct fz *f, const char *name)
{
	struct answer ans;

	rtm_begin(&f->m, RTM_DELLINK, NLM_F_ACK, 0);
	put_str(&f->m, IFLA_IFNAME, name);
	if (talk(&f->rtnl, &f->m, &ans, NULL, NULL) || ans.error)
		return -1;
	return 0;
}
