// SPDX-License-Identifier: GPL-2.0
/*
 * The IKE side's resources: the two UDP sockets, an XFRM netlink socket
 * for the SAD, the IKE SA table, the cookie secret and the CERTREQ data
 * (constant while the configuration is); sending; and the stop, which
 * leaves nothing of ours in the kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/log.h"
#include "../ike/message.h"
#include "ike.h"
#include "kernel.h"

int ike_daemon_open(struct ike_daemon *d, const struct conf *conf,
		    uint16_t port)
{
	int err;

	memset(d, 0, sizeof(*d));
	d->sock.fd4 = d->sock.fd6 = -1;
	d->conf = conf;
	d->retransmit_ms = IKE_RETRANSMIT_MS;
	d->retransmit_tries = IKE_RETRANSMIT_TRIES;
	ike_sa_table_init(&d->t);
	d->buf = malloc(IKE_DGRAM_MAX);
	if (!d->buf || ike_cookie_secret_init(&d->cookie)) {
		log_err("IKE: out of memory or randomness");
		goto err;
	}
	if (conf->cas && ca_store_count(conf->cas) > 0 &&
	    ca_store_certreq(conf->cas, &d->certreq, &d->certreq_len))
		log_warn("IKE: no CERTREQ: CA key hashes unavailable");
	err = nl_open(&d->xfrm, NETLINK_XFRM);
	if (err) {
		log_err("XFRM netlink: %s", strerror(-err));
		goto err;
	}
	if (kernel_events_open(&d->xfrm_events)) {
		nl_close(&d->xfrm);
		goto err;
	}
	if (ike_sock_open(&d->sock, port)) {
		nl_close(&d->xfrm_events);
		nl_close(&d->xfrm);
		goto err;
	}
	return 0;
err:
	free(d->buf);
	free(d->certreq);
	ike_cookie_secret_clear(&d->cookie);
	return -1;
}

/*
 * Tells an established peer its IKE SA is gone (once: nobody waits for
 * the answer when the daemon stops), as charon does on shutdown, so the
 * mobile need not wait for its liveness check to find out.
 */
static void say_goodbye(struct ike_daemon *d, struct ike_sa_info *e)
{
	struct ike_buf inner;

	if (e->sa->state != IKE_STATE_ESTABLISHED &&
	    e->sa->state != IKE_STATE_REKEYING)
		return;
	ike_req_done(d, e);
	e->req.task.kind = IKE_TASK_IKE_DELETE;
	ike_buf_init(&inner);
	ike_build_inner(&inner);
	if (!ike_info_request(d, e, &inner))
		ike_req_send(d, e, IKE_INFORMATIONAL, &inner);
	ike_buf_free(&inner);
}

void ike_daemon_close(struct ike_daemon *d)
{
	struct ike_sa_info *e;

	for (e = d->sa_infos; e; e = e->next)
		say_goodbye(d, e);
	while (d->sa_infos)
		ike_sa_drop(d, d->sa_infos);
	ike_sa_table_flush(&d->t);
	ike_sock_close(&d->sock);
	nl_close(&d->xfrm_events);
	nl_close(&d->xfrm);
	ike_cookie_secret_clear(&d->cookie);
	free(d->certreq);
	free(d->buf);
}

void ike_send_raw(struct ike_daemon *d, const uint8_t *data, size_t len,
		  const struct ike_addr *local, const struct ike_addr *peer)
{
	char from[IKE_ADDR_STRLEN], to[IKE_ADDR_STRLEN];
	int err;

	if (!len)
		return;
	log_info("sending packet: from %s to %s (%zu bytes)",
		 ike_addr_str(local, from, sizeof(from)),
		 ike_addr_str(peer, to, sizeof(to)), len);
	err = ike_sock_send(&d->sock, data, len, local, peer);
	if (err)
		log_warn("IKE send: %s", strerror(-err));
}

void ike_send(struct ike_daemon *d, const struct ike_buf *out,
	      const struct ike_addr *local, const struct ike_addr *peer)
{
	if (!out->err)
		ike_send_raw(d, out->data, out->len, local, peer);
}

void ike_daemon_input(struct ike_daemon *d, int fd)
{
	struct ike_addr local, peer;
	char from[IKE_ADDR_STRLEN], to[IKE_ADDR_STRLEN];
	ssize_t n;

	/* non-blocking: drain what is there, one datagram at a time */
	for (;;) {
		n = ike_sock_recv(fd, d->buf, IKE_DGRAM_MAX, &local, &peer);
		if (n == -EAGAIN || n == -EWOULDBLOCK || n == -EINTR)
			return;
		if (n < 0) {
			log_warn("IKE receive: %s", strerror((int)-n));
			return;
		}
		log_info("received packet: from %s to %s (%zd bytes)",
			 ike_addr_str(&peer, from, sizeof(from)),
			 ike_addr_str(&local, to, sizeof(to)), n);
		ike_daemon_dispatch(d, d->buf, (size_t)n, &local, &peer);
	}
}
