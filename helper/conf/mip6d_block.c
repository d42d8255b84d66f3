// SPDX-License-Identifier: GPL-2.0
/*
 * The '{ ... }' sections of mip6d.conf, as UMIP 1.0's gram.y has them:
 * Interface, IPsecPolicySet, MnHomeLink and CnBindingPolicySet.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

#include "mip6d_parse.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const ipsec_types[MIP6D_IPSEC_TYPES] = {
	[MIP6D_IPSEC_HOMEREGBINDING] = "HomeRegBinding",
	[MIP6D_IPSEC_MH] = "Mh",
	[MIP6D_IPSEC_MOBPFXDISC] = "MobPfxDisc",
	[MIP6D_IPSEC_ICMP] = "ICMP",
	[MIP6D_IPSEC_ANY] = "any",
	[MIP6D_IPSEC_TUNNELHOMETESTING] = "TunnelHomeTesting",
	[MIP6D_IPSEC_TUNNELMH] = "TunnelMh",
	[MIP6D_IPSEC_TUNNELPAYLOAD] = "TunnelPayload",
};

static const struct {
	const char *word;
	unsigned int bit;
} protos[] = {
	{ "UseESP", MIP6D_PROTO_ESP },
	{ "UseAH", MIP6D_PROTO_AH },
	{ "UseIPComp", MIP6D_PROTO_IPCOMP },
};

const char *mip6d_ipsec_type_name(enum mip6d_ipsec_type type)
{
	return type < MIP6D_IPSEC_TYPES ? ipsec_types[type] : "?";
}

static int oom(struct parser *p)
{
	return mip6d_fail(p, &tok(p)->src, "out of memory");
}

/* Interface "name" { IfType X; MnIfPreference N; Tunnel B; } */
static int iface_item(struct parser *p, void *ctx)
{
	struct mip6d_iface *i = ctx;
	struct mip6d_token val;

	if (mip6d_is_word(tok(p), "IfType")) {
		if (next(p) || mip6d_get_node(p, "IfType", &i->type))
			return -1;
		return mip6d_semi(p);
	}
	if (mip6d_is_word(tok(p), "Tunnel")) {
		if (next(p) || mip6d_get_bool(p, "Tunnel", &i->tunnel))
			return -1;
		return mip6d_semi(p);
	}
	if (!mip6d_is_word(tok(p), "MnIfPreference"))
		return mip6d_unexpected(p, "in Interface");
	if (next(p))
		return -1;
	val = *tok(p);
	if (mip6d_get_u32(p, "MnIfPreference", &i->preference))
		return -1;
	if (i->preference > MIP6D_MAX_IF_PREFERENCE)
		return mip6d_fail(p, &val.src, "bad interface preference value (%u), valid range is [0,%d]",
				  i->preference, MIP6D_MAX_IF_PREFERENCE);
	return mip6d_semi(p);
}

int mip6d_parse_interface(struct parser *p)
{
	struct mip6d_iface *i = MIP6D_PUSH(p->c->ifaces, p->c->n_ifaces);

	if (!i)
		return oom(p);
	i->src = tok(p)->src;
	i->preference = MIP6D_MAX_IF_PREFERENCE;
	if (next(p) || mip6d_get_ifname(p, "Interface", i->name))
		return -1;
	if (mip6d_is_punct(tok(p), '{'))
		return mip6d_block(p, "Interface", &i->src, iface_item, i);
	return mip6d_semi(p);
}

/* UMIP refuses a tunnel interface for a HA, whatever NodeConfig says. */
int mip6d_check_ifaces(struct parser *p)
{
	const struct mip6d_conf *c = p->c;
	size_t n;

	for (n = 0; n < c->n_ifaces; n++) {
		const struct mip6d_iface *i = &c->ifaces[n];
		enum mip6d_node type = i->type ? i->type : c->node.val;

		if (i->tunnel && type == MIP6D_NODE_HA)
			return mip6d_fail(p, &i->src, "Interface \"%s\": use of a tunnel interface is not possible for a HA",
					  i->name);
	}
	return 0;
}

/* Mh covers every MH type, HomeRegBinding BU and BA: one SA or the other. */
static bool types_overlap(enum mip6d_ipsec_type a, enum mip6d_ipsec_type b)
{
	if (a == b)
		return true;
	return (a == MIP6D_IPSEC_MH && b == MIP6D_IPSEC_HOMEREGBINDING) ||
	       (a == MIP6D_IPSEC_HOMEREGBINDING && b == MIP6D_IPSEC_MH);
}

/* A Home Address that both sets list, or NULL. */
static const struct in6_addr *shared_hoa(const struct mip6d_ipsec_set *a,
					 const struct mip6d_ipsec_set *b)
{
	size_t i, j;

	for (i = 0; i < a->n_hoas; i++)
		for (j = 0; j < b->n_hoas; j++)
			if (IN6_ARE_ADDR_EQUAL(&a->hoas[i].addr,
					       &b->hoas[j].addr))
				return &b->hoas[j].addr;
	return NULL;
}

static const struct mip6d_ipsec_policy *
find_overlap(const struct mip6d_conf *c, const struct mip6d_ipsec_set *set,
	     enum mip6d_ipsec_type type, const struct in6_addr **hoa)
{
	size_t s, q;

	for (s = 0; s < c->n_sets; s++) {
		const struct mip6d_ipsec_set *o = &c->sets[s];

		if (!IN6_ARE_ADDR_EQUAL(&o->ha, &set->ha))
			continue;
		for (q = 0; q < o->n_policies; q++) {
			if (!types_overlap(o->policies[q].type, type))
				continue;
			*hoa = shared_hoa(o, set);
			if (*hoa)
				return &o->policies[q];
		}
	}
	return NULL;
}

/* UMIP refuses two policies of one kind for one HA and MN pair. */
static int check_overlap(struct parser *p, const struct mip6d_ipsec_set *set,
			 const struct mip6d_ipsec_policy *pol)
{
	const struct mip6d_ipsec_policy *o;
	char ha[INET6_ADDRSTRLEN], mn[INET6_ADDRSTRLEN];
	const struct in6_addr *hoa;

	o = find_overlap(p->c, set, pol->type, &hoa);
	if (!o)
		return 0;
	inet_ntop(AF_INET6, &set->ha, ha, sizeof(ha));
	inet_ntop(AF_INET6, hoa, mn, sizeof(mn));
	return mip6d_fail(p, &pol->src, "overlapping IPsec policies for HA %s and MN %s: %s here and %s at %s:%u",
			  ha, mn, ipsec_types[pol->type], ipsec_types[o->type],
			  o->src.file, o->src.line);
}

static int get_ipsec_type(struct parser *p, enum mip6d_ipsec_type *type)
{
	enum mip6d_ipsec_type t;

	for (t = 0; t < MIP6D_IPSEC_TYPES; t++) {
		if (mip6d_is_word(tok(p), ipsec_types[t])) {
			*type = t;
			return next(p);
		}
	}
	return mip6d_want(p, "IPsecPolicy", "a type (HomeRegBinding, Mh, MobPfxDisc, ICMP, any, TunnelHomeTesting, TunnelMh or TunnelPayload)");
}

static int proto_bit(const struct mip6d_token *t)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (mip6d_is_word(t, protos[i].word))
			return protos[i].bit;
	return 0;
}

/*
 * UseESP, UseAH, UseIPComp in any order. Like UMIP built without
 * MULTIPROTO_MIGRATE (the only way XFRM_MSG_MIGRATE moves the SAs),
 * only ESP alone is accepted.
 */
static int get_protos(struct parser *p, struct mip6d_ipsec_policy *pol)
{
	const struct mip6d_token *t = tok(p);
	int bit;

	while ((bit = proto_bit(t))) {
		if (pol->protos & bit)
			return mip6d_fail(p, &t->src, "%.*s given twice",
					  (int)t->len, t->text);
		if (bit != MIP6D_PROTO_ESP)
			return mip6d_fail(p, &t->src, "only UseESP is supported, not %.*s",
					  (int)t->len, t->text);
		pol->protos |= bit;
		if (next(p))
			return -1;
	}
	if (!pol->protos)
		return mip6d_want(p, "IPsecPolicy", "at least one protocol (UseESP)");
	return 0;
}

/* [N [M]]: none is 0, N is both ways, N M is to the HA, to the MN. */
static int get_reqids(struct parser *p, struct mip6d_ipsec_policy *pol)
{
	if (tok(p)->type != MIP6D_TOK_NUMBER)
		return 0;
	pol->reqid_toha = pol->reqid_tomn = tok(p)->num;
	if (next(p) || tok(p)->type != MIP6D_TOK_NUMBER)
		return 0;
	pol->reqid_tomn = tok(p)->num;
	return next(p);
}

/* [allow|block]: what the kernel does with matching packets. */
static int get_action(struct parser *p, struct mip6d_ipsec_policy *pol)
{
	if (!mip6d_bool_value(tok(p), &pol->allow))
		return 0;
	return next(p);
}

static int set_policy(struct parser *p, struct mip6d_ipsec_set *set)
{
	struct mip6d_ipsec_policy pol = { .allow = true, .src = tok(p)->src };
	struct mip6d_ipsec_policy *slot;

	if (!set->n_hoas)
		return mip6d_fail(p, &pol.src, "HomeAddress missing for IPsecPolicy");
	if (next(p) || get_ipsec_type(p, &pol.type) || get_protos(p, &pol) ||
	    get_reqids(p, &pol) || get_action(p, &pol) || mip6d_semi(p) ||
	    check_overlap(p, set, &pol))
		return -1;
	slot = MIP6D_PUSH(set->policies, set->n_policies);
	if (!slot)
		return oom(p);
	*slot = pol;
	return 0;
}

static int set_hoa(struct parser *p, struct mip6d_ipsec_set *set)
{
	struct mip6d_prefix *hoa;

	if (set->n_policies)
		return mip6d_fail(p, &tok(p)->src, "HomeAddress must come before the IPsecPolicy lines of its IPsecPolicySet");
	hoa = MIP6D_PUSH(set->hoas, set->n_hoas);
	if (!hoa)
		return oom(p);
	if (next(p) || mip6d_get_prefix(p, "HomeAddress", hoa))
		return -1;
	return mip6d_semi(p);
}

static int set_ha(struct parser *p, struct mip6d_ipsec_set *set)
{
	struct mip6d_src src = tok(p)->src;
	struct mip6d_token val;

	if (mip6d_once(p, &set->ha_src, "IPsecPolicySet") || next(p))
		return -1;
	val = *tok(p);
	if (mip6d_get_addr(p, "HomeAgentAddress", &set->ha))
		return -1;
	if (IN6_IS_ADDR_UNSPECIFIED(&set->ha))
		return mip6d_fail(p, &val.src, "HomeAgentAddress missing for IPsecPolicySet: '::' is no address");
	set->ha_src = src;
	return mip6d_semi(p);
}

/* HomeAgentAddress first, then HomeAddress lines, then IPsecPolicy lines. */
static int set_item(struct parser *p, void *ctx)
{
	struct mip6d_ipsec_set *set = ctx;
	const struct mip6d_token *t = tok(p);
	char q[MIP6D_QUOTE_SIZE];

	if (mip6d_is_word(t, "HomeAgentAddress"))
		return set_ha(p, set);
	if (!set->ha_src.file && (mip6d_is_word(t, "HomeAddress") ||
				  mip6d_is_word(t, "IPsecPolicy")))
		return mip6d_fail(p, &t->src, "IPsecPolicySet must start with HomeAgentAddress, got %s",
				  mip6d_lex_quote(t, q, sizeof(q)));
	if (mip6d_is_word(t, "HomeAddress"))
		return set_hoa(p, set);
	if (mip6d_is_word(t, "IPsecPolicy"))
		return set_policy(p, set);
	return mip6d_unexpected(p, "in IPsecPolicySet");
}

int mip6d_parse_ipsec_set(struct parser *p)
{
	struct mip6d_ipsec_set *set = MIP6D_PUSH(p->c->sets, p->c->n_sets);

	if (!set)
		return oom(p);
	set->src = tok(p)->src;
	/* Blocks do not nest, so set stays where it is until the '}'. */
	if (next(p) ||
	    mip6d_block(p, "IPsecPolicySet", &set->src, set_item, set))
		return -1;
	if (!set->n_policies)
		return mip6d_fail(p, &set->src, "IPsecPolicySet has no IPsecPolicy");
	return 0;
}

static int link_ro(struct parser *p, struct mip6d_home_link *l)
{
	struct mip6d_ro_policy *ro = MIP6D_PUSH(l->ro, l->n_ro);

	if (!ro)
		return oom(p);
	ro->src = tok(p)->src;
	if (next(p))
		return -1;
	if (tok(p)->type == MIP6D_TOK_ADDR &&
	    mip6d_get_addr(p, "MnRoPolicy", &ro->cn))
		return -1;
	if (mip6d_get_bool(p, "MnRoPolicy", &ro->ro))
		return -1;
	return mip6d_semi(p);
}

static int link_bool(struct parser *p, const char *key, struct mip6d_bool *b)
{
	b->src = tok(p)->src;
	if (next(p) || mip6d_get_bool(p, key, &b->on))
		return -1;
	return mip6d_semi(p);
}

/* Items UMIP takes once; a second one would silently win there. */
static int link_once(struct parser *p, struct mip6d_home_link *l)
{
	const struct mip6d_token *t = tok(p);
	struct mip6d_src src = t->src;

	if (mip6d_is_word(t, "HomeAgentAddress")) {
		if (mip6d_once(p, &l->ha_src, "MnHomeLink") || next(p) ||
		    mip6d_get_addr(p, "HomeAgentAddress", &l->ha))
			return -1;
		l->ha_src = src;
		return mip6d_semi(p);
	}
	if (mip6d_is_word(t, "HomeAddress")) {
		if (mip6d_once(p, &l->hoa.src, "MnHomeLink") || next(p) ||
		    mip6d_get_prefix(p, "HomeAddress", &l->hoa) ||
		    mip6d_get_prefix_list(p, "HomeAddress", &l->mnps,
					  &l->n_mnps))
			return -1;
		return mip6d_semi(p);
	}
	if (mip6d_once(p, &l->home_prefix.src, "MnHomeLink") || next(p) ||
	    mip6d_get_prefix(p, "HomePrefix", &l->home_prefix))
		return -1;
	return mip6d_semi(p);
}

static int link_item(struct parser *p, void *ctx)
{
	struct mip6d_home_link *l = ctx;
	const struct mip6d_token *t = tok(p);

	if (mip6d_is_word(t, "HomeAgentAddress") ||
	    mip6d_is_word(t, "HomeAddress") || mip6d_is_word(t, "HomePrefix"))
		return link_once(p, l);
	if (mip6d_is_word(t, "UseAltCoa"))
		return link_bool(p, "UseAltCoa", &l->use_alt_coa);
	if (mip6d_is_word(t, "IsMobRtr"))
		return link_bool(p, "IsMobRtr", &l->is_mob_rtr);
	if (mip6d_is_word(t, "MnRoPolicy"))
		return link_ro(p, l);
	return mip6d_unexpected(p, "in MnHomeLink");
}

int mip6d_parse_home_link(struct parser *p)
{
	struct mip6d_home_link *l = MIP6D_PUSH(p->c->home_links,
					       p->c->n_home_links);

	if (!l)
		return oom(p);
	l->src = tok(p)->src;
	if (next(p) || mip6d_get_ifname(p, "MnHomeLink", l->ifname) ||
	    mip6d_block(p, "MnHomeLink", &l->src, link_item, l))
		return -1;
	if (!l->hoa.src.file)
		return mip6d_fail(p, &l->src, "no home address defined for MnHomeLink \"%s\"",
				  l->ifname);
	return 0;
}

/* CnBindingPolicySet { PEER_HOA [LOCAL_ADDR] enabled|disabled; ... } */
static int cn_item(struct parser *p, void *ctx)
{
	struct mip6d_conf *c = ctx;
	struct mip6d_cn_policy *pol;

	if (tok(p)->type == MIP6D_TOK_WORD)
		return mip6d_unexpected(p, "in CnBindingPolicySet");
	pol = MIP6D_PUSH(c->cn_policies, c->n_cn_policies);
	if (!pol)
		return oom(p);
	pol->src = tok(p)->src;
	if (mip6d_get_addr(p, "CnBindingPolicySet", &pol->peer_hoa))
		return -1;
	if (tok(p)->type == MIP6D_TOK_ADDR &&
	    mip6d_get_addr(p, "CnBindingPolicySet", &pol->local))
		return -1;
	if (mip6d_get_bool(p, "CnBindingPolicySet", &pol->ro))
		return -1;
	return mip6d_semi(p);
}

int mip6d_parse_cn_policy_set(struct parser *p)
{
	struct mip6d_src src = tok(p)->src;

	if (next(p))
		return -1;
	return mip6d_block(p, "CnBindingPolicySet", &src, cn_item, p->c);
}
