/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the selftests, which run as root inside the guest
 * (scripts/vm): shell commands, module load state, slab counts, and
 * mipxfrm requests through the helper's generic netlink client.
 */
#ifndef MIPXFRM_SELFTEST_LIB_H
#define MIPXFRM_SELFTEST_LIB_H

#include <stdint.h>

#include "../helper/genl/genl.h"

/* Runs a shell command; returns its exit status, or -1. */
int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Active objects in a slab cache, -1 when the cache does not exist. */
long slab_active(const char *cache);

/*
 * Polls slab_active(cache) until it equals want or timeout_ms pass;
 * returns the last count seen.
 */
long slab_wait(const char *cache, long want, int timeout_ms);

/* Adds an IPv6 address attribute given as text; exits on bad text. */
void put_addr(struct nlmsghdr *nlh, int type, const char *text);

/* BINDING_NEW with addresses as text; returns 0 or -errno. */
int binding_new(struct nl_conn *c, const char *hoa, const char *ha,
		uint32_t reqid_mh, uint32_t reqid_tunnel);

/* BINDING_DEL; returns 0 or -errno. */
int binding_del(struct nl_conn *c, const char *hoa);

/* Bindings a BINDING_GET dump returns, or -errno. */
long binding_count(struct nl_conn *c);

/* The n-th test HoA (2001:db8:<n/65536>:<n%65536>::1, distinct for all n). */
const char *test_hoa(unsigned int n);

#endif
