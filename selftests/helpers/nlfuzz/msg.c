// SPDX-License-Identifier: GPL-2.0
/* podol_nlfuzz: messages built attribute by attribute, byte strings, and
 * the values cases give: see msg.h. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "nlfuzz/msg.h"

void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("podol_nlfuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void blob_add(struct blob *b, const void *p, size_t len)
{
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2 + 256;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			die("out of memory");
	}
	memcpy(b->p + b->len, p, len);
	b->len += len;
}

bool blob_eq(const struct blob *a, const struct blob *b)
{
	return a->len == b->len && !memcmp(a->p, b->p, a->len);
}

void blob_copy(struct blob *to, const struct blob *from)
{
	to->len = 0;
	blob_add(to, from->p, from->len);
}

/* Reads of possibly unaligned fields. */

uint16_t rd16(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

uint32_t rd32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

void msg_init(struct msg *m, size_t size)
{
	m->nlh = calloc(1, size);
	if (!m->nlh)
		die("out of memory for a %zu byte message", size);
	m->size = size;
}

void msg_reset(struct msg *m)
{
	memset(m->nlh, 0, NLMSG_HDRLEN + 64);
	m->nlh->nlmsg_len = NLMSG_HDRLEN;
}

static unsigned char *msg_tail(const struct msg *m)
{
	return (unsigned char *)m->nlh + NLMSG_ALIGN(m->nlh->nlmsg_len);
}

static void msg_room(const struct msg *m, size_t len)
{
	if (NLMSG_ALIGN(m->nlh->nlmsg_len) + len > m->size)
		die("a message outgrew its %zu byte buffer", m->size);
}

/* Appends an attribute; @type may carry NLA_F_NESTED. */
struct nlattr *put(struct msg *m, uint16_t type, size_t len,
		   const void *data)
{
	struct nlattr *a = (struct nlattr *)msg_tail(m);

	msg_room(m, NLA_ALIGN(NLA_HDRLEN + len));
	if (NLA_HDRLEN + len > 0xffff)
		die("an attribute of %zu bytes", len);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((unsigned char *)a + NLA_HDRLEN, data, len);
	memset((unsigned char *)a + NLA_HDRLEN + len, 0,
	       NLA_ALIGN(a->nla_len) - a->nla_len);
	m->nlh->nlmsg_len = NLMSG_ALIGN(m->nlh->nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

void put_u8(struct msg *m, uint16_t type, uint8_t v)
{
	put(m, type, sizeof(v), &v);
}

void put_u16(struct msg *m, uint16_t type, uint16_t v)
{
	put(m, type, sizeof(v), &v);
}

void put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	put(m, type, sizeof(v), &v);
}

void put_str(struct msg *m, uint16_t type, const char *s)
{
	put(m, type, strlen(s) + 1, s);
}

struct nlattr *nest(struct msg *m, uint16_t type)
{
	return put(m, type, 0, NULL);
}

/* The nest ends where the message does: after unaligned junk too. */
void nest_end(struct msg *m, struct nlattr *a)
{
	size_t len = (unsigned char *)m->nlh + m->nlh->nlmsg_len -
		     (unsigned char *)a;

	if (len > 0xffff)
		die("a nest of %zu bytes", len);
	a->nla_len = len;
}

/* Raw bytes, no header and no padding: trailing junk. */
void put_junk(struct msg *m, const void *p, size_t len)
{
	unsigned char *t = (unsigned char *)m->nlh + m->nlh->nlmsg_len;

	msg_room(m, len + 4);
	memcpy(t, p, len);
	m->nlh->nlmsg_len += len;
}

unsigned int addr_len(const struct addr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

void parse_addr(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->b) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, s, a->b) == 1)
		a->family = AF_INET6;
	else
		die("bad address \"%s\" in a case", s);
}

/* ADDR/LEN, LEN up to 255 whatever the family: hostile cases want /33. */
void parse_cidr(const char *s, struct addr *a, unsigned int *len)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *slash, *end;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (!slash)
		die("bad cidr \"%s\" in a case", s);
	*slash = '\0';
	parse_addr(buf, a);
	*len = strtoul(slash + 1, &end, 10);
	if (*end || *len > 255)
		die("bad cidr \"%s\" in a case", s);
}

/* "-" is no bytes; anything else pairs of hex digits. */
size_t parse_hex(const char *s, unsigned char *out, size_t size)
{
	size_t n = 0;

	if (!strcmp(s, "-"))
		return 0;
	if (strlen(s) % 2)
		die("odd hex \"%s\" in a case", s);
	for (; *s; s += 2) {
		if (n == size || sscanf(s, "%2hhx", &out[n]) != 1)
			die("bad hex \"%s\" in a case", s);
		n++;
	}
	return n;
}

unsigned long parse_num(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end)
		die("bad number \"%s\" in a case", s);
	return v;
}
