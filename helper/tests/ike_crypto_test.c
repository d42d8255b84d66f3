// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the IKEv2 crypto layer (helper/ike/crypto.h): published
 * known-answer vectors for the primitives, and for what IKE builds on
 * them (prf+, SKEYSEED, KEYMAT, AUTH) an independent computation from
 * the single-step PRF, so a wrong concatenation or order shows.
 *
 * Vectors: RFC 2202 (HMAC-SHA1), RFC 4231 (HMAC-SHA2), RFC 3602 and
 * NIST SP 800-38A F.2.5 (AES-CBC), McGrew & Viega "The Galois/Counter
 * Mode of Operation" test cases 2, 3, 4, 15, 16 (AES-GCM), RFC 5903 8.1
 * (ECP-256), RFC 7748 6.1 (X25519).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../ike/crypto.h"
#include "check.h"

/* Hex to bytes, ignoring spaces; returns the length. */
static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v;

		if (*s == ' ')
			continue;
		v = *s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

/* True when buf[0, len) is exactly the hex string. */
static bool eq_hex(const uint8_t *buf, size_t len, const char *hex)
{
	uint8_t want[512];

	return unhex(hex, want) == len && !memcmp(buf, want, len);
}

static struct ike_chunk str_chunk(const char *s)
{
	return IKE_CHUNK((const uint8_t *)s, strlen(s));
}

/* --- HMAC ------------------------------------------------------------- */

/* One RFC 2202 / RFC 4231 case through a PRF (full HMAC output). */
static bool prf_case(uint16_t prf, const uint8_t *key, size_t key_len,
		     struct ike_chunk data, const char *want)
{
	uint8_t out[IKE_PRF_MAX];

	return !ike_prf(prf, key, key_len, &data, 1, out) &&
	       eq_hex(out, ike_prf_len(prf), want);
}

static void hmac_sha1_rfc2202(void)
{
	const char *big = "Test Using Larger Than Block-Size Key - Hash Key First";
	uint8_t k0b[20], kaa[80], ddd[50], out[20];
	struct ike_chunk split[] = {
		str_chunk("what do ya "), str_chunk(""),
		str_chunk("want for nothing?"),
	};
	uint8_t icv[12];

	memset(k0b, 0x0b, sizeof(k0b));
	memset(kaa, 0xaa, sizeof(kaa));
	memset(ddd, 0xdd, sizeof(ddd));
	CHECK(ike_prf_len(IKE_PRF_HMAC_SHA1) == 20);
	/* Test cases 1, 2, 3 and 6. */
	CHECK(prf_case(IKE_PRF_HMAC_SHA1, k0b, 20, str_chunk("Hi There"),
		       "b617318655057264e28bc0b6fb378c8ef146be00"));
	CHECK(prf_case(IKE_PRF_HMAC_SHA1, (const uint8_t *)"Jefe", 4,
		       str_chunk("what do ya want for nothing?"),
		       "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
	CHECK(prf_case(IKE_PRF_HMAC_SHA1, kaa, 20, IKE_CHUNK(ddd, 50),
		       "125d7342b9ac11cd91a39af48aa17b4f63f175d3"));
	CHECK(prf_case(IKE_PRF_HMAC_SHA1, kaa, 80, str_chunk(big),
		       "aa4ae5e15272d00e95705637ce8a3b55ed402112"));
	/* Input in pieces, an empty one included, is the concatenation. */
	CHECK(!ike_prf(IKE_PRF_HMAC_SHA1, (const uint8_t *)"Jefe", 4, split,
		       3, out));
	CHECK(eq_hex(out, 20, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
	/* HMAC-SHA1-96 is the first 96 bits (RFC 2404). */
	CHECK(ike_integ_icv_len(IKE_INTEG_HMAC_SHA1_96) == 12);
	CHECK(ike_integ_key_len(IKE_INTEG_HMAC_SHA1_96) == 20);
	CHECK(!ike_integ(IKE_INTEG_HMAC_SHA1_96, (const uint8_t *)"Jefe", 4,
			 split, 3, icv));
	CHECK(eq_hex(icv, 12, "effcdf6ae5eb2fa2d27416d5"));
}

static void hmac_sha2_rfc4231(void)
{
	uint8_t k0b[20], kaa[131], k0c[20], icv[IKE_ICV_MAX];
	struct ike_chunk trunc = str_chunk("Test With Truncation");
	const char *big = "Test Using Larger Than Block-Size Key - Hash Key First";

	memset(k0b, 0x0b, sizeof(k0b));
	memset(kaa, 0xaa, sizeof(kaa));
	memset(k0c, 0x0c, sizeof(k0c));
	/* Test case 1. */
	CHECK(prf_case(IKE_PRF_HMAC_SHA2_256, k0b, 20, str_chunk("Hi There"),
		       "b0344c61d8db38535ca8afceaf0bf12b"
		       "881dc200c9833da726e9376c2e32cff7"));
	CHECK(prf_case(IKE_PRF_HMAC_SHA2_384, k0b, 20, str_chunk("Hi There"),
		       "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec6"
		       "82aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"));
	CHECK(prf_case(IKE_PRF_HMAC_SHA2_512, k0b, 20, str_chunk("Hi There"),
		       "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
		       "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"));
	/* Test case 2. */
	CHECK(prf_case(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)"Jefe", 4,
		       str_chunk("what do ya want for nothing?"),
		       "5bdcc146bf60754e6a042426089575c7"
		       "5a003f089d2739839dec58b964ec3843"));
	CHECK(prf_case(IKE_PRF_HMAC_SHA2_384, (const uint8_t *)"Jefe", 4,
		       str_chunk("what do ya want for nothing?"),
		       "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47"
		       "e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"));
	CHECK(prf_case(IKE_PRF_HMAC_SHA2_512, (const uint8_t *)"Jefe", 4,
		       str_chunk("what do ya want for nothing?"),
		       "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
		       "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"));
	/* Test case 6: a key longer than the block is hashed first. */
	CHECK(prf_case(IKE_PRF_HMAC_SHA2_256, kaa, 131, str_chunk(big),
		       "60e431591ee0b67f0d8a26aacbf5b77f"
		       "8e0bc6213728c5140546040f0ee37f54"));
	/* Test case 5 gives the first 128 bits (RFC 4868 truncations). */
	CHECK(ike_integ_icv_len(IKE_INTEG_HMAC_SHA2_256_128) == 16);
	CHECK(!ike_integ(IKE_INTEG_HMAC_SHA2_256_128, k0c, 20, &trunc, 1,
			 icv));
	CHECK(eq_hex(icv, 16, "a3b6167473100ee06e0c796c2955552b"));
	CHECK(ike_integ_icv_len(IKE_INTEG_HMAC_SHA2_384_192) == 24);
	CHECK(!ike_integ(IKE_INTEG_HMAC_SHA2_384_192, k0c, 20, &trunc, 1,
			 icv));
	CHECK(eq_hex(icv, 16, "3abf34c3503b2a23a46efc619baef897"));
	CHECK(ike_integ_icv_len(IKE_INTEG_HMAC_SHA2_512_256) == 32);
	CHECK(!ike_integ(IKE_INTEG_HMAC_SHA2_512_256, k0c, 20, &trunc, 1,
			 icv));
	CHECK(eq_hex(icv, 16, "415fad6271580a531d4179bc891d87a6"));
	CHECK(ike_prf(99, k0c, 20, &trunc, 1, icv) == -ENOTSUP);
	CHECK(ike_integ(99, k0c, 20, &trunc, 1, icv) == -ENOTSUP);
}

/* --- AES -------------------------------------------------------------- */

/* One CBC case both ways, the decryption in place. */
static bool cbc_case(const char *key, const char *iv, const char *plain,
		     const char *cipher)
{
	uint8_t k[32], v[16], p[64], c[64], out[64];
	size_t klen = unhex(key, k), plen = unhex(plain, p);

	unhex(iv, v);
	unhex(cipher, c);
	if (ike_aes_cbc(true, k, klen, v, p, plen, out) ||
	    memcmp(out, c, plen))
		return false;
	return !ike_aes_cbc(false, k, klen, v, out, plen, out) &&
	       !memcmp(out, p, plen);
}

static void aes_cbc_rfc3602(void)
{
	uint8_t k[16] = { 0 }, iv[16] = { 0 }, buf[17] = { 0 };

	/* RFC 3602 section 4, cases 1 to 4 (AES-128). */
	CHECK(cbc_case("06a9214036b8a15b512e03d534120006",
		       "3dafba429d9eb430b422da802c9fac41",
		       "53696e676c6520626c6f636b206d7367", /* Single block msg */
		       "e353779c1079aeb82708942dbe77181a"));
	CHECK(cbc_case("c286696d887c9aa0611bbb3e2025a45a",
		       "562e17996d093d28ddb3ba695a2e6f58",
		       "000102030405060708090a0b0c0d0e0f"
		       "101112131415161718191a1b1c1d1e1f",
		       "d296cd94c2cccf8a3a863028b5e1dc0a"
		       "7586602d253cfff91b8266bea6d61ab1"));
	CHECK(cbc_case("6c3ea0477630ce21a2ce334aa746c2cd",
		       "c782dc4c098c66cbd9cd27d825682c81",
		       "5468697320697320612034382d627974"
		       "65206d657373616765202865786163746c"
		       "7920332041455320626c6f636b7329",
		       "d0a02b3836451753d493665d33f0e886"
		       "2dea54cdb293abc7506939276772f8d5"
		       "021c19216bad525c8579695d83ba2684"));
	CHECK(cbc_case("56e47a38c5598974bc46903dba290349",
		       "8ce82eefbea0da3c44699ed7db51b7d9",
		       "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
		       "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
		       "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
		       "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf",
		       "c30e32ffedc0774e6aff6af0869f71aa"
		       "0f3af07a9a31a9c684db207eb0ef8e4e"
		       "35907aa632c3ffdf868bb7b29d3d46ad"
		       "83ce9f9a102ee99d49a53e87f4c3da55"));
	/* SP 800-38A F.2.5, CBC-AES256.Encrypt, blocks 1 and 2. */
	CHECK(cbc_case("603deb1015ca71be2b73aef0857d7781"
		       "1f352c073b6108d72d9810a30914dff4",
		       "000102030405060708090a0b0c0d0e0f",
		       "6bc1bee22e409f96e93d7e117393172a"
		       "ae2d8a571e03ac9c9eb76fac45af8e51",
		       "f58c4c04d6e5f1ba779eabfb5f7bfbd6"
		       "9cfc4e967edb808d679f777bc6702c7d"));
	/* IKE pads itself: a partial block or an odd key is refused. */
	CHECK(ike_aes_cbc(true, k, 16, iv, buf, 17, buf) == -EINVAL);
	CHECK(ike_aes_cbc(true, k, 24, iv, buf, 16, buf) == -ENOTSUP);
}

/* One McGrew-Viega case (96-bit IV) both ways, then a bad tag. */
static bool gcm_case(const char *key, const char *iv, const char *plain,
		     const char *aad, const char *cipher, const char *tag)
{
	uint8_t k[32], n[12], p[64], a[32], c[64], t[16], out[64], ot[16];
	size_t klen = unhex(key, k), plen = unhex(plain, p);
	size_t alen = unhex(aad, a);

	unhex(iv, n);
	unhex(cipher, c);
	unhex(tag, t);
	if (ike_aes_gcm_seal(k, klen, n, a, alen, p, plen, out, ot) ||
	    memcmp(out, c, plen) || memcmp(ot, t, 16))
		return false;
	if (ike_aes_gcm_open(k, klen, n, a, alen, c, plen, t, out) ||
	    memcmp(out, p, plen))
		return false;
	t[15] ^= 1;
	return ike_aes_gcm_open(k, klen, n, a, alen, c, plen, t, out) ==
	       -EBADMSG;
}

#define GCM_K "feffe9928665731c6d6a8f9467308308"
#define GCM_IV "cafebabefacedbaddecaf888"
#define GCM_P60 "d9313225f88406e5a55909c5aff5269a" \
		"86a7a9531534f7da2e4c303d8a318a72" \
		"1c3c0c95956809532fcf0e2449a6b525" \
		"b16aedf5aa0de657ba637b39"
#define GCM_A "feedfacedeadbeeffeedfacedeadbeefabaddad2"

static void aes_gcm_mcgrew_viega(void)
{
	/* Test case 2: zero key, one zero block. */
	CHECK(gcm_case("00000000000000000000000000000000",
		       "000000000000000000000000",
		       "00000000000000000000000000000000", "",
		       "0388dace60b6a392f328c2b971b2fe78",
		       "ab6e47d42cec13bdf53a67b21257bddf"));
	/* Test case 3: 64 bytes, no AAD. */
	CHECK(gcm_case(GCM_K, GCM_IV, GCM_P60 "1aafd255", "",
		       "42831ec2217774244b7221b784d0d49c"
		       "e3aa212f2c02a4e035c17e2329aca12e"
		       "21d514b25466931c7d8f6a5aac84aa05"
		       "1ba30b396a0aac973d58e091473f5985",
		       "4d5c2af327cd64a62cf35abd2ba6fab4"));
	/* Test case 4: 60 bytes with 20 bytes of AAD. */
	CHECK(gcm_case(GCM_K, GCM_IV, GCM_P60, GCM_A,
		       "42831ec2217774244b7221b784d0d49c"
		       "e3aa212f2c02a4e035c17e2329aca12e"
		       "21d514b25466931c7d8f6a5aac84aa05"
		       "1ba30b396a0aac973d58e091",
		       "5bc94fbc3221a5db94fae95ae7121a47"));
	/* Test cases 15 and 16: the same with a 256-bit key. */
	CHECK(gcm_case(GCM_K GCM_K, GCM_IV, GCM_P60 "1aafd255", "",
		       "522dc1f099567d07f47f37a32a84427d"
		       "643a8cdcbfe5c0c97598a2bd2555d1aa"
		       "8cb08e48590dbb3da7b08b1056828838"
		       "c5f61e6393ba7a0abcc9f662898015ad",
		       "b094dac5d93471bdec1a502270e3cc6c"));
	CHECK(gcm_case(GCM_K GCM_K, GCM_IV, GCM_P60, GCM_A,
		       "522dc1f099567d07f47f37a32a84427d"
		       "643a8cdcbfe5c0c97598a2bd2555d1aa"
		       "8cb08e48590dbb3da7b08b1056828838"
		       "c5f61e6393ba7a0abcc9f662",
		       "76fc6ece0f4e1768cddf8853bb2d551b"));
}

/* --- Diffie-Hellman ----------------------------------------------------- */

/* RFC 5903 8.1: i, g^i, r, g^r and g^ir for the 256-bit ECP group. */
#define RFC5903_GIR "D6840F6B42F6EDAFD13116E0E1256520" \
		    "2FEF8E9ECE7DCE03812464D04B9442DE"

static void ecp256_rfc5903(void)
{
	uint8_t i[32], r[32], gi[64], gr[64], pub[64], gir[32];
	struct ike_dh_key *a = NULL, *b = NULL;

	unhex("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
	      i);
	unhex("DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
	      "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
	      gi);
	unhex("C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
	      r);
	unhex("D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
	      "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
	      gr);
	CHECK(ike_dh_public_len(IKE_DH_ECP256) == 64);
	CHECK(ike_dh_secret_len(IKE_DH_ECP256) == 32);
	CHECK(!ike_dh_new_private(IKE_DH_ECP256, i, 32, &a));
	CHECK(!ike_dh_new_private(IKE_DH_ECP256, r, 32, &b));
	if (!a || !b)
		goto out;
	CHECK(ike_dh_group(a) == IKE_DH_ECP256);
	/* The KE data is x | y without SEC1's 0x04 tag. */
	CHECK(!ike_dh_public(a, pub, 64) && !memcmp(pub, gi, 64));
	CHECK(!ike_dh_public(b, pub, 64) && !memcmp(pub, gr, 64));
	/* The shared secret is g^ir's x coordinate alone. */
	CHECK(!ike_dh_compute(a, gr, 64, gir, 32));
	CHECK(eq_hex(gir, 32, RFC5903_GIR));
	CHECK(!ike_dh_compute(b, gi, 64, gir, 32));
	CHECK(eq_hex(gir, 32, RFC5903_GIR));
	/* Wrong lengths, a point off the curve, the zero point. */
	CHECK(ike_dh_compute(a, gr, 65, gir, 32) == -EMSGSIZE);
	CHECK(ike_dh_compute(a, gr, 32, gir, 32) == -EMSGSIZE);
	CHECK(ike_dh_compute(a, gr, 64, gir, 64) == -EINVAL);
	gr[63] ^= 1;
	CHECK(ike_dh_compute(a, gr, 64, gir, 32) == -EBADMSG);
	memset(gr, 0, sizeof(gr));
	CHECK(ike_dh_compute(a, gr, 64, gir, 32) == -EBADMSG);
out:
	ike_dh_free(a);
	ike_dh_free(b);
}

/* RFC 7748 6.1: Alice's and Bob's keys and their shared secret. */
static void curve25519_rfc7748(void)
{
	uint8_t ka[32], kb[32], pub[32], peer[32], k[32];
	struct ike_dh_key *a = NULL, *b = NULL, *c = NULL;
	const char *shared = "4a5d9d5ba4ce2de1728e3bf480350f25"
			     "e07e21c947d19e3376f09b3c1e161742";

	unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	      ka);
	unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	      kb);
	CHECK(ike_dh_public_len(IKE_DH_CURVE25519) == 32);
	CHECK(!ike_dh_new_private(IKE_DH_CURVE25519, ka, 32, &a));
	CHECK(!ike_dh_new_private(IKE_DH_CURVE25519, kb, 32, &b));
	if (!a || !b)
		goto out;
	CHECK(!ike_dh_public(a, pub, 32));
	CHECK(eq_hex(pub, 32, "8520f0098930a754748b7ddcb43ef75a"
			      "0dbf3a0d26381af4eba4a98eaa9b4e6a"));
	CHECK(!ike_dh_public(b, peer, 32));
	CHECK(eq_hex(peer, 32, "de9edb7d7b7dc1b4d35b61c2ece43537"
			       "3f8343c85b78674dadfc7e146f882b4f"));
	CHECK(!ike_dh_compute(a, peer, 32, k, 32) && eq_hex(k, 32, shared));
	CHECK(!ike_dh_compute(b, pub, 32, k, 32) && eq_hex(k, 32, shared));
	CHECK(ike_dh_compute(a, peer, 31, k, 32) == -EMSGSIZE);
	/* A low-order point (zero) gives the all-zero secret: refused. */
	memset(peer, 0, sizeof(peer));
	CHECK(ike_dh_compute(a, peer, 32, k, 32) == -EBADMSG);
	CHECK(ike_dh_new_private(IKE_DH_CURVE25519, ka, 31, &c) == -EINVAL);
out:
	ike_dh_free(a);
	ike_dh_free(b);
}

/* Two fresh pairs agree and differ; wrong lengths are refused. */
static void dh_agreement(uint16_t group, size_t pub_len, size_t secret_len)
{
	uint8_t pa[384], pb[384], ka[384], kb[384];
	struct ike_dh_key *a = NULL, *b = NULL;

	CHECK(ike_dh_public_len(group) == pub_len);
	CHECK(ike_dh_secret_len(group) == secret_len);
	CHECK(!ike_dh_new(group, &a));
	CHECK(!ike_dh_new(group, &b));
	if (!a || !b)
		goto out;
	CHECK(ike_dh_group(a) == group);
	CHECK(!ike_dh_public(a, pa, pub_len));
	CHECK(!ike_dh_public(b, pb, pub_len));
	CHECK(ike_dh_public(a, pa, pub_len - 1) == -EINVAL);
	CHECK(memcmp(pa, pb, pub_len));
	CHECK(!ike_dh_compute(a, pb, pub_len, ka, secret_len));
	CHECK(!ike_dh_compute(b, pa, pub_len, kb, secret_len));
	CHECK(!memcmp(ka, kb, secret_len));
	CHECK(ike_dh_compute(a, pb, pub_len - 1, ka, secret_len) ==
	      -EMSGSIZE);
	CHECK(ike_dh_compute(a, pb, pub_len + 1, ka, secret_len) ==
	      -EMSGSIZE);
out:
	ike_dh_free(a);
	ike_dh_free(b);
}

/* MODP: the KE data is the prime's length; RFC 6989's range check. */
static void modp_agreement(uint16_t group, size_t len)
{
	uint8_t y[384], k[384];
	struct ike_dh_key *a = NULL;

	dh_agreement(group, len, len);
	CHECK(!ike_dh_new(group, &a));
	if (!a)
		return;
	/* 0, 1 and a value above p. */
	memset(y, 0, len);
	CHECK(ike_dh_compute(a, y, len, k, len) == -EBADMSG);
	y[len - 1] = 1;
	CHECK(ike_dh_compute(a, y, len, k, len) == -EBADMSG);
	memset(y, 0xff, len);
	CHECK(ike_dh_compute(a, y, len, k, len) == -EBADMSG);
	ike_dh_free(a);
}

static void modp2048_agreement(void)
{
	modp_agreement(IKE_DH_MODP2048, 256);
}

static void modp3072_agreement(void)
{
	modp_agreement(IKE_DH_MODP3072, 384);
}

static void ecp256_agreement(void)
{
	dh_agreement(IKE_DH_ECP256, 64, 32);
}

static void curve25519_agreement(void)
{
	dh_agreement(IKE_DH_CURVE25519, 32, 32);
}

/* A known MODP private value gives g^x with leading zeros kept. */
static void modp_known_private(void)
{
	uint8_t x = 1, pub[256], peer[256], k1[256], k2[256];
	struct ike_dh_key *a = NULL, *b = NULL;

	/* x = 1: the public value is the generator, 2, padded. */
	CHECK(!ike_dh_new_private(IKE_DH_MODP2048, &x, 1, &a));
	CHECK(!ike_dh_new(IKE_DH_MODP2048, &b));
	if (!a || !b)
		goto out;
	CHECK(!ike_dh_public(a, pub, 256));
	CHECK(pub[255] == 2 && !memcmp(pub, pub + 1, 254) && !pub[0]);
	/* Then g^ir is the peer's own public value. */
	CHECK(!ike_dh_public(b, peer, 256));
	CHECK(!ike_dh_compute(b, pub, 256, k1, 256));
	CHECK(!ike_dh_compute(a, peer, 256, k2, 256));
	CHECK(!memcmp(k1, peer, 256) && !memcmp(k2, peer, 256));
out:
	ike_dh_free(a);
	ike_dh_free(b);
}

static void dh_unsupported(void)
{
	struct ike_dh_key *dh = NULL;

	CHECK(ike_dh_new(IKE_DH_MODP1024, &dh) == -ENOTSUP && !dh);
	CHECK(ike_dh_new(IKE_DH_NONE, &dh) == -ENOTSUP);
	CHECK(ike_dh_public_len(IKE_DH_CURVE448) == 0);
	ike_dh_free(NULL);
}

/* --- prf+ and key derivation ------------------------------------------ */

/*
 * prf+ the long way (2.13): T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 |
 * S | n), S given as one flat buffer, built with one-chunk prf calls.
 */
static void prf_plus_ref(uint16_t prf, const uint8_t *k, size_t klen,
			 const uint8_t *s, size_t slen, uint8_t *out,
			 size_t len)
{
	size_t plen = ike_prf_len(prf), tlen = 0;
	uint8_t *in = malloc(IKE_PRF_MAX + slen + 1);
	uint8_t t[IKE_PRF_MAX];

	for (unsigned int n = 1; len; n++) {
		size_t take = len < plen ? len : plen;
		struct ike_chunk c;

		memcpy(in, t, tlen);
		memcpy(in + tlen, s, slen);
		in[tlen + slen] = (uint8_t)n;
		c = IKE_CHUNK(in, tlen + slen + 1);
		ike_prf(prf, k, klen, &c, 1, t);
		memcpy(out, t, take);
		out += take;
		len -= take;
		tlen = plen;
	}
	free(in);
}

static void prf_plus_rules(void)
{
	static const uint16_t prfs[] = {
		IKE_PRF_HMAC_SHA1, IKE_PRF_HMAC_SHA2_256,
		IKE_PRF_HMAC_SHA2_384, IKE_PRF_HMAC_SHA2_512,
	};
	uint8_t key[40], s[100], got[255 * 64 + 1], want[255 * 64];
	struct ike_chunk seed[3];

	ike_random(key, sizeof(key));
	ike_random(s, sizeof(s));
	/* The seed in three pieces must act as their concatenation. */
	seed[0] = IKE_CHUNK(s, 30);
	seed[1] = IKE_CHUNK(s + 30, 0);
	seed[2] = IKE_CHUNK(s + 30, 70);
	for (size_t i = 0; i < sizeof(prfs) / sizeof(prfs[0]); i++) {
		uint16_t prf = prfs[i];
		size_t plen = ike_prf_len(prf);
		const size_t lens[] = { 1, plen - 1, plen, plen + 1,
					3 * plen + 5, 255 * plen };

		for (size_t j = 0; j < sizeof(lens) / sizeof(lens[0]); j++) {
			memset(got, 0, sizeof(got));
			CHECK(!ike_prf_plus(prf, key, sizeof(key), seed, 3,
					    got, lens[j]));
			prf_plus_ref(prf, key, sizeof(key), s, 100, want,
				     lens[j]);
			CHECK(!memcmp(got, want, lens[j]));
			/* Nothing written past the requested length. */
			CHECK(got[lens[j]] == 0);
		}
		/* The one-byte counter stops at 255 blocks. */
		CHECK(ike_prf_plus(prf, key, sizeof(key), seed, 3, got,
				   255 * plen + 1) == -EINVAL);
	}
	CHECK(ike_prf_plus(99, key, 1, seed, 3, got, 1) == -ENOTSUP);
}

static const struct ike_suite suite_cbc128 = {
	IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96, IKE_PRF_HMAC_SHA1,
	IKE_DH_MODP2048,
};

static const struct ike_suite suite_cbc256 = {
	IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128,
	IKE_PRF_HMAC_SHA2_256, IKE_DH_MODP3072,
};

static const struct ike_suite suite_gcm128 = {
	IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE, IKE_PRF_HMAC_SHA2_256,
	IKE_DH_ECP256,
};

static const struct ike_suite suite_gcm256 = {
	IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE, IKE_PRF_HMAC_SHA2_256,
	IKE_DH_CURVE25519,
};

static const struct ike_suite *const suites[] = {
	&suite_cbc128, &suite_cbc256, &suite_gcm128, &suite_gcm256,
};

#define N_SUITES (sizeof(suites) / sizeof(suites[0]))

static void suite_names(void)
{
	static const char *const want[] = {
		"AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048",
		"AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_3072",
		"AES_GCM_16_128/PRF_HMAC_SHA2_256/ECP_256",
		"AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519",
	};
	struct ike_suite bad;
	char buf[80];

	for (size_t i = 0; i < N_SUITES; i++) {
		CHECK(!ike_suite_check(suites[i], true));
		CHECK(ike_suite_str(suites[i], buf, sizeof(buf)) > 0);
		CHECK(!strcmp(buf, want[i]));
	}
	CHECK(ike_suite_str(&suite_cbc128, buf, 10) == -ENOSPC);
	bad = suite_gcm128;
	bad.integ = IKE_INTEG_HMAC_SHA1_96;	/* AEAD with integrity */
	CHECK(ike_suite_check(&bad, true) == -EINVAL);
	bad = suite_cbc128;
	bad.integ = IKE_INTEG_NONE;		/* CBC without */
	CHECK(ike_suite_check(&bad, true) == -EINVAL);
	bad = suite_cbc128;
	bad.encr_bits = 192;
	CHECK(ike_suite_check(&bad, true) == -ENOTSUP);
	bad = suite_cbc128;
	bad.dh = IKE_DH_NONE;			/* fine for a CHILD_SA only */
	CHECK(ike_suite_check(&bad, true) == -EINVAL);
	CHECK(!ike_suite_check(&bad, false));
	bad.prf = IKE_PRF_AES128_XCBC;		/* not ours */
	CHECK(ike_suite_check(&bad, true) == -ENOTSUP);
	CHECK(ike_encr_key_len(IKE_ENCR_AES_GCM_16, 128) == 20);
	CHECK(ike_encr_key_len(IKE_ENCR_AES_GCM_16, 256) == 36);
	CHECK(ike_encr_key_len(IKE_ENCR_AES_CBC, 256) == 32);
}

static bool key_is(const struct ike_key *k, const uint8_t *want,
		   size_t len)
{
	return k->len == len && !memcmp(k->b, want, len);
}

/* The seven keys taken in order from km. */
static bool sa_keys_are(const struct ike_sa_keys *k, const uint8_t *km)
{
	size_t p = ike_prf_len(k->suite.prf);
	size_t a = ike_integ_key_len(k->suite.integ);
	size_t e = ike_encr_key_len(k->suite.encr, k->suite.encr_bits);

	return key_is(&k->d, km, p) && key_is(&k->ai, km + p, a) &&
	       key_is(&k->ar, km + p + a, a) &&
	       key_is(&k->ei, km + p + 2 * a, e) &&
	       key_is(&k->er, km + p + 2 * a + e, e) &&
	       key_is(&k->pi, km + p + 2 * a + 2 * e, p) &&
	       key_is(&k->pr, km + 2 * p + 2 * a + 2 * e, p);
}

/* Random nonces, SPIs and g^ir shared by the derivation tests. */
struct kdf_in {
	uint8_t ni[32], nr[24], spi_i[8], spi_r[8], gir[384];
	size_t gir_len;
};

static void kdf_in_init(struct kdf_in *in, uint16_t dh)
{
	ike_random(in, sizeof(*in));
	in->gir_len = ike_dh_secret_len(dh);
}

/*
 * SKEYSEED = prf_s(key, data), then prf+ over Ni | Nr | SPIi | SPIr with
 * PRF prf keyed by SKEYSEED; data flat, as the RFC writes it.
 */
static void sa_ref(uint16_t prf_s, const uint8_t *key, size_t key_len,
		   const uint8_t *data, size_t data_len, uint16_t prf,
		   const struct kdf_in *in, uint8_t *km)
{
	uint8_t skeyseed[IKE_PRF_MAX], seed[32 + 24 + 16];
	struct ike_chunk c = IKE_CHUNK(data, data_len);

	ike_prf(prf_s, key, key_len, &c, 1, skeyseed);
	memcpy(seed, in->ni, 32);
	memcpy(seed + 32, in->nr, 24);
	memcpy(seed + 56, in->spi_i, 8);
	memcpy(seed + 64, in->spi_r, 8);
	prf_plus_ref(prf, skeyseed, ike_prf_len(prf_s), seed, sizeof(seed),
		     km, 7 * IKE_KEY_MAX);
}

static void keys_per_suite(void)
{
	/* SK_d, SK_a, SK_e lengths, as charon takes them. */
	static const size_t lens[N_SUITES][3] = {
		{ 20, 20, 16 }, { 32, 32, 32 }, { 32, 0, 20 }, { 32, 0, 36 },
	};

	for (size_t i = 0; i < N_SUITES; i++) {
		const struct ike_suite *s = suites[i];
		uint8_t nonces[56], km[7 * IKE_KEY_MAX];
		struct ike_sa_keys k;
		struct kdf_in in;
		struct ike_chunk gir;

		kdf_in_init(&in, s->dh);
		gir = IKE_CHUNK(in.gir, in.gir_len);
		CHECK(!ike_keys_sa_init(s, gir, IKE_CHUNK(in.ni, 32),
					IKE_CHUNK(in.nr, 24), in.spi_i,
					in.spi_r, &k));
		CHECK(k.d.len == lens[i][0] && k.pi.len == lens[i][0] &&
		      k.pr.len == lens[i][0]);
		CHECK(k.ai.len == lens[i][1] && k.ar.len == lens[i][1]);
		CHECK(k.ei.len == lens[i][2] && k.er.len == lens[i][2]);
		memcpy(nonces, in.ni, 32);
		memcpy(nonces + 32, in.nr, 24);
		sa_ref(s->prf, nonces, 56, in.gir, in.gir_len, s->prf, &in,
		       km);
		CHECK(sa_keys_are(&k, km));
		ike_keys_sa_clear(&k);
		CHECK(k.d.len == 0 && k.ei.b[0] == 0);
	}
}

static void keys_bad_input(void)
{
	struct ike_suite bad = suite_cbc128;
	uint8_t n[300] = { 0 }, spi[8] = { 0 };
	struct ike_sa_keys k;

	CHECK(ike_keys_sa_init(&suite_cbc128, IKE_CHUNK(n, 256),
			       IKE_CHUNK(n, 15), IKE_CHUNK(n, 16), spi, spi,
			       &k) == -EINVAL);
	CHECK(ike_keys_sa_init(&suite_cbc128, IKE_CHUNK(n, 256),
			       IKE_CHUNK(n, 16), IKE_CHUNK(n, 257), spi, spi,
			       &k) == -EINVAL);
	bad.prf = IKE_PRF_AES128_XCBC;
	CHECK(ike_keys_sa_init(&bad, IKE_CHUNK(n, 256), IKE_CHUNK(n, 16),
			       IKE_CHUNK(n, 16), spi, spi, &k) == -ENOTSUP);
	CHECK(k.d.len == 0);
}

/*
 * Rekeying from aes128-sha1 to aes256gcm16-prfsha256: SKEYSEED by the
 * old PRF keyed with the old SK_d, the keys by the new PRF.
 */
static void keys_rekey(void)
{
	uint8_t km[7 * IKE_KEY_MAX], all[32 + 32 + 24];
	struct ike_sa_keys old, k;
	struct kdf_in in0, in;
	struct ike_chunk gin[3];

	kdf_in_init(&in0, IKE_DH_MODP2048);
	CHECK(!ike_keys_sa_init(&suite_cbc128,
				IKE_CHUNK(in0.gir, in0.gir_len),
				IKE_CHUNK(in0.ni, 32), IKE_CHUNK(in0.nr, 24),
				in0.spi_i, in0.spi_r, &old));
	kdf_in_init(&in, IKE_DH_CURVE25519);
	gin[0] = IKE_CHUNK(in.gir, in.gir_len);
	gin[1] = IKE_CHUNK(in.ni, 32);
	gin[2] = IKE_CHUNK(in.nr, 24);
	CHECK(!ike_keys_sa_rekey(&old, &suite_gcm256, gin[0], gin[1], gin[2],
				 in.spi_i, in.spi_r, &k));
	/* prf_SHA1(SK_d, g^ir | Ni | Nr) keys the SHA-256 prf+. */
	memcpy(all, in.gir, 32);
	memcpy(all + 32, in.ni, 32);
	memcpy(all + 64, in.nr, 24);
	sa_ref(IKE_PRF_HMAC_SHA1, old.d.b, old.d.len, all, sizeof(all),
	       IKE_PRF_HMAC_SHA2_256, &in, km);
	CHECK(sa_keys_are(&k, km));
	CHECK(k.suite.prf == IKE_PRF_HMAC_SHA2_256 && k.ei.len == 36);
	ike_keys_sa_clear(&old);
	ike_keys_sa_clear(&k);
}

/* KEYMAT with and without PFS; ESP order ei, ai, er, ar. */
static void keys_child(void)
{
	static const struct ike_suite esp_cbc = {
		IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96, 0, 0,
	};
	static const struct ike_suite esp_gcm = {
		IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE, 0, 0,
	};
	struct ike_child_keys c;
	struct ike_sa_keys sa;
	struct kdf_in in;
	uint8_t seed[256 + 32 + 24], km[4 * IKE_KEY_MAX];

	kdf_in_init(&in, IKE_DH_MODP2048);
	CHECK(!ike_keys_sa_init(&suite_cbc128, IKE_CHUNK(in.gir, 256),
				IKE_CHUNK(in.ni, 32), IKE_CHUNK(in.nr, 24),
				in.spi_i, in.spi_r, &sa));
	/* Without PFS: prf+(SK_d, Ni | Nr). */
	CHECK(!ike_keys_child(&sa, &esp_cbc, IKE_CHUNK(NULL, 0),
			      IKE_CHUNK(in.ni, 32), IKE_CHUNK(in.nr, 24),
			      &c));
	memcpy(seed, in.ni, 32);
	memcpy(seed + 32, in.nr, 24);
	prf_plus_ref(IKE_PRF_HMAC_SHA1, sa.d.b, 20, seed, 56, km, 72);
	CHECK(key_is(&c.ei, km, 16) && key_is(&c.ai, km + 16, 20) &&
	      key_is(&c.er, km + 36, 16) && key_is(&c.ar, km + 52, 20));
	ike_keys_child_clear(&c);
	/* With PFS: prf+(SK_d, g^ir | Ni | Nr); GCM keys end in the salt. */
	CHECK(!ike_keys_child(&sa, &esp_gcm, IKE_CHUNK(in.gir, 256),
			      IKE_CHUNK(in.ni, 32), IKE_CHUNK(in.nr, 24),
			      &c));
	memcpy(seed, in.gir, 256);
	memcpy(seed + 256, in.ni, 32);
	memcpy(seed + 288, in.nr, 24);
	prf_plus_ref(IKE_PRF_HMAC_SHA1, sa.d.b, 20, seed, sizeof(seed), km,
		     72);
	CHECK(key_is(&c.ei, km, 36) && c.ai.len == 0 &&
	      key_is(&c.er, km + 36, 36) && c.ar.len == 0);
	ike_keys_child_clear(&c);
	CHECK(ike_keys_child(&sa, &suite_gcm128, IKE_CHUNK(NULL, 0),
			     IKE_CHUNK(in.ni, 32), IKE_CHUNK(in.nr, 24),
			     &c) == 0);	/* a dh in the suite is ignored */
	ike_keys_child_clear(&c);
	ike_keys_sa_clear(&sa);
}

/* --- AUTH --------------------------------------------------------------- */

static void auth_octets_and_psk(void)
{
	static const uint8_t msg[] = "an IKE_SA_INIT request, as sent";
	static const uint8_t nonce[] = "the responder's nonce";
	static const uint8_t id[] = "\x02\0\0\0moon.strongswan.org";
	struct ike_chunk m = IKE_CHUNK(msg, sizeof(msg) - 1);
	struct ike_chunk n = IKE_CHUNK(nonce, sizeof(nonce) - 1);
	struct ike_chunk i = IKE_CHUNK(id, sizeof(id) - 1);
	struct ike_chunk secret = str_chunk("a shared secret");
	struct ike_chunk pad = str_chunk("Key Pad for IKEv2");
	uint8_t out[128], mac[32], kpad[32], want[32], auth[32];
	struct ike_chunk oc;
	struct ike_sa_keys k;
	struct kdf_in in;
	int len;

	kdf_in_init(&in, IKE_DH_ECP256);
	CHECK(!ike_keys_sa_init(&suite_gcm128, IKE_CHUNK(in.gir, 32),
				IKE_CHUNK(in.ni, 32), IKE_CHUNK(in.nr, 24),
				in.spi_i, in.spi_r, &k));
	len = ike_auth_octets(&k, true, m, n, i, out, sizeof(out));
	CHECK(len == (int)(m.len + n.len + 32));
	CHECK(!memcmp(out, msg, m.len));
	CHECK(!memcmp(out + m.len, nonce, n.len));
	ike_prf(IKE_PRF_HMAC_SHA2_256, k.pi.b, k.pi.len, &i, 1, mac);
	CHECK(!memcmp(out + m.len + n.len, mac, 32));
	CHECK(ike_auth_octets(&k, true, m, n, i, out, len - 1) == -ENOSPC);
	/* The responder's MACedIDForR is keyed with SK_pr. */
	len = ike_auth_octets(&k, false, m, n, i, out, sizeof(out));
	ike_prf(IKE_PRF_HMAC_SHA2_256, k.pr.b, k.pr.len, &i, 1, mac);
	CHECK(len > 0 && !memcmp(out + m.len + n.len, mac, 32));
	/* AUTH = prf(prf(secret, "Key Pad for IKEv2"), octets). */
	ike_prf(IKE_PRF_HMAC_SHA2_256, secret.ptr, secret.len, &pad, 1, kpad);
	oc = IKE_CHUNK(out, len);
	ike_prf(IKE_PRF_HMAC_SHA2_256, kpad, 32, &oc, 1, want);
	CHECK(!ike_auth_psk(&k, false, secret, m, n, i, auth));
	CHECK(ike_mem_equal(auth, want, 32));
	CHECK(!ike_auth_psk(&k, true, secret, m, n, i, auth));
	CHECK(!ike_mem_equal(auth, want, 32));
	ike_keys_sa_clear(&k);
}

/* --- SK payload --------------------------------------------------------- */

/* An IKE header and SK generic header stand-in: AAD / MAC prefix. */
#define HDR_LEN (28 + 4)

static void sk_round_trip(const struct ike_suite *s)
{
	uint8_t msg[HDR_LEN + 600], plain[500], out[600];
	struct ike_sk_key ki, kr;
	struct ike_sa_keys k;
	struct kdf_in in;
	size_t lens[] = { 0, 1, 15, 16, 17, 100, 500 };

	kdf_in_init(&in, s->dh);
	CHECK(!ike_keys_sa_init(s, IKE_CHUNK(in.gir, in.gir_len),
				IKE_CHUNK(in.ni, 32), IKE_CHUNK(in.nr, 24),
				in.spi_i, in.spi_r, &k));
	ike_sk_key(&k, true, &ki);
	ike_sk_key(&k, false, &kr);
	ike_random(plain, sizeof(plain));
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t body = ike_sk_body_len(&ki, lens[i]), got = 0;
		size_t total = HDR_LEN + body;

		CHECK(body > lens[i]);
		ike_random(msg, HDR_LEN);
		CHECK(!ike_sk_seal(&ki, msg, HDR_LEN, sizeof(msg), plain,
				   lens[i]));
		CHECK(!ike_sk_open(&ki, msg, HDR_LEN, total, out, sizeof(out),
				   &got));
		CHECK(got == lens[i] && !memcmp(out, plain, got));
		/* The other direction's keys do not open it. */
		CHECK(ike_sk_open(&kr, msg, HDR_LEN, total, out, sizeof(out),
				  &got) == -EBADMSG);
		/* The header is authenticated too. */
		msg[3] ^= 0x80;
		CHECK(ike_sk_open(&ki, msg, HDR_LEN, total, out, sizeof(out),
				  &got) == -EBADMSG);
		msg[3] ^= 0x80;
		/* So is the IV, and every ICV byte. */
		msg[HDR_LEN] ^= 1;
		CHECK(ike_sk_open(&ki, msg, HDR_LEN, total, out, sizeof(out),
				  &got) == -EBADMSG);
		msg[HDR_LEN] ^= 1;
		msg[total - 1] ^= 1;
		CHECK(ike_sk_open(&ki, msg, HDR_LEN, total, out, sizeof(out),
				  &got) == -EBADMSG);
		msg[total - 1] ^= 1;
		/* Truncated by one byte: misaligned, or fails the ICV. */
		CHECK(ike_sk_open(&ki, msg, HDR_LEN, total - 1, out,
				  sizeof(out), &got) < 0);
		CHECK(ike_sk_open(&ki, msg, HDR_LEN, total, out, 0, &got) ==
		      -ENOSPC);
	}
	ike_keys_sa_clear(&k);
}

static void sk_aes128_sha1(void)
{
	uint8_t msg[HDR_LEN + 64] = { 0 };
	struct ike_sa_keys k;
	struct ike_sk_key sk;
	struct kdf_in in;

	sk_round_trip(&suite_cbc128);
	kdf_in_init(&in, IKE_DH_MODP2048);
	ike_keys_sa_init(&suite_cbc128, IKE_CHUNK(in.gir, 256),
			 IKE_CHUNK(in.ni, 32), IKE_CHUNK(in.nr, 24), in.spi_i,
			 in.spi_r, &k);
	ike_sk_key(&k, true, &sk);
	/* IV 16 + one block + HMAC-SHA1-96: 44 bytes for up to 15. */
	CHECK(ike_sk_body_len(&sk, 0) == 44);
	CHECK(ike_sk_body_len(&sk, 15) == 44);
	CHECK(ike_sk_body_len(&sk, 16) == 60);
	/* Too short for IV, a block and an ICV; misaligned ciphertext. */
	CHECK(ike_sk_open(&sk, msg, HDR_LEN, HDR_LEN + 43, msg, 64,
			  &in.gir_len) == -EMSGSIZE);
	CHECK(ike_sk_open(&sk, msg, HDR_LEN, HDR_LEN + 45, msg, 64,
			  &in.gir_len) == -EMSGSIZE);
	CHECK(ike_sk_open(&sk, msg, HDR_LEN + 1, HDR_LEN, msg, 64,
			  &in.gir_len) == -EMSGSIZE);
	CHECK(ike_sk_seal(&sk, msg, HDR_LEN, HDR_LEN + 43, msg, 0) ==
	      -ENOSPC);
	ike_keys_sa_clear(&k);
}

static void sk_aes256_sha256(void)
{
	sk_round_trip(&suite_cbc256);
}

static void sk_aes_gcm(void)
{
	struct ike_sa_keys k;
	struct ike_sk_key sk;
	struct kdf_in in;
	uint8_t msg[HDR_LEN + 64] = { 0 };

	sk_round_trip(&suite_gcm128);
	sk_round_trip(&suite_gcm256);
	kdf_in_init(&in, IKE_DH_ECP256);
	ike_keys_sa_init(&suite_gcm128, IKE_CHUNK(in.gir, 32),
			 IKE_CHUNK(in.ni, 32), IKE_CHUNK(in.nr, 24), in.spi_i,
			 in.spi_r, &k);
	ike_sk_key(&k, false, &sk);
	CHECK(!sk.ak && sk.ek == &k.er);
	/* IV 8 + pad length byte + ICV 16: no padding with GCM. */
	CHECK(ike_sk_body_len(&sk, 0) == 25);
	CHECK(ike_sk_body_len(&sk, 7) == 32);
	CHECK(ike_sk_open(&sk, msg, HDR_LEN, HDR_LEN + 24, msg, 64,
			  &in.gir_len) == -EMSGSIZE);
	ike_keys_sa_clear(&k);
}

/*
 * A pad length byte pointing before the data, under a valid ICV: built
 * here with the primitives, as a buggy peer would send it.
 */
static void sk_bad_pad_length(void)
{
	uint8_t msg[HDR_LEN + 16 + 32 + 12], out[32], nonce[12];
	struct ike_sa_keys k;
	struct ike_sk_key sk;
	struct ike_chunk mac;
	struct kdf_in in;
	size_t got;

	kdf_in_init(&in, IKE_DH_MODP2048);
	ike_keys_sa_init(&suite_cbc128, IKE_CHUNK(in.gir, 256),
			 IKE_CHUNK(in.ni, 32), IKE_CHUNK(in.nr, 24), in.spi_i,
			 in.spi_r, &k);
	ike_sk_key(&k, true, &sk);
	memset(msg, 0, sizeof(msg));
	msg[HDR_LEN + 16 + 31] = 32;	/* pad 32 + its byte > 32 */
	ike_aes_cbc(true, k.ei.b, 16, msg + HDR_LEN, msg + HDR_LEN + 16, 32,
		    msg + HDR_LEN + 16);
	mac = IKE_CHUNK(msg, HDR_LEN + 16 + 32);
	ike_integ(IKE_INTEG_HMAC_SHA1_96, k.ai.b, 20, &mac, 1,
		  msg + HDR_LEN + 48);
	CHECK(ike_sk_open(&sk, msg, HDR_LEN, sizeof(msg), out, sizeof(out),
			  &got) == -EPROTO);
	/* Pad 31 is the most that fits: an empty payload list. */
	memset(msg + HDR_LEN + 16, 0, 32);
	msg[HDR_LEN + 16 + 31] = 31;
	ike_aes_cbc(true, k.ei.b, 16, msg + HDR_LEN, msg + HDR_LEN + 16, 32,
		    msg + HDR_LEN + 16);
	ike_integ(IKE_INTEG_HMAC_SHA1_96, k.ai.b, 20, &mac, 1,
		  msg + HDR_LEN + 48);
	CHECK(!ike_sk_open(&sk, msg, HDR_LEN, sizeof(msg), out, sizeof(out),
			   &got) && got == 0);
	ike_keys_sa_clear(&k);

	/* The same with GCM: one byte of ciphertext, pad length 1. */
	kdf_in_init(&in, IKE_DH_ECP256);
	ike_keys_sa_init(&suite_gcm128, IKE_CHUNK(in.gir, 32),
			 IKE_CHUNK(in.ni, 32), IKE_CHUNK(in.nr, 24), in.spi_i,
			 in.spi_r, &k);
	ike_sk_key(&k, true, &sk);
	memset(msg, 0, sizeof(msg));
	msg[HDR_LEN + 8] = 1;
	memcpy(nonce, k.ei.b + 16, 4);
	memcpy(nonce + 4, msg + HDR_LEN, 8);
	ike_aes_gcm_seal(k.ei.b, 16, nonce, msg, HDR_LEN, msg + HDR_LEN + 8,
			 1, msg + HDR_LEN + 8, msg + HDR_LEN + 9);
	CHECK(ike_sk_open(&sk, msg, HDR_LEN, HDR_LEN + 25, out, sizeof(out),
			  &got) == -EPROTO);
	ike_keys_sa_clear(&k);
}

/* Plain payloads may already sit where the ciphertext goes. */
static void sk_in_place(void)
{
	uint8_t msg[HDR_LEN + 200], out[200], want[100];
	struct ike_sa_keys k;
	struct ike_sk_key sk;
	struct kdf_in in;
	size_t got;

	kdf_in_init(&in, IKE_DH_MODP3072);
	ike_keys_sa_init(&suite_cbc256, IKE_CHUNK(in.gir, 384),
			 IKE_CHUNK(in.ni, 32), IKE_CHUNK(in.nr, 24), in.spi_i,
			 in.spi_r, &k);
	ike_sk_key(&k, false, &sk);
	ike_random(want, sizeof(want));
	memcpy(msg + HDR_LEN + 16, want, sizeof(want));
	CHECK(!ike_sk_seal(&sk, msg, HDR_LEN, sizeof(msg), msg + HDR_LEN + 16,
			   sizeof(want)));
	CHECK(!ike_sk_open(&sk, msg, HDR_LEN,
			   HDR_LEN + ike_sk_body_len(&sk, sizeof(want)), out,
			   sizeof(out), &got));
	CHECK(got == sizeof(want) && !memcmp(out, want, got));
	ike_keys_sa_clear(&k);
}

static void random_and_cleanse(void)
{
	uint8_t a[32] = { 0 }, b[32] = { 0 }, z[32] = { 0 };

	CHECK(!ike_random(a, sizeof(a)) && !ike_random(b, sizeof(b)));
	CHECK(memcmp(a, b, 32) && memcmp(a, z, 32));
	CHECK(!ike_mem_equal(a, b, 32) && ike_mem_equal(a, a, 32));
	ike_cleanse(a, sizeof(a));
	CHECK(!memcmp(a, z, 32));
}

int main(void)
{
	TEST(hmac_sha1_rfc2202);
	TEST(hmac_sha2_rfc4231);
	TEST(aes_cbc_rfc3602);
	TEST(aes_gcm_mcgrew_viega);
	TEST(ecp256_rfc5903);
	TEST(curve25519_rfc7748);
	TEST(modp2048_agreement);
	TEST(modp3072_agreement);
	TEST(ecp256_agreement);
	TEST(curve25519_agreement);
	TEST(modp_known_private);
	TEST(dh_unsupported);
	TEST(prf_plus_rules);
	TEST(suite_names);
	TEST(keys_per_suite);
	TEST(keys_bad_input);
	TEST(keys_rekey);
	TEST(keys_child);
	TEST(auth_octets_and_psk);
	TEST(sk_aes128_sha1);
	TEST(sk_aes256_sha256);
	TEST(sk_aes_gcm);
	TEST(sk_bad_pad_length);
	TEST(sk_in_place);
	TEST(random_and_cleanse);
	return CHECK_DONE();
}
