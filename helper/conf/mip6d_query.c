// SPDX-License-Identifier: GPL-2.0
/*
 * What the rest of mipxfrmd asks of a parsed mip6d.conf: the reqids a
 * mobile's SAs must carry, and whether any reqid is claimed twice.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mip6d.h"

static const struct mip6d_ipsec_policy *
find_policy(const struct mip6d_ipsec_set *set, enum mip6d_ipsec_type type)
{
	size_t i;

	for (i = 0; i < set->n_policies; i++)
		if (set->policies[i].type == type)
			return &set->policies[i];
	return NULL;
}

static const struct mip6d_prefix *find_hoa(const struct mip6d_ipsec_set *set,
					   const struct in6_addr *hoa)
{
	size_t i;

	for (i = 0; i < set->n_hoas; i++)
		if (IN6_ARE_ADDR_EQUAL(&set->hoas[i].addr, hoa))
			return &set->hoas[i];
	return NULL;
}

int mip6d_conf_reqids(const struct mip6d_conf *c, const struct in6_addr *ha,
		      const struct in6_addr *hoa, struct mip6d_reqids *out)
{
	const struct mip6d_ipsec_set *set = NULL;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < c->n_sets && !out->hoa; i++) {
		set = &c->sets[i];
		if (!ha || IN6_ARE_ADDR_EQUAL(&set->ha, ha))
			out->hoa = find_hoa(set, hoa);
	}
	if (!out->hoa)
		return -ENOENT;
	out->set = set;
	/* The parser refuses Mh and HomeRegBinding for one pair. */
	out->mh = find_policy(set, MIP6D_IPSEC_MH);
	if (!out->mh)
		out->mh = find_policy(set, MIP6D_IPSEC_HOMEREGBINDING);
	out->tunnel = find_policy(set, MIP6D_IPSEC_TUNNELPAYLOAD);
	if (out->mh) {
		out->mh_toha = out->mh->reqid_toha;
		out->mh_tomn = out->mh->reqid_tomn;
	}
	if (out->tunnel) {
		out->tunnel_toha = out->tunnel->reqid_toha;
		out->tunnel_tomn = out->tunnel->reqid_tomn;
	}
	return 0;
}

/* One Home Address naming one reqid, in file order. */
struct claim {
	uint32_t reqid;
	size_t order;
	const struct mip6d_prefix *hoa;
	const struct mip6d_ipsec_policy *pol;
};

static int by_reqid(const void *a, const void *b)
{
	const struct claim *x = a, *y = b;

	if (x->reqid != y->reqid)
		return x->reqid < y->reqid ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static size_t count_claims(const struct mip6d_conf *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->n_sets; i++)
		n += 2 * c->sets[i].n_hoas * c->sets[i].n_policies;
	return n;
}

/*
 * The claims of one policy: each Home Address of its set, once for
 * each direction with a number ("UseESP N" names N once).
 */
static size_t collect_policy(const struct mip6d_ipsec_set *set,
			     const struct mip6d_ipsec_policy *pol,
			     struct claim *v, size_t n)
{
	uint32_t reqids[2] = { pol->reqid_toha, pol->reqid_tomn };
	size_t h;
	int dir;

	for (h = 0; h < set->n_hoas; h++) {
		for (dir = 0; dir < 2; dir++) {
			if (!reqids[dir] || (dir && reqids[1] == reqids[0]))
				continue;
			v[n] = (struct claim){ reqids[dir], n, &set->hoas[h],
					       pol };
			n++;
		}
	}
	return n;
}

static size_t collect(const struct mip6d_conf *c, struct claim *v)
{
	size_t s, q, n = 0;

	for (s = 0; s < c->n_sets; s++)
		for (q = 0; q < c->sets[s].n_policies; q++)
			n = collect_policy(&c->sets[s],
					   &c->sets[s].policies[q], v, n);
	return n;
}

static bool same_hoa(const struct claim *a, const struct claim *b)
{
	return IN6_ARE_ADDR_EQUAL(&a->hoa->addr, &b->hoa->addr);
}

/* "FILE:LINE: ... one reqid, two mobiles" for bad against first. */
static void report(const struct claim *bad, const struct claim *first,
		   struct msglist *errors)
{
	const struct mip6d_ipsec_policy *p = bad->pol;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, &bad->hoa->addr, a, sizeof(a));
	inet_ntop(AF_INET6, &first->hoa->addr, b, sizeof(b));
	/* One line, two HomeAddress lines: those are what to tell apart. */
	if (bad->pol == first->pol)
		msglist_add(errors, "%s:%u: IPsecPolicy %s gives reqid %u to HomeAddress %s (%s:%u) and HomeAddress %s (%s:%u) of one IPsecPolicySet: one reqid, two mobiles; give each mobile its own IPsecPolicySet",
			    p->src.file, p->src.line,
			    mip6d_ipsec_type_name(p->type), bad->reqid, b,
			    first->hoa->src.file, first->hoa->src.line, a,
			    bad->hoa->src.file, bad->hoa->src.line);
	else
		msglist_add(errors, "%s:%u: reqid %u of %s (%s) is already claimed by %s (%s) at %s:%u: one reqid, two mobiles",
			    p->src.file, p->src.line, bad->reqid, a,
			    mip6d_ipsec_type_name(p->type), b,
			    mip6d_ipsec_type_name(first->pol->type),
			    first->pol->src.file, first->pol->src.line);
}

/*
 * Every claim (in reqid order, then file order) of a reqid that the
 * reqid's first claim gave to another Home Address; v is sorted.
 */
static size_t report_all(const struct claim *v, size_t n,
			 struct msglist *errors)
{
	size_t i, j, bad = 0;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j].reqid == v[i].reqid; j++) {
			if (same_hoa(&v[j], &v[i]))
				continue;
			report(&v[j], &v[i], errors);
			bad++;
		}
	}
	return bad;
}

int mip6d_conf_check_reqids(const struct mip6d_conf *c,
			    struct msglist *errors)
{
	size_t n = count_claims(c), bad;
	struct claim *v;

	if (!n)
		return 0;
	v = calloc(n, sizeof(*v));
	if (!v) {
		msglist_add(errors, "out of memory");
		return -ENOMEM;
	}
	n = collect(c, v);
	qsort(v, n, sizeof(*v), by_reqid);
	bad = report_all(v, n, errors);
	free(v);
	return bad ? -EEXIST : 0;
}
