// SPDX-License-Identifier: GPL-2.0
/* podol_nlfuzz: the cases file: see cases.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>


#include "nlfuzz/damage.h"
#include "nlfuzz/cases.h"

/* The cases of class "unknown" and "header" name the first type past these. */
_Static_assert(PODOL_A_MAX == 7 && PODOL_CMD_MAX == 8,
	       "update the cases that name PODOL_A_MAX + 1 and PODOL_CMD_MAX + 1");

/* A case's third field: the message it sends. */
static const struct {
	const char *name;
	enum kind kind;
	uint8_t cmd;
} case_messages[] = {
	{ "ADD",		K_GENL,		PODOL_CMD_NODE_ADD },
	{ "CHANGE",		K_GENL,		PODOL_CMD_NODE_CHANGE },
	{ "DEL",		K_GENL,		PODOL_CMD_NODE_DEL },
	{ "GET",		K_GENL,		PODOL_CMD_NODE_GET },
	{ "FLUSH",		K_GENL,		PODOL_CMD_NODE_FLUSH },
	{ "REPLACE",		K_GENL,		PODOL_CMD_NODE_REPLACE },
	{ "DEV_GET",		K_GENL,		PODOL_CMD_DEV_GET },
	{ "GET dump",		K_DUMP,		PODOL_CMD_NODE_GET },
	{ "DEV_GET dump",	K_DUMP,		PODOL_CMD_DEV_GET },
	{ "newlink create",	K_CREATE,	0 },
	{ "newlink",		K_CHANGE,	0 },
	{ "setlink",		K_SETLINK,	0 },
};

static const struct {
	const char *name;
	unsigned int flag;
} case_flags[] = {
	{ "core",	F_CORE },
	{ "lenient",	F_LENIENT },
	{ "big",	F_BIG },
	{ "start",	F_START },
};

static const struct {
	const char *name;
	void (*fn)(struct msg *m);
} case_mangles[] = {
	{ "top_beyond",		m_top_beyond },
	{ "top_short",		m_top_short },
	{ "node_cut_first",	m_node_cut_first },
	{ "node_cut_last",	m_node_cut_last },
	{ "cidr_cut",		m_cidr_cut },
	{ "child_zero",		m_child_zero },
	{ "second_node_cut",	m_second_node_cut },
	{ "genl_short",		m_genl_short },
};

#define CASE_FIELDS	7
#define CASE_DEFINES	32

struct case_define {
	char *name;
	char *words;
};

struct case_file {
	const char *path;
	unsigned int line;
	struct case_define def[CASE_DEFINES];
	unsigned int ndefs;
};

static void case_error(const struct case_file *cf, const char *what,
		       const char *s)
{
	die("%s:%u: %s%s%s", cf->path, cf->line, what, s ? ": " : "",
	    s ? s : "");
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

/* The words of a field, each $NAME replaced by what "define NAME" gave. */
static char *expand(const struct case_file *cf, char *field)
{
	char out[1024] = "", *save, *w;
	const char *add;
	unsigned int i;
	size_t len = 0;

	for (w = strtok_r(field, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		add = w;
		if (w[0] == '$') {
			for (i = 0; i < cf->ndefs; i++)
				if (!strcmp(cf->def[i].name, w + 1))
					break;
			if (i == cf->ndefs)
				case_error(cf, "undefined", w);
			add = cf->def[i].words;
		}
		len += snprintf(out + len, sizeof(out) - len, "%s%s",
				len ? " " : "", add);
		if (len >= sizeof(out))
			case_error(cf, "words too long", NULL);
	}
	return xstrdup(out);
}

static void case_define(struct case_file *cf, char *rest)
{
	char *name = rest, *words;

	words = strpbrk(rest, " \t");
	if (!words || cf->ndefs == CASE_DEFINES)
		case_error(cf, "bad or one define too many", rest);
	*words++ = '\0';
	cf->def[cf->ndefs].words = expand(cf, words);
	cf->def[cf->ndefs].name = xstrdup(name);
	cf->ndefs++;
}

static void case_parse(struct case_file *cf, char *line, struct fz_case *c)
{
	char *field[CASE_FIELDS] = { NULL }, *save, *w;
	unsigned int n = 0, i;

	for (w = line; n < CASE_FIELDS; n++) {
		field[n] = w;
		w = strchr(w, ';');
		if (!w)
			break;
		*w++ = '\0';
	}
	if (n < 4 || w)
		case_error(cf, "not 5 to 7 fields", NULL);
	for (i = 0; i <= n; i++)
		field[i] = trim(field[i]);

	c->cls = xstrdup(field[0]);
	c->name = xstrdup(field[1]);
	for (i = 0; i < ARRAY_SIZE(case_messages); i++)
		if (!strcmp(field[2], case_messages[i].name))
			break;
	if (i == ARRAY_SIZE(case_messages))
		case_error(cf, "unknown message", field[2]);
	c->kind = case_messages[i].kind;
	c->cmd = case_messages[i].cmd;
	c->bad = expand(cf, field[3]);
	c->good = strcmp(field[4], "-") ? expand(cf, field[4]) : NULL;
	for (w = field[5] ? strtok_r(field[5], " ", &save) : NULL; w;
	     w = strtok_r(NULL, " ", &save)) {
		for (i = 0; i < ARRAY_SIZE(case_flags); i++)
			if (!strcmp(w, case_flags[i].name))
				break;
		if (i == ARRAY_SIZE(case_flags))
			case_error(cf, "unknown flag", w);
		c->flags |= case_flags[i].flag;
	}
	if (field[6] && field[6][0]) {
		for (i = 0; i < ARRAY_SIZE(case_mangles); i++)
			if (!strcmp(field[6], case_mangles[i].name))
				break;
		if (i == ARRAY_SIZE(case_mangles))
			case_error(cf, "unknown damage", field[6]);
		if (c->kind != K_GENL && c->kind != K_DUMP)
			case_error(cf, "damage to a generic netlink message only", NULL);
		c->mangle = case_mangles[i].fn;
	}
}

void cases_read(const char *path, struct case_list *cl)
{
	struct case_file cf = { .path = path };
	char buf[1024], *line;
	unsigned int i;
	FILE *fp;

	fp = fopen(path, "r");
	if (!fp)
		die("%s: %s", path, strerror(errno));
	while (fgets(buf, sizeof(buf), fp)) {
		cf.line++;
		if (!strchr(buf, '\n') && !feof(fp))
			case_error(&cf, "line too long", NULL);
		line = trim(buf);
		if (!line[0] || line[0] == '#')
			continue;
		if (!strncmp(line, "define ", 7)) {
			case_define(&cf, line + 7);
			continue;
		}
		if (cl->n == cl->size) {
			cl->size = cl->size ? 2 * cl->size : 256;
			cl->v = realloc(cl->v, cl->size * sizeof(*cl->v));
			if (!cl->v)
				die("out of memory");
		}
		memset(&cl->v[cl->n], 0, sizeof(cl->v[cl->n]));
		case_parse(&cf, line, &cl->v[cl->n++]);
	}
	if (ferror(fp))
		die("%s: read error", path);
	fclose(fp);
	for (i = 0; i < cf.ndefs; i++) {
		free(cf.def[i].name);
		free(cf.def[i].words);
	}
}

void cases_free(struct case_list *cl)
{
	size_t i;

	for (i = 0; i < cl->n; i++) {
		free(cl->v[i].cls);
		free(cl->v[i].name);
		free(cl->v[i].bad);
		free(cl->v[i].good);
	}
	free(cl->v);
}

/* podol_nlfuzz.cases beside the program, unless -c names another file. */
void cases_path(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;

	if (n < 0)
		die("/proc/self/exe: %s", strerror(errno));
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	snprintf(slash + 1, size - (slash + 1 - buf), "podol_nlfuzz.cases");
}
