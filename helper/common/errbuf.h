/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MIPXFRM_ERRBUF_H
#define MIPXFRM_ERRBUF_H

#include <stddef.h>

/*
 * Formats a reason into the caller's error buffer (err may be NULL) and
 * returns -1, so that a failing path reads "return errf(err, len, ...)".
 */
int errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
