// SPDX-License-Identifier: GPL-2.0
/*
 * A mobile's conns: which end holds its Home Address, and the warnings
 * for reqids that are not mip6d.conf's where they look as if they should
 * be. The reqids are the reason mipxfrmd reads mip6d.conf: a mobile whose
 * conn silently got a derived number (a mistyped Home Address, an empty
 * include file, a set without an Mh line) has SAs that mip6d's policies
 * never find, and nobody learns it before the mobile fails to connect.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "reqid.h"

bool reqid_on_mobile(const struct mip6d_conf *mc)
{
	return mc->node.val == MIP6D_NODE_MN;
}

const struct ipsec_end *reqid_hoa_end(const struct ipsec_conn *c,
				      const struct mip6d_conf *mc)
{
	return reqid_on_mobile(mc) ? &c->left : &c->right;
}

const struct in6_addr *reqid_end_host(const struct ipsec_end *e)
{
	const struct ipsec_subnet *sn = e->subnets;

	if (e->n_subnets != 1 || sn->dynamic ||
	    sn->addr.family != AF_INET6 || sn->plen != 128)
		return NULL;
	return &sn->addr.v6;
}

const struct in6_addr *reqid_conn_hoa(const struct ipsec_conn *c,
				      const struct mip6d_conf *mc)
{
	return reqid_end_host(reqid_hoa_end(c, mc));
}

const struct in6_addr *reqid_conn_ha(const struct ipsec_conn *c,
				     const struct mip6d_conf *mc)
{
	const struct ipsec_host *h = reqid_on_mobile(mc) ? &c->right.host :
							    &c->left.host;

	if (h->kind != IPSEC_HOST_ADDR || h->addr.family != AF_INET6)
		return NULL;
	return &h->addr.v6;
}

/* What a warning about one conn names. */
struct mobile {
	const struct ipsec_conn *c;
	const struct ipsec_value *subnet;	/* the Home Address end's */
	const char *side;			/* of that end: "right", "left" */
	const struct in6_addr *addr;		/* the Home Address */
	char hoa[INET6_ADDRSTRLEN];		/* the same, as text */
	char reqid[64];				/* what the conn gets instead */
};

static const char *src_file(const struct ipsec_src *s)
{
	return s->file ? s->file : "(default)";
}

/* The top file, as the configuration names it. */
static const char *mip6d_name(const struct mip6d_conf *mc)
{
	return mc->n_files ? mc->files[0] : "mip6d.conf";
}

/* Its Mh policy for a transport_proxy conn, TunnelPayload for a tunnel. */
static const char *policy_type(const struct ipsec_conn *c)
{
	return c->type == IPSEC_TYPE_TRANSPORT_PROXY ? "Mh" : "TunnelPayload";
}

/* A transport_proxy conn whose Home Address end is not one address. */
static int no_hoa(const struct mobile *mo, struct msglist *w)
{
	const struct ipsec_value *t = &mo->c->val[IPSEC_CONN_TYPE];

	return msglist_add(w, "%s:%u: conn %s is type=transport_proxy, a mobile's MH child, but its %ssubnet= is not one Home Address (/128), so no IPsecPolicySet can number it and %s; set %ssubnet=HOME_ADDRESS/128",
			   src_file(&t->src), t->src.line, mo->c->name,
			   mo->side, mo->reqid, mo->side);
}

/* The Home Address is in no set, or only under another HA address. */
static int no_set(const struct mip6d_conf *mc, const struct mobile *mo,
		  struct msglist *w)
{
	const struct ipsec_src *at = &mo->subnet->src;
	const struct in6_addr *ha = reqid_conn_ha(mo->c, mc);
	const char *ha_side = reqid_on_mobile(mc) ? "right" : "left";
	const struct ipsec_value *hv = reqid_on_mobile(mc) ?
		&mo->c->right.val[IPSEC_END_HOST] :
		&mo->c->left.val[IPSEC_END_HOST];
	char a[INET6_ADDRSTRLEN];
	struct mip6d_reqids r;

	if (ha && !mip6d_conf_reqids(mc, NULL, mo->addr, &r)) {
		inet_ntop(AF_INET6, &r.set->ha, a, sizeof(a));
		return msglist_add(w, "%s:%u: conn %s: the IPsecPolicySet of HomeAddress %s at %s:%u is for HomeAgentAddress %s, not %s=%s, so %s; correct one of the two",
				   src_file(&hv->src), hv->src.line,
				   mo->c->name, mo->hoa, r.set->src.file,
				   r.set->src.line, a, ha_side, hv->text,
				   mo->reqid);
	}
	return msglist_add(w, "%s:%u: conn %s looks like a mobile's (%ssubnet=%s), but no IPsecPolicySet of %s has HomeAddress %s: mip6d installs no IPsec policy for it, and %s; add an IPsecPolicySet for %s to mip6d.conf, or correct %ssubnet=",
			   src_file(at), at->line, mo->c->name, mo->side,
			   mo->subnet->text, mip6d_name(mc), mo->hoa,
			   mo->reqid, mo->hoa, mo->side);
}

/* A derived reqid although the mobile's set was found. */
static int no_policy(const struct mobile *mo, const struct mip6d_reqids *r,
		     struct msglist *w)
{
	const struct ipsec_conn *c = mo->c;
	const struct ipsec_value *t = &c->val[IPSEC_CONN_TYPE];
	const struct ipsec_src *at = &mo->subnet->src;
	const struct mip6d_ipsec_policy *pol;

	if (c->type != IPSEC_TYPE_TRANSPORT_PROXY &&
	    c->type != IPSEC_TYPE_TUNNEL)
		return msglist_add(w, "%s:%u: conn %s: type=%s takes no reqid from the IPsecPolicySet of HomeAddress %s at %s:%u (transport_proxy takes its Mh number, tunnel its TunnelPayload number), so %s; make the MH child type=transport_proxy, or pin reqid=",
				   src_file(&t->src), t->src.line, c->name,
				   t->text, mo->hoa, r->set->src.file,
				   r->set->src.line, mo->reqid);
	pol = c->type == IPSEC_TYPE_TRANSPORT_PROXY ? r->mh : r->tunnel;
	/* Without a number the kernel's template takes any reqid. */
	if (pol)
		return 0;
	return msglist_add(w, "%s:%u: conn %s: the IPsecPolicySet of HomeAddress %s at %s:%u has no IPsecPolicy %s%s, so mip6d installs no such policy for this mobile and %s; add 'IPsecPolicy %s UseESP N;' to the set, or pin reqid=",
			   src_file(at), at->line, c->name, mo->hoa,
			   r->set->src.file, r->set->src.line,
			   policy_type(c),
			   c->type == IPSEC_TYPE_TRANSPORT_PROXY ?
			   " (nor HomeRegBinding)" : "",
			   mo->reqid, policy_type(c));
}

/* reqid= where mip6d.conf numbers the same SAs otherwise. */
static int overridden(const struct mobile *mo, const struct mip6d_reqids *r,
		      struct msglist *w)
{
	const struct ipsec_conn *c = mo->c;
	const struct ipsec_value *v = &c->val[IPSEC_CONN_REQID];
	const struct mip6d_ipsec_policy *pol;
	char nums[32];

	if (c->type == IPSEC_TYPE_TRANSPORT_PROXY)
		pol = r->mh;
	else if (c->type == IPSEC_TYPE_TUNNEL)
		pol = r->tunnel;
	else
		return 0;
	if (!pol || !pol->reqid_toha || !pol->reqid_tomn ||
	    (pol->reqid_toha == c->reqid && pol->reqid_tomn == c->reqid))
		return 0;
	if (pol->reqid_toha == pol->reqid_tomn)
		snprintf(nums, sizeof(nums), "%u", pol->reqid_toha);
	else
		snprintf(nums, sizeof(nums), "%u %u", pol->reqid_toha,
			 pol->reqid_tomn);
	return msglist_add(w, "%s:%u: conn %s: reqid=%u overrides the reqid %s that mip6d.conf gives HomeAddress %s (IPsecPolicy %s at %s:%u), so mip6d's policies will not find this conn's SAs; remove reqid= to take mip6d.conf's number",
			   src_file(&v->src), v->src.line, c->name, c->reqid,
			   nums, mo->hoa, mip6d_ipsec_type_name(pol->type),
			   pol->src.file, pol->src.line);
}

/* One loaded conn: is it a mobile's, and does it get what mip6d.conf says? */
static int warn_conn(const struct mip6d_conf *mc, const struct ipsec_conn *c,
		     const struct reqid_child *rc, struct msglist *w)
{
	const struct in6_addr *hoa = reqid_conn_hoa(c, mc);
	const struct ipsec_end *e = reqid_hoa_end(c, mc);
	struct mobile mo = { .c = c };
	struct mip6d_reqids r;

	if (!hoa && c->type != IPSEC_TYPE_TRANSPORT_PROXY)
		return 0;
	if (rc->origin == REQID_MIP6D)
		return 0;
	mo.subnet = &e->val[IPSEC_END_SUBNET];
	mo.side = reqid_on_mobile(mc) ? "left" : "right";
	if (rc->origin == REQID_DERIVED)
		snprintf(mo.reqid, sizeof(mo.reqid),
			 "its reqid %u is derived, not mip6d.conf's", rc->in);
	else
		snprintf(mo.reqid, sizeof(mo.reqid),
			 "its reqid %u comes from reqid=, not mip6d.conf",
			 rc->in);
	if (!hoa)
		return no_hoa(&mo, w);
	mo.addr = hoa;
	inet_ntop(AF_INET6, hoa, mo.hoa, sizeof(mo.hoa));
	if (mip6d_conf_reqids(mc, reqid_conn_ha(c, mc), hoa, &r))
		return no_set(mc, &mo, w);
	if (rc->origin == REQID_DERIVED)
		return no_policy(&mo, &r, w);
	return overridden(&mo, &r, w);
}

/*
 * Whether a loaded conn has hoa as its Home Address. One under another
 * HA address counts: warn_conn() names that mismatch at the conn.
 */
static bool protected(const struct ipsec_conf *ic, const struct mip6d_conf *mc,
		      const struct in6_addr *hoa)
{
	const struct in6_addr *own;
	const struct ipsec_conn *c;

	for (size_t i = 0; i < ic->n_conns; i++) {
		c = &ic->conns[i];
		if (c->startup == IPSEC_AUTO_IGNORE)
			continue;
		own = reqid_conn_hoa(c, mc);
		if (own && IN6_ARE_ADDR_EQUAL(own, hoa))
			return true;
	}
	return false;
}

/* Every Home Address of a set that no loaded conn protects. */
static int warn_sets(const struct ipsec_conf *ic, const struct mip6d_conf *mc,
		     struct msglist *w)
{
	const char *side = reqid_on_mobile(mc) ? "left" : "right";
	const struct mip6d_ipsec_set *set;
	const struct mip6d_prefix *hoa;
	char a[INET6_ADDRSTRLEN];

	for (size_t i = 0; i < mc->n_sets; i++) {
		set = &mc->sets[i];
		for (size_t h = 0; h < set->n_hoas; h++) {
			hoa = &set->hoas[h];
			if (protected(ic, mc, &hoa->addr))
				continue;
			inet_ntop(AF_INET6, &hoa->addr, a, sizeof(a));
			if (msglist_add(w, "%s:%u: no loaded conn of ipsec.conf protects HomeAddress %s of this IPsecPolicySet (none with %ssubnet=%s/128 and auto=add, route or start), so no SA will carry its reqids; add the mobile's conns to ipsec.conf, or remove the set",
					hoa->src.file, hoa->src.line, a, side,
					a))
				return -1;
		}
	}
	return 0;
}

int reqid_warn_mobiles(const struct ipsec_conf *ic,
		       const struct mip6d_conf *mc, const struct reqid_map *m,
		       struct msglist *w)
{
	const struct ipsec_conn *c;

	for (size_t i = 0; i < ic->n_conns; i++) {
		c = &ic->conns[i];
		if (c->startup == IPSEC_AUTO_IGNORE)
			continue;
		if (warn_conn(mc, c, reqid_find(m, c->name), w))
			return -1;
	}
	return warn_sets(ic, mc, w);
}
