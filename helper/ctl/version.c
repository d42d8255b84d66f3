// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include <linux/mipxfrm.h>
#include "../common/version.h"
#include "ctl.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: mipxfrmctl version\n"
		"\n"
		"Prints the version of mipxfrmctl and mipxfrmd, then, when the\n"
		"module is loaded, its generic netlink family id and ABI version.\n"
		"Fails (exit 1) when the module is not loaded or speaks another ABI\n"
		"version than this tool (%d).\n",
		MIPXFRM_GENL_VERSION);
}

int version_main(int argc, char **argv)
{
	struct nl_conn c;
	int ret;

	if (argc > 1) {
		bool help = !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help");

		usage(help ? stdout : stderr);
		return help ? 0 : 2;
	}
	printf("mipxfrmctl %s (ABI version %d)\n", MIPXFRM_TOOLS_VERSION,
	       MIPXFRM_GENL_VERSION);
	fflush(stdout);
	ret = ctl_open(&c);
	if (ret)
		return ret;
	printf("module mipxfrm: family id %u, ABI version %u\n", c.family_id,
	       c.version);
	nl_close(&c);
	if (c.version != MIPXFRM_GENL_VERSION) {
		fprintf(stderr,
			"mipxfrmctl: the module speaks ABI version %u, this tool %d\n",
			c.version, MIPXFRM_GENL_VERSION);
		return 1;
	}
	return 0;
}
