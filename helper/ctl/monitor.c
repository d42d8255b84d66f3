// SPDX-License-Identifier: GPL-2.0
/*
 * mipxfrmctl monitor: prints the module's binding events as they come.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../genl/binding.h"
#include "ctl.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: mipxfrmctl monitor [COUNT]\n"
		"\n"
		"Prints one line per binding event of this network namespace:\n"
		"  EVENT HOA coa COA old-coa OLD seq SEQ lifetime SECS reqids MH/TUNNEL\n"
		"EVENT is new, updated, deleted or expired; '-' where unset.\n"
		"Stops after COUNT events when given, otherwise runs until killed.\n"
		"Needs CAP_NET_ADMIN in the network namespace: the events tell\n"
		"where every mobile is.\n");
}

static int print_event(const struct nlmsghdr *nlh, void *data)
{
	char hoa[INET6_ADDRSTRLEN], coa[INET6_ADDRSTRLEN] = "-";
	char old[INET6_ADDRSTRLEN] = "-", seq[8] = "-";
	long *left = data;
	const char *name;
	struct binding b;

	if (binding_parse(nlh, &b) || !(name = binding_event_name(b.cmd)))
		return MNL_CB_OK;
	inet_ntop(AF_INET6, &b.hoa, hoa, sizeof(hoa));
	if (b.has_coa)
		inet_ntop(AF_INET6, &b.coa, coa, sizeof(coa));
	if (b.has_old_coa)
		inet_ntop(AF_INET6, &b.old_coa, old, sizeof(old));
	if (b.has_seq)
		snprintf(seq, sizeof(seq), "%u", b.seq);
	printf("%s %s coa %s old-coa %s seq %s lifetime %u reqids %u/%u\n",
	       name, hoa, coa, old, seq, b.lifetime, b.reqid_mh, b.reqid_tunnel);
	fflush(stdout);
	return --*left ? MNL_CB_OK : MNL_CB_STOP;
}

int monitor_main(int argc, char **argv)
{
	long left = -1;
	struct nl_conn c;
	ssize_t n;
	int ret;

	if (argc > 2 || (argc == 2 && (!strcmp(argv[1], "-h") ||
				       !strcmp(argv[1], "--help")))) {
		usage(argc == 2 ? stdout : stderr);
		return argc == 2 ? 0 : 2;
	}
	if (argc == 2) {
		char *end;

		left = strtol(argv[1], &end, 10);
		if (*end || left <= 0) {
			usage(stderr);
			return 2;
		}
	}
	ret = ctl_open(&c);
	if (ret)
		return ret;
	ret = genl_subscribe(&c);
	if (ret) {
		fprintf(stderr, "mipxfrmctl: cannot join the events group: %s%s\n",
			strerror(-ret), ret == -EPERM ? CTL_EPERM_HINT : "");
		nl_close(&c);
		return 1;
	}
	for (;;) {
		n = mnl_socket_recvfrom(c.nl, c.buf, MNL_SOCKET_BUFFER_SIZE);
		if (n < 0 && errno == ENOBUFS) {
			fprintf(stderr, "mipxfrmctl: events lost (socket buffer overrun)\n");
			continue;
		}
		if (n < 0 || mnl_cb_run(c.buf, n, 0, 0, print_event, &left) <=
			     MNL_CB_STOP)
			break;
	}
	nl_close(&c);
	return n < 0 ? 1 : 0;
}
