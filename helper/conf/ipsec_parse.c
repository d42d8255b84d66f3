// SPDX-License-Identifier: GPL-2.0
/*
 * Reads ipsec.conf files into raw sections: the lexical rules of
 * strongSwan 5.9's starter (parser/lexer.l, parser/parser.y), written
 * by hand. Which keys mean what is ipsec_kw.c's business, inheritance
 * ipsec_also.c's, values ipsec.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/errbuf.h"
#include "ipsec_parse.h"

#define MAX_FILE_SIZE	(16 << 20)
#define QUOTE_MAX	60	/* of a bad line, in messages */

/* A growing string for one token or value. */
struct strbuf {
	char *s;
	size_t n, cap;
};

struct lexer {
	struct ipsec_parser *p;
	const char *file;		/* as the configuration names it */
	const char *buf;
	size_t len, pos;
	unsigned int line;
	struct strbuf tok, val;
};

enum tok { TOK_EOL, TOK_EQ, TOK_WORD };

static void diag(char *buf, size_t len, const struct ipsec_src *at,
		 const char *fmt, va_list ap)
{
	int n = 0;

	if (at && at->file)
		n = snprintf(buf, len, "%s:%u: ", at->file, at->line);
	if (n >= 0 && (size_t)n < len)
		vsnprintf(buf + n, len - (size_t)n, fmt, ap);
}

/* A warning as long as it is: names and paths must not cut its reason. */
int ipsec_warn(struct ipsec_parser *p, const struct ipsec_src *at,
	       const char *fmt, ...)
{
	struct ipsec_conf *c = p->conf;
	const char **w, *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = ipsec_arena_vprintf(p->tmp, fmt, ap);
	va_end(ap);
	w = ipsec_arena_push(p->mem, &c->warnings, &c->n_warnings,
			     &p->cap_warnings, sizeof(*w));
	if (!msg || !w)
		return ipsec_nomem(p);
	*w = at && at->file ? ipsec_arena_printf(p->mem, "%s:%u: %s", at->file,
						 at->line, msg) :
			      ipsec_arena_strdup(p->mem, msg);
	return *w ? 0 : ipsec_nomem(p);
}

int ipsec_error(struct ipsec_parser *p, const struct ipsec_src *at,
		const char *fmt, ...)
{
	va_list ap;

	if (!p->err || !p->errlen)
		return -1;
	va_start(ap, fmt);
	diag(p->err, p->errlen, at, fmt, ap);
	va_end(ap);
	return -1;
}

int ipsec_nomem(struct ipsec_parser *p)
{
	return ipsec_error(p, NULL, "out of memory");
}

static int sb_add(struct strbuf *b, char c)
{
	if (b->n + 1 >= b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		char *s = realloc(b->s, cap);

		if (!s)
			return -1;
		b->s = s;
		b->cap = cap;
	}
	b->s[b->n++] = c;
	b->s[b->n] = '\0';
	return 0;
}

static int sb_cat(struct strbuf *b, const char *s)
{
	for (; *s; s++)
		if (sb_add(b, *s))
			return -1;
	return 0;
}

static char peek(const struct lexer *lx, size_t ahead)
{
	return lx->pos + ahead < lx->len ? lx->buf[lx->pos + ahead] : '\0';
}

/* Blanks between tokens; a '\r' of a CRLF file counts as one. */
static void skip_blanks(struct lexer *lx)
{
	while (peek(lx, 0) == ' ' || peek(lx, 0) == '\t' || peek(lx, 0) == '\r')
		lx->pos++;
}

static void skip_line(struct lexer *lx)
{
	while (lx->pos < lx->len && lx->buf[lx->pos] != '\n')
		lx->pos++;
}

static void end_line(struct lexer *lx)
{
	if (peek(lx, 0) == '\n') {
		lx->pos++;
		lx->line++;
	}
}

static struct ipsec_src here(const struct lexer *lx)
{
	return (struct ipsec_src){ lx->file, lx->line };
}

/* "text" with starter's escapes; a quoted string may span lines. */
static int read_quoted(struct lexer *lx, struct strbuf *b)
{
	struct ipsec_src start = here(lx);
	char c, n;

	for (lx->pos++; lx->pos < lx->len; lx->pos++) {
		c = lx->buf[lx->pos];
		if (c == '"') {
			lx->pos++;
			return 0;
		}
		if (c == '\n')
			lx->line++;
		if (c == '\\') {
			n = peek(lx, 1);
			if (n == '\r' && peek(lx, 2) == '\n') {
				lx->pos++;	/* CRLF continuation */
				n = '\n';
			}
			if (!n)
				break;
			lx->pos++;
			if (n == '\n') {	/* continuation: drop both */
				lx->line++;
				continue;
			}
			c = n == 'n' ? '\n' : n == 'r' ? '\r' : n == 't' ? '\t' : n;
		}
		if (sb_add(b, c))
			return ipsec_nomem(lx->p);
	}
	return ipsec_error(lx->p, &start, "unterminated quoted string");
}

static bool ends_bare(char c)
{
	return !c || strchr("\"#= \t\r\n", c);
}

/* The next token of the line; a word lands in lx->tok. -1 on error. */
static int read_token(struct lexer *lx, enum tok *t)
{
	char c;

	lx->tok.n = 0;
	if (lx->tok.s)
		lx->tok.s[0] = '\0';
	skip_blanks(lx);
	c = peek(lx, 0);
	*t = TOK_EOL;
	if (!c || c == '\n')
		return 0;
	if (c == '#') {
		skip_line(lx);
		return 0;
	}
	if (c == '=') {
		lx->pos++;
		*t = TOK_EQ;
		return 0;
	}
	*t = TOK_WORD;
	if (c == '"')
		return read_quoted(lx, &lx->tok);
	/* "@#hex" is a key id, not a comment. */
	if (c == '@' && peek(lx, 1) == '#') {
		if (sb_add(&lx->tok, '@') || sb_add(&lx->tok, '#'))
			return ipsec_nomem(lx->p);
		lx->pos += 2;
	}
	for (; !ends_bare(peek(lx, 0)); lx->pos++)
		if (sb_add(&lx->tok, lx->buf[lx->pos]))
			return ipsec_nomem(lx->p);
	return 0;
}

static const char *tok_text(const struct lexer *lx)
{
	return lx->tok.s ? lx->tok.s : "";
}

/* Whether the text at pos is word, followed by a blank or the line end. */
static bool word_at(const struct lexer *lx, const char *word)
{
	size_t n = strlen(word);
	char c;

	if (lx->len - lx->pos < n || memcmp(lx->buf + lx->pos, word, n))
		return false;
	c = peek(lx, n);
	return !c || strchr(" \t\r\n", c);
}

/* The rest of the line, for quoting it in a message. */
static void line_text(const struct lexer *lx, char *buf, size_t len)
{
	size_t n = 0;

	while (lx->pos + n < lx->len && lx->buf[lx->pos + n] != '\n' &&
	       lx->buf[lx->pos + n] != '\r')
		n++;
	while (n && (lx->buf[lx->pos + n - 1] == ' ' ||
		     lx->buf[lx->pos + n - 1] == '\t'))
		n--;
	snprintf(buf, len, "%.*s%s", n > QUOTE_MAX ? QUOTE_MAX : (int)n,
		 lx->buf + lx->pos, n > QUOTE_MAX ? "..." : "");
}

static void sect_desc(const struct ipsec_section *s, char *buf, size_t len)
{
	if (s->type == IPSEC_SECT_SETUP)
		snprintf(buf, len, "config setup");
	else
		snprintf(buf, len, "%s '%s'",
			 s->type == IPSEC_SECT_CONN ? "conn" : "ca", s->name);
}

static size_t name_hash(enum ipsec_sect_type type, const char *name)
{
	uint32_t h = 2166136261u ^ (uint32_t)type;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

struct ipsec_section *ipsec_section_find(struct ipsec_parser *p,
					 enum ipsec_sect_type type,
					 const char *name)
{
	struct ipsec_section *s;

	if (!p->hash_size)
		return NULL;
	s = p->hash[name_hash(type, name) & (p->hash_size - 1)];
	for (; s; s = s->hnext)
		if (s->type == type && !strcmp(s->name, name))
			return s;
	return NULL;
}

/* Keeps the table at most half full; sections live in p->tmp. */
static int hash_insert(struct ipsec_parser *p, struct ipsec_section *s)
{
	struct ipsec_section **h, *t, *next;
	size_t size, i, b;

	if (p->n_sects * 2 > p->hash_size) {
		size = p->hash_size ? p->hash_size * 2 : 64;
		h = ipsec_arena_alloc(p->tmp, size * sizeof(*h));
		if (!h)
			return -1;
		for (i = 0; i < p->hash_size; i++) {
			for (t = p->hash[i]; t; t = next) {
				next = t->hnext;
				b = name_hash(t->type, t->name) & (size - 1);
				t->hnext = h[b];
				h[b] = t;
			}
		}
		p->hash = h;
		p->hash_size = size;
	}
	b = name_hash(s->type, s->name) & (p->hash_size - 1);
	s->hnext = p->hash[b];
	p->hash[b] = s;
	return 0;
}

/* A "conn NAME" continues an earlier section of that name, as starter. */
static struct ipsec_section *open_section(struct ipsec_parser *p,
					  enum ipsec_sect_type type,
					  const char *name,
					  const struct ipsec_src *at)
{
	struct ipsec_section *s, **slot;

	if (type == IPSEC_SECT_SETUP && p->setup)
		return p->setup;
	if (type != IPSEC_SECT_SETUP && (s = ipsec_section_find(p, type, name)))
		return s;
	s = ipsec_arena_alloc(p->tmp, sizeof(*s));
	if (!s)
		return NULL;
	s->type = type;
	s->src = *at;
	if (type == IPSEC_SECT_SETUP)
		return p->setup = s;
	s->name = ipsec_arena_strdup(p->tmp, name);
	slot = ipsec_arena_push(p->tmp, &p->sects, &p->n_sects, &p->cap_sects,
				sizeof(*slot));
	if (!s->name || !slot)
		return NULL;
	*slot = s;
	return hash_insert(p, s) ? NULL : s;
}

/* "config setup", "conn NAME" or "ca NAME" in column 0. */
static int parse_header(struct lexer *lx)
{
	struct ipsec_parser *p = lx->p;
	struct ipsec_src at = here(lx);
	enum ipsec_sect_type type;
	const char *what;
	char name[256], line[QUOTE_MAX + 8], q[ERRQUOTE_SIZE];
	enum tok t;

	if (word_at(lx, "config")) {
		lx->pos += 6;
		skip_blanks(lx);
		if (!word_at(lx, "setup"))
			return ipsec_error(p, &at, "expected 'config setup'");
		lx->pos += 5;
		type = IPSEC_SECT_SETUP;
		what = "config setup";
		name[0] = '\0';
	} else if (word_at(lx, "conn") || word_at(lx, "ca")) {
		type = word_at(lx, "conn") ? IPSEC_SECT_CONN : IPSEC_SECT_CA;
		what = type == IPSEC_SECT_CONN ? "conn" : "ca";
		lx->pos += strlen(what);
		if (read_token(lx, &t))
			return -1;
		if (t != TOK_WORD || !lx->tok.n)
			return ipsec_error(p, &at, "'%s' without a name", what);
		if (lx->tok.n >= sizeof(name))
			return ipsec_error(p, &at, "%s name '%.40s...' is too "
					   "long", what, tok_text(lx));
		strcpy(name, tok_text(lx));
	} else {
		line_text(lx, line, sizeof(line));
		return ipsec_error(p, &at, "'%s' is not indented: settings "
				   "start with a space or tab, below a conn, "
				   "ca or config setup line", line);
	}
	if (read_token(lx, &t))
		return -1;
	if (t != TOK_EOL)
		return ipsec_error(p, &at, "unexpected '%s' after '%s%s%s'",
				   t == TOK_EQ ? "=" : errquote(q, tok_text(lx)),
				   what, *name ? " " : "", name);
	p->cur = open_section(p, type, name, &at);
	return p->cur ? 0 : ipsec_nomem(p);
}

static int add_also(struct ipsec_parser *p, struct ipsec_section *s,
		    const char *value, const struct ipsec_src *at)
{
	struct ipsec_also *a;

	if (s->type == IPSEC_SECT_SETUP)
		return ipsec_warn(p, at, "also= in config setup, ignored");
	if (!value)
		return ipsec_warn(p, at, "empty also=, ignored");
	/* Every section inherits %default anyway: starter drops it. */
	if (!strcmp(value, "%default"))
		return 0;
	if (!strcmp(s->name, "%default"))
		return ipsec_warn(p, at, "also=%s in %s %%default, ignored as "
				  "strongSwan ignores it", value,
				  s->type == IPSEC_SECT_CONN ? "conn" : "ca");
	a = ipsec_arena_push(p->tmp, &s->also, &s->n_also, &s->cap_also,
			     sizeof(*a));
	if (!a || !(a->name = ipsec_arena_strdup(p->tmp, value)))
		return ipsec_nomem(p);
	a->src = *at;
	return 0;
}

static struct ipsec_raw *raw_find(struct ipsec_section *s,
				  const struct ipsec_kw *kw,
				  enum ipsec_side side)
{
	size_t i;

	for (i = 0; i < s->n_raw; i++)
		if (s->raw[i].kw == kw && s->raw[i].side == side)
			return &s->raw[i];
	return NULL;
}

/* Files one setting under the current section, or says why not. */
static int add_setting(struct ipsec_parser *p, const char *key,
		       const char *value, const struct ipsec_src *at)
{
	struct ipsec_section *s = p->cur;
	const struct ipsec_kw *kw;
	struct ipsec_raw *r;
	const char *elsewhere;
	enum ipsec_side side;
	char desc[300];

	if (!s)
		return ipsec_warn(p, at, "'%s' outside any section, ignored",
				  key);
	if (!strcmp(key, "also"))
		return add_also(p, s, value, at);
	sect_desc(s, desc, sizeof(desc));
	kw = ipsec_kw_find(s->type, key, &side, &elsewhere);
	if (!kw && elsewhere)
		return ipsec_error(p, at, "'%s' belongs in %s, not in %s", key,
				   elsewhere, desc);
	if (!kw)
		return ipsec_warn(p, at, "unknown keyword '%s' in %s, ignored",
				  key, desc);
	if (kw->status == IPSEC_KW_DEPRECATED)
		return ipsec_warn(p, at, "deprecated keyword '%s' in %s, "
				  "ignored", key, desc);
	if (kw->status == IPSEC_KW_UNSUPPORTED)
		return ipsec_warn(p, at, "keyword '%s' in %s is not supported "
				  "by mipxfrmd, ignored", key, desc);
	r = raw_find(s, kw, side);
	if (r && ipsec_warn(p, at, "'%s' in %s overrides %s:%u", key, desc,
			    r->src.file, r->src.line))
		return -1;
	if (!r)
		r = ipsec_arena_push(p->tmp, &s->raw, &s->n_raw, &s->cap_raw,
				     sizeof(*r));
	if (!r)
		return ipsec_nomem(p);
	r->kw = kw;
	r->side = side;
	r->key = ipsec_arena_strdup(p->tmp, key);
	r->value = value ? ipsec_arena_strdup(p->tmp, value) : NULL;
	r->src = *at;
	return r->key && (!value || r->value) ? 0 : ipsec_nomem(p);
}

/* An indented "key=value", words of the value joined by one space. */
static int parse_setting(struct lexer *lx)
{
	struct ipsec_src at = here(lx);
	char key[128], q[ERRQUOTE_SIZE];
	enum tok t;

	if (read_token(lx, &t))
		return -1;
	if (t == TOK_EQ || !lx->tok.n)
		return ipsec_error(lx->p, &at, "a setting needs a name before "
				   "'='");
	if (lx->tok.n >= sizeof(key))
		return ipsec_error(lx->p, &at, "unknown keyword '%.40s...'",
				   tok_text(lx));
	strcpy(key, tok_text(lx));
	if (read_token(lx, &t))
		return -1;
	if (t != TOK_EQ)
		return ipsec_error(lx->p, &at, "missing '=' after '%s'%s%s%s",
				   key, t == TOK_WORD ? " (found '" : "",
				   t == TOK_WORD ? errquote(q, tok_text(lx)) : "",
				   t == TOK_WORD ? "')" : "");
	lx->val.n = 0;
	for (;;) {
		if (read_token(lx, &t))
			return -1;
		if (t == TOK_EOL)
			break;
		if (t == TOK_EQ)
			return ipsec_error(lx->p, &at, "'=' in the value of "
					   "'%s': quote a value that contains "
					   "'='", key);
		if ((lx->val.n && sb_add(&lx->val, ' ')) ||
		    sb_cat(&lx->val, tok_text(lx)))
			return ipsec_nomem(lx->p);
	}
	/* "key=" and key="" both unset what a parent section set. */
	return add_setting(lx->p, key, lx->val.n ? lx->val.s : NULL, &at);
}

static int read_file(struct ipsec_parser *p, const char *name,
		     const struct ipsec_src *from, const char *pattern);

/* A pattern with wildcards: every match, in glob(3)'s sorted order. */
static int include_glob(struct ipsec_parser *p, const char *name,
			const struct ipsec_src *at, const char *pattern)
{
	glob_t g;
	size_t i, strip;
	int r = ipsec_glob(p->root, name, &g, &strip);

	if (r == GLOB_NOMATCH)
		return ipsec_warn(p, at, "include %s: no files match, nothing "
				  "included", pattern);
	if (r == -ENOMEM)
		return ipsec_nomem(p);
	if (r)
		return ipsec_error(p, at, "include %s: cannot read the "
				   "directory: %s", pattern, strerror(-r));
	for (i = 0; i < g.gl_pathc && !r; i++)
		r = read_file(p, g.gl_pathv[i] + strip, at, pattern);
	globfree(&g);
	return r;
}

static int include_files(struct ipsec_parser *p, const struct lexer *lx,
			 const char *pattern, const struct ipsec_src *at)
{
	const char *dir, *name = pattern;

	if (!*pattern)
		return ipsec_error(p, at, "include without a file name");
	if (p->depth > IPSEC_MAX_INCLUDE_DEPTH)
		return ipsec_error(p, at, "include %s: more than %d nested "
				   "includes", pattern, IPSEC_MAX_INCLUDE_DEPTH);
	if (pattern[0] != '/') {
		dir = ipsec_dirname(p->tmp, lx->file);
		name = dir && *dir ? ipsec_arena_printf(p->tmp, "%s%s%s", dir,
				strcmp(dir, "/") ? "/" : "", pattern) : pattern;
		if (!dir || !name)
			return ipsec_nomem(p);
	}
	if (strpbrk(name, "*?["))
		return include_glob(p, name, at, pattern);
	return read_file(p, name, at, pattern);
}

/* "include PATTERN", where starter's lexer sees it: "include" + blanks. */
static bool include_at(const struct lexer *lx)
{
	size_t i = 7;

	if (!word_at(lx, "include"))
		return false;
	while (peek(lx, i) == ' ' || peek(lx, i) == '\t')
		i++;
	return peek(lx, i) != '=';
}

static int parse_include(struct lexer *lx)
{
	struct ipsec_src at = here(lx);
	char pattern[4096], c, q[ERRQUOTE_SIZE];
	size_t n = 0;
	enum tok t;

	lx->pos += 7;
	skip_blanks(lx);
	if (peek(lx, 0) == '"') {
		lx->tok.n = 0;
		if (read_quoted(lx, &lx->tok))
			return -1;
		n = lx->tok.n;
		if (n >= sizeof(pattern))
			return ipsec_error(lx->p, &at, "include: path too long");
		memcpy(pattern, tok_text(lx), n);
	} else {
		/* A bare pattern ends at a blank or '#'; '\' escapes those. */
		while ((c = peek(lx, 0)) && !strchr(" \t\r\n#", c)) {
			if (c == '\\' && peek(lx, 1) &&
			    strchr("\"#} ", peek(lx, 1)))
				c = lx->buf[++lx->pos];
			if (n + 1 >= sizeof(pattern))
				return ipsec_error(lx->p, &at,
						   "include: path too long");
			pattern[n++] = c;
			lx->pos++;
		}
	}
	pattern[n] = '\0';
	if (read_token(lx, &t))
		return -1;
	if (t != TOK_EOL)
		return ipsec_error(lx->p, &at, "unexpected '%s' after 'include "
				   "%s'", t == TOK_EQ ? "=" :
				   errquote(q, tok_text(lx)), pattern);
	return include_files(lx->p, lx, pattern, &at);
}

/* One line: blank, comment, "version", include, header or setting. */
static int parse_line(struct lexer *lx)
{
	bool indented = peek(lx, 0) == ' ' || peek(lx, 0) == '\t';
	char c;
	int r;

	skip_blanks(lx);
	c = peek(lx, 0);
	if (!c || c == '\n' || c == '#' || word_at(lx, "version")) {
		/* starter eats a legacy "version 2" line whole. */
		skip_line(lx);
		r = 0;
	} else if (include_at(lx)) {
		r = parse_include(lx);
	} else {
		r = indented ? parse_setting(lx) : parse_header(lx);
	}
	end_line(lx);
	return r;
}

/*
 * Sized from fstat() so that a regular file is read without realloc():
 * ipsec.secrets must not leave copies of itself in freed memory.
 */
int ipsec_slurp(const char *path, char **buf, size_t *len)
{
	size_t cap = 0, n = 0;
	char *b = NULL, *nb;
	struct stat st;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (!fstat(fd, &st) && st.st_size > 0 && st.st_size < MAX_FILE_SIZE)
		cap = (size_t)st.st_size + 1;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			if (cap > MAX_FILE_SIZE || !(nb = realloc(b, cap))) {
				r = cap > MAX_FILE_SIZE ? -EFBIG : -ENOMEM;
				goto fail;
			}
			b = nb;
		} else if (!b && !(b = malloc(cap))) {
			r = -ENOMEM;
			goto fail;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			r = -errno;
			goto fail;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	close(fd);
	*buf = b;
	*len = n;
	return 0;
fail:
	free(b);
	close(fd);
	return (int)r;
}

static const char *intern_file(struct ipsec_parser *p, const char *name)
{
	struct ipsec_conf *c = p->conf;
	const char **f;

	f = ipsec_arena_push(p->mem, &c->files, &c->n_files, &p->cap_files,
			     sizeof(*f));
	return f ? (*f = ipsec_arena_strdup(p->mem, name)) : NULL;
}

static int parse_buffer(struct lexer *lx)
{
	const char *nul = memchr(lx->buf, '\0', lx->len);
	struct ipsec_src at = { lx->file, 1 };
	size_t i;

	if (nul) {
		for (i = 0; lx->buf + i < nul; i++)
			at.line += lx->buf[i] == '\n';
		return ipsec_error(lx->p, &at, "NUL byte: not a text file");
	}
	while (lx->pos < lx->len)
		if (parse_line(lx))
			return -1;
	return 0;
}

/*
 * An include of a file that is already being read, named by its chain:
 * "a.conf:1 includes b.conf, b.conf:2 includes a.conf again". Without
 * this, a loop only ends at the depth limit, at a line that says
 * nothing of the loop.
 */
static int loop_error(struct ipsec_parser *p, int first,
		      const struct ipsec_src *from, const char *pattern)
{
	const struct ipsec_reading *r;
	const char *chain = "";

	for (int i = first + 1; i < p->depth && chain; i++) {
		r = &p->reading[i];
		chain = ipsec_arena_printf(p->tmp, "%s%s:%u includes %s, ", chain,
					   r->from.file, r->from.line, r->name);
	}
	if (!chain)
		return ipsec_nomem(p);
	return ipsec_error(p, from, "include %s: include loop: %s%s:%u "
			   "includes %s again", pattern, chain, from->file,
			   from->line, p->reading[first].name);
}

/* Puts real on the stack of files being read, unless it is there. */
static int enter_file(struct ipsec_parser *p, const char *real,
		      const char *name, const struct ipsec_src *from,
		      const char *pattern)
{
	struct ipsec_reading *r = &p->reading[p->depth];
	struct stat st;

	/* One that cannot be stat()ed fails to open, with its reason. */
	if (stat(real, &st))
		memset(&st, 0, sizeof(st));
	for (int i = 0; from && st.st_ino && i < p->depth; i++)
		if (p->reading[i].dev == st.st_dev &&
		    p->reading[i].ino == st.st_ino)
			return loop_error(p, i, from, pattern);
	r->name = name;
	r->dev = st.st_dev;
	r->ino = st.st_ino;
	r->from = from ? *from : (struct ipsec_src){ NULL, 0 };
	return 0;
}

/* Reads name (rooted) and parses it; from/pattern: the include line. */
static int read_file(struct ipsec_parser *p, const char *name,
		     const struct ipsec_src *from, const char *pattern)
{
	struct lexer lx = { .p = p, .line = 1 };
	char real[4096], *buf = NULL;
	size_t len = 0;
	int r;

	if (ipsec_rooted(p->root, name, real, sizeof(real)))
		return ipsec_error(p, from, "%s: path too long", name);
	if (enter_file(p, real, name, from, pattern))
		return -1;
	r = ipsec_slurp(real, &buf, &len);
	if (r == -ENOMEM)
		return ipsec_nomem(p);
	if (r && !from)
		return ipsec_error(p, NULL, "cannot open %s: %s", name,
				   strerror(-r));
	if (r)
		return ipsec_error(p, from, "include %s: cannot read %s: %s",
				   pattern, name, strerror(-r));
	lx.file = intern_file(p, name);
	lx.buf = buf;
	lx.len = len;
	p->depth++;
	r = lx.file ? parse_buffer(&lx) : ipsec_nomem(p);
	p->depth--;
	free(buf);
	free(lx.tok.s);
	free(lx.val.s);
	return r;
}

int ipsec_parse_file(struct ipsec_parser *p, const char *path)
{
	return read_file(p, path, NULL, NULL);
}
