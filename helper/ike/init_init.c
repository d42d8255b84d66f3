// SPDX-License-Identifier: GPL-2.0
/*
 * IKE_SA_INIT as the initiator (init.h): send [N(COOKIE)] SA KE Ni
 * N(NATD_S_IP) N(NATD_D_IP), follow the responder's COOKIE and
 * INVALID_KE_PAYLOAD demands by sending again, and derive the keys from
 * its SA KE Nr.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "../common/log.h"
#include "init.h"
#include "names.h"

/* (Re)builds the request from sa's nonce, DH key and cookie. */
static int build_request(struct ikesa *sa, const struct ike_sa *offer)
{
	struct ike_hdr h = {
		.spi_i = sa->spi_i,
		.exchange = IKE_SA_INIT,
		.flags = IKE_FLAG_INITIATOR,
	};
	struct ike_notify cookie = {
		.type = IKE_N_COOKIE,
		.data = IKE_CHUNK(sa->cookie, sa->cookie_len),
	};
	uint8_t pub[IKE_DH_PUB_MAX];
	struct ike_ke ke;
	struct ike_buf b;
	int err;

	err = ike_init_ke(sa->dh, pub, sizeof(pub), &ke);
	if (err)
		return err;
	ike_buf_init(&b);
	ike_build_header(&b, &h);
	/* RFC 7296 2.6: the cookie goes first, the rest unchanged. */
	if (sa->cookie_len)
		ike_build_notify(&b, &cookie);
	ike_build_sa(&b, offer);
	ike_build_ke(&b, &ke);
	ike_build_nonce(&b, sa->ni, sa->ni_len);
	ike_init_add_natd(&b, sa->spi_i, 0, &sa->local, &sa->peer);
	ike_init_add_hash_algs(&b);
	err = ike_build_finish(&b);
	if (!err)
		err = ike_cached_set(&sa->last_req, b.data, b.len, 0);
	if (!err)
		err = ike_cached_set(&sa->init_req, b.data, b.len, 0);
	if (!err)
		ike_init_log_msg("generating", b.data, b.len);
	ike_buf_free(&b);
	return err;
}

int ike_init_start(struct ike_sa_table *t, const struct ike_sa *offer,
		   uint16_t group, const struct ike_addr *local,
		   const struct ike_addr *peer, struct ikesa **sap)
{
	struct ikesa *sa = ike_sa_new(true, local, peer);
	int err;

	*sap = NULL;
	if (!sa)
		return -ENOMEM;
	err = ike_init_nonce(sa->ni);
	if (err >= 0) {
		sa->ni_len = (size_t)err;
		err = ike_dh_new(group, &sa->dh);
	}
	if (!err)
		err = build_request(sa, offer);
	if (!err)
		err = ike_sa_table_add(t, sa);
	if (!err)
		err = ike_sa_set_state(sa, IKE_STATE_INIT_SENT);
	if (err) {
		log_err("IKE_SA_INIT: cannot start: %s", strerror(-err));
		ike_sa_free(sa);
		return err;
	}
	*sap = sa;
	return 0;
}

static int fail(struct ikesa *sa, const char *why)
{
	log_info("IKE_SA %016" PRIx64 "_i: IKE_SA_INIT failed: %s",
		 sa->spi_i, why);
	ike_sa_set_state(sa, IKE_STATE_DEAD);
	return IKE_INIT_FAILED;
}

/* Why m is not the response sa waits for, or NULL. */
static const char *not_our_response(const struct ikesa *sa,
				    const struct ike_msg *m)
{
	const struct ike_hdr *h = &m->hdr;

	if (!sa->initiator || sa->state != IKE_STATE_INIT_SENT)
		return "no IKE_SA_INIT pending";
	if (h->exchange != IKE_SA_INIT)
		return "not IKE_SA_INIT";
	if (!(h->flags & IKE_FLAG_RESPONSE))
		return "a request, not a response";
	if (h->flags & IKE_FLAG_INITIATOR)
		return "initiator flag set";
	if (h->msgid != 0)
		return "message ID not 0";
	if (h->spi_i != sa->spi_i)
		return "another SPIi";
	return NULL;
}

static int retry(struct ikesa *sa, const struct ike_sa *offer)
{
	int err;

	if (++sa->init_retries > IKE_INIT_MAX_RETRIES)
		return fail(sa, "too many COOKIE/INVALID_KE_PAYLOAD rounds");
	err = build_request(sa, offer);
	return err ? err : IKE_INIT_RETRY;
}

static int retry_cookie(struct ikesa *sa, const struct ike_sa *offer,
			const struct ike_notify *n)
{
	/* The codec bounds it to 1..64 octets already. */
	memcpy(sa->cookie, n->data.ptr, n->data.len);
	sa->cookie_len = n->data.len;
	log_info("IKE_SA %016" PRIx64 "_i: received COOKIE, sending again",
		 sa->spi_i);
	return retry(sa, offer);
}

static bool offered_group(const struct ike_sa *offer, uint16_t group)
{
	size_t i, j;

	for (i = 0; i < offer->n; i++)
		for (j = 0; j < offer->prop[i].n_xf; j++)
			if (offer->prop[i].xf[j].type == IKE_XF_DH &&
			    offer->prop[i].xf[j].id == group)
				return true;
	return false;
}

static int retry_group(struct ikesa *sa, const struct ike_sa *offer,
		       const struct ike_notify *n)
{
	uint16_t cur = ike_dh_group(sa->dh), want = ike_get16(n->data.ptr);
	struct ike_dh_key *dh;
	int err;

	log_info("IKE_SA %016" PRIx64 "_i: peer didn't accept DH group %s, "
		 "it requested %s", sa->spi_i,
		 ike_transform_name(IKE_XF_DH, cur) ?: "?",
		 ike_transform_name(IKE_XF_DH, want) ?: "?");
	if (want == cur || !offered_group(offer, want))
		return fail(sa, "requested DH group not offered");
	err = ike_dh_new(want, &dh);
	if (err)
		return fail(sa, "requested DH group not supported");
	ike_dh_free(sa->dh);
	sa->dh = dh;
	return retry(sa, offer);
}

/* The first error notify in m, or NULL. */
static const struct ike_notify *error_notify(const struct ike_msg *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->pl[i].type == IKE_PL_NOTIFY &&
		    m->pl[i].u.notify.type < IKE_N_STATUS_MIN)
			return &m->pl[i].u.notify;
	return NULL;
}

static int complete(struct ikesa *sa, const struct ike_msg *m,
		    const uint8_t *buf, size_t len,
		    const struct ike_suite *suite)
{
	const struct ike_payload *ke = ike_msg_find(m, IKE_PL_KE, NULL);
	const struct ike_payload *nr = ike_msg_find(m, IKE_PL_NONCE, NULL);
	int err;

	if (ke->u.ke.group != ike_dh_group(sa->dh) ||
	    suite->dh != ike_dh_group(sa->dh))
		return fail(sa, "responder's KE not of our group");
	sa->spi_r = m->hdr.spi_r;
	sa->suite = *suite;
	memcpy(sa->nr, nr->u.nonce.ptr, nr->u.nonce.len);
	sa->nr_len = nr->u.nonce.len;
	err = ike_init_derive(sa, ke->u.ke.data);
	if (err == -EMSGSIZE || err == -EBADMSG)
		return fail(sa, "responder's KE value invalid");
	if (!err)
		err = ike_cached_set(&sa->init_resp, buf, len, 0);
	if (err)
		return err;
	ike_init_check_natd(sa, m);
	sa->msgid_next_out = 1;
	sa->msgid_next_in = 0;
	return ike_sa_set_state(sa, IKE_STATE_INIT_DONE) ?: IKE_INIT_OK;
}

int ike_init_process(struct ikesa *sa, const struct ike_sa *offer,
		     const struct ike_msg *m, const uint8_t *buf, size_t len,
		     const struct ike_suite *suite)
{
	const struct ike_payload *p;
	const struct ike_notify *n;
	const char *why = not_our_response(sa, m);

	if (why) {
		log_debug("IKE_SA_INIT response dropped: %s", why);
		return IKE_INIT_DROP;
	}
	ike_init_log_msg("parsed", buf, len);
	p = ike_msg_notify(m, IKE_N_COOKIE);
	if (p)
		return retry_cookie(sa, offer, &p->u.notify);
	p = ike_msg_notify(m, IKE_N_INVALID_KE_PAYLOAD);
	if (p)
		return retry_group(sa, offer, &p->u.notify);
	n = error_notify(m);
	if (n)
		return fail(sa, ike_notify_name(n->type) ?: "error notify");
	/*
	 * Unauthenticated and incomplete: maybe forged, so keep waiting
	 * for the real response (RFC 7296 2.21.1) rather than give up.
	 */
	if (!ike_msg_find(m, IKE_PL_SA, NULL) ||
	    !ike_msg_find(m, IKE_PL_KE, NULL) ||
	    !ike_msg_find(m, IKE_PL_NONCE, NULL) || !m->hdr.spi_r) {
		log_debug("IKE_SA_INIT response without SA, KE, Nr dropped");
		return IKE_INIT_DROP;
	}
	if (!suite)
		return fail(sa, "responder chose a proposal we did not offer");
	return complete(sa, m, buf, len, suite);
}
