// SPDX-License-Identifier: GPL-2.0
/*
 * podol_nl: sends RTM_NEWLINK for a podol device with exactly the
 * attributes it is given, right or wrong, bypassing the iproute2 plugin's
 * checks, and prints the kernel's answer with its extack message.
 *
 *   podol_nl add|set IFNAME [ATTR=VALUE]...
 *
 * ATTR is port (be16), id, link (u32), ttl, ttl_inherit, tos, udp_csum,
 * fast (u8), local, local6 (an address of either family, whatever the
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

#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "lib/dev.h"

/* The most bytes of one raw=TYPE:HEXBYTES attribute. */
#define RAW_MAX	256

static int usage(void)
{
	fprintf(stderr, "usage: podol_nl add|set IFNAME [ATTR=VALUE]...\n"
			"       podol_nl dump [COMMAND]\n");
	return 2;
}

static int put_addr(struct podol_msg *m, int type, const char *s)
{
	struct podol_addr a;

	if (podol_parse_addr(s, &a))
		return -1;
	podol_put(m, type, podol_addr_len(&a), a.bytes);
	return 0;
}

static int put_raw(struct podol_msg *m, const char *s)
{
	unsigned char buf[RAW_MAX];
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
	podol_put(m, type, len, buf);
	return 0;
}

static int put_attr(struct podol_msg *m, const char *arg)
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
		return put_addr(m, IFLA_PODOL_LOCAL, val);
	if (KEY("local6"))
		return put_addr(m, IFLA_PODOL_LOCAL6, val);
	if (KEY("raw"))
		return put_raw(m, val);
	v = strtoul(val, NULL, 0);
	if (KEY("port"))
		podol_put_u16(m, IFLA_PODOL_PORT, htons(v));
	else if (KEY("id"))
		podol_put_u32(m, IFLA_PODOL_ID, v);
	else if (KEY("link"))
		podol_put_u32(m, IFLA_PODOL_LINK, v);
	else if (KEY("ttl"))
		podol_put_u8(m, IFLA_PODOL_TTL, v);
	else if (KEY("ttl_inherit"))
		podol_put_u8(m, IFLA_PODOL_TTL_INHERIT, v);
	else if (KEY("tos"))
		podol_put_u8(m, IFLA_PODOL_TOS, v);
	else if (KEY("udp_csum"))
		podol_put_u8(m, IFLA_PODOL_UDP_CSUM, v);
	else if (KEY("fast"))
		podol_put_u8(m, IFLA_PODOL_FAST, v);
	else if (KEY("direct"))
		podol_put_u8(m, IFLA_PODOL_DIRECT, v);
	else
		return -1;
#undef KEY
	return 0;
}

/*
 * The dump, one datagram at a time: the ifindexes of each part are
 * printed as it comes, and @pause runs after the first, before the rest
 * is asked for. Not podol_nl_dump(): it runs an interrupted dump again,
 * and the flag is what we want to see.
 */
static int dump(const char *pause)
{
	struct podol_dev_list l = { NULL };
	struct podol_nl nl;
	struct podol_msg m = { NULL };
	bool intr = false;
	size_t printed = 0;
	ssize_t len;
	int ret;

	ret = podol_nl_open(&nl);
	if (!ret)
		ret = podol_nl_msg(&m, &nl, PODOL_CMD_DEV_GET, NLM_F_DUMP, 0);
	if (ret)
		goto out;
	m.nlh->nlmsg_seq = ++nl.seq;
	if (mnl_socket_sendto(nl.sock, m.nlh, m.nlh->nlmsg_len) < 0) {
		ret = podol_nl_fail(&nl, -errno, "cannot send to the kernel: %s",
				    strerror(errno));
		goto out;
	}
	do {
		len = mnl_socket_recvfrom(nl.sock, nl.rbuf, nl.rbuf_size);
		if (len < 0) {
			ret = podol_nl_fail(&nl, -errno,
					    "cannot read the kernel's answer: %s",
					    strerror(errno));
			break;
		}
		ret = podol_nl_walk(&nl, m.nlh, nl.rbuf, len, podol_dev_reply,
				    &l, &intr);
		for (; printed < l.n; printed++)
			printf("%u\n", l.v[printed].ifindex);
		if (pause && ret > 0) {
			fflush(stdout);
			if (system(pause)) {
				ret = podol_nl_fail(&nl, -ECANCELED,
						    "\"%s\" failed", pause);
				break;
			}
			pause = NULL;
		}
	} while (ret > 0);
	if (!ret)
		printf("intr %d\n", intr);
out:
	if (ret)
		fprintf(stderr, "podol_nl: dump: %s\n",
			nl.error[0] ? nl.error : strerror(-ret));
	podol_msg_free(&m);
	podol_dev_list_free(&l);
	podol_nl_close(&nl);
	return ret ? 1 : 0;
}

/* RTM_NEWLINK for IFNAME with the attributes of @argv, answered. */
static int newlink(int argc, char **argv)
{
	struct nlattr *linkinfo, *data;
	struct ifinfomsg *ifm;
	struct podol_msg m;
	struct podol_nl nl;
	uint16_t flags = NLM_F_ACK;
	size_t size;
	int i, ret;

	if (!strcmp(argv[1], "add"))
		flags |= NLM_F_CREATE | NLM_F_EXCL;
	/* Room for each attribute as the largest one can be. */
	size = podol_attr_size(strlen(argv[2]) + 1) + 2 * MNL_ATTR_HDRLEN +
	       podol_attr_size(sizeof("podol")) +
	       (argc - 3) * podol_attr_size(RAW_MAX);
	if (podol_msg_new_hdr(&m, RTM_NEWLINK, flags, sizeof(*ifm), size)) {
		fprintf(stderr, "podol_nl: out of memory\n");
		return 1;
	}
	ifm = mnl_nlmsg_get_payload(m.nlh);
	ifm->ifi_family = AF_UNSPEC;
	podol_put_strz(&m, IFLA_IFNAME, argv[2]);
	linkinfo = podol_nest_start(&m, IFLA_LINKINFO);
	podol_put_strz(&m, IFLA_INFO_KIND, "podol");
	data = podol_nest_start(&m, IFLA_INFO_DATA);
	for (i = 3; i < argc; i++) {
		if (put_attr(&m, argv[i])) {
			fprintf(stderr, "podol_nl: bad attribute \"%s\"\n", argv[i]);
			podol_msg_free(&m);
			return usage();
		}
	}
	podol_nest_end(&m, data);
	podol_nest_end(&m, linkinfo);

	ret = podol_nl_open_route(&nl);
	if (!ret)
		ret = podol_nl_talk(&nl, &m, NULL, NULL, NULL);
	podol_msg_free(&m);
	if (!ret)
		printf("accepted\n");
	else if (podol_nl_is_refusal(&nl, ret))
		printf("refused: %s: %s\n", strerror(-ret),
		       nl.extack[0] ? nl.extack : "(no message)");
	else
		fprintf(stderr, "podol_nl: %s\n", nl.error);
	podol_nl_close(&nl);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && argc <= 3 && !strcmp(argv[1], "dump"))
		return dump(argv[2]);
	if (argc < 3 || (strcmp(argv[1], "add") && strcmp(argv[1], "set")))
		return usage();
	return newlink(argc, argv);
}
