// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ike/proposal: ipsec.conf's ike=/esp= strings (the
 * seed's and every suite crypto.h implements, strict and not, broken
 * ones with their exact messages), the responder's choice from peer SA
 * payloads built and parsed by the codec, KE group selection, the
 * initiator's offer and answer check, and the XFRM algorithm names.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "../conf/ipsec.h"
#include "../ike/message.h"
#include "../ike/proposal.h"
#include "check.h"

static char err[256];
static struct ike_msg M;
static struct ike_buf B;

static const struct ike_suite *sel_suite(const char *ours, uint8_t proto,
					 const struct ike_sa *peer,
					 unsigned int flags, uint16_t ke,
					 int *ret)
{
	static struct ike_selected sel;
	struct ike_props cfg;

	CHECK(ike_props_parse(ours, proto, &cfg, err, sizeof(err)) == 0);
	*ret = ike_props_select(&cfg, peer, flags, ke, &sel);
	return &sel.suite;
}

/*
 * The peer's SA payload for text, offered as the peer would (flags as
 * for ike_props_offer), through the builder and the parser.
 */
static const struct ike_sa *wire(const char *text, uint8_t proto,
				 unsigned int flags)
{
	static const uint8_t spi[4] = { 0xca, 0x64, 0xae, 0x98 };
	static struct ike_sa_offer offer;
	struct ike_hdr h = { .spi_i = 1, .exchange = IKE_SA_INIT,
			     .flags = IKE_FLAG_INITIATOR };
	struct ike_props cfg;
	struct ike_err e;
	const struct ike_payload *p;

	CHECK(ike_props_parse(text, proto, &cfg, err, sizeof(err)) == 0);
	CHECK(ike_props_offer(&cfg, spi, proto == IKE_PROTO_IKE ? 0 : 4,
			      flags, &offer) == 0);
	ike_buf_free(&B);
	ike_buf_init(&B);
	ike_build_header(&B, &h);
	ike_build_sa(&B, &offer.sa);
	CHECK(ike_build_finish(&B) == 0);
	CHECK(ike_msg_parse(&M, B.data, B.len, &e) == 0);
	p = ike_msg_find(&M, IKE_PL_SA, NULL);
	CHECK(p != NULL);
	return p ? &p->u.sa : NULL;
}

static bool suite_is(const struct ike_suite *s, uint16_t encr,
		     uint16_t bits, uint16_t integ, uint16_t prf, uint16_t dh)
{
	return s->encr == encr && s->encr_bits == bits && s->integ == integ &&
	       s->prf == prf && s->dh == dh;
}

static void seed_strings(void)
{
	struct ike_props p;

	CHECK(ike_props_parse("aes128-sha1-modp2048!", IKE_PROTO_IKE, &p,
			      err, sizeof(err)) == 0);
	CHECK(p.strict && p.n == 1 && p.n_configured == 1);
	CHECK(p.p[0].n_encr == 1 && p.p[0].encr[0].id == IKE_ENCR_AES_CBC &&
	      p.p[0].encr[0].bits == 128);
	CHECK(p.p[0].n_integ == 1 &&
	      p.p[0].integ[0] == IKE_INTEG_HMAC_SHA1_96);
	/* No prf given: derived from the integrity algorithm. */
	CHECK(p.p[0].n_prf == 1 && p.p[0].prf[0] == IKE_PRF_HMAC_SHA1);
	CHECK(p.p[0].n_dh == 1 && p.p[0].dh[0] == IKE_DH_MODP2048);

	CHECK(ike_props_parse("aes128-sha1-modp2048!", IKE_PROTO_ESP, &p,
			      err, sizeof(err)) == 0);
	CHECK(p.strict && p.n == 1 && p.p[0].n_prf == 0);
	CHECK(p.p[0].n_dh == 1 && p.p[0].dh[0] == IKE_DH_MODP2048);

	CHECK(ike_props_parse("aes256-sha256-modp3072", IKE_PROTO_IKE, &p,
			      err, sizeof(err)) == 0);
	CHECK(!p.strict && p.n_configured == 1 && p.n == 3);
	CHECK(p.p[0].prf[0] == IKE_PRF_HMAC_SHA2_256 &&
	      p.p[0].encr[0].bits == 256 && p.p[0].dh[0] == IKE_DH_MODP3072);

	CHECK(ike_props_parse("aes128gcm16-prfsha256-ecp256!", IKE_PROTO_IKE,
			      &p, err, sizeof(err)) == 0);
	CHECK(p.n == 1 && p.p[0].encr[0].id == IKE_ENCR_AES_GCM_16 &&
	      p.p[0].n_integ == 0 && p.p[0].prf[0] == IKE_PRF_HMAC_SHA2_256 &&
	      p.p[0].dh[0] == IKE_DH_ECP256);

	CHECK(ike_props_parse("aes256gcm16-prfsha256-curve25519!",
			      IKE_PROTO_IKE, &p, err, sizeof(err)) == 0);
	CHECK(p.p[0].encr[0].bits == 256 &&
	      p.p[0].dh[0] == IKE_DH_CURVE25519);
}

static void lists_and_defaults(void)
{
	struct ike_props p;

	CHECK(ike_props_parse("aes128-sha1-modp2048 , aes256gcm16-prfsha384-ecp256!",
			      IKE_PROTO_IKE, &p, err, sizeof(err)) == 0);
	CHECK(p.strict && p.n == 2);
	CHECK(p.p[1].prf[0] == IKE_PRF_HMAC_SHA2_384);

	/* Several of a kind, in order; derived PRFs follow the integs. */
	CHECK(ike_props_parse("aes256-aes128-sha256-sha1-ecp256-modp2048!",
			      IKE_PROTO_IKE, &p, err, sizeof(err)) == 0);
	CHECK(p.p[0].n_encr == 2 && p.p[0].encr[0].bits == 256);
	CHECK(p.p[0].n_prf == 2 && p.p[0].prf[0] == IKE_PRF_HMAC_SHA2_256 &&
	      p.p[0].prf[1] == IKE_PRF_HMAC_SHA1);

	/* Not configured: strongSwan's defaults, classic IKE first. */
	CHECK(ike_props_parse(NULL, IKE_PROTO_IKE, &p, err, sizeof(err)) == 0);
	CHECK(!p.strict && p.n == 2 && p.n_configured == 0);
	CHECK(p.p[0].encr[0].id == IKE_ENCR_AES_CBC &&
	      p.p[1].encr[0].id == IKE_ENCR_AES_GCM_16);
	CHECK(ike_props_parse(NULL, IKE_PROTO_ESP, &p, err, sizeof(err)) == 0);
	CHECK(p.n == 2 && p.p[0].encr[0].id == IKE_ENCR_AES_GCM_16 &&
	      p.p[0].n_dh == 0 && p.p[1].n_dh == 0);

	/* Non-strict: ours first, then the defaults. */
	CHECK(ike_props_parse("aes128-sha1", IKE_PROTO_ESP, &p, err,
			      sizeof(err)) == 0);
	CHECK(p.n == 3 && p.n_configured == 1 && p.p[0].n_dh == 0);

	/* An AEAD ESP proposal drops an integrity algorithm, as charon. */
	CHECK(ike_props_parse("aes128gcm16-sha256-noesn!", IKE_PROTO_ESP, &p,
			      err, sizeof(err)) == 0);
	CHECK(p.p[0].n_integ == 0);

	/* A PRF in esp= is dropped, as charon does. */
	CHECK(ike_props_parse("aes128-sha1-prfsha1!", IKE_PROTO_ESP, &p, err,
			      sizeof(err)) == 0);
	CHECK(p.n == 1 && p.p[0].n_prf == 0 && p.p[0].n_integ == 1);
}

static void bad(const char *text, uint8_t proto, const char *want)
{
	struct ike_props p;

	err[0] = '\0';
	CHECK(ike_props_parse(text, proto, &p, err, sizeof(err)) == -EINVAL);
	if (strcmp(err, want)) {
		printf("#   '%s': got \"%s\"\n#   want \"%s\"\n", text, err,
		       want);
		CHECK(!"message");
	}
	CHECK(p.n == 0);
}

static void bad_strings(void)
{
	bad("aes999-sha1-modp2048!", IKE_PROTO_IKE,
	    "unknown algorithm 'aes999' in proposal 'aes999-sha1-modp2048'");
	bad("aes128-sha1-modp2048,aes192-sha1-modp2048", IKE_PROTO_IKE,
	    "algorithm 'aes192' in proposal 'aes192-sha1-modp2048' is not supported");
	bad("aes128-md5-modp2048", IKE_PROTO_IKE,
	    "algorithm 'md5' in proposal 'aes128-md5-modp2048' is not supported");
	bad("aes128-sha1-modp1024!", IKE_PROTO_IKE,
	    "algorithm 'modp1024' in proposal 'aes128-sha1-modp1024' is not supported");
	bad("aes128-sha1!", IKE_PROTO_IKE,
	    "no key exchange method in proposal 'aes128-sha1'");
	bad("aes128gcm16-modp2048", IKE_PROTO_IKE,
	    "no PRF in AEAD proposal 'aes128gcm16-modp2048'");
	bad("aes128-modp2048", IKE_PROTO_ESP,
	    "no integrity algorithm in proposal 'aes128-modp2048'");
	bad("sha1-modp2048", IKE_PROTO_ESP,
	    "no encryption algorithm in proposal 'sha1-modp2048'");
	bad("aes128-aes128gcm16-sha1-modp2048", IKE_PROTO_IKE,
	    "proposal 'aes128-aes128gcm16-sha1-modp2048' mixes AEAD and non-AEAD encryption algorithms");
	bad("aes128--sha1-modp2048", IKE_PROTO_IKE,
	    "empty algorithm in proposal 'aes128--sha1-modp2048'");
	bad("aes128-sha1-modp2048,,aes256-sha1-modp2048", IKE_PROTO_IKE,
	    "empty proposal");
	bad("!", IKE_PROTO_IKE, "empty proposal");
	bad("aes128-sha1-modp2048-noesn", IKE_PROTO_IKE,
	    "'noesn' in IKE proposal 'aes128-sha1-modp2048-noesn'");
	bad("aes128-sha1-esn", IKE_PROTO_ESP,
	    "algorithm 'esn' in proposal 'aes128-sha1-esn' is not supported");
}

/* Every suite crypto.h implements, alone and strict, negotiates. */
static void every_suite(void)
{
	static const char *const encr[] = { "aes128", "aes256",
					    "aes128gcm16", "aes256gcm16" };
	static const char *const integ[] = { "sha1", "sha256", "sha384",
					     "sha512" };
	static const char *const dh[] = { "modp2048", "modp3072", "ecp256",
					  "curve25519" };
	char text[128], name[128];
	const struct ike_suite *s;
	int ret;

	for (size_t e = 0; e < 4; e++) {
		for (size_t i = 0; i < 4; i++) {
			for (size_t d = 0; d < 4; d++) {
				snprintf(text, sizeof(text), "%s-%s%s-%s!",
					 encr[e], e >= 2 ? "prf" : "",
					 integ[i], dh[d]);
				s = sel_suite(text, IKE_PROTO_IKE,
					      wire(text, IKE_PROTO_IKE, 0), 0,
					      0, &ret);
				CHECK(ret == 0);
				CHECK(ike_suite_check(s, true) == 0);
				CHECK(ike_suite_str(s, name, sizeof(name)) > 0);
				if (e >= 2)
					continue;	/* no PRF in ESP */
				s = sel_suite(text, IKE_PROTO_ESP,
					      wire(text, IKE_PROTO_ESP, 0),
					      0, 0, &ret);
				CHECK(ret == 0 && s->dh != IKE_DH_NONE);
			}
		}
	}
}

static void esp_every_suite(void)
{
	static const char *const texts[] = {
		"aes128-sha1!", "aes256-sha256!", "aes128-sha384!",
		"aes256-sha512!", "aes128gcm16!", "aes256gcm16!",
		"aes128-sha1-modp2048!", "aes256gcm16-curve25519!",
	};
	struct ike_esp_xfrm x;
	const struct ike_suite *s;
	int ret;

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		s = sel_suite(texts[i], IKE_PROTO_ESP,
			      wire(texts[i], IKE_PROTO_ESP, 0), 0, 0, &ret);
		CHECK(ret == 0);
		CHECK(ike_suite_check(s, false) == 0);
		CHECK(ike_esp_xfrm_names(s, &x) == 0);
	}
}

static void seed_negotiation(void)
{
	const char *seed = "aes128-sha1-modp2048!";
	const struct ike_suite *s;
	struct ike_selected sel;
	struct ike_sa_one one;
	struct ike_props cfg;
	const struct ike_sa *peer;
	char name[128];
	int ret;

	s = sel_suite(seed, IKE_PROTO_IKE, wire(seed, IKE_PROTO_IKE, 0), 0,
		      IKE_DH_MODP2048, &ret);
	CHECK(ret == 0);
	CHECK(suite_is(s, IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96,
		       IKE_PRF_HMAC_SHA1, IKE_DH_MODP2048));
	CHECK(ike_suite_str(s, name, sizeof(name)) > 0);
	CHECK(!strcmp(name, "AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048"));

	/* IKE_AUTH's CHILD_SA: charon offers no DH there. */
	peer = wire(seed, IKE_PROTO_ESP, IKE_SEL_NO_DH);
	CHECK(ike_props_parse(seed, IKE_PROTO_ESP, &cfg, err,
			      sizeof(err)) == 0);
	CHECK(ike_props_select(&cfg, peer, IKE_SEL_NO_DH, 0, &sel) == 0);
	CHECK(suite_is(&sel.suite, IKE_ENCR_AES_CBC, 128,
		       IKE_INTEG_HMAC_SHA1_96, 0, IKE_DH_NONE));
	CHECK(sel.num == 1 && sel.proto == IKE_PROTO_ESP && sel.spi_len == 4 &&
	      sel.spi[0] == 0xca && sel.spi[3] == 0x98);
	/* Without IKE_SEL_NO_DH our PFS group is required. */
	CHECK(ike_props_select(&cfg, peer, 0, 0, &sel) == -ENOENT);
	/* CREATE_CHILD_SA with KE: the group comes along. */
	peer = wire(seed, IKE_PROTO_ESP, 0);
	CHECK(ike_props_select(&cfg, peer, 0, IKE_DH_MODP2048, &sel) == 0);
	CHECK(sel.suite.dh == IKE_DH_MODP2048);

	/* The answer: one transform each, peer's number, our SPI. */
	ike_selected_sa(&sel, (const uint8_t *)"\xc5\x95\x9a\xc2", 4, &one);
	CHECK(one.sa.n == 1 && one.prop.num == 1 && one.prop.n_xf == 4);
	CHECK(one.prop.spi.len == 4 && one.prop.spi.ptr[0] == 0xc5);
	CHECK(ike_props_check_answer(&cfg, &one.sa, 0, &sel) == 0);
	CHECK(sel.suite.dh == IKE_DH_MODP2048);
}

static void peer_order(void)
{
	const struct ike_sa *peer;
	struct ike_selected sel;
	struct ike_props cfg;

	peer = wire("aes256-sha256-ecp256,aes128-sha1-modp2048!",
		    IKE_PROTO_IKE, 0);
	CHECK(ike_props_parse("aes128-sha1-modp2048,aes256-sha256-ecp256!",
			      IKE_PROTO_IKE, &cfg, err, sizeof(err)) == 0);
	/* As charon 5.9: our first proposal the peer offers, its number. */
	CHECK(ike_props_select(&cfg, peer, 0, 0, &sel) == 0);
	CHECK(sel.num == 2 && sel.suite.encr_bits == 128 &&
	      sel.suite.dh == IKE_DH_MODP2048);
	/* The peer's first acceptable proposal. */
	CHECK(ike_props_select(&cfg, peer, IKE_SEL_PREFER_PEER, 0, &sel) == 0);
	CHECK(sel.num == 1 && sel.suite.encr_bits == 256 &&
	      sel.suite.dh == IKE_DH_ECP256);

	/* Within a proposal, likewise for each transform kind. */
	peer = wire("aes256-aes128-sha256-sha1-modp3072-modp2048!",
		    IKE_PROTO_IKE, 0);
	CHECK(ike_props_parse("aes128-aes256-sha1-sha256-modp2048-modp3072!",
			      IKE_PROTO_IKE, &cfg, err, sizeof(err)) == 0);
	CHECK(ike_props_select(&cfg, peer, 0, 0, &sel) == 0);
	CHECK(suite_is(&sel.suite, IKE_ENCR_AES_CBC, 128,
		       IKE_INTEG_HMAC_SHA1_96, IKE_PRF_HMAC_SHA1,
		       IKE_DH_MODP2048));
	CHECK(ike_props_select(&cfg, peer, IKE_SEL_PREFER_PEER, 0, &sel) == 0);
	CHECK(suite_is(&sel.suite, IKE_ENCR_AES_CBC, 256,
		       IKE_INTEG_HMAC_SHA2_256_128, IKE_PRF_HMAC_SHA2_256,
		       IKE_DH_MODP3072));
}

static void mismatch(void)
{
	const struct ike_suite *s;
	int ret;

	/* Strict seed vs a peer wanting SHA-256: NO_PROPOSAL_CHOSEN. */
	s = sel_suite("aes128-sha1-modp2048!", IKE_PROTO_IKE,
		      wire("aes128-sha256-modp2048!", IKE_PROTO_IKE, 0), 0, 0,
		      &ret);
	CHECK(ret == -ENOENT && s->encr == 0);
	/* Same key length matters: aes256 is not aes128. */
	sel_suite("aes128-sha1-modp2048!", IKE_PROTO_IKE,
		  wire("aes256-sha1-modp2048!", IKE_PROTO_IKE, 0), 0, 0, &ret);
	CHECK(ret == -ENOENT);
	/* Without "!" the defaults accept what the seed string does not. */
	s = sel_suite("aes128-sha1-modp2048", IKE_PROTO_IKE,
		      wire("aes256gcm16-prfsha256-curve25519!",
			   IKE_PROTO_IKE, 0), 0, 0, &ret);
	CHECK(ret == 0 && s->encr == IKE_ENCR_AES_GCM_16 &&
	      s->dh == IKE_DH_CURVE25519);
	/* An ESP offer to an IKE configuration. */
	sel_suite("aes128-sha1-modp2048!", IKE_PROTO_IKE,
		  wire("aes128-sha1-modp2048!", IKE_PROTO_ESP, 0), 0, 0, &ret);
	CHECK(ret == -ENOENT);
	/* ESP without PFS configured, peer insists on a group. */
	sel_suite("aes128-sha1!", IKE_PROTO_ESP,
		  wire("aes128-sha1-modp2048!", IKE_PROTO_ESP, 0), 0, 0, &ret);
	CHECK(ret == -ENOENT);
}

static void ke_group(void)
{
	const struct ike_suite *s;
	const struct ike_sa *peer;
	int ret;

	peer = wire("aes128-sha256-ecp256-modp3072!", IKE_PROTO_IKE, 0);
	/* KE of a group we accept in that proposal: taken. */
	s = sel_suite("aes128-sha256-modp3072-ecp256!", IKE_PROTO_IKE, peer,
		      0, IKE_DH_MODP3072, &ret);
	CHECK(ret == 0 && s->dh == IKE_DH_MODP3072);
	/* KE of a group we do not accept: INVALID_KE_PAYLOAD naming ours. */
	s = sel_suite("aes128-sha256-modp3072!", IKE_PROTO_IKE, peer, 0,
		      IKE_DH_ECP256, &ret);
	CHECK(ret == -EAGAIN && s->dh == IKE_DH_MODP3072);
	/* KE group outside the proposal: our first acceptable group... */
	s = sel_suite("aes128-sha256-modp3072-ecp256!", IKE_PROTO_IKE, peer,
		      0, IKE_DH_CURVE25519, &ret);
	CHECK(ret == -EAGAIN && s->dh == IKE_DH_MODP3072);
	/* ...or the peer's, if its order decides. */
	s = sel_suite("aes128-sha256-modp3072-ecp256!", IKE_PROTO_IKE, peer,
		      IKE_SEL_PREFER_PEER, IKE_DH_CURVE25519, &ret);
	CHECK(ret == -EAGAIN && s->dh == IKE_DH_ECP256);
}

static void odd_transforms(void)
{
	static struct ike_transform xf[] = {
		{ IKE_XF_ENCR, IKE_ENCR_AES_CBC, 128, 1 },	/* bad attr */
		{ IKE_XF_ENCR, IKE_ENCR_AES_CBC, 256, 0 },
		{ IKE_XF_INTEG, IKE_INTEG_HMAC_SHA1_96, 0, 0 },
		{ IKE_XF_ESN, IKE_ESN_YES, 0, 0 },
	};
	struct ike_proposal prop = { 1, IKE_PROTO_ESP,
				     { (const uint8_t *)"abcd", 4 }, 4, xf };
	struct ike_sa sa = { 1, &prop };
	struct ike_selected sel;
	struct ike_props cfg;

	CHECK(ike_props_parse("aes128-aes256-sha1!", IKE_PROTO_ESP, &cfg,
			      err, sizeof(err)) == 0);
	/* ESN yes only: refused. */
	CHECK(ike_props_select(&cfg, &sa, 0, 0, &sel) == -ENOENT);
	xf[3].id = IKE_ESN_NONE;
	/* The transform with an unknown attribute is never chosen. */
	CHECK(ike_props_select(&cfg, &sa, 0, 0, &sel) == 0);
	CHECK(sel.suite.encr_bits == 256);
	/* An answer with two ciphers is not an answer. */
	CHECK(ike_props_check_answer(&cfg, &sa, 0, &sel) == -ENOENT);
	/* An unknown transform type spoils the whole proposal. */
	xf[1].type = 9;
	CHECK(ike_props_select(&cfg, &sa, 0, 0, &sel) == -ENOENT);
}

static void offer(void)
{
	static struct ike_sa_offer o;
	struct ike_props cfg;
	uint8_t spi[8] = { 0 };

	CHECK(ike_props_parse(NULL, IKE_PROTO_IKE, &cfg, err,
			      sizeof(err)) == 0);
	CHECK(ike_props_offer(&cfg, spi, 0, 0, &o) == 0);
	CHECK(o.sa.n == 2 && o.prop[0].num == 1 && o.prop[1].num == 2);
	/* 2 encr, 4 prf, 4 integ, 4 dh; then 2 encr, 4 prf, 4 dh. */
	CHECK(o.prop[0].n_xf == 14 && o.prop[1].n_xf == 10);
	CHECK(ike_props_offer(&cfg, spi, 4, 0, &o) == -EINVAL);
	CHECK(ike_props_offer(&cfg, spi, 8, 0, &o) == 0);
	CHECK(o.prop[0].spi.len == 8);

	CHECK(ike_props_parse("aes128-sha1-modp2048!", IKE_PROTO_ESP, &cfg,
			      err, sizeof(err)) == 0);
	CHECK(ike_props_offer(&cfg, spi, 4, IKE_SEL_NO_DH, &o) == 0);
	CHECK(o.prop[0].n_xf == 3);	/* encr, integ, ESN */
	CHECK(o.prop[0].xf[2].type == IKE_XF_ESN &&
	      o.prop[0].xf[2].id == IKE_ESN_NONE);
	CHECK(ike_props_offer(&cfg, spi, 4, 0, &o) == 0);
	CHECK(o.prop[0].n_xf == 4);
	CHECK(ike_props_offer(&cfg, spi, 0, 0, &o) == -EINVAL);
}

static void xfrm_names(void)
{
	struct ike_suite cbc = { IKE_ENCR_AES_CBC, 128,
				 IKE_INTEG_HMAC_SHA1_96, 0, 0 };
	struct ike_suite gcm = { IKE_ENCR_AES_GCM_16, 256, 0, 0, 0 };
	struct ike_suite sha256 = { IKE_ENCR_AES_CBC, 256,
				    IKE_INTEG_HMAC_SHA2_256_128, 0, 0 };
	struct ike_suite bad = { IKE_ENCR_3DES, 192,
				 IKE_INTEG_HMAC_SHA1_96, 0, 0 };
	struct ike_esp_xfrm x;

	CHECK(ike_esp_xfrm_names(&cbc, &x) == 0);
	CHECK(!strcmp(x.enc, "cbc(aes)") && !strcmp(x.integ, "hmac(sha1)") &&
	      x.trunc_bits == 96 && x.enc_bits == 128 && !x.aead);
	CHECK(ike_esp_xfrm_names(&sha256, &x) == 0);
	CHECK(!strcmp(x.integ, "hmac(sha256)") && x.trunc_bits == 128);
	CHECK(ike_esp_xfrm_names(&gcm, &x) == 0);
	CHECK(!strcmp(x.aead, "rfc4106(gcm(aes))") && x.icv_bits == 128 &&
	      !x.enc && !x.integ && x.enc_bits == 256);
	CHECK(ike_esp_xfrm_names(&bad, &x) == -ENOTSUP);
}

/* The seed's moon conns, read by the ipsec.conf loader. */
static void seed_conns(void)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(__FILE__, '/');
	int n = slash ? (int)(slash - __FILE__) : 1;
	const struct ipsec_conn *c;
	struct ipsec_conf ic;
	struct ike_props p;

	snprintf(dir, sizeof(dir), "%.*s/fixtures/seed", n,
		 slash ? __FILE__ : ".");
	CHECK(ipsec_conf_load("/etc/ipsec.conf", dir, &ic, err,
			      sizeof(err)) == 0);
	c = ipsec_conf_conn(&ic, "dave-tunnel");
	CHECK(c != NULL);
	if (c) {
		CHECK(ike_props_conn(c, IKE_PROTO_IKE, &p, err,
				     sizeof(err)) == 0);
		CHECK(p.strict && p.n == 1 &&
		      p.p[0].prf[0] == IKE_PRF_HMAC_SHA1);
		CHECK(ike_props_conn(c, IKE_PROTO_ESP, &p, err,
				     sizeof(err)) == 0);
		CHECK(p.strict && p.n == 1 &&
		      p.p[0].dh[0] == IKE_DH_MODP2048);
		/* A broken value names the line that wrote it. */
		((struct ipsec_conn *)c)->esp = "aes128-sha1-modp999!";
		CHECK(ike_props_conn(c, IKE_PROTO_ESP, &p, err,
				     sizeof(err)) == -EINVAL);
		CHECK(!strcmp(err, "/etc/ipsec.conf:29: conn dave-tunnel: esp=aes128-sha1-modp999!: unknown algorithm 'modp999' in proposal 'aes128-sha1-modp999'"));
	}
	ipsec_conf_free(&ic);
}

int main(void)
{
	ike_buf_init(&B);
	TEST(seed_strings);
	TEST(lists_and_defaults);
	TEST(bad_strings);
	TEST(every_suite);
	TEST(esp_every_suite);
	TEST(seed_negotiation);
	TEST(peer_order);
	TEST(mismatch);
	TEST(ke_group);
	TEST(odd_transforms);
	TEST(offer);
	TEST(xfrm_names);
	TEST(seed_conns);
	ike_buf_free(&B);
	return CHECK_DONE();
}
