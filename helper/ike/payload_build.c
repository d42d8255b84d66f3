// SPDX-License-Identifier: GPL-2.0
/*
 * Appending IKEv2 payloads to a growing buffer. Every append reserves
 * the generic header, writes the body, then fills the length; the
 * payload's type goes into the previous next-payload field (the IKE
 * header's, or an inner chain's b->first), and its own stays 0 until
 * something follows. The wire layout is the one payload*.c parse.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "payload_build.h"

void ike_buf_init(struct ike_buf *b)
{
	*b = (struct ike_buf){ 0 };
}

void ike_buf_free(struct ike_buf *b)
{
	free(b->data);
	ike_buf_init(b);
}

void ike_build_inner(struct ike_buf *b)
{
	b->inner = true;
}

static int set_err(struct ike_buf *b, int err)
{
	if (!b->err)
		b->err = err;
	return b->err;
}

static int grow(struct ike_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 512;
	uint8_t *data;

	while (cap < need)
		cap *= 2;
	data = realloc(b->data, cap);
	if (!data)
		return set_err(b, -ENOMEM);
	b->data = data;
	b->cap = cap;
	return 0;
}

long ike_buf_reserve(struct ike_buf *b, size_t len)
{
	size_t off = b->len;

	if (b->err)
		return b->err;
	if (len > IKE_MAX_MSG || b->len + len > IKE_MAX_MSG)
		return set_err(b, -EMSGSIZE);
	if (b->len + len > b->cap && grow(b, b->len + len))
		return b->err;
	memset(b->data + off, 0, len);
	b->len += len;
	return (long)off;
}

/* Appends len bytes of data (which may be NULL when len is 0). */
static int put(struct ike_buf *b, const void *data, size_t len)
{
	long off = ike_buf_reserve(b, len);

	if (off < 0)
		return (int)off;
	if (len)
		memcpy(b->data + off, data, len);
	return 0;
}

static int put16(struct ike_buf *b, uint16_t v)
{
	uint8_t w[2];

	ike_put16(w, v);
	return put(b, w, 2);
}

long ike_build_begin(struct ike_buf *b, uint8_t type, bool critical)
{
	long off;

	if (b->sealed)
		return set_err(b, -EINVAL);
	off = ike_buf_reserve(b, IKE_GEN_HDR_LEN);
	if (off < 0)
		return off;
	if (b->has_next_at)
		b->data[b->next_at] = type;
	else
		b->first = type;
	b->next_at = off;
	b->has_next_at = true;
	b->data[off + 1] = critical ? IKE_PL_CRITICAL : 0;
	return off;
}

int ike_build_end(struct ike_buf *b, long off)
{
	size_t len;

	if (b->err)
		return b->err;
	len = b->len - off;
	if (len > UINT16_MAX)
		return set_err(b, -EMSGSIZE);
	ike_put16(b->data + off + 2, len);
	return 0;
}

/* A payload whose body is a few fixed octets and then data. */
static int fixed_and_data(struct ike_buf *b, uint8_t type,
			  const uint8_t *fixed, size_t flen,
			  const struct ike_chunk *data)
{
	long off = ike_build_begin(b, type, false);

	if (off < 0)
		return (int)off;
	put(b, fixed, flen);
	put(b, data->ptr, data->len);
	return ike_build_end(b, off);
}

static int put_transform(struct ike_buf *b, const struct ike_transform *t,
			 bool last)
{
	long off = ike_buf_reserve(b, IKE_XF_HDR_LEN);

	if (off < 0)
		return (int)off;
	b->data[off] = last ? IKE_XF_LAST : IKE_XF_MORE;
	b->data[off + 4] = t->type;
	ike_put16(b->data + off + 6, t->id);
	if (t->key_len) {
		put16(b, IKE_ATTR_AF | IKE_ATTR_KEY_LENGTH);
		put16(b, t->key_len);
	}
	if (b->err)
		return b->err;
	ike_put16(b->data + off + 2, b->len - off);
	return 0;
}

static int put_proposal(struct ike_buf *b, const struct ike_proposal *p,
			bool last)
{
	long off;
	size_t i;

	if (p->spi.len > UINT8_MAX || p->n_xf > UINT8_MAX)
		return set_err(b, -EINVAL);
	off = ike_buf_reserve(b, IKE_PROP_HDR_LEN);
	if (off < 0)
		return (int)off;
	b->data[off] = last ? IKE_PROP_LAST : IKE_PROP_MORE;
	b->data[off + 4] = p->num;
	b->data[off + 5] = p->proto;
	b->data[off + 6] = p->spi.len;
	b->data[off + 7] = p->n_xf;
	put(b, p->spi.ptr, p->spi.len);
	for (i = 0; i < p->n_xf; i++)
		put_transform(b, &p->xf[i], i + 1 == p->n_xf);
	if (b->err)
		return b->err;
	if (b->len - off > UINT16_MAX)
		return set_err(b, -EMSGSIZE);
	ike_put16(b->data + off + 2, b->len - off);
	return 0;
}

int ike_build_sa(struct ike_buf *b, const struct ike_sa *sa)
{
	long off = ike_build_begin(b, IKE_PL_SA, false);
	size_t i;

	if (off < 0)
		return (int)off;
	for (i = 0; i < sa->n; i++)
		put_proposal(b, &sa->prop[i], i + 1 == sa->n);
	return ike_build_end(b, off);
}

int ike_build_ke(struct ike_buf *b, const struct ike_ke *ke)
{
	uint8_t fixed[4] = { 0 };

	ike_put16(fixed, ke->group);
	return fixed_and_data(b, IKE_PL_KE, fixed, sizeof(fixed), &ke->data);
}

int ike_build_nonce(struct ike_buf *b, const uint8_t *nonce, size_t len)
{
	struct ike_chunk c = { nonce, len };

	return fixed_and_data(b, IKE_PL_NONCE, NULL, 0, &c);
}

int ike_build_id(struct ike_buf *b, uint8_t ptype, const struct ike_id *id)
{
	uint8_t fixed[4] = { id->type };

	return fixed_and_data(b, ptype, fixed, sizeof(fixed), &id->data);
}

int ike_build_cert(struct ike_buf *b, uint8_t ptype,
		   const struct ike_cert *cert)
{
	return fixed_and_data(b, ptype, &cert->encoding, 1, &cert->data);
}

int ike_build_auth(struct ike_buf *b, const struct ike_auth *a)
{
	uint8_t fixed[4] = { a->method };

	return fixed_and_data(b, IKE_PL_AUTH, fixed, sizeof(fixed), &a->data);
}

int ike_build_notify(struct ike_buf *b, const struct ike_notify *n)
{
	uint8_t fixed[4] = { n->proto, n->spi.len };
	long off;

	if (n->spi.len > UINT8_MAX)
		return set_err(b, -EINVAL);
	ike_put16(fixed + 2, n->type);
	off = ike_build_begin(b, IKE_PL_NOTIFY, false);
	if (off < 0)
		return (int)off;
	put(b, fixed, sizeof(fixed));
	put(b, n->spi.ptr, n->spi.len);
	put(b, n->data.ptr, n->data.len);
	return ike_build_end(b, off);
}

int ike_build_delete(struct ike_buf *b, const struct ike_delete *d)
{
	uint8_t fixed[4] = { d->proto, d->spi_size };

	ike_put16(fixed + 2, d->n_spi);
	return fixed_and_data(b, IKE_PL_DELETE, fixed, sizeof(fixed),
			      &d->spis);
}

static int put_selector(struct ike_buf *b, const struct ike_ts *ts)
{
	size_t alen = ts->type == IKE_TS_IPV4_ADDR_RANGE ? 4 : 16;
	uint8_t hdr[8] = { ts->type, ts->proto };

	ike_put16(hdr + 2, sizeof(hdr) + 2 * alen);
	ike_put16(hdr + 4, ts->start_port);
	ike_put16(hdr + 6, ts->end_port);
	put(b, hdr, sizeof(hdr));
	put(b, ts->start, alen);
	return put(b, ts->end, alen);
}

int ike_build_ts(struct ike_buf *b, uint8_t ptype, const struct ike_tsp *ts)
{
	uint8_t fixed[4] = { ts->n };
	long off;
	size_t i;

	if (ts->n > UINT8_MAX)
		return set_err(b, -EINVAL);
	off = ike_build_begin(b, ptype, false);
	if (off < 0)
		return (int)off;
	put(b, fixed, sizeof(fixed));
	for (i = 0; i < ts->n; i++)
		put_selector(b, &ts->ts[i]);
	return ike_build_end(b, off);
}

int ike_build_vendor(struct ike_buf *b, const uint8_t *vid, size_t len)
{
	struct ike_chunk c = { vid, len };

	return fixed_and_data(b, IKE_PL_VENDOR, NULL, 0, &c);
}

int ike_build_cp(struct ike_buf *b, const struct ike_cp *cp)
{
	uint8_t fixed[4] = { cp->type };

	return fixed_and_data(b, IKE_PL_CP, fixed, sizeof(fixed), &cp->attrs);
}

int ike_build_eap(struct ike_buf *b, const struct ike_eap *e)
{
	return fixed_and_data(b, IKE_PL_EAP, NULL, 0, &e->msg);
}

int ike_build_raw(struct ike_buf *b, uint8_t type, bool critical,
		  const uint8_t *body, size_t len)
{
	long off = ike_build_begin(b, type, critical);

	if (off < 0)
		return (int)off;
	put(b, body, len);
	return ike_build_end(b, off);
}

/* SK and SKF: their next-payload field is the inner first type. */
static int encrypted(struct ike_buf *b, uint8_t type, uint8_t inner,
		     const uint8_t *fixed, size_t flen, size_t len,
		     size_t *where)
{
	long off, room;

	if (b->inner)
		return set_err(b, -EINVAL);
	off = ike_build_begin(b, type, false);
	if (off < 0)
		return (int)off;
	put(b, fixed, flen);
	room = ike_buf_reserve(b, len);
	if (room < 0)
		return (int)room;
	b->data[off] = inner;
	b->sealed = true;
	*where = room;
	return ike_build_end(b, off);
}

int ike_build_sk(struct ike_buf *b, uint8_t inner, size_t len, size_t *off)
{
	return encrypted(b, IKE_PL_SK, inner, NULL, 0, len, off);
}

int ike_build_skf(struct ike_buf *b, const struct ike_skf *f, size_t len,
		  size_t *off)
{
	uint8_t fixed[4];

	ike_put16(fixed, f->num);
	ike_put16(fixed + 2, f->total);
	return encrypted(b, IKE_PL_SKF, f->inner, fixed, sizeof(fixed), len,
			 off);
}

static int copy_encrypted(struct ike_buf *b, const struct ike_payload *p)
{
	const struct ike_chunk *data;
	size_t off;
	int ret;

	if (p->type == IKE_PL_SK) {
		data = &p->u.sk.data;
		ret = ike_build_sk(b, p->u.sk.inner, data->len, &off);
	} else {
		data = &p->u.skf.data;
		ret = ike_build_skf(b, &p->u.skf, data->len, &off);
	}
	if (!ret && data->len)
		memcpy(b->data + off, data->ptr, data->len);
	return ret;
}

int ike_build_payload(struct ike_buf *b, const struct ike_payload *p)
{
	switch (p->known ? p->type : IKE_PL_NONE) {
	case IKE_PL_SA:		return ike_build_sa(b, &p->u.sa);
	case IKE_PL_KE:		return ike_build_ke(b, &p->u.ke);
	case IKE_PL_NONCE:
		return ike_build_nonce(b, p->u.nonce.ptr, p->u.nonce.len);
	case IKE_PL_IDI:
	case IKE_PL_IDR:	return ike_build_id(b, p->type, &p->u.id);
	case IKE_PL_CERT:
	case IKE_PL_CERTREQ:	return ike_build_cert(b, p->type, &p->u.cert);
	case IKE_PL_AUTH:	return ike_build_auth(b, &p->u.auth);
	case IKE_PL_NOTIFY:	return ike_build_notify(b, &p->u.notify);
	case IKE_PL_DELETE:	return ike_build_delete(b, &p->u.del);
	case IKE_PL_TSI:
	case IKE_PL_TSR:	return ike_build_ts(b, p->type, &p->u.ts);
	case IKE_PL_VENDOR:
		return ike_build_vendor(b, p->u.vendor.ptr, p->u.vendor.len);
	case IKE_PL_CP:		return ike_build_cp(b, &p->u.cp);
	case IKE_PL_EAP:	return ike_build_eap(b, &p->u.eap);
	case IKE_PL_SK:
	case IKE_PL_SKF:	return copy_encrypted(b, p);
	default:
		return ike_build_raw(b, p->type, p->critical, p->body.ptr,
				     p->body.len);
	}
}
