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

#include "lib/nl.h"
#include "nlfuzz/model.h"
#include "nlfuzz/msg.h"

/* An ifindex no device has. */
#define NOSUCH_IFINDEX		0x7ffffff0

/* The device the newlink cases try to create, and its port. */
#define CREATE_NAME		"podfz0"
#define CREATE_PORT		6470
/* Netlink sockets: libpodol's (socket, family, answer loop) */

struct answer {
	int error;		/* 0 accepted, -errno refused, 1 no answer */
	char msg[512];		/* the extack message, "" if none */
	unsigned int replies;	/* data messages before the end */
};

typedef void (*reply_fn)(const struct nlmsghdr *nlh, void *data);

/* The state of the world */

struct dev {
	const char *name;
	uint32_t ifindex;
	uint16_t port;		/* host order */
	struct blob info;	/* IFLA_INFO_DATA's payload, as RTM_GETLINK says */
};

struct fz {
	struct podol_nl genl, rtnl;	/* genl.family: podol's id */
	uint32_t lo;
	struct msg m, big;
	bool verbose;
	bool quick;	/* no case of tens of thousands of nodes */
	const char *cases;	/* the cases file; NULL: beside the program */
};

/* A socket on @bus (genl: podol's family resolved), or die(). */
void nl_open(struct podol_nl *nl, int bus);

/* Sends m, reads the answer into ans, each data reply to fn; 0 or -1. */
int talk(struct podol_nl *nl, struct msg *m, struct answer *ans, reply_fn fn,
	 void *data);

const char *err_name(int err);

void genl_begin(struct fz *f, struct msg *m, uint8_t cmd, uint16_t flags);

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
