// SPDX-License-Identifier: GPL-2.0
/*
 * IKE SA rekeying (RFC 7296 1.3.2, 2.18), both roles. A CREATE_CHILD_SA
 * exchange on the old IKE SA, as charon sends it:
 *
 *	SA(IKE proposals, SPI: the new SA's SPIi) Ni KEi   ->
 *	                 <-   SA(the chosen one, SPI: the new SA's SPIr) Nr KEr
 *
 * makes a new IKE SA whose initiator is whoever started the rekey (not
 * the original initiator), keyed from the old one: SKEYSEED =
 * prf(SK_d (old), g^ir | Ni | Nr), message IDs from 0 both ways, no
 * authentication (the old SA's carries over). The new SA takes the old
 * one's CHILD_SAs (untouched in the kernel: only their own rekeys use
 * the new SK_d), its conn and its queued tasks, under a new number as
 * charon gives it ("IKE_SA dave-mh[2] rekeyed ..."); the rekey's
 * initiator then deletes the old SA with a Delete sent on the old SA.
 *
 * States: the new SA goes CREATED -> INIT_DONE (keys derived) ->
 * ESTABLISHED before it enters the SA table, so it never counts as
 * half-open and ike_daemon_expire() never takes it; the state machine's
 * guard against CREATED -> ESTABLISHED (no keys) stays as it is. The old
 * SA is REKEYING while the exchange is in flight (ike_task_next() starts
 * nothing more on it: what is queued meanwhile moves to the new SA),
 * then DELETING (we initiated) or REKEYING until the peer's Delete
 * (the peer initiated; ike_info_respond() drops it, with no CHILD_SA
 * left on it). A refused rekey leaves it ESTABLISHED and tries again
 * IKE_REKEY_RETRY seconds later, or at once with the group asked for
 * after INVALID_KE_PAYLOAD.
 *
 * Collisions (2.8.1, 2.8.2) are kept simple: a peer's IKE rekey on an SA
 * with any request of ours in flight, our own IKE rekey included, gets
 * TEMPORARY_FAILURE (2.25), so no answer ever arrives on an SA whose
 * CHILD_SAs have moved; the peer retries later (charon, with its own
 * rekey answered by us meanwhile, lets ours win).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "../ike/auth.h"
#include "../ike/message.h"
#include "../ike/names.h"
#include "../ike/proposal.h"
#include "ike.h"

/* Seconds before a refused rekey of ours is tried again. */
#define IKE_REKEY_RETRY	30

static const char *name(const struct ike_sa_info *e)
{
	return e->conn ? e->conn->ic->name : "?";
}

/*
 * The DH group of our KEi: the old SA's when ike= still allows it (the
 * peer chose it once with the same proposals, so it will again; charon
 * does the same), else the first proposal's. 0: none configured.
 */
static uint16_t our_group(const struct ike_props *ike, uint16_t old)
{
	size_t i, j;

	for (i = 0; old && i < ike->n; i++)
		for (j = 0; j < ike->p[i].n_dh; j++)
			if (ike->p[i].dh[j] == old)
				return old;
	return ike->n && ike->p[0].n_dh ? ike->p[0].dh[0] : 0;
}

static bool group_allowed(const struct ike_props *ike, uint16_t group)
{
	size_t i, j;

	for (i = 0; group && i < ike->n; i++)
		for (j = 0; j < ike->p[i].n_dh; j++)
			if (ike->p[i].dh[j] == group)
				return true;
	return false;
}

/*
 * Keys of the new SA n (SPIs set) from the old SA's SK_d, g^ir of dh and
 * the peer's KE, and the exchange's nonces; n's nonces, suite and NAT
 * state with them. 0 or -errno.
 */
static int derive(struct ikesa *n, const struct ikesa *old,
		  const struct ike_suite *s, const struct ike_dh_key *dh,
		  const struct ike_ke *ke, struct ike_chunk ni,
		  struct ike_chunk nr)
{
	uint8_t gir[IKE_DH_PUB_MAX], spi_i[8], spi_r[8];
	size_t len = ike_dh_secret_len(s->dh);
	int ret;

	if (!len || len > sizeof(gir))
		return -ENOTSUP;
	if (ni.len < IKE_NONCE_MIN || ni.len > IKE_NONCE_MAX ||
	    nr.len < IKE_NONCE_MIN || nr.len > IKE_NONCE_MAX)
		return -EMSGSIZE;
	ret = ike_dh_compute(dh, ke->data.ptr, ke->data.len, gir, len);
	if (ret)
		return ret;
	ike_put64(spi_i, n->spi_i);
	ike_put64(spi_r, n->spi_r);
	ret = ike_keys_sa_rekey(&old->keys, s, IKE_CHUNK(gir, len), ni, nr,
				spi_i, spi_r, &n->keys);
	ike_cleanse(gir, sizeof(gir));
	if (ret)
		return ret;
	memcpy(n->ni, ni.ptr, ni.len);
	n->ni_len = ni.len;
	memcpy(n->nr, nr.ptr, nr.len);
	n->nr_len = nr.len;
	n->suite = *s;
	n->have_keys = true;
	/* same endpoints, so the same NAT situation (keepalives, ports) */
	n->local_natted = old->local_natted;
	n->peer_natted = old->peer_natted;
	return 0;
}

/*
 * n (keyed) to ESTABLISHED and into the SA table, then tracked: the
 * daemon's entry for it, or NULL (n is freed then, logged).
 */
static struct ike_sa_info *establish(struct ike_daemon *d, struct ikesa *n)
{
	int ret;

	ret = ike_sa_set_state(n, IKE_STATE_INIT_DONE);
	if (!ret)
		ret = ike_sa_set_state(n, IKE_STATE_ESTABLISHED);
	if (!ret)
		ret = ike_sa_table_add(&d->t, n);
	if (ret) {
		log_err("IKE_SA %016" PRIx64 "_i %016" PRIx64 "_r: not "
			"established: %s", n->spi_i, n->spi_r, strerror(-ret));
		ike_sa_free(n);
		return NULL;
	}
	return ike_sa_track(d, n);
}

/* The new SA ne takes over from old: CHILD_SAs, conn, queued tasks. */
static void adopt(struct ike_sa_info *ne, struct ike_sa_info *old)
{
	char a[IKE_ADDR_STRLEN], b[IKE_ADDR_STRLEN], suite[128];

	ne->conn = old->conn;	/* old keeps it too, to be named in logs */
	ne->children = old->children;
	old->children = NULL;
	ne->queue = old->queue;
	old->queue = NULL;
	ne->established = ne->last_in = ike_now();
	ike_sa_schedule(ne);
	old->rekey_at = 0;
	ike_suite_str(&ne->sa->suite, suite, sizeof(suite));
	log_info("IKE_SA %s[%u] rekeyed between %s...%s (%s), replacing "
		 "IKE_SA %s[%u]", name(ne), ne->uid,
		 ike_addr_str(&ne->sa->local, a, sizeof(a)),
		 ike_addr_str(&ne->sa->peer, b, sizeof(b)), suite,
		 name(old), old->uid);
}

/* --- initiator ------------------------------------------------------- */

int ike_rekey_request(struct ike_daemon *d, struct ike_sa_info *e,
		      struct ike_buf *inner)
{
	struct ike_request *r = &e->req;
	const struct ike_props *ike;
	uint8_t spi[8], pub[IKE_DH_PUB_MAX];
	struct ike_sa_offer *offer;
	struct ike_ke ke;
	uint16_t group;
	int ret;

	(void)d;
	if (!e->conn || e->sa->state != IKE_STATE_ESTABLISHED)
		return -EINVAL;
	ike = &e->conn->ike;
	/* the group the peer asked for (see failed()), else ours */
	group = r->task.dh_group ? r->task.dh_group :
				   our_group(ike, e->sa->suite.dh);
	if (!group)
		return -EINVAL;
	r->new_sa = ike_sa_new(true, &e->sa->local, &e->sa->peer);
	if (!r->new_sa)
		return -ENOMEM;
	ret = ike_dh_new(group, &r->dh);
	if (!ret)
		ret = ike_init_ke(r->dh, pub, sizeof(pub), &ke);
	if (ret)
		return ret;
	offer = malloc(sizeof(*offer));	/* large: every proposal of ike= */
	if (!offer)
		return -ENOMEM;
	ike_put64(spi, r->new_sa->spi_i);
	ret = ike_props_offer(ike, spi, sizeof(spi), 0, offer);
	ike_init_nonce(r->nonce);
	if (!ret) {
		ike_build_sa(inner, &offer->sa);
		ike_build_nonce(inner, r->nonce, sizeof(r->nonce));
		ret = ike_build_ke(inner, &ke);
	}
	free(offer);
	if (ret)
		return ret;
	log_info("rekeying IKE_SA %s[%u], new SPI %016" PRIx64 "_i, KE of "
		 "group %u", name(e), e->uid, r->new_sa->spi_i, group);
	return ike_sa_set_state(e->sa, IKE_STATE_REKEYING);
}

/*
 * Our rekey was refused or unusable: e goes on as it was. Retried at
 * once with the group an INVALID_KE_PAYLOAD names when ike= allows it
 * and this was not already such a retry, else IKE_REKEY_RETRY later.
 */
static void failed(struct ike_daemon *d, struct ike_sa_info *e,
		   const char *why, uint16_t want_group)
{
	bool again = want_group && !e->req.task.dh_group &&
		     group_allowed(&e->conn->ike, want_group);

	ike_sa_set_state(e->sa, IKE_STATE_ESTABLISHED);
	if (again) {
		log_info("IKE_SA %s[%u]: rekeying failed: %s; again with DH "
			 "group %u", name(e), e->uid, why, want_group);
		/* queued behind the request in flight: starts once it is done */
		if (!ike_task_add_rekey(d, e, want_group))
			return;
	}
	log_info("IKE_SA %s[%u]: rekeying failed: %s; retrying in %ds",
		 name(e), e->uid, why, IKE_REKEY_RETRY);
	e->rekey_at = ike_now() + IKE_REKEY_RETRY;
}

/* The first error notify of m as "NAME", and the group INVALID_KE asks. */
static bool refused(const struct ike_msg *m, char *why, size_t len,
		    uint16_t *group)
{
	const struct ike_payload *p = NULL;
	const struct ike_notify *n;
	const char *nm;

	while ((p = ike_msg_find(m, IKE_PL_NOTIFY, p))) {
		n = &p->u.notify;
		if (n->type >= 16384)	/* status, not error (RFC 7296 3.10.1) */
			continue;
		nm = ike_notify_name(n->type);
		if (nm)
			snprintf(why, len, "peer sent %s", nm);
		else
			snprintf(why, len, "peer sent error notify %u", n->type);
		if (n->type == IKE_N_INVALID_KE_PAYLOAD && n->data.len == 2)
			*group = ike_get16(n->data.ptr);
		return true;
	}
	return false;
}

/*
 * Starts the Delete of the old SA e in e's request slot, directly: e is
 * REKEYING, so ike_task_next() would not start a queued one. Drops e
 * when the Delete cannot be sent (nothing is left on it to lose).
 */
static void delete_old(struct ike_daemon *d, struct ike_sa_info *e)
{
	struct ike_buf inner;
	int ret;

	ike_req_done(d, e);
	e->req.task.kind = IKE_TASK_IKE_DELETE;
	ike_buf_init(&inner);
	ike_build_inner(&inner);
	ret = ike_info_request(d, e, &inner);
	if (!ret)
		ret = ike_req_send(d, e, IKE_INFORMATIONAL, &inner);
	ike_buf_free(&inner);
	if (ret) {
		ike_sa_set_state(e->sa, IKE_STATE_DEAD);
		ike_sa_drop(d, e);
	}
}

/*
 * Returns true also when e lives on: its request slot then holds the
 * Delete of e, which the caller must not finish as the rekey's.
 */
bool ike_rekey_answer(struct ike_daemon *d, struct ike_sa_info *e,
		      const struct ike_msg *m)
{
	const struct ike_payload *sap = ike_msg_find(m, IKE_PL_SA, NULL);
	const struct ike_payload *ke = ike_msg_find(m, IKE_PL_KE, NULL);
	const struct ike_payload *np = ike_msg_find(m, IKE_PL_NONCE, NULL);
	struct ike_request *r = &e->req;
	struct ikesa *n = r->new_sa;
	struct ike_sa_info *ne;
	struct ike_selected sel;
	uint16_t want = 0;
	char why[96];
	int ret;

	if (refused(m, why, sizeof(why), &want)) {
		failed(d, e, why, want);
		return false;
	}
	if (!n || !sap ||
	    ike_props_check_answer(&e->conn->ike, &sap->u.sa, 0, &sel) ||
	    sel.proto != IKE_PROTO_IKE || sel.spi_len != IKE_SPI_SIZE_IKE ||
	    !ike_get64(sel.spi)) {
		failed(d, e, "no acceptable proposal in the answer", 0);
		return false;
	}
	if (!ke || !np || !r->dh || ke->u.ke.group != sel.suite.dh ||
	    ike_dh_group(r->dh) != sel.suite.dh) {
		failed(d, e, "answer without KE of our group or nonce", 0);
		return false;
	}
	n->spi_r = ike_get64(sel.spi);
	ret = derive(n, e->sa, &sel.suite, r->dh, &ke->u.ke,
		     IKE_CHUNK(r->nonce, sizeof(r->nonce)), np->u.nonce);
	if (ret) {
		failed(d, e, strerror(-ret), 0);
		return false;
	}
	r->new_sa = NULL;	/* establish() keeps or frees it */
	ne = establish(d, n);
	if (!ne) {
		failed(d, e, "new IKE_SA not kept", 0);
		return false;
	}
	adopt(ne, e);
	ike_task_next(d, ne);	/* what waited for the rekey */
	delete_old(d, e);
	return true;
}

/* --- responder ------------------------------------------------------- */

/* SA(our SPIr) Nr KEr, as charon answers ("[ SA No KE ]"). */
static int answer(const struct ike_selected *sel, const struct ikesa *n,
		  const struct ike_dh_key *dh, struct ike_buf *inner)
{
	uint8_t spi[8], pub[IKE_DH_PUB_MAX];
	struct ike_sa_one one;
	struct ike_ke ke;
	int ret;

	ret = ike_init_ke(dh, pub, sizeof(pub), &ke);
	if (ret)
		return ret;
	ike_put64(spi, n->spi_r);
	ike_selected_sa(sel, spi, sizeof(spi), &one);
	ike_build_sa(inner, &one.sa);
	ike_build_nonce(inner, n->nr, n->nr_len);
	return ike_build_ke(inner, &ke);
}

/* The new SA n for sel, keyed, and its answer in inner. 0 or -errno. */
static int respond_keys(struct ikesa *n, const struct ikesa *old,
			const struct ike_selected *sel,
			const struct ike_payload *ke,
			const struct ike_payload *np, struct ike_buf *inner)
{
	uint8_t nr[IKE_INIT_NONCE_LEN];
	struct ike_dh_key *dh;
	int ret;

	n->spi_i = ike_get64(sel->spi);
	ike_init_nonce(nr);
	ret = ike_dh_new(sel->suite.dh, &dh);
	if (ret)
		return ret;
	ret = derive(n, old, &sel->suite, dh, &ke->u.ke, np->u.nonce,
		     IKE_CHUNK(nr, sizeof(nr)));
	if (!ret)
		ret = answer(sel, n, dh, inner);
	ike_dh_free(dh);
	ike_cleanse(nr, sizeof(nr));
	return ret;
}

int ike_rekey_respond(struct ike_daemon *d, struct ike_sa_info *e,
		      const struct ike_msg *m, struct ike_buf *inner)
{
	const struct ike_payload *sap = ike_msg_find(m, IKE_PL_SA, NULL);
	const struct ike_payload *ke = ike_msg_find(m, IKE_PL_KE, NULL);
	const struct ike_payload *np = ike_msg_find(m, IKE_PL_NONCE, NULL);
	struct ike_sa_info *ne;
	struct ike_selected sel;
	struct ikesa *n;
	int ret;

	log_info("IKE_SA %s[%u]: the peer rekeys it", name(e), e->uid);
	if (e->sa->state != IKE_STATE_ESTABLISHED || e->req.resend_ms)
		return ike_refuse(inner, IKE_N_TEMPORARY_FAILURE,
				  e->req.task.kind == IKE_TASK_IKE_REKEY ?
				  "IKE_SA rekey refused: our own rekey of it is in flight" :
				  "IKE_SA rekey refused: a request of ours is in flight or it is going");
	if (!e->conn || !sap)
		return ike_refuse(inner, IKE_N_NO_PROPOSAL_CHOSEN,
				  "IKE_SA rekey refused: no SA payload or no authenticated conn");
	ret = ike_props_select(&e->conn->ike, &sap->u.sa, 0,
			       ke ? ke->u.ke.group : 0, &sel);
	if (ret == -EAGAIN)
		return ike_invalid_ke(inner, sel.suite.dh);
	if (ret || sel.proto != IKE_PROTO_IKE ||
	    sel.spi_len != IKE_SPI_SIZE_IKE || !ike_get64(sel.spi))
		return ike_refuse(inner, IKE_N_NO_PROPOSAL_CHOSEN,
				  "IKE_SA rekey refused: no acceptable IKE proposal");
	if (!ke || !np)
		return ike_refuse(inner, IKE_N_INVALID_SYNTAX,
				  "IKE_SA rekey refused: no KE or nonce");
	n = ike_sa_new(false, &e->sa->local, &e->sa->peer);
	if (!n)
		return -ENOMEM;
	ret = respond_keys(n, e->sa, &sel, ke, np, inner);
	if (ret) {
		ike_sa_free(n);
		if (ret == -ENOMEM || inner->err)
			return -ENOMEM;	/* no answer: the peer resends */
		return ike_refuse(inner, IKE_N_NO_PROPOSAL_CHOSEN,
				  "IKE_SA rekey refused: new IKE_SA keys unavailable");
	}
	ne = establish(d, n);
	if (!ne)
		return -ENOMEM;
	adopt(ne, e);
	/*
	 * the peer deletes e (RFC 7296 2.18); until then it only answers,
	 * and ike_daemon_expire() frees it if the Delete never comes
	 */
	ike_sa_set_state(e->sa, IKE_STATE_REKEYING);
	e->since = ike_now();
	return 0;
}
