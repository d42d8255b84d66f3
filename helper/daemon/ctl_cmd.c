// SPDX-License-Identifier: GPL-2.0
/*
 * What each control request does (ctl.h, common/ctlproto.h): status from
 * ike_status.c, and up, down, rekey, rekey-ike through the IKE side's
 * own entry points, so that a request does exactly what a peer or a
 * timer could have started and nothing the state machine does not know.
 */
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "ctl.h"

static const char *const cmd_names[] = {
	[CTLPROTO_STATUS] = "status",
	[CTLPROTO_STATUS_JSON] = "status --json",
	[CTLPROTO_UP] = "up",
	[CTLPROTO_DOWN] = "down",
	[CTLPROTO_REKEY] = "rekey",
	[CTLPROTO_REKEY_IKE] = "rekey-ike",
};

static void status(struct ctl *c, struct ctl_client *cl, bool json)
{
	FILE *f = ctl_reply_open(cl);

	if (!f)
		return;
	if (json)
		ike_status_json(c->ike, &c->start, f);
	else
		ike_status_text(c->ike, &c->start, f);
	ctl_reply_end(cl, f, true);
}

/*
 * Answered by ctl_on_conn() or the timeout. The wait starts before
 * ike_up() because the IKE side may already report inside it.
 */
static void up(struct ctl *c, struct ctl_client *cl,
	       const struct conf_conn *conn, unsigned int timeout)
{
	char why[192] = "";
	int err;

	cl->state = CTL_WAIT;
	cl->conn = conn;
	cl->timeout = timeout;
	cl->deadline_ms = ike_now_ms() + (int64_t)timeout * 1000;
	err = ike_up(c->ike, conn, why, sizeof(why));
	if (err < 0 && cl->state == CTL_WAIT)
		ctl_reply(cl, false, "conn '%s' cannot be brought up: %s",
			  conn->ic->name, why[0] ? why : strerror(-err));
}

static void down(struct ctl *c, struct ctl_client *cl,
		 const struct conf_conn *conn)
{
	int n = ike_down(c->ike, conn);

	if (n == 0)
		ctl_reply(cl, true, "conn '%s' has no SAs", conn->ic->name);
	else
		ctl_reply(cl, true, "conn '%s': %d SA%s asked to go",
			  conn->ic->name, n, n == 1 ? "" : "s");
}

static bool established(const struct ike_sa_info *e)
{
	return e->sa->state == IKE_STATE_ESTABLISHED;
}

/* Whether e carries a CHILD_SA of conn, or was authenticated for it. */
static bool carries(const struct ike_sa_info *e, const struct conf_conn *conn)
{
	const struct ike_child_sa *k;

	if (e->conn == conn)
		return true;
	for (k = e->children; k; k = k->next)
		if (k->conn == conn)
			return true;
	return false;
}

/* The answer to rekey/rekey-ike: n of kind (CHILD_SA, IKE_SA) queued. */
static void rekeys_started(struct ctl_client *cl, const struct conf_conn *conn,
			   const char *kind, int n, int failed)
{
	if (failed)
		ctl_reply(cl, false, "conn '%s': %d %s rekey%s queued, %d failed (out of memory)",
			  conn->ic->name, n, kind, n == 1 ? "" : "s", failed);
	else if (!n)
		ctl_reply(cl, false, "conn '%s' has no established %s",
			  conn->ic->name, kind);
	else
		ctl_reply(cl, true, "conn '%s': %d %s rekey%s started",
			  conn->ic->name, n, kind, n == 1 ? "" : "s");
}

/* A CHILD_SA rekey of each of conn's CHILD_SAs; queued behind others. */
static void rekey(struct ctl *c, struct ctl_client *cl,
		  const struct conf_conn *conn)
{
	struct ike_sa_info *e;
	struct ike_child_sa *k;
	int n = 0, failed = 0;

	for (e = c->ike->sa_infos; e; e = e->next) {
		if (!established(e))
			continue;
		for (k = e->children; k; k = k->next) {
			if (k->conn != conn)
				continue;
			if (ike_task_add(c->ike, e, IKE_TASK_CHILD_REKEY, NULL,
					 k->uid))
				failed++;
			else
				n++;
		}
	}
	rekeys_started(cl, conn, "CHILD_SA", n, failed);
}

static void rekey_ike(struct ctl *c, struct ctl_client *cl,
		      const struct conf_conn *conn)
{
	struct ike_sa_info *e;
	int n = 0, failed = 0;

	for (e = c->ike->sa_infos; e; e = e->next) {
		if (!established(e) || !carries(e, conn))
			continue;
		if (ike_task_add(c->ike, e, IKE_TASK_IKE_REKEY, NULL, 0))
			failed++;
		else
			n++;
	}
	rekeys_started(cl, conn, "IKE_SA", n, failed);
}

void ctl_command(struct ctl *c, struct ctl_client *cl,
		 const struct ctlproto_req *r)
{
	const struct conf_conn *conn = NULL;

	log_info("control socket: %s%s%s (uid %u, pid %d)", cmd_names[r->cmd],
		 r->conn[0] ? " " : "", r->conn, (unsigned int)cl->uid,
		 (int)cl->pid);
	if (r->cmd == CTLPROTO_STATUS || r->cmd == CTLPROTO_STATUS_JSON) {
		status(c, cl, r->cmd == CTLPROTO_STATUS_JSON);
		return;
	}
	conn = ike_conf_conn(c->ike->conf, r->conn);
	if (!conn || !conn->ok) {
		ctl_reply(cl, false, "no conn '%s' is loaded", r->conn);
		return;
	}
	switch (r->cmd) {
	case CTLPROTO_UP:
		up(c, cl, conn, r->timeout);
		break;
	case CTLPROTO_DOWN:
		down(c, cl, conn);
		break;
	case CTLPROTO_REKEY:
		rekey(c, cl, conn);
		break;
	default:
		rekey_ike(c, cl, conn);
		break;
	}
}

void ctl_on_conn(void *ctx, const struct conf_conn *conn, const char *why)
{
	struct ctl *c = ctx;

	for (int i = 0; i < CTL_CLIENTS_MAX; i++) {
		struct ctl_client *cl = &c->cl[i];

		if (cl->state != CTL_WAIT || cl->conn != conn)
			continue;
		if (why)
			ctl_reply(cl, false, "conn '%s' failed: %s",
				  conn->ic->name, why);
		else
			ctl_reply(cl, true, "conn '%s' established successfully",
				  conn->ic->name);
	}
}
