// SPDX-License-Identifier: GPL-2.0
/*
 * podol_nlfuzz: hostile netlink input for podol, and what the kernel
 * must make of it.
 *
 *   podol_nlfuzz table
 *	Prints the base table, as a podolctl replace file.
 *
 *   podol_nlfuzz [-q] cases TARGET SCRATCH
 *	Hand-built malformed messages, to the generic netlink family "podol"
 *	and to RTM_NEWLINK and RTM_SETLINK for kind "podol". Each goes to
 *	TARGET, a podol device holding the base table, and must be refused
 *	with an extack message (NLMSGERR_ATTR_MSG), TARGET's table and link
 *	attributes staying byte for byte what they were. The same message
 *	without its defect goes to SCRATCH, a podol device of the same netns
 *	that is given the base table here, and must be accepted: a case
 *	cannot pass because everything fails. SCRATCH is put back after
 *	each control. -q leaves out the replace of 100,000 nodes (and its
 *	control of 65,536), which costs minutes on a KASAN kernel.
 *
 *   podol_nlfuzz mutate DEV [SEED [COUNT [ITERATION]]]
 *	Random mutations of five valid messages to DEV (replace, add,
 *	change, delete, and a newlink that changes DEV's attributes), DEV
 *	being the only podol device of its netns. A model of the kernel's
 *	checks, written from the policies and from module/netlink.c and
 *	module/link.c, says whether a mutated message is valid. An invalid
 *	one must be refused with an extack message and change nothing; a
 *	valid one must be accepted and leave exactly what the model says.
 *	Each iteration seeds its own generator from SEED, so ITERATION alone
 *	can be run again, verbosely.
 *
 * Prints KTAP. Exit status: 0 all passed, 1 a failure, 2 usage or setup.
 *
 * The code, under nlfuzz/: msg (message bytes), nl (netlink and the
 * devices under test), model (what the kernel accepts and then holds),
 * table (the base table), words (a case's message from its words),
 * damage (what words cannot say), cases (reading podol_nlfuzz.cases)
 * and cases_run, mutate (the mutator) and mutate_run.
 *
 * Some refusals come from netlink's core before podol sees the message
 * (an unknown command, a device of another kind): the core gives no
 * message there, and such cases ask for the error only. rtnetlink parses
 * IFLA_INFO_DATA leniently, for old userspace: an unknown attribute or
 * bytes after the last one are skipped, and RTM_SETLINK never looks at
 * IFLA_LINKINFO at all. Such cases pass when the message is refused with
 * a message, or accepted with no more effect than its well-formed part.
 * Before 6.5, the core dropped the message a dump's .start() gave.
 */
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "nlfuzz/cases_run.h"
#include "nlfuzz/mutate_run.h"
#include "nlfuzz/nl.h"
#include "nlfuzz/table.h"

static int usage(void)
{
	fprintf(stderr,
		"usage: podol_nlfuzz table\n"
		"       podol_nlfuzz [-v] [-q] [-c FILE] cases TARGET SCRATCH\n"
		"       podol_nlfuzz [-v] mutate DEV [SEED [COUNT [ITERATION]]]\n"
		"  -v  every message and answer; -q  no 100,000-node replace;\n"
		"  -c  the cases (podol_nlfuzz.cases beside the program)\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct fz f = { 0 };
	int i = 1;

	for (; argc > i && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v"))
			f.verbose = true;
		else if (!strcmp(argv[i], "-q"))
			f.quick = true;
		else if (!strcmp(argv[i], "-c") && argc > i + 1)
			f.cases = argv[++i];
		else
			return usage();
	}
	if (argc <= i)
		return usage();
	if (!strcmp(argv[i], "table"))
		return cmd_table();
	setvbuf(stdout, NULL, _IOLBF, 0);
	nl_open(&f.genl, NETLINK_GENERIC);
	nl_open(&f.rtnl, NETLINK_ROUTE);
	msg_init(&f.m, MSG_SMALL);
	msg_init(&f.big, MSG_BIG);
	f.lo = if_nametoindex("lo");
	if (!strcmp(argv[i], "cases") && argc == i + 3)
		return cmd_cases(&f, argv[i + 1], argv[i + 2]);
	if (!strcmp(argv[i], "mutate") && argc >= i + 2 && argc <= i + 5)
		return cmd_mutate(&f, argv[i + 1],
				  argc > i + 2 ? strtoull(argv[i + 2], NULL, 0) : 1,
				  argc > i + 3 ? strtoul(argv[i + 3], NULL, 0) : 3000,
				  argc > i + 4 ? strtol(argv[i + 4], NULL, 0) : -1);
	return usage();
}
