/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A netlink socket over libmnl that sends a request and collects the
 * answer or the error with the kernel's extended-ack message: what the
 * generic netlink client (genl/) and the XFRM client (xfrm/) share.
 */
#ifndef MIPXFRM_NL_H
#define MIPXFRM_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct nl_conn {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	/* Generic netlink only: the family the socket talks to. */
	uint16_t family_id;
	uint32_t version;		/* the kernel's MIPXFRM_GENL_VERSION */
	uint32_t events_group;		/* multicast group id, 0 if none */
	char *buf;			/* MNL_SOCKET_BUFFER_SIZE bytes */
	/* From the last failed request: */
	char err_msg[256];		/* the extack message, or "" */
	int err_attr;			/* attribute it points at, or -1 */
};

/* Opens and binds a socket on bus (NETLINK_GENERIC, NETLINK_XFRM). */
int nl_open(struct nl_conn *c, int bus);
void nl_close(struct nl_conn *c);

/*
 * Sends nlh, giving it the next sequence number, and reads the answer
 * until the ack (or NLMSG_DONE for a dump), passing each data message to
 * cb. Returns 0 or -errno; on error
 * c->err_msg and c->err_attr say what the kernel reported.
 */
int nl_request(struct nl_conn *c, struct nlmsghdr *nlh, mnl_cb_t cb,
	       void *data);

/*
 * Parses an NLMSG_ERROR message: returns the errno it carries (negative,
 * 0 for an ack) and copies the extack message into msg (or "") and the
 * offset of the attribute it points at into *offs (or 0).
 */
int nl_parse_error(const struct nlmsghdr *nlh, char *msg, size_t msglen,
		   uint32_t *offs);

#endif
