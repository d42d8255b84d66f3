// SPDX-License-Identifier: GPL-2.0
/*
 * UDP for IKE. The sockets are bound to the wildcard so that addresses
 * added later (a Home Agent address coming up after us) need no
 * restart; pktinfo gives back the one address a request was sent to.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/log.h"
#include "ike_sock.h"

static int open_one(int family, uint16_t port)
{
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons(port) };
	struct sockaddr_in s4 = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	int fd, on = 1, err;

	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (family == AF_INET6)
		err = setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
				 sizeof(on)) ||
		      setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on,
				 sizeof(on)) ||
		      bind(fd, (struct sockaddr *)&s6, sizeof(s6));
	else
		err = setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on,
				 sizeof(on)) ||
		      bind(fd, (struct sockaddr *)&s4, sizeof(s4));
	if (err) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int ike_sock_open(struct ike_sock *s, uint16_t port)
{
	s->port = port;
	s->fd6 = open_one(AF_INET6, port);
	if (s->fd6 < 0)
		log_warn("IKE socket on [::]:%u: %s", port, strerror(-s->fd6));
	s->fd4 = open_one(AF_INET, port);
	if (s->fd4 < 0)
		log_warn("IKE socket on 0.0.0.0:%u: %s", port,
			 strerror(-s->fd4));
	if (s->fd6 < 0 && s->fd4 < 0) {
		log_err("no IKE socket could be opened on port %u", port);
		return -1;
	}
	return 0;
}

void ike_sock_close(struct ike_sock *s)
{
	if (s->fd6 >= 0)
		close(s->fd6);
	if (s->fd4 >= 0)
		close(s->fd4);
	s->fd6 = s->fd4 = -1;
}

/* The destination address out of the pktinfo control message. */
static void local_of(struct msghdr *mh, struct ike_addr *local)
{
	struct cmsghdr *cm;

	for (cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level == IPPROTO_IPV6 &&
		    cm->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo *pi = (void *)CMSG_DATA(cm);

			memcpy(local->ip, &pi->ipi6_addr, 16);
		} else if (cm->cmsg_level == IPPROTO_IP &&
			   cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo *pi = (void *)CMSG_DATA(cm);

			memcpy(local->ip, &pi->ipi_addr, 4);
		}
	}
}

ssize_t ike_sock_recv(int fd, uint8_t *buf, size_t len,
		      struct ike_addr *local, struct ike_addr *peer)
{
	struct sockaddr_storage ss;
	char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct iovec iov = { buf, len };
	struct msghdr mh = {
		.msg_name = &ss, .msg_namelen = sizeof(ss),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct sockaddr_in6 *s6 = (void *)&ss;
	struct sockaddr_in *s4 = (void *)&ss;
	struct sockaddr_in6 me;
	socklen_t melen = sizeof(me);
	ssize_t n;

	n = recvmsg(fd, &mh, 0);
	if (n < 0)
		return -errno;
	memset(local, 0, sizeof(*local));
	memset(peer, 0, sizeof(*peer));
	peer->family = local->family = ss.ss_family;
	if (ss.ss_family == AF_INET6) {
		memcpy(peer->ip, &s6->sin6_addr, 16);
		peer->port = ntohs(s6->sin6_port);
	} else {
		memcpy(peer->ip, &s4->sin_addr, 4);
		peer->port = ntohs(s4->sin_port);
	}
	local_of(&mh, local);
	if (!getsockname(fd, (struct sockaddr *)&me, &melen))
		local->port = ntohs(me.sin6_port);	/* same offset in _in */
	return n;
}

int ike_sock_send(const struct ike_sock *s, const uint8_t *buf, size_t len,
		  const struct ike_addr *local, const struct ike_addr *peer)
{
	char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))] = { 0 };
	struct iovec iov = { (void *)buf, len };
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons(peer->port) };
	struct sockaddr_in s4 = { .sin_family = AF_INET,
				  .sin_port = htons(peer->port) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf };
	struct cmsghdr *cm = (struct cmsghdr *)cbuf;
	int fd;

	if (peer->family == AF_INET6) {
		struct in6_pktinfo pi = { 0 };

		memcpy(&s6.sin6_addr, peer->ip, 16);
		memcpy(&pi.ipi6_addr, local->ip, 16);
		mh.msg_name = &s6;
		mh.msg_namelen = sizeof(s6);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
		fd = s->fd6;
	} else {
		struct in_pktinfo pi = { 0 };

		memcpy(&s4.sin_addr, peer->ip, 4);
		memcpy(&pi.ipi_spec_dst, local->ip, 4);
		mh.msg_name = &s4;
		mh.msg_namelen = sizeof(s4);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
		fd = s->fd4;
	}
	if (fd < 0)
		return -EAFNOSUPPORT;
	return sendmsg(fd, &mh, 0) < 0 ? -errno : 0;
}
