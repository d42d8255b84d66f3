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

#include "../common/nl.h"

/*
 * Opens a generic netlink socket and resolves the family. Returns 0,
 * -ENOENT when the family is not registered (module not loaded) or
 * another -errno.
 */
int genl_open(struct nl_conn *c);

/* Starts a request for cmd in c->buf; add attributes, then nl_request. */
struct nlmsghdr *genl_msg(struct nl_conn *c, uint8_t cmd, uint16_t flags);

/* Joins the events multicast group. */
int genl_subscribe(struct nl_conn *c);


#endif
