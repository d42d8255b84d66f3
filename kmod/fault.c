// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection for the rebind transaction, so that tests can fail it
 * at every step and check that it leaves nothing behind.
 *
 * /sys/kernel/debug/mipxfrm/fail_step (root only): 0 (the default) turns
 * it off; N makes the N-th fallible step of every following transaction
 * fail as that step really can (allocation, lookup, insert, swap), until
 * the file is set back to 0.
 */
#include <linux/debugfs.h>

#include "mipxfrm.h"

static u32 fail_step;
static struct dentry *fault_dir;

/* debugfs failures are not fatal: only the tests' knob would be missing. */
void __init mipxfrm_fault_init(void)
{
	fault_dir = debugfs_create_dir("mipxfrm", NULL);
	debugfs_create_u32("fail_step", 0600, fault_dir, &fail_step);
}

void mipxfrm_fault_exit(void)
{
	debugfs_remove(fault_dir);
}

/* Counts one fallible step of a transaction; true: fail this one. */
bool mipxfrm_fault(unsigned int *step)
{
	u32 target = READ_ONCE(fail_step);

	return ++*step == target && target;
}
