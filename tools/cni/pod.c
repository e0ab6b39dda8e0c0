// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "pod.h"

/* Attribute room of every request below: the largest, a veth, is ~100. */
#define MSG_ROOM	512

struct link_info {
	int ifindex;
	bool up;
	unsigned char mac[ETH_ALEN];
};

/* What to look for in a dump of routes or addresses. */
struct find {
	const struct podol_addr *addr;	/* the route's dst; NULL: default */
	const struct podol_addr *gw;	/* the route's gateway, or NULL */
	int ifindex;
	bool found;
};

/* A request of @what on @nl failed with @ret: the kernel's reason. */
static int nl_failed(struct podol_nl *nl, int ret, const char *what,
		     const char *name, struct cni_err *e)
{
	return cni_fail(e, ret, CNI_ERR_KERNEL, "%s %s: %s", what, name,
			nl->error[0] ? nl->error :
			nl->extack[0] ? nl->extack : strerror(-ret));
}

/* A request with an ack, whose fixed header (zeroed) is returned. */
static void *msg_new(struct podol_msg *m, uint16_t type, uint16_t flags,
		     size_t hdr_len)
{
	if (podol_msg_new_hdr(m, type, flags | NLM_F_ACK, hdr_len, MSG_ROOM))
		return NULL;
	return mnl_nlmsg_get_payload(m->nlh);
}

static int request(struct podol_nl *nl, struct podol_msg *m,
		   podol_reply_cb cb, void *data)
{
	int ret = podol_nl_talk(nl, m, cb, data, NULL);

	podol_msg_free(m);
	return ret;
}

static unsigned int full_len(const struct podol_addr *a)
{
	return a->family == AF_INET ? 32 : 128;
}

static void gateway(int family, struct podol_addr *gw)
{
	cni_parse_ip(family == AF_INET ? CNI_GW4 : CNI_GW6, gw);
}

int pod_ns_open(struct pod_ns *p, const char *netns, struct cni_err *e)
{
	int self, ret;

	memset(p, 0, sizeof(*p));
	p->netns_fd = -1;
	ret = podol_nl_open_route(&p->host);
	if (ret)
		return nl_failed(&p->host, ret, "cannot open", "rtnetlink", e);
	if (!netns)
		return 0;
	p->netns_fd = open(netns, O_RDONLY | O_CLOEXEC);
	if (p->netns_fd < 0)
		return cni_fail(e, -errno, errno == ENOENT ? CNI_ERR_CONTAINER :
				CNI_ERR_IO, "cannot open CNI_NETNS %s: %s",
				netns, strerror(errno));
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return cni_fail(e, -errno, CNI_ERR_IO,
				"cannot open this netns: %s", strerror(errno));
	if (setns(p->netns_fd, CLONE_NEWNET)) {
		ret = cni_fail(e, -errno, CNI_ERR_ENV,
			       "CNI_NETNS %s is not a network namespace: %s",
			       netns, strerror(errno));
		close(self);
		return ret;
	}
	/* The socket stays in the pod's netns once this one is back. */
	ret = podol_nl_open_route(&p->pod);
	if (ret)
		nl_failed(&p->pod, ret, "cannot open", "rtnetlink in the pod", e);
	if (setns(self, CLONE_NEWNET))
		ret = cni_fail(e, -errno, CNI_ERR_KERNEL,
			       "cannot return to the node's netns: %s",
			       strerror(errno));
	close(self);
	return ret;
}

void pod_ns_close(struct pod_ns *p)
{
	podol_nl_close(&p->host);
	podol_nl_close(&p->pod);
	if (p->netns_fd >= 0)
		close(p->netns_fd);
	p->netns_fd = -1;
}

static int link_reply(struct podol_nl *nl, const struct nlmsghdr *nlh,
		      void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct link_info *li = data;
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return podol_nl_bad_reply(nl, "not a link");
	li->ifindex = ifi->ifi_index;
	li->up = ifi->ifi_flags & IFF_UP;
	mnl_attr_for_each(a, nlh, sizeof(*ifi))
		if (mnl_attr_get_type(a) == IFLA_ADDRESS &&
		    mnl_attr_get_payload_len(a) == ETH_ALEN)
			memcpy(li->mac, mnl_attr_get_payload(a), ETH_ALEN);
	return 0;
}

/* The link @name: -ENODEV if there is none. */
static int link_get(struct podol_nl *nl, const char *name,
		    struct link_info *li)
{
	struct podol_msg m;

	memset(li, 0, sizeof(*li));
	if (!msg_new(&m, RTM_GETLINK, 0, sizeof(struct ifinfomsg)))
		return -ENOMEM;
	podol_put_strz(&m, IFLA_IFNAME, name);
	return request(nl, &m, link_reply, li);
}

int pod_has_if(struct pod_ns *p, const char *name, struct cni_err *e)
{
	struct link_info li;
	int ret = link_get(&p->pod, name, &li);

	if (ret == -ENODEV)
		return 0;
	return ret ? nl_failed(&p->pod, ret, "cannot look up", name, e) : 1;
}

/* The pair, its pod end created in the pod's netns under its name. */
static int veth_add(struct pod_ns *p, const struct cni_result *r)
{
	struct nlattr *info, *data, *peer;
	struct ifinfomsg *ifi;
	struct podol_msg m;

	ifi = msg_new(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
		      sizeof(*ifi));
	if (!ifi)
		return -ENOMEM;
	podol_put_strz(&m, IFLA_IFNAME, r->host_if);
	podol_put_u32(&m, IFLA_MTU, r->mtu);
	info = podol_nest_start(&m, IFLA_LINKINFO);
	podol_put_strz(&m, IFLA_INFO_KIND, "veth");
	data = podol_nest_start(&m, IFLA_INFO_DATA);
	peer = podol_nest_start(&m, VETH_INFO_PEER);
	/* The peer's own ifinfomsg (zeroed), then its attributes. */
	mnl_nlmsg_put_extra_header(m.nlh, sizeof(*ifi));
	podol_put_strz(&m, IFLA_IFNAME, r->pod_if);
	podol_put_u32(&m, IFLA_MTU, r->mtu);
	podol_put_u32(&m, IFLA_NET_NS_FD, p->netns_fd);
	podol_nest_end(&m, peer);
	podol_nest_end(&m, data);
	podol_nest_end(&m, info);
	return request(&p->host, &m, NULL, NULL);
}

static int link_up(struct podol_nl *nl, int ifindex)
{
	struct ifinfomsg *ifi;
	struct podol_msg m;

	ifi = msg_new(&m, RTM_NEWLINK, 0, sizeof(*ifi));
	if (!ifi)
		return -ENOMEM;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return request(nl, &m, NULL, NULL);
}

/* @a alone (/32, /128), usable at once: no duplicate detection. */
static int addr_add(struct podol_nl *nl, int ifindex,
		    const struct podol_addr *a)
{
	struct ifaddrmsg *ifa;
	struct podol_msg m;

	ifa = msg_new(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE,
		      sizeof(*ifa));
	if (!ifa)
		return -ENOMEM;
	ifa->ifa_family = a->family;
	ifa->ifa_prefixlen = full_len(a);
	ifa->ifa_index = ifindex;
	podol_put(&m, IFA_LOCAL, podol_addr_len(a), a->bytes);
	podol_put(&m, IFA_ADDRESS, podol_addr_len(a), a->bytes);
	podol_put_u32(&m, IFA_FLAGS, IFA_F_NODAD);
	return request(nl, &m, NULL, NULL);
}

static int neigh_add(struct podol_nl *nl, int ifindex,
		     const struct podol_addr *a, const unsigned char *mac)
{
	struct podol_msg m;
	struct ndmsg *nd;

	nd = msg_new(&m, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE,
		     sizeof(*nd));
	if (!nd)
		return -ENOMEM;
	nd->ndm_family = a->family;
	nd->ndm_ifindex = ifindex;
	nd->ndm_state = NUD_PERMANENT;
	podol_put(&m, NDA_DST, podol_addr_len(a), a->bytes);
	podol_put(&m, NDA_LLADDR, ETH_ALEN, mac);
	return request(nl, &m, NULL, NULL);
}

/* A route to @f->addr alone, or a default one via @f->gw (onlink). */
static int route_add(struct podol_nl *nl, const struct find *f, int family)
{
	struct podol_msg m;
	struct rtmsg *rtm;

	rtm = msg_new(&m, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
		      sizeof(*rtm));
	if (!rtm)
		return -ENOMEM;
	rtm->rtm_family = family;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_scope = f->gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	if (f->gw && family == AF_INET)
		rtm->rtm_flags = RTNH_F_ONLINK;
	if (f->addr) {
		rtm->rtm_dst_len = full_len(f->addr);
		podol_put(&m, RTA_DST, podol_addr_len(f->addr),
			  f->addr->bytes);
	}
	if (f->gw)
		podol_put(&m, RTA_GATEWAY, podol_addr_len(f->gw), f->gw->bytes);
	podol_put_u32(&m, RTA_OIF, f->ifindex);
	return request(nl, &m, NULL, NULL);
}

/* Whether attribute @a holds the address @want. */
static bool attr_is(const struct nlattr *a, const struct podol_addr *want)
{
	return mnl_attr_get_payload_len(a) == podol_addr_len(want) &&
	       !memcmp(mnl_attr_get_payload(a), want->bytes,
		       podol_addr_len(want));
}

static int route_reply(struct podol_nl *nl, const struct nlmsghdr *nlh,
		       void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	bool dst = false, gw = false, oif = false;
	struct find *f = data;
	const struct nlattr *a;

	(void)nl;
	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm) ||
	    rtm->rtm_table != RT_TABLE_MAIN ||
	    rtm->rtm_dst_len != (f->addr ? full_len(f->addr) : 0))
		return 0;
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(a)) {
		case RTA_DST:
			dst = f->addr && attr_is(a, f->addr);
			break;
		case RTA_GATEWAY:
			gw = f->gw && attr_is(a, f->gw);
			break;
		case RTA_OIF:
			oif = mnl_attr_get_payload_len(a) == 4 &&
			      (int)mnl_attr_get_u32(a) == f->ifindex;
			break;
		}
	}
	if ((dst || !f->addr) && (gw || !f->gw) && oif)
		f->found = true;
	return 0;
}

static int addr_reply(struct podol_nl *nl, const struct nlmsghdr *nlh,
		      void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct find *f = data;
	const struct nlattr *a;

	(void)nl;
	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa) ||
	    (int)ifa->ifa_index != f->ifindex)
		return 0;
	mnl_attr_for_each(a, nlh, sizeof(*ifa))
		if (mnl_attr_get_type(a) == IFA_ADDRESS && attr_is(a, f->addr))
			f->found = true;
	return 0;
}

/* Dumps @type (routes or addresses) of @family, looking for @f. */
static int find(struct podol_nl *nl, uint16_t type, int family,
		struct find *f)
{
	struct podol_msg m;
	struct rtgenmsg *g;

	f->found = false;
	g = msg_new(&m, type, NLM_F_DUMP, type == RTM_GETROUTE ?
		    sizeof(struct rtmsg) : sizeof(struct ifaddrmsg));
	if (!g)
		return -ENOMEM;
	g->rtgen_family = family;
	return request(nl, &m, type == RTM_GETROUTE ? route_reply : addr_reply,
		       f);
}

/* The two families' flags, for the ones @r has addresses of. */
#define HAS_V4	0x1
#define HAS_V6	0x2
static unsigned int families(const struct cni_result *r)
{
	unsigned int i, has = 0;

	for (i = 0; i < r->nips; i++)
		has |= r->ips[i].family == AF_INET ? HAS_V4 : HAS_V6;
	return has;
}

static int family_of(unsigned int bit)
{
	return bit == HAS_V4 ? AF_INET : AF_INET6;
}

int pod_attach(struct pod_ns *p, struct cni_result *r, struct cni_err *e)
{
	struct link_info host, pod;
	struct podol_addr gw;
	unsigned int i, has = families(r), bit;
	struct find f;
	int ret;

	ret = veth_add(p, r);
	if (ret == -EEXIST)
		return cni_fail(e, ret, CNI_ERR_EXISTS,
				"interface %s on the node or %s in the pod already exists",
				r->host_if, r->pod_if);
	if (ret)
		return nl_failed(&p->host, ret, "cannot create veth", r->host_if, e);
	ret = link_get(&p->host, r->host_if, &host);
	if (ret)
		return nl_failed(&p->host, ret, "cannot find", r->host_if, e);
	ret = link_get(&p->pod, r->pod_if, &pod);
	if (ret)
		return nl_failed(&p->pod, ret, "cannot find", r->pod_if, e);
	memcpy(r->host_mac, host.mac, ETH_ALEN);
	memcpy(r->pod_mac, pod.mac, ETH_ALEN);
	ret = link_up(&p->host, host.ifindex);
	if (ret)
		return nl_failed(&p->host, ret, "cannot set up", r->host_if, e);
	ret = link_up(&p->pod, pod.ifindex);
	if (ret)
		return nl_failed(&p->pod, ret, "cannot set up", r->pod_if, e);
	for (i = 0; i < r->nips; i++) {
		f = (struct find){ .addr = &r->ips[i], .ifindex = host.ifindex };
		ret = addr_add(&p->pod, pod.ifindex, &r->ips[i]);
		if (ret)
			return nl_failed(&p->pod, ret, "cannot add an address to",
					 r->pod_if, e);
		ret = neigh_add(&p->host, host.ifindex, &r->ips[i], pod.mac);
		if (!ret)
			ret = route_add(&p->host, &f, r->ips[i].family);
		if (ret)
			return nl_failed(&p->host, ret, "cannot route to the pod via",
					 r->host_if, e);
	}
	for (bit = HAS_V4; bit <= HAS_V6; bit <<= 1) {
		if (!(has & bit))
			continue;
		gateway(family_of(bit), &gw);
		f = (struct find){ .gw = &gw, .ifindex = pod.ifindex };
		ret = neigh_add(&p->pod, pod.ifindex, &gw, host.mac);
		if (!ret)
			ret = route_add(&p->pod, &f, family_of(bit));
		if (ret)
			return nl_failed(&p->pod, ret, "cannot add the default route via",
					 r->pod_if, e);
	}
	return 0;
}

int pod_detach(struct pod_ns *p, const char *host_if, struct cni_err *e)
{
	struct podol_msg m;
	int ret;

	if (!msg_new(&m, RTM_DELLINK, 0, sizeof(struct ifinfomsg)))
		return cni_fail(e, -ENOMEM, CNI_ERR_KERNEL, "out of memory");
	podol_put_strz(&m, IFLA_IFNAME, host_if);
	ret = request(&p->host, &m, NULL, NULL);
	if (ret == -ENODEV)
		return 0;
	return ret ? nl_failed(&p->host, ret, "cannot delete", host_if, e) : 0;
}

static int check_link(struct podol_nl *nl, const char *name, const char *where,
		      struct link_info *li, struct cni_err *e)
{
	int ret = link_get(nl, name, li);

	if (ret == -ENODEV)
		return cni_fail(e, ret, CNI_ERR_CHECK, "%s has no interface %s",
				where, name);
	if (ret)
		return nl_failed(nl, ret, "cannot look up", name, e);
	if (!li->up)
		return cni_fail(e, -ENETDOWN, CNI_ERR_CHECK,
				"interface %s of %s is down", name, where);
	return 0;
}

int pod_check(struct pod_ns *p, const struct cni_result *r,
	      struct cni_err *e)
{
	unsigned int i, has = families(r), bit;
	struct link_info host, pod;
	char s[PODOL_CIDR_STRLEN];
	struct podol_addr gw;
	struct find f;
	int ret;

	ret = check_link(&p->pod, r->pod_if, "the pod", &pod, e) ?:
	      check_link(&p->host, r->host_if, "the node", &host, e);
	if (ret)
		return ret;
	for (i = 0; i < r->nips; i++) {
		podol_format_addr(&r->ips[i], s, sizeof(s));
		f = (struct find){ .addr = &r->ips[i], .ifindex = pod.ifindex };
		ret = find(&p->pod, RTM_GETADDR, r->ips[i].family, &f);
		if (ret)
			return nl_failed(&p->pod, ret, "cannot list addresses of",
					 r->pod_if, e);
		if (!f.found)
			return cni_fail(e, -ENOENT, CNI_ERR_CHECK,
					"the pod's %s has lost its address %s",
					r->pod_if, s);
		f = (struct find){ .addr = &r->ips[i], .ifindex = host.ifindex };
		ret = find(&p->host, RTM_GETROUTE, r->ips[i].family, &f);
		if (ret)
			return nl_failed(&p->host, ret, "cannot list routes via",
					 r->host_if, e);
		if (!f.found)
			return cni_fail(e, -ENOENT, CNI_ERR_CHECK,
					"the node has no route to %s via %s", s,
					r->host_if);
	}
	for (bit = HAS_V4; bit <= HAS_V6; bit <<= 1) {
		if (!(has & bit))
			continue;
		gateway(family_of(bit), &gw);
		f = (struct find){ .gw = &gw, .ifindex = pod.ifindex };
		ret = find(&p->pod, RTM_GETROUTE, family_of(bit), &f);
		if (ret)
			return nl_failed(&p->pod, ret, "cannot list routes of",
					 r->pod_if, e);
		if (!f.found)
			return cni_fail(e, -ENOENT, CNI_ERR_CHECK,
					"the pod has no default route via %s",
					family_of(bit) == AF_INET ? CNI_GW4 : CNI_GW6);
	}
	return 0;
}
