// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink: the socket, the family lookup, requests and their answers.
 *
 * Answers are walked here rather than with mnl_cb_run(): it drops the
 * extack message of an error, and it stops at the first message flagged
 * NLM_F_DUMP_INTR, leaving the rest of the dump in the socket; podolctl
 * reads a dump to its end and then runs it again.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nl.h"

#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG	1
#endif
#ifndef NLMSGERR_ATTR_OFFS
#define NLMSGERR_ATTR_OFFS	2
#endif

/* Big enough for any message the kernel sends a dump reader (32 KiB). */
#define RBUF_SIZE	(64 * 1024)
/* Beyond the request, in the send buffer: netlink wants 32 bytes of it. */
#define SNDBUF_SLACK	4096
/* Runs of a dump before living with NLM_F_DUMP_INTR. */
#define DUMP_TRIES	4
/* walk(): the answer goes on in the next datagram (not an RC_ nor -errno). */
#define MORE		1000

int bad_reply(const char *what)
{
	pr_err("bad reply from the kernel: %s", what);
	return MNL_CB_ERROR;
}

static int msg_new(struct nl_msg *m, uint16_t type, uint16_t flags,
		   uint8_t cmd, uint8_t version, size_t attr_bytes)
{
	struct genlmsghdr *genl;

	m->size = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*genl)) + attr_bytes;
	m->buf = calloc(1, m->size);
	if (!m->buf) {
		pr_err("out of memory for a %zu byte request", m->size);
		return RC_FAIL;
	}
	m->overflow = false;
	m->nlh = mnl_nlmsg_put_header(m->buf);
	m->nlh->nlmsg_type = type;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	genl = mnl_nlmsg_put_extra_header(m->nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return RC_OK;
}

int nl_msg_new(struct nl_msg *m, const struct nl *nl, uint8_t cmd,
	       uint16_t flags, size_t attr_bytes)
{
	return msg_new(m, nl->family, flags, cmd, PODOL_GENL_VERSION,
		       attr_bytes);
}

void nl_msg_free(struct nl_msg *m)
{
	free(m->buf);
	m->buf = NULL;
	m->nlh = NULL;
}

/*
 * The _check variants refuse to write past the buffer; a refusal means
 * the size computed for the request was wrong, and nl_talk() then sends
 * nothing.
 */
void msg_put(struct nl_msg *m, uint16_t type, size_t len, const void *data)
{
	if (!mnl_attr_put_check(m->nlh, m->size, type, len, data))
		m->overflow = true;
}

void msg_put_u8(struct nl_msg *m, uint16_t type, uint8_t val)
{
	if (!mnl_attr_put_u8_check(m->nlh, m->size, type, val))
		m->overflow = true;
}

void msg_put_u16(struct nl_msg *m, uint16_t type, uint16_t val)
{
	if (!mnl_attr_put_u16_check(m->nlh, m->size, type, val))
		m->overflow = true;
}

void msg_put_u32(struct nl_msg *m, uint16_t type, uint32_t val)
{
	if (!mnl_attr_put_u32_check(m->nlh, m->size, type, val))
		m->overflow = true;
}

void msg_put_strz(struct nl_msg *m, uint16_t type, const char *s)
{
	if (!mnl_attr_put_strz_check(m->nlh, m->size, type, s))
		m->overflow = true;
}

struct nlattr *msg_nest_start(struct nl_msg *m, uint16_t type)
{
	struct nlattr *nest = mnl_attr_nest_start_check(m->nlh, m->size, type);

	if (!nest)
		m->overflow = true;
	return nest;
}

/* nla_len is 16 bits: a longer nest would be cut short, so never send it. */
void msg_nest_end(struct nl_msg *m, struct nlattr *nest)
{
	size_t len;

	if (!nest)
		return;
	len = (char *)mnl_nlmsg_get_payload_tail(m->nlh) - (char *)nest;
	if (len > UINT16_MAX) {
		m->overflow = true;
		return;
	}
	mnl_attr_nest_end(m->nlh, nest);
}

/*
 * The extack of an error (or of a failed dump's end), if any: its message,
 * and the offset of the attribute it blames. The offset counts from the
 * request's nlmsghdr, whether or not the request came back with it.
 */
static void save_extack(struct nl *nl, const struct nlmsghdr *nlh, size_t off)
{
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    off > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_for_each(a, nlh, off) {
		switch (mnl_attr_get_type(a)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				snprintf(nl->extack, sizeof(nl->extack), "%s",
					 mnl_attr_get_str(a));
			break;
		case NLMSGERR_ATTR_OFFS:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				nl->bad_attr = mnl_attr_get_u32(a);
			break;
		}
	}
}

/* An NLMSG_ERROR: 0 for an ack, else -errno. */
static int handle_error(struct nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		bad_reply("truncated error message");
		return RC_FAIL;
	}
	if (e->error == 0)
		return 0;
	/* Unless capped, the request comes back first, then the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    e->msg.nlmsg_len >= sizeof(struct nlmsghdr))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	save_extack(nl, nlh, off);
	return e->error < 0 ? e->error : -EPROTO;
}

/* An NLMSG_DONE: it carries the dump's error, if it failed halfway. */
static int handle_done(struct nl *nl, const struct nlmsghdr *nlh)
{
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(err))
		return 0;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err >= 0)
		return 0;
	save_extack(nl, nlh, sizeof(err));
	return err;
}

/* Walks one datagram of answers; MORE if the answer goes on. */
static int walk(struct nl *nl, const struct nlmsghdr *req, const void *buf,
		int len, nl_reply_cb cb, void *data, bool *intr)
{
	const struct nlmsghdr *nlh = buf;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		/* Left over from something else: not ours to read. */
		if (nlh->nlmsg_seq != req->nlmsg_seq ||
		    nlh->nlmsg_pid != nl->portid)
			continue;
		if (intr && (nlh->nlmsg_flags & NLM_F_DUMP_INTR))
			*intr = true;
		if (nlh->nlmsg_type == NLMSG_ERROR)
			return handle_error(nl, nlh);
		if (nlh->nlmsg_type == NLMSG_DONE)
			return handle_done(nl, nlh);
		if (nlh->nlmsg_type != req->nlmsg_type || !cb)
			continue;
		if (cb(nlh, data) != MNL_CB_OK)
			return RC_FAIL;
	}
	return MORE;
}

/*
 * A request bigger than the socket's send buffer is refused (EMSGSIZE).
 * SO_SNDBUFFORCE may go past net.core.wmem_max, with CAP_NET_ADMIN.
 */
static int reserve_sndbuf(struct nl *nl, size_t len)
{
	int fd = mnl_socket_get_fd(nl->sock);
	socklen_t optlen = sizeof(int);
	int cur, want;

	if (len > INT_MAX / 4) {
		pr_err("a %zu byte request is too big to send", len);
		return RC_FAIL;
	}
	want = len + SNDBUF_SLACK;
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &optlen) == 0 &&
	    cur >= want)
		return RC_OK;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof(want)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want));
	optlen = sizeof(int);
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &optlen) == 0 &&
	    cur >= want)
		return RC_OK;
	pr_err("cannot send a %zu byte request: the socket's send buffer stays at %d bytes (net.core.wmem_max)",
	       len, cur);
	return RC_FAIL;
}

int nl_talk(struct nl *nl, struct nl_msg *m, nl_reply_cb cb, void *data,
	    bool *intr)
{
	struct nlmsghdr *req = m->nlh;
	int ret;

	if (m->overflow) {
		pr_err("internal error: a request outgrew its buffer");
		return RC_FAIL;
	}
	if (intr)
		*intr = false;
	nl->extack[0] = '\0';
	nl->bad_attr = 0;
	req->nlmsg_seq = ++nl->seq;
	ret = reserve_sndbuf(nl, req->nlmsg_len);
	if (ret)
		return ret;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0) {
		pr_err("cannot send to the kernel: %s", strerror(errno));
		return RC_FAIL;
	}
	for (;;) {
		ssize_t len = mnl_socket_recvfrom(nl->sock, nl->rbuf,
						  nl->rbuf_size);

		if (len < 0) {
			if (errno == EINTR)
				continue;
			/* libmnl's word for a datagram cut short. */
			if (errno == ENOSPC)
				errno = EMSGSIZE;
			pr_err("cannot read the kernel's answer: %s",
			       strerror(errno));
			return RC_FAIL;
		}
		ret = walk(nl, req, nl->rbuf, len, cb, data, intr);
		if (ret != MORE)
			return ret;
	}
}

int nl_dump(struct nl *nl, struct nl_msg *m, nl_reply_cb cb,
	    void (*reset)(void *data), void *data)
{
	bool intr;
	int i;

	for (i = 0; i < DUMP_TRIES; i++) {
		int ret;

		if (i)
			reset(data);
		ret = nl_talk(nl, m, cb, data, &intr);
		if (ret || !intr)
			return ret;
	}
	pr_warn("the table changed during the dump; output may be inconsistent");
	return RC_OK;
}

int nl_refused_at(const struct nl *nl, const struct src *src, int err)
{
	if (nl->extack[0])
		pr_err_at(src, "kernel refused: %s: %s", strerror(-err),
			  nl->extack);
	else
		pr_err_at(src, "kernel refused: %s", strerror(-err));
	return RC_FAIL;
}

int nl_refused(const struct nl *nl, int err)
{
	return nl_refused_at(nl, NULL, err);
}

long nl_blamed(const struct nl *nl, const struct nl_msg *m, uint16_t type)
{
	const struct nlattr *a;
	long i = 0;

	if (!nl->bad_attr)
		return -1;
	mnl_attr_for_each(a, m->nlh, GENL_HDRLEN) {
		size_t start = (const char *)a - (const char *)m->nlh;

		if (nl->bad_attr < start)
			break;
		if (nl->bad_attr < start + a->nla_len)
			return mnl_attr_get_type(a) == type ? i : -1;
		if (mnl_attr_get_type(a) == type)
			i++;
	}
	return -1;
}

struct parse_ctx {
	const struct nlattr **tb;
	unsigned int max;
	const enum mnl_attr_data_type *policy;
};

/* Types newer than podolctl are skipped, not refused. */
static int parse_cb(const struct nlattr *a, void *data)
{
	const struct parse_ctx *ctx = data;
	unsigned int type = mnl_attr_get_type(a);

	if (type > ctx->max)
		return MNL_CB_OK;
	if (ctx->policy[type] != MNL_TYPE_UNSPEC &&
	    mnl_attr_validate(a, ctx->policy[type]) < 0)
		return bad_reply("an attribute of the wrong size");
	ctx->tb[type] = a;
	return MNL_CB_OK;
}

int parse_genl(const struct nlmsghdr *nlh, const struct nlattr **tb,
	       unsigned int max, const enum mnl_attr_data_type *policy)
{
	struct parse_ctx ctx = { tb, max, policy };

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return bad_reply("truncated message");
	return mnl_attr_parse(nlh, GENL_HDRLEN, parse_cb, &ctx) == MNL_CB_OK ?
	       0 : -1;
}

int parse_nest(const struct nlattr *nest, const struct nlattr **tb,
	       unsigned int max, const enum mnl_attr_data_type *policy)
{
	struct parse_ctx ctx = { tb, max, policy };

	return mnl_attr_parse_nested(nest, parse_cb, &ctx) == MNL_CB_OK ?
	       0 : -1;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	static const enum mnl_attr_data_type policy[CTRL_ATTR_MAX + 1] = {
		[CTRL_ATTR_FAMILY_ID] = MNL_TYPE_U16,
	};
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { NULL };

	if (parse_genl(nlh, tb, CTRL_ATTR_MAX, policy))
		return MNL_CB_ERROR;
	if (!tb[CTRL_ATTR_FAMILY_ID])
		return bad_reply("no family id");
	*(uint16_t *)data = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return MNL_CB_OK;
}

/* The id of the "podol" family: the kernel loads the module if it can. */
static int resolve_family(struct nl *nl)
{
	struct nl_msg m;
	int ret;

	ret = msg_new(&m, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY, 1,
		      attr_size(sizeof(PODOL_GENL_NAME)));
	if (ret)
		return ret;
	msg_put_strz(&m, CTRL_ATTR_FAMILY_NAME, PODOL_GENL_NAME);
	nl->family = 0;
	ret = nl_talk(nl, &m, family_cb, &nl->family, NULL);
	nl_msg_free(&m);
	if (ret == -ENOENT) {
		pr_err("the podol module is not loaded (generic netlink family \"%s\" not found)",
		       PODOL_GENL_NAME);
		return RC_FAIL;
	}
	if (ret < 0)
		return nl_refused(nl, ret);
	if (!ret && !nl->family) {
		bad_reply("no family id");
		return RC_FAIL;
	}
	return ret;
}

int nl_open(struct nl *nl)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		pr_err("cannot open a netlink socket: %s", strerror(errno));
		return RC_FAIL;
	}
	/*
	 * Extended acks carry the kernel's reason. Capped acks leave out the
	 * request, which for a large replace would not fit the read buffer.
	 * Kernels without them still work, with less to say.
	 */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		pr_err("cannot bind a netlink socket: %s", strerror(errno));
		return RC_FAIL;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = time(NULL);
	nl->rbuf_size = RBUF_SIZE;
	nl->rbuf = malloc(nl->rbuf_size);
	if (!nl->rbuf) {
		pr_err("out of memory");
		return RC_FAIL;
	}
	return resolve_family(nl);
}

void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
	free(nl->rbuf);
	nl->rbuf = NULL;
}
