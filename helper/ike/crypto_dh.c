// SPDX-License-Identifier: GPL-2.0
/*
 * Diffie-Hellman for IKEv2 over OpenSSL 3 EVP_PKEY: the RFC 3526 MODP
 * groups as OpenSSL's named "modp_*" groups (not the RFC 7919 "ffdhe*"
 * ones, which are different primes), NIST P-256 (RFC 5903) and X25519
 * (RFC 8031). Keys are built with EVP_PKEY_fromdata and OSSL_PARAMs;
 * secrets come from EVP_PKEY_derive.
 */
/* Build only against the OpenSSL 3 API: deprecated calls fail to compile. */
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "crypto.h"

enum dh_kind { DH_MODP, DH_ECP, DH_ECX };

struct dh_group {
	uint16_t id;
	enum dh_kind kind;
	const char *keytype;		/* EVP_PKEY type name */
	const char *group;		/* OSSL_PKEY_PARAM_GROUP_NAME, or NULL */
	uint16_t pub_len;		/* KE payload data */
	uint16_t secret_len;		/* g^ir */
};

static const struct dh_group groups[] = {
	{ IKE_DH_MODP2048, DH_MODP, "DH", "modp_2048", 256, 256 },
	{ IKE_DH_MODP3072, DH_MODP, "DH", "modp_3072", 384, 384 },
	{ IKE_DH_ECP256, DH_ECP, "EC", "P-256", 64, 32 },
	{ IKE_DH_CURVE25519, DH_ECX, "X25519", NULL, 32, 32 },
};

struct ike_dh_key {
	const struct dh_group *g;
	EVP_PKEY *pkey;
};

static const struct dh_group *find_group(uint16_t id)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (groups[i].id == id)
			return &groups[i];
	return NULL;
}

size_t ike_dh_public_len(uint16_t group)
{
	const struct dh_group *g = find_group(group);

	return g ? g->pub_len : 0;
}

size_t ike_dh_secret_len(uint16_t group)
{
	const struct dh_group *g = find_group(group);

	return g ? g->secret_len : 0;
}

uint16_t ike_dh_group(const struct ike_dh_key *dh)
{
	return dh->g->id;
}

static int dh_wrap(const struct dh_group *g, EVP_PKEY *pkey,
		   struct ike_dh_key **dh)
{
	*dh = malloc(sizeof(**dh));
	if (!*dh) {
		EVP_PKEY_free(pkey);
		return -ENOMEM;
	}
	(*dh)->g = g;
	(*dh)->pkey = pkey;
	return 0;
}

/* A fresh pair; named groups go in as a parameter of key generation. */
static EVP_PKEY *keygen(const struct dh_group *g)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
						 (char *)g->group, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, g->keytype,
						       NULL);
	EVP_PKEY *pkey = NULL;

	if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0 ||
	    (g->group && !EVP_PKEY_CTX_set_params(ctx, params)) ||
	    EVP_PKEY_generate(ctx, &pkey) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

int ike_dh_new(uint16_t group, struct ike_dh_key **dh)
{
	const struct dh_group *g = find_group(group);
	EVP_PKEY *pkey;

	if (!g)
		return -ENOTSUP;
	pkey = keygen(g);
	if (!pkey)
		return -EIO;
	return dh_wrap(g, pkey, dh);
}

void ike_dh_free(struct ike_dh_key *dh)
{
	if (!dh)
		return;
	EVP_PKEY_free(dh->pkey);	/* clears the private key */
	free(dh);
}

/* A key of group g from OSSL_PARAMs; selection says public or pair. */
static EVP_PKEY *from_params(const struct dh_group *g, int selection,
			     OSSL_PARAM *params)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, g->keytype,
						       NULL);
	EVP_PKEY *pkey = NULL;

	if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, selection, params) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

/*
 * The uncompressed SEC1 point 0x04 | x | y of priv * G on P-256.
 * OpenSSL 3.0 does not derive it when importing a private key alone.
 */
static int ecp_public(const BIGNUM *priv, uint8_t *pt, size_t len)
{
	EC_GROUP *grp = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	EC_POINT *p = grp ? EC_POINT_new(grp) : NULL;
	int err = -EIO;

	if (p && EC_POINT_mul(grp, p, priv, NULL, NULL, NULL) &&
	    EC_POINT_point2oct(grp, p, POINT_CONVERSION_UNCOMPRESSED, pt,
			       len, NULL) == len)
		err = 0;
	EC_POINT_free(p);
	EC_GROUP_free(grp);
	return err;
}

/* g^priv mod p for a MODP group: the public value OpenSSL would not make. */
static BIGNUM *modp_public(const struct dh_group *g, const BIGNUM *priv)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
						 (char *)g->group, 0),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY *dom = from_params(g, EVP_PKEY_KEY_PARAMETERS, params);
	BIGNUM *p = NULL, *gen = NULL, *pub = BN_new();
	BN_CTX *bnctx = BN_CTX_new();

	if (!dom || !pub || !bnctx ||
	    !EVP_PKEY_get_bn_param(dom, OSSL_PKEY_PARAM_FFC_P, &p) ||
	    !EVP_PKEY_get_bn_param(dom, OSSL_PKEY_PARAM_FFC_G, &gen) ||
	    !BN_mod_exp(pub, gen, priv, p, bnctx)) {
		BN_free(pub);
		pub = NULL;
	}
	BN_CTX_free(bnctx);
	BN_free(gen);
	BN_free(p);
	EVP_PKEY_free(dom);
	return pub;
}

/* The pair (priv, pub) for a MODP or ECP group. */
static EVP_PKEY *import_pair(const struct dh_group *g, const BIGNUM *priv)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pkey = NULL;
	BIGNUM *pub = NULL;
	uint8_t pt[65];
	int ok;

	if (!bld)
		return NULL;
	ok = OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     g->group, 0) &&
	     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv);
	if (g->kind == DH_ECP)
		ok = ok && !ecp_public(priv, pt, sizeof(pt)) &&
		     OSSL_PARAM_BLD_push_octet_string(bld,
						      OSSL_PKEY_PARAM_PUB_KEY,
						      pt, sizeof(pt));
	else
		ok = ok && (pub = modp_public(g, priv)) &&
		     OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, pub);
	if (ok)
		params = OSSL_PARAM_BLD_to_param(bld);
	if (params)
		pkey = from_params(g, EVP_PKEY_KEYPAIR, params);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(pub);
	return pkey;
}

int ike_dh_new_private(uint16_t group, const uint8_t *priv, size_t len,
		       struct ike_dh_key **dh)
{
	const struct dh_group *g = find_group(group);
	EVP_PKEY *pkey;
	BIGNUM *bn;

	if (!g)
		return -ENOTSUP;
	if (g->kind == DH_ECX) {
		pkey = EVP_PKEY_new_raw_private_key_ex(NULL, g->keytype, NULL,
						       priv, len);
	} else {
		bn = BN_bin2bn(priv, (int)len, NULL);
		if (!bn || len > g->pub_len)
			pkey = NULL;
		else
			pkey = import_pair(g, bn);
		BN_clear_free(bn);
	}
	if (!pkey)
		return -EINVAL;
	return dh_wrap(g, pkey, dh);
}

int ike_dh_public(const struct ike_dh_key *dh, uint8_t *out, size_t len)
{
	/* MODP comes padded to the prime's length; ECP as 0x04 | x | y. */
	uint8_t buf[512];
	size_t n, skip = dh->g->kind == DH_ECP ? 1 : 0;

	if (len != dh->g->pub_len)
		return -EINVAL;
	if (!EVP_PKEY_get_octet_string_param(dh->pkey,
					     OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
					     buf, sizeof(buf), &n))
		return -EIO;
	if (n != len + skip || (skip && buf[0] != POINT_CONVERSION_UNCOMPRESSED))
		return -EIO;
	memcpy(out, buf + skip, len);
	return 0;
}

/* The peer's public value as a key of our group, or NULL if invalid. */
static EVP_PKEY *peer_key(const struct dh_group *g, const uint8_t *peer)
{
	OSSL_PARAM_BLD *bld;
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pkey = NULL;
	BIGNUM *y = NULL;
	uint8_t pt[65];
	int ok;

	if (g->kind == DH_ECX)
		return EVP_PKEY_new_raw_public_key_ex(NULL, g->keytype, NULL,
						      peer, g->pub_len);
	bld = OSSL_PARAM_BLD_new();
	if (!bld)
		return NULL;
	ok = OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     g->group, 0);
	if (g->kind == DH_ECP) {
		/* Wire format drops SEC1's "uncompressed" tag (RFC 5903). */
		pt[0] = POINT_CONVERSION_UNCOMPRESSED;
		memcpy(pt + 1, peer, g->pub_len);
		ok = ok && OSSL_PARAM_BLD_push_octet_string(bld,
						OSSL_PKEY_PARAM_PUB_KEY,
						pt, g->pub_len + 1);
	} else {
		y = BN_bin2bn(peer, g->pub_len, NULL);
		ok = ok && y && OSSL_PARAM_BLD_push_BN(bld,
				OSSL_PKEY_PARAM_PUB_KEY, y);
	}
	if (ok)
		params = OSSL_PARAM_BLD_to_param(bld);
	/* For ECP, decoding the point already refuses one off the curve. */
	if (params)
		pkey = from_params(g, EVP_PKEY_PUBLIC_KEY, params);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(y);
	return pkey;
}

/*
 * Range check for MODP (1 < y < p-1, enough for safe primes per RFC
 * 6989 2.2) and the point check for ECP: OpenSSL's "quick" public check.
 * The full DH check would add a modular exponentiation per exchange.
 */
static bool peer_valid(const struct dh_group *g, EVP_PKEY *peer)
{
	EVP_PKEY_CTX *ctx;
	bool ok;

	if (g->kind == DH_ECX)
		return true;	/* any 32 bytes; low order shows at derive */
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, peer, NULL);
	ok = ctx && EVP_PKEY_public_check_quick(ctx) == 1;
	EVP_PKEY_CTX_free(ctx);
	return ok;
}

static int derive(const struct ike_dh_key *dh, EVP_PKEY *peer, uint8_t *secret,
		  size_t len)
{
	/* g^ir keeps its leading zeros: IKE wants it at the prime's length. */
	unsigned int pad = 1;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_uint(OSSL_EXCHANGE_PARAM_PAD, &pad),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, dh->pkey, NULL);
	size_t n = len;
	int err = -EIO;

	if (!ctx || EVP_PKEY_derive_init(ctx) <= 0)
		goto out;
	if (dh->g->kind == DH_MODP && !EVP_PKEY_CTX_set_params(ctx, params))
		goto out;
	if (EVP_PKEY_derive_set_peer_ex(ctx, peer, 0) <= 0)
		goto out;
	/* X25519 fails here on the all-zero result of a low-order point. */
	if (EVP_PKEY_derive(ctx, secret, &n) <= 0) {
		err = dh->g->kind == DH_ECX ? -EBADMSG : -EIO;
		goto out;
	}
	err = n == len ? 0 : -EIO;
out:
	EVP_PKEY_CTX_free(ctx);
	return err;
}

int ike_dh_compute(const struct ike_dh_key *dh, const uint8_t *peer,
		   size_t peer_len, uint8_t *secret, size_t secret_len)
{
	EVP_PKEY *pkey;
	int err;

	if (secret_len != dh->g->secret_len)
		return -EINVAL;
	if (peer_len != dh->g->pub_len)
		return -EMSGSIZE;
	pkey = peer_key(dh->g, peer);
	if (!pkey)
		return -EBADMSG;
	if (!peer_valid(dh->g, pkey))
		err = -EBADMSG;
	else
		err = derive(dh, pkey, secret, secret_len);
	EVP_PKEY_free(pkey);
	if (err) {
		ike_cleanse(secret, secret_len);
		/* A peer's bad value is not our error to leave queued. */
		ERR_clear_error();
	}
	return err;
}
