/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CHILD_SA an IKE_AUTH exchange negotiates, described for the
 * caller to install (mipxfrmd's xfrm/ does it; nothing here touches the
 * kernel), and the CHILD_SA half of IKE_AUTH: the SA, TSi/TSr and
 * USE_TRANSPORT_MODE payloads of both roles, and the keys.
 *
 * Modes: tunnel; transport; transport_proxy (RFC 4877): the IKE SA runs
 * between the mobile's Care-of Address and the Home Agent while the
 * ESP transport SA carries the Home Address, taken from the host
 * selectors, so the SAs are bound to the HoA and the HA address
 * (bind_local, bind_remote) rather than the IKE endpoints.
 */
#ifndef MIPXFRM_IKE_CHILD_H
#define MIPXFRM_IKE_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "payload_build.h"
#include "proposal.h"
#include "sa.h"
#include "ts.h"

enum ike_child_mode {
	IKE_MODE_TUNNEL,
	IKE_MODE_TRANSPORT,
	IKE_MODE_TRANSPORT_PROXY,
};

struct ike_auth_conn;

/*
 * Allocates our inbound SPI for a CHILD_SA of reqid (host order, never
 * 0): the kernel's XFRM_MSG_ALLOCSPI in mipxfrmd. 0 or -errno.
 */
typedef int (*ike_spi_alloc_fn)(void *ctx, uint32_t reqid, uint32_t *spi);

struct ike_child {
	const struct ike_auth_conn *conn;	/* the conn chosen */
	bool installed;		/* a CHILD_SA was negotiated */
	uint16_t notify;	/* else the error notify sent or received */
	enum ike_child_mode mode;	/* as negotiated */
	uint32_t reqid;
	uint32_t spi_in, spi_out;	/* host order; in is ours */
	bool initiator;		/* which of keys.e_i/e_r is outbound */
	struct ike_child_keys keys;
	struct ike_esp_xfrm xfrm;
	/* The negotiated selectors, from our point of view. */
	size_t n_local, n_remote;
	struct ike_ts local[IKE_TS_MAX], remote[IKE_TS_MAX];
	/* transport_proxy: the addresses the SAs are bound to. */
	struct ike_addr bind_local, bind_remote;
	char why[192];		/* why the IKE_AUTH failed, if it did */
};

/* "TUNNEL", "TRANSPORT", "TRANSPORT_PROXY" as charon logs modes. */
const char *ike_child_mode_name(enum ike_child_mode mode);

/*
 * The keys for each direction: in = what the peer sends us (its
 * initiator-side keys when we respond). ak is NULL-len with AEAD.
 */
const struct ike_key *ike_child_enc_in(const struct ike_child *c);
const struct ike_key *ike_child_enc_out(const struct ike_child *c);
const struct ike_key *ike_child_integ_in(const struct ike_child *c);
const struct ike_key *ike_child_integ_out(const struct ike_child *c);

/*
 * Completes c once the suite and selectors are known: KEYMAT from sa's
 * SK_d and nonces (no PFS in IKE_AUTH), kernel names, binding
 * addresses for transport_proxy. 0 or -errno.
 */
int ike_child_finish(struct ike_child *c, const struct ikesa *sa,
		     const struct ike_suite *esp);

/*
 * The same with KEYMAT = prf+(SK_d, g^ir | Ni | Nr) from a
 * CREATE_CHILD_SA's nonces (gir empty without PFS).
 */
int ike_child_finish_with(struct ike_child *c, const struct ikesa *sa,
			  const struct ike_suite *esp, struct ike_chunk gir,
			  struct ike_chunk ni, struct ike_chunk nr);

/*
 * "CHILD_SA carol-mh{1} established with SPIs c1b2a3d4_i c5d6e7f8_o and
 * TS 2001:1::1/128[135] === 2001:1::10/128[135]" into buf, where {1} is
 * uid, the caller's number for the CHILD_SA (charon 5.9's unique id).
 */
const char *ike_child_summary(const struct ike_child *c, uint32_t uid,
			      char *buf, size_t len);

/*
 * Responder's narrowing of m's TSi (our remote side) and TSr to
 * c->conn's selectors into c; false when nothing is left, or when a
 * transport_proxy CHILD_SA would not be host to host (RFC 4877).
 */
bool ike_child_narrow(struct ike_child *c, const struct ike_msg *m);

/*
 * Responder: the CHILD_SA the request m asks for under conn, with our
 * SPI from alloc: appends N(USE_TRANSPORT_MODE) SA TSi TSr to inner,
 * or N(NO_PROPOSAL_CHOSEN) / N(TS_UNACCEPTABLE) (c->notify set,
 * c->installed false). Returns 0 either way, -errno on local failure.
 */
int ike_child_respond(struct ike_child *c, const struct ikesa *sa,
		      const struct ike_msg *m, ike_spi_alloc_fn alloc,
		      void *ctx, struct ike_buf *inner);

/* A CREATE_CHILD_SA's own nonce and, with PFS, KE (group 0: none). */
struct ike_child_pfs {
	struct ike_chunk nonce;
	struct ike_ke ke;
};

/*
 * Initiator: N(USE_TRANSPORT_MODE) SA [Ni [KEi]] TSi TSr for c->conn
 * with our SPI (c->spi_in, already allocated) appended to inner. pfs
 * NULL (IKE_AUTH): no nonce, no KE, no DH transforms; else a
 * CREATE_CHILD_SA offer with the DH groups of esp=.
 */
int ike_child_offer(struct ike_child *c, const struct ike_child_pfs *pfs,
		    struct ike_buf *inner);

/*
 * Initiator: the responder's answer m checked against what we offered
 * (flags as ike_props_check_answer: IKE_SEL_NO_DH for IKE_AUTH): one
 * acceptable proposal, selectors within ours, the mode; fills c but
 * its keys, and sel. -ECONNREFUSED when m refuses (c->notify set),
 * -EPROTO with c->why for an answer we cannot accept, else 0.
 */
int ike_child_check_answer(struct ike_child *c, const struct ike_msg *m,
			   unsigned int flags, struct ike_selected *sel);

/*
 * Initiator: the responder's answer m checked against what we offered:
 * one acceptable proposal, selectors within ours, the mode. Fills c;
 * a NO_PROPOSAL_CHOSEN / TS_UNACCEPTABLE notify ends in c->notify.
 * 0, or -EPROTO with c->why set for an answer we cannot accept.
 */
int ike_child_accept(struct ike_child *c, const struct ikesa *sa,
		     const struct ike_msg *m);

/* Cleanses the keys. */
void ike_child_clear(struct ike_child *c);

#endif
