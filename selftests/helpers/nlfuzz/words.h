/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol_nlfuzz's message builder: a case's message from its words, each
 * word a row of the tables in words.c.
 */
#ifndef PODOL_NLFUZZ_WORDS_H
#define PODOL_NLFUZZ_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nlfuzz/msg.h"
#include "nlfuzz/nl.h"

/*
 * The cases' little language: a message is a list of words.
 *
 * Generic netlink. The device is named by PODOL_A_IFINDEX, unless a word
 * names it otherwise:
 *   nodev | ifindex V | ifindex-hex H | ifindex-flag | ifname V |
 *   ifname-hex H | ifname-nonul | ifname-long
 *	V: self (the device the message goes to), lo, none, or a number
 *	or a name; H: hex bytes, "-" for none
 *   flags N | reserved N | cmd N	the headers
 *   top T H		an attribute of type T (flags included) at the top
 *   trail H		bytes after the last attribute, no header
 *   base		the base table's nodes
 *   gen N		N made-up nodes, one /32 each
 *   node | node-noflag | node-empty | node-hex H
 *			a PODOL_A_NODE, its words following:
 *   remote A | remote-hex H | remote-flag A | port N | port-hex H |
 *   cidr A/L | cidr-noflag A/L | cidr-lenflag A/L | cidr-addr-hex H L |
 *   cidr-len-hex A H | cidr-noaddr L | cidr-nolen A | cidr-empty |
 *   cidr-attr A/L T H | cidrs N v4|v6 | attr T H | top-cidr A/L
 *
 * rtnetlink, for kind podol; IFLA_INFO_DATA holds the words after these:
 *   index V | name S | kind S | address H | mtu N
 * and in IFLA_INFO_DATA:
 *   port V | port-hex H | local A | local-hex H | local6 A | local6-hex H |
 *   id N | id-hex H | ttl N | ttl-hex H | inherit N | tos N | csum N |
 *   fast N | direct N |
 *   link V | link-hex H | raw T H | junk H (no header) | cut N (IFLA_INFO_DATA
 *   made N bytes shorter than what it holds)
 */

enum kind {
	K_GENL,		/* a generic netlink request, acked */
	K_DUMP,		/* a generic netlink dump request */
	K_CREATE,	/* RTM_NEWLINK creating CREATE_NAME */
	K_CHANGE,	/* RTM_NEWLINK on an existing device */
	K_SETLINK,	/* RTM_SETLINK on an existing device */
};

/* The generic netlink message of spec to device d, command cmd, in m. */
void build_genl(struct fz *f, struct msg *m, uint8_t cmd,
		uint16_t flags, const struct dev *d, const char *spec);

/* The RTM_NEWLINK or RTM_SETLINK of spec, as kind says, in m. */
void build_rtm(struct fz *f, struct msg *m, enum kind kind,
	       const struct dev *d, const char *spec);

#endif
