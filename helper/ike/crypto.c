// SPDX-License-Identifier: GPL-2.0
/*
 * Transform tables and the symmetric primitives of IKEv2 over OpenSSL 3
 * EVP: PRF and prf+ (RFC 7296 2.13), truncated HMAC ICVs (RFC 4868),
 * AES-CBC (RFC 3602) and AES-GCM (RFC 5282), random bytes.
 */
/* Build only against the OpenSSL 3 API: deprecated calls fail to compile. */
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypto.h"

/* One HMAC-based transform: PRF or integrity. */
struct hmac_alg {
	uint16_t id;
	const char *name;		/* as charon logs it */
	const char *digest;		/* OpenSSL digest name */
	uint8_t key_len;
	uint8_t out_len;		/* after truncation, for integrity */
};

static const struct hmac_alg prfs[] = {
	{ IKE_PRF_HMAC_SHA1, "PRF_HMAC_SHA1", "SHA1", 20, 20 },
	{ IKE_PRF_HMAC_SHA2_256, "PRF_HMAC_SHA2_256", "SHA2-256", 32, 32 },
	{ IKE_PRF_HMAC_SHA2_384, "PRF_HMAC_SHA2_384", "SHA2-384", 48, 48 },
	{ IKE_PRF_HMAC_SHA2_512, "PRF_HMAC_SHA2_512", "SHA2-512", 64, 64 },
};

static const struct hmac_alg integs[] = {
	{ IKE_INTEG_HMAC_SHA1_96, "HMAC_SHA1_96", "SHA1", 20, 12 },
	{ IKE_INTEG_HMAC_SHA2_256_128, "HMAC_SHA2_256_128", "SHA2-256",
	  32, 16 },
	{ IKE_INTEG_HMAC_SHA2_384_192, "HMAC_SHA2_384_192", "SHA2-384",
	  48, 24 },
	{ IKE_INTEG_HMAC_SHA2_512_256, "HMAC_SHA2_512_256", "SHA2-512",
	  64, 32 },
};

static const struct {
	uint16_t id;
	const char *name;
} dh_names[] = {
	{ IKE_DH_MODP2048, "MODP_2048" },
	{ IKE_DH_MODP3072, "MODP_3072" },
	{ IKE_DH_ECP256, "ECP_256" },
	{ IKE_DH_CURVE25519, "CURVE_25519" },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct hmac_alg *find_hmac(const struct hmac_alg *t, size_t n,
					uint16_t id)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].id == id)
			return &t[i];
	return NULL;
}

static const struct hmac_alg *find_prf(uint16_t id)
{
	return find_hmac(prfs, ARRAY_LEN(prfs), id);
}

static const struct hmac_alg *find_integ(uint16_t id)
{
	return find_hmac(integs, ARRAY_LEN(integs), id);
}

size_t ike_prf_len(uint16_t prf)
{
	const struct hmac_alg *a = find_prf(prf);

	return a ? a->out_len : 0;
}

size_t ike_integ_key_len(uint16_t integ)
{
	const struct hmac_alg *a = find_integ(integ);

	return a ? a->key_len : 0;
}

size_t ike_integ_icv_len(uint16_t integ)
{
	const struct hmac_alg *a = find_integ(integ);

	return a ? a->out_len : 0;
}

size_t ike_encr_key_len(uint16_t encr, uint16_t bits)
{
	if (bits != 128 && bits != 256)
		return 0;
	switch (encr) {
	case IKE_ENCR_AES_CBC:
		return bits / 8;
	case IKE_ENCR_AES_GCM_16:
		return bits / 8 + 4;	/* the salt, RFC 5282 7.1 */
	}
	return 0;
}

bool ike_encr_is_aead(uint16_t encr)
{
	return encr == IKE_ENCR_AES_GCM_16;
}

static const char *dh_name(uint16_t id)
{
	for (size_t i = 0; i < ARRAY_LEN(dh_names); i++)
		if (dh_names[i].id == id)
			return dh_names[i].name;
	return NULL;
}

int ike_suite_check(const struct ike_suite *s, bool is_ike)
{
	if (!ike_encr_key_len(s->encr, s->encr_bits))
		return -ENOTSUP;
	if (ike_encr_is_aead(s->encr)) {
		if (s->integ != IKE_INTEG_NONE)
			return -EINVAL;
	} else if (s->integ == IKE_INTEG_NONE) {
		return -EINVAL;
	} else if (!find_integ(s->integ)) {
		return -ENOTSUP;
	}
	if (is_ike && !find_prf(s->prf))
		return -ENOTSUP;
	if (is_ike && s->dh == IKE_DH_NONE)
		return -EINVAL;
	if (s->dh != IKE_DH_NONE && !dh_name(s->dh))
		return -ENOTSUP;
	return 0;
}

int ike_suite_str(const struct ike_suite *s, char *buf, size_t len)
{
	const struct hmac_alg *integ = find_integ(s->integ);
	const struct hmac_alg *prf = find_prf(s->prf);
	const char *dh = dh_name(s->dh);
	int n;

	n = snprintf(buf, len, "%s_%u%s%s%s%s%s%s",
		     s->encr == IKE_ENCR_AES_CBC ? "AES_CBC" :
		     s->encr == IKE_ENCR_AES_GCM_16 ? "AES_GCM_16" : "ENCR?",
		     s->encr_bits,
		     integ ? "/" : "", integ ? integ->name : "",
		     prf ? "/" : "", prf ? prf->name : "",
		     dh ? "/" : "", dh ? dh : "");
	if (n < 0)
		return -EINVAL;
	return (size_t)n < len ? n : -ENOSPC;
}

int ike_random(void *buf, size_t len)
{
	if (len > INT32_MAX)
		return -EINVAL;
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -EIO;
}

void ike_cleanse(void *p, size_t len)
{
	OPENSSL_cleanse(p, len);
}

bool ike_mem_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

/*
 * HMAC(key, in...) with OpenSSL's digest; out must hold the full digest.
 * OpenSSL refuses a NULL key, so the empty key is passed as "".
 */
static int hmac(const char *digest, const uint8_t *key, size_t key_len,
		const struct ike_chunk *in, size_t n, uint8_t *out,
		size_t out_size)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						 (char *)digest, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	size_t len;
	int err = -EIO;

	if (!ctx)
		goto out;
	if (!EVP_MAC_init(ctx, key_len ? key : (const uint8_t *)"", key_len,
			  params))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (in[i].len && !EVP_MAC_update(ctx, in[i].ptr, in[i].len))
			goto out;
	if (EVP_MAC_final(ctx, out, &len, out_size))
		err = 0;
out:
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return err;
}

int ike_prf(uint16_t prf, const uint8_t *key, size_t key_len,
	    const struct ike_chunk *in, size_t n, uint8_t *out)
{
	const struct hmac_alg *a = find_prf(prf);

	if (!a)
		return -ENOTSUP;
	return hmac(a->digest, key, key_len, in, n, out, a->out_len);
}

/* The most seed chunks prf+ passes on, besides Ti-1 and the counter. */
#define PRF_PLUS_SEED_MAX 8

int ike_prf_plus(uint16_t prf, const uint8_t *key, size_t key_len,
		 const struct ike_chunk *seed, size_t n,
		 uint8_t *out, size_t out_len)
{
	struct ike_chunk in[PRF_PLUS_SEED_MAX + 2];
	size_t plen = ike_prf_len(prf);
	uint8_t t[IKE_PRF_MAX];
	uint8_t counter;
	int err = 0;

	if (!plen)
		return -ENOTSUP;
	/* The one-byte counter limits prf+ to 255 blocks. */
	if (n > PRF_PLUS_SEED_MAX || out_len > 255 * plen)
		return -EINVAL;
	in[0] = IKE_CHUNK(t, 0);	/* T0 is empty */
	for (size_t i = 0; i < n; i++)
		in[i + 1] = seed[i];
	in[n + 1] = IKE_CHUNK(&counter, 1);
	for (counter = 1; out_len; counter++) {
		size_t take = out_len < plen ? out_len : plen;

		err = ike_prf(prf, key, key_len, in, n + 2, t);
		if (err)
			break;
		memcpy(out, t, take);
		out += take;
		out_len -= take;
		in[0].len = plen;
	}
	ike_cleanse(t, sizeof(t));
	return err;
}

int ike_integ(uint16_t integ, const uint8_t *key, size_t key_len,
	      const struct ike_chunk *in, size_t n, uint8_t *icv)
{
	const struct hmac_alg *a = find_integ(integ);
	uint8_t full[EVP_MAX_MD_SIZE];
	int err;

	if (!a)
		return -ENOTSUP;
	err = hmac(a->digest, key, key_len, in, n, full, sizeof(full));
	if (!err)
		memcpy(icv, full, a->out_len);
	ike_cleanse(full, sizeof(full));
	return err;
}

static const EVP_CIPHER *aes_cipher(bool gcm, size_t key_len)
{
	switch (key_len) {
	case 16:
		return gcm ? EVP_aes_128_gcm() : EVP_aes_128_cbc();
	case 32:
		return gcm ? EVP_aes_256_gcm() : EVP_aes_256_cbc();
	}
	return NULL;
}

int ike_aes_cbc(bool encrypt, const uint8_t *key, size_t key_len,
		const uint8_t iv[16], const uint8_t *in, size_t len,
		uint8_t *out)
{
	const EVP_CIPHER *cipher = aes_cipher(false, key_len);
	EVP_CIPHER_CTX *ctx;
	int n, err = -EIO;

	if (!cipher)
		return -ENOTSUP;
	if (len % 16 || len > INT32_MAX)
		return -EINVAL;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -ENOMEM;
	/* IKE pads itself (with a pad length byte), never PKCS#7. */
	if (EVP_CipherInit_ex2(ctx, cipher, key, iv, encrypt, NULL) &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) &&
	    EVP_CipherUpdate(ctx, out, &n, in, (int)len) &&
	    EVP_CipherFinal_ex(ctx, out + n, &n))
		err = 0;
	EVP_CIPHER_CTX_free(ctx);
	return err;
}

/* Sets up a GCM context with a 12-byte nonce and feeds it the AAD. */
static int gcm_start(EVP_CIPHER_CTX *ctx, bool encrypt, const uint8_t *key,
		     size_t key_len, const uint8_t nonce[12],
		     const uint8_t *aad, size_t aad_len)
{
	const EVP_CIPHER *cipher = aes_cipher(true, key_len);
	int n;

	if (!cipher)
		return -ENOTSUP;
	if (aad_len > INT32_MAX)
		return -EINVAL;
	if (!EVP_CipherInit_ex2(ctx, cipher, key, nonce, encrypt, NULL))
		return -EIO;
	if (aad_len && !EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len))
		return -EIO;
	return 0;
}

int ike_aes_gcm_seal(const uint8_t *key, size_t key_len,
		     const uint8_t nonce[12], const uint8_t *aad,
		     size_t aad_len, const uint8_t *in, size_t len,
		     uint8_t *out, uint8_t tag[16])
{
	EVP_CIPHER_CTX *ctx;
	int n, err;

	if (len > INT32_MAX)
		return -EINVAL;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -ENOMEM;
	err = gcm_start(ctx, true, key, key_len, nonce, aad, aad_len);
	if (!err && !(EVP_CipherUpdate(ctx, out, &n, in, (int)len) &&
		      EVP_CipherFinal_ex(ctx, out + n, &n) &&
		      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16,
					  tag)))
		err = -EIO;
	EVP_CIPHER_CTX_free(ctx);
	return err;
}

int ike_aes_gcm_open(const uint8_t *key, size_t key_len,
		     const uint8_t nonce[12], const uint8_t *aad,
		     size_t aad_len, const uint8_t *in, size_t len,
		     const uint8_t tag[16], uint8_t *out)
{
	EVP_CIPHER_CTX *ctx;
	int n, err;

	if (len > INT32_MAX)
		return -EINVAL;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -ENOMEM;
	err = gcm_start(ctx, false, key, key_len, nonce, aad, aad_len);
	if (!err && !(EVP_CipherUpdate(ctx, out, &n, in, (int)len) &&
		      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, 16,
					  (void *)tag)))
		err = -EIO;
	/* Final is where OpenSSL compares the tag (in constant time). */
	if (!err && !EVP_CipherFinal_ex(ctx, out + n, &n))
		err = -EBADMSG;
	EVP_CIPHER_CTX_free(ctx);
	return err;
}
