// SPDX-License-Identifier: GPL-2.0
/*
 * Nodes and devices as text or JSON. The text reads as podolctl's
 * command line does ("dev podol0 remote 10.0.0.11 port 7000", then
 * "    cidr ..." lines and counters); the JSON has every field, with null
 * for what the kernel did not say.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "print.h"
#include "show.h"

/* "0.4s", "5m07s", "3h05m", "2d03h": how long ago, roughly. */
static void format_ago(uint64_t ms, char *buf, size_t size)
{
	uint64_t s = ms / 1000;

	if (s < 60)
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "s", s,
			 ms % 1000 / 100);
	else if (s < 3600)
		snprintf(buf, size, "%" PRIu64 "m%02" PRIu64 "s", s / 60,
			 s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%" PRIu64 "h%02" PRIu64 "m", s / 3600,
			 s % 3600 / 60);
	else
		snprintf(buf, size, "%" PRIu64 "d%02" PRIu64 "h", s / 86400,
			 s % 86400 / 3600);
}

/*
 * The drops by reason, a JSON object of every reason the kernel counted;
 * in text "    LABEL name N, name N, ...", wrapped under the first name
 * at 80 columns, only the reasons not 0 if @nonzero_only.
 */
static void print_drops(const char *label, const struct podol_stats *s,
			bool nonzero_only)
{
	int indent = 4 + strlen(label) + 1, col = 0;
	unsigned int r;
	char item[64];

	print_open_object("drops");
	for (r = PODOL_DROP_NONE + 1; r <= PODOL_DROP_MAX; r++) {
		int len;

		if (!(s->drops_present & (1U << r)))
			continue;
		print_u64(PRINT_JSON, podol_drop_name(r), NULL, s->drops[r]);
		if (print_is_json() || (nonzero_only && !s->drops[r]))
			continue;
		len = snprintf(item, sizeof(item), "%s %" PRIu64,
			       podol_drop_name(r), s->drops[r]);
		if (!col) {
			col = printf("    %s %s", label, item);
		} else if (col + len + 2 > 80) {
			printf(",\n%*s%s", indent, "", item);
			col = indent + len;
		} else {
			col += printf(", %s", item);
		}
	}
	print_close_object();
	if (col)
		print_text("\n");
}

/*
 * A node's counters or a device's. Their text differs in two words: a
 * node says when it was "never" heard from and lists its drops that are
 * not 0 as "dropped:"; a device lists all as "drops:".
 */
static void print_stats(const struct podol_stats *s, bool of_node)
{
	char ago[32];

	print_open_object("stats");
	print_u64(PRINT_ANY, "rx_packets", "    rx %" PRIu64 " packets",
		  s->rx_packets);
	print_u64(PRINT_ANY, "rx_bytes", " %" PRIu64 " bytes", s->rx_bytes);
	print_u64(PRINT_ANY, "tx_packets", ", tx %" PRIu64 " packets",
		  s->tx_packets);
	print_u64(PRINT_ANY, "tx_bytes", " %" PRIu64 " bytes", s->tx_bytes);
	print_u64(PRINT_JSON, "tx_fragmented", NULL, s->tx_fragmented);
	if (s->has_last_rx) {
		format_ago(s->last_rx_msecs, ago, sizeof(ago));
		print_u64(PRINT_JSON, "last_rx_msecs", NULL, s->last_rx_msecs);
		print_string(PRINT_FP, NULL, ", last rx %s ago", ago);
	} else {
		print_null(PRINT_ANY, "last_rx_msecs",
			   of_node ? ", last rx never" : NULL);
	}
	print_text("\n");
	/* Only when there were some: most paths never need it. */
	if (s->tx_fragmented)
		print_u64(PRINT_FP, NULL,
			  "    tx over the path MTU, fragmented: %" PRIu64 "\n",
			  s->tx_fragmented);
	print_drops(of_node ? "dropped:" : "drops:", s, of_node);
	print_close_object();
}

/* A JSON array @key of prefixes; in text @head, if any, then each in @fmt. */
static void print_cidrs(const char *key, const char *head, const char *fmt,
			const struct podol_cidr *cidrs, unsigned int n)
{
	char buf[PODOL_CIDR_STRLEN];
	unsigned int i;

	print_open_array(key);
	if (n && head)
		print_text(head);
	for (i = 0; i < n; i++) {
		podol_format_cidr(&cidrs[i], buf, sizeof(buf));
		print_string(PRINT_ANY, NULL, fmt, buf);
	}
	print_close_array();
}

static void print_node(const struct podol_node *n)
{
	char buf[PODOL_CIDR_STRLEN];

	print_open_object(NULL);
	print_string(PRINT_ANY, "dev", "dev %s", n->dev);
	podol_format_addr(&n->remote, buf, sizeof(buf));
	print_string(PRINT_ANY, "remote", " remote %s", buf);
	if (n->port)
		print_u64(PRINT_ANY, "port", " port %" PRIu64, n->port);
	print_text("\n");
	print_cidrs("cidrs", NULL, "    cidr %s\n", n->cidrs, n->ncidrs);
	if (n->has_stats)
		print_stats(&n->stats, true);
	else
		print_null(PRINT_JSON, "stats", NULL);
	print_close_object();
}

void print_nodes(const struct podol_node_list *l)
{
	size_t i;

	print_open_array(NULL);
	for (i = 0; i < l->n; i++)
		print_node(&l->v[i]);
	print_close_array();
	print_end();
}

static void print_dev(const struct podol_dev *d)
{
	print_open_object(NULL);
	print_string(PRINT_ANY, "dev", "dev %s", d->name);
	print_u64(PRINT_JSON, "ifindex", NULL, d->ifindex);
	if (d->has_count)
		print_u64(PRINT_ANY, "nodes", " nodes %" PRIu64, d->node_count);
	else
		print_null(PRINT_JSON, "nodes", NULL);
	print_text("\n");
	if (d->has_stats)
		print_stats(&d->stats, false);
	else
		print_null(PRINT_JSON, "stats", NULL);
	/* In text one line, none when the list is empty. */
	print_cidrs("local_cidrs", "    local-cidr", " %s", d->local, d->nlocal);
	if (d->nlocal)
		print_text("\n");
	print_close_object();
}

void print_devs(const struct podol_dev_list *l)
{
	size_t i;

	print_open_array(NULL);
	for (i = 0; i < l->n; i++)
		print_dev(&l->v[i]);
	print_close_array();
	print_end();
}
