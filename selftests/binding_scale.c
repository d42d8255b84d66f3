// SPDX-License-Identifier: GPL-2.0
/*
 * binding_scale: the binding table under load - 10,000 bindings created,
 * registered, moved, dumped and removed; a namespace deleted and the
 * module unloaded with bindings live; four processes updating at once;
 * lifetimes running out - with no leak: the mipxfrm_binding slab count and
 * the SAD/SPD go back to where they were (Debian's kernel has no
 * kmemleak).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/mipxfrm.h>
#include "kselftest_harness.h"
#include "lib.h"
#include "../helper/genl/binding.h"

#define CACHE "mipxfrm_binding"
#define HA "2001:db8::1"

/* The CoA of mobile n in its k-th position. */
static const char *coa(unsigned int n, unsigned int k)
{
	static char buf[INET6_ADDRSTRLEN];

	snprintf(buf, sizeof(buf), "2001:db8:ff%02x:%x::%x", k & 0xff,
		 n & 0xffff, (n >> 16) + 1);
	return buf;
}

static int update(struct nl_conn *c, unsigned int n, unsigned int k,
		  uint16_t seq, uint32_t lifetime)
{
	struct nlmsghdr *nlh = genl_msg(c, MIPXFRM_CMD_BINDING_UPDATE, 0);

	put_addr(nlh, MIPXFRM_A_HOA, test_hoa(n));
	put_addr(nlh, MIPXFRM_A_COA, coa(n, k));
	mnl_attr_put_u16(nlh, MIPXFRM_A_SEQ, seq);
	mnl_attr_put_u32(nlh, MIPXFRM_A_LIFETIME, lifetime);
	return nl_request(c, nlh, NULL, NULL);
}

/* Objects in `ip xfrm state` or `ip xfrm policy` (what: "state"...). */
static long xfrm_count(const char *what)
{
	char cmd[128], line[64];
	long n = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ip xfrm %s | grep -c '^src'", what);
	p = popen(cmd, "r");
	if (p && fgets(line, sizeof(line), p))
		n = atol(line);
	if (p)
		pclose(p);
	return n;
}

static int add_range(struct nl_conn *c, unsigned int from, unsigned int to,
		     uint32_t lifetime)
{
	unsigned int i;
	int err;

	for (i = from; i < to; i++) {
		err = binding_new(c, test_hoa(i), HA, 2 * i + 1, 2 * i + 2);
		if (!err && lifetime)
			err = update(c, i, 0, 1, lifetime);
		if (err)
			return err;
	}
	return 0;
}

struct coa_check {
	unsigned int k;
	long bad;
	long seen;
};

/* Each binding in the dump must sit at coa(n, k); n from its reqids. */
static int check_coa(const struct nlmsghdr *nlh, void *data)
{
	struct coa_check *cc = data;
	struct in6_addr want;
	struct binding b;

	cc->seen++;
	if (binding_parse(nlh, &b) || !b.has_coa) {
		cc->bad++;
		return MNL_CB_OK;
	}
	inet_pton(AF_INET6, coa((b.reqid_mh - 1) / 2, cc->k), &want);
	if (memcmp(&want, &b.coa, sizeof(want)))
		cc->bad++;
	return MNL_CB_OK;
}

FIXTURE(scale) {
	struct nl_conn c;
	long states;
	long policies;
};

FIXTURE_SETUP(scale)
{
	ASSERT_EQ(0, sh("(rmmod mipxfrm || true) 2>/dev/null && modprobe mipxfrm"));
	ASSERT_EQ(0, genl_open(&self->c));
	self->states = xfrm_count("state");
	self->policies = xfrm_count("policy");
}

FIXTURE_TEARDOWN(scale)
{
	nl_close(&self->c);
}

TEST_F_TIMEOUT(scale, ten_thousand, 600)
{
	enum { N = 10000 };
	struct coa_check cc = { .k = 1 };
	unsigned int i;

	ASSERT_EQ(0, add_range(&self->c, 0, N, 3600));
	EXPECT_EQ(N, slab_active(CACHE));
	EXPECT_EQ(self->states + 2 * N, xfrm_count("state"));
	EXPECT_EQ(self->policies + 2 * N, xfrm_count("policy"));
	for (i = 0; i < N; i++)
		ASSERT_EQ(0, update(&self->c, i, 1, 2, 3600));
	ASSERT_EQ(0, nl_request(&self->c,
				  genl_msg(&self->c, MIPXFRM_CMD_BINDING_GET,
					   NLM_F_DUMP), check_coa, &cc));
	EXPECT_EQ(N, cc.seen);
	EXPECT_EQ(0, cc.bad);
	for (i = 0; i < N; i++)
		ASSERT_EQ(0, binding_del(&self->c, test_hoa(i)));
	EXPECT_EQ(0, binding_count(&self->c));
	EXPECT_EQ(0, slab_active(CACHE));
	EXPECT_EQ(self->states, xfrm_count("state"));
	EXPECT_EQ(self->policies, xfrm_count("policy"));
}

TEST_F_TIMEOUT(scale, netns_deleted_with_live_bindings, 300)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct nl_conn c;

		if (unshare(CLONE_NEWNET) || genl_open(&c) ||
		    add_range(&c, 0, 1000, 3600) || binding_count(&c) != 1000)
			_exit(1);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	/* Namespace cleanup runs from a workqueue: poll for it. */
	EXPECT_EQ(0, slab_wait(CACHE, 0, 30000));
	EXPECT_EQ(0, binding_count(&self->c));
}

TEST_F_TIMEOUT(scale, rmmod_with_live_bindings, 300)
{
	ASSERT_EQ(0, add_range(&self->c, 0, 1000, 3600));
	EXPECT_EQ(self->states + 2000, xfrm_count("state"));
	nl_close(&self->c);
	ASSERT_EQ(0, sh("rmmod mipxfrm"));
	EXPECT_EQ(-1, slab_active(CACHE));
	EXPECT_EQ(self->states, xfrm_count("state"));
	EXPECT_EQ(self->policies, xfrm_count("policy"));
	ASSERT_EQ(0, sh("modprobe mipxfrm"));
	ASSERT_EQ(0, genl_open(&self->c));
}

/*
 * Four processes, 100 bindings each, each moving its own mobiles back and
 * forth for 10 s; afterwards every binding must show the last update its
 * owner made.
 */
static int updater(unsigned int first)
{
	enum { PER = 100 };
	struct coa_check cc = { 0 };
	struct nl_conn c;
	time_t end = time(NULL) + 10;
	uint16_t seq = 1;
	unsigned int i;

	if (genl_open(&c))
		return 1;
	while (time(NULL) < end) {
		seq++;
		for (i = first; i < first + PER; i++)
			if (update(&c, i, seq & 1, seq, 3600))
				return 2;
	}
	cc.k = seq & 1;
	for (i = first; i < first + PER; i++) {
		struct nlmsghdr *nlh = genl_msg(&c, MIPXFRM_CMD_BINDING_GET, 0);

		put_addr(nlh, MIPXFRM_A_HOA, test_hoa(i));
		if (nl_request(&c, nlh, check_coa, &cc))
			return 3;
	}
	return cc.bad || cc.seen != PER ? 4 : 0;
}

TEST_F_TIMEOUT(scale, four_concurrent_updaters, 120)
{
	pid_t pids[4];
	int i, status;

	ASSERT_EQ(0, add_range(&self->c, 0, 400, 3600));
	for (i = 0; i < 4; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0)
			_exit(updater(i * 100));
	}
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_EQ(0, status);
	}
	EXPECT_EQ(self->states + 800, xfrm_count("state"));
	EXPECT_EQ(self->policies + 800, xfrm_count("policy"));
}

struct expiry {
	long expired;
};

static int count_expired(const struct nlmsghdr *nlh, void *data)
{
	struct expiry *e = data;
	struct binding b;

	if (!binding_parse(nlh, &b) && b.cmd == MIPXFRM_CMD_BINDING_EXPIRED)
		e->expired++;
	return MNL_CB_OK;
}

TEST_F_TIMEOUT(scale, lifetimes_run_out, 120)
{
	struct expiry e = { 0 };
	struct nl_conn events;
	time_t end;
	ssize_t n;

	int rcvbuf = 8 << 20;

	ASSERT_EQ(0, genl_open(&events));
	ASSERT_EQ(0, genl_subscribe(&events));
	/* 600 events arrive before the test reads the first. */
	ASSERT_EQ(0, setsockopt(mnl_socket_get_fd(events.nl), SOL_SOCKET,
				SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)));
	ASSERT_EQ(0, add_range(&self->c, 0, 200, 2));
	end = time(NULL) + 20;
	while (e.expired < 200 && time(NULL) < end) {
		n = mnl_socket_recvfrom(events.nl, events.buf,
					MNL_SOCKET_BUFFER_SIZE);
		ASSERT_LT(0, n);
		mnl_cb_run(events.buf, n, 0, 0, count_expired, &e);
	}
	EXPECT_EQ(200, e.expired);
	EXPECT_EQ(0, binding_count(&self->c));
	EXPECT_EQ(self->states, xfrm_count("state"));
	EXPECT_EQ(self->policies, xfrm_count("policy"));
	nl_close(&events);
}

TEST_HARNESS_MAIN
