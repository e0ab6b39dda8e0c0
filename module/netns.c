// SPDX-License-Identifier: GPL-2.0
/*
 * Per-netns state, and the rule that a device dies with the netns that
 * created it: its sockets live there, and a kernel socket holds no
 * reference on its netns, so they must go before that netns does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/netns/generic.h>

#include "device.h"
#include "netns.h"

static unsigned int podol_net_id __read_mostly;

struct podol_net *podol_net(struct net *net)
{
	return net_generic(net, podol_net_id);
}

/* Never 0: a dump's cb->seq of 0 means no consistency check. */
unsigned int podol_net_dev_gen(struct net *net)
{
	return READ_ONCE(podol_net(net)->dev_gen);
}

static int __net_init podol_net_init(struct net *net)
{
	INIT_LIST_HEAD(&podol_net(net)->devices);
	podol_net(net)->dev_gen = 1;
	return 0;
}

/*
 * A podol device appears in or leaves dev_net(dev): registered,
 * unregistered, or moved between netns (which the core tells as an
 * unregister in the old netns and a register in the new one). RTNL.
 */
static int podol_netdev_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct podol_net *pn;

	if (!netif_is_podol(dev) ||
	    (event != NETDEV_REGISTER && event != NETDEV_UNREGISTER))
		return NOTIFY_DONE;
	pn = podol_net(dev_net(dev));
	WRITE_ONCE(pn->dev_gen, pn->dev_gen + 1 ? : 1);
	return NOTIFY_DONE;
}

static struct notifier_block podol_netdev_notifier = {
	.notifier_call = podol_netdev_event,
};

/*
 * Runs before the dying netns' devices are torn down: unregister every
 * device this netns created, wherever it lives now, and close its sockets
 * here and now. A device that another thread is already unregistering may
 * not reach its destructor before this netns is freed, so the sockets
 * cannot wait for the destructor.
 *
 * The devices go in one batch: unregistering unhooks their sockets
 * (ndo_uninit) and waits for one grace period for all of them, after
 * which the sockets close without waiting. A device that another thread
 * unregistered went through the same under RTNL, which we now hold.
 */
static void __net_exit podol_net_pre_exit(struct net *net)
{
	struct podol_net *pn = podol_net(net);
	struct podol_dev *pd, *tmp;
	LIST_HEAD(kill);

	rtnl_lock();
	list_for_each_entry(pd, &pn->devices, net_entry) {
		pr_debug("%s: creating netns is going away\n", pd->dev->name);
		if (pd->dev->reg_state == NETREG_REGISTERED)
			unregister_netdevice_queue(pd->dev, &kill);
	}
	unregister_netdevice_many(&kill);
	list_for_each_entry_safe(pd, tmp, &pn->devices, net_entry)
		podol_dev_detach(pd);
	rtnl_unlock();
}

static void __net_exit podol_net_exit(struct net *net)
{
	WARN_ON_ONCE(!list_empty(&podol_net(net)->devices));
}

static struct pernet_operations podol_net_ops = {
	.init = podol_net_init,
	.pre_exit = podol_net_pre_exit,
	.exit = podol_net_exit,
	.id = &podol_net_id,
	.size = sizeof(struct podol_net),
};

int podol_netns_init(void)
{
	int err;

	err = register_pernet_device(&podol_net_ops);
	if (err)
		return err;
	err = register_netdevice_notifier(&podol_netdev_notifier);
	if (err)
		unregister_pernet_device(&podol_net_ops);
	return err;
}

void podol_netns_exit(void)
{
	unregister_netdevice_notifier(&podol_netdev_notifier);
	unregister_pernet_device(&podol_net_ops);
}
