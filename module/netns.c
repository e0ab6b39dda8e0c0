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

static int __net_init podol_net_init(struct net *net)
{
	INIT_LIST_HEAD(&podol_net(net)->devices);
	return 0;
}

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
	return register_pernet_device(&podol_net_ops);
}

void podol_netns_exit(void)
{
	unregister_pernet_device(&podol_net_ops);
}
