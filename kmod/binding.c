// SPDX-License-Identifier: GPL-2.0
/*
 * The binding table of one network namespace: bindings hashed by Home
 * Address, and their reqids hashed so that a second claim on a reqid is
 * found without a walk. Callers hold mipxfrm_net.lock.
 */
#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/ipv6.h>

#include "mipxfrm.h"

#define MIPXFRM_HASH_SIZE BIT(MIPXFRM_HASH_BITS)

/*
 * A cache of its own, so that /proc/slabinfo counts live bindings and a
 * binding leaked at unload is reported by kmem_cache_destroy().
 */
static struct kmem_cache *binding_cache;

int __init mipxfrm_binding_cache_init(void)
{
	binding_cache = KMEM_CACHE(mipxfrm_binding, 0);
	return binding_cache ? 0 : -ENOMEM;
}

void mipxfrm_binding_cache_exit(void)
{
	kmem_cache_destroy(binding_cache);
}

static u32 hoa_hash(const struct in6_addr *hoa)
{
	return jhash2((const u32 *)hoa->s6_addr32, 4, 0) &
	       (MIPXFRM_HASH_SIZE - 1);
}

static struct hlist_head *reqid_bucket(struct mipxfrm_net *mn, u32 reqid)
{
	return &mn->reqid_table[hash_32(reqid, MIPXFRM_HASH_BITS)];
}

int mipxfrm_binding_table_init(struct mipxfrm_net *mn)
{
	unsigned int i;

	mn->hoa_table = kvcalloc(MIPXFRM_HASH_SIZE, sizeof(*mn->hoa_table),
				 GFP_KERNEL);
	if (!mn->hoa_table)
		return -ENOMEM;
	mn->reqid_table = kvcalloc(MIPXFRM_HASH_SIZE,
				   sizeof(*mn->reqid_table), GFP_KERNEL);
	if (!mn->reqid_table) {
		kvfree(mn->hoa_table);
		return -ENOMEM;
	}
	for (i = 0; i < MIPXFRM_HASH_SIZE; i++) {
		INIT_LIST_HEAD(&mn->hoa_table[i]);
		INIT_HLIST_HEAD(&mn->reqid_table[i]);
	}
	return 0;
}

/* The bindings must be gone already: each needs its XFRM objects removed. */
void mipxfrm_binding_table_free(struct mipxfrm_net *mn)
{
	WARN_ON(mn->count);
	kvfree(mn->reqid_table);
	kvfree(mn->hoa_table);
}

struct list_head *mipxfrm_binding_bucket(struct mipxfrm_net *mn,
					 unsigned int i)
{
	return i < MIPXFRM_HASH_SIZE ? &mn->hoa_table[i] : NULL;
}

struct mipxfrm_binding *mipxfrm_binding_find(struct mipxfrm_net *mn,
					     const struct in6_addr *hoa)
{
	struct mipxfrm_binding *b;

	list_for_each_entry(b, &mn->hoa_table[hoa_hash(hoa)], hoa_node)
		if (ipv6_addr_equal(&b->hoa, hoa))
			return b;
	return NULL;
}

struct mipxfrm_binding *mipxfrm_binding_by_reqid(struct mipxfrm_net *mn,
						 u32 reqid)
{
	struct mipxfrm_reqid *r;

	hlist_for_each_entry(r, reqid_bucket(mn, reqid), node)
		if (r->reqid == reqid)
			return r->binding;
	return NULL;
}

static void reqid_claim(struct mipxfrm_net *mn, struct mipxfrm_binding *b,
			struct mipxfrm_reqid *r, u32 reqid)
{
	r->reqid = reqid;
	r->binding = b;
	hlist_add_head(&r->node, reqid_bucket(mn, reqid));
}

/*
 * The caller has checked that the HoA and both reqids are free. Bindings
 * go to the tail of their bucket so that each bucket stays in id order,
 * which is what lets a dump resume after the last id it sent.
 */
struct mipxfrm_binding *mipxfrm_binding_create(struct mipxfrm_net *mn,
					       const struct in6_addr *hoa,
					       const struct in6_addr *ha,
					       u32 reqid_mh, u32 reqid_tunnel)
{
	struct mipxfrm_binding *b;

	b = kmem_cache_zalloc(binding_cache, GFP_KERNEL);
	if (!b)
		return NULL;
	b->id = ++mn->next_id;
	b->hoa = *hoa;
	b->ha = *ha;
	b->created = ktime_get_real_seconds();
	reqid_claim(mn, b, &b->reqid_mh, reqid_mh);
	reqid_claim(mn, b, &b->reqid_tunnel, reqid_tunnel);
	list_add_tail(&b->hoa_node, &mn->hoa_table[hoa_hash(hoa)]);
	mn->count++;
	return b;
}

void mipxfrm_binding_destroy(struct mipxfrm_net *mn,
			     struct mipxfrm_binding *b)
{
	hlist_del(&b->reqid_mh.node);
	hlist_del(&b->reqid_tunnel.node);
	list_del(&b->hoa_node);
	mn->count--;
	kmem_cache_free(binding_cache, b);
}
