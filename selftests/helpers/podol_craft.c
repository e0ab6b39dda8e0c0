// SPDX-License-Identifier: GPL-2.0
/*
 * podol_craft: sends podol datagrams, right or wrong, from an ordinary UDP
 * socket (the kernel builds the outer IP and UDP headers), so that tests
 * can inject valid packets and provoke each receive-side drop reason.
 *
 * The UDP payload is a podol header built from the options, then an inner
 * packet: with --inner-src/--inner-dst a complete IPv4 or IPv6 packet
 * (header checksum, TTL/hop limit 64, DF over IPv4) carrying an ICMP echo
 * request, a UDP datagram or a TCP segment (PSH|ACK, no options: no
 * connection needs it, a capture's reader does), checksums right; with --inner raw, zero
 * bytes. Payload bytes are 00 01 02 ... (raw: all zero). Packet n
 * (1..count) has ICMP sequence n and IPv4 id n. Random payloads are
 * podol_fuzz's (--class random).
 *
 * --reserved R is 24 bits: bits 23-8 go to the header's bytes 2-3, bits
 * 7-0 to its byte 7, so one test can set a bit in either field.
 * --from binds the source address; an address the host does not have is
 * bound with IP_TRANSPARENT / IPV6_TRANSPARENT (root only).
 *
 * --too-big MTU sends, instead, one ICMP "fragmentation needed" (IPv4) or
 * ICMPv6 "packet too big" with MTU to --to, from a raw socket, as a router
 * would about a datagram that --to sent to --quote-dst: it quotes an outer
 * IP header from --to to --quote-dst, a UDP header from --sport to --port
 * and the podol datagram the other options make.
 *
 * Exit status: 0 sent (or printed), 1 socket or send error, 2 usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/podol.h>

#include "common/opt.h"
#include "common/pkt.h"

#define HDR_LEN		sizeof(struct podolhdr)	/* 8 */
#define MAX_INNER_LEN	65000	/* keeps every IP length field in range */
#define BAD_LEN_EXTRA	16	/* --bad-inner-len: the lie, in bytes */
#define ECHO_IDENT	0x7064	/* "pd" */
#define UDP_SPORT	40000
#define UDP_DPORT	9	/* discard */
#define TCP_HDR_LEN	20	/* no options; the longest L4 header */
#define TCP_PSH_ACK	0x18
#define TCP_WINDOW	65535

enum inner_kind { INNER_ICMP, INNER_UDP, INNER_TCP, INNER_RAW };

struct opts {
	struct sockaddr_storage to, from;
	socklen_t to_len, from_len;
	unsigned long port, sport, count;
	unsigned long version, flags, reserved, id;
	long proto;			/* -1: from the inner family */
	int family;			/* inner: AF_INET or AF_INET6 */
	unsigned char isrc[16], idst[16];
	int has_isrc, has_idst;
	enum inner_kind kind;
	unsigned long inner_len;
	long truncate;			/* -1: send everything */
	int bad_len, hex;
	long tos, inner_tos;		/* tos -1: the socket's default */
	unsigned long too_big;		/* --too-big MTU; 0: a datagram */
	struct sockaddr_storage qdst;
	socklen_t qdst_len;
};

static const char usage_text[] =
"usage: podol_craft --to ADDR [options]\n"
"  --to ADDR          outer destination, IPv4 or IPv6 (optional with --hex)\n"
"  --port N           outer destination port (6464)\n"
"  --from ADDR        bind the outer source address\n"
"  --sport N          bind the outer source port\n"
"  --tos T            outer TOS / traffic class, ECN bits included\n"
"  --count N          datagrams to send (1)\n"
"  --version V        header version, 0-3 (0)\n"
"  --flags F          header flag bits, 0-63 (0)\n"
"  --reserved R       reserved bits, 24 bits: 23-8 bytes 2-3, 7-0 byte 7 (0)\n"
"  --id ID            network id, 0-16777215 (0)\n"
"  --proto P          header protocol byte (4 or 41 from the inner family)\n"
"  --inner-src ADDR   inner source (192.0.2.2 or 2001:db8::2)\n"
"  --inner-dst ADDR   inner destination (192.0.2.1 or 2001:db8::1)\n"
"  --inner-tos T      inner TOS / traffic class (0)\n"
"  --inner KIND       icmp (echo request), udp, tcp, or raw (zero bytes)\n"
"                     (icmp)\n"
"  --inner-len N      ICMP/UDP/TCP payload length, or raw length (56)\n"
"  --truncate N       send only the first N bytes of the UDP payload\n"
"  --bad-inner-len    inner IPv4 total / IPv6 payload length claims 16\n"
"                     bytes more than the packet has\n"
"  --hex              print each UDP payload in hex instead of sending\n"
"  --too-big MTU      send an ICMP too-big error with MTU to --to instead,\n"
"                     quoting the datagram --to sent to --quote-dst\n"
"  --quote-dst ADDR   the quoted datagram's outer destination\n";

static int usage(const char *fmt, const char *arg)
{
	if (fmt) {
		fprintf(stderr, "podol_craft: ");
		fprintf(stderr, fmt, arg);
		fputc('\n', stderr);
	}
	fputs(usage_text, stderr);
	return 2;
}

/* A numeric address, with an optional %scope for IPv6 link-local ones. */
static int get_sockaddr(const char *s, struct sockaddr_storage *ss,
			socklen_t *len)
{
	struct addrinfo hints = {
		.ai_flags = AI_NUMERICHOST,
		.ai_socktype = SOCK_DGRAM,
	};
	struct addrinfo *ai;

	if (getaddrinfo(s, NULL, &hints, &ai))
		return -1;
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

static void set_port(struct sockaddr_storage *ss, unsigned long port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
}

static int get_inner_addr(const char *s, int *family, unsigned char *addr)
{
	int f = strchr(s, ':') ? AF_INET6 : AF_INET;

	if (inet_pton(f, s, addr) != 1)
		return -1;
	if (*family && *family != f)
		return -1;
	*family = f;
	return 0;
}

/*
 * The inner packet at p: IP header, then ICMP or UDP of 8 + inner_len
 * bytes, or TCP of 20 + inner_len. Returns its length.
 */
static size_t build_inner(const struct opts *o, unsigned long seq,
			  unsigned char *p)
{
	int v6 = o->family == AF_INET6;
	size_t alen = v6 ? 16 : 4, iplen = v6 ? 40 : 20;
	size_t l4hl = o->kind == INNER_TCP ? TCP_HDR_LEN : 8;
	size_t l4len = l4hl + o->inner_len;
	unsigned char *l4 = p + iplen, *csum;
	int l4proto;
	uint32_t sum;
	size_t i;

	if (o->kind == INNER_RAW) {
		memset(p, 0, o->inner_len);
		return o->inner_len;
	}

	for (i = 0; i < o->inner_len; i++)
		l4[l4hl + i] = i;
	if (o->kind == INNER_ICMP) {
		l4proto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
		l4[0] = v6 ? 128 : 8;		/* echo request */
		l4[1] = 0;
		put16(l4 + 4, ECHO_IDENT);
		put16(l4 + 6, seq);
	} else if (o->kind == INNER_TCP) {
		l4proto = IPPROTO_TCP;
		memset(l4, 0, TCP_HDR_LEN);
		put16(l4, UDP_SPORT);
		put16(l4 + 2, UDP_DPORT);
		put32(l4 + 4, seq);		/* sequence number */
		put32(l4 + 8, 1);		/* acknowledgment number */
		l4[12] = TCP_HDR_LEN / 4 << 4;	/* data offset */
		l4[13] = TCP_PSH_ACK;
		put16(l4 + 14, TCP_WINDOW);
	} else {
		l4proto = IPPROTO_UDP;
		put16(l4, UDP_SPORT);
		put16(l4 + 2, UDP_DPORT);
		put16(l4 + 4, l4len);
	}
	csum = l4 + (l4proto == IPPROTO_UDP ? 6 :
		     l4proto == IPPROTO_TCP ? 16 : 2);
	put16(csum, 0);

	/* ICMPv4 has no pseudo-header; ICMPv6, UDP and TCP do. */
	if (v6 || l4proto != IPPROTO_ICMP)
		sum = csum_l4(o->isrc, o->idst, alen, l4proto, l4, l4len);
	else
		sum = csum_fold(csum_add(l4, l4len, 0));
	if (l4proto == IPPROTO_UDP && !sum)
		sum = 0xffff;		/* 0 would mean "no checksum" */
	put16(csum, sum);

	memset(p, 0, iplen);
	if (v6) {
		p[0] = 0x60 | o->inner_tos >> 4;
		p[1] = (o->inner_tos & 0xf) << 4;
		put16(p + 4, l4len + (o->bad_len ? BAD_LEN_EXTRA : 0));
		p[6] = l4proto;
		p[7] = 64;
		memcpy(p + 8, o->isrc, 16);
		memcpy(p + 24, o->idst, 16);
	} else {
		p[0] = 0x45;
		p[1] = o->inner_tos;
		put16(p + 2, iplen + l4len + (o->bad_len ? BAD_LEN_EXTRA : 0));
		put16(p + 4, seq);
		put16(p + 6, 0x4000);	/* DF */
		p[8] = 64;
		p[9] = l4proto;
		memcpy(p + 12, o->isrc, 4);
		memcpy(p + 16, o->idst, 4);
		sum = csum_fold(csum_add(p, iplen, 0));
		put16(p + 10, sum);
	}
	return iplen + l4len;
}

/* The whole UDP payload of datagram number seq. Returns its length. */
static size_t build(const struct opts *o, unsigned long seq,
		    unsigned char *buf)
{
	struct podolhdr ph;

	ph.ver_flags = o->version << 6 | o->flags;
	ph.protocol = o->proto >= 0 ? o->proto :
		      o->family == AF_INET6 ? PODOL_PROTO_IPV6 :
					      PODOL_PROTO_IPV4;
	ph.reserved0 = htons(o->reserved >> 8);
	ph.vni_reserved = htonl(o->id << 8 | (o->reserved & 0xff));
	memcpy(buf, &ph, HDR_LEN);
	return HDR_LEN + build_inner(o, seq, buf + HDR_LEN);
}

static const void *sa_addr(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return &((const struct sockaddr_in *)ss)->sin_addr;
	return &((const struct sockaddr_in6 *)ss)->sin6_addr;
}

/*
 * --too-big: the ICMP message at out, quoting the podol datagram dgram of
 * dlen bytes in its outer IP and UDP headers. The kernel computes an
 * ICMPv6 checksum itself; ICMPv4's is ours.
 */
static size_t build_too_big(const struct opts *o, const unsigned char *dgram,
			    size_t dlen, unsigned char *out)
{
	int v6 = o->to.ss_family == AF_INET6;
	size_t iphl = v6 ? 40 : 20, ulen = 8 + dlen, len = 8 + iphl + ulen;
	unsigned char *ip = out + 8, *udp = ip + iphl;

	memset(out, 0, 8 + iphl + 8);
	if (v6) {
		out[0] = 2;			/* packet too big */
		put32(out + 4, o->too_big);
		ip[0] = 0x60;
		put16(ip + 4, ulen);
		ip[6] = IPPROTO_UDP;
		ip[7] = 64;
		memcpy(ip + 8, sa_addr(&o->to), 16);
		memcpy(ip + 24, sa_addr(&o->qdst), 16);
	} else {
		out[0] = 3;			/* destination unreachable */
		out[1] = 4;			/* fragmentation needed */
		put16(out + 6, o->too_big);
		ip[0] = 0x45;
		put16(ip + 2, iphl + ulen);
		ip[6] = 0x40;			/* DF */
		ip[8] = 64;
		ip[9] = IPPROTO_UDP;
		memcpy(ip + 12, sa_addr(&o->to), 4);
		memcpy(ip + 16, sa_addr(&o->qdst), 4);
		put16(ip + 10, csum_fold(csum_add(ip, iphl, 0)));
	}
	put16(udp, o->sport);
	put16(udp + 2, o->port);
	put16(udp + 4, ulen);
	memcpy(udp + 8, dgram, dlen);
	if (!v6)
		put16(out + 2, csum_fold(csum_add(out, len, 0)));
	return len;
}

static int send_too_big(const struct opts *o, const unsigned char *dgram,
			size_t dlen)
{
	static unsigned char msg[8 + 40 + 8 + HDR_LEN + 40 + TCP_HDR_LEN +
				  MAX_INNER_LEN];
	int v6 = o->to.ss_family == AF_INET6;
	struct sockaddr_storage to = o->to;
	size_t len;
	int fd;

	fd = socket(to.ss_family, SOCK_RAW, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
	if (fd < 0) {
		perror("podol_craft: socket(raw)");
		return 1;
	}
	set_port(&to, 0);
	len = build_too_big(o, dgram, dlen, msg);
	if (sendto(fd, msg, len, 0, (struct sockaddr *)&to, o->to_len) < 0) {
		perror("podol_craft: sendto");
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

static void print_hex(const unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x%c", buf[i], i % 16 == 15 || i == len - 1 ? '\n' : ' ');
	if (!len)
		putchar('\n');
}

static int open_socket(const struct opts *o)
{
	int fam = o->to.ss_family, on = 1, fd, tos;
	struct sockaddr_storage src;
	socklen_t src_len;

	fd = socket(fam, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("podol_craft: socket");
		return -1;
	}
	if (o->tos >= 0) {
		tos = o->tos;
		if (fam == AF_INET ?
		    setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos)) :
		    setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof(tos))) {
			perror("podol_craft: setsockopt(tos)");
			goto err;
		}
	}
	if (!o->from_len && !o->sport)
		return fd;

	if (o->from_len) {
		src = o->from;
		src_len = o->from_len;
	} else {
		memset(&src, 0, sizeof(src));
		src.ss_family = fam;
		src_len = fam == AF_INET ? sizeof(struct sockaddr_in) :
					   sizeof(struct sockaddr_in6);
	}
	set_port(&src, o->sport);
	if (!bind(fd, (struct sockaddr *)&src, src_len))
		return fd;
	if (errno != EADDRNOTAVAIL || !o->from_len)
		goto err_bind;
	/* Not an address of ours: send from it all the same. */
	if (fam == AF_INET ?
	    setsockopt(fd, IPPROTO_IP, IP_TRANSPARENT, &on, sizeof(on)) :
	    setsockopt(fd, IPPROTO_IPV6, IPV6_TRANSPARENT, &on, sizeof(on))) {
		perror("podol_craft: setsockopt(transparent)");
		goto err;
	}
	if (!bind(fd, (struct sockaddr *)&src, src_len))
		return fd;
err_bind:
	perror("podol_craft: bind");
err:
	close(fd);
	return -1;
}

enum {
	OPT_TO = 256, OPT_PORT, OPT_FROM, OPT_SPORT, OPT_TOS, OPT_COUNT,
	OPT_VERSION, OPT_FLAGS, OPT_RESERVED, OPT_ID, OPT_PROTO,
	OPT_INNER_SRC, OPT_INNER_DST, OPT_INNER_TOS, OPT_INNER,
	OPT_INNER_LEN, OPT_TRUNCATE, OPT_BAD_INNER_LEN, OPT_HEX,
	OPT_HELP, OPT_TOO_BIG, OPT_QUOTE_DST,
};

static const struct option longopts[] = {
	{ "to",			required_argument,	NULL, OPT_TO },
	{ "port",		required_argument,	NULL, OPT_PORT },
	{ "from",		required_argument,	NULL, OPT_FROM },
	{ "sport",		required_argument,	NULL, OPT_SPORT },
	{ "tos",		required_argument,	NULL, OPT_TOS },
	{ "count",		required_argument,	NULL, OPT_COUNT },
	{ "version",		required_argument,	NULL, OPT_VERSION },
	{ "flags",		required_argument,	NULL, OPT_FLAGS },
	{ "reserved",		required_argument,	NULL, OPT_RESERVED },
	{ "id",			required_argument,	NULL, OPT_ID },
	{ "proto",		required_argument,	NULL, OPT_PROTO },
	{ "inner-src",		required_argument,	NULL, OPT_INNER_SRC },
	{ "inner-dst",		required_argument,	NULL, OPT_INNER_DST },
	{ "inner-tos",		required_argument,	NULL, OPT_INNER_TOS },
	{ "inner",		required_argument,	NULL, OPT_INNER },
	{ "inner-len",		required_argument,	NULL, OPT_INNER_LEN },
	{ "truncate",		required_argument,	NULL, OPT_TRUNCATE },
	{ "bad-inner-len",	no_argument,		NULL, OPT_BAD_INNER_LEN },
	{ "hex",		no_argument,		NULL, OPT_HEX },
	{ "help",		no_argument,		NULL, OPT_HELP },
	{ "too-big",		required_argument,	NULL, OPT_TOO_BIG },
	{ "quote-dst",		required_argument,	NULL, OPT_QUOTE_DST },
	{ NULL, 0, NULL, 0 }
};

/* The maximum of an option's numeric argument; 0: not a numeric option. */
static unsigned long num_max(int c)
{
	switch (c) {
	case OPT_PORT:
	case OPT_SPORT:
	case OPT_TRUNCATE:	return 65535;
	case OPT_COUNT:		return 1000000000;
	case OPT_VERSION:	return 3;
	case OPT_FLAGS:		return 63;
	case OPT_RESERVED:	return 0xffffff;
	case OPT_ID:		return PODOL_ID_MAX;
	case OPT_INNER_LEN:	return MAX_INNER_LEN;
	case OPT_TOS:
	case OPT_INNER_TOS:
	case OPT_PROTO:		return 255;
	case OPT_TOO_BIG:	return 0xffffffff;
	}
	return 0;
}

static int parse(int argc, char **argv, struct opts *o)
{
	unsigned long long v = 0, max;
	int c, i = 0;

	while ((c = getopt_long(argc, argv, "", longopts, &i)) != -1) {
		max = num_max(c);
		if (max && opt_num(optarg, max, &v))
			return usage("bad number for --%s", longopts[i].name);
		switch (c) {
		case OPT_TO:
			if (get_sockaddr(optarg, &o->to, &o->to_len))
				return usage("bad address for --to: %s", optarg);
			break;
		case OPT_FROM:
			if (get_sockaddr(optarg, &o->from, &o->from_len))
				return usage("bad address for --from: %s", optarg);
			break;
		case OPT_PORT:
			o->port = v;
			break;
		case OPT_SPORT:
			o->sport = v;
			break;
		case OPT_TOS:
			o->tos = v;
			break;
		case OPT_COUNT:
			o->count = v;
			break;
		case OPT_VERSION:
			o->version = v;
			break;
		case OPT_FLAGS:
			o->flags = v;
			break;
		case OPT_RESERVED:
			o->reserved = v;
			break;
		case OPT_ID:
			o->id = v;
			break;
		case OPT_PROTO:
			o->proto = v;
			break;
		case OPT_INNER_TOS:
			o->inner_tos = v;
			break;
		case OPT_INNER_LEN:
			o->inner_len = v;
			break;
		case OPT_TRUNCATE:
			o->truncate = v;
			break;
		case OPT_INNER_SRC:
			if (get_inner_addr(optarg, &o->family, o->isrc))
				return usage("bad or mixed-family --inner-src: %s", optarg);
			o->has_isrc = 1;
			break;
		case OPT_INNER_DST:
			if (get_inner_addr(optarg, &o->family, o->idst))
				return usage("bad or mixed-family --inner-dst: %s", optarg);
			o->has_idst = 1;
			break;
		case OPT_INNER:
			if (!strcmp(optarg, "icmp"))
				o->kind = INNER_ICMP;
			else if (!strcmp(optarg, "udp"))
				o->kind = INNER_UDP;
			else if (!strcmp(optarg, "tcp"))
				o->kind = INNER_TCP;
			else if (!strcmp(optarg, "raw"))
				o->kind = INNER_RAW;
			else
				return usage("--inner is icmp, udp, tcp or raw, not %s",
					     optarg);
			break;
		case OPT_BAD_INNER_LEN:
			o->bad_len = 1;
			break;
		case OPT_HEX:
			o->hex = 1;
			break;
		case OPT_TOO_BIG:
			o->too_big = v;
			break;
		case OPT_QUOTE_DST:
			if (get_sockaddr(optarg, &o->qdst, &o->qdst_len))
				return usage("bad address for --quote-dst: %s", optarg);
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			exit(0);
		default:
			return usage(NULL, NULL);
		}
	}
	if (optind < argc)
		return usage("unexpected argument: %s", argv[optind]);
	if (!o->to_len && !o->hex)
		return usage("--to is required", NULL);
	if (o->from_len && o->to_len && o->from.ss_family != o->to.ss_family)
		return usage("--from and --to are of different families", NULL);
	if (!o->count)
		return usage("--count must be at least 1", NULL);
	if (!o->too_big != !o->qdst_len || (o->too_big && o->hex))
		return usage("--too-big and --quote-dst go together, without --hex", NULL);
	if (o->qdst_len && o->qdst.ss_family != o->to.ss_family)
		return usage("--quote-dst and --to are of different families", NULL);

	/* Defaults for what was not given: well-formed, same family. */
	if (!o->family)
		o->family = AF_INET;
	if (!o->has_isrc)
		inet_pton(o->family, o->family == AF_INET ? "192.0.2.2" :
			  "2001:db8::2", o->isrc);
	if (!o->has_idst) {
		inet_pton(o->family, o->family == AF_INET ? "192.0.2.1" :
			  "2001:db8::1", o->idst);
		if (!memcmp(o->isrc, o->idst, o->family == AF_INET ? 4 : 16))
			o->idst[o->family == AF_INET ? 3 : 15] ^= 3;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char buf[HDR_LEN + 40 + TCP_HDR_LEN + MAX_INNER_LEN];
	struct opts o = {
		.port = PODOL_DEFAULT_PORT,
		.count = 1,
		.proto = -1,
		.inner_len = 56,
		.truncate = -1,
		.tos = -1,
	};
	unsigned long n;
	size_t len;
	ssize_t sent;
	int fd = -1, ret;

	ret = parse(argc, argv, &o);
	if (ret)
		return ret;
	if (o.too_big) {
		len = build(&o, 1, buf);
		if (o.truncate >= 0 && (size_t)o.truncate < len)
			len = o.truncate;
		return send_too_big(&o, buf, len);
	}

	if (!o.hex) {
		set_port(&o.to, o.port);
		fd = open_socket(&o);
		if (fd < 0)
			return 1;
	}
	for (n = 1; n <= o.count; n++) {
		len = build(&o, n, buf);
		if (o.truncate >= 0 && (size_t)o.truncate < len)
			len = o.truncate;
		if (o.hex) {
			if (n > 1)
				putchar('\n');
			print_hex(buf, len);
			continue;
		}
		sent = sendto(fd, buf, len, 0, (struct sockaddr *)&o.to, o.to_len);
		if (sent < 0) {
			perror("podol_craft: sendto");
			close(fd);
			return 1;
		}
	}
	if (fd >= 0)
		close(fd);
	return 0;
}
