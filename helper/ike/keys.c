// SPDX-License-Identifier: GPL-2.0
/*
 * Everything IKEv2 derives with the negotiated PRF: SKEYSEED and the
 * seven SK_* keys (RFC 7296 2.14), their rekeyed form (2.18), CHILD_SA
 * KEYMAT (2.17), and the AUTH payload's signed octets and shared-key
 * AUTH value (2.15). No OpenSSL here: it all goes through crypto.c.
 */
#include <errno.h>
#include <string.h>

#include "crypto.h"

/* Fills the given keys in order from one prf+ output. */
static int split(const uint8_t *km, size_t km_len, struct ike_key **keys,
		 const size_t *lens, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (lens[i] > IKE_KEY_MAX || lens[i] > km_len)
			return -EINVAL;
		keys[i]->len = lens[i];
		memcpy(keys[i]->b, km, lens[i]);
		km += lens[i];
		km_len -= lens[i];
	}
	return 0;
}

/* The seven keys: prf+(SKEYSEED, Ni | Nr | SPIi | SPIr), new suite's PRF. */
static int sa_expand(const struct ike_suite *s, const uint8_t *skeyseed,
		     size_t skeyseed_len, struct ike_chunk ni,
		     struct ike_chunk nr, const uint8_t spi_i[8],
		     const uint8_t spi_r[8], struct ike_sa_keys *out)
{
	const struct ike_chunk seed[] = {
		ni, nr, IKE_CHUNK(spi_i, 8), IKE_CHUNK(spi_r, 8),
	};
	size_t p = ike_prf_len(s->prf), a = ike_integ_key_len(s->integ);
	size_t e = ike_encr_key_len(s->encr, s->encr_bits);
	const size_t lens[] = { p, a, a, e, e, p, p };
	struct ike_key *keys[] = {
		&out->d, &out->ai, &out->ar, &out->ei, &out->er,
		&out->pi, &out->pr,
	};
	uint8_t km[7 * IKE_KEY_MAX];
	size_t len = 3 * p + 2 * a + 2 * e;
	int err;

	out->suite = *s;
	err = ike_prf_plus(s->prf, skeyseed, skeyseed_len, seed, 4, km, len);
	if (!err)
		err = split(km, len, keys, lens, 7);
	ike_cleanse(km, sizeof(km));
	if (err)
		ike_keys_sa_clear(out);
	return err;
}

int ike_keys_sa_init(const struct ike_suite *s, struct ike_chunk gir,
		     struct ike_chunk ni, struct ike_chunk nr,
		     const uint8_t spi_i[8], const uint8_t spi_r[8],
		     struct ike_sa_keys *out)
{
	uint8_t key[2 * 256], skeyseed[IKE_PRF_MAX];
	int err;

	memset(out, 0, sizeof(*out));
	err = ike_suite_check(s, true);
	if (err)
		return err;
	/* RFC 7296 3.9: nonces are 16 to 256 bytes. */
	if (ni.len < 16 || ni.len > 256 || nr.len < 16 || nr.len > 256)
		return -EINVAL;
	/* The HMAC PRFs take the whole Ni | Nr as their key. */
	memcpy(key, ni.ptr, ni.len);
	memcpy(key + ni.len, nr.ptr, nr.len);
	err = ike_prf(s->prf, key, ni.len + nr.len, &gir, 1, skeyseed);
	if (!err)
		err = sa_expand(s, skeyseed, ike_prf_len(s->prf), ni, nr,
				spi_i, spi_r, out);
	ike_cleanse(skeyseed, sizeof(skeyseed));
	return err;
}

int ike_keys_sa_rekey(const struct ike_sa_keys *old,
		      const struct ike_suite *s, struct ike_chunk gir,
		      struct ike_chunk ni, struct ike_chunk nr,
		      const uint8_t spi_i[8], const uint8_t spi_r[8],
		      struct ike_sa_keys *out)
{
	const struct ike_chunk in[] = { gir, ni, nr };
	uint8_t skeyseed[IKE_PRF_MAX];
	int err;

	memset(out, 0, sizeof(*out));
	err = ike_suite_check(s, true);
	if (err)
		return err;
	/*
	 * The exchange belongs to the old SA, so its PRF makes SKEYSEED
	 * (2.18); the new PRF, an HMAC, takes a key of any length.
	 */
	err = ike_prf(old->suite.prf, old->d.b, old->d.len, in, 3, skeyseed);
	if (!err)
		err = sa_expand(s, skeyseed, ike_prf_len(old->suite.prf),
				ni, nr, spi_i, spi_r, out);
	ike_cleanse(skeyseed, sizeof(skeyseed));
	return err;
}

int ike_keys_child(const struct ike_sa_keys *sa,
		   const struct ike_suite *esp, struct ike_chunk gir,
		   struct ike_chunk ni, struct ike_chunk nr,
		   struct ike_child_keys *out)
{
	const struct ike_chunk seed[] = { gir, ni, nr };
	size_t e = ike_encr_key_len(esp->encr, esp->encr_bits);
	size_t a = ike_integ_key_len(esp->integ);
	/* ESP takes the encryption key first, then integrity (2.17). */
	struct ike_key *keys[] = { &out->ei, &out->ai, &out->er, &out->ar };
	const size_t lens[] = { e, a, e, a };
	uint8_t km[4 * IKE_KEY_MAX];
	size_t len = 2 * (e + a);
	int err;

	memset(out, 0, sizeof(*out));
	err = ike_suite_check(esp, false);
	if (err)
		return err;
	out->suite = *esp;
	err = ike_prf_plus(sa->suite.prf, sa->d.b, sa->d.len, seed, 3, km,
			   len);
	if (!err)
		err = split(km, len, keys, lens, 4);
	ike_cleanse(km, sizeof(km));
	if (err)
		ike_keys_child_clear(out);
	return err;
}

void ike_keys_sa_clear(struct ike_sa_keys *k)
{
	ike_cleanse(k, sizeof(*k));
}

void ike_keys_child_clear(struct ike_child_keys *k)
{
	ike_cleanse(k, sizeof(*k));
}

/* MACedIDFor[IR] = prf(SK_p[ir], RestOfIDPayload). */
static int maced_id(const struct ike_sa_keys *k, bool initiator,
		    struct ike_chunk id, uint8_t *out)
{
	const struct ike_key *sk_p = initiator ? &k->pi : &k->pr;

	return ike_prf(k->suite.prf, sk_p->b, sk_p->len, &id, 1, out);
}

int ike_auth_octets(const struct ike_sa_keys *k, bool initiator,
		    struct ike_chunk real_msg, struct ike_chunk nonce,
		    struct ike_chunk id, uint8_t *out, size_t out_len)
{
	size_t p = ike_prf_len(k->suite.prf);
	size_t len = real_msg.len + nonce.len + p;
	int err;

	if (!p)
		return -ENOTSUP;
	if (len > INT32_MAX)
		return -EINVAL;
	if (len > out_len)
		return -ENOSPC;
	err = maced_id(k, initiator, id, out + real_msg.len + nonce.len);
	if (err)
		return err;
	memcpy(out, real_msg.ptr, real_msg.len);
	memcpy(out + real_msg.len, nonce.ptr, nonce.len);
	return (int)len;
}

int ike_auth_psk(const struct ike_sa_keys *k, bool initiator,
		 struct ike_chunk secret, struct ike_chunk real_msg,
		 struct ike_chunk nonce, struct ike_chunk id, uint8_t *out)
{
	/* The pad string goes in without its NUL (RFC 7296 2.15). */
	static const char pad[] = "Key Pad for IKEv2";
	const struct ike_chunk pad_in = IKE_CHUNK((const uint8_t *)pad,
						  sizeof(pad) - 1);
	uint8_t padded[IKE_PRF_MAX], mac[IKE_PRF_MAX];
	struct ike_chunk octets[] = {
		real_msg, nonce, IKE_CHUNK(mac, ike_prf_len(k->suite.prf)),
	};
	int err;

	err = maced_id(k, initiator, id, mac);
	if (!err)
		err = ike_prf(k->suite.prf, secret.ptr, secret.len, &pad_in,
			      1, padded);
	if (!err)
		err = ike_prf(k->suite.prf, padded, octets[2].len, octets, 3,
			      out);
	ike_cleanse(padded, sizeof(padded));
	return err;
}
