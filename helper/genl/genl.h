/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The client side of the "mipxfrm" generic netlink family, over libmnl:
 * resolve the family, send a request, collect the answer or the error
 * with the kernel's extended-ack message.
 */
#ifndef MIPXFRM_GENL_H
#define MIPXFRM_GENL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct genl_conn {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	uint16_t family_id;
	uint32_t version;		/* the kernel's MIPXFRM_GENL_VERSION */
	uint32_t events_group;		/* multicast group id, 0 if none */
	char *buf;			/* MNL_SOCKET_BUFFER_SIZE bytes */
	/* From the last failed request: */
	char err_msg[256];		/* the extack message, or "" */
	int err_attr;			/* attribute it points at, or -1 */
};

/*
 * Opens a generic netlink socket and resolves the family. Returns 0,
 * -ENOENT when the family is not registered (module not loaded) or
 * another -errno.
 */
int genl_open(struct genl_conn *c);
void genl_close(struct genl_conn *c);

/* Starts a request for cmd in c->buf; add attributes, then genl_request. */
struct nlmsghdr *genl_msg(struct genl_conn *c, uint8_t cmd, uint16_t flags);

/*
 * Sends nlh and reads the answer until the ack (or NLMSG_DONE for a
 * dump), passing each data message to cb. Returns 0 or -errno; on error
 * c->err_msg and c->err_attr say what the kernel reported.
 */
int genl_request(struct genl_conn *c, struct nlmsghdr *nlh, mnl_cb_t cb,
		 void *data);

/* Joins the events multicast group. */
int genl_subscribe(struct genl_conn *c);

/*
 * Parses an NLMSG_ERROR message: returns the errno it carries (negative,
 * 0 for an ack) and copies the extack message into msg (or "") and the
 * offset of the attribute it points at into *offs (or 0).
 */
int genl_parse_error(const struct nlmsghdr *nlh, char *msg, size_t msglen,
		     uint32_t *offs);

#endif
