// SPDX-License-Identifier: GPL-2.0
/* podol_nlfuzz: "podol_nlfuzz cases": see cases_run.h. */
#include <stdlib.h>
#include <sys/utsname.h>


#include "nlfuzz/cases_run.h"
#include "common/clock.h"
#include "common/ktap.h"
#include "nlfuzz/table.h"
#include "nlfuzz/cases.h"

struct run {
	struct fz *f;
	bool start_extack;		/* a dump's .start() can give a message */
	struct dev target, scratch;
	struct blob table0;		/* the target's table, raw */
	struct mtable base;		/* and in the model's terms */
	struct blob link0, slink0;	/* the target's and scratch's link */
};

static int send_case(struct run *r, const struct fz_case *c, bool bad,
		     struct answer *ans)
{
	const struct dev *d = bad ? &r->target : &r->scratch;
	struct fz *f = r->f;
	struct msg *m = c->flags & F_BIG ? &f->big : &f->m;
	const char *spec = bad ? c->bad : c->good;

	switch (c->kind) {
	case K_GENL:
	case K_DUMP:
		build_genl(f, m, c->cmd,
			   c->kind == K_DUMP ? NLM_F_DUMP : NLM_F_ACK, d, spec);
		if (bad && c->mangle)
			c->mangle(m);
		return talk(&f->genl, m, ans, NULL, NULL);
	default:
		build_rtm(f, m, c->kind, d, spec);
		return talk(&f->rtnl, m, ans, NULL, NULL);
	}
}

/*
 * Puts the scratch device back as it was: its table (in content; after a
 * big one, by a replace straight away), its link, no extra device.
 */
static int scratch_back(struct run *r, bool big)
{
	struct blob fp = { 0 };
	int ret = 0;

	if (link_exists(r->f, CREATE_NAME) && link_del(r->f, CREATE_NAME))
		ret = -1;
	if (big && replace_base(r->f, &r->scratch))
		ret = -1;
	if (table_restore(r->f, &r->scratch, &r->base))
		ret = -1;
	if (link_fp(r->f, r->scratch.ifindex, &fp, NULL))
		ret = -1;
	else if (!blob_eq(&fp, &r->slink0) &&
		 (link_restore(r->f, &r->scratch) ||
		  link_fp(r->f, r->scratch.ifindex, &fp, NULL) ||
		  !blob_eq(&fp, &r->slink0)))
		ret = -1;
	free(fp.p);
	if (ret)
		ktap_diag("the scratch device could not be put back");
	return ret;
}

/* The target is what it was; @why says how not. */
static bool target_same(struct run *r, const char **why)
{
	struct blob fp = { 0 };
	bool same = true;

	if (table_fp(r->f, &r->target, &fp) || !blob_eq(&fp, &r->table0)) {
		*why = "the target's table changed";
		same = false;
	} else if (link_fp(r->f, r->target.ifindex, &fp, NULL) ||
		   !blob_eq(&fp, &r->link0)) {
		*why = "the target's link attributes changed";
		same = false;
	}
	free(fp.p);
	return same;
}

static void run_case(struct run *r, const struct fz_case *c)
{
	if ((c->flags & F_BIG) && r->f->quick) {
		ktap_skip("left out (-q)", "%s: %s", c->cls, c->name);
		return;
	}

	struct blob created = { 0 }, fp = { 0 };
	const char *why = NULL, *how = "";
	struct answer ans, ctl;
	long start = (long)(clock_now() * 1000), ms;
	bool pass = true;

	ans.error = 1;
	ans.msg[0] = '\0';
	ctl.error = 0;
	if (c->good) {
		if (send_case(r, c, false, &ctl)) {
			why = ctl.msg;
		} else if (ctl.error) {
			why = "its control was refused";
		} else if (c->kind == K_CREATE &&
			   link_get(r->f, 0, CREATE_NAME, &created, NULL)) {
			why = "its control created no device";
		}
		if (scratch_back(r, c->flags & F_BIG) && !why)
			why = "the scratch device could not be put back";
	}
	if (!why && send_case(r, c, true, &ans))
		why = ans.msg;
	if (!why) {
		if (ans.error < 0 && !ans.msg[0] && (c->flags & F_START) &&
		    !r->start_extack) {
			how = "(no message: a core before 6.5 drops a dump .start()'s)";
		} else if (ans.error < 0 && (ans.msg[0] || (c->flags & F_CORE))) {
			how = ans.msg[0] ? ans.msg : "(no message: netlink's core)";
		} else if (ans.error < 0) {
			why = "refused without an extack message";
		} else if (ans.error > 0) {
			why = "no answer";
		} else if (!(c->flags & F_LENIENT)) {
			why = "ACCEPTED";
		} else if (c->kind == K_CREATE &&
			   (link_get(r->f, 0, CREATE_NAME, &fp, NULL) ||
			    !blob_eq(&fp, &created))) {
			why = "accepted, and the device differs from its control's";
		} else {
			how = ans.msg[0] ? ans.msg : "ignored";
		}
		if (!why && c->kind == K_CREATE && ans.error &&
		    link_exists(r->f, CREATE_NAME))
			why = "refused, yet the device was created";
	}
	if (c->kind == K_CREATE && link_exists(r->f, CREATE_NAME))
		link_del(r->f, CREATE_NAME);
	if (!why && !target_same(r, &why))
		pass = false;
	if (why)
		pass = false;
	ms = (long)(clock_now() * 1000) - start;
	if (!pass) {
		ktap_diag("%s: %s; answer: %s %s", c->name, why,
		     err_name(ans.error), ans.msg);
		if (ctl.error)
			ktap_diag("control: %s %s", err_name(ctl.error), ctl.msg);
		/*
		 * Later cases need the target as it was: the base table in
		 * its order, as podolctl gave it, and its link attributes.
		 */
		replace_base(r->f, &r->target);
		table_fp(r->f, &r->target, &r->table0);
		link_restore(r->f, &r->target);
	} else if (ms >= 500) {
		ktap_diag("%s: %s (%ld ms)", err_name(ans.error), how, ms);
	} else {
		ktap_diag("%s: %s", err_name(ans.error), how);
	}
	ktap_result(pass, "%s: %s%s", c->cls, c->name,
	       c->good ? "" : " (no control)");
	free(created.p);
	free(fp.p);
}

static bool kernel_at_least(unsigned int major, unsigned int minor)
{
	unsigned int a = 0, b = 0;
	struct utsname u;

	if (uname(&u) || sscanf(u.release, "%u.%u", &a, &b) != 2)
		return true;
	return a > major || (a == major && b >= minor);
}

int cmd_cases(struct fz *f, const char *target, const char *scratch)
{
	struct case_list cl = { 0 };
	struct run r = { .f = f };
	char path[4096];
	struct blob fp = { 0 };
	size_t i;
	bool ok;

	if (!f->cases)
		cases_path(path, sizeof(path));
	cases_read(f->cases ? f->cases : path, &cl);

	dev_init(f, &r.target, target);
	dev_init(f, &r.scratch, scratch);
	r.start_extack = kernel_at_least(6, 5);
	if (link_exists(f, CREATE_NAME))
		die("a device \"%s\" is in the way", CREATE_NAME);

	ktap_plan(1 + cl.n);

	/* The target holds the base table, and the scratch device mirrors it. */
	ok = !table_dump(f, &r.target, &r.table0, &r.base) &&
	     !replace_base(f, &r.scratch) &&
	     !table_fp(f, &r.scratch, &fp) && blob_eq(&fp, &r.table0) &&
	     !link_fp(f, r.target.ifindex, &r.link0, NULL) &&
	     !link_fp(f, r.scratch.ifindex, &r.slink0, NULL);
	ktap_result(ok, "setup: %s holds the base table, %s mirrors it", target, scratch);
	if (!ok) {
		ktap_diag("give %s the table of \"podol_nlfuzz table\" first", target);
		cases_free(&cl);
		return ktap_end();
	}

	for (i = 0; i < cl.n; i++)
		run_case(&r, &cl.v[i]);
	cases_free(&cl);
	free(fp.p);
	return ktap_end();
}
