// SPDX-License-Identifier: GPL-2.0
/*
 * The IKEv2 header and the payload chain: the bounds pass over the whole
 * chain, then the interpreting pass over each payload (payload*.c).
 * Bounds come first so that a message is refused for its first
 * structural fault wherever it lies, before any field is believed.
 */
#include <string.h>

#include "message.h"
#include "names.h"

int ike_hdr_parse(struct ike_hdr *h, const uint8_t *buf, size_t len,
		  struct ike_err *err)
{
	int ret;

	if (len < IKE_HDR_LEN)
		return ike_fail(err, IKE_E_HDR_SHORT, 0, 0,
				"header: %zu bytes, need %d", len, IKE_HDR_LEN);
	*h = (struct ike_hdr){
		.spi_i = ike_get64(buf),
		.spi_r = ike_get64(buf + 8),
		.next = buf[16],
		.version = buf[17],
		.exchange = buf[18],
		.flags = buf[19],
		.msgid = ike_get32(buf + 20),
		.length = ike_get32(buf + 24),
	};
	if (h->length != len)
		return ike_fail(err, IKE_E_HDR_LENGTH, 0, 24,
				"header: length %u, datagram holds %zu",
				h->length, len);
	if (IKE_MAJOR(h->version) != IKE_MAJOR(IKE_VERSION)) {
		ret = ike_fail(err, IKE_E_VERSION, 0, 17,
			       "header: major version %u, need %u",
			       IKE_MAJOR(h->version), IKE_MAJOR(IKE_VERSION));
		err->notify = IKE_N_INVALID_MAJOR_VERSION;
		return ret;
	}
	return 0;
}

static bool is_encrypted(uint8_t type)
{
	return type == IKE_PL_SK || type == IKE_PL_SKF;
}

/* The generic header at off: fits, sane length, known or not critical. */
static int check_generic(struct ike_msg *m, uint8_t type, const uint8_t *buf,
			 size_t off, size_t len, struct ike_err *err)
{
	size_t plen, min = ike_payload_min_len(type);
	int ret;

	if (off == len)
		return ike_fail(err, IKE_E_CHAIN_END, type, off,
				"named as next payload, but the message ends at %zu",
				len);
	if (len - off < IKE_GEN_HDR_LEN)
		return ike_fail(err, IKE_E_PLD_TRUNC, type, off,
				"generic header cut off: %zu bytes left, need %d",
				len - off, IKE_GEN_HDR_LEN);
	plen = ike_get16(buf + off + 2);
	if (plen < IKE_GEN_HDR_LEN)
		return ike_fail(err, IKE_E_PLD_SHORT, type, off + 2,
				"length %zu below the generic header (%d)",
				plen, IKE_GEN_HDR_LEN);
	if (plen > len - off)
		return ike_fail(err, IKE_E_PLD_BEYOND, type, off + 2,
				"length %zu beyond the %zu bytes left",
				plen, len - off);
	if (plen < min)
		return ike_fail(err, IKE_E_PLD_SHORT, type, off + 2,
				"length %zu below minimum %zu", plen, min);
	if (!min && (buf[off + 1] & IKE_PL_CRITICAL)) {
		ret = ike_fail(err, IKE_E_CRITICAL, type, off + 1,
			       "unknown payload type %u marked critical",
			       type);
		err->notify = IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD;
		return ret;
	}
	if (m->n == IKE_MAX_PAYLOADS)
		return ike_fail(err, IKE_E_TOO_MANY, type, off,
				"beyond the %d payloads a message may hold",
				IKE_MAX_PAYLOADS);
	return 0;
}

/*
 * The bounds pass: walks the chain from first at buf + off to buf + len
 * and records each payload's type, flags and body in m.
 */
static int walk_chain(struct ike_msg *m, uint8_t first, const uint8_t *buf,
		      size_t off, size_t len, bool inner, struct ike_err *err)
{
	uint8_t type = first;

	while (type != IKE_PL_NONE) {
		struct ike_payload *p = &m->pl[m->n];
		int ret = check_generic(m, type, buf, off, len, err);

		if (ret)
			return ret;
		*p = (struct ike_payload){
			.type = type,
			.next = buf[off],
			.critical = buf[off + 1] & IKE_PL_CRITICAL,
			.body = { buf + off + IKE_GEN_HDR_LEN,
				  ike_get16(buf + off + 2) - IKE_GEN_HDR_LEN },
		};
		m->n++;
		off += IKE_GEN_HDR_LEN + p->body.len;
		if (!is_encrypted(type)) {
			type = p->next;
			continue;
		}
		/* SK's next field names the first payload inside it. */
		if (inner)
			return ike_fail(err, IKE_E_SK_NESTED, type,
					off - IKE_GEN_HDR_LEN - p->body.len,
					"inside an encrypted payload");
		if (off != len)
			return ike_fail(err, IKE_E_SK_NOT_LAST, type, off,
					"%zu bytes follow, it must be last",
					len - off);
		break;
	}
	if (off != len)
		return ike_fail(err, IKE_E_CHAIN_EARLY, 0, off,
				"payload chain ends at %zu, %zu bytes left over",
				off, len - off);
	return 0;
}

/* The interpreting pass, over the payloads from index start. */
static int interpret(struct ike_msg *m, size_t start, struct ike_err *err)
{
	size_t i;
	int ret;

	for (i = start; i < m->n; i++) {
		ret = ike_payload_parse(m, &m->pl[i], err);
		if (ret)
			return ret;
	}
	return 0;
}

static void msg_reset(struct ike_msg *m, const uint8_t *base)
{
	m->n = 0;
	m->n_prop = 0;
	m->n_xf = 0;
	m->n_ts = 0;
	m->base = base;
}

int ike_msg_parse(struct ike_msg *m, const uint8_t *buf, size_t len,
		  struct ike_err *err)
{
	int ret;

	msg_reset(m, buf);
	ret = ike_hdr_parse(&m->hdr, buf, len, err);
	if (!ret)
		ret = walk_chain(m, m->hdr.next, buf, IKE_HDR_LEN, len, false,
				 err);
	return ret ? ret : interpret(m, 0, err);
}

int ike_msg_parse_inner(struct ike_msg *m, uint8_t first, const uint8_t *buf,
			size_t len, struct ike_err *err)
{
	size_t start;
	int ret;

	if (m->n && m->pl[m->n - 1].type == IKE_PL_SK)
		m->n--;
	start = m->n;
	m->base = buf;
	ret = walk_chain(m, first, buf, 0, len, true, err);
	return ret ? ret : interpret(m, start, err);
}

const struct ike_payload *ike_msg_find(const struct ike_msg *m, uint8_t type,
				       const struct ike_payload *prev)
{
	size_t i = prev ? (size_t)(prev - m->pl) + 1 : 0;

	for (; i < m->n; i++)
		if (m->pl[i].known && m->pl[i].type == type)
			return &m->pl[i];
	return NULL;
}

const struct ike_payload *ike_msg_notify(const struct ike_msg *m,
					 uint16_t type)
{
	const struct ike_payload *p = NULL;

	while ((p = ike_msg_find(m, IKE_PL_NOTIFY, p)))
		if (p->u.notify.type == type)
			return p;
	return NULL;
}

int ike_build_header(struct ike_buf *b, const struct ike_hdr *h)
{
	long off = ike_buf_reserve(b, IKE_HDR_LEN);
	uint8_t *p;

	if (off < 0)
		return (int)off;
	p = b->data + off;
	ike_put64(p, h->spi_i);
	ike_put64(p + 8, h->spi_r);
	p[17] = h->version ? h->version : IKE_VERSION;
	p[18] = h->exchange;
	p[19] = h->flags;
	ike_put32(p + 20, h->msgid);
	b->next_at = off + 16;
	b->has_next_at = true;
	return 0;
}

int ike_build_finish(struct ike_buf *b)
{
	if (b->err)
		return b->err;
	if (!b->inner && b->len >= IKE_HDR_LEN)
		ike_put32(b->data + 24, b->len);
	return 0;
}

int ike_build_msg(struct ike_buf *b, const struct ike_msg *m)
{
	size_t i;

	ike_build_header(b, &m->hdr);
	for (i = 0; i < m->n; i++)
		ike_build_payload(b, &m->pl[i]);
	return ike_build_finish(b);
}
