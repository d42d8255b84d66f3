/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Algorithm proposals: ipsec.conf's ike= and esp= strings as strongSwan
 * 5.9 reads them, the choice of one suite from a peer's SA payload, our
 * own SA payload as initiator, and the kernel's names for an ESP suite.
 *
 *   proposal.c         parsing the strings, strongSwan's default lists
 *   proposal_select.c  responder's choice, initiator's offer, XFRM names
 *   proposal_conf.c    a conn's ike=/esp=, errors with FILE:LINE
 *
 * Syntax (strongSwan's proposal keywords, restricted to what crypto.h
 * implements): "PROP[,PROP...][!]", PROP being dash-separated keywords
 * in any order; several of one kind list our preference, first best:
 *   encryption  aes128 aes256 aes (= aes128), aes128gcm16 aes256gcm16
 *               (also ...gcm128, the ICV in bits)
 *   integrity   sha1 sha (HMAC-SHA1-96), sha256 sha2_256 (128-bit ICV),
 *               sha384 sha2_384, sha512 sha2_512
 *   PRF (IKE)   prfsha1 prfsha256 prfsha384 prfsha512; when none is
 *               given each integrity keyword adds its own (sha1 ->
 *               prfsha1), as strongSwan does
 *   DH          modp2048 modp3072 ecp256 curve25519 (= x25519); in
 *               esp= a DH group asks for PFS
 *   ESN (ESP)   noesn (the default; ESN is not implemented)
 * A trailing "!" makes the list strict; without it strongSwan's default
 * proposals follow ours (proposal.c lists them, reduced to what we
 * implement). As in strongSwan, integrity algorithms next to AEAD
 * ciphers and PRFs in esp= are dropped, and mixing AEAD and classic
 * ciphers in one proposal is an error. Unlike strongSwan, esp= needs an
 * integrity algorithm with AES-CBC (crypto.h has no ESP without one).
 *
 * Errors name the bad token and the proposal it is in. Keywords that
 * strongSwan knows but crypto.h does not implement (aes192, 3des, md5,
 * modp1024, ecp384, esn, ...) are refused with "not supported": a
 * proposal we would never select is a configuration that cannot work.
 *
 * Nothing here allocates or logs.
 */
#ifndef MIPXFRM_IKE_PROPOSAL_H
#define MIPXFRM_IKE_PROPOSAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "payload.h"

/* Algorithms of one kind in one proposal, and proposals in one list. */
#define IKE_PROP_ALGS		8
#define IKE_PROPS_MAX		16
/* Transforms one configured proposal can become on the wire. */
#define IKE_PROP_XF_MAX		(4 * IKE_PROP_ALGS + 1)

struct ike_encr_alg {
	uint16_t id;		/* enum ike_encr */
	uint16_t bits;
};

/* One configured proposal: the algorithms of each kind, first best. */
struct ike_prop_cfg {
	size_t n_encr, n_integ, n_prf, n_dh;
	struct ike_encr_alg encr[IKE_PROP_ALGS];
	uint16_t integ[IKE_PROP_ALGS];
	uint16_t prf[IKE_PROP_ALGS];	/* IKE only */
	uint16_t dh[IKE_PROP_ALGS];	/* ESP: PFS groups, none: no PFS */
};

/* A parsed ike= or esp= value, defaults appended unless strict. */
struct ike_props {
	uint8_t proto;		/* IKE_PROTO_IKE or IKE_PROTO_ESP */
	bool strict;
	size_t n;
	size_t n_configured;	/* how many came from the text */
	struct ike_prop_cfg p[IKE_PROPS_MAX];
};

/*
 * Parses text (NULL: not configured, strongSwan's defaults) for proto.
 * Returns 0, or -EINVAL with one line in err, e.g.
 * "unknown algorithm 'aes999' in proposal 'aes999-sha1-modp2048'".
 */
int ike_props_parse(const char *text, uint8_t proto, struct ike_props *out,
		    char *err, size_t errlen);

struct ipsec_conn;

/*
 * The conn's ike= (proto IKE_PROTO_IKE) or esp= as ike_props_parse()
 * reads it; errors name where the value was written: "FILE:LINE: conn
 * NAME: ike=TEXT: reason". proposal_conf.c.
 */
int ike_props_conn(const struct ipsec_conn *c, uint8_t proto,
		   struct ike_props *out, char *err, size_t errlen);

/* --- proposal_select.c ------------------------------------------------ */

/*
 * Flags for ike_props_select() and ike_props_offer(). By default our
 * configured order decides, as charon 5.9 does as responder
 * (charon.prefer_configured_proposals = yes, checked in Debian 12's
 * strongswan.d/charon.conf); IKE_SEL_PREFER_PEER takes the peer's
 * order instead (charon with that option off).
 */
#define IKE_SEL_PREFER_PEER	0x1	/* the peer's order decides */
#define IKE_SEL_NO_DH		0x2	/* IKE_AUTH's CHILD_SA: no KE, no PFS */

/* The choice: one transform of each kind, and whose proposal it was. */
struct ike_selected {
	struct ike_suite suite;	/* dh IKE_DH_NONE: ESP without PFS */
	uint8_t num;		/* the peer's proposal number */
	uint8_t proto;
	uint8_t spi_len;	/* the peer's SPI: 0 or 8 for IKE, 4 for ESP */
	uint8_t spi[8];
};

/*
 * The responder's choice from a received SA payload: the first pair of
 * our proposal and the peer's (in our order; in the peer's with
 * IKE_SEL_PREFER_PEER) where the peer's has an acceptable transform of
 * every kind ours needs, taking in each kind the first acceptable one
 * in the same order. Transforms with unknown attributes are never
 * chosen (RFC 7296 3.3.6).
 *
 * ke_group is the group of the KE payload that came with the SA (0:
 * none, nothing to check). When it names a group the chosen proposal
 * allows, that group is taken. With IKE_SEL_NO_DH the ESP choice has no
 * DH group whatever the peer offers (RFC 7296 1.2: IKE_AUTH has no KE).
 * Returns:
 *   0        out holds the choice
 *   -ENOENT  nothing acceptable: answer NO_PROPOSAL_CHOSEN
 *   -EAGAIN  acceptable, but the KE payload is of another group: answer
 *            INVALID_KE_PAYLOAD with out->suite.dh, the group we want
 */
int ike_props_select(const struct ike_props *cfg, const struct ike_sa *peer,
		     unsigned int flags, uint16_t ke_group,
		     struct ike_selected *out);

/*
 * An SA payload with one proposal (storage for the codec's structs,
 * pointing into itself: never copy it by value).
 */
struct ike_sa_one {
	struct ike_sa sa;
	struct ike_proposal prop;
	struct ike_transform xf[5];
};

/*
 * The responder's SA payload for sel: the peer's proposal number, one
 * transform of each kind, and our SPI (spi_len 0 in IKE_SA_INIT; for a
 * CHILD_SA our inbound SPI, 4 octets). spi must stay valid as long as
 * out is used.
 */
void ike_selected_sa(const struct ike_selected *sel, const uint8_t *spi,
		     size_t spi_len, struct ike_sa_one *out);

/* Our SA payload as initiator: every configured proposal, numbered 1.. */
struct ike_sa_offer {
	struct ike_sa sa;
	struct ike_proposal prop[IKE_PROPS_MAX];
	struct ike_transform xf[IKE_PROPS_MAX * IKE_PROP_XF_MAX];
};

/*
 * Fills out from cfg with our SPI in every proposal (spi_len 0 for the
 * first IKE_SA_INIT, 8 for an IKE rekey, 4 for ESP). IKE_SEL_NO_DH
 * leaves the DH transforms out (IKE_AUTH's CHILD_SA); a proposal whose
 * DH list then empties offers no DH transform. ESP proposals carry
 * ESN "no". Returns 0 or -EINVAL (spi_len).
 */
int ike_props_offer(const struct ike_props *cfg, const uint8_t *spi,
		    size_t spi_len, unsigned int flags,
		    struct ike_sa_offer *out);

/*
 * The initiator's check of the responder's answer: exactly one
 * proposal, one transform of each kind, that our cfg would have chosen.
 * Returns 0 with out filled, or -ENOENT.
 */
int ike_props_check_answer(const struct ike_props *cfg,
			   const struct ike_sa *answer, unsigned int flags,
			   struct ike_selected *out);

/* The kernel's algorithm names for a negotiated ESP suite. */
struct ike_esp_xfrm {
	const char *enc;	/* "cbc(aes)"; NULL with AEAD */
	const char *integ;	/* "hmac(sha1)"; NULL with AEAD */
	unsigned int trunc_bits;	/* integrity: 96, 128, ... */
	const char *aead;	/* "rfc4106(gcm(aes))"; NULL without */
	unsigned int icv_bits;	/* AEAD: 128 */
	unsigned int enc_bits;	/* cipher key, without the GCM salt */
};

/* Returns 0, or -ENOTSUP for a suite crypto.h does not implement. */
int ike_esp_xfrm_names(const struct ike_suite *s, struct ike_esp_xfrm *out);

#endif
