/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol_nlfuzz's netlink: sockets, one request and its answer (with the
 * extack message), and what the tests read and restore of a device: its
 * table, its link attributes.
 */
#ifndef PODOL_NLFUZZ_NL_H
#define PODOL_NLFUZZ_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "nlfuzz/model.h"
#include "nlfuzz/msg.h"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK		10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK		11
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED		0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS		0x200
#endif
#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG	1
#endif
#define RBUF_SIZE		(256 * 1024)

/* An ifindex no device has. */
#define NOSUCH_IFINDEX		0x7ffffff0

/* The device the newlink cases try to create, and its port. */
#define CREATE_NAME		"podfz0"
#define CREATE_PORT		6470
/* Netlink sockets */

struct answer {
	int error;		/* 0 accepted, -errno refused, 1 no answer */
	char msg[512];		/* the extack message, "" if none */
	unsigned int replies;	/* data messages before the end */
};

typedef void (*reply_fn)(const struct nlmsghdr *nlh, void *data);

struct nl {
	struct mnl_socket *sock;
	unsigned int seq;
};

/* The state of the world */

struct dev {
	const char *name;
	uint32_t ifindex;
	uint16_t port;		/* host order */
	struct blob info;	/* IFLA_INFO_DATA's payload, as RTM_GETLINK says */
};

struct fz {
	struct nl genl, rtnl;
	uint16_t family;
	uint32_t lo;
	struct msg m, big;
	bool verbose;
	bool quick;	/* no case of tens of thousands of nodes */
	const char *cases;	/* the cases file; NULL: beside the program */
};

void nl_open(struct nl *nl, int bus);

/* Sends m, reads the answer into ans, each data reply to fn; 0 or -1. */
int talk(struct nl *nl, struct msg *m, struct answer *ans, reply_fn fn,
	 void *data);

const char *err_name(int err);

void genl_begin(struct fz *f, struct msg *m, uint8_t cmd, uint16_t flags);

void get_family(struct fz *f);

int table_dump(struct fz *f, const struct dev *d, struct blob *raw,
	       struct mtable *t);

int table_fp(struct fz *f, const struct dev *d, struct blob *b);

int link_get(struct fz *f, uint32_t ifindex, const char *name,
	     struct blob *fp, struct blob *info);

int link_fp(struct fz *f, uint32_t ifindex, struct blob *fp,
	    struct blob *info);

bool link_exists(struct fz *f, const char *name);

void dev_init(struct fz *f, struct dev *d, const char *name);

void rtm_begin(struct msg *m, uint16_t type, uint16_t flags,
	       int ifindex);

int link_restore(struct fz *f, const struct dev *d);

int link_del(struct fz *f, const char *name);

#endif
