/* SPDX-License-Identifier: GPL-2.0 */
/* podol_nlfuzz's cases, read from podol_nlfuzz.cases. */
#ifndef PODOL_NLFUZZ_CASES_H
#define PODOL_NLFUZZ_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nlfuzz/msg.h"
#include "nlfuzz/words.h"

/* The cases, read from a file: see podol_nlfuzz.cases for its format. */

#define F_CORE		0x1	/* refused by netlink's core: no message needed */
#define F_LENIENT	0x2	/* or accepted as its well-formed part */
#define F_BIG		0x4	/* needs the big buffer */

/* Refused by a dump's .start(), whose message the core carries since 6.5. */
#define F_START		0x8

struct fz_case {
	char *cls;
	char *name;
	enum kind kind;
	uint8_t cmd;
	char *bad;
	char *good;		/* the control; NULL: none */
	unsigned int flags;
	void (*mangle)(struct msg *m);
};

struct case_list {
	struct fz_case *v;
	size_t n, size;
};

/* Reads the cases of the file at path into cl; dies on a bad line. */
void cases_read(const char *path, struct case_list *cl);

void cases_free(struct case_list *cl);

/* The path of podol_nlfuzz.cases beside the program, in buf. */
void cases_path(char *buf, size_t size);

#endif
