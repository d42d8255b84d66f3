// SPDX-License-Identifier: GPL-2.0
/*
 * mipxfrmd: the Home Agent daemon. For now it follows the module's
 * binding events and logs each change; the IKEv2 key manager and the
 * Binding Update handling build on this loop.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/log.h"
#include "../common/version.h"
#include "../genl/binding.h"
#include "../genl/genl.h"

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: mipxfrmd [OPTIONS]\n"
		"\n"
		"The mipxfrm Mobile IPv6 Home Agent daemon. It needs the mipxfrm\n"
		"kernel module (modprobe mipxfrm) and CAP_NET_ADMIN in its network\n"
		"namespace. This version follows the module's binding table and\n"
		"logs every change (new, updated, deleted, expired binding).\n"
		"\n"
		"Options:\n"
		"  -f, --foreground  stay in the foreground and log to stderr\n"
		"                    (default: detach and log to syslog, facility\n"
		"                    daemon)\n"
		"  -d, --debug       log debug messages too\n"
		"  -V, --version     print the version and exit\n"
		"  -h, --help        print this help and exit\n"
		"\n"
		"Signals: SIGTERM and SIGINT stop the daemon.\n"
		"Exit status: 0 after a signal, 1 on a fatal error, 2 on bad usage.\n");
}

static const char *addr_str(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

static int on_event(const struct nlmsghdr *nlh, void *data)
{
	char hoa[INET6_ADDRSTRLEN], coa[INET6_ADDRSTRLEN];
	char old[INET6_ADDRSTRLEN];
	const char *name;
	struct binding b;

	(void)data;
	if (binding_parse(nlh, &b)) {
		log_warn("event: malformed binding message ignored");
		return MNL_CB_OK;
	}
	name = binding_event_name(b.cmd);
	if (!name) {
		log_debug("event: unknown command %u ignored", b.cmd);
		return MNL_CB_OK;
	}
	addr_str(&b.hoa, hoa);
	strcpy(coa, b.has_coa ? addr_str(&b.coa, coa) : "(none)");
	strcpy(old, b.has_old_coa ? addr_str(&b.old_coa, old) : "(none)");
	log_info("binding %s: hoa %s coa %s (was %s) lifetime %u reqids %u/%u",
		 name, hoa, coa, old, b.lifetime, b.reqid_mh, b.reqid_tunnel);
	return MNL_CB_OK;
}

static int run(struct nl_conn *c)
{
	struct pollfd pfd = { .fd = mnl_socket_get_fd(c->nl), .events = POLLIN };
	ssize_t n;

	while (!stopping) {
		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_err("poll: %s", strerror(errno));
			return 1;
		}
		n = mnl_socket_recvfrom(c->nl, c->buf, MNL_SOCKET_BUFFER_SIZE);
		if (n < 0) {
			if (errno == ENOBUFS) {
				log_warn("events overran the socket buffer; some were lost");
				continue;
			}
			if (errno == EINTR)
				continue;
			log_err("netlink receive: %s", strerror(errno));
			return 1;
		}
		mnl_cb_run(c->buf, n, 0, 0, on_event, NULL);
	}
	log_info("stopping on signal");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "debug", no_argument, NULL, 'd' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct sigaction sa = { .sa_handler = on_signal };
	struct nl_conn c;
	int foreground = 0, opt, err;

	while ((opt = getopt_long(argc, argv, "fdVh", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			foreground = 1;
			break;
		case 'd':
			log_level = LOG_DEBUG;
			break;
		case 'V':
			printf("mipxfrmd %s\n", MIPXFRM_TOOLS_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mipxfrmd: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}

	err = genl_open(&c);
	if (err == -ENOENT) {
		log_err("module mipxfrm is not loaded (try: modprobe mipxfrm)");
		return 1;
	}
	if (!err)
		err = genl_subscribe(&c);
	if (err) {
		log_err("generic netlink: %s", strerror(-err));
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (!foreground) {
		if (daemon(0, 0) < 0) {
			log_err("daemon: %s", strerror(errno));
			return 1;
		}
		log_to_syslog("mipxfrmd");
	}
	log_info("mipxfrmd %s started (module ABI version %u)",
		 MIPXFRM_TOOLS_VERSION, c.version);
	err = run(&c);
	nl_close(&c);
	return err;
}
