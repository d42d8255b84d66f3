// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the IKE SA object and IKE_SA_INIT (helper/ike/sa.h,
 * init.h): our initiator against our responder in-process, for every
 * suite crypto.h implements; the COOKIE and INVALID_KE_PAYLOAD rounds;
 * retransmissions; malformed and unexpected requests; the state machine.
 *
 * Proposal choice is proposal.c's; here the "choice" is the first
 * proposal, and suite_of() turns a proposal into transform IDs only so
 * the test can hand both roles what proposal.c would.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/log.h"
#include "../ike/init.h"
#include "../ike/names.h"
#include "check.h"

/* The seed's carol (initiator) and moon (responder). */
static struct ike_addr carol = { .family = AF_INET6, .port = 500 };
static struct ike_addr moon = { .family = AF_INET6, .port = 500 };

static const uint8_t ca_hash[IKE_CERTREQ_HASH_LEN] = { 0xca, 0xfe };

static void addrs_init(void)
{
	inet_pton(AF_INET6, "2001::41a:a8ff:fe6f:c67", carol.ip);
	inet_pton(AF_INET6, "2001:1::1", moon.ip);
}

/* One proposal with the suite's transforms, and optionally a 2nd DH. */
struct offer {
	struct ike_transform xf[6];
	struct ike_proposal prop;
	struct ike_sa sa;
};

#define XF(t, i, bits) \
	((struct ike_transform){ .type = (t), .id = (i), .key_len = (bits) })

static void offer_make(struct offer *o, const struct ike_suite *s,
		       uint16_t dh2)
{
	size_t n = 0;

	memset(o, 0, sizeof(*o));
	o->xf[n++] = XF(IKE_XF_ENCR, s->encr, s->encr_bits);
	if (s->integ)
		o->xf[n++] = XF(IKE_XF_INTEG, s->integ, 0);
	o->xf[n++] = XF(IKE_XF_PRF, s->prf, 0);
	o->xf[n++] = XF(IKE_XF_DH, s->dh, 0);
	if (dh2)
		o->xf[n++] = XF(IKE_XF_DH, dh2, 0);
	o->prop = (struct ike_proposal){ .num = 1, .proto = IKE_PROTO_IKE,
					 .n_xf = n, .xf = o->xf };
	o->sa = (struct ike_sa){ .n = 1, .prop = &o->prop };
}

/* Stands in for proposal.c: a proposal's first transform of each type. */
static struct ike_suite suite_of(const struct ike_proposal *p)
{
	struct ike_suite s = { 0 };
	size_t i;

	for (i = p->n_xf; i-- > 0;) {
		const struct ike_transform *t = &p->xf[i];

		if (t->type == IKE_XF_ENCR) {
			s.encr = t->id;
			s.encr_bits = t->key_len;
		} else if (t->type == IKE_XF_INTEG) {
			s.integ = t->id;
		} else if (t->type == IKE_XF_PRF) {
			s.prf = t->id;
		} else if (t->type == IKE_XF_DH) {
			s.dh = t->id;
		}
	}
	return s;
}

/* The two ends of one exchange. */
struct pair {
	struct ike_sa_table ti, tr;
	struct ike_msg *m;		/* what the responder parsed */
	struct ike_msg *mi;		/* what the initiator parsed */
	struct ike_buf out;		/* the responder's last answer */
	struct ike_cookie_secret secret;
	struct ike_init_resp_cfg cfg;
	struct offer offer, chosen;
	struct ikesa *si, *sr;
};

static void pair_init(struct pair *p, const struct ike_suite *s)
{
	memset(p, 0, sizeof(*p));
	ike_sa_table_init(&p->ti);
	ike_sa_table_init(&p->tr);
	p->m = calloc(1, sizeof(*p->m));
	p->mi = calloc(1, sizeof(*p->mi));
	ike_buf_init(&p->out);
	CHECK(!ike_cookie_secret_init(&p->secret));
	offer_make(&p->offer, s, 0);
	offer_make(&p->chosen, s, 0);
	p->cfg.prop = &p->chosen.prop;
	p->cfg.suite = *s;
	p->cfg.certreq = IKE_CHUNK(ca_hash, sizeof(ca_hash));
	p->cfg.cookie = &p->secret;
}

static void pair_free(struct pair *p)
{
	ike_sa_table_flush(&p->ti);
	ike_sa_table_flush(&p->tr);
	CHECK(p->ti.count == 0 && p->tr.count == 0 && p->tr.half_open == 0);
	free(p->m);
	free(p->mi);
	ike_buf_free(&p->out);
	ike_cookie_secret_clear(&p->secret);
}

/* The responder's two steps on buf; its answer ends up in p->out. */
static int respond(struct pair *p, const uint8_t *buf, size_t len,
		   const struct ike_addr *from)
{
	int v;

	ike_buf_free(&p->out);
	ike_buf_init(&p->out);
	p->sr = NULL;
	v = ike_init_req_parse(&p->tr, from, p->m, buf, len, &p->out);
	if (v != IKE_INIT_OK)
		return v;
	return ike_init_respond(&p->tr, &p->cfg, &moon, from, p->m, buf, len,
				&p->out, &p->sr);
}

/* The initiator on the responder's last answer. */
static int process(struct pair *p)
{
	const struct ike_payload *sa;
	struct ike_suite s = { 0 };
	struct ike_err err;

	if (ike_msg_parse(p->mi, p->out.data, p->out.len, &err))
		return -1;
	sa = ike_msg_find(p->mi, IKE_PL_SA, NULL);
	if (sa)
		s = suite_of(&sa->u.sa.prop[0]);
	return ike_init_process(p->si, &p->offer.sa, p->mi, p->out.data,
				p->out.len, sa ? &s : NULL);
}

static int start(struct pair *p, uint16_t group)
{
	return ike_init_start(&p->ti, &p->offer.sa, group, &carol, &moon,
			      &p->si);
}

static int respond_to_last_req(struct pair *p)
{
	return respond(p, p->si->last_req.data, p->si->last_req.len, &carol);
}

/* True when buf parses and summarises as want. */
static bool summary_is(const uint8_t *buf, size_t len, const char *want)
{
	struct ike_msg *m = malloc(sizeof(*m));
	struct ike_err err;
	char line[256] = "";
	bool ok;

	ok = m && !ike_msg_parse(m, buf, len, &err);
	if (ok)
		ike_msg_summary(m, line, sizeof(line));
	free(m);
	if (strcmp(line, want))
		printf("#   summary \"%s\", want \"%s\"\n", line, want);
	return ok && !strcmp(line, want);
}

static bool key_eq(const struct ike_key *a, const struct ike_key *b)
{
	return a->len && a->len == b->len && !memcmp(a->b, b->b, a->len);
}

static bool keys_equal(const struct ike_sa_keys *a, const struct ike_sa_keys *b)
{
	bool aead = ike_encr_is_aead(a->suite.encr);

	return key_eq(&a->d, &b->d) && key_eq(&a->ei, &b->ei) &&
	       key_eq(&a->er, &b->er) && key_eq(&a->pi, &b->pi) &&
	       key_eq(&a->pr, &b->pr) &&
	       (aead || (key_eq(&a->ai, &b->ai) && key_eq(&a->ar, &b->ar)));
}

/* The notify type of the only payload of the last answer, or 0. */
static uint16_t answered_notify(struct pair *p)
{
	struct ike_err err;

	if (ike_msg_parse(p->mi, p->out.data, p->out.len, &err) ||
	    p->mi->n != 1 || p->mi->pl[0].type != IKE_PL_NOTIFY)
		return 0;
	return p->mi->pl[0].u.notify.type;
}

static const struct ike_suite suites[] = {
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96, IKE_PRF_HMAC_SHA1,
	  IKE_DH_MODP2048 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128,
	  IKE_PRF_HMAC_SHA2_256, IKE_DH_MODP3072 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_384_192,
	  IKE_PRF_HMAC_SHA2_384, IKE_DH_ECP256 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_512_256,
	  IKE_PRF_HMAC_SHA2_512, IKE_DH_CURVE25519 },
	{ IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE, IKE_PRF_HMAC_SHA2_256,
	  IKE_DH_ECP256 },
	{ IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE, IKE_PRF_HMAC_SHA2_256,
	  IKE_DH_CURVE25519 },
};

/* One whole exchange; leaves both SAs in INIT_DONE. */
static void exchange_ok(struct pair *p)
{
	CHECK(start(p, p->cfg.suite.dh) == 0);
	CHECK(p->si && p->si->state == IKE_STATE_INIT_SENT);
	CHECK(respond_to_last_req(p) == IKE_INIT_OK);
	CHECK(p->sr && p->sr->state == IKE_STATE_INIT_DONE);
	CHECK(process(p) == IKE_INIT_OK);
	CHECK(p->si->state == IKE_STATE_INIT_DONE);
}

static void test_suites(void)
{
	size_t i;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		struct pair p;
		char name[128];

		CHECK(!ike_suite_check(&suites[i], true));
		ike_suite_str(&suites[i], name, sizeof(name));
		pair_init(&p, &suites[i]);
		exchange_ok(&p);
		if (!p.sr || p.si->state != IKE_STATE_INIT_DONE) {
			printf("#   suite %s failed\n", name);
			pair_free(&p);
			continue;
		}
		CHECK(p.si->spi_r == p.sr->spi_r && p.si->spi_i == p.sr->spi_i);
		CHECK(p.si->have_keys && p.sr->have_keys);
		CHECK(keys_equal(&p.si->keys, &p.sr->keys));
		CHECK(!p.si->dh && !p.sr->dh);
		CHECK(!p.si->local_natted && !p.si->peer_natted);
		CHECK(!p.sr->local_natted && !p.sr->peer_natted);
		CHECK(p.si->msgid_next_out == 1 && p.si->msgid_next_in == 0);
		CHECK(p.sr->msgid_next_in == 1 && p.sr->msgid_next_out == 0);
		/* IKE_AUTH signs these. */
		CHECK(p.si->init_resp.len == p.sr->init_resp.len &&
		      !memcmp(p.si->init_resp.data, p.sr->init_resp.data,
			      p.sr->init_resp.len));
		CHECK(p.si->init_req.len == p.sr->init_req.len);
		CHECK(p.tr.half_open == 1 && p.tr.count == 1);
		pair_free(&p);
	}
}

/* The seed's exchange, as charon logs it. */
static void test_summaries(void)
{
	struct pair p;

	pair_init(&p, &suites[0]);
	CHECK(start(&p, IKE_DH_MODP2048) == 0);
	CHECK(summary_is(p.si->last_req.data, p.si->last_req.len,
			 "IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) "
			 "N(NATD_D_IP) N(HASH_ALG) ]"));
	CHECK(respond_to_last_req(&p) == IKE_INIT_OK);
	CHECK(summary_is(p.out.data, p.out.len,
			 "IKE_SA_INIT response 0 [ SA KE No N(NATD_S_IP) "
			 "N(NATD_D_IP) CERTREQ N(HASH_ALG) ]"));
	pair_free(&p);

	/* No CA hashes: no CERTREQ. */
	pair_init(&p, &suites[0]);
	p.cfg.certreq = IKE_CHUNK(NULL, 0);
	CHECK(start(&p, IKE_DH_MODP2048) == 0);
	CHECK(respond_to_last_req(&p) == IKE_INIT_OK);
	CHECK(summary_is(p.out.data, p.out.len,
			 "IKE_SA_INIT response 0 [ SA KE No N(NATD_S_IP) "
			 "N(NATD_D_IP) N(HASH_ALG) ]"));
	pair_free(&p);
}

static void test_invalid_ke(void)
{
	struct pair p;

	/* We offer MODP_2048 and ECP_256 but guess ECP_256; moon wants 2048. */
	pair_init(&p, &suites[0]);
	offer_make(&p.offer, &suites[0], IKE_DH_ECP256);
	CHECK(start(&p, IKE_DH_ECP256) == 0);
	CHECK(respond_to_last_req(&p) == IKE_INIT_REPLY);
	CHECK(!p.sr && p.tr.count == 0);
	CHECK(summary_is(p.out.data, p.out.len,
			 "IKE_SA_INIT response 0 [ N(INVAL_KE) ]"));
	CHECK(process(&p) == IKE_INIT_RETRY);
	CHECK(p.si->state == IKE_STATE_INIT_SENT);
	CHECK(respond_to_last_req(&p) == IKE_INIT_OK);
	CHECK(process(&p) == IKE_INIT_OK);
	CHECK(p.sr && keys_equal(&p.si->keys, &p.sr->keys));
	pair_free(&p);

	/* A group we never offered ends the attempt. */
	pair_init(&p, &suites[0]);
	p.cfg.suite.dh = IKE_DH_CURVE25519;
	CHECK(start(&p, IKE_DH_MODP2048) == 0);
	CHECK(respond_to_last_req(&p) == IKE_INIT_REPLY);
	CHECK(process(&p) == IKE_INIT_FAILED);
	CHECK(p.si->state == IKE_STATE_DEAD);
	pair_free(&p);
}

static void test_cookie(void)
{
	struct pair p;
	uint8_t req[2048];
	size_t len;

	pair_init(&p, &suites[0]);
	p.cfg.busy = true;
	CHECK(start(&p, IKE_DH_MODP2048) == 0);
	CHECK(respond_to_last_req(&p) == IKE_INIT_REPLY);
	CHECK(!p.sr && p.tr.count == 0);
	CHECK(summary_is(p.out.data, p.out.len,
			 "IKE_SA_INIT response 0 [ N(COOKIE) ]"));
	CHECK(process(&p) == IKE_INIT_RETRY);
	CHECK(summary_is(p.si->last_req.data, p.si->last_req.len,
			 "IKE_SA_INIT request 0 [ N(COOKIE) SA KE No "
			 "N(NATD_S_IP) N(NATD_D_IP) N(HASH_ALG) ]"));

	/* The right cookie from elsewhere, or a changed one, is refused. */
	len = p.si->last_req.len;
	memcpy(req, p.si->last_req.data, len);
	{
		struct ike_addr other = carol;

		other.ip[15] ^= 1;
		CHECK(respond(&p, req, len, &other) == IKE_INIT_REPLY);
		CHECK(answered_notify(&p) == IKE_N_COOKIE);
	}
	req[IKE_HDR_LEN + 8 + 5] ^= 0xff;	/* inside the cookie's MAC */
	CHECK(respond(&p, req, len, &carol) == IKE_INIT_REPLY);
	CHECK(answered_notify(&p) == IKE_N_COOKIE);

	CHECK(respond_to_last_req(&p) == IKE_INIT_OK);
	CHECK(process(&p) == IKE_INIT_OK);
	CHECK(p.sr && keys_equal(&p.si->keys, &p.sr->keys));
	pair_free(&p);
}

static void test_cookie_rotation(void)
{
	struct ike_cookie_secret s;
	uint8_t ni[32] = { 1 }, c[IKE_COOKIE_LEN];
	struct ike_chunk nc = IKE_CHUNK(ni, sizeof(ni));
	struct ike_chunk cc = IKE_CHUNK(c, sizeof(c));

	CHECK(!ike_cookie_secret_init(&s));
	CHECK(!ike_cookie_make(&s, nc, &carol, 42, c));
	CHECK(ike_cookie_check(&s, cc, nc, &carol, 42));
	CHECK(!ike_cookie_check(&s, cc, nc, &carol, 43));
	CHECK(!ike_cookie_check(&s, IKE_CHUNK(c, 32), nc, &carol, 42));
	CHECK(!ike_cookie_secret_rotate(&s));
	CHECK(ike_cookie_check(&s, cc, nc, &carol, 42));
	CHECK(!ike_cookie_secret_rotate(&s));
	CHECK(!ike_cookie_check(&s, cc, nc, &carol, 42));
	ike_cookie_secret_clear(&s);
}

static void test_retransmit(void)
{
	struct pair p;
	uint8_t first[4096];
	size_t first_len;

	pair_init(&p, &suites[0]);
	CHECK(start(&p, IKE_DH_MODP2048) == 0);
	CHECK(respond_to_last_req(&p) == IKE_INIT_OK);
	first_len = p.out.len;
	CHECK(first_len <= sizeof(first));
	memcpy(first, p.out.data, first_len);

	CHECK(respond_to_last_req(&p) == IKE_INIT_REPLY);
	CHECK(!p.sr && p.tr.count == 1);
	CHECK(p.out.len == first_len && !memcmp(p.out.data, first, first_len));

	/* Same SPIi, other content: not a retransmission. */
	p.si->last_req.data[p.si->last_req.len - 1] ^= 1;
	CHECK(respond_to_last_req(&p) == IKE_INIT_DROP);
	p.si->last_req.data[p.si->last_req.len - 1] ^= 1;

	/* Once IKE_AUTH was answered the IKE_SA_INIT answer is gone. */
	CHECK(!ike_cached_set(&ike_sa_table_find_init(&p.tr, p.si->spi_i,
						      &carol)->last_resp,
			      (const uint8_t *)"x", 1, 1));
	CHECK(respond_to_last_req(&p) == IKE_INIT_DROP);
	pair_free(&p);
}

/* A request with a byte at off changed, answered by a fresh responder. */
static int mangled(uint8_t *req, size_t len, size_t off, uint8_t x,
		   struct pair *p)
{
	req[off] ^= x;
	return respond(p, req, len, &carol);
}

static void test_malformed(void)
{
	struct pair p;
	uint8_t req[2048];
	size_t len;

	pair_init(&p, &suites[0]);
	CHECK(start(&p, IKE_DH_MODP2048) == 0);
	len = p.si->last_req.len;
	memcpy(req, p.si->last_req.data, len);

	/* Message ID 1, the R flag set, the I flag clear: silently dropped. */
	CHECK(mangled(req, len, 23, 1, &p) == IKE_INIT_DROP);
	req[23] ^= 1;
	CHECK(mangled(req, len, 19, IKE_FLAG_RESPONSE, &p) ==
	      IKE_INIT_DROP);
	req[19] ^= IKE_FLAG_RESPONSE;
	CHECK(mangled(req, len, 19, IKE_FLAG_INITIATOR, &p) ==
	      IKE_INIT_DROP);
	req[19] ^= IKE_FLAG_INITIATOR;
	CHECK(mangled(req, len, 18, 1, &p) == IKE_INIT_DROP);	/* exchange */
	req[18] ^= 1;
	CHECK(mangled(req, len, 15, 1, &p) == IKE_INIT_DROP);	/* SPIr */
	req[15] ^= 1;
	CHECK(respond(&p, req, len - 5, &carol) == IKE_INIT_DROP);
	CHECK(respond(&p, req, 10, &carol) == IKE_INIT_DROP);
	/* A payload length beyond the message: INVALID_SYNTAX. */
	CHECK(mangled(req, len, IKE_HDR_LEN + 2, 0x40, &p) == IKE_INIT_REPLY);
	CHECK(answered_notify(&p) == IKE_N_INVALID_SYNTAX);
	req[IKE_HDR_LEN + 2] ^= 0x40;
	CHECK(p.tr.count == 0);

	/* The untouched request still works. */
	CHECK(respond(&p, req, len, &carol) == IKE_INIT_OK);
	pair_free(&p);
}

/* Requests we build by hand: no KE, an unknown critical payload. */
static void test_missing_and_critical(void)
{
	struct pair p;
	struct ike_hdr h = { .spi_i = 0x1122334455667788ull,
			     .exchange = IKE_SA_INIT,
			     .flags = IKE_FLAG_INITIATOR };
	uint8_t nonce[32] = { 7 }, body[4] = { 0 };
	struct ike_buf b;

	pair_init(&p, &suites[0]);
	ike_buf_init(&b);
	ike_build_header(&b, &h);
	ike_build_sa(&b, &p.offer.sa);
	ike_build_nonce(&b, nonce, sizeof(nonce));
	CHECK(!ike_build_finish(&b));
	CHECK(respond(&p, b.data, b.len, &carol) == IKE_INIT_REPLY);
	CHECK(answered_notify(&p) == IKE_N_INVALID_SYNTAX);
	ike_buf_free(&b);

	ike_buf_init(&b);
	ike_build_header(&b, &h);
	ike_build_sa(&b, &p.offer.sa);
	ike_build_raw(&b, 99, true, body, sizeof(body));
	CHECK(!ike_build_finish(&b));
	CHECK(respond(&p, b.data, b.len, &carol) == IKE_INIT_REPLY);
	CHECK(answered_notify(&p) == IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD);
	CHECK(p.mi->pl[0].u.notify.data.len == 1 &&
	      p.mi->pl[0].u.notify.data.ptr[0] == 99);
	ike_buf_free(&b);
	CHECK(p.tr.count == 0);
	pair_free(&p);
}

static void test_refusals(void)
{
	struct pair p;
	struct ike_suite s;
	size_t ke_off;

	/* NO_PROPOSAL_CHOSEN ends the initiator's attempt. */
	pair_init(&p, &suites[0]);
	p.cfg.prop = NULL;
	CHECK(start(&p, IKE_DH_MODP2048) == 0);
	CHECK(respond_to_last_req(&p) == IKE_INIT_REPLY);
	CHECK(answered_notify(&p) == IKE_N_NO_PROPOSAL_CHOSEN);
	CHECK(process(&p) == IKE_INIT_FAILED);
	CHECK(p.si->state == IKE_STATE_DEAD);
	pair_free(&p);

	/* A KE value outside the group: INVALID_SYNTAX, no SA. */
	pair_init(&p, &suites[0]);
	CHECK(start(&p, IKE_DH_MODP2048) == 0);
	CHECK(respond_to_last_req(&p) == IKE_INIT_OK);
	ike_sa_table_flush(&p.tr);
	ke_off = (size_t)(ike_msg_find(p.m, IKE_PL_KE, NULL)->u.ke.data.ptr -
			  p.si->last_req.data);
	memset(p.si->last_req.data + ke_off, 0, 256);
	CHECK(respond_to_last_req(&p) == IKE_INIT_REPLY);
	CHECK(answered_notify(&p) == IKE_N_INVALID_SYNTAX);
	CHECK(p.tr.count == 0);
	pair_free(&p);

	/* The initiator ignores what is not its response. */
	pair_init(&p, &suites[0]);
	CHECK(start(&p, IKE_DH_MODP2048) == 0);
	CHECK(respond_to_last_req(&p) == IKE_INIT_OK);
	p.out.data[19] |= IKE_FLAG_INITIATOR;
	CHECK(process(&p) == IKE_INIT_DROP);
	p.out.data[19] &= ~IKE_FLAG_INITIATOR;
	p.out.data[7] ^= 1;				/* SPIi */
	CHECK(process(&p) == IKE_INIT_DROP);
	p.out.data[7] ^= 1;
	CHECK(p.si->state == IKE_STATE_INIT_SENT);
	/* A proposal it did not offer (proposal.c said NULL). */
	CHECK(!ike_msg_parse(p.mi, p.out.data, p.out.len,
			     &(struct ike_err){ 0 }));
	s = p.cfg.suite;
	CHECK(ike_init_process(p.si, &p.offer.sa, p.mi, p.out.data, p.out.len,
			       NULL) == IKE_INIT_FAILED);
	CHECK(ike_init_process(p.si, &p.offer.sa, p.mi, p.out.data, p.out.len,
			       &s) == IKE_INIT_DROP);	/* already DEAD */
	pair_free(&p);
}

static void test_nat(void)
{
	struct pair p;
	struct ike_addr natted = carol;

	/* carol's packets arrive from a NAT's address and port. */
	pair_init(&p, &suites[0]);
	natted.port = 4711;
	CHECK(start(&p, IKE_DH_MODP2048) == 0);
	CHECK(respond(&p, p.si->last_req.data, p.si->last_req.len,
		      &natted) == IKE_INIT_OK);
	CHECK(p.sr && p.sr->peer_natted && !p.sr->local_natted);
	CHECK(process(&p) == IKE_INIT_OK);
	CHECK(p.si->local_natted && !p.si->peer_natted);
	pair_free(&p);
}

/* Runs fn with stderr in a file; returns what was logged (static). */
static const char *logged(int (*fn)(struct ikesa *, enum ike_sa_state),
			  struct ikesa *sa, enum ike_sa_state to, int *ret)
{
	static char text[512];
	FILE *f = tmpfile();
	int saved = dup(2);
	size_t n;

	fflush(stderr);
	dup2(fileno(f), 2);
	*ret = fn(sa, to);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

/* SHA-1 over the RFC 7296 2.23 input, computed with Python's hashlib. */
static void test_natd_vector(void)
{
	struct ike_addr v4 = { .family = AF_INET, .port = 4500,
			       .ip = { 192, 0, 2, 1 } };
	uint8_t h[IKE_NATD_LEN], want[IKE_NATD_LEN];
	size_t i;

	CHECK(!ike_natd_hash(0x0102030405060708ull, 0, &moon, h));
	for (i = 0; i < sizeof(want); i++)
		sscanf("166cd0975a0137b44ae0d6adf41fc88f9d6f4263" + 2 * i,
		       "%2hhx", &want[i]);
	CHECK(!memcmp(h, want, sizeof(h)));
	CHECK(!ike_natd_hash(0x0102030405060708ull, 0x1112131415161718ull,
			     &v4, h));
	for (i = 0; i < sizeof(want); i++)
		sscanf("5184f43875ff7d9e3dfdc92bd1dee1a08204de3e" + 2 * i,
		       "%2hhx", &want[i]);
	CHECK(!memcmp(h, want, sizeof(h)));
}

static void test_states(void)
{
	struct ikesa *sa = ike_sa_new(false, &moon, &carol);
	const char *text;
	int ret;

	CHECK(sa && sa->spi_r && !sa->spi_i);
	CHECK(!strcmp(ike_sa_state_name(IKE_STATE_INIT_DONE), "INIT_DONE"));
	CHECK(!strcmp(ike_sa_state_name(IKE_STATE_COUNT_), "?"));
	CHECK(ike_sa_transition_ok(IKE_STATE_CREATED, IKE_STATE_INIT_DONE));
	CHECK(!ike_sa_transition_ok(IKE_STATE_CREATED, IKE_STATE_ESTABLISHED));
	CHECK(!ike_sa_transition_ok(IKE_STATE_DEAD, IKE_STATE_DEAD));
	CHECK(ike_sa_transition_ok(IKE_STATE_REKEYING, IKE_STATE_DEAD));
	CHECK(!ike_sa_transition_ok(IKE_STATE_DELETING,
				    IKE_STATE_ESTABLISHED));

	sa->spi_i = 0x0123456789abcdefull;
	log_level = LOG_INFO;
	text = logged(ike_sa_set_state, sa, IKE_STATE_ESTABLISHED, &ret);
	CHECK(ret == -EPERM && sa->state == IKE_STATE_CREATED);
	CHECK(strstr(text, "illegal state change CREATED -> ESTABLISHED"));
	text = logged(ike_sa_set_state, sa, IKE_STATE_INIT_DONE, &ret);
	CHECK(ret == 0 && sa->state == IKE_STATE_INIT_DONE);
	CHECK(strstr(text, "IKE_SA 0123456789abcdef_i") &&
	      strstr(text, "CREATED -> INIT_DONE"));
	log_level = LOG_CRIT;	/* the refusals below would clutter TAP */
	CHECK(ike_sa_set_state(sa, IKE_STATE_ESTABLISHED) == 0);
	CHECK(ike_sa_set_state(sa, IKE_STATE_AUTH_SENT) == -EPERM);
	CHECK(ike_sa_set_state(sa, IKE_STATE_DELETING) == 0);
	CHECK(ike_sa_set_state(sa, IKE_STATE_DEAD) == 0);
	CHECK(ike_sa_set_state(sa, IKE_STATE_INIT_SENT) == -EPERM);
	log_level = LOG_WARNING;
	ike_sa_free(sa);
}

static void test_table(void)
{
	struct ike_sa_table t;
	struct ikesa *a = ike_sa_new(false, &moon, &carol);
	struct ikesa *b = ike_sa_new(true, &moon, &carol);
	struct ikesa *c = ike_sa_new(false, &moon, &carol);

	char buf[IKE_ADDR_STRLEN];

	CHECK(!strcmp(ike_addr_str(&moon, buf, sizeof(buf)), "2001:1::1[500]"));
	ike_sa_table_init(&t);
	a->spi_i = 5;
	CHECK(!ike_sa_table_add(&t, a) && !ike_sa_table_add(&t, b));
	CHECK(ike_sa_table_add(&t, a) == -EEXIST);
	c->spi_r = a->spi_r;
	CHECK(ike_sa_table_add(&t, c) == -EEXIST);
	ike_sa_free(c);
	CHECK(t.count == 2 && t.half_open == 1);
	CHECK(ike_sa_table_find(&t, a->spi_r) == a);
	CHECK(ike_sa_table_find(&t, b->spi_i) == b);
	CHECK(ike_sa_table_find_init(&t, 5, &carol) == a);
	CHECK(!ike_sa_table_find_init(&t, 5, &moon));
	CHECK(!ike_sa_table_find_init(&t, b->spi_i, &carol));
	CHECK(!ike_sa_set_state(a, IKE_STATE_INIT_DONE) && t.half_open == 1);
	CHECK(!ike_sa_set_state(a, IKE_STATE_ESTABLISHED) && t.half_open == 0);
	ike_sa_free(a);
	CHECK(t.count == 1 && !ike_sa_table_find_init(&t, 5, &carol));
	ike_sa_table_flush(&t);
	CHECK(t.count == 0);
}

int main(void)
{
	addrs_init();
	/* Transitions log at info; keep the TAP output readable. */
	log_level = LOG_WARNING;
	TEST(test_states);
	TEST(test_table);
	TEST(test_natd_vector);
	TEST(test_suites);
	TEST(test_summaries);
	TEST(test_invalid_ke);
	TEST(test_cookie);
	TEST(test_cookie_rotation);
	TEST(test_retransmit);
	TEST(test_malformed);
	TEST(test_missing_and_critical);
	TEST(test_refusals);
	TEST(test_nat);
	return CHECK_DONE();
}
