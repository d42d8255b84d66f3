// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket's request line and reply framing (ctlproto.h).
 * Strict on purpose: a request is typed by mipxfrmctl or a script, and
 * a typo answered with a guess could take the wrong mobile down.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "ctlproto.h"

static const struct {
	const char *name;
	enum ctlproto_cmd cmd;
	bool conn;		/* takes CONN */
} cmds[] = {
	{ "status", CTLPROTO_STATUS, false },
	{ "up", CTLPROTO_UP, true },
	{ "down", CTLPROTO_DOWN, true },
	{ "rekey", CTLPROTO_REKEY, true },
	{ "rekey-ike", CTLPROTO_REKEY_IKE, true },
};

#define N_CMDS	(sizeof(cmds) / sizeof(cmds[0]))
#define MAX_WORDS	4

/*
 * Splits line into words at single spaces, in place. Returns how many,
 * or -1 (err set) for an octet or spacing a request may not have.
 */
static int split(char *line, char **w, char *err, size_t errlen)
{
	int n = 0;
	char *p = line;

	if (!*p)
		return errf(err, errlen, "empty request");
	for (;;) {
		if (n == MAX_WORDS)
			return errf(err, errlen, "too many arguments");
		w[n++] = p;
		for (; *p && *p != ' '; p++)
			if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
				return errf(err, errlen,
					    "request has a control or non-ASCII octet (0x%02x)",
					    (unsigned char)*p);
		if (p == w[n - 1])
			return errf(err, errlen, "request has an empty word");
		if (!*p)
			return n;
		*p++ = '\0';
	}
}

/* "up CONN SECONDS": the optional timeout. */
static int parse_timeout(const char *arg, unsigned int *out, char *err,
			 size_t errlen)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	if (*arg < '0' || *arg > '9' || *end || v < 1 || v > CTLPROTO_UP_MAX)
		return errf(err, errlen, "timeout '%s' is not 1..%d seconds",
			    arg, CTLPROTO_UP_MAX);
	*out = (unsigned int)v;
	return 0;
}

/* The arguments after a command that takes CONN. */
static int parse_conn(struct ctlproto_req *r, char **w, int n, char *err,
		      size_t errlen)
{
	int max;

	if (n < 2)
		return errf(err, errlen, "'%s' needs a connection name", w[0]);
	if (strlen(w[1]) > CTLPROTO_NAME_MAX)
		return errf(err, errlen, "connection name longer than %d",
			    CTLPROTO_NAME_MAX);
	strcpy(r->conn, w[1]);
	max = r->cmd == CTLPROTO_UP ? 3 : 2;
	if (n > max)
		return errf(err, errlen, "unexpected argument '%s'", w[max]);
	if (n == 3)
		return parse_timeout(w[2], &r->timeout, err, errlen);
	return 0;
}

int ctlproto_parse(const char *line, size_t len, struct ctlproto_req *r,
		   char *err, size_t errlen)
{
	char buf[CTLPROTO_REQ_MAX + 1], *w[MAX_WORDS];
	int n;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->timeout = CTLPROTO_UP_TIMEOUT;
	if (len && line[len - 1] == '\n')
		len--;
	if (len >= CTLPROTO_REQ_MAX)
		return errf(err, errlen, "request longer than %d octets",
			    CTLPROTO_REQ_MAX - 1);
	if (memchr(line, '\0', len))
		return errf(err, errlen, "request has a NUL octet");
	memcpy(buf, line, len);
	buf[len] = '\0';
	n = split(buf, w, err, errlen);
	if (n < 0)
		return -1;
	for (i = 0; i < N_CMDS && strcmp(w[0], cmds[i].name); i++)
		;
	if (i == N_CMDS)
		return errf(err, errlen, "unknown command '%s'", w[0]);
	r->cmd = cmds[i].cmd;
	if (cmds[i].conn)
		return parse_conn(r, w, n, err, errlen);
	if (n == 2 && !strcmp(w[1], "--json")) {
		r->cmd = CTLPROTO_STATUS_JSON;
		return 0;
	}
	if (n > 1)
		return errf(err, errlen, "unexpected argument '%s'", w[1]);
	return 0;
}

int ctlproto_format(const struct ctlproto_req *r, char *buf, size_t len)
{
	const char *name = NULL;
	size_t i;
	int n;

	for (i = 0; i < N_CMDS; i++)
		if (cmds[i].cmd == r->cmd)
			name = cmds[i].name;
	if (r->cmd == CTLPROTO_STATUS_JSON)
		n = snprintf(buf, len, "status --json\n");
	else if (!name)
		return -1;
	else if (r->cmd == CTLPROTO_STATUS)
		n = snprintf(buf, len, "%s\n", name);
	else if (r->cmd == CTLPROTO_UP && r->timeout)
		n = snprintf(buf, len, "%s %s %u\n", name, r->conn, r->timeout);
	else
		n = snprintf(buf, len, "%s %s\n", name, r->conn);
	if (n < 0 || (size_t)n >= len || n > CTLPROTO_REQ_MAX)
		return -1;
	return n;
}

int ctlproto_reply_status(const char *buf, size_t len, size_t *body_len)
{
	size_t start;

	*body_len = len;
	if (!len || buf[len - 1] != '\n')
		return -1;
	/* the last line starts after the LF before it, or at 0 */
	for (start = len - 1; start > 0 && buf[start - 1] != '\n'; start--)
		;
	*body_len = start;
	if (len - start == sizeof(CTLPROTO_OK) &&
	    !memcmp(buf + start, CTLPROTO_OK, sizeof(CTLPROTO_OK) - 1))
		return 0;
	if (len - start == sizeof(CTLPROTO_FAILED) &&
	    !memcmp(buf + start, CTLPROTO_FAILED, sizeof(CTLPROTO_FAILED) - 1))
		return 1;
	*body_len = len;
	return -1;
}
