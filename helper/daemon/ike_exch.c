// SPDX-License-Identifier: GPL-2.0
/*
 * The responder's exchanges, per datagram: IKE_SA_INIT with the conn
 * chosen by our address and the peer's proposals, IKE_AUTH with every
 * conn on that address as candidate (ike_auth picks by identities and
 * selectors), the negotiated CHILD_SA into the kernel before the answer
 * goes out (as charon: the peer may send ESP as soon as it has it).
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

static void send_out(struct ike_daemon *d, const struct ike_buf *out,
		     const struct ike_addr *local, const struct ike_addr *peer)
{
	char from[IKE_ADDR_STRLEN], to[IKE_ADDR_STRLEN];
	int err;

	if (!out->len)
		return;
	log_info("sending packet: from %s to %s (%zu bytes)",
		 ike_addr_str(local, from, sizeof(from)),
		 ike_addr_str(peer, to, sizeof(to)), out->len);
	err = ike_sock_send(&d->sock, out->data, out->len, local, peer);
	if (err)
		log_warn("IKE send: %s", strerror(-err));
}

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
	if (v == IKE_INIT_OK)
		ike_sa_track(d, sa);
	if (v == IKE_INIT_REPLY || v == IKE_INIT_OK)
		send_out(d, out, local, peer);
}

/* The ALLOCSPI callback: SPIs for the IKE SA being answered. */
struct spi_ctx {
	struct ike_daemon *d;
	const struct ikesa *sa;
};

static int alloc_spi(void *ctx, uint32_t reqid, uint32_t *spi)
{
	struct spi_ctx *s = ctx;

	return kernel_alloc_spi(&s->d->xfrm, &s->sa->local, &s->sa->peer,
				reqid, spi);
}

static void handle_auth(struct ike_daemon *d, struct ikesa *sa,
			const uint8_t *buf, size_t len, struct ike_buf *out)
{
	struct spi_ctx ctx = { d, sa };
	struct ike_auth_resp_cfg cfg = { .alloc_spi = alloc_spi,
					 .spi_ctx = &ctx };
	struct ike_child child;
	struct ike_conns cs;
	int v;

	if (ike_conns_build(d->conf, &sa->local, &sa->peer, &cs))
		return;
	cfg.conns = cs.v;
	cfg.n_conns = cs.n;
	v = ike_auth_respond(sa, &cfg, buf, len, out, &child);
	if (v == IKE_AUTH_OK)
		ike_sa_conn_set(d, sa, child.conn->name);
	if (v == IKE_AUTH_OK && child.installed &&
	    kernel_install_child(&d->xfrm, &child, &sa->local, &sa->peer,
				 ike_conns_reqid_out(&cs, child.conn)))
		log_err("CHILD_SA %s{%u}: installing the SAs failed",
			child.conn->name, child.reqid);
	ike_child_clear(&child);
	ike_conns_free(&cs);
	if (v == IKE_AUTH_REPLY || v == IKE_AUTH_OK || v == IKE_AUTH_FAILED)
		send_out(d, out, &sa->local, &sa->peer);
}

/* Whether the decrypted INFORMATIONAL m deletes the IKE SA itself. */
static bool deletes_ike_sa(const struct ike_msg *m)
{
	const struct ike_payload *p = NULL;

	while ((p = ike_msg_find(m, IKE_PL_DELETE, p)))
		if (p->u.del.proto == IKE_PROTO_IKE)
			return true;
	return false;
}

/*
 * CREATE_CHILD_SA and INFORMATIONAL on an established SA. Returns true
 * when the SA is to go after the answer.
 */
static bool answer_other(struct ike_daemon *d, struct ikesa *sa,
			 const struct ike_hdr *h, const struct ike_msg *m,
			 struct ike_buf *out)
{
	struct ike_buf inner;
	bool gone = false;

	ike_buf_init(&inner);
	ike_build_inner(&inner);
	if (h->exchange == IKE_CREATE_CHILD_SA) {
		if (ike_ccsa_respond(d, sa, m, &inner)) {
			ike_buf_free(&inner);
			return false;	/* local failure: no answer, peer retries */
		}
	} else if (deletes_ike_sa(m)) {
		log_info("received DELETE for IKE_SA %016" PRIx64 "_i", sa->spi_i);
		gone = true;
	}
	if (!ike_auth_seal(sa, h->exchange, h->msgid, true, &inner, out) &&
	    !ike_cached_set(&sa->last_resp, out->data, out->len, h->msgid))
		sa->msgid_next_in++;
	ike_buf_free(&inner);
	return gone;
}

static void handle_other(struct ike_daemon *d, struct ikesa *sa,
			 const struct ike_hdr *h, const uint8_t *buf,
			 size_t len, struct ike_buf *out)
{
	const struct ike_cached *c = ike_sa_cached_response(sa, h->msgid);
	struct ike_addr local = sa->local, peer = sa->peer;
	uint8_t *plain = NULL;
	struct ike_msg *m;
	bool gone;

	if (c && h->msgid) {
		ike_buf_reserve(out, c->len);
		if (!out->err)
			memcpy(out->data, c->data, c->len);
		send_out(d, out, &local, &peer);
		return;
	}
	if (sa->state != IKE_STATE_ESTABLISHED || h->msgid != sa->msgid_next_in)
		return;
	m = malloc(sizeof(*m));
	if (!m || ike_auth_open(sa, h->exchange, m, buf, len, &plain)) {
		free(m);
		free(plain);
		return;
	}
	gone = answer_other(d, sa, h, m, out);
	free(m);
	free(plain);
	send_out(d, out, &local, &peer);
	if (gone) {
		ike_sa_set_state(sa, IKE_STATE_DEAD);
		ike_sa_drop(d, sa);
	}
}

void ike_daemon_dispatch(struct ike_daemon *d, const uint8_t *buf,
			 size_t len, const struct ike_addr *local,
			 const struct ike_addr *peer)
{
	struct ike_buf out;
	struct ike_err err;
	struct ike_hdr h;
	struct ikesa *sa;

	if (ike_hdr_parse(&h, buf, len, &err) || (h.flags & IKE_FLAG_RESPONSE))
		return;		/* we only answer; a responder sends no requests */
	ike_buf_init(&out);
	if (h.exchange == IKE_SA_INIT) {
		handle_init(d, buf, len, local, peer, &out);
		goto done;
	}
	sa = ike_sa_table_find(&d->t, h.spi_r);
	if (!sa || sa->initiator || sa->spi_i != h.spi_i) {
		log_debug("no IKE_SA %016" PRIx64 "_i %016" PRIx64 "_r, dropped",
			  h.spi_i, h.spi_r);
		goto done;
	}
	if (h.exchange == IKE_AUTH)
		handle_auth(d, sa, buf, len, &out);
	else if (h.exchange == IKE_CREATE_CHILD_SA ||
		 h.exchange == IKE_INFORMATIONAL)
		handle_other(d, sa, &h, buf, len, &out);
done:
	ike_buf_free(&out);
}
