// SPDX-License-Identifier: GPL-2.0
/*
 * Time-driven IKE work, checked on each pass of the poll loop: resending
 * our request in flight on a back-off and giving up on a silent peer,
 * rekeying IKE and CHILD SAs before their lifetimes end, liveness
 * checks (dpddelay) of peers we have not heard from, and freeing
 * half-open SAs.
 */
#include <inttypes.h>

#include "../common/log.h"
#include "ike.h"

/* retransmit_ms * 1.8^tries */
static int64_t backoff_ms(const struct ike_daemon *d, unsigned int tries)
{
	int64_t ms = d->retransmit_ms;

	while (tries--)
		ms = ms * 9 / 5;
	return ms;
}

/*
 * The conns to bring up again after e is gone: dpdaction=restart on
 * the conns of its CHILD_SAs (at most IKE_RESTART_MAX).
 */
#define IKE_RESTART_MAX	8
static size_t to_restart(const struct ike_sa_info *e,
			 const struct conf_conn **v)
{
	const struct ike_child_sa *c;
	size_t n = 0, i;

	for (c = e->children; c && n < IKE_RESTART_MAX; c = c->next) {
		if (c->conn->ic->dpdaction != IPSEC_ACTION_RESTART)
			continue;
		for (i = 0; i < n && v[i] != c->conn; i++)
			;
		if (i == n)
			v[n++] = c->conn;
	}
	return n;
}

/*
 * `mipxfrmctl up` clients waiting for a conn that e was to bring up: its
 * IKE_SA_INIT/IKE_AUTH, a CREATE_CHILD_SA in flight, or one queued (a client
 * already answered is not answered again).
 */
static void tell_waiting(struct ike_daemon *d, struct ike_sa_info *e,
			 const char *why)
{
	const struct ike_task *t;

	if (e->sa->initiator && e->sa->state != IKE_STATE_ESTABLISHED)
		d->on_conn(d->on_conn_ctx, e->conn, why);
	else if (e->req.resend_ms && e->req.task.kind == IKE_TASK_CHILD_CREATE)
		d->on_conn(d->on_conn_ctx, e->req.task.conn, why);
	for (t = e->queue; t; t = t->next)
		if (t->kind == IKE_TASK_CHILD_CREATE)
			d->on_conn(d->on_conn_ctx, t->conn, why);
}

static void give_up(struct ike_daemon *d, struct ike_sa_info *e)
{
	const char *name = e->conn ? e->conn->ic->name : "?";
	const struct conf_conn *restart[IKE_RESTART_MAX];
	size_t i, n = to_restart(e, restart);

	log_info("giving up after %u retransmits", d->retransmit_tries);
	log_info("IKE_SA %s[%u]: peer did not answer, deleting it and its %s",
		 name, e->uid, e->children ? "CHILD_SAs" : "half-open state");
	if (d->on_conn)
		tell_waiting(d, e, "peer did not answer (retransmits exhausted)");
	ike_sa_drop(d, e);
	for (i = 0; i < n; i++) {
		log_info("conn %s: dpdaction=restart, initiating again",
			 restart[i]->ic->name);
		ike_up(d, restart[i], NULL, 0);
	}
}

/* Resends e's request if due; false when e is gone. */
static bool resend(struct ike_daemon *d, struct ike_sa_info *e, int64_t now)
{
	struct ike_request *r = &e->req;

	if (!r->resend_ms || now < r->resend_ms)
		return true;
	if (r->tries >= d->retransmit_tries) {
		give_up(d, e);
		return false;
	}
	r->tries++;
	log_info("retransmit %u of request with message ID %" PRIu32,
		 r->tries, e->sa->last_req.msgid);
	r->resend_ms = now + backoff_ms(d, r->tries);
	ike_req_transmit(d, e);
	return true;
}

static bool queued(const struct ike_sa_info *e, enum ike_task_kind kind,
		   uint32_t uid)
{
	const struct ike_task *t;

	if (e->req.resend_ms && e->req.task.kind == kind &&
	    e->req.task.child_uid == uid)
		return true;
	for (t = e->queue; t; t = t->next)
		if (t->kind == kind && t->child_uid == uid)
			return true;
	return false;
}

static void rekeys(struct ike_daemon *d, struct ike_sa_info *e, time_t now)
{
	struct ike_child_sa *c;

	if (e->sa->state != IKE_STATE_ESTABLISHED)
		return;
	if (e->rekey_at && now >= e->rekey_at &&
	    !queued(e, IKE_TASK_IKE_REKEY, 0)) {
		log_info("IKE_SA %s[%u]: lifetime reached, rekeying",
			 e->conn->ic->name, e->uid);
		e->rekey_at = 0;
		ike_task_add(d, e, IKE_TASK_IKE_REKEY, NULL, 0);
	}
	for (c = e->children; c; c = c->next) {
		if (!c->rekey_at || now < c->rekey_at || c->rekeying ||
		    queued(e, IKE_TASK_CHILD_REKEY, c->uid))
			continue;
		log_info("CHILD_SA %s{%u}: lifetime reached, rekeying",
			 c->conn->ic->name, c->uid);
		c->rekey_at = 0;
		ike_task_add(d, e, IKE_TASK_CHILD_REKEY, NULL, c->uid);
	}
}

/*
 * When e's peer is due a liveness check (dpddelay seconds without a
 * word from it); 0 when none is: no dpdaction, not established, or a
 * request of ours in flight or queued (its answer tells us as much).
 */
static time_t liveness_due(const struct ike_sa_info *e)
{
	const struct ipsec_conn *ic = e->conn ? e->conn->ic : NULL;

	if (!ic || !ic->dpddelay || ic->dpdaction == IPSEC_ACTION_NONE ||
	    e->sa->state != IKE_STATE_ESTABLISHED || e->req.resend_ms ||
	    e->queue)
		return 0;
	return e->last_in + (time_t)ic->dpddelay;
}

/* dpddelay seconds without a word from the peer: ask whether it lives. */
static void liveness(struct ike_daemon *d, struct ike_sa_info *e, time_t now)
{
	time_t due = liveness_due(e);

	if (due && now >= due)
		ike_task_add(d, e, IKE_TASK_DPD, NULL, 0);
}

void ike_daemon_tick(struct ike_daemon *d)
{
	struct ike_sa_info *e, *next;
	int64_t now_ms = ike_now_ms();
	time_t now = ike_now();

	for (e = d->sa_infos; e; e = next) {
		next = e->next;
		if (!resend(d, e, now_ms))
			continue;
		rekeys(d, e, now);
		liveness(d, e, now);
	}
	ike_daemon_expire(d);
}

static int64_t earliest(int64_t a, int64_t b)
{
	return !a || (b && b < a) ? b : a;
}

int ike_daemon_next_ms(const struct ike_daemon *d, int max_ms)
{
	const struct ike_sa_info *e;
	const struct ike_child_sa *c;
	int64_t now = ike_now_ms(), due = 0, wait;

	for (e = d->sa_infos; e; e = e->next) {
		due = earliest(due, e->req.resend_ms);
		due = earliest(due, (int64_t)e->rekey_at * 1000);
		due = earliest(due, (int64_t)liveness_due(e) * 1000);
		for (c = e->children; c; c = c->next)
			due = earliest(due, (int64_t)c->rekey_at * 1000);
	}
	if (!due)
		return max_ms;
	wait = due - now;
	if (wait < 0)
		return 0;
	return wait < max_ms ? (int)wait : max_ms;
}
