/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol_nlfuzz's base table: the nodes a target device holds while the
 * cases run, as a message, as a podolctl replace file, and put back.
 */
#ifndef PODOL_NLFUZZ_TABLE_H
#define PODOL_NLFUZZ_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nlfuzz/model.h"
#include "nlfuzz/msg.h"
#include "nlfuzz/nl.h"

void put_cidr(struct msg *m, uint16_t type, const char *s);

void put_base(struct msg *m);

/* "podol_nlfuzz table": prints the base table as a replace file. */
int cmd_table(void);

int replace_base(struct fz *f, const struct dev *d);

int table_restore(struct fz *f, const struct dev *d,
		  const struct mtable *want);

#endif
