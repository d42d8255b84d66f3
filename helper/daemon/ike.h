/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKEv2 responder of mipxfrmd: datagrams from the IKE sockets go to
 * the exchange handlers of ike/ (IKE_SA_INIT, IKE_AUTH), the CHILD_SAs
 * they negotiate into the kernel with the reqids the configuration
 * gives each conn (kernel.h). CREATE_CHILD_SA adds a further CHILD_SA
 * (ike_ccsa.c: the seed's tunnel child, with PFS); INFORMATIONAL
 * requests get an empty answer, an IKE SA Delete ends the SA.
 */
#ifndef MIPXFRM_DAEMON_IKE_H
#define MIPXFRM_DAEMON_IKE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../common/nl.h"
#include "../conf/load.h"
#include "../ike/natd.h"
#include "../ike/sa.h"
#include "ike_sock.h"

/* Half-open IKE SAs above which we ask for cookies: charon's default. */
#define IKE_COOKIE_THRESHOLD	10

struct ike_daemon {
	const struct conf *conf;
	struct ike_sock sock;
	struct nl_conn xfrm;
	struct ike_sa_table t;
	struct ike_cookie_secret cookie;
	uint8_t *certreq;	/* our CAs' key hashes, for CERTREQ */
	size_t certreq_len;
	uint8_t *buf;		/* IKE_DGRAM_MAX */
	/* What the daemon keeps per IKE SA (ike_salist.c). */
	struct ike_sa_info *sa_infos;
};

struct ike_sa_info {
	struct ikesa *sa;
	const char *conn;	/* the conn that authenticated it, or NULL */
	time_t since;		/* CLOCK_MONOTONIC seconds of IKE_SA_INIT */
	struct ike_sa_info *next;
};

/*
 * Seconds a responder SA may stay half-open (or dead, still answering
 * retransmissions of its last request) before it is freed: charon's
 * default half_open_timeout.
 */
#define IKE_HALF_OPEN_TIMEOUT	30

/* Sockets on port, XFRM netlink, the SA table. 0 or -1 (logged). */
int ike_daemon_open(struct ike_daemon *d, const struct conf *conf,
		    uint16_t port);
void ike_daemon_close(struct ike_daemon *d);

/* Reads and handles what is waiting on fd (one of d->sock's). */
void ike_daemon_input(struct ike_daemon *d, int fd);

/* --- ike_exch.c: the exchanges ---------------------------------------- */

/* One datagram from peer to local. */
void ike_daemon_dispatch(struct ike_daemon *d, const uint8_t *buf,
			 size_t len, const struct ike_addr *local,
			 const struct ike_addr *peer);

/* --- ike_salist.c: per-SA state of the daemon ------------------------ */

/* A new responder SA, answered just now. */
void ike_sa_track(struct ike_daemon *d, struct ikesa *sa);
/* Records that conn authenticated sa. */
void ike_sa_conn_set(struct ike_daemon *d, const struct ikesa *sa,
		     const char *conn);
/* The conn that authenticated sa, or NULL. */
const char *ike_sa_conn_of(const struct ike_daemon *d,
			   const struct ikesa *sa);
/* Frees sa and what the daemon kept for it. */
void ike_sa_drop(struct ike_daemon *d, struct ikesa *sa);
/* Frees SAs half-open or dead for IKE_HALF_OPEN_TIMEOUT; call often. */
void ike_daemon_expire(struct ike_daemon *d);

/* --- ike_ccsa.c: CREATE_CHILD_SA ------------------------------------- */

struct ike_buf;
struct ike_msg;

/*
 * The decrypted CREATE_CHILD_SA request m on sa: a new CHILD_SA for a
 * conn with the same peer identity as the one that authenticated sa,
 * installed; its answer (or an error notify) appended to inner.
 * 0 or -errno on local failure.
 */
int ike_ccsa_respond(struct ike_daemon *d, struct ikesa *sa,
		     const struct ike_msg *m, struct ike_buf *inner);

#endif
