// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the ipsec.secrets reader: key files and where they are
 * looked for, shared secrets in their three encodings, ID selectors,
 * includes, and broken lines with their exact messages, which must
 * never quote a secret.
 */
#define _GNU_SOURCE
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../conf/secrets.h"
#include "check.h"
#include "fixture.h"

static char root[PATH_MAX];
static char err[512];

static void put(const char *name, const char *text)
{
	CHECK(fixture_put(root, name, text));
}

static int load(const char *text, struct ipsec_secrets *s)
{
	put("/etc/ipsec.secrets", text);
	return ipsec_secrets_load("/etc/ipsec.secrets", root, NULL, s, err,
				  sizeof(err));
}

static bool secret_is(const struct ipsec_secret *s, const char *bytes,
		      size_t len)
{
	return s->secret_len == len && s->secret &&
	       !memcmp(s->secret, bytes, len);
}

static bool fails(const char *text, const char *msg)
{
	struct ipsec_secrets s;
	bool ok = load(text, &s) == -1 && !strcmp(err, msg) && !s.mem &&
		  !s.n_secrets;

	if (!ok)
		printf("#   got \"%s\"\n#   for \"%s\"\n", err, msg);
	ipsec_secrets_free(&s);
	return ok;
}

/* moon's ipsec.secrets in the seed's setup: one RSA key. */
static void rsa_key(void)
{
	char want[PATH_MAX + 64];
	struct ipsec_secrets s;

	CHECK(load("# /etc/ipsec.secrets - strongSwan IPsec secrets file\n\n"
		   ": RSA moonKey.pem\n", &s) == 0);
	CHECK(s.n_secrets == 1 && s.n_warnings == 0);
	if (s.n_secrets != 1)
		goto out;
	CHECK(s.secrets[0].type == IPSEC_SECRET_RSA);
	CHECK(s.secrets[0].n_ids == 0);
	CHECK(!strcmp(s.secrets[0].file, "moonKey.pem"));
	snprintf(want, sizeof(want), "%s/etc/ipsec.d/private/moonKey.pem",
		 root);
	CHECK(!strcmp(s.secrets[0].path, want));
	CHECK(!s.secrets[0].secret && !s.secrets[0].prompt);
	CHECK(!strcmp(s.secrets[0].src.file, "/etc/ipsec.secrets"));
	CHECK(s.secrets[0].src.line == 3);
	CHECK(s.n_files == 1 && !strcmp(s.files[0], "/etc/ipsec.secrets"));
out:
	ipsec_secrets_free(&s);
	CHECK(!s.mem && !s.n_secrets);
	ipsec_secrets_free(&s);
}

static void key_forms(void)
{
	struct ipsec_secrets s;
	struct ipsec_dirs d;
	char want[PATH_MAX + 64];

	CHECK(ipsec_dirs_init(&d, root, "/opt/ipsec.d") == 0);
	put("/etc/ipsec.secrets",
	    ": RSA \"/keys/moon key.pem\" \"pass phrase\"\n"
	    "\t: ECDSA ec.pem %prompt\n"
	    ": P12 'cert.p12' 0x70617373   # hex passphrase\n");
	CHECK(ipsec_secrets_load("/etc/ipsec.secrets", root, &d, &s, err,
				 sizeof(err)) == 0);
	CHECK(s.n_secrets == 3);
	if (s.n_secrets != 3)
		goto out;
	snprintf(want, sizeof(want), "%s/keys/moon key.pem", root);
	CHECK(!strcmp(s.secrets[0].path, want));
	CHECK(secret_is(&s.secrets[0], "pass phrase", 11));
	CHECK(s.secrets[1].type == IPSEC_SECRET_ECDSA && s.secrets[1].prompt);
	CHECK(!s.secrets[1].secret);
	snprintf(want, sizeof(want), "%s/opt/ipsec.d/private/ec.pem", root);
	CHECK(!strcmp(s.secrets[1].path, want));
	CHECK(s.secrets[2].type == IPSEC_SECRET_P12);
	CHECK(!strcmp(s.secrets[2].file, "cert.p12"));
	CHECK(secret_is(&s.secrets[2], "pass", 4));
out:
	ipsec_secrets_free(&s);
}

static void shared(void)
{
	struct ipsec_secrets s;

	CHECK(load("carol@strongswan.org : PSK \"carol secret\"\n"
		   "dave@strongswan.org 2001:1::20 %any : PSK 0x0102a0ff\n"
		   "'quoted id' \"C=CH, CN=x\" : EAP 0sSGVsbG8=\n"
		   "\t: XAUTH plainword # comment\r\n"
		   "%any : NTLM 'x y'\n", &s) == 0);
	CHECK(s.n_secrets == 5);
	if (s.n_secrets != 5)
		goto out;
	CHECK(s.secrets[0].type == IPSEC_SECRET_PSK);
	CHECK(s.secrets[0].n_ids == 1);
	CHECK(!strcmp(s.secrets[0].ids[0], "carol@strongswan.org"));
	CHECK(secret_is(&s.secrets[0], "carol secret", 12));
	/* %any selects nothing: it means any peer. */
	CHECK(s.secrets[1].n_ids == 2);
	CHECK(!strcmp(s.secrets[1].ids[1], "2001:1::20"));
	CHECK(secret_is(&s.secrets[1], "\x01\x02\xa0\xff", 4));
	CHECK(s.secrets[2].type == IPSEC_SECRET_EAP);
	CHECK(s.secrets[2].n_ids == 2);
	CHECK(!strcmp(s.secrets[2].ids[0], "quoted id"));
	CHECK(!strcmp(s.secrets[2].ids[1], "C=CH, CN=x"));
	CHECK(secret_is(&s.secrets[2], "Hello", 5));
	CHECK(s.secrets[3].type == IPSEC_SECRET_XAUTH);
	CHECK(secret_is(&s.secrets[3], "plainword", 9));
	CHECK(s.secrets[3].src.line == 4);
	CHECK(s.secrets[4].type == IPSEC_SECRET_NTLM);
	CHECK(s.secrets[4].n_ids == 0 && secret_is(&s.secrets[4], "x y", 3));
	CHECK(!strcmp(ipsec_secret_type_name(IPSEC_SECRET_PSK), "PSK"));
out:
	ipsec_secrets_free(&s);
}

static void includes(void)
{
	struct ipsec_secrets s;

	put("/etc/sec.d/b.secrets", ": PSK \"b\"\n");
	put("/etc/sec.d/a.secrets", ": PSK \"a\"\n");
	CHECK(load(": RSA moonKey.pem\n"
		   "include sec.d/*.secrets\n"
		   "include /etc/sec.d/none*.secrets\n"
		   ": PIN %smartcard:4 1234\n", &s) == 0);
	CHECK(s.n_secrets == 3 && s.n_files == 3);
	if (s.n_secrets == 3) {
		CHECK(secret_is(&s.secrets[1], "a", 1));
		CHECK(!strcmp(s.secrets[1].src.file, "/etc/sec.d/a.secrets"));
		CHECK(secret_is(&s.secrets[2], "b", 1));
	}
	CHECK(s.n_warnings == 2);
	if (s.n_warnings == 2) {
		CHECK(!strcmp(s.warnings[0], "/etc/ipsec.secrets:3: include "
			      "/etc/sec.d/none*.secrets: no files match, "
			      "nothing included"));
		CHECK(!strcmp(s.warnings[1], "/etc/ipsec.secrets:4: PIN "
			      "secrets are not supported, line ignored"));
	}
	ipsec_secrets_free(&s);
}

static void errors(void)
{
	struct ipsec_secrets s;

	CHECK(fails(": RSA moonKey.pem\ncarol PSK \"x\"\n",
		    "/etc/ipsec.secrets:2: missing ' : ' between the IDs and "
		    "the secret type"));
	CHECK(fails("carol : \n", "/etc/ipsec.secrets:1: missing secret type "
		    "after ':'"));
	CHECK(fails(": DSA k.pem\n", "/etc/ipsec.secrets:1: unknown secret "
		    "type 'DSA': expected RSA, ECDSA, P12, PSK, EAP, XAUTH or "
		    "NTLM"));
	CHECK(fails(": RSA\n", "/etc/ipsec.secrets:1: RSA: missing file "
		    "name"));
	CHECK(fails(": RSA \"k.pem\n", "/etc/ipsec.secrets:1: RSA: missing "
		    "closing quote of the file name"));
	CHECK(fails(": RSA k.pem \"pass\" extra\n", "/etc/ipsec.secrets:1: "
		    "unexpected text after the passphrase of k.pem"));
	CHECK(fails("a : PSK\n", "/etc/ipsec.secrets:1: PSK: missing "
		    "secret"));
	/* Messages never quote the secret itself. */
	CHECK(fails("a : PSK \"topsecret\n", "/etc/ipsec.secrets:1: PSK: "
		    "missing closing quote"));
	CHECK(fails("a : PSK 0xtopsecret\n", "/etc/ipsec.secrets:1: PSK: bad "
		    "hex after 0x"));
	CHECK(fails("a : PSK 0s!topsecret\n", "/etc/ipsec.secrets:1: PSK: "
		    "bad base64 after 0s"));
	CHECK(fails("a : PSK topsecret more\n", "/etc/ipsec.secrets:1: PSK: "
		    "unexpected text after the secret"));
	CHECK(fails("include /nope.secrets\n", "/etc/ipsec.secrets:1: "
		    "include /nope.secrets: cannot read /nope.secrets: No such "
		    "file or directory"));
	CHECK(fails("include ipsec.secrets\n", "/etc/ipsec.secrets:1: include "
		    "ipsec.secrets: more than 10 nested includes (does a file "
		    "include itself?)"));
	CHECK(ipsec_secrets_load("/none.secrets", root, NULL, &s, err,
				 sizeof(err)) == -1);
	CHECK(!strcmp(err, "cannot open /none.secrets: No such file or "
		      "directory"));
	ipsec_secrets_free(&s);
}

int main(void)
{
	snprintf(root, sizeof(root), "%s/secrets_test.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	TEST(rsa_key);
	TEST(key_forms);
	TEST(shared);
	TEST(includes);
	TEST(errors);
	fixture_rm(root);
	return CHECK_DONE();
}
