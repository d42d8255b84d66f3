// SPDX-License-Identifier: GPL-2.0
/*
 * Protecting the Encrypted (SK) payload: AES-CBC with a truncated HMAC
 * (RFC 7296 3.14, encrypt-then-MAC over the whole message) and AES-GCM
 * with a 16-byte ICV (RFC 5282: 8-byte explicit IV, 4-byte salt from the
 * key material, the message up to the IV as associated data).
 *
 * Body layout after the SK generic header:
 *   IV | E(inner payloads | padding | pad length) | ICV
 * No OpenSSL here: the primitives are crypto.c's.
 */
#include <errno.h>
#include <string.h>

#include "crypto.h"

#define GCM_IV_LEN	8
#define GCM_SALT_LEN	4
#define GCM_ICV_LEN	16
#define CBC_BLOCK	16

/* The cipher's shape: explicit IV, alignment and ICV, or false. */
struct sk_shape {
	size_t iv, block, icv, key;	/* key: without the GCM salt */
};

static bool sk_shape(const struct ike_sk_key *k, struct sk_shape *s)
{
	size_t ek = k->ek ? k->ek->len : 0;

	switch (k->encr) {
	case IKE_ENCR_AES_CBC:
		*s = (struct sk_shape){ CBC_BLOCK, CBC_BLOCK,
					ike_integ_icv_len(k->integ), ek };
		return (ek == 16 || ek == 32) && s->icv && k->ak &&
		       k->ak->len == ike_integ_key_len(k->integ);
	case IKE_ENCR_AES_GCM_16:
		/* A counter mode needs no alignment: block size 1. */
		*s = (struct sk_shape){ GCM_IV_LEN, 1, GCM_ICV_LEN,
					ek - GCM_SALT_LEN };
		return (ek == 16 + GCM_SALT_LEN || ek == 32 + GCM_SALT_LEN) &&
		       k->integ == IKE_INTEG_NONE;
	}
	return false;
}

void ike_sk_key(const struct ike_sa_keys *k, bool from_initiator,
		struct ike_sk_key *out)
{
	bool aead = ike_encr_is_aead(k->suite.encr);

	out->encr = k->suite.encr;
	out->integ = k->suite.integ;
	out->ek = from_initiator ? &k->ei : &k->er;
	out->ak = aead ? NULL : from_initiator ? &k->ai : &k->ar;
}

/*
 * Inner payloads plus the least padding that aligns them with the pad
 * length byte (RFC 7296 3.14: the sender SHOULD use the minimum).
 */
static size_t padded_len(const struct sk_shape *s, size_t plain_len)
{
	return (plain_len + 1 + s->block - 1) / s->block * s->block;
}

size_t ike_sk_body_len(const struct ike_sk_key *k, size_t plain_len)
{
	struct sk_shape s;

	if (!sk_shape(k, &s))
		return 0;
	return s.iv + padded_len(&s, plain_len) + s.icv;
}

/* GCM's 12-byte nonce: the salt (end of SK_e) | the explicit IV. */
static void gcm_nonce(const struct ike_sk_key *k, const struct sk_shape *s,
		      const uint8_t *iv, uint8_t nonce[12])
{
	memcpy(nonce, k->ek->b + s->key, GCM_SALT_LEN);
	memcpy(nonce + GCM_SALT_LEN, iv, GCM_IV_LEN);
}

static int seal_cbc(const struct ike_sk_key *k, const struct sk_shape *s,
		    uint8_t *msg, size_t hdr_len, size_t ct_len)
{
	uint8_t *iv = msg + hdr_len, *ct = iv + s->iv;
	struct ike_chunk mac = IKE_CHUNK(msg, hdr_len + s->iv + ct_len);
	int err;

	err = ike_aes_cbc(true, k->ek->b, s->key, iv, ct, ct_len, ct);
	if (!err)
		err = ike_integ(k->integ, k->ak->b, k->ak->len, &mac, 1,
				ct + ct_len);
	return err;
}

static int seal_gcm(const struct ike_sk_key *k, const struct sk_shape *s,
		    uint8_t *msg, size_t hdr_len, size_t ct_len)
{
	uint8_t *iv = msg + hdr_len, *ct = iv + s->iv;
	uint8_t nonce[12];

	gcm_nonce(k, s, iv, nonce);
	return ike_aes_gcm_seal(k->ek->b, s->key, nonce, msg, hdr_len, ct,
				ct_len, ct, ct + ct_len);
}

int ike_sk_seal(const struct ike_sk_key *k, uint8_t *msg, size_t hdr_len,
		size_t msg_size, const uint8_t *plain, size_t plain_len)
{
	struct sk_shape s;
	size_t ct_len;
	uint8_t *ct;
	int err;

	if (!sk_shape(k, &s))
		return -EINVAL;
	ct_len = padded_len(&s, plain_len);
	if (hdr_len > msg_size || msg_size - hdr_len < s.iv + ct_len + s.icv)
		return -ENOSPC;
	err = ike_random(msg + hdr_len, s.iv);
	if (err)
		return err;
	/* Lay out payloads | zero padding | pad length, then encrypt. */
	ct = msg + hdr_len + s.iv;
	if (plain_len)
		memmove(ct, plain, plain_len);
	memset(ct + plain_len, 0, ct_len - plain_len - 1);
	ct[ct_len - 1] = (uint8_t)(ct_len - plain_len - 1);
	if (k->encr == IKE_ENCR_AES_GCM_16)
		err = seal_gcm(k, &s, msg, hdr_len, ct_len);
	else
		err = seal_cbc(k, &s, msg, hdr_len, ct_len);
	if (err)
		ike_cleanse(ct, ct_len);
	return err;
}

/* Encrypt-then-MAC: check the ICV over everything before it first. */
static int open_cbc(const struct ike_sk_key *k, const struct sk_shape *s,
		    const uint8_t *msg, size_t hdr_len, size_t ct_len,
		    uint8_t *out)
{
	const uint8_t *iv = msg + hdr_len, *ct = iv + s->iv;
	struct ike_chunk mac = IKE_CHUNK(msg, hdr_len + s->iv + ct_len);
	uint8_t icv[IKE_ICV_MAX];
	int err;

	err = ike_integ(k->integ, k->ak->b, k->ak->len, &mac, 1, icv);
	if (err)
		return err;
	if (!ike_mem_equal(icv, ct + ct_len, s->icv))
		return -EBADMSG;
	return ike_aes_cbc(false, k->ek->b, s->key, iv, ct, ct_len, out);
}

static int open_gcm(const struct ike_sk_key *k, const struct sk_shape *s,
		    const uint8_t *msg, size_t hdr_len, size_t ct_len,
		    uint8_t *out)
{
	const uint8_t *iv = msg + hdr_len, *ct = iv + s->iv;
	uint8_t nonce[12];

	gcm_nonce(k, s, iv, nonce);
	return ike_aes_gcm_open(k->ek->b, s->key, nonce, msg, hdr_len, ct,
				ct_len, ct + ct_len, out);
}

int ike_sk_open(const struct ike_sk_key *k, const uint8_t *msg,
		size_t hdr_len, size_t msg_len, uint8_t *out, size_t out_size,
		size_t *plain_len)
{
	struct sk_shape s;
	size_t ct_len;
	uint8_t pad;
	int err;

	if (!sk_shape(k, &s))
		return -EINVAL;
	/* At least one block, which holds at least the pad length byte. */
	if (hdr_len > msg_len || msg_len - hdr_len < s.iv + s.block + s.icv)
		return -EMSGSIZE;
	ct_len = msg_len - hdr_len - s.iv - s.icv;
	if (ct_len % s.block)
		return -EMSGSIZE;
	if (out_size < ct_len)
		return -ENOSPC;
	if (k->encr == IKE_ENCR_AES_GCM_16)
		err = open_gcm(k, &s, msg, hdr_len, ct_len, out);
	else
		err = open_cbc(k, &s, msg, hdr_len, ct_len, out);
	/* The receiver accepts any padding that fits (3.14). */
	pad = err ? 0 : out[ct_len - 1];
	if (!err && (size_t)pad + 1 > ct_len)
		err = -EPROTO;
	if (err) {
		ike_cleanse(out, ct_len);
		return err;
	}
	*plain_len = ct_len - 1 - pad;
	return 0;
}
