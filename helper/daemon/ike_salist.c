// SPDX-License-Identifier: GPL-2.0
/*
 * What the daemon keeps per responder IKE SA beside the SA object: when
 * it was answered (half-open SAs are freed after IKE_HALF_OPEN_TIMEOUT,
 * so that abandoned or spoofed IKE_SA_INIT requests neither pile up nor
 * keep the cookie threshold exceeded) and which conn authenticated it
 * (a later CREATE_CHILD_SA may only pick a conn of the same peer).
 * A list: a Home Agent holds one IKE SA per mobile.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "../common/log.h"
#include "ike.h"

static time_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static struct ike_sa_info *find(const struct ike_daemon *d,
				const struct ikesa *sa)
{
	struct ike_sa_info *e;

	for (e = d->sa_infos; e; e = e->next)
		if (e->sa == sa)
			return e;
	return NULL;
}

void ike_sa_track(struct ike_daemon *d, struct ikesa *sa)
{
	struct ike_sa_info *e = find(d, sa);

	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e)
			return;	/* never expired, never given a second child */
		e->sa = sa;
		e->next = d->sa_infos;
		d->sa_infos = e;
	}
	e->since = now();
}

void ike_sa_conn_set(struct ike_daemon *d, const struct ikesa *sa,
		     const char *conn)
{
	struct ike_sa_info *e = find(d, sa);

	if (e)
		e->conn = conn;
}

const char *ike_sa_conn_of(const struct ike_daemon *d,
			   const struct ikesa *sa)
{
	const struct ike_sa_info *e = find(d, sa);

	return e ? e->conn : NULL;
}

void ike_sa_drop(struct ike_daemon *d, struct ikesa *sa)
{
	struct ike_sa_info **pp = &d->sa_infos, *e;

	while ((e = *pp)) {
		if (e->sa == sa) {
			*pp = e->next;
			free(e);
		} else {
			pp = &e->next;
		}
	}
	ike_sa_free(sa);
}

static bool expired(const struct ike_sa_info *e, time_t t)
{
	enum ike_sa_state s = e->sa->state;

	return (s == IKE_STATE_INIT_DONE || s == IKE_STATE_CREATED ||
		s == IKE_STATE_DEAD) && t - e->since >= IKE_HALF_OPEN_TIMEOUT;
}

void ike_daemon_expire(struct ike_daemon *d)
{
	struct ike_sa_info *e, *next;
	time_t t = now();

	for (e = d->sa_infos; e; e = next) {
		next = e->next;
		if (!expired(e, t))
			continue;
		if (e->sa->state != IKE_STATE_DEAD)
			log_info("IKE_SA %016" PRIx64 "_i: half-open for %ds, deleting",
				 e->sa->spi_i, IKE_HALF_OPEN_TIMEOUT);
		ike_sa_drop(d, e->sa);
	}
}
