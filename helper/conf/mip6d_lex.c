// SPDX-License-Identifier: GPL-2.0
/*
 * Tokens of mip6d.conf as UMIP 1.0's scanner cuts them, and its include
 * directive: glob(3) the pattern, read each match in order as if its text
 * stood where the directive is, at most MIP6D_MAX_INCLUDE_DEPTH levels
 * deep.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mip6d_lex.h"

/* A configuration file is a few hundred bytes; refuse absurd ones. */
#define MAX_FILE_SIZE (1 << 20)

static const char puncts[] = "{};/(),=";

int mip6d_lex_verror(struct mip6d_lexer *lx, const struct mip6d_src *at,
		     const char *fmt, va_list ap)
{
	int n = 0;

	if (!lx->err || !lx->errlen)
		return -1;
	if (at && at->file)
		n = snprintf(lx->err, lx->errlen, "%s:%u: ", at->file,
			     at->line);
	if (n >= 0 && (size_t)n < lx->errlen)
		vsnprintf(lx->err + n, lx->errlen - n, fmt, ap);
	return -1;
}

int mip6d_lex_error(struct mip6d_lexer *lx, const struct mip6d_src *at,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mip6d_lex_verror(lx, at, fmt, ap);
	va_end(ap);
	return -1;
}

const char *mip6d_lex_quote(const struct mip6d_token *t, char *buf,
			    size_t size)
{
	/* Long tokens are cut so a message stays one readable line. */
	int max = t->len > 40 ? 37 : (int)t->len;
	const char *more = t->len > 40 ? "..." : "";

	if (t->type == MIP6D_TOK_EOF)
		snprintf(buf, size, "end of file");
	else if (t->type == MIP6D_TOK_STRING)
		snprintf(buf, size, "\"%.*s%s\"", max, t->text, more);
	else
		snprintf(buf, size, "'%.*s%s'", max, t->text, more);
	return buf;
}

/* Every src points at one copy of its file's name, owned by conf. */
static const char *intern(struct mip6d_conf *c, const char *name)
{
	char **slot, *copy;
	size_t i;

	for (i = 0; i < c->n_files; i++)
		if (!strcmp(c->files[i], name))
			return c->files[i];
	copy = strdup(name);
	if (!copy)
		return NULL;
	slot = MIP6D_PUSH(c->files, c->n_files);
	if (!slot) {
		free(copy);
		return NULL;
	}
	*slot = copy;
	return copy;
}

static int warn(struct mip6d_lexer *lx, const struct mip6d_src *at,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int warn(struct mip6d_lexer *lx, const struct mip6d_src *at,
		const char *fmt, ...)
{
	struct mip6d_conf *c = lx->conf;
	char *reason, **slot;
	va_list ap;
	int n;

	/* As long as it is: a long pattern must not cut the reason. */
	va_start(ap, fmt);
	n = vasprintf(&reason, fmt, ap);
	va_end(ap);
	if (n < 0)
		return mip6d_lex_error(lx, at, "out of memory");
	slot = MIP6D_PUSH(c->warnings, c->n_warnings);
	if (!slot || asprintf(slot, "%s:%u: %s", at->file, at->line,
			      reason) < 0) {
		if (slot)
			c->n_warnings--;
		free(reason);
		return mip6d_lex_error(lx, at, "out of memory");
	}
	free(reason);
	return 0;
}

/* The whole file, NUL-terminated. Returns 0 or -errno. */
static int read_all(int fd, char **out, size_t *len)
{
	size_t size = 4096, n = 0;
	char *buf = malloc(size), *bigger;
	ssize_t r;
	int err;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (n + 1 >= size) {
			size *= 2;
			bigger = realloc(buf, size);
			if (!bigger) {
				free(buf);
				return -ENOMEM;
			}
			buf = bigger;
		}
		r = read(fd, buf + n, size - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
		if (n > MAX_FILE_SIZE) {
			free(buf);
			return -EFBIG;
		}
	}
	if (r < 0) {
		err = errno;
		free(buf);
		return -err;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static bool on_stack(const struct mip6d_lexer *lx, const struct stat *st)
{
	int i;

	for (i = 0; i <= lx->depth; i++)
		if (lx->frames[i].dev == st->st_dev &&
		    lx->frames[i].ino == st->st_ino)
			return true;
	return false;
}

static int open_error(struct mip6d_lexer *lx, const struct mip6d_src *at,
		      const char *name, int err)
{
	if (err == EFBIG)
		return mip6d_lex_error(lx, at, "cannot read %s: larger than %d bytes",
				       name, MAX_FILE_SIZE);
	return mip6d_lex_error(lx, at, "cannot open %s: %s", name,
			       strerror(err));
}

/*
 * Reads real (named name in messages) into the frame above the current
 * one. at is the include directive, NULL for the top file.
 */
static int push_file(struct mip6d_lexer *lx, const char *real,
		     const char *name, const struct mip6d_src *at)
{
	struct mip6d_frame *f = &lx->frames[lx->depth + 1];
	char *buf = NULL, **slot;
	struct stat st;
	size_t len = 0;
	int fd, err;

	fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return open_error(lx, at, name, errno);
	err = fstat(fd, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
	if (err) {
		close(fd);
		return open_error(lx, at, name, err);
	}
	/* A loop would otherwise only end at the depth limit. */
	if (lx->depth >= 0 && on_stack(lx, &st)) {
		close(fd);
		return mip6d_lex_error(lx, at, "include loop: %s is already being read",
				       name);
	}
	err = read_all(fd, &buf, &len);
	close(fd);
	if (err)
		return open_error(lx, at, name, -err);
	slot = MIP6D_PUSH(lx->bufs, lx->n_bufs);
	if (!slot) {
		free(buf);
		return mip6d_lex_error(lx, at, "out of memory");
	}
	*slot = buf;
	memset(f, 0, sizeof(*f));
	f->name = intern(lx->conf, name);
	if (!f->name)
		return mip6d_lex_error(lx, at, "out of memory");
	f->buf = buf;
	f->len = len;
	f->line = 1;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	lx->depth++;
	return 0;
}

/* real = root + path for an absolute path, else path. */
static int rooted(const struct mip6d_lexer *lx, const char *path, char *real,
		  size_t size)
{
	const char *root = path[0] == '/' && lx->root ? lx->root : "";

	if ((size_t)snprintf(real, size, "%s%s", root, path) >= size)
		return -ENAMETOOLONG;
	return 0;
}

int mip6d_lex_open(struct mip6d_lexer *lx, struct mip6d_conf *conf,
		   const char *path, const char *root, char *err, size_t errlen)
{
	char real[PATH_MAX];

	memset(lx, 0, sizeof(*lx));
	lx->conf = conf;
	lx->root = root && root[0] ? root : NULL;
	lx->err = err;
	lx->errlen = errlen;
	lx->depth = -1;
	if (rooted(lx, path, real, sizeof(real)))
		return open_error(lx, NULL, path, ENAMETOOLONG);
	return push_file(lx, real, path, NULL);
}

void mip6d_lex_close(struct mip6d_lexer *lx)
{
	size_t i;

	for (; lx->depth >= 0; lx->depth--)
		if (lx->frames[lx->depth].including)
			globfree(&lx->frames[lx->depth].matches);
	for (i = 0; i < lx->n_bufs; i++)
		free(lx->bufs[i]);
	free(lx->bufs);
	lx->bufs = NULL;
	lx->n_bufs = 0;
}

/* Escapes glob's metacharacters so a directory name is taken literally. */
static int glob_escape(char *dst, size_t size, const char *src, size_t n)
{
	size_t o = 0, i;

	for (i = 0; i < n; i++) {
		if (o + 2 >= size)
			return -ENAMETOOLONG;
		if (strchr("*?[\\", src[i]))
			dst[o++] = '\\';
		dst[o++] = src[i];
	}
	dst[o] = '\0';
	return 0;
}

/*
 * Where an include in file name looks: a relative pattern in name's
 * directory (its first *dlen bytes), an absolute one -- or a relative
 * one in an absolute file -- below the root (*root, "" for none).
 */
static void include_base(const struct mip6d_lexer *lx, const char *name,
			 const char *pat, const char **root, size_t *dlen)
{
	const char *slash = strrchr(name, '/');

	*dlen = pat[0] != '/' && slash ? (size_t)(slash - name + 1) : 0;
	*root = (*dlen ? name[0] : pat[0]) == '/' && lx->root ? lx->root : "";
}

/*
 * The glob pattern for an include in file name. Sets *strip to the
 * bytes of root that begin every match.
 */
static int include_pattern(const struct mip6d_lexer *lx, const char *name,
			   const char *pat, char *out, size_t size,
			   size_t *strip)
{
	const char *root;
	size_t dlen, used;

	include_base(lx, name, pat, &root, &dlen);
	*strip = strlen(root);
	out[0] = '\0';
	if (glob_escape(out, size, root, *strip))
		return -ENAMETOOLONG;
	used = strlen(out);
	if (glob_escape(out + used, size - used, name, dlen))
		return -ENAMETOOLONG;
	used += strlen(out + used);
	if ((size_t)snprintf(out + used, size - used, "%s", pat) >= size - used)
		return -ENAMETOOLONG;
	return 0;
}

/* glob(3) reports an unreadable directory through a callback only. */
static _Thread_local struct {
	int err;
	char path[PATH_MAX];
} glob_failure;

static int glob_failed(const char *path, int err)
{
	glob_failure.err = err;
	snprintf(glob_failure.path, sizeof(glob_failure.path), "%s", path);
	return 1;
}

/* Opens the next match of the current frame's include, if any is left. */
static int next_match(struct mip6d_lexer *lx)
{
	struct mip6d_frame *f = &lx->frames[lx->depth];
	const char *real;

	if (!f->including)
		return 0;
	if (f->next_match >= f->matches.gl_pathc) {
		globfree(&f->matches);
		f->including = false;
		return 0;
	}
	real = f->matches.gl_pathv[f->next_match++];
	return push_file(lx, real, real + f->strip, &f->incl_src);
}

static int glob_error(struct mip6d_lexer *lx, const struct mip6d_src *at,
		      const char *pat, int ret, size_t strip)
{
	const char *dir = glob_failure.path;

	if (ret == GLOB_NOSPACE)
		return mip6d_lex_error(lx, at, "out of memory");
	if (ret == GLOB_ABORTED && glob_failure.err) {
		if (strlen(dir) >= strip)
			dir += strip;
		return mip6d_lex_error(lx, at, "include \"%s\": cannot read %s: %s",
				       pat, dir, strerror(glob_failure.err));
	}
	return mip6d_lex_error(lx, at, "include \"%s\": glob failed (%d)", pat,
			       ret);
}

/*
 * A name without wildcards must exist, as in ipsec.conf: UMIP globs it
 * and only warns when it is missing, and a mobile whose file is missing
 * then silently gets no reqids of mip6d.conf.
 */
static int include_file(struct mip6d_lexer *lx, const struct mip6d_src *at,
			const char *pat)
{
	const char *name = lx->frames[lx->depth].name, *root;
	char real[PATH_MAX];
	size_t dlen;

	include_base(lx, name, pat, &root, &dlen);
	if ((size_t)snprintf(real, sizeof(real), "%s%.*s%s", root, (int)dlen,
			     name, pat) >= sizeof(real))
		return mip6d_lex_error(lx, at, "include \"%s\": path too long",
				       pat);
	return push_file(lx, real, real + strlen(root), at);
}

/* Expands pat; UMIP only warns when a pattern matches nothing. */
static int expand(struct mip6d_lexer *lx, const struct mip6d_src *at,
		  const char *pat)
{
	struct mip6d_frame *f = &lx->frames[lx->depth];
	char pattern[2 * PATH_MAX];
	size_t strip;
	int ret;

	if (lx->depth >= MIP6D_MAX_INCLUDE_DEPTH)
		return mip6d_lex_error(lx, at, "include \"%s\": more than %d nested include levels",
				       pat, MIP6D_MAX_INCLUDE_DEPTH);
	if (!strpbrk(pat, "*?["))
		return include_file(lx, at, pat);
	if (include_pattern(lx, f->name, pat, pattern, sizeof(pattern), &strip))
		return mip6d_lex_error(lx, at, "include \"%s\": path too long",
				       pat);
	glob_failure.err = 0;
	ret = glob(pattern, GLOB_ERR, glob_failed, &f->matches);
	if (ret == GLOB_NOMATCH) {
		globfree(&f->matches);
		return warn(lx, at, "include \"%s\" matches no file", pat);
	}
	if (ret) {
		globfree(&f->matches);
		return glob_error(lx, at, pat, ret, strip);
	}
	f->including = true;
	f->next_match = 0;
	f->strip = strip;
	f->incl_src = *at;
	return next_match(lx);
}

/* After the word include: a quoted pattern on the same line, no ';'. */
static int include(struct mip6d_lexer *lx)
{
	struct mip6d_frame *f = &lx->frames[lx->depth];
	struct mip6d_src at = lx->tok.src;
	const char *start, *end;
	char pat[PATH_MAX];

	while (f->pos < f->len && (f->buf[f->pos] == ' ' ||
				   f->buf[f->pos] == '\t'))
		f->pos++;
	start = f->buf + f->pos;
	end = f->pos < f->len && *start == '"' ?
		memchr(start + 1, '"', f->len - f->pos - 1) : NULL;
	if (!end || memchr(start, '\n', end - start))
		return mip6d_lex_error(lx, &at, "include wants a quoted file pattern on the same line");
	if ((size_t)(end - start - 1) >= sizeof(pat))
		return mip6d_lex_error(lx, &at, "include: pattern too long");
	memcpy(pat, start + 1, end - start - 1);
	pat[end - start - 1] = '\0';
	f->pos = end + 1 - f->buf;
	return expand(lx, &at, pat);
}

/* Skips blanks, newlines and '#' comments. */
static void skip_space(struct mip6d_frame *f)
{
	while (f->pos < f->len) {
		char c = f->buf[f->pos];

		if (c == '\n') {
			f->line++;
		} else if (c == '#') {
			while (f->pos < f->len && f->buf[f->pos] != '\n')
				f->pos++;
			continue;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
		f->pos++;
	}
}

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '.';
}

/* At most 60 bytes of a bad token go into a message. */
#define SHOWN(t) (int)((t)->len < 60 ? (t)->len : 60), (t)->text

static int classify_number(struct mip6d_lexer *lx, struct mip6d_token *t)
{
	unsigned long long v = 0;
	size_t i;

	for (i = 0; i < t->len; i++) {
		v = v * 10 + (t->text[i] - '0');
		if (v > UINT32_MAX)
			return mip6d_lex_error(lx, &t->src, "number '%.*s' is too large (max %u)",
					       SHOWN(t), UINT32_MAX);
	}
	t->type = MIP6D_TOK_NUMBER;
	t->num = v;
	return 0;
}

/* A bounded, NUL-terminated copy of t, or false if t is too long. */
static bool copy_token(const struct mip6d_token *t, char *buf, size_t size)
{
	if (t->len >= size)
		return false;
	memcpy(buf, t->text, t->len);
	buf[t->len] = '\0';
	return true;
}

static int classify_addr(struct mip6d_lexer *lx, struct mip6d_token *t)
{
	char copy[INET6_ADDRSTRLEN];

	if (!copy_token(t, copy, sizeof(copy)) ||
	    inet_pton(AF_INET6, copy, &t->addr) != 1)
		return mip6d_lex_error(lx, &t->src, "bad IPv6 address '%.*s'",
				       SHOWN(t));
	t->type = MIP6D_TOK_ADDR;
	return 0;
}

/* UMIP's decimal: digits '.' digits, for timers in seconds. */
static int classify_decimal(struct mip6d_lexer *lx, struct mip6d_token *t)
{
	char copy[32];

	if (!copy_token(t, copy, sizeof(copy)))
		return mip6d_lex_error(lx, &t->src, "decimal number '%.*s' is too long",
				       SHOWN(t));
	t->type = MIP6D_TOK_DECIMAL;
	t->dec = strtod(copy, NULL);
	return 0;
}

/* A run of word characters is an address, a number, a decimal or a word. */
static int classify(struct mip6d_lexer *lx, struct mip6d_token *t)
{
	/* Bounded: the character after a word is no digit. */
	size_t digits = strspn(t->text, "0123456789");
	size_t frac;

	if (memchr(t->text, ':', t->len))
		return classify_addr(lx, t);
	if (digits == t->len)
		return classify_number(lx, t);
	if (digits && t->text[digits] == '.') {
		frac = strspn(t->text + digits + 1, "0123456789");
		if (frac && digits + 1 + frac == t->len)
			return classify_decimal(lx, t);
	}
	if (!digits && !memchr(t->text, '.', t->len)) {
		t->type = MIP6D_TOK_WORD;
		return 0;
	}
	return mip6d_lex_error(lx, &t->src, "cannot read '%.*s': not a keyword, number or IPv6 address",
			       SHOWN(t));
}

/* UMIP's qstring: up to the next '"' on the same line, no escapes. */
static int scan_string(struct mip6d_lexer *lx, struct mip6d_frame *f,
		       struct mip6d_token *t)
{
	const char *start = f->buf + f->pos + 1;
	size_t n = strcspn(start, "\"\n");

	if (start[n] != '"' || f->pos + 1 + n >= f->len)
		return mip6d_lex_error(lx, &t->src, "unterminated string \"%.*s",
				       (int)(n < 40 ? n : 40), start);
	t->type = MIP6D_TOK_STRING;
	t->text = start;
	t->len = n;
	f->pos += n + 2;
	return 0;
}

static int scan(struct mip6d_lexer *lx, struct mip6d_frame *f,
		struct mip6d_token *t)
{
	unsigned char c = f->buf[f->pos];

	memset(t, 0, sizeof(*t));
	t->src.file = f->name;
	t->src.line = f->line;
	t->text = f->buf + f->pos;
	if (c == '"')
		return scan_string(lx, f, t);
	if (c && strchr(puncts, c)) {
		t->type = MIP6D_TOK_PUNCT;
		t->len = 1;
		f->pos++;
		return 0;
	}
	if (!word_char(c)) {
		if (c >= 0x20 && c < 0x7f)
			return mip6d_lex_error(lx, &t->src, "unexpected character '%c'",
					       c);
		return mip6d_lex_error(lx, &t->src, "unexpected byte 0x%02x",
				       c);
	}
	while (f->pos < f->len && word_char(f->buf[f->pos]))
		f->pos++;
	t->len = f->buf + f->pos - t->text;
	return classify(lx, t);
}

/* The end of the top file, placed on its last line. */
static void end_token(struct mip6d_lexer *lx)
{
	struct mip6d_frame *f = &lx->frames[0];
	struct mip6d_token *t = &lx->tok;

	memset(t, 0, sizeof(*t));
	t->type = MIP6D_TOK_EOF;
	t->text = "";
	t->src.file = f->name;
	t->src.line = f->line;
	if (f->line > 1 && f->len && f->buf[f->len - 1] == '\n')
		t->src.line--;
}

static bool is_include(const struct mip6d_token *t)
{
	return t->type == MIP6D_TOK_WORD && t->len == 7 &&
	       !memcmp(t->text, "include", 7);
}

int mip6d_lex_next(struct mip6d_lexer *lx)
{
	struct mip6d_frame *f;

	lx->prev = lx->tok;
	for (;;) {
		f = &lx->frames[lx->depth];
		skip_space(f);
		if (f->pos >= f->len) {
			if (lx->depth == 0) {
				end_token(lx);
				return 0;
			}
			/* Back to the includer: its next match, or its text. */
			lx->depth--;
			if (next_match(lx))
				return -1;
			continue;
		}
		if (scan(lx, f, &lx->tok))
			return -1;
		if (!is_include(&lx->tok))
			return 0;
		if (include(lx))
			return -1;
	}
}
