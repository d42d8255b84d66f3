// SPDX-License-Identifier: GPL-2.0
/*
 * Traffic selector payloads TSi and TSr (RFC 7296 3.13): a count, then
 * that many selectors, each an address range with an IP protocol and a
 * port range. validate_ts() checks that the selectors' lengths tile the
 * payload and agree with the count; pld_ts() reads them and refuses
 * unknown types, lengths that do not fit the type, and ranges that run
 * backwards.
 */
#include <string.h>

#include "payload.h"

#define TS_HDR_LEN	4	/* count, 3 reserved */
#define SEL_HDR_LEN	8	/* type, protocol, length, two ports */

static int validate_ts(struct ike_msg *m, const struct ike_payload *p,
		       struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;
	size_t len = p->body.len, off = TS_HDR_LEN;
	unsigned int n = 0;

	while (off < len) {
		size_t slen;

		n++;
		if (len - off < SEL_HDR_LEN)
			return ike_fail(err, IKE_E_TS_LENGTH, p->type,
					ike_off(m, b + off),
					"selector %u header cut off: %zu bytes left, need %d",
					n, len - off, SEL_HDR_LEN);
		slen = ike_get16(b + off + 2);
		if (slen < SEL_HDR_LEN)
			return ike_fail(err, IKE_E_TS_LENGTH, p->type,
					ike_off(m, b + off),
					"selector %u length %zu below minimum %d",
					n, slen, SEL_HDR_LEN);
		if (slen > len - off)
			return ike_fail(err, IKE_E_TS_LENGTH, p->type,
					ike_off(m, b + off),
					"selector %u length %zu beyond the %zu bytes left",
					n, slen, len - off);
		off += slen;
	}
	if (!b[0] || b[0] != n)
		return ike_fail(err, IKE_E_TS_COUNT, p->type, ike_off(m, b),
				"claims %u selectors, holds %u", b[0], n);
	return 0;
}

static size_t addr_len(uint8_t type)
{
	return type == IKE_TS_IPV4_ADDR_RANGE ? 4 : 16;
}

/* Reads one selector at s, whose length has been checked to fit. */
static int pld_selector(struct ike_msg *m, const struct ike_payload *p,
			const uint8_t *s, unsigned int i, struct ike_ts *ts,
			struct ike_err *err)
{
	size_t slen = ike_get16(s + 2), alen;

	*ts = (struct ike_ts){
		.type = s[0],
		.proto = s[1],
		.start_port = ike_get16(s + 4),
		.end_port = ike_get16(s + 6),
	};
	if (ts->type != IKE_TS_IPV4_ADDR_RANGE &&
	    ts->type != IKE_TS_IPV6_ADDR_RANGE)
		return ike_fail(err, IKE_E_TS_TYPE, p->type, ike_off(m, s),
				"selector %u type %u unknown", i, ts->type);
	alen = addr_len(ts->type);
	if (slen != SEL_HDR_LEN + 2 * alen)
		return ike_fail(err, IKE_E_TS_LENGTH, p->type, ike_off(m, s),
				"selector %u length %zu, %s needs %zu", i, slen,
				alen == 4 ? "IPv4" : "IPv6", SEL_HDR_LEN + 2 * alen);
	memcpy(ts->start, s + SEL_HDR_LEN, alen);
	memcpy(ts->end, s + SEL_HDR_LEN + alen, alen);
	if (ts->start_port > ts->end_port &&
	    !(ts->start_port == IKE_TS_OPAQUE_START &&
	      ts->end_port == IKE_TS_OPAQUE_END))
		return ike_fail(err, IKE_E_TS_RANGE, p->type, ike_off(m, s + 4),
				"selector %u start port %u above end port %u",
				i, ts->start_port, ts->end_port);
	/* Network order compares as the numbers do. */
	if (memcmp(ts->start, ts->end, alen) > 0)
		return ike_fail(err, IKE_E_TS_RANGE, p->type,
				ike_off(m, s + SEL_HDR_LEN),
				"selector %u start address above end address", i);
	return 0;
}

static int pld_ts(struct ike_msg *m, struct ike_payload *p,
		  struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;
	size_t off = TS_HDR_LEN;
	int ret;

	p->u.ts.ts = &m->ts[m->n_ts];
	p->u.ts.n = 0;
	while (off < p->body.len) {
		if (m->n_ts == IKE_MAX_TS)
			return ike_fail(err, IKE_E_TOO_MANY, p->type,
					ike_off(m, b + off),
					"beyond the %d selectors a message may hold",
					IKE_MAX_TS);
		ret = pld_selector(m, p, b + off, p->u.ts.n + 1,
				   &m->ts[m->n_ts], err);
		if (ret)
			return ret;
		m->n_ts++;
		p->u.ts.n++;
		off += ike_get16(b + off + 2);
	}
	return 0;
}

int ike_payload_ts(struct ike_msg *m, struct ike_payload *p,
		   struct ike_err *err)
{
	int ret = validate_ts(m, p, err);

	return ret ? ret : pld_ts(m, p, err);
}
