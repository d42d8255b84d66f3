/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tokens of mip6d.conf. UMIP's scanner, not its grammar, handles
 * `include "glob"`, so an include may sit anywhere between two tokens;
 * this lexer does the same and the parser never sees one. Internal to
 * conf/mip6d*.c.
 */
#ifndef MIPXFRM_CONF_MIP6D_LEX_H
#define MIPXFRM_CONF_MIP6D_LEX_H

#include <glob.h>
#include <stdarg.h>
#include <string.h>
#include <sys/types.h>

#include "mip6d.h"

enum mip6d_tok {
	MIP6D_TOK_EOF,
	MIP6D_TOK_WORD,		/* keyword or boolean */
	MIP6D_TOK_STRING,	/* text is between the quotes */
	MIP6D_TOK_NUMBER,
	MIP6D_TOK_DECIMAL,	/* digits.digits */
	MIP6D_TOK_ADDR,		/* an IPv6 address (without /len) */
	MIP6D_TOK_PUNCT,	/* one of { } ; / ( ) , = */
};

struct mip6d_token {
	enum mip6d_tok type;
	const char *text;	/* into a buffer kept until mip6d_lex_close */
	size_t len;
	uint32_t num;
	double dec;
	struct in6_addr addr;
	struct mip6d_src src;
};

/* One file being read; frames[0] is the top file. */
struct mip6d_frame {
	const char *name;	/* interned in conf->files */
	const char *buf;
	size_t len;
	size_t pos;
	unsigned int line;
	dev_t dev;
	ino_t ino;
	/* The include directive of this file whose matches are being read. */
	bool including;
	glob_t matches;
	size_t next_match;
	size_t strip;		/* bytes of root before a match's name */
	struct mip6d_src incl_src;
};

struct mip6d_lexer {
	struct mip6d_conf *conf;
	const char *root;	/* NULL: none */
	struct mip6d_frame frames[MIP6D_MAX_INCLUDE_DEPTH + 1];
	int depth;		/* index of the frame being read */
	char **bufs;		/* every file's text, freed at close */
	size_t n_bufs;
	char *err;
	size_t errlen;
	struct mip6d_token tok;	/* the current token */
	struct mip6d_token prev;
};

/* Reads the top file; the first mip6d_lex_next() gives its first token. */
int mip6d_lex_open(struct mip6d_lexer *lx, struct mip6d_conf *conf,
		   const char *path, const char *root, char *err,
		   size_t errlen);
/* Moves tok to the next token, following includes. 0 or -1 (err set). */
int mip6d_lex_next(struct mip6d_lexer *lx);
void mip6d_lex_close(struct mip6d_lexer *lx);

/* Writes "FILE:LINE: " (unless at is NULL) and the message; returns -1. */
int mip6d_lex_error(struct mip6d_lexer *lx, const struct mip6d_src *at,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int mip6d_lex_verror(struct mip6d_lexer *lx, const struct mip6d_src *at,
		     const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* How a message quotes a token: 'word', "string", end of file. */
const char *mip6d_lex_quote(const struct mip6d_token *t, char *buf,
			    size_t size);
#define MIP6D_QUOTE_SIZE 64

/* Appends one zeroed element to a realloc'd array; NULL when out of memory. */
#define MIP6D_PUSH(arr, n) ({						\
	__typeof__(arr) a_ = realloc((arr), ((n) + 1) * sizeof(*(arr)));\
	if (a_) {							\
		(arr) = a_;						\
		memset(&a_[(n)], 0, sizeof(*a_));			\
		a_ = &a_[(n)++];					\
	}								\
	a_;								\
})

#endif
