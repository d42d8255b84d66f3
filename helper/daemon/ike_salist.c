// SPDX-License-Identifier: GPL-2.0
/*
 * What the daemon keeps per IKE SA beside the SA object: when it was
 * answered (half-open SAs are freed after IKE_HALF_OPEN_TIMEOUT, so that
 * abandoned or spoofed IKE_SA_INIT requests neither pile up nor keep the
 * cookie threshold exceeded), which conn authenticated it (a later
 * CREATE_CHILD_SA may only pick a conn of the same peer), its CHILD_SAs
 * as installed in the kernel, and our request in flight.
 * Lists: a Home Agent holds one IKE SA per mobile, two CHILD_SAs each.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "ike.h"
#include "kernel.h"

time_t ike_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

int64_t ike_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct ike_sa_info *ike_sa_info_of(const struct ike_daemon *d,
				   const struct ikesa *sa)
{
	struct ike_sa_info *e;

	for (e = d->sa_infos; e; e = e->next)
		if (e->sa == sa)
			return e;
	return NULL;
}

struct ike_sa_info *ike_sa_info_by_uid(const struct ike_daemon *d,
				       uint32_t uid)
{
	struct ike_sa_info *e;

	for (e = d->sa_infos; e; e = e->next)
		if (e->uid == uid)
			return e;
	return NULL;
}

struct ike_sa_info *ike_sa_track(struct ike_daemon *d, struct ikesa *sa)
{
	struct ike_sa_info *e = calloc(1, sizeof(*e));

	if (!e) {
		log_err("IKE_SA: out of memory, dropped");
		ike_sa_free(sa);
		return NULL;
	}
	e->sa = sa;
	e->uid = ++d->next_uid;
	e->since = e->last_in = ike_now();
	e->next = d->sa_infos;
	d->sa_infos = e;
	return e;
}

/*
 * strongSwan's rule (ipsec.conf(5)): rekey at lifetime - margin, minus
 * a random part of up to rekeyfuzz percent of the margin, so that two
 * peers with the same settings do not both start a rekey at once.
 */
static time_t rekey_time(uint32_t lifetime, uint32_t margin, uint32_t fuzz)
{
	uint32_t spread, r = 0;

	if (!lifetime)
		return 0;
	if (margin >= lifetime)
		margin = lifetime / 2;
	spread = (uint32_t)((uint64_t)margin * fuzz / 100);
	if (spread && !ike_random(&r, sizeof(r)))
		r %= spread + 1;
	if (r > lifetime - margin - 1)
		r = lifetime - margin - 1;
	return ike_now() + lifetime - margin - r;
}

void ike_sa_schedule(struct ike_sa_info *e)
{
	const struct ipsec_conn *ic = e->conn ? e->conn->ic : NULL;

	e->rekey_at = ic && ic->rekey ?
		rekey_time(ic->ikelifetime, ic->margintime, ic->rekeyfuzz) : 0;
}

struct ike_child_sa *ike_child_keep(struct ike_daemon *d,
				    struct ike_sa_info *e,
				    const struct ike_child *c,
				    const struct conf_conn *conn,
				    uint32_t reqid_out)
{
	const struct ipsec_conn *ic = conn->ic;
	struct ike_child_sa *k = calloc(1, sizeof(*k));

	if (!k) {
		log_err("CHILD_SA %s: out of memory; its SAs stay until the IKE_SA goes",
			ic->name);
		return NULL;
	}
	k->uid = ++d->next_uid;
	k->conn = conn;
	k->mode = c->mode;
	k->reqid = c->reqid;
	k->reqid_out = reqid_out;
	k->spi_in = c->spi_in;
	k->spi_out = c->spi_out;
	k->local = c->mode == IKE_MODE_TRANSPORT_PROXY ? c->bind_local
						       : e->sa->local;
	k->remote = c->mode == IKE_MODE_TRANSPORT_PROXY ? c->bind_remote
							: e->sa->peer;
	k->suite = c->keys.suite;
	k->n_local = c->n_local;
	k->n_remote = c->n_remote;
	memcpy(k->ts_local, c->local, sizeof(k->ts_local));
	memcpy(k->ts_remote, c->remote, sizeof(k->ts_remote));
	k->installed = ike_now();
	k->rekey_at = ic->rekey ? rekey_time(ic->lifetime, ic->margintime,
					     ic->rekeyfuzz) : 0;
	k->next = e->children;
	e->children = k;
	return k;
}

struct ike_child_sa *ike_child_by_uid(const struct ike_sa_info *e,
				      uint32_t uid)
{
	struct ike_child_sa *k;

	for (k = e->children; k; k = k->next)
		if (k->uid == uid)
			return k;
	return NULL;
}

struct ike_child_sa *ike_child_by_spi(const struct ike_sa_info *e,
				      uint32_t spi, bool ours)
{
	struct ike_child_sa *k;

	for (k = e->children; k; k = k->next)
		if ((ours ? k->spi_in : k->spi_out) == spi)
			return k;
	return NULL;
}

static bool same_ts(const struct ike_child_sa *a, const struct ike_child_sa *b)
{
	return a->n_local == b->n_local && a->n_remote == b->n_remote &&
	       !memcmp(a->ts_local, b->ts_local, a->n_local * sizeof(a->ts_local[0])) &&
	       !memcmp(a->ts_remote, b->ts_remote,
		       a->n_remote * sizeof(a->ts_remote[0]));
}

/*
 * Whether another CHILD_SA with c's conn and selectors is up (the new
 * one of a rekey): it uses the same policies.
 */
static bool conn_still_up(const struct ike_daemon *d,
			  const struct ike_child_sa *c)
{
	const struct ike_sa_info *e;
	const struct ike_child_sa *k;

	for (e = d->sa_infos; e; e = e->next)
		for (k = e->children; k; k = k->next)
			if (k != c && k->conn == c->conn && same_ts(k, c))
				return true;
	return false;
}

void ike_child_remove(struct ike_daemon *d, struct ike_sa_info *e,
		      struct ike_child_sa *c)
{
	struct ike_child_sa **pp;

	if (c->conn->ic->installpolicy && !conn_still_up(d, c))
		kernel_child_policies(&d->xfrm, c, false);
	kernel_del_child(&d->xfrm, c);
	log_info("CHILD_SA %s{%u} deleted (SPIs %08x_i %08x_o, reqid %u)",
		 c->conn->ic->name, c->uid, c->spi_in, c->spi_out, c->reqid);
	for (pp = &e->children; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	free(c);
}

const struct conf_conn *ike_conf_conn(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; name && i < c->n_conns; i++)
		if (!strcmp(c->conns[i].ic->name, name))
			return &c->conns[i];
	return NULL;
}

void ike_sa_drop(struct ike_daemon *d, struct ike_sa_info *e)
{
	struct ike_sa_info **pp;
	struct ike_task *t;

	while (e->children)
		ike_child_remove(d, e, e->children);
	ike_req_done(d, e);
	while ((t = e->queue)) {
		e->queue = t->next;
		free(t);
	}
	for (pp = &d->sa_infos; *pp; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			break;
		}
	}
	ike_sa_free(e->sa);
	free(e);
}

/*
 * Half-open responder SAs, and SAs the peer rekeyed (their CHILD_SAs
 * moved to the new SA) whose Delete has not come.
 */
static bool expired(const struct ike_sa_info *e, time_t t)
{
	enum ike_sa_state s = e->sa->state;
	bool stale = s == IKE_STATE_REKEYING && !e->children &&
		     !e->req.resend_ms;

	return (stale || ((s == IKE_STATE_INIT_DONE || s == IKE_STATE_CREATED ||
			   s == IKE_STATE_DEAD) && !e->sa->initiator)) &&
	       t - e->since >= IKE_HALF_OPEN_TIMEOUT;
}

void ike_daemon_expire(struct ike_daemon *d)
{
	struct ike_sa_info *e, *next;
	time_t t = ike_now();

	for (e = d->sa_infos; e; e = next) {
		next = e->next;
		if (!expired(e, t))
			continue;
		if (e->sa->state == IKE_STATE_REKEYING)
			log_info("IKE_SA %016" PRIx64 "_i: rekeyed %ds ago, its Delete never came; freed",
				 e->sa->spi_i, IKE_HALF_OPEN_TIMEOUT);
		else if (e->sa->state != IKE_STATE_DEAD)
			log_info("IKE_SA %016" PRIx64 "_i: half-open for %ds, deleting",
				 e->sa->spi_i, IKE_HALF_OPEN_TIMEOUT);
		ike_sa_drop(d, e);
	}
}
