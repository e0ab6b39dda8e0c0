// SPDX-License-Identifier: GPL-2.0
/*
 * podol_nl: sends RTM_NEWLINK for a podol device with exactly the
 * attributes it is given, right or wrong, bypassing the iproute2 plugin's
 * checks, and prints the kernel's answer with its extack message.
 *
 *   podol_nl add|set IFNAME [ATTR=VALUE]...
 *
 * ATTR is port (be16), id, link (u32), ttl, ttl_inherit, tos, udp_csum
 * (u8), local, local6 (an address of either family, whatever the
 * attribute wants), or raw=TYPE:HEXBYTES for anything else.
 * Exit status: 0 accepted, 1 refused, 2 usage.
 *
 *   podol_nl dump [COMMAND]
 *
 * dumps the podol devices of the netns (genl PODOL_CMD_DEV_GET with
 * NLM_F_DUMP) and prints the ifindex of each message, one a line, then
 * "intr 1" if a message was flagged NLM_F_DUMP_INTR, else "intr 0". With
 * COMMAND, it is run (by the shell) once the first part of the dump has
 * been read, before the rest is asked for. Exit status 0, 1 on error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/podol.h>
#include <linux/rtnetlink.h>

#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG 1
#endif

static int usage(void)
{
	fprintf(stderr, "usage: podol_nl add|set IFNAME [ATTR=VALUE]...\n"
			"       podol_nl dump [COMMAND]\n");
	return 2;
}

static int put_addr(struct nlmsghdr *nlh, int type, const char *s)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, s, buf) == 1)
		mnl_attr_put(nlh, type, 4, buf);
	else if (inet_pton(AF_INET6, s, buf) == 1)
		mnl_attr_put(nlh, type, 16, buf);
	else
		return -1;
	return 0;
}

static int put_raw(struct nlmsghdr *nlh, const char *s)
{
	unsigned char buf[256];
	char *end;
	long type = strtol(s, &end, 0);
	size_t len = 0;

	if (*end != ':' || type <= 0 || type > 0xffff)
		return -1;
	for (s = end + 1; s[0] && s[1] && len < sizeof(buf); s += 2) {
		if (sscanf(s, "%2hhx", &buf[len]) != 1)
			return -1;
		len++;
	}
	mnl_attr_put(nlh, type, len, buf);
	return 0;
}

static int put_attr(struct nlmsghdr *nlh, const char *arg)
{
	const char *val = strchr(arg, '=');
	size_t klen;
	unsigned long v;

	if (!val)
		return -1;
	klen = val - arg;
	val++;
#define KEY(k) (klen == strlen(k) && !strncmp(arg, k, klen))
	if (KEY("local"))
		return put_addr(nlh, IFLA_PODOL_LOCAL, val);
	if (KEY("local6"))
		return put_addr(nlh, IFLA_PODOL_LOCAL6, val);
	if (KEY("raw"))
		return put_raw(nlh, val);
	v = strtoul(val, NULL, 0);
	if (KEY("port"))
		mnl_attr_put_u16(nlh, IFLA_PODOL_PORT, htons(v));
	else if (KEY("id"))
		mnl_attr_put_u32(nlh, IFLA_PODOL_ID, v);
	else if (KEY("link"))
		mnl_attr_put_u32(nlh, IFLA_PODOL_LINK, v);
	else if (KEY("ttl"))
		mnl_attr_put_u8(nlh, IFLA_PODOL_TTL, v);
	else if (KEY("ttl_inherit"))
		mnl_attr_put_u8(nlh, IFLA_PODOL_TTL_INHERIT, v);
	else if (KEY("tos"))
		mnl_attr_put_u8(nlh, IFLA_PODOL_TOS, v);
	else if (KEY("udp_csum"))
		mnl_attr_put_u8(nlh, IFLA_PODOL_UDP_CSUM, v);
	else
		return -1;
#undef KEY
	return 0;
}

/* The extack message of an error ack, or NULL. */
static const char *extack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*err);
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += mnl_nlmsg_get_payload_len(&err->msg);
	mnl_attr_for_each(a, nlh, off) {
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			return mnl_attr_get_str(a);
	}
	return NULL;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)data = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

struct dump_state {
	int intr;
};

static int dev_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	(void)data;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == PODOL_A_IFINDEX)
			printf("%u\n", mnl_attr_get_u32(a));
	return MNL_CB_OK;
}

/*
 * Sends @nlh and runs @cb on each message of the answer, up to NLMSG_DONE
 * or an ack; @pause runs after the first part. Not mnl_cb_run(): it stops
 * at the first message flagged NLM_F_DUMP_INTR, and we want the whole
 * dump. Returns 0, or -1 on an error.
 */
static int talk(struct mnl_socket *nl, struct nlmsghdr *req, mnl_cb_t cb,
		void *data, const char *pause)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int seq = req->nlmsg_seq;
	struct nlmsghdr *nlh;
	ssize_t got;
	int len;

	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
		return -1;
	for (;;) {
		got = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (got < 0)
			return -1;
		len = got;
		for (nlh = (struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			/* NLMSG_DONE carries the flag too. */
			if (cb == dev_cb && nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				((struct dump_state *)data)->intr = 1;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

				errno = -e->error;
				return e->error ? -1 : 0;
			}
			cb(nlh, data);
			if (!(nlh->nlmsg_flags & NLM_F_MULTI))
				return 0;
		}
		if (pause) {
			fflush(stdout);
			if (system(pause))
				return -1;
			pause = NULL;
		}
	}
}

static int dump(const char *pause)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct dump_state st = { 0 };
	struct genlmsghdr *g;
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	uint16_t id = 0;

	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("podol_nl: netlink");
		return 1;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = time(NULL);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, PODOL_GENL_NAME);
	if (talk(nl, nlh, family_cb, &id, NULL) < 0 || !id) {
		perror("podol_nl: no podol genl family");
		return 1;
	}

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = time(NULL) + 1;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = PODOL_CMD_DEV_GET;
	g->version = PODOL_GENL_VERSION;
	if (talk(nl, nlh, dev_cb, &st, pause) < 0) {
		perror("podol_nl: dump");
		return 1;
	}
	mnl_socket_close(nl);
	printf("intr %d\n", st.intr);
	return 0;
}

int main(int argc, char **argv)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlattr *linkinfo, *data;
	const struct nlmsgerr *err;
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	unsigned int seq;
	int one = 1, i;
	ssize_t len;

	if (argc >= 2 && argc <= 3 && !strcmp(argv[1], "dump"))
		return dump(argv[2]);
	if (argc < 3 || (strcmp(argv[1], "add") && strcmp(argv[1], "set")))
		return usage();

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (!strcmp(argv[1], "add"))
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	nlh->nlmsg_seq = seq = time(NULL);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, argv[2]);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "podol");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	for (i = 3; i < argc; i++) {
		if (put_attr(nlh, argv[i])) {
			fprintf(stderr, "podol_nl: bad attribute \"%s\"\n", argv[i]);
			return usage();
		}
	}
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);

	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("podol_nl: netlink");
		return 1;
	}
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("podol_nl: send");
		return 1;
	}
	len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	mnl_socket_close(nl);
	nlh = (struct nlmsghdr *)buf;
	if (len < 0 || !mnl_nlmsg_ok(nlh, len) || nlh->nlmsg_type != NLMSG_ERROR ||
	    nlh->nlmsg_seq != seq) {
		fprintf(stderr, "podol_nl: no answer from the kernel\n");
		return 1;
	}
	err = mnl_nlmsg_get_payload(nlh);
	if (!err->error) {
		printf("accepted\n");
		return 0;
	}
	printf("refused: %s: %s\n", strerror(-err->error),
	       extack_msg(nlh) ?: "(no message)");
	return 1;
}
