// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for IKE_AUTH (helper/ike/auth.h, child.h, ts.h): our
 * initiator as the seed's carol against our responder as moon with the
 * seed's conn carol-mh (transport_proxy, MH selectors), in-process
 * after a real IKE_SA_INIT, with the test PKI tests/fixtures/mkcerts.sh
 * makes at test time. Checks what each side would install, the log-like
 * summaries, and every refusal: revoked and expired certificates, wrong
 * identity, bad signature, no common ESP proposal, selectors outside
 * the config, retransmissions.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ca/ca.h"
#include "../ike/auth.h"
#include "../ike/init.h"
#include "../ike/names.h"
#include "check.h"

static char dir[] = "/tmp/ike_auth_test.XXXXXX";
static struct ca_store *store;

static struct ike_addr carol = { .family = AF_INET6, .port = 500 };
static struct ike_addr moon = { .family = AF_INET6, .port = 500 };

/* The seed's IKE proposal: AES_CBC-128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048. */
static const struct ike_suite seed_suite = {
	IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96, IKE_PRF_HMAC_SHA1,
	IKE_DH_MODP2048
};

struct ident {
	struct ca_cert *cert;
	struct ca_key *key;
};

static void ident_load(struct ident *id, const char *name)
{
	char path[256], err[256];

	snprintf(path, sizeof(path), "%s/ipsec.d/certs/%sCert.pem", dir, name);
	CHECK(!ca_cert_load(path, &id->cert, err, sizeof(err)));
	snprintf(path, sizeof(path), "%s/ipsec.d/private/%sKey.pem", dir, name);
	CHECK(!ca_key_load(path, NULL, &id->key, err, sizeof(err)));
}

static void ident_free(struct ident *id)
{
	ca_cert_free(id->cert);
	ca_key_free(id->key);
}

static struct ident moon_id, carol_id, dave_id, revoked_id, expired_id;

/* --- IKE_SA_INIT, as ike_init_test.c runs it ------------------------- */

struct pair {
	struct ike_sa_table ti, tr;
	struct ike_msg *m;
	struct ike_buf out;
	struct ike_cookie_secret secret;
	struct ike_init_resp_cfg cfg;
	struct ike_transform xf[4];
	struct ike_proposal prop;
	struct ike_sa offer;
	struct ikesa *si, *sr;
};

#define XF(t, i, bits) \
	((struct ike_transform){ .type = (t), .id = (i), .key_len = (bits) })

static void pair_init(struct pair *p)
{
	struct ike_err err;

	memset(p, 0, sizeof(*p));
	ike_sa_table_init(&p->ti);
	ike_sa_table_init(&p->tr);
	p->m = calloc(1, sizeof(*p->m));
	ike_buf_init(&p->out);
	CHECK(!ike_cookie_secret_init(&p->secret));
	p->xf[0] = XF(IKE_XF_ENCR, seed_suite.encr, seed_suite.encr_bits);
	p->xf[1] = XF(IKE_XF_INTEG, seed_suite.integ, 0);
	p->xf[2] = XF(IKE_XF_PRF, seed_suite.prf, 0);
	p->xf[3] = XF(IKE_XF_DH, seed_suite.dh, 0);
	p->prop = (struct ike_proposal){ .num = 1, .proto = IKE_PROTO_IKE,
					 .n_xf = 4, .xf = p->xf };
	p->offer = (struct ike_sa){ .n = 1, .prop = &p->prop };
	p->cfg.prop = &p->prop;
	p->cfg.suite = seed_suite;
	p->cfg.cookie = &p->secret;

	CHECK(!ike_init_start(&p->ti, &p->offer, seed_suite.dh, &carol, &moon,
			      &p->si));
	CHECK(ike_init_req_parse(&p->tr, &carol, p->m, p->si->last_req.data,
				 p->si->last_req.len, &p->out) == IKE_INIT_OK);
	CHECK(ike_init_respond(&p->tr, &p->cfg, &moon, &carol, p->m,
			       p->si->last_req.data, p->si->last_req.len,
			       &p->out, &p->sr) == IKE_INIT_OK);
	CHECK(!ike_msg_parse(p->m, p->out.data, p->out.len, &err));
	CHECK(ike_init_process(p->si, &p->offer, p->m, p->out.data, p->out.len,
			       &seed_suite) == IKE_INIT_OK);
	ike_buf_free(&p->out);
	ike_buf_init(&p->out);
}

static void pair_free(struct pair *p)
{
	ike_sa_table_flush(&p->ti);
	ike_sa_table_flush(&p->tr);
	free(p->m);
	ike_buf_free(&p->out);
	ike_cookie_secret_clear(&p->secret);
}

/* --- conns ----------------------------------------------------------- */

static uint32_t next_spi = 0xc0000001;

/* Stands in for the kernel's ALLOCSPI; the reqid is in the top bits. */
static int alloc_spi(void *ctx, uint32_t reqid, uint32_t *spi)
{
	(void)ctx;
	*spi = next_spi++ ^ reqid << 16;
	return 0;
}

static struct ike_props esp_seed, esp_other;

static struct ike_id id_of(uint8_t type, const char *s)
{
	return (struct ike_id){ .type = type,
				.data = IKE_CHUNK((const uint8_t *)s,
						  strlen(s)) };
}

static struct ike_ts host_ts(const char *addr, uint8_t proto)
{
	uint8_t a[16];
	struct ike_ts ts;

	inet_pton(AF_INET6, addr, a);
	CHECK(!ike_ts_from_prefix(AF_INET6, a, 128, proto, 0, 0xffff, &ts));
	return ts;
}

/* moon's carol-mh and dave-mh, as in the seed's ipsec.conf. */
static struct ike_auth_conn moon_conns[3];

static void moon_conns_init(void)
{
	struct ike_auth_conn c = {
		.name = "carol-mh",
		.local_id = id_of(IKE_ID_FQDN, "moon.strongswan.org"),
		.remote_id = id_of(IKE_ID_RFC822_ADDR, "carol@strongswan.org"),
		.cert = moon_id.cert, .key = moon_id.key, .cas = store,
		.esp = &esp_seed,
		.local_ts = host_ts("2001:1::1", 135),
		.remote_ts = host_ts("2001:1::10", 135),
		.mode = IKE_MODE_TRANSPORT_PROXY, .reqid = 1,
	};

	moon_conns[0] = c;
	c.name = "dave-mh";
	c.remote_id = id_of(IKE_ID_RFC822_ADDR, "dave@strongswan.org");
	c.remote_ts = host_ts("2001:1::20", 135);
	c.reqid = 3;
	moon_conns[1] = c;
	/* for the certificate tests: anyone the CA vouches for */
	c.name = "any-mh";
	c.remote_id = (struct ike_id){ 0 };
	c.remote_ts = host_ts("2001:1::10", 135);
	c.reqid = 5;
	moon_conns[2] = c;
}

/* carol's side of carol-mh. */
static struct ike_auth_conn carol_conn(void)
{
	return (struct ike_auth_conn){
		.name = "home-mh",
		.local_id = id_of(IKE_ID_RFC822_ADDR, "carol@strongswan.org"),
		.remote_id = id_of(IKE_ID_FQDN, "moon.strongswan.org"),
		.cert = carol_id.cert, .key = carol_id.key, .cas = store,
		.esp = &esp_seed,
		.local_ts = host_ts("2001:1::10", 135),
		.remote_ts = host_ts("2001:1::1", 135),
		.mode = IKE_MODE_TRANSPORT_PROXY, .reqid = 1,
	};
}

/* --- one IKE_AUTH exchange ------------------------------------------- */

struct run {
	struct pair p;
	struct ike_auth_resp_cfg cfg;
	struct ike_child ci, cr;
	int vr, vi;
};

/*
 * Re-makes both ends' copy of an IKE_SA_INIT message without
 * N(SIGNATURE_HASH_ALGORITHMS), as the seed's charon 4.2 sent it, so
 * IKE_AUTH signs with RSA (method 1).
 */
static void drop_hash_notify(struct ike_cached *a, struct ike_cached *b)
{
	struct ike_msg *m = malloc(sizeof(*m));
	struct ike_err err;
	struct ike_buf out;
	size_t i;

	ike_buf_init(&out);
	CHECK(m && !ike_msg_parse(m, a->data, a->len, &err));
	ike_build_header(&out, &m->hdr);
	for (i = 0; i < m->n; i++)
		if (m->pl[i].type != IKE_PL_NOTIFY ||
		    m->pl[i].u.notify.type != IKE_N_SIGNATURE_HASH_ALGORITHMS)
			ike_build_payload(&out, &m->pl[i]);
	CHECK(!ike_build_finish(&out));
	CHECK(!ike_cached_set(a, out.data, out.len, a->msgid));
	CHECK(!ike_cached_set(b, out.data, out.len, b->msgid));
	ike_buf_free(&out);
	free(m);
}

/* Both ends as the seed's charon 4.2: no RFC 7427 signatures. */
static bool like_charon_42;

static void run_auth(struct run *r, const struct ike_auth_conn *conn,
		     size_t n_moon)
{
	memset(r, 0, sizeof(*r));
	pair_init(&r->p);
	if (like_charon_42) {
		drop_hash_notify(&r->p.si->init_req, &r->p.sr->init_req);
		drop_hash_notify(&r->p.si->init_resp, &r->p.sr->init_resp);
	}
	r->cfg = (struct ike_auth_resp_cfg){ .conns = moon_conns,
					     .n_conns = n_moon,
					     .alloc_spi = alloc_spi };
	CHECK(!ike_auth_start(r->p.si, conn, alloc_spi, NULL, &r->ci));
	CHECK(r->p.si->state == IKE_STATE_AUTH_SENT);
	r->vr = ike_auth_respond(r->p.sr, &r->cfg, r->p.si->last_req.data,
				 r->p.si->last_req.len, &r->p.out, &r->cr);
	r->vi = r->p.out.len ? ike_auth_process(r->p.si, r->p.out.data,
						r->p.out.len, &r->ci) : -1;
}

static void run_free(struct run *r)
{
	ike_child_clear(&r->ci);
	ike_child_clear(&r->cr);
	pair_free(&r->p);
}

static bool key_eq(const struct ike_key *a, const struct ike_key *b)
{
	return a->len && a->len == b->len && !memcmp(a->b, b->b, a->len);
}

/* True when the sealed message buf summarises, decrypted, as want. */
static bool summary_is(const struct ikesa *reader, const uint8_t *buf,
		       size_t len, const char *want)
{
	struct ike_msg *m = malloc(sizeof(*m));
	uint8_t *plain = NULL;
	char line[256] = "";
	bool ok;

	ok = m && !ike_auth_open(reader, IKE_AUTH, m, buf, len, &plain);
	if (ok)
		ike_msg_summary(m, line, sizeof(line));
	free(plain);
	free(m);
	if (strcmp(line, want))
		printf("#   summary \"%s\", want \"%s\"\n", line, want);
	return ok && !strcmp(line, want);
}

static void test_seed_exchange(void)
{
	struct ike_auth_conn c = carol_conn();
	char line[512], want[512];
	struct run r;

	run_auth(&r, &c, 2);
	CHECK(summary_is(r.p.sr, r.p.si->last_req.data, r.p.si->last_req.len,
			 "IKE_AUTH request 1 [ IDi CERT CERTREQ IDr AUTH "
			 "N(USE_TRANSP) SA TSi TSr ]"));
	CHECK(r.vr == IKE_AUTH_OK);
	CHECK(summary_is(r.p.si, r.p.out.data, r.p.out.len,
			 "IKE_AUTH response 1 [ IDr CERT AUTH N(USE_TRANSP) SA "
			 "TSi TSr ]"));
	CHECK(r.vi == IKE_AUTH_OK);
	CHECK(r.p.sr->state == IKE_STATE_ESTABLISHED);
	CHECK(r.p.si->state == IKE_STATE_ESTABLISHED);
	CHECK(r.p.tr.half_open == 0);
	CHECK(r.cr.installed && r.ci.installed);
	CHECK(r.cr.conn == &moon_conns[0]);
	CHECK(r.cr.mode == IKE_MODE_TRANSPORT_PROXY &&
	      r.ci.mode == IKE_MODE_TRANSPORT_PROXY);
	CHECK(r.cr.reqid == 1 && r.ci.reqid == 1);
	CHECK(r.cr.spi_in == r.ci.spi_out && r.cr.spi_out == r.ci.spi_in);
	CHECK(r.cr.spi_in >> 16 == ((0xc000u ^ 1) & 0xffff));
	CHECK(key_eq(ike_child_enc_in(&r.cr), ike_child_enc_out(&r.ci)));
	CHECK(key_eq(ike_child_enc_out(&r.cr), ike_child_enc_in(&r.ci)));
	CHECK(key_eq(ike_child_integ_in(&r.cr), ike_child_integ_out(&r.ci)));
	CHECK(key_eq(ike_child_integ_out(&r.cr), ike_child_integ_in(&r.ci)));
	CHECK(!key_eq(ike_child_enc_in(&r.cr), ike_child_enc_out(&r.cr)));
	CHECK(r.cr.xfrm.enc && !strcmp(r.cr.xfrm.enc, "cbc(aes)"));
	CHECK(r.cr.xfrm.integ && !strcmp(r.cr.xfrm.integ, "hmac(sha1)"));
	CHECK(r.cr.xfrm.trunc_bits == 96 && r.cr.xfrm.enc_bits == 128);
	/* RFC 4877: moon binds the SAs to carol's HoA, not her CoA */
	{
		char s[IKE_ADDR_STRLEN];

		CHECK(!strcmp(ike_addr_str(&r.cr.bind_remote, s, sizeof(s)),
			      "2001:1::10[0]"));
		CHECK(!strcmp(ike_addr_str(&r.cr.bind_local, s, sizeof(s)),
			      "2001:1::1[0]"));
		CHECK(!strcmp(ike_addr_str(&r.ci.bind_local, s, sizeof(s)),
			      "2001:1::10[0]"));
	}
	snprintf(want, sizeof(want),
		 "CHILD_SA carol-mh{1} established with SPIs %08x_i %08x_o "
		 "and TS 2001:1::1/128[135] === 2001:1::10/128[135]",
		 r.cr.spi_in, r.cr.spi_out);
	ike_child_summary(&r.cr, 1, line, sizeof(line));
	CHECK(!strcmp(line, want));
	if (strcmp(line, want))
		printf("#   got \"%s\"\n", line);
	run_free(&r);
}

/* The AUTH method of the sealed message buf, as reader decrypts it. */
static int auth_method(const struct ikesa *reader, const uint8_t *buf,
		       size_t len)
{
	struct ike_msg *m = malloc(sizeof(*m));
	const struct ike_payload *a = NULL;
	uint8_t *plain = NULL;
	int method = -1;

	if (m && !ike_auth_open(reader, IKE_AUTH, m, buf, len, &plain))
		a = ike_msg_find(m, IKE_PL_AUTH, NULL);
	if (a)
		method = a->u.auth.method;
	free(plain);
	free(m);
	return method;
}

/* The seed's 4.2 charon: method 1; Debian's 5.9: RFC 7427 (14). */
static void test_auth_methods(void)
{
	struct ike_auth_conn c = carol_conn();
	struct run r;

	like_charon_42 = true;
	run_auth(&r, &c, 2);
	like_charon_42 = false;
	CHECK(r.vr == IKE_AUTH_OK && r.vi == IKE_AUTH_OK);
	CHECK(auth_method(r.p.sr, r.p.si->last_req.data,
			  r.p.si->last_req.len) == IKE_AUTH_RSA);
	CHECK(auth_method(r.p.si, r.p.out.data, r.p.out.len) == IKE_AUTH_RSA);
	run_free(&r);

	run_auth(&r, &c, 2);
	CHECK(r.vr == IKE_AUTH_OK && r.vi == IKE_AUTH_OK);
	CHECK(r.cr.installed && r.ci.installed);
	CHECK(auth_method(r.p.sr, r.p.si->last_req.data,
			  r.p.si->last_req.len) == IKE_AUTH_DIGITAL_SIGNATURE);
	CHECK(auth_method(r.p.si, r.p.out.data, r.p.out.len) ==
	      IKE_AUTH_DIGITAL_SIGNATURE);
	run_free(&r);
}

/* The seed's second child, carol-tunnel, as a tunnel (no USE_TRANSP). */
static void test_tunnel_child(void)
{
	struct ike_auth_conn c = carol_conn(), saved = moon_conns[1];
	uint8_t any[16] = { 0 };
	char line[512], want[512];
	struct ike_ts all;
	struct run r;

	CHECK(!ike_ts_from_prefix(AF_INET6, any, 0, 0, 0, 0xffff, &all));
	moon_conns[1].name = "carol-tunnel";
	moon_conns[1].remote_id = moon_conns[0].remote_id;
	moon_conns[1].local_ts = all;
	moon_conns[1].remote_ts = host_ts("2001:1::10", 0);
	moon_conns[1].mode = IKE_MODE_TUNNEL;
	moon_conns[1].reqid = 2;
	c.local_ts = host_ts("2001:1::10", 0);
	c.remote_ts = all;
	c.mode = IKE_MODE_TUNNEL;
	c.reqid = 2;
	run_auth(&r, &c, 2);
	CHECK(r.cr.conn == &moon_conns[1]);
	CHECK(summary_is(r.p.si, r.p.out.data, r.p.out.len,
			 "IKE_AUTH response 1 [ IDr CERT AUTH SA TSi TSr ]"));
	CHECK(r.vr == IKE_AUTH_OK && r.vi == IKE_AUTH_OK);
	CHECK(r.cr.installed && r.ci.installed);
	CHECK(r.cr.mode == IKE_MODE_TUNNEL && r.ci.mode == IKE_MODE_TUNNEL);
	CHECK(r.cr.reqid == 2 && r.cr.spi_in == r.ci.spi_out);
	CHECK(r.cr.bind_remote.family == 0);
	snprintf(want, sizeof(want),
		 "CHILD_SA carol-tunnel{2} established with SPIs %08x_i %08x_o "
		 "and TS ::/0 === 2001:1::10/128", r.cr.spi_in, r.cr.spi_out);
	ike_child_summary(&r.cr, 2, line, sizeof(line));
	CHECK(!strcmp(line, want));
	if (strcmp(line, want))
		printf("#   got \"%s\"\n", line);
	moon_conns[1] = saved;
	run_free(&r);
}

/*
 * The mode asked for outweighs narrowing: a transport request for MH of
 * any type is wider than moon's carol-mh (MH type 0, the seed's 135/0)
 * and fits carol-tunnel (::/0) unnarrowed, yet must get carol-mh in
 * transport mode, not a tunnel the mobile did not ask for.
 */
static void test_mode_outweighs_narrowing(void)
{
	struct ike_auth_conn c = carol_conn();
	struct ike_auth_conn saved0 = moon_conns[0], saved1 = moon_conns[1];
	uint8_t any[16] = { 0 };
	struct ike_ts all;
	struct run r;

	CHECK(!ike_ts_from_prefix(AF_INET6, any, 0, 0, 0, 0xffff, &all));
	moon_conns[0].local_ts.end_port = 0;
	moon_conns[0].remote_ts.end_port = 0;
	moon_conns[1].name = "carol-tunnel";
	moon_conns[1].remote_id = moon_conns[0].remote_id;
	moon_conns[1].local_ts = all;
	moon_conns[1].remote_ts = host_ts("2001:1::10", 0);
	moon_conns[1].mode = IKE_MODE_TUNNEL;
	run_auth(&r, &c, 2);
	CHECK(r.vr == IKE_AUTH_OK && r.vi == IKE_AUTH_OK);
	CHECK(r.cr.conn == &moon_conns[0]);
	CHECK(r.cr.mode == IKE_MODE_TRANSPORT_PROXY && r.ci.installed);
	moon_conns[0] = saved0;
	moon_conns[1] = saved1;
	run_free(&r);
}

static void test_retransmission(void)
{
	struct ike_auth_conn c = carol_conn();
	struct ike_buf again;
	struct ike_child ch;
	struct run r;

	run_auth(&r, &c, 2);
	CHECK(r.vr == IKE_AUTH_OK);
	ike_buf_init(&again);
	CHECK(ike_auth_respond(r.p.sr, &r.cfg, r.p.si->last_req.data,
			       r.p.si->last_req.len, &again, &ch) ==
	      IKE_AUTH_REPLY);
	CHECK(again.len == r.p.out.len &&
	      !memcmp(again.data, r.p.out.data, again.len));
	CHECK(!ch.installed);
	/* the initiator already has its answer: a second copy is dropped */
	CHECK(ike_auth_process(r.p.si, again.data, again.len, &ch) ==
	      IKE_AUTH_DROP);
	ike_buf_free(&again);
	run_free(&r);
}

/* The responder refused the peer: both ends end DEAD. */
static void check_auth_failed(struct run *r, const char *why)
{
	CHECK(r->vr == IKE_AUTH_FAILED);
	CHECK(r->p.sr->state == IKE_STATE_DEAD);
	CHECK(summary_is(r->p.si, r->p.out.data, r->p.out.len,
			 "IKE_AUTH response 1 [ N(AUTH_FAILED) ]"));
	CHECK(r->vi == IKE_AUTH_FAILED);
	CHECK(r->p.si->state == IKE_STATE_DEAD);
	CHECK(!r->cr.installed && !r->ci.installed);
	CHECK(strstr(r->cr.why, why) != NULL);
	if (!strstr(r->cr.why, why))
		printf("#   why \"%s\", want \"%s\"\n", r->cr.why, why);
}

static void test_revoked_expired(void)
{
	struct ike_auth_conn c = carol_conn();
	struct run r;

	c.cert = revoked_id.cert;
	c.key = revoked_id.key;
	c.local_id = id_of(IKE_ID_RFC822_ADDR, "revoked@strongswan.org");
	run_auth(&r, &c, 3);
	check_auth_failed(&r, "certificate status of \"C=CH, O=Linux "
			  "strongSwan, CN=revoked@strongswan.org\": revoked");
	run_free(&r);

	c.cert = expired_id.cert;
	c.key = expired_id.key;
	c.local_id = id_of(IKE_ID_RFC822_ADDR, "expired@strongswan.org");
	run_auth(&r, &c, 3);
	check_auth_failed(&r, "certificate status of \"C=CH, O=Linux "
			  "strongSwan, CN=expired@strongswan.org\": expired");
	run_free(&r);
}

static void test_wrong_id(void)
{
	struct ike_auth_conn c = carol_conn();
	struct run r;

	/* carol claiming dave's identity: no conn for it at moon... */
	c.local_id = id_of(IKE_ID_RFC822_ADDR, "eve@strongswan.org");
	run_auth(&r, &c, 2);
	check_auth_failed(&r, "no matching peer config found for "
			  "'eve@strongswan.org'");
	run_free(&r);

	/* ...and with one, her certificate does not carry it */
	c.local_id = id_of(IKE_ID_RFC822_ADDR, "dave@strongswan.org");
	run_auth(&r, &c, 2);
	check_auth_failed(&r, "does not confirm identity 'dave@strongswan.org'");
	run_free(&r);
}

static void test_bad_signature(void)
{
	struct ike_auth_conn c = carol_conn();
	struct run r;
	size_t n;

	/* carol's certificate, dave's key: the AUTH does not verify */
	c.key = dave_id.key;
	run_auth(&r, &c, 2);
	check_auth_failed(&r, "authentication of 'carol@strongswan.org' with "
			  "RFC 7427 signature failed");
	run_free(&r);

	/* moon signing with the wrong key: carol refuses the answer */
	c = carol_conn();
	moon_conns[0].key = dave_id.key;
	run_auth(&r, &c, 2);
	moon_conns[0].key = moon_id.key;
	CHECK(r.vr == IKE_AUTH_OK && r.vi == IKE_AUTH_FAILED);
	CHECK(r.p.si->state == IKE_STATE_DEAD && !r.ci.installed);
	CHECK(strstr(r.ci.why, "authentication of 'moon.strongswan.org' "
			       "with RFC 7427 signature failed") != NULL);
	run_free(&r);

	/* a flipped octet inside SK fails the ICV: dropped, no answer */
	memset(&r, 0, sizeof(r));
	pair_init(&r.p);
	r.cfg = (struct ike_auth_resp_cfg){ .conns = moon_conns, .n_conns = 2,
					    .alloc_spi = alloc_spi };
	CHECK(!ike_auth_start(r.p.si, &c, alloc_spi, NULL, &r.ci));
	n = r.p.si->last_req.len;
	r.p.si->last_req.data[n - 40] ^= 1;
	CHECK(ike_auth_respond(r.p.sr, &r.cfg, r.p.si->last_req.data, n,
			       &r.p.out, &r.cr) == IKE_AUTH_DROP);
	CHECK(r.p.out.len == 0 && r.p.sr->state == IKE_STATE_INIT_DONE);
	run_free(&r);
}

/* The child failed but the IKE SA stands (RFC 7296 1.2). */
static void check_child_refused(struct run *r, uint16_t notify,
				const char *summary)
{
	CHECK(r->vr == IKE_AUTH_OK && r->vi == IKE_AUTH_OK);
	CHECK(r->p.sr->state == IKE_STATE_ESTABLISHED);
	CHECK(r->p.si->state == IKE_STATE_ESTABLISHED);
	CHECK(!r->cr.installed && !r->ci.installed);
	CHECK(r->cr.notify == notify && r->ci.notify == notify);
	CHECK(summary_is(r->p.si, r->p.out.data, r->p.out.len, summary));
}

static void test_no_proposal(void)
{
	struct ike_auth_conn c = carol_conn();
	struct run r;

	c.esp = &esp_other;
	run_auth(&r, &c, 2);
	check_child_refused(&r, IKE_N_NO_PROPOSAL_CHOSEN,
			    "IKE_AUTH response 1 [ IDr CERT AUTH N(NO_PROP) ]");
	run_free(&r);
}

static void test_ts_unacceptable(void)
{
	struct ike_auth_conn c = carol_conn();
	struct run r;

	/* a HoA moon has no conn for */
	c.local_ts = host_ts("2001:1::99", 135);
	run_auth(&r, &c, 2);
	check_child_refused(&r, IKE_N_TS_UNACCEPTABLE,
			    "IKE_AUTH response 1 [ IDr CERT AUTH N(TS_UNACCEPT) ]");
	run_free(&r);
}

/* Narrowing: a wider proposal is cut down to the configured host. */
static void test_narrowing(void)
{
	struct ike_ts wide, out[IKE_TS_MAX], cfg = host_ts("2001:1::10", 135);
	struct ike_tsp prop = { .n = 1, .ts = &wide };
	uint8_t a[16] = { 0x20, 0x01, 0x00, 0x01 };
	char s[IKE_TS_STRLEN];

	CHECK(!ike_ts_from_prefix(AF_INET6, a, 64, 0, 0, 0xffff, &wide));
	CHECK(!strcmp(ike_ts_str(&wide, s, sizeof(s)), "2001:1::/64"));
	CHECK(ike_ts_narrow(&prop, &cfg, out) == 1);
	CHECK(!strcmp(ike_ts_str(&out[0], s, sizeof(s)),
		      "2001:1::10/128[135]"));
	CHECK(ike_ts_within(&out[0], &wide) && !ike_ts_within(&wide, &cfg));
	wide.proto = 6;
	CHECK(ike_ts_narrow(&prop, &cfg, out) == 0);
}

int main(void)
{
	char cmd[256], err[256];

	inet_pton(AF_INET6, "2001::41a:a8ff:fe6f:c67", carol.ip);
	inet_pton(AF_INET6, "2001:1::1", moon.ip);
	if (!mkdtemp(dir))
		return 1;
	snprintf(cmd, sizeof(cmd), "tests/fixtures/mkcerts.sh %s", dir);
	if (system(cmd)) {
		printf("not ok 1 - tests/fixtures/mkcerts.sh (strongSwan's pki) failed\n");
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "%s/ipsec.d/cacerts", dir);
	snprintf(err, sizeof(err), "%s/ipsec.d/crls", dir);
	{
		char e[256];

		if (ca_store_load(&store, cmd, err, e, sizeof(e))) {
			printf("not ok 1 - ca_store_load: %s\n", e);
			return 1;
		}
	}
	CHECK(!ike_props_parse("aes128-sha1!", IKE_PROTO_ESP, &esp_seed, err,
			       sizeof(err)));
	CHECK(!ike_props_parse("aes256gcm16!", IKE_PROTO_ESP, &esp_other, err,
			       sizeof(err)));
	ident_load(&moon_id, "moon");
	ident_load(&carol_id, "carol");
	ident_load(&dave_id, "dave");
	ident_load(&revoked_id, "revoked");
	ident_load(&expired_id, "expired");
	moon_conns_init();

	TEST(test_seed_exchange);
	TEST(test_auth_methods);
	TEST(test_mode_outweighs_narrowing);
	TEST(test_tunnel_child);
	TEST(test_retransmission);
	TEST(test_revoked_expired);
	TEST(test_wrong_id);
	TEST(test_bad_signature);
	TEST(test_no_proposal);
	TEST(test_ts_unacceptable);
	TEST(test_narrowing);

	ident_free(&moon_id);
	ident_free(&carol_id);
	ident_free(&dave_id);
	ident_free(&revoked_id);
	ident_free(&expired_id);
	ca_store_free(store);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 1;
	return CHECK_DONE();
}
