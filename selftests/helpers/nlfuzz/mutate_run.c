// SPDX-License-Identifier: GPL-2.0
/* podol_nlfuzz: "podol_nlfuzz mutate": see mutate_run.h. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/rtnetlink.h>

#include "nlfuzz/mutate_run.h"
#include "common/ktap.h"
#include "nlfuzz/table.h"
#include "nlfuzz/words.h"
#include "nlfuzz/mutate.h"

struct mrun {
	struct fz *f;
	struct dev dev;
	struct mdev mdev;
	struct mtable table0;	/* the base table, as the model has it */
	struct blob fp;		/* the device's table now, raw */
	struct blob link0;	/* its link attributes, raw */
	struct mcfg cfg0;
	struct base_msg bases[NR_SHAPES];
	struct mut u;
	unsigned int count[NR_SHAPES][NR_OPS];
	unsigned int accepted[NR_SHAPES][NR_OPS];
	unsigned int failed[NR_SHAPES][NR_OPS];
};

static void base_msgs(struct mrun *mr)
{
	struct fz *f = mr->f;
	struct base_msg *b;
	struct nlattr *li, *data;
	uint32_t any = 0;
	int s;

	for (s = 0; s < NR_SHAPES; s++) {
		b = &mr->bases[s];
		msg_init(&b->m, MSG_SMALL);
		switch (s) {
		case S_REPLACE:
			build_genl(f, &b->m, PODOL_CMD_NODE_REPLACE, NLM_F_ACK,
				   &mr->dev, "base");
			break;
		case S_ADD:
			build_genl(f, &b->m, PODOL_CMD_NODE_ADD, NLM_F_ACK, &mr->dev,
				   "ifname self node remote 10.9.0.1 port 7000 "
				   "cidr 10.99.0.0/24 cidr fd99::/64");
			break;
		case S_CHANGE:
			build_genl(f, &b->m, PODOL_CMD_NODE_CHANGE, NLM_F_ACK,
				   &mr->dev, "node remote 2001:db8::23 port 7003 "
				   "cidr 192.168.23.0/24 cidr fd10:23::/64 "
				   "cidr fd99:1::/64");
			break;
		case S_DEL:
			build_genl(f, &b->m, PODOL_CMD_NODE_DEL, NLM_F_ACK, &mr->dev,
				   "node remote 10.0.0.21");
			break;
		case S_NEWLINK:
			rtm_begin(&b->m, RTM_NEWLINK, NLM_F_ACK, mr->dev.ifindex);
			li = nest(&b->m, IFLA_LINKINFO);
			put_str(&b->m, IFLA_INFO_KIND, "podol");
			data = nest(&b->m, IFLA_INFO_DATA);
			put_u16(&b->m, IFLA_PODOL_PORT, htons(mr->dev.port));
			put(&b->m, IFLA_PODOL_LOCAL, 4, &any);
			put_u32(&b->m, IFLA_PODOL_ID, 7);
			put_u8(&b->m, IFLA_PODOL_TTL, 64);
			put_u8(&b->m, IFLA_PODOL_TTL_INHERIT, 0);
			put_u8(&b->m, IFLA_PODOL_TOS, 0x10);
			put_u8(&b->m, IFLA_PODOL_UDP_CSUM, 0);
			put_u8(&b->m, IFLA_PODOL_FAST, 1);
			put_u8(&b->m, IFLA_PODOL_DIRECT, 1);
			put_u32(&b->m, IFLA_PODOL_LINK, 0);
			nest_end(&b->m, data);
			nest_end(&b->m, li);
			b->outer[0] = (unsigned char *)li - (unsigned char *)b->m.nlh;
			b->outer[1] = (unsigned char *)data - (unsigned char *)b->m.nlh;
			b->nouter = 2;
			b->start = b->outer[1] + NLA_HDRLEN;
			add_recs(b, b->start, b->m.nlh->nlmsg_len, -1, 0);
			continue;
		}
		b->start = NLMSG_HDRLEN + GENL_HDRLEN;
		add_recs(b, b->start, b->m.nlh->nlmsg_len, -1, 0);
	}
}

static void hexdump(const struct msg *m, size_t from)
{
	const unsigned char *p = (const unsigned char *)m->nlh;
	size_t i, end = m->nlh->nlmsg_len;
	char line[80];
	int n = 0;

	if (end > from + 384)
		end = from + 384;
	for (i = from; i < end; i++) {
		n += snprintf(line + n, sizeof(line) - n, "%02x", p[i]);
		if ((i - from) % 32 == 31 || i + 1 == end) {
			ktap_diag("  %04zx: %s", i - (i - from) % 32, line);
			n = 0;
		}
	}
}

/* The device now: its table or link, raw and in the model's terms. */
struct state {
	struct blob fp, info;
	struct mtable t;
	struct mcfg cfg;
};

static int state_get(struct mrun *mr, bool link, struct state *st)
{
	if (!link)
		return table_dump(mr->f, &mr->dev, &st->fp, &st->t);
	if (link_fp(mr->f, mr->dev.ifindex, &st->fp, &st->info))
		return -1;
	cfg_parse(&st->info, &st->cfg);
	return 0;
}

/*
 * Sends one message, mutated or not, checks the answer and the device
 * against the model, and puts the device back if the message changed it.
 */
static bool one(struct mrun *mr, enum shape s, const char *what, bool verbose,
	 bool *accepted)
{
	struct fz *f = mr->f;
	struct msg *m = &mr->u.m;
	bool link = s == S_NEWLINK, pass;
	struct mtable *want = calloc(1, sizeof(*want));
	struct state *st = calloc(1, sizeof(*st));
	struct blob *before = link ? &mr->link0 : &mr->fp;
	const struct base_msg *b = &mr->bases[s];
	struct mcfg cfg = mr->cfg0;
	const char *why = NULL;
	struct answer ans;
	int verdict, dlen;

	if (!want || !st)
		die("out of memory");
	*want = mr->table0;
	if (link) {
		/* The mutated part is IFLA_INFO_DATA's payload, its length fixed up. */
		dlen = rd16((unsigned char *)m->nlh + b->outer[1]) - NLA_HDRLEN;
		verdict = m_link((unsigned char *)m->nlh + b->start, dlen, &cfg);
	} else {
		verdict = m_genl(m->nlh, &mr->mdev, want) ? M_OK : M_BAD;
	}
	if (talk(link ? &f->rtnl : &f->genl, m, &ans, NULL, NULL))
		why = ans.msg;
	else if (state_get(mr, link, st))
		why = "cannot read the device back";
	else if (verdict == M_OK && ans.error)
		why = "refused, yet the model says it is valid";
	else if (verdict != M_OK && !ans.error)
		why = "ACCEPTED, yet the model says it is malformed";
	else if (verdict == M_BAD && !ans.msg[0])
		why = "refused without an extack message";
	else if (verdict != M_OK && !blob_eq(&st->fp, before))
		why = "refused, yet the device changed";
	else if (verdict == M_OK && link && !cfg_eq(&cfg, &st->cfg))
		why = "accepted, but the device is not what the model says";
	else if (verdict == M_OK && !link && !table_eq(want, &st->t))
		why = "accepted, but the table is not what the model says";
	pass = !why;
	*accepted = !ans.error;
	if (!pass || verbose) {
		ktap_diag("%s%s: %s; model: %s; kernel: %s %s", shape_names[s], what,
		     why ? why : "ok",
		     verdict == M_OK ? "valid" : verdict == M_BAD ? "malformed" :
		     "malformed (netlink's core)", err_name(ans.error), ans.msg);
		hexdump(m, b->start);
	}
	/* Back to the base state for the next one. */
	if (!ans.error || !blob_eq(&st->fp, before)) {
		bool back;

		if (link)
			back = !link_restore(f, &mr->dev) &&
			       !link_fp(f, mr->dev.ifindex, &st->fp, NULL) &&
			       blob_eq(&st->fp, &mr->link0);
		else
			back = !table_restore(f, &mr->dev, &mr->table0) &&
			       !table_fp(f, &mr->dev, &mr->fp);
		if (!back)
			die("cannot put %s back", mr->dev.name);
	}
	free(st->fp.p);
	free(st->info.p);
	free(st);
	free(want);
	return pass;
}

int cmd_mutate(struct fz *f, const char *name, uint64_t seed,
	       unsigned long count, long only)
{
	struct mrun *mr = calloc(1, sizeof(*mr));
	struct state *st = calloc(1, sizeof(*st));
	bool ok = true, acc, all = true;
	unsigned long i;
	int s, o;

	if (!mr || !st)
		die("out of memory");
	mr->f = f;
	dev_init(f, &mr->dev, name);
	mr->mdev.ifindex = mr->dev.ifindex;
	mr->mdev.name = mr->dev.name;
	msg_init(&mr->u.m, MSG_SMALL);
	base_msgs(mr);

	ktap_plan(only >= 0 ? 1 : 1 + NR_SHAPES * NR_OPS);
	ktap_diag("seed %llu, %lu mutations", (unsigned long long)seed, count);

	/* The base state, and the five messages as they are: all valid. */
	if (replace_base(f, &mr->dev) || state_get(mr, false, st))
		die("cannot give %s the base table", name);
	mr->table0 = st->t;
	blob_copy(&mr->fp, &st->fp);
	if (state_get(mr, true, st))
		die("cannot read %s's link attributes", name);
	blob_copy(&mr->link0, &st->fp);
	mr->cfg0 = st->cfg;
	for (s = 0; s < NR_SHAPES; s++) {
		memcpy(mr->u.m.nlh, mr->bases[s].m.nlh, mr->bases[s].m.nlh->nlmsg_len);
		ok &= one(mr, s, " unmutated", f->verbose, &acc);
		all &= acc;
	}
	ktap_result(ok && all,
	       "controls: the %d messages unmutated are accepted and do what the model says",
	       NR_SHAPES);

	for (i = 0; i < count; i++) {
		if (only >= 0 && i != (unsigned long)only)
			continue;
		s = i % NR_SHAPES;
		o = (i / NR_SHAPES) % NR_OPS;
		rng_seed(seed, i);
		mutate(&mr->u, &mr->bases[s], o);
		snprintf(mr->u.what + strlen(mr->u.what),
			 sizeof(mr->u.what) - strlen(mr->u.what),
			 " (iteration %lu)", i);
		mr->count[s][o]++;
		if (!one(mr, s, mr->u.what, f->verbose || only >= 0, &acc))
			mr->failed[s][o]++;
		mr->accepted[s][o] += acc;
	}
	if (only >= 0)
		return ktap_end();
	for (s = 0; s < NR_SHAPES; s++) {
		for (o = 0; o < NR_OPS; o++) {
			ktap_result(!mr->failed[s][o],
			       "%s, %s: %u mutations, %u refused, %u accepted as valid, %u failed",
			       shape_names[s], op_names[o], mr->count[s][o],
			       mr->count[s][o] - mr->accepted[s][o],
			       mr->accepted[s][o], mr->failed[s][o]);
		}
	}
	return ktap_end();
}
