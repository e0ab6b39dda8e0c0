/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink side of podolctl: one socket, the "podol" family,
 * requests built in buffers sized for them, answers with their extack.
 */
#ifndef PODOLCTL_NL_H
#define PODOLCTL_NL_H

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "podolctl.h"

struct nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
	uint16_t family;	/* id of the "podol" family */
	char *rbuf;
	size_t rbuf_size;
	char extack[256];	/* the message of the kernel's last refusal, or "" */
	/*
	 * Where in the request is the attribute that refusal blamed, in
	 * bytes from its nlmsghdr (NLMSGERR_ATTR_OFFS); 0 if none was.
	 */
	uint32_t bad_attr;
};

/* A request. Its buffer is allocated for the attributes it will hold. */
struct nl_msg {
	char *buf;
	size_t size;
	struct nlmsghdr *nlh;
	bool overflow;		/* an attribute did not fit: a sizing bug */
};

/* The bytes an attribute with @len bytes of payload takes. */
static inline size_t attr_size(size_t len)
{
	return MNL_ATTR_HDRLEN + MNL_ALIGN(len);
}

/* Opens the socket and resolves the family. nl_close() cleans up after a failure too. */
int nl_open(struct nl *nl);
void nl_close(struct nl *nl);

/* A podol request for @cmd with room for @attr_bytes of attributes. */
int nl_msg_new(struct nl_msg *m, const struct nl *nl, uint8_t cmd,
	       uint16_t flags, size_t attr_bytes);
void nl_msg_free(struct nl_msg *m);

void msg_put(struct nl_msg *m, uint16_t type, size_t len, const void *data);
void msg_put_u8(struct nl_msg *m, uint16_t type, uint8_t val);
void msg_put_u16(struct nl_msg *m, uint16_t type, uint16_t val);
void msg_put_u32(struct nl_msg *m, uint16_t type, uint32_t val);
void msg_put_strz(struct nl_msg *m, uint16_t type, const char *s);
struct nlattr *msg_nest_start(struct nl_msg *m, uint16_t type);
void msg_nest_end(struct nl_msg *m, struct nlattr *nest);

/*
 * Called for each reply of a request. Returns MNL_CB_OK, or MNL_CB_ERROR
 * after reporting what is wrong.
 */
typedef int (*nl_reply_cb)(const struct nlmsghdr *nlh, void *data);

/*
 * Sends @m and reads the answer up to its ack, or to the end of the dump.
 * Returns 0, RC_FAIL after reporting a failure, or -errno when the kernel
 * refused (its extack message, if any, is in nl->extack, and the attribute
 * it blamed in nl->bad_attr). *@intr, if
 * given, tells whether the dump was interrupted (NLM_F_DUMP_INTR).
 */
int nl_talk(struct nl *nl, struct nl_msg *m, nl_reply_cb cb, void *data,
	    bool *intr);

/*
 * A dump, run again while the kernel says the table changed during it,
 * a few times; @reset forgets what @cb collected from an earlier run.
 */
int nl_dump(struct nl *nl, struct nl_msg *m, nl_reply_cb cb,
	    void (*reset)(void *data), void *data);

/* Reports a refusal (-errno from nl_talk()); returns RC_FAIL. */
int nl_refused(const struct nl *nl, int err);
/* The same, about the words of @src: "FILE:LINE: kernel refused: ...". */
int nl_refused_at(const struct nl *nl, const struct src *src, int err);

/*
 * Which of @m's top-level attributes of @type the kernel blamed when it
 * refused @m, counting from 0: the attribute itself, or one nested in it.
 * -1 if it blamed another attribute, or none.
 */
long nl_blamed(const struct nl *nl, const struct nl_msg *m, uint16_t type);

/* Reply attributes: known types are checked against @policy. */
int parse_genl(const struct nlmsghdr *nlh, const struct nlattr **tb,
	       unsigned int max, const enum mnl_attr_data_type *policy);
int parse_nest(const struct nlattr *nest, const struct nlattr **tb,
	       unsigned int max, const enum mnl_attr_data_type *policy);

/* Reports a reply podolctl cannot understand; returns MNL_CB_ERROR. */
int bad_reply(const char *what);

#endif /* PODOLCTL_NL_H */
