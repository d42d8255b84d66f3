// SPDX-License-Identifier: GPL-2.0
/*
 * Datagrams from peers: responses go to our request in flight
 * (ike_req.c); requests are answered here: IKE_SA_INIT with the conn
 * chosen by our address and the peer's proposals, IKE_AUTH with every
 * conn on that address as candidate (ike_auth picks by identities and
 * selectors), the negotiated CHILD_SA into the kernel before the answer
 * goes out (as charon: the peer may send ESP as soon as it has it);
 * CREATE_CHILD_SA and INFORMATIONAL on an established SA. A request we
 * answered before gets the same answer again (RFC 7296 2.1).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "../ike/auth.h"
#include "../ike/conns.h"
#include "../ike/init.h"
#include "../ike/message.h"
#include "../ike/proposal.h"
#include "ike.h"
#include "kernel.h"

/*
 * The first conn on our address whose ike= takes the peer's SA payload
 * (all conns of one Home Agent usually share left= and ike=, so the
 * conn matters only through its proposals here). 0 with sel filled,
 * -ENOENT when none does.
 */
static int choose_ike(const struct conf *c, const struct ike_addr *local,
		      const struct ike_msg *m, struct ike_selected *sel)
{
	const struct ike_payload *sap = ike_msg_find(m, IKE_PL_SA, NULL);
	const struct ike_payload *ke = ike_msg_find(m, IKE_PL_KE, NULL);
	size_t i;
	int ret;

	for (i = 0; i < c->n_conns; i++) {
		const struct conf_conn *cc = &c->conns[i];

		if (!cc->ok || !ike_conn_local_ok(cc, local))
			continue;
		/* -EAGAIN: acceptable with another KE; respond asks for it */
		ret = ike_props_select(&cc->ike, &sap->u.sa, 0,
				       ke ? ke->u.ke.group : 0, sel);
		if (!ret || ret == -EAGAIN)
			return 0;
	}
	return -ENOENT;
}

static void handle_init(struct ike_daemon *d, const uint8_t *buf, size_t len,
			const struct ike_addr *local,
			const struct ike_addr *peer, struct ike_buf *out)
{
	struct ike_init_resp_cfg cfg = {
		.certreq = IKE_CHUNK(d->certreq, d->certreq_len),
		.busy = d->t.half_open >= IKE_COOKIE_THRESHOLD,
		.cookie = &d->cookie,
	};
	struct ike_msg *m = malloc(sizeof(*m));
	struct ike_selected sel;
	struct ike_sa_one one;
	struct ikesa *sa = NULL;
	int v;

	if (!m)
		return;
	v = ike_init_req_parse(&d->t, peer, m, buf, len, out);
	if (v == IKE_INIT_OK) {
		if (!choose_ike(d->conf, local, m, &sel)) {
			ike_selected_sa(&sel, NULL, 0, &one);
			cfg.prop = &one.prop;
			cfg.suite = sel.suite;
		}
		v = ike_init_respond(&d->t, &cfg, local, peer, m, buf, len,
				     out, &sa);
	}
	free(m);
	if (v == IKE_INIT_OK && !ike_sa_track(d, sa))
		return;
	if (v == IKE_INIT_REPLY || v == IKE_INIT_OK)
		ike_send(d, out, local, peer);
}

int ike_spi_alloc(void *ctx, uint32_t reqid, uint32_t *spi)
{
	struct ike_spi_ctx *s = ctx;

	return kernel_alloc_spi(&s->d->xfrm, &s->sa->local, &s->sa->peer,
				reqid, spi);
}

/*
 * The CHILD_SA an IKE_AUTH or CREATE_CHILD_SA negotiated on e, into the
 * kernel and e's list. cs is what the exchange chose the conn from.
 */
void ike_child_install(struct ike_daemon *d, struct ike_sa_info *e,
		       const struct ike_conns *cs, const struct ike_child *c)
{
	const struct conf_conn *cc = cs->cc[c->conn - cs->v];
	uint32_t reqid_out = ike_conns_reqid_out(cs, c->conn);

	const struct ike_child_sa *k;
	char line[768];

	if (kernel_install_child(&d->xfrm, c, &e->sa->local, &e->sa->peer,
				 reqid_out, cc->ic->lifetime)) {
		log_err("CHILD_SA %s: installing the SAs of reqid %u failed",
			c->conn->name, c->reqid);
		return;
	}
	k = ike_child_keep(d, e, c, cc, reqid_out);
	if (!k)
		return;
	log_info("%s", ike_child_summary(c, k->uid, line, sizeof(line)));
	if (cc->ic->installpolicy)
		kernel_child_policies(&d->xfrm, k, true);
}

static void handle_auth(struct ike_daemon *d, struct ike_sa_info *e,
			const uint8_t *buf, size_t len, struct ike_buf *out)
{
	struct ikesa *sa = e->sa;
	struct ike_spi_ctx ctx = { d, sa };
	struct ike_auth_resp_cfg cfg = { .alloc_spi = ike_spi_alloc,
					 .spi_ctx = &ctx };
	struct ike_child child;
	struct ike_conns cs;
	int v;

	if (ike_conns_build(d->conf, &sa->local, &sa->peer, &cs))
		return;
	cfg.conns = cs.v;
	cfg.n_conns = cs.n;
	v = ike_auth_respond(sa, &cfg, buf, len, out, &child);
	if (v == IKE_AUTH_OK) {
		e->conn = cs.cc[child.conn - cs.v];
		e->established = e->last_in = ike_now();
		ike_sa_schedule(e);
	}
	if (v == IKE_AUTH_OK && child.installed)
		ike_child_install(d, e, &cs, &child);
	ike_child_clear(&child);
	ike_conns_free(&cs);
	if (v == IKE_AUTH_REPLY || v == IKE_AUTH_OK || v == IKE_AUTH_FAILED)
		ike_send(d, out, &sa->local, &sa->peer);
}

struct ike_msg *ike_msg_open_in(struct ike_sa_info *e, uint8_t exchange,
				const uint8_t *buf, size_t len, uint8_t **plain)
{
	struct ike_msg *m = malloc(sizeof(*m));

	*plain = NULL;
	if (!m || ike_auth_open(e->sa, exchange, m, buf, len, plain)) {
		free(m);
		free(*plain);
		return NULL;
	}
	e->last_in = ike_now();
	return m;
}

/*
 * CREATE_CHILD_SA and INFORMATIONAL on an established SA. Returns true
 * when the SA is to go after the answer.
 */
static bool answer_other(struct ike_daemon *d, struct ike_sa_info *e,
			 const struct ike_hdr *h, const struct ike_msg *m,
			 struct ike_buf *out)
{
	struct ikesa *sa = e->sa;
	struct ike_buf inner;
	bool gone = false;

	ike_buf_init(&inner);
	ike_build_inner(&inner);
	if (h->exchange == IKE_CREATE_CHILD_SA) {
		if (ike_ccsa_respond(d, e, m, &inner)) {
			ike_buf_free(&inner);
			return false;	/* local failure: no answer, peer retries */
		}
	} else {
		gone = ike_info_respond(d, e, m, &inner);
	}
	if (!ike_auth_seal(sa, h->exchange, h->msgid, true, &inner, out) &&
	    !ike_cached_set(&sa->last_resp, out->data, out->len, h->msgid))
		sa->msgid_next_in++;
	ike_buf_free(&inner);
	return gone;
}

static void handle_other(struct ike_daemon *d, struct ike_sa_info *e,
			 const struct ike_hdr *h, const uint8_t *buf,
			 size_t len, struct ike_buf *out)
{
	struct ikesa *sa = e->sa;
	const struct ike_cached *c = ike_sa_cached_response(sa, h->msgid);
	struct ike_addr local = sa->local, peer = sa->peer;
	uint8_t *plain = NULL;
	struct ike_msg *m;
	bool gone;

	if (c && h->msgid) {
		ike_send_raw(d, c->data, c->len, &local, &peer);
		return;
	}
	if ((sa->state != IKE_STATE_ESTABLISHED &&
	     sa->state != IKE_STATE_REKEYING) || h->msgid != sa->msgid_next_in)
		return;
	m = ike_msg_open_in(e, h->exchange, buf, len, &plain);
	if (!m)
		return;
	gone = answer_other(d, e, h, m, out);
	free(m);
	free(plain);
	ike_send(d, out, &local, &peer);
	if (gone) {
		ike_sa_set_state(sa, IKE_STATE_DEAD);
		ike_sa_drop(d, e);
	}
}

/*
 * The SA a message after IKE_SA_INIT belongs to: our own SPI is SPIi
 * where we initiated the IKE SA, SPIr where we responded, and the
 * other SPI must be the peer's (0 in an IKE_SA_INIT answer we await).
 */
static struct ike_sa_info *find_sa(struct ike_daemon *d,
				   const struct ike_hdr *h)
{
	struct ikesa *sa = ike_sa_table_find(&d->t, h->spi_i);

	if (sa && sa->initiator &&
	    (sa->spi_r == h->spi_r || sa->state == IKE_STATE_INIT_SENT))
		return ike_sa_info_of(d, sa);
	sa = ike_sa_table_find(&d->t, h->spi_r);
	if (sa && !sa->initiator && sa->spi_i == h->spi_i)
		return ike_sa_info_of(d, sa);
	return NULL;
}

void ike_daemon_dispatch(struct ike_daemon *d, const uint8_t *buf,
			 size_t len, const struct ike_addr *local,
			 const struct ike_addr *peer)
{
	struct ike_sa_info *e;
	struct ike_buf out;
	struct ike_err err;
	struct ike_hdr h;

	if (ike_hdr_parse(&h, buf, len, &err))
		return;
	ike_buf_init(&out);
	if (h.exchange == IKE_SA_INIT && !(h.flags & IKE_FLAG_RESPONSE)) {
		handle_init(d, buf, len, local, peer, &out);
		goto done;
	}
	e = find_sa(d, &h);
	if (!e) {
		log_debug("no IKE_SA %016" PRIx64 "_i %016" PRIx64 "_r, dropped",
			  h.spi_i, h.spi_r);
		goto done;
	}
	if (h.flags & IKE_FLAG_RESPONSE)
		ike_req_response(d, e, &h, buf, len);
	else if (h.exchange == IKE_AUTH && !e->sa->initiator)
		handle_auth(d, e, buf, len, &out);
	else if (h.exchange == IKE_CREATE_CHILD_SA ||
		 h.exchange == IKE_INFORMATIONAL)
		handle_other(d, e, &h, buf, len, &out);
done:
	ike_buf_free(&out);
}
