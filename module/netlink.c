// SPDX-License-Identifier: GPL-2.0
/*
 * The "podol" generic netlink family: a device's node table, and its
 * counters. Commands and attributes: include/uapi/linux/podol.h.
 *
 * Every command needs CAP_NET_ADMIN in the netns' user namespace and
 * names a podol device of the caller's netns; a table write to a device
 * moved out of its creating netns needs CAP_NET_ADMIN there as well. The
 * family's pre_doit finds the device (and, for a table write, checks that
 * capability) before any doit runs; its post_doit drops the reference.
 * Operations are serialised by the genl mutex (the family has no
 * parallel_ops) and, per device, by the device's update_lock, which the
 * data path never takes. The attributes' policies, parsing and encoding
 * are in netlink_attr.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/podol.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "compat.h"
#include "device.h"
#include "local.h"
#include "netlink.h"
#include "netlink_attr.h"
#include "netns.h"

static struct genl_family podol_genl_family;

/* The podol device a request names, with a reference; or an ERR_PTR. */
static struct net_device *podol_nl_dev(struct net *net, struct nlattr **attrs,
				       struct netlink_ext_ack *extack)
{
	struct net_device *dev;

	if (attrs[PODOL_A_IFINDEX]) {
		dev = dev_get_by_index(net, nla_get_u32(attrs[PODOL_A_IFINDEX]));
	} else if (attrs[PODOL_A_IFNAME]) {
		dev = dev_get_by_name(net, nla_data(attrs[PODOL_A_IFNAME]));
	} else {
		NL_SET_ERR_MSG(extack, "podol: name the device, by ifindex or by name");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG(extack, "podol: no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!netif_is_podol(dev)) {
		dev_put(dev);
		NL_SET_ERR_MSG(extack, "podol: not a podol device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return dev;
}

/*
 * May the caller write @dev's table? Its socket lives in the netns that
 * created the device: once the device has been moved out of it, the
 * caller must hold CAP_NET_ADMIN over that netns too (genl checked the
 * current one), or whoever was given the device, a pod, could point the
 * host's socket at any address the host reaches.
 */
static int podol_nl_may_write(struct sk_buff *skb, struct net_device *dev,
			      struct netlink_ext_ack *extack)
{
	struct podol_dev *pd = netdev_priv(dev);

	if (!net_eq(dev_net(dev), pd->creating_net) &&
	    !netlink_ns_capable(skb, pd->creating_net->user_ns, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(extack,
			       "podol: the device was moved here from another netns; changing its table needs CAP_NET_ADMIN there too");
		return -EPERM;
	}
	return 0;
}

/* The device can reach a node of this family: it has a socket for it. */
static int podol_check_family(struct podol_dev *pd, sa_family_t family,
			      struct nlattr *a, struct netlink_ext_ack *extack)
{
	bool ok = family == AF_INET ? !!rcu_access_pointer(pd->sock4) :
				      !!rcu_access_pointer(pd->sock6);

	if (!ok) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "podol: the device has no socket of this family (see local)");
		return -EAFNOSUPPORT;
	}
	return 0;
}

static struct podol_table *podol_table_locked(struct podol_dev *pd)
{
	return rcu_dereference_protected(pd->table,
					 lockdep_is_held(&pd->update_lock));
}

/* Parses the request's PODOL_A_NODE into a fresh allocation. */
static struct podol_node_req *podol_nl_node(struct genl_info *info,
					    struct podol_dev *pd)
{
	struct nlattr *a = info->attrs[PODOL_A_NODE];
	struct podol_node_req *req;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, PODOL_A_NODE)) {
		NL_SET_ERR_MSG(info->extack, "podol: the request needs a node");
		return ERR_PTR(-EINVAL);
	}
	req = kmalloc(sizeof(*req), PODOL_GFP);
	if (!req)
		return ERR_PTR(-ENOMEM);
	err = podol_parse_node(a, req, info->extack);
	if (!err)
		err = podol_check_family(pd, req->remote.family, a, info->extack);
	if (err) {
		kfree(req);
		return ERR_PTR(err);
	}
	return req;
}

/* The node with @req's remote address, or NULL with an extack message. */
static struct podol_node *podol_nl_find_node(struct podol_dev *pd,
					     const struct podol_node_req *req,
					     struct netlink_ext_ack *extack)
{
	struct podol_node *node;

	node = podol_table_find(podol_table_locked(pd), &req->remote,
				&pd->update_lock);
	if (!node)
		NL_SET_ERR_MSG(extack, "podol: no node with this remote address");
	return node;
}

/*
 * What podol_nl_pre_doit() prepares for a doit, by the op's internal
 * flags: every doit gets its device, with a reference, in user_ptr[0];
 * PODOL_NL_WRITE checks the caller may write the table; PODOL_NL_NODE
 * parses the request's node into user_ptr[1]. podol_nl_post_doit()
 * releases both.
 */
#define PODOL_NL_WRITE	BIT(0)
#define PODOL_NL_NODE	BIT(1)

static int podol_nl_pre_doit(const struct podol_genl_op *ops,
			     struct sk_buff *skb, struct genl_info *info)
{
	struct podol_node_req *req = NULL;
	struct net_device *dev;
	int err = 0;

	dev = podol_nl_dev(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	if (ops->internal_flags & PODOL_NL_WRITE)
		err = podol_nl_may_write(skb, dev, info->extack);
	if (!err && (ops->internal_flags & PODOL_NL_NODE)) {
		req = podol_nl_node(info, netdev_priv(dev));
		if (IS_ERR(req))
			err = PTR_ERR(req);
	}
	if (err) {
		dev_put(dev);
		return err;
	}
	info->user_ptr[0] = dev;
	info->user_ptr[1] = req;
	return 0;
}

static void podol_nl_post_doit(const struct podol_genl_op *ops,
			       struct sk_buff *skb, struct genl_info *info)
{
	kfree(info->user_ptr[1]);
	dev_put(info->user_ptr[0]);
}

static struct net_device *podol_nl_info_dev(struct genl_info *info)
{
	return info->user_ptr[0];
}

static struct podol_dev *podol_nl_info_pd(struct genl_info *info)
{
	return netdev_priv(podol_nl_info_dev(info));
}

static const struct podol_node_req *podol_nl_info_node(struct genl_info *info)
{
	return info->user_ptr[1];
}

/* NODE_ADD, NODE_CHANGE and NODE_DEL on the table, under update_lock. */
static int podol_node_add_locked(struct podol_dev *pd,
				 const struct podol_node_req *req,
				 struct netlink_ext_ack *extack)
{
	return podol_table_add(podol_table_locked(pd), &req->remote, req->port,
			       req->cidrs, req->ncidrs, &pd->update_lock,
			       extack);
}

static int podol_node_change_locked(struct podol_dev *pd,
				    const struct podol_node_req *req,
				    struct netlink_ext_ack *extack)
{
	struct podol_node *node = podol_nl_find_node(pd, req, extack);

	if (!node)
		return -ENOENT;
	return podol_table_change(podol_table_locked(pd), node,
				  req->port ? : node->port, req->cidrs,
				  req->ncidrs, &pd->update_lock, extack);
}

static int podol_node_del_locked(struct podol_dev *pd,
				 const struct podol_node_req *req,
				 struct netlink_ext_ack *extack)
{
	struct podol_node *node = podol_nl_find_node(pd, req, extack);

	if (!node)
		return -ENOENT;
	podol_table_del(podol_table_locked(pd), node, &pd->update_lock);
	return 0;
}

/*
 * One node of the request, written to the device's table by @write under
 * update_lock; every change bumps table_gen, which node dumps follow.
 */
static int podol_nl_node_write(struct genl_info *info,
			       int (*write)(struct podol_dev *pd,
					    const struct podol_node_req *req,
					    struct netlink_ext_ack *extack))
{
	struct podol_dev *pd = podol_nl_info_pd(info);
	int err;

	mutex_lock(&pd->update_lock);
	err = write(pd, podol_nl_info_node(info), info->extack);
	if (!err)
		pd->table_gen++;
	mutex_unlock(&pd->update_lock);
	return err;
}

static int podol_nl_node_add(struct sk_buff *skb, struct genl_info *info)
{
	return podol_nl_node_write(info, podol_node_add_locked);
}

static int podol_nl_node_change(struct sk_buff *skb, struct genl_info *info)
{
	return podol_nl_node_write(info, podol_node_change_locked);
}

static int podol_nl_node_del(struct sk_buff *skb, struct genl_info *info)
{
	return podol_nl_node_write(info, podol_node_del_locked);
}

/* Swaps @new in as the device's table and frees the old one. */
static void podol_table_swap(struct podol_dev *pd, struct podol_table *new)
{
	struct podol_table *old;

	mutex_lock(&pd->update_lock);
	old = podol_table_locked(pd);
	podol_table_inherit(new, old, &pd->update_lock);
	rcu_assign_pointer(pd->table, new);
	pd->table_gen++;
	mutex_unlock(&pd->update_lock);
	podol_table_free_rcu(old);
}

static int podol_nl_node_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct podol_table *new;

	new = podol_table_new();
	if (!new)
		return -ENOMEM;
	podol_table_swap(podol_nl_info_pd(info), new);
	return 0;
}

/*
 * Builds the whole new table off to the side, then swaps it in with one
 * pointer store: readers see the old table or the new one, never a mix.
 * Any bad node refuses the lot and leaves the old table as it was.
 */
static int podol_nl_node_replace(struct sk_buff *skb, struct genl_info *info)
{
	struct podol_dev *pd = podol_nl_info_pd(info);
	struct podol_node_req *req;
	struct podol_table *new;
	struct nlattr *a;
	int rem, err;

	req = kmalloc(sizeof(*req), PODOL_GFP);
	new = podol_table_new();
	if (!req || !new) {
		err = -ENOMEM;
		goto out;
	}

	/*
	 * The nodes are the message's PODOL_A_NODE attributes, repeated: a
	 * nest could not hold more than 64 KiB of them. The new table is
	 * nobody's yet; the lock is taken for lockdep's sake.
	 */
	mutex_lock(&pd->update_lock);
	err = 0;
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != PODOL_A_NODE)
			continue;
		err = podol_parse_node(a, req, info->extack);
		if (!err)
			err = podol_check_family(pd, req->remote.family, a,
						 info->extack);
		if (!err)
			err = podol_table_add(new, &req->remote, req->port,
					      req->cidrs, req->ncidrs,
					      &pd->update_lock, info->extack);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, a);
			break;
		}
		cond_resched();
	}
	mutex_unlock(&pd->update_lock);
	if (err)
		goto out;

	podol_table_swap(pd, new);
	new = NULL;
out:
	/* Nodes unwound on error are off its list, freed by RCU. */
	podol_table_free(new);
	kfree(req);
	return err;
}

/* One node's message: the device, and the node with its counters. */
static int podol_fill_node(struct sk_buff *skb, struct net_device *dev,
			   struct podol_node *node, u32 portid, u32 seq,
			   int flags, struct netlink_callback *cb)
{
	struct podol_stats stats;
	struct nlattr *nest;
	void *hdr;

	podol_stats_sum(node->stats, &stats);
	hdr = genlmsg_put(skb, portid, seq, &podol_genl_family, flags,
			  PODOL_CMD_NODE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, PODOL_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, PODOL_A_IFNAME, dev->name))
		goto cancel;
	nest = nla_nest_start(skb, PODOL_A_NODE);
	if (!nest ||
	    podol_put_addr(skb, PODOL_NODE_A_REMOTE, &node->remote) ||
	    (node->port && nla_put_be16(skb, PODOL_NODE_A_PORT, node->port)) ||
	    podol_put_cidrs(skb, PODOL_NODE_A_CIDR, &node->cidrs_v4, AF_INET) ||
	    podol_put_cidrs(skb, PODOL_NODE_A_CIDR, &node->cidrs_v6, AF_INET6) ||
	    podol_put_stats(skb, PODOL_NODE_A_STATS, &stats,
			    READ_ONCE(node->last_rx)))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int podol_nl_node_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev = podol_nl_info_dev(info);
	struct podol_dev *pd = netdev_priv(dev);
	struct podol_node *node;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&pd->update_lock);
	node = podol_nl_find_node(pd, podol_nl_info_node(info), info->extack);
	err = node ? podol_fill_node(msg, dev, node, info->snd_portid,
				     info->snd_seq, 0, NULL) : -ENOENT;
	mutex_unlock(&pd->update_lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * The node dump's state, in cb->ctx: the device (with a tracked reference,
 * from start to done) and how many nodes were sent already. A dump that
 * spans a table change is flagged NLM_F_DUMP_INTR (cb->seq follows the
 * table's generation).
 */
struct podol_node_dump {
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	long sent;
};

static_assert(sizeof(struct podol_node_dump) <=
	      sizeof_field(struct netlink_callback, ctx));

static struct podol_node_dump *podol_node_dump_ctx(struct netlink_callback *cb)
{
	return (struct podol_node_dump *)cb->ctx;
}

static int podol_nl_node_dump_start(struct netlink_callback *cb)
{
	struct podol_node_dump *ctx = podol_node_dump_ctx(cb);
	struct nlattr *attrs[PODOL_A_MAX + 1];
	struct net_device *dev;
	int err;

	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, attrs, PODOL_A_MAX,
			  podol_policy, cb->extack);
	if (err)
		return err;
	dev = podol_nl_dev(sock_net(cb->skb->sk), attrs, cb->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	/* The reference lives as long as the dump: track it. */
	netdev_tracker_alloc(dev, &ctx->dev_tracker, GFP_KERNEL);
	ctx->dev = dev;
	ctx->sent = 0;
	return 0;
}

static int podol_nl_node_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct podol_node_dump *ctx = podol_node_dump_ctx(cb);
	struct podol_dev *pd = netdev_priv(ctx->dev);
	struct podol_node *node;
	long i = 0;
	int err = 0;

	mutex_lock(&pd->update_lock);
	cb->seq = pd->table_gen;
	list_for_each_entry(node, &podol_table_locked(pd)->nodes, table_entry) {
		if (i++ < ctx->sent)
			continue;
		err = podol_fill_node(skb, ctx->dev, node,
				      NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (err)
			break;
		ctx->sent++;
	}
	mutex_unlock(&pd->update_lock);
	/* A full skb ends this part of the dump; the next resumes. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ? err : skb->len;
}

static int podol_nl_node_dump_done(struct netlink_callback *cb)
{
	struct podol_node_dump *ctx = podol_node_dump_ctx(cb);

	netdev_put(ctx->dev, &ctx->dev_tracker);
	return 0;
}

/* The local list; its entries never change once it is published. */
static int podol_put_local(struct sk_buff *skb, struct podol_local *local)
{
	if (!local)
		return 0;
	return podol_put_cidrs(skb, PODOL_A_LOCAL_CIDR, &local->cidrs_v4, AF_INET) ?:
	       podol_put_cidrs(skb, PODOL_A_LOCAL_CIDR, &local->cidrs_v6, AF_INET6);
}

static int podol_fill_dev(struct sk_buff *skb, struct net_device *dev,
			  u32 portid, u32 seq, int flags,
			  struct netlink_callback *cb)
{
	struct podol_dev *pd = netdev_priv(dev);
	struct rtnl_link_stats64 core = {};
	struct podol_stats stats;
	u32 count;
	void *hdr;

	/* Packets and bytes from the core's tstats, drops from podol's. */
	podol_stats_sum(pd->stats, &stats);
	dev_fetch_sw_netstats(&core, dev->tstats);
	stats.rx_packets = core.rx_packets;
	stats.rx_bytes = core.rx_bytes;
	stats.tx_packets = core.tx_packets;
	stats.tx_bytes = core.tx_bytes;

	hdr = genlmsg_put(skb, portid, seq, &podol_genl_family, flags,
			  PODOL_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	rcu_read_lock();
	count = rcu_dereference(pd->table)->count;
	if (nla_put_u32(skb, PODOL_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, PODOL_A_IFNAME, dev->name) ||
	    nla_put_u32(skb, PODOL_A_NODE_COUNT, count) ||
	    podol_put_stats(skb, PODOL_A_STATS, &stats, 0) ||
	    podol_put_local(skb, rcu_dereference(pd->local))) {
		rcu_read_unlock();
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	rcu_read_unlock();
	genlmsg_end(skb, hdr);
	return 0;
}

static int podol_nl_dev_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = podol_fill_dev(msg, podol_nl_info_dev(info), info->snd_portid,
			     info->snd_seq, 0, NULL);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * The podol device of @net with the lowest ifindex at or above *@ifindex,
 * which it is set to; NULL if there is none. Under RCU. Kernels without
 * the netns' ifindex xarray (before 6.7) walk the device list for it.
 */
static struct net_device *podol_next_dev_rcu(struct net *net,
					     unsigned long *ifindex)
{
	struct net_device *dev;
#ifdef PODOL_HAVE_NETDEV_DUMP
	unsigned long i = *ifindex;

	for_each_netdev_dump(net, dev, i) {
		if (netif_is_podol(dev)) {
			*ifindex = i;
			return dev;
		}
	}
	return NULL;
#else
	struct net_device *next = NULL;

	for_each_netdev_rcu(net, dev)
		if (netif_is_podol(dev) &&
		    dev->ifindex >= *ifindex &&
		    (!next || dev->ifindex < next->ifindex))
			next = dev;
	if (next)
		*ifindex = next->ifindex;
	return next;
#endif
}

/*
 * The device dump's state, in cb->ctx (zeroed by netlink before the
 * first part): the ifindex to resume from, so that a device added or
 * deleted between two parts of the dump neither repeats nor hides
 * another.
 */
struct podol_dev_dump {
	unsigned long ifindex;
};

static_assert(sizeof(struct podol_dev_dump) <=
	      sizeof_field(struct netlink_callback, ctx));

/*
 * Every podol device of the netns, in ifindex order. cb->seq follows the
 * netns' podol device generation, so a dump that spans a device's
 * addition or deletion is flagged NLM_F_DUMP_INTR.
 */
static int podol_nl_dev_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct podol_dev_dump *ctx = (struct podol_dev_dump *)cb->ctx;
	struct net *net = sock_net(cb->skb->sk);
	unsigned long ifindex = ctx->ifindex;
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	cb->seq = podol_net_dev_gen(net);
	for (; (dev = podol_next_dev_rcu(net, &ifindex)); ifindex++) {
		err = podol_fill_dev(skb, dev, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (err)
			break;
	}
	rcu_read_unlock();
	ctx->ifindex = ifindex;
	/* A full skb ends this part of the dump; the next resumes. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

/*
 * DEV_SET: the device's local CIDR list, replaced whole. The new list is
 * built off to the side and swapped in; the old one is freed once no
 * receiver can hold it (a rare, process-context write).
 */
static int podol_nl_dev_set(struct sk_buff *skb, struct genl_info *info)
{
	struct podol_dev *pd = podol_nl_info_pd(info);
	struct podol_local *new = NULL, *old;
	struct podol_cidr *cidrs;
	unsigned int n = 0;
	struct nlattr *a;
	int rem, err = 0;

	cidrs = kcalloc(PODOL_MAX_LOCAL_CIDRS, sizeof(*cidrs), PODOL_GFP);
	if (!cidrs)
		return -ENOMEM;
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != PODOL_A_LOCAL_CIDR)
			continue;
		if (n == PODOL_MAX_LOCAL_CIDRS) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "podol: too many local CIDRs for one device");
			err = -E2BIG;
			goto out;
		}
		err = podol_parse_cidr(a, &cidrs[n++], info->extack);
		if (err)
			goto out;
	}

	mutex_lock(&pd->update_lock);
	if (n) {
		new = podol_local_new(cidrs, n, &pd->update_lock);
		if (IS_ERR(new)) {
			mutex_unlock(&pd->update_lock);
			err = PTR_ERR(new);
			goto out;
		}
	}
	old = rcu_dereference_protected(pd->local,
					lockdep_is_held(&pd->update_lock));
	rcu_assign_pointer(pd->local, new);
	mutex_unlock(&pd->update_lock);
	if (old) {
		synchronize_rcu();
		podol_local_free(old);
	}
out:
	kfree(cidrs);
	return err;
}

static const struct genl_ops podol_genl_ops[] = {
	{
		.cmd = PODOL_CMD_NODE_ADD,
		.doit = podol_nl_node_add,
		.internal_flags = PODOL_NL_WRITE | PODOL_NL_NODE,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = PODOL_CMD_NODE_CHANGE,
		.doit = podol_nl_node_change,
		.internal_flags = PODOL_NL_WRITE | PODOL_NL_NODE,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = PODOL_CMD_NODE_DEL,
		.doit = podol_nl_node_del,
		.internal_flags = PODOL_NL_WRITE | PODOL_NL_NODE,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = PODOL_CMD_NODE_GET,
		.doit = podol_nl_node_get,
		.internal_flags = PODOL_NL_NODE,
		.start = podol_nl_node_dump_start,
		.dumpit = podol_nl_node_dump,
		.done = podol_nl_node_dump_done,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = PODOL_CMD_NODE_FLUSH,
		.doit = podol_nl_node_flush,
		.internal_flags = PODOL_NL_WRITE,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = PODOL_CMD_NODE_REPLACE,
		.doit = podol_nl_node_replace,
		.internal_flags = PODOL_NL_WRITE,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = PODOL_CMD_DEV_GET,
		.doit = podol_nl_dev_get,
		.dumpit = podol_nl_dev_dump,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = PODOL_CMD_DEV_SET,
		.doit = podol_nl_dev_set,
		.internal_flags = PODOL_NL_WRITE,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family podol_genl_family __ro_after_init = {
	.name = PODOL_GENL_NAME,
	.version = PODOL_GENL_VERSION,
	.maxattr = PODOL_A_MAX,
	.policy = podol_policy,
	.pre_doit = podol_nl_pre_doit,
	.post_doit = podol_nl_post_doit,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = podol_genl_ops,
	.n_ops = ARRAY_SIZE(podol_genl_ops),
	/*
	 * .resv_start_op left at 0: every command is new, so the genetlink
	 * header's reserved field and unknown NLM_F_ flags are refused.
	 */
};

int __init podol_genl_init(void)
{
	return genl_register_family(&podol_genl_family);
}

void podol_genl_exit(void)
{
	genl_unregister_family(&podol_genl_family);
}
