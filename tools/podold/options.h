/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podold: its command line. Every option can also be given in a file
 * (-c FILE), one "name = value" per line with the long option's name,
 * "#" comments; the command line wins over the file, whichever comes
 * first:
 *
 *   podold [options]                   the agent, in the foreground
 *   podold config set FILE [options]   writes the cluster configuration
 *   podold config show [options]       prints it
 *   podold leave [options]             gives this node's CIDRs back
 *   podold status [-j] [options]       what the running agent knows
 */
#ifndef PODOLD_OPTIONS_H
#define PODOLD_OPTIONS_H

#include <net/if.h>
#include <stdbool.h>

#include "addr.h"
#include "record.h"

enum podold_cmd {
	PODOLD_RUN,
	PODOLD_CONFIG_SET,
	PODOLD_CONFIG_SHOW,
	PODOLD_LEAVE,
	PODOLD_STATUS,
};

/* The default lease: see README ("Membership and leases") for why. */
#define PODOLD_DEFAULT_TTL	300
#define PODOLD_MIN_TTL		5

struct podold_opts {
	enum podold_cmd cmd;
	const char *config_file;	/* config set FILE */
	char *endpoints;		/* every string here is malloc()ed */
	char *cafile;
	char *certfile;
	char *keyfile;
	char *network;
	char node[PODOLD_NAME_MAX + 1];
	char dev[IFNAMSIZ];
	bool has_ipv4;			/* --underlay-ip, one per family */
	bool has_ipv6;
	struct podol_addr ipv4;
	struct podol_addr ipv6;
	char *state_dir;
	long lease_ttl;
	bool json;			/* status -j */
};

/*
 * Parses the command line (and -c FILE) into @o with the defaults filled
 * in, but for the underlay addresses (the agent finds those). Returns 0,
 * 1 when help was asked for and printed, or -EINVAL after saying what is
 * wrong on stderr.
 */
int podold_opts_parse(int argc, char **argv, struct podold_opts *o);
void podold_opts_free(struct podold_opts *o);
/* The store prefix of @o's network: "/podol/NAME/", malloc()ed. */
char *podold_prefix(const struct podold_opts *o);

#endif /* PODOLD_OPTIONS_H */
