/* SPDX-License-Identifier: GPL-2.0 */
/* The helpers' option values. */
#ifndef PODOL_HELPERS_OPT_H
#define PODOL_HELPERS_OPT_H

/*
 * A whole decimal, 0x hex or 0 octal number of at most max, no sign:
 * 0, or -1 when s is anything else.
 */
int opt_num(const char *s, unsigned long long max, unsigned long long *v);

#endif
