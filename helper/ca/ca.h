/* SPDX-License-Identifier: GPL-2.0 */
/*
 * X.509 for IKEv2 authentication: trusted CA certificates and CRLs as
 * strongSwan keeps them (ipsec.d/cacerts, crls), end-entity certificates
 * from files or CERT payloads, the checks a peer certificate must pass
 * (chain, validity, revocation, identity), and AUTH signatures with RSA:
 * RFC 7296 method 1 (PKCS#1 v1.5, SHA-1) and RFC 7427 digital signatures.
 * All OpenSSL use for X.509 and signatures is in this directory.
 */
#ifndef MIPXFRM_CA_H
#define MIPXFRM_CA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ca_store;
struct ca_cert;
struct ca_key;

/* IKEv2 authentication methods this file signs and verifies. */
enum {
	CA_AUTH_RSA = 1,		/* RFC 7296: PKCS#1 v1.5 with SHA-1 */
	CA_AUTH_DIGITAL_SIGNATURE = 14,	/* RFC 7427 */
};

/* RFC 7427 hash algorithm identifiers (SIGNATURE_HASH_ALGORITHMS). */
enum {
	CA_HASH_SHA1 = 1,
	CA_HASH_SHA256 = 2,
	CA_HASH_SHA384 = 3,
	CA_HASH_SHA512 = 4,
};

/*
 * Loads every certificate in cacerts_dir and every CRL in crls_dir (PEM
 * or DER; crls_dir may be NULL or missing). Returns 0, or -1 with the
 * reason, naming the file, in err.
 */
int ca_store_load(struct ca_store **out, const char *cacerts_dir,
		  const char *crls_dir, char *err, size_t errlen);
void ca_store_free(struct ca_store *store);
int ca_store_count(const struct ca_store *store);

/*
 * CERTREQ data: the SHA-1 hashes of the trusted CAs' subjectPublicKeyInfo,
 * concatenated (RFC 7296 3.7). The caller frees *out.
 */
int ca_store_certreq(const struct ca_store *store, uint8_t **out,
		     size_t *len);

int ca_cert_load(const char *path, struct ca_cert **out, char *err,
		 size_t errlen);
/* From a CERT payload's data (X.509 certificate - signature, DER). */
int ca_cert_from_der(const uint8_t *der, size_t len, struct ca_cert **out);
int ca_cert_to_der(const struct ca_cert *cert, uint8_t **der, size_t *len);
void ca_cert_free(struct ca_cert *cert);

/* "C=CH, O=Linux strongSwan, CN=moon.strongswan.org", as charon logs it. */
void ca_cert_subject(const struct ca_cert *cert, char *buf, size_t len);

/*
 * Checks the chain to a trusted CA, the validity period at the current
 * time and, where a CRL of the issuer is loaded, revocation. Returns 0,
 * or -1 with the reason in why ("certificate revoked", "certificate has
 * expired", "unable to get local issuer certificate", ...).
 */
int ca_cert_verify(const struct ca_store *store, const struct ca_cert *cert,
		   char *why, size_t whylen);

/*
 * Whether the certificate carries the IKE identity (RFC 7296 3.5 ID type
 * and data): FQDN and RFC822 against subjectAltName dNSName / rfc822Name
 * (case-insensitive), IPv4/IPv6 against iPAddress, DER_ASN1_DN against
 * the subject.
 */
bool ca_cert_has_id(const struct ca_cert *cert, int id_type,
		    const uint8_t *id, size_t len);

/* --- dn.c: Distinguished Names as IKE identities ----------------------- */

/*
 * The DER of a DN written as strongSwan writes it ("C=CH, O=Linux
 * strongSwan, CN=moon.strongswan.org"; E= is emailAddress). *der is
 * OpenSSL's (OPENSSL_free). 0, or -1 for text that is not such a DN.
 */
int ca_dn_from_text(const char *text, uint8_t **der, size_t *len);
/* Whether two DER DNs name the same (OpenSSL's canonical comparison). */
bool ca_dn_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);
/* "C=CH, O=Linux strongSwan, CN=..." of a DER DN; false if it is not one. */
bool ca_dn_text(const uint8_t *der, size_t len, char *buf, size_t buflen);
/* An X509_NAME as that text. */
void ca_name_text(const void *x509_name, char *buf, size_t len);
/* An X509_NAME's DER, as ca_dn_from_text() gives it. */
int ca_name_to_der(const void *x509_name, uint8_t **der, size_t *len);
/* The certificate's subject as DER (the ID charon sends without leftid=). */
int ca_cert_subject_der(const struct ca_cert *cert, uint8_t **der,
			size_t *len);

/* An RSA private key from a PEM file (PKCS#1 or PKCS#8), passphrase opt. */
int ca_key_load(const char *path, const char *pass, struct ca_key **out,
		char *err, size_t errlen);
void ca_key_free(struct ca_key *key);
/* Whether key is the private half of cert's public key. */
bool ca_key_matches(const struct ca_key *key, const struct ca_cert *cert);

/*
 * The AUTH payload data for octets: for CA_AUTH_RSA the signature; for
 * CA_AUTH_DIGITAL_SIGNATURE the RFC 7427 form (length, AlgorithmIdentifier,
 * signature) with hash (CA_HASH_SHA256/384/512). The caller frees *sig.
 */
int ca_sign(const struct ca_key *key, int method, int hash,
	    const uint8_t *octets, size_t len, uint8_t **sig, size_t *siglen);

/* Verifies AUTH data made as ca_sign() makes it. 0 or -1 with why. */
int ca_verify_auth(const struct ca_cert *cert, int method,
		   const uint8_t *octets, size_t len, const uint8_t *auth,
		   size_t authlen, char *why, size_t whylen);

#endif
