// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "result.h"

int cni_fail(struct cni_err *e, int err, unsigned int code,
	     const char *fmt, ...)
{
	va_list ap;

	if (e->code)
		return err;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return err;
}

void cni_err_print(const struct cni_err *e, const char *version)
{
	json_t *o = json_pack("{s:s, s:I, s:s}", "cniVersion", version,
			      "code", (json_int_t)e->code, "msg", e->msg);

	if (o && e->details[0])
		json_object_set_new(o, "details", json_string(e->details));
	if (o)
		json_dumpf(o, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(o);
}

static json_t *mac_json(const unsigned char *mac)
{
	char s[18];

	snprintf(s, sizeof(s), "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return json_string(s);
}

static json_t *addr_json(const struct podol_addr *a, bool with_len)
{
	char s[PODOL_CIDR_STRLEN];
	size_t n;

	podol_format_addr(a, s, sizeof(s));
	n = strlen(s);
	if (with_len)
		snprintf(s + n, sizeof(s) - n, "/%u",
			 a->family == AF_INET ? 32 : 128);
	return json_string(s);
}

/* The host veth, then the pod's end: "interface" 1 in each ip. */
static json_t *interfaces_json(const struct cni_result *r, bool v11)
{
	json_t *pod = json_pack("{s:s, s:o, s:s}", "name", r->pod_if,
				"mac", mac_json(r->pod_mac),
				"sandbox", r->sandbox);

	if (pod && v11)
		json_object_set_new(pod, "mtu", json_integer(r->mtu));
	return json_pack("[{s:s, s:o}, o]", "name", r->host_if,
			 "mac", mac_json(r->host_mac), pod);
}

json_t *cni_result_json(const struct cni_result *r, const char *version)
{
	json_t *ips = json_array(), *routes = json_array(), *o;
	bool v4 = false, v6 = false;
	struct podol_addr gw;
	unsigned int i;

	for (i = 0; ips && i < r->nips; i++) {
		bool is4 = r->ips[i].family == AF_INET;

		cni_parse_ip(is4 ? CNI_GW4 : CNI_GW6, &gw);
		json_array_append_new(ips, json_pack("{s:o, s:o, s:i}",
			"address", addr_json(&r->ips[i], true),
			"gateway", addr_json(&gw, false), "interface", 1));
		v4 |= is4;
		v6 |= !is4;
	}
	if (routes && v4)
		json_array_append_new(routes, json_pack("{s:s, s:s}",
			"dst", "0.0.0.0/0", "gw", CNI_GW4));
	if (routes && v6)
		json_array_append_new(routes, json_pack("{s:s, s:s}",
			"dst", "::/0", "gw", CNI_GW6));
	o = json_pack("{s:s, s:o, s:o, s:o}", "cniVersion", version,
		      "interfaces",
		      interfaces_json(r, !strcmp(version, "1.1.0")),
		      "ips", ips, "routes", routes);
	if (o && json_object_size(r->dns))
		json_object_set(o, "dns", r->dns);
	return o;
}

int cni_parse_ip(const char *s, struct podol_addr *a)
{
	char buf[PODOL_CIDR_STRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return podol_parse_addr(buf, a);
}

int cni_result_ips(json_t *res, struct cni_result *r, const char *what,
		   struct cni_err *e)
{
	json_t *ips = json_object_get(res, "ips"), *ip;
	const char *s;
	size_t i;

	r->nips = 0;
	if (!json_is_array(ips) || !json_array_size(ips))
		return cni_fail(e, -EINVAL, CNI_ERR_CONFIG,
				"%s has no \"ips\"", what);
	json_array_foreach(ips, i, ip) {
		s = json_string_value(json_object_get(ip, "address"));
		if (r->nips == CNI_MAX_IPS)
			return cni_fail(e, -E2BIG, CNI_ERR_CONFIG,
					"%s has more than %d addresses", what,
					CNI_MAX_IPS);
		if (!s || cni_parse_ip(s, &r->ips[r->nips]))
			return cni_fail(e, -EINVAL, CNI_ERR_CONFIG,
					"%s: ips[%zu] has no valid \"address\"",
					what, i);
		r->nips++;
	}
	return 0;
}
