/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKEv2 side of mipxfrmd, both roles. Datagrams from the IKE sockets
 * go to the exchange handlers of ike/ (IKE_SA_INIT, IKE_AUTH) or of this
 * directory (CREATE_CHILD_SA, INFORMATIONAL); the CHILD_SAs they
 * negotiate go into the kernel with the reqids the configuration gives
 * each conn (kernel.h) and are kept here, per IKE SA, so that a Delete,
 * a rekey or the daemon's stop removes exactly what was installed.
 *
 *   ike.c          sockets, XFRM netlink, the SA table; stop
 *   ike_exch.c     requests from peers: dispatch, IKE_SA_INIT, IKE_AUTH
 *   ike_ccsa.c     CREATE_CHILD_SA as responder: new CHILD_SA, rekey
 *   ike_rekey.c    IKE SA rekeying, both roles
 *   ike_info.c     INFORMATIONAL, both roles: Delete, liveness
 *   ike_req.c      our requests: one in flight per IKE SA (RFC 7296
 *                  window 1), the queue behind it, retransmission
 *   ike_initiate.c initiating: IKE_SA_INIT, IKE_AUTH, up and down
 *   ike_child_out.c CREATE_CHILD_SA as initiator: new CHILD_SA, rekey
 *   ike_salist.c   what is kept per IKE SA and per CHILD_SA
 *   ike_timer.c    retransmission, rekeying, liveness, half-open expiry
 *   ike_moved.c    a mobile's move, as the module reports it
 */
#ifndef MIPXFRM_DAEMON_IKE_H
#define MIPXFRM_DAEMON_IKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "../common/nl.h"
#include "../conf/load.h"
#include "../ike/child.h"
#include "../ike/init.h"
#include "../ike/natd.h"
#include "../ike/sa.h"
#include "ike_sock.h"

/* Half-open IKE SAs above which we ask for cookies: charon's default. */
#define IKE_COOKIE_THRESHOLD	10

/*
 * Seconds a responder SA may stay half-open (or dead, still answering
 * retransmissions of its last request) before it is freed: charon's
 * default half_open_timeout.
 */
#define IKE_HALF_OPEN_TIMEOUT	30

/*
 * Retransmission of our requests (RFC 7296 2.1), charon's defaults: the
 * n-th resend after IKE_RETRANSMIT_MS * 1.8^n, given up after
 * IKE_RETRANSMIT_TRIES resends (165 s in all). --retransmit-timeout and
 * --retransmit-tries change them (d->retransmit_ms, _tries).
 */
#define IKE_RETRANSMIT_MS	4000
#define IKE_RETRANSMIT_TRIES	5

/* A CHILD_SA in the kernel, as negotiated; enough to delete and rekey it. */
struct ike_child_sa {
	struct ike_child_sa *next;
	uint32_t uid;		/* {N} in the log: unique in this run */
	const struct conf_conn *conn;
	enum ike_child_mode mode;
	uint32_t reqid, reqid_out;
	uint32_t spi_in, spi_out;	/* host order */
	/* The SAs' addresses: the IKE endpoints, or the HoA (proxy). */
	struct ike_addr local, remote;
	struct ike_suite suite;
	size_t n_local, n_remote;
	struct ike_ts ts_local[IKE_TS_MAX], ts_remote[IKE_TS_MAX];
	time_t installed;	/* monotonic seconds */
	time_t rekey_at;	/* 0: not by us */
	bool rekeying;		/* a CHILD_SA rekey of it is in flight */
};

/* What we may ask of a peer; one at a time per IKE SA. */
enum ike_task_kind {
	IKE_TASK_NONE,
	IKE_TASK_CHILD_CREATE,	/* conn */
	IKE_TASK_CHILD_REKEY,	/* child_uid */
	IKE_TASK_CHILD_DELETE,	/* child_uid */
	IKE_TASK_IKE_REKEY,
	IKE_TASK_IKE_DELETE,
	IKE_TASK_DPD,		/* an empty INFORMATIONAL */
};

struct ike_task {
	enum ike_task_kind kind;
	const struct conf_conn *conn;
	uint32_t child_uid;
	uint16_t dh_group;	/* IKE_REKEY: the peer's INVALID_KE choice */
	struct ike_task *next;
};

/* The request in flight: what its answer is checked and completed with. */
struct ike_request {
	struct ike_task task;		/* kind NONE: nothing in flight */
	struct ike_child *child;	/* CHILD_CREATE/REKEY, IKE_AUTH */
	struct ike_conns *conns;	/* what child->conn points into */
	struct ike_sa_offer *offer;	/* IKE_SA_INIT: sent again on a retry */
	struct ike_dh_key *dh;		/* our KE of a CREATE_CHILD_SA */
	uint8_t nonce[IKE_INIT_NONCE_LEN];
	struct ikesa *new_sa;		/* IKE_REKEY: the SA being made */
	unsigned int tries;		/* resends so far */
	int64_t resend_ms;		/* next resend; 0: nothing in flight */
};

/* What the daemon keeps per IKE SA beside the SA object. */
struct ike_sa_info {
	struct ike_sa_info *next;
	struct ikesa *sa;
	uint32_t uid;			/* [N] in the log */
	const struct conf_conn *conn;	/* the conn that authenticated it */
	time_t since;		/* monotonic: IKE_SA_INIT, or the last change */
	time_t established;
	time_t rekey_at;	/* 0: not by us */
	time_t last_in;		/* last valid message from the peer */
	struct ike_child_sa *children;
	struct ike_request req;
	struct ike_task *queue;	/* after req, in order */
};

struct ike_daemon {
	const struct conf *conf;
	struct ike_sock sock;
	struct nl_conn xfrm;
	struct nl_conn xfrm_events;	/* expire, acquire (kernel_events.c) */
	struct ike_sa_table t;
	struct ike_cookie_secret cookie;
	uint8_t *certreq;	/* our CAs' key hashes, for CERTREQ */
	size_t certreq_len;
	uint8_t *buf;		/* IKE_DGRAM_MAX */
	struct ike_sa_info *sa_infos;
	uint32_t next_uid;	/* IKE SA and CHILD_SA numbers */
	int retransmit_ms;
	unsigned int retransmit_tries;
	/*
	 * Told when a conn we initiated (ike_up) is up (why NULL) or has
	 * failed (why says why): the control socket answers "up" with it.
	 */
	void (*on_conn)(void *ctx, const struct conf_conn *conn,
			const char *why);
	void *on_conn_ctx;
};

/* Sockets on port, XFRM netlink, the SA table. 0 or -1 (logged). */
int ike_daemon_open(struct ike_daemon *d, const struct conf *conf,
		    uint16_t port);
/*
 * Deletes every IKE SA (a Delete to each established peer, sent once,
 * not waited for) and every CHILD_SA we installed, then frees it all.
 */
void ike_daemon_close(struct ike_daemon *d);

/* Reads and handles what is waiting on fd (one of d->sock's). */
void ike_daemon_input(struct ike_daemon *d, int fd);

/* Sends out from local to peer, logged as charon logs it. */
struct ike_buf;
void ike_send(struct ike_daemon *d, const struct ike_buf *out,
	      const struct ike_addr *local, const struct ike_addr *peer);
void ike_send_raw(struct ike_daemon *d, const uint8_t *data, size_t len,
		  const struct ike_addr *local, const struct ike_addr *peer);

/* --- ike_exch.c: requests from peers --------------------------------- */

/* One datagram from peer to local. */
void ike_daemon_dispatch(struct ike_daemon *d, const uint8_t *buf,
			 size_t len, const struct ike_addr *local,
			 const struct ike_addr *peer);

struct ike_msg;
/*
 * The encrypted message of exchange in buf on e, opened: m (malloc'ed)
 * lists the inner payloads, which point into *plain (malloc'ed, to be
 * freed after m). A valid message is a sign of life (e->last_in). NULL
 * for anything that does not open (bad ICV, malformed): dropped.
 */
struct ike_msg *ike_msg_open_in(struct ike_sa_info *e, uint8_t exchange,
				const uint8_t *buf, size_t len, uint8_t **plain);

/* The ALLOCSPI callback of ike/ for an IKE SA's endpoints (a spi_ctx). */
struct ike_spi_ctx {
	struct ike_daemon *d;
	const struct ikesa *sa;
};
int ike_spi_alloc(void *ctx, uint32_t reqid, uint32_t *spi);

struct ike_conns;
/*
 * The CHILD_SA c negotiated on e into the kernel and e's list; cs is
 * what c->conn points into.
 */
void ike_child_install(struct ike_daemon *d, struct ike_sa_info *e,
		       const struct ike_conns *cs, const struct ike_child *c);

/* --- ike_salist.c: per-SA state of the daemon ------------------------ */

/* Monotonic seconds and milliseconds. */
time_t ike_now(void);
int64_t ike_now_ms(void);

/* Starts keeping info for sa (new, in d->t); NULL when out of memory. */
struct ike_sa_info *ike_sa_track(struct ike_daemon *d, struct ikesa *sa);
struct ike_sa_info *ike_sa_info_of(const struct ike_daemon *d,
				   const struct ikesa *sa);
/* The IKE SA numbered uid, or NULL. */
struct ike_sa_info *ike_sa_info_by_uid(const struct ike_daemon *d,
				       uint32_t uid);
/*
 * Deletes the kernel SAs of every CHILD_SA of e, then frees e, its SA
 * and its queue.
 */
void ike_sa_drop(struct ike_daemon *d, struct ike_sa_info *e);
/* Frees SAs half-open or dead for IKE_HALF_OPEN_TIMEOUT. */
void ike_daemon_expire(struct ike_daemon *d);
/* Sets e's rekey time from its conn's ikelifetime (ipsec.conf rules). */
void ike_sa_schedule(struct ike_sa_info *e);

/*
 * Keeps the CHILD_SA c (just installed) under e: uid, rekey time from
 * the conn's lifetime. NULL when out of memory (the SAs stay in the
 * kernel until the IKE SA goes; logged).
 */
struct ike_child_sa *ike_child_keep(struct ike_daemon *d,
				    struct ike_sa_info *e,
				    const struct ike_child *c,
				    const struct conf_conn *conn,
				    uint32_t reqid_out);
struct ike_child_sa *ike_child_by_uid(const struct ike_sa_info *e,
				      uint32_t uid);
/* The CHILD_SA of e whose inbound (ours) or outbound SPI is spi. */
struct ike_child_sa *ike_child_by_spi(const struct ike_sa_info *e,
				      uint32_t spi, bool ours);
/* Deletes c's SAs from the kernel, unlinks and frees it. */
void ike_child_remove(struct ike_daemon *d, struct ike_sa_info *e,
		      struct ike_child_sa *c);
/* The conf_conn named name, or NULL. */
const struct conf_conn *ike_conf_conn(const struct conf *c,
				      const char *name);

/* --- ike_req.c: our requests ----------------------------------------- */

/* Appends a task to e's queue and starts it if e is idle. 0 or -ENOMEM. */
int ike_task_add(struct ike_daemon *d, struct ike_sa_info *e,
		 enum ike_task_kind kind, const struct conf_conn *conn,
		 uint32_t child_uid);
/* An IKE_REKEY task with the DH group the peer asked for. */
int ike_task_add_rekey(struct ike_daemon *d, struct ike_sa_info *e,
		       uint16_t dh_group);
/* Starts the next queued task when nothing is in flight on e. */
void ike_task_next(struct ike_daemon *d, struct ike_sa_info *e);
/*
 * Seals inner as our next request of exchange on e, keeps it for
 * resending, sends it. 0 or -errno.
 */
int ike_req_send(struct ike_daemon *d, struct ike_sa_info *e,
		 uint8_t exchange, struct ike_buf *inner);
/* Sends e's last request once more (first send or resend). */
void ike_req_transmit(struct ike_daemon *d, struct ike_sa_info *e);
/* Forgets what was in flight on e (keys, DH, child) and goes idle. */
void ike_req_done(struct ike_daemon *d, struct ike_sa_info *e);
/*
 * A response for the request in flight on e (header h parsed): checked
 * and handed to its task's handler. Retransmissions of answers are
 * dropped by message ID.
 */
void ike_req_response(struct ike_daemon *d, struct ike_sa_info *e,
		      const struct ike_hdr *h, const uint8_t *buf,
		      size_t len);

/* --- ike_initiate.c: initiating --------------------------------------- */

/*
 * Brings conn up: a new CHILD_SA on an IKE SA to the same peer with the
 * same identities if there is one, else a new IKE SA (IKE_SA_INIT, then
 * IKE_AUTH with this conn's CHILD_SA). 0 when started, -errno (logged,
 * and in why when why is not NULL) when it cannot be.
 */
int ike_up(struct ike_daemon *d, const struct conf_conn *conn, char *why,
	   size_t whylen);
/*
 * Takes conn down: Delete for each of its CHILD_SAs, and for the IKE SA
 * when no other conn's CHILD_SA remains on it. Returns how many SAs
 * were asked to go.
 */
int ike_down(struct ike_daemon *d, const struct conf_conn *conn);
/* Every conn with auto=start, at start-up. */
void ike_start_conns(struct ike_daemon *d);
/* The response to our IKE_SA_INIT or IKE_AUTH request on e. */
void ike_initiate_response(struct ike_daemon *d, struct ike_sa_info *e,
			   const uint8_t *buf, size_t len);

/* --- ike_child_out.c: our CREATE_CHILD_SA ---------------------------- */

/*
 * e->req.conns for e's endpoints and e->req.child for conn in them (not
 * yet with an SPI). 0 or -errno.
 */
int ike_req_conns(struct ike_daemon *d, struct ike_sa_info *e,
		  const struct conf_conn *conn);
/* The request body for e's task in flight (CHILD_CREATE, CHILD_REKEY). */
int ike_ccsa_request(struct ike_daemon *d, struct ike_sa_info *e,
		     struct ike_buf *inner);
/* The answer m to it; true when e was dropped. */
bool ike_ccsa_answer(struct ike_daemon *d, struct ike_sa_info *e,
		     const struct ike_msg *m);
/* --- ike_info.c: our INFORMATIONAL ----------------------------------- */

/* The request body for CHILD_DELETE, IKE_DELETE, DPD. */
int ike_info_request(struct ike_daemon *d, struct ike_sa_info *e,
		     struct ike_buf *inner);
/* The answer m to it; true when e was dropped. */
bool ike_info_answer(struct ike_daemon *d, struct ike_sa_info *e,
		     const struct ike_msg *m);

/* --- ike_rekey.c: IKE SA rekeying (RFC 7296 1.3.2, 2.18) ------------- */

/*
 * The request body of e's IKE_REKEY task: SA (our new SPI, 8 octets)
 * Ni KEi; the new SA's state goes to e->req.new_sa / dh / nonce.
 */
int ike_rekey_request(struct ike_daemon *d, struct ike_sa_info *e,
		      struct ike_buf *inner);
/*
 * The answer m to it: the new IKE SA takes e's CHILD_SAs, conn and
 * queue; e gets its Delete. True when e was dropped or its request
 * slot now holds that Delete (the caller must leave e->req alone).
 */
bool ike_rekey_answer(struct ike_daemon *d, struct ike_sa_info *e,
		      const struct ike_msg *m);
/*
 * A CREATE_CHILD_SA request m on e whose SA payload is for IKE: the new
 * IKE SA, answered in inner; it takes e's CHILD_SAs once made, and the
 * peer then deletes e. 0 or -errno on local failure.
 */
int ike_rekey_respond(struct ike_daemon *d, struct ike_sa_info *e,
		      const struct ike_msg *m, struct ike_buf *inner);

/* --- ike_ccsa.c, ike_info.c: answering ------------------------------- */

/* An error notify in an answer, logged with why. 0 or -errno. */
int ike_refuse(struct ike_buf *inner, uint16_t type, const char *why);
/* INVALID_KE_PAYLOAD naming the group we want, logged. */
int ike_invalid_ke(struct ike_buf *inner, uint16_t group);


struct ike_msg;

/*
 * The decrypted CREATE_CHILD_SA request m on e: a new CHILD_SA for a
 * conn with the peer identity that authenticated e, or the rekey of
 * one of e's CHILD_SAs (N(REKEY_SA)) with the same reqid; installed,
 * its answer (or an error notify) appended to inner. 0 or -errno on
 * local failure.
 */
int ike_ccsa_respond(struct ike_daemon *d, struct ike_sa_info *e,
		     const struct ike_msg *m, struct ike_buf *inner);

/*
 * The decrypted INFORMATIONAL request m on e: Deletes of CHILD_SAs (the
 * kernel SAs go, our SPIs are answered) or of the IKE SA; anything else
 * gets an empty answer. Returns true when e is to go after the answer.
 */
bool ike_info_respond(struct ike_daemon *d, struct ike_sa_info *e,
		      const struct ike_msg *m, struct ike_buf *inner);

/* --- ike_moved.c ----------------------------------------------------- */

struct in6_addr;
/*
 * A binding moved from old to coa (the module's BINDING_UPDATED): the
 * tunnel CHILD_SAs at old are now at coa; with ike_sa_too (the K bit)
 * the IKE SAs with that peer move as well.
 */
void ike_daemon_coa_moved(struct ike_daemon *d, const struct in6_addr *old,
			  const struct in6_addr *coa, bool ike_sa_too);

/* --- ike_timer.c ----------------------------------------------------- */

/* Does what is due: resends, rekeys, liveness checks, expiry. */
void ike_daemon_tick(struct ike_daemon *d);
/* Milliseconds until the next thing is due (for poll), at most max_ms. */
int ike_daemon_next_ms(const struct ike_daemon *d, int max_ms);

#endif
