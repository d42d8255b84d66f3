// SPDX-License-Identifier: GPL-2.0
/*
 * The responder's resources: the two UDP sockets, an XFRM netlink
 * socket for the SAD, the IKE SA table, the cookie secret and the
 * CERTREQ data (constant while the configuration is).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/log.h"
#include "ike.h"

int ike_daemon_open(struct ike_daemon *d, const struct conf *conf,
		    uint16_t port)
{
	int err;

	memset(d, 0, sizeof(*d));
	d->sock.fd4 = d->sock.fd6 = -1;
	d->conf = conf;
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
	if (ike_sock_open(&d->sock, port)) {
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

void ike_daemon_close(struct ike_daemon *d)
{
	while (d->sa_infos)
		ike_sa_drop(d, d->sa_infos->sa);
	ike_sa_table_flush(&d->t);
	ike_sock_close(&d->sock);
	nl_close(&d->xfrm);
	ike_cookie_secret_clear(&d->cookie);
	free(d->certreq);
	free(d->buf);
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
