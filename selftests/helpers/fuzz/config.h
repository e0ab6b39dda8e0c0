/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol_fuzz's model of the receiver and of a packet: what the options
 * say about the receiver's table, the packet classes and the verdicts.
 */
#ifndef PODOL_FUZZ_CONFIG_H
#define PODOL_FUZZ_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HDR_LEN		8	/* sizeof(struct podolhdr) */
#define PAYLOAD_MAX	1400	/* UDP payload: never fragmented on a 1500 MTU */
#define PAD_MAX		64	/* bytes a class may append to a packet */
#define INNER_ROOM	(PAYLOAD_MAX - HDR_LEN - PAD_MAX)
#define BATCH_MAX	1024
#define NODES_MAX	8
#define PREFIXES_MAX	8
#define JOBS_MAX	16
#define SEND_TRIES	6	/* per packet, sleeping 2, 4, 8... ms between */
#define ECHO_WAIT_MS	1000	/* for one pacing echo, before sending another */
#define ECHO_TRIES	30
#define DISCARD_PORT	9
#define PROTO_TEST	253	/* RFC 3692: for experiments */

enum { V4, V6, NR_FAMS };

enum fuzz_class {
	C_VALID,
	C_RANDOM,
	C_RANDOM_INNER,
	C_TRUNCATED,
	C_VERSION,
	C_RESERVED,
	C_NETWORK_ID,
	C_UNKNOWN_NODE,
	C_PROTOCOL,
	C_INNER_LENGTH,
	C_IPV4_OPTIONS,
	C_IPV4_FRAGMENT,
	C_IPV6_EXTENSION,
	C_NOT_OWNED,
	C_ECN,
	C_BITFLIP,
	NR_CLASSES
};

/* Shares per mille of the packets, when every class is possible. */
struct fuzz_class_info {
	const char *name;
	unsigned int weight;
};

extern const struct fuzz_class_info classes[NR_CLASSES];

/* What podol must do with a packet: deliver it, or drop it for a reason. */
enum verdict {
	V_DELIVERED,
	V_DOWN,
	V_SHORT,
	V_VERSION,
	V_RESERVED,
	V_NETWORK_ID,
	V_UNKNOWN_NODE,
	V_NOT_OWNED,
	V_BAD_INNER,
	V_ECN,
	V_SPOOFED_LOCAL,	/* never: the receiver has no local CIDRs */
	NR_VERDICTS
};

/* The names podolctl -j stats uses for the drop reasons. */
extern const char *const verdict_names[NR_VERDICTS];

/* How an inner packet is built before a class mutates it. */
enum shape { SHAPE_PLAIN, SHAPE_OPTIONS, SHAPE_FRAGMENT, SHAPE_EXTENSION };

struct prefix {
	unsigned char addr[16];
	unsigned int len;
};

/* A node of the receiver's table; its address is one of this host's. */
struct node {
	int fam;
	unsigned char addr[16];
	struct prefix pfx[NR_FAMS][PREFIXES_MAX];
	unsigned int npfx[NR_FAMS];
};

struct config {
	unsigned char to[NR_FAMS][16];
	bool has_to[NR_FAMS];
	unsigned int port;
	uint32_t id;
	struct node node[NODES_MAX];
	unsigned int nnodes;
	int sender[NR_FAMS];		/* node sending over each family; -1 */
	unsigned char stranger[NR_FAMS][16];
	bool has_stranger[NR_FAMS];
	unsigned char dst[NR_FAMS][16];
	bool has_dst[NR_FAMS];
	unsigned long count, first;
	uint64_t seed;
	bool has_seed;
	unsigned int batch, jobs;
	unsigned long seconds;		/* the time limit, 0: none */
	double deadline;		/* when it ends, on CLOCK_MONOTONIC */
	int only;			/* one class, or -1 */
	bool hex;
	unsigned int weight[NR_CLASSES];	/* 0: impossible here */
	unsigned int weight_sum;
};

struct pkt {
	unsigned char buf[PAYLOAD_MAX];
	size_t len;
	int ofam;			/* outer family */
	int from;			/* sending node, -1: the stranger */
	int tos;			/* outer TOS / traffic class */
	enum fuzz_class class;
	enum verdict verdict;
	size_t inner_len;		/* bytes podol delivers, if it does */
};

/* One job's results, in memory shared with the parent. */
struct totals {
	unsigned long sent[NR_CLASSES];
	unsigned long sent_fam[NR_FAMS];	/* by outer family */
	unsigned long refused[NR_CLASSES];
	unsigned long verdict[NR_VERDICTS];
	unsigned long long rx_bytes;
	bool stopped;			/* at the time limit */
};

/* Address length and address family of V4 or V6. */
int alen(int fam);
int af(int fam);

#endif
