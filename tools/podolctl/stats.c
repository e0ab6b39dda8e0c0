// SPDX-License-Identifier: GPL-2.0
/* podolctl stats [ dev DEV ]: a device's counters and node count. */
#include <string.h>

#include "show.h"

int cmd_stats(int argc, char **argv)
{
	struct node_args a = { NULL };
	struct dev_list l = { NULL };
	struct nl_msg m = { NULL };
	struct nl nl;
	int ret;

	if (argc > 0 && !strcmp(argv[0], "help")) {
		printf("Usage: podolctl stats [ dev DEV ]\n");
		return RC_OK;
	}
	ret = parse_node_args(NULL, argc, argv, KWF(KW_DEV), &a);
	if (ret)
		return ret;
	if (a.dev) {
		ret = check_dev(a.dev);
		if (ret)
			return ret;
	}
	ret = nl_open(&nl);
	if (ret)
		goto out;
	if (a.dev) {
		ret = nl_msg_new(&m, &nl, PODOL_CMD_DEV_GET, NLM_F_ACK,
				 attr_size(strlen(a.dev) + 1));
		if (ret)
			goto out;
		msg_put_strz(&m, PODOL_A_IFNAME, a.dev);
		ret = nl_talk(&nl, &m, dev_list_cb, &l, NULL);
	} else {
		ret = nl_msg_new(&m, &nl, PODOL_CMD_DEV_GET, NLM_F_DUMP, 0);
		if (ret)
			goto out;
		ret = nl_dump(&nl, &m, dev_list_cb, dev_list_reset, &l);
	}
	if (ret < 0)
		ret = nl_refused(&nl, ret);
	if (!ret)
		print_devs(&l);
out:
	nl_msg_free(&m);
	dev_list_free(&l);
	nl_close(&nl);
	return ret;
}
