// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "options.h"
#include "rules.h"

enum {
	OPT_ENDPOINTS = 256, OPT_CAFILE, OPT_CERTFILE, OPT_KEYFILE,
	OPT_NETWORK, OPT_NODE, OPT_DEV, OPT_UNDERLAY, OPT_STATE_DIR, OPT_TTL,
};

static const struct option long_opts[] = {
	{ "etcd-endpoints", required_argument, NULL, OPT_ENDPOINTS },
	{ "etcd-cafile", required_argument, NULL, OPT_CAFILE },
	{ "etcd-certfile", required_argument, NULL, OPT_CERTFILE },
	{ "etcd-keyfile", required_argument, NULL, OPT_KEYFILE },
	{ "network", required_argument, NULL, OPT_NETWORK },
	{ "node-name", required_argument, NULL, OPT_NODE },
	{ "dev", required_argument, NULL, OPT_DEV },
	{ "underlay-ip", required_argument, NULL, OPT_UNDERLAY },
	{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
	{ "lease-ttl", required_argument, NULL, OPT_TTL },
	{ "config", required_argument, NULL, 'c' },
	{ "json", no_argument, NULL, 'j' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fputs("usage: podold [OPTIONS]                  run the agent\n"
	      "       podold config set FILE [OPTIONS]  write the cluster configuration\n"
	      "       podold config show [OPTIONS]      print it\n"
	      "       podold leave [OPTIONS]            release this node's CIDRs\n"
	      "       podold status [-j] [OPTIONS]      what the agent knows\n"
	      "options:\n"
	      "  --etcd-endpoints URL[,URL...]  (default http://127.0.0.1:2379)\n"
	      "  --etcd-cafile FILE --etcd-certfile FILE --etcd-keyfile FILE\n"
	      "  --network NAME       (default \"default\": keys under /podol/NAME/)\n"
	      "  --node-name NAME     (default the host name)\n"
	      "  --dev DEV            (default podol0)\n"
	      "  --underlay-ip ADDR   one IPv4 and/or one IPv6 (default the source\n"
	      "                       address toward the first endpoint)\n"
	      "  --state-dir DIR      (default /run/podol)\n"
	      "  --lease-ttl SECONDS  (default 300)\n"
	      "  -c FILE              options from FILE, \"name = value\" lines\n"
	      "  -j                   status as JSON\n"
	      "  -v                   debug messages\n", f);
}

/* Which options the command line gave: the file does not override those. */
struct seen {
	bool opt[OPT_TTL + 1];
};

static int set_string(char **dst, const char *val)
{
	free(*dst);
	*dst = strdup(val);
	return *dst ? 0 : -ENOMEM;
}

static int set_option(struct podold_opts *o, int id, const char *val,
		      const char *where)
{
	struct podol_addr a;
	unsigned long ttl;
	const char *why;

	switch (id) {
	case OPT_ENDPOINTS:
		return set_string(&o->endpoints, val);
	case OPT_CAFILE:
		return set_string(&o->cafile, val);
	case OPT_CERTFILE:
		return set_string(&o->certfile, val);
	case OPT_KEYFILE:
		return set_string(&o->keyfile, val);
	case OPT_STATE_DIR:
		return set_string(&o->state_dir, val);
	case OPT_NETWORK:
		why = podold_name_refusal(val);
		if (why) {
			fprintf(stderr, "podold: %sinvalid network \"%s\": %s\n",
				where, val, why);
			return -EINVAL;
		}
		return set_string(&o->network, val);
	case OPT_NODE:
		why = podold_name_refusal(val);
		if (why) {
			fprintf(stderr, "podold: %sinvalid node name \"%s\": %s\n",
				where, val, why);
			return -EINVAL;
		}
		strcpy(o->node, val);
		return 0;
	case OPT_DEV:
		if (!*val || strlen(val) >= IFNAMSIZ || strchr(val, '/')) {
			fprintf(stderr, "podold: %sinvalid device name \"%s\"\n",
				where, val);
			return -EINVAL;
		}
		strcpy(o->dev, val);
		return 0;
	case OPT_UNDERLAY:
		if (podol_parse_addr(val, &a)) {
			fprintf(stderr, "podold: %sinvalid underlay address \"%s\"\n",
				where, val);
			return -EINVAL;
		}
		why = podol_underlay_refusal(a.family, a.bytes);
		if (why) {
			fprintf(stderr, "podold: %sinvalid underlay address \"%s\": %s\n",
				where, val, why);
			return -EINVAL;
		}
		if ((a.family == AF_INET && o->has_ipv4) ||
		    (a.family == AF_INET6 && o->has_ipv6)) {
			fprintf(stderr, "podold: %sa second %s underlay address \"%s\": one per family\n",
				where, a.family == AF_INET ? "IPv4" : "IPv6", val);
			return -EINVAL;
		}
		if (a.family == AF_INET) {
			o->ipv4 = a;
			o->has_ipv4 = true;
		} else {
			o->ipv6 = a;
			o->has_ipv6 = true;
		}
		return 0;
	case OPT_TTL:
		if (podol_parse_decimal(val, 86400 * 7, &ttl) ||
		    ttl < PODOLD_MIN_TTL) {
			fprintf(stderr, "podold: %sinvalid lease TTL \"%s\": %d..604800 seconds\n",
				where, val, PODOLD_MIN_TTL);
			return -EINVAL;
		}
		o->lease_ttl = ttl;
		return 0;
	}
	return -EINVAL;
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* -c FILE: each line an option the command line did not give. */
static int read_file(struct podold_opts *o, const char *path,
		     const struct seen *seen)
{
	unsigned int lineno = 0;
	char *line = NULL, *name, *val, *eq, where[300];
	size_t cap = 0;
	int ret = 0;
	const struct option *opt;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "podold: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	while (!ret && getline(&line, &cap, f) >= 0) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%u: ", path, lineno);
		name = trim(line);
		if (!*name || *name == '#')
			continue;
		eq = strchr(name, '=');
		if (!eq) {
			fprintf(stderr, "podold: %sexpected \"name = value\"\n", where);
			ret = -EINVAL;
			break;
		}
		*eq = '\0';
		name = trim(name);
		val = trim(eq + 1);
		for (opt = long_opts; opt->name; opt++)
			if (opt->val >= OPT_ENDPOINTS && !strcmp(opt->name, name))
				break;
		if (!opt->name) {
			fprintf(stderr, "podold: %sunknown option \"%s\"\n", where, name);
			ret = -EINVAL;
			break;
		}
		if (seen->opt[opt->val] && opt->val != OPT_UNDERLAY)
			continue;
		if (opt->val == OPT_UNDERLAY && seen->opt[OPT_UNDERLAY])
			continue;
		ret = set_option(o, opt->val, val, where);
	}
	free(line);
	fclose(f);
	return ret;
}

static int defaults(struct podold_opts *o)
{
	if (!o->endpoints && set_string(&o->endpoints, "http://127.0.0.1:2379"))
		return -ENOMEM;
	if (!o->network && set_string(&o->network, "default"))
		return -ENOMEM;
	if (!o->state_dir && set_string(&o->state_dir, "/run/podol"))
		return -ENOMEM;
	if (!o->dev[0])
		strcpy(o->dev, "podol0");
	if (!o->lease_ttl)
		o->lease_ttl = PODOLD_DEFAULT_TTL;
	if (!o->node[0]) {
		char host[256] = "";

		gethostname(host, sizeof(host) - 1);
		if (podold_name_refusal(host)) {
			fprintf(stderr, "podold: the host name \"%s\" is not a node name (%s): give --node-name\n",
				host, podold_name_refusal(host));
			return -EINVAL;
		}
		strcpy(o->node, host);
	}
	return 0;
}

static int parse_command(struct podold_opts *o, char **words, int n)
{
	if (n == 0) {
		o->cmd = PODOLD_RUN;
		return 0;
	}
	if (!strcmp(words[0], "config") && n == 3 && !strcmp(words[1], "set")) {
		o->cmd = PODOLD_CONFIG_SET;
		o->config_file = words[2];
		return 0;
	}
	if (!strcmp(words[0], "config") && n == 2 && !strcmp(words[1], "show")) {
		o->cmd = PODOLD_CONFIG_SHOW;
		return 0;
	}
	if (!strcmp(words[0], "leave") && n == 1) {
		o->cmd = PODOLD_LEAVE;
		return 0;
	}
	if (!strcmp(words[0], "status") && n == 1) {
		o->cmd = PODOLD_STATUS;
		return 0;
	}
	fprintf(stderr, "podold: unknown command \"%s%s%s\"\n", words[0],
		n > 1 ? " " : "", n > 1 ? words[1] : "");
	usage(stderr);
	return -EINVAL;
}

int podold_opts_parse(int argc, char **argv, struct podold_opts *o)
{
	const char *file = NULL;
	struct seen seen = { 0 };
	int c, ret;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:jvh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			file = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		case 'v':
			podold_verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case '?':
		case ':':
			fprintf(stderr, "podold: %s option \"%s\"\n",
				c == ':' ? "a value is missing for the" : "unknown",
				argv[optind - 1]);
			usage(stderr);
			return -EINVAL;
		default:
			ret = set_option(o, c, optarg, "");
			if (ret)
				return ret;
			seen.opt[c] = true;
		}
	}
	ret = parse_command(o, argv + optind, argc - optind);
	if (!ret && file)
		ret = read_file(o, file, &seen);
	if (!ret)
		ret = defaults(o);
	if (!ret && o->json && o->cmd != PODOLD_STATUS) {
		fprintf(stderr, "podold: -j is for \"podold status\"\n");
		ret = -EINVAL;
	}
	return ret;
}

void podold_opts_free(struct podold_opts *o)
{
	free(o->endpoints);
	free(o->cafile);
	free(o->certfile);
	free(o->keyfile);
	free(o->network);
	free(o->state_dir);
}

char *podold_prefix(const struct podold_opts *o)
{
	char *p;

	if (asprintf(&p, "/podol/%s/", o->network) < 0)
		return NULL;
	return p;
}
