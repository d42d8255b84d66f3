/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A binding as the module reports it (BINDING_GET answers and events),
 * parsed from its netlink message.
 */
#ifndef MIPXFRM_BINDING_H
#define MIPXFRM_BINDING_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/netlink.h>

struct binding {
	uint8_t cmd;			/* the message's MIPXFRM_CMD_* */
	struct in6_addr hoa;
	struct in6_addr ha;
	struct in6_addr coa;
	struct in6_addr old_coa;
	bool has_coa;
	bool has_old_coa;
	bool has_seq;
	uint16_t seq;
	uint32_t lifetime;
	uint32_t lifetime_left;
	uint32_t flags;
	uint32_t reqid_mh;
	uint32_t reqid_tunnel;
	uint64_t created;
	uint64_t updated;
	uint64_t updates;
	uint64_t rollbacks;
	int32_t last_error;
	uint32_t tunnel_sas;
	uint32_t tunnel_policies;
};

/*
 * Fills b from a mipxfrm message. Returns 0, or -EBADMSG when an
 * attribute has the wrong size or HOA, HA or a reqid is missing.
 * Attributes it does not know are skipped: a newer module may add some.
 */
int binding_parse(const struct nlmsghdr *nlh, struct binding *b);

/* "new", "updated", "deleted", "expired", or NULL for other commands. */
const char *binding_event_name(uint8_t cmd);

#endif
