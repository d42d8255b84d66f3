// SPDX-License-Identifier: GPL-2.0
/*
 * The CHILD_SA half of IKE_AUTH (RFC 7296 1.2, 2.9, 3.10.1): the ESP
 * proposal, the traffic selectors and the transport mode request, for
 * both roles; the initiator's offer and check serve CREATE_CHILD_SA
 * too (with a nonce and KE for PFS). Which conn applies is auth_resp.c's choice; this file
 * negotiates within it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "auth.h"
#include "child.h"
#include "names.h"

static const char *notify_name(uint16_t type)
{
	const char *n = ike_notify_name(type);

	return n ? n : "?";
}

static int refuse(struct ike_child *c, struct ike_buf *inner, uint16_t type,
		  const char *why)
{
	snprintf(c->why, sizeof(c->why), "%s", why);
	log_info("%s, sending %s", why, notify_name(type));
	c->notify = type;
	c->installed = false;
	return ike_auth_add_notify(inner, type);
}

/*
 * The mode both ends agree on: a transport mode only when the conn has
 * one and the initiator asked for it (RFC 7296 1.3.1: without the
 * notify the peer gets tunnel mode).
 */
static enum ike_child_mode agreed_mode(const struct ike_auth_conn *conn,
				       bool asked)
{
	return asked && conn->mode != IKE_MODE_TUNNEL ? conn->mode :
							 IKE_MODE_TUNNEL;
}

static int add_selectors(struct ike_buf *inner, const struct ike_ts *tsi,
			 size_t ni, const struct ike_ts *tsr, size_t nr)
{
	struct ike_tsp i = { .n = ni, .ts = tsi };
	struct ike_tsp r = { .n = nr, .ts = tsr };

	ike_build_ts(inner, IKE_PL_TSI, &i);
	return ike_build_ts(inner, IKE_PL_TSR, &r);
}

bool ike_child_narrow(struct ike_child *c, const struct ike_msg *m)
{
	const struct ike_auth_conn *conn = c->conn;
	const struct ike_payload *tsi = ike_msg_find(m, IKE_PL_TSI, NULL);
	const struct ike_payload *tsr = ike_msg_find(m, IKE_PL_TSR, NULL);

	if (!tsi || !tsr)
		return false;
	c->n_remote = ike_ts_narrow(&tsi->u.ts, &conn->remote_ts, c->remote);
	c->n_local = ike_ts_narrow(&tsr->u.ts, &conn->local_ts, c->local);
	if (!c->n_remote || !c->n_local)
		return false;
	/* RFC 4877: the HoA comes from a host selector, so one each */
	if (c->mode == IKE_MODE_TRANSPORT_PROXY)
		return ike_ts_host(&c->local[0]) && ike_ts_host(&c->remote[0]);
	return true;
}

int ike_child_respond(struct ike_child *c, const struct ikesa *sa,
		      const struct ike_msg *m, ike_spi_alloc_fn alloc,
		      void *ctx, struct ike_buf *inner)
{
	const struct ike_payload *sap = ike_msg_find(m, IKE_PL_SA, NULL);
	bool asked = ike_msg_notify(m, IKE_N_USE_TRANSPORT_MODE) != NULL;
	struct ike_selected sel;
	struct ike_sa_one one;
	uint8_t spi[4];
	int ret;

	c->initiator = false;
	c->reqid = c->conn->reqid;
	c->mode = agreed_mode(c->conn, asked);
	if (!sap || ike_props_select(c->conn->esp, &sap->u.sa, IKE_SEL_NO_DH,
				     0, &sel) || sel.proto != IKE_PROTO_ESP ||
	    sel.spi_len != 4)
		return refuse(c, inner, IKE_N_NO_PROPOSAL_CHOSEN,
			      "no acceptable ESP proposal found");
	if (!ike_child_narrow(c, m))
		return refuse(c, inner, IKE_N_TS_UNACCEPTABLE,
			      "traffic selectors unacceptable");
	ret = alloc(ctx, c->reqid, &c->spi_in);
	if (ret)
		return ret;
	c->spi_out = ike_get32(sel.spi);
	ret = ike_child_finish(c, sa, &sel.suite);
	if (ret)
		return ret;
	if (c->mode != IKE_MODE_TUNNEL)
		ike_auth_add_notify(inner, IKE_N_USE_TRANSPORT_MODE);
	ike_put32(spi, c->spi_in);
	ike_selected_sa(&sel, spi, sizeof(spi), &one);
	ike_build_sa(inner, &one.sa);
	return add_selectors(inner, c->remote, c->n_remote, c->local,
			     c->n_local);
}

int ike_child_offer(struct ike_child *c, const struct ike_child_pfs *pfs,
		    struct ike_buf *inner)
{
	const struct ike_auth_conn *conn = c->conn;
	struct ike_sa_offer *o = malloc(sizeof(*o));
	uint8_t spi[4];
	int ret;

	if (!o)
		return -ENOMEM;
	ike_put32(spi, c->spi_in);
	ret = ike_props_offer(conn->esp, spi, sizeof(spi),
			      pfs ? 0 : IKE_SEL_NO_DH, o);
	if (!ret) {
		if (conn->mode != IKE_MODE_TUNNEL)
			ike_auth_add_notify(inner, IKE_N_USE_TRANSPORT_MODE);
		ike_build_sa(inner, &o->sa);
		if (pfs)
			ike_build_nonce(inner, pfs->nonce.ptr, pfs->nonce.len);
		if (pfs && pfs->ke.group)
			ike_build_ke(inner, &pfs->ke);
		ret = add_selectors(inner, &conn->local_ts, 1,
				    &conn->remote_ts, 1);
	}
	free(o);
	return ret;
}

static int bad_answer(struct ike_child *c, const char *why)
{
	snprintf(c->why, sizeof(c->why), "%s", why);
	log_err("%s", why);
	return -EPROTO;
}

/* The responder may only narrow: each selector within what we sent. */
static bool take_selectors(const struct ike_payload *p,
			   const struct ike_ts *ours, struct ike_ts *out,
			   size_t *n)
{
	size_t i;

	if (!p || !p->u.ts.n || p->u.ts.n > IKE_TS_MAX)
		return false;
	for (i = 0; i < p->u.ts.n; i++) {
		if (!ike_ts_within(&p->u.ts.ts[i], ours))
			return false;
		out[i] = p->u.ts.ts[i];
	}
	*n = p->u.ts.n;
	return true;
}

int ike_child_check_answer(struct ike_child *c, const struct ike_msg *m,
			   unsigned int flags, struct ike_selected *sel)
{
	const struct ike_auth_conn *conn = c->conn;
	const struct ike_payload *sap = ike_msg_find(m, IKE_PL_SA, NULL);
	bool transport = ike_msg_notify(m, IKE_N_USE_TRANSPORT_MODE) != NULL;

	c->initiator = true;
	c->reqid = conn->reqid;
	if (ike_msg_notify(m, IKE_N_NO_PROPOSAL_CHOSEN))
		c->notify = IKE_N_NO_PROPOSAL_CHOSEN;
	else if (ike_msg_notify(m, IKE_N_TS_UNACCEPTABLE))
		c->notify = IKE_N_TS_UNACCEPTABLE;
	else if (ike_msg_notify(m, IKE_N_INVALID_KE_PAYLOAD))
		c->notify = IKE_N_INVALID_KE_PAYLOAD;
	if (c->notify) {
		snprintf(c->why, sizeof(c->why), "peer refused the CHILD_SA: %s",
			 notify_name(c->notify));
		log_info("%s", c->why);
		return -ECONNREFUSED;
	}
	if (!sap || ike_props_check_answer(conn->esp, &sap->u.sa, flags, sel) ||
	    sel->spi_len != 4)
		return bad_answer(c, "the responder's ESP proposal is not one we offered");
	if (!take_selectors(ike_msg_find(m, IKE_PL_TSI, NULL), &conn->local_ts,
			    c->local, &c->n_local) ||
	    !take_selectors(ike_msg_find(m, IKE_PL_TSR, NULL), &conn->remote_ts,
			    c->remote, &c->n_remote))
		return bad_answer(c, "the responder's traffic selectors are not within ours");
	/* a transport conn answered in tunnel mode would carry MH wrongly */
	if ((conn->mode != IKE_MODE_TUNNEL) != transport)
		return bad_answer(c, "the responder did not agree on the mode");
	c->mode = conn->mode;
	c->spi_out = ike_get32(sel->spi);
	return 0;
}

int ike_child_accept(struct ike_child *c, const struct ikesa *sa,
		     const struct ike_msg *m)
{
	struct ike_selected sel;
	int ret = ike_child_check_answer(c, m, IKE_SEL_NO_DH, &sel);

	if (ret == -ECONNREFUSED)
		return 0;
	return ret ? ret : ike_child_finish(c, sa, &sel.suite);
}
