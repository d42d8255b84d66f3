/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKE_SA_INIT exchange (RFC 7296 1.2), both roles, as pure logic:
 * functions take the received datagram and leave the one to send in a
 * buffer or in the SA's cache. No sockets, no timers: retransmitting
 * sa->last_req and expiring half-open SAs is the caller's business.
 *
 * Proposal choice is not done here (proposal.c does it): the responder
 * is handed the proposal it answers with and its suite, the initiator
 * the suite of the proposal the responder picked.
 *
 * Responder, per datagram:
 *
 *	v = ike_init_req_parse(t, &peer, m, buf, len, &out);
 *	if (v == IKE_INIT_DROP)     ignore it
 *	if (v == IKE_INIT_REPLY)    send out (a duplicate, or an error)
 *	(IKE_INIT_OK) choose from ike_msg_find(m, IKE_PL_SA, NULL)
 *	v = ike_init_respond(t, &cfg, &local, &peer, m, buf, len, &out, &sa);
 *	IKE_INIT_REPLY: send out, no SA (INVALID_KE_PAYLOAD, COOKIE, ...)
 *	IKE_INIT_OK: send out; sa is new, in t, INIT_DONE with its keys
 *
 * Initiator:
 *
 *	ike_init_start(t, offer, group, &local, &peer, &sa): send
 *	sa->last_req; for each datagram whose SPIi is ours:
 *	v = ike_init_process(sa, offer, m, buf, len, suite);
 *	IKE_INIT_RETRY: send sa->last_req (COOKIE or another DH group)
 *	IKE_INIT_OK: INIT_DONE with keys; IKE_AUTH comes next
 *	IKE_INIT_FAILED: the responder refused; sa is DEAD
 *	IKE_INIT_DROP: not a valid response, ignore it (keep waiting)
 *
 * Negative values are local failures (-ENOMEM, -EIO, ...), logged.
 */
#ifndef MIPXFRM_IKE_INIT_H
#define MIPXFRM_IKE_INIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "message.h"
#include "natd.h"
#include "sa.h"

/* Our nonce size: charon's, and at least half of any PRF's key. */
#define IKE_INIT_NONCE_LEN	32
/* Largest KE data and g^ir we handle (MODP-8192). */
#define IKE_DH_PUB_MAX		1024
/* COOKIE and INVALID_KE_PAYLOAD rounds an initiator accepts per SA. */
#define IKE_INIT_MAX_RETRIES	4

enum ike_init_verdict {
	IKE_INIT_DROP,
	IKE_INIT_REPLY,
	IKE_INIT_OK,
	IKE_INIT_RETRY,
	IKE_INIT_FAILED,
};

/* What the responder answers with, chosen by its caller. */
struct ike_init_resp_cfg {
	/* From proposal.c; NULL answers NO_PROPOSAL_CHOSEN. */
	const struct ike_proposal *prop;
	struct ike_suite suite;		/* prop as transform IDs */
	/* SHA-1 hashes of our CAs' public keys; empty: no CERTREQ. */
	struct ike_chunk certreq;
	/* Half-open SAs above the threshold: ask for a cookie. */
	bool busy;
	const struct ike_cookie_secret *cookie;
};

/*
 * Responder, first step: parses buf into m and checks what needs no
 * configuration: an IKE_SA_INIT request (I set, R clear), message ID 0,
 * SPIr 0, SA, KE and Ni present. A retransmission of a request already
 * answered gets the cached response in out (REPLY); a malformed body
 * gets INVALID_SYNTAX (or UNSUPPORTED_CRITICAL_PAYLOAD) in out (REPLY);
 * anything else wrong is dropped (RFC 7296 2.21: no answer to what is
 * not a plausible request). out must be empty (ike_buf_init).
 */
int ike_init_req_parse(const struct ike_sa_table *t,
		       const struct ike_addr *peer, struct ike_msg *m,
		       const uint8_t *buf, size_t len, struct ike_buf *out);

/* Responder, second step: see the top of this file. */
int ike_init_respond(struct ike_sa_table *t,
		     const struct ike_init_resp_cfg *cfg,
		     const struct ike_addr *local, const struct ike_addr *peer,
		     const struct ike_msg *m, const uint8_t *buf, size_t len,
		     struct ike_buf *out, struct ikesa **sa);

/*
 * Initiator: a new SA in t, in INIT_SENT, with the request in
 * sa->last_req (and sa->init_req). offer is the SA payload to send
 * (proposals with SPI size 0); group the DH group of our KE, which
 * should be the first proposal's.
 */
int ike_init_start(struct ike_sa_table *t, const struct ike_sa *offer,
		   uint16_t group, const struct ike_addr *local,
		   const struct ike_addr *peer, struct ikesa **sa);

/*
 * Initiator: a datagram parsed into m (from buf, len) for sa. offer is
 * the one given to ike_init_start (a retry sends it again); suite is
 * the responder's chosen proposal as proposal.c checked it against the
 * offer, NULL if it had none or an unacceptable one.
 */
int ike_init_process(struct ikesa *sa, const struct ike_sa *offer,
		     const struct ike_msg *m, const uint8_t *buf, size_t len,
		     const struct ike_suite *suite);

/* --- shared by both roles (init.c) ----------------------------------- */

/*
 * A stateless IKE_SA_INIT response carrying one notify (COOKIE,
 * INVALID_KE_PAYLOAD, NO_PROPOSAL_CHOSEN, INVALID_SYNTAX), SPIr 0.
 */
int ike_init_notify_reply(struct ike_buf *out, uint64_t spi_i,
			  uint16_t type, const uint8_t *data, size_t len);

/*
 * Appends N(SIGNATURE_HASH_ALGORITHMS) (RFC 7427) with the hashes we
 * verify signatures with: SHA2-256, -384, -512; the peer may then sign
 * with RFC 7427 signatures, charon 5.9's default.
 */
int ike_init_add_hash_algs(struct ike_buf *b);

/* Appends N(NATD_S_IP) and N(NATD_D_IP) for the SPIs of this message. */
int ike_init_add_natd(struct ike_buf *b, uint64_t spi_i, uint64_t spi_r,
		      const struct ike_addr *src, const struct ike_addr *dst);

/*
 * Checks the NATD notifies m carries (sent from peer to local, with the
 * SPIs of m's header): sets sa->local_natted when NATD_D_IP does not
 * match our address, sa->peer_natted when no NATD_S_IP matches the
 * peer's. Returns whether m had NATD notifies at all.
 */
bool ike_init_check_natd(struct ikesa *sa, const struct ike_msg *m);

/* A fresh nonce into buf; returns its length (IKE_INIT_NONCE_LEN). */
int ike_init_nonce(uint8_t *buf);

/*
 * g^ir from the peer's KE data, then SKEYSEED and SK_* into sa->keys;
 * frees sa->dh. 0, or -errno (-EMSGSIZE, -EBADMSG: a bad peer value).
 */
int ike_init_derive(struct ikesa *sa, struct ike_chunk peer_ke);

/* Our public value as a KE payload struct; pub has room for it. */
int ike_init_ke(const struct ike_dh_key *dh, uint8_t *pub, size_t room,
		struct ike_ke *ke);

/* Logs "generating <summary>" or "parsed <summary>" (info), as charon. */
void ike_init_log_msg(const char *what, const uint8_t *buf, size_t len);

#endif
