/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol_nlfuzz's structural damage, done to a case's built generic
 * netlink message (the bad one only) where words cannot say it.
 */
#ifndef PODOL_NLFUZZ_DAMAGE_H
#define PODOL_NLFUZZ_DAMAGE_H

#include "nlfuzz/msg.h"

void m_top_beyond(struct msg *m);

void m_top_short(struct msg *m);

void m_node_cut_first(struct msg *m);

void m_node_cut_last(struct msg *m);

void m_cidr_cut(struct msg *m);

void m_child_zero(struct msg *m);

void m_second_node_cut(struct msg *m);

void m_genl_short(struct msg *m);

#endif
