/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A list of messages, each allocated to its full length: a check that
 * finds several problems reports them all, and no message is cut, so
 * the reason at its end always survives a long path or name.
 */
#ifndef MIPXFRM_MSGLIST_H
#define MIPXFRM_MSGLIST_H

#include <stdarg.h>
#include <stddef.h>

struct msglist {
	char **v;
	size_t n;
};

/* Appends one message. Returns 0, or -1 when out of memory. */
int msglist_add(struct msglist *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int msglist_vadd(struct msglist *l, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void msglist_free(struct msglist *l);

#endif
