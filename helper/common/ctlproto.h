/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control socket protocol between mipxfrmctl and mipxfrmd: what can
 * be parsed and framed without a socket, shared by both programs.
 *
 * The socket is AF_UNIX SOCK_STREAM (default CTLPROTO_PATH, mode 0600,
 * owned by the daemon's user: root). One request per connection:
 *
 *	request  = command *(SP arg) LF		at most CTLPROTO_REQ_MAX
 *						octets, LF included
 *	status			connections and SAs, as ipsec statusall
 *	status --json		the same as one JSON object
 *	up CONN [SECONDS]	initiate CONN; the answer comes when it is up,
 *				has failed, or after SECONDS (default
 *				CTLPROTO_UP_TIMEOUT, at most CTLPROTO_UP_MAX)
 *	down CONN		delete CONN's CHILD_SAs (and its IKE SA when
 *				no other conn uses it)
 *	rekey CONN		rekey CONN's CHILD_SAs
 *	rekey-ike CONN		rekey the IKE SAs carrying CONN
 *
 * CONN is 1..CTLPROTO_NAME_MAX printable, non-blank ASCII octets.
 * Words are separated by single spaces; anything else (a CR, a tab, a
 * control octet, an unknown command or argument) is refused.
 *
 * The reply is text lines, then one status line, then the daemon
 * closes the connection:
 *
 *	reply    = *(line LF) ("OK" / "FAILED") LF
 *
 * After OK the lines are the output (stdout); after FAILED they say why
 * (stderr). A reply that ends without a status line is a failure too
 * (the daemon went away). Nobody but root (or the daemon's own user)
 * is served: others get one line and FAILED.
 */
#ifndef MIPXFRM_CTLPROTO_H
#define MIPXFRM_CTLPROTO_H

#include <stddef.h>

#define CTLPROTO_PATH		"/run/mipxfrmd.ctl"
#define CTLPROTO_REQ_MAX	256
#define CTLPROTO_NAME_MAX	128
/* Seconds "up" waits by default and at most (charon's is 30 s + 165 s). */
#define CTLPROTO_UP_TIMEOUT	90
#define CTLPROTO_UP_MAX		3600

#define CTLPROTO_OK		"OK"
#define CTLPROTO_FAILED		"FAILED"

enum ctlproto_cmd {
	CTLPROTO_STATUS,
	CTLPROTO_STATUS_JSON,
	CTLPROTO_UP,
	CTLPROTO_DOWN,
	CTLPROTO_REKEY,
	CTLPROTO_REKEY_IKE,
};

struct ctlproto_req {
	enum ctlproto_cmd cmd;
	char conn[CTLPROTO_NAME_MAX + 1];	/* "" for status */
	unsigned int timeout;			/* up: seconds, never 0 */
};

/*
 * Parses one request line (len octets, the LF included or not) into r.
 * 0, or -1 with the reason in err ("unknown command 'x'").
 */
int ctlproto_parse(const char *line, size_t len, struct ctlproto_req *r,
		   char *err, size_t errlen);

/* The request line for r, LF included, into buf. Its length, or -1. */
int ctlproto_format(const struct ctlproto_req *r, char *buf, size_t len);

/*
 * A whole reply (len octets, as received until the daemon closed):
 * 0 for OK, 1 for FAILED, -1 when the status line is missing. *body_len
 * is the length of the lines before it (all of buf when missing).
 */
int ctlproto_reply_status(const char *buf, size_t len, size_t *body_len);

#endif
