// SPDX-License-Identifier: GPL-2.0
/*
 * The bump allocator behind the ipsec.conf and ipsec.secrets models:
 * chunks of at least ARENA_CHUNK bytes, handed out 16-byte aligned,
 * wiped and freed together.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec_parse.h"

#define ARENA_CHUNK	8192
#define ARENA_ALIGN	16

struct ipsec_chunk {
	struct ipsec_chunk *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void *ipsec_arena_alloc(struct ipsec_arena *a, size_t size)
{
	struct ipsec_chunk *c = a->head;
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	void *p;

	if (need < size)
		return NULL;
	if (!c || c->size - c->used < need) {
		size_t csize = need > ARENA_CHUNK ? need : ARENA_CHUNK;

		if (csize > SIZE_MAX - sizeof(*c))
			return NULL;
		c = calloc(1, sizeof(*c) + csize);
		if (!c)
			return NULL;
		c->size = csize;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += need;
	return p;
}

char *ipsec_arena_strndup(struct ipsec_arena *a, const char *s, size_t n)
{
	char *d;

	if (n == SIZE_MAX)
		return NULL;
	d = ipsec_arena_alloc(a, n + 1);
	if (d)
		memcpy(d, s, n);
	return d;
}

char *ipsec_arena_strdup(struct ipsec_arena *a, const char *s)
{
	return ipsec_arena_strndup(a, s, strlen(s));
}

char *ipsec_arena_vprintf(struct ipsec_arena *a, const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	s = n < 0 ? NULL : ipsec_arena_alloc(a, (size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return s;
}

char *ipsec_arena_printf(struct ipsec_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = ipsec_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

void *ipsec_arena_push(struct ipsec_arena *a, void *vec, size_t *n,
		       size_t *cap, size_t size)
{
	unsigned char **v = vec;

	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		unsigned char *nv;

		if (ncap > SIZE_MAX / size)
			return NULL;
		nv = ipsec_arena_alloc(a, ncap * size);
		if (!nv)
			return NULL;
		/* The old array stays in the arena: at most as much again. */
		if (*n)
			memcpy(nv, *v, *n * size);
		*v = nv;
		*cap = ncap;
	}
	return *v + (*n)++ * size;
}

void ipsec_arena_free(struct ipsec_arena *a)
{
	struct ipsec_chunk *c = a->head, *next;

	for (; c; c = next) {
		next = c->next;
		/* Passphrases and PSKs must not linger in freed memory. */
		explicit_bzero(c->data, c->size);
		free(c);
	}
	a->head = NULL;
}
