/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Traffic selectors for a CHILD_SA (RFC 7296 2.9): building one from a
 * conn's subnet and protoport, the responder's narrowing (the
 * intersection of what the initiator proposes with what is configured)
 * and the initiator's check that the answer stays within its proposal.
 * Selectors are the codec's struct ike_ts; pure functions, no logging.
 */
#ifndef MIPXFRM_IKE_TS_H
#define MIPXFRM_IKE_TS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "payload.h"

/* Selectors one side of a CHILD_SA may hold after narrowing. */
#define IKE_TS_MAX	8

/*
 * A selector for addr/plen (family AF_INET or AF_INET6), IP protocol
 * proto (0: any) and ports lo..hi (0..65535: any). -EINVAL for a bad
 * family or prefix length.
 */
int ike_ts_from_prefix(int family, const uint8_t *addr, unsigned int plen,
		       uint8_t proto, uint16_t lo, uint16_t hi,
		       struct ike_ts *out);

/* The common part of a and b in out; false when they do not overlap. */
bool ike_ts_intersect(const struct ike_ts *a, const struct ike_ts *b,
		      struct ike_ts *out);

/* Whether inner lies entirely within outer. */
bool ike_ts_within(const struct ike_ts *inner, const struct ike_ts *outer);

/*
 * Responder narrowing: every non-empty intersection of a proposed
 * selector with the configured one, in the peer's order, into out
 * (room for IKE_TS_MAX). Returns how many; 0 means TS_UNACCEPTABLE.
 */
size_t ike_ts_narrow(const struct ike_tsp *proposed, const struct ike_ts *cfg,
		     struct ike_ts *out);

/* Address length of a selector: 4 or 16. */
size_t ike_ts_addr_len(const struct ike_ts *ts);

/* The single host a selector names (start == end), else false. */
bool ike_ts_host(const struct ike_ts *ts);

/* The prefix length when [start, end] is exactly one prefix, else -1. */
int ike_ts_prefix_len(const struct ike_ts *ts);

/*
 * "2001:1::10/128[135]" style, as the seed's charon logs selectors: a prefix
 * when the range is one, else "start..end"; the protocol and port in
 * brackets when not "any". buf of IKE_TS_STRLEN.
 */
#define IKE_TS_STRLEN	128
const char *ike_ts_str(const struct ike_ts *ts, char *buf, size_t len);

#endif
