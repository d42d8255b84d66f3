// SPDX-License-Identifier: GPL-2.0
/*
 * Proposals on the wire: the responder's choice of one transform of each
 * kind from the peer's SA payload (RFC 7296 2.7, 3.3), the initiator's
 * offer built from the configured list and its check of the answer, and
 * the kernel's names for the ESP suite negotiated.
 */
#include <errno.h>
#include <string.h>

#include "proposal.h"

/* What one transform kind of a peer proposal allows us to pick. */
struct pick {
	const struct ike_proposal *pp;
	const struct ike_prop_cfg *cp;
	unsigned int flags;
};

static bool cfg_has_encr(const struct ike_prop_cfg *cp,
			 const struct ike_transform *t)
{
	for (size_t i = 0; i < cp->n_encr; i++)
		if (cp->encr[i].id == t->id && cp->encr[i].bits == t->key_len)
			return true;
	return false;
}

static bool list_has(const uint16_t *list, size_t n, uint16_t id)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == id)
			return true;
	return false;
}

/* Our list of one kind; encryption is matched by cfg_has_encr. */
static const uint16_t *cfg_list(const struct ike_prop_cfg *cp, uint8_t type,
				size_t *n)
{
	switch (type) {
	case IKE_XF_INTEG:
		*n = cp->n_integ;
		return cp->integ;
	case IKE_XF_PRF:
		*n = cp->n_prf;
		return cp->prf;
	case IKE_XF_DH:
		*n = cp->n_dh;
		return cp->dh;
	}
	*n = 0;
	return NULL;
}

static bool acceptable(const struct ike_prop_cfg *cp,
		       const struct ike_transform *t)
{
	const uint16_t *list;
	size_t n;

	if (t->unknown_attrs)
		return false;	/* RFC 7296 3.3.6 */
	if (t->type == IKE_XF_ENCR)
		return cfg_has_encr(cp, t);
	if (t->key_len)
		return false;	/* a key length only belongs to ciphers */
	list = cfg_list(cp, t->type, &n);
	return list && list_has(list, n, t->id);
}

static size_t count_type(const struct ike_proposal *pp, uint8_t type)
{
	size_t n = 0;

	for (size_t i = 0; i < pp->n_xf; i++)
		n += pp->xf[i].type == type;
	return n;
}

static const struct ike_transform *find_xf(const struct ike_proposal *pp,
					   uint8_t type, uint16_t id,
					   uint16_t bits)
{
	for (size_t i = 0; i < pp->n_xf; i++) {
		const struct ike_transform *t = &pp->xf[i];

		if (t->type == type && t->id == id && t->key_len == bits &&
		    !t->unknown_attrs)
			return t;
	}
	return NULL;
}

/* By default: the first of our algorithms the peer lists. */
static const struct ike_transform *pick_ours(const struct pick *k,
					     uint8_t type)
{
	const struct ike_transform *t;
	const uint16_t *list;
	size_t n;

	if (type == IKE_XF_ENCR) {
		for (size_t i = 0; i < k->cp->n_encr; i++) {
			t = find_xf(k->pp, type, k->cp->encr[i].id,
				    k->cp->encr[i].bits);
			if (t)
				return t;
		}
		return NULL;
	}
	list = cfg_list(k->cp, type, &n);
	for (size_t i = 0; i < n; i++) {
		t = find_xf(k->pp, type, list[i], 0);
		if (t)
			return t;
	}
	return NULL;
}

/* The preferred acceptable transform of type; want wins if acceptable. */
static const struct ike_transform *pick(const struct pick *k, uint8_t type,
					uint16_t want)
{
	const struct ike_transform *t;

	if (want) {
		t = find_xf(k->pp, type, want, 0);
		if (t && acceptable(k->cp, t))
			return t;
	}
	if (!(k->flags & IKE_SEL_PREFER_PEER))
		return pick_ours(k, type);
	for (size_t i = 0; i < k->pp->n_xf; i++) {
		t = &k->pp->xf[i];
		if (t->type == type && acceptable(k->cp, t))
			return t;
	}
	return NULL;
}

/* A kind we do not use: absent, or offered with NONE among its values. */
static bool none_allowed(const struct ike_proposal *pp, uint8_t type)
{
	return !count_type(pp, type) || find_xf(pp, type, 0, 0);
}

/* Every transform type must be one we know (RFC 7296 3.3.6). */
static bool known_types(const struct ike_proposal *pp)
{
	for (size_t i = 0; i < pp->n_xf; i++)
		if (pp->xf[i].type < IKE_XF_ENCR || pp->xf[i].type > IKE_XF_ESN)
			return false;
	return true;
}

static int pick_integ(const struct pick *k, struct ike_suite *s)
{
	const struct ike_transform *t;

	if (!k->cp->n_integ)	/* AEAD */
		return none_allowed(k->pp, IKE_XF_INTEG) ? 0 : -ENOENT;
	t = pick(k, IKE_XF_INTEG, 0);
	if (!t)
		return -ENOENT;
	s->integ = t->id;
	return 0;
}

static int pick_dh(const struct pick *k, uint16_t ke_group,
		   struct ike_suite *s)
{
	const struct ike_transform *t;

	if (k->pp->proto == IKE_PROTO_ESP && (k->flags & IKE_SEL_NO_DH))
		return 0;	/* IKE_AUTH: no KE, whatever is offered */
	if (!k->cp->n_dh)
		return none_allowed(k->pp, IKE_XF_DH) ? 0 : -ENOENT;
	t = pick(k, IKE_XF_DH, ke_group);
	if (!t)
		return -ENOENT;
	s->dh = t->id;
	return 0;
}

/* ESN: we implement only "no"; IKE proposals must not carry ESN at all. */
static int check_esn(const struct ike_proposal *pp)
{
	if (pp->proto == IKE_PROTO_IKE)
		return count_type(pp, IKE_XF_ESN) ? -ENOENT : 0;
	return find_xf(pp, IKE_XF_ESN, IKE_ESN_NONE, 0) ||
	       !count_type(pp, IKE_XF_ESN) ? 0 : -ENOENT;
}

static int match(const struct pick *k, uint16_t ke_group,
		 struct ike_suite *s)
{
	const struct ike_transform *t;

	memset(s, 0, sizeof(*s));
	if (!known_types(k->pp) || check_esn(k->pp))
		return -ENOENT;
	t = pick(k, IKE_XF_ENCR, 0);
	if (!t)
		return -ENOENT;
	s->encr = t->id;
	s->encr_bits = t->key_len;
	if (pick_integ(k, s))
		return -ENOENT;
	if (k->pp->proto == IKE_PROTO_IKE) {
		t = pick(k, IKE_XF_PRF, 0);
		if (!t)
			return -ENOENT;
		s->prf = t->id;
	} else if (count_type(k->pp, IKE_XF_PRF)) {
		return -ENOENT;	/* a PRF has no place in ESP */
	}
	if (pick_dh(k, ke_group, s))
		return -ENOENT;
	return ike_suite_check(s, k->pp->proto == IKE_PROTO_IKE) ? -ENOENT : 0;
}

static void fill(const struct ike_proposal *pp, const struct ike_suite *s,
		 struct ike_selected *out)
{
	memset(out, 0, sizeof(*out));
	out->suite = *s;
	out->num = pp->num;
	out->proto = pp->proto;
	out->spi_len = pp->spi.len <= sizeof(out->spi) ? pp->spi.len : 0;
	if (out->spi_len)
		memcpy(out->spi, pp->spi.ptr, out->spi_len);
}

static int try_pair(const struct ike_props *cfg,
		    const struct ike_proposal *pp, size_t c,
		    unsigned int flags, uint16_t ke_group,
		    struct ike_selected *out)
{
	struct pick k = { pp, &cfg->p[c], flags };
	struct ike_suite s;

	if (pp->proto != cfg->proto || match(&k, ke_group, &s))
		return -ENOENT;
	fill(pp, &s, out);
	/* A KE of another group than the one we chose: ask for ours. */
	if (ke_group && s.dh && s.dh != ke_group)
		return -EAGAIN;
	return 0;
}

int ike_props_select(const struct ike_props *cfg, const struct ike_sa *peer,
		     unsigned int flags, uint16_t ke_group,
		     struct ike_selected *out)
{
	bool ours = !(flags & IKE_SEL_PREFER_PEER);
	size_t outer = ours ? cfg->n : peer->n;
	size_t inner = ours ? peer->n : cfg->n;
	int ret;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < outer; i++) {
		for (size_t j = 0; j < inner; j++) {
			ret = try_pair(cfg, &peer->prop[ours ? j : i],
				       ours ? i : j, flags, ke_group, out);
			if (ret != -ENOENT)
				return ret;
		}
	}
	memset(out, 0, sizeof(*out));
	return -ENOENT;
}

static size_t put_xf(struct ike_transform *xf, size_t n, uint8_t type,
		     uint16_t id, uint16_t bits)
{
	xf[n] = (struct ike_transform){ .type = type, .id = id,
					.key_len = bits };
	return n + 1;
}

void ike_selected_sa(const struct ike_selected *sel, const uint8_t *spi,
		     size_t spi_len, struct ike_sa_one *out)
{
	const struct ike_suite *s = &sel->suite;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	n = put_xf(out->xf, n, IKE_XF_ENCR, s->encr, s->encr_bits);
	if (sel->proto == IKE_PROTO_IKE)
		n = put_xf(out->xf, n, IKE_XF_PRF, s->prf, 0);
	if (s->integ)
		n = put_xf(out->xf, n, IKE_XF_INTEG, s->integ, 0);
	if (s->dh)
		n = put_xf(out->xf, n, IKE_XF_DH, s->dh, 0);
	if (sel->proto == IKE_PROTO_ESP)
		n = put_xf(out->xf, n, IKE_XF_ESN, IKE_ESN_NONE, 0);
	out->prop = (struct ike_proposal){
		.num = sel->num, .proto = sel->proto,
		.spi = { spi_len ? spi : NULL, spi_len },
		.n_xf = n, .xf = out->xf,
	};
	out->sa = (struct ike_sa){ .n = 1, .prop = &out->prop };
}

static size_t offer_one(const struct ike_prop_cfg *cp, uint8_t proto,
			unsigned int flags, struct ike_transform *xf)
{
	size_t i, n = 0;

	for (i = 0; i < cp->n_encr; i++)
		n = put_xf(xf, n, IKE_XF_ENCR, cp->encr[i].id,
			   cp->encr[i].bits);
	for (i = 0; proto == IKE_PROTO_IKE && i < cp->n_prf; i++)
		n = put_xf(xf, n, IKE_XF_PRF, cp->prf[i], 0);
	for (i = 0; i < cp->n_integ; i++)
		n = put_xf(xf, n, IKE_XF_INTEG, cp->integ[i], 0);
	for (i = 0; !(flags & IKE_SEL_NO_DH) && i < cp->n_dh; i++)
		n = put_xf(xf, n, IKE_XF_DH, cp->dh[i], 0);
	if (proto == IKE_PROTO_ESP)
		n = put_xf(xf, n, IKE_XF_ESN, IKE_ESN_NONE, 0);
	return n;
}

int ike_props_offer(const struct ike_props *cfg, const uint8_t *spi,
		    size_t spi_len, unsigned int flags,
		    struct ike_sa_offer *out)
{
	size_t i, used = 0;
	bool ike = cfg->proto == IKE_PROTO_IKE;

	memset(out, 0, sizeof(*out));
	if (ike ? spi_len != 0 && spi_len != IKE_SPI_SIZE_IKE :
		  spi_len != IKE_SPI_SIZE_CHILD)
		return -EINVAL;
	if (ike)
		flags &= ~IKE_SEL_NO_DH;	/* an IKE SA always has KE */
	for (i = 0; i < cfg->n; i++) {
		struct ike_transform *xf = &out->xf[used];
		size_t n = offer_one(&cfg->p[i], cfg->proto, flags, xf);

		out->prop[i] = (struct ike_proposal){
			.num = (uint8_t)(i + 1), .proto = cfg->proto,
			.spi = { spi_len ? spi : NULL, spi_len },
			.n_xf = n, .xf = xf,
		};
		used += n;
	}
	out->sa = (struct ike_sa){ .n = cfg->n, .prop = out->prop };
	return 0;
}

/* An answer names exactly one transform of each kind it uses. */
static bool single_transforms(const struct ike_proposal *pp)
{
	for (uint8_t type = IKE_XF_ENCR; type <= IKE_XF_ESN; type++)
		if (count_type(pp, type) > 1)
			return false;
	return count_type(pp, IKE_XF_ENCR) == 1;
}

int ike_props_check_answer(const struct ike_props *cfg,
			   const struct ike_sa *answer, unsigned int flags,
			   struct ike_selected *out)
{
	memset(out, 0, sizeof(*out));
	if (answer->n != 1 || !single_transforms(&answer->prop[0]))
		return -ENOENT;
	return ike_props_select(cfg, answer, flags, 0, out) ? -ENOENT : 0;
}

static const char *xfrm_integ(uint16_t integ, unsigned int *trunc)
{
	switch (integ) {
	case IKE_INTEG_HMAC_SHA1_96:
		*trunc = 96;
		return "hmac(sha1)";
	case IKE_INTEG_HMAC_SHA2_256_128:
		*trunc = 128;
		return "hmac(sha256)";
	case IKE_INTEG_HMAC_SHA2_384_192:
		*trunc = 192;
		return "hmac(sha384)";
	case IKE_INTEG_HMAC_SHA2_512_256:
		*trunc = 256;
		return "hmac(sha512)";
	}
	return NULL;
}

int ike_esp_xfrm_names(const struct ike_suite *s, struct ike_esp_xfrm *out)
{
	memset(out, 0, sizeof(*out));
	if (ike_suite_check(s, false))
		return -ENOTSUP;
	out->enc_bits = s->encr_bits;
	if (s->encr == IKE_ENCR_AES_GCM_16) {
		out->aead = "rfc4106(gcm(aes))";
		out->icv_bits = 128;
		return 0;
	}
	out->enc = "cbc(aes)";	/* the only non-AEAD cipher crypto.h has */
	out->integ = xfrm_integ(s->integ, &out->trunc_bits);
	return out->integ ? 0 : -ENOTSUP;
}
