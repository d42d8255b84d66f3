// SPDX-License-Identifier: GPL-2.0
/*
 * binding_input: every kind of bad request - missing, oversized and
 * wrongly typed attributes, bad addresses, unknown HoA, stale sequence,
 * duplicate HoA or reqid, an unprivileged caller - gets its errno and an
 * extack message, and changes nothing: the reference binding, the binding
 * count and the XFRM databases stay as they were.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/mipxfrm.h>
#include "kselftest_harness.h"
#include "lib.h"
#include "../helper/genl/binding.h"

#define HOA "2001:db8:1::1"
#define HA "2001:db8::1"
#define COA "2001:db8:ff::1"

FIXTURE(input) {
	struct nl_conn c;
	struct nlmsghdr *nlh;
	char xfrm_before[64];
};

/* A digest of both XFRM databases, to see that nothing changed. */
static void xfrm_digest(char *out, size_t len)
{
	FILE *p = popen("(ip xfrm state; ip xfrm policy) | md5sum", "r");

	if (!p || !fgets(out, len, p))
		snprintf(out, len, "unavailable");
	if (p)
		pclose(p);
}

/*
 * A fresh module with one registered binding (seq 10, CoA COA), which no
 * bad request below may change.
 */
FIXTURE_SETUP(input)
{
	struct nlmsghdr *nlh;

	ASSERT_EQ(0, sh("(rmmod mipxfrm || true) 2>/dev/null && modprobe mipxfrm"));
	ASSERT_EQ(0, genl_open(&self->c));
	ASSERT_EQ(0, binding_new(&self->c, HOA, HA, 1, 2));
	nlh = genl_msg(&self->c, MIPXFRM_CMD_BINDING_UPDATE, 0);
	put_addr(nlh, MIPXFRM_A_HOA, HOA);
	put_addr(nlh, MIPXFRM_A_COA, COA);
	mnl_attr_put_u16(nlh, MIPXFRM_A_SEQ, 10);
	mnl_attr_put_u32(nlh, MIPXFRM_A_LIFETIME, 600);
	ASSERT_EQ(0, nl_request(&self->c, nlh, NULL, NULL));
	xfrm_digest(self->xfrm_before, sizeof(self->xfrm_before));
}

FIXTURE_TEARDOWN(input)
{
	nl_close(&self->c);
}

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	return binding_parse(nlh, data) ? MNL_CB_ERROR : MNL_CB_OK;
}

/*
 * Sends nlh; expects err and a non-empty extack; then checks that nothing
 * changed, and leaves the refusal's extack in self->c for more checks.
 */
#define EXPECT_REFUSED(err, nlh)					\
	do {								\
		char msg[sizeof(self->c.err_msg)];			\
		struct binding b;					\
		char after[64];						\
		struct nlmsghdr *g;					\
		int attr;						\
									\
		ASSERT_EQ(err, nl_request(&self->c, nlh, NULL, NULL)); \
		TH_LOG("extack: %s", self->c.err_msg);			\
		EXPECT_NE(0, self->c.err_msg[0]);			\
		memcpy(msg, self->c.err_msg, sizeof(msg));		\
		attr = self->c.err_attr;				\
		EXPECT_EQ(1, binding_count(&self->c));			\
		g = genl_msg(&self->c, MIPXFRM_CMD_BINDING_GET, 0);	\
		put_addr(g, MIPXFRM_A_HOA, HOA);			\
		ASSERT_EQ(0, nl_request(&self->c, g, get_cb, &b));	\
		EXPECT_EQ(10, b.seq);					\
		EXPECT_EQ(600, b.lifetime);				\
		EXPECT_EQ(1, b.reqid_mh);				\
		EXPECT_EQ(2, b.reqid_tunnel);				\
		xfrm_digest(after, sizeof(after));			\
		EXPECT_STREQ(self->xfrm_before, after);			\
		memcpy(self->c.err_msg, msg, sizeof(msg));		\
		self->c.err_attr = attr;				\
	} while (0)

static struct nlmsghdr *new_msg(struct nl_conn *c, const char *hoa,
				uint32_t mh, uint32_t tun)
{
	struct nlmsghdr *nlh = genl_msg(c, MIPXFRM_CMD_BINDING_NEW, 0);

	put_addr(nlh, MIPXFRM_A_HOA, hoa);
	put_addr(nlh, MIPXFRM_A_HA, HA);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_MH, mh);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_TUNNEL, tun);
	return nlh;
}

static struct nlmsghdr *update_msg(struct nl_conn *c, const char *hoa,
				   const char *coa, uint16_t seq)
{
	struct nlmsghdr *nlh = genl_msg(c, MIPXFRM_CMD_BINDING_UPDATE, 0);

	put_addr(nlh, MIPXFRM_A_HOA, hoa);
	put_addr(nlh, MIPXFRM_A_COA, coa);
	mnl_attr_put_u16(nlh, MIPXFRM_A_SEQ, seq);
	mnl_attr_put_u32(nlh, MIPXFRM_A_LIFETIME, 600);
	return nlh;
}

TEST_F(input, missing_attribute)
{
	struct nlmsghdr *nlh = genl_msg(&self->c, MIPXFRM_CMD_BINDING_NEW, 0);

	put_addr(nlh, MIPXFRM_A_HOA, "2001:db8:2::1");
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_MH, 3);
	EXPECT_REFUSED(-EINVAL, nlh);
	EXPECT_STREQ("required attribute missing", self->c.err_msg);
}

TEST_F(input, address_too_short)
{
	struct nlmsghdr *nlh = genl_msg(&self->c, MIPXFRM_CMD_BINDING_NEW, 0);
	uint32_t v4 = htonl(0x0a000001);

	mnl_attr_put(nlh, MIPXFRM_A_HOA, sizeof(v4), &v4);
	put_addr(nlh, MIPXFRM_A_HA, HA);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_MH, 3);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_TUNNEL, 4);
	EXPECT_REFUSED(-ERANGE, nlh);
	EXPECT_EQ(MIPXFRM_A_HOA, self->c.err_attr);
}

TEST_F(input, address_oversized)
{
	struct nlmsghdr *nlh = genl_msg(&self->c, MIPXFRM_CMD_BINDING_NEW, 0);
	char big[32] = { 0x20, 0x01, 0x0d, 0xb8, 2 };

	mnl_attr_put(nlh, MIPXFRM_A_HOA, sizeof(big), big);
	put_addr(nlh, MIPXFRM_A_HA, HA);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_MH, 3);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_TUNNEL, 4);
	EXPECT_REFUSED(-ERANGE, nlh);
	EXPECT_EQ(MIPXFRM_A_HOA, self->c.err_attr);
}

TEST_F(input, reqid_wrong_type)
{
	struct nlmsghdr *nlh = genl_msg(&self->c, MIPXFRM_CMD_BINDING_NEW, 0);

	put_addr(nlh, MIPXFRM_A_HOA, "2001:db8:2::1");
	put_addr(nlh, MIPXFRM_A_HA, HA);
	mnl_attr_put_u16(nlh, MIPXFRM_A_REQID_MH, 3);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_TUNNEL, 4);
	EXPECT_REFUSED(-EINVAL, nlh);
	EXPECT_EQ(MIPXFRM_A_REQID_MH, self->c.err_attr);
}

TEST_F(input, reqid_zero_or_equal)
{
	EXPECT_REFUSED(-ERANGE, new_msg(&self->c, "2001:db8:2::1", 0, 4));
	EXPECT_EQ(MIPXFRM_A_REQID_MH, self->c.err_attr);
	EXPECT_REFUSED(-EINVAL, new_msg(&self->c, "2001:db8:2::1", 4, 4));
	EXPECT_STREQ("MH and tunnel reqids must differ", self->c.err_msg);
}

TEST_F(input, lifetime_out_of_range)
{
	struct nlmsghdr *nlh = update_msg(&self->c, HOA, "2001:db8:ff::2", 11);

	/* Replace the lifetime: too long for any Binding Update. */
	nlh->nlmsg_len -= MNL_ALIGN(sizeof(struct nlattr) + 4);
	mnl_attr_put_u32(nlh, MIPXFRM_A_LIFETIME, MIPXFRM_LIFETIME_MAX + 1);
	EXPECT_REFUSED(-ERANGE, nlh);
	EXPECT_EQ(MIPXFRM_A_LIFETIME, self->c.err_attr);
}

TEST_F(input, unknown_flag_bit)
{
	struct nlmsghdr *nlh = update_msg(&self->c, HOA, "2001:db8:ff::2", 11);

	mnl_attr_put_u32(nlh, MIPXFRM_A_FLAGS, 1U << 7);
	EXPECT_REFUSED(-EINVAL, nlh);
	EXPECT_EQ(MIPXFRM_A_FLAGS, self->c.err_attr);
}

TEST_F(input, bad_address_families)
{
	static const char *const bad[] = {
		"::ffff:10.0.0.1",	/* IPv4-mapped */
		"ff02::1",		/* multicast */
		"fe80::1",		/* link-local */
		"::1",			/* loopback */
		"::",			/* unspecified */
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_REFUSED(-EINVAL, new_msg(&self->c, bad[i], 3, 4));
		EXPECT_EQ(MIPXFRM_A_HOA, self->c.err_attr);
		EXPECT_REFUSED(-EINVAL, update_msg(&self->c, HOA, bad[i], 11));
		EXPECT_EQ(MIPXFRM_A_COA, self->c.err_attr);
	}
}

TEST_F(input, unknown_hoa)
{
	EXPECT_REFUSED(-ENOENT, update_msg(&self->c, "2001:db8:9::1", COA, 1));
	EXPECT_STREQ("no binding for this HoA", self->c.err_msg);
	EXPECT_REFUSED(-ENOENT, ({
		struct nlmsghdr *n = genl_msg(&self->c, MIPXFRM_CMD_BINDING_DEL, 0);

		put_addr(n, MIPXFRM_A_HOA, "2001:db8:9::1");
		n;
	}));
}

TEST_F(input, stale_sequence)
{
	/* Equal, older, and older across the 16-bit wrap. */
	EXPECT_REFUSED(-ESTALE, update_msg(&self->c, HOA, "2001:db8:ff::2", 10));
	EXPECT_REFUSED(-ESTALE, update_msg(&self->c, HOA, "2001:db8:ff::2", 9));
	EXPECT_REFUSED(-ESTALE, update_msg(&self->c, HOA, "2001:db8:ff::2",
					   10 + 32768));
	EXPECT_EQ(MIPXFRM_A_SEQ, self->c.err_attr);
}

TEST_F(input, duplicates)
{
	EXPECT_REFUSED(-EEXIST, new_msg(&self->c, HOA, 3, 4));
	EXPECT_REFUSED(-EBUSY, new_msg(&self->c, "2001:db8:2::1", 1, 4));
	EXPECT_STREQ("MH reqid belongs to another binding", self->c.err_msg);
	EXPECT_REFUSED(-EBUSY, new_msg(&self->c, "2001:db8:2::1", 3, 1));
	EXPECT_STREQ("tunnel reqid belongs to another binding", self->c.err_msg);
}

TEST_F(input, attribute_not_for_this_command)
{
	struct nlmsghdr *nlh = new_msg(&self->c, "2001:db8:2::1", 3, 4);

	mnl_attr_put_u16(nlh, MIPXFRM_A_SEQ, 1);
	EXPECT_REFUSED(-EINVAL, nlh);
	EXPECT_STREQ("attribute not taken by this command", self->c.err_msg);
	EXPECT_EQ(MIPXFRM_A_SEQ, self->c.err_attr);
}

TEST_F(input, output_only_and_unknown_attributes)
{
	struct nlmsghdr *nlh = new_msg(&self->c, "2001:db8:2::1", 3, 4);

	mnl_attr_put_u64(nlh, MIPXFRM_A_CREATED, 1);
	EXPECT_REFUSED(-EINVAL, nlh);
	nlh = new_msg(&self->c, "2001:db8:2::1", 3, 4);
	mnl_attr_put_u32(nlh, MIPXFRM_A_MAX + 1, 1);
	EXPECT_REFUSED(-EINVAL, nlh);
	nlh = genl_msg(&self->c, MIPXFRM_CMD_BINDING_GET, NLM_F_DUMP);
	put_addr(nlh, MIPXFRM_A_HOA, HOA);
	EXPECT_REFUSED(-EINVAL, nlh);
}

TEST_F(input, unprivileged_caller)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct nl_conn c;

		if (setresuid(65534, 65534, 65534) || genl_open(&c))
			_exit(1);
		if (nl_request(&c, update_msg(&c, HOA, "2001:db8:ff::2", 11),
				 NULL, NULL) != -EPERM)
			_exit(2);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	/* The refused update changed nothing: seq 10 is still the last. */
	EXPECT_REFUSED(-ESTALE, update_msg(&self->c, HOA, COA, 10));
}

TEST_HARNESS_MAIN
