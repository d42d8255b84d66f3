// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/mipxfrm.h>
#include "genl.h"

static struct nlmsghdr *msg_start(struct nl_conn *c, uint16_t type,
				  uint8_t cmd, uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(c->buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

struct nlmsghdr *genl_msg(struct nl_conn *c, uint8_t cmd, uint16_t flags)
{
	return msg_start(c, c->family_id, cmd, MIPXFRM_GENL_VERSION, flags);
}

struct family {
	struct nl_conn *c;
	bool found;
};

static void parse_groups(const struct nlattr *groups, struct nl_conn *c)
{
	const struct nlattr *g, *attr;

	mnl_attr_for_each_nested(g, groups) {
		const char *name = NULL;
		uint32_t id = 0;

		mnl_attr_for_each_nested(attr, g) {
			if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_NAME &&
			    !mnl_attr_validate(attr, MNL_TYPE_NUL_STRING))
				name = mnl_attr_get_str(attr);
			if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_ID &&
			    !mnl_attr_validate(attr, MNL_TYPE_U32))
				id = mnl_attr_get_u32(attr);
		}
		if (name && !strcmp(name, MIPXFRM_MCGRP_EVENTS))
			c->events_group = id;
	}
}

static int on_family(const struct nlmsghdr *nlh, void *data)
{
	struct family *f = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U16))
				return MNL_CB_ERROR;
			f->c->family_id = mnl_attr_get_u16(attr);
			f->found = true;
			break;
		case CTRL_ATTR_VERSION:
			if (mnl_attr_validate(attr, MNL_TYPE_U32))
				return MNL_CB_ERROR;
			f->c->version = mnl_attr_get_u32(attr);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			parse_groups(attr, f->c);
			break;
		}
	}
	return MNL_CB_OK;
}

int genl_open(struct nl_conn *c)
{
	struct family f = { c, false };
	struct nlmsghdr *nlh;
	int err;

	err = nl_open(c, NETLINK_GENERIC);
	if (err)
		return err;
	nlh = msg_start(c, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, MIPXFRM_GENL_NAME);
	err = nl_request(c, nlh, on_family, &f);
	if (!err && !f.found)
		err = -ENOENT;
	if (err) {
		nl_close(c);
		return err;
	}
	return 0;
}

int genl_subscribe(struct nl_conn *c)
{
	int group = c->events_group;

	if (!group)
		return -ENOENT;
	if (mnl_socket_setsockopt(c->nl, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0)
		return -errno;
	return 0;
}
