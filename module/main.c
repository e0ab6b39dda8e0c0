// SPDX-License-Identifier: GPL-2.0
/*
 * podol: an L3 UDP overlay device for pod networks.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/podol.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "device.h"
#include "netlink.h"
#include "netns.h"
#include "table.h"

static int __init podol_init(void)
{
	int err;

	err = podol_table_init();
	if (err)
		return err;
	err = podol_netns_init();
	if (err)
		goto err_table;
	err = rtnl_link_register(&podol_link_ops);
	if (err)
		goto err_netns;
	err = podol_genl_init();
	if (err)
		goto err_link;
	pr_debug("loaded\n");
	return 0;

err_link:
	rtnl_link_unregister(&podol_link_ops);
err_netns:
	podol_netns_exit();
err_table:
	podol_table_exit();
	return err;
}

static void __exit podol_exit(void)
{
	podol_genl_exit();
	/* Deletes every podol device, in every netns, before returning. */
	rtnl_link_unregister(&podol_link_ops);
	podol_netns_exit();
	/* Nodes deleted earlier are freed by RCU callbacks in this module. */
	rcu_barrier();
	/* Tables replaced earlier are freed by its workqueue. */
	podol_table_exit();
	pr_debug("unloaded\n");
}

module_init(podol_init);
module_exit(podol_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("podol: L3 UDP overlay for pod networks");
MODULE_AUTHOR("The podol authors");
MODULE_ALIAS_RTNL_LINK("podol");
MODULE_ALIAS_GENL_FAMILY(PODOL_GENL_NAME);
