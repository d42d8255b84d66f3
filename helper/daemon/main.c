// SPDX-License-Identifier: GPL-2.0
/*
 * mipxfrmd: the Home Agent daemon. It loads and checks the whole
 * configuration first (conf/load.h; --check stops there), then follows
 * the module's binding events and logs each change, speaks IKEv2 (ike.h)
 * and serves mipxfrmctl (ctl.h) in the same poll loop; the Binding
 * Update handling builds on this loop.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/mipxfrm.h>

#include "../common/log.h"
#include "../common/version.h"
#include "../conf/load.h"
#include "../genl/binding.h"
#include "../genl/genl.h"
#include "ctl.h"
#include "ike.h"
#include "kernel.h"

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
		"       mipxfrmd --check [--json] [OPTIONS]\n"
		"\n"
		"The mipxfrm Mobile IPv6 Home Agent daemon. It reads the configuration\n"
		"of the two daemons it replaces as they are: UMIP's mip6d.conf and\n"
		"strongSwan's ipsec.conf, ipsec.secrets and ipsec.d credentials.\n"
		"\n"
		"It loads and checks that configuration as a whole (every loaded\n"
		"conn's proposals, certificate, private key and leftid, and the reqid\n"
		"of each CHILD_SA), refuses to start on any error, and then follows\n"
		"the mipxfrm kernel module's binding table, logging every change;\n"
		"when the module moves a mobile to a new CoA, the records of its\n"
		"tunnel CHILD_SAs follow, and with the K bit its IKE SA too.\n"
		"\n"
		"It speaks IKEv2 on UDP port 500 in both roles: it answers\n"
		"IKE_SA_INIT, IKE_AUTH with certificates, CREATE_CHILD_SA (further\n"
		"CHILD_SAs, CHILD_SA and IKE SA rekeys) and INFORMATIONAL (Deletes,\n"
		"liveness checks), and it initiates conns with auto=start at start\n"
		"and on `mipxfrmctl up CONN`. Each CHILD_SA's SAs are installed with\n"
		"the reqid of its conn and removed when it is deleted, rekeyed or\n"
		"its IKE SA goes; our requests are resent on a back-off (4 s x 1.8^n,\n"
		"5 times); SAs are rekeyed at lifetime/ikelifetime minus margintime;\n"
		"With dpdaction=clear|hold|restart, a peer silent for dpddelay is\n"
		"asked whether it lives; one that does not answer loses its SAs\n"
		"(restart: and its conns are initiated again). On SIGTERM every\n"
		"IKE SA is deleted (the peers are told) and no SA of ours stays in\n"
		"the kernel.\n"
		"With installpolicy=yes (strongSwan's default; the seed says no) it\n"
		"installs each CHILD_SA's out/in/fwd policies too. The kernel's\n"
		"acquires bring up the conn of their reqid; a hard expiry deletes\n"
		"the CHILD_SA and tells the peer.\n"
		"Not yet: NAT-T (port 4500), MOBIKE, IKEv1, PSK and EAP, trap\n"
		"policies (auto=route is refused with installpolicy=yes).\n"
		"Running needs the module (modprobe mipxfrm) and CAP_NET_ADMIN in the\n"
		"network namespace; --check needs neither. mipxfrmctl(8) status, up,\n"
		"down, rekey and rekey-ike talk to the running daemon.\n"
		"\n"
		"Configuration (paths as the files name them, read below --root):\n"
		"      --mip6d-conf FILE    mip6d.conf (default " CONF_MIP6D_DEFAULT ")\n"
		"      --ipsec-conf FILE    ipsec.conf (default " CONF_IPSEC_DEFAULT ")\n"
		"      --ipsec-secrets FILE ipsec.secrets (default " CONF_SECRETS_DEFAULT ")\n"
		"      --ipsec-dir DIR      cacerts, certs, private and crls\n"
		"                           (default " CONF_IPSECDIR_DEFAULT ")\n"
		"      --state FILE         reqids derived for conns that neither\n"
		"                           reqid= nor mip6d.conf number, kept across\n"
		"                           restarts (default " CONF_STATE_DEFAULT ";\n"
		"                           relative: to the working directory)\n"
		"      --root DIR           read every absolute path above, and those\n"
		"                           the files include, below DIR (default: none)\n"
		"      --port PORT          the UDP port IKE uses (default 500;\n"
		"                           another one is for tests)\n"
		"      --ctl-socket PATH    the control socket mipxfrmctl talks to\n"
		"                           (default " CTLPROTO_PATH ", mode 0600)\n"
		"      --retransmit-timeout MS\n"
		"                           first resend of an unanswered IKE request\n"
		"                           after MS milliseconds, each later one 1.8\n"
		"                           times later (default 4000, charon's)\n"
		"      --retransmit-tries N resends before a silent peer's SAs are\n"
		"                           deleted (default 5: 165 s in all)\n"
		"\n"
		"Modes:\n"
		"  -n, --check         load and check everything, print the connections\n"
		"                      as ipsec statusall's \"Connections:\" with each\n"
		"                      child's mode and reqids, and exit: 0 if valid, 1\n"
		"                      with one \"FILE:LINE: reason\" per problem on\n"
		"                      stderr. Warnings go there too without\n"
		"                      changing the status, among them every mobile's\n"
		"                      conn that gets no reqid of mip6d.conf, every\n"
		"                      IPsecPolicySet no conn uses and every reqid=\n"
		"                      that overrides mip6d.conf's. A dry run: nothing\n"
		"                      is written, not even the state file; it needs\n"
		"                      only read access.\n"
		"      --json          with --check: print one JSON object instead\n"
		"                      (valid, errors, warnings, connections)\n"
		"  -f, --foreground    stay in the foreground and log to stderr\n"
		"                      (default: detach and log to syslog, facility\n"
		"                      daemon)\n"
		"  -d, --debug         log debug messages too (with --check: also the\n"
		"                      start-up log: files, keys, configurations).\n"
		"                      Without -d, ipsec.conf's charondebug= sets the\n"
		"                      level, one for all: the highest it gives any\n"
		"                      subsystem (-1 warnings, 0 notices, 1 info, the\n"
		"                      default, 2 and above debug; the seed's \"knl 2\"\n"
		"                      logs debug)\n"
		"  -V, --version       print the version and exit\n"
		"  -h, --help          print this help and exit\n"
		"\n"
		"Signals: SIGTERM and SIGINT stop the daemon (IKE SAs deleted first).\n"
		"Exit status: 0 after a signal or a valid --check, 1 on an invalid\n"
		"configuration or a fatal error, 2 on bad usage.\n");
}

static const char *addr_str(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

static int on_event(const struct nlmsghdr *nlh, void *data)
{
	struct ike_daemon *ike = data;
	char hoa[INET6_ADDRSTRLEN], coa[INET6_ADDRSTRLEN];
	char old[INET6_ADDRSTRLEN];
	const char *name;
	struct binding b;

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
	if (b.cmd == MIPXFRM_CMD_BINDING_UPDATED && b.has_old_coa && b.has_coa &&
	    memcmp(&b.old_coa, &b.coa, sizeof(b.coa)))
		ike_daemon_coa_moved(ike, &b.old_coa, &b.coa,
				     b.flags & MIPXFRM_F_KEY_MGMT);
	return MNL_CB_OK;
}

/* One batch of module events; -1 on a fatal socket error. */
static int module_input(struct nl_conn *c, struct ike_daemon *ike)
{
	ssize_t n;

	n = mnl_socket_recvfrom(c->nl, c->buf, MNL_SOCKET_BUFFER_SIZE);
	if (n < 0) {
		if (errno == ENOBUFS) {
			log_warn("events overran the socket buffer; some were lost");
			return 0;
		}
		if (errno == EINTR)
			return 0;
		log_err("netlink receive: %s", strerror(errno));
		return -1;
	}
	mnl_cb_run(c->buf, n, 0, 0, on_event, ike);
	return 0;
}

/* How often IKE SAs are looked at, at the least. */
#define POLL_MS	5000

static int run(struct nl_conn *c, struct ike_daemon *ike, struct ctl *ctl)
{
	/* module events, IKE over IPv6 and IPv4, XFRM events, then ctl's */
	struct pollfd pfd[4 + CTL_POLLFDS] = {
		{ .fd = mnl_socket_get_fd(c->nl), .events = POLLIN },
		{ .fd = ike->sock.fd6, .events = POLLIN },
		{ .fd = ike->sock.fd4, .events = POLLIN },
		{ .fd = mnl_socket_get_fd(ike->xfrm_events.nl), .events = POLLIN },
	};
	int i, n;

	while (!stopping) {
		/* resends, rekeys, liveness checks, half-open expiry */
		ike_daemon_tick(ike);
		n = ctl_pollfds(ctl, pfd + 4, CTL_POLLFDS);
		if (poll(pfd, 4 + n,
			 ctl_next_ms(ctl, ike_daemon_next_ms(ike, POLL_MS))) < 0) {
			if (errno == EINTR)
				continue;
			log_err("poll: %s", strerror(errno));
			return 1;
		}
		if ((pfd[0].revents & POLLIN) && module_input(c, ike))
			return 1;
		for (i = 1; i < 3; i++)
			if (pfd[i].revents & POLLIN)
				ike_daemon_input(ike, pfd[i].fd);
		if (pfd[3].revents & POLLIN)
			kernel_events_input(ike, &ike->xfrm_events);
		ctl_input(ctl, pfd + 4, n);
	}
	log_info("stopping on signal");
	return 0;
}

/* Long options without a short form. */
enum {
	OPT_MIP6D_CONF = 256,
	OPT_IPSEC_CONF,
	OPT_IPSEC_SECRETS,
	OPT_IPSEC_DIR,
	OPT_ROOT,
	OPT_STATE,
	OPT_JSON,
	OPT_PORT,
	OPT_CTL_SOCKET,
	OPT_RETRANSMIT_TIMEOUT,
	OPT_RETRANSMIT_TRIES,
};

struct options {
	struct conf_paths paths;
	bool foreground, debug, check, json;
	uint16_t port;
	const char *ctl_socket;
	int retransmit_ms;
	unsigned int retransmit_tries;
};

static const struct option long_opts[] = {
	{ "mip6d-conf", required_argument, NULL, OPT_MIP6D_CONF },
	{ "ipsec-conf", required_argument, NULL, OPT_IPSEC_CONF },
	{ "ipsec-secrets", required_argument, NULL, OPT_IPSEC_SECRETS },
	{ "ipsec-dir", required_argument, NULL, OPT_IPSEC_DIR },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "check", no_argument, NULL, 'n' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "ctl-socket", required_argument, NULL, OPT_CTL_SOCKET },
	{ "retransmit-timeout", required_argument, NULL, OPT_RETRANSMIT_TIMEOUT },
	{ "retransmit-tries", required_argument, NULL, OPT_RETRANSMIT_TRIES },
	{ "foreground", no_argument, NULL, 'f' },
	{ "debug", no_argument, NULL, 'd' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ 0 }
};

/* --port: -1 to go on, 2 (bad usage) for anything but 1..65535. */
static int parse_port(const char *arg, uint16_t *port)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end || v < 1 || v > 65535) {
		fprintf(stderr, "mipxfrmd: --port: '%s' is not a port\n", arg);
		return 2;
	}
	*port = (uint16_t)v;
	return -1;
}

/*
 * An integer option in [min, max] into *v: -1 to go on, 2 (bad usage)
 * otherwise.
 */
static int parse_uint(const char *opt, const char *arg, long min, long max,
		      long *v)
{
	char *end;

	errno = 0;
	*v = strtol(arg, &end, 10);
	if (*arg == '\0' || *end || errno || *v < min || *v > max) {
		fprintf(stderr, "mipxfrmd: --%s: '%s' is not a number from %ld to %ld\n",
			opt, arg, min, max);
		return 2;
	}
	return -1;
}

/* Returns -1 to go on, else the exit status. */
static int parse_opt(int opt, struct options *o)
{
	long v;
	int ret;

	switch (opt) {
	case OPT_MIP6D_CONF:
		o->paths.mip6d_conf = optarg;
		break;
	case OPT_IPSEC_CONF:
		o->paths.ipsec_conf = optarg;
		break;
	case OPT_IPSEC_SECRETS:
		o->paths.ipsec_secrets = optarg;
		break;
	case OPT_IPSEC_DIR:
		o->paths.ipsec_dir = optarg;
		break;
	case OPT_ROOT:
		o->paths.root = optarg;
		break;
	case OPT_STATE:
		o->paths.state = optarg;
		break;
	case 'n':
		o->check = true;
		break;
	case OPT_JSON:
		o->json = true;
		break;
	case OPT_PORT:
		return parse_port(optarg, &o->port);
	case OPT_RETRANSMIT_TIMEOUT:
		ret = parse_uint("retransmit-timeout", optarg, 100, 600000, &v);
		o->retransmit_ms = (int)v;
		return ret;
	case OPT_RETRANSMIT_TRIES:
		ret = parse_uint("retransmit-tries", optarg, 0, 100, &v);
		o->retransmit_tries = (unsigned int)v;
		return ret;
	case OPT_CTL_SOCKET:
		o->ctl_socket = optarg;
		break;
	case 'f':
		o->foreground = true;
		break;
	case 'd':
		o->debug = true;
		break;
	case 'V':
		printf("mipxfrmd %s\n", MIPXFRM_TOOLS_VERSION);
		return 0;
	case 'h':
		usage(stdout);
		return 0;
	default:
		/* getopt has said what was wrong; the usage would scroll it away. */
		fprintf(stderr, "Try 'mipxfrmd --help' for more information.\n");
		return 2;
	}
	return -1;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	int opt, ret;

	/* getopt's messages name the program as the others do, not its path. */
	argv[0] = "mipxfrmd";
	while ((opt = getopt_long(argc, argv, "nfdVh", long_opts, NULL)) != -1) {
		ret = parse_opt(opt, o);
		if (ret >= 0)
			return ret;
	}
	if (optind < argc) {
		fprintf(stderr, "mipxfrmd: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (o->json && !o->check) {
		fprintf(stderr, "mipxfrmd: --json goes with --check\n");
		return 2;
	}
	return -1;
}

/*
 * --check: a dry run that writes nothing (not even the state file), and
 * the start-up log only when asked (-d), so that stdout is the listing
 * and stderr the problems.
 */
static int check(const struct options *o)
{
	struct conf_paths paths = o->paths;
	struct conf c;
	int ret;

	log_level = o->debug ? LOG_DEBUG : LOG_WARNING;
	paths.dry_run = true;
	ret = conf_load(&paths, &c);
	if (o->json)
		conf_print_json(&c, stdout);
	else
		conf_print(&c, stdout, stderr);
	conf_free(&c);
	return ret ? 1 : 0;
}

/* Loads the configuration before anything else; any error stops here. */
static int load(const struct options *o, struct conf *c)
{
	if (!conf_load(&o->paths, c))
		return 0;
	for (size_t i = 0; i < c->n_errors; i++)
		log_err("%s", c->errors[i]);
	log_err("configuration invalid (%zu error%s): not starting",
		c->n_errors, c->n_errors == 1 ? "" : "s");
	conf_free(c);
	return -1;
}

static int open_module(struct nl_conn *c)
{
	int err = genl_open(c);

	if (err == -ENOENT) {
		log_err("module mipxfrm is not loaded (try: modprobe mipxfrm)");
		return -1;
	}
	if (!err)
		err = genl_subscribe(c);
	if (err) {
		log_err("generic netlink: %s", strerror(-err));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct options o = { .port = IKE_PORT, .ctl_socket = CTLPROTO_PATH,
			     .retransmit_ms = IKE_RETRANSMIT_MS,
			     .retransmit_tries = IKE_RETRANSMIT_TRIES };
	struct ike_daemon ike;
	struct ctl ctl;
	struct nl_conn nl;
	struct conf conf;
	int err;

	err = parse_args(argc, argv, &o);
	if (err >= 0)
		return err;
	if (o.debug)
		log_level = LOG_DEBUG;
	if (o.check)
		return check(&o);
	if (load(&o, &conf))
		return 1;
	if (!o.debug)
		log_level = ipsec_log_level(&conf.ipsec.setup);
	if (open_module(&nl))
		goto err_conf;
	if (ike_daemon_open(&ike, &conf, o.port))
		goto err_nl;
	ike.retransmit_ms = o.retransmit_ms;
	ike.retransmit_tries = o.retransmit_tries;
	if (ctl_open(&ctl, o.ctl_socket, &ike))
		goto err_ike;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (!o.foreground) {
		if (daemon(0, 0) < 0) {
			log_err("daemon: %s", strerror(errno));
			goto err_ctl;
		}
		log_to_syslog("mipxfrmd");
	}
	log_info("mipxfrmd %s started (module ABI version %u), %zu connection%s loaded",
		 MIPXFRM_TOOLS_VERSION, nl.version, conf.n_conns,
		 conf.n_conns == 1 ? "" : "s");
	ike_start_conns(&ike);
	err = run(&nl, &ike, &ctl);
	ctl_close(&ctl);
	ike_daemon_close(&ike);
	nl_close(&nl);
	conf_free(&conf);
	return err;

err_ctl:
	ctl_close(&ctl);
err_ike:
	ike_daemon_close(&ike);
err_nl:
	nl_close(&nl);
err_conf:
	conf_free(&conf);
	return 1;
}
