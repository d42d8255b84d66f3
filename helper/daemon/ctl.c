// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket's listening socket and clients (ctl.h): opening it
 * safely, accepting and checking who connects, reading one request line
 * and writing one reply without ever blocking the daemon's loop. What a
 * request does is ctl_cmd.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/log.h"
#include "ctl.h"

static int64_t now_ms(void)
{
	return ike_now_ms();
}

static void client_drop(struct ctl_client *cl)
{
	if (cl->state == CTL_FREE)
		return;
	close(cl->fd);
	free(cl->out);
	memset(cl, 0, sizeof(*cl));
	cl->state = CTL_FREE;
	cl->fd = -1;
}

/* Sends what the socket takes now; closes once all is sent. */
static void client_write(struct ctl_client *cl)
{
	ssize_t n;

	while (cl->out_off < cl->out_len) {
		n = send(cl->fd, cl->out + cl->out_off, cl->out_len - cl->out_off,
			 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			client_drop(cl);	/* the client went away */
			return;
		}
		cl->out_off += n;
		cl->deadline_ms = now_ms() + CTL_IDLE_MS;
	}
	client_drop(cl);
}

FILE *ctl_reply_open(struct ctl_client *cl)
{
	FILE *f;

	free(cl->out);
	cl->out = NULL;
	cl->out_len = cl->out_off = 0;
	f = open_memstream(&cl->out, &cl->out_len);
	if (!f) {
		log_err("control socket: out of memory for a reply");
		client_drop(cl);
	}
	return f;
}

void ctl_reply_end(struct ctl_client *cl, FILE *f, bool ok)
{
	fprintf(f, "%s\n", ok ? CTLPROTO_OK : CTLPROTO_FAILED);
	if (fclose(f) || !cl->out) {
		log_err("control socket: out of memory for a reply");
		client_drop(cl);
		return;
	}
	cl->state = CTL_WRITE;
	cl->conn = NULL;
	cl->deadline_ms = now_ms() + CTL_IDLE_MS;
	client_write(cl);
}

void ctl_reply(struct ctl_client *cl, bool ok, const char *fmt, ...)
{
	FILE *f = ctl_reply_open(cl);
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	ctl_reply_end(cl, f, ok);
}

/* The request line, once it is complete. */
static void client_request(struct ctl *c, struct ctl_client *cl, size_t len)
{
	struct ctlproto_req r;
	char err[160];

	if (ctlproto_parse(cl->req, len, &r, err, sizeof(err))) {
		log_warn("control socket: bad request from pid %d: %s",
			 (int)cl->pid, err);
		ctl_reply(cl, false, "bad request: %s", err);
		return;
	}
	ctl_command(c, cl, &r);
}

/* Reads what there is of the request; one line, then nothing more. */
static void client_read(struct ctl *c, struct ctl_client *cl)
{
	char *lf;
	ssize_t n;

	if (cl->state != CTL_READ) {
		char discard[64];

		/* waiting for "up": only an EOF (the client gave up) matters */
		n = recv(cl->fd, discard, sizeof(discard), MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			client_drop(cl);
		return;
	}
	n = recv(cl->fd, cl->req + cl->req_len, sizeof(cl->req) - cl->req_len,
		 MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_drop(cl);
		return;
	}
	cl->req_len += n;
	lf = memchr(cl->req, '\n', cl->req_len);
	if (lf)
		client_request(c, cl, lf - cl->req + 1);
	else if (cl->req_len == sizeof(cl->req))
		ctl_reply(cl, false, "bad request: longer than %d octets",
			  CTLPROTO_REQ_MAX - 1);
}

/* Whom we serve: root, or whoever the daemon runs as. */
static bool allowed(struct ctl_client *cl)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (getsockopt(cl->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return false;
	cl->uid = cred.uid;
	cl->pid = cred.pid;
	return cred.uid == 0 || cred.uid == geteuid();
}

static struct ctl_client *client_free_slot(struct ctl *c)
{
	for (int i = 0; i < CTL_CLIENTS_MAX; i++)
		if (c->cl[i].state == CTL_FREE)
			return &c->cl[i];
	return NULL;
}

/*
 * A short answer to a client we do not keep; best effort. What it sent
 * already is read first: closing a unix socket with unread data resets
 * the peer (a client may still see that, if it sends later: mipxfrmctl
 * reads our answer all the same).
 */
static void turn_away(int fd, const char *why)
{
	char buf[CTLPROTO_REQ_MAX];
	int n;

	if (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) < 0 && errno != EAGAIN)
		log_debug("control socket: %s", strerror(errno));
	n = snprintf(buf, sizeof(buf), "%s\n%s\n", why, CTLPROTO_FAILED);
	if (send(fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		log_debug("control socket: %s", strerror(errno));
	close(fd);
}

static void accept_clients(struct ctl *c)
{
	struct ctl_client *cl;
	char why[96];
	int fd;

	for (;;) {
		fd = accept4(c->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				log_warn("control socket: accept: %s",
					 strerror(errno));
			return;
		}
		cl = client_free_slot(c);
		if (!cl) {
			turn_away(fd, "mipxfrmd is busy: too many control clients, try again");
			continue;
		}
		cl->fd = fd;
		cl->state = CTL_READ;
		cl->deadline_ms = now_ms() + CTL_IDLE_MS;
		if (!allowed(cl)) {
			log_warn("control socket: refused uid %u (pid %d): not root",
				 (unsigned int)cl->uid, (int)cl->pid);
			snprintf(why, sizeof(why),
				 "permission denied: uid %u is not root",
				 (unsigned int)cl->uid);
			turn_away(fd, why);
			memset(cl, 0, sizeof(*cl));
			cl->fd = -1;
		}
	}
}

static struct ctl_client *client_of(struct ctl *c, int fd)
{
	for (int i = 0; i < CTL_CLIENTS_MAX; i++)
		if (c->cl[i].state != CTL_FREE && c->cl[i].fd == fd)
			return &c->cl[i];
	return NULL;
}

/* Clients past their deadline: silent, not reading, or "up" too long. */
static void expire(struct ctl_client *cl, int64_t t)
{
	if (cl->state == CTL_FREE || t < cl->deadline_ms)
		return;
	if (cl->state == CTL_WAIT) {
		ctl_reply(cl, false,
			  "conn '%s' is not up after %u s; still trying (see the log)",
			  cl->conn->ic->name, cl->timeout);
		return;
	}
	log_debug("control socket: pid %d idle for %d ms, dropped",
		  (int)cl->pid, CTL_IDLE_MS);
	client_drop(cl);
}

void ctl_input(struct ctl *c, const struct pollfd *pfd, int n)
{
	struct ctl_client *cl;
	int64_t t;
	int i;

	/* clients first: a fd closed here may come back from accept */
	for (i = 0; i < n; i++) {
		if (!pfd[i].revents || pfd[i].fd == c->fd)
			continue;
		cl = client_of(c, pfd[i].fd);
		if (!cl)
			continue;
		if (cl->state == CTL_WRITE)
			client_write(cl);
		else
			client_read(c, cl);
	}
	for (i = 0; i < n; i++)
		if (pfd[i].fd == c->fd && (pfd[i].revents & POLLIN))
			accept_clients(c);
	t = now_ms();
	for (i = 0; i < CTL_CLIENTS_MAX; i++)
		expire(&c->cl[i], t);
}

int ctl_pollfds(const struct ctl *c, struct pollfd *pfd, int max)
{
	int i, n = 0;

	if (c->fd < 0 || max < 1)
		return 0;
	pfd[n++] = (struct pollfd){ .fd = c->fd, .events = POLLIN };
	for (i = 0; i < CTL_CLIENTS_MAX && n < max; i++) {
		const struct ctl_client *cl = &c->cl[i];

		if (cl->state == CTL_FREE)
			continue;
		pfd[n++] = (struct pollfd){
			.fd = cl->fd,
			.events = cl->state == CTL_WRITE ? POLLOUT : POLLIN,
		};
	}
	return n;
}

int ctl_next_ms(const struct ctl *c, int max_ms)
{
	int64_t t = now_ms(), next = t + max_ms;

	for (int i = 0; i < CTL_CLIENTS_MAX; i++)
		if (c->cl[i].state != CTL_FREE && c->cl[i].deadline_ms < next)
			next = c->cl[i].deadline_ms;
	return next > t ? (int)(next - t) : 0;
}

/* --- the socket file ---------------------------------------------------- */

/*
 * Whatever is at path before we bind: nothing (fine), a socket nobody
 * answers on (left by a daemon that died: removed), a live daemon or
 * something that is not a socket (we refuse to touch it).
 */
static int clear_path(const struct sockaddr_un *sun)
{
	struct stat st;
	int fd, ret;

	if (lstat(sun->sun_path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode)) {
		log_err("control socket %s: exists and is not a socket; not starting",
			sun->sun_path);
		return -EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	ret = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	ret = ret ? errno : 0;
	close(fd);
	if (!ret) {
		log_err("control socket %s: another mipxfrmd answers there; not starting",
			sun->sun_path);
		return -EADDRINUSE;
	}
	if (ret != ECONNREFUSED) {
		log_err("control socket %s: %s", sun->sun_path, strerror(ret));
		return -ret;
	}
	log_info("control socket %s: removing the stale socket", sun->sun_path);
	return unlink(sun->sun_path) && errno != ENOENT ? -errno : 0;
}

/* path, made absolute, into c->path and sun. */
static int set_path(struct ctl *c, const char *path, struct sockaddr_un *sun)
{
	char cwd[sizeof(c->path)];
	int n;

	if (path[0] == '/')
		n = snprintf(c->path, sizeof(c->path), "%s", path);
	else if (getcwd(cwd, sizeof(cwd)))
		n = snprintf(c->path, sizeof(c->path), "%s/%s", cwd, path);
	else
		n = -1;
	if (n < 0 || (size_t)n >= sizeof(c->path)) {
		log_err("control socket %s: path too long (at most %zu octets)",
			path, sizeof(c->path) - 1);
		return -1;
	}
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, c->path, sizeof(sun->sun_path));
	return 0;
}

static int listen_on(const struct sockaddr_un *sun)
{
	mode_t old;
	int fd, ret;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* no window in which the file has wider permissions than 0600 */
	old = umask(0177);
	ret = bind(fd, (const struct sockaddr *)sun, sizeof(*sun));
	umask(old);
	if (ret || chmod(sun->sun_path, 0600) ||
	    listen(fd, CTL_CLIENTS_MAX)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}

int ctl_open(struct ctl *c, const char *path, struct ike_daemon *d)
{
	struct sockaddr_un sun;
	int i, err;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	for (i = 0; i < CTL_CLIENTS_MAX; i++)
		c->cl[i].fd = -1;
	if (set_path(c, path, &sun) || clear_path(&sun))
		return -1;
	err = listen_on(&sun);
	if (err < 0) {
		log_err("control socket %s: %s", c->path, strerror(-err));
		return -1;
	}
	c->fd = err;
	c->ike = d;
	c->start.mono = ike_now();
	c->start.wall = time(NULL);
	d->on_conn = ctl_on_conn;
	d->on_conn_ctx = c;
	log_info("control socket %s (mode 0600)", c->path);
	return 0;
}

void ctl_close(struct ctl *c)
{
	for (int i = 0; i < CTL_CLIENTS_MAX; i++)
		client_drop(&c->cl[i]);
	if (c->fd < 0)
		return;
	close(c->fd);
	c->fd = -1;
	unlink(c->path);
	if (c->ike && c->ike->on_conn == ctl_on_conn) {
		c->ike->on_conn = NULL;
		c->ike->on_conn_ctx = NULL;
	}
}
