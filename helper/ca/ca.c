// SPDX-License-Identifier: GPL-2.0
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED

#include <arpa/inet.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "../common/log.h"
#include "ca.h"

/* RFC 7296 3.5 ID types this file matches. */
#define ID_IPV4_ADDR 1
#define ID_FQDN 2
#define ID_RFC822_ADDR 3
#define ID_IPV6_ADDR 5
#define ID_DER_ASN1_DN 9

struct ca_store {
	X509_STORE *store;
	STACK_OF(X509) *cas;
	STACK_OF(X509_CRL) *crls;
};

struct ca_cert {
	X509 *x509;
};

struct ca_key {
	EVP_PKEY *pkey;
};

static void set_err(char *err, size_t len, const char *what, const char *path)
{
	const char *reason = ERR_reason_error_string(ERR_get_error());

	snprintf(err, len, "%s%s%s%s%s", path ? path : "", path ? ": " : "",
		 what, reason ? ": " : "", reason ? reason : "");
	ERR_clear_error();
}

/* A certificate or CRL file, PEM or DER. */
static void *read_obj(const char *path, bool crl)
{
	BIO *bio = BIO_new_file(path, "rb");
	void *obj;

	if (!bio)
		return NULL;
	obj = crl ? (void *)PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL) :
		    (void *)PEM_read_bio_X509(bio, NULL, NULL, NULL);
	if (!obj) {
		ERR_clear_error();
		BIO_reset(bio);
		obj = crl ? (void *)d2i_X509_CRL_bio(bio, NULL) :
			    (void *)d2i_X509_bio(bio, NULL);
	}
	BIO_free(bio);
	return obj;
}

/* Every regular file of dir, loaded; a missing dir is empty. */
static int load_dir(struct ca_store *s, const char *dir, bool crl, char *err,
		    size_t errlen)
{
	char path[4096];
	struct dirent *de;
	DIR *d;

	if (!dir || !(d = opendir(dir)))
		return 0;
	while ((de = readdir(d))) {
		void *obj;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		obj = read_obj(path, crl);
		if (!obj) {
			set_err(err, errlen, crl ? "not a CRL" : "not a certificate",
				path);
			closedir(d);
			return -1;
		}
		if (crl) {
			X509_STORE_add_crl(s->store, obj);
			sk_X509_CRL_push(s->crls, obj);
		} else {
			X509_STORE_add_cert(s->store, obj);
			sk_X509_push(s->cas, obj);
		}
	}
	closedir(d);
	return 0;
}

int ca_store_load(struct ca_store **out, const char *cacerts_dir,
		  const char *crls_dir, char *err, size_t errlen)
{
	struct ca_store *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s || !(s->store = X509_STORE_new()) || !(s->cas = sk_X509_new_null()) ||
	    !(s->crls = sk_X509_CRL_new_null())) {
		ca_store_free(s);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (load_dir(s, cacerts_dir, false, err, errlen) ||
	    load_dir(s, crls_dir, true, err, errlen)) {
		ca_store_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void ca_store_free(struct ca_store *s)
{
	if (!s)
		return;
	X509_STORE_free(s->store);
	sk_X509_pop_free(s->cas, X509_free);
	sk_X509_CRL_pop_free(s->crls, X509_CRL_free);
	free(s);
}

int ca_store_count(const struct ca_store *s)
{
	return sk_X509_num(s->cas);
}

int ca_store_certreq(const struct ca_store *s, uint8_t **out, size_t *len)
{
	int i, n = sk_X509_num(s->cas);
	uint8_t *buf = malloc(n * 20 + 1);

	if (!buf)
		return -1;
	for (i = 0; i < n; i++) {
		X509_PUBKEY *pub = X509_get_X509_PUBKEY(sk_X509_value(s->cas, i));
		unsigned char *der = NULL;
		int derlen = i2d_X509_PUBKEY(pub, &der);

		if (derlen <= 0 ||
		    !EVP_Digest(der, derlen, buf + i * 20, NULL, EVP_sha1(),
				NULL)) {
			OPENSSL_free(der);
			free(buf);
			return -1;
		}
		OPENSSL_free(der);
	}
	*out = buf;
	*len = (size_t)n * 20;
	return 0;
}

/* Takes x over into a new ca_cert; frees it on failure. */
static int wrap_cert(X509 *x, struct ca_cert **out)
{
	*out = calloc(1, sizeof(**out));
	if (!*out) {
		X509_free(x);
		return -1;
	}
	(*out)->x509 = x;
	return 0;
}

int ca_cert_load(const char *path, struct ca_cert **out, char *err,
		 size_t errlen)
{
	X509 *x = read_obj(path, false);

	*out = NULL;
	if (!x) {
		set_err(err, errlen, "cannot read a certificate", path);
		return -1;
	}
	return wrap_cert(x, out);
}

int ca_cert_from_der(const uint8_t *der, size_t len, struct ca_cert **out)
{
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, len);

	*out = NULL;
	if (!x || p != der + len) {
		X509_free(x);
		ERR_clear_error();
		return -1;
	}
	return wrap_cert(x, out);
}

int ca_cert_to_der(const struct ca_cert *c, uint8_t **der, size_t *len)
{
	unsigned char *buf = NULL;
	int n = i2d_X509(c->x509, &buf);

	if (n <= 0)
		return -1;
	*der = malloc(n);
	if (!*der) {
		OPENSSL_free(buf);
		return -1;
	}
	memcpy(*der, buf, n);
	OPENSSL_free(buf);
	*len = n;
	return 0;
}

void ca_cert_free(struct ca_cert *c)
{
	if (!c)
		return;
	X509_free(c->x509);
	free(c);
}

void ca_name_text(const void *x509_name, char *buf, size_t len)
{
	BIO *bio = BIO_new(BIO_s_mem());
	int n;

	buf[0] = '\0';
	if (!bio)
		return;
	X509_NAME_print_ex(bio, x509_name, 0,
			   XN_FLAG_SEP_CPLUS_SPC | ASN1_STRFLGS_RFC2253 |
			   XN_FLAG_FN_SN);
	n = BIO_read(bio, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
	BIO_free(bio);
}

void ca_cert_subject(const struct ca_cert *c, char *buf, size_t len)
{
	ca_name_text(X509_get_subject_name(c->x509), buf, len);
}

/* Revocation is checked only where a CRL of the issuer is at hand. */
static bool have_crl_for(const struct ca_store *s, X509 *x)
{
	int i;

	for (i = 0; i < sk_X509_CRL_num(s->crls); i++)
		if (!X509_NAME_cmp(X509_CRL_get_issuer(sk_X509_CRL_value(s->crls, i)),
				   X509_get_issuer_name(x)))
			return true;
	return false;
}

/* X509_verify_cert's verdict (X509_V_OK or the error), CRLs or not. */
static int verify(const struct ca_store *s, X509 *x, bool crls)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int err = X509_V_ERR_OUT_OF_MEM;

	if (ctx && X509_STORE_CTX_init(ctx, s->store, x, NULL)) {
		if (crls)
			X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_CRL_CHECK);
		err = X509_verify_cert(ctx) == 1 ? X509_V_OK :
						   X509_STORE_CTX_get_error(ctx);
	}
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	return err;
}

/*
 * A CRL past its nextUpdate (or not yet valid) says nothing reliable:
 * as charon with its default strictcrlpolicy=no, the certificate is
 * then checked without it, with a warning, rather than refused.
 */
int ca_cert_verify(const struct ca_store *s, const struct ca_cert *c,
		   char *why, size_t whylen)
{
	bool crls = have_crl_for(s, c->x509);
	int err = verify(s, c->x509, crls);
	char subject[256];

	if (crls && (err == X509_V_ERR_CRL_HAS_EXPIRED ||
		     err == X509_V_ERR_CRL_NOT_YET_VALID)) {
		ca_cert_subject(c, subject, sizeof(subject));
		log_warn("the CRL for \"%s\" is stale (%s): checking without it",
			 subject, X509_verify_cert_error_string(err));
		err = verify(s, c->x509, false);
	}
	if (err != X509_V_OK)
		snprintf(why, whylen, "%s", X509_verify_cert_error_string(err));
	return err == X509_V_OK ? 0 : -1;
}

static bool san_has(const struct ca_cert *c, int type, const uint8_t *id,
		    size_t len)
{
	GENERAL_NAMES *names = X509_get_ext_d2i(c->x509, NID_subject_alt_name,
						NULL, NULL);
	bool found = false;
	int i;

	for (i = 0; names && i < sk_GENERAL_NAME_num(names) && !found; i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, i);
		const ASN1_STRING *s;

		if (gn->type != type)
			continue;
		s = type == GEN_IPADD ? gn->d.iPAddress :
		    type == GEN_DNS ? gn->d.dNSName : gn->d.rfc822Name;
		if ((size_t)ASN1_STRING_length(s) != len)
			continue;
		found = type == GEN_IPADD ?
			!memcmp(ASN1_STRING_get0_data(s), id, len) :
			!strncasecmp((const char *)ASN1_STRING_get0_data(s),
				     (const char *)id, len);
	}
	GENERAL_NAMES_free(names);
	return found;
}

bool ca_cert_has_id(const struct ca_cert *c, int id_type, const uint8_t *id,
		    size_t len)
{
	const unsigned char *p = id;
	X509_NAME *dn;
	bool eq;

	switch (id_type) {
	case ID_FQDN:
		return san_has(c, GEN_DNS, id, len);
	case ID_RFC822_ADDR:
		return san_has(c, GEN_EMAIL, id, len);
	case ID_IPV4_ADDR:
	case ID_IPV6_ADDR:
		return san_has(c, GEN_IPADD, id, len);
	case ID_DER_ASN1_DN:
		dn = d2i_X509_NAME(NULL, &p, len);
		eq = dn && p == id + len &&
		     !X509_NAME_cmp(dn, X509_get_subject_name(c->x509));
		X509_NAME_free(dn);
		ERR_clear_error();
		return eq;
	}
	return false;
}

int ca_key_load(const char *path, const char *pass, struct ca_key **out,
		char *err, size_t errlen)
{
	BIO *bio = BIO_new_file(path, "rb");
	EVP_PKEY *pkey = NULL;

	*out = NULL;
	if (bio)
		pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, (void *)pass);
	BIO_free(bio);
	if (!pkey || EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA) {
		EVP_PKEY_free(pkey);
		set_err(err, errlen, "cannot read an RSA private key", path);
		return -1;
	}
	*out = calloc(1, sizeof(**out));
	if (!*out) {
		EVP_PKEY_free(pkey);
		return -1;
	}
	(*out)->pkey = pkey;
	return 0;
}

void ca_key_free(struct ca_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

bool ca_key_matches(const struct ca_key *k, const struct ca_cert *c)
{
	return EVP_PKEY_eq(k->pkey, X509_get0_pubkey(c->x509)) == 1;
}

/*
 * RFC 7427 AlgorithmIdentifiers for RSASSA-PKCS1-v1_5 with NULL
 * parameters: SEQUENCE { OID sha{256,384,512}WithRSAEncryption, NULL }.
 */
static const struct {
	int hash;
	const char *digest;
	uint8_t der[15];
} rsa_algs[] = {
	{ CA_HASH_SHA256, "SHA256", { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48,
	  0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00 } },
	{ CA_HASH_SHA384, "SHA384", { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48,
	  0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c, 0x05, 0x00 } },
	{ CA_HASH_SHA512, "SHA512", { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48,
	  0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d, 0x05, 0x00 } },
};

#define N_RSA_ALGS (sizeof(rsa_algs) / sizeof(rsa_algs[0]))

/* PKCS#1 v1.5 signature of octets with digest; the caller frees *sig. */
static int rsa_sign(EVP_PKEY *pkey, const char *digest, const uint8_t *octets,
		    size_t len, uint8_t **sig, size_t *siglen)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ret = -1;

	*sig = NULL;
	if (md && EVP_DigestSignInit_ex(md, NULL, digest, NULL, NULL, pkey,
					NULL) == 1 &&
	    EVP_DigestSign(md, NULL, siglen, octets, len) == 1 &&
	    (*sig = malloc(*siglen)) &&
	    EVP_DigestSign(md, *sig, siglen, octets, len) == 1)
		ret = 0;
	if (ret) {
		free(*sig);
		*sig = NULL;
	}
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ret;
}

static int rsa_verify(EVP_PKEY *pkey, const char *digest,
		      const uint8_t *octets, size_t len, const uint8_t *sig,
		      size_t siglen)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md && EVP_DigestVerifyInit_ex(md, NULL, digest, NULL, NULL,
					       pkey, NULL) == 1 &&
		 EVP_DigestVerify(md, sig, siglen, octets, len) == 1;

	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ok ? 0 : -1;
}

int ca_sign(const struct ca_key *k, int method, int hash,
	    const uint8_t *octets, size_t len, uint8_t **sig, size_t *siglen)
{
	uint8_t *raw, *out;
	size_t rawlen, i;

	if (method == CA_AUTH_RSA)
		return rsa_sign(k->pkey, "SHA1", octets, len, sig, siglen);
	if (method != CA_AUTH_DIGITAL_SIGNATURE)
		return -1;
	for (i = 0; i < N_RSA_ALGS && rsa_algs[i].hash != hash; i++)
		;
	if (i == N_RSA_ALGS ||
	    rsa_sign(k->pkey, rsa_algs[i].digest, octets, len, &raw, &rawlen))
		return -1;
	out = malloc(1 + sizeof(rsa_algs[i].der) + rawlen);
	if (!out) {
		free(raw);
		return -1;
	}
	out[0] = sizeof(rsa_algs[i].der);
	memcpy(out + 1, rsa_algs[i].der, sizeof(rsa_algs[i].der));
	memcpy(out + 1 + sizeof(rsa_algs[i].der), raw, rawlen);
	free(raw);
	*sig = out;
	*siglen = 1 + sizeof(rsa_algs[i].der) + rawlen;
	return 0;
}

int ca_verify_auth(const struct ca_cert *c, int method, const uint8_t *octets,
		   size_t len, const uint8_t *auth, size_t authlen, char *why,
		   size_t whylen)
{
	EVP_PKEY *pub = X509_get0_pubkey(c->x509);
	size_t i, alglen;

	if (!pub || EVP_PKEY_get_base_id(pub) != EVP_PKEY_RSA) {
		snprintf(why, whylen, "the certificate has no RSA public key");
		return -1;
	}
	if (method == CA_AUTH_RSA) {
		if (rsa_verify(pub, "SHA1", octets, len, auth, authlen)) {
			snprintf(why, whylen, "RSA signature does not verify");
			return -1;
		}
		return 0;
	}
	if (method != CA_AUTH_DIGITAL_SIGNATURE || authlen < 1) {
		snprintf(why, whylen, "authentication method %d not supported",
			 method);
		return -1;
	}
	alglen = auth[0];
	for (i = 0; i < N_RSA_ALGS; i++)
		if (alglen == sizeof(rsa_algs[i].der) && authlen > 1 + alglen &&
		    !memcmp(auth + 1, rsa_algs[i].der, alglen))
			break;
	if (i == N_RSA_ALGS) {
		snprintf(why, whylen,
			 "signature algorithm not supported (RSA PKCS#1 with SHA-256/384/512 only)");
		return -1;
	}
	if (rsa_verify(pub, rsa_algs[i].digest, octets, len, auth + 1 + alglen,
		       authlen - 1 - alglen)) {
		snprintf(why, whylen, "RFC 7427 %s signature does not verify",
			 rsa_algs[i].digest);
		return -1;
	}
	return 0;
}

int ca_cert_subject_der(const struct ca_cert *cert, uint8_t **der,
			size_t *len)
{
	return ca_name_to_der(X509_get_subject_name(cert->x509), der, len);
}
