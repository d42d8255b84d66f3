// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec.conf's ike= and esp= strings into configured proposals, with
 * strongSwan 5.9's defaults appended unless the list ends in "!".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "proposal.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

enum kw_kind { KW_ENCR, KW_INTEG, KW_PRF, KW_DH, KW_NOESN };

struct keyword {
	const char *name;
	enum kw_kind kind;
	uint16_t id;
	uint16_t bits;		/* encryption key length */
};

/* strongSwan's keywords for what crypto.h implements. */
static const struct keyword keywords[] = {
	{ "aes", KW_ENCR, IKE_ENCR_AES_CBC, 128 },
	{ "aes128", KW_ENCR, IKE_ENCR_AES_CBC, 128 },
	{ "aes256", KW_ENCR, IKE_ENCR_AES_CBC, 256 },
	{ "aes128gcm16", KW_ENCR, IKE_ENCR_AES_GCM_16, 128 },
	{ "aes128gcm128", KW_ENCR, IKE_ENCR_AES_GCM_16, 128 },
	{ "aes256gcm16", KW_ENCR, IKE_ENCR_AES_GCM_16, 256 },
	{ "aes256gcm128", KW_ENCR, IKE_ENCR_AES_GCM_16, 256 },
	{ "sha", KW_INTEG, IKE_INTEG_HMAC_SHA1_96, 0 },
	{ "sha1", KW_INTEG, IKE_INTEG_HMAC_SHA1_96, 0 },
	{ "sha256", KW_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0 },
	{ "sha2_256", KW_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0 },
	{ "sha384", KW_INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0 },
	{ "sha2_384", KW_INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0 },
	{ "sha512", KW_INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0 },
	{ "sha2_512", KW_INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0 },
	{ "prfsha1", KW_PRF, IKE_PRF_HMAC_SHA1, 0 },
	{ "prfsha256", KW_PRF, IKE_PRF_HMAC_SHA2_256, 0 },
	{ "prfsha384", KW_PRF, IKE_PRF_HMAC_SHA2_384, 0 },
	{ "prfsha512", KW_PRF, IKE_PRF_HMAC_SHA2_512, 0 },
	{ "modp2048", KW_DH, IKE_DH_MODP2048, 0 },
	{ "modp3072", KW_DH, IKE_DH_MODP3072, 0 },
	{ "ecp256", KW_DH, IKE_DH_ECP256, 0 },
	{ "curve25519", KW_DH, IKE_DH_CURVE25519, 0 },
	{ "x25519", KW_DH, IKE_DH_CURVE25519, 0 },
	{ "noesn", KW_NOESN, IKE_ESN_NONE, 0 },
};

/*
 * strongSwan keywords crypto.h does not implement: refused as "not
 * supported" rather than "unknown", so the message says what to change.
 */
static const char *const unsupported[] = {
	"aes192", "aes192gcm16", "aes192gcm128", "aes128gcm8", "aes128gcm12",
	"aes256gcm8", "aes256gcm12", "aes128gcm64", "aes128gcm96",
	"aes256gcm64", "aes256gcm96", "aes128ctr", "aes256ctr", "aes128ccm16",
	"aes256ccm16", "aes128gmac", "aes256gmac", "3des", "des", "cast128",
	"blowfish", "blowfish128", "blowfish256", "camellia", "camellia128",
	"camellia256", "chacha20poly1305", "null", "md5", "md5_128",
	"sha1_160", "sha256_96", "sha2_256_96", "aesxcbc", "aescmac",
	"prfmd5", "prfaesxcbc", "prfaescmac", "modp768", "modp1024",
	"modp1536", "modp4096", "modp6144", "modp8192", "modp1024s160",
	"modp2048s224", "modp2048s256", "ecp192", "ecp224", "ecp384",
	"ecp521", "ecp224bp", "ecp256bp", "ecp384bp", "ecp512bp",
	"curve448", "x448", "esn",
};

/* IKE PRF derived from an integrity algorithm when no prf is given. */
static uint16_t integ_to_prf(uint16_t integ)
{
	switch (integ) {
	case IKE_INTEG_HMAC_SHA1_96:
		return IKE_PRF_HMAC_SHA1;
	case IKE_INTEG_HMAC_SHA2_256_128:
		return IKE_PRF_HMAC_SHA2_256;
	case IKE_INTEG_HMAC_SHA2_384_192:
		return IKE_PRF_HMAC_SHA2_384;
	case IKE_INTEG_HMAC_SHA2_512_256:
		return IKE_PRF_HMAC_SHA2_512;
	}
	return 0;
}

/*
 * strongSwan 5.9's default proposals (proposal_create_default), keeping
 * its order but only the algorithms crypto.h implements: for IKE the
 * classic proposal before the AEAD one, for ESP the AEAD one first;
 * no PFS for ESP.
 */
static const struct ike_prop_cfg default_ike[] = {
	{
		.n_encr = 2, .encr = { { IKE_ENCR_AES_CBC, 128 },
				       { IKE_ENCR_AES_CBC, 256 } },
		.n_integ = 4, .integ = { IKE_INTEG_HMAC_SHA2_256_128,
					 IKE_INTEG_HMAC_SHA2_384_192,
					 IKE_INTEG_HMAC_SHA2_512_256,
					 IKE_INTEG_HMAC_SHA1_96 },
		.n_prf = 4, .prf = { IKE_PRF_HMAC_SHA2_256,
				     IKE_PRF_HMAC_SHA2_384,
				     IKE_PRF_HMAC_SHA2_512,
				     IKE_PRF_HMAC_SHA1 },
		.n_dh = 4, .dh = { IKE_DH_ECP256, IKE_DH_CURVE25519,
				   IKE_DH_MODP3072, IKE_DH_MODP2048 },
	},
	{
		.n_encr = 2, .encr = { { IKE_ENCR_AES_GCM_16, 128 },
				       { IKE_ENCR_AES_GCM_16, 256 } },
		.n_prf = 4, .prf = { IKE_PRF_HMAC_SHA2_256,
				     IKE_PRF_HMAC_SHA2_384,
				     IKE_PRF_HMAC_SHA2_512,
				     IKE_PRF_HMAC_SHA1 },
		.n_dh = 4, .dh = { IKE_DH_ECP256, IKE_DH_CURVE25519,
				   IKE_DH_MODP3072, IKE_DH_MODP2048 },
	},
};

static const struct ike_prop_cfg default_esp[] = {
	{
		.n_encr = 2, .encr = { { IKE_ENCR_AES_GCM_16, 128 },
				       { IKE_ENCR_AES_GCM_16, 256 } },
	},
	{
		.n_encr = 2, .encr = { { IKE_ENCR_AES_CBC, 128 },
				       { IKE_ENCR_AES_CBC, 256 } },
		.n_integ = 4, .integ = { IKE_INTEG_HMAC_SHA2_256_128,
					 IKE_INTEG_HMAC_SHA2_384_192,
					 IKE_INTEG_HMAC_SHA2_512_256,
					 IKE_INTEG_HMAC_SHA1_96 },
	},
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static const struct keyword *find_keyword(const char *tok)
{
	for (size_t i = 0; i < ARRAY_LEN(keywords); i++)
		if (!strcmp(keywords[i].name, tok))
			return &keywords[i];
	return NULL;
}

static bool is_unsupported(const char *tok)
{
	for (size_t i = 0; i < ARRAY_LEN(unsupported); i++)
		if (!strcmp(unsupported[i], tok))
			return true;
	return false;
}

/* Appends id to list unless it is there; false when the list is full. */
static bool add_u16(uint16_t *list, size_t *n, uint16_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (list[i] == id)
			return true;
	if (*n == IKE_PROP_ALGS)
		return false;
	list[(*n)++] = id;
	return true;
}

static bool add_encr(struct ike_prop_cfg *p, const struct keyword *kw)
{
	for (size_t i = 0; i < p->n_encr; i++)
		if (p->encr[i].id == kw->id && p->encr[i].bits == kw->bits)
			return true;
	if (p->n_encr == IKE_PROP_ALGS)
		return false;
	p->encr[p->n_encr++] = (struct ike_encr_alg){ kw->id, kw->bits };
	return true;
}

static bool add_keyword(struct ike_prop_cfg *p, const struct keyword *kw)
{
	switch (kw->kind) {
	case KW_ENCR:
		return add_encr(p, kw);
	case KW_INTEG:
		return add_u16(p->integ, &p->n_integ, kw->id);
	case KW_PRF:
		return add_u16(p->prf, &p->n_prf, kw->id);
	case KW_DH:
		return add_u16(p->dh, &p->n_dh, kw->id);
	case KW_NOESN:
		return true;	/* the only ESN we implement */
	}
	return false;
}

static int parse_token(const char *tok, const char *prop, uint8_t proto,
		       struct ike_prop_cfg *p, char *err, size_t errlen)
{
	const struct keyword *kw = find_keyword(tok);

	if (!*tok)
		return fail(err, errlen, "empty algorithm in proposal '%s'",
			    prop);
	if (!kw && is_unsupported(tok))
		return fail(err, errlen, "algorithm '%s' in proposal '%s' is not supported",
			    tok, prop);
	if (!kw)
		return fail(err, errlen, "unknown algorithm '%s' in proposal '%s'",
			    tok, prop);
	if (kw->kind == KW_PRF && proto != IKE_PROTO_IKE)
		return 0;	/* ESP has no PRF; strongSwan drops it too */
	if (kw->kind == KW_NOESN && proto != IKE_PROTO_ESP)
		return fail(err, errlen, "'%s' in IKE proposal '%s'", tok,
			    prop);
	if (!add_keyword(p, kw))
		return fail(err, errlen, "too many algorithms of one kind in proposal '%s'",
			    prop);
	return 0;
}

/* AEAD and classic ciphers need different companions: never mixed. */
static int check_encr(struct ike_prop_cfg *p, const char *prop, char *err,
		      size_t errlen)
{
	bool aead;

	if (!p->n_encr)
		return fail(err, errlen, "no encryption algorithm in proposal '%s'",
			    prop);
	aead = ike_encr_is_aead(p->encr[0].id);
	for (size_t i = 1; i < p->n_encr; i++)
		if (ike_encr_is_aead(p->encr[i].id) != aead)
			return fail(err, errlen, "proposal '%s' mixes AEAD and non-AEAD encryption algorithms",
				    prop);
	if (aead)
		p->n_integ = 0;	/* strongSwan drops them too */
	else if (!p->n_integ)
		return fail(err, errlen, "no integrity algorithm in proposal '%s'",
			    prop);
	return 0;
}

static int check_ike(struct ike_prop_cfg *p, const char *prop, char *err,
		     size_t errlen)
{
	if (!p->n_prf && !p->n_integ)
		return fail(err, errlen, "no PRF in AEAD proposal '%s'", prop);
	if (!p->n_prf)
		for (size_t i = 0; i < p->n_integ; i++)
			add_u16(p->prf, &p->n_prf, integ_to_prf(p->integ[i]));
	if (!p->n_dh)
		return fail(err, errlen, "no key exchange method in proposal '%s'",
			    prop);
	return 0;
}

/* One dash-separated proposal, in place (prop is modified). */
static int parse_one(char *prop, uint8_t proto, struct ike_prop_cfg *p,
		     char *err, size_t errlen)
{
	char copy[256], *tok, *save = NULL;
	int ret;

	memset(p, 0, sizeof(*p));
	if (!*prop)
		return fail(err, errlen, "empty proposal");
	snprintf(copy, sizeof(copy), "%s", prop);
	/* strtok_r would skip empty tokens: "aes128--sha1" must fail. */
	for (tok = prop; tok; tok = save) {
		save = strchr(tok, '-');
		if (save)
			*save++ = '\0';
		ret = parse_token(tok, copy, proto, p, err, errlen);
		if (ret)
			return ret;
	}
	ret = check_encr(p, copy, err, errlen);
	if (!ret && proto == IKE_PROTO_IKE)
		ret = check_ike(p, copy, err, errlen);
	return ret;
}

static int parse_list(char *text, struct ike_props *out, char *err,
		      size_t errlen)
{
	char *prop, *next;
	int ret;

	for (prop = text; prop; prop = next) {
		next = strchr(prop, ',');
		if (next)
			*next++ = '\0';
		/* starter keeps spaces around commas; charon ignores them. */
		while (*prop == ' ')
			prop++;
		for (size_t n = strlen(prop); n && prop[n - 1] == ' '; n--)
			prop[n - 1] = '\0';
		if (out->n == IKE_PROPS_MAX)
			return fail(err, errlen, "more than %d proposals",
				    IKE_PROPS_MAX);
		ret = parse_one(prop, out->proto, &out->p[out->n], err,
				errlen);
		if (ret)
			return ret;
		out->n++;
	}
	return 0;
}

static int add_defaults(struct ike_props *out, char *err, size_t errlen)
{
	const struct ike_prop_cfg *d;
	size_t n;

	d = out->proto == IKE_PROTO_IKE ? default_ike : default_esp;
	n = out->proto == IKE_PROTO_IKE ? ARRAY_LEN(default_ike) :
	    ARRAY_LEN(default_esp);
	if (out->n + n > IKE_PROPS_MAX)
		return fail(err, errlen, "more than %d proposals with the defaults",
			    IKE_PROPS_MAX);
	memcpy(&out->p[out->n], d, n * sizeof(*d));
	out->n += n;
	return 0;
}

int ike_props_parse(const char *text, uint8_t proto, struct ike_props *out,
		    char *err, size_t errlen)
{
	char buf[1024];
	size_t len;
	int ret;

	memset(out, 0, sizeof(*out));
	out->proto = proto;
	if (proto != IKE_PROTO_IKE && proto != IKE_PROTO_ESP)
		return fail(err, errlen, "proposals only for IKE and ESP");
	if (!text)
		return add_defaults(out, err, errlen);
	len = strlen(text);
	if (len >= sizeof(buf))
		return fail(err, errlen, "proposal list longer than %zu characters",
			    sizeof(buf) - 1);
	memcpy(buf, text, len + 1);
	if (len && buf[len - 1] == '!') {
		out->strict = true;
		buf[--len] = '\0';
	}
	ret = parse_list(buf, out, err, errlen);
	if (ret) {
		memset(out, 0, sizeof(*out));
		return ret;
	}
	out->n_configured = out->n;
	return out->strict ? 0 : add_defaults(out, err, errlen);
}
