// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ca/: a test PKI with the seed's names is made at test
 * time by tests/fixtures/mkcerts.sh (strongSwan's pki); the checks a peer
 * certificate must pass, identity matching and AUTH signatures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "../ca/ca.h"
#include "check.h"

static char dir[] = "/tmp/ca_test.XXXXXX";
static struct ca_store *store;

static struct ca_cert *cert(const char *name)
{
	char path[256], err[256];
	struct ca_cert *c;

	snprintf(path, sizeof(path), "%s/ipsec.d/certs/%sCert.pem", dir, name);
	if (ca_cert_load(path, &c, err, sizeof(err))) {
		printf("# %s\n", err);
		return NULL;
	}
	return c;
}

static struct ca_key *key(const char *name)
{
	char path[256], err[256];
	struct ca_key *k;

	snprintf(path, sizeof(path), "%s/ipsec.d/private/%sKey.pem", dir, name);
	if (ca_key_load(path, NULL, &k, err, sizeof(err))) {
		printf("# %s\n", err);
		return NULL;
	}
	return k;
}

/* The verdict on a certificate: "" when it passes. */
static const char *verdict(const char *name)
{
	static char why[256];
	struct ca_cert *c = cert(name);

	why[0] = '\0';
	if (!c)
		return "(not loaded)";
	ca_cert_verify(store, c, why, sizeof(why));
	ca_cert_free(c);
	return why;
}

static void store_loads(void)
{
	char cacerts[256], crls[256], err[256] = "";
	uint8_t *req;
	size_t len;

	snprintf(cacerts, sizeof(cacerts), "%s/ipsec.d/cacerts", dir);
	snprintf(crls, sizeof(crls), "%s/ipsec.d/crls", dir);
	CHECK(ca_store_load(&store, cacerts, crls, err, sizeof(err)) == 0);
	CHECK(store && ca_store_count(store) == 1);
	CHECK(ca_store_certreq(store, &req, &len) == 0 && len == 20);
	free(req);
}

static void store_rejects_garbage(void)
{
	char bad[256], err[256];
	struct ca_store *s;
	FILE *f;

	snprintf(bad, sizeof(bad), "%s/junk", dir);
	CHECK(mkdir(bad, 0700) == 0);
	snprintf(bad, sizeof(bad), "%s/junk/notacert.pem", dir);
	f = fopen(bad, "w");
	fputs("hello\n", f);
	fclose(f);
	snprintf(bad, sizeof(bad), "%s/junk", dir);
	CHECK(ca_store_load(&s, bad, NULL, err, sizeof(err)) == -1);
	CHECK(strstr(err, "notacert.pem: not a certificate") != NULL);
}

static void chain_validity_revocation(void)
{
	CHECK(!strcmp(verdict("moon"), ""));
	CHECK(!strcmp(verdict("carol"), ""));
	CHECK(!strcmp(verdict("dave"), ""));
	CHECK(!strcmp(verdict("revoked"), "certificate revoked"));
	CHECK(!strcmp(verdict("expired"), "certificate has expired"));
}

static void untrusted_issuer(void)
{
	char cmd[512], why[256];
	struct ca_cert *c;

	snprintf(cmd, sizeof(cmd),
		 "cd %s && pki --gen --type rsa --size 2048 >rogueKey.der 2>/dev/null && "
		 "pki --self --in rogueKey.der --dn 'C=CH, O=Linux strongSwan, CN=strongSwan Root CA' "
		 "--outform pem >ipsec.d/certs/rogueCert.pem 2>/dev/null", dir);
	CHECK(system(cmd) == 0);
	c = cert("rogue");
	CHECK(c && ca_cert_verify(store, c, why, sizeof(why)) == -1);
	printf("# rogue: %s\n", why);
	CHECK(strstr(why, "certificate") != NULL);
	ca_cert_free(c);
}

static void identities(void)
{
	struct ca_cert *moon = cert("moon"), *carol = cert("carol"), *cut;
	char subject[256];
	uint8_t *der;
	size_t len;

	CHECK(ca_cert_has_id(moon, 2, (const uint8_t *)"moon.strongswan.org", 19));
	CHECK(ca_cert_has_id(moon, 2, (const uint8_t *)"MOON.strongswan.org", 19));
	CHECK(!ca_cert_has_id(moon, 2, (const uint8_t *)"moon.strongswan.or", 18));
	CHECK(ca_cert_has_id(carol, 3, (const uint8_t *)"carol@strongswan.org", 20));
	CHECK(!ca_cert_has_id(carol, 2, (const uint8_t *)"carol@strongswan.org", 20));
	CHECK(!ca_cert_has_id(carol, 3, (const uint8_t *)"dave@strongswan.org", 19));
	ca_cert_subject(moon, subject, sizeof(subject));
	CHECK(!strcmp(subject, "C=CH, O=Linux strongSwan, CN=moon.strongswan.org"));
	ca_cert_subject(carol, subject, sizeof(subject));
	CHECK(!strcmp(subject,
		      "C=CH, O=Linux strongSwan, OU=Research, CN=carol@strongswan.org"));
	/* A CERT payload's DER comes back to the same certificate. */
	CHECK(ca_cert_to_der(carol, &der, &len) == 0);
	ca_cert_free(carol);
	CHECK(ca_cert_from_der(der, len, &carol) == 0);
	CHECK(ca_cert_has_id(carol, 3, (const uint8_t *)"carol@strongswan.org", 20));
	CHECK(ca_cert_from_der(der, len - 1, &cut) == -1 && !cut);
	free(der);
	ca_cert_free(carol);
	ca_cert_free(moon);
}

/* dir/stale/strongswan.crl: the CA's CRL, its nextUpdate a day ago. */
static void write_stale_crl(const char *path)
{
	char cpath[256], kpath[256];
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *last = ASN1_TIME_adj(NULL, time(NULL), -2, 0);
	ASN1_TIME *next = ASN1_TIME_adj(NULL, time(NULL), -1, 0);
	EVP_PKEY *key = NULL;
	X509 *ca = NULL;
	FILE *f;

	snprintf(cpath, sizeof(cpath), "%s/ipsec.d/cacerts/strongswanCert.pem", dir);
	snprintf(kpath, sizeof(kpath), "%s/ipsec.d/private/strongswanKey.pem", dir);
	if ((f = fopen(cpath, "r"))) {
		ca = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	if ((f = fopen(kpath, "r"))) {
		key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	CHECK(crl && ca && key && last && next);
	CHECK(X509_CRL_set_version(crl, 1) &&
	      X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca)) &&
	      X509_CRL_set1_lastUpdate(crl, last) &&
	      X509_CRL_set1_nextUpdate(crl, next) &&
	      X509_CRL_sign(crl, key, EVP_sha256()));
	f = fopen(path, "w");
	CHECK(f && PEM_write_X509_CRL(f, crl));
	if (f)
		fclose(f);
	X509_CRL_free(crl);
	ASN1_TIME_free(last);
	ASN1_TIME_free(next);
	EVP_PKEY_free(key);
	X509_free(ca);
}

/*
 * A CRL past its nextUpdate is not a verdict (charon's default
 * strictcrlpolicy=no): the certificate is checked without it.
 */
static void stale_crl(void)
{
	char cacerts[256], crls[256], path[300], err[256] = "", why[256] = "";
	struct ca_store *s = NULL;
	struct ca_cert *carol = cert("carol");

	snprintf(cacerts, sizeof(cacerts), "%s/ipsec.d/cacerts", dir);
	snprintf(crls, sizeof(crls), "%s/stale", dir);
	CHECK(!mkdir(crls, 0700));
	snprintf(path, sizeof(path), "%s/strongswan.crl", crls);
	write_stale_crl(path);
	CHECK(ca_store_load(&s, cacerts, crls, err, sizeof(err)) == 0);
	CHECK(s && carol && ca_cert_verify(s, carol, why, sizeof(why)) == 0);
	if (why[0])
		printf("#   why \"%s\"\n", why);
	ca_store_free(s);
	ca_cert_free(carol);
}

/*
 * DN identities: the text of ipsec.conf against the subject a peer's
 * certificate carries (pki writes PrintableString, we UTF8String).
 */
static void dn_identities(void)
{
	struct ca_cert *carol = cert("carol");
	uint8_t *text_der = NULL, *subj_der = NULL, *other_der = NULL;
	char text[256];
	size_t text_len, subj_len, other_len;
	uint8_t junk[3] = { 0x30, 0x05, 0x31 };

	CHECK(!ca_dn_from_text("C=CH, O=Linux strongSwan, OU=Research, CN=carol@strongswan.org",
			       &text_der, &text_len));
	CHECK(!ca_cert_subject_der(carol, &subj_der, &subj_len));
	CHECK(ca_dn_equal(text_der, text_len, subj_der, subj_len));
	CHECK(ca_cert_has_id(carol, 9, text_der, text_len));
	CHECK(ca_dn_text(text_der, text_len, text, sizeof(text)) &&
	      !strcmp(text, "C=CH, O=Linux strongSwan, OU=Research, CN=carol@strongswan.org"));
	/* case and blanks do not matter, the order and the values do */
	CHECK(!ca_dn_from_text(" c=ch,o=LINUX strongswan , ou=research,cn=Carol@strongswan.org",
			       &other_der, &other_len));
	CHECK(ca_dn_equal(other_der, other_len, subj_der, subj_len));
	OPENSSL_free(other_der);
	CHECK(!ca_dn_from_text("C=CH, O=Linux strongSwan, OU=Accounting, CN=carol@strongswan.org",
			       &other_der, &other_len));
	CHECK(!ca_dn_equal(other_der, other_len, subj_der, subj_len));
	CHECK(!ca_cert_has_id(carol, 9, other_der, other_len));
	OPENSSL_free(other_der);
	CHECK(!ca_dn_equal(junk, sizeof(junk), subj_der, subj_len));
	/* not DNs */
	CHECK(ca_dn_from_text("carol@strongswan.org", &other_der, &other_len) == -1);
	CHECK(ca_dn_from_text("XX=1, CN=a", &other_der, &other_len) == -1);
	CHECK(ca_dn_from_text("", &other_der, &other_len) == -1);
	OPENSSL_free(text_der);
	OPENSSL_free(subj_der);
	ca_cert_free(carol);
}

static void signatures(void)
{
	static const uint8_t octets[] = "RealMessage|Nonce|prf(SK_p, IDr')";
	struct ca_cert *moon = cert("moon"), *carol = cert("carol");
	struct ca_key *k = key("moon");
	uint8_t *sig;
	size_t len;
	char why[256];
	int m;

	CHECK(k && ca_key_matches(k, moon) && !ca_key_matches(k, carol));
	for (m = 0; m < 2; m++) {
		int method = m ? 14 : 1;

		CHECK(ca_sign(k, method, 2, octets, sizeof(octets), &sig, &len) == 0);
		CHECK(ca_verify_auth(moon, method, octets, sizeof(octets), sig,
				     len, why, sizeof(why)) == 0);
		CHECK(ca_verify_auth(carol, method, octets, sizeof(octets), sig,
				     len, why, sizeof(why)) == -1);
		sig[len - 1] ^= 1;
		CHECK(ca_verify_auth(moon, method, octets, sizeof(octets), sig,
				     len, why, sizeof(why)) == -1);
		free(sig);
	}
	/* RFC 7427: the AlgorithmIdentifier of sha256WithRSAEncryption leads. */
	CHECK(ca_sign(k, 14, 2, octets, sizeof(octets), &sig, &len) == 0);
	CHECK(sig[0] == 15 && sig[13] == 0x0b && len == 1 + 15 + 256);
	free(sig);
	CHECK(ca_sign(k, 14, 4, octets, sizeof(octets), &sig, &len) == 0);
	CHECK(ca_verify_auth(moon, 14, octets, sizeof(octets), sig, len, why,
			     sizeof(why)) == 0);
	free(sig);
	ca_key_free(k);
	ca_cert_free(moon);
	ca_cert_free(carol);
}

int main(void)
{
	char cmd[256];

	if (!mkdtemp(dir))
		return 1;
	snprintf(cmd, sizeof(cmd), "tests/fixtures/mkcerts.sh %s", dir);
	if (system(cmd)) {
		printf("not ok 1 - tests/fixtures/mkcerts.sh (strongSwan's pki) failed\n");
		return 1;
	}
	TEST(store_loads);
	TEST(store_rejects_garbage);
	TEST(chain_validity_revocation);
	TEST(untrusted_issuer);
	TEST(identities);
	TEST(dn_identities);
	TEST(stale_crl);
	TEST(signatures);
	ca_store_free(store);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 1;
	return CHECK_DONE();
}
