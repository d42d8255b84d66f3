// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "errbuf.h"

int errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

const char *errquote(char buf[ERRQUOTE_SIZE], const char *text)
{
	if (strlen(text) < ERRQUOTE_SIZE)
		return text;
	snprintf(buf, ERRQUOTE_SIZE, "%.*s...", ERRQUOTE_SIZE - 4, text);
	return buf;
}
