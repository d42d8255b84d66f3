/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mipxfrmd's control socket: the server side of common/ctlproto.h (the
 * protocol is documented there), serving mipxfrmctl's status, up, down,
 * rekey and rekey-ike.
 *
 * Access: the socket file is created mode 0600 (umask around bind, then
 * chmod) and owned by the daemon's user, so only root can connect at
 * all; on top of that each client's SO_PEERCRED uid must be 0 or the
 * daemon's own euid (the socket's directory might be shared), others
 * get one error line and are logged.
 *
 * The daemon has one thread, so nothing here blocks: sockets are
 * non-blocking, a request is at most CTLPROTO_REQ_MAX octets, each
 * client has its own buffers, and a client that sends nothing or reads
 * nothing for CTL_IDLE_MS is dropped. "up" keeps its client until the
 * IKE side reports the conn (ike_daemon's on_conn, which ctl_open()
 * points at this file) or its timeout passes.
 *
 * Use from the poll loop:
 *
 *	n = ctl_pollfds(&ctl, pfd, max);
 *	poll(..., ctl_next_ms(&ctl, timeout));
 *	ctl_input(&ctl, pfd, n);	after every poll, timeouts included
 */
#ifndef MIPXFRM_DAEMON_CTL_H
#define MIPXFRM_DAEMON_CTL_H

#include <poll.h>
#include <stdint.h>
#include <sys/un.h>

#include "../common/ctlproto.h"
#include "ike.h"
#include "status.h"

/* Clients served at once; more are told "busy". */
#define CTL_CLIENTS_MAX	8
/* pollfds ctl_pollfds() may fill: the listening socket and the clients. */
#define CTL_POLLFDS	(1 + CTL_CLIENTS_MAX)
/* A client silent (no request) or not reading its reply this long goes. */
#define CTL_IDLE_MS	5000

enum ctl_client_state {
	CTL_FREE,
	CTL_READ,		/* reading the request line */
	CTL_WAIT,		/* "up": waiting for on_conn */
	CTL_WRITE,		/* sending the reply, then closing */
};

struct ctl_client {
	enum ctl_client_state state;
	int fd;
	uid_t uid;
	pid_t pid;
	char req[CTLPROTO_REQ_MAX];
	size_t req_len;
	char *out;		/* the reply (malloc'ed), out_off sent */
	size_t out_len, out_off;
	const struct conf_conn *conn;	/* CTL_WAIT: the conn brought up */
	unsigned int timeout;		/* CTL_WAIT: seconds, for the reply */
	int64_t deadline_ms;		/* monotonic: idle or "up" timeout */
};

struct ctl {
	int fd;			/* listening; -1: closed */
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct ike_daemon *ike;
	struct ike_status_start start;
	struct ctl_client cl[CTL_CLIENTS_MAX];
};

/*
 * Listens on path (made absolute: the daemon changes to / later) and
 * sets d->on_conn. A socket file nobody answers on is replaced; if a
 * daemon answers there, or path is not a socket, this fails. 0 or -1
 * (logged).
 */
int ctl_open(struct ctl *c, const char *path, struct ike_daemon *d);
/* Drops every client, removes the socket file, unsets d->on_conn. */
void ctl_close(struct ctl *c);

/* Fills up to max pollfds (CTL_POLLFDS is enough); returns how many. */
int ctl_pollfds(const struct ctl *c, struct pollfd *pfd, int max);
/* Handles the revents of the n pollfds ctl_pollfds() filled; timeouts. */
void ctl_input(struct ctl *c, const struct pollfd *pfd, int n);
/* Milliseconds until a client times out, at most max_ms. */
int ctl_next_ms(const struct ctl *c, int max_ms);

/* The ike_daemon's on_conn: answers the clients waiting on "up conn". */
void ctl_on_conn(void *ctx, const struct conf_conn *conn, const char *why);

/* --- between ctl.c and ctl_cmd.c ---------------------------------------- */

/*
 * A reply: the body goes to the stream ctl_reply_open() returns (NULL
 * when out of memory: the client has been dropped), ctl_reply_end()
 * adds the status line and starts sending. ctl_reply() is both for one
 * line.
 */
FILE *ctl_reply_open(struct ctl_client *cl);
void ctl_reply_end(struct ctl_client *cl, FILE *f, bool ok);
void ctl_reply(struct ctl_client *cl, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Carries out the parsed request r of cl: replies, or CTL_WAIT for up. */
void ctl_command(struct ctl *c, struct ctl_client *cl,
		 const struct ctlproto_req *r);

#endif
