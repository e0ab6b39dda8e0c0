/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpodol: generic netlink for the "podol" family, on libmnl.
 *
 * One socket (struct podol_nl), requests built in buffers sized for them
 * (struct podol_msg, whose builders refuse to overflow), and one loop that
 * reads the answer: replies to a callback, then the ack or the end of a
 * dump, with the kernel's extack message and the offset of the attribute
 * it blamed.
 *
 * Every function returns 0 or -errno. A failure the kernel reported (a
 * refusal) leaves nl->error empty and its extack in nl->extack; any other
 * failure (no memory, a reply that makes no sense, a socket error) leaves
 * its message in nl->error. podol_nl_is_refusal() tells the two apart.
 */
#ifndef LIBPODOL_NL_H
#define LIBPODOL_NL_H

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/podol.h>

struct podol_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
	uint16_t family;	/* id of the "podol" family */
	char *rbuf;
	size_t rbuf_size;
	char error[256];	/* what failed, if not the kernel's refusal */
	/*
	 * The extack message of the kernel's last answer, or "": a refusal's
	 * reason, or a warning that came with an ack.
	 */
	char extack[256];
	/*
	 * Where in the request is the attribute that refusal blamed, in
	 * bytes from its nlmsghdr (NLMSGERR_ATTR_OFFS); 0 if none was.
	 */
	uint32_t bad_attr;
	/* Dumps that stayed interrupted (NLM_F_DUMP_INTR) after all tries. */
	unsigned int inconsistent_dumps;
};

/* A request. Its buffer is allocated for the attributes it will hold. */
struct podol_msg {
	char *buf;
	size_t size;
	struct nlmsghdr *nlh;
	bool overflow;		/* an attribute did not fit: a sizing bug */
};

/* The bytes an attribute with @len bytes of payload takes. */
static inline size_t podol_attr_size(size_t len)
{
	return MNL_ATTR_HDRLEN + MNL_ALIGN(len);
}

/*
 * Opens a socket in the current netns (extended and capped acks on) and
 * resolves the family; -ENOENT with a message if podol is not loaded.
 * podol_nl_close() cleans up after a failure too.
 */
int podol_nl_open(struct podol_nl *nl);
/*
 * The same for rtnetlink (no family to resolve): for requests the
 * iproute2 plugin would check first, sent as they are by the test helpers.
 */
int podol_nl_open_route(struct podol_nl *nl);
void podol_nl_close(struct podol_nl *nl);

/* Records a failure's message in nl->error; returns @err. */
int podol_nl_fail(struct podol_nl *nl, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A reply that makes no sense: "bad reply from the kernel: @what". */
int podol_nl_bad_reply(struct podol_nl *nl, const char *what);
/*
 * Room for one more of the @n elements of @size bytes in *@v, whose
 * capacity *@cap doubles as needed (from @first): the free slot, zeroed,
 * or NULL with "out of memory" in nl->error.
 */
void *podol_nl_grow(struct podol_nl *nl, void **v, size_t *cap, size_t n,
		    size_t size, size_t first);
/* Whether @err (< 0) is the kernel refusing a request. */
bool podol_nl_is_refusal(const struct podol_nl *nl, int err);

/*
 * A request of @type (a family id) for @cmd, with room for @attr_bytes of
 * attributes (sum podol_attr_size() and the encoders' *_size()).
 */
int podol_msg_new(struct podol_msg *m, uint16_t type, uint16_t flags,
		  uint8_t cmd, uint8_t version, size_t attr_bytes);
/*
 * A request of @type with a fixed header of @hdr_len bytes (zeroed, at
 * mnl_nlmsg_get_payload(m->nlh)) instead of genl's: rtnetlink's.
 */
int podol_msg_new_hdr(struct podol_msg *m, uint16_t type, uint16_t flags,
		      size_t hdr_len, size_t attr_bytes);
/* A podol request. */
int podol_nl_msg(struct podol_msg *m, struct podol_nl *nl, uint8_t cmd,
		 uint16_t flags, size_t attr_bytes);
void podol_msg_free(struct podol_msg *m);

/*
 * Attribute builders. One that does not fit sets m->overflow, writes
 * nothing, and makes podol_nl_talk() refuse to send: a sizing bug never
 * goes out as a truncated request.
 */
void podol_put(struct podol_msg *m, uint16_t type, size_t len,
	       const void *data);
void podol_put_u8(struct podol_msg *m, uint16_t type, uint8_t val);
void podol_put_u16(struct podol_msg *m, uint16_t type, uint16_t val);
void podol_put_u32(struct podol_msg *m, uint16_t type, uint32_t val);
void podol_put_strz(struct podol_msg *m, uint16_t type, const char *s);
/* A nest; one longer than 64 KiB (nla_len is 16 bits) is an overflow. */
struct nlattr *podol_nest_start(struct podol_msg *m, uint16_t type);
void podol_nest_end(struct podol_msg *m, struct nlattr *nest);

/* Called for each reply message; returns 0 or -errno (podol_nl_fail()). */
typedef int (*podol_reply_cb)(struct podol_nl *nl, const struct nlmsghdr *nlh,
			      void *data);

/*
 * Sends @m and reads the answer up to its ack, or to the end of the dump,
 * passing each reply (any message but netlink's own: NLMSG_*) to @cb
 * (may be NULL). *@intr, if given,
 * tells whether a dump was interrupted (NLM_F_DUMP_INTR).
 */
int podol_nl_talk(struct podol_nl *nl, struct podol_msg *m, podol_reply_cb cb,
		  void *data, bool *intr);

/*
 * A dump, run again while the kernel says the table changed during it, a
 * few times; @reset forgets what @cb collected in an earlier run. After
 * the last try, it counts nl->inconsistent_dumps and returns 0.
 */
int podol_nl_dump(struct podol_nl *nl, struct podol_msg *m, podol_reply_cb cb,
		  void (*reset)(void *data), void *data);

/*
 * One datagram of the answer to @req: 0 or -errno at its end (an ack, an
 * error, NLMSG_DONE), 1 if the answer goes on in the next datagram.
 * podol_nl_talk()'s loop; exposed for tests, and for a caller that acts
 * between the datagrams of a dump (podol_nl dump COMMAND).
 */
int podol_nl_walk(struct podol_nl *nl, const struct nlmsghdr *req,
		  const void *buf, int len, podol_reply_cb cb, void *data,
		  bool *intr);

/*
 * Called with the answer to the @i-th request of a batch: 0 (acked) or
 * -errno, with the kernel's extack in nl->extack. Returns 0 to read on,
 * or -errno (podol_nl_fail()) to stop.
 */
typedef int (*podol_ack_cb)(struct podol_nl *nl, size_t i, int err,
			    void *data);

/*
 * Sends the @n requests of @msgs (each with NLM_F_ACK) in one datagram and
 * reads their @n acks, passing each to @cb. Replies other than acks are a
 * bad reply. 0, or the failure that stopped it (a refusal is @cb's to
 * judge, not a failure).
 */
int podol_nl_batch(struct podol_nl *nl, struct podol_msg *msgs, size_t n,
		   podol_ack_cb cb, void *data);

/*
 * One datagram of a batch's answer, whose requests have sequence numbers
 * @first_seq to @first_seq + @n - 1: counts the acks in *@got; 0 or
 * -errno. podol_nl_batch()'s loop; exposed for tests.
 */
int podol_nl_walk_acks(struct podol_nl *nl, uint32_t first_seq, size_t n,
		       const void *buf, int len, podol_ack_cb cb, void *data,
		       size_t *got);

/*
 * Which of @m's top-level attributes of @type the kernel blamed when it
 * refused @m, counting from 0: the attribute itself, or one nested in it.
 * -1 if it blamed another attribute, or none.
 */
long podol_nl_blamed(const struct podol_nl *nl, const struct podol_msg *m,
		     uint16_t type);

/*
 * Reply attributes into @tb (max + 1 entries, zeroed by the caller):
 * types in @policy are checked for their size, types above @max (a newer
 * kernel's) skipped. 0 or -EBADMSG.
 */
int podol_parse_genl(struct podol_nl *nl, const struct nlmsghdr *nlh,
		     const struct nlattr **tb, unsigned int max,
		     const enum mnl_attr_data_type *policy);
int podol_parse_nest(struct podol_nl *nl, const struct nlattr *nest,
		     const struct nlattr **tb, unsigned int max,
		     const enum mnl_attr_data_type *policy);

#endif /* LIBPODOL_NL_H */
