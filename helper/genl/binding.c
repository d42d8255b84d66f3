// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include <linux/mipxfrm.h>
#include "binding.h"

static int get_addr(const struct nlattr *a, struct in6_addr *addr, bool *has)
{
	if (mnl_attr_get_payload_len(a) != sizeof(*addr))
		return -EBADMSG;
	memcpy(addr, mnl_attr_get_payload(a), sizeof(*addr));
	if (has)
		*has = true;
	return 0;
}

static int get_u32(const struct nlattr *a, uint32_t *v)
{
	if (mnl_attr_validate(a, MNL_TYPE_U32))
		return -EBADMSG;
	*v = mnl_attr_get_u32(a);
	return 0;
}

static int get_u64(const struct nlattr *a, uint64_t *v)
{
	if (mnl_attr_validate(a, MNL_TYPE_U64))
		return -EBADMSG;
	*v = mnl_attr_get_u64(a);
	return 0;
}

static int parse_attr(const struct nlattr *a, struct binding *b)
{
	switch (mnl_attr_get_type(a)) {
	case MIPXFRM_A_HOA:
		return get_addr(a, &b->hoa, NULL);
	case MIPXFRM_A_HA:
		return get_addr(a, &b->ha, NULL);
	case MIPXFRM_A_COA:
		return get_addr(a, &b->coa, &b->has_coa);
	case MIPXFRM_A_OLD_COA:
		return get_addr(a, &b->old_coa, &b->has_old_coa);
	case MIPXFRM_A_SEQ:
		if (mnl_attr_validate(a, MNL_TYPE_U16))
			return -EBADMSG;
		b->seq = mnl_attr_get_u16(a);
		b->has_seq = true;
		return 0;
	case MIPXFRM_A_LIFETIME:
		return get_u32(a, &b->lifetime);
	case MIPXFRM_A_LIFETIME_LEFT:
		return get_u32(a, &b->lifetime_left);
	case MIPXFRM_A_FLAGS:
		return get_u32(a, &b->flags);
	case MIPXFRM_A_REQID_MH:
		return get_u32(a, &b->reqid_mh);
	case MIPXFRM_A_REQID_TUNNEL:
		return get_u32(a, &b->reqid_tunnel);
	case MIPXFRM_A_CREATED:
		return get_u64(a, &b->created);
	case MIPXFRM_A_UPDATED:
		return get_u64(a, &b->updated);
	case MIPXFRM_A_UPDATES:
		return get_u64(a, &b->updates);
	case MIPXFRM_A_ROLLBACKS:
		return get_u64(a, &b->rollbacks);
	case MIPXFRM_A_LAST_ERROR:
		return get_u32(a, (uint32_t *)&b->last_error);
	case MIPXFRM_A_TUNNEL_SAS:
		return get_u32(a, &b->tunnel_sas);
	case MIPXFRM_A_TUNNEL_POLICIES:
		return get_u32(a, &b->tunnel_policies);
	}
	return 0;
}

int binding_parse(const struct nlmsghdr *nlh, struct binding *b)
{
	static const struct in6_addr unset;
	const struct genlmsghdr *g;
	const struct nlattr *attr;

	memset(b, 0, sizeof(*b));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -EBADMSG;
	g = mnl_nlmsg_get_payload(nlh);
	b->cmd = g->cmd;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (parse_attr(attr, b))
			return -EBADMSG;
	}
	if (!memcmp(&b->hoa, &unset, sizeof(unset)) ||
	    !memcmp(&b->ha, &unset, sizeof(unset)) ||
	    !b->reqid_mh || !b->reqid_tunnel)
		return -EBADMSG;
	return 0;
}

const char *binding_event_name(uint8_t cmd)
{
	switch (cmd) {
	case MIPXFRM_CMD_BINDING_NEW:
		return "new";
	case MIPXFRM_CMD_BINDING_UPDATED:
		return "updated";
	case MIPXFRM_CMD_BINDING_DELETED:
		return "deleted";
	case MIPXFRM_CMD_BINDING_EXPIRED:
		return "expired";
	}
	return NULL;
}
