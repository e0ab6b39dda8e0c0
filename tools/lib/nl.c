// SPDX-License-Identifier: GPL-2.0
/*
 * The socket, the family lookup, requests and their answers.
 *
 * Answers are walked here rather than with mnl_cb_run(): it drops the
 * extack message of an error, and it stops at the first message flagged
 * NLM_F_DUMP_INTR, leaving the rest of the dump in the socket; a dump is
 * read to its end and then run again.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
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
/* podol_nl_walk(): the answer goes on in the next datagram. */
#define MORE		1

int podol_nl_fail(struct podol_nl *nl, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(nl->error, sizeof(nl->error), fmt, ap);
	va_end(ap);
	return err;
}

int podol_nl_bad_reply(struct podol_nl *nl, const char *what)
{
	return podol_nl_fail(nl, -EBADMSG, "bad reply from the kernel: %s",
			     what);
}

void *podol_nl_grow(struct podol_nl *nl, void **v, size_t *cap, size_t n,
		    size_t size, size_t first)
{
	char *slot;

	if (n == *cap) {
		size_t want = *cap ? *cap * 2 : first;
		void *nv = realloc(*v, want * size);

		if (!nv) {
			podol_nl_fail(nl, -ENOMEM, "out of memory");
			return NULL;
		}
		*v = nv;
		*cap = want;
	}
	slot = (char *)*v + n * size;
	memset(slot, 0, size);
	return slot;
}

bool podol_nl_is_refusal(const struct podol_nl *nl, int err)
{
	return err < 0 && !nl->error[0];
}

int podol_msg_new_hdr(struct podol_msg *m, uint16_t type, uint16_t flags,
		      size_t hdr_len, size_t attr_bytes)
{
	m->size = MNL_NLMSG_HDRLEN + MNL_ALIGN(hdr_len) + attr_bytes;
	m->buf = calloc(1, m->size);
	if (!m->buf)
		return -ENOMEM;
	m->overflow = false;
	m->nlh = mnl_nlmsg_put_header(m->buf);
	m->nlh->nlmsg_type = type;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	mnl_nlmsg_put_extra_header(m->nlh, hdr_len);
	return 0;
}

int podol_msg_new(struct podol_msg *m, uint16_t type, uint16_t flags,
		  uint8_t cmd, uint8_t version, size_t attr_bytes)
{
	struct genlmsghdr *genl;
	int ret;

	ret = podol_msg_new_hdr(m, type, flags, sizeof(*genl), attr_bytes);
	if (ret)
		return ret;
	genl = mnl_nlmsg_get_payload(m->nlh);
	genl->cmd = cmd;
	genl->version = version;
	return 0;
}

int podol_nl_msg(struct podol_msg *m, struct podol_nl *nl, uint8_t cmd,
		 uint16_t flags, size_t attr_bytes)
{
	int ret = podol_msg_new(m, nl->family, flags, cmd, PODOL_GENL_VERSION,
				attr_bytes);

	if (ret)
		podol_nl_fail(nl, ret,
			      "out of memory for a %zu byte request",
			      MNL_NLMSG_HDRLEN + GENL_HDRLEN + attr_bytes);
	return ret;
}

void podol_msg_free(struct podol_msg *m)
{
	free(m->buf);
	m->buf = NULL;
	m->nlh = NULL;
}

void podol_put(struct podol_msg *m, uint16_t type, size_t len,
	       const void *data)
{
	if (!mnl_attr_put_check(m->nlh, m->size, type, len, data))
		m->overflow = true;
}

void podol_put_u8(struct podol_msg *m, uint16_t type, uint8_t val)
{
	podol_put(m, type, sizeof(val), &val);
}

void podol_put_u16(struct podol_msg *m, uint16_t type, uint16_t val)
{
	podol_put(m, type, sizeof(val), &val);
}

void podol_put_u32(struct podol_msg *m, uint16_t type, uint32_t val)
{
	podol_put(m, type, sizeof(val), &val);
}

void podol_put_strz(struct podol_msg *m, uint16_t type, const char *s)
{
	podol_put(m, type, strlen(s) + 1, s);
}

struct nlattr *podol_nest_start(struct podol_msg *m, uint16_t type)
{
	struct nlattr *nest = mnl_attr_nest_start_check(m->nlh, m->size, type);

	if (!nest)
		m->overflow = true;
	return nest;
}

/* nla_len is 16 bits: a longer nest would be cut short, so never send it. */
void podol_nest_end(struct podol_msg *m, struct nlattr *nest)
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
static void save_extack(struct podol_nl *nl, const struct nlmsghdr *nlh,
			size_t off)
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
static int handle_error(struct podol_nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return podol_nl_bad_reply(nl, "truncated error message");
	/* Unless capped, the request comes back first, then the TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    e->msg.nlmsg_len >= sizeof(struct nlmsghdr))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	/* An ack may carry a message too: a warning. */
	save_extack(nl, nlh, off);
	if (e->error == 0)
		return 0;
	return e->error < 0 ? e->error : -EPROTO;
}

/* An NLMSG_DONE: it carries the dump's error, if it failed halfway. */
static int handle_done(struct podol_nl *nl, const struct nlmsghdr *nlh)
{
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(err))
		return 0;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	save_extack(nl, nlh, sizeof(err));
	return err < 0 ? err : 0;
}

int podol_nl_walk(struct podol_nl *nl, const struct nlmsghdr *req,
		  const void *buf, int len, podol_reply_cb cb, void *data,
		  bool *intr)
{
	const struct nlmsghdr *nlh = buf;
	int ret;

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
		/*
		 * Any other message is a reply: genl's are of the request's
		 * type, rtnetlink's not (RTM_GETLINK gets RTM_NEWLINK).
		 */
		if (nlh->nlmsg_type < NLMSG_MIN_TYPE || !cb)
			continue;
		ret = cb(nl, nlh, data);
		if (ret)
			return ret;
	}
	return MORE;
}

/*
 * A request bigger than the socket's send buffer is refused (EMSGSIZE).
 * SO_SNDBUFFORCE may go past net.core.wmem_max, with CAP_NET_ADMIN.
 */
static int reserve_sndbuf(struct podol_nl *nl, size_t len)
{
	int fd = mnl_socket_get_fd(nl->sock);
	socklen_t optlen = sizeof(int);
	int cur, want;

	if (len > INT_MAX / 4)
		return podol_nl_fail(nl, -EMSGSIZE,
				     "a %zu byte request is too big to send",
				     len);
	want = len + SNDBUF_SLACK;
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &optlen) == 0 &&
	    cur >= want)
		return 0;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof(want)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want));
	optlen = sizeof(int);
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &cur, &optlen) == 0 &&
	    cur >= want)
		return 0;
	return podol_nl_fail(nl, -EMSGSIZE,
			     "cannot send a %zu byte request: the socket's send buffer stays at %d bytes (net.core.wmem_max)",
			     len, cur);
}

int podol_nl_talk(struct podol_nl *nl, struct podol_msg *m, podol_reply_cb cb,
		  void *data, bool *intr)
{
	struct nlmsghdr *req = m->nlh;
	int ret;

	nl->error[0] = '\0';
	nl->extack[0] = '\0';
	nl->bad_attr = 0;
	if (m->overflow)
		return podol_nl_fail(nl, -EOVERFLOW,
				     "internal error: a request outgrew its buffer");
	if (intr)
		*intr = false;
	req->nlmsg_seq = ++nl->seq;
	ret = reserve_sndbuf(nl, req->nlmsg_len);
	if (ret)
		return ret;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0)
		return podol_nl_fail(nl, -errno,
				     "cannot send to the kernel: %s",
				     strerror(errno));
	for (;;) {
		ssize_t len = mnl_socket_recvfrom(nl->sock, nl->rbuf,
						  nl->rbuf_size);

		if (len < 0) {
			if (errno == EINTR)
				continue;
			/* libmnl's word for a datagram cut short. */
			if (errno == ENOSPC)
				errno = EMSGSIZE;
			return podol_nl_fail(nl, -errno,
					     "cannot read the kernel's answer: %s",
					     strerror(errno));
		}
		ret = podol_nl_walk(nl, req, nl->rbuf, len, cb, data, intr);
		if (ret != MORE)
			return ret;
	}
}

int podol_nl_walk_acks(struct podol_nl *nl, uint32_t first_seq, size_t n,
		       const void *buf, int len, podol_ack_cb cb, void *data,
		       size_t *got)
{
	const struct nlmsghdr *nlh = buf;
	uint32_t i;
	int ret;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		i = nlh->nlmsg_seq - first_seq;
		/* Left over from something else: not ours to read. */
		if (i >= n || nlh->nlmsg_pid != nl->portid)
			continue;
		if (nlh->nlmsg_type != NLMSG_ERROR)
			return podol_nl_bad_reply(nl, "a reply to a request that wants an ack");
		nl->extack[0] = '\0';
		nl->bad_attr = 0;
		ret = handle_error(nl, nlh);
		if (nl->error[0])
			return ret;
		ret = cb(nl, i, ret, data);
		if (ret)
			return ret;
		(*got)++;
	}
	return 0;
}

int podol_nl_batch(struct podol_nl *nl, struct podol_msg *msgs, size_t n,
		   podol_ack_cb cb, void *data)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	struct msghdr mh = { .msg_name = &to, .msg_namelen = sizeof(to) };
	struct iovec *iov;
	size_t i, total = 0, got = 0;
	uint32_t first_seq;
	int ret;

	nl->error[0] = '\0';
	nl->extack[0] = '\0';
	nl->bad_attr = 0;
	if (!n)
		return 0;
	iov = calloc(n, sizeof(*iov));
	if (!iov)
		return podol_nl_fail(nl, -ENOMEM, "out of memory");
	first_seq = nl->seq + 1;
	for (i = 0; i < n; i++) {
		if (msgs[i].overflow) {
			free(iov);
			return podol_nl_fail(nl, -EOVERFLOW,
					     "internal error: a request outgrew its buffer");
		}
		msgs[i].nlh->nlmsg_seq = ++nl->seq;
		iov[i].iov_base = msgs[i].nlh;
		iov[i].iov_len = msgs[i].nlh->nlmsg_len;
		total += iov[i].iov_len;
	}
	mh.msg_iov = iov;
	mh.msg_iovlen = n;
	ret = reserve_sndbuf(nl, total);
	if (!ret && sendmsg(mnl_socket_get_fd(nl->sock), &mh, 0) < 0)
		ret = podol_nl_fail(nl, -errno, "cannot send to the kernel: %s",
				    strerror(errno));
	free(iov);
	while (!ret && got < n) {
		ssize_t len = mnl_socket_recvfrom(nl->sock, nl->rbuf,
						  nl->rbuf_size);

		if (len < 0) {
			if (errno == EINTR)
				continue;
			return podol_nl_fail(nl, -errno,
					     "cannot read the kernel's answer: %s",
					     strerror(errno));
		}
		ret = podol_nl_walk_acks(nl, first_seq, n, nl->rbuf, len, cb,
					 data, &got);
	}
	return ret;
}

int podol_nl_dump(struct podol_nl *nl, struct podol_msg *m, podol_reply_cb cb,
		  void (*reset)(void *data), void *data)
{
	bool intr;
	int i;

	for (i = 0; i < DUMP_TRIES; i++) {
		int ret;

		if (i)
			reset(data);
		ret = podol_nl_talk(nl, m, cb, data, &intr);
		if (ret || !intr)
			return ret;
	}
	nl->inconsistent_dumps++;
	return 0;
}

long podol_nl_blamed(const struct podol_nl *nl, const struct podol_msg *m,
		     uint16_t type)
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
	struct podol_nl *nl;
	const struct nlattr **tb;
	unsigned int max;
	const enum mnl_attr_data_type *policy;
};

/* Types newer than the library are skipped, not refused. */
static int parse_cb(const struct nlattr *a, void *data)
{
	const struct parse_ctx *ctx = data;
	unsigned int type = mnl_attr_get_type(a);

	if (type > ctx->max)
		return MNL_CB_OK;
	if (ctx->policy[type] != MNL_TYPE_UNSPEC &&
	    mnl_attr_validate(a, ctx->policy[type]) < 0) {
		podol_nl_bad_reply(ctx->nl, "an attribute of the wrong size");
		return MNL_CB_ERROR;
	}
	ctx->tb[type] = a;
	return MNL_CB_OK;
}

int podol_parse_genl(struct podol_nl *nl, const struct nlmsghdr *nlh,
		     const struct nlattr **tb, unsigned int max,
		     const enum mnl_attr_data_type *policy)
{
	struct parse_ctx ctx = { nl, tb, max, policy };

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return podol_nl_bad_reply(nl, "truncated message");
	return mnl_attr_parse(nlh, GENL_HDRLEN, parse_cb, &ctx) == MNL_CB_OK ?
	       0 : -EBADMSG;
}

int podol_parse_nest(struct podol_nl *nl, const struct nlattr *nest,
		     const struct nlattr **tb, unsigned int max,
		     const enum mnl_attr_data_type *policy)
{
	struct parse_ctx ctx = { nl, tb, max, policy };

	return mnl_attr_parse_nested(nest, parse_cb, &ctx) == MNL_CB_OK ?
	       0 : -EBADMSG;
}

static int family_cb(struct podol_nl *nl, const struct nlmsghdr *nlh,
		     void *data)
{
	static const enum mnl_attr_data_type policy[CTRL_ATTR_MAX + 1] = {
		[CTRL_ATTR_FAMILY_ID] = MNL_TYPE_U16,
	};
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { NULL };
	int ret;

	ret = podol_parse_genl(nl, nlh, tb, CTRL_ATTR_MAX, policy);
	if (ret)
		return ret;
	if (!tb[CTRL_ATTR_FAMILY_ID])
		return podol_nl_bad_reply(nl, "no family id");
	*(uint16_t *)data = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

/* The id of the "podol" family: the kernel loads the module if it can. */
static int resolve_family(struct podol_nl *nl)
{
	struct podol_msg m;
	int ret;

	ret = podol_msg_new(&m, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY, 1,
			    podol_attr_size(sizeof(PODOL_GENL_NAME)));
	if (ret)
		return podol_nl_fail(nl, ret, "out of memory");
	podol_put_strz(&m, CTRL_ATTR_FAMILY_NAME, PODOL_GENL_NAME);
	nl->family = 0;
	ret = podol_nl_talk(nl, &m, family_cb, &nl->family, NULL);
	podol_msg_free(&m);
	if (ret == -ENOENT && podol_nl_is_refusal(nl, ret))
		return podol_nl_fail(nl, ret,
				     "the podol module is not loaded (generic netlink family \"%s\" not found)",
				     PODOL_GENL_NAME);
	if (!ret && !nl->family)
		return podol_nl_bad_reply(nl, "no family id");
	return ret;
}

static int open_socket(struct podol_nl *nl, int bus)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open2(bus, SOCK_CLOEXEC);
	if (!nl->sock)
		return podol_nl_fail(nl, -errno,
				     "cannot open a netlink socket: %s",
				     strerror(errno));
	/*
	 * Extended acks carry the kernel's reason. Capped acks leave out the
	 * request, which for a large replace would not fit the read buffer.
	 * Kernels without them still work, with less to say.
	 */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return podol_nl_fail(nl, -errno,
				     "cannot bind a netlink socket: %s",
				     strerror(errno));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = time(NULL);
	nl->rbuf_size = RBUF_SIZE;
	nl->rbuf = malloc(nl->rbuf_size);
	if (!nl->rbuf)
		return podol_nl_fail(nl, -ENOMEM, "out of memory");
	return 0;
}

int podol_nl_open(struct podol_nl *nl)
{
	int ret = open_socket(nl, NETLINK_GENERIC);

	return ret ? ret : resolve_family(nl);
}

int podol_nl_open_route(struct podol_nl *nl)
{
	return open_socket(nl, NETLINK_ROUTE);
}

void podol_nl_close(struct podol_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
	free(nl->rbuf);
	nl->rbuf = NULL;
}
