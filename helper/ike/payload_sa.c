// SPDX-License-Identifier: GPL-2.0
/*
 * The SA payload (RFC 7296 3.3): proposals holding transforms holding
 * attributes. validate_*() walk the substructures checking only that
 * every length, count and last-substructure flag is consistent; pld_*()
 * then read the fields, trusting those bounds, and apply the rules about
 * values (protocols, SPI sizes, proposal numbers, attributes).
 */
#include <stdarg.h>
#include <stdio.h>

#include "payload.h"

/* Where a substructure sits, for messages: proposal i, transform j. */
struct sa_where {
	struct ike_msg *m;
	struct ike_err *err;
	const uint8_t *at;
	int prop;
	int xf;
};

static int __attribute__((format(printf, 3, 4)))
fail_at(struct sa_where *w, int code, const char *fmt, ...)
{
	char what[112];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (w->xf)
		return ike_fail(w->err, code, IKE_PL_SA, ike_off(w->m, w->at),
				"proposal %d transform %d %s",
				w->prop, w->xf, what);
	return ike_fail(w->err, code, IKE_PL_SA, ike_off(w->m, w->at),
			"proposal %d %s", w->prop, what);
}

static int validate_attrs(struct sa_where *w, const uint8_t *p, size_t len)
{
	size_t off = 0;

	while (off < len) {
		size_t alen = IKE_ATTR_HDR_LEN;

		w->at = p + off;
		if (len - off < IKE_ATTR_HDR_LEN)
			return fail_at(w, IKE_E_ATTRIBUTE,
				       "attribute header cut off: %zu bytes left, need %d",
				       len - off, IKE_ATTR_HDR_LEN);
		if (!(ike_get16(p + off) & IKE_ATTR_AF))
			alen += ike_get16(p + off + 2);
		if (alen > len - off)
			return fail_at(w, IKE_E_ATTRIBUTE,
				       "attribute length %zu beyond the %zu bytes left",
				       alen, len - off);
		off += alen;
	}
	return 0;
}

/*
 * The substructure at p claims len bytes and is the last one (flag 0)
 * or not (flag more). It must end the list exactly when it says so.
 */
static int check_last(struct sa_where *w, int code, uint8_t flag,
		      uint8_t more, size_t end, size_t total)
{
	if (flag != IKE_PROP_LAST && flag != more)
		return fail_at(w, code, "last-substructure %u, must be 0 or %u",
			       flag, more);
	if (flag == IKE_PROP_LAST && end != total)
		return fail_at(w, code, "marked last but %zu bytes follow",
			       total - end);
	if (flag == more && end == total)
		return fail_at(w, code, "marked %u (more) but nothing follows",
			       more);
	return 0;
}

static int validate_transforms(struct sa_where *w, const uint8_t *p,
			       size_t len, unsigned int claimed)
{
	size_t off = 0;
	unsigned int n = 0;
	int ret;

	while (off < len) {
		size_t tlen;

		w->xf = ++n;
		w->at = p + off;
		if (len - off < IKE_XF_HDR_LEN)
			return fail_at(w, IKE_E_TRANSFORM,
				       "header cut off: %zu bytes left, need %d",
				       len - off, IKE_XF_HDR_LEN);
		tlen = ike_get16(p + off + 2);
		if (tlen < IKE_XF_HDR_LEN)
			return fail_at(w, IKE_E_TRANSFORM,
				       "length %zu below minimum %d",
				       tlen, IKE_XF_HDR_LEN);
		if (tlen > len - off)
			return fail_at(w, IKE_E_TRANSFORM,
				       "length %zu beyond the %zu bytes left in the proposal",
				       tlen, len - off);
		ret = check_last(w, IKE_E_TRANSFORM, p[off], IKE_XF_MORE,
				 off + tlen, len);
		if (ret)
			return ret;
		ret = validate_attrs(w, p + off + IKE_XF_HDR_LEN,
				     tlen - IKE_XF_HDR_LEN);
		if (ret)
			return ret;
		off += tlen;
	}
	w->xf = 0;
	if (!n)
		return fail_at(w, IKE_E_TRANSFORM, "has no transforms");
	if (n != claimed)
		return fail_at(w, IKE_E_TRANSFORM,
			       "claims %u transforms, holds %u", claimed, n);
	return 0;
}

static int validate_sa(struct sa_where *w, const uint8_t *p, size_t len)
{
	size_t off = 0;
	int ret;

	while (off < len) {
		size_t plen, spi;

		w->prop++;
		w->at = p + off;
		if (len - off < IKE_PROP_HDR_LEN)
			return fail_at(w, IKE_E_PROPOSAL,
				       "header cut off: %zu bytes left, need %d",
				       len - off, IKE_PROP_HDR_LEN);
		plen = ike_get16(p + off + 2);
		spi = p[off + 6];
		if (plen < IKE_PROP_HDR_LEN + spi)
			return fail_at(w, IKE_E_PROPOSAL,
				       "length %zu below minimum %zu (header and %zu-octet SPI)",
				       plen, IKE_PROP_HDR_LEN + spi, spi);
		if (plen > len - off)
			return fail_at(w, IKE_E_PROPOSAL,
				       "length %zu beyond the %zu bytes left in the payload",
				       plen, len - off);
		ret = check_last(w, IKE_E_PROPOSAL, p[off], IKE_PROP_MORE,
				 off + plen, len);
		if (ret)
			return ret;
		ret = validate_transforms(w, p + off + IKE_PROP_HDR_LEN + spi,
					  plen - IKE_PROP_HDR_LEN - spi,
					  p[off + 7]);
		if (ret)
			return ret;
		off += plen;
	}
	return 0;
}

/* Reads attributes already bounds checked; only Key Length is defined. */
static int pld_attrs(struct sa_where *w, struct ike_transform *t,
		     const uint8_t *p, size_t len)
{
	size_t off = 0;

	while (off < len) {
		uint16_t type = ike_get16(p + off);
		uint16_t val = ike_get16(p + off + 2);

		w->at = p + off;
		if (type == (IKE_ATTR_AF | IKE_ATTR_KEY_LENGTH)) {
			if (t->key_len)
				return fail_at(w, IKE_E_ATTRIBUTE,
					       "repeats Key Length (%u, then %u)",
					       t->key_len, val);
			if (!val)
				return fail_at(w, IKE_E_ATTRIBUTE, "Key Length 0");
			t->key_len = val;
		} else if (t->unknown_attrs < UINT8_MAX) {
			t->unknown_attrs++;
		}
		off += IKE_ATTR_HDR_LEN + ((type & IKE_ATTR_AF) ? 0 : val);
	}
	return 0;
}

static int pld_transforms(struct sa_where *w, struct ike_proposal *prop,
			  const uint8_t *p, size_t len)
{
	struct ike_msg *m = w->m;
	size_t off = 0;
	int ret;

	prop->xf = &m->xf[m->n_xf];
	while (off < len) {
		size_t tlen = ike_get16(p + off + 2);
		struct ike_transform *t;

		w->at = p + off;
		w->xf = prop->n_xf + 1;
		if (m->n_xf == IKE_MAX_TRANSFORMS)
			return fail_at(w, IKE_E_TOO_MANY,
				       "beyond the %d transforms a message may hold",
				       IKE_MAX_TRANSFORMS);
		t = &m->xf[m->n_xf++];
		*t = (struct ike_transform){
			.type = p[off + 4],
			.id = ike_get16(p + off + 6),
		};
		ret = pld_attrs(w, t, p + off + IKE_XF_HDR_LEN,
				tlen - IKE_XF_HDR_LEN);
		if (ret)
			return ret;
		prop->n_xf++;
		off += tlen;
	}
	w->xf = 0;
	return 0;
}

/* RFC 7296 3.3.1: SPI sizes per protocol. IKE's 8 is for rekeying. */
static int check_spi(struct sa_where *w, const struct ike_proposal *prop)
{
	switch (prop->proto) {
	case IKE_PROTO_IKE:
		if (!prop->spi.len || prop->spi.len == IKE_SPI_SIZE_IKE)
			return 0;
		return fail_at(w, IKE_E_SPI_SIZE,
			       "IKE SPI size %zu, must be 0 or %d",
			       prop->spi.len, IKE_SPI_SIZE_IKE);
	case IKE_PROTO_AH:
	case IKE_PROTO_ESP:
		if (prop->spi.len == IKE_SPI_SIZE_CHILD)
			return 0;
		return fail_at(w, IKE_E_SPI_SIZE, "%s SPI size %zu, need %d",
			       prop->proto == IKE_PROTO_AH ? "AH" : "ESP",
			       prop->spi.len, IKE_SPI_SIZE_CHILD);
	default:
		return fail_at(w, IKE_E_PROTOCOL, "protocol %u unknown",
			       prop->proto);
	}
}

/*
 * RFC 7296 3.3.1: offered proposals are numbered 1, 2, ...; an answer
 * holds the one accepted, under the number it was offered with.
 */
static int check_number(struct sa_where *w, const struct ike_proposal *prop,
			bool response)
{
	if (response && w->prop > 1)
		return fail_at(w, IKE_E_NUMBERING,
			       "in a response, which must hold only one");
	if (response && !prop->num)
		return fail_at(w, IKE_E_NUMBERING, "numbered 0");
	if (!response && prop->num != w->prop)
		return fail_at(w, IKE_E_NUMBERING, "numbered %u, must be %d",
			       prop->num, w->prop);
	return 0;
}

static int pld_sa(struct sa_where *w, struct ike_payload *p)
{
	struct ike_msg *m = w->m;
	bool response = m->hdr.flags & IKE_FLAG_RESPONSE;
	const uint8_t *b = p->body.ptr;
	size_t off = 0;
	int ret;

	p->u.sa.prop = &m->prop[m->n_prop];
	p->u.sa.n = 0;
	while (off < p->body.len) {
		size_t plen = ike_get16(b + off + 2);
		uint8_t spi = b[off + 6];
		struct ike_proposal *prop;

		w->prop++;
		w->at = b + off;
		if (m->n_prop == IKE_MAX_PROPOSALS)
			return fail_at(w, IKE_E_TOO_MANY,
				       "beyond the %d proposals a message may hold",
				       IKE_MAX_PROPOSALS);
		prop = &m->prop[m->n_prop++];
		*prop = (struct ike_proposal){
			.num = b[off + 4],
			.proto = b[off + 5],
			.spi = { b + off + IKE_PROP_HDR_LEN, spi },
		};
		ret = check_number(w, prop, response);
		if (!ret)
			ret = check_spi(w, prop);
		if (!ret)
			ret = pld_transforms(w, prop,
					     b + off + IKE_PROP_HDR_LEN + spi,
					     plen - IKE_PROP_HDR_LEN - spi);
		if (ret)
			return ret;
		p->u.sa.n++;
		off += plen;
	}
	return 0;
}

int ike_payload_sa(struct ike_msg *m, struct ike_payload *p,
		   struct ike_err *err)
{
	struct sa_where w = { .m = m, .err = err, .at = p->body.ptr };
	int ret;

	if (!p->body.len)
		return ike_fail(err, IKE_E_EMPTY, IKE_PL_SA,
				ike_off(m, p->body.ptr), "no proposals");
	ret = validate_sa(&w, p->body.ptr, p->body.len);
	if (ret)
		return ret;
	w.prop = 0;
	return pld_sa(&w, p);
}
