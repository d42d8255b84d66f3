// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the IKEv2 codec: every payload type and whole messages
 * shaped like the seed's survive build -> parse -> build; the summaries
 * read like charon's log lines; every malformed shape is refused with
 * its own code and a sentence naming what was wrong; and random
 * mutations of valid messages never make the parser read outside the
 * buffer (each parse gets an exact-size heap copy, so ASan would see).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ike/message.h"
#include "../ike/names.h"
#include "check.h"

static uint8_t fill[1024];
static struct ike_buf B;
static uint8_t W[4096];		/* a built message, to be broken */
static size_t WL;
static bool seen[IKE_E_COUNT_];	/* error codes the tests produced */
static uint8_t *held[4];

/* An exact-size heap copy, so ASan catches a read one byte past. */
static const uint8_t *hold(int slot, const uint8_t *d, size_t len)
{
	free(held[slot]);
	held[slot] = malloc(len ? len : 1);
	memcpy(held[slot], d, len);
	return held[slot];
}

static const struct ike_transform ike_xf[] = {
	{ .type = IKE_XF_ENCR, .id = IKE_ENCR_AES_CBC, .key_len = 128 },
	{ .type = IKE_XF_INTEG, .id = IKE_INTEG_HMAC_SHA1_96 },
	{ .type = IKE_XF_PRF, .id = IKE_PRF_HMAC_SHA1 },
	{ .type = IKE_XF_DH, .id = IKE_DH_MODP2048 },
};

static const struct ike_transform esp_xf[] = {
	{ .type = IKE_XF_ENCR, .id = IKE_ENCR_AES_CBC, .key_len = 128 },
	{ .type = IKE_XF_INTEG, .id = IKE_INTEG_HMAC_SHA1_96 },
	{ .type = IKE_XF_ESN, .id = IKE_ESN_NONE },
};

static const uint8_t spi_esp[4] = { 0xca, 0x64, 0xae, 0x98 };

static const struct ike_proposal ike_prop[2] = {
	{ .num = 1, .proto = IKE_PROTO_IKE, .n_xf = 4, .xf = ike_xf },
	{ .num = 2, .proto = IKE_PROTO_IKE, .n_xf = 4, .xf = ike_xf },
};

static const struct ike_proposal esp_prop = {
	.num = 1, .proto = IKE_PROTO_ESP, .spi = { spi_esp, 4 },
	.n_xf = 3, .xf = esp_xf,
};

static struct ike_ts ts6(const char *last, uint8_t proto)
{
	struct ike_ts t = { .type = IKE_TS_IPV6_ADDR_RANGE, .proto = proto,
			    .end_port = 65535,
			    .start = { 0x20, 0x01, 0, 1 },
			    .end = { 0x20, 0x01, 0, 1 } };

	t.start[15] = strtoul(last, NULL, 16);
	t.end[15] = t.start[15];
	return t;
}

static void begin(uint8_t exchange, uint8_t flags, uint32_t msgid)
{
	struct ike_hdr h = { .spi_i = 0x58b6f8e6f23188faULL,
			     .spi_r = 0x63fdcfb55179c548ULL,
			     .exchange = exchange, .flags = flags,
			     .msgid = msgid };

	ike_buf_free(&B);
	ike_build_header(&B, &h);
}

/* Finishes B and copies it into W for tests that break it. */
static void end(void)
{
	CHECK(ike_build_finish(&B) == 0);
	memcpy(W, B.data, B.len);
	WL = B.len;
}

static void notify(uint16_t type, size_t len)
{
	struct ike_notify n = { .type = type, .data = { fill, len } };

	ike_build_notify(&B, &n);
}

/* The seed's IKE_SA_INIT (response: moon's answer with a CERTREQ). */
static void sa_init(bool response)
{
	struct ike_sa sa = { 1, ike_prop };
	struct ike_ke ke = { IKE_DH_MODP2048, { fill, 256 } };
	struct ike_cert cr = { IKE_CERT_X509_SIG, { fill, 20 } };

	begin(IKE_SA_INIT, response ? IKE_FLAG_RESPONSE : IKE_FLAG_INITIATOR,
	      0);
	ike_build_sa(&B, &sa);
	ike_build_ke(&B, &ke);
	ike_build_nonce(&B, fill, 32);
	notify(IKE_N_NAT_DETECTION_SOURCE_IP, 20);
	notify(IKE_N_NAT_DETECTION_DESTINATION_IP, 20);
	if (response)
		ike_build_cert(&B, IKE_PL_CERTREQ, &cr);
	end();
}

/* The contents of the seed's IKE_AUTH SK payload, into in. */
static void auth_inner(struct ike_buf *in, bool response)
{
	struct ike_id idi = { IKE_ID_RFC822_ADDR,
			      { (const uint8_t *)"carol@strongswan.org", 20 } };
	struct ike_id idr = { IKE_ID_FQDN,
			      { (const uint8_t *)"moon.strongswan.org", 19 } };
	struct ike_cert cert = { IKE_CERT_X509_SIG, { fill, 700 } };
	struct ike_cert cr = { IKE_CERT_X509_SIG, { fill, 20 } };
	struct ike_auth auth = { .method = IKE_AUTH_RSA, .data = { fill, 256 } };
	struct ike_notify tr = { .type = IKE_N_USE_TRANSPORT_MODE };
	struct ike_sa sa = { 1, &esp_prop };
	struct ike_ts a = ts6("10", 135), b = ts6("1", 135);
	struct ike_tsp tsi = { 1, &a }, tsr = { 1, &b };

	ike_buf_init(in);
	ike_build_inner(in);
	if (!response) {
		ike_build_id(in, IKE_PL_IDI, &idi);
		ike_build_cert(in, IKE_PL_CERT, &cert);
		ike_build_cert(in, IKE_PL_CERTREQ, &cr);
	}
	ike_build_id(in, IKE_PL_IDR, &idr);
	if (response)
		ike_build_cert(in, IKE_PL_CERT, &cert);
	ike_build_auth(in, &auth);
	ike_build_notify(in, &tr);
	ike_build_sa(in, &sa);
	ike_build_ts(in, IKE_PL_TSI, &tsi);
	ike_build_ts(in, IKE_PL_TSR, &tsr);
	CHECK(ike_build_finish(in) == 0);
}

/* An encrypted message carrying in as if it were the ciphertext. */
static void with_sk(uint8_t exchange, uint8_t flags, uint32_t msgid,
		    const struct ike_buf *in)
{
	size_t off;

	begin(exchange, flags, msgid);
	CHECK(ike_build_sk(&B, in->first, in->len, &off) == 0);
	memcpy(B.data + off, in->data, in->len);
	end();
}

static bool chunk_eq(struct ike_chunk a, struct ike_chunk b)
{
	return a.len == b.len && (!a.len || !memcmp(a.ptr, b.ptr, a.len));
}

static bool prop_eq(const struct ike_proposal *a, const struct ike_proposal *b)
{
	size_t i;

	if (a->num != b->num || a->proto != b->proto ||
	    !chunk_eq(a->spi, b->spi) || a->n_xf != b->n_xf)
		return false;
	for (i = 0; i < a->n_xf; i++)
		if (a->xf[i].type != b->xf[i].type ||
		    a->xf[i].id != b->xf[i].id ||
		    a->xf[i].key_len != b->xf[i].key_len)
			return false;
	return true;
}

static bool ts_eq(const struct ike_tsp *a, const struct ike_tsp *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct ike_ts *x = &a->ts[i], *y = &b->ts[i];

		if (x->type != y->type || x->proto != y->proto ||
		    x->start_port != y->start_port ||
		    x->end_port != y->end_port ||
		    memcmp(x->start, y->start, 16) || memcmp(x->end, y->end, 16))
			return false;
	}
	return true;
}

static bool payload_eq(const struct ike_payload *a, const struct ike_payload *b)
{
	size_t i;

	if (a->type != b->type || a->known != b->known)
		return false;
	switch (a->known ? a->type : 0) {
	case IKE_PL_SA:
		if (a->u.sa.n != b->u.sa.n)
			return false;
		for (i = 0; i < a->u.sa.n; i++)
			if (!prop_eq(&a->u.sa.prop[i], &b->u.sa.prop[i]))
				return false;
		return true;
	case IKE_PL_KE:
		return a->u.ke.group == b->u.ke.group &&
		       chunk_eq(a->u.ke.data, b->u.ke.data);
	case IKE_PL_NONCE:
		return chunk_eq(a->u.nonce, b->u.nonce);
	case IKE_PL_IDI:
	case IKE_PL_IDR:
		return a->u.id.type == b->u.id.type &&
		       chunk_eq(a->u.id.data, b->u.id.data);
	case IKE_PL_CERT:
	case IKE_PL_CERTREQ:
		return a->u.cert.encoding == b->u.cert.encoding &&
		       chunk_eq(a->u.cert.data, b->u.cert.data);
	case IKE_PL_AUTH:
		return a->u.auth.method == b->u.auth.method &&
		       chunk_eq(a->u.auth.data, b->u.auth.data);
	case IKE_PL_NOTIFY:
		return a->u.notify.proto == b->u.notify.proto &&
		       a->u.notify.type == b->u.notify.type &&
		       chunk_eq(a->u.notify.spi, b->u.notify.spi) &&
		       chunk_eq(a->u.notify.data, b->u.notify.data);
	case IKE_PL_DELETE:
		return a->u.del.proto == b->u.del.proto &&
		       a->u.del.spi_size == b->u.del.spi_size &&
		       a->u.del.n_spi == b->u.del.n_spi &&
		       chunk_eq(a->u.del.spis, b->u.del.spis);
	case IKE_PL_TSI:
	case IKE_PL_TSR:
		return ts_eq(&a->u.ts, &b->u.ts);
	case IKE_PL_VENDOR:
		return chunk_eq(a->u.vendor, b->u.vendor);
	case IKE_PL_CP:
		return a->u.cp.type == b->u.cp.type &&
		       chunk_eq(a->u.cp.attrs, b->u.cp.attrs);
	case IKE_PL_EAP:
		return chunk_eq(a->u.eap.msg, b->u.eap.msg);
	case IKE_PL_SK:
		return a->u.sk.inner == b->u.sk.inner &&
		       chunk_eq(a->u.sk.data, b->u.sk.data);
	case IKE_PL_SKF:
		return a->u.skf.inner == b->u.skf.inner &&
		       a->u.skf.num == b->u.skf.num &&
		       a->u.skf.total == b->u.skf.total &&
		       chunk_eq(a->u.skf.data, b->u.skf.data);
	default:
		return a->critical == b->critical && chunk_eq(a->body, b->body);
	}
}

static struct ike_msg M, M2;

/* Parses W (or d) from an exact copy; returns the parser's result. */
static int parse(const uint8_t *d, size_t len, struct ike_err *err)
{
	return ike_msg_parse(&M, hold(0, d, len), len, err);
}

static void summary_is(const struct ike_msg *m, const char *want)
{
	char s[256];

	ike_msg_summary(m, s, sizeof(s));
	CHECK(!strcmp(s, want));
	if (strcmp(s, want))
		printf("#   summary \"%s\"\n#      want \"%s\"\n", s, want);
}

/* W must be refused with code and exactly the message text. */
static void expect(int code, const char *text)
{
	struct ike_err err = { 0 };
	int ret = parse(W, WL, &err);

	seen[code] = true;
	CHECK(ret == -code);
	CHECK(!strcmp(err.msg, text));
	if (ret != -code || strcmp(err.msg, text))
		printf("#   got %s \"%s\"\n#  want %s \"%s\"\n",
		       ike_error_name(ret), err.msg, ike_error_name(code), text);
}

static void fix_len(void)
{
	ike_put32(W + 24, WL);
}

/* --- round trips ------------------------------------------------------ */

/* Builds x alone in a message, parses it back and compares. */
static void roundtrip(const struct ike_payload *x)
{
	struct ike_err err = { 0 };
	int ret;

	begin(IKE_INFORMATIONAL, 0, 7);
	CHECK(ike_build_payload(&B, x) == 0);
	end();
	ret = parse(W, WL, &err);
	CHECK(ret == 0);
	if (ret)
		printf("#   payload %u: %s\n", x->type, err.msg);
	CHECK(M.n == 1 && payload_eq(&M.pl[0], x));
	/* And building the parsed payload again gives the same bytes. */
	ike_buf_free(&B);
	CHECK(ike_build_msg(&B, &M) == 0);
	CHECK(B.len == WL && !memcmp(B.data, W, WL));
}

static void roundtrip_payloads(void)
{
	static const uint8_t v4[4] = { 10, 1, 0, 1 }, v6[16] = { 0x20, 1 };
	static const uint8_t sig[] = { 3, 0x30, 1, 5, 's', 'i', 'g' };
	static const uint8_t spis[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t cp[] = { 0, 1, 0, 0, 0, 3, 0, 0 };
	static const uint8_t eap[] = { 1, 7, 0, 5, 1 };
	struct ike_ts ts[2] = { ts6("10", 135), { .type = IKE_TS_IPV4_ADDR_RANGE,
		.proto = 6, .start_port = 80, .end_port = 80,
		.start = { 10, 0, 0, 1 }, .end = { 10, 0, 0, 255 } } };
	struct ike_payload x[] = {
		{ IKE_PL_SA, .known = 1, .u.sa = { 2, ike_prop } },
		{ IKE_PL_SA, .known = 1, .u.sa = { 1, &esp_prop } },
		{ IKE_PL_KE, .known = 1, .u.ke = { 19, { fill, 64 } } },
		{ IKE_PL_KE, .known = 1, .u.ke = { 999, { fill, 3 } } },
		{ IKE_PL_NONCE, .known = 1, .u.nonce = { fill, 16 } },
		{ IKE_PL_NONCE, .known = 1, .u.nonce = { fill, 256 } },
		{ IKE_PL_IDI, .known = 1, .u.id = { IKE_ID_IPV4_ADDR, { v4, 4 } } },
		{ IKE_PL_IDR, .known = 1, .u.id = { IKE_ID_IPV6_ADDR, { v6, 16 } } },
		{ IKE_PL_IDI, .known = 1, .u.id = { IKE_ID_DER_ASN1_DN, { fill, 40 } } },
		{ IKE_PL_CERT, .known = 1, .u.cert = { 4, { fill, 900 } } },
		{ IKE_PL_CERTREQ, .known = 1, .u.cert = { 4, { fill, 40 } } },
		{ IKE_PL_CERTREQ, .known = 1, .u.cert = { 4, { NULL, 0 } } },
		{ IKE_PL_AUTH, .known = 1, .u.auth = { .method = 1, .data = { fill, 256 } } },
		{ IKE_PL_AUTH, .known = 1, .u.auth = { .method = 14,
			.data = { sig, sizeof(sig) } } },
		{ IKE_PL_NOTIFY, .known = 1, .u.notify = { IKE_PROTO_ESP,
			IKE_N_REKEY_SA, .spi = { spis, 4 } } },
		{ IKE_PL_NOTIFY, .known = 1, .u.notify = { 0, IKE_N_COOKIE,
			.data = { fill, 64 } } },
		{ IKE_PL_DELETE, .known = 1, .u.del = { IKE_PROTO_ESP, 4, 2,
			{ spis, 8 } } },
		{ IKE_PL_DELETE, .known = 1, .u.del = { .proto = IKE_PROTO_IKE } },
		{ IKE_PL_TSI, .known = 1, .u.ts = { 2, ts } },
		{ IKE_PL_TSR, .known = 1, .u.ts = { 1, ts + 1 } },
		{ IKE_PL_VENDOR, .known = 1, .u.vendor = { fill, 16 } },
		{ IKE_PL_CP, .known = 1, .u.cp = { IKE_CFG_REQUEST,
			{ cp, sizeof(cp) } } },
		{ IKE_PL_EAP, .known = 1, .u.eap = { .msg = { eap, 5 } } },
		{ IKE_PL_SK, .known = 1, .u.sk = { IKE_PL_IDI, { fill, 48 } } },
		{ IKE_PL_SKF, .known = 1, .u.skf = { 35, 1, 2, { fill, 48 } } },
		{ IKE_PL_SKF, .known = 1, .u.skf = { 0, 2, 2, { fill, 8 } } },
		{ 49, .body = { fill, 5 } },
	};
	size_t i;

	for (i = 0; i < sizeof(x) / sizeof(x[0]); i++)
		roundtrip(&x[i]);
	/* What the parser derives: the RFC 7427 split, the EAP fields. */
	roundtrip(&x[13]);
	CHECK(M.pl[0].u.auth.sig_alg.len == 3 &&
	      !memcmp(M.pl[0].u.auth.sig.ptr, "sig", 3));
	roundtrip(&x[22]);
	CHECK(M.pl[0].u.eap.code == 1 && M.pl[0].u.eap.id == 7 &&
	      M.pl[0].u.eap.method == 1);
}

static void roundtrip_sa_init(void)
{
	struct ike_err err;
	char s[128];

	sa_init(false);
	CHECK(WL == 432);
	CHECK(parse(W, WL, &err) == 0);
	summary_is(&M, "IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]");
	CHECK(M.hdr.spi_i == 0x58b6f8e6f23188faULL && M.hdr.length == WL);
	CHECK(M.hdr.version == IKE_VERSION && M.hdr.exchange == IKE_SA_INIT);
	CHECK(M.hdr.flags == IKE_FLAG_INITIATOR && M.hdr.next == IKE_PL_SA);
	CHECK(prop_eq(&M.pl[0].u.sa.prop[0], &ike_prop[0]));
	ike_proposal_str(&M.pl[0].u.sa.prop[0], s, sizeof(s));
	CHECK(!strcmp(s, "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048"));
	ike_proposal_str(&esp_prop, s, sizeof(s));
	CHECK(!strcmp(s, "ESP:AES_CBC_128/HMAC_SHA1_96/NO_EXT_SEQ"));
	CHECK(ike_msg_notify(&M, IKE_N_NAT_DETECTION_DESTINATION_IP) == &M.pl[4]);
	CHECK(ike_msg_find(&M, IKE_PL_NOTIFY, &M.pl[3]) == &M.pl[4]);
	CHECK(!ike_msg_notify(&M, IKE_N_COOKIE));
	ike_buf_free(&B);
	CHECK(ike_build_msg(&B, &M) == 0 && B.len == WL &&
	      !memcmp(B.data, W, WL));

	sa_init(true);
	CHECK(parse(W, WL, &err) == 0);
	summary_is(&M, "IKE_SA_INIT response 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) CERTREQ ]");
}

/* IKE_AUTH: the outer message shows E; once "decrypted", the contents. */
static void roundtrip_auth(void)
{
	struct ike_buf in;
	struct ike_err err;
	int r;

	for (r = 0; r < 2; r++) {
		auth_inner(&in, r);
		with_sk(IKE_AUTH, r ? IKE_FLAG_RESPONSE : IKE_FLAG_INITIATOR, 1,
			&in);
		CHECK(parse(W, WL, &err) == 0);
		summary_is(&M, r ? "IKE_AUTH response 1 [ E ]" :
				   "IKE_AUTH request 1 [ E ]");
		CHECK(M.pl[0].u.sk.inner == (r ? IKE_PL_IDR : IKE_PL_IDI));
		CHECK(chunk_eq(M.pl[0].u.sk.data,
			       (struct ike_chunk){ in.data, in.len }));
		CHECK(ike_msg_parse_inner(&M, M.pl[0].u.sk.inner,
					  hold(1, in.data, in.len), in.len,
					  &err) == 0);
		summary_is(&M, r ?
			"IKE_AUTH response 1 [ IDr CERT AUTH N(USE_TRANSP) SA TSi TSr ]" :
			"IKE_AUTH request 1 [ IDi CERT CERTREQ IDr AUTH N(USE_TRANSP) SA TSi TSr ]");
		CHECK(prop_eq(ike_msg_find(&M, IKE_PL_SA, NULL)->u.sa.prop,
			      &esp_prop));
		ike_buf_free(&in);
	}
	CHECK(ike_msg_notify(&M, IKE_N_USE_TRANSPORT_MODE) != NULL);
	CHECK(ike_msg_find(&M, IKE_PL_TSR, NULL)->u.ts.ts[0].start[15] == 1);
}

static void roundtrip_create_child(void)
{
	struct ike_sa sa = { 1, &esp_prop };
	struct ike_ke ke = { IKE_DH_MODP2048, { fill, 256 } };
	struct ike_ts any = { .type = IKE_TS_IPV6_ADDR_RANGE, .end_port = 65535 };
	struct ike_ts hoa = ts6("10", 0);
	struct ike_tsp tsi = { 1, &any }, tsr = { 1, &hoa };
	struct ike_buf in;
	struct ike_err err;
	int r;

	memset(any.end, 0xff, 16);
	for (r = 0; r < 2; r++) {
		ike_buf_init(&in);
		ike_build_inner(&in);
		ike_build_sa(&in, &sa);
		ike_build_nonce(&in, fill, 32);
		ike_build_ke(&in, &ke);
		ike_build_ts(&in, IKE_PL_TSI, &tsi);
		ike_build_ts(&in, IKE_PL_TSR, &tsr);
		CHECK(ike_build_finish(&in) == 0 && in.first == IKE_PL_SA);
		with_sk(IKE_CREATE_CHILD_SA, r ? IKE_FLAG_RESPONSE : 0, 2, &in);
		CHECK(parse(W, WL, &err) == 0);
		CHECK(ike_msg_parse_inner(&M, IKE_PL_SA, hold(1, in.data, in.len),
					  in.len, &err) == 0);
		summary_is(&M, r ? "CREATE_CHILD_SA response 2 [ SA No KE TSi TSr ]" :
				   "CREATE_CHILD_SA request 2 [ SA No KE TSi TSr ]");
		ike_buf_free(&in);
	}
}

/* Summary details: unknown values print as charon prints them. */
static void summary_forms(void)
{
	static const uint8_t cp[] = { 0, 1, 0, 0, 0, 3, 0, 0, 0x7f, 0x7f, 0, 0 };
	static const uint8_t eap[] = { 1, 1, 0, 5, 1 };
	struct ike_cp c = { IKE_CFG_REQUEST, { cp, sizeof(cp) } };
	struct ike_eap e = { .msg = { eap, 5 } };
	struct ike_skf f = { .inner = IKE_PL_IDI, .num = 1, .total = 2 };
	struct ike_err err;
	char s[16];
	size_t off, n;

	begin(99, 0, 3);
	ike_build_raw(&B, 49, false, fill, 5);
	notify(40000, 0);
	notify(IKE_N_INVALID_GROUP_ID, 0);
	ike_build_cp(&B, &c);
	ike_build_eap(&B, &e);
	ike_build_skf(&B, &f, 16, &off);
	end();
	CHECK(parse(W, WL, &err) == 0);
	summary_is(&M, "(99) request 3 [ UNKN(49) N((40000)) N((45)) CPRQ(ADDR DNS (32639)) EAP/REQ/ID EF(1/2) ]");
	/* Skipped: not found, not interpreted. */
	CHECK(!M.pl[0].known && !ike_msg_find(&M, 49, NULL));
	CHECK(ike_msg_find(&M, IKE_PL_NOTIFY, NULL) == &M.pl[1]);
	/* Truncation: snprintf's contract. */
	n = ike_msg_summary(&M, s, sizeof(s));
	CHECK(n > sizeof(s) && strlen(s) == sizeof(s) - 1);
	CHECK(!strcmp(ike_notify_name(16388), "NAT_DETECTION_SOURCE_IP"));
	CHECK(!strcmp(ike_transform_name(IKE_XF_DH, 31), "CURVE_25519"));
	CHECK(!strcmp(ike_exchange_name(IKE_AUTH), "IKE_AUTH"));
	CHECK(!ike_transform_name(9, 1) && !ike_payload_short_name(49));

	/* An empty SK, a liveness check, lists nothing, like charon's log. */
	begin(IKE_INFORMATIONAL, 0, 2);
	ike_build_sk(&B, IKE_PL_NONE, 16, &off);
	end();
	CHECK(parse(W, WL, &err) == 0 && M.pl[0].u.sk.inner == IKE_PL_NONE);
	CHECK(ike_msg_parse_inner(&M, IKE_PL_NONE, hold(1, W, 0), 0, &err) == 0);
	summary_is(&M, "INFORMATIONAL request 2 [ ]");
}

/*
 * Real datagrams from strongSwan 5.9.8 (Debian 12), ike=aes128-sha1-modp2048!,
 * captured on loopback. The request is charon initiating; the response is
 * charon answering a request this codec built, which it logged as "parsed
 * IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) ]".
 */
static const char charon_req[] =
	"c4bfcb2229fd21fa00000000000000002120220800000000000001ce22000030"
	"0000002c010100040300000c0100000c800e0080030000080300000203000008"
	"02000002000000080400000e28000108000e0000c1a78570d7bb425f88a8f268"
	"eef04dbbb4fa9d0860a687c2ba959acde4a894dcc06e815d91f6044db8aa4745"
	"b589110d52eafa12ecc0ceedf7c0fe65d6366befa65bb2bb124c68d267fb6c9f"
	"41265e54e0aed1364fddda2ac46af95c3630b3b73582a3591bc7c4315ee95d4b"
	"c2a341048348991d579ea88e52265a3cb6bb4b32247025885f2ddaa666fd7911"
	"203ece09b29fc54ae6f811caa733e4e417244a8e121c6e0dc92101306f023832"
	"dcd3c463f07afefd90b5505b73b954c6d0f6ae5b95c0fa474dbc13a0d0179ba9"
	"7b652a5fec64dbeb259a04e34cf5ab90656416b3e0d9b17b7a7785cbab00e30a"
	"da70c83b7246f1387116fe014dfc652817b84cc429000024eda2a0b7d3fb27ba"
	"b897b98207d77ac1ac1e8b4ba39c2c2521c50c9e483fd3d82900001c00004004"
	"c2dc3aa159e5ee144a70206b2f300b08bc0bcaeb2900001c00004005accaafbf"
	"c3d551c7104796546a9cb8811ba8798e290000080000402e2900000e0000402f"
	"0002000300040000000800004016";

static const char charon_resp[] =
	"0123456789abcdeffbe4ac6b5809e9522120222000000000000001c022000030"
	"0000002c010100040300000c0100000c800e0080030000080300000203000008"
	"02000002000000080400000e28000108000e00009f0ea61f776f5524ec46b2d0"
	"4f3e1f9838a521732d3b863782a62ee79fcf9f21806f5f779130101983cd2e60"
	"e6bb147d4c37c511f2354748a6b30b3eb616c17f4d573df75f26d0de82f6569f"
	"4adc7eef05d23f8b474e2fe652ccef243a2b966c15fe898c1e0d62824b4b1881"
	"7574fb21f8ecfb352b7f89d7e151f816d1375cb9fb84c51a6ae7d09030dc0fcc"
	"d6079e23adad96ac530671e3b466f7008ec3b719e5c35a5c37a86d81b3dc817e"
	"6fdc0661f4e5ae5e6aa5c64a13c38157c417c1a2047dd4e380b10038d64b414e"
	"005b0c72ad4f7476d318cab08cfa2e8b0e5bc6317d039f580a0e87ea740d2c84"
	"82b7087a43c364d6266d2a13892b8ea03365e87329000024d39e69f85c8fbd6a"
	"b1ae920115a1de7291fbde8b7000433b5db5600bd7a881962900001c00004004"
	"a252bb7661af91d5da5230225f01f5529481d06d2900001c0000400573103db7"
	"eb220897754ba0244d260adb7210f03e29000008000040220000000800004014";

static size_t unhex(const char *h, uint8_t *out)
{
	size_t n = 0;

	for (; h[0] && h[1]; h += 2)
		sscanf(h, "%2hhx", &out[n++]);
	return n;
}

/* charon's bytes parse to charon's log line, and build back the same. */
static void charon_vector(const char *hex, const char *line, size_t len)
{
	struct ike_err err;
	char s[128];

	WL = unhex(hex, W);
	CHECK(WL == len && parse(W, WL, &err) == 0);
	summary_is(&M, line);
	ike_proposal_str(M.pl[0].u.sa.prop, s, sizeof(s));
	CHECK(!strcmp(s, "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048"));
	ike_buf_free(&B);
	CHECK(ike_build_msg(&B, &M) == 0 && B.len == WL &&
	      !memcmp(B.data, W, WL));
}

static void charon_vectors(void)
{
	charon_vector(charon_req, "IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]", 462);
	charon_vector(charon_resp, "IKE_SA_INIT response 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(CHDLESS_SUP) N(MULT_AUTH) ]", 448);
}

/* --- rejections ------------------------------------------------------- */

static void bad_header(void)
{
	struct ike_err err;

	sa_init(false);
	WL = 27;
	expect(IKE_E_HDR_SHORT, "header: 27 bytes, need 28");
	WL = 432;
	ike_put32(W + 24, 433);
	expect(IKE_E_HDR_LENGTH, "header: length 433, datagram holds 432");
	WL = 431;
	ike_put32(W + 24, 432);
	expect(IKE_E_HDR_LENGTH, "header: length 432, datagram holds 431");
	WL = 432;
	W[17] = 0x10;
	expect(IKE_E_VERSION, "header: major version 1, need 2");
	CHECK(parse(W, WL, &err) == -IKE_E_VERSION &&
	      err.notify == IKE_N_INVALID_MAJOR_VERSION && err.offset == 17);
}

/* A message holding one 32-octet nonce: No at 28..63. */
static void nonce_msg(void)
{
	begin(IKE_INFORMATIONAL, 0, 5);
	ike_build_nonce(&B, fill, 32);
	end();
}

static void bad_chain(void)
{
	struct ike_err err;

	nonce_msg();
	ike_put16(W + 30, 100);
	expect(IKE_E_PLD_BEYOND, "No: length 100 beyond the 36 bytes left");
	ike_put16(W + 30, 3);
	expect(IKE_E_PLD_SHORT, "No: length 3 below the generic header (4)");
	nonce_msg();
	W[28] = IKE_PL_VENDOR;
	expect(IKE_E_CHAIN_END,
	       "V: named as next payload, but the message ends at 64");
	W[WL++] = 0;
	W[WL++] = 0;
	fix_len();
	expect(IKE_E_PLD_TRUNC, "V: generic header cut off: 2 bytes left, need 4");
	W[28] = 0;
	expect(IKE_E_CHAIN_EARLY, "payload chain ends at 64, 2 bytes left over");

	begin(IKE_INFORMATIONAL, 0, 5);
	ike_build_ke(&B, &(struct ike_ke){ 19, { fill, 64 } });
	end();
	ike_put16(W + 30, 6);
	expect(IKE_E_PLD_SHORT, "KE: length 6 below minimum 8");

	/* Unknown payloads: refused if critical, skipped if not. */
	begin(IKE_INFORMATIONAL, 0, 5);
	ike_build_raw(&B, 49, true, fill, 3);
	ike_build_nonce(&B, fill, 32);
	end();
	expect(IKE_E_CRITICAL, "payload 49: unknown payload type 49 marked critical");
	CHECK(parse(W, WL, &err) < 0 && err.payload == 49 &&
	      err.notify == IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD && err.offset == 29);
	W[29] = 0;
	CHECK(parse(W, WL, &err) == 0 && M.n == 2 && !M.pl[0].known &&
	      M.pl[1].known && M.pl[1].u.nonce.len == 32);
}

static void bad_sk(void)
{
	struct ike_buf in;
	struct ike_err err;
	size_t off;

	begin(IKE_INFORMATIONAL, 0, 5);
	ike_build_sk(&B, IKE_PL_NOTIFY, 16, &off);
	/* The builder refuses to append after SK. */
	CHECK(ike_build_nonce(&B, fill, 16) < 0 && ike_build_finish(&B) < 0);
	B.err = 0;
	end();
	memset(W + WL, 0, 8);
	WL += 8;
	fix_len();
	expect(IKE_E_SK_NOT_LAST, "SK: 8 bytes follow, it must be last");

	/* Inside SK: no SK, and the chain ends exactly at the end. */
	ike_buf_init(&in);
	ike_build_inner(&in);
	ike_build_notify(&in, &(struct ike_notify){ .type = IKE_N_INITIAL_CONTACT });
	ike_build_raw(&in, IKE_PL_SK, false, fill, 4);
	CHECK(ike_build_finish(&in) == 0);
	CHECK(ike_msg_parse_inner(&M, in.first, hold(1, in.data, in.len),
				  in.len, &err) == -IKE_E_SK_NESTED);
	CHECK(!strcmp(err.msg, "SK: inside an encrypted payload") &&
	      err.offset == 8);
	seen[IKE_E_SK_NESTED] = true;
	in.data[0] = 0;
	CHECK(ike_msg_parse_inner(&M, in.first, hold(1, in.data, in.len),
				  in.len, &err) == -IKE_E_CHAIN_EARLY);
	ike_buf_free(&in);
}

/* One or two IKE proposals of 44 bytes each from offset 32. */
static void sa_msg(size_t n, uint8_t flags)
{
	begin(IKE_INFORMATIONAL, flags, 5);
	ike_build_sa(&B, &(struct ike_sa){ n, ike_prop });
	end();
}

static void bad_proposals(void)
{
	sa_msg(1, 0);
	ike_put16(W + 34, 48);
	expect(IKE_E_PROPOSAL, "SA: proposal 1 length 48 beyond the 44 bytes left in the payload");
	ike_put16(W + 34, 4);
	expect(IKE_E_PROPOSAL, "SA: proposal 1 length 4 below minimum 8 (header and 0-octet SPI)");
	sa_msg(1, 0);
	W[32] = 2;
	expect(IKE_E_PROPOSAL, "SA: proposal 1 marked 2 (more) but nothing follows");
	W[32] = 1;
	expect(IKE_E_PROPOSAL, "SA: proposal 1 last-substructure 1, must be 0 or 2");
	sa_msg(2, 0);
	W[32] = 0;
	expect(IKE_E_PROPOSAL, "SA: proposal 1 marked last but 44 bytes follow");
	sa_msg(0, 0);
	expect(IKE_E_EMPTY, "SA: no proposals");
}

static void bad_transforms(void)
{
	static const uint8_t dup[] = { 0, 0, 0, 24, 1, 1, 0, 1,
		0, 0, 0, 16, 1, 0, 0, 12, 0x80, 14, 0, 128, 0x80, 14, 1, 0 };

	sa_msg(1, 0);
	W[39] = 3;
	expect(IKE_E_TRANSFORM, "SA: proposal 1 claims 3 transforms, holds 4");
	sa_msg(1, 0);
	ike_put16(W + 42, 100);
	expect(IKE_E_TRANSFORM, "SA: proposal 1 transform 1 length 100 beyond the 36 bytes left in the proposal");
	ike_put16(W + 42, 4);
	expect(IKE_E_TRANSFORM, "SA: proposal 1 transform 1 length 4 below minimum 8");
	sa_msg(1, 0);
	W[68] = 3;
	expect(IKE_E_TRANSFORM, "SA: proposal 1 transform 4 marked 3 (more) but nothing follows");
	sa_msg(1, 0);
	W[40] = 0;
	expect(IKE_E_TRANSFORM, "SA: proposal 1 transform 1 marked last but 24 bytes follow");
	sa_msg(1, 0);
	ike_put16(W + 48, 14);
	ike_put16(W + 50, 128);
	expect(IKE_E_ATTRIBUTE, "SA: proposal 1 transform 1 attribute length 132 beyond the 4 bytes left");

	begin(IKE_INFORMATIONAL, 0, 5);
	ike_build_raw(&B, IKE_PL_SA, false, dup, sizeof(dup));
	end();
	expect(IKE_E_ATTRIBUTE, "SA: proposal 1 transform 1 repeats Key Length (128, then 256)");
	ike_put16(W + 50, 0);
	expect(IKE_E_ATTRIBUTE, "SA: proposal 1 transform 1 Key Length 0");
	W[39] = 0;
	ike_put16(W + 34, 8);
	ike_put16(W + 30, 12);
	WL = 40;
	fix_len();
	expect(IKE_E_TRANSFORM, "SA: proposal 1 has no transforms");
}

/* RFC 7296 3.3.1 numbering, and SPI sizes per protocol. */
static void bad_numbering(void)
{
	struct ike_err err;

	sa_msg(2, 0);
	W[80] = 3;
	expect(IKE_E_NUMBERING, "SA: proposal 2 numbered 3, must be 2");
	sa_msg(1, 0);
	W[36] = 2;
	expect(IKE_E_NUMBERING, "SA: proposal 1 numbered 2, must be 1");
	W[19] = IKE_FLAG_RESPONSE;
	W[36] = 3;
	CHECK(parse(W, WL, &err) == 0 && M.pl[0].u.sa.prop[0].num == 3);
	W[36] = 0;
	expect(IKE_E_NUMBERING, "SA: proposal 1 numbered 0");
	sa_msg(2, IKE_FLAG_RESPONSE);
	expect(IKE_E_NUMBERING, "SA: proposal 2 in a response, which must hold only one");
	sa_msg(1, 0);
	W[37] = 9;
	expect(IKE_E_PROTOCOL, "SA: proposal 1 protocol 9 unknown");
	W[37] = IKE_PROTO_ESP;
	expect(IKE_E_SPI_SIZE, "SA: proposal 1 ESP SPI size 0, need 4");
}

/* One IPv4 selector: count at 32, selector 36..51 (ports 40, addrs 44). */
static void ts_msg(void)
{
	struct ike_ts t = { .type = IKE_TS_IPV4_ADDR_RANGE, .end_port = 65535,
			    .start = { 10, 0, 0, 1 }, .end = { 10, 0, 0, 9 } };

	begin(IKE_INFORMATIONAL, 0, 5);
	ike_build_ts(&B, IKE_PL_TSI, &(struct ike_tsp){ 1, &t });
	end();
}

static void bad_ts(void)
{
	struct ike_err err;

	ts_msg();
	W[47] = 10;
	expect(IKE_E_TS_RANGE, "TSi: selector 1 start address above end address");
	ts_msg();
	ike_put16(W + 40, 100);
	ike_put16(W + 42, 50);
	expect(IKE_E_TS_RANGE, "TSi: selector 1 start port 100 above end port 50");
	ike_put16(W + 40, 65535);
	ike_put16(W + 42, 0);
	CHECK(parse(W, WL, &err) == 0);	/* OPAQUE */
	W[36] = 9;
	expect(IKE_E_TS_TYPE, "TSi: selector 1 type 9 unknown");
	W[36] = IKE_TS_IPV6_ADDR_RANGE;
	expect(IKE_E_TS_LENGTH, "TSi: selector 1 length 16, IPv6 needs 40");
	ike_put16(W + 38, 40);
	expect(IKE_E_TS_LENGTH, "TSi: selector 1 length 40 beyond the 16 bytes left");
	ike_put16(W + 38, 6);
	expect(IKE_E_TS_LENGTH, "TSi: selector 1 length 6 below minimum 8");
	ts_msg();
	W[32] = 2;
	expect(IKE_E_TS_COUNT, "TSi: claims 2 selectors, holds 1");
	ike_put16(W + 30, 8);
	W[32] = 0;
	WL = 36;
	fix_len();
	expect(IKE_E_TS_COUNT, "TSi: claims 0 selectors, holds 0");
}

/* Builds one payload from a raw body and expects code and text. */
static void raw(uint8_t type, const void *body, size_t len, int code,
		const char *text)
{
	begin(IKE_INFORMATIONAL, 0, 5);
	ike_build_raw(&B, type, false, body, len);
	end();
	expect(code, text);
}

static void bad_payloads(void)
{
	uint8_t b[300] = { 0 };

	raw(IKE_PL_NONCE, fill, 15, IKE_E_NONCE_LEN, "No: nonce length 15, must be 16..256");
	raw(IKE_PL_NONCE, fill, 257, IKE_E_NONCE_LEN, "No: nonce length 257, must be 16..256");
	b[1] = IKE_DH_MODP2048;
	raw(IKE_PL_KE, b, 4 + 255, IKE_E_KE_DATA, "KE: MODP_2048 data length 255, need 256");
	raw(IKE_PL_KE, b, 4, IKE_E_KE_DATA, "KE: no key exchange data");
	b[0] = IKE_ID_IPV4_ADDR;
	raw(IKE_PL_IDI, b, 9, IKE_E_ID_DATA, "IDi: IPV4_ADDR data length 5, need 4");
	b[0] = IKE_ID_FQDN;
	raw(IKE_PL_IDR, b, 4, IKE_E_ID_DATA, "IDr: no identification data");
	b[0] = IKE_CERT_X509_SIG;
	raw(IKE_PL_CERTREQ, b, 22, IKE_E_CERT_DATA, "CERTREQ: CA hashes length 21, not a multiple of 20");
	raw(IKE_PL_CERT, b, 1, IKE_E_CERT_DATA, "CERT: no certificate data");
	b[0] = IKE_AUTH_DIGITAL_SIGNATURE;
	b[4] = 9;
	raw(IKE_PL_AUTH, b, 14, IKE_E_AUTH_DATA, "AUTH: signature algorithm length 9 leaves no signature in 10 bytes");
	raw(IKE_PL_AUTH, b, 4, IKE_E_AUTH_DATA, "AUTH: no authentication data");
	memset(b, 0, sizeof(b));
	ike_put16(b + 2, IKE_N_NAT_DETECTION_SOURCE_IP);
	raw(IKE_PL_NOTIFY, b, 4 + 19, IKE_E_NOTIFY_DATA, "N: NATD_S_IP data length 19, need 20");
	ike_put16(b + 2, IKE_N_COOKIE);
	raw(IKE_PL_NOTIFY, b, 4 + 65, IKE_E_NOTIFY_DATA, "N: COOKIE data length 65, must be 1..64");
	ike_put16(b + 2, IKE_N_REKEY_SA);
	b[0] = IKE_PROTO_ESP;
	raw(IKE_PL_NOTIFY, b, 4, IKE_E_SPI_SIZE, "N: REKEY_SA SPI size 0, need 4");
	b[0] = 0;
	raw(IKE_PL_NOTIFY, b, 4, IKE_E_PROTOCOL, "N: REKEY_SA protocol 0, need AH or ESP");
	b[1] = 9;
	raw(IKE_PL_NOTIFY, b, 8, IKE_E_SPI_SIZE, "N: SPI size 9 beyond the 4 bytes left");
	memset(b, 0, 4);
	b[0] = IKE_PROTO_ESP;
	raw(IKE_PL_DELETE, b, 4, IKE_E_SPI_SIZE, "D: ESP SPI size 0, need 4");
	b[1] = 4;
	raw(IKE_PL_DELETE, b, 4, IKE_E_DELETE_COUNT, "D: ESP with no SPIs");
	b[3] = 2;
	raw(IKE_PL_DELETE, b, 8, IKE_E_DELETE_COUNT, "D: 2 SPIs of 4 octets in 4 bytes");
	b[0] = 7;
	raw(IKE_PL_DELETE, b, 8, IKE_E_PROTOCOL, "D: protocol 7 unknown");
	raw(IKE_PL_VENDOR, b, 0, IKE_E_EMPTY, "V: no vendor id");
	memset(b, 0, 12);
	b[0] = IKE_CFG_REQUEST;
	b[7] = 9;
	raw(IKE_PL_CP, b, 10, IKE_E_CP_ATTR, "CP: attribute length 9 beyond the 2 bytes left");
	raw(IKE_PL_CP, b, 6, IKE_E_CP_ATTR, "CP: attribute header cut off: 2 bytes left, need 4");
	b[3] = 9;
	raw(IKE_PL_EAP, b, 8, IKE_E_EAP_LENGTH, "EAP: EAP length 9, payload holds 8");
	b[3] = 4;
	raw(IKE_PL_EAP, b, 4, IKE_E_EAP_LENGTH, "EAP: EAP code 1 without a type");
	raw(IKE_PL_SK, b, 0, IKE_E_EMPTY, "SK: no encrypted data");
	memset(b, 0, 8);
	b[1] = 3;
	b[3] = 2;
	raw(IKE_PL_SKF, b, 8, IKE_E_FRAGMENT, "SKF: fragment 3 of 2");
}

static void too_many(void)
{
	int i;

	begin(IKE_INFORMATIONAL, 0, 5);
	for (i = 0; i <= IKE_MAX_PAYLOADS; i++)
		notify(IKE_N_INITIAL_CONTACT, 0);
	end();
	expect(IKE_E_TOO_MANY, "N: beyond the 64 payloads a message may hold");
}

static void builder_limits(void)
{
	struct ike_buf b;

	ike_buf_init(&b);
	ike_build_inner(&b);
	CHECK(ike_build_vendor(&b, fill, 70000) == -EMSGSIZE);
	CHECK(ike_build_finish(&b) == -EMSGSIZE);
	ike_buf_free(&b);
	ike_buf_init(&b);
	ike_build_inner(&b);
	CHECK(ike_build_sk(&b, 0, 4, &(size_t){ 0 }) == -EINVAL);
	ike_buf_free(&b);
}

/* Every code is produced by some test above and has a distinct name. */
static void every_error(void)
{
	int i, j;

	for (i = 1; i < IKE_E_COUNT_; i++) {
		CHECK(seen[i]);
		if (!seen[i])
			printf("#   no test produces %s\n", ike_error_name(i));
		CHECK(ike_error_name(i) != NULL);
		for (j = 1; j < i; j++)
			CHECK(strcmp(ike_error_name(i), ike_error_name(j)));
	}
}

/* --- fuzz ------------------------------------------------------------- */

static uint32_t rnd_state = 0x1f35e068;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Flips bytes, nudges length fields, truncates or extends. */
static size_t mutate(uint8_t *d, size_t len, bool header)
{
	int i, n = 1 + rnd() % 4;

	for (i = 0; i < n && len; i++) {
		size_t at = rnd() % len;

		switch (rnd() % 4) {
		case 0:
			d[at] = rnd();
			break;
		case 1:
			d[at] ^= 1 << (rnd() % 8);
			break;
		case 2:
			d[at] += (int)(rnd() % 9) - 4;
			break;
		default:
			len = at + rnd() % 16;
		}
	}
	if (header && len >= IKE_HDR_LEN && rnd() % 4)
		ike_put32(d + 24, len);	/* mostly get past the header */
	return len;
}

/* Whatever parses builds again into something that parses the same. */
static void rebuild_stable(void)
{
	struct ike_buf b1, b2;
	struct ike_err err;

	ike_buf_init(&b1);
	ike_buf_init(&b2);
	CHECK(ike_build_msg(&b1, &M) == 0);
	CHECK(ike_msg_parse(&M2, hold(2, b1.data, b1.len), b1.len, &err) == 0);
	CHECK(ike_build_msg(&b2, &M2) == 0);
	CHECK(b1.len == b2.len && !memcmp(b1.data, b2.data, b1.len));
	ike_buf_free(&b1);
	ike_buf_free(&b2);
}

static void fuzz_one(const uint8_t *seed, size_t len, bool inner, int iters,
		     int *ok)
{
	static uint8_t d[4096];
	struct ike_err err;
	char s[64];
	int i;

	for (i = 0; i < iters; i++) {
		size_t n;
		int ret;

		memcpy(d, seed, len);
		memset(d + len, 0, 16);
		n = mutate(d, len, !inner);
		err.msg[0] = '\0';
		if (inner) {
			memset(&M, 0, sizeof(M));
			ret = ike_msg_parse_inner(&M, rnd() % 2 ? IKE_PL_IDI : d[0],
						  hold(1, d, n), n, &err);
		} else {
			ret = parse(d, n, &err);
		}
		CHECK(ret <= 0 && ret > -IKE_E_COUNT_);
		CHECK(!ret || err.msg[0]);
		if (ret)
			continue;
		(*ok)++;
		ike_msg_summary(&M, s, sizeof(s));
		if (!inner)
			rebuild_stable();
	}
}

static void fuzz(void)
{
	struct ike_buf in;
	int ok = 0;

	sa_init(true);
	fuzz_one(W, WL, false, 2000, &ok);
	WL = unhex(charon_req, W);
	fuzz_one(W, WL, false, 1000, &ok);
	auth_inner(&in, false);
	fuzz_one(in.data, in.len, true, 3000, &ok);
	with_sk(IKE_AUTH, 0, 1, &in);
	fuzz_one(W, WL, false, 1000, &ok);
	ts_msg();
	fuzz_one(W, WL, false, 1000, &ok);
	sa_msg(2, 0);
	fuzz_one(W, WL, false, 2000, &ok);
	ike_buf_free(&in);
	/* The mutations must not all be rejected, or nothing deep ran. */
	CHECK(ok > 500);
	printf("# fuzz: %d of 10000 mutated messages parsed\n", ok);
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(fill); i++)
		fill[i] = i * 7 + 1;
	TEST(roundtrip_payloads);
	TEST(roundtrip_sa_init);
	TEST(roundtrip_auth);
	TEST(roundtrip_create_child);
	TEST(summary_forms);
	TEST(charon_vectors);
	TEST(bad_header);
	TEST(bad_chain);
	TEST(bad_sk);
	TEST(bad_proposals);
	TEST(bad_transforms);
	TEST(bad_numbering);
	TEST(bad_ts);
	TEST(bad_payloads);
	TEST(too_many);
	TEST(builder_limits);
	TEST(every_error);
	TEST(fuzz);
	ike_buf_free(&B);
	for (i = 0; i < 4; i++)
		free(held[i]);
	return CHECK_DONE();
}
