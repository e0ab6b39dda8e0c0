/* SPDX-License-Identifier: GPL-2.0 */
/*
 * podol CNI plugin: what it prints. A failure is a struct cni_err (the
 * spec's well-known code, a short message naming the problem, details),
 * printed as the spec's error object; a success of ADD is a struct
 * cni_result, printed in the version the caller asked for.
 *
 * Inside, functions return 0 or -errno and fill a struct cni_err; the
 * first failure recorded wins, so that undoing a failed ADD never hides
 * why it failed.
 */
#ifndef PODOL_CNI_RESULT_H
#define PODOL_CNI_RESULT_H

#include <jansson.h>
#include <linux/if_ether.h>
#include <net/if.h>

#include "addr.h"

/* The spec's well-known error codes, and the plugin's own (100+). */
enum cni_code {
	CNI_ERR_VERSION = 1,		/* incompatible cniVersion */
	CNI_ERR_FIELD = 2,		/* unsupported field in the config */
	CNI_ERR_CONTAINER = 3,		/* container unknown or gone */
	CNI_ERR_ENV = 4,		/* invalid necessary env variables */
	CNI_ERR_IO = 5,
	CNI_ERR_DECODE = 6,		/* failed to decode content */
	CNI_ERR_CONFIG = 7,		/* invalid network configuration */
	CNI_ERR_TRY_AGAIN = 11,
	CNI_ERR_UNAVAILABLE = 50,	/* plugin not available */
	CNI_ERR_KERNEL = 100,		/* the kernel refused an operation */
	CNI_ERR_EXISTS = 101,		/* the attachment already exists */
	CNI_ERR_CHECK = 102,		/* CHECK: not as ADD left it */
};

struct cni_err {
	unsigned int code;		/* 0: no failure recorded */
	char msg[256];
	char details[256];
};

/*
 * Records a failure (unless one is already recorded) with code @code and
 * a message; returns @err (< 0).
 */
int cni_fail(struct cni_err *e, int err, unsigned int code,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Prints @e as the spec's error object for @version, on stdout. */
void cni_err_print(const struct cni_err *e, const char *version);

/* At most this many addresses per attachment (IPAM's range sets). */
#define CNI_MAX_IPS	8

/* The link-local gateways every pod routes through (see pod.c). */
#define CNI_GW4		"169.254.1.1"
#define CNI_GW6		"fe80::1"

/* One attachment as ADD made it: the veth pair and the pod's addresses. */
struct cni_result {
	char host_if[IFNAMSIZ];
	unsigned char host_mac[ETH_ALEN];
	char pod_if[IFNAMSIZ];
	unsigned char pod_mac[ETH_ALEN];
	const char *sandbox;		/* CNI_NETNS */
	unsigned int mtu;
	unsigned int nips;
	struct podol_addr ips[CNI_MAX_IPS];
	json_t *dns;			/* IPAM's, borrowed; may be NULL */
};

/* @r as a result object of @version ("1.0.0" or "1.1.0"). */
json_t *cni_result_json(const struct cni_result *r, const char *version);

/* "ADDR" or "ADDR/LEN" (the length is ignored): 0 or -EINVAL. */
int cni_parse_ip(const char *s, struct podol_addr *a);

/*
 * The addresses of a result object (its "ips"), into @r; -EINVAL with a
 * message in @e if there are none or one does not parse. @what names the
 * object in that message ("prevResult", "ipam result").
 */
int cni_result_ips(json_t *res, struct cni_result *r, const char *what,
		   struct cni_err *e);

#endif /* PODOL_CNI_RESULT_H */
