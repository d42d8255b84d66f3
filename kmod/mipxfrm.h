/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces between the files of mipxfrm.ko.
 *
 * Locking: every binding of a namespace, and the tables holding them, are
 * protected by that namespace's mipxfrm_net.lock. A binding's XFRM work
 * additionally takes net->xfrm.xfrm_cfg_mutex, always after
 * mipxfrm_net.lock.
 */
#ifndef _MIPXFRM_H
#define _MIPXFRM_H

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

struct netlink_ext_ack;
struct nlattr;
struct xfrm_policy;
struct xfrm_state;

#define MIPXFRM_HASH_BITS 10

/* One of a binding's two reqids, indexed so that a claim is O(1). */
struct mipxfrm_reqid {
	struct hlist_node node;
	u32 reqid;
	struct mipxfrm_binding *binding;
};

/* The route-optimisation objects of a binding: index 0 route2, 1 hao. */
enum { MIPXFRM_RO_RH2, MIPXFRM_RO_HAO, MIPXFRM_RO_NUM };

struct mipxfrm_binding {
	struct list_head hoa_node;	/* in mipxfrm_net.hoa_table, by id */
	u64 id;				/* creation order, resumes dumps */
	struct in6_addr hoa;
	struct in6_addr ha;
	struct in6_addr coa;
	bool has_coa;
	bool has_seq;
	u16 seq;
	u32 lifetime;			/* seconds granted, 0 = not registered */
	unsigned long expires;		/* jiffies, valid when lifetime != 0 */
	u32 flags;
	struct mipxfrm_reqid reqid_mh;
	struct mipxfrm_reqid reqid_tunnel;
	time64_t created;
	time64_t updated;
	u64 updates;
	u64 rollbacks;
	int last_error;
	u32 tunnel_sas;			/* tunnel SAs moved by the last update */
	u32 tunnel_policies;		/* tunnel policies moved by it */
	/*
	 * Held while registered: the RO states and the sub-type policies
	 * that apply them. The binding owns them, whoever created them,
	 * and removes them on deregistration.
	 */
	struct xfrm_state *ro_state[MIPXFRM_RO_NUM];
	struct xfrm_policy *ro_policy[MIPXFRM_RO_NUM];
};

/* What a Binding Update asks for. */
struct mipxfrm_update {
	struct in6_addr coa;
	u16 seq;
	u32 lifetime;
	u32 flags;
	const struct nlattr *coa_attr;	/* for extack messages about the CoA */
};

struct mipxfrm_net {
	struct net *net;
	struct mutex lock;		/* see the top of this file */
	struct list_head *hoa_table;
	struct hlist_head *reqid_table;
	u64 next_id;
	unsigned int count;
	unsigned int registered;	/* bindings with a lifetime running */
	struct delayed_work expiry;	/* runs each second while registered */
};

struct mipxfrm_net *mipxfrm_net(struct net *net);

int mipxfrm_binding_cache_init(void);
void mipxfrm_binding_cache_exit(void);
int mipxfrm_binding_table_init(struct mipxfrm_net *mn);
void mipxfrm_binding_table_free(struct mipxfrm_net *mn);
struct mipxfrm_binding *mipxfrm_binding_find(struct mipxfrm_net *mn,
					     const struct in6_addr *hoa);
struct mipxfrm_binding *mipxfrm_binding_by_reqid(struct mipxfrm_net *mn,
						 u32 reqid);
struct mipxfrm_binding *mipxfrm_binding_create(struct mipxfrm_net *mn,
					       const struct in6_addr *hoa,
					       const struct in6_addr *ha,
					       u32 reqid_mh, u32 reqid_tunnel);
void mipxfrm_binding_destroy(struct mipxfrm_net *mn,
			     struct mipxfrm_binding *b);
struct list_head *mipxfrm_binding_bucket(struct mipxfrm_net *mn,
					 unsigned int i);

int mipxfrm_rebind(struct mipxfrm_net *mn, struct mipxfrm_binding *b,
		   const struct mipxfrm_update *u,
		   struct netlink_ext_ack *extack);
void mipxfrm_deregister(struct mipxfrm_net *mn, struct mipxfrm_binding *b,
			u8 event);
void mipxfrm_expiry_work(struct work_struct *work);

void mipxfrm_fault_init(void);
void mipxfrm_fault_exit(void);
bool mipxfrm_fault(unsigned int *step);

int mipxfrm_netlink_init(void);
void mipxfrm_netlink_exit(void);
void mipxfrm_netlink_event(struct mipxfrm_net *mn, u8 cmd,
			   const struct mipxfrm_binding *b,
			   const struct in6_addr *old_coa);

#endif /* _MIPXFRM_H */
