// SPDX-License-Identifier: GPL-2.0
/*
 * Our requests on an IKE SA. RFC 7296 2.3 lets us have one request
 * outstanding (we announce no larger window, as charon by default), so
 * what we want of a peer is queued per IKE SA as tasks and started one
 * after another; the one in flight is resent on a back-off until
 * answered (ike_timer.c), and its answer goes to the task's handler.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "../ike/auth.h"
#include "../ike/conns.h"
#include "../ike/message.h"
#include "ike.h"
#include "kernel.h"

static int add(struct ike_daemon *d, struct ike_sa_info *e,
	       const struct ike_task *what)
{
	struct ike_task *t = malloc(sizeof(*t)), **pp;

	if (!t)
		return -ENOMEM;
	*t = *what;
	t->next = NULL;
	for (pp = &e->queue; *pp; pp = &(*pp)->next)
		;
	*pp = t;
	ike_task_next(d, e);
	return 0;
}

int ike_task_add(struct ike_daemon *d, struct ike_sa_info *e,
		 enum ike_task_kind kind, const struct conf_conn *conn,
		 uint32_t child_uid)
{
	struct ike_task t = { .kind = kind, .conn = conn,
			      .child_uid = child_uid };

	return add(d, e, &t);
}

int ike_task_add_rekey(struct ike_daemon *d, struct ike_sa_info *e,
		       uint16_t dh_group)
{
	struct ike_task t = { .kind = IKE_TASK_IKE_REKEY, .dh_group = dh_group };

	return add(d, e, &t);
}

static uint8_t exchange_of(enum ike_task_kind kind)
{
	switch (kind) {
	case IKE_TASK_CHILD_CREATE:
	case IKE_TASK_CHILD_REKEY:
	case IKE_TASK_IKE_REKEY:
		return IKE_CREATE_CHILD_SA;
	default:
		return IKE_INFORMATIONAL;
	}
}

static int build(struct ike_daemon *d, struct ike_sa_info *e,
		 struct ike_buf *inner)
{
	switch (e->req.task.kind) {
	case IKE_TASK_CHILD_CREATE:
	case IKE_TASK_CHILD_REKEY:
		return ike_ccsa_request(d, e, inner);
	case IKE_TASK_IKE_REKEY:
		return ike_rekey_request(d, e, inner);
	default:
		return ike_info_request(d, e, inner);
	}
}

/* Starts t; -errno when it could not be (it is then forgotten). */
static int start(struct ike_daemon *d, struct ike_sa_info *e,
		 const struct ike_task *t)
{
	struct ike_buf inner;
	int ret;

	e->req.task = *t;
	e->req.task.next = NULL;
	ike_buf_init(&inner);
	ike_build_inner(&inner);
	ret = build(d, e, &inner);
	if (!ret)
		ret = ike_req_send(d, e, exchange_of(t->kind), &inner);
	ike_buf_free(&inner);
	if (ret)
		ike_req_done(d, e);
	return ret;
}

void ike_task_next(struct ike_daemon *d, struct ike_sa_info *e)
{
	struct ike_task *t;

	while (!e->req.resend_ms && e->queue &&
	       e->sa->state == IKE_STATE_ESTABLISHED) {
		t = e->queue;
		e->queue = t->next;
		start(d, e, t);
		free(t);
	}
}

void ike_req_transmit(struct ike_daemon *d, struct ike_sa_info *e)
{
	const struct ikesa *sa = e->sa;

	ike_send_raw(d, sa->last_req.data, sa->last_req.len, &sa->local,
		     &sa->peer);
}

int ike_req_send(struct ike_daemon *d, struct ike_sa_info *e,
		 uint8_t exchange, struct ike_buf *inner)
{
	struct ikesa *sa = e->sa;
	uint32_t msgid = sa->msgid_next_out;
	struct ike_buf out;
	int ret;

	ike_buf_init(&out);
	ret = ike_auth_seal(sa, exchange, msgid, false, inner, &out);
	if (!ret)
		ret = ike_cached_set(&sa->last_req, out.data, out.len, msgid);
	ike_buf_free(&out);
	if (ret) {
		log_err("IKE_SA %s[%u]: request not sent: %s",
			e->conn ? e->conn->ic->name : "?", e->uid,
			strerror(-ret));
		return ret;
	}
	sa->msgid_next_out++;
	e->req.tries = 0;
	e->req.resend_ms = ike_now_ms() + d->retransmit_ms;
	ike_req_transmit(d, e);
	return 0;
}

void ike_req_done(struct ike_daemon *d, struct ike_sa_info *e)
{
	struct ike_request *r = &e->req;

	if (r->child) {
		/* an SPI allocated for a CHILD_SA that did not come */
		if (!r->child->installed)
			kernel_del_spi(&d->xfrm, &e->sa->local, r->child->spi_in);
		ike_child_clear(r->child);
		free(r->child);
	}
	if (r->conns) {
		ike_conns_free(r->conns);
		free(r->conns);
	}
	free(r->offer);
	ike_dh_free(r->dh);
	ike_sa_free(r->new_sa);
	ike_cleanse(r->nonce, sizeof(r->nonce));
	memset(r, 0, sizeof(*r));
}

static bool answer(struct ike_daemon *d, struct ike_sa_info *e,
		   const struct ike_msg *m)
{
	switch (e->req.task.kind) {
	case IKE_TASK_CHILD_CREATE:
	case IKE_TASK_CHILD_REKEY:
		return ike_ccsa_answer(d, e, m);
	case IKE_TASK_IKE_REKEY:
		return ike_rekey_answer(d, e, m);
	default:
		return ike_info_answer(d, e, m);
	}
}

void ike_req_response(struct ike_daemon *d, struct ike_sa_info *e,
		      const struct ike_hdr *h, const uint8_t *buf,
		      size_t len)
{
	struct ikesa *sa = e->sa;
	uint8_t *plain = NULL;
	struct ike_msg *m;

	if (sa->state == IKE_STATE_INIT_SENT ||
	    sa->state == IKE_STATE_AUTH_SENT) {
		ike_initiate_response(d, e, buf, len);
		return;
	}
	if (!e->req.resend_ms || !e->req.task.kind ||
	    h->msgid != sa->last_req.msgid ||
	    h->exchange != exchange_of(e->req.task.kind))
		return;		/* late or duplicate answer */
	m = ike_msg_open_in(e, h->exchange, buf, len, &plain);
	if (!m)
		return;
	if (!answer(d, e, m)) {
		ike_req_done(d, e);
		ike_task_next(d, e);
	}
	free(m);
	free(plain);
}
