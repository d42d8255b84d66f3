// SPDX-License-Identifier: GPL-2.0
/*
 * The ipsec.conf keywords of strongSwan 5.9 (starter's keywords.txt, as
 * Debian's 5.9.8 starter accepts them): which we parse, which strongSwan
 * knows but we do not support, which 5.9 itself calls deprecated.
 * Aliases ("keylife" for "lifetime") share a canonical entry, so one can
 * override the other through %default and also= as in strongSwan.
 */
#include <string.h>

#include "ipsec_parse.h"

#define T(n, s, i)	{ n, IPSEC_SCOPE_##s, IPSEC_KW_TYPED, i }
#define U(n, s)		{ n, IPSEC_SCOPE_##s, IPSEC_KW_UNSUPPORTED, -1 }
#define D(n, s)		{ n, IPSEC_SCOPE_##s, IPSEC_KW_DEPRECATED, -1 }

static const struct ipsec_kw keywords[] = {
	T("charondebug", SETUP, IPSEC_SETUP_CHARONDEBUG),
	T("uniqueids", SETUP, IPSEC_SETUP_UNIQUEIDS),
	T("strictcrlpolicy", SETUP, IPSEC_SETUP_STRICTCRLPOLICY),
	T("cachecrls", SETUP, IPSEC_SETUP_CACHECRLS),

	T("auto", CONN, IPSEC_CONN_AUTO),
	T("type", CONN, IPSEC_CONN_TYPE),
	T("keyexchange", CONN, IPSEC_CONN_KEYEXCHANGE),
	T("reauth", CONN, IPSEC_CONN_REAUTH),
	T("rekey", CONN, IPSEC_CONN_REKEY),
	T("mobike", CONN, IPSEC_CONN_MOBIKE),
	T("installpolicy", CONN, IPSEC_CONN_INSTALLPOLICY),
	T("reqid", CONN, IPSEC_CONN_REQID),
	T("ike", CONN, IPSEC_CONN_IKE),
	T("esp", CONN, IPSEC_CONN_ESP),
	T("lifetime", CONN, IPSEC_CONN_LIFETIME),
	T("ikelifetime", CONN, IPSEC_CONN_IKELIFETIME),
	T("margintime", CONN, IPSEC_CONN_MARGINTIME),
	T("rekeyfuzz", CONN, IPSEC_CONN_REKEYFUZZ),
	T("keyingtries", CONN, IPSEC_CONN_KEYINGTRIES),
	T("dpdaction", CONN, IPSEC_CONN_DPDACTION),
	T("dpddelay", CONN, IPSEC_CONN_DPDDELAY),
	T("dpdtimeout", CONN, IPSEC_CONN_DPDTIMEOUT),
	T("closeaction", CONN, IPSEC_CONN_CLOSEACTION),
	T("authby", CONN, IPSEC_CONN_AUTHBY),
	U("ah", CONN), U("compress", CONN), U("aggressive", CONN),
	U("eap_identity", CONN), U("aaa_identity", CONN),
	U("forceencaps", CONN), U("fragmentation", CONN), U("ikedscp", CONN),
	U("lifebytes", CONN), U("marginbytes", CONN),
	U("lifepackets", CONN), U("marginpackets", CONN),
	U("inactivity", CONN), U("modeconfig", CONN), U("xauth", CONN),
	U("xauth_identity", CONN), U("mediation", CONN),
	U("mediated_by", CONN), U("me_peerid", CONN), U("mark", CONN),
	U("mark_in", CONN), U("mark_out", CONN), U("tfc", CONN),
	U("replay_window", CONN), U("sha256_96", CONN),

	/* Per end: matched after a "left" or "right" prefix. */
	T("", END, IPSEC_END_HOST),
	T("subnet", END, IPSEC_END_SUBNET),
	T("protoport", END, IPSEC_END_PROTOPORT),
	T("id", END, IPSEC_END_ID),
	T("cert", END, IPSEC_END_CERT),
	T("auth", END, IPSEC_END_AUTH),
	T("ca", END, IPSEC_END_CA),
	T("sendcert", END, IPSEC_END_SENDCERT),
	T("updown", END, IPSEC_END_UPDOWN),
	T("ikeport", END, IPSEC_END_IKEPORT),
	T("allowany", END, IPSEC_END_ALLOWANY),
	U("sourceip", END), U("dns", END), U("firewall", END),
	U("hostaccess", END), U("auth2", END), U("id2", END),
	U("sigkey", END), U("cert2", END), U("certpolicy", END),
	U("ca2", END), U("groups", END), U("groups2", END),

	T("auto", CA, IPSEC_CA_AUTO),
	T("cacert", CA, IPSEC_CA_CACERT),
	T("crluri", CA, IPSEC_CA_CRLURI),
	T("crluri2", CA, IPSEC_CA_CRLURI2),
	T("ocspuri", CA, IPSEC_CA_OCSPURI),
	T("ocspuri2", CA, IPSEC_CA_OCSPURI2),
	T("certuribase", CA, IPSEC_CA_CERTURIBASE),

	/* Deprecated in 5.9 (pluto and 4.x leftovers): warned, ignored. */
	D("interfaces", SETUP), D("dumpdir", SETUP), D("charonstart", SETUP),
	D("plutostart", SETUP), D("klipsdebug", SETUP),
	D("plutodebug", SETUP), D("prepluto", SETUP), D("postpluto", SETUP),
	D("plutostderrlog", SETUP), D("fragicmp", SETUP),
	D("packetdefault", SETUP), D("hidetos", SETUP),
	D("overridemtu", SETUP), D("crlcheckinterval", SETUP),
	D("nocrsend", SETUP), D("nat_traversal", SETUP),
	D("keep_alive", SETUP), D("force_keepalive", SETUP),
	D("virtual_private", SETUP), D("pkcs11module", SETUP),
	D("pkcs11initargs", SETUP), D("pkcs11keepstate", SETUP),
	D("pkcs11proxy", SETUP),
	D("pfs", CONN), D("pfsgroup", CONN), D("eap", CONN),
	D("nexthop", END),
	D("ldaphost", CA), D("ldapbase", CA),
};

/* Spellings starter maps onto one keyword. */
static const struct {
	const char *alias, *name;
} aliases[] = {
	{ "keylife", "lifetime" },
	{ "rekeymargin", "margintime" },
	{ "subnetwithin", "subnet" },
	{ "rsasigkey", "sigkey" },
	{ "crluri1", "crluri" },
	{ "ocspuri1", "ocspuri" },
};

#define N_KEYWORDS (sizeof(keywords) / sizeof(keywords[0]))
#define N_ALIASES (sizeof(aliases) / sizeof(aliases[0]))

static const char *canonical(const char *key)
{
	size_t i;

	for (i = 0; i < N_ALIASES; i++)
		if (!strcmp(key, aliases[i].alias))
			return aliases[i].name;
	return key;
}

static const struct ipsec_kw *lookup(enum ipsec_scope scope, const char *key)
{
	size_t i;

	key = canonical(key);
	for (i = 0; i < N_KEYWORDS; i++)
		if (keywords[i].scope == scope && !strcmp(keywords[i].name, key))
			return &keywords[i];
	return NULL;
}

/* A left/right keyword: the end part after the prefix, or NULL. */
static const struct ipsec_kw *lookup_end(const char *key,
					 enum ipsec_side *side)
{
	if (!strncmp(key, "left", 4)) {
		*side = IPSEC_SIDE_LEFT;
		return lookup(IPSEC_SCOPE_END, key + 4);
	}
	if (!strncmp(key, "right", 5)) {
		*side = IPSEC_SIDE_RIGHT;
		return lookup(IPSEC_SCOPE_END, key + 5);
	}
	return NULL;
}

static const char *scope_home(enum ipsec_scope scope)
{
	switch (scope) {
	case IPSEC_SCOPE_SETUP:
		return "config setup";
	case IPSEC_SCOPE_CA:
		return "a ca section";
	default:
		return "a conn section";
	}
}

const struct ipsec_kw *ipsec_kw_find(enum ipsec_sect_type type,
				     const char *key, enum ipsec_side *side,
				     const char **elsewhere)
{
	const struct ipsec_kw *kw = NULL, *end;
	enum ipsec_side s = IPSEC_SIDE_NONE;

	*side = IPSEC_SIDE_NONE;
	*elsewhere = NULL;
	end = lookup_end(key, &s);
	switch (type) {
	case IPSEC_SECT_SETUP:
		kw = lookup(IPSEC_SCOPE_SETUP, key);
		break;
	case IPSEC_SECT_CONN:
		kw = lookup(IPSEC_SCOPE_CONN, key);
		if (!kw && end) {
			*side = s;
			return end;
		}
		break;
	case IPSEC_SECT_CA:
		kw = lookup(IPSEC_SCOPE_CA, key);
		break;
	}
	if (kw)
		return kw;
	/* Known elsewhere? Then it is misplaced, not unknown. */
	if (end)
		*elsewhere = scope_home(IPSEC_SCOPE_CONN);
	else if ((kw = lookup(IPSEC_SCOPE_SETUP, key)) ||
		 (kw = lookup(IPSEC_SCOPE_CONN, key)) ||
		 (kw = lookup(IPSEC_SCOPE_CA, key)))
		*elsewhere = scope_home(kw->scope);
	return NULL;
}

const struct ipsec_kw *ipsec_kw_typed(enum ipsec_scope scope, int id)
{
	size_t i;

	for (i = 0; i < N_KEYWORDS; i++)
		if (keywords[i].scope == scope &&
		    keywords[i].status == IPSEC_KW_TYPED && keywords[i].id == id)
			return &keywords[i];
	return NULL;
}
