// SPDX-License-Identifier: GPL-2.0
/*
 * podold_scale: the scale benchmark's tool (tools/vm/jobs/podold-scale.sh
 * runs it). It writes node records into etcd in bulk, the way a cluster
 * of that size would hold them, and times what podold does with them on
 * this host's clock, reading the kernel's table itself:
 *
 *   podold_scale fill ENDPOINT N       N nodes' claims and records
 *   podold_scale wait DEV N SINCE      until DEV's table holds N nodes;
 *                                      prints the ms since SINCE (an
 *                                      $EPOCHREALTIME)
 *   podold_scale change ENDPOINT DEV K K times: one node added (claim and
 *                                      record in one txn), timed until it
 *                                      is in DEV's table, then deleted,
 *                                      timed until it is gone; prints the
 *                                      median and the p99 of each
 *
 * Records: node "sN", underlay 172.16.0.0/12 (N + 1 as a host number),
 * one /24 of 100.64.0.0/10 each; the cluster configuration must have
 * that range (podold-scale.sh writes it).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../etcd.h"
#include "../record.h"
#include "../table.h"
#include "dev.h"
#include "node.h"

#define PREFIX	"/podol/default/"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "podold_scale: %s: %s\n", what, why);
	exit(1);
}

/* Node @i's record and claim, as the agent of node "s@i" would write. */
static void node_kvs(unsigned long i, struct etcd_kv *claim,
		     struct etcd_kv *record)
{
	struct podold_record r = { .has_ipv4 = true, .port = 6464, .ncidrs = 1 };
	uint32_t host = 0xac100000 + i + 1;	/* 172.16.0.0 + i + 1 */
	uint32_t net = 0x64400000 + (i << 8);	/* 100.64.0.0 + i * 256 */

	snprintf(r.node, sizeof(r.node), "s%lu", i);
	r.ipv4.family = AF_INET;
	memcpy(r.ipv4.bytes, &(uint32_t){ htonl(host) }, 4);
	r.cidrs[0].addr.family = AF_INET;
	memcpy(r.cidrs[0].addr.bytes, &(uint32_t){ htonl(net) }, 4);
	r.cidrs[0].len = 24;
	claim->key = podold_claim_key(PREFIX, &r.cidrs[0]);
	claim->value = strdup(r.node);
	record->key = podold_record_key(PREFIX, r.node);
	record->value = podold_record_format(&r);
	if (!claim->key || !claim->value || !record->key || !record->value)
		die("fill", "out of memory");
	claim->value_len = strlen(claim->value);
	record->value_len = strlen(record->value);
}

static struct etcd *open_store(const char *endpoint)
{
	struct etcd_opts o = { .endpoints = endpoint, .timeout_ms = 30000 };
	struct etcd *e;

	if (etcd_open(&e, &o))
		die("etcd", etcd_error(NULL));
	return e;
}

static int fill(const char *endpoint, unsigned long n)
{
	struct etcd_kv *kvs = calloc(2 * n, sizeof(*kvs));
	struct etcd *e = open_store(endpoint);
	double t0 = now_s();
	unsigned long i;

	if (!kvs)
		die("fill", "out of memory");
	/* Claims first: a record is only taken with its claim in place. */
	for (i = 0; i < n; i++)
		node_kvs(i, &kvs[i], &kvs[n + i]);
	if (etcd_put_many(e, kvs, 2 * n, 0))
		die("fill", etcd_error(e));
	printf("wrote %lu nodes (%lu keys) in %.0f ms\n", n, 2 * n,
	       (now_s() - t0) * 1000);
	for (i = 0; i < 2 * n; i++)
		etcd_kv_free(&kvs[i]);
	free(kvs);
	etcd_close(e);
	return 0;
}

static long node_count(struct podol_nl *nl, const char *dev)
{
	struct podol_dev_list l = { 0 };
	long n = -1;

	if (!podol_dev_get(nl, dev, &l) && l.n == 1 && l.v[0].has_count)
		n = l.v[0].node_count;
	podol_dev_list_free(&l);
	return n;
}

static int wait_count(const char *dev, unsigned long n, double since)
{
	struct podol_nl nl;

	if (podol_nl_open(&nl))
		die("netlink", nl.error);
	while (node_count(&nl, dev) != (long)n) {
		if (now_s() - since > 600)
			die("wait", "no full table after 600 s");
		nanosleep(&(struct timespec){ .tv_nsec = 2000000 }, NULL);
	}
	printf("%.0f\n", (now_s() - since) * 1000);
	podol_nl_close(&nl);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *what, double *v, unsigned long k)
{
	qsort(v, k, sizeof(*v), cmp_double);
	printf("%s: median %.1f ms, p99 %.1f ms, max %.1f ms (%lu samples)\n",
	       what, v[k / 2], v[(k * 99 + 99) / 100 - 1], v[k - 1], k);
}

static int change(const char *endpoint, const char *dev, unsigned long k)
{
	double *add = calloc(k, sizeof(double)), *del = calloc(k, sizeof(double));
	struct etcd *e = open_store(endpoint);
	struct etcd_kv kv[2];
	struct podol_nl nl;
	unsigned long i;
	long base;

	if (!add || !del)
		die("change", "out of memory");
	if (podol_nl_open(&nl))
		die("netlink", nl.error);
	base = node_count(&nl, dev);
	for (i = 0; i < k; i++) {
		double t0;

		/* Past any fill: 16,000 is the range's last /24 but 383. */
		node_kvs(16000 + i % 300, &kv[0], &kv[1]);
		t0 = now_s();
		if (etcd_put_many(e, kv, 2, 0))
			die("change", etcd_error(e));
		while (node_count(&nl, dev) != base + 1)
			if (now_s() - t0 > 60)
				die("change", "the new node never came");
		add[i] = (now_s() - t0) * 1000;
		t0 = now_s();
		if (etcd_delete(e, kv[1].key, false, NULL) ||
		    etcd_delete(e, kv[0].key, false, NULL))
			die("change", etcd_error(e));
		while (node_count(&nl, dev) != base)
			if (now_s() - t0 > 60)
				die("change", "the node never went");
		del[i] = (now_s() - t0) * 1000;
		etcd_kv_free(&kv[0]);
		etcd_kv_free(&kv[1]);
	}
	report("one node added", add, k);
	report("one node deleted", del, k);
	podol_nl_close(&nl);
	etcd_close(e);
	free(add);
	free(del);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "fill"))
		return fill(argv[2], strtoul(argv[3], NULL, 10));
	if (argc == 5 && !strcmp(argv[1], "wait"))
		return wait_count(argv[2], strtoul(argv[3], NULL, 10),
				  strtod(argv[4], NULL));
	if (argc == 5 && !strcmp(argv[1], "change"))
		return change(argv[2], argv[3], strtoul(argv[4], NULL, 10));
	fprintf(stderr, "usage: podold_scale fill ENDPOINT N | wait DEV N SINCE | change ENDPOINT DEV K\n");
	return 2;
}
