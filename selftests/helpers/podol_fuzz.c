// SPDX-License-Identifier: GPL-2.0
/*
 * podol_fuzz: sends many UDP datagrams, mostly wrong, some right, to a
 * podol device's port, and says what podol must have done with each.
 *
 *   podol_fuzz --to ADDR --node ADDR=CIDR[,CIDR...] --inner-dst ADDR
 *              [options]
 *
 * Packets come in classes (random bytes, a valid packet truncated, bad
 * version, reserved bits, wrong network id, unknown sender, lying inner
 * lengths, IPv4 options and fragments, IPv6 extension headers, protocol
 * mismatches, ECN, bit flips, and fully valid ones). Each class starts
 * from a well-formed podol packet built from what the options say about
 * the receiver's table, then breaks it in its own way.
 *
 * The verdict of each packet (delivered, or the drop reason podol must
 * count) is computed from the bytes actually sent, by the rules of
 * doc/wire-format.md, and not from the class that meant to break it: a
 * mutation that happens to leave a packet valid is expected to be
 * delivered. A test compares these verdicts with podol's counters.
 *
 * Packet n's bytes depend only on the options, the seed and n, so any
 * one of them can be printed again with --first n --count 1 --hex. The
 * seed is printed first, and is random unless --seed gives it.
 *
 * Only datagrams that sendmsg accepted are counted. IP_RECVERR makes
 * the socket report a drop on the first hop (ENOBUFS) instead of hiding
 * it; such a packet is sent again, and one still refused after that is
 * counted apart. The sender is paced: after each batch (a sendmmsg call
 * per socket, see struct job) it sends an ICMP echo request to the receiver
 * along the same path, and it sends the batch after next only when that
 * echo came back. At most two batches are then in flight, far below the
 * receive backlog of any CPU, so none is lost on the way.
 *
 * Exit status: 0 sent (or printed), 1 socket, send or pacing failure,
 * 2 usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/podol.h>

#include "common/clock.h"
#include "common/opt.h"
#include "common/rng.h"
#include "fuzz/config.h"
#include "fuzz/packet.h"
#include "fuzz/send.h"

static const char usage_text[] =
"usage: podol_fuzz --to ADDR --node ADDR=CIDR[,CIDR...] --inner-dst ADDR\n"
"                  [options]\n"
"  --to ADDR             the receiver's underlay address; once per family\n"
"  --port N              its podol port (6464)\n"
"  --id N                its network id (0)\n"
"  --node ADDR=CIDR,...  a node in the receiver's table, with its pod\n"
"                        CIDRs; ADDR is an address of this host. The first\n"
"                        node of each family sends; the others are known\n"
"  --stranger ADDR       an address of this host the receiver does not\n"
"                        know; once per family\n"
"  --inner-dst ADDR      where valid inner packets go: a pod behind the\n"
"                        receiver; once per family\n"
"  --count N             packets to send (1000000)\n"
"  --first N             number of the first packet (0)\n"
"  --seed N              the seed (random, and printed)\n"
"  --class NAME          only this class of packets\n"
"  --batch N             packets per sendmmsg and pacing echo (128)\n"
"  --jobs N              sending processes (the CPUs online, at most 4)\n"
"  --seconds N           stop sending after N seconds, at the end of a\n"
"                        batch, even if fewer than --count were sent\n"
"  --hex                 print the packets instead of sending them\n"
"classes:";

static int usage(const char *fmt, const char *arg)
{
	unsigned int k;

	if (fmt) {
		fprintf(stderr, "podol_fuzz: ");
		fprintf(stderr, fmt, arg);
		fputc('\n', stderr);
	}
	fputs(usage_text, stderr);
	for (k = 0; k < NR_CLASSES; k++)
		fprintf(stderr, " %s", classes[k].name);
	fputc('\n', stderr);
	return 2;
}

static int get_addr(const char *s, int *fam, unsigned char *a)
{
	memset(a, 0, 16);
	if (inet_pton(AF_INET, s, a) == 1) {
		*fam = V4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a) == 1) {
		*fam = V6;
		return 0;
	}
	return -1;
}

/* One address per family, for the options that take one of each. */
static int get_fam_addr(const char *s, unsigned char (*a)[16], bool *has)
{
	unsigned char tmp[16];
	int fam;

	if (get_addr(s, &fam, tmp) || has[fam])
		return -1;
	memcpy(a[fam], tmp, 16);
	has[fam] = true;
	return 0;
}

static int get_prefix(char *s, struct node *n)
{
	char *slash = strchr(s, '/');
	unsigned long long len;
	struct prefix *pfx;
	unsigned char a[16];
	int fam;

	if (slash)
		*slash = '\0';
	if (get_addr(s, &fam, a))
		return -1;
	if (slash) {
		if (opt_num(slash + 1, 8 * alen(fam), &len))
			return -1;
	} else {
		len = 8 * alen(fam);
	}
	if (n->npfx[fam] == PREFIXES_MAX)
		return -1;
	pfx = &n->pfx[fam][n->npfx[fam]++];
	memcpy(pfx->addr, a, 16);
	pfx->len = len;
	return 0;
}

/* ADDR=CIDR,CIDR... */
static int get_node(char *s, struct config *c)
{
	char *eq = strchr(s, '='), *tok, *save;
	struct node *n;

	if (!eq || c->nnodes == NODES_MAX)
		return -1;
	*eq = '\0';
	n = &c->node[c->nnodes];
	memset(n, 0, sizeof(*n));
	if (get_addr(s, &n->fam, n->addr))
		return -1;
	for (tok = strtok_r(eq + 1, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (get_prefix(tok, n))
			return -1;
	c->nnodes++;
	return 0;
}

/* Which families and classes the options allow. */
static int settle(struct config *c)
{
	static const char no_cidr[] =
		"the node sending over %s has no CIDR of an --inner-dst family";
	unsigned int k, i;
	int f, g;

	for (f = 0; f < NR_FAMS; f++) {
		c->sender[f] = -1;
		for (i = 0; i < c->nnodes && c->has_to[f]; i++) {
			if (c->node[i].fam == f) {
				c->sender[f] = i;
				break;
			}
		}
		if (c->sender[f] < 0)
			continue;
		for (g = 0; g < NR_FAMS; g++)
			if (c->has_dst[g] && !c->node[c->sender[f]].npfx[g])
				return usage(no_cidr, f == V4 ? "IPv4" : "IPv6");
	}
	if (c->sender[V4] < 0 && c->sender[V6] < 0)
		return usage("no --node of a --to address's family", NULL);
	if (!c->has_dst[V4] && !c->has_dst[V6])
		return usage("--inner-dst is required", NULL);

	c->weight_sum = 0;
	for (k = 0; k < NR_CLASSES; k++) {
		c->weight[k] = classes[k].weight;
		if ((k == C_IPV4_OPTIONS || k == C_IPV4_FRAGMENT) && !c->has_dst[V4])
			c->weight[k] = 0;
		if (k == C_IPV6_EXTENSION && !c->has_dst[V6])
			c->weight[k] = 0;
		if (k == C_UNKNOWN_NODE &&
		    !(c->sender[V4] >= 0 && c->has_stranger[V4]) &&
		    !(c->sender[V6] >= 0 && c->has_stranger[V6]))
			c->weight[k] = 0;
		c->weight_sum += c->weight[k];
	}
	if (c->only >= 0 && !c->weight[c->only])
		return usage("class %s needs options not given", classes[c->only].name);
	return 0;
}

enum {
	OPT_TO = 256, OPT_PORT, OPT_ID, OPT_NODE, OPT_STRANGER, OPT_INNER_DST,
	OPT_COUNT, OPT_FIRST, OPT_SEED, OPT_CLASS, OPT_BATCH, OPT_JOBS,
	OPT_SECONDS, OPT_HEX, OPT_HELP,
};

static const struct option longopts[] = {
	{ "to",		required_argument,	NULL, OPT_TO },
	{ "port",	required_argument,	NULL, OPT_PORT },
	{ "id",		required_argument,	NULL, OPT_ID },
	{ "node",	required_argument,	NULL, OPT_NODE },
	{ "stranger",	required_argument,	NULL, OPT_STRANGER },
	{ "inner-dst",	required_argument,	NULL, OPT_INNER_DST },
	{ "count",	required_argument,	NULL, OPT_COUNT },
	{ "first",	required_argument,	NULL, OPT_FIRST },
	{ "seed",	required_argument,	NULL, OPT_SEED },
	{ "class",	required_argument,	NULL, OPT_CLASS },
	{ "batch",	required_argument,	NULL, OPT_BATCH },
	{ "jobs",	required_argument,	NULL, OPT_JOBS },
	{ "seconds",	required_argument,	NULL, OPT_SECONDS },
	{ "hex",	no_argument,		NULL, OPT_HEX },
	{ "help",	no_argument,		NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

static unsigned long long num_max(int opt)
{
	switch (opt) {
	case OPT_PORT:	return 65535;
	case OPT_ID:	return PODOL_ID_MAX;
	case OPT_COUNT:	return 1000000000;
	case OPT_FIRST:	return 1000000000000ULL;
	case OPT_SEED:	return UINT64_MAX;
	case OPT_BATCH:	return BATCH_MAX;
	case OPT_JOBS:	return JOBS_MAX;
	case OPT_SECONDS: return 1000000;
	}
	return 0;
}

static int parse(int argc, char **argv, struct config *c)
{
	static const char bad_addr[] =
		"--%s: not an address, or a second one of its family";
	unsigned long long v = 0, max;
	int opt, i = 0;
	unsigned int k;

	while ((opt = getopt_long(argc, argv, "", longopts, &i)) != -1) {
		max = num_max(opt);
		if (max && opt_num(optarg, max, &v))
			return usage("bad number for --%s", longopts[i].name);
		switch (opt) {
		case OPT_TO:
			if (get_fam_addr(optarg, c->to, c->has_to))
				return usage(bad_addr, longopts[i].name);
			break;
		case OPT_STRANGER:
			if (get_fam_addr(optarg, c->stranger, c->has_stranger))
				return usage(bad_addr, longopts[i].name);
			break;
		case OPT_INNER_DST:
			if (get_fam_addr(optarg, c->dst, c->has_dst))
				return usage(bad_addr, longopts[i].name);
			break;
		case OPT_NODE:
			if (get_node(optarg, c))
				return usage("bad --node (ADDR=CIDR,CIDR...), or too many", NULL);
			break;
		case OPT_PORT:
			if (!v)
				return usage("--port must not be 0", NULL);
			c->port = v;
			break;
		case OPT_ID:
			c->id = v;
			break;
		case OPT_COUNT:
			c->count = v;
			break;
		case OPT_FIRST:
			c->first = v;
			break;
		case OPT_SEED:
			c->seed = v;
			c->has_seed = true;
			break;
		case OPT_BATCH:
			if (!v)
				return usage("--batch must be at least 1", NULL);
			c->batch = v;
			break;
		case OPT_JOBS:
			if (!v)
				return usage("--jobs must be at least 1", NULL);
			c->jobs = v;
			break;
		case OPT_SECONDS:
			c->seconds = v;
			break;
		case OPT_CLASS:
			for (k = 0; k < NR_CLASSES; k++)
				if (!strcmp(optarg, classes[k].name))
					break;
			if (k == NR_CLASSES)
				return usage("no class %s", optarg);
			c->only = k;
			break;
		case OPT_HEX:
			c->hex = true;
			break;
		case OPT_HELP:
			usage(NULL, NULL);
			exit(0);
		default:
			return usage(NULL, NULL);
		}
	}
	if (optind < argc)
		return usage("unexpected argument: %s", argv[optind]);
	if (!c->has_to[V4] && !c->has_to[V6])
		return usage("--to is required", NULL);
	return settle(c);
}

int main(int argc, char **argv)
{
	static struct config c = {
		.port = PODOL_DEFAULT_PORT,
		.count = 1000000,
		.batch = 128,
		.only = -1,
	};
	static struct pkt p;
	unsigned long i;
	long cpus;
	int ret;

	ret = parse(argc, argv, &c);
	if (ret)
		return ret;
	if (!c.has_seed)
		c.seed = rng_seed_now();
	if (!c.jobs) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		c.jobs = cpus < 1 ? 1 : cpus > 4 ? 4 : cpus;
	}
	if (c.jobs > c.count)
		c.jobs = c.count ? c.count : 1;

	printf("seed 0x%016" PRIx64 "\n", c.seed);
	if (c.hex) {
		for (i = 0; i < c.count; i++) {
			make_packet(&c, c.first + i, &p);
			print_hex(&c, c.first + i, &p);
		}
		return 0;
	}
	return run(&c);
}
