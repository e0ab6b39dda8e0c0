/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpodol: the node, podol's one model of a remote node: its underlay
 * address, port, pod CIDRs and, in replies, its device and counters. The
 * same struct is what a user asks for (add, change, replace) and what the
 * kernel answers (NODE_GET), with its netlink encoding and decoding, and
 * the requests about nodes.
 */
#ifndef LIBPODOL_NODE_H
#define LIBPODOL_NODE_H

#include <net/if.h>

#include "addr.h"
#include "nl.h"
#include "stats.h"

struct podol_node {
	char dev[IFNAMSIZ];		/* in replies: the node's device */
	struct podol_addr remote;
	uint16_t port;			/* host order; 0: the device's */
	unsigned int ncidrs;
	struct podol_cidr *cidrs;	/* decoded: malloc()ed */
	bool has_stats;			/* in replies */
	struct podol_stats stats;
};

/* Nodes as replies bring them: a device's in address order. */
struct podol_node_list {
	struct podol_node *v;
	size_t n;
	size_t cap;
	size_t mark;			/* where the current dump started */
};

/* Frees the nodes' CIDR arrays and the list. */
void podol_node_list_free(struct podol_node_list *l);

/* The bytes podol_node_put() takes in a message. */
size_t podol_node_attr_size(const struct podol_node *n);
/* @n as a PODOL_A_NODE nest: remote, port if not 0, its CIDRs. */
void podol_node_put(struct podol_msg *m, const struct podol_node *n);
/*
 * A PODOL_A_NODE nest into @n (zeroed first; n->dev is left alone). Its
 * cidrs are malloc()ed: free(n->cidrs), also after a failure.
 */
int podol_node_parse(struct podol_nl *nl, const struct nlattr *nest,
		     struct podol_node *n);
/* A NODE_GET reply, appended to the podol_node_list @data. */
int podol_node_reply(struct podol_nl *nl, const struct nlmsghdr *nlh,
		     void *data);

/*
 * A request about one node of @dev, answered with an ack: @cmd is
 * PODOL_CMD_NODE_ADD, _CHANGE (the node in full) or _DEL (its remote),
 * or PODOL_CMD_NODE_FLUSH with @n NULL.
 */
int podol_node_request(struct podol_nl *nl, uint8_t cmd, const char *dev,
		       const struct podol_node *n);
/*
 * NODE_REPLACE: @dev's table becomes the @count @nodes, atomically. If
 * the kernel refused and blamed a node, *@blamed is its index, else -1.
 */
int podol_node_replace(struct podol_nl *nl, const char *dev,
		       const struct podol_node *nodes, size_t count,
		       long *blamed);
/* The node of @dev whose remote is @key's, appended to @l. */
int podol_node_get(struct podol_nl *nl, const char *dev,
		   const struct podol_node *key, struct podol_node_list *l);
/* @dev's nodes, appended to @l in address order. */
int podol_node_dump(struct podol_nl *nl, const char *dev,
		    struct podol_node_list *l);
/*
 * Every podol device's nodes, device by device in the kernel's order; a
 * device deleted meanwhile has none.
 */
int podol_node_dump_all(struct podol_nl *nl, struct podol_node_list *l);

#endif /* LIBPODOL_NODE_H */
