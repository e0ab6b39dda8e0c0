/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podolctl: manages the node table of podol devices over the "podol"
 * generic netlink family (include/uapi/linux/podol.h).
 */
#ifndef PODOLCTL_H
#define PODOLCTL_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include <linux/podol.h>

#define PODOLCTL_VERSION	"0.1.0"

/* Exit statuses; functions return one of these (0 = success). */
#define RC_OK		0
#define RC_FAIL		1	/* the command failed */
#define RC_USAGE	2	/* the command line is wrong; nothing was sent */

#define PRINTF(a, b)	__attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Global options. */
struct opts {
	bool json;
	bool pretty;
	const char *netns;
};

extern struct opts opts;

/* Where the words being parsed come from: the command line or a file. */
struct src {
	const char *file;	/* NULL: the command line */
	unsigned int line;
};

void pr_err(const char *fmt, ...) PRINTF(1, 2);
void pr_warn(const char *fmt, ...) PRINTF(1, 2);
/* An error about a word from @src: "podolctl: FILE:LINE: ..." for a file. */
void pr_err_at(const struct src *src, const char *fmt, ...) PRINTF(2, 3);

/* Keyword matching: a unique prefix of a name selects its id (0..63). */
struct keyword {
	const char *name;
	int id;
};

/*
 * The id of the keyword @arg names among the @n entries of @kw whose bit
 * is set in @allow, or -1 after an error naming @what ("command", ...).
 * Several names may share an id (aliases); a prefix is ambiguous only if
 * it selects different ids.
 */
int match_keyword(const struct src *src, const char *what, const char *arg,
		  const struct keyword *kw, size_t n, unsigned long allow);

/* Addresses and prefixes, in network byte order. */
struct addr {
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t bytes[16];
};

struct cidr {
	struct addr addr;
	uint8_t len;
};

static inline size_t addr_len(const struct addr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

/* A node as given on the command line or on a line of a replace file. */
struct node_spec {
	struct addr remote;
	uint16_t port;		/* host order; 0: not given */
	unsigned int ncidrs;
	struct cidr *cidrs;	/* room for PODOL_MAX_NODE_CIDRS while parsing */
	unsigned int line;	/* in a replace file */
};

/* Arguments of node commands (and of lines of a replace file). */
enum {
	KW_DEV,
	KW_REMOTE,
	KW_CIDR,
	KW_PORT,
	KW_FILE,
};

#define KWF(kw)		(1UL << (kw))

struct node_args {
	const char *dev;
	const char *file;
	bool has_remote;
	struct node_spec node;
};

int parse_node_args(const struct src *src, int argc, char **argv,
		    unsigned long allow, struct node_args *a);
int parse_addr(const char *s, struct addr *a);
int parse_cidr(const struct src *src, const char *s, struct cidr *c);
void format_addr(const struct addr *a, char *buf, size_t size);
void format_cidr(const struct cidr *c, char *buf, size_t size);
int cmp_cidr(const struct cidr *a, const struct cidr *b);
/* Room format_cidr() needs, with its NUL. */
#define CIDR_STRLEN	(46 + 4)

/* A replace file, checked as a whole. */
struct node_file {
	const char *name;	/* for messages: its path, or "<stdin>" */
	struct node_spec *nodes;
	size_t n;
	size_t cap;
	size_t attr_bytes;	/* of its PODOL_A_NODE attributes, to send */
};

int read_node_file(const char *path, struct node_file *nf);
void free_node_file(struct node_file *nf);

/* The bytes a PODOL_A_NODE attribute for @n takes in a message. */
size_t node_attr_size(const struct node_spec *n);

/* A device name given by the user: it must exist here. */
int check_dev(const char *name);

/* Commands. */
int cmd_node(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_dev(int argc, char **argv);

#endif /* PODOLCTL_H */
