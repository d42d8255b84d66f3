// SPDX-License-Identifier: GPL-2.0
/*
 * Reqids from the configuration: ipsec.conf's reqid=, mip6d.conf's
 * IPsecPolicy numbers for the mobiles' conns, and stable derived values
 * for the rest (reqid.h has the rules).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reqid.h"
#include "../common/errbuf.h"

const char *reqid_origin_name(enum reqid_origin o)
{
	switch (o) {
	case REQID_EXPLICIT:
		return "ipsec.conf";
	case REQID_MIP6D:
		return "mip6d.conf";
	case REQID_DERIVED:
		return "derived";
	}
	return "?";
}

/* Rule 2: the mobile's IPsecPolicy for this kind of child, if numbered. */
static bool from_mip6d(const struct ipsec_conn *c,
		       const struct mip6d_conf *mc, struct reqid_child *rc)
{
	const struct in6_addr *hoa = reqid_conn_hoa(c, mc);
	const struct mip6d_ipsec_policy *pol;
	struct mip6d_reqids r;

	if (!hoa || mip6d_conf_reqids(mc, reqid_conn_ha(c, mc), hoa, &r))
		return false;
	if (c->type == IPSEC_TYPE_TRANSPORT_PROXY)
		pol = r.mh;
	else if (c->type == IPSEC_TYPE_TUNNEL)
		pol = r.tunnel;
	else
		return false;
	if (!pol || !pol->reqid_toha || !pol->reqid_tomn)
		return false;
	/* SAs towards the HA are the inbound ones on the HA, ours on a mobile. */
	rc->in = reqid_on_mobile(mc) ? pol->reqid_tomn : pol->reqid_toha;
	rc->out = reqid_on_mobile(mc) ? pol->reqid_toha : pol->reqid_tomn;
	rc->origin = REQID_MIP6D;
	rc->file = pol->src.file;
	rc->line = pol->src.line;
	rc->hoa = &r.hoa->addr;
	return true;
}

static void decide_fixed(const struct ipsec_conn *c,
			 const struct mip6d_conf *mc, struct reqid_child *rc)
{
	const struct ipsec_value *v = &c->val[IPSEC_CONN_REQID];

	rc->conn = c->name;
	rc->origin = REQID_DERIVED;
	if (c->reqid) {
		rc->in = rc->out = c->reqid;
		rc->origin = REQID_EXPLICIT;
		rc->file = v->src.file;
		rc->line = v->src.line;
		return;
	}
	from_mip6d(c, mc, rc);
}

static bool shares(const struct reqid_child *a, const struct reqid_child *b,
		   uint32_t *val)
{
	if (!a->in || !b->in)
		return false;
	if (a->in == b->in || a->in == b->out)
		*val = a->in;
	else if (a->out == b->in || a->out == b->out)
		*val = a->out;
	else
		return false;
	return true;
}

/*
 * Two mobiles' sets naming one number: mip6d_conf_check_reqids() has
 * said so already, naming the mip6d.conf lines.
 */
static bool two_mobiles(const struct reqid_child *a,
			const struct reqid_child *b)
{
	return a->origin == REQID_MIP6D && b->origin == REQID_MIP6D &&
	       !IN6_ARE_ADDR_EQUAL(a->hoa, b->hoa);
}

/* Every conn whose reqid an earlier conn has, each once. */
static int check_pairs(struct reqid_map *m)
{
	struct reqid_child *a, *b;
	uint32_t val;
	int ret = 0;

	for (size_t j = 1; j < m->n; j++) {
		b = &m->v[j];
		for (size_t i = 0; i < j; i++) {
			a = &m->v[i];
			if (!shares(b, a, &val))
				continue;
			b->refused = true;
			/* Named here with its mip6d.conf line: not again below. */
			if (a->origin == REQID_MIP6D || b->origin == REQID_MIP6D)
				a->refused = true;
			ret = -1;
			if (!two_mobiles(a, b))
				msglist_add(&m->errors, "%s:%u: reqid %u of conn %s is already taken by conn %s at %s:%u",
					    b->file, b->line, val, b->conn,
					    a->conn, a->file, a->line);
			break;
		}
	}
	return ret;
}

static bool same_addr(const struct in6_addr *a, const struct in6_addr *b)
{
	return a && b && IN6_ARE_ADDR_EQUAL(a, b);
}

/*
 * A mip6d.conf claim of val by a Home Address other than the conn's own
 * (not_hoa: its rightsubnet on a Home Agent, its leftsubnet on the
 * mobile, whose mip6d.conf numbers its own SAs).
 */
static bool mip6d_claim(const struct mip6d_conf *mc, uint32_t val,
			const struct in6_addr *const not_hoa[2],
			const struct in6_addr **hoa,
			const struct mip6d_ipsec_policy **pol)
{
	const struct mip6d_ipsec_set *s;
	const struct mip6d_ipsec_policy *p;

	for (size_t i = 0; i < mc->n_sets; i++) {
		s = &mc->sets[i];
		for (size_t q = 0; q < s->n_policies; q++) {
			p = &s->policies[q];
			if (p->reqid_toha != val && p->reqid_tomn != val)
				continue;
			for (size_t h = 0; h < s->n_hoas; h++) {
				*hoa = &s->hoas[h].addr;
				*pol = p;
				if (!same_addr(*hoa, not_hoa[0]) &&
				    !same_addr(*hoa, not_hoa[1]))
					return true;
			}
		}
	}
	return false;
}

/*
 * reqid= must not take a number mip6d.conf gives another mobile. Either
 * end may hold the conn's own Home Address: mip6d.conf may be the
 * mobile's or the Home Agent's.
 */
static int check_explicit(const struct ipsec_conf *ic,
			  const struct mip6d_conf *mc, struct reqid_map *m)
{
	const struct in6_addr *own[2];
	const struct mip6d_ipsec_policy *pol;
	const struct in6_addr *hoa;
	const struct ipsec_conn *c;
	struct reqid_child *rc;
	char a[INET6_ADDRSTRLEN];
	int ret = 0;

	for (size_t i = 0; i < m->n; i++) {
		rc = &m->v[i];
		if (rc->origin != REQID_EXPLICIT || rc->refused)
			continue;
		c = ipsec_conf_conn(ic, rc->conn);
		own[0] = reqid_end_host(&c->right);
		own[1] = reqid_end_host(&c->left);
		if (!mip6d_claim(mc, rc->in, own, &hoa, &pol))
			continue;
		rc->refused = true;
		ret = -1;
		inet_ntop(AF_INET6, hoa, a, sizeof(a));
		msglist_add(&m->errors, "%s:%u: reqid %u of conn %s is already claimed by %s (%s) at %s:%u",
			    rc->file, rc->line, rc->in, c->name, a,
			    mip6d_ipsec_type_name(pol->type), pol->src.file,
			    pol->src.line);
	}
	return ret;
}

/* Is val used by a decided conn, mip6d.conf, or another state entry? */
static bool taken(const struct reqid_map *m, const struct mip6d_conf *mc,
		  const struct reqid_state *st, const char *name,
		  uint32_t val)
{
	const struct in6_addr *none[2] = { NULL, NULL };
	const struct mip6d_ipsec_policy *pol;
	const struct in6_addr *hoa;

	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].in == val || m->v[i].out == val)
			return true;
	if (mip6d_claim(mc, val, none, &hoa, &pol))
		return true;
	for (size_t i = 0; st && i < st->n; i++)
		if (st->v[i].reqid == val &&
		    (!name || strcmp(st->v[i].name, name)))
			return true;
	return false;
}

/* FNV-1a: any stable hash does; this one is short and well spread. */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s) {
		h ^= (uint8_t)*s++;
		h *= 16777619u;
	}
	return h;
}

static uint32_t derive(const struct reqid_map *m, const struct mip6d_conf *mc,
		       const struct reqid_state *st, const char *name)
{
	const uint32_t span = REQID_DERIVED_MAX - REQID_DERIVED_MIN + 1;
	uint32_t start = name_hash(name) % span, val;

	for (uint32_t k = 0; k < span; k++) {
		val = REQID_DERIVED_MIN + (start + k) % span;
		if (!taken(m, mc, st, name, val))
			return val;
	}
	return 0;
}

/*
 * Drops state entries that no longer describe a derived reqid: the conn
 * now has a fixed one, or a fixed one took its value.
 */
static bool prune_state(const struct reqid_map *m, const struct mip6d_conf *mc,
			struct reqid_state *st)
{
	const struct reqid_child *rc;
	bool changed = false;
	size_t i = 0;

	while (i < st->n) {
		rc = reqid_find(m, st->v[i].name);
		if ((rc && rc->origin != REQID_DERIVED) ||
		    taken(m, mc, NULL, NULL, st->v[i].reqid)) {
			reqid_state_del(st, i);
			changed = true;
			continue;
		}
		i++;
	}
	return changed;
}

static void use_state(struct reqid_map *m, struct reqid_state *st)
{
	struct reqid_state_entry *e;
	struct reqid_child *rc;

	for (size_t i = 0; i < m->n; i++) {
		rc = &m->v[i];
		if (rc->origin != REQID_DERIVED)
			continue;
		e = reqid_state_get(st, rc->conn);
		if (!e)
			continue;
		rc->in = rc->out = e->reqid;
		rc->file = m->state;
		rc->line = e->line;
	}
}

static int by_name(const void *a, const void *b)
{
	const struct reqid_child *const *x = a, *const *y = b;

	return strcmp((*x)->conn, (*y)->conn);
}

/*
 * New derived reqids, in name order so that the order of conns in the
 * files never changes who gets which value.
 */
static int derive_new(struct reqid_map *m, const struct mip6d_conf *mc,
		      struct reqid_state *st, bool *changed)
{
	struct reqid_child **todo = calloc(m->n + 1, sizeof(*todo));
	size_t n = 0;
	int ret = 0;

	if (!todo)
		return -ENOMEM;
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].origin == REQID_DERIVED && !m->v[i].in)
			todo[n++] = &m->v[i];
	qsort(todo, n, sizeof(*todo), by_name);
	for (size_t i = 0; i < n && !ret; i++) {
		uint32_t val = derive(m, mc, st, todo[i]->conn);

		if (!val)
			ret = -ENOSPC;
		else if (reqid_state_set(st, todo[i]->conn, val))
			ret = -ENOMEM;
		todo[i]->in = todo[i]->out = val;
		*changed = true;
	}
	free(todo);
	return ret;
}

/* Rules 1 and 2, then every conflict among them. */
static int decide_all(const struct ipsec_conf *ic, const struct mip6d_conf *mc,
		      struct reqid_map *m)
{
	size_t n = 0;
	int ret;

	m->v = calloc(ic->n_conns + 1, sizeof(*m->v));
	if (!m->v) {
		msglist_add(&m->errors, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < ic->n_conns; i++)
		if (ic->conns[i].startup != IPSEC_AUTO_IGNORE)
			decide_fixed(&ic->conns[i], mc, &m->v[n++]);
	m->n = n;
	ret = mip6d_conf_check_reqids(mc, &m->errors) ? -1 : 0;
	/* Each check runs, so that one load names every conflict. */
	if (check_pairs(m))
		ret = -1;
	if (check_explicit(ic, mc, m))
		ret = -1;
	return ret;
}

static int derive_all(const struct mip6d_conf *mc, const char *state,
		      bool save, struct reqid_map *m)
{
	char err[ERRBUF_SIZE];
	struct reqid_state st;
	bool changed;
	int ret;

	memset(&st, 0, sizeof(st));
	if (state && reqid_state_load(state, &st, err, sizeof(err))) {
		msglist_add(&m->errors, "%s", err);
		return -1;
	}
	changed = prune_state(m, mc, &st);
	use_state(m, &st);
	ret = derive_new(m, mc, &st, &changed);
	if (ret)
		msglist_add(&m->errors, "cannot derive a reqid: %s",
			    strerror(-ret));
	else if (changed && state && save &&
		 reqid_state_save(state, &st, err, sizeof(err))) {
		msglist_add(&m->errors, "%s", err);
		ret = -1;
	}
	reqid_state_free(&st);
	return ret ? -1 : 0;
}

int reqid_assign(const struct ipsec_conf *ic, const struct mip6d_conf *mc,
		 const char *state, bool save, struct reqid_map *out)
{
	memset(out, 0, sizeof(*out));
	if (state && !(out->state = strdup(state))) {
		msglist_add(&out->errors, "out of memory");
		return -1;
	}
	if (decide_all(ic, mc, out) || derive_all(mc, state, save, out)) {
		free(out->v);
		out->v = NULL;
		out->n = 0;
		return -1;
	}
	return 0;
}

const struct reqid_child *reqid_find(const struct reqid_map *m,
				     const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->v[i].conn, name))
			return &m->v[i];
	return NULL;
}

void reqid_map_free(struct reqid_map *m)
{
	free(m->v);
	free(m->state);
	msglist_free(&m->errors);
	memset(m, 0, sizeof(*m));
}
