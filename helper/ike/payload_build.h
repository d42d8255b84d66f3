/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building IKEv2 messages: payloads are appended to a growing buffer,
 * each one's type written into the previous one's next-payload field,
 * each one's length filled in when it is complete; ike_build_finish()
 * writes the header length. The structs are the parser's, so
 * ike_msg_parse() of what was built gives back what went in.
 *
 *	struct ike_buf b;
 *	ike_buf_init(&b);
 *	ike_build_header(&b, &hdr);
 *	ike_build_sa(&b, &sa);
 *	ike_build_ke(&b, &ke);
 *	...
 *	if (ike_build_finish(&b))
 *		fail;
 *	send(b.data, b.len);
 *	ike_buf_free(&b);
 *
 * Errors are sticky: a failed append (out of memory, message too large,
 * a payload after SK, a count that does not fit its field) is recorded
 * in b.err, later appends do nothing, and ike_build_finish() returns it.
 * Each append also returns it, for callers that want to stop early.
 *
 * Encrypted messages are built in two buffers: the inner chain with
 * ike_build_inner() (no header; b.first is its first payload type), then
 * the outer message with ike_build_sk() reserving room for IV,
 * ciphertext and ICV. Nothing may follow SK.
 */
#ifndef MIPXFRM_IKE_PAYLOAD_BUILD_H
#define MIPXFRM_IKE_PAYLOAD_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "payload.h"

struct ike_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
	size_t next_at;		/* the next-payload octet to patch */
	bool has_next_at;	/* false until the header or a payload exists */
	bool inner;		/* a payload chain without IKE header */
	bool sealed;		/* SK appended: nothing may follow */
	uint8_t first;		/* inner chains: the first payload's type */
	int err;		/* first error, negative errno */
};

void ike_buf_init(struct ike_buf *b);
void ike_buf_free(struct ike_buf *b);

/* Starts an inner chain (the contents of an SK payload) in an empty b. */
void ike_build_inner(struct ike_buf *b);

/* Appends len zeroed bytes; returns their offset, or -errno. */
long ike_buf_reserve(struct ike_buf *b, size_t len);

/* Appends the generic header of a payload of type; returns its offset. */
long ike_build_begin(struct ike_buf *b, uint8_t type, bool critical);
/* Fills in the length of the payload begun at off. */
int ike_build_end(struct ike_buf *b, long off);

int ike_build_sa(struct ike_buf *b, const struct ike_sa *sa);
int ike_build_ke(struct ike_buf *b, const struct ike_ke *ke);
int ike_build_nonce(struct ike_buf *b, const uint8_t *nonce, size_t len);
/* ptype is IKE_PL_IDI or IKE_PL_IDR. */
int ike_build_id(struct ike_buf *b, uint8_t ptype, const struct ike_id *id);
/* ptype is IKE_PL_CERT or IKE_PL_CERTREQ. */
int ike_build_cert(struct ike_buf *b, uint8_t ptype,
		   const struct ike_cert *cert);
/* Writes a->data; sig_alg and sig are the parser's view of it. */
int ike_build_auth(struct ike_buf *b, const struct ike_auth *a);
int ike_build_notify(struct ike_buf *b, const struct ike_notify *n);
int ike_build_delete(struct ike_buf *b, const struct ike_delete *d);
/* ptype is IKE_PL_TSI or IKE_PL_TSR. */
int ike_build_ts(struct ike_buf *b, uint8_t ptype, const struct ike_tsp *ts);
int ike_build_vendor(struct ike_buf *b, const uint8_t *vid, size_t len);
int ike_build_cp(struct ike_buf *b, const struct ike_cp *cp);
/* The whole EAP message, e->msg. */
int ike_build_eap(struct ike_buf *b, const struct ike_eap *e);
/* Any payload as given, e.g. one of a type we do not know. */
int ike_build_raw(struct ike_buf *b, uint8_t type, bool critical,
		  const uint8_t *body, size_t len);

/*
 * Appends SK with len bytes of room for crypto to fill (IV, ciphertext,
 * padding, ICV) once ike_build_finish() has set the length the ICV
 * covers; *off says where that room starts in b->data.
 */
int ike_build_sk(struct ike_buf *b, uint8_t inner, size_t len, size_t *off);
/* The same for one fragment (RFC 7383); inner only in fragment 1. */
int ike_build_skf(struct ike_buf *b, const struct ike_skf *f, size_t len,
		  size_t *off);

/* Appends a parsed payload again, whatever its type. */
int ike_build_payload(struct ike_buf *b, const struct ike_payload *p);

#endif
