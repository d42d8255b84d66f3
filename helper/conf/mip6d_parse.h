/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The recursive-descent parser of mip6d.conf shared by mip6d.c (top
 * level, values) and mip6d_block.c (the '{ ... }' sections). Internal
 * to conf/mip6d*.c. Every function returns 0, or -1 with the message
 * written by the lexer's error function.
 */
#ifndef MIPXFRM_CONF_MIP6D_PARSE_H
#define MIPXFRM_CONF_MIP6D_PARSE_H

#include "mip6d_lex.h"

struct parser {
	struct mip6d_lexer lx;
	struct mip6d_conf *c;
};

static inline struct mip6d_token *tok(struct parser *p)
{
	return &p->lx.tok;
}

static inline int next(struct parser *p)
{
	return mip6d_lex_next(&p->lx);
}

bool mip6d_is_punct(const struct mip6d_token *t, char ch);
bool mip6d_is_word(const struct mip6d_token *t, const char *w);
/* UMIP's booleans: enabled|allow|true, disabled|deny|block|false. */
bool mip6d_bool_value(const struct mip6d_token *t, bool *on);

int mip6d_fail(struct parser *p, const struct mip6d_src *at,
	       const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "KEY wants WHAT, got TOKEN" at the current token. */
int mip6d_want(struct parser *p, const char *key, const char *what);
/* A token that starts no item of where ("at top level", "in X"). */
int mip6d_unexpected(struct parser *p, const char *where);
/* ';' or "expected ';' after PREVIOUS, got TOKEN" on the previous line. */
int mip6d_semi(struct parser *p);
/* Refuses an item a block takes once (first is where it came first). */
int mip6d_once(struct parser *p, const struct mip6d_src *first,
	       const char *where);

/* Values: each checks the current token, stores it and moves on. */
int mip6d_get_bool(struct parser *p, const char *key, bool *v);
int mip6d_get_u32(struct parser *p, const char *key, uint32_t *v);
int mip6d_get_addr(struct parser *p, const char *key, struct in6_addr *a);
int mip6d_get_prefix(struct parser *p, const char *key,
		     struct mip6d_prefix *pf);
/* An optional "(A/L, A/L, ...)" list of NEMO prefixes. */
int mip6d_get_prefix_list(struct parser *p, const char *key,
			  struct mip6d_prefix **arr, size_t *n);
int mip6d_get_ifname(struct parser *p, const char *key,
		     char name[IF_NAMESIZE]);
int mip6d_get_node(struct parser *p, const char *key, enum mip6d_node *v);

/* '{' item... '}', as UMIP: no empty block, no ';' after '}'. */
int mip6d_block(struct parser *p, const char *what,
		const struct mip6d_src *opened,
		int (*item)(struct parser *p, void *ctx), void *ctx);

/* Statements with a block (mip6d_block.c); tok is their keyword. */
int mip6d_parse_interface(struct parser *p);
int mip6d_parse_ipsec_set(struct parser *p);
int mip6d_parse_home_link(struct parser *p);
int mip6d_parse_cn_policy_set(struct parser *p);
/* Checks that need the whole file (NodeConfig may come last). */
int mip6d_check_ifaces(struct parser *p);

#endif
