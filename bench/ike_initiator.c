// SPDX-License-Identifier: GPL-2.0
/*
 * bench/ike_initiator - the load generator of bench/ike_setup: IKE_SA +
 * CHILD_SA establishments against one responder, as the seed's carol
 * (carol@strongswan.org, the test PKI's certificate) asking for conn
 * carol-mh (transport_proxy, MH between her HoA and the HA) or
 * carol-tunnel, suite aes128-sha1-modp2048 for IKE and ESP.
 *
 * Each establishment is IKE_SA_INIT, IKE_AUTH with its CHILD_SA, then an
 * INFORMATIONAL Delete of the IKE SA, each waiting for its answer, so
 * that SAs do not pile up in the responder. The initiator is the
 * helper's own pure-logic code (ike/init.h, ike/auth.h) over one UDP
 * socket on port 500: it installs nothing (its SPIs are a counter) and
 * its DH keys are made before the clock starts (ike_init_start for every
 * establishment up front), so per establishment it does one DH
 * computation, one RSA signature and the checks of the responder's
 * certificate and AUTH; the responder does a DH key, a DH computation,
 * a signature, the checks, and installs the CHILD_SA.
 *
 * Warm-up establishments (the first ESP SA loads the kernel's modules)
 * run first, untimed; then COUNT timed ones with CONCURRENT in flight at
 * once. Retransmissions (after RETRANSMIT_MS) are counted and printed;
 * a failed establishment ends the run with its reason and exit status 1,
 * and nothing is printed for it.
 *
 * Output: a summary per run, one line for scripts,
 *   result LABEL c=C n=N rate=R setup_med=MS setup_p90=MS resp_med=MS
 *	resp_p90=MS del_med=MS retrans=K
 * with rate in establishments per second; setup from sending IKE_SA_INIT
 * to the IKE_AUTH answer checked; resp the responder's share of it (the
 * two round trips, each from the last send of the request to its
 * answer); del the Delete's round trip. --samples appends the raw
 * figures to a file, so that a script can pool several runs.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../helper/ca/ca.h"
#include "../helper/common/log.h"
#include "../helper/ike/auth.h"
#include "../helper/ike/init.h"
#include "../helper/ike/message.h"
#include "../helper/ike/proposal.h"
#include "../helper/ike/sa.h"
#include "../helper/ike/ts.h"

#define SUITE		"aes128-sha1-modp2048!"
#define RETRANSMIT_MS	4000
#define MAX_TRIES	5
#define DGRAM_MAX	65536
#define SLOTS_MAX	64

/* --- what every establishment shares ---------------------------------- */

static struct ike_sa_table table;
static struct ike_props ike_props, esp_props;
static struct ike_sa_offer offer;
static struct ike_auth_conn conn;
static struct ike_addr local = { .family = AF_INET6, .port = 500 };
static struct ike_addr peer = { .family = AF_INET6, .port = 500 };
static int sock = -1;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ike_initiator: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

/* Our inbound SPIs: the initiator installs nothing, a counter will do. */
static int alloc_spi(void *ctx, uint32_t reqid, uint32_t *spi)
{
	static uint32_t next = 0xc0000000;

	(void)ctx;
	(void)reqid;
	*spi = ++next;
	return 0;
}

static struct ike_ts host_ts(const char *addr, unsigned int plen,
			     uint8_t proto, uint16_t lo, uint16_t hi)
{
	uint8_t a[16];
	struct ike_ts ts;

	if (inet_pton(AF_INET6, addr, a) != 1 ||
	    ike_ts_from_prefix(AF_INET6, a, plen, proto, lo, hi, &ts))
		die("bad selector address %s", addr);
	return ts;
}

static struct ike_id id_of(uint8_t type, const char *s)
{
	return (struct ike_id){ .type = type,
				.data = IKE_CHUNK((const uint8_t *)s,
						  strlen(s)) };
}

/*
 * Credentials from the test PKI and carol's side of carol-mh (or
 * carol-tunnel), as selftests/charon.sh's ch_mn_conf writes it.
 */
static void setup_conn(const char *pki, const char *name, const char *hoa,
		       const char *ha, const char *rid, bool tunnel)
{
	static char lid[128];
	static struct ca_store *cas;
	static struct ca_cert *cert;
	static struct ca_key *key;
	char path[512], crls[512], err[256];

	snprintf(path, sizeof(path), "%s/ipsec.d/cacerts", pki);
	snprintf(crls, sizeof(crls), "%s/ipsec.d/crls", pki);
	if (ca_store_load(&cas, path, crls, err, sizeof(err)))
		die("CA store: %s", err);
	snprintf(path, sizeof(path), "%s/ipsec.d/certs/%sCert.pem", pki, name);
	if (ca_cert_load(path, &cert, err, sizeof(err)))
		die("%s", err);
	snprintf(path, sizeof(path), "%s/ipsec.d/private/%sKey.pem", pki, name);
	if (ca_key_load(path, NULL, &key, err, sizeof(err)))
		die("%s", err);
	snprintf(lid, sizeof(lid), "%s@strongswan.org", name);
	if (ike_props_parse(SUITE, IKE_PROTO_IKE, &ike_props, err, sizeof(err)) ||
	    ike_props_parse(SUITE, IKE_PROTO_ESP, &esp_props, err, sizeof(err)))
		die("%s", err);
	if (ike_props_offer(&ike_props, NULL, 0, 0, &offer))
		die("cannot build the IKE offer");
	conn = (struct ike_auth_conn){
		.name = tunnel ? "carol-tunnel" : "carol-mh",
		.local_id = id_of(IKE_ID_RFC822_ADDR, lid),
		.remote_id = id_of(IKE_ID_FQDN, rid),
		.cert = cert, .key = key, .cas = cas,
		.esp = &esp_props,
		.mode = tunnel ? IKE_MODE_TUNNEL : IKE_MODE_TRANSPORT_PROXY,
		.reqid = tunnel ? 2 : 1,
	};
	/*
	 * leftprotoport=135/0 as ch_mn_conf writes it: proto 135, port
	 * (MH type) 0 only. A wider MH selector would fit carol-tunnel's
	 * ::/0 without narrowing, and mipxfrmd prefers that to the mode.
	 */
	if (tunnel) {
		conn.local_ts = host_ts(hoa, 128, 0, 0, 0xffff);
		conn.remote_ts = host_ts("::", 0, 0, 0, 0xffff);
	} else {
		conn.local_ts = host_ts(hoa, 128, 135, 0, 0);
		conn.remote_ts = host_ts(ha, 128, 135, 0, 0);
	}
}

static void open_socket(const char *laddr)
{
	struct sockaddr_in6 sin = { .sin6_family = AF_INET6,
				    .sin6_port = htons(500) };

	memcpy(&sin.sin6_addr, local.ip, 16);
	sock = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (sock < 0 || bind(sock, (struct sockaddr *)&sin, sizeof(sin)))
		die("UDP [%s]:500: %s", laddr, strerror(errno));
}

static void send_msg(const struct ike_cached *c)
{
	struct sockaddr_in6 sin = { .sin6_family = AF_INET6,
				    .sin6_port = htons(peer.port) };

	memcpy(&sin.sin6_addr, peer.ip, 16);
	if (sendto(sock, c->data, c->len, 0, (struct sockaddr *)&sin,
		   sizeof(sin)) != (ssize_t)c->len)
		die("send: %s", strerror(errno));
}

/* --- one establishment --------------------------------------------------- */

enum step { STEP_INIT, STEP_AUTH, STEP_DELETE, STEP_DONE };

struct est {
	struct ikesa *sa;	/* made before the clock starts */
	enum step step;
	struct ike_child child;
	double t_start;		/* IKE_SA_INIT first sent */
	double t_sent;		/* the current request last sent */
	double t_established;	/* IKE_AUTH answer checked */
	double resp;		/* the two round trips */
	double del;		/* the Delete's round trip */
	double t_done;
	unsigned int tries;	/* sends of the current request */
};

static unsigned int retransmissions;

static void send_request(struct est *e)
{
	send_msg(&e->sa->last_req);
	e->t_sent = now_ms();
	e->tries++;
	if (e->tries > 1)
		retransmissions++;
}

static void start(struct est *e)
{
	e->step = STEP_INIT;
	e->tries = 0;
	e->t_start = now_ms();
	send_request(e);
}

/* INFORMATIONAL with Delete(IKE) into sa->last_req; the SA to DELETING. */
static void send_delete(struct est *e)
{
	struct ike_delete d = { .proto = IKE_PROTO_IKE };
	struct ikesa *sa = e->sa;
	struct ike_buf inner, out;
	uint32_t msgid = sa->msgid_next_out;
	int err;

	ike_buf_init(&inner);
	ike_buf_init(&out);
	ike_build_inner(&inner);
	ike_build_delete(&inner, &d);
	err = ike_auth_seal(sa, IKE_INFORMATIONAL, msgid, false, &inner, &out);
	if (!err)
		err = ike_cached_set(&sa->last_req, out.data, out.len, msgid);
	ike_buf_free(&inner);
	ike_buf_free(&out);
	if (err)
		die("building the Delete: %s", strerror(-err));
	sa->msgid_next_out++;
	ike_sa_set_state(sa, IKE_STATE_DELETING);
	e->step = STEP_DELETE;
	e->tries = 0;
	send_request(e);
}

static void on_init(struct est *e, const uint8_t *buf, size_t len)
{
	struct ike_msg *m = malloc(sizeof(*m));
	const struct ike_payload *sap;
	struct ike_selected sel;
	const struct ike_suite *suite = NULL;
	struct ike_err perr;
	double rtt = now_ms() - e->t_sent;
	int v, err;

	if (!m)
		die("out of memory");
	if (ike_msg_parse(m, buf, len, &perr)) {
		free(m);
		return;
	}
	sap = ike_msg_find(m, IKE_PL_SA, NULL);
	if (sap && !ike_props_check_answer(&ike_props, &sap->u.sa, 0, &sel))
		suite = &sel.suite;
	v = ike_init_process(e->sa, &offer.sa, m, buf, len, suite);
	free(m);
	if (v == IKE_INIT_DROP)
		return;
	if (v == IKE_INIT_RETRY) {
		e->tries = 0;
		send_request(e);
		return;
	}
	if (v != IKE_INIT_OK)
		die("IKE_SA_INIT failed (%d)", v);
	e->resp = rtt;
	err = ike_auth_start(e->sa, &conn, alloc_spi, NULL, &e->child);
	if (err)
		die("IKE_AUTH request: %s", strerror(-err));
	e->step = STEP_AUTH;
	e->tries = 0;
	send_request(e);
}

static void on_auth(struct est *e, const uint8_t *buf, size_t len)
{
	double t = now_ms();
	int v = ike_auth_process(e->sa, buf, len, &e->child);

	if (v == IKE_AUTH_DROP)
		return;
	if (v != IKE_AUTH_OK)
		die("IKE_AUTH failed (%d): %s", v, e->child.why);
	if (!e->child.installed)
		die("IKE_AUTH: no CHILD_SA (notify %u) %s", e->child.notify,
		    e->child.why);
	e->resp += t - e->t_sent;
	e->t_established = t;
	ike_child_clear(&e->child);
	send_delete(e);
}

static void on_delete(struct est *e, const struct ike_hdr *h,
		      const uint8_t *buf, size_t len)
{
	double t = now_ms();
	struct ike_msg *m;
	uint8_t *plain = NULL;
	int err;

	if (h->exchange != IKE_INFORMATIONAL || h->msgid != e->sa->last_req.msgid)
		return;
	m = malloc(sizeof(*m));
	if (!m)
		die("out of memory");
	err = ike_auth_open(e->sa, IKE_INFORMATIONAL, m, buf, len, &plain);
	free(plain);
	free(m);
	if (err)
		return;		/* not the answer: keep waiting */
	e->del = t - e->t_sent;
	e->t_done = t;
	e->step = STEP_DONE;
	ike_sa_set_state(e->sa, IKE_STATE_DEAD);
	ike_sa_free(e->sa);
	e->sa = NULL;
}

/* --- the loop -------------------------------------------------------------- */

static struct est *est;
static size_t n_est;

/* The establishment a datagram is for: our SPI is SPIi. */
static struct est *find(uint64_t spi_i)
{
	struct ikesa *sa = ike_sa_table_find(&table, spi_i);
	size_t i;

	if (!sa)
		return NULL;
	for (i = 0; i < n_est; i++)
		if (est[i].sa == sa)
			return &est[i];
	return NULL;
}

static void input(uint8_t *buf)
{
	struct ike_err perr;
	struct ike_hdr h;
	struct est *e;
	ssize_t n;

	while ((n = recv(sock, buf, DGRAM_MAX, 0)) > 0) {
		if (ike_hdr_parse(&h, buf, (size_t)n, &perr) ||
		    !(h.flags & IKE_FLAG_RESPONSE))
			continue;
		e = find(h.spi_i);
		if (!e)
			continue;
		if (e->step == STEP_INIT)
			on_init(e, buf, (size_t)n);
		else if (e->step == STEP_AUTH)
			on_auth(e, buf, (size_t)n);
		else if (e->step == STEP_DELETE)
			on_delete(e, &h, buf, (size_t)n);
	}
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		die("recv: %s", strerror(errno));
}

/*
 * Runs est[from, to) with at most conc in flight, in order of index;
 * returns when all are done.
 */
static void run(size_t from, size_t to, unsigned int conc, uint8_t *buf)
{
	struct est *active[SLOTS_MAX];
	unsigned int n_active = 0, i;
	size_t next = from;

	while (next < to || n_active) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		double t, wake;
		int timeout;

		while (n_active < conc && next < to)
			start(active[n_active++] = &est[next++]);
		wake = 1e300;
		for (i = 0; i < n_active; i++)
			if (active[i]->t_sent + RETRANSMIT_MS < wake)
				wake = active[i]->t_sent + RETRANSMIT_MS;
		t = now_ms();
		timeout = wake <= t ? 0 : (int)(wake - t) + 1;
		if (poll(&pfd, 1, timeout) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (pfd.revents & POLLIN)
			input(buf);
		t = now_ms();
		for (i = 0; i < n_active;) {
			struct est *e = active[i];

			if (e->step == STEP_DONE) {
				active[i] = active[--n_active];
				continue;
			}
			if (t - e->t_sent >= RETRANSMIT_MS) {
				if (e->tries >= MAX_TRIES)
					die("no answer from the responder after %u sends (step %d)",
					    e->tries, e->step);
				send_request(e);
			}
			i++;
		}
	}
}

/* --- figures ----------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile p (0..100) of v[n], sorted in place. */
static double pct(double *v, size_t n, double p)
{
	size_t k;

	qsort(v, n, sizeof(*v), cmp_double);
	k = (size_t)(p / 100.0 * n + 0.999999);
	return v[k ? k - 1 : 0];
}

static void report(const char *label, size_t first, size_t n,
		   unsigned int conc, const char *samples)
{
	double *setup = calloc(n, sizeof(double));
	double *resp = calloc(n, sizeof(double));
	double *del = calloc(n, sizeof(double));
	double t0 = est[first].t_start, t1 = 0, secs, rate;
	double s50, s90, r50, r90, d50;
	size_t i;

	if (!setup || !resp || !del)
		die("out of memory");
	for (i = 0; i < n; i++) {
		const struct est *e = &est[first + i];

		setup[i] = e->t_established - e->t_start;
		resp[i] = e->resp;
		del[i] = e->del;
		if (e->t_done > t1)
			t1 = e->t_done;
	}
	secs = (t1 - t0) / 1e3;
	rate = n / secs;
	s50 = pct(setup, n, 50);
	s90 = pct(setup, n, 90);
	r50 = pct(resp, n, 50);
	r90 = pct(resp, n, 90);
	d50 = pct(del, n, 50);
	printf("%s: %zu establishments, %u at a time, in %.2f s: %.2f/s\n",
	       label, n, conc, secs, rate);
	printf("%s: setup ms median %.1f p90 %.1f; responder's share median %.1f p90 %.1f; delete median %.1f; retransmissions %u\n",
	       label, s50, s90, r50, r90, d50, retransmissions);
	printf("result %s c=%u n=%zu rate=%.3f setup_med=%.1f setup_p90=%.1f resp_med=%.1f resp_p90=%.1f del_med=%.1f retrans=%u\n",
	       label, conc, n, rate, s50, s90, r50, r90, d50, retransmissions);
	fflush(stdout);
	if (samples) {
		FILE *f = fopen(samples, "a");

		if (!f)
			die("%s: %s", samples, strerror(errno));
		fprintf(f, "T %zu %.6f\n", n, secs);
		for (i = 0; i < n; i++) {
			const struct est *e = &est[first + i];

			fprintf(f, "S %.3f %.3f %.3f\n",
				e->t_established - e->t_start, e->resp, e->del);
		}
		if (fclose(f))
			die("%s: %s", samples, strerror(errno));
	}
	free(setup);
	free(resp);
	free(del);
}

/* --- --crypto: what the primitives cost here ------------------------- */

/* The mean of n runs of one primitive in ms, printed as "NAME: MS". */
#define TIME(name, n, stmt) do {					\
		double t0_ = now_ms();					\
		for (unsigned long k_ = 0; k_ < (n); k_++)		\
			stmt;						\
		printf("crypto %s: %.2f ms\n", name, (now_ms() - t0_) / (n)); \
	} while (0)

/*
 * The per-establishment work, one primitive at a time: a MODP-2048 key
 * as OpenSSL makes it (a short private exponent) and with a full-length
 * one (2048 bits, as charon's default), g^ir with each, an RSA-2048
 * AUTH signature (method 1) and its check, a certificate's check.
 */
static void crypto_times(unsigned long n)
{
	static uint8_t octets[1024], priv[256], pub[256], gir[256];
	struct ike_dh_key *dh = NULL, *other = NULL, *full = NULL;
	uint8_t *sig = NULL;
	size_t siglen = 0;
	char why[256];
	int bad = 0;

	if (ike_dh_new(IKE_DH_MODP2048, &other) ||
	    ike_dh_public(other, pub, sizeof(pub)) ||
	    ike_random(priv, sizeof(priv)) || ike_random(octets, sizeof(octets)))
		die("DH setup");
	priv[0] = 0x7f;		/* below p (whose top octets are all ones) */
	TIME("DH key, OpenSSL's default exponent", n,
	     (ike_dh_free(dh), bad |= ike_dh_new(IKE_DH_MODP2048, &dh)));
	TIME("DH g^ir, OpenSSL's default exponent", n,
	     bad |= ike_dh_compute(dh, pub, sizeof(pub), gir, sizeof(gir)));
	TIME("DH key, 2048-bit exponent", n,
	     (ike_dh_free(full), bad |= ike_dh_new_private(IKE_DH_MODP2048,
							    priv, sizeof(priv),
							    &full)));
	TIME("DH g^ir, 2048-bit exponent", n,
	     bad |= ike_dh_compute(full, pub, sizeof(pub), gir, sizeof(gir)));
	TIME("RSA-2048 AUTH signature", n,
	     (free(sig), sig = NULL,
	      bad |= ca_sign(conn.key, CA_AUTH_RSA, 0, octets, sizeof(octets),
			     &sig, &siglen)));
	TIME("RSA-2048 AUTH check", n,
	     bad |= ca_verify_auth(conn.cert, CA_AUTH_RSA, octets,
				   sizeof(octets), sig, siglen, why,
				   sizeof(why)));
	TIME("certificate check (chain, dates, CRL)", n,
	     bad |= ca_cert_verify(conn.cas, conn.cert, why, sizeof(why)));
	if (bad)
		die("a primitive failed");
	fflush(stdout);
	free(sig);
	ike_dh_free(dh);
	ike_dh_free(full);
	ike_dh_free(other);
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: ike_initiator --local ADDR --pki DIR [OPTIONS]\n"
		"IKE_SA_INIT + IKE_AUTH + Delete against the responder, as carol.\n"
		"  --local ADDR      our address (bound to UDP port 500)\n"
		"  --remote ADDR     the responder (default 2001:1::1)\n"
		"  --pki DIR         DIR/ipsec.d as selftests' mkcerts.sh lays it out\n"
		"  --name NAME       certificate NAMECert.pem, id NAME@strongswan.org (carol)\n"
		"  --hoa ADDR        the Home Address in the selectors (2001:1::10)\n"
		"  --rid ID          the responder's FQDN id (moon.strongswan.org)\n"
		"  --tunnel          ask for carol-tunnel, not carol-mh\n"
		"  -n, --count N     timed establishments (default 100)\n"
		"  -w, --warmup W    untimed first (default 3)\n"
		"  -c, --concurrent C  timed ones in flight at once (default 1)\n"
		"  -l, --label NAME  names the output lines (default ike)\n"
		"  -v, --verbose     the IKE library's info log on stderr\n"
		"  -s, --samples FILE  append \"T N SECS\" and per establishment\n"
		"                    \"S SETUP_MS RESP_MS DELETE_MS\" to FILE\n"
		"      --crypto N    instead: the mean cost of each primitive over N runs\n"
		"                    (needs only --pki)\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "local", required_argument, NULL, 'L' },
		{ "remote", required_argument, NULL, 'R' },
		{ "pki", required_argument, NULL, 'P' },
		{ "name", required_argument, NULL, 'N' },
		{ "hoa", required_argument, NULL, 'H' },
		{ "rid", required_argument, NULL, 'I' },
		{ "tunnel", no_argument, NULL, 'T' },
		{ "count", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "concurrent", required_argument, NULL, 'c' },
		{ "label", required_argument, NULL, 'l' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "crypto", required_argument, NULL, 'C' },
		{ "samples", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *laddr = NULL, *raddr = "2001:1::1", *pki = NULL;
	const char *name = "carol", *hoa = "2001:1::10";
	const char *rid = "moon.strongswan.org", *label = "ike";
	const char *samples = NULL;
	unsigned long count = 100, warmup = 3, conc = 1, crypto = 0;
	bool tunnel = false;
	uint8_t *buf;
	size_t i;
	int o, err;

	log_level = LOG_WARNING;
	while ((o = getopt_long(argc, argv, "n:w:c:l:s:vh", opts, NULL)) != -1) {
		switch (o) {
		case 'L': laddr = optarg; break;
		case 'R': raddr = optarg; break;
		case 'P': pki = optarg; break;
		case 'N': name = optarg; break;
		case 'H': hoa = optarg; break;
		case 'I': rid = optarg; break;
		case 'T': tunnel = true; break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 'w': warmup = strtoul(optarg, NULL, 0); break;
		case 'c': conc = strtoul(optarg, NULL, 0); break;
		case 'l': label = optarg; break;
		case 'v': log_level = LOG_INFO; break;
		case 'C': crypto = strtoul(optarg, NULL, 0); break;
		case 's': samples = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (crypto && pki && optind == argc) {
		setup_conn(pki, name, hoa, raddr, rid, tunnel);
		crypto_times(crypto);
		return 0;
	}
	if (!laddr || !pki || optind != argc || !count || !conc ||
	    conc > SLOTS_MAX || conc > count) {
		usage(stderr);
		return 2;
	}
	if (inet_pton(AF_INET6, laddr, local.ip) != 1 ||
	    inet_pton(AF_INET6, raddr, peer.ip) != 1)
		die("--local and --remote take IPv6 addresses");

	setup_conn(pki, name, hoa, raddr, rid, tunnel);
	ike_sa_table_init(&table);
	open_socket(laddr);
	buf = malloc(DGRAM_MAX);
	n_est = warmup + count;
	est = calloc(n_est, sizeof(*est));
	if (!buf || !est)
		die("out of memory");
	/* Nonces and DH keys before the clock starts. */
	for (i = 0; i < n_est; i++) {
		err = ike_init_start(&table, &offer.sa, ike_props.p[0].dh[0],
				     &local, &peer, &est[i].sa);
		if (err)
			die("IKE_SA_INIT request: %s", strerror(-err));
	}
	if (warmup)
		run(0, warmup, 1, buf);
	retransmissions = 0;
	run(warmup, n_est, (unsigned int)conc, buf);
	report(label, warmup, count, (unsigned int)conc, samples);
	free(est);
	free(buf);
	close(sock);
	return 0;
}
