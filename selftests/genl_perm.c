// SPDX-License-Identifier: GPL-2.0
/*
 * genl_perm: mutating commands need CAP_NET_ADMIN over the network
 * namespace (GENL_UNS_ADMIN_PERM); reading commands do not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/mipxfrm.h>
#include "kselftest_harness.h"
#include "lib.h"

#define HA "2001:db8::1"

FIXTURE(perm) {
	struct nl_conn c;
};

/*
 * A freshly loaded module; root owns one binding in the initial namespace
 * for the others to see.
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
 * child's exit status: 0 if every expectation held, otherwise the number
 * of the first that failed.
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

/* Reads work, every mutating command is refused with EPERM. */
static int reads_only(struct nl_conn *c)
{
	if (binding_count(c) != 1)
		return 1;
	if (binding_new(c, test_hoa(2), HA, 3, 4) != -EPERM)
		return 2;
	if (binding_del(c, test_hoa(1)) != -EPERM)
		return 3;
	return 0;
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

/* In a namespace it owns, the same caller may do everything. */
static int owns_netns(struct nl_conn *c)
{
	if (binding_count(c) != 0)
		return 1;
	if (binding_new(c, test_hoa(2), HA, 3, 4))
		return 2;
	if (binding_count(c) != 1)
		return 3;
	if (binding_del(c, test_hoa(2)))
		return 4;
	return 0;
}

TEST_F(perm, unprivileged_user_gets_eperm)
{
	EXPECT_EQ(0, in_child(as_nobody, reads_only));
}

TEST_F(perm, unprivileged_userns_gets_eperm)
{
	EXPECT_EQ(0, in_child(in_new_userns, reads_only));
}

TEST_F(perm, userns_admin_of_own_netns)
{
	EXPECT_EQ(0, in_child(in_new_userns_and_netns, owns_netns));
	EXPECT_EQ(1, binding_count(&self->c));
}

TEST_HARNESS_MAIN
