// SPDX-License-Identifier: GPL-2.0
/*
 * also= and %default, applied as strongSwan 5.9's starter applies them
 * (conf_parser.c): a section's parents are its also= targets from the
 * last also= line to the first, each followed by its own parents; where
 * a section appears more than once only its last occurrence counts; a
 * section with no also= inherits %default. So in
 *
 *   conn D
 *       also=C
 *       also=B        (B and C both say also=A)
 *
 * D looks a key up in D, then B, C, A, %default. %default's own also=
 * lines are ignored, as in starter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/errbuf.h"
#include "ipsec_parse.h"

static bool listed(struct ipsec_section **v, size_t n,
		   const struct ipsec_section *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == s)
			return true;
	return false;
}

/* "a -> b -> a" from where target sits on the resolution stack. */
static int loop_error(struct ipsec_parser *p, const struct ipsec_also *a,
		      const struct ipsec_section *target)
{
	const char *chain = "";
	bool on = false;

	for (size_t i = 0; i < p->n_stack && chain; i++) {
		on = on || p->stack[i] == target;
		if (on)
			chain = ipsec_arena_printf(p->tmp, "%s%s -> ", chain,
						   p->stack[i]->name);
	}
	if (!chain)
		return ipsec_nomem(p);
	return ipsec_error(p, &a->src, "also=%s: loop (%s%s)", a->name, chain,
			   target->name);
}

static int resolve(struct ipsec_parser *p, struct ipsec_section *s,
		   struct ipsec_section *def);

/* Appends target and what it inherits to the list *v (malloc'd). */
static int add_parent(struct ipsec_parser *p, struct ipsec_section *s,
		      const struct ipsec_also *a, struct ipsec_section *def,
		      struct ipsec_section ***v, size_t *n)
{
	struct ipsec_section *t = ipsec_section_find(p, s->type, a->name);
	struct ipsec_section **nv;
	char q[ERRQUOTE_SIZE];

	if (!t)
		return ipsec_error(p, &a->src, "also=%s: no %s '%s' is defined",
				   errquote(q, a->name),
				   s->type == IPSEC_SECT_CA ? "ca" : "conn",
				   errquote(q, a->name));
	if (t->state == 1)
		return loop_error(p, a, t);
	if (resolve(p, t, def))
		return -1;
	nv = realloc(*v, (*n + 1 + t->n_parents) * sizeof(*nv));
	if (!nv)
		return ipsec_nomem(p);
	*v = nv;
	nv[(*n)++] = t;
	memcpy(nv + *n, t->parents, t->n_parents * sizeof(*nv));
	*n += t->n_parents;
	return 0;
}

/* Keeps the last occurrence of each section of v in s->parents. */
static int set_parents(struct ipsec_parser *p, struct ipsec_section *s,
		       struct ipsec_section **v, size_t n)
{
	size_t i;

	s->parents = ipsec_arena_alloc(p->tmp, (n ? n : 1) * sizeof(*v));
	if (!s->parents)
		return ipsec_nomem(p);
	for (i = 0; i < n; i++)
		if (!listed(v + i + 1, n - i - 1, v[i]))
			s->parents[s->n_parents++] = v[i];
	return 0;
}

static int push_stack(struct ipsec_parser *p, struct ipsec_section *s)
{
	struct ipsec_section **slot;

	slot = ipsec_arena_push(p->tmp, &p->stack, &p->n_stack, &p->cap_stack,
				sizeof(*slot));
	if (!slot)
		return ipsec_nomem(p);
	*slot = s;
	return 0;
}

static int resolve(struct ipsec_parser *p, struct ipsec_section *s,
		   struct ipsec_section *def)
{
	struct ipsec_section **v = NULL;
	size_t n = 0, i;
	int r = 0;

	if (s->state == 2)
		return 0;
	if (s == def) {
		s->state = 2;
		return 0;
	}
	s->state = 1;
	if (push_stack(p, s))
		return -1;
	for (i = s->n_also; i-- > 0 && !r;)
		r = add_parent(p, s, &s->also[i], def, &v, &n);
	p->n_stack--;
	if (!r && !n && def) {
		free(v);
		v = malloc(sizeof(*v));
		if (!v)
			r = ipsec_nomem(p);
		else
			v[n++] = def;
	}
	if (!r)
		r = set_parents(p, s, v, n);
	free(v);
	s->state = r ? 1 : 2;
	return r;
}

int ipsec_also_resolve(struct ipsec_parser *p)
{
	struct ipsec_section *def_conn, *def_ca, *s;
	size_t i;

	def_conn = ipsec_section_find(p, IPSEC_SECT_CONN, "%default");
	def_ca = ipsec_section_find(p, IPSEC_SECT_CA, "%default");
	/* File order, so the first error reported is the first written. */
	for (i = 0; i < p->n_sects; i++) {
		s = p->sects[i];
		if (resolve(p, s, s->type == IPSEC_SECT_CA ? def_ca : def_conn))
			return -1;
	}
	return 0;
}

static const struct ipsec_raw *own(const struct ipsec_section *s,
				   const struct ipsec_kw *kw,
				   enum ipsec_side side)
{
	size_t i;

	for (i = 0; i < s->n_raw; i++)
		if (s->raw[i].kw == kw && s->raw[i].side == side)
			return &s->raw[i];
	return NULL;
}

const struct ipsec_raw *ipsec_section_get(const struct ipsec_section *s,
					  const struct ipsec_kw *kw,
					  enum ipsec_side side)
{
	const struct ipsec_raw *r = own(s, kw, side);
	size_t i;

	for (i = 0; !r && i < s->n_parents; i++)
		r = own(s->parents[i], kw, side);
	return r;
}
