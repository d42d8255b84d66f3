// SPDX-License-Identifier: GPL-2.0
/*
 * mipxfrmctl status, up, down, rekey, rekey-ike: requests to mipxfrmd's
 * control socket (common/ctlproto.h), one per connection. The reply is
 * read whole before anything is printed, because only its last line
 * says whether it is output (stdout) or an error (stderr).
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../common/ctlproto.h"
#include "ctl.h"

/* Seconds to wait for any reply but up's (status of many SAs included). */
#define REPLY_TIMEOUT	30

struct opts {
	const char *socket;
	bool json;
	unsigned int timeout;	/* up: 0 = the daemon's default */
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: mipxfrmctl status [--json] [--socket PATH]\n"
		"       mipxfrmctl up CONN [--timeout SECONDS] [--socket PATH]\n"
		"       mipxfrmctl down CONN [--socket PATH]\n"
		"       mipxfrmctl rekey CONN [--socket PATH]\n"
		"       mipxfrmctl rekey-ike CONN [--socket PATH]\n"
		"\n"
		"Ask the running mipxfrmd, through its control socket, about its IKE\n"
		"and IPsec state or to change it. CONN is a conn of ipsec.conf that\n"
		"mipxfrmd loaded.\n"
		"\n"
		"  status     the loaded connections and every IKE_SA and CHILD_SA,\n"
		"             as strongSwan's 'ipsec statusall' prints them (uptime,\n"
		"             listening addresses, \"Connections:\", \"Security\n"
		"             Associations (N up, M connecting):\"); with --json one\n"
		"             JSON object for scripts\n"
		"  up         initiate CONN and wait until its CHILD_SA is established\n"
		"             or has failed, at most SECONDS (default %d, at most %d);\n"
		"             after a timeout the daemon goes on trying\n"
		"  down       delete CONN's CHILD_SAs, and the IKE_SA carrying them\n"
		"             when no other conn uses it; prints how many SAs were\n"
		"             asked to go (0 is not an error)\n"
		"  rekey      rekey every established CHILD_SA of CONN\n"
		"  rekey-ike  rekey every established IKE_SA carrying CONN\n"
		"\n"
		"Options:\n"
		"  --socket PATH      the daemon's control socket (default %s;\n"
		"                     see mipxfrmd --ctl-socket)\n"
		"  --json             status: print JSON\n"
		"  --timeout SECONDS  up: how long to wait\n"
		"\n"
		"The socket is mode 0600: only root can use it. rekey and rekey-ike\n"
		"return once the exchanges are started; the daemon's log says how they\n"
		"end.\n"
		"Exit status: 0 on success; 1 when the daemon refused or the request\n"
		"failed (the reason is printed), or mipxfrmd is not reachable; 2 on\n"
		"bad usage.\n",
		CTLPROTO_UP_TIMEOUT, CTLPROTO_UP_MAX, CTLPROTO_PATH);
}

static int bad_usage(const char *cmd, const char *what, const char *arg)
{
	fprintf(stderr, "mipxfrmctl %s: %s%s%s%s (try: mipxfrmctl %s --help)\n",
		cmd, what, arg ? " '" : "", arg ? arg : "", arg ? "'" : "", cmd);
	return 2;
}

/*
 * Options anywhere after the command; conn gets the one operand when
 * the command takes one. -1 to go on, else the exit status.
 */
static int parse(int argc, char **argv, bool takes_conn, struct opts *o,
		 const char **conn)
{
	const char *cmd = argv[0];
	char *end;
	int i;

	*conn = NULL;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--socket") && i + 1 < argc) {
			o->socket = argv[++i];
		} else if (!strcmp(a, "--json") && !takes_conn) {
			o->json = true;
		} else if (!strcmp(a, "--timeout") && i + 1 < argc &&
			   !strcmp(cmd, "up")) {
			unsigned long v = strtoul(argv[++i], &end, 10);

			if (*argv[i] < '0' || *argv[i] > '9' || *end || !v ||
			    v > CTLPROTO_UP_MAX)
				return bad_usage(cmd, "--timeout: not 1..3600 seconds",
						 argv[i]);
			o->timeout = (unsigned int)v;
		} else if (a[0] == '-' || !takes_conn || *conn) {
			return bad_usage(cmd, "unexpected argument", a);
		} else {
			*conn = a;
		}
	}
	if (takes_conn && !*conn)
		return bad_usage(cmd, "needs a connection name", NULL);
	return -1;
}

static int connect_to(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, err;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "mipxfrmctl: %s: path too long\n", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "mipxfrmctl: socket: %s\n", strerror(errno));
		return -1;
	}
	if (!connect(fd, (struct sockaddr *)&sun, sizeof(sun)))
		return fd;
	err = errno;
	close(fd);
	if (err == ENOENT || err == ECONNREFUSED)
		fprintf(stderr, "mipxfrmctl: cannot connect to %s: is mipxfrmd running?\n",
			path);
	else if (err == EACCES || err == EPERM)
		fprintf(stderr, "mipxfrmctl: cannot connect to %s: %s (only root may)\n",
			path, strerror(err));
	else
		fprintf(stderr, "mipxfrmctl: cannot connect to %s: %s\n", path,
			strerror(err));
	return -1;
}

/* Appends what fd sends until it closes; -1 on error or timeout. */
static int read_reply(int fd, unsigned int timeout, char **buf, size_t *len)
{
	time_t until = time(NULL) + timeout;
	size_t cap = 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	time_t left;
	ssize_t n;

	*buf = NULL;
	*len = 0;
	for (;;) {
		if (*len == cap) {
			char *nb = realloc(*buf, cap = cap ? 2 * cap : 4096);

			if (!nb)
				return -ENOMEM;
			*buf = nb;
		}
		left = until - time(NULL);
		if (left <= 0 || poll(&p, 1, (int)left * 1000) == 0)
			return -ETIMEDOUT;
		n = read(fd, *buf + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		*len += n;
	}
}

/* Prints body lines to stderr, each as the daemon's. */
static void print_error(const char *body, size_t len)
{
	const char *p = body, *lf;

	while (p < body + len) {
		lf = memchr(p, '\n', body + len - p);
		if (!lf)
			lf = body + len;
		fprintf(stderr, "mipxfrmd: %.*s\n", (int)(lf - p), p);
		p = lf + 1;
	}
}

static int request(const struct opts *o, const struct ctlproto_req *r)
{
	unsigned int timeout = REPLY_TIMEOUT;
	char line[CTLPROTO_REQ_MAX + 1], *buf;
	size_t len, body;
	int fd, n, err, st, send_err;

	n = ctlproto_format(r, line, sizeof(line));
	if (n < 0) {
		fprintf(stderr, "mipxfrmctl: request too long\n");
		return 1;
	}
	fd = connect_to(o->socket);
	if (fd < 0)
		return 1;
	/*
	 * A daemon that turns us away answers at once and closes, maybe
	 * before our request went out: the send then fails, but the answer
	 * is waiting to be read.
	 */
	send_err = send(fd, line, n, MSG_NOSIGNAL) == n ? 0 : errno;
	if (send_err && send_err != EPIPE && send_err != ECONNRESET) {
		fprintf(stderr, "mipxfrmctl: %s: %s\n", o->socket, strerror(send_err));
		close(fd);
		return 1;
	}
	if (r->cmd == CTLPROTO_UP)
		timeout += r->timeout;	/* the daemon answers at r->timeout */
	err = read_reply(fd, timeout, &buf, &len);
	close(fd);
	st = ctlproto_reply_status(buf, len, &body);
	if (st == 0)
		fwrite(buf, 1, body, stdout);
	else
		print_error(buf, body);
	/* a reset after a whole answer (our request unread) changes nothing */
	if (st >= 0)
		err = 0;
	if (st < 0 && send_err)
		fprintf(stderr, "mipxfrmctl: %s: %s\n", o->socket, strerror(send_err));
	else if (err)
		fprintf(stderr, "mipxfrmctl: no complete reply from mipxfrmd: %s\n",
			strerror(-err));
	else if (st < 0)
		fprintf(stderr, "mipxfrmctl: mipxfrmd closed the connection without an answer\n");
	free(buf);
	return st == 0 ? 0 : 1;
}

static int run(int argc, char **argv, enum ctlproto_cmd cmd, bool takes_conn)
{
	struct opts o = { .socket = CTLPROTO_PATH };
	struct ctlproto_req r = { .cmd = cmd };
	const char *conn;
	int ret;

	ret = parse(argc, argv, takes_conn, &o, &conn);
	if (ret >= 0)
		return ret;
	if (conn && strlen(conn) > CTLPROTO_NAME_MAX)
		return bad_usage(argv[0], "connection name too long", NULL);
	if (conn)
		strcpy(r.conn, conn);
	if (o.json)
		r.cmd = CTLPROTO_STATUS_JSON;
	r.timeout = o.timeout ? o.timeout : CTLPROTO_UP_TIMEOUT;
	return request(&o, &r);
}

int status_main(int argc, char **argv)
{
	return run(argc, argv, CTLPROTO_STATUS, false);
}

int up_main(int argc, char **argv)
{
	return run(argc, argv, CTLPROTO_UP, true);
}

int down_main(int argc, char **argv)
{
	return run(argc, argv, CTLPROTO_DOWN, true);
}

int rekey_main(int argc, char **argv)
{
	return run(argc, argv, CTLPROTO_REKEY, true);
}

int rekey_ike_main(int argc, char **argv)
{
	return run(argc, argv, CTLPROTO_REKEY_IKE, true);
}
