/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpodol: a podol device as DEV_GET describes it (name, ifindex, node
 * count, counters, local CIDRs), and the requests about devices.
 */
#ifndef LIBPODOL_DEV_H
#define LIBPODOL_DEV_H

#include <net/if.h>

#include "addr.h"
#include "nl.h"
#include "stats.h"

struct podol_dev {
	char name[IFNAMSIZ];
	uint32_t ifindex;
	bool has_count;
	uint32_t node_count;
	bool has_stats;
	struct podol_stats stats;
	unsigned int nlocal;		/* the local CIDRs (DEV_SET) */
	struct podol_cidr *local;	/* malloc()ed */
};

/* Devices in the order the kernel listed them. */
struct podol_dev_list {
	struct podol_dev *v;
	size_t n;
	size_t cap;
};

void podol_dev_list_free(struct podol_dev_list *l);

/* A DEV_GET reply, appended to the podol_dev_list @data (a podol_reply_cb). */
int podol_dev_reply(struct podol_nl *nl, const struct nlmsghdr *nlh,
		    void *data);

/* The device @name (DEV_GET, answered with one reply). */
int podol_dev_get(struct podol_nl *nl, const char *name,
		  struct podol_dev_list *l);
/* Every podol device of the netns (a DEV_GET dump). */
int podol_dev_dump(struct podol_nl *nl, struct podol_dev_list *l);
/* DEV_SET: @name's local CIDRs become the @n of @cidrs (0: none). */
int podol_dev_set_local(struct podol_nl *nl, const char *name,
			const struct podol_cidr *cidrs, unsigned int n);

#endif /* LIBPODOL_DEV_H */
