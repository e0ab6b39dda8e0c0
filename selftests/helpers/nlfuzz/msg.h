/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol_nlfuzz's bytes: netlink messages built attribute by attribute,
 * malformed on purpose where asked; growing byte strings; the addresses
 * and numbers the cases give. Any error ends the program (die()).
 */
#ifndef PODOL_NLFUZZ_MSG_H
#define PODOL_NLFUZZ_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define MSG_SMALL		(64 * 1024)

/* A replace of 100,000 nodes takes 3.2 MB. */
#define MSG_BIG			(8 * 1024 * 1024)

/* Growing byte strings: fingerprints and saved attributes. */

struct blob {
	unsigned char *p;
	size_t len, cap;
};

/* Messages */

struct msg {
	struct nlmsghdr *nlh;
	size_t size;
};

/* Addresses */

struct addr {
	int family;		/* AF_INET, AF_INET6 */
	unsigned char b[16];	/* the rest zero */
};

/* Prints the message and ends the program with status 2. */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

void blob_add(struct blob *b, const void *p, size_t len);

bool blob_eq(const struct blob *a, const struct blob *b);

void blob_copy(struct blob *to, const struct blob *from);

uint16_t rd16(const void *p);

uint32_t rd32(const void *p);

void msg_init(struct msg *m, size_t size);

void msg_reset(struct msg *m);

struct nlattr *put(struct msg *m, uint16_t type, size_t len,
		   const void *data);

void put_u8(struct msg *m, uint16_t type, uint8_t v);

void put_u16(struct msg *m, uint16_t type, uint16_t v);

void put_u32(struct msg *m, uint16_t type, uint32_t v);

void put_str(struct msg *m, uint16_t type, const char *s);

struct nlattr *nest(struct msg *m, uint16_t type);

void nest_end(struct msg *m, struct nlattr *a);

void put_junk(struct msg *m, const void *p, size_t len);

unsigned int addr_len(const struct addr *a);

void parse_addr(const char *s, struct addr *a);

void parse_cidr(const char *s, struct addr *a, unsigned int *len);

size_t parse_hex(const char *s, unsigned char *out, size_t size);

unsigned long parse_num(const char *s);

#endif
