// SPDX-License-Identifier: GPL-2.0
/*
 * The replace file: one node per line, checked whole before anything is
 * sent, since a replace that the kernel refuses halfway would still have
 * cost the user a round trip and a less precise message.
 *
 *   remote ADDR [port PORT] cidr PREFIX [cidr PREFIX]...
 *
 * in any order; blank lines are skipped, and a word starting with '#'
 * starts a comment that runs to the end of the line. The file is not
 * trusted: lines are bounded, NUL bytes refused, and every value parsed
 * as on the command line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "file.h"
#include "keyword.h"

/* Far more than the longest sensible line: 64 IPv6 cidrs take ~3 KiB. */
#define LINE_MAX_LEN	16384

enum {
	LINE_OK,
	LINE_EOF,
	LINE_LONG,
	LINE_NUL,
	LINE_ERR,
};

static int read_line(FILE *f, char *buf, size_t size)
{
	size_t n = 0;
	int c;

	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0')
			return LINE_NUL;
		if (n + 1 >= size)
			return LINE_LONG;
		buf[n++] = c;
	}
	buf[n] = '\0';
	if (c == EOF && ferror(f))
		return LINE_ERR;
	/* A last line without its newline still counts. */
	if (c == EOF && n == 0)
		return LINE_EOF;
	return LINE_OK;
}

/* Splits @line in place into at most @max words; a '#' word ends it. */
static int split_words(char *line, char **words, int max)
{
	static const char space[] = " \t\r\v\f";
	char *p = line;
	int n = 0;

	for (;;) {
		p += strspn(p, space);
		if (!*p || *p == '#' || n == max)
			return n;
		words[n++] = p;
		p += strcspn(p, space);
		if (*p)
			*p++ = '\0';
	}
}

static int store_node(struct node_file *nf, const struct podol_node *n,
		      unsigned int line)
{
	struct podol_node *copy;

	if (nf->n == nf->cap) {
		size_t cap = nf->cap ? nf->cap * 2 : 64;
		struct podol_node *v = realloc(nf->nodes, cap * sizeof(*v));
		unsigned int *lines;

		if (!v)
			return -ENOMEM;
		nf->nodes = v;
		lines = realloc(nf->lines, cap * sizeof(*lines));
		if (!lines)
			return -ENOMEM;
		nf->lines = lines;
		nf->cap = cap;
	}
	copy = &nf->nodes[nf->n];
	*copy = *n;
	copy->cidrs = malloc(n->ncidrs * sizeof(*n->cidrs));
	if (!copy->cidrs)
		return -ENOMEM;
	memcpy(copy->cidrs, n->cidrs, n->ncidrs * sizeof(*n->cidrs));
	nf->lines[nf->n++] = line;
	return 0;
}

/* Checks one line and keeps its node; -errno after reporting. */
static int parse_line(const struct src *src, char *line, char **words,
		      int max_words, struct node_file *nf, struct args *a)
{
	int n, ret;

	n = split_words(line, words, max_words);
	if (!n)
		return 0;
	args_init(a);
	ret = parse_node_args(src, n, words,
			      KWF(KW_REMOTE) | KWF(KW_PORT) | KWF(KW_CIDR), a);
	if (ret)
		return ret;
	if (!a->has_remote) {
		pr_err_at(src, "a node needs \"remote ADDR\"");
		return -EINVAL;
	}
	if (!a->node.ncidrs) {
		pr_err_at(src, "a node needs at least one \"cidr PREFIX\"");
		return -EINVAL;
	}
	/* The kernel would refuse it too, but only once it was all sent. */
	if (nf->n >= PODOL_MAX_NODES) {
		pr_err_at(src, "too many nodes: a device holds at most %d",
			  PODOL_MAX_NODES);
		return -E2BIG;
	}
	if (store_node(nf, &a->node, src->line)) {
		pr_err("out of memory");
		return -ENOMEM;
	}
	return 0;
}

/* One key of the duplicate check: a remote (len 0) or a cidr. */
struct key {
	struct podol_cidr c;
	unsigned int line;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int ret = podol_cmp_cidr(&x->c, &y->c);

	if (ret)
		return ret;
	return (x->line > y->line) - (x->line < y->line);
}

/*
 * Sorted by key then line, an equal key further down a run is a repeat of
 * the run's first line. The repeat reported is the one earliest in the
 * file, so the message is the same whatever the sort does.
 */
static const struct key *first_repeat(struct key *keys, size_t n,
				      const struct key **first)
{
	const struct key *best = NULL;
	size_t i, run = 0;

	qsort(keys, n, sizeof(*keys), cmp_key);
	for (i = 1; i < n; i++) {
		if (podol_cmp_cidr(&keys[i].c, &keys[run].c)) {
			run = i;
			continue;
		}
		if (!best || keys[i].line < best->line) {
			best = &keys[i];
			*first = &keys[run];
		}
	}
	return best;
}

/* The same remote, or the same cidr, on two lines. */
static int check_repeats(const char *name, const struct node_file *nf)
{
	const struct key *rem = NULL, *rem_first = NULL;
	const struct key *cidr = NULL, *cidr_first = NULL;
	struct key *remotes, *cidrs;
	size_t i, j, ncidrs = 0;
	char buf[PODOL_CIDR_STRLEN];
	struct src src = { name, 0 };
	int ret = 0;

	for (i = 0; i < nf->n; i++)
		ncidrs += nf->nodes[i].ncidrs;
	remotes = calloc(nf->n ? nf->n : 1, sizeof(*remotes));
	cidrs = calloc(ncidrs ? ncidrs : 1, sizeof(*cidrs));
	if (!remotes || !cidrs) {
		pr_err("out of memory");
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0, ncidrs = 0; i < nf->n; i++) {
		const struct podol_node *n = &nf->nodes[i];

		remotes[i].c.addr = n->remote;
		remotes[i].line = nf->lines[i];
		for (j = 0; j < n->ncidrs; j++) {
			cidrs[ncidrs].c = n->cidrs[j];
			cidrs[ncidrs++].line = nf->lines[i];
		}
	}
	rem = first_repeat(remotes, nf->n, &rem_first);
	cidr = first_repeat(cidrs, ncidrs, &cidr_first);
	if (rem && (!cidr || rem->line <= cidr->line)) {
		src.line = rem->line;
		podol_format_addr(&rem->c.addr, buf, sizeof(buf));
		pr_err_at(&src, "duplicate remote %s (already on line %u)",
			  buf, rem_first->line);
		ret = -EEXIST;
	} else if (cidr) {
		src.line = cidr->line;
		podol_format_cidr(&cidr->c, buf, sizeof(buf));
		pr_err_at(&src, "duplicate cidr %s (already on line %u)",
			  buf, cidr_first->line);
		ret = -EEXIST;
	}
out:
	free(remotes);
	free(cidrs);
	return ret;
}

static int read_lines(FILE *f, const char *name, struct node_file *nf)
{
	struct src src = { name, 0 };
	char *line, **words;
	struct args *a;
	int ret = 0;

	line = malloc(LINE_MAX_LEN);
	a = malloc(sizeof(*a));
	/* A word takes at least two bytes with its separator. */
	words = malloc((LINE_MAX_LEN / 2 + 1) * sizeof(*words));
	if (!line || !words || !a) {
		pr_err("out of memory");
		ret = -ENOMEM;
		goto out;
	}
	while (!ret) {
		src.line++;
		switch (read_line(f, line, LINE_MAX_LEN)) {
		case LINE_OK:
			ret = parse_line(&src, line, words, LINE_MAX_LEN / 2 + 1,
					 nf, a);
			break;
		case LINE_EOF:
			goto out;
		case LINE_LONG:
			pr_err_at(&src, "line too long (over %d bytes)",
				  LINE_MAX_LEN - 1);
			ret = -EFBIG;
			break;
		case LINE_NUL:
			pr_err_at(&src, "a NUL byte: not a text file");
			ret = -EINVAL;
			break;
		default:
			ret = errno ? -errno : -EIO;
			pr_err("cannot read %s: %s", name, strerror(-ret));
		}
	}
out:
	free(line);
	free(words);
	free(a);
	return ret;
}

int read_node_file(const char *path, struct node_file *nf)
{
	bool is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "r");
	int ret;

	memset(nf, 0, sizeof(*nf));
	nf->name = name;
	if (!f) {
		ret = -errno;
		pr_err("cannot open \"%s\": %s", path, strerror(-ret));
		return ret;
	}
	ret = read_lines(f, name, nf);
	if (!is_stdin)
		fclose(f);
	if (!ret)
		ret = check_repeats(name, nf);
	if (ret)
		free_node_file(nf);
	return ret;
}

void free_node_file(struct node_file *nf)
{
	size_t i;

	for (i = 0; i < nf->n; i++)
		free(nf->nodes[i].cidrs);
	free(nf->nodes);
	free(nf->lines);
	memset(nf, 0, sizeof(*nf));
}
