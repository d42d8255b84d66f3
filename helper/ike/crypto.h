/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKEv2 crypto layer: pure functions over buffers, named by IANA
 * transform IDs, so the rest of mipxfrmd never sees OpenSSL.
 *
 *   crypto.c     transform sizes and names, PRF and prf+, HMAC ICVs,
 *                AES-CBC and AES-GCM, random bytes
 *   crypto_dh.c  Diffie-Hellman: MODP (RFC 3526), ECP (RFC 5903),
 *                Curve25519 (RFC 8031), public values in wire format
 *   keys.c       SKEYSEED and SK_* (RFC 7296 2.14, 2.18), CHILD_SA
 *                KEYMAT (2.17), AUTH octets and shared-key AUTH (2.15)
 *   sk.c         protecting the Encrypted (SK) payload (3.14, RFC 5282)
 *
 * Only crypto*.c include OpenSSL (keys.c and sk.c build on the
 * functions below): grep finds OpenSSL in helper/ike only in those.
 *
 * Error contract: functions return 0 (or a length) on success and a
 * negative errno on failure:
 *   -ENOTSUP   a transform ID (or key length) we do not implement
 *   -EINVAL    the caller broke a documented precondition
 *   -ENOSPC    an output buffer is too small
 *   -EMSGSIZE  peer input has an impossible length (truncated, wrong
 *              size for the group, not a multiple of the block size)
 *   -EBADMSG   peer input failed a cryptographic check (ICV/tag
 *              mismatch, a DH public value outside the group)
 *   -EPROTO    decrypted fine but the content is malformed (pad length)
 *   -ENOMEM    allocation failed
 *   -EIO       OpenSSL failed for no reason the input explains
 * Nothing here logs: callers know which peer and message to name.
 */
#ifndef MIPXFRM_IKE_CRYPTO_H
#define MIPXFRM_IKE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Transform IDs are messages.h's IANA values (enum ike_encr, ike_prf,
 * ike_integ, ike_dh); byte strings are the codec's struct ike_chunk, so
 * a parsed nonce or KE payload goes in as it is.
 */
#include "messages.h"
#include "payload.h"

/* Largest key, PRF output and ICV of any transform implemented here. */
#define IKE_KEY_MAX	64
#define IKE_PRF_MAX	64
#define IKE_ICV_MAX	32

/*
 * One negotiated proposal, as transform IDs. For an IKE SA all of encr,
 * prf and dh are set; for a CHILD_SA prf is unused (KEYMAT comes from the
 * IKE SA's PRF) and dh is IKE_DH_NONE without PFS. integ is
 * IKE_INTEG_NONE exactly when encr is AES-GCM.
 */
struct ike_suite {
	uint16_t encr;
	uint16_t encr_bits;		/* Key Length attribute: 128 or 256 */
	uint16_t integ;
	uint16_t prf;
	uint16_t dh;
};

/* prf input is a list of chunks, concatenated; this makes one. */
#define IKE_CHUNK(p, n) ((struct ike_chunk){ .ptr = (p), .len = (n) })

/* A key held by value, so clearing the struct that holds it is enough. */
struct ike_key {
	size_t len;
	uint8_t b[IKE_KEY_MAX];
};

/* --- crypto.c: transforms ---------------------------------------------- */

/* Output (and HMAC key) length of a PRF; 0 if unsupported. */
size_t ike_prf_len(uint16_t prf);
/* Key and ICV (truncated output) length of an integrity transform. */
size_t ike_integ_key_len(uint16_t integ);
size_t ike_integ_icv_len(uint16_t integ);
/*
 * Key material taken for a cipher: 16 or 32 bytes for AES-CBC, plus the
 * 4-byte salt for AES-GCM (RFC 5282 7.1). 0 if unsupported.
 */
size_t ike_encr_key_len(uint16_t encr, uint16_t bits);
bool ike_encr_is_aead(uint16_t encr);

/*
 * Checks that a suite names only transforms we implement, in a valid
 * combination; is_ike also requires a PRF and a DH group. 0, -ENOTSUP
 * or -EINVAL (AEAD with an integrity transform, CBC without one).
 */
int ike_suite_check(const struct ike_suite *s, bool is_ike);

/* "AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048" as charon logs it. */
int ike_suite_str(const struct ike_suite *s, char *buf, size_t len);

/* --- crypto.c: primitives -------------------------------------------- */

/* Fills buf from OpenSSL's DRBG (nonces, SPIs, IVs, private keys). */
int ike_random(void *buf, size_t len);

/* Zeroes key material in a way the compiler cannot drop. */
void ike_cleanse(void *p, size_t len);

/* Constant-time comparison: true when equal. */
bool ike_mem_equal(const void *a, const void *b, size_t len);

/*
 * out = prf(key, in[0] | in[1] | ... | in[n-1]), ike_prf_len(prf) bytes.
 * Keys of any length are allowed, the empty one included.
 */
int ike_prf(uint16_t prf, const uint8_t *key, size_t key_len,
	    const struct ike_chunk *in, size_t n, uint8_t *out);

/*
 * prf+ of RFC 7296 2.13: out = T1 | T2 | ... truncated to out_len, where
 * T1 = prf(K, S | 0x01), Ti = prf(K, Ti-1 | S | i) and S is the
 * concatenation of seed[]. At most 255 * prf length bytes (-EINVAL).
 */
int ike_prf_plus(uint16_t prf, const uint8_t *key, size_t key_len,
		 const struct ike_chunk *seed, size_t n,
		 uint8_t *out, size_t out_len);

/* icv = HMAC(key, in...) truncated to ike_integ_icv_len(integ). */
int ike_integ(uint16_t integ, const uint8_t *key, size_t key_len,
	      const struct ike_chunk *in, size_t n, uint8_t *icv);

/*
 * AES-CBC without padding over len bytes (a multiple of 16) with a
 * 16- or 32-byte key. out may equal in.
 */
int ike_aes_cbc(bool encrypt, const uint8_t *key, size_t key_len,
		const uint8_t iv[16], const uint8_t *in, size_t len,
		uint8_t *out);

/*
 * AES-GCM with a 12-byte nonce and a 16-byte tag, key of 16 or 32
 * bytes (no salt: the caller builds the nonce). ike_aes_gcm_open
 * returns -EBADMSG when the tag does not verify, and then out holds
 * nothing the caller may use. out may equal in.
 */
int ike_aes_gcm_seal(const uint8_t *key, size_t key_len,
		     const uint8_t nonce[12], const uint8_t *aad,
		     size_t aad_len, const uint8_t *in, size_t len,
		     uint8_t *out, uint8_t tag[16]);
int ike_aes_gcm_open(const uint8_t *key, size_t key_len,
		     const uint8_t nonce[12], const uint8_t *aad,
		     size_t aad_len, const uint8_t *in, size_t len,
		     const uint8_t tag[16], uint8_t *out);

/* --- crypto_dh.c: Diffie-Hellman ------------------------------------ */

struct ike_dh_key;

/*
 * Lengths in IKE wire format: the KE payload's data (MODP: the prime's
 * length; ECP256: x | y, 64; Curve25519: 32) and the shared secret g^ir
 * (MODP: the prime's length; ECP256: x only, 32; Curve25519: 32).
 * 0 for an unsupported group.
 */
size_t ike_dh_public_len(uint16_t group);
size_t ike_dh_secret_len(uint16_t group);

/* A fresh key pair for group. -ENOTSUP for an unknown group. */
int ike_dh_new(uint16_t group, struct ike_dh_key **dh);

/*
 * A key pair from a known private value (big-endian scalar for MODP and
 * ECP, the 32-byte string of RFC 7748 for Curve25519). For known-answer
 * tests; a real exchange uses ike_dh_new.
 */
int ike_dh_new_private(uint16_t group, const uint8_t *priv, size_t len,
		       struct ike_dh_key **dh);

/* Frees the pair; the private value is cleansed by OpenSSL. NULL is ok. */
void ike_dh_free(struct ike_dh_key *dh);

uint16_t ike_dh_group(const struct ike_dh_key *dh);

/* Writes our public value; len must be ike_dh_public_len(). */
int ike_dh_public(const struct ike_dh_key *dh, uint8_t *out, size_t len);

/*
 * g^ir from the peer's KE data. -EMSGSIZE when peer_len is not exactly
 * the group's length, -EBADMSG when the value is not in the group (MODP:
 * outside 1 < y < p-1; ECP: not on the curve; Curve25519: a low-order
 * point giving an all-zero secret). secret_len must be
 * ike_dh_secret_len().
 */
int ike_dh_compute(const struct ike_dh_key *dh, const uint8_t *peer,
		   size_t peer_len, uint8_t *secret, size_t secret_len);

/* --- keys.c: key derivation ------------------------------------------ */

/* The seven keys of an IKE SA (RFC 7296 2.14) and the suite they serve. */
struct ike_sa_keys {
	struct ike_suite suite;
	struct ike_key d, ai, ar, ei, er, pi, pr;
};

/* The KEYMAT of a CHILD_SA: i = initiator to responder, r = back. */
struct ike_child_keys {
	struct ike_suite suite;
	struct ike_key ei, ai, er, ar;	/* ESP: encryption, then integrity */
};

/*
 * An IKE SA's keys from IKE_SA_INIT: SKEYSEED = prf(Ni | Nr, g^ir), then
 * {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} =
 * prf+(SKEYSEED, Ni | Nr | SPIi | SPIr). SPIs are 8 bytes each.
 */
int ike_keys_sa_init(const struct ike_suite *s, struct ike_chunk gir,
		     struct ike_chunk ni, struct ike_chunk nr,
		     const uint8_t spi_i[8], const uint8_t spi_r[8],
		     struct ike_sa_keys *out);

/*
 * The new IKE SA's keys after a rekey (2.18): SKEYSEED = prf(SK_d (old),
 * g^ir (new) | Ni | Nr) with the *old* SA's PRF, then prf+ as above with
 * the new suite's PRF and the new SPIs.
 */
int ike_keys_sa_rekey(const struct ike_sa_keys *old,
		      const struct ike_suite *s, struct ike_chunk gir,
		      struct ike_chunk ni, struct ike_chunk nr,
		      const uint8_t spi_i[8], const uint8_t spi_r[8],
		      struct ike_sa_keys *out);

/*
 * A CHILD_SA's KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr) (2.17; gir
 * empty without PFS), taken in the order ei, ai, er, ar. AES-GCM keys
 * end in their 4-byte salt, as XFRM's rfc4106(gcm(aes)) wants them.
 */
int ike_keys_child(const struct ike_sa_keys *sa,
		   const struct ike_suite *esp, struct ike_chunk gir,
		   struct ike_chunk ni, struct ike_chunk nr,
		   struct ike_child_keys *out);

/* Cleanse key sets (call when the SA goes, also on error paths). */
void ike_keys_sa_clear(struct ike_sa_keys *k);
void ike_keys_child_clear(struct ike_child_keys *k);

/*
 * The octets an AUTH payload signs (2.15): RealMessage | Nonce |
 * prf(SK_p, RestOfIDPayload), where for the initiator RealMessage is its
 * IKE_SA_INIT request, Nonce the responder's and SK_p SK_pi (mirrored
 * for the responder), and id is the ID payload's body after its generic
 * header. Returns the length written to out, or -ENOSPC.
 */
int ike_auth_octets(const struct ike_sa_keys *k, bool initiator,
		    struct ike_chunk real_msg, struct ike_chunk nonce,
		    struct ike_chunk id, uint8_t *out, size_t out_len);

/*
 * Shared-key AUTH data: prf(prf(secret, "Key Pad for IKEv2"), octets),
 * ike_prf_len() bytes, with the octets as ike_auth_octets() defines them
 * (computed without building them).
 */
int ike_auth_psk(const struct ike_sa_keys *k, bool initiator,
		 struct ike_chunk secret, struct ike_chunk real_msg,
		 struct ike_chunk nonce, struct ike_chunk id, uint8_t *out);

/* --- sk.c: the Encrypted payload ------------------------------------- */

/* The keys protecting one direction of an IKE SA. */
struct ike_sk_key {
	uint16_t encr;
	uint16_t integ;			/* IKE_INTEG_NONE with AES-GCM */
	const struct ike_key *ek;	/* SK_e (with GCM: key | salt) */
	const struct ike_key *ak;	/* SK_a, NULL with GCM */
};

/*
 * The keys for messages the initiator sends (from_initiator) or the
 * responder sends; both ends use the same call for the same message.
 */
void ike_sk_key(const struct ike_sa_keys *k, bool from_initiator,
		struct ike_sk_key *out);

/*
 * Bytes after the SK generic header for plain_len bytes of inner
 * payloads: IV | encrypted (payloads | padding | pad length) | ICV.
 * Padding is the minimum, so the caller can set the SK payload's and the
 * IKE header's lengths before sealing. 0 for unsupported keys.
 */
size_t ike_sk_body_len(const struct ike_sk_key *k, size_t plain_len);

/*
 * msg[0, hdr_len) is the message up to and including the SK payload's
 * generic header, its lengths already final; seal appends the body
 * (ike_sk_body_len(plain_len) bytes, msg_size is the room) with a fresh
 * random IV. Integrity covers msg[0, end of ciphertext) for CBC+HMAC;
 * for AES-GCM msg[0, hdr_len) is the associated data (RFC 5282 5.1).
 */
int ike_sk_seal(const struct ike_sk_key *k, uint8_t *msg, size_t hdr_len,
		size_t msg_size, const uint8_t *plain, size_t plain_len);

/*
 * Verifies and decrypts msg[hdr_len, msg_len), the body of an SK payload
 * that ends the message, into out (room: out_size, at least the
 * ciphertext's length); *plain_len gets the inner payloads' length, with
 * padding and pad length removed. The ICV is checked in constant time
 * before anything is decrypted. -EMSGSIZE when the body is too short or
 * misaligned, -EBADMSG on an ICV mismatch, -EPROTO on a pad length
 * longer than the data.
 */
int ike_sk_open(const struct ike_sk_key *k, const uint8_t *msg,
		size_t hdr_len, size_t msg_len, uint8_t *out, size_t out_size,
		size_t *plain_len);

#endif
