/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKE SA object: who we are in it, its SPIs and addresses, the
 * IKE_SA_INIT material (nonces, DH key, the two messages IKE_AUTH signs),
 * the negotiated suite and SK_* keys, message IDs for both directions,
 * the messages cached for retransmission, and its state.
 *
 * The struct is "struct ikesa" because the codec's "struct ike_sa" is
 * the SA *payload* (payload.h); functions are ike_sa_<verb> as usual.
 *
 * State changes go through ike_sa_set_state() only: it logs
 * "IKE_SA <spi_i>_i <spi_r>_r OLD -> NEW" and refuses (-EPERM) a move
 * the table below does not allow, so a bug in an exchange handler shows
 * as a refused transition, not as an SA in a nonsensical state.
 *
 *	CREATED -> INIT_SENT		initiator sent IKE_SA_INIT
 *	CREATED -> INIT_DONE		responder answered IKE_SA_INIT
 *	INIT_SENT -> INIT_DONE		initiator processed the response
 *	INIT_DONE -> AUTH_SENT		initiator sent IKE_AUTH
 *	INIT_DONE -> ESTABLISHED	responder accepted IKE_AUTH
 *	AUTH_SENT -> ESTABLISHED	initiator accepted IKE_AUTH's response
 *	ESTABLISHED <-> REKEYING	an IKE SA rekey starts / ends
 *	ESTABLISHED, REKEYING -> DELETING
 *	any but DEAD -> DEAD		failure, timeout, deletion done
 *
 * No locking: mipxfrmd handles IKE in one thread.
 */
#ifndef MIPXFRM_IKE_SA_H
#define MIPXFRM_IKE_SA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"

enum ike_sa_state {
	IKE_STATE_CREATED,
	IKE_STATE_INIT_SENT,
	IKE_STATE_INIT_DONE,	/* keys derived, IKE_AUTH pending */
	IKE_STATE_AUTH_SENT,
	IKE_STATE_ESTABLISHED,
	IKE_STATE_REKEYING,
	IKE_STATE_DELETING,
	IKE_STATE_DEAD,
	IKE_STATE_COUNT_
};

/* An endpoint: family AF_INET or AF_INET6, address in network order. */
struct ike_addr {
	int family;
	uint8_t ip[16];		/* IPv4 in the first 4 octets */
	uint16_t port;		/* host order */
};

/* A message kept for sending again; data is malloc'ed. */
struct ike_cached {
	uint8_t *data;
	size_t len;
	uint32_t msgid;
};

struct ike_sa_table;

struct ikesa {
	bool initiator;		/* we are the original initiator */
	enum ike_sa_state state;
	uint64_t spi_i, spi_r;	/* as on the wire, read big-endian */
	struct ike_addr local, peer;

	struct ike_suite suite;
	struct ike_dh_key *dh;	/* freed once the keys are derived */
	uint8_t ni[IKE_NONCE_MAX], nr[IKE_NONCE_MAX];
	size_t ni_len, nr_len;
	struct ike_sa_keys keys;
	bool have_keys;

	/* NAT detection results (RFC 7296 2.23). */
	bool local_natted, peer_natted;

	/* Initiator: the COOKIE the responder asked for, sent on retries. */
	uint8_t cookie[IKE_COOKIE_MAX];
	size_t cookie_len;
	/* COOKIE and INVALID_KE_PAYLOAD rounds so far (a loop guard). */
	unsigned int init_retries;

	/*
	 * Message IDs (RFC 7296 2.2): the ID of our next request, and the
	 * ID we expect on the peer's next request.
	 */
	uint32_t msgid_next_out;
	uint32_t msgid_next_in;

	/* Our last request (retransmitted until answered). */
	struct ike_cached last_req;
	/* Our response to the peer's last request (a duplicate gets it). */
	struct ike_cached last_resp;
	/* Both IKE_SA_INIT messages: IKE_AUTH signs one of them. */
	struct ike_cached init_req, init_resp;

	/* Table linkage, managed by ike_sa_table_*. */
	struct ike_sa_table *table;
	struct ikesa *next_local;	/* chain by our own SPI */
	struct ikesa *next_init;	/* responder: chain by SPIi */
};

#define IKE_SA_BUCKETS	256

/*
 * All IKE SAs, found by our own SPI (every later message names it) and,
 * for SAs we respond to, by the initiator's SPI and address, which is
 * all a retransmitted IKE_SA_INIT request carries (SPIr is 0 in it).
 */
struct ike_sa_table {
	struct ikesa *by_local[IKE_SA_BUCKETS];
	struct ikesa *by_init[IKE_SA_BUCKETS];
	size_t count;
	/* Responder SAs not yet authenticated: the cookie threshold input. */
	size_t half_open;
};

/* "INIT_DONE"; "?" for a value out of range. */
const char *ike_sa_state_name(enum ike_sa_state s);

/* Whether the state machine allows from -> to. */
bool ike_sa_transition_ok(enum ike_sa_state from, enum ike_sa_state to);

/*
 * Moves sa to state to, logging the change by name; -EPERM (and an
 * error log line, state unchanged) for an illegal move, 0 otherwise.
 * Setting the current state again is a no-op.
 */
int ike_sa_set_state(struct ikesa *sa, enum ike_sa_state to);

/*
 * A new SA in state CREATED with a fresh random SPI of our own (SPIi as
 * initiator, SPIr as responder; the other is 0 until known). NULL when
 * out of memory or randomness.
 */
struct ikesa *ike_sa_new(bool initiator, const struct ike_addr *local,
			 const struct ike_addr *peer);

/* Removes sa from its table if any, cleanses keys, frees it. NULL ok. */
void ike_sa_free(struct ikesa *sa);

/* Our SPI and the peer's. */
uint64_t ike_sa_spi_local(const struct ikesa *sa);

/* Replaces *c with a copy of data. 0 or -ENOMEM. */
int ike_cached_set(struct ike_cached *c, const uint8_t *data, size_t len,
		   uint32_t msgid);
void ike_cached_clear(struct ike_cached *c);

/*
 * Retransmission on the responder side (RFC 7296 2.1, 2.2): a request
 * with the ID of the last one we answered gets the cached response
 * again. Returns the cached message or NULL when msgid is not that.
 */
const struct ike_cached *ike_sa_cached_response(const struct ikesa *sa,
						uint32_t msgid);

/* Equality of two endpoints (family, address, port). */
bool ike_addr_equal(const struct ike_addr *a, const struct ike_addr *b);
/* The address octets NATD hashes: 4 for IPv4, 16 for IPv6. */
size_t ike_addr_len(const struct ike_addr *a);

/* "2001:1::1[500]" as charon writes an endpoint; buf of IKE_ADDR_STRLEN. */
#define IKE_ADDR_STRLEN	56
const char *ike_addr_str(const struct ike_addr *a, char *buf, size_t len);

void ike_sa_table_init(struct ike_sa_table *t);
/* Frees every SA still in t. */
void ike_sa_table_flush(struct ike_sa_table *t);
/* Adds sa (not yet in a table); -EEXIST if its own SPI is taken. */
int ike_sa_table_add(struct ike_sa_table *t, struct ikesa *sa);
void ike_sa_table_del(struct ike_sa_table *t, struct ikesa *sa);
/* The SA whose own SPI is spi, or NULL. */
struct ikesa *ike_sa_table_find(const struct ike_sa_table *t, uint64_t spi);
/* A responder SA for this initiator SPI from this peer, or NULL. */
struct ikesa *ike_sa_table_find_init(const struct ike_sa_table *t,
				     uint64_t spi_i,
				     const struct ike_addr *peer);

#endif
