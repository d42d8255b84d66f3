// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec.secrets: see secrets.h for the format. Lines are cut in place
 * in the file's buffer, which is wiped before it is freed.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/errbuf.h"
#include "ipsec_parse.h"
#include "secrets.h"

struct sreader {
	struct ipsec_arena *mem;
	struct ipsec_secrets *out;
	const char *root;
	const struct ipsec_dirs *dirs;
	size_t cap_secrets, cap_files, cap_warnings;
	int depth;
	char *err;
	size_t errlen;
};

static const char *const type_names[] = {
	"RSA", "ECDSA", "P12", "PSK", "EAP", "XAUTH", "NTLM", NULL
};

static int serr(struct sreader *r, const struct ipsec_src *at,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int serr(struct sreader *r, const struct ipsec_src *at,
		const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (!r->err || !r->errlen)
		return -1;
	if (at)
		n = snprintf(r->err, r->errlen, "%s:%u: ", at->file, at->line);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < r->errlen)
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int swarn(struct sreader *r, const struct ipsec_src *at,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int swarn(struct sreader *r, const struct ipsec_src *at,
		 const char *fmt, ...)
{
	struct ipsec_secrets *o = r->out;
	const char **w;
	char *msg;
	va_list ap;
	int n;

	/* As long as it is: a long file name must not cut the reason. */
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return serr(r, NULL, "out of memory");
	w = ipsec_arena_push(r->mem, &o->warnings, &o->n_warnings,
			     &r->cap_warnings, sizeof(*w));
	if (w)
		*w = ipsec_arena_printf(r->mem, "%s:%u: %s", at->file,
					at->line, msg);
	free(msg);
	if (!w || !*w)
		return serr(r, NULL, "out of memory");
	return 0;
}

static char *skip_blanks(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Nothing but blanks or a comment left on the line. */
static bool at_end(const char *s)
{
	s = skip_blanks((char *)s);
	return !*s || *s == '#';
}

/*
 * strongSwan's extract_value(): 'quoted', "quoted", or up to a blank.
 * Cuts the line; *quoted says which. Returns NULL on a missing quote.
 */
static char *take_word(char **line, bool *quoted, size_t *len)
{
	char *s = skip_blanks(*line), *e, q;

	*quoted = *s == '"' || *s == '\'';
	if (*quoted) {
		q = *s++;
		e = strchr(s, q);
		if (!e)
			return NULL;
	} else {
		e = s + strcspn(s, " \t");
	}
	*len = (size_t)(e - s);
	*line = *e ? e + 1 : e;
	*e = '\0';
	return s;
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

static int decode_hex(const char *s, size_t n, uint8_t *out, size_t *len)
{
	size_t i;

	if (!n || n % 2)
		return -1;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return -1;
	for (i = 0; i < n / 2; i++)
		out[i] = (uint8_t)(hexval((unsigned char)s[2 * i]) << 4 |
				   hexval((unsigned char)s[2 * i + 1]));
	*len = n / 2;
	return 0;
}

static int b64val(char c)
{
	static const char set[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(set, c) : NULL;

	return p ? (int)(p - set) : -1;
}

static int decode_b64(const char *s, size_t n, uint8_t *out, size_t *len)
{
	uint32_t acc = 0;
	size_t i, bits = 0, o = 0, pad = 0;
	int v;

	while (n && s[n - 1] == '=' && pad < 2) {
		n--;
		pad++;
	}
	if (!n || (n + pad) % 4)
		return -1;
	for (i = 0; i < n; i++) {
		v = b64val(s[i]);
		if (v < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	*len = o;
	return 0;
}

/*
 * strongSwan's extract_secret(): quoted as written, 0x hex, 0s base64,
 * else the word. The message names what, never the secret.
 */
static int take_secret(struct sreader *r, const struct ipsec_src *at,
		       char **line, const char *what, struct ipsec_secret *s)
{
	size_t n, len = 0;
	bool quoted;
	uint8_t *buf;
	char *w = take_word(line, &quoted, &n);

	if (!w)
		return serr(r, at, "%s: missing closing quote", what);
	buf = ipsec_arena_alloc(r->mem, n + 1);
	if (!buf)
		return serr(r, at, "out of memory");
	if (!quoted && n > 2 && !strncasecmp(w, "0x", 2)) {
		if (decode_hex(w + 2, n - 2, buf, &len))
			return serr(r, at, "%s: bad hex after 0x", what);
	} else if (!quoted && n > 2 && !strncasecmp(w, "0s", 2)) {
		if (decode_b64(w + 2, n - 2, buf, &len))
			return serr(r, at, "%s: bad base64 after 0s", what);
	} else {
		memcpy(buf, w, n);
		len = n;
	}
	explicit_bzero(w, n);
	s->secret = buf;
	s->secret_len = len;
	return 0;
}

/* RSA, ECDSA, P12: FILE [PASSPHRASE | %prompt] */
static int key_file(struct sreader *r, const struct ipsec_src *at,
		    char *line, struct ipsec_secret *s)
{
	char path[4096];
	bool quoted;
	size_t n;
	char *file = take_word(&line, &quoted, &n);

	if (!file)
		return serr(r, at, "%s: missing closing quote of the file name",
			    type_names[s->type]);
	if (!n)
		return serr(r, at, "%s: missing file name", type_names[s->type]);
	if (ipsec_path_resolve(r->root, r->dirs->private, file, path,
			       sizeof(path)))
		return serr(r, at, "%s: path too long", file);
	s->file = ipsec_arena_strdup(r->mem, file);
	s->path = ipsec_arena_strdup(r->mem, path);
	if (!s->file || !s->path)
		return serr(r, at, "out of memory");
	if (at_end(line))
		return 0;
	if (take_secret(r, at, &line, "passphrase", s))
		return -1;
	if (s->secret_len == 7 && !memcmp(s->secret, "%prompt", 7)) {
		s->prompt = true;
		s->secret = NULL;
		s->secret_len = 0;
	}
	return at_end(line) ? 0 :
	       serr(r, at, "unexpected text after the passphrase of %s", file);
}

static int shared_secret(struct sreader *r, const struct ipsec_src *at,
			 char *line, struct ipsec_secret *s)
{
	const char *what = type_names[s->type];

	if (at_end(line))
		return serr(r, at, "%s: missing secret", what);
	if (take_secret(r, at, &line, what, s))
		return -1;
	return at_end(line) ? 0 :
	       serr(r, at, "%s: unexpected text after the secret", what);
}

/* "ID ID ... " before " : ", each maybe quoted; %any means no ID. */
static int take_ids(struct sreader *r, const struct ipsec_src *at,
		    char *ids, struct ipsec_secret *s)
{
	size_t cap = 0, n;
	const char **slot;
	bool quoted;
	char *id;

	while (!at_end(ids)) {
		id = take_word(&ids, &quoted, &n);
		if (!id)
			return serr(r, at, "missing closing quote in the IDs");
		if (!n || !strcmp(id, "%any") || !strcmp(id, "%any4") ||
		    !strcmp(id, "%any6"))
			continue;
		slot = ipsec_arena_push(r->mem, &s->ids, &s->n_ids, &cap,
					sizeof(*slot));
		if (!slot || !(*slot = ipsec_arena_strdup(r->mem, id)))
			return serr(r, at, "out of memory");
	}
	return 0;
}

/* The ':' with a blank on each side that ends the IDs, or NULL. */
static char *separator(char *s)
{
	char *c;

	if (*s == ':' && (s[1] == ' ' || s[1] == '\t'))
		return s;
	for (c = strchr(s, ':'); c; c = strchr(c + 1, ':'))
		if (c > s && (c[-1] == ' ' || c[-1] == '\t') &&
		    (c[1] == ' ' || c[1] == '\t'))
			return c;
	return NULL;
}

static int type_of(const char *name)
{
	int i;

	for (i = 0; type_names[i]; i++)
		if (!strcmp(name, type_names[i]))
			return i;
	return -1;
}

/* IDS : TYPE ..., or : TYPE ... */
static int secret_line(struct sreader *r, const struct ipsec_src *at,
		       char *line)
{
	struct ipsec_secrets *o = r->out;
	char *sep = separator(line), *ids = line, *type, *rest;
	char q[ERRQUOTE_SIZE];
	struct ipsec_secret *s;
	bool quoted;
	size_t n;
	int t;

	if (!sep)
		return serr(r, at, "missing ' : ' between the IDs and the "
			    "secret type");
	*sep = '\0';
	rest = sep + 1;
	type = take_word(&rest, &quoted, &n);
	if (!type || !n || quoted)
		return serr(r, at, "missing secret type after ':'");
	if (!strcmp(type, "PIN") || !strcmp(type, "BLISS"))
		return swarn(r, at, "%s secrets are not supported, line "
			     "ignored", type);
	t = type_of(type);
	if (t < 0)
		return serr(r, at, "unknown secret type '%s': expected RSA, "
			    "ECDSA, P12, PSK, EAP, XAUTH or NTLM",
			    errquote(q, type));
	s = ipsec_arena_push(r->mem, &o->secrets, &o->n_secrets,
			     &r->cap_secrets, sizeof(*s));
	if (!s)
		return serr(r, at, "out of memory");
	s->type = (enum ipsec_secret_type)t;
	s->src = *at;
	if (take_ids(r, at, ids, s))
		return -1;
	return t <= IPSEC_SECRET_P12 ? key_file(r, at, rest, s) :
	       shared_secret(r, at, rest, s);
}

static int read_secrets(struct sreader *r, const char *name,
			const struct ipsec_src *from, const char *pattern);

static int include_glob(struct sreader *r, const char *name,
			const struct ipsec_src *at, const char *pattern)
{
	glob_t g;
	size_t i, strip;
	int ret = ipsec_glob(r->root, name, &g, &strip);

	if (ret == GLOB_NOMATCH)
		return swarn(r, at, "include %s: no files match, nothing "
			     "included", pattern);
	if (ret)
		return serr(r, at, "include %s: cannot read the directory: %s",
			    pattern, strerror(-ret));
	for (i = 0; i < g.gl_pathc && !ret; i++)
		ret = read_secrets(r, g.gl_pathv[i] + strip, at, pattern);
	globfree(&g);
	return ret;
}

/* "include PATTERN": relative to this file's directory, globbed. */
static int include_line(struct sreader *r, const struct ipsec_src *at,
			char *line)
{
	struct ipsec_arena tmp = { NULL };
	char *pattern = skip_blanks(line), *end, *dir, *name;
	int ret;

	end = pattern + strcspn(pattern, " \t");
	if (!at_end(end))
		return serr(r, at, "unexpected text after 'include %.*s'",
			    (int)(end - pattern), pattern);
	*end = '\0';
	if (!*pattern)
		return serr(r, at, "include without a file name");
	if (r->depth > IPSEC_SECRETS_MAX_DEPTH)
		return serr(r, at, "include %s: more than %d nested includes "
			    "(does a file include itself?)", pattern,
			    IPSEC_SECRETS_MAX_DEPTH);
	name = pattern;
	if (pattern[0] != '/') {
		dir = ipsec_dirname(&tmp, at->file);
		name = dir && *dir ? ipsec_arena_printf(&tmp, "%s%s%s", dir,
				strcmp(dir, "/") ? "/" : "", pattern) : pattern;
		if (!dir || !name) {
			ipsec_arena_free(&tmp);
			return serr(r, at, "out of memory");
		}
	}
	ret = strpbrk(name, "*?[") ? include_glob(r, name, at, pattern) :
	      read_secrets(r, name, at, pattern);
	ipsec_arena_free(&tmp);
	return ret;
}

static int parse_secrets(struct sreader *r, const char *file, char *buf,
			 size_t len)
{
	struct ipsec_src at = { file, 0 };
	char *line = buf, *nl, *s;
	int ret = 0;

	if (memchr(buf, '\0', len))
		return serr(r, NULL, "%s: NUL byte: not a text file", file);
	buf[len] = '\0';
	for (; !ret && line && *line; line = nl) {
		at.line++;
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		if (nl > line + 1 && nl[-2] == '\r')
			nl[-2] = '\0';
		s = skip_blanks(line);
		if (!*s || *s == '#')
			continue;
		if (!strncmp(s, "include", 7) && (s[7] == ' ' || s[7] == '\t'))
			ret = include_line(r, &at, s + 7);
		else
			ret = secret_line(r, &at, s);
	}
	return ret;
}

static const char *intern_file(struct sreader *r, const char *name)
{
	struct ipsec_secrets *o = r->out;
	const char **f;

	f = ipsec_arena_push(r->mem, &o->files, &o->n_files, &r->cap_files,
			     sizeof(*f));
	return f ? (*f = ipsec_arena_strdup(r->mem, name)) : NULL;
}

static int read_secrets(struct sreader *r, const char *name,
			const struct ipsec_src *from, const char *pattern)
{
	char real[4096], *buf = NULL;
	const char *file;
	size_t len = 0;
	int ret;

	if (ipsec_rooted(r->root, name, real, sizeof(real)))
		return serr(r, from, "%s: path too long", name);
	ret = ipsec_slurp(real, &buf, &len);
	if (ret && !from)
		return serr(r, NULL, "cannot open %s: %s", name, strerror(-ret));
	if (ret)
		return serr(r, from, "include %s: cannot read %s: %s", pattern,
			    name, strerror(-ret));
	file = intern_file(r, name);
	r->depth++;
	ret = file ? parse_secrets(r, file, buf, len) :
	      serr(r, NULL, "out of memory");
	r->depth--;
	explicit_bzero(buf, len);
	free(buf);
	return ret;
}

int ipsec_secrets_load(const char *path, const char *root,
		       const struct ipsec_dirs *dirs, struct ipsec_secrets *out,
		       char *err, size_t errlen)
{
	struct ipsec_arena *mem = calloc(1, sizeof(*mem));
	struct ipsec_dirs dflt;
	struct sreader r = {
		.mem = mem, .out = out, .root = root ? root : "",
		.dirs = dirs, .err = err, .errlen = errlen,
	};
	int ret;

	memset(out, 0, sizeof(*out));
	if (err && errlen)
		err[0] = '\0';
	if (!mem)
		return serr(&r, NULL, "out of memory");
	out->mem = mem;
	if (!dirs) {
		if (ipsec_dirs_init(&dflt, root, NULL)) {
			ipsec_secrets_free(out);
			return serr(&r, NULL, "root %s: path too long", root);
		}
		r.dirs = &dflt;
	}
	ret = read_secrets(&r, path, NULL, NULL);
	if (ret)
		ipsec_secrets_free(out);
	return ret ? -1 : 0;
}

void ipsec_secrets_free(struct ipsec_secrets *s)
{
	struct ipsec_arena *mem = s->mem;

	/* The arena wipes itself: passphrases and PSKs live there. */
	if (mem) {
		ipsec_arena_free(mem);
		free(mem);
	}
	memset(s, 0, sizeof(*s));
}

const char *ipsec_secret_type_name(enum ipsec_secret_type type)
{
	return type <= IPSEC_SECRET_NTLM ? type_names[type] : "?";
}
