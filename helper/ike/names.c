// SPDX-License-Identifier: GPL-2.0
/*
 * Value->name tables for IKEv2, and the message and proposal summaries.
 * Short names are the ones strongSwan's charon prints (its
 * payload_type_short_names, notify_type_short_names and friends), so our
 * logs line up with a charon peer's; values charon has no short name
 * for print as "(n)", the way charon prints them. The names themselves
 * are facts about the protocol; no code of charon's is used.
 */
#include <stdarg.h>
#include <stdio.h>

#include "names.h"

struct name {
	unsigned int value;
	const char *name;
	const char *short_name;
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const struct name *lookup(const struct name *t, size_t n,
				 unsigned int value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == value)
			return &t[i];
	return NULL;
}

#define NAME(t, v) ({ const struct name *e_ = lookup(t, N_ELEMS(t), v); \
		      e_ ? e_->name : NULL; })
#define SHORT(t, v) ({ const struct name *e_ = lookup(t, N_ELEMS(t), v); \
		       e_ ? e_->short_name : NULL; })

static const struct name exchanges[] = {
	{ IKE_SA_INIT, "IKE_SA_INIT", NULL },
	{ IKE_AUTH, "IKE_AUTH", NULL },
	{ IKE_CREATE_CHILD_SA, "CREATE_CHILD_SA", NULL },
	{ IKE_INFORMATIONAL, "INFORMATIONAL", NULL },
	{ IKE_SESSION_RESUME, "IKE_SESSION_RESUME", NULL },
	{ IKE_INTERMEDIATE, "IKE_INTERMEDIATE", NULL },
};

static const struct name payloads[] = {
	{ IKE_PL_SA, "SECURITY_ASSOCIATION", "SA" },
	{ IKE_PL_KE, "KEY_EXCHANGE", "KE" },
	{ IKE_PL_IDI, "ID_INITIATOR", "IDi" },
	{ IKE_PL_IDR, "ID_RESPONDER", "IDr" },
	{ IKE_PL_CERT, "CERTIFICATE", "CERT" },
	{ IKE_PL_CERTREQ, "CERTREQ", "CERTREQ" },
	{ IKE_PL_AUTH, "AUTH", "AUTH" },
	{ IKE_PL_NONCE, "NONCE", "No" },
	{ IKE_PL_NOTIFY, "NOTIFY", "N" },
	{ IKE_PL_DELETE, "DELETE", "D" },
	{ IKE_PL_VENDOR, "VENDOR_ID", "V" },
	{ IKE_PL_TSI, "TS_INITIATOR", "TSi" },
	{ IKE_PL_TSR, "TS_RESPONDER", "TSr" },
	{ IKE_PL_SK, "ENCRYPTED", "E" },
	{ IKE_PL_CP, "CONFIGURATION", "CP" },
	{ IKE_PL_EAP, "EAP", "EAP" },
	{ IKE_PL_SKF, "ENCRYPTED_FRAGMENT", "EF" },
};

/*
 * IANA names; short names where charon has them. 45-47 and the newer
 * status types have none in charon 5.9, which prints their numbers.
 */
static const struct name notifies[] = {
	{ 1, "UNSUPPORTED_CRITICAL_PAYLOAD", "CRIT" },
	{ 4, "INVALID_IKE_SPI", "INVAL_IKE_SPI" },
	{ 5, "INVALID_MAJOR_VERSION", "INVAL_MAJOR" },
	{ 7, "INVALID_SYNTAX", "INVAL_SYN" },
	{ 9, "INVALID_MESSAGE_ID", "INVAL_MID" },
	{ 11, "INVALID_SPI", "INVAL_SPI" },
	{ 13, "ATTRIBUTES_NOT_SUPPORTED", "ATTR_UNSUP" },
	{ 14, "NO_PROPOSAL_CHOSEN", "NO_PROP" },
	{ 16, "PAYLOAD_MALFORMED", "PLD_MAL" },
	{ 17, "INVALID_KE_PAYLOAD", "INVAL_KE" },
	{ 18, "INVALID_ID_INFORMATION", "INVAL_ID" },
	{ 19, "INVALID_CERT_ENCODING", "INVAL_CERTEN" },
	{ 20, "INVALID_CERTIFICATE", "INVAL_CERT" },
	{ 21, "CERT_TYPE_UNSUPPORTED", "CERT_UNSUP" },
	{ 22, "INVALID_CERT_AUTHORITY", "INVAL_CA" },
	{ 23, "INVALID_HASH_INFORMATION", "INVAL_HASH" },
	{ 24, "AUTHENTICATION_FAILED", "AUTH_FAILED" },
	{ 34, "SINGLE_PAIR_REQUIRED", "SINGLE_PAIR" },
	{ 35, "NO_ADDITIONAL_SAS", "NO_ADD_SAS" },
	{ 36, "INTERNAL_ADDRESS_FAILURE", "INT_ADDR_FAIL" },
	{ 37, "FAILED_CP_REQUIRED", "FAIL_CP_REQ" },
	{ 38, "TS_UNACCEPTABLE", "TS_UNACCEPT" },
	{ 39, "INVALID_SELECTORS", "INVAL_SEL" },
	{ 40, "UNACCEPTABLE_ADDRESSES", "UNACCEPT_ADDR" },
	{ 41, "UNEXPECTED_NAT_DETECTED", "UNEXPECT_NAT" },
	{ 42, "USE_ASSIGNED_HoA", "ASSIGNED_HoA" },
	{ 43, "TEMPORARY_FAILURE", "TEMP_FAIL" },
	{ 44, "CHILD_SA_NOT_FOUND", "NO_CHILD_SA" },
	{ 45, "INVALID_GROUP_ID", NULL },
	{ 46, "AUTHORIZATION_FAILED", NULL },
	{ 47, "STATE_NOT_FOUND", NULL },
	{ 16384, "INITIAL_CONTACT", "INIT_CONTACT" },
	{ 16385, "SET_WINDOW_SIZE", "SET_WINSIZE" },
	{ 16386, "ADDITIONAL_TS_POSSIBLE", "ADD_TS_POSS" },
	{ 16387, "IPCOMP_SUPPORTED", "IPCOMP_SUP" },
	{ 16388, "NAT_DETECTION_SOURCE_IP", "NATD_S_IP" },
	{ 16389, "NAT_DETECTION_DESTINATION_IP", "NATD_D_IP" },
	{ 16390, "COOKIE", "COOKIE" },
	{ 16391, "USE_TRANSPORT_MODE", "USE_TRANSP" },
	{ 16392, "HTTP_CERT_LOOKUP_SUPPORTED", "HTTP_CERT_LOOK" },
	{ 16393, "REKEY_SA", "REKEY_SA" },
	{ 16394, "ESP_TFC_PADDING_NOT_SUPPORTED", "ESP_TFC_PAD_N" },
	{ 16395, "NON_FIRST_FRAGMENTS_ALSO", "NON_FIRST_FRAG" },
	{ 16396, "MOBIKE_SUPPORTED", "MOBIKE_SUP" },
	{ 16397, "ADDITIONAL_IP4_ADDRESS", "ADD_4_ADDR" },
	{ 16398, "ADDITIONAL_IP6_ADDRESS", "ADD_6_ADDR" },
	{ 16399, "NO_ADDITIONAL_ADDRESSES", "NO_ADD_ADDR" },
	{ 16400, "UPDATE_SA_ADDRESSES", "UPD_SA_ADDR" },
	{ 16401, "COOKIE2", "COOKIE2" },
	{ 16402, "NO_NATS_ALLOWED", "NO_NATS" },
	{ 16403, "AUTH_LIFETIME", "AUTH_LFT" },
	{ 16404, "MULTIPLE_AUTH_SUPPORTED", "MULT_AUTH" },
	{ 16405, "ANOTHER_AUTH_FOLLOWS", "AUTH_FOLLOWS" },
	{ 16406, "REDIRECT_SUPPORTED", "REDIR_SUP" },
	{ 16407, "REDIRECT", "REDIR" },
	{ 16408, "REDIRECTED_FROM", "REDIR_FROM" },
	{ 16409, "TICKET_LT_OPAQUE", "TKT_LT_OPAK" },
	{ 16410, "TICKET_REQUEST", "TKT_REQ" },
	{ 16411, "TICKET_ACK", "TKT_ACK" },
	{ 16412, "TICKET_NACK", "TKT_NACK" },
	{ 16413, "TICKET_OPAQUE", "TKT_OPAK" },
	{ 16414, "LINK_ID", "LINK_ID" },
	{ 16415, "USE_WESP_MODE", "WESP_MODE" },
	{ 16416, "ROHC_SUPPORTED", "ROHC_SUP" },
	{ 16417, "EAP_ONLY_AUTHENTICATION", "EAP_ONLY" },
	{ 16418, "CHILDLESS_IKEV2_SUPPORTED", "CHDLESS_SUP" },
	{ 16419, "QUICK_CRASH_DETECTION", "CRASH_DET" },
	{ 16420, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED", "MSG_ID_SYN_SUP" },
	{ 16421, "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED", "RPL_CTR_SYN_SUP" },
	{ 16422, "IKEV2_MESSAGE_ID_SYNC", "MSG_ID_SYN" },
	{ 16423, "IPSEC_REPLAY_COUNTER_SYNC", "RPL_CTR_SYN" },
	{ 16424, "SECURE_PASSWORD_METHODS", "SEC_PASSWD" },
	{ 16425, "PSK_PERSIST", "PSK_PST" },
	{ 16426, "PSK_CONFIRM", "PSK_CFM" },
	{ 16427, "ERX_SUPPORTED", "ERX_SUP" },
	{ 16428, "IFOM_CAPABILITY", "IFOM_CAP" },
	{ 16429, "SENDER_REQUEST_ID", "SENDER_REQ_ID" },
	{ 16430, "IKEV2_FRAGMENTATION_SUPPORTED", "FRAG_SUP" },
	{ 16431, "SIGNATURE_HASH_ALGORITHMS", "HASH_ALG" },
	{ 16432, "CLONE_IKE_SA_SUPPORTED", NULL },
	{ 16433, "CLONE_IKE_SA", NULL },
	{ 16434, "PUZZLE", NULL },
	{ 16435, "USE_PPK", NULL },
	{ 16436, "PPK_IDENTITY", NULL },
	{ 16437, "NO_PPK_AUTH", NULL },
	{ 16438, "INTERMEDIATE_EXCHANGE_SUPPORTED", NULL },
};

static const struct name protocols[] = {
	{ IKE_PROTO_IKE, "IKE", NULL },
	{ IKE_PROTO_AH, "AH", NULL },
	{ IKE_PROTO_ESP, "ESP", NULL },
};

static const struct name xf_types[] = {
	{ IKE_XF_ENCR, "ENCR", NULL },
	{ IKE_XF_PRF, "PRF", NULL },
	{ IKE_XF_INTEG, "INTEG", NULL },
	{ IKE_XF_DH, "DH", NULL },
	{ IKE_XF_ESN, "ESN", NULL },
};

static const struct name encrs[] = {
	{ 1, "DES_IV64", NULL }, { 2, "DES_CBC", NULL },
	{ 3, "3DES_CBC", NULL }, { 4, "RC5_CBC", NULL },
	{ 5, "IDEA_CBC", NULL }, { 6, "CAST_CBC", NULL },
	{ 7, "BLOWFISH_CBC", NULL }, { 8, "3IDEA", NULL },
	{ 9, "DES_IV32", NULL }, { 11, "NULL", NULL },
	{ 12, "AES_CBC", NULL }, { 13, "AES_CTR", NULL },
	{ 14, "AES_CCM_8", NULL }, { 15, "AES_CCM_12", NULL },
	{ 16, "AES_CCM_16", NULL }, { 18, "AES_GCM_8", NULL },
	{ 19, "AES_GCM_12", NULL }, { 20, "AES_GCM_16", NULL },
	{ 21, "NULL_AES_GMAC", NULL }, { 23, "CAMELLIA_CBC", NULL },
	{ 24, "CAMELLIA_CTR", NULL }, { 25, "CAMELLIA_CCM_8", NULL },
	{ 26, "CAMELLIA_CCM_12", NULL }, { 27, "CAMELLIA_CCM_16", NULL },
	{ 28, "CHACHA20_POLY1305", NULL },
};

static const struct name prfs[] = {
	{ 1, "PRF_HMAC_MD5", NULL }, { 2, "PRF_HMAC_SHA1", NULL },
	{ 3, "PRF_HMAC_TIGER", NULL }, { 4, "PRF_AES128_XCBC", NULL },
	{ 5, "PRF_HMAC_SHA2_256", NULL }, { 6, "PRF_HMAC_SHA2_384", NULL },
	{ 7, "PRF_HMAC_SHA2_512", NULL }, { 8, "PRF_AES128_CMAC", NULL },
};

static const struct name integs[] = {
	{ 1, "HMAC_MD5_96", NULL }, { 2, "HMAC_SHA1_96", NULL },
	{ 3, "DES_MAC", NULL }, { 4, "KPDK_MD5", NULL },
	{ 5, "AES_XCBC_96", NULL }, { 6, "HMAC_MD5_128", NULL },
	{ 7, "HMAC_SHA1_160", NULL }, { 8, "AES_CMAC_96", NULL },
	{ 9, "AES_128_GMAC", NULL }, { 10, "AES_192_GMAC", NULL },
	{ 11, "AES_256_GMAC", NULL }, { 12, "HMAC_SHA2_256_128", NULL },
	{ 13, "HMAC_SHA2_384_192", NULL }, { 14, "HMAC_SHA2_512_256", NULL },
};

static const struct name dhs[] = {
	{ 1, "MODP_768", NULL }, { 2, "MODP_1024", NULL },
	{ 5, "MODP_1536", NULL }, { 14, "MODP_2048", NULL },
	{ 15, "MODP_3072", NULL }, { 16, "MODP_4096", NULL },
	{ 17, "MODP_6144", NULL }, { 18, "MODP_8192", NULL },
	{ 19, "ECP_256", NULL }, { 20, "ECP_384", NULL },
	{ 21, "ECP_521", NULL }, { 22, "MODP_1024_160", NULL },
	{ 23, "MODP_2048_224", NULL }, { 24, "MODP_2048_256", NULL },
	{ 25, "ECP_192", NULL }, { 26, "ECP_224", NULL },
	{ 27, "ECP_224_BP", NULL }, { 28, "ECP_256_BP", NULL },
	{ 29, "ECP_384_BP", NULL }, { 30, "ECP_512_BP", NULL },
	{ 31, "CURVE_25519", NULL }, { 32, "CURVE_448", NULL },
};

static const struct name esns[] = {
	{ 0, "NO_EXT_SEQ", NULL }, { 1, "EXT_SEQ", NULL },
};

static const struct name id_types[] = {
	{ 1, "IPV4_ADDR", NULL }, { 2, "FQDN", NULL },
	{ 3, "RFC822_ADDR", NULL }, { 5, "IPV6_ADDR", NULL },
	{ 9, "DER_ASN1_DN", NULL }, { 10, "DER_ASN1_GN", NULL },
	{ 11, "KEY_ID", NULL }, { 12, "FC_NAME", NULL },
	{ 13, "NULL", NULL },
};

static const struct name cert_encodings[] = {
	{ 1, "PKCS7_WRAPPED_X509", NULL }, { 2, "PGP", NULL },
	{ 3, "DNS_SIGNED_KEY", NULL }, { 4, "X509_SIGNATURE", NULL },
	{ 6, "KERBEROS_TOKEN", NULL }, { 7, "CRL", NULL },
	{ 8, "ARL", NULL }, { 9, "SPKI", NULL },
	{ 10, "X509_ATTRIBUTE", NULL }, { 11, "RAW_RSA_KEY", NULL },
	{ 12, "HASH_URL_X509_CERT", NULL },
	{ 13, "HASH_URL_X509_BUNDLE", NULL },
	{ 14, "OCSP_CONTENT", NULL }, { 15, "RAW_PUBLIC_KEY", NULL },
};

static const struct name auth_methods[] = {
	{ 1, "RSA_SIG", NULL }, { 2, "SHARED_KEY_MIC", NULL },
	{ 3, "DSS_SIG", NULL }, { 9, "ECDSA_256", NULL },
	{ 10, "ECDSA_384", NULL }, { 11, "ECDSA_521", NULL },
	{ 12, "GSPAM", NULL }, { 13, "NULL", NULL },
	{ 14, "DIGITAL_SIGNATURE", NULL },
};

static const struct name ts_types[] = {
	{ IKE_TS_IPV4_ADDR_RANGE, "IPV4_ADDR_RANGE", NULL },
	{ IKE_TS_IPV6_ADDR_RANGE, "IPV6_ADDR_RANGE", NULL },
};

/* Configuration attributes by the short names charon prints in CP(...). */
static const struct name cfg_attrs[] = {
	{ 1, "ADDR", NULL }, { 2, "MASK", NULL }, { 3, "DNS", NULL },
	{ 4, "NBNS", NULL }, { 5, "EXP", NULL }, { 6, "DHCP", NULL },
	{ 7, "VER", NULL }, { 8, "ADDR6", NULL }, { 9, "MASK6", NULL },
	{ 10, "DNS6", NULL }, { 11, "NBNS6", NULL }, { 12, "DHCP6", NULL },
	{ 13, "SUBNET", NULL }, { 14, "SUP", NULL }, { 15, "SUBNET6", NULL },
	{ 16, "MIP6HPFX", NULL }, { 17, "LINK6", NULL }, { 18, "PFX6", NULL },
	{ 19, "HOA", NULL },
};

static const struct name cfg_types[] = {
	{ IKE_CFG_REQUEST, "RQ", NULL }, { IKE_CFG_REPLY, "RP", NULL },
	{ IKE_CFG_SET, "S", NULL }, { IKE_CFG_ACK, "A", NULL },
};

static const struct name eap_codes[] = {
	{ 1, "REQ", NULL }, { 2, "RES", NULL },
	{ 3, "SUCC", NULL }, { 4, "FAIL", NULL },
};

static const struct name eap_methods[] = {
	{ 1, "ID", NULL }, { 2, "NTF", NULL }, { 3, "NAK", NULL },
	{ 4, "MD5", NULL }, { 5, "OTP", NULL }, { 6, "GTC", NULL },
	{ 13, "TLS", NULL }, { 18, "SIM", NULL }, { 21, "TTLS", NULL },
	{ 23, "AKA", NULL }, { 25, "PEAP", NULL }, { 26, "MSCHAPV2", NULL },
};

static const char *const errors[IKE_E_COUNT_] = {
	[IKE_E_OK] = "OK",
	[IKE_E_HDR_SHORT] = "HDR_SHORT",
	[IKE_E_HDR_LENGTH] = "HDR_LENGTH",
	[IKE_E_VERSION] = "VERSION",
	[IKE_E_PLD_TRUNC] = "PLD_TRUNC",
	[IKE_E_PLD_SHORT] = "PLD_SHORT",
	[IKE_E_PLD_BEYOND] = "PLD_BEYOND",
	[IKE_E_CHAIN_EARLY] = "CHAIN_EARLY",
	[IKE_E_CHAIN_END] = "CHAIN_END",
	[IKE_E_SK_NOT_LAST] = "SK_NOT_LAST",
	[IKE_E_SK_NESTED] = "SK_NESTED",
	[IKE_E_CRITICAL] = "CRITICAL",
	[IKE_E_TOO_MANY] = "TOO_MANY",
	[IKE_E_PROPOSAL] = "PROPOSAL",
	[IKE_E_TRANSFORM] = "TRANSFORM",
	[IKE_E_ATTRIBUTE] = "ATTRIBUTE",
	[IKE_E_NUMBERING] = "NUMBERING",
	[IKE_E_PROTOCOL] = "PROTOCOL",
	[IKE_E_SPI_SIZE] = "SPI_SIZE",
	[IKE_E_KE_DATA] = "KE_DATA",
	[IKE_E_NONCE_LEN] = "NONCE_LEN",
	[IKE_E_ID_DATA] = "ID_DATA",
	[IKE_E_CERT_DATA] = "CERT_DATA",
	[IKE_E_AUTH_DATA] = "AUTH_DATA",
	[IKE_E_NOTIFY_DATA] = "NOTIFY_DATA",
	[IKE_E_DELETE_COUNT] = "DELETE_COUNT",
	[IKE_E_TS_COUNT] = "TS_COUNT",
	[IKE_E_TS_TYPE] = "TS_TYPE",
	[IKE_E_TS_LENGTH] = "TS_LENGTH",
	[IKE_E_TS_RANGE] = "TS_RANGE",
	[IKE_E_CP_ATTR] = "CP_ATTR",
	[IKE_E_EAP_LENGTH] = "EAP_LENGTH",
	[IKE_E_EMPTY] = "EMPTY",
	[IKE_E_FRAGMENT] = "FRAGMENT",
};

const char *ike_error_name(int code)
{
	if (code < 0)
		code = -code;
	return code < IKE_E_COUNT_ ? errors[code] : NULL;
}

const char *ike_exchange_name(unsigned int v)
{
	return NAME(exchanges, v);
}

const char *ike_payload_name(unsigned int v)
{
	return NAME(payloads, v);
}

const char *ike_payload_short_name(unsigned int v)
{
	return SHORT(payloads, v);
}

const char *ike_notify_name(unsigned int v)
{
	return NAME(notifies, v);
}

const char *ike_notify_short_name(unsigned int v)
{
	return SHORT(notifies, v);
}

const char *ike_protocol_name(unsigned int v)
{
	return NAME(protocols, v);
}

const char *ike_transform_type_name(unsigned int v)
{
	return NAME(xf_types, v);
}

const char *ike_id_type_name(unsigned int v)
{
	return NAME(id_types, v);
}

const char *ike_cert_encoding_name(unsigned int v)
{
	return NAME(cert_encodings, v);
}

const char *ike_auth_method_name(unsigned int v)
{
	return NAME(auth_methods, v);
}

const char *ike_ts_type_name(unsigned int v)
{
	return NAME(ts_types, v);
}

const char *ike_transform_name(unsigned int type, unsigned int id)
{
	switch (type) {
	case IKE_XF_ENCR:	return NAME(encrs, id);
	case IKE_XF_PRF:	return NAME(prfs, id);
	case IKE_XF_INTEG:	return NAME(integs, id);
	case IKE_XF_DH:		return NAME(dhs, id);
	case IKE_XF_ESN:	return NAME(esns, id);
	default:		return NULL;
	}
}

/* An snprintf that keeps counting past the end, like snprintf itself. */
struct out {
	char *buf;
	size_t len;
	size_t pos;
};

static void __attribute__((format(printf, 2, 3)))
out(struct out *o, const char *fmt, ...)
{
	size_t room = o->pos < o->len ? o->len - o->pos : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->pos : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += n;
}

/* charon's "%N": the name, or the number in parentheses. */
static void out_name(struct out *o, const char *name, unsigned int value)
{
	if (name)
		out(o, "%s", name);
	else
		out(o, "(%u)", value);
}

/* " CPRQ(ADDR DNS)": the attribute types, walked within checked bounds. */
static void out_cp(struct out *o, const struct ike_cp *cp)
{
	const char *pfx = NAME(cfg_types, cp->type);
	const uint8_t *a = cp->attrs.ptr;
	size_t off = 0;
	bool first = true;

	while (off + 4 <= cp->attrs.len) {
		unsigned int type = ike_get16(a + off) & 0x7fff;

		out(o, "%s%s", first ? (pfx ? pfx : "") : " ",
		    first ? "(" : "");
		out_name(o, NAME(cfg_attrs, type), type);
		first = false;
		off += 4 + ike_get16(a + off + 2);
	}
	if (!first)
		out(o, ")");
}

/* "/REQ/ID", or "/RES/254-vendor" for an expanded type (RFC 3748 5.7). */
static void out_eap(struct out *o, const struct ike_eap *e)
{
	const uint8_t *m = e->msg.ptr;

	out(o, "/");
	out_name(o, NAME(eap_codes, e->code), e->code);
	if (!e->method)
		return;
	if (e->method == 254 && e->msg.len >= 12) {
		out(o, "/%u-%u", ike_get32(m + 8),
		    (unsigned int)(ike_get32(m + 4) & 0xffffff));
		return;
	}
	out(o, "/");
	out_name(o, NAME(eap_methods, e->method), e->method);
}

static void out_payload(struct out *o, const struct ike_payload *p)
{
	if (!p->known) {
		out(o, " UNKN(%u)", p->type);
		return;
	}
	out(o, " %s", SHORT(payloads, p->type));
	switch (p->type) {
	case IKE_PL_NOTIFY:
		out(o, "(");
		out_name(o, SHORT(notifies, p->u.notify.type),
			 p->u.notify.type);
		out(o, ")");
		break;
	case IKE_PL_CP:
		out_cp(o, &p->u.cp);
		break;
	case IKE_PL_EAP:
		out_eap(o, &p->u.eap);
		break;
	case IKE_PL_SKF:
		out(o, "(%u/%u)", p->u.skf.num, p->u.skf.total);
		break;
	}
}

size_t ike_msg_summary(const struct ike_msg *m, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	size_t i;

	if (len)
		buf[0] = '\0';
	out_name(&o, NAME(exchanges, m->hdr.exchange), m->hdr.exchange);
	out(&o, " %s %u [",
	    m->hdr.flags & IKE_FLAG_RESPONSE ? "response" : "request",
	    m->hdr.msgid);
	for (i = 0; i < m->n; i++)
		out_payload(&o, &m->pl[i]);
	out(&o, " ]");
	return o.pos;
}

/* charon lists transforms by kind in this order, whatever the wire's. */
static const uint8_t xf_order[] = {
	IKE_XF_ENCR, IKE_XF_INTEG, IKE_XF_PRF, IKE_XF_DH, IKE_XF_ESN,
};

static bool ordered_type(uint8_t type)
{
	return type >= IKE_XF_ENCR && type <= IKE_XF_ESN;
}

static void out_transform(struct out *o, const struct ike_transform *t,
			  bool *first)
{
	out(o, "%s", *first ? "" : "/");
	*first = false;
	out_name(o, ike_transform_name(t->type, t->id), t->id);
	if (t->key_len)
		out(o, "_%u", t->key_len);
}

size_t ike_proposal_str(const struct ike_proposal *p, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	bool first = true;
	size_t i, k;

	if (len)
		buf[0] = '\0';
	out_name(&o, NAME(protocols, p->proto), p->proto);
	out(&o, ":");
	for (k = 0; k < N_ELEMS(xf_order); k++)
		for (i = 0; i < p->n_xf; i++)
			if (p->xf[i].type == xf_order[k])
				out_transform(&o, &p->xf[i], &first);
	for (i = 0; i < p->n_xf; i++)
		if (!ordered_type(p->xf[i].type))
			out_transform(&o, &p->xf[i], &first);
	return o.pos;
}
