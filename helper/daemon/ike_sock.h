/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKE UDP sockets: one IPv6 (v6only) and one IPv4, bound to the
 * wildcard address on the IKE port. Each datagram comes with the
 * address it was sent to (IPV6_PKTINFO / IP_PKTINFO), and the answer
 * leaves from that address, as RFC 7296 2.11 wants and as the peer's
 * NAT detection assumes.
 */
#ifndef MIPXFRM_DAEMON_IKE_SOCK_H
#define MIPXFRM_DAEMON_IKE_SOCK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../ike/sa.h"

#define IKE_PORT	500
/* Largest datagram we take: IKE_AUTH with a certificate fits easily. */
#define IKE_DGRAM_MAX	65536

struct ike_sock {
	int fd6, fd4;		/* -1: not open */
	uint16_t port;
};

/* Opens both sockets on port; one family failing is logged, not fatal. */
int ike_sock_open(struct ike_sock *s, uint16_t port);
void ike_sock_close(struct ike_sock *s);

/* One datagram from fd into buf, with both endpoints. -errno on error. */
ssize_t ike_sock_recv(int fd, uint8_t *buf, size_t len,
		      struct ike_addr *local, struct ike_addr *peer);

/* Sends buf from local to peer on the socket of their family. */
int ike_sock_send(const struct ike_sock *s, const uint8_t *buf, size_t len,
		  const struct ike_addr *local, const struct ike_addr *peer);

#endif
