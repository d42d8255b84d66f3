// SPDX-License-Identifier: GPL-2.0
/*
 * The "mipxfrm" generic netlink family: attribute policy, command
 * handlers, the binding dump and the event multicast group. The ABI and
 * its error contract are described in uapi/linux/mipxfrm.h.
 */
#include <linux/ipv6.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include <linux/mipxfrm.h>
#include "mipxfrm.h"

static struct netlink_range_validation lifetime_range = {
	.min = 0,
	.max = MIPXFRM_LIFETIME_MAX,
};

#define ADDR_POLICY NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr))

/* Attributes only the kernel sends are NLA_REJECT: a request may not set
 * them.
 */
static const struct nla_policy mipxfrm_policy[MIPXFRM_A_MAX + 1] = {
	[MIPXFRM_A_PAD] = { .type = NLA_REJECT },
	[MIPXFRM_A_HOA] = ADDR_POLICY,
	[MIPXFRM_A_HA] = ADDR_POLICY,
	[MIPXFRM_A_COA] = ADDR_POLICY,
	[MIPXFRM_A_OLD_COA] = { .type = NLA_REJECT },
	[MIPXFRM_A_SEQ] = { .type = NLA_U16 },
	[MIPXFRM_A_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32, &lifetime_range),
	[MIPXFRM_A_LIFETIME_LEFT] = { .type = NLA_REJECT },
	[MIPXFRM_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, __MIPXFRM_F_ALL),
	[MIPXFRM_A_REQID_MH] = NLA_POLICY_MIN(NLA_U32, 1),
	[MIPXFRM_A_REQID_TUNNEL] = NLA_POLICY_MIN(NLA_U32, 1),
	[MIPXFRM_A_CREATED] = { .type = NLA_REJECT },
	[MIPXFRM_A_UPDATED] = { .type = NLA_REJECT },
	[MIPXFRM_A_UPDATES] = { .type = NLA_REJECT },
	[MIPXFRM_A_ROLLBACKS] = { .type = NLA_REJECT },
	[MIPXFRM_A_LAST_ERROR] = { .type = NLA_REJECT },
	[MIPXFRM_A_TUNNEL_SAS] = { .type = NLA_REJECT },
	[MIPXFRM_A_TUNNEL_POLICIES] = { .type = NLA_REJECT },
};

static struct genl_family mipxfrm_family;

enum mipxfrm_mcgrp { MIPXFRM_MCGRP_EVENTS_ID };

/*
 * Events carry every binding's HoA and CoA - where a mobile is. Only who
 * may read the bindings may listen: CAP_NET_ADMIN over the namespace.
 */
static const struct genl_multicast_group mipxfrm_mcgrps[] = {
	[MIPXFRM_MCGRP_EVENTS_ID] = {
		.name = MIPXFRM_MCGRP_EVENTS,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

#define BIT_A(a) BIT_ULL(MIPXFRM_A_##a)

/*
 * One policy serves every command; which attributes a command takes and
 * which it requires is checked here, so that an attribute a command does
 * not use is refused rather than ignored.
 */
static int check_attrs(struct genl_info *info, u64 required, u64 optional)
{
	unsigned int a;

	for (a = 1; a <= MIPXFRM_A_MAX; a++) {
		bool present = info->attrs[a];

		if (present && !((required | optional) & BIT_ULL(a))) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[a],
					    "attribute not taken by this command");
			return -EINVAL;
		}
		if (!present && (required & BIT_ULL(a))) {
			NL_SET_ERR_ATTR_MISS(info->extack, NULL, a);
			NL_SET_ERR_MSG(info->extack, "required attribute missing");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * An address a binding can use: a unicast IPv6 address that is neither
 * unspecified, loopback, link-local nor an IPv4-mapped one. The extack
 * points at the attribute, which says whether HoA, HA or CoA was wrong.
 */
static int get_addr(struct genl_info *info, int attr, struct in6_addr *addr)
{
	struct nlattr *nla = info->attrs[attr];
	int type;

	*addr = nla_get_in6_addr(nla);
	type = ipv6_addr_type(addr);
	if (type & (IPV6_ADDR_MAPPED | IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK |
		    IPV6_ADDR_LINKLOCAL) || type == IPV6_ADDR_ANY) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "not a global unicast IPv6 address");
		return -EINVAL;
	}
	return 0;
}

/* What fill_binding() and an event's OLD_COA take, at most. */
static size_t binding_msg_size(void)
{
	return 4 * nla_total_size(sizeof(struct in6_addr)) +	/* addresses */
	       nla_total_size(sizeof(u16)) +			/* SEQ */
	       8 * nla_total_size(sizeof(u32)) +		/* u32, s32 */
	       5 * nla_total_size_64bit(sizeof(u64));		/* times, counters */
}

static int fill_binding(struct sk_buff *skb, const struct mipxfrm_binding *b)
{
	u32 left = 0;

	if (b->lifetime && time_before(jiffies, b->expires))
		left = DIV_ROUND_UP(b->expires - jiffies, HZ);

	if (nla_put_in6_addr(skb, MIPXFRM_A_HOA, &b->hoa) ||
	    nla_put_in6_addr(skb, MIPXFRM_A_HA, &b->ha) ||
	    (b->has_coa && nla_put_in6_addr(skb, MIPXFRM_A_COA, &b->coa)) ||
	    (b->has_seq && nla_put_u16(skb, MIPXFRM_A_SEQ, b->seq)) ||
	    nla_put_u32(skb, MIPXFRM_A_LIFETIME, b->lifetime) ||
	    nla_put_u32(skb, MIPXFRM_A_LIFETIME_LEFT, left) ||
	    nla_put_u32(skb, MIPXFRM_A_FLAGS, b->flags) ||
	    nla_put_u32(skb, MIPXFRM_A_REQID_MH, b->reqid_mh.reqid) ||
	    nla_put_u32(skb, MIPXFRM_A_REQID_TUNNEL, b->reqid_tunnel.reqid) ||
	    nla_put_u64_64bit(skb, MIPXFRM_A_CREATED, b->created,
			      MIPXFRM_A_PAD) ||
	    nla_put_u64_64bit(skb, MIPXFRM_A_UPDATED, b->updated,
			      MIPXFRM_A_PAD) ||
	    nla_put_u64_64bit(skb, MIPXFRM_A_UPDATES, b->updates,
			      MIPXFRM_A_PAD) ||
	    nla_put_u64_64bit(skb, MIPXFRM_A_ROLLBACKS, b->rollbacks,
			      MIPXFRM_A_PAD) ||
	    nla_put_s32(skb, MIPXFRM_A_LAST_ERROR, b->last_error) ||
	    nla_put_u32(skb, MIPXFRM_A_TUNNEL_SAS, b->tunnel_sas) ||
	    nla_put_u32(skb, MIPXFRM_A_TUNNEL_POLICIES, b->tunnel_policies))
		return -EMSGSIZE;
	return 0;
}

/*
 * Sends one event for a change to b. Called with the namespace's lock
 * held, so that events leave in the order the changes were made. An
 * event that cannot be allocated is lost; listeners see the gap as
 * ENOBUFS on their socket, as for any overrun.
 */
void mipxfrm_netlink_event(struct mipxfrm_net *mn, u8 cmd,
			   const struct mipxfrm_binding *b,
			   const struct in6_addr *old_coa)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&mipxfrm_family, mn->net,
				MIPXFRM_MCGRP_EVENTS_ID))
		return;
	skb = genlmsg_new(binding_msg_size(), GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &mipxfrm_family, 0, cmd);
	if (!hdr || fill_binding(skb, b) ||
	    (old_coa && nla_put_in6_addr(skb, MIPXFRM_A_OLD_COA, old_coa))) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&mipxfrm_family, mn->net, skb, 0,
				MIPXFRM_MCGRP_EVENTS_ID, GFP_KERNEL);
}

static int binding_new(struct sk_buff *skb, struct genl_info *info)
{
	struct mipxfrm_net *mn = mipxfrm_net(genl_info_net(info));
	struct netlink_ext_ack *extack = info->extack;
	struct in6_addr hoa, ha, coa;
	struct mipxfrm_binding *b;
	u32 reqid_mh, reqid_tunnel;
	int err;

	err = check_attrs(info, BIT_A(HOA) | BIT_A(HA) | BIT_A(REQID_MH) |
			  BIT_A(REQID_TUNNEL), BIT_A(COA));
	if (err)
		return err;
	err = get_addr(info, MIPXFRM_A_HOA, &hoa) ?:
	      get_addr(info, MIPXFRM_A_HA, &ha);
	if (!err && info->attrs[MIPXFRM_A_COA])
		err = get_addr(info, MIPXFRM_A_COA, &coa);
	if (err)
		return err;
	reqid_mh = nla_get_u32(info->attrs[MIPXFRM_A_REQID_MH]);
	reqid_tunnel = nla_get_u32(info->attrs[MIPXFRM_A_REQID_TUNNEL]);
	if (reqid_mh == reqid_tunnel) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[MIPXFRM_A_REQID_TUNNEL],
				    "MH and tunnel reqids must differ");
		return -EINVAL;
	}

	mutex_lock(&mn->lock);
	if (mipxfrm_binding_find(mn, &hoa)) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[MIPXFRM_A_HOA],
				    "HoA already has a binding");
		err = -EEXIST;
		goto out;
	}
	if (mipxfrm_binding_by_reqid(mn, reqid_mh)) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[MIPXFRM_A_REQID_MH],
				    "MH reqid belongs to another binding");
		err = -EBUSY;
		goto out;
	}
	if (mipxfrm_binding_by_reqid(mn, reqid_tunnel)) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[MIPXFRM_A_REQID_TUNNEL],
				    "tunnel reqid belongs to another binding");
		err = -EBUSY;
		goto out;
	}
	b = mipxfrm_binding_create(mn, &hoa, &ha, reqid_mh, reqid_tunnel);
	if (!b) {
		err = -ENOMEM;
		goto out;
	}
	if (info->attrs[MIPXFRM_A_COA]) {
		b->coa = coa;
		b->has_coa = true;
	}
	mipxfrm_netlink_event(mn, MIPXFRM_CMD_BINDING_NEW, b, NULL);
out:
	mutex_unlock(&mn->lock);
	return err;
}

static struct mipxfrm_binding *find_hoa(struct mipxfrm_net *mn,
					struct genl_info *info)
{
	struct in6_addr hoa = nla_get_in6_addr(info->attrs[MIPXFRM_A_HOA]);
	struct mipxfrm_binding *b = mipxfrm_binding_find(mn, &hoa);

	if (!b)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MIPXFRM_A_HOA],
				    "no binding for this HoA");
	return b;
}

static int binding_del(struct sk_buff *skb, struct genl_info *info)
{
	struct mipxfrm_net *mn = mipxfrm_net(genl_info_net(info));
	struct mipxfrm_binding *b;
	int err;

	err = check_attrs(info, BIT_A(HOA), 0);
	if (err)
		return err;
	mutex_lock(&mn->lock);
	b = find_hoa(mn, info);
	if (b)
		mipxfrm_deregister(mn, b, MIPXFRM_CMD_BINDING_DELETED);
	mutex_unlock(&mn->lock);
	return b ? 0 : -ENOENT;
}

/* RFC 6275 9.5.1: newer modulo 2^16. */
static bool seq_newer(u16 seq, u16 last)
{
	return (s16)(seq - last) > 0;
}

static int binding_update(struct sk_buff *skb, struct genl_info *info)
{
	struct mipxfrm_net *mn = mipxfrm_net(genl_info_net(info));
	struct mipxfrm_update u = {};
	struct mipxfrm_binding *b;
	int err;

	err = check_attrs(info, BIT_A(HOA) | BIT_A(COA) | BIT_A(SEQ) |
			  BIT_A(LIFETIME), BIT_A(FLAGS));
	if (err)
		return err;
	err = get_addr(info, MIPXFRM_A_COA, &u.coa);
	if (err)
		return err;
	u.coa_attr = info->attrs[MIPXFRM_A_COA];
	u.seq = nla_get_u16(info->attrs[MIPXFRM_A_SEQ]);
	u.lifetime = nla_get_u32(info->attrs[MIPXFRM_A_LIFETIME]);
	if (info->attrs[MIPXFRM_A_FLAGS])
		u.flags = nla_get_u32(info->attrs[MIPXFRM_A_FLAGS]);

	mutex_lock(&mn->lock);
	b = find_hoa(mn, info);
	if (!b) {
		err = -ENOENT;
	} else if (b->has_seq && !seq_newer(u.seq, b->seq)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MIPXFRM_A_SEQ],
				    "sequence number not newer than the binding's (RFC 6275 9.5.1)");
		err = -ESTALE;
	} else if (!u.lifetime || ipv6_addr_equal(&u.coa, &b->hoa)) {
		mipxfrm_deregister(mn, b, MIPXFRM_CMD_BINDING_DELETED);
	} else {
		err = mipxfrm_rebind(mn, b, &u, info->extack);
	}
	mutex_unlock(&mn->lock);
	return err;
}

static int binding_get(struct sk_buff *skb, struct genl_info *info)
{
	struct mipxfrm_net *mn = mipxfrm_net(genl_info_net(info));
	struct mipxfrm_binding *b;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = check_attrs(info, BIT_A(HOA), 0);
	if (err)
		return err;
	msg = genlmsg_new(binding_msg_size(), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mipxfrm_family, 0,
				MIPXFRM_CMD_BINDING_GET);
	mutex_lock(&mn->lock);
	b = find_hoa(mn, info);
	err = !b ? -ENOENT : !hdr ? -EMSGSIZE : fill_binding(msg, b);
	mutex_unlock(&mn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Dump position: cb->args[0] is the bucket, cb->args[1] the id of the
 * last binding sent from it. Buckets are kept in id order, so a resumed
 * dump skips what it sent even when bindings came and went meanwhile.
 */
static int binding_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct mipxfrm_net *mn = mipxfrm_net(sock_net(skb->sk));
	struct mipxfrm_binding *b;
	struct list_head *bucket;
	unsigned int i = cb->args[0];
	u64 last = cb->args[1];
	int err = 0;

	/*
	 * Checked here rather than in a start callback: 6.1 passes a start
	 * callback no extack, while a dump's error reaches NLMSG_DONE with
	 * its message.
	 */
	for (i = 1; i <= MIPXFRM_A_MAX; i++) {
		if (info->attrs[i]) {
			NL_SET_ERR_MSG_ATTR(cb->extack, info->attrs[i],
					    "a binding dump takes no attributes");
			return -EINVAL;
		}
	}
	i = cb->args[0];

	mutex_lock(&mn->lock);
	for (; (bucket = mipxfrm_binding_bucket(mn, i)); i++, last = 0) {
		list_for_each_entry(b, bucket, hoa_node) {
			void *hdr;

			if (b->id <= last)
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &mipxfrm_family,
					  NLM_F_MULTI, MIPXFRM_CMD_BINDING_GET);
			if (!hdr || fill_binding(skb, b)) {
				if (hdr)
					genlmsg_cancel(skb, hdr);
				err = -EMSGSIZE;
				goto out;
			}
			genlmsg_end(skb, hdr);
			last = b->id;
		}
	}
out:
	mutex_unlock(&mn->lock);
	cb->args[0] = i;
	cb->args[1] = last;
	/* A full skb ends this part; the core calls again for the next. */
	return err == -EMSGSIZE && skb->len ? skb->len : err ?: skb->len;
}

/*
 * Every command needs CAP_NET_ADMIN over the namespace's user namespace,
 * reads included: a binding tells where a mobile is, and XFRM's own
 * requests, which show the same addresses, need as much.
 */
static const struct genl_ops mipxfrm_ops[] = {
	{
		.cmd = MIPXFRM_CMD_BINDING_NEW,
		.doit = binding_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MIPXFRM_CMD_BINDING_UPDATE,
		.doit = binding_update,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MIPXFRM_CMD_BINDING_DEL,
		.doit = binding_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = MIPXFRM_CMD_BINDING_GET,
		.doit = binding_get,
		.dumpit = binding_dump,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family mipxfrm_family __ro_after_init = {
	.name = MIPXFRM_GENL_NAME,
	.version = MIPXFRM_GENL_VERSION,
	.maxattr = MIPXFRM_A_MAX,
	.policy = mipxfrm_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = mipxfrm_ops,
	.n_ops = ARRAY_SIZE(mipxfrm_ops),
	.mcgrps = mipxfrm_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mipxfrm_mcgrps),
};

int __init mipxfrm_netlink_init(void)
{
	return genl_register_family(&mipxfrm_family);
}

void mipxfrm_netlink_exit(void)
{
	genl_unregister_family(&mipxfrm_family);
}
