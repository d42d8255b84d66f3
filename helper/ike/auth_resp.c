// SPDX-License-Identifier: GPL-2.0
/*
 * IKE_AUTH as the responder (auth.h): open the request, choose the peer
 * config by the initiator's identity and selectors, check its
 * certificate and AUTH, answer with ours and the CHILD_SA.
 *
 * A failed authentication is answered, encrypted, with
 * AUTHENTICATION_FAILED and kills the IKE SA (RFC 7296 2.21.2). A
 * CHILD_SA that cannot be made does not: the IKE SA is established and
 * the answer carries the child's error notify (RFC 7296 1.2).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "auth.h"
#include "names.h"

/* Whether every selector of p lies within cfg (no narrowing needed). */
static bool all_within(const struct ike_tsp *p, const struct ike_ts *cfg)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!ike_ts_within(&p->ts[i], cfg))
			return false;
	return true;
}

/*
 * How well conn fits what m proposes: -1 when its selectors leave
 * nothing of the proposal; else 2 when the mode the initiator asked for
 * (transport or not) is the conn's, plus 1 when no narrowing is needed.
 * So the seed's carol-mh (MH selectors, transport) and carol-tunnel
 * (::/0, tunnel) each win their own request although narrowing could
 * fit either request into either conn, and a transport request whose
 * selectors are wider than carol-mh's (MH of any type) still gets
 * carol-mh rather than being answered in tunnel mode.
 */
static int conn_score(const struct ike_auth_conn *conn, const struct ike_msg *m)
{
	const struct ike_payload *tsi = ike_msg_find(m, IKE_PL_TSI, NULL);
	const struct ike_payload *tsr = ike_msg_find(m, IKE_PL_TSR, NULL);
	bool transport = ike_msg_notify(m, IKE_N_USE_TRANSPORT_MODE) != NULL;
	struct ike_ts tmp[IKE_TS_MAX];
	int score = 0;

	if (!tsi || !tsr || !ike_ts_narrow(&tsi->u.ts, &conn->remote_ts, tmp) ||
	    !ike_ts_narrow(&tsr->u.ts, &conn->local_ts, tmp))
		return -1;
	if (transport == (conn->mode != IKE_MODE_TUNNEL))
		score += 2;
	if (all_within(&tsi->u.ts, &conn->remote_ts) &&
	    all_within(&tsr->u.ts, &conn->local_ts))
		score++;
	return score;
}

/*
 * Among the conns whose remote id takes IDi and whose local id is the
 * IDr the initiator asked for (if it did), the best conn_score(), the
 * first on a tie. When no selectors fit, the first conn matching the
 * identities, so the answer is TS_UNACCEPTABLE rather than
 * AUTHENTICATION_FAILED.
 */
static const struct ike_auth_conn *
pick_conn(const struct ike_auth_resp_cfg *cfg, const struct ike_msg *m,
	  const struct ike_id *idi)
{
	const struct ike_payload *idr = ike_msg_find(m, IKE_PL_IDR, NULL);
	const struct ike_auth_conn *best = NULL;
	int best_score = -2;
	size_t i;

	for (i = 0; i < cfg->n_conns; i++) {
		const struct ike_auth_conn *c = &cfg->conns[i];
		int score;

		if (!ike_auth_id_match(&c->remote_id, idi) ||
		    (idr && !ike_auth_id_match(&c->local_id, &idr->u.id)))
			continue;
		score = conn_score(c, m);
		if (score > best_score) {
			best = c;
			best_score = score;
		}
	}
	return best;
}

/* Seals inner as our response, caches it, moves the message ID on. */
static int answer(struct ikesa *sa, struct ike_buf *inner,
		  struct ike_buf *out)
{
	uint32_t msgid = sa->msgid_next_in;
	int ret;

	ret = ike_auth_seal(sa, IKE_AUTH, msgid, true, inner, out);
	if (!ret)
		ret = ike_cached_set(&sa->last_resp, out->data, out->len,
				     msgid);
	if (!ret)
		sa->msgid_next_in++;
	return ret;
}

static int auth_failed(struct ikesa *sa, struct ike_buf *out)
{
	struct ike_buf inner;
	int ret;

	ike_buf_init(&inner);
	ike_build_inner(&inner);
	ike_auth_add_notify(&inner, IKE_N_AUTHENTICATION_FAILED);
	ret = answer(sa, &inner, out);
	ike_buf_free(&inner);
	ike_sa_set_state(sa, IKE_STATE_DEAD);
	return ret ? ret : IKE_AUTH_FAILED;
}

/* An address without port, as charon writes hosts in these lines. */
static const char *host_str(const struct ike_addr *a, char *buf, size_t len)
{
	if (!inet_ntop(a->family, a->ip, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

/*
 * "IKE_SA carol-mh established between 2001:1::1[moon.strongswan.org]
 * ...2001::41a:a8ff:fe6f:c67[carol@strongswan.org]" and the CHILD_SA.
 */
static void log_established(const struct ikesa *sa,
			    const struct ike_auth_conn *conn,
			    const struct ike_id *peer_id,
			    const struct ike_child *child)
{
	char l[INET6_ADDRSTRLEN], p[INET6_ADDRSTRLEN], hoa[INET6_ADDRSTRLEN];
	char lid[256], pid[256];

	host_str(&sa->peer, p, sizeof(p));
	log_info("IKE_SA %s established between %s[%s]...%s[%s]", conn->name,
		 host_str(&sa->local, l, sizeof(l)),
		 ike_auth_id_str(&conn->local_id, lid, sizeof(lid)), p,
		 ike_auth_id_str(peer_id, pid, sizeof(pid)));
	if (!child->installed)
		return;
	if (child->mode == IKE_MODE_TRANSPORT_PROXY)
		log_info("other address: %s is a transport mode proxy for %s",
			 p, host_str(&child->bind_remote, hoa, sizeof(hoa)));
}

/* The decrypted request m: authenticate, then build the answer. */
static int handle(struct ikesa *sa, const struct ike_auth_resp_cfg *cfg,
		  const struct ike_msg *m, struct ike_buf *inner,
		  struct ike_buf *out, struct ike_child *child)
{
	const struct ike_payload *idp = ike_msg_find(m, IKE_PL_IDI, NULL);
	char ids[256];
	int ret;

	if (!idp) {
		snprintf(child->why, sizeof(child->why), "no IDi in IKE_AUTH");
		log_info("%s", child->why);
		return auth_failed(sa, out);
	}
	child->conn = pick_conn(cfg, m, &idp->u.id);
	if (!child->conn) {
		snprintf(child->why, sizeof(child->why),
			 "no matching peer config found for '%s'",
			 ike_auth_id_str(&idp->u.id, ids, sizeof(ids)));
		log_info("%s", child->why);
		return auth_failed(sa, out);
	}
	log_info("found matching peer config \"%s\"", child->conn->name);
	if (ike_auth_verify_peer(sa, child->conn->cas, m, idp, child->why,
				 sizeof(child->why)))
		return auth_failed(sa, out);
	ret = ike_auth_add_id_cert(child->conn, IKE_PL_IDR, inner);
	if (!ret)
		ret = ike_auth_add_sig(sa, child->conn, inner);
	if (!ret)
		ret = ike_child_respond(child, sa, m, cfg->alloc_spi,
					cfg->spi_ctx, inner);
	if (!ret)
		ret = answer(sa, inner, out);
	if (ret)
		return ret;
	ike_sa_set_state(sa, IKE_STATE_ESTABLISHED);
	log_established(sa, child->conn, &idp->u.id, child);
	return IKE_AUTH_OK;
}

/*
 * Header checks that need no keys: true when buf may be a fresh
 * request; otherwise *v says what to do with it (DROP, or REPLY with the
 * cached answer in out).
 */
static bool precheck(const struct ikesa *sa, const uint8_t *buf, size_t len,
		     struct ike_buf *out, int *v)
{
	const struct ike_cached *c;
	struct ike_err err;
	struct ike_hdr h;

	*v = IKE_AUTH_DROP;
	if (ike_hdr_parse(&h, buf, len, &err) || h.exchange != IKE_AUTH ||
	    (h.flags & IKE_FLAG_RESPONSE) || !(h.flags & IKE_FLAG_INITIATOR))
		return false;
	c = ike_sa_cached_response(sa, h.msgid);
	if (c && h.msgid) {
		/* RFC 7296 2.1: a retransmission gets the same answer */
		log_info("IKE_SA %016" PRIx64 "_i: IKE_AUTH request %u retransmitted, "
			 "resending the response", sa->spi_i, h.msgid);
		ike_buf_reserve(out, c->len);
		*v = out->err ? out->err : IKE_AUTH_REPLY;
		if (!out->err)
			memcpy(out->data, c->data, c->len);
		return false;
	}
	return sa->state == IKE_STATE_INIT_DONE && h.msgid == sa->msgid_next_in;
}

int ike_auth_respond(struct ikesa *sa, const struct ike_auth_resp_cfg *cfg,
		     const uint8_t *buf, size_t len, struct ike_buf *out,
		     struct ike_child *child)
{
	struct ike_msg *m;
	struct ike_buf inner;
	uint8_t *plain = NULL;
	int v;

	memset(child, 0, sizeof(*child));
	if (!precheck(sa, buf, len, out, &v))
		return v;
	m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	ike_buf_init(&inner);
	ike_build_inner(&inner);
	v = ike_auth_open(sa, IKE_AUTH, m, buf, len, &plain);
	if (v == -ENOMEM)
		goto out;
	/* a message that fails its ICV may be forged: no answer */
	v = v ? IKE_AUTH_DROP : handle(sa, cfg, m, &inner, out, child);
out:
	ike_buf_free(&inner);
	free(plain);
	free(m);
	return v;
}
