// SPDX-License-Identifier: GPL-2.0
/*
 * mipxfrmctl: shows and steers the mipxfrm module and daemon. One
 * subcommand per file; this table is the whole dispatcher.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../common/version.h"
#include "ctl.h"

static const struct {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *help;
} subcommands[] = {
	{ "binding", binding_main,
	  "show, add, update (Binding Update) or delete bindings" },
	{ "monitor", monitor_main, "print binding events as they happen" },
	{ "status", status_main,
	  "mipxfrmd's connections and IKE/IPsec SAs (as ipsec statusall)" },
	{ "up", up_main, "initiate a connection and wait for the result" },
	{ "down", down_main, "delete a connection's SAs" },
	{ "rekey", rekey_main, "rekey a connection's CHILD_SAs" },
	{ "rekey-ike", rekey_ike_main, "rekey the IKE_SAs carrying a connection" },
	{ "version", version_main,
	  "print the tool version and the loaded module's ABI version" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"Usage: mipxfrmctl [-h | --help] [-V | --version] COMMAND [ARGS...]\n"
		"\n"
		"Show and steer the mipxfrm Mobile IPv6 Home Agent: the kernel\n"
		"module's binding table (generic netlink family \"mipxfrm\") and\n"
		"the mipxfrmd daemon.\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(out, "  %-10s %s\n", subcommands[i].name,
			subcommands[i].help);
	fprintf(out,
		"\n"
		"'mipxfrmctl COMMAND --help' describes a command. binding and\n"
		"monitor, reads included, need CAP_NET_ADMIN in the network\n"
		"namespace, as ip xfrm does; status, up, down, rekey and rekey-ike\n"
		"talk to mipxfrmd's control socket, which only root may use.\n"
		"Exit status: 0 on success, 1 on failure, 2 on bad usage.\n");
}

int ctl_open(struct nl_conn *c)
{
	int err = genl_open(c);

	if (err == -ENOENT) {
		fprintf(stderr,
			"mipxfrmctl: module mipxfrm is not loaded (try: modprobe mipxfrm)\n");
		return 1;
	}
	if (err) {
		fprintf(stderr, "mipxfrmctl: generic netlink: %s\n",
			strerror(-err));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("mipxfrmctl %s\n", MIPXFRM_TOOLS_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].main(argc - 1, argv + 1);
	fprintf(stderr, "mipxfrmctl: unknown command '%s' (try: mipxfrmctl --help)\n",
		argv[1]);
	return 2;
}
