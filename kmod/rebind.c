// SPDX-License-Identifier: GPL-2.0
/*
 * The Binding Update transaction: move everything that names a mobile's
 * old Care-of Address to the new one, all of it or none of it.
 *
 * Under the namespace's xfrm_cfg_mutex, so that no other XFRM
 * configuration interleaves, a transaction
 *   1. prepares: finds the tunnel policies and SAs, checks that no SA
 *      holds a clone's new key, finds or allocates the RO states and
 *      policies - nothing visible changes yet;
 *   2. applies: clones the tunnel SAs to the new CoA (the kernel's
 *      xfrm_state_migrate, which keeps SPI, keys and replay state),
 *      inserts new RO objects, writes the new CoA into existing RO states
 *      and into the tunnel policies' templates - each step undoable;
 *   3. commits: deletes the old SAs, brings the clones' replay state
 *      and lifetime counters level with theirs, announces every change.
 * A failure in 1 or 2 undoes what 2 did, in reverse, and the databases
 * are as they were. Policies are rewritten in place, as the kernel's own
 * migration does, rather than replaced: a replace costs a walk of every
 * inexact policy and cannot be undone without another.
 */
#include <linux/slab.h>
#include <net/ip6_fib.h>
#include <net/xfrm.h>

#include <linux/mipxfrm.h>
#include "mipxfrm.h"

/* UMIP's priority for the binding cache RO policies (MIP6_PRIO_RO_BCE_DATA). */
#define RO_POLICY_PRIORITY 16

enum { TUN_IN, TUN_FWD, TUN_OUT, TUN_NUM };
enum { SA_IN, SA_OUT, SA_NUM };

static const int tunnel_dir[TUN_NUM] = {
	XFRM_POLICY_IN, XFRM_POLICY_FWD, XFRM_POLICY_OUT
};

/* route2 applies to what the HA sends to the HoA, hao to what it receives. */
static const int ro_dir[MIPXFRM_RO_NUM] = { XFRM_POLICY_OUT, XFRM_POLICY_IN };
static const u8 ro_proto[MIPXFRM_RO_NUM] = { IPPROTO_ROUTING, IPPROTO_DSTOPTS };

struct rebind {
	struct net *net;
	struct mipxfrm_binding *b;
	struct netlink_ext_ack *extack;
	const struct nlattr *coa_attr;	/* the request's COA, for extack */
	unsigned int step;		/* fault-injection counter */
	xfrm_address_t ha, hoa, old_coa, new_coa;
	bool move_tunnel;

	/* Tunnel policies (held) and the index of the template to move. */
	struct xfrm_policy *pol[TUN_NUM];
	int tmpl[TUN_NUM];
	bool tmpl_moved[TUN_NUM];
	unsigned int npol;

	/*
	 * Tunnel SAs (held), their lifetime counters just before they were
	 * cloned, and their clones (held, once inserted).
	 */
	struct xfrm_migrate m[SA_NUM];
	struct xfrm_state *sa[SA_NUM];
	struct xfrm_lifetime_cur sa_lft[SA_NUM];
	struct xfrm_state *clone[SA_NUM];
	unsigned int nsa;

	/* RO states and policies, one reference each held here. */
	struct xfrm_state *ro_state[MIPXFRM_RO_NUM];
	bool ro_state_new[MIPXFRM_RO_NUM];
	bool ro_state_inserted[MIPXFRM_RO_NUM];
	bool ro_coa_written[MIPXFRM_RO_NUM];
	xfrm_address_t ro_old_coa[MIPXFRM_RO_NUM];
	struct xfrm_policy *ro_policy[MIPXFRM_RO_NUM];
	bool ro_policy_new[MIPXFRM_RO_NUM];
	bool ro_policy_inserted[MIPXFRM_RO_NUM];
};

static void set_sel(struct xfrm_selector *sel, const xfrm_address_t *saddr,
		    u8 slen, const xfrm_address_t *daddr, u8 dlen)
{
	memset(sel, 0, sizeof(*sel));
	sel->family = AF_INET6;
	sel->saddr = *saddr;
	sel->prefixlen_s = slen;
	sel->daddr = *daddr;
	sel->prefixlen_d = dlen;
}

static bool addr_eq(const xfrm_address_t *a, const xfrm_address_t *b)
{
	return xfrm_addr_equal(a, b, AF_INET6);
}

/* The tunnel policies are ::/0 <-> HoA: from the HoA in and fwd, to it out. */
static void tunnel_sel(const struct rebind *r, int i,
		       struct xfrm_selector *sel)
{
	static const xfrm_address_t any;

	if (i == TUN_OUT)
		set_sel(sel, &any, 0, &r->hoa, 128);
	else
		set_sel(sel, &r->hoa, 128, &any, 0);
}

/* A tunnel's endpoints in direction i with the given CoA. */
static void tunnel_ends(const struct rebind *r, int i,
			const xfrm_address_t *coa, xfrm_address_t *saddr,
			xfrm_address_t *daddr)
{
	*saddr = i == TUN_OUT ? r->ha : *coa;
	*daddr = i == TUN_OUT ? *coa : r->ha;
}

static bool tunnel_tmpl(const struct rebind *r, const struct xfrm_tmpl *t)
{
	return t->id.proto == IPPROTO_ESP && t->mode == XFRM_MODE_TUNNEL &&
	       t->reqid == r->b->reqid_tunnel.reqid;
}

/* msg is a string literal; 6.1's extack keeps only the pointer. */
static int fail(struct rebind *r, int err, const char *msg)
{
	if (r->extack)
		r->extack->_msg = msg;
	return err;
}

/* The same, pointing at the request's COA attribute. */
static int fail_coa(struct rebind *r, int err, const char *msg)
{
	if (r->extack) {
		r->extack->_msg = msg;
		r->extack->bad_attr = r->coa_attr;
	}
	return err;
}

/*
 * The tunnel policies: all three or none (the key manager may not have
 * installed the tunnel yet). The old CoA is the binding's, or, before
 * the binding knew one, the one the out policy's template names.
 */
static int find_tunnel_policies(struct rebind *r)
{
	static const struct xfrm_mark no_mark;
	struct xfrm_selector sel;
	int i, j, err;

	for (i = 0; i < TUN_NUM; i++) {
		tunnel_sel(r, i, &sel);
		r->pol[i] = xfrm_policy_bysel_ctx(r->net, &no_mark, 0,
						  XFRM_POLICY_TYPE_MAIN,
						  tunnel_dir[i], &sel, NULL, 0,
						  &err);
		if (r->pol[i] && mipxfrm_fault(&r->step)) {
			xfrm_pol_put(r->pol[i]);
			r->pol[i] = NULL;
		}
		r->npol += !!r->pol[i];
	}
	if (!r->npol)
		return 0;
	if (r->npol != TUN_NUM)
		return fail(r, -ENOENT,
			    "tunnel policies for the HoA incomplete: need in, fwd and out, or none");

	if (!r->b->has_coa) {
		struct xfrm_policy *out = r->pol[TUN_OUT];

		for (j = 0; j < out->xfrm_nr; j++)
			if (tunnel_tmpl(r, &out->xfrm_vec[j]))
				break;
		if (j == out->xfrm_nr)
			return fail(r, -ENOENT,
				    "tunnel policy (out) has no ESP tunnel template with the tunnel reqid");
		r->old_coa = out->xfrm_vec[j].id.daddr;
	}

	for (i = 0; i < TUN_NUM; i++) {
		struct xfrm_policy *pol = r->pol[i];
		xfrm_address_t saddr, daddr;

		tunnel_ends(r, i, &r->old_coa, &saddr, &daddr);
		r->tmpl[i] = -1;
		for (j = 0; j < pol->xfrm_nr; j++) {
			const struct xfrm_tmpl *t = &pol->xfrm_vec[j];

			if (tunnel_tmpl(r, t) && addr_eq(&t->saddr, &saddr) &&
			    addr_eq(&t->id.daddr, &daddr))
				r->tmpl[i] = j;
		}
		if (r->tmpl[i] < 0)
			return fail(r, -ENOENT,
				    "tunnel policy has no ESP tunnel template with the tunnel reqid and the binding's CoA");
	}
	return 0;
}

/*
 * Whether the clone of tunnel SA i would find its (daddr, SPI, proto)
 * taken. xfrm_state_migrate() inserts a clone whose daddr changes with
 * xfrm_state_add(), which refuses a key in use, and 6.1 then frees the
 * clone still marked valid - a WARNING, and no errno for the caller. So
 * the key is looked up first, as xfrm_state_add() will (the clone keeps
 * the SA's mark); every SA insert from user space takes the
 * xfrm_cfg_mutex we hold, so the answer stays true until the insert.
 * Only the outbound SA's daddr is the CoA: the inbound clone keeps the
 * HA and is inserted over its original, which no insert refuses.
 */
static bool clone_key_taken(const struct rebind *r, int i)
{
	const struct xfrm_state *x = r->sa[i];
	const xfrm_address_t *daddr = &r->m[i].new_daddr;
	struct xfrm_state *x1;

	if (addr_eq(&x->id.daddr, daddr))
		return false;
	x1 = xfrm_state_lookup(r->net, x->mark.v & x->mark.m, daddr,
			       x->id.spi, x->id.proto, AF_INET6);
	if (!x1)
		return false;
	xfrm_state_put(x1);
	return true;
}

/* The extack names the SA in the way: its key is (COA, SPI, esp). */
static int key_taken(struct rebind *r, int i)
{
	if (i == SA_OUT)
		return fail_coa(r, -EEXIST,
				"an SA with the outbound tunnel SA's SPI and proto esp already exists at the new CoA");
	return fail(r, -EEXIST,
		    "an SA with the inbound tunnel SA's SPI and proto esp already exists at its new destination");
}

/* The tunnel SAs: both or none (the tunnel CHILD_SA may not exist yet). */
static int find_tunnel_sas(struct rebind *r)
{
	int i;

	for (i = 0; i < SA_NUM; i++) {
		struct xfrm_migrate *m = &r->m[i];
		int dir = i == SA_IN ? TUN_IN : TUN_OUT;

		tunnel_ends(r, dir, &r->old_coa, &m->old_saddr, &m->old_daddr);
		tunnel_ends(r, dir, &r->new_coa, &m->new_saddr, &m->new_daddr);
		m->proto = IPPROTO_ESP;
		m->mode = XFRM_MODE_TUNNEL;
		m->reqid = r->b->reqid_tunnel.reqid;
		m->old_family = AF_INET6;
		m->new_family = AF_INET6;
		r->sa[i] = xfrm_migrate_state_find(m, r->net, 0);
		if (r->sa[i] && mipxfrm_fault(&r->step)) {
			xfrm_state_put(r->sa[i]);
			r->sa[i] = NULL;
		}
		r->nsa += !!r->sa[i];
	}
	if (r->nsa && r->nsa != SA_NUM)
		return fail(r, -ENOENT,
			    "tunnel SAs for the tunnel reqid incomplete: need in and out, or none");
	for (i = 0; i < r->nsa; i++)
		if (clone_key_taken(r, i))
			return key_taken(r, i);
	return 0;
}

static bool state_alive(const struct xfrm_state *x)
{
	return x && x->km.state == XFRM_STATE_VALID;
}

static void ro_state_ends(const struct rebind *r, int k,
			  xfrm_address_t *saddr, xfrm_address_t *daddr)
{
	*saddr = k == MIPXFRM_RO_RH2 ? r->ha : r->hoa;
	*daddr = k == MIPXFRM_RO_RH2 ? r->hoa : r->ha;
}

/* A new RO state, complete but not yet inserted. */
static struct xfrm_state *ro_state_alloc(struct rebind *r, int k)
{
	struct xfrm_state *x;

	if (mipxfrm_fault(&r->step))
		return NULL;
	x = xfrm_state_alloc(r->net);
	if (!x)
		return NULL;
	ro_state_ends(r, k, &x->props.saddr, &x->id.daddr);
	x->id.proto = ro_proto[k];
	x->props.family = AF_INET6;
	x->props.mode = XFRM_MODE_ROUTEOPTIMIZATION;
	set_sel(&x->sel, &x->props.saddr, 128, &x->id.daddr, 128);
	x->coaddr = kmemdup(&r->new_coa, sizeof(r->new_coa), GFP_KERNEL);
	if (!x->coaddr || xfrm_init_state(x)) {
		x->km.state = XFRM_STATE_DEAD;
		xfrm_state_put(x);
		return NULL;
	}
	return x;
}

/* The binding's RO state if alive, else the one in the SAD, else new. */
static int prepare_ro_state(struct rebind *r, int k)
{
	struct xfrm_state *x = r->b->ro_state[k];
	xfrm_address_t saddr, daddr;

	if (state_alive(x)) {
		xfrm_state_hold(x);
	} else {
		ro_state_ends(r, k, &saddr, &daddr);
		x = xfrm_state_lookup_byaddr(r->net, 0, &daddr, &saddr,
					     ro_proto[k], AF_INET6);
	}
	if (x && !x->coaddr) {
		xfrm_state_put(x);
		return fail(r, -EINVAL,
			    "an RO state for the HoA exists without a care-of address");
	}
	if (!x) {
		x = ro_state_alloc(r, k);
		if (!x)
			return fail(r, -ENOMEM, "cannot allocate an RO state");
		r->ro_state_new[k] = true;
	}
	r->ro_state[k] = x;
	return 0;
}

static struct xfrm_policy *ro_policy_alloc(struct rebind *r, int k,
					   const struct xfrm_selector *sel)
{
	struct xfrm_policy *pol;
	struct xfrm_tmpl *t;

	if (mipxfrm_fault(&r->step))
		return NULL;
	pol = xfrm_policy_alloc(r->net, GFP_KERNEL);
	if (!pol)
		return NULL;
	pol->selector = *sel;
	pol->priority = RO_POLICY_PRIORITY;
	pol->action = XFRM_POLICY_ALLOW;
	pol->family = AF_INET6;
	pol->type = XFRM_POLICY_TYPE_SUB;
	pol->xfrm_nr = 1;
	t = &pol->xfrm_vec[0];
	t->id.proto = ro_proto[k];
	t->mode = XFRM_MODE_ROUTEOPTIMIZATION;
	t->optional = 1;
	t->encap_family = AF_INET6;
	/* hao names its ends (HoA -> HA); route2 leaves them open, as UMIP. */
	if (k == MIPXFRM_RO_HAO) {
		t->saddr = r->hoa;
		t->id.daddr = r->ha;
	}
	return pol;
}

static int prepare_ro_policy(struct rebind *r, int k)
{
	static const struct xfrm_mark no_mark;
	struct xfrm_policy *pol = r->b->ro_policy[k];
	struct xfrm_selector sel;
	xfrm_address_t saddr, daddr;
	int err;

	ro_state_ends(r, k, &saddr, &daddr);
	set_sel(&sel, &saddr, 128, &daddr, 128);
	if (pol && !pol->walk.dead) {
		xfrm_pol_hold(pol);
	} else {
		pol = xfrm_policy_bysel_ctx(r->net, &no_mark, 0,
					    XFRM_POLICY_TYPE_SUB, ro_dir[k],
					    &sel, NULL, 0, &err);
	}
	if (!pol) {
		pol = ro_policy_alloc(r, k, &sel);
		if (!pol)
			return fail(r, -ENOMEM, "cannot allocate an RO policy");
		r->ro_policy_new[k] = true;
	}
	r->ro_policy[k] = pol;
	return 0;
}

static int prepare(struct rebind *r)
{
	int err, k;

	err = find_tunnel_policies(r);
	if (err)
		return err;
	if (r->npol || r->b->has_coa) {
		r->move_tunnel = !addr_eq(&r->old_coa, &r->new_coa);
		if (r->move_tunnel) {
			err = find_tunnel_sas(r);
			if (err)
				return err;
		}
	}
	for (k = 0; k < MIPXFRM_RO_NUM; k++) {
		err = prepare_ro_state(r, k) ?: prepare_ro_policy(r, k);
		if (err)
			return err;
	}
	return 0;
}

/*
 * xfrm_state_migrate() returns no errno. Its insert cannot fail for a
 * key checked in prepare(), so what is left is allocating and
 * initialising the clone: ENOMEM - unless the key was taken after all.
 */
static int clone_failed(struct rebind *r, int i)
{
	if (clone_key_taken(r, i))
		return key_taken(r, i);
	if (i == SA_IN)
		return fail(r, -ENOMEM,
			    "cannot allocate a clone of the inbound tunnel SA");
	return fail(r, -ENOMEM,
		    "cannot allocate a clone of the outbound tunnel SA");
}

static int clone_tunnel_sas(struct rebind *r)
{
	int i;

	for (i = 0; i < SA_NUM && r->nsa; i++) {
		struct xfrm_state *x = r->sa[i], *xc = NULL;

		/* Before the clone copies them: see resync_clone(). */
		spin_lock_bh(&x->lock);
		r->sa_lft[i] = x->curlft;
		spin_unlock_bh(&x->lock);
		if (!mipxfrm_fault(&r->step))
			xc = xfrm_state_migrate(x, &r->m[i], NULL);
		if (!xc)
			return clone_failed(r, i);
		/* xfrm_state_migrate() leaves only the SAD's reference. */
		xfrm_state_hold(xc);
		r->clone[i] = xc;
	}
	return 0;
}

static void write_ro_coa(struct xfrm_state *x, const xfrm_address_t *coa)
{
	spin_lock_bh(&x->lock);
	*x->coaddr = *coa;
	spin_unlock_bh(&x->lock);
}

static int apply_ro(struct rebind *r)
{
	int k, err;

	for (k = 0; k < MIPXFRM_RO_NUM; k++) {
		struct xfrm_state *x = r->ro_state[k];

		if (r->ro_state_new[k]) {
			err = mipxfrm_fault(&r->step) ? -ENOMEM :
			      xfrm_state_add(x);
			if (err)
				return fail(r, err, k == MIPXFRM_RO_RH2 ?
					    "cannot insert the route2 state" :
					    "cannot insert the hao state");
			xfrm_state_hold(x);
			r->ro_state_inserted[k] = true;
		} else {
			r->ro_old_coa[k] = *x->coaddr;
			write_ro_coa(x, &r->new_coa);
			r->ro_coa_written[k] = true;
		}
	}
	for (k = 0; k < MIPXFRM_RO_NUM; k++) {
		if (!r->ro_policy_new[k])
			continue;
		err = mipxfrm_fault(&r->step) ? -ENOMEM :
		      xfrm_policy_insert(ro_dir[k], r->ro_policy[k], 1);
		if (err)
			return fail(r, err, k == MIPXFRM_RO_RH2 ?
				    "cannot insert the route2 policy" :
				    "cannot insert the hao policy");
		r->ro_policy_inserted[k] = true;
	}
	return 0;
}

/*
 * Rewrites one template's endpoints in place, as xfrm_policy_migrate()
 * does; the genid bump makes every cached bundle of the policy stale.
 */
static int move_template(struct rebind *r, int i, const xfrm_address_t *coa)
{
	struct xfrm_policy *pol = r->pol[i];
	struct xfrm_tmpl *t = &pol->xfrm_vec[r->tmpl[i]];
	int err = 0;

	write_lock_bh(&pol->lock);
	if (pol->walk.dead) {
		err = -ENOENT;
	} else {
		tunnel_ends(r, i, coa, &t->saddr, &t->id.daddr);
		atomic_inc(&pol->genid);
	}
	write_unlock_bh(&pol->lock);
	return err;
}

static int move_templates(struct rebind *r)
{
	int i;

	for (i = 0; i < TUN_NUM && r->npol; i++) {
		if (mipxfrm_fault(&r->step) ||
		    move_template(r, i, &r->new_coa))
			return fail(r, -ENOENT,
				    "a tunnel policy was deleted during the update");
		r->tmpl_moved[i] = true;
	}
	return 0;
}

static int apply(struct rebind *r)
{
	int err = 0;

	if (r->move_tunnel)
		err = clone_tunnel_sas(r);
	if (!err)
		err = apply_ro(r);
	if (!err && r->move_tunnel)
		err = move_templates(r);
	return err;
}

/* Undoes apply(), in reverse. */
static void rollback(struct rebind *r)
{
	int i, k;

	for (i = TUN_NUM - 1; i >= 0; i--)
		if (r->tmpl_moved[i])
			move_template(r, i, &r->old_coa);
	for (k = MIPXFRM_RO_NUM - 1; k >= 0; k--) {
		if (r->ro_policy_inserted[k])
			xfrm_policy_delete(r->ro_policy[k], ro_dir[k]);
		if (r->ro_state_inserted[k])
			xfrm_state_delete(r->ro_state[k]);
		if (r->ro_coa_written[k])
			write_ro_coa(r->ro_state[k], &r->ro_old_coa[k]);
	}
	for (i = SA_NUM - 1; i >= 0; i--)
		if (r->clone[i])
			xfrm_state_delete(r->clone[i]);
	rt_genid_bump_ipv6(r->net);
}

/* Drops every reference the transaction holds. */
static void release(struct rebind *r)
{
	int i, k;

	for (i = 0; i < TUN_NUM; i++)
		if (r->pol[i])
			xfrm_pol_put(r->pol[i]);
	for (i = 0; i < SA_NUM; i++) {
		if (r->sa[i])
			xfrm_state_put(r->sa[i]);
		if (r->clone[i])
			xfrm_state_put(r->clone[i]);
	}
	for (k = 0; k < MIPXFRM_RO_NUM; k++) {
		struct xfrm_state *x = r->ro_state[k];
		struct xfrm_policy *pol = r->ro_policy[k];

		if (x && r->ro_state_new[k] && !r->ro_state_inserted[k])
			x->km.state = XFRM_STATE_DEAD;
		if (x)
			xfrm_state_put(x);
		if (pol && r->ro_policy_new[k] && !r->ro_policy_inserted[k]) {
			pol->walk.dead = 1;
			xfrm_policy_destroy(pol);
		} else if (pol) {
			xfrm_pol_put(pol);
		}
	}
}

static u64 replay_pos(const struct xfrm_state *x)
{
	if (x->replay_esn)
		return ((u64)x->replay_esn->seq_hi << 32 | x->replay_esn->seq) +
		       ((u64)x->replay_esn->oseq_hi << 32 | x->replay_esn->oseq);
	return (u64)x->replay.seq + x->replay.oseq;
}

/*
 * Whichever replay state is ahead wins, so that no sequence number is
 * sent twice and none accepted twice. Called with both locks held.
 */
static void resync_replay(struct xfrm_state *old, struct xfrm_state *xc)
{
	if (replay_pos(old) > replay_pos(xc)) {
		xc->replay = old->replay;
		xc->preplay = old->preplay;
		if (old->replay_esn && xc->replay_esn && old->preplay_esn &&
		    xc->preplay_esn &&
		    old->replay_esn->bmp_len == xc->replay_esn->bmp_len) {
			memcpy(xc->replay_esn, old->replay_esn,
			       xfrm_replay_state_esn_len(old->replay_esn));
			memcpy(xc->preplay_esn, old->preplay_esn,
			       xfrm_replay_state_esn_len(old->preplay_esn));
		}
	}
}

/*
 * The clone took the old SA's replay state and lifetime counters when it
 * was made; packets the old SA handled since then moved both on. Called
 * once the old SA is deleted: a dead SA passes no more packets, so what
 * it holds is final. The clone already holds the counters up to its
 * making, so it gains only what the old SA counted after
 * clone_tunnel_sas() read them, just before the copy: a packet between
 * that read and the copy counts twice rather than never, so a byte or
 * packet limit is never overrun.
 */
static void resync_clone(struct rebind *r, int i)
{
	struct xfrm_state *old = r->sa[i], *xc = r->clone[i];

	spin_lock_bh(&old->lock);
	spin_lock_nested(&xc->lock, SINGLE_DEPTH_NESTING);
	resync_replay(old, xc);
	xc->curlft.bytes += old->curlft.bytes - r->sa_lft[i].bytes;
	xc->curlft.packets += old->curlft.packets - r->sa_lft[i].packets;
	spin_unlock(&xc->lock);
	spin_unlock_bh(&old->lock);
}

static void notify_state(struct xfrm_state *x, int event)
{
	struct km_event c = { .event = event, .net = xs_net(x) };

	km_state_notify(x, &c);
}

static void notify_policy(struct xfrm_policy *pol, int dir, int event)
{
	struct km_event c = { .event = event, .net = xp_net(pol) };

	km_policy_notify(pol, dir, &c);
}

/* One XFRM_MSG_MIGRATE for both tunnel SAs, for key managers like charon. */
static void announce_migrate(struct rebind *r)
{
	struct xfrm_kmaddress k = {
		.local = r->ha,
		.remote = r->new_coa,
		.family = AF_INET6,
	};
	struct xfrm_selector sel;

	tunnel_sel(r, TUN_OUT, &sel);
	km_migrate(&sel, XFRM_POLICY_OUT, XFRM_POLICY_TYPE_MAIN, r->m, SA_NUM,
		   &k, r->net, NULL);
}

static void commit(struct rebind *r)
{
	int i, k;

	for (i = 0; i < SA_NUM && r->move_tunnel && r->nsa; i++) {
		xfrm_state_delete(r->sa[i]);
		resync_clone(r, i);
	}
	rt_genid_bump_ipv6(r->net);

	for (i = 0; i < SA_NUM && r->move_tunnel && r->nsa; i++) {
		notify_state(r->sa[i], XFRM_MSG_DELSA);
		notify_state(r->clone[i], XFRM_MSG_NEWSA);
	}
	for (i = 0; i < TUN_NUM && r->move_tunnel && r->npol; i++)
		notify_policy(r->pol[i], tunnel_dir[i], XFRM_MSG_UPDPOLICY);
	for (k = 0; k < MIPXFRM_RO_NUM; k++) {
		notify_state(r->ro_state[k], r->ro_state_new[k] ?
			     XFRM_MSG_NEWSA : XFRM_MSG_UPDSA);
		if (r->ro_policy_new[k])
			notify_policy(r->ro_policy[k], ro_dir[k],
				      XFRM_MSG_NEWPOLICY);
	}
	if (r->move_tunnel)
		announce_migrate(r);

	/* The binding keeps the RO references; release() drops the old. */
	for (k = 0; k < MIPXFRM_RO_NUM; k++) {
		swap(r->b->ro_state[k], r->ro_state[k]);
		swap(r->b->ro_policy[k], r->ro_policy[k]);
		r->ro_state_new[k] = false;
		r->ro_policy_new[k] = false;
	}
}

static void set_registered(struct mipxfrm_net *mn, struct mipxfrm_binding *b,
			   u32 lifetime)
{
	if (!b->lifetime && lifetime && !mn->registered++)
		schedule_delayed_work(&mn->expiry, HZ);
	if (b->lifetime && !lifetime)
		mn->registered--;
	b->lifetime = lifetime;
	b->expires = jiffies + (unsigned long)lifetime * HZ;
}

static void record(struct mipxfrm_binding *b, const struct mipxfrm_update *u)
{
	b->coa = u->coa;
	b->has_coa = true;
	b->seq = u->seq;
	b->has_seq = true;
	b->flags = u->flags;
	b->updated = ktime_get_real_seconds();
	b->updates++;
}

static bool ro_alive(const struct mipxfrm_binding *b)
{
	int k;

	for (k = 0; k < MIPXFRM_RO_NUM; k++)
		if (!state_alive(b->ro_state[k]) || !b->ro_policy[k] ||
		    b->ro_policy[k]->walk.dead)
			return false;
	return true;
}

/*
 * The Binding Update action for a registration (lifetime > 0, CoA other
 * than the HoA). Called with mn->lock held.
 */
int mipxfrm_rebind(struct mipxfrm_net *mn, struct mipxfrm_binding *b,
		   const struct mipxfrm_update *u,
		   struct netlink_ext_ack *extack)
{
	struct in6_addr old = b->coa;
	bool had_coa = b->has_coa;
	struct rebind r = {
		.net = mn->net,
		.b = b,
		.extack = extack,
		.coa_attr = u->coa_attr,
	};
	int err;

	/* Same CoA, RO objects in place: a refresh. */
	if (b->lifetime && had_coa && ipv6_addr_equal(&old, &u->coa) &&
	    ro_alive(b)) {
		set_registered(mn, b, u->lifetime);
		record(b, u);
		mipxfrm_netlink_event(mn, MIPXFRM_CMD_BINDING_UPDATED, b, &old);
		return 0;
	}

	memcpy(&r.ha, &b->ha, sizeof(b->ha));
	memcpy(&r.hoa, &b->hoa, sizeof(b->hoa));
	memcpy(&r.old_coa, &b->coa, sizeof(b->coa));
	memcpy(&r.new_coa, &u->coa, sizeof(u->coa));

	mutex_lock(&mn->net->xfrm.xfrm_cfg_mutex);
	err = prepare(&r);
	if (!err)
		err = apply(&r);
	if (err)
		rollback(&r);
	else
		commit(&r);
	release(&r);
	mutex_unlock(&mn->net->xfrm.xfrm_cfg_mutex);

	if (err) {
		b->rollbacks++;
		b->last_error = err;
		return err;
	}
	b->tunnel_sas = r.move_tunnel ? r.nsa : 0;
	b->tunnel_policies = r.move_tunnel ? r.npol : 0;
	set_registered(mn, b, u->lifetime);
	record(b, u);
	mipxfrm_netlink_event(mn, MIPXFRM_CMD_BINDING_UPDATED, b,
			      had_coa ? &old : NULL);
	return 0;
}

/*
 * Removes the binding's RO states and policies and the binding itself,
 * announcing it with event (0: no event, when the module goes away).
 * Called with mn->lock held.
 */
void mipxfrm_deregister(struct mipxfrm_net *mn, struct mipxfrm_binding *b,
			u8 event)
{
	int k;

	mutex_lock(&mn->net->xfrm.xfrm_cfg_mutex);
	for (k = 0; k < MIPXFRM_RO_NUM; k++) {
		struct xfrm_policy *pol = b->ro_policy[k];
		struct xfrm_state *x = b->ro_state[k];

		if (pol && !xfrm_policy_delete(pol, ro_dir[k]))
			notify_policy(pol, ro_dir[k], XFRM_MSG_DELPOLICY);
		if (pol)
			xfrm_pol_put(pol);
		if (x && !xfrm_state_delete(x))
			notify_state(x, XFRM_MSG_DELSA);
		if (x)
			xfrm_state_put(x);
		b->ro_policy[k] = NULL;
		b->ro_state[k] = NULL;
	}
	rt_genid_bump_ipv6(mn->net);
	mutex_unlock(&mn->net->xfrm.xfrm_cfg_mutex);

	set_registered(mn, b, 0);
	if (event)
		mipxfrm_netlink_event(mn, event, b, NULL);
	mipxfrm_binding_destroy(mn, b);
}

/* Deregisters, once a second, every binding whose lifetime ran out. */
void mipxfrm_expiry_work(struct work_struct *work)
{
	struct mipxfrm_net *mn = container_of(to_delayed_work(work),
					      struct mipxfrm_net, expiry);
	struct mipxfrm_binding *b, *tmp;
	struct list_head *bucket;
	unsigned int i;

	mutex_lock(&mn->lock);
	for (i = 0; (bucket = mipxfrm_binding_bucket(mn, i)); i++)
		list_for_each_entry_safe(b, tmp, bucket, hoa_node)
			if (b->lifetime && time_after_eq(jiffies, b->expires))
				mipxfrm_deregister(mn, b,
						   MIPXFRM_CMD_BINDING_EXPIRED);
	if (mn->registered)
		schedule_delayed_work(&mn->expiry, HZ);
	mutex_unlock(&mn->lock);
}
