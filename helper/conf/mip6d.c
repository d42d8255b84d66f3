// SPDX-License-Identifier: GPL-2.0
/*
 * mip6d.conf as UMIP 1.0's gram.y reads it: the top-level statements,
 * the value rules every statement shares, and load/free. The '{ ... }'
 * sections are in mip6d_block.c, tokens and includes in mip6d_lex.c.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "mip6d_parse.h"

static const char *const node_names[] = {
	[MIP6D_NODE_NONE] = "none",
	[MIP6D_NODE_CN] = "CN",
	[MIP6D_NODE_HA] = "HA",
	[MIP6D_NODE_MN] = "MN",
};

const char *mip6d_node_name(enum mip6d_node node)
{
	return node <= MIP6D_NODE_MN ? node_names[node] : "?";
}

/* UMIP's BOOL token; "allow" and "deny" are booleans too. */
static const struct {
	const char *word;
	bool on;
} bools[] = {
	{ "enabled", true }, { "allow", true }, { "true", true },
	{ "disabled", false }, { "deny", false }, { "block", false },
	{ "false", false },
};

enum kind { K_BOOL, K_U32, K_SECS, K_STR };

/* Statements "KEYWORD value;" that set one field of the model. */
static const struct scalar {
	const char *name;
	enum kind kind;
	size_t off;
	uint32_t max;		/* 0: none; else a lifetime limit */
} scalars[] = {
#define S(name, kind, field, max) \
	{ name, kind, offsetof(struct mip6d_conf, field), max }
	S("DebugLevel", K_U32, debug_level, 0),
	S("DebugLogFile", K_STR, debug_log_file, 0),
	S("NonVolatileBindingCache", K_BOOL, non_volatile_binding_cache, 0),
	S("DoRouteOptimizationCN", K_BOOL, do_route_optimization_cn, 0),
	S("DoRouteOptimizationMN", K_BOOL, do_route_optimization_mn, 0),
	S("UseMnHaIPsec", K_BOOL, use_mn_ha_ipsec, 0),
	S("KeyMngMobCapability", K_BOOL, key_mng_mob_capability, 0),
	S("TunnelPayloadForceSANego", K_BOOL, tunnel_payload_force_sa_nego, 0),
	S("SendMobPfxSols", K_BOOL, send_mob_pfx_sols, 0),
	S("SendMobPfxAdvs", K_BOOL, send_mob_pfx_advs, 0),
	S("SendUnsolMobPfxAdvs", K_BOOL, send_unsol_mob_pfx_advs, 0),
	S("HaAcceptMobRtr", K_BOOL, ha_accept_mob_rtr, 0),
	S("MobRtrUseExplicitMode", K_BOOL, mob_rtr_use_explicit_mode, 0),
	S("UseCnBuAck", K_BOOL, use_cn_bu_ack, 0),
	S("MnUseAllInterfaces", K_BOOL, mn_use_all_interfaces, 0),
	S("MnDiscardHaParamProb", K_BOOL, mn_discard_ha_param_prob, 0),
	S("OptimisticHandoff", K_BOOL, optimistic_handoff, 0),
	S("HaMaxBindingLife", K_U32, ha_max_binding_life,
	  MIP6D_MAX_BINDING_LIFE),
	S("MnMaxHaBindingLife", K_U32, mn_max_ha_binding_life,
	  MIP6D_MAX_BINDING_LIFE),
	S("MnMaxCnBindingLife", K_U32, mn_max_cn_binding_life,
	  MIP6D_MAX_RR_BINDING_LIFE),
	S("MaxMobPfxAdvInterval", K_U32, max_mob_pfx_adv_interval, 0),
	S("MinMobPfxAdvInterval", K_U32, min_mob_pfx_adv_interval, 0),
	S("MnRouterProbes", K_U32, mn_router_probes, 0),
	S("InitialBindackTimeoutFirstReg", K_SECS,
	  initial_bindack_timeout_first_reg, 0),
	S("InitialBindackTimeoutReReg", K_SECS,
	  initial_bindack_timeout_re_reg, 0),
	S("InitialSolicitTimer", K_SECS, initial_solicit_timer, 0),
	S("MnRouterProbeTimeout", K_SECS, mn_router_probe_timeout, 0),
#undef S
};

static int parse_node(struct parser *p);
static int parse_acl(struct parser *p);
static int parse_default_acl(struct parser *p);
static int parse_served_prefix(struct parser *p);
static int parse_movement_module(struct parser *p);
static int parse_policy_module(struct parser *p);

/* Statements of their own shape. */
static const struct statement {
	const char *name;
	int (*parse)(struct parser *p);
} statements[] = {
	{ "NodeConfig", parse_node },
	{ "Interface", mip6d_parse_interface },
	{ "IPsecPolicySet", mip6d_parse_ipsec_set },
	{ "MnHomeLink", mip6d_parse_home_link },
	{ "BindingAclPolicy", parse_acl },
	{ "DefaultBindingAclPolicy", parse_default_acl },
	{ "HaServedPrefix", parse_served_prefix },
	{ "CnBindingPolicySet", mip6d_parse_cn_policy_set },
	{ "UseMovementModule", parse_movement_module },
	{ "UsePolicyModule", parse_policy_module },
};

/*
 * The other words UMIP 1.0's scanner knows: in a wrong place they are
 * "not allowed here", not "unknown".
 */
static const char *const inner_words[] = {
	"CN", "HA", "MN", "IfType", "MnIfPreference", "Tunnel",
	"HomeAgentAddress", "HomeAddress", "HomePrefix", "UseAltCoa",
	"MnRoPolicy", "IsMobRtr", "IPsecPolicy", "UseESP", "UseAH",
	"UseIPComp", "HomeRegBinding", "Mh", "MobPfxDisc", "TunnelHomeTesting",
	"TunnelMh", "TunnelPayload", "ICMP", "any", "internal", "LinkName",
	"IPsecType", "DoRouteOptimization", "IfName",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

bool mip6d_is_punct(const struct mip6d_token *t, char ch)
{
	return t->type == MIP6D_TOK_PUNCT && t->text[0] == ch;
}

bool mip6d_is_word(const struct mip6d_token *t, const char *w)
{
	return t->type == MIP6D_TOK_WORD && strlen(w) == t->len &&
	       !memcmp(t->text, w, t->len);
}

int mip6d_fail(struct parser *p, const struct mip6d_src *at,
	       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mip6d_lex_verror(&p->lx, at, fmt, ap);
	va_end(ap);
	return -1;
}

int mip6d_want(struct parser *p, const char *key, const char *what)
{
	char q[MIP6D_QUOTE_SIZE];

	return mip6d_fail(p, &tok(p)->src, "%s wants %s, got %s", key, what,
			  mip6d_lex_quote(tok(p), q, sizeof(q)));
}

static bool is_top_word(const struct mip6d_token *t)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(statements); i++)
		if (mip6d_is_word(t, statements[i].name))
			return true;
	for (i = 0; i < ARRAY_SIZE(scalars); i++)
		if (mip6d_is_word(t, scalars[i].name))
			return true;
	return false;
}

static bool is_inner_word(const struct mip6d_token *t)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(inner_words); i++)
		if (mip6d_is_word(t, inner_words[i]))
			return true;
	return false;
}

/* The keyword t would be if case did not matter, or NULL. */
static const char *case_hint(const struct mip6d_token *t)
{
	const char *name;
	size_t i, n = ARRAY_SIZE(statements) + ARRAY_SIZE(scalars) +
		      ARRAY_SIZE(inner_words);

	for (i = 0; i < n; i++) {
		if (i < ARRAY_SIZE(statements))
			name = statements[i].name;
		else if (i < ARRAY_SIZE(statements) + ARRAY_SIZE(scalars))
			name = scalars[i - ARRAY_SIZE(statements)].name;
		else
			name = inner_words[i - ARRAY_SIZE(statements) -
					   ARRAY_SIZE(scalars)];
		if (strlen(name) == t->len &&
		    !strncasecmp(name, t->text, t->len))
			return name;
	}
	return NULL;
}

static int unknown_word(struct parser *p)
{
	const struct mip6d_token *t = tok(p);
	const char *hint = case_hint(t);

	if (hint)
		return mip6d_fail(p, &t->src, "unknown keyword '%.*s' (keywords are case-sensitive: %s)",
				  (int)t->len, t->text, hint);
	return mip6d_fail(p, &t->src, "unknown keyword '%.*s'", (int)t->len,
			  t->text);
}

int mip6d_unexpected(struct parser *p, const char *where)
{
	const struct mip6d_token *t = tok(p);
	bool top = !strcmp(where, "at top level");
	char q[MIP6D_QUOTE_SIZE];

	if (mip6d_is_punct(t, ';') && mip6d_is_punct(&p->lx.prev, '}'))
		return mip6d_fail(p, &t->src, "unexpected ';' after '}': a block takes no ';'");
	if (t->type != MIP6D_TOK_WORD)
		return mip6d_fail(p, &t->src, "expected a keyword %s, got %s",
				  where, mip6d_lex_quote(t, q, sizeof(q)));
	if (!top && is_top_word(t))
		return mip6d_fail(p, &t->src, "'%.*s' cannot appear %s (missing '}'?)",
				  (int)t->len, t->text, where);
	if (is_top_word(t) || is_inner_word(t))
		return mip6d_fail(p, &t->src, "'%.*s' is not allowed %s",
				  (int)t->len, t->text, where);
	return unknown_word(p);
}

int mip6d_semi(struct parser *p)
{
	char q1[MIP6D_QUOTE_SIZE], q2[MIP6D_QUOTE_SIZE];

	if (mip6d_is_punct(tok(p), ';'))
		return next(p);
	/* The ';' is missing at the end of the previous token's line. */
	return mip6d_fail(p, &p->lx.prev.src, "expected ';' after %s, got %s",
			  mip6d_lex_quote(&p->lx.prev, q1, sizeof(q1)),
			  mip6d_lex_quote(tok(p), q2, sizeof(q2)));
}

int mip6d_once(struct parser *p, const struct mip6d_src *first,
	       const char *where)
{
	const struct mip6d_token *t = tok(p);

	if (!first->file)
		return 0;
	return mip6d_fail(p, &t->src, "%.*s given twice in %s (first at %s:%u)",
			  (int)t->len, t->text, where, first->file,
			  first->line);
}

bool mip6d_bool_value(const struct mip6d_token *t, bool *on)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bools); i++) {
		if (mip6d_is_word(t, bools[i].word)) {
			*on = bools[i].on;
			return true;
		}
	}
	return false;
}

int mip6d_get_bool(struct parser *p, const char *key, bool *v)
{
	if (!mip6d_bool_value(tok(p), v))
		return mip6d_want(p, key, "enabled or disabled");
	return next(p);
}

int mip6d_get_u32(struct parser *p, const char *key, uint32_t *v)
{
	if (tok(p)->type != MIP6D_TOK_NUMBER)
		return mip6d_want(p, key, "a number");
	*v = tok(p)->num;
	return next(p);
}

static int get_secs(struct parser *p, const char *key, double *v)
{
	if (tok(p)->type != MIP6D_TOK_DECIMAL)
		return mip6d_want(p, key, "a decimal number such as 1.5");
	*v = tok(p)->dec;
	return next(p);
}

static int get_string(struct parser *p, const char *key, char **s)
{
	if (tok(p)->type != MIP6D_TOK_STRING)
		return mip6d_want(p, key, "a quoted string");
	*s = strndup(tok(p)->text, tok(p)->len);
	if (!*s)
		return mip6d_fail(p, &tok(p)->src, "out of memory");
	if (next(p)) {
		free(*s);
		*s = NULL;
		return -1;
	}
	return 0;
}

int mip6d_get_addr(struct parser *p, const char *key, struct in6_addr *a)
{
	if (tok(p)->type != MIP6D_TOK_ADDR)
		return mip6d_want(p, key, "an IPv6 address");
	*a = tok(p)->addr;
	return next(p);
}

/* ADDR '/' LEN: UMIP's scanner makes three tokens of "2001:1::10/64". */
int mip6d_get_prefix(struct parser *p, const char *key,
		     struct mip6d_prefix *pf)
{
	struct mip6d_src src = tok(p)->src;

	if (tok(p)->type != MIP6D_TOK_ADDR)
		return mip6d_want(p, key, "ADDRESS/LENGTH");
	pf->addr = tok(p)->addr;
	if (next(p))
		return -1;
	if (!mip6d_is_punct(tok(p), '/'))
		return mip6d_want(p, key, "ADDRESS/LENGTH");
	if (next(p))
		return -1;
	if (tok(p)->type != MIP6D_TOK_NUMBER)
		return mip6d_want(p, key, "a prefix length after '/'");
	if (tok(p)->num > 128)
		return mip6d_fail(p, &tok(p)->src, "invalid prefix length %u in %s (0-128)",
				  tok(p)->num, key);
	pf->plen = tok(p)->num;
	pf->src = src;
	return next(p);
}

int mip6d_get_prefix_list(struct parser *p, const char *key,
			  struct mip6d_prefix **arr, size_t *n)
{
	struct mip6d_prefix *pf;

	if (!mip6d_is_punct(tok(p), '('))
		return 0;
	do {
		if (next(p))
			return -1;
		pf = MIP6D_PUSH(*arr, *n);
		if (!pf)
			return mip6d_fail(p, &tok(p)->src, "out of memory");
		if (mip6d_get_prefix(p, key, pf))
			return -1;
	} while (mip6d_is_punct(tok(p), ','));
	if (!mip6d_is_punct(tok(p), ')'))
		return mip6d_want(p, key, "',' or ')' in its prefix list");
	return next(p);
}

int mip6d_get_ifname(struct parser *p, const char *key,
		     char name[IF_NAMESIZE])
{
	const struct mip6d_token *t = tok(p);

	if (t->type != MIP6D_TOK_STRING)
		return mip6d_want(p, key, "a quoted interface name");
	if (!t->len || t->len >= IF_NAMESIZE)
		return mip6d_fail(p, &t->src, "%s: interface name \"%.*s\" must have 1 to %d characters",
				  key, (int)(t->len < 40 ? t->len : 40),
				  t->text, IF_NAMESIZE - 1);
	memcpy(name, t->text, t->len);
	name[t->len] = '\0';
	return next(p);
}

int mip6d_get_node(struct parser *p, const char *key, enum mip6d_node *v)
{
	enum mip6d_node n;

	for (n = MIP6D_NODE_CN; n <= MIP6D_NODE_MN; n++) {
		if (mip6d_is_word(tok(p), node_names[n])) {
			*v = n;
			return next(p);
		}
	}
	return mip6d_want(p, key, "CN, HA or MN");
}

/* allow|deny, or the Binding Acknowledgement status to answer with. */
static int get_status(struct parser *p, const char *key, uint32_t *v)
{
	bool on;

	if (mip6d_bool_value(tok(p), &on)) {
		*v = on ? MIP6D_BA_ACCEPTED : MIP6D_BA_PROHIBITED;
		return next(p);
	}
	if (tok(p)->type != MIP6D_TOK_NUMBER)
		return mip6d_want(p, key, "allow, deny or a status number");
	if (tok(p)->num > 255)
		return mip6d_fail(p, &tok(p)->src, "%s: status %u is out of range (0-255)",
				  key, tok(p)->num);
	*v = tok(p)->num;
	return next(p);
}

int mip6d_block(struct parser *p, const char *what,
		const struct mip6d_src *opened,
		int (*item)(struct parser *p, void *ctx), void *ctx)
{
	if (!mip6d_is_punct(tok(p), '{'))
		return mip6d_want(p, what, "'{'");
	if (next(p))
		return -1;
	if (mip6d_is_punct(tok(p), '}'))
		return mip6d_fail(p, &tok(p)->src, "empty %s block", what);
	while (!mip6d_is_punct(tok(p), '}')) {
		if (tok(p)->type == MIP6D_TOK_EOF)
			return mip6d_fail(p, &tok(p)->src, "end of file inside %s opened at %s:%u (missing '}')",
					  what, opened->file, opened->line);
		if (item(p, ctx))
			return -1;
	}
	return next(p);
}

static void store(void *field, enum kind kind, const void *v,
		  const struct mip6d_src *src)
{
	struct mip6d_bool *b = field;
	struct mip6d_u32 *u = field;
	struct mip6d_secs *d = field;
	struct mip6d_str *s = field;

	switch (kind) {
	case K_BOOL:
		b->on = *(const bool *)v;
		b->src = *src;
		break;
	case K_U32:
		u->val = *(const uint32_t *)v;
		u->src = *src;
		break;
	case K_SECS:
		d->secs = *(const double *)v;
		d->src = *src;
		break;
	case K_STR:
		/* As in UMIP, a later line overrides an earlier one. */
		free(s->s);
		s->s = *(char *const *)v;
		s->src = *src;
		break;
	}
}

static int get_scalar(struct parser *p, const struct scalar *s, void *v)
{
	const struct mip6d_token val = *tok(p);

	switch (s->kind) {
	case K_BOOL:
		return mip6d_get_bool(p, s->name, v);
	case K_SECS:
		return get_secs(p, s->name, v);
	case K_STR:
		return get_string(p, s->name, v);
	case K_U32:
		if (mip6d_get_u32(p, s->name, v))
			return -1;
		if (s->max && *(uint32_t *)v > s->max)
			return mip6d_fail(p, &val.src, "%s %u is too long: max allowed binding lifetime is %u",
					  s->name, *(uint32_t *)v, s->max);
		return 0;
	}
	return -1;
}

static int parse_scalar(struct parser *p, const struct scalar *s)
{
	struct mip6d_src src = tok(p)->src;
	union {
		bool b;
		uint32_t u;
		double d;
		char *str;
	} v = { 0 };

	if (next(p) || get_scalar(p, s, &v))
		return -1;
	if (mip6d_semi(p)) {
		if (s->kind == K_STR)
			free(v.str);
		return -1;
	}
	store((char *)p->c + s->off, s->kind, &v, &src);
	return 0;
}

static int parse_node(struct parser *p)
{
	struct mip6d_src src = tok(p)->src;
	enum mip6d_node n = MIP6D_NODE_CN;

	if (next(p) || mip6d_get_node(p, "NodeConfig", &n) || mip6d_semi(p))
		return -1;
	p->c->node.val = n;
	p->c->node.src = src;
	return 0;
}

/* BindingAclPolicy ADDR [(MNP, ...)] allow|deny|N; */
static int parse_acl(struct parser *p)
{
	struct mip6d_acl *acl = MIP6D_PUSH(p->c->acls, p->c->n_acls);
	uint32_t status = 0;

	if (!acl)
		return mip6d_fail(p, &tok(p)->src, "out of memory");
	acl->src = tok(p)->src;
	if (next(p) || mip6d_get_addr(p, "BindingAclPolicy", &acl->hoa) ||
	    mip6d_get_prefix_list(p, "BindingAclPolicy", &acl->mnps,
				  &acl->n_mnps) ||
	    get_status(p, "BindingAclPolicy", &status) || mip6d_semi(p))
		return -1;
	acl->status = status;
	return 0;
}

static int parse_default_acl(struct parser *p)
{
	struct mip6d_src src = tok(p)->src;
	uint32_t status = 0;

	if (next(p) || get_status(p, "DefaultBindingAclPolicy", &status) ||
	    mip6d_semi(p))
		return -1;
	p->c->default_acl.val = status;
	p->c->default_acl.src = src;
	return 0;
}

static int parse_served_prefix(struct parser *p)
{
	struct mip6d_prefix *pf = MIP6D_PUSH(p->c->served_prefixes,
					     p->c->n_served_prefixes);

	if (!pf)
		return mip6d_fail(p, &tok(p)->src, "out of memory");
	if (next(p) || mip6d_get_prefix(p, "HaServedPrefix", pf))
		return -1;
	return mip6d_semi(p);
}

/* UseMovementModule internal | "path"; UMIP only has the internal one. */
static int parse_movement_module(struct parser *p)
{
	struct mip6d_str *m = &p->c->movement_module;
	char *path = NULL;

	m->src = tok(p)->src;
	if (next(p))
		return -1;
	if (mip6d_is_word(tok(p), "internal")) {
		if (next(p))
			return -1;
	} else if (get_string(p, "UseMovementModule", &path)) {
		return -1;
	}
	free(m->s);
	m->s = path;
	return mip6d_semi(p);
}

static int parse_policy_module(struct parser *p)
{
	struct mip6d_str *m = &p->c->policy_module;

	m->src = tok(p)->src;
	free(m->s);
	m->s = NULL;
	if (next(p) || get_string(p, "UsePolicyModule", &m->s))
		return -1;
	return mip6d_semi(p);
}

static int parse_statement(struct parser *p)
{
	const struct mip6d_token *t = tok(p);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(statements); i++)
		if (mip6d_is_word(t, statements[i].name))
			return statements[i].parse(p);
	for (i = 0; i < ARRAY_SIZE(scalars); i++)
		if (mip6d_is_word(t, scalars[i].name))
			return parse_scalar(p, &scalars[i]);
	return mip6d_unexpected(p, "at top level");
}

void mip6d_conf_init(struct mip6d_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->node.val = MIP6D_NODE_CN;
	c->do_route_optimization_cn.on = true;
	c->do_route_optimization_mn.on = true;
	c->use_mn_ha_ipsec.on = true;
	c->tunnel_payload_force_sa_nego.on = true;
	c->send_mob_pfx_sols.on = true;
	c->send_mob_pfx_advs.on = true;
	c->send_unsol_mob_pfx_advs.on = true;
	c->mob_rtr_use_explicit_mode.on = true;
	c->ha_max_binding_life.val = MIP6D_MAX_BINDING_LIFE;
	c->mn_max_ha_binding_life.val = MIP6D_MAX_BINDING_LIFE;
	c->mn_max_cn_binding_life.val = MIP6D_MAX_RR_BINDING_LIFE;
	c->max_mob_pfx_adv_interval.val = 86400;
	c->min_mob_pfx_adv_interval.val = 600;
	c->initial_bindack_timeout_first_reg.secs = 1.5;
	c->initial_bindack_timeout_re_reg.secs = 1.0;
	c->initial_solicit_timer.secs = 3.0;
	c->default_acl.val = MIP6D_BA_ACCEPTED;
}

static void free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void mip6d_conf_free(struct mip6d_conf *c)
{
	size_t i;

	for (i = 0; i < c->n_acls; i++)
		free(c->acls[i].mnps);
	for (i = 0; i < c->n_sets; i++) {
		free(c->sets[i].hoas);
		free(c->sets[i].policies);
	}
	for (i = 0; i < c->n_home_links; i++) {
		free(c->home_links[i].mnps);
		free(c->home_links[i].ro);
	}
	free(c->acls);
	free(c->ifaces);
	free(c->sets);
	free(c->home_links);
	free(c->served_prefixes);
	free(c->cn_policies);
	free(c->debug_log_file.s);
	free(c->movement_module.s);
	free(c->policy_module.s);
	free_strings(c->files, c->n_files);
	free_strings(c->warnings, c->n_warnings);
	/* Leaves an empty model: a second free is harmless. */
	mip6d_conf_init(c);
}

int mip6d_conf_load(const char *path, const char *root,
		    struct mip6d_conf *out, char *err, size_t errlen)
{
	struct parser p = { .c = out };

	mip6d_conf_init(out);
	if (err && errlen)
		err[0] = '\0';
	if (mip6d_lex_open(&p.lx, out, path, root, err, errlen) ||
	    next(&p))
		goto fail;
	while (tok(&p)->type != MIP6D_TOK_EOF)
		if (parse_statement(&p))
			goto fail;
	if (mip6d_check_ifaces(&p))
		goto fail;
	mip6d_lex_close(&p.lx);
	return 0;

fail:
	mip6d_lex_close(&p.lx);
	mip6d_conf_free(out);
	return -1;
}
