// SPDX-License-Identifier: GPL-2.0
/*
 * module_load: mipxfrm.ko loads, registers its family, unloads and loads
 * again, and leaves nothing behind - with bindings live at unload, and
 * with bindings in a namespace that goes away.
 *
 * Leaks show in two ways: the mipxfrm_binding slab count, and the
 * kmem_cache_destroy() report at unload that scripts/vm turns into a
 * failure.
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

#define CACHE "mipxfrm_binding"

static void load(struct __test_metadata *_metadata)
{
	ASSERT_EQ(0, sh("modprobe mipxfrm"));
}

static void unload(struct __test_metadata *_metadata)
{
	struct nl_conn c;

	ASSERT_EQ(0, sh("rmmod mipxfrm"));
	ASSERT_EQ(-ENOENT, genl_open(&c));
	ASSERT_EQ(-1, slab_active(CACHE));
}

TEST(load_register_unload)
{
	struct nl_conn c;

	sh("rmmod mipxfrm 2>/dev/null");
	ASSERT_EQ(-ENOENT, genl_open(&c));
	load(_metadata);
	ASSERT_EQ(0, sh("genl ctrl get name mipxfrm >/dev/null"));
	ASSERT_EQ(0, genl_open(&c));
	EXPECT_EQ(MIPXFRM_GENL_VERSION, c.version);
	EXPECT_NE(0, c.events_group);
	EXPECT_EQ(0, binding_count(&c));
	nl_close(&c);
	unload(_metadata);
	load(_metadata);
	ASSERT_EQ(0, sh("genl ctrl get name mipxfrm >/dev/null"));
	unload(_metadata);
}

TEST(unload_with_live_bindings)
{
	struct nl_conn c;
	unsigned int i;

	load(_metadata);
	ASSERT_EQ(0, genl_open(&c));
	for (i = 0; i < 200; i++)
		ASSERT_EQ(0, binding_new(&c, test_hoa(i), "2001:db8::1",
					 2 * i + 1, 2 * i + 2));
	EXPECT_EQ(200, binding_count(&c));
	EXPECT_EQ(200, slab_active(CACHE));
	nl_close(&c);
	unload(_metadata);
}

/*
 * A child in a namespace of its own creates bindings; the parent, in the
 * initial namespace, must not see them, and they must be freed when the
 * namespace goes.
 */
TEST(netns_exit_frees_bindings)
{
	int ready[2], go[2], status;
	struct nl_conn c;
	char byte = 0;
	pid_t pid;

	load(_metadata);
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		unsigned int i;

		if (unshare(CLONE_NEWNET) || genl_open(&c))
			_exit(1);
		for (i = 0; i < 100; i++)
			if (binding_new(&c, test_hoa(i), "2001:db8::1",
					2 * i + 1, 2 * i + 2))
				_exit(2);
		if (binding_count(&c) != 100)
			_exit(3);
		if (write(ready[1], &byte, 1) != 1 || read(go[0], &byte, 1) != 1)
			_exit(4);
		_exit(0);
	}
	ASSERT_EQ(1, read(ready[0], &byte, 1));
	ASSERT_EQ(0, genl_open(&c));
	EXPECT_EQ(0, binding_count(&c));
	EXPECT_EQ(100, slab_active(CACHE));
	/* The same HoA and reqids are free here: tables are per namespace. */
	EXPECT_EQ(0, binding_new(&c, test_hoa(0), "2001:db8::1", 1, 2));
	ASSERT_EQ(1, write(go[1], &byte, 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	/* Namespace cleanup runs from a workqueue: poll for it. */
	EXPECT_EQ(1, slab_wait(CACHE, 1, 10000));
	EXPECT_EQ(0, binding_del(&c, test_hoa(0)));
	EXPECT_EQ(0, slab_active(CACHE));
	nl_close(&c);
	unload(_metadata);
}

TEST_HARNESS_MAIN
