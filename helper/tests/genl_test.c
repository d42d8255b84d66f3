// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the generic netlink client: decoding the kernel's
 * extended acks, and parsing binding messages, including malformed ones.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>

#include <linux/mipxfrm.h>
#include "../genl/binding.h"
#include "../genl/genl.h"
#include "check.h"

static char buf[8192];

/* An NLMSG_ERROR as the kernel builds it for a request of req_len bytes. */
static struct nlmsghdr *error_msg(int error, const char *text, uint32_t offs,
				  bool capped, size_t req_len)
{
	struct nlmsghdr *nlh, *req;
	struct nlmsgerr *e;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0);
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e) +
				       (capped ? 0 : req_len - sizeof(*req)));
	e->error = error;
	req = &e->msg;
	req->nlmsg_len = req_len;
	if (text)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
	if (offs)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, offs);
	return nlh;
}

static void extack_capped(void)
{
	char msg[64];
	uint32_t offs;
	int err;

	err = nl_parse_error(error_msg(-EEXIST, "HoA already has a binding",
					 24, true, 48),
			       msg, sizeof(msg), &offs);
	CHECK(err == -EEXIST);
	CHECK(!strcmp(msg, "HoA already has a binding"));
	CHECK(offs == 24);
}

static void extack_echoed_request(void)
{
	char msg[64];
	uint32_t offs;
	int err;

	err = nl_parse_error(error_msg(-EINVAL, "required attribute missing",
					 0, false, 52),
			       msg, sizeof(msg), &offs);
	CHECK(err == -EINVAL);
	CHECK(!strcmp(msg, "required attribute missing"));
	CHECK(offs == 0);
}

static void extack_plain_ack(void)
{
	struct nlmsghdr *nlh = error_msg(0, NULL, 0, true, 20);
	char msg[8] = "junk";
	uint32_t offs = 7;

	nlh->nlmsg_flags = 0;
	CHECK(nl_parse_error(nlh, msg, sizeof(msg), &offs) == 0);
	CHECK(msg[0] == '\0' && offs == 0);
}

static void extack_truncated(void)
{
	struct nlmsghdr *nlh = error_msg(-EPERM, NULL, 0, true, 20);
	char msg[8];
	uint32_t offs;

	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	CHECK(nl_parse_error(nlh, msg, sizeof(msg), &offs) == -EBADMSG);
	/* An echoed request claiming more than the message holds. */
	nlh = error_msg(-EPERM, "x", 0, false, 20);
	((struct nlmsgerr *)mnl_nlmsg_get_payload(nlh))->msg.nlmsg_len = 4000;
	CHECK(nl_parse_error(nlh, msg, sizeof(msg), &offs) == -EPERM);
	CHECK(msg[0] == '\0');
}

static struct nlmsghdr *binding_msg(uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	struct in6_addr a;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	inet_pton(AF_INET6, "2001:1::10", &a);
	mnl_attr_put(nlh, MIPXFRM_A_HOA, sizeof(a), &a);
	inet_pton(AF_INET6, "2001:1::1", &a);
	mnl_attr_put(nlh, MIPXFRM_A_HA, sizeof(a), &a);
	inet_pton(AF_INET6, "2001::50", &a);
	mnl_attr_put(nlh, MIPXFRM_A_COA, sizeof(a), &a);
	mnl_attr_put_u16(nlh, MIPXFRM_A_SEQ, 65535);
	mnl_attr_put_u32(nlh, MIPXFRM_A_LIFETIME, 3600);
	mnl_attr_put_u32(nlh, MIPXFRM_A_FLAGS, MIPXFRM_F_KEY_MGMT);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_MH, 1);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_TUNNEL, 2);
	mnl_attr_put_u64(nlh, MIPXFRM_A_UPDATES, 1ULL << 40);
	mnl_attr_put_u32(nlh, MIPXFRM_A_LAST_ERROR, (uint32_t)-ENOMEM);
	return nlh;
}

static void binding_ok(void)
{
	struct nlmsghdr *nlh = binding_msg(MIPXFRM_CMD_BINDING_UPDATED);
	char coa[INET6_ADDRSTRLEN];
	struct binding b;

	/* An attribute from a newer module is skipped. */
	mnl_attr_put_u32(nlh, MIPXFRM_A_MAX + 5, 9);
	CHECK(binding_parse(nlh, &b) == 0);
	CHECK(b.cmd == MIPXFRM_CMD_BINDING_UPDATED);
	CHECK(!strcmp(binding_event_name(b.cmd), "updated"));
	CHECK(b.has_coa && !b.has_old_coa && b.has_seq);
	inet_ntop(AF_INET6, &b.coa, coa, sizeof(coa));
	CHECK(!strcmp(coa, "2001::50"));
	CHECK(b.seq == 65535 && b.lifetime == 3600);
	CHECK(b.flags == MIPXFRM_F_KEY_MGMT);
	CHECK(b.reqid_mh == 1 && b.reqid_tunnel == 2);
	CHECK(b.updates == 1ULL << 40);
	CHECK(b.last_error == -ENOMEM);
}

static void binding_bad_sizes(void)
{
	struct nlmsghdr *nlh = binding_msg(MIPXFRM_CMD_BINDING_NEW);
	struct binding b;

	mnl_attr_put_u32(nlh, MIPXFRM_A_OLD_COA, 4);
	CHECK(binding_parse(nlh, &b) == -EBADMSG);
	nlh = binding_msg(MIPXFRM_CMD_BINDING_NEW);
	mnl_attr_put_u16(nlh, MIPXFRM_A_LIFETIME, 4);
	CHECK(binding_parse(nlh, &b) == -EBADMSG);
}

static void binding_missing_key(void)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	struct binding b;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = MIPXFRM_CMD_BINDING_NEW;
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_MH, 1);
	CHECK(binding_parse(nlh, &b) == -EBADMSG);
	nlh->nlmsg_len = NLMSG_HDRLEN + 1;
	CHECK(binding_parse(nlh, &b) == -EBADMSG);
	CHECK(binding_event_name(MIPXFRM_CMD_BINDING_GET) == NULL);
}

int main(void)
{
	TEST(extack_capped);
	TEST(extack_echoed_request);
	TEST(extack_plain_ack);
	TEST(extack_truncated);
	TEST(binding_ok);
	TEST(binding_bad_sizes);
	TEST(binding_missing_key);
	return CHECK_DONE();
}
