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
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/podol.h>
#include <linux/rtnetlink.h>

#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG 1
#endif

static int usage(void)
{
	fprintf(stderr, "usage: podol_nl add|set IFNAME [ATTR=VALUE]...\n");
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
