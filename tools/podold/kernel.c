// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dev.h"
#include "kernel.h"
#include "log.h"

int podold_kernel_open(struct podold_kernel *k, const char *dev)
{
	int ret;

	memset(k, 0, sizeof(*k));
	snprintf(k->dev, sizeof(k->dev), "%s", dev);
	ret = podol_nl_open(&k->genl);
	if (!ret)
		ret = podol_nl_open_route(&k->rt);
	return ret;
}

void podold_kernel_close(struct podold_kernel *k)
{
	podol_nl_close(&k->genl);
	podol_nl_close(&k->rt);
}

const char *podold_kernel_error(const struct podold_kernel *k)
{
	if (k->genl.error[0])
		return k->genl.error;
	if (k->genl.extack[0])
		return k->genl.extack;
	if (k->rt.error[0])
		return k->rt.error;
	return k->rt.extack[0] ? k->rt.extack : "refused by the kernel";
}

static int ifreq_call(const char *dev, unsigned long req, struct ifreq *ifr)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret;

	if (fd < 0)
		return -errno;
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", dev);
	ret = ioctl(fd, req, ifr) ? -errno : 0;
	close(fd);
	return ret;
}

static int set_up(const char *dev)
{
	struct ifreq ifr = { 0 };
	int ret = ifreq_call(dev, SIOCGIFFLAGS, &ifr);

	if (ret || (ifr.ifr_flags & IFF_UP))
		return ret;
	ifr.ifr_flags |= IFF_UP;
	return ifreq_call(dev, SIOCSIFFLAGS, &ifr);
}

int podold_kernel_set_mtu(struct podold_kernel *k, unsigned int mtu)
{
	struct ifreq ifr = { .ifr_mtu = (int)mtu };
	int ret = ifreq_call(k->dev, SIOCSIFMTU, &ifr);

	if (ret)
		podol_nl_fail(&k->rt, ret, "cannot set %s's MTU to %u: %s",
			      k->dev, mtu, strerror(-ret));
	return ret;
}

int podold_kernel_ensure_dev(struct podold_kernel *k,
			     const struct podold_cluster *c,
			     const struct podold_self *local)
{
	struct nlattr *info, *data;
	struct ifinfomsg *ifm;
	struct podol_msg m;
	int ret;

	if (!if_nametoindex(k->dev)) {
		ret = podol_msg_new_hdr(&m, RTM_NEWLINK,
					NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
					sizeof(*ifm), 256);
		if (ret)
			return ret;
		ifm = mnl_nlmsg_get_payload(m.nlh);
		ifm->ifi_family = AF_UNSPEC;
		podol_put_strz(&m, IFLA_IFNAME, k->dev);
		info = podol_nest_start(&m, IFLA_LINKINFO);
		podol_put_strz(&m, IFLA_INFO_KIND, "podol");
		data = podol_nest_start(&m, IFLA_INFO_DATA);
		podol_put_u16(&m, IFLA_PODOL_PORT, htons(c->port));
		podol_put_u32(&m, IFLA_PODOL_ID, c->id);
		if (local->has_ipv4)
			podol_put(&m, IFLA_PODOL_LOCAL, 4, local->ipv4.bytes);
		if (local->has_ipv6)
			podol_put(&m, IFLA_PODOL_LOCAL6, 16, local->ipv6.bytes);
		podol_nest_end(&m, data);
		podol_nest_end(&m, info);
		ret = podol_nl_talk(&k->rt, &m, NULL, NULL, NULL);
		podol_msg_free(&m);
		if (ret && ret != -EEXIST) {
			if (!k->rt.error[0])
				podol_nl_fail(&k->rt, ret, "cannot create %s: %s", k->dev,
					      k->rt.extack[0] ? k->rt.extack : strerror(-ret));
			return ret;
		}
		log_info("created %s (port %u, id %u)", k->dev, c->port, c->id);
	}
	ret = set_up(k->dev);
	if (ret)
		podol_nl_fail(&k->rt, ret, "cannot bring %s up: %s", k->dev,
			      strerror(-ret));
	return ret;
}

int podold_kernel_set_local(struct podold_kernel *k,
			    const struct podol_cidr *cidrs, unsigned int n)
{
	return podol_dev_set_local(&k->genl, k->dev, cidrs, n);
}

/*
 * The podol entry of @p, if it has one: its CIDRs but those a direct
 * route carries (a direct peer's CIDRs of its underlay's family).
 */
static bool overlay_node(const struct podold_peer *p, struct podol_node *n,
			 struct podol_cidr *cidrs)
{
	unsigned int i;

	*n = (struct podol_node){ .remote = p->remote, .port = p->port,
				  .cidrs = cidrs };
	for (i = 0; i < p->ncidrs; i++)
		if (!podold_direct_cidr(p, &p->cidrs[i]))
			cidrs[n->ncidrs++] = p->cidrs[i];
	return n->ncidrs > 0;
}

/* A route podold owns: to @dst, into the device or via @gw on @oif. */
struct route {
	struct podol_cidr dst;
	struct podol_addr gw;	/* family 0: none */
	unsigned int oif;
};

struct routes {
	struct route *v;
	size_t n;
	size_t cap;
};

static int route_add(struct podol_nl *nl, struct routes *r,
		     const struct route *x)
{
	struct route *slot = podol_nl_grow(nl, (void **)&r->v, &r->cap, r->n,
					   sizeof(*slot), 16);

	if (!slot)
		return -ENOMEM;
	*slot = *x;
	r->n++;
	return 0;
}

static int route_reply(struct podol_nl *nl, const struct nlmsghdr *nlh,
		       void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	struct route x = { 0 };

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)))
		return 0;
	if (rtm->rtm_protocol != PODOLD_RTPROT || rtm->rtm_table != RT_TABLE_MAIN)
		return 0;
	x.dst.addr.family = rtm->rtm_family;
	x.dst.len = rtm->rtm_dst_len;
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		size_t len = mnl_attr_get_payload_len(a);

		switch (mnl_attr_get_type(a)) {
		case RTA_DST:
			if (len == podol_addr_len(&x.dst.addr))
				memcpy(x.dst.addr.bytes, mnl_attr_get_payload(a), len);
			break;
		case RTA_GATEWAY:
			x.gw.family = rtm->rtm_family;
			if (len == podol_addr_len(&x.gw))
				memcpy(x.gw.bytes, mnl_attr_get_payload(a), len);
			break;
		case RTA_OIF:
			if (len == 4)
				x.oif = mnl_attr_get_u32(a);
			break;
		}
	}
	return route_add(nl, data, &x);
}

static int routes_dump(struct podold_kernel *k, struct routes *r)
{
	static const int families[] = { AF_INET, AF_INET6 };
	struct podol_msg m;
	struct rtmsg *rtm;
	unsigned int i;
	int ret;

	for (i = 0; i < 2; i++) {
		ret = podol_msg_new_hdr(&m, RTM_GETROUTE, NLM_F_DUMP,
					sizeof(*rtm), 0);
		if (ret)
			return ret;
		rtm = mnl_nlmsg_get_payload(m.nlh);
		rtm->rtm_family = families[i];
		ret = podol_nl_talk(&k->rt, &m, route_reply, r, NULL);
		podol_msg_free(&m);
		if (ret)
			return ret;
	}
	return 0;
}

static bool route_same(const struct route *a, const struct route *b)
{
	return !podol_cmp_cidr(&a->dst, &b->dst) && a->oif == b->oif &&
	       a->gw.family == b->gw.family &&
	       (!a->gw.family || !podol_cmp_addr(&a->gw, &b->gw));
}

static int route_request(struct podold_kernel *k, uint16_t type,
			 const struct route *x)
{
	uint16_t flags = NLM_F_ACK;
	struct podol_msg m;
	struct rtmsg *rtm;
	size_t alen = podol_addr_len(&x->dst.addr);
	int ret;

	if (type == RTM_NEWROUTE)
		flags |= NLM_F_CREATE | NLM_F_REPLACE;
	ret = podol_msg_new_hdr(&m, type, flags, sizeof(*rtm), 64);
	if (ret)
		return ret;
	rtm = mnl_nlmsg_get_payload(m.nlh);
	rtm->rtm_family = x->dst.addr.family;
	rtm->rtm_dst_len = x->dst.len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = PODOLD_RTPROT;
	rtm->rtm_scope = x->gw.family ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	podol_put(&m, RTA_DST, alen, x->dst.addr.bytes);
	if (x->gw.family)
		podol_put(&m, RTA_GATEWAY, alen, x->gw.bytes);
	podol_put_u32(&m, RTA_OIF, x->oif);
	ret = podol_nl_talk(&k->rt, &m, NULL, NULL, NULL);
	podol_msg_free(&m);
	if (ret == -ESRCH && type == RTM_DELROUTE)
		ret = 0;
	if (ret) {
		char dst[PODOL_CIDR_STRLEN];

		podol_format_cidr(&x->dst, dst, sizeof(dst));
		log_warn("cannot %s the route to %s: %s",
			 type == RTM_NEWROUTE ? "add" : "remove", dst,
			 k->rt.extack[0] ? k->rt.extack : strerror(-ret));
	}
	return ret;
}

/*
 * The routes podold should own now: the cluster's ranges into the device,
 * and each direct peer's CIDRs via its address on the underlay.
 */
static int routes_wanted(struct podold_kernel *k, const struct podold_table *t,
			 const struct podold_cluster *c, struct routes *r)
{
	unsigned int dev = if_nametoindex(k->dev), i;
	struct route x;
	size_t p;

	for (i = 0; i < c->nranges; i++) {
		x = (struct route){ .dst = c->ranges[i], .oif = dev };
		if (route_add(&k->rt, r, &x))
			return -ENOMEM;
	}
	for (p = 0; p < t->npeers; p++) {
		const struct podold_peer *peer = &t->peers[p];

		for (i = 0; i < peer->ncidrs; i++) {
			if (!podold_direct_cidr(peer, &peer->cidrs[i]))
				continue;
			x = (struct route){ .dst = peer->cidrs[i],
					    .gw = peer->remote,
					    .oif = k->underlay_ifindex };
			if (route_add(&k->rt, r, &x))
				return -ENOMEM;
		}
	}
	return 0;
}

static int routes_sync(struct podold_kernel *k, const struct podold_table *t,
		       const struct podold_cluster *c)
{
	struct routes have = { 0 }, want = { 0 };
	size_t i, j;
	int ret, err = 0;

	ret = routes_wanted(k, t, c, &want);
	if (!ret)
		ret = routes_dump(k, &have);
	for (i = 0; !ret && i < have.n; i++) {
		for (j = 0; j < want.n; j++)
			if (route_same(&have.v[i], &want.v[j]))
				break;
		if (j == want.n && route_request(k, RTM_DELROUTE, &have.v[i]))
			err = -EIO;
	}
	for (j = 0; !ret && j < want.n; j++) {
		for (i = 0; i < have.n; i++)
			if (route_same(&have.v[i], &want.v[j]))
				break;
		if (i == have.n && route_request(k, RTM_NEWROUTE, &want.v[j]))
			err = -EIO;
	}
	free(have.v);
	free(want.v);
	return ret ? ret : err;
}

int podold_kernel_replace(struct podold_kernel *k, const struct podold_table *t,
			  const struct podold_cluster *c)
{
	struct podol_cidr (*cidrs)[PODOLD_RECORD_CIDRS];
	struct podol_node *nodes;
	size_t i, n = 0;
	long blamed;
	int ret;

	nodes = calloc(t->npeers ? t->npeers : 1, sizeof(*nodes));
	cidrs = calloc(t->npeers ? t->npeers : 1, sizeof(*cidrs));
	if (!nodes || !cidrs) {
		free(nodes);
		free(cidrs);
		return -ENOMEM;
	}
	for (i = 0; i < t->npeers; i++)
		if (overlay_node(&t->peers[i], &nodes[n], cidrs[n]))
			n++;
	ret = podol_node_replace(&k->genl, k->dev, nodes, n, &blamed);
	free(nodes);
	free(cidrs);
	if (ret) {
		k->synced = false;
		return ret;
	}
	k->synced = true;
	return routes_sync(k, t, c);
}

static bool same_node(const struct podol_node *a, const struct podol_node *b)
{
	unsigned int i;

	if (a->port != b->port || a->ncidrs != b->ncidrs)
		return false;
	for (i = 0; i < a->ncidrs; i++)
		if (podol_cmp_cidr(&a->cidrs[i], &b->cidrs[i]))
			return false;
	return true;
}

/*
 * The podol entries of @ch: removals first, then changes and additions,
 * so that a CIDR that moved from one node to another is free by the
 * time it is added.
 */
static int update_nodes(struct podold_kernel *k,
			const struct podold_changes *ch)
{
	struct podol_cidr ca[PODOLD_RECORD_CIDRS], cb[PODOLD_RECORD_CIDRS];
	struct podol_node a, b;
	bool had, has;
	size_t i;
	int ret;

	for (i = 0; i < ch->n; i++) {
		had = ch->v[i].had && overlay_node(&ch->v[i].before, &a, ca);
		has = ch->v[i].has && overlay_node(&ch->v[i].after, &b, cb);
		if (!had || has)
			continue;
		ret = podol_node_request(&k->genl, PODOL_CMD_NODE_DEL, k->dev, &a);
		if (ret)
			return ret;
	}
	for (i = 0; i < ch->n; i++) {
		had = ch->v[i].had && overlay_node(&ch->v[i].before, &a, ca);
		has = ch->v[i].has && overlay_node(&ch->v[i].after, &b, cb);
		if (!has || (had && same_node(&a, &b)))
			continue;
		ret = podol_node_request(&k->genl, had ? PODOL_CMD_NODE_CHANGE :
					 PODOL_CMD_NODE_ADD, k->dev, &b);
		if (ret)
			return ret;
	}
	return 0;
}

/* Whether a direct route comes or goes with @ch. */
static bool direct_changed(const struct podold_changes *ch)
{
	size_t i;

	for (i = 0; i < ch->n; i++)
		if ((ch->v[i].had && ch->v[i].before.direct) ||
		    (ch->v[i].has && ch->v[i].after.direct))
			return true;
	return false;
}

int podold_kernel_update(struct podold_kernel *k, const struct podold_table *t,
			 const struct podold_changes *ch,
			 const struct podold_cluster *c)
{
	int ret;

	if (!k->synced)
		return podold_kernel_replace(k, t, c);
	if (!ch->n)
		return 0;
	ret = update_nodes(k, ch);
	if (ret) {
		log_warn("an incremental update was refused (%s): replacing the whole table",
			 podold_kernel_error(k));
		return podold_kernel_replace(k, t, c);
	}
	/* The dump costs as much as the routing table: only when needed. */
	return direct_changed(ch) ? routes_sync(k, t, c) : 0;
}

int podold_kernel_flush(struct podold_kernel *k)
{
	struct podold_table none = { 0 };
	struct podold_cluster nocluster = { 0 };
	int ret;

	ret = podol_node_request(&k->genl, PODOL_CMD_NODE_FLUSH, k->dev, NULL);
	if (!ret)
		ret = routes_sync(k, &none, &nocluster);
	k->synced = false;
	return ret;
}
