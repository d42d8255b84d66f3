// SPDX-License-Identifier: GPL-2.0
/*
 * genl_perm: every command, and joining the events group, needs
 * CAP_NET_ADMIN over the network namespace's user namespace, as XFRM's
 * own requests do: a binding tells where a mobile is. Root may do
 * everything; so may the owner of a user namespace in a network
 * namespace it created, there and only there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/mipxfrm.h>
#include "kselftest_harness.h"
#include "lib.h"

#define HA "2001:db8::1"

FIXTURE(perm) {
	struct nl_conn c;
};

/*
 * A freshly loaded module; root owns one binding in the initial namespace
 * for the others to try to see.
 */
FIXTURE_SETUP(perm)
{
	ASSERT_EQ(0, sh("(rmmod mipxfrm || true) 2>/dev/null && modprobe mipxfrm"));
	ASSERT_EQ(0, genl_open(&self->c));
	ASSERT_EQ(0, binding_new(&self->c, test_hoa(1), HA, 1, 2));
}

FIXTURE_TEARDOWN(perm)
{
	binding_del(&self->c, test_hoa(1));
	nl_close(&self->c);
}

/*
 * Runs fn in a child after setup (e.g. dropping privileges); returns the
 * child's exit status: 0 if every expectation held, otherwise what fn
 * says failed (100, 101: setup or socket).
 */
static int in_child(int (*setup)(void), int (*fn)(struct nl_conn *c))
{
	struct nl_conn c;
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		if (setup())
			_exit(100);
		if (genl_open(&c))
			_exit(101);
		_exit(fn(&c));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int binding_get(struct nl_conn *c, const char *hoa)
{
	struct nlmsghdr *nlh = genl_msg(c, MIPXFRM_CMD_BINDING_GET, 0);

	put_addr(nlh, MIPXFRM_A_HOA, hoa);
	return nl_request(c, nlh, NULL, NULL);
}

/* Waits up to 5 s for one message on c's socket; returns its command. */
static int next_event(struct nl_conn *c)
{
	struct pollfd p = { .fd = mnl_socket_get_fd(c->nl), .events = POLLIN };
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)c->buf;
	const struct genlmsghdr *g;
	ssize_t n;

	if (poll(&p, 1, 5000) != 1)
		return -ETIMEDOUT;
	n = mnl_socket_recvfrom(c->nl, c->buf, MNL_SOCKET_BUFFER_SIZE);
	if (n < 0)
		return -errno;
	if (!mnl_nlmsg_ok(nlh, n) || nlh->nlmsg_type != c->family_id)
		return -EPROTO;
	g = mnl_nlmsg_get_payload(nlh);
	return g->cmd;
}

/*
 * Every command and the events group are refused with EPERM. Returns a
 * mask of what was not: 1 dump, 2 get, 4 events group, 8 new, 16 del.
 */
static int nothing_allowed(struct nl_conn *c)
{
	int allowed = 0;

	if (binding_count(c) != -EPERM)
		allowed |= 1;
	if (binding_get(c, test_hoa(1)) != -EPERM)
		allowed |= 2;
	if (binding_new(c, test_hoa(2), HA, 3, 4) != -EPERM)
		allowed |= 8;
	if (binding_del(c, test_hoa(1)) != -EPERM)
		allowed |= 16;
	/* Last: a member's socket would see events among the answers. */
	if (genl_subscribe(c) != -EPERM)
		allowed |= 4;
	return allowed;
}

static int as_nobody(void)
{
	return setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534);
}

static int in_new_userns(void)
{
	return unshare(CLONE_NEWUSER);
}

static int in_new_userns_and_netns(void)
{
	return unshare(CLONE_NEWUSER | CLONE_NEWNET);
}

/*
 * In a namespace it owns, the same caller may do everything, and sees
 * only that namespace's bindings and events. Events go to a socket of
 * their own: a request's socket drops what comes before its ack.
 */
static int owns_netns(struct nl_conn *c)
{
	struct nl_conn ev;
	int err = 0;

	if (genl_open(&ev) || genl_subscribe(&ev))
		return 1;
	if (binding_count(c) != 0)
		err = 2;
	else if (binding_new(c, test_hoa(2), HA, 3, 4))
		err = 3;
	else if (next_event(&ev) != MIPXFRM_CMD_BINDING_NEW)
		err = 4;
	else if (binding_count(c) != 1 || binding_get(c, test_hoa(2)))
		err = 5;
	else if (binding_get(c, test_hoa(1)) != -ENOENT)
		err = 6;
	else if (binding_del(c, test_hoa(2)))
		err = 7;
	nl_close(&ev);
	return err;
}

TEST_F(perm, root_reads_and_follows_events)
{
	struct nl_conn ev;

	EXPECT_EQ(1, binding_count(&self->c));
	EXPECT_EQ(0, binding_get(&self->c, test_hoa(1)));
	ASSERT_EQ(0, genl_open(&ev));
	EXPECT_EQ(0, genl_subscribe(&ev));
	EXPECT_EQ(0, binding_new(&self->c, test_hoa(2), HA, 3, 4));
	EXPECT_EQ(MIPXFRM_CMD_BINDING_NEW, next_event(&ev));
	EXPECT_EQ(0, binding_del(&self->c, test_hoa(2)));
	EXPECT_EQ(MIPXFRM_CMD_BINDING_DELETED, next_event(&ev));
	nl_close(&ev);
}

TEST_F(perm, unprivileged_user_gets_eperm)
{
	EXPECT_EQ(0, in_child(as_nobody, nothing_allowed));
	EXPECT_EQ(1, binding_count(&self->c));
}

/* CAP_NET_ADMIN in a user namespace of its own is not over init_net. */
TEST_F(perm, unprivileged_userns_gets_eperm)
{
	EXPECT_EQ(0, in_child(in_new_userns, nothing_allowed));
	EXPECT_EQ(1, binding_count(&self->c));
}

TEST_F(perm, userns_admin_of_own_netns)
{
	EXPECT_EQ(0, in_child(in_new_userns_and_netns, owns_netns));
	EXPECT_EQ(1, binding_count(&self->c));
}

TEST_HARNESS_MAIN
