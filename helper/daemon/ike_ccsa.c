// SPDX-License-Identifier: GPL-2.0
/*
 * CREATE_CHILD_SA as responder (RFC 7296 1.3): a further CHILD_SA on an
 * established IKE SA, which is how a charon mobile brings up its second
 * conn (the seed's "CREATE_CHILD_SA request 2 [ SA No KE TSi TSr ]"),
 * the rekey of a CHILD_SA (N(REKEY_SA) naming it), or, with an IKE
 * proposal, the rekey of the IKE SA (ike_rekey.c).
 * A new CHILD_SA's conn is chosen among those whose peer identity is
 * the one that authenticated the IKE SA, by selectors and mode; a
 * rekeyed one keeps its conn and so its reqid, and the old SAs stay
 * until the peer deletes them (RFC 7296 2.8: the rekey's initiator
 * does). The KE payload gives PFS: KEYMAT = prf+(SK_d, g^ir | Ni | Nr)
 * with this exchange's nonces.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/log.h"
#include "../ike/auth.h"
#include "../ike/conns.h"
#include "../ike/init.h"
#include "../ike/message.h"
#include "../ike/names.h"
#include "../ike/ts.h"
#include "ike.h"
#include "kernel.h"

/*
 * Narrows the request's selectors to conn's into c (the peer's TSi is
 * our remote side). exact: the peer's first selectors must lie within
 * ours, so that of two conns sharing a host (carol-mh and carol-tunnel)
 * the one the peer means is taken, not any that overlaps.
 */
static bool narrow(struct ike_child *c, const struct ike_msg *m, bool exact)
{
	const struct ike_payload *tsi = ike_msg_find(m, IKE_PL_TSI, NULL);
	const struct ike_payload *tsr = ike_msg_find(m, IKE_PL_TSR, NULL);
	const struct ike_auth_conn *conn = c->conn;

	if (!tsi || !tsr || !tsi->u.ts.n || !tsr->u.ts.n)
		return false;
	if (exact && (!ike_ts_within(&tsi->u.ts.ts[0], &conn->remote_ts) ||
		      !ike_ts_within(&tsr->u.ts.ts[0], &conn->local_ts)))
		return false;
	return ike_child_narrow(c, m);
}

static bool id_equal(const struct ike_id *a, const struct ike_id *b)
{
	return a->type == b->type && a->data.len == b->data.len &&
	       (!a->data.len || !memcmp(a->data.ptr, b->data.ptr, a->data.len));
}

/*
 * Whether k may carry the request: for a rekey only the rekeyed
 * CHILD_SA's own conn, else any conn of the authenticated peer.
 */
static bool candidate(const struct ike_conns *cs, size_t i,
		      const struct ike_auth_conn *auth,
		      const struct ike_child_sa *old)
{
	if (old)
		return cs->cc[i] == old->conn;
	return id_equal(&cs->v[i].remote_id, &auth->remote_id);
}

/* The conn for the request among cs (see candidate()). */
static bool pick(const struct ike_conns *cs, const struct ike_auth_conn *auth,
		 const struct ike_child_sa *old, const struct ike_msg *m,
		 struct ike_child *c)
{
	bool transport = ike_msg_notify(m, IKE_N_USE_TRANSPORT_MODE) != NULL;
	int pass;
	size_t i;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < cs->n; i++) {
			const struct ike_auth_conn *k = &cs->v[i];

			if (!candidate(cs, i, auth, old) ||
			    (!pass && transport != (k->mode != IKE_MODE_TUNNEL)))
				continue;
			c->conn = k;
			c->mode = transport ? k->mode : IKE_MODE_TUNNEL;
			if (narrow(c, m, !pass))
				return true;
		}
	}
	return false;
}

static const struct ike_auth_conn *find_conn(const struct ike_conns *cs,
					     const struct conf_conn *cc)
{
	size_t i;

	for (i = 0; cc && i < cs->n; i++)
		if (cs->cc[i] == cc)
			return &cs->v[i];
	return NULL;
}

int ike_refuse(struct ike_buf *inner, uint16_t type, const char *why)
{
	const char *name = ike_notify_name(type);

	log_info("%s, sending %s", why, name ? name : "?");
	return ike_auth_add_notify(inner, type);
}

int ike_invalid_ke(struct ike_buf *inner, uint16_t group)
{
	uint8_t g[2] = { group >> 8, group & 0xff };
	struct ike_notify n = { .type = IKE_N_INVALID_KE_PAYLOAD,
				.data = IKE_CHUNK(g, 2) };

	log_info("KE of another DH group, sending INVALID_KE_PAYLOAD (%u)",
		 group);
	return ike_build_notify(inner, &n);
}

/* Our KE for group into pub, g^ir into gir. 0 or -errno. */
static int dh_exchange(uint16_t group, const struct ike_payload *ke,
		       uint8_t *pub, size_t *pub_len, uint8_t *gir,
		       size_t *gir_len)
{
	struct ike_dh_key *dh;
	int ret;

	*pub_len = ike_dh_public_len(group);
	*gir_len = ike_dh_secret_len(group);
	if (*pub_len > IKE_DH_PUB_MAX || *gir_len > IKE_DH_PUB_MAX)
		return -EMSGSIZE;
	ret = ike_dh_new(group, &dh);
	if (ret)
		return ret;
	ret = ike_dh_public(dh, pub, *pub_len);
	if (!ret)
		ret = ike_dh_compute(dh, ke->u.ke.data.ptr, ke->u.ke.data.len,
				     gir, *gir_len);
	ike_dh_free(dh);
	return ret;
}

/* What the exchange computes besides the child: our nonce and KE. */
struct ccsa_out {
	uint8_t nr[IKE_INIT_NONCE_LEN];
	uint8_t pub[IKE_DH_PUB_MAX];
	size_t pub_len;
	uint16_t group;
};

/* Keys, names and addresses of c for suite (c->installed); 0 or -errno. */
static int child_keys(struct ike_child *c, const struct ikesa *sa,
		      const struct ike_suite *suite, const struct ike_msg *m,
		      struct ccsa_out *o)
{
	const struct ike_payload *np = ike_msg_find(m, IKE_PL_NONCE, NULL);
	const struct ike_payload *ke = ike_msg_find(m, IKE_PL_KE, NULL);
	uint8_t gir[IKE_DH_PUB_MAX];
	size_t gir_len = 0;
	int ret;

	o->group = suite->dh;
	if (!np)
		return -EBADMSG;
	if (suite->dh != IKE_DH_NONE) {
		if (!ke)
			return -EBADMSG;
		ret = dh_exchange(suite->dh, ke, o->pub, &o->pub_len, gir,
				  &gir_len);
		if (ret)
			return ret;
	}
	ike_init_nonce(o->nr);
	ret = ike_child_finish_with(c, sa, suite, IKE_CHUNK(gir, gir_len),
				    np->u.nonce, IKE_CHUNK(o->nr, sizeof(o->nr)));
	ike_cleanse(gir, sizeof(gir));
	return ret;
}

/* N(USE_TRANSPORT_MODE) SA Nr [KE] TSi TSr, as charon orders them. */
static int answer(const struct ike_child *c, const struct ike_selected *sel,
		  const struct ccsa_out *o, struct ike_buf *inner)
{
	struct ike_tsp tsi = { .n = c->n_remote, .ts = c->remote };
	struct ike_tsp tsr = { .n = c->n_local, .ts = c->local };
	struct ike_ke ke = { .group = o->group,
			     .data = IKE_CHUNK(o->pub, o->pub_len) };
	struct ike_sa_one one;
	uint8_t spi[4];

	if (c->mode != IKE_MODE_TUNNEL)
		ike_auth_add_notify(inner, IKE_N_USE_TRANSPORT_MODE);
	ike_put32(spi, c->spi_in);
	ike_selected_sa(sel, spi, sizeof(spi), &one);
	ike_build_sa(inner, &one.sa);
	ike_build_nonce(inner, o->nr, sizeof(o->nr));
	if (o->group != IKE_DH_NONE)
		ike_build_ke(inner, &ke);
	ike_build_ts(inner, IKE_PL_TSI, &tsi);
	return ike_build_ts(inner, IKE_PL_TSR, &tsr);
}

/* Negotiates, allocates, answers and installs c. */
static int negotiate(struct ike_daemon *d, struct ike_sa_info *e,
		     const struct ike_conns *cs, const struct ike_msg *m,
		     struct ike_child *c, struct ike_buf *inner)
{
	struct ikesa *sa = e->sa;
	const struct ike_payload *sap = ike_msg_find(m, IKE_PL_SA, NULL);
	const struct ike_payload *ke = ike_msg_find(m, IKE_PL_KE, NULL);
	struct ike_selected sel;
	struct ccsa_out o = { 0 };
	int ret;

	ret = sap ? ike_props_select(c->conn->esp, &sap->u.sa, 0,
				     ke ? ke->u.ke.group : 0, &sel) : -ENOENT;
	if (ret == -EAGAIN)
		return ike_invalid_ke(inner, sel.suite.dh);
	if (ret || sel.proto != IKE_PROTO_ESP || sel.spi_len != 4)
		return ike_refuse(inner, IKE_N_NO_PROPOSAL_CHOSEN,
			      "no acceptable ESP proposal found");
	c->initiator = false;
	c->reqid = c->conn->reqid;
	c->spi_out = ike_get32(sel.spi);
	ret = child_keys(c, sa, &sel.suite, m, &o);
	if (!ret)
		ret = kernel_alloc_spi(&d->xfrm, &sa->local, &sa->peer,
				       c->reqid, &c->spi_in);
	if (ret) {
		c->installed = false;
		return ike_refuse(inner, IKE_N_NO_PROPOSAL_CHOSEN,
			      "CHILD_SA keys or SPI unavailable");
	}
	ike_child_install(d, e, cs, c);
	return answer(c, &sel, &o, inner);
}

/*
 * The CHILD_SA a N(REKEY_SA) names: its SPI is the sender's inbound
 * one, our outbound. NULL without the notify; *missing when it names
 * none of e's.
 */
static struct ike_child_sa *rekeyed(const struct ike_sa_info *e,
				    const struct ike_msg *m, bool *missing)
{
	const struct ike_payload *n = ike_msg_notify(m, IKE_N_REKEY_SA);
	struct ike_child_sa *old;

	*missing = false;
	if (!n)
		return NULL;
	old = n->u.notify.spi.len == 4 ?
		ike_child_by_spi(e, ike_get32(n->u.notify.spi.ptr), false) :
		NULL;
	*missing = !old;
	return old;
}

static bool rekeys_ike(const struct ike_msg *m)
{
	const struct ike_payload *sap = ike_msg_find(m, IKE_PL_SA, NULL);

	return sap && sap->u.sa.n && sap->u.sa.prop[0].proto == IKE_PROTO_IKE;
}

static int respond_child(struct ike_daemon *d, struct ike_sa_info *e,
			 const struct ike_conns *cs, const struct ike_msg *m,
			 struct ike_child *c, struct ike_buf *inner)
{
	const struct ike_auth_conn *auth = find_conn(cs, e->conn);
	struct ike_child_sa *old;
	bool missing;
	int ret;

	old = rekeyed(e, m, &missing);
	if (missing)
		return ike_refuse(inner, IKE_N_CHILD_SA_NOT_FOUND,
			      "REKEY_SA names no CHILD_SA of this IKE_SA");
	if (!auth)
		return ike_refuse(inner, IKE_N_NO_PROPOSAL_CHOSEN,
			      "IKE_SA has no authenticated conn");
	if (!pick(cs, auth, old, m, c))
		return ike_refuse(inner, IKE_N_TS_UNACCEPTABLE,
			      "traffic selectors unacceptable");
	ret = negotiate(d, e, cs, m, c, inner);
	if (!ret && old && c->installed) {
		old->rekeying = true;
		old->rekey_at = 0;
		log_info("CHILD_SA %s{%u} rekeyed by the peer, reqid %u kept; "
			 "the old SPIs %08x_i %08x_o go with its Delete",
			 old->conn->ic->name, old->uid, old->reqid,
			 old->spi_in, old->spi_out);
	}
	return ret;
}

int ike_ccsa_respond(struct ike_daemon *d, struct ike_sa_info *e,
		     const struct ike_msg *m, struct ike_buf *inner)
{
	struct ike_child *c;
	struct ike_conns cs;
	int ret;

	if (e->sa->state == IKE_STATE_REKEYING)
		return ike_refuse(inner, IKE_N_TEMPORARY_FAILURE,
			      "IKE_SA is being rekeyed");
	if (rekeys_ike(m))
		return ike_rekey_respond(d, e, m, inner);
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	ret = ike_conns_build(d->conf, &e->sa->local, &e->sa->peer, &cs);
	if (ret) {
		free(c);
		return ret;
	}
	ret = respond_child(d, e, &cs, m, c, inner);
	ike_child_clear(c);
	free(c);
	ike_conns_free(&cs);
	return ret;
}
