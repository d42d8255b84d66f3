// SPDX-License-Identifier: GPL-2.0
/*
 * IKE_SA_INIT as the responder (init.h): check the request, answer the
 * cheap refusals without keeping state (COOKIE, NO_PROPOSAL_CHOSEN,
 * INVALID_KE_PAYLOAD), otherwise create the SA, derive its keys and
 * answer SA KE Nr [N(NATD_S_IP) N(NATD_D_IP)] [CERTREQ] as charon does.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "../common/log.h"
#include "init.h"
#include "names.h"

/* Why h cannot start an IKE SA, or NULL if it may. */
static const char *not_a_request(const struct ike_hdr *h)
{
	if (h->exchange != IKE_SA_INIT)
		return "not IKE_SA_INIT";
	if (h->flags & IKE_FLAG_RESPONSE)
		return "a response, not a request";
	if (!(h->flags & IKE_FLAG_INITIATOR))
		return "initiator flag missing";
	if (h->msgid != 0)
		return "message ID not 0";
	if (h->spi_r != 0 || h->spi_i == 0)
		return "SPIs not those of a new IKE SA";
	return NULL;
}

static int put_raw(struct ike_buf *out, const uint8_t *data, size_t len)
{
	long off = ike_buf_reserve(out, len);

	if (off < 0)
		return (int)off;
	memcpy(out->data + off, data, len);
	return 0;
}

/*
 * RFC 7296 2.1: a retransmitted request gets the response again. Only
 * an exact copy of the request we answered counts, and only while that
 * answer is still the last one (an SA past IKE_AUTH has moved on).
 */
static int retransmit(const struct ikesa *sa, const uint8_t *buf, size_t len,
		      struct ike_buf *out)
{
	const struct ike_cached *c = ike_sa_cached_response(sa, 0);

	if (!c || sa->init_req.len != len ||
	    memcmp(sa->init_req.data, buf, len)) {
		log_debug("IKE_SA %016" PRIx64 "_i: IKE_SA_INIT request "
			  "reusing a known SPIi dropped", sa->spi_i);
		return IKE_INIT_DROP;
	}
	log_debug("IKE_SA %016" PRIx64 "_i: IKE_SA_INIT retransmitted, "
		  "sending the response again", sa->spi_i);
	return put_raw(out, c->data, c->len) ?: IKE_INIT_REPLY;
}

static int reply(struct ike_buf *out, uint64_t spi_i, uint16_t type,
		 const uint8_t *data, size_t len)
{
	log_info("IKE_SA %016" PRIx64 "_i: answering IKE_SA_INIT with %s",
		 spi_i, ike_notify_name(type) ?: "?");
	return ike_init_notify_reply(out, spi_i, type, data, len) ?:
	       IKE_INIT_REPLY;
}

static int reply_parse_error(struct ike_buf *out, const struct ike_hdr *h,
			     const struct ike_err *err)
{
	uint8_t type = err->payload;

	log_info("IKE_SA %016" PRIx64 "_i: invalid IKE_SA_INIT request: %s",
		 h->spi_i, err->msg);
	if (err->notify == IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD)
		return reply(out, h->spi_i, err->notify, &type, 1);
	return reply(out, h->spi_i, IKE_N_INVALID_SYNTAX, NULL, 0);
}

int ike_init_req_parse(const struct ike_sa_table *t,
		       const struct ike_addr *peer, struct ike_msg *m,
		       const uint8_t *buf, size_t len, struct ike_buf *out)
{
	struct ike_err err;
	struct ike_hdr h;
	const struct ikesa *dup;
	const char *why;

	/* Truncated or not IKEv2: nothing trustworthy to answer to. */
	if (ike_hdr_parse(&h, buf, len, &err)) {
		log_debug("IKE_SA_INIT dropped: %s", err.msg);
		return IKE_INIT_DROP;
	}
	why = not_a_request(&h);
	if (why) {
		log_debug("IKE_SA_INIT dropped: %s", why);
		return IKE_INIT_DROP;
	}
	dup = ike_sa_table_find_init(t, h.spi_i, peer);
	if (dup)
		return retransmit(dup, buf, len, out);
	if (ike_msg_parse(m, buf, len, &err))
		return reply_parse_error(out, &h, &err);
	ike_init_log_msg("parsed", buf, len);
	if (!ike_msg_find(m, IKE_PL_SA, NULL) ||
	    !ike_msg_find(m, IKE_PL_KE, NULL) ||
	    !ike_msg_find(m, IKE_PL_NONCE, NULL)) {
		log_info("IKE_SA %016" PRIx64 "_i: IKE_SA_INIT request "
			 "without SA, KE and Ni", h.spi_i);
		return reply(out, h.spi_i, IKE_N_INVALID_SYNTAX, NULL, 0);
	}
	return IKE_INIT_OK;
}

/* RFC 7296 2.6: a busy responder wants its cookie back before any work. */
static bool cookie_ok(const struct ike_init_resp_cfg *cfg,
		      const struct ike_msg *m, const struct ike_addr *peer)
{
	const struct ike_payload *c = ike_msg_notify(m, IKE_N_COOKIE);
	const struct ike_payload *ni = ike_msg_find(m, IKE_PL_NONCE, NULL);

	return c && ike_cookie_check(cfg->cookie, c->u.notify.data,
				     ni->u.nonce, peer, m->hdr.spi_i);
}

static int demand_cookie(const struct ike_init_resp_cfg *cfg,
			 const struct ike_msg *m, const struct ike_addr *peer,
			 struct ike_buf *out)
{
	const struct ike_payload *ni = ike_msg_find(m, IKE_PL_NONCE, NULL);
	uint8_t cookie[IKE_COOKIE_LEN];
	int err;

	err = ike_cookie_make(cfg->cookie, ni->u.nonce, peer, m->hdr.spi_i,
			      cookie);
	if (err)
		return err;
	return reply(out, m->hdr.spi_i, IKE_N_COOKIE, cookie, sizeof(cookie));
}

/*
 * The cheap refusals, in RFC 7296 2.6's order: cookie first (no work
 * for spoofed floods), then the proposal, then the KE group. Returns
 * IKE_INIT_OK to go on, otherwise the verdict for out.
 */
static int screen(const struct ike_init_resp_cfg *cfg,
		  const struct ike_msg *m, const struct ike_addr *peer,
		  struct ike_buf *out)
{
	const struct ike_payload *ke = ike_msg_find(m, IKE_PL_KE, NULL);
	uint8_t group[2];

	if (cfg->busy && !cookie_ok(cfg, m, peer))
		return demand_cookie(cfg, m, peer, out);
	if (!cfg->prop)
		return reply(out, m->hdr.spi_i, IKE_N_NO_PROPOSAL_CHOSEN,
			     NULL, 0);
	if (ke->u.ke.group != cfg->suite.dh) {
		ike_put16(group, cfg->suite.dh);
		return reply(out, m->hdr.spi_i, IKE_N_INVALID_KE_PAYLOAD,
			     group, sizeof(group));
	}
	return IKE_INIT_OK;
}

static void build_response(const struct ikesa *sa,
			   const struct ike_init_resp_cfg *cfg,
			   const struct ike_ke *ke, bool natd, bool hash_algs,
			   struct ike_buf *out)
{
	struct ike_hdr h = {
		.spi_i = sa->spi_i,
		.spi_r = sa->spi_r,
		.exchange = IKE_SA_INIT,
		.flags = IKE_FLAG_RESPONSE,
	};
	struct ike_sa sap = { .n = 1, .prop = cfg->prop };
	struct ike_cert cr = {
		.encoding = IKE_CERT_X509_SIG,
		.data = cfg->certreq,
	};

	ike_build_header(out, &h);
	ike_build_sa(out, &sap);
	ike_build_ke(out, ke);
	ike_build_nonce(out, sa->nr, sa->nr_len);
	/* RFC 7296 2.23: NATD only in answer to NATD. */
	if (natd)
		ike_init_add_natd(out, sa->spi_i, sa->spi_r, &sa->local,
				  &sa->peer);
	if (cfg->certreq.len)
		ike_build_cert(out, IKE_PL_CERTREQ, &cr);
	/* RFC 7427 4: in answer to the initiator's list */
	if (hash_algs)
		ike_init_add_hash_algs(out);
}

/* Nonces, DH, keys and the response: everything that costs. */
static int setup(struct ikesa *sa, const struct ike_init_resp_cfg *cfg,
		 const struct ike_msg *m, struct ike_buf *out)
{
	const struct ike_payload *ke = ike_msg_find(m, IKE_PL_KE, NULL);
	const struct ike_payload *ni = ike_msg_find(m, IKE_PL_NONCE, NULL);
	uint8_t pub[IKE_DH_PUB_MAX];
	struct ike_ke our_ke;
	bool natd;
	int err;

	sa->suite = cfg->suite;
	memcpy(sa->ni, ni->u.nonce.ptr, ni->u.nonce.len);
	sa->ni_len = ni->u.nonce.len;
	err = ike_init_nonce(sa->nr);
	if (err < 0)
		return err;
	sa->nr_len = (size_t)err;
	err = ike_dh_new(cfg->suite.dh, &sa->dh);
	if (!err)
		err = ike_init_ke(sa->dh, pub, sizeof(pub), &our_ke);
	if (!err)
		err = ike_init_derive(sa, ke->u.ke.data);
	if (err)
		return err;
	natd = ike_init_check_natd(sa, m);
	build_response(sa, cfg, &our_ke, natd,
		       ike_msg_notify(m, IKE_N_SIGNATURE_HASH_ALGORITHMS) != NULL,
		       out);
	return ike_build_finish(out);
}

/* Caches both messages (retransmission, IKE_AUTH) and files the SA. */
static int commit(struct ike_sa_table *t, struct ikesa *sa,
		  const uint8_t *buf, size_t len, const struct ike_buf *out)
{
	int err;

	err = ike_cached_set(&sa->init_req, buf, len, 0);
	if (!err)
		err = ike_cached_set(&sa->init_resp, out->data, out->len, 0);
	if (!err)
		err = ike_cached_set(&sa->last_resp, out->data, out->len, 0);
	if (!err)
		err = ike_sa_table_add(t, sa);
	if (err)
		return err;
	sa->msgid_next_in = 1;
	sa->msgid_next_out = 0;
	return ike_sa_set_state(sa, IKE_STATE_INIT_DONE);
}

int ike_init_respond(struct ike_sa_table *t,
		     const struct ike_init_resp_cfg *cfg,
		     const struct ike_addr *local, const struct ike_addr *peer,
		     const struct ike_msg *m, const uint8_t *buf, size_t len,
		     struct ike_buf *out, struct ikesa **sap)
{
	char addr[IKE_ADDR_STRLEN];
	struct ikesa *sa;
	int err;

	*sap = NULL;
	if (!ike_msg_find(m, IKE_PL_KE, NULL) ||
	    !ike_msg_find(m, IKE_PL_NONCE, NULL) || (cfg->busy && !cfg->cookie))
		return -EINVAL;	/* step 1 skipped, or busy without a secret */
	log_info("%s is initiating an IKE_SA",
		 ike_addr_str(peer, addr, sizeof(addr)));
	err = screen(cfg, m, peer, out);
	if (err != IKE_INIT_OK)
		return err;
	sa = ike_sa_new(false, local, peer);
	if (!sa)
		return -ENOMEM;
	sa->spi_i = m->hdr.spi_i;
	err = setup(sa, cfg, m, out);
	if (err == -EMSGSIZE || err == -EBADMSG) {
		/* The peer's KE value is not in its group. */
		ike_sa_free(sa);
		ike_buf_free(out);
		ike_buf_init(out);
		return reply(out, m->hdr.spi_i, IKE_N_INVALID_SYNTAX, NULL, 0);
	}
	if (!err)
		err = commit(t, sa, buf, len, out);
	if (err) {
		log_err("IKE_SA %016" PRIx64 "_i: IKE_SA_INIT failed: %s",
			m->hdr.spi_i, strerror(-err));
		ike_sa_free(sa);
		return err;
	}
	ike_init_log_msg("generating", out->data, out->len);
	*sap = sa;
	return IKE_INIT_OK;
}
