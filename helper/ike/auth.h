/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKE_AUTH exchange (RFC 7296 1.2, 2.15) with certificates, both
 * roles, as pure logic: the caller hands in datagrams and gets back the
 * one to send and, on success, the CHILD_SA to install (struct
 * ike_child, child.h). No sockets, no XFRM; the only call out is the
 * SPI allocator (the kernel's XFRM_MSG_ALLOCSPI for the child's reqid).
 *
 *   auth.c       shared: peer config choice, sealing and opening SK,
 *                signing and verifying AUTH, the method choice
 *   auth_resp.c  responder
 *   auth_init.c  initiator
 *   child.c      the CHILD_SA half: SA and TS payloads, keys
 *
 * Responder, for a datagram whose SPIr names sa (state INIT_DONE):
 *
 *	v = ike_auth_respond(sa, &cfg, buf, len, &out, &child);
 *	IKE_AUTH_DROP:   ignore (bad ICV, not IKE_AUTH, wrong message ID)
 *	IKE_AUTH_REPLY:  send out (the cached answer to a retransmission)
 *	IKE_AUTH_OK:     send out; sa ESTABLISHED; child->installed says
 *	                 whether there is a CHILD_SA to install (else
 *	                 child->notify is the error sent: NO_PROPOSAL_CHOSEN,
 *	                 TS_UNACCEPTABLE; the IKE SA stands, RFC 7296 1.2)
 *	IKE_AUTH_FAILED: send out (AUTHENTICATION_FAILED); sa is DEAD
 *
 * Initiator, after IKE_SA_INIT (state INIT_DONE):
 *
 *	ike_auth_start(sa, &conn, alloc, ctx, &child): send sa->last_req
 *	v = ike_auth_process(sa, buf, len, &child) on the answer:
 *	IKE_AUTH_OK:     sa ESTABLISHED; child->installed, else child->notify
 *	                 (the responder refused the child) or child->why
 *	                 (its answer was unusable; the caller may delete)
 *	IKE_AUTH_FAILED: AUTHENTICATION_FAILED received, or the responder
 *	                 failed our checks; sa is DEAD
 *	IKE_AUTH_DROP:   not the answer (ignore it, keep retransmitting)
 *
 * Not yet: IKE_AUTH with several CHILD_SAs, EAP, multiple
 * authentication rounds, NAT-T ports for the SAs, CERT chains (one
 * end-entity certificate, issued by a CA in the store, is expected).
 *
 * Authentication method: we sign with RFC 7427 (method 14,
 * RSA PKCS#1 v1.5 with SHA-256) when the peer's IKE_SA_INIT message
 * carried SIGNATURE_HASH_ALGORITHMS listing SHA2-256 (Debian's charon
 * does), else with method 1 (RSA with SHA-1) as the seed's 4.2 charon
 * did; we verify either.
 *
 * Why a refusal happened goes to the log (and child->why), e.g.
 * "certificate status of "C=CH, ..., CN=revoked@strongswan.org": revoked";
 * the peer only learns AUTHENTICATION_FAILED.
 */
#ifndef MIPXFRM_IKE_AUTH_H
#define MIPXFRM_IKE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "child.h"
#include "message.h"
#include "proposal.h"
#include "sa.h"

struct ca_store;
struct ca_cert;
struct ca_key;

/* Largest ID payload data we build (a DER DN). */
#define IKE_AUTH_ID_MAX	256

/*
 * One connection as ipsec.conf gives it, reduced to what IKE_AUTH
 * needs; built by the caller, read only here. ID data point at the
 * caller's storage. remote_id.type 0 is "%any".
 */
struct ike_auth_conn {
	const char *name;		/* "carol-mh" */
	struct ike_id local_id;
	struct ike_id remote_id;
	const struct ca_cert *cert;	/* ours, sent in CERT */
	const struct ca_key *key;	/* signs our AUTH */
	const struct ca_store *cas;	/* trusted CAs and CRLs */
	const struct ike_props *esp;
	struct ike_ts local_ts, remote_ts;	/* leftsubnet/protoport, right... */
	enum ike_child_mode mode;
	uint32_t reqid;
};

enum ike_auth_verdict {
	IKE_AUTH_DROP,
	IKE_AUTH_REPLY,
	IKE_AUTH_OK,
	IKE_AUTH_FAILED,
};

struct ike_auth_resp_cfg {
	const struct ike_auth_conn *conns;	/* candidates, first best */
	size_t n_conns;
	ike_spi_alloc_fn alloc_spi;
	void *spi_ctx;
};

/* Responder: see the top of this file. out must be empty. */
int ike_auth_respond(struct ikesa *sa, const struct ike_auth_resp_cfg *cfg,
		     const uint8_t *buf, size_t len, struct ike_buf *out,
		     struct ike_child *child);

/*
 * Initiator: the IKE_AUTH request for conn into sa->last_req, sa to
 * AUTH_SENT. child keeps what the answer is checked against (our SPI,
 * the conn); pass the same child to ike_auth_process().
 */
int ike_auth_start(struct ikesa *sa, const struct ike_auth_conn *conn,
		   ike_spi_alloc_fn alloc_spi, void *spi_ctx,
		   struct ike_child *child);

/* Initiator: the response in buf; see the top of this file. */
int ike_auth_process(struct ikesa *sa, const uint8_t *buf, size_t len,
		     struct ike_child *child);

/* --- auth.c: shared by both roles ------------------------------------ */

/* Whether a conn's remote id pattern (type 0: %any) accepts id. */
bool ike_auth_id_match(const struct ike_id *pattern, const struct ike_id *id);

/* "carol@strongswan.org", "2001:1::1", or the DN as text; buf of 256. */
const char *ike_auth_id_str(const struct ike_id *id, char *buf, size_t len);

/*
 * The encrypted message for inner (an ike_build_inner chain): header
 * for sa with exchange and msgid, our I flag, R when response. Logs
 * "generating IKE_AUTH response 1 [ ... ]". 0 or -errno.
 */
int ike_auth_seal(const struct ikesa *sa, uint8_t exchange, uint32_t msgid,
		  bool response, struct ike_buf *inner, struct ike_buf *out);

/*
 * Parses buf into m, checks it is an encrypted message of exchange from
 * the peer, and decrypts and parses its SK payload (m then lists the
 * inner payloads). *plain is malloc'ed and must outlive m. 0 or -errno
 * (-EBADMSG: malformed or failed integrity).
 */
int ike_auth_open(const struct ikesa *sa, uint8_t exchange,
		  struct ike_msg *m, const uint8_t *buf, size_t len,
		  uint8_t **plain);

/*
 * Checks the peer's CERT and AUTH in m against ca store cas for the
 * identity in the peer's ID payload (idp). 0, or -EACCES with the
 * reason logged and in why.
 */
int ike_auth_verify_peer(const struct ikesa *sa, const struct ca_store *cas,
			 const struct ike_msg *m, const struct ike_payload *idp,
			 char *why, size_t whylen);

/* Appends our ID (ptype IDi or IDr) and CERT to inner. */
int ike_auth_add_id_cert(const struct ike_auth_conn *c, uint8_t ptype,
			 struct ike_buf *inner);

/*
 * Appends our AUTH over our signed octets to inner. The method follows
 * the peer's SIGNATURE_HASH_ALGORITHMS (see the top).
 */
int ike_auth_add_sig(const struct ikesa *sa, const struct ike_auth_conn *c,
		     struct ike_buf *inner);

/* Appends one notify without SPI or data. */
int ike_auth_add_notify(struct ike_buf *inner, uint16_t type);

#endif
