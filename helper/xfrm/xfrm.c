// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>

#include "xfrm.h"

static struct nlmsghdr *msg_start(void *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	return nlh;
}

void xfrm_sel(struct xfrm_selector *sel, uint16_t family,
	      const xfrm_address_t *src, uint8_t slen,
	      const xfrm_address_t *dst, uint8_t dlen, uint8_t proto)
{
	memset(sel, 0, sizeof(*sel));
	sel->family = family;
	sel->saddr = *src;
	sel->prefixlen_s = slen;
	sel->daddr = *dst;
	sel->prefixlen_d = dlen;
	sel->proto = proto;
}

/* Lifetimes the kernel enforces: infinite unless asked. */
static void lifetimes(struct xfrm_lifetime_cfg *lft, uint64_t soft_seconds,
		      uint64_t hard_seconds)
{
	lft->soft_byte_limit = XFRM_INF;
	lft->hard_byte_limit = XFRM_INF;
	lft->soft_packet_limit = XFRM_INF;
	lft->hard_packet_limit = XFRM_INF;
	lft->soft_add_expires_seconds = soft_seconds;
	lft->hard_add_expires_seconds = hard_seconds;
}

/*
 * An attribute made of a fixed struct followed by the key; libmnl's
 * mnl_attr_put takes one buffer, so the two are joined here.
 */
static void put_struct_key(struct nlmsghdr *nlh, uint16_t type,
			   const void *head, size_t headlen, const uint8_t *key,
			   size_t keylen)
{
	struct nlattr *attr = mnl_nlmsg_get_payload_tail(nlh);

	attr->nla_type = type;
	attr->nla_len = sizeof(*attr) + headlen + keylen;
	memcpy(mnl_attr_get_payload(attr), head, headlen);
	memcpy((char *)mnl_attr_get_payload(attr) + headlen, key, keylen);
	nlh->nlmsg_len += MNL_ALIGN(attr->nla_len);
}

static void put_algs(struct nlmsghdr *nlh, const struct xfrm_sa *sa)
{
	if (sa->aead.name) {
		struct xfrm_algo_aead a = { .alg_key_len = sa->aead.keylen * 8,
					    .alg_icv_len = sa->aead.bits };

		strncpy(a.alg_name, sa->aead.name, sizeof(a.alg_name) - 1);
		put_struct_key(nlh, XFRMA_ALG_AEAD, &a, sizeof(a), sa->aead.key,
			       sa->aead.keylen);
		return;
	}
	if (sa->enc.name) {
		struct xfrm_algo a = { .alg_key_len = sa->enc.keylen * 8 };

		strncpy(a.alg_name, sa->enc.name, sizeof(a.alg_name) - 1);
		put_struct_key(nlh, XFRMA_ALG_CRYPT, &a, sizeof(a), sa->enc.key,
			       sa->enc.keylen);
	}
	if (sa->integ.name) {
		struct xfrm_algo_auth a = { .alg_key_len = sa->integ.keylen * 8,
					    .alg_trunc_len = sa->integ.bits };

		strncpy(a.alg_name, sa->integ.name, sizeof(a.alg_name) - 1);
		put_struct_key(nlh, XFRMA_ALG_AUTH_TRUNC, &a, sizeof(a),
			       sa->integ.key, sa->integ.keylen);
	}
}

struct nlmsghdr *xfrm_sa_msg(void *buf, const struct xfrm_sa *sa, bool update)
{
	struct nlmsghdr *nlh = msg_start(buf, update ? XFRM_MSG_UPDSA :
					 XFRM_MSG_NEWSA, 0);
	struct xfrm_usersa_info *info;

	info = mnl_nlmsg_put_extra_header(nlh, sizeof(*info));
	info->sel = sa->sel;
	if (!info->sel.family)
		info->sel.family = sa->family;
	info->id.daddr = sa->dst;
	info->id.spi = sa->spi;
	info->id.proto = sa->proto;
	info->saddr = sa->src;
	info->family = sa->family;
	info->mode = sa->mode;
	info->reqid = sa->reqid;
	info->replay_window = sa->replay_window;
	info->flags = sa->flags;
	lifetimes(&info->lft, sa->soft_seconds, sa->hard_seconds);
	put_algs(nlh, sa);
	return nlh;
}

struct nlmsghdr *xfrm_sa_del_msg(void *buf, uint16_t family,
				 const xfrm_address_t *dst, uint32_t spi,
				 uint8_t proto)
{
	struct nlmsghdr *nlh = msg_start(buf, XFRM_MSG_DELSA, 0);
	struct xfrm_usersa_id *id;

	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	id->daddr = *dst;
	id->spi = spi;
	id->family = family;
	id->proto = proto;
	return nlh;
}

struct nlmsghdr *xfrm_spi_msg(void *buf, const struct xfrm_sa *sa,
			      uint32_t min, uint32_t max)
{
	struct nlmsghdr *nlh = msg_start(buf, XFRM_MSG_ALLOCSPI, 0);
	struct xfrm_userspi_info *spi;

	spi = mnl_nlmsg_put_extra_header(nlh, sizeof(*spi));
	spi->info.sel.family = sa->family;
	spi->info.id.daddr = sa->dst;
	spi->info.id.proto = sa->proto;
	spi->info.saddr = sa->src;
	spi->info.family = sa->family;
	spi->info.mode = sa->mode;
	spi->info.reqid = sa->reqid;
	lifetimes(&spi->info.lft, 0, 0);
	spi->min = min;
	spi->max = max;
	return nlh;
}

static void sp_info(struct xfrm_userpolicy_info *info, const struct xfrm_sp *sp)
{
	info->sel = sp->sel;
	info->dir = sp->dir;
	info->action = sp->action;
	info->priority = sp->priority;
	lifetimes(&info->lft, 0, 0);
}

struct nlmsghdr *xfrm_sp_msg(void *buf, const struct xfrm_sp *sp, bool update)
{
	struct nlmsghdr *nlh = msg_start(buf, update ? XFRM_MSG_UPDPOLICY :
					 XFRM_MSG_NEWPOLICY, 0);
	struct xfrm_userpolicy_info *info;
	struct xfrm_user_tmpl t;

	info = mnl_nlmsg_put_extra_header(nlh, sizeof(*info));
	sp_info(info, sp);
	memset(&t, 0, sizeof(t));
	t.family = sp->sel.family;
	t.id.proto = IPPROTO_ESP;
	t.id.daddr = sp->tmpl_dst;
	t.saddr = sp->tmpl_src;
	t.mode = sp->tmpl_mode;
	t.reqid = sp->tmpl_reqid;
	t.aalgos = ~0U;
	t.ealgos = ~0U;
	t.calgos = ~0U;
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), &t);
	return nlh;
}

struct nlmsghdr *xfrm_sp_del_msg(void *buf, const struct xfrm_sp *sp)
{
	struct nlmsghdr *nlh = msg_start(buf, XFRM_MSG_DELPOLICY, 0);
	struct xfrm_userpolicy_id *id;

	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	id->sel = sp->sel;
	id->dir = sp->dir;
	return nlh;
}
