// SPDX-License-Identifier: GPL-2.0
/* podol_fuzz's sending jobs and their pacing: see send.h. */
#define _GNU_SOURCE		/* sendmmsg */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/pkt.h"
#include "fuzz/packet.h"
#include "fuzz/send.h"

/* ICMP echo along the fuzzed path, to pace the sender (see the top). */
struct pacer {
	int fd, fam;
	struct sockaddr_storage to;
	socklen_t to_len;
	uint16_t ident, sent, seen;
};

static int pacer_send(struct pacer *pc)
{
	unsigned char m[8];

	pc->sent++;
	m[0] = pc->fam == V4 ? 8 : 128;
	m[1] = 0;
	put16(m + 2, 0);
	put16(m + 4, pc->ident);
	put16(m + 6, pc->sent);
	/* The kernel sums ICMPv6 on raw sockets; ICMPv4 is ours to sum. */
	if (pc->fam == V4)
		put16(m + 2, csum_fold(csum_add(m, sizeof(m), 0)));
	if (sendto(pc->fd, m, sizeof(m), 0, (struct sockaddr *)&pc->to,
		   pc->to_len) < 0 && errno != ENOBUFS) {
		perror("podol_fuzz: sendto(echo)");
		return -1;
	}
	return 0;
}

static void pacer_read(struct pacer *pc)
{
	unsigned char buf[256], *m;
	ssize_t n;
	size_t hl;
	uint16_t seq;

	while ((n = recv(pc->fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		/* Raw IPv4 sockets see the IP header; IPv6 ones do not. */
		hl = pc->fam == V4 ? (size_t)(buf[0] & 15) * 4 : 0;
		if ((size_t)n < hl + 8)
			continue;
		m = buf + hl;
		if (m[0] != (pc->fam == V4 ? 0 : 129) ||
		    get16(m + 4) != pc->ident)
			continue;
		seq = get16(m + 6);
		if ((int16_t)(seq - pc->seen) > 0)
			pc->seen = seq;
	}
}

/* Waits until echo number seq, or a later one, has come back. */
static int pacer_wait(struct pacer *pc, uint16_t seq)
{
	struct pollfd pfd = { .fd = pc->fd, .events = POLLIN };
	int tries = 0, n;

	while ((int16_t)(pc->seen - seq) < 0) {
		n = poll(&pfd, 1, ECHO_WAIT_MS);
		if (n < 0 && errno != EINTR) {
			perror("podol_fuzz: poll");
			return -1;
		}
		if (n > 0) {
			pacer_read(pc);
			continue;
		}
		if (n == 0 && ++tries > ECHO_TRIES) {
			fprintf(stderr, "podol_fuzz: no echo reply for %d s\n",
				ECHO_TRIES * ECHO_WAIT_MS / 1000);
			return -1;
		}
		/* A lost echo: another one, which settles it as well. */
		if (n == 0 && pacer_send(pc))
			return -1;
	}
	return 0;
}

static void set_sockaddr(int fam, const unsigned char *a, unsigned int port,
			 struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (fam == V4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a, 4);
		*len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, a, 16);
		*len = sizeof(*sin6);
	}
}

static int pacer_open(const struct config *c, struct pacer *pc)
{
	pc->fam = c->sender[V4] >= 0 ? V4 : V6;
	pc->fd = socket(af(pc->fam), SOCK_RAW,
			pc->fam == V4 ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	if (pc->fd < 0) {
		perror("podol_fuzz: socket(raw ICMP)");
		return -1;
	}
	set_sockaddr(pc->fam, c->to[pc->fam], 0, &pc->to, &pc->to_len);
	pc->ident = getpid();
	pc->sent = 0;
	pc->seen = 0;
	return 0;
}

/*
 * A job: its sockets, and the batch it is sending. There is a socket per
 * outer family and source (the sending node, the stranger), bound to
 * that source and connected to the receiver: a connected socket sends
 * on its cached route. Only a packet with a TOS carries a control
 * message, which costs a route lookup.
 */
enum { SRC_NODE, SRC_STRANGER, NR_SRCS };
#define NR_SOCKS	(NR_FAMS * NR_SRCS)

union cmsg_space {
	char buf[CMSG_SPACE(sizeof(int))];
	struct cmsghdr align;
};

struct job {
	const struct config *c;
	struct totals *t;
	int fd[NR_SOCKS];
	struct pacer pc;
	struct pkt *pkt;			/* [batch] */
	struct mmsghdr *msg[NR_SOCKS];		/* [batch] each */
	struct iovec *iov[NR_SOCKS];
	union cmsg_space *cm[NR_SOCKS];
	struct pkt **of[NR_SOCKS];		/* the packet of each message */
	unsigned int n[NR_SOCKS];
	unsigned int errors_shown;
};

static int sock_of(const struct pkt *p)
{
	return p->ofam * NR_SRCS + (p->from < 0 ? SRC_STRANGER : SRC_NODE);
}

/*
 * A socket sending from src to the receiver. A source this host does
 * not have is used all the same with IP_TRANSPARENT (root only).
 */
static int open_udp(const struct config *c, int fam, const unsigned char *src)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int on = 1, fd;

	fd = socket(af(fam), SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("podol_fuzz: socket(UDP)");
		return -1;
	}
	/* Report first-hop drops (ENOBUFS) instead of hiding them. */
	if (fam == V4 ?
	    setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on)) :
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on))) {
		perror("podol_fuzz: setsockopt(RECVERR)");
		goto err;
	}
	set_sockaddr(fam, src, 0, &ss, &len);
	if (bind(fd, (struct sockaddr *)&ss, len)) {
		if (errno != EADDRNOTAVAIL ||
		    (fam == V4 ?
		     setsockopt(fd, IPPROTO_IP, IP_TRANSPARENT, &on, sizeof(on)) :
		     setsockopt(fd, IPPROTO_IPV6, IPV6_TRANSPARENT, &on, sizeof(on))) ||
		    bind(fd, (struct sockaddr *)&ss, len)) {
			perror("podol_fuzz: bind");
			goto err;
		}
	}
	set_sockaddr(fam, c->to[fam], c->port, &ss, &len);
	if (connect(fd, (struct sockaddr *)&ss, len)) {
		perror("podol_fuzz: connect");
		goto err;
	}
	return fd;
err:
	close(fd);
	return -1;
}

static void add_message(struct job *j, struct pkt *p)
{
	int k = sock_of(p);
	unsigned int i = j->n[k]++;
	struct msghdr *mh = &j->msg[k][i].msg_hdr;
	struct cmsghdr *cm;

	j->of[k][i] = p;
	j->iov[k][i].iov_base = p->buf;
	j->iov[k][i].iov_len = p->len;
	memset(mh, 0, sizeof(*mh));
	mh->msg_iov = &j->iov[k][i];
	mh->msg_iovlen = 1;
	if (!p->tos)
		return;
	memset(&j->cm[k][i], 0, sizeof(j->cm[k][i]));
	mh->msg_control = j->cm[k][i].buf;
	mh->msg_controllen = sizeof(j->cm[k][i].buf);
	cm = CMSG_FIRSTHDR(mh);
	cm->cmsg_level = p->ofam == V4 ? IPPROTO_IP : IPPROTO_IPV6;
	cm->cmsg_type = p->ofam == V4 ? IP_TOS : IPV6_TCLASS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &p->tos, sizeof(int));
}

static void count_sent(struct totals *t, const struct pkt *p)
{
	t->sent[p->class]++;
	t->sent_fam[p->ofam]++;
	t->verdict[p->verdict]++;
	if (p->verdict == V_DELIVERED)
		t->rx_bytes += p->inner_len;
}

/*
 * Sends one socket's part of the batch. A message sendmsg refuses is
 * tried again a few times (a first-hop drop, an ICMP error reported by
 * IP_RECVERR); one refused every time is counted as refused, not sent.
 */
static void send_socket(struct job *j, int k)
{
	unsigned int off = 0, tries = 0;
	struct pkt *p;
	int n, i;

	while (off < j->n[k]) {
		n = sendmmsg(j->fd[k], &j->msg[k][off], j->n[k] - off, 0);
		if (n > 0) {
			for (i = 0; i < n; i++)
				count_sent(j->t, j->of[k][off + i]);
			off += n;
			tries = 0;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (++tries < SEND_TRIES) {
			usleep(1000 << tries);
			continue;
		}
		p = j->of[k][off];
		if (j->errors_shown++ < 10)
			fprintf(stderr, "podol_fuzz: a %s packet of %zu bytes refused: %s\n",
				classes[p->class].name, p->len, strerror(errno));
		j->t->refused[p->class]++;
		off++;
		tries = 0;
	}
	j->n[k] = 0;
}

static int job_alloc(struct job *j)
{
	unsigned int b = j->c->batch;
	int k;

	j->pkt = calloc(b, sizeof(*j->pkt));
	if (!j->pkt)
		return -1;
	for (k = 0; k < NR_SOCKS; k++) {
		j->fd[k] = -1;
		j->msg[k] = calloc(b, sizeof(*j->msg[k]));
		j->iov[k] = calloc(b, sizeof(*j->iov[k]));
		j->cm[k] = calloc(b, sizeof(*j->cm[k]));
		j->of[k] = calloc(b, sizeof(*j->of[k]));
		if (!j->msg[k] || !j->iov[k] || !j->cm[k] || !j->of[k])
			return -1;
	}
	return 0;
}

/* Sends packets first..first+count-1; 0 or -1. Runs in a child. */
static int run_job(const struct config *c, unsigned long first,
		   unsigned long count, struct totals *t)
{
	struct job j = { .c = c, .t = t };
	unsigned long idx, end = first + count;
	unsigned int i, n;
	int f, k;

	if (job_alloc(&j)) {
		fprintf(stderr, "podol_fuzz: out of memory\n");
		return -1;
	}
	for (f = 0; f < NR_FAMS; f++) {
		if (c->sender[f] < 0)
			continue;
		k = f * NR_SRCS;
		j.fd[k + SRC_NODE] = open_udp(c, f, c->node[c->sender[f]].addr);
		if (j.fd[k + SRC_NODE] < 0)
			return -1;
		if (!c->has_stranger[f])
			continue;
		j.fd[k + SRC_STRANGER] = open_udp(c, f, c->stranger[f]);
		if (j.fd[k + SRC_STRANGER] < 0)
			return -1;
	}
	if (pacer_open(c, &j.pc))
		return -1;
	/* The receiver answers before anything is sent: the path works. */
	if (pacer_send(&j.pc) || pacer_wait(&j.pc, j.pc.sent))
		return -1;

	for (idx = first; idx < end; idx += n) {
		n = end - idx < c->batch ? end - idx : c->batch;
		for (i = 0; i < n; i++) {
			make_packet(c, idx + i, &j.pkt[i]);
			add_message(&j, &j.pkt[i]);
		}
		for (k = 0; k < NR_SOCKS; k++)
			if (j.n[k])
				send_socket(&j, k);
		/* This batch's echo out, the last batch's echo back. */
		if (pacer_send(&j.pc) || pacer_wait(&j.pc, j.pc.sent - 1))
			return -1;
		/* Only between batches, so that what was sent is counted. */
		if (c->seconds && clock_now() >= c->deadline) {
			t->stopped = true;
			break;
		}
	}
	return pacer_wait(&j.pc, j.pc.sent);
}

void print_hex(const struct config *c, unsigned long idx,
	       const struct pkt *p)
{
	const unsigned char *src = p->from < 0 ? c->stranger[p->ofam] :
						 c->node[p->from].addr;
	char a[INET6_ADDRSTRLEN];
	size_t i;

	inet_ntop(af(p->ofam), src, a, sizeof(a));
	printf("packet %lu class %s from %s tos 0x%02x len %zu: %s",
	       idx, classes[p->class].name, a, p->tos, p->len,
	       verdict_names[p->verdict]);
	if (p->verdict == V_DELIVERED)
		printf(" %zu bytes", p->inner_len);
	for (i = 0; i < p->len; i++)
		printf("%s%02x", i % 16 ? " " : "\n    ", p->buf[i]);
	putchar('\n');
}

/* Splits the packets among jobs, one process each, and adds up. */
int run(struct config *c)
{
	struct totals *t, sum = { 0 };
	unsigned long per = c->count / c->jobs, first = c->first, n;
	unsigned int i, k, started = 0;
	bool stopped = false;
	double t0, secs;
	int status, rc = 0;
	pid_t pid;

	t = mmap(NULL, c->jobs * sizeof(*t), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED) {
		perror("podol_fuzz: mmap");
		return 1;
	}
	memset(t, 0, c->jobs * sizeof(*t));
	fflush(stdout);
	t0 = clock_now();
	c->deadline = t0 + c->seconds;
	for (i = 0; i < c->jobs; i++) {
		n = i == c->jobs - 1 ? c->count - per * i : per;
		pid = fork();
		if (pid < 0) {
			perror("podol_fuzz: fork");
			rc = 1;
			break;
		}
		if (!pid)
			_exit(run_job(c, first, n, &t[i]) ? 1 : 0);
		started++;
		first += n;
	}
	for (i = 0; i < started; i++) {
		if (wait(&status) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			rc = 1;
	}
	secs = clock_now() - t0;

	for (i = 0; i < c->jobs; i++) {
		for (k = 0; k < NR_CLASSES; k++) {
			sum.sent[k] += t[i].sent[k];
			sum.refused[k] += t[i].refused[k];
		}
		for (k = 0; k < NR_FAMS; k++)
			sum.sent_fam[k] += t[i].sent_fam[k];
		for (k = 0; k < NR_VERDICTS; k++)
			sum.verdict[k] += t[i].verdict[k];
		sum.rx_bytes += t[i].rx_bytes;
		stopped |= t[i].stopped;
	}
	for (k = 0, n = 0; k < NR_CLASSES; k++)
		n += sum.sent[k];
	printf("sent %lu\nsent_ipv4 %lu\nsent_ipv6 %lu\n", n, sum.sent_fam[V4],
	       sum.sent_fam[V6]);
	printf("seconds %.1f\nrate %.0f packets/s, %u jobs, batches of %u\n",
	       secs, secs > 0 ? n / secs : 0.0, c->jobs, c->batch);
	if (stopped)
		printf("stopped at the time limit of %lu s, before %lu packets\n",
		       c->seconds, c->count);
	for (k = 0; k < NR_CLASSES; k++)
		printf("class %s %lu\n", classes[k].name, sum.sent[k]);
	for (k = 0, n = 0; k < NR_CLASSES; k++) {
		n += sum.refused[k];
		if (sum.refused[k])
			printf("refused %s %lu\n", classes[k].name, sum.refused[k]);
	}
	printf("refused %lu\n", n);
	for (k = 0; k < NR_VERDICTS; k++)
		printf("expect %s %lu\n", verdict_names[k], sum.verdict[k]);
	printf("expect rx_bytes %llu\n", sum.rx_bytes);
	if (rc)
		fprintf(stderr, "podol_fuzz: a job failed; the figures above are what was sent\n");
	munmap(t, c->jobs * sizeof(*t));
	return rc;
}
