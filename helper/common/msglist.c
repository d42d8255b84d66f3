// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msglist.h"

int msglist_vadd(struct msglist *l, const char *fmt, va_list ap)
{
	char **v, *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
		return -1;
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v) {
		free(msg);
		return -1;
	}
	l->v = v;
	l->v[l->n++] = msg;
	return 0;
}

int msglist_add(struct msglist *l, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = msglist_vadd(l, fmt, ap);
	va_end(ap);
	return ret;
}

void msglist_free(struct msglist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
