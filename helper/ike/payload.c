// SPDX-License-Identifier: GPL-2.0
/*
 * The simple IKEv2 payloads and the dispatch to all of them. As in
 * OpenBSD iked, validate_<p>() checks bounds only and pld_<p>() reads
 * the fields (trusting those bounds) and applies the rules about values.
 * The generic header has been checked before either runs, including the
 * minimum length ike_payload_min_len() gives, so each function may read
 * its fixed fields.
 */
#include <stdarg.h>
#include <stdio.h>

#include "names.h"
#include "payload.h"

int ike_fail(struct ike_err *err, int code, uint8_t ptype, size_t offset,
	     const char *fmt, ...)
{
	const char *name = ike_payload_short_name(ptype);
	size_t n = 0;

	/* charon's "E" and "EF" would puzzle a reader of an error. */
	if (ptype == IKE_PL_SK)
		name = "SK";
	else if (ptype == IKE_PL_SKF)
		name = "SKF";
	va_list ap;

	err->code = code;
	err->notify = IKE_N_INVALID_SYNTAX;
	err->payload = ptype;
	err->offset = offset;
	if (ptype && name)
		n = snprintf(err->msg, sizeof(err->msg), "%s: ", name);
	else if (ptype)
		n = snprintf(err->msg, sizeof(err->msg), "payload %u: ", ptype);
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof(err->msg) - n, fmt, ap);
	va_end(ap);
	return -code;
}

static int empty(struct ike_msg *m, const struct ike_payload *p,
		 const uint8_t *at, const char *what, struct ike_err *err)
{
	return ike_fail(err, IKE_E_EMPTY, p->type, ike_off(m, at), "no %s",
			what);
}

/* Octets of a KE public value per group (RFC 7296 / 5903 / 8031). */
static size_t dh_len(uint16_t group)
{
	switch (group) {
	case IKE_DH_MODP768:	return 96;
	case IKE_DH_MODP1024:	return 128;
	case IKE_DH_MODP1536:	return 192;
	case IKE_DH_MODP2048:	return 256;
	case IKE_DH_MODP3072:	return 384;
	case IKE_DH_MODP4096:	return 512;
	case IKE_DH_MODP6144:	return 768;
	case IKE_DH_MODP8192:	return 1024;
	case IKE_DH_ECP256:	return 64;
	case IKE_DH_ECP384:	return 96;
	case IKE_DH_ECP521:	return 132;
	case IKE_DH_CURVE25519:	return 32;
	case IKE_DH_CURVE448:	return 56;
	default:		return 0;	/* not ours to judge */
	}
}

static int pld_ke(struct ike_msg *m, struct ike_payload *p,
		  struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;
	size_t want;

	p->u.ke.group = ike_get16(b);
	p->u.ke.data = (struct ike_chunk){ b + 4, p->body.len - 4 };
	if (!p->u.ke.data.len)
		return ike_fail(err, IKE_E_KE_DATA, p->type, ike_off(m, b),
				"no key exchange data");
	want = dh_len(p->u.ke.group);
	if (want && p->u.ke.data.len != want)
		return ike_fail(err, IKE_E_KE_DATA, p->type, ike_off(m, b),
				"%s data length %zu, need %zu",
				ike_transform_name(IKE_XF_DH, p->u.ke.group),
				p->u.ke.data.len, want);
	return 0;
}

static int pld_nonce(struct ike_msg *m, struct ike_payload *p,
		     struct ike_err *err)
{
	p->u.nonce = p->body;
	if (p->body.len < IKE_NONCE_MIN || p->body.len > IKE_NONCE_MAX)
		return ike_fail(err, IKE_E_NONCE_LEN, p->type,
				ike_off(m, p->body.ptr),
				"nonce length %zu, must be %d..%d",
				p->body.len, IKE_NONCE_MIN, IKE_NONCE_MAX);
	return 0;
}

static int pld_id(struct ike_msg *m, struct ike_payload *p,
		  struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;
	size_t want = 0;

	p->u.id.type = b[0];
	p->u.id.data = (struct ike_chunk){ b + 4, p->body.len - 4 };
	if (p->u.id.type == IKE_ID_IPV4_ADDR)
		want = 4;
	else if (p->u.id.type == IKE_ID_IPV6_ADDR)
		want = 16;
	if (want && p->u.id.data.len != want)
		return ike_fail(err, IKE_E_ID_DATA, p->type, ike_off(m, b),
				"%s data length %zu, need %zu",
				ike_id_type_name(p->u.id.type),
				p->u.id.data.len, want);
	/* RFC 7619's NULL identity is the one allowed to be empty. */
	if (!p->u.id.data.len && p->u.id.type != IKE_ID_NULL)
		return ike_fail(err, IKE_E_ID_DATA, p->type, ike_off(m, b),
				"no identification data");
	return 0;
}

static int pld_cert(struct ike_msg *m, struct ike_payload *p,
		    struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;
	struct ike_cert *c = &p->u.cert;

	c->encoding = b[0];
	c->data = (struct ike_chunk){ b + 1, p->body.len - 1 };
	if (p->type == IKE_PL_CERT && !c->data.len)
		return ike_fail(err, IKE_E_CERT_DATA, p->type, ike_off(m, b),
				"no certificate data");
	/* An empty CERTREQ asks for any certificate; else whole hashes. */
	if (p->type == IKE_PL_CERTREQ && c->encoding == IKE_CERT_X509_SIG &&
	    c->data.len % IKE_CERTREQ_HASH_LEN)
		return ike_fail(err, IKE_E_CERT_DATA, p->type, ike_off(m, b),
				"CA hashes length %zu, not a multiple of %d",
				c->data.len, IKE_CERTREQ_HASH_LEN);
	return 0;
}

/* RFC 7427 3: one octet of length, the AlgorithmIdentifier, signature. */
static int pld_auth(struct ike_msg *m, struct ike_payload *p,
		    struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;
	struct ike_auth *a = &p->u.auth;
	size_t alg;

	*a = (struct ike_auth){
		.method = b[0],
		.data = { b + 4, p->body.len - 4 },
	};
	if (!a->data.len)
		return ike_fail(err, IKE_E_AUTH_DATA, p->type, ike_off(m, b),
				"no authentication data");
	if (a->method != IKE_AUTH_DIGITAL_SIGNATURE)
		return 0;
	alg = a->data.ptr[0];
	if (!alg || alg + 1 >= a->data.len)
		return ike_fail(err, IKE_E_AUTH_DATA, p->type, ike_off(m, b + 4),
				"signature algorithm length %zu leaves no signature in %zu bytes",
				alg, a->data.len);
	a->sig_alg = (struct ike_chunk){ a->data.ptr + 1, alg };
	a->sig = (struct ike_chunk){ a->data.ptr + 1 + alg,
				     a->data.len - 1 - alg };
	return 0;
}

/* Data lengths RFC 7296 (and charon) fix for some notify types. */
static const struct {
	uint16_t type;
	uint8_t min, max;
} notify_len[] = {
	{ IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD, 1, 1 },
	{ IKE_N_INVALID_MAJOR_VERSION, 0, 0 },
	{ IKE_N_INVALID_SYNTAX, 0, 0 },
	{ IKE_N_INVALID_MESSAGE_ID, 4, 4 },
	{ IKE_N_NO_PROPOSAL_CHOSEN, 0, 0 },
	{ IKE_N_INVALID_KE_PAYLOAD, 2, 2 },
	{ IKE_N_SET_WINDOW_SIZE, 4, 4 },
	{ IKE_N_IPCOMP_SUPPORTED, 3, 3 },
	{ IKE_N_NAT_DETECTION_SOURCE_IP, IKE_NATD_LEN, IKE_NATD_LEN },
	{ IKE_N_NAT_DETECTION_DESTINATION_IP, IKE_NATD_LEN, IKE_NATD_LEN },
	{ IKE_N_COOKIE, 1, IKE_COOKIE_MAX },
	{ IKE_N_ADDITIONAL_IP4_ADDRESS, 4, 4 },
	{ IKE_N_ADDITIONAL_IP6_ADDRESS, 16, 16 },
	{ IKE_N_AUTH_LIFETIME, 4, 4 },
};

static int check_notify_data(struct ike_msg *m, const struct ike_payload *p,
			     struct ike_err *err)
{
	const struct ike_notify *n = &p->u.notify;
	const char *name = ike_notify_short_name(n->type);
	size_t i;

	if (n->type == IKE_N_SIGNATURE_HASH_ALGORITHMS && n->data.len % 2)
		return ike_fail(err, IKE_E_NOTIFY_DATA, p->type,
				ike_off(m, p->body.ptr),
				"%s data length %zu, not whole 16-bit ids",
				name, n->data.len);
	for (i = 0; i < sizeof(notify_len) / sizeof(notify_len[0]); i++) {
		if (notify_len[i].type != n->type)
			continue;
		if (n->data.len >= notify_len[i].min &&
		    n->data.len <= notify_len[i].max)
			return 0;
		if (notify_len[i].min == notify_len[i].max)
			return ike_fail(err, IKE_E_NOTIFY_DATA, p->type,
					ike_off(m, p->body.ptr),
					"%s data length %zu, need %u", name,
					n->data.len, notify_len[i].min);
		return ike_fail(err, IKE_E_NOTIFY_DATA, p->type,
				ike_off(m, p->body.ptr),
				"%s data length %zu, must be %u..%u", name,
				n->data.len, notify_len[i].min,
				notify_len[i].max);
	}
	return 0;
}

/*
 * RFC 7296 3.10: with an SPI the protocol says whose; without one it is
 * ignored. REKEY_SA names the Child SA being rekeyed, so it needs one.
 */
static int check_notify_spi(struct ike_msg *m, const struct ike_payload *p,
			    struct ike_err *err)
{
	const struct ike_notify *n = &p->u.notify;
	const uint8_t *b = p->body.ptr;
	size_t want;

	if (n->type == IKE_N_REKEY_SA &&
	    (n->proto != IKE_PROTO_ESP && n->proto != IKE_PROTO_AH))
		return ike_fail(err, IKE_E_PROTOCOL, p->type, ike_off(m, b),
				"REKEY_SA protocol %u, need AH or ESP",
				n->proto);
	if (!n->spi.len && n->type != IKE_N_REKEY_SA)
		return 0;
	if (n->proto < IKE_PROTO_IKE || n->proto > IKE_PROTO_ESP)
		return ike_fail(err, IKE_E_PROTOCOL, p->type, ike_off(m, b),
				"protocol %u unknown", n->proto);
	want = n->proto == IKE_PROTO_IKE ? IKE_SPI_SIZE_IKE :
					   IKE_SPI_SIZE_CHILD;
	if (n->spi.len != want)
		return ike_fail(err, IKE_E_SPI_SIZE, p->type, ike_off(m, b + 1),
				"%s SPI size %zu, need %zu",
				ike_notify_short_name(n->type) ?: "notify",
				n->spi.len, want);
	return 0;
}

static int validate_notify(struct ike_msg *m, const struct ike_payload *p,
			   struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;

	if (b[1] > p->body.len - 4)
		return ike_fail(err, IKE_E_SPI_SIZE, p->type, ike_off(m, b + 1),
				"SPI size %u beyond the %zu bytes left", b[1],
				p->body.len - 4);
	return 0;
}

static int pld_notify(struct ike_msg *m, struct ike_payload *p,
		      struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;
	int ret = validate_notify(m, p, err);

	if (ret)
		return ret;
	p->u.notify = (struct ike_notify){
		.proto = b[0],
		.type = ike_get16(b + 2),
		.spi = { b + 4, b[1] },
		.data = { b + 4 + b[1], p->body.len - 4 - b[1] },
	};
	ret = check_notify_spi(m, p, err);
	return ret ? ret : check_notify_data(m, p, err);
}

/* RFC 7296 3.11: IKE is deleted without SPIs; AH and ESP list 4-octet ones. */
static int pld_delete(struct ike_msg *m, struct ike_payload *p,
		      struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;
	struct ike_delete *d = &p->u.del;
	size_t want;

	*d = (struct ike_delete){
		.proto = b[0],
		.spi_size = b[1],
		.n_spi = ike_get16(b + 2),
		.spis = { b + 4, p->body.len - 4 },
	};
	if (d->proto < IKE_PROTO_IKE || d->proto > IKE_PROTO_ESP)
		return ike_fail(err, IKE_E_PROTOCOL, p->type, ike_off(m, b),
				"protocol %u unknown", d->proto);
	want = d->proto == IKE_PROTO_IKE ? 0 : IKE_SPI_SIZE_CHILD;
	if (d->spi_size != want)
		return ike_fail(err, IKE_E_SPI_SIZE, p->type, ike_off(m, b + 1),
				"%s SPI size %u, need %zu",
				ike_protocol_name(d->proto), d->spi_size, want);
	if (d->proto == IKE_PROTO_IKE && d->n_spi)
		return ike_fail(err, IKE_E_DELETE_COUNT, p->type,
				ike_off(m, b + 2), "IKE with %u SPIs, need 0",
				d->n_spi);
	if (d->proto != IKE_PROTO_IKE && !d->n_spi)
		return ike_fail(err, IKE_E_DELETE_COUNT, p->type,
				ike_off(m, b + 2), "%s with no SPIs",
				ike_protocol_name(d->proto));
	if ((size_t)d->n_spi * d->spi_size != d->spis.len)
		return ike_fail(err, IKE_E_DELETE_COUNT, p->type,
				ike_off(m, b + 2),
				"%u SPIs of %u octets in %zu bytes", d->n_spi,
				d->spi_size, d->spis.len);
	return 0;
}

static int pld_vendor(struct ike_msg *m, struct ike_payload *p,
		      struct ike_err *err)
{
	p->u.vendor = p->body;
	return p->body.len ? 0 : empty(m, p, p->body.ptr, "vendor id", err);
}

/* RFC 7296 3.15.1: attributes are R/type(2) length(2) value. */
static int validate_cp(struct ike_msg *m, const struct ike_payload *p,
		       struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;
	size_t off = 4, len = p->body.len;

	while (off < len) {
		if (len - off < 4)
			return ike_fail(err, IKE_E_CP_ATTR, p->type,
					ike_off(m, b + off),
					"attribute header cut off: %zu bytes left, need 4",
					len - off);
		if (ike_get16(b + off + 2) > len - off - 4)
			return ike_fail(err, IKE_E_CP_ATTR, p->type,
					ike_off(m, b + off),
					"attribute length %u beyond the %zu bytes left",
					ike_get16(b + off + 2), len - off - 4);
		off += 4 + ike_get16(b + off + 2);
	}
	return 0;
}

static int pld_cp(struct ike_msg *m, struct ike_payload *p,
		  struct ike_err *err)
{
	int ret = validate_cp(m, p, err);

	if (ret)
		return ret;
	p->u.cp.type = p->body.ptr[0];
	p->u.cp.attrs = (struct ike_chunk){ p->body.ptr + 4, p->body.len - 4 };
	return 0;
}

/* RFC 3748 4: code, identifier, length, then the type for req/resp. */
static int pld_eap(struct ike_msg *m, struct ike_payload *p,
		   struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;
	struct ike_eap *e = &p->u.eap;
	bool typed;

	*e = (struct ike_eap){ .code = b[0], .id = b[1], .msg = p->body };
	if (ike_get16(b + 2) != p->body.len)
		return ike_fail(err, IKE_E_EAP_LENGTH, p->type,
				ike_off(m, b + 2),
				"EAP length %u, payload holds %zu",
				ike_get16(b + 2), p->body.len);
	typed = e->code == IKE_EAP_REQUEST || e->code == IKE_EAP_RESPONSE;
	if (typed && p->body.len < 5)
		return ike_fail(err, IKE_E_EAP_LENGTH, p->type,
				ike_off(m, b + 2),
				"EAP code %u without a type", e->code);
	if (typed)
		e->method = b[4];
	return 0;
}

static int pld_sk(struct ike_msg *m, struct ike_payload *p,
		  struct ike_err *err)
{
	p->u.sk = (struct ike_sk){ .inner = p->next, .data = p->body };
	return p->body.len ? 0 :
	       empty(m, p, p->body.ptr, "encrypted data", err);
}

/* RFC 7383 2.5: fragments count from 1; only the first names a type. */
static int pld_skf(struct ike_msg *m, struct ike_payload *p,
		   struct ike_err *err)
{
	const uint8_t *b = p->body.ptr;
	struct ike_skf *f = &p->u.skf;

	*f = (struct ike_skf){
		.inner = p->next,
		.num = ike_get16(b),
		.total = ike_get16(b + 2),
		.data = { b + 4, p->body.len - 4 },
	};
	if (!f->num || f->num > f->total)
		return ike_fail(err, IKE_E_FRAGMENT, p->type, ike_off(m, b),
				"fragment %u of %u", f->num, f->total);
	if (f->num > 1 && f->inner)
		return ike_fail(err, IKE_E_FRAGMENT, p->type, ike_off(m, b),
				"fragment %u names inner payload %u, only fragment 1 may",
				f->num, f->inner);
	return f->data.len ? 0 : empty(m, p, b + 4, "encrypted data", err);
}

typedef int (*pld_fn)(struct ike_msg *m, struct ike_payload *p,
		      struct ike_err *err);

static const struct {
	uint8_t min;		/* generic header included */
	pld_fn parse;
} payloads[] = {
	[IKE_PL_SA]	 = { 4, ike_payload_sa },
	[IKE_PL_KE]	 = { 8, pld_ke },
	[IKE_PL_IDI]	 = { 8, pld_id },
	[IKE_PL_IDR]	 = { 8, pld_id },
	[IKE_PL_CERT]	 = { 5, pld_cert },
	[IKE_PL_CERTREQ] = { 5, pld_cert },
	[IKE_PL_AUTH]	 = { 8, pld_auth },
	[IKE_PL_NONCE]	 = { 4, pld_nonce },
	[IKE_PL_NOTIFY]	 = { 8, pld_notify },
	[IKE_PL_DELETE]	 = { 8, pld_delete },
	[IKE_PL_VENDOR]	 = { 4, pld_vendor },
	[IKE_PL_TSI]	 = { 8, ike_payload_ts },
	[IKE_PL_TSR]	 = { 8, ike_payload_ts },
	[IKE_PL_SK]	 = { 4, pld_sk },
	[IKE_PL_CP]	 = { 8, pld_cp },
	[IKE_PL_EAP]	 = { 8, pld_eap },
	[IKE_PL_SKF]	 = { 8, pld_skf },
};

size_t ike_payload_min_len(uint8_t type)
{
	if (type >= sizeof(payloads) / sizeof(payloads[0]))
		return 0;
	return payloads[type].min;
}

int ike_payload_parse(struct ike_msg *m, struct ike_payload *p,
		      struct ike_err *err)
{
	size_t min = ike_payload_min_len(p->type);

	p->known = min != 0;
	if (!p->known)
		return 0;
	/* The chain walk checked this; a direct caller may not have. */
	if (p->body.len + IKE_GEN_HDR_LEN < min)
		return ike_fail(err, IKE_E_PLD_SHORT, p->type,
				ike_off(m, p->body.ptr),
				"length %zu below minimum %zu",
				p->body.len + IKE_GEN_HDR_LEN, min);
	return payloads[p->type].parse(m, p, err);
}
