/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpodol: podol's typed attributes that are not a whole object: an
 * address (its length tells its family) and a prefix (a PODOL_CIDR_A_*
 * nest), encoded and decoded.
 */
#ifndef LIBPODOL_ATTR_H
#define LIBPODOL_ATTR_H

#include "addr.h"
#include "nl.h"

/* The bytes podol_put_cidr() takes. */
size_t podol_cidr_attr_size(const struct podol_cidr *c);
void podol_put_addr(struct podol_msg *m, uint16_t type,
		    const struct podol_addr *a);
/* @c as a nest of @type holding PODOL_CIDR_A_ADDR and _PREFIXLEN. */
void podol_put_cidr(struct podol_msg *m, uint16_t type,
		    const struct podol_cidr *c);

/* An address attribute: 4 or 16 bytes, else -EBADMSG. */
int podol_get_addr(struct podol_nl *nl, const struct nlattr *a,
		   struct podol_addr *addr);
/* A PODOL_CIDR_A_* nest, both attributes present, the length in range. */
int podol_get_cidr(struct podol_nl *nl, const struct nlattr *nest,
		   struct podol_cidr *c);
/* The same, appended to the array *@v of *@n (grown as needed). */
int podol_append_cidr(struct podol_nl *nl, const struct nlattr *nest,
		      struct podol_cidr **v, unsigned int *n);

/* A device name (NUL-terminated, checked by policy) into IFNAMSIZ bytes. */
int podol_get_ifname(struct podol_nl *nl, const struct nlattr *a, char *name);

#endif /* LIBPODOL_ATTR_H */
