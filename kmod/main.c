// SPDX-License-Identifier: GPL-2.0
/*
 * mipxfrm.ko: module init/exit and the per-namespace state.
 */
#include <linux/module.h>
#include <net/netns/generic.h>

#include "mipxfrm.h"

#define MIPXFRM_VERSION "0.1.0"

static unsigned int mipxfrm_net_id __read_mostly;

struct mipxfrm_net *mipxfrm_net(struct net *net)
{
	return net_generic(net, mipxfrm_net_id);
}

static int __net_init mipxfrm_net_init(struct net *net)
{
	struct mipxfrm_net *mn = mipxfrm_net(net);

	mn->net = net;
	mutex_init(&mn->lock);
	INIT_DELAYED_WORK(&mn->expiry, mipxfrm_expiry_work);
	return mipxfrm_binding_table_init(mn);
}

/*
 * Runs for each namespace on its exit and for every namespace on module
 * unload, after the family is gone, so no command can race with it and
 * no event can be sent. Every binding's RO objects are removed; the
 * XFRM notifications still go out.
 */
static void __net_exit mipxfrm_net_exit(struct net *net)
{
	struct mipxfrm_net *mn = mipxfrm_net(net);
	struct mipxfrm_binding *b, *tmp;
	struct list_head *bucket;
	unsigned int i;

	cancel_delayed_work_sync(&mn->expiry);
	mutex_lock(&mn->lock);
	for (i = 0; (bucket = mipxfrm_binding_bucket(mn, i)); i++)
		list_for_each_entry_safe(b, tmp, bucket, hoa_node)
			mipxfrm_deregister(mn, b, 0);
	mutex_unlock(&mn->lock);
	mipxfrm_binding_table_free(mn);
}

static struct pernet_operations mipxfrm_net_ops = {
	.init = mipxfrm_net_init,
	.exit = mipxfrm_net_exit,
	.id = &mipxfrm_net_id,
	.size = sizeof(struct mipxfrm_net),
};

static int __init mipxfrm_init(void)
{
	int err;

	err = mipxfrm_binding_cache_init();
	if (err)
		return err;
	mipxfrm_fault_init();
	err = register_pernet_subsys(&mipxfrm_net_ops);
	if (err)
		goto err_pernet;
	err = mipxfrm_netlink_init();
	if (err)
		goto err_netlink;
	pr_info("mipxfrm " MIPXFRM_VERSION " loaded\n");
	return 0;

err_netlink:
	unregister_pernet_subsys(&mipxfrm_net_ops);
err_pernet:
	mipxfrm_fault_exit();
	mipxfrm_binding_cache_exit();
	return err;
}

static void __exit mipxfrm_exit(void)
{
	mipxfrm_netlink_exit();
	unregister_pernet_subsys(&mipxfrm_net_ops);
	mipxfrm_fault_exit();
	mipxfrm_binding_cache_exit();
}

module_init(mipxfrm_init);
module_exit(mipxfrm_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Mobile IPv6 Home Agent bindings with all-or-nothing XFRM rebind");
MODULE_AUTHOR("mipxfrm developers");
MODULE_VERSION(MIPXFRM_VERSION);
