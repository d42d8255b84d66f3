// SPDX-License-Identifier: GPL-2.0
/*
 * Initiating (RFC 7296 1.2): `mipxfrmctl up CONN` and auto=start. A
 * conn whose peer already has an IKE SA with us under the same
 * identities gets its CHILD_SA by CREATE_CHILD_SA on it, as charon
 * reuses IKE SAs; otherwise IKE_SA_INIT goes out with the conn's ike=
 * proposals and IKE_AUTH follows with the conn's CHILD_SA, whose SPI
 * the kernel allocates with the conn's reqid.
 *
 * Initiating needs both ends as addresses (left= and right=); a conn
 * with right=%any can only be answered.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/log.h"
#include "../ike/auth.h"
#include "../ike/conns.h"
#include "../ike/message.h"
#include "ike.h"

static int refuse(char *why, size_t len, int err, const char *fmt,
		  const char *name)
{
	char buf[256];

	snprintf(buf, sizeof(buf), fmt, name);
	log_err("%s", buf);
	if (why)
		snprintf(why, len, "%s", buf);
	return err;
}

/* host as an endpoint on port; false unless it is an address. */
static bool endpoint(const struct ipsec_host *h, uint16_t port,
		     struct ike_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (h->kind != IPSEC_HOST_ADDR)
		return false;
	a->family = h->addr.family;
	memcpy(a->ip, &h->addr.v6, a->family == AF_INET ? 4 : 16);
	a->port = port;
	return true;
}

static bool same_peer(const struct conf_conn *a, const struct conf_conn *b)
{
	const struct ipsec_id *x = &a->ic->right.id, *y = &b->ic->right.id;

	return x->type == y->type &&
	       !strcmp(x->value ? x->value : "", y->value ? y->value : "");
}

/* A live IKE SA between these endpoints with conn's peer identity. */
static struct ike_sa_info *reusable(struct ike_daemon *d,
				    const struct conf_conn *conn,
				    const struct ike_addr *local,
				    const struct ike_addr *peer)
{
	struct ike_sa_info *e;
	enum ike_sa_state s;

	for (e = d->sa_infos; e; e = e->next) {
		s = e->sa->state;
		if (s == IKE_STATE_DELETING || s == IKE_STATE_DEAD ||
		    (s == IKE_STATE_REKEYING && !e->children) ||
		    !e->conn || !same_peer(e->conn, conn) ||
		    !ike_addr_equal(&e->sa->local, local) ||
		    !ike_addr_equal(&e->sa->peer, peer))
			continue;
		return e;
	}
	return NULL;
}

static bool has_child_of(const struct ike_sa_info *e,
			 const struct conf_conn *conn)
{
	const struct ike_child_sa *c;

	if (e->req.resend_ms && e->req.task.conn == conn)
		return true;
	for (c = e->children; c; c = c->next)
		if (c->conn == conn)
			return true;
	return false;
}

/* A new IKE SA for conn: IKE_SA_INIT out, IKE_AUTH when it answers. */
static int new_ike_sa(struct ike_daemon *d, const struct conf_conn *conn,
		      const struct ike_addr *local, const struct ike_addr *peer)
{
	struct ike_sa_offer *offer = malloc(sizeof(*offer));
	uint16_t group = conn->ike.p[0].n_dh ? conn->ike.p[0].dh[0] : 0;
	struct ike_sa_info *e;
	struct ikesa *sa;
	int ret;

	if (!offer)
		return -ENOMEM;
	ret = ike_props_offer(&conn->ike, NULL, 0, 0, offer);
	if (!ret)
		ret = ike_init_start(&d->t, &offer->sa, group, local, peer, &sa);
	if (ret || !(e = ike_sa_track(d, sa))) {
		free(offer);
		return ret ? ret : -ENOMEM;
	}
	e->conn = conn;
	e->req.offer = offer;
	e->req.task.conn = conn;
	e->req.resend_ms = ike_now_ms() + d->retransmit_ms;
	log_info("initiating IKE_SA %s[%u] to %s", conn->ic->name, e->uid,
		 ike_addr_str(peer, (char[IKE_ADDR_STRLEN]){ 0 },
			      IKE_ADDR_STRLEN));
	ike_req_transmit(d, e);
	return 0;
}

int ike_up(struct ike_daemon *d, const struct conf_conn *conn, char *why,
	   size_t whylen)
{
	const struct ipsec_conn *ic = conn->ic;
	struct ike_addr local, peer;
	struct ike_sa_info *e;
	int ret;

	if (!conn->ok)
		return refuse(why, whylen, -EINVAL,
			      "conn %s did not pass the configuration checks", ic->name);
	if (!endpoint(&ic->right.host, ic->right.ikeport, &peer) ||
	    !endpoint(&ic->left.host, d->sock.port, &local))
		return refuse(why, whylen, -EDESTADDRREQ,
			      "conn %s: initiating needs left= and right= addresses", ic->name);
	e = reusable(d, conn, &local, &peer);
	if (e && has_child_of(e, conn))
		return refuse(why, whylen, -EALREADY,
			      "conn %s is already up or coming up", ic->name);
	if (e) {
		log_info("establishing CHILD_SA %s on IKE_SA %s[%u]", ic->name,
			 e->conn->ic->name, e->uid);
		ret = ike_task_add(d, e, IKE_TASK_CHILD_CREATE, conn, 0);
	} else {
		ret = new_ike_sa(d, conn, &local, &peer);
	}
	if (ret)
		return refuse(why, whylen, ret, "conn %s: out of resources", ic->name);
	return 0;
}

/* e's part of taking conn down; returns the SAs asked to go. */
static int down_on(struct ike_daemon *d, struct ike_sa_info *e,
		   const struct conf_conn *conn)
{
	struct ike_child_sa *c;
	bool others = false;
	int n = 0;

	for (c = e->children; c; c = c->next)
		if (c->conn != conn)
			others = true;
	if (!others && (e->children || e->conn == conn)) {
		if (e->sa->state != IKE_STATE_ESTABLISHED) {
			ike_sa_drop(d, e);	/* not up yet: nothing to tell */
			return 1;
		}
		return ike_task_add(d, e, IKE_TASK_IKE_DELETE, NULL, 0) ? 0 : 1;
	}
	for (c = e->children; c; c = c->next)
		if (c->conn == conn &&
		    !ike_task_add(d, e, IKE_TASK_CHILD_DELETE, NULL, c->uid))
			n++;
	return n;
}

int ike_down(struct ike_daemon *d, const struct conf_conn *conn)
{
	struct ike_sa_info *e, *next;
	int n = 0;

	for (e = d->sa_infos; e; e = next) {
		next = e->next;
		if (e->sa->state != IKE_STATE_DELETING &&
		    e->sa->state != IKE_STATE_DEAD)
			n += down_on(d, e, conn);
	}
	log_info("conn %s: %d SA%s asked to go", conn->ic->name, n,
		 n == 1 ? "" : "s");
	return n;
}

void ike_start_conns(struct ike_daemon *d)
{
	size_t i;

	for (i = 0; i < d->conf->n_conns; i++)
		if (d->conf->conns[i].ok &&
		    d->conf->conns[i].ic->startup == IPSEC_AUTO_START)
			ike_up(d, &d->conf->conns[i], NULL, 0);
}

static void failed(struct ike_daemon *d, struct ike_sa_info *e,
		   const char *why)
{
	log_info("IKE_SA %s[%u] failed: %s", e->conn->ic->name, e->uid, why);
	if (d->on_conn)
		d->on_conn(d->on_conn_ctx, e->req.task.conn, why);
	ike_sa_set_state(e->sa, IKE_STATE_DEAD);
	ike_sa_drop(d, e);
}

/* IKE_SA_INIT is done: IKE_AUTH with the first conn's CHILD_SA. */
static void start_auth(struct ike_daemon *d, struct ike_sa_info *e)
{
	struct ike_request *r = &e->req;
	struct ike_spi_ctx ctx = { d, e->sa };
	int ret;

	ret = ike_req_conns(d, e, r->task.conn);
	if (!ret)
		ret = ike_auth_start(e->sa, r->child->conn, ike_spi_alloc, &ctx,
				     r->child);
	if (ret) {
		failed(d, e, "IKE_AUTH request not built");
		return;
	}
	r->tries = 0;
	r->resend_ms = ike_now_ms() + d->retransmit_ms;
	ike_req_transmit(d, e);
}

static void init_response(struct ike_daemon *d, struct ike_sa_info *e,
			  const uint8_t *buf, size_t len)
{
	struct ike_msg *m = malloc(sizeof(*m));
	const struct ike_payload *sap;
	struct ike_selected sel;
	bool have_suite = false;
	struct ike_err err;
	int v;

	if (!m || ike_msg_parse(m, buf, len, &err)) {
		free(m);
		return;
	}
	sap = ike_msg_find(m, IKE_PL_SA, NULL);
	if (sap && !ike_props_check_answer(&e->conn->ike, &sap->u.sa, 0, &sel))
		have_suite = true;
	v = ike_init_process(e->sa, &e->req.offer->sa, m, buf, len,
			     have_suite ? &sel.suite : NULL);
	free(m);
	if (v == IKE_INIT_RETRY) {
		e->req.resend_ms = ike_now_ms() + d->retransmit_ms;
		e->req.tries = 0;
		ike_req_transmit(d, e);
	} else if (v == IKE_INIT_OK) {
		start_auth(d, e);
	} else if (v == IKE_INIT_FAILED || v < 0) {
		failed(d, e, "IKE_SA_INIT refused or failed");
	}
}

static void auth_response(struct ike_daemon *d, struct ike_sa_info *e,
			  const uint8_t *buf, size_t len)
{
	struct ike_request *r = &e->req;
	struct ike_child *c = r->child;
	const struct conf_conn *conn = r->task.conn;
	int v = ike_auth_process(e->sa, buf, len, c);

	if (v == IKE_AUTH_DROP)
		return;
	if (v != IKE_AUTH_OK) {
		failed(d, e, c->why[0] ? c->why : "IKE_AUTH failed");
		return;
	}
	e->established = e->last_in = ike_now();
	ike_sa_schedule(e);
	if (c->installed)
		ike_child_install(d, e, r->conns, c);
	if (d->on_conn)
		d->on_conn(d->on_conn_ctx, conn,
			   c->installed ? NULL :
			   c->why[0] ? c->why : "CHILD_SA refused");
	ike_req_done(d, e);
	ike_task_next(d, e);
}

void ike_initiate_response(struct ike_daemon *d, struct ike_sa_info *e,
			   const uint8_t *buf, size_t len)
{
	if (e->sa->state == IKE_STATE_INIT_SENT)
		init_response(d, e, buf, len);
	else if (e->sa->state == IKE_STATE_AUTH_SENT)
		auth_response(d, e, buf, len);
}
