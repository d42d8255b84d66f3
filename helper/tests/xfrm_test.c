// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for xfrm/: the XFRM netlink messages the key manager sends,
 * checked field by field as the kernel will read them.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <libmnl/libmnl.h>

#include "../xfrm/xfrm.h"
#include "check.h"

static char buf[8192];

static void addr(xfrm_address_t *a, const char *text)
{
	memset(a, 0, sizeof(*a));
	inet_pton(AF_INET6, text, a);
}

/* The seed's carol tunnel SA out: HA -> CoA, reqid 2, spi ce4db893. */
static void seed_sa(struct xfrm_sa *sa)
{
	static const uint8_t ek[16] = { 0x4d, 0x13, 0x8f, 0x13 };
	static const uint8_t ak[20] = { 0xdf, 0x1e, 0xef, 0xf5 };

	memset(sa, 0, sizeof(*sa));
	sa->family = AF_INET6;
	addr(&sa->src, "2001:1::1");
	addr(&sa->dst, "2001::41a:a8ff:fe6f:c67");
	sa->spi = htonl(0xce4db893);
	sa->proto = IPPROTO_ESP;
	sa->mode = XFRM_MODE_TUNNEL;
	sa->reqid = 2;
	sa->replay_window = 32;
	sa->flags = XFRM_STATE_AF_UNSPEC;
	sa->enc = (struct xfrm_alg_key){ "cbc(aes)", ek, sizeof(ek), 0 };
	sa->integ = (struct xfrm_alg_key){ "hmac(sha1)", ak, sizeof(ak), 96 };
	sa->soft_seconds = 3000;
	sa->hard_seconds = 3600;
}

static const struct nlattr *find(const struct nlmsghdr *nlh, size_t hdr,
				 uint16_t type)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, hdr)
		if (mnl_attr_get_type(attr) == type)
			return attr;
	return NULL;
}

static void newsa(void)
{
	const struct xfrm_usersa_info *info;
	const struct xfrm_algo_auth *auth;
	const struct xfrm_algo *enc;
	const struct nlattr *a;
	struct nlmsghdr *nlh;
	struct xfrm_sa sa;

	seed_sa(&sa);
	nlh = xfrm_sa_msg(buf, &sa, false);
	CHECK(nlh->nlmsg_type == XFRM_MSG_NEWSA);
	CHECK(nlh->nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK));
	info = mnl_nlmsg_get_payload(nlh);
	CHECK(info->reqid == 2 && info->mode == XFRM_MODE_TUNNEL);
	CHECK(info->id.spi == htonl(0xce4db893) && info->id.proto == IPPROTO_ESP);
	CHECK(info->family == AF_INET6 && info->sel.family == AF_INET6);
	CHECK(info->flags == XFRM_STATE_AF_UNSPEC && info->replay_window == 32);
	CHECK(info->lft.hard_add_expires_seconds == 3600);
	CHECK(info->lft.soft_byte_limit == XFRM_INF);
	a = find(nlh, sizeof(*info), XFRMA_ALG_CRYPT);
	CHECK(a && mnl_attr_get_payload_len(a) == sizeof(*enc) + 16);
	enc = mnl_attr_get_payload(a);
	CHECK(!strcmp(enc->alg_name, "cbc(aes)") && enc->alg_key_len == 128);
	CHECK(enc->alg_key[0] == 0x4d && enc->alg_key[3] == 0x13);
	a = find(nlh, sizeof(*info), XFRMA_ALG_AUTH_TRUNC);
	CHECK(a && mnl_attr_get_payload_len(a) == sizeof(*auth) + 20);
	auth = mnl_attr_get_payload(a);
	CHECK(!strcmp(auth->alg_name, "hmac(sha1)") && auth->alg_key_len == 160);
	CHECK(auth->alg_trunc_len == 96 && (uint8_t)auth->alg_key[0] == 0xdf);
	CHECK(!find(nlh, sizeof(*info), XFRMA_ALG_AEAD));
	CHECK(xfrm_sa_msg(buf, &sa, true)->nlmsg_type == XFRM_MSG_UPDSA);
}

static void newsa_aead(void)
{
	static const uint8_t key[20] = { 1, 2, 3 };
	const struct xfrm_algo_aead *aead;
	const struct nlattr *a;
	struct nlmsghdr *nlh;
	struct xfrm_sa sa;

	seed_sa(&sa);
	sa.enc.name = NULL;
	sa.integ.name = NULL;
	sa.aead = (struct xfrm_alg_key){ "rfc4106(gcm(aes))", key, 20, 128 };
	nlh = xfrm_sa_msg(buf, &sa, false);
	a = find(nlh, sizeof(struct xfrm_usersa_info), XFRMA_ALG_AEAD);
	CHECK(a && mnl_attr_get_payload_len(a) == sizeof(*aead) + 20);
	aead = mnl_attr_get_payload(a);
	CHECK(aead->alg_key_len == 160 && aead->alg_icv_len == 128);
	CHECK(!find(nlh, sizeof(struct xfrm_usersa_info), XFRMA_ALG_CRYPT));
}

static void delsa_and_spi(void)
{
	const struct xfrm_userspi_info *spi;
	const struct xfrm_usersa_id *id;
	struct nlmsghdr *nlh;
	struct xfrm_sa sa;

	seed_sa(&sa);
	nlh = xfrm_sa_del_msg(buf, AF_INET6, &sa.dst, sa.spi, IPPROTO_ESP);
	id = mnl_nlmsg_get_payload(nlh);
	CHECK(nlh->nlmsg_type == XFRM_MSG_DELSA && id->spi == sa.spi);
	CHECK(!memcmp(&id->daddr, &sa.dst, sizeof(sa.dst)));
	nlh = xfrm_spi_msg(buf, &sa, 0xc0000000, 0xcfffffff);
	spi = mnl_nlmsg_get_payload(nlh);
	CHECK(nlh->nlmsg_type == XFRM_MSG_ALLOCSPI);
	CHECK(spi->info.reqid == 2 && spi->min == 0xc0000000);
	CHECK(nlh->nlmsg_len == NLMSG_LENGTH(sizeof(*spi)));
}

/* The seed's tunnel policy out: ::/0 -> HoA, template HA -> CoA. */
static void policy(void)
{
	const struct xfrm_userpolicy_info *info;
	const struct xfrm_user_tmpl *t;
	xfrm_address_t any, hoa;
	const struct nlattr *a;
	struct nlmsghdr *nlh;
	struct xfrm_sp sp;

	memset(&sp, 0, sizeof(sp));
	addr(&any, "::");
	addr(&hoa, "2001:1::10");
	xfrm_sel(&sp.sel, AF_INET6, &any, 0, &hoa, 128, 0);
	sp.dir = XFRM_POLICY_OUT;
	sp.priority = 10;
	sp.tmpl_mode = XFRM_MODE_TUNNEL;
	sp.tmpl_reqid = 2;
	addr(&sp.tmpl_src, "2001:1::1");
	addr(&sp.tmpl_dst, "2001::41a:a8ff:fe6f:c67");
	nlh = xfrm_sp_msg(buf, &sp, false);
	info = mnl_nlmsg_get_payload(nlh);
	CHECK(nlh->nlmsg_type == XFRM_MSG_NEWPOLICY);
	CHECK(info->dir == XFRM_POLICY_OUT && info->priority == 10);
	CHECK(info->sel.prefixlen_d == 128 && info->sel.prefixlen_s == 0);
	a = find(nlh, sizeof(*info), XFRMA_TMPL);
	CHECK(a && mnl_attr_get_payload_len(a) == sizeof(*t));
	t = mnl_attr_get_payload(a);
	CHECK(t->reqid == 2 && t->mode == XFRM_MODE_TUNNEL);
	CHECK(t->id.proto == IPPROTO_ESP && t->family == AF_INET6);
	CHECK(!memcmp(&t->id.daddr, &sp.tmpl_dst, sizeof(sp.tmpl_dst)));
	nlh = xfrm_sp_del_msg(buf, &sp);
	CHECK(nlh->nlmsg_type == XFRM_MSG_DELPOLICY);
	CHECK(((struct xfrm_userpolicy_id *)mnl_nlmsg_get_payload(nlh))->dir ==
	      XFRM_POLICY_OUT);
}

/*
 * carol's tunnel CHILD_SA on moon: HoA <-> ::/0 between HA and CoA,
 * reqid 2. The policies are the seed's three, but for the priority.
 */
static void child_policies_tunnel(void)
{
	struct xfrm_child_pol c = { .tunnel = true, .reqid_in = 2,
				    .reqid_out = 2 };
	xfrm_address_t any, hoa;
	struct xfrm_sp sp[3];

	addr(&any, "::");
	addr(&hoa, "2001:1::10");
	addr(&c.local, "2001:1::1");
	addr(&c.remote, "2001::41a:a8ff:fe6f:c67");
	xfrm_sel(&c.sel_out, AF_INET6, &any, 0, &hoa, 128, 0);
	CHECK(xfrm_child_policies(&c, sp) == 3);
	CHECK(sp[0].dir == XFRM_POLICY_OUT && sp[1].dir == XFRM_POLICY_IN &&
	      sp[2].dir == XFRM_POLICY_FWD);
	/* out: ::/0 -> HoA, template HA -> CoA */
	CHECK(sp[0].sel.prefixlen_s == 0 && sp[0].sel.prefixlen_d == 128);
	CHECK(!memcmp(&sp[0].sel.daddr, &hoa, sizeof(hoa)));
	CHECK(!memcmp(&sp[0].tmpl_src, &c.local, sizeof(hoa)) &&
	      !memcmp(&sp[0].tmpl_dst, &c.remote, sizeof(hoa)));
	/* in and fwd: HoA -> ::/0, template CoA -> HA */
	for (int i = 1; i < 3; i++) {
		CHECK(sp[i].sel.prefixlen_s == 128 && sp[i].sel.prefixlen_d == 0);
		CHECK(!memcmp(&sp[i].sel.saddr, &hoa, sizeof(hoa)));
		CHECK(!memcmp(&sp[i].tmpl_src, &c.remote, sizeof(hoa)) &&
		      !memcmp(&sp[i].tmpl_dst, &c.local, sizeof(hoa)));
		CHECK(sp[i].tmpl_reqid == 2 && sp[i].tmpl_mode == XFRM_MODE_TUNNEL);
	}
	CHECK(sp[0].priority == sp[1].priority &&
	      sp[0].priority == XFRM_POLICY_PRIO_BASE - 4 * 128);
}

/* carol's MH CHILD_SA: transport, proto 135, templates without addresses. */
static void child_policies_transport(void)
{
	struct xfrm_child_pol c = { .reqid_in = 1, .reqid_out = 1 };
	xfrm_address_t ha, hoa, zero;
	struct xfrm_sp sp[3];

	memset(&zero, 0, sizeof(zero));
	addr(&ha, "2001:1::1");
	addr(&hoa, "2001:1::10");
	c.local = ha;
	c.remote = hoa;
	xfrm_sel(&c.sel_out, AF_INET6, &ha, 128, &hoa, 128, 135);
	CHECK(xfrm_child_policies(&c, sp) == 2);
	CHECK(sp[1].sel.proto == 135 && sp[1].sel.prefixlen_s == 128);
	CHECK(!memcmp(&sp[1].sel.saddr, &hoa, sizeof(hoa)));
	CHECK(sp[0].tmpl_mode == XFRM_MODE_TRANSPORT &&
	      !memcmp(&sp[0].tmpl_dst, &zero, sizeof(zero)));
	/* more specific than the tunnel's: it must win for MH */
	CHECK(sp[0].priority == XFRM_POLICY_PRIO_BASE - 4 * 256 - 2);
}

int main(void)
{
	TEST(newsa);
	TEST(newsa_aead);
	TEST(delsa_and_spi);
	TEST(policy);
	TEST(child_policies_tunnel);
	TEST(child_policies_transport);
	return CHECK_DONE();
}
