/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few iproute2 internals a link plugin uses. iproute2 installs no
 * headers for plugins, so they are declared here, as `ip` exports them
 * (it is linked with -export-dynamic).
 *
 * Checked against iproute2 6.1 (Debian 12) and the layouts of 6.1 to 6.19:
 * struct link_util is unchanged over that range; print_color_uint() takes
 * an unsigned int and print_color_u64() a uint64_t; print_color_*() return
 * int from 6.1 on (ignored here). enum color_attr has been reordered over
 * time, so its values are never written down: podol_colors() asks
 * ifa_family_color() for them at run time.
 */
#ifndef PODOL_IPROUTE2_H
#define PODOL_IPROUTE2_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

struct link_util {
	struct link_util *next;
	const char *id;
	int maxattr;
	int (*parse_opt)(struct link_util *lu, int argc, char **argv,
			 struct nlmsghdr *n);
	void (*print_opt)(struct link_util *lu, FILE *f, struct rtattr *tb[]);
	void (*print_xstats)(struct link_util *lu, FILE *f,
			     struct rtattr *xstats);
	void (*print_help)(struct link_util *lu, int argc, char **argv,
			   FILE *f);
	int (*parse_ifla_xstats)(struct link_util *lu, int argc, char **argv);
	int (*print_ifla_xstats)(struct nlmsghdr *n, void *arg);
};

enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = 4,
};

/* enum color_attr, passed as its underlying int. */
int ifa_family_color(unsigned char family);

int print_color_string(enum output_type t, int color, const char *key,
		       const char *fmt, const char *value);
int print_color_uint(enum output_type t, int color, const char *key,
		     const char *fmt, unsigned int value);
int print_color_bool(enum output_type t, int color, const char *key,
		     const char *fmt, bool value);

/* The request buffer `ip link` hands to parse_opt holds at least this. */
#define PODOL_REQ_MAXLEN 1024
int addattr_l(struct nlmsghdr *n, int maxlen, int type, const void *data,
	      int alen);

#endif /* PODOL_IPROUTE2_H */
