/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals shared by the ipsec.conf and ipsec.secrets readers: a memory
 * arena, the keyword table, the raw sections the reader builds (before
 * %default and also= are applied) and the typed value parsers. Not for
 * other areas: they use ipsec.h and secrets.h.
 */
#ifndef MIPXFRM_CONF_IPSEC_PARSE_H
#define MIPXFRM_CONF_IPSEC_PARSE_H

#include <glob.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ipsec.h"

/*
 * A bump allocator: everything a loaded model points to lives in one, so
 * freeing the model is one call and a half-built model on an error path
 * cannot leak. Allocations are zeroed; the arena is wiped before it is
 * freed because ipsec.secrets passphrases and PSKs live in one too.
 */
struct ipsec_chunk;
struct ipsec_arena {
	struct ipsec_chunk *head;
};

void *ipsec_arena_alloc(struct ipsec_arena *a, size_t size);
char *ipsec_arena_strndup(struct ipsec_arena *a, const char *s, size_t n);
char *ipsec_arena_strdup(struct ipsec_arena *a, const char *s);
char *ipsec_arena_vprintf(struct ipsec_arena *a, const char *fmt,
			  va_list ap);
char *ipsec_arena_printf(struct ipsec_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Appends a zeroed element of size bytes to the array *vec of *n elements
 * with room for *cap, doubling it in the arena when full. Returns the new
 * element, or NULL when out of memory.
 */
void *ipsec_arena_push(struct ipsec_arena *a, void *vec, size_t *n,
		       size_t *cap, size_t size);
void ipsec_arena_free(struct ipsec_arena *a);

/* "<root><path>" for an absolute path, path itself otherwise; -1: too long */
int ipsec_rooted(const char *root, const char *path, char *buf, size_t len);
/*
 * Reads a whole file (at most 16 MiB) into a malloc'd *buf, which has
 * room for a NUL at (*buf)[*len]. Returns 0 or -errno.
 */
int ipsec_slurp(const char *path, char **buf, size_t *len);
/*
 * glob(3)s pattern below root. Returns 0 (each match's name as the
 * configuration would write it starts *strip bytes in), GLOB_NOMATCH
 * (nothing, or the directory does not exist), or -errno.
 */
int ipsec_glob(const char *root, const char *pattern, glob_t *g,
	       size_t *strip);
/* The directory part of path ("" for none), in a. */
char *ipsec_dirname(struct ipsec_arena *a, const char *path);

/* Keywords: what a key means in which kind of section. */
enum ipsec_scope {
	IPSEC_SCOPE_SETUP,
	IPSEC_SCOPE_CONN,
	IPSEC_SCOPE_END,		/* conn keyword with a left/right prefix */
	IPSEC_SCOPE_CA,
};

enum ipsec_kw_status {
	IPSEC_KW_TYPED,			/* parsed into the model */
	IPSEC_KW_UNSUPPORTED,		/* strongSwan's, not ours: warn, ignore */
	IPSEC_KW_DEPRECATED,		/* strongSwan 5.9 warns and ignores it */
};

struct ipsec_kw {
	const char *name;		/* canonical, without left/right */
	enum ipsec_scope scope;
	enum ipsec_kw_status status;
	int id;				/* index into val[] when TYPED */
};

enum ipsec_side {
	IPSEC_SIDE_NONE,
	IPSEC_SIDE_LEFT,
	IPSEC_SIDE_RIGHT,
};

enum ipsec_sect_type {
	IPSEC_SECT_SETUP,
	IPSEC_SECT_CONN,
	IPSEC_SECT_CA,
};

/*
 * Finds key for a section of type. Returns the keyword (with *side for
 * left/right keywords), or NULL: then *elsewhere names the section kind
 * the key belongs to ("config setup", "a conn", "a ca"), or is NULL when
 * strongSwan does not know the key at all.
 */
const struct ipsec_kw *ipsec_kw_find(enum ipsec_sect_type type,
				     const char *key, enum ipsec_side *side,
				     const char **elsewhere);
/* The typed keyword of scope with id (its canonical name). */
const struct ipsec_kw *ipsec_kw_typed(enum ipsec_scope scope, int id);

/* One "key=value" line of a section, as written. */
struct ipsec_raw {
	const struct ipsec_kw *kw;
	enum ipsec_side side;
	const char *key;		/* as written: "keylife", "leftsubnet" */
	const char *value;		/* NULL: "key=" unsets */
	struct ipsec_src src;
};

struct ipsec_also {
	const char *name;
	struct ipsec_src src;
};

struct ipsec_section {
	enum ipsec_sect_type type;
	const char *name;		/* NULL for config setup */
	struct ipsec_src src;		/* first header line */
	struct ipsec_raw *raw;
	size_t n_raw, cap_raw;
	struct ipsec_also *also;	/* in the order written */
	size_t n_also, cap_also;
	/* After ipsec_also_resolve(): what it inherits, most important first. */
	struct ipsec_section **parents;
	size_t n_parents;
	int state;			/* 0 new, 1 resolving, 2 resolved */
	struct ipsec_section *hnext;	/* name hash chain */
};

/* A file being read, to name an include loop. */
struct ipsec_reading {
	const char *name;		/* as the configuration names it */
	dev_t dev;
	ino_t ino;
	struct ipsec_src from;		/* its include line; file NULL: top */
};

/* The reader's state while it loads one ipsec.conf tree. */
struct ipsec_parser {
	struct ipsec_arena *mem;	/* the model's: file names, warnings */
	struct ipsec_arena *tmp;	/* sections: freed after the load */
	struct ipsec_conf *conf;
	const char *root;		/* "" for none, no trailing '/' */
	struct ipsec_section *setup;	/* NULL: no config setup section */
	struct ipsec_section **sects;	/* conns and cas, first seen first */
	size_t n_sects, cap_sects;
	struct ipsec_section **hash;
	size_t hash_size;
	struct ipsec_section *cur;	/* where settings go; may be NULL */
	size_t cap_files, cap_warnings;
	struct ipsec_section **stack;	/* also= resolution, for loops */
	size_t n_stack, cap_stack;
	int depth;			/* include nesting */
	struct ipsec_reading reading[IPSEC_MAX_INCLUDE_DEPTH + 1];
	char *err;
	size_t errlen;
};

/* Records "FILE:LINE: message" (or "message" when at is NULL). */
int ipsec_warn(struct ipsec_parser *p, const struct ipsec_src *at,
	       const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Writes "FILE:LINE: message" to p->err; returns -1. */
int ipsec_error(struct ipsec_parser *p, const struct ipsec_src *at,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int ipsec_nomem(struct ipsec_parser *p);

/* Reads path (rooted) and what it includes into p's sections. */
int ipsec_parse_file(struct ipsec_parser *p, const char *path);
struct ipsec_section *ipsec_section_find(struct ipsec_parser *p,
					 enum ipsec_sect_type type,
					 const char *name);

/* Works out every section's parents; -1 on a missing target or loop. */
int ipsec_also_resolve(struct ipsec_parser *p);
/* The setting of kw (and side) s has or inherits, or NULL. */
const struct ipsec_raw *ipsec_section_get(const struct ipsec_section *s,
					  const struct ipsec_kw *kw,
					  enum ipsec_side side);

/*
 * Typed values. Each returns 0, or -1 with the reason in why (without
 * the value, which the caller quotes with its FILE:LINE).
 */
int ipsec_parse_enum(const char *text, const char *const *names, int *out,
		     char *why, size_t len);
int ipsec_parse_bool(const char *text, bool *out, char *why, size_t len);
int ipsec_parse_u32(const char *text, uint32_t min, uint32_t max,
		    uint32_t *out, char *why, size_t len);
int ipsec_parse_time(const char *text, uint32_t *out, char *why, size_t len);
int ipsec_parse_percent(const char *text, uint32_t *out, char *why,
			size_t len);
int ipsec_parse_keyingtries(const char *text, uint32_t *out, char *why,
			    size_t len);
int ipsec_parse_host(const char *text, struct ipsec_host *out,
		     struct ipsec_arena *a, char *why, size_t len);
int ipsec_parse_subnets(const char *text, struct ipsec_subnet **out,
			size_t *n, struct ipsec_arena *a, char *why,
			size_t len);
int ipsec_parse_protoport(const char *text, struct ipsec_protoport *out,
			  char *why, size_t len);
/* out->value points into text. */
int ipsec_parse_id(const char *text, struct ipsec_id *out, char *why,
		   size_t len);
int ipsec_parse_charondebug(const char *text, struct ipsec_debug **out,
			    size_t *n, struct ipsec_arena *a, char *why,
			    size_t len);

#endif
