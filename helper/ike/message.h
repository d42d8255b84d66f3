/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whole IKEv2 messages: the header and the payload chain.
 *
 * ike_msg_parse() turns a datagram into a header and an ordered list of
 * payloads in two passes. The first walks the chain checking bounds
 * only: the header, each generic payload header, each length against
 * the type's minimum and the bytes left, that next-payload 0 comes
 * exactly at the end, that SK (or SKF) comes last, and that no unknown
 * payload is marked critical. The second interprets each known payload
 * into its typed struct (payload.h). Unknown payloads without the
 * critical bit stay in the list with known = false, so logs can show
 * them, and are otherwise skipped.
 *
 * The parser holds no state, reads nothing outside [buf, buf + len) and
 * allocates nothing. It returns 0 or -IKE_E_*; on failure err says why
 * (code, the notify to answer with, the payload at fault, where, and a
 * sentence such as "TSi: selector 1 start port 100 above end port 50")
 * and the message is left half filled, to be discarded. Exchange types
 * and header flags are reported, not judged: which ones are acceptable
 * is the state machine's business.
 */
#ifndef MIPXFRM_IKE_MESSAGE_H
#define MIPXFRM_IKE_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

#include "payload.h"
#include "payload_build.h"

/*
 * Reads only the fixed header, e.g. to find the IKE SA a datagram is
 * for before parsing the rest. Checks the length against len and the
 * major version. Returns 0 or -IKE_E_*.
 */
int ike_hdr_parse(struct ike_hdr *h, const uint8_t *buf, size_t len,
		  struct ike_err *err);

/* Parses a whole message; m points into buf afterwards. */
int ike_msg_parse(struct ike_msg *m, const uint8_t *buf, size_t len,
		  struct ike_err *err);

/*
 * Parses the decrypted contents of an SK payload (what crypto leaves
 * after removing IV, padding, pad length and ICV): a chain of payloads
 * starting with type first, ending exactly at buf + len. If m's last
 * payload is SK it is replaced by these payloads, so m then lists what
 * the peer sent, as charon's log does; otherwise they are appended (a
 * sender can summarise the inner chain it built). buf must outlive m.
 * Error offsets count from buf.
 */
int ike_msg_parse_inner(struct ike_msg *m, uint8_t first, const uint8_t *buf,
			size_t len, struct ike_err *err);

/* The first payload of type after prev (NULL: from the start), or NULL. */
const struct ike_payload *ike_msg_find(const struct ike_msg *m, uint8_t type,
				       const struct ike_payload *prev);

/* The first Notify of the given notify type, or NULL. */
const struct ike_payload *ike_msg_notify(const struct ike_msg *m,
					 uint16_t type);

/* Builder side: the header starts an outer message in an empty b. */
int ike_build_header(struct ike_buf *b, const struct ike_hdr *h);

/*
 * Completes b: for an outer message writes the length into the header.
 * Returns 0 or the first error any append met.
 */
int ike_build_finish(struct ike_buf *b);

/* Builds m's header and payloads into an empty b, and finishes it. */
int ike_build_msg(struct ike_buf *b, const struct ike_msg *m);

#endif
