/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MIPXFRM_ERRBUF_H
#define MIPXFRM_ERRBUF_H

#include <stddef.h>

/*
 * Room for any one message of the configuration checks: two paths of
 * PATH_MAX, user text quoted with errquote(), and the reason, so that the
 * reason at the end is never cut.
 */
#define ERRBUF_SIZE	16384

/* Room for user text in a message: longer text is cut, ending "...". */
#define ERRQUOTE_SIZE	256

/*
 * text as a message quotes it, in buf (ERRQUOTE_SIZE bytes): whole when
 * it fits, else cut and ending "...". A value may be as long as its file,
 * and the reason that follows it in a message must not be cut instead.
 */
const char *errquote(char buf[ERRQUOTE_SIZE], const char *text);

/*
 * Formats a reason into the caller's error buffer (err may be NULL) and
 * returns -1, so that a failing path reads "return errf(err, len, ...)".
 */
int errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
