// SPDX-License-Identifier: GPL-2.0
/*
 * Typed ipsec.conf values, read as strongSwan 5.9's starter and charon
 * read them, but strictly: where strtoul() would let "12x" or "-1"
 * through, we say what is wrong.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/errbuf.h"
#include "ipsec_parse.h"

static int fail(char *why, size_t len, const char *text)
{
	snprintf(why, len, "%s", text);
	return -1;
}

int ipsec_parse_enum(const char *text, const char *const *names, int *out,
		     char *why, size_t len)
{
	size_t used = 0;
	int i;

	for (i = 0; names[i]; i++) {
		if (!strcmp(text, names[i])) {
			*out = i;
			return 0;
		}
	}
	/* List what is accepted: the fix is usually a typo. */
	used = (size_t)snprintf(why, len, "expected ");
	for (i = 0; names[i] && used < len; i++)
		used += (size_t)snprintf(why + used, len - used, "%s%s",
					 i ? ", " : "", names[i]);
	return -1;
}

int ipsec_parse_bool(const char *text, bool *out, char *why, size_t len)
{
	static const char *const names[] = { "no", "yes", NULL };
	int v;

	if (ipsec_parse_enum(text, names, &v, why, len))
		return -1;
	*out = v;
	return 0;
}

/* Decimal digits only, no sign, no blanks, not empty; -1 on overflow. */
static int parse_digits(const char *text, const char **end,
			unsigned long long *out)
{
	unsigned long long v = 0;
	const char *p = text;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (~0ULL - 9) / 10)
			return -1;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	*end = p;
	*out = v;
	return 0;
}

int ipsec_parse_u32(const char *text, uint32_t min, uint32_t max,
		    uint32_t *out, char *why, size_t len)
{
	unsigned long long v;
	const char *end;

	if (parse_digits(text, &end, &v) || *end || v < min || v > max) {
		snprintf(why, len, "expected a decimal number from %u to %u",
			 min, max);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

int ipsec_parse_time(const char *text, uint32_t *out, char *why, size_t len)
{
	unsigned long long v, mult = 1;
	const char *end;

	if (parse_digits(text, &end, &v))
		goto bad;
	if (*end && end[1])
		goto bad;
	switch (*end) {
	case '\0':
	case 's':
		break;
	case 'm':
		mult = 60;
		break;
	case 'h':
		mult = 3600;
		break;
	case 'd':
		mult = 86400;
		break;
	default:
		goto bad;
	}
	if (v > UINT32_MAX / mult)
		return fail(why, len, "duration too long (more than 136 years)");
	*out = (uint32_t)(v * mult);
	return 0;
bad:
	return fail(why, len, "expected a duration: a number with an optional "
		    "s, m, h or d suffix");
}

int ipsec_parse_percent(const char *text, uint32_t *out, char *why,
			size_t len)
{
	unsigned long long v;
	const char *end;

	if (parse_digits(text, &end, &v) || strcmp(end, "%") ||
	    v > UINT32_MAX)
		return fail(why, len, "expected a percentage such as 100%");
	*out = (uint32_t)v;
	return 0;
}

int ipsec_parse_keyingtries(const char *text, uint32_t *out, char *why,
			    size_t len)
{
	if (!strcmp(text, "%forever")) {
		*out = 0;
		return 0;
	}
	if (ipsec_parse_u32(text, 0, UINT32_MAX, out, why, len))
		return fail(why, len, "expected a number or %forever");
	return 0;
}

static bool parse_addr(const char *text, struct ipsec_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET6, text, &out->v6) == 1) {
		out->family = AF_INET6;
		return true;
	}
	if (inet_pton(AF_INET, text, &out->v4) == 1) {
		out->family = AF_INET;
		return true;
	}
	out->family = AF_UNSPEC;
	return false;
}

/* Letters, digits, '-', '_' and dots: what a resolver would look up. */
static bool is_hostname(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 253)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return false;
	return true;
}

/* "FROM-TO" with two addresses (a host name may have dashes too). */
static bool is_range(const char *text)
{
	char buf[2 * INET6_ADDRSTRLEN];
	struct ipsec_addr from, to;
	const char *dash = strchr(text, '-');
	size_t n = dash ? (size_t)(dash - text) : 0;

	if (!dash || n >= sizeof(buf))
		return false;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return parse_addr(buf, &from) && parse_addr(dash + 1, &to);
}

int ipsec_parse_host(const char *text, struct ipsec_host *out,
		     struct ipsec_arena *a, char *why, size_t len)
{
	memset(out, 0, sizeof(*out));
	out->kind = IPSEC_HOST_ANY;
	/* 5.9 starter turns %defaultroute into %any. */
	if (!strcmp(text, "%any") || !strcmp(text, "%defaultroute"))
		return 0;
	if (!strcmp(text, "%any4") || !strcmp(text, "%any6")) {
		out->addr.family = text[4] == '4' ? AF_INET : AF_INET6;
		return 0;
	}
	/* Lists, ranges and subnets: charon's business, kept as text. */
	if (strpbrk(text, ",/") || is_range(text)) {
		out->kind = IPSEC_HOST_SET;
		return 0;
	}
	if (text[0] == '%') {
		out->allow_any = true;
		text++;
	}
	if (parse_addr(text, &out->addr)) {
		out->kind = IPSEC_HOST_ADDR;
		return 0;
	}
	if (!is_hostname(text))
		return fail(why, len, "expected an address, %any, %any4, %any6, "
			    "%defaultroute or a host name");
	out->kind = IPSEC_HOST_NAME;
	out->name = ipsec_arena_strdup(a, text);
	return out->name ? 0 : fail(why, len, "out of memory");
}

/* One "ADDR[/LEN]" or "%dynamic" item of a subnet list. */
static int parse_subnet(const char *item, struct ipsec_subnet *out,
			char *why, size_t len)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(item, '/');
	size_t alen = slash ? (size_t)(slash - item) : strlen(item);
	char q[ERRQUOTE_SIZE];
	uint32_t plen;

	if (!strcmp(item, "%dynamic")) {
		out->dynamic = true;
		return 0;
	}
	if (strchr(item, '['))
		return fail(why, len, "per-subnet protocol/port ([...]) "
			    "is not supported; use leftprotoport=");
	if (alen >= sizeof(buf))
		goto bad;
	memcpy(buf, item, alen);
	buf[alen] = '\0';
	if (!parse_addr(buf, &out->addr))
		goto bad;
	out->plen = out->addr.family == AF_INET ? 32 : 128;
	if (slash) {
		if (ipsec_parse_u32(slash + 1, 0, out->plen, &plen, why, len))
			goto bad;
		out->plen = (uint8_t)plen;
	}
	return 0;
bad:
	snprintf(why, len, "'%s' is not an ADDRESS/PREFIXLEN subnet",
		 errquote(q, item));
	return -1;
}

/* The next comma-separated item of *p without surrounding blanks. */
static size_t next_item(const char **p, const char **start)
{
	const char *s = *p, *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = strchr(s, ',');
	*p = e ? e + 1 : s + strlen(s);
	if (!e)
		e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*start = s;
	return (size_t)(e - s);
}

int ipsec_parse_subnets(const char *text, struct ipsec_subnet **out,
			size_t *n, struct ipsec_arena *a, char *why,
			size_t len)
{
	size_t cap = 0, ilen;
	const char *p = text, *item;
	struct ipsec_subnet *sn;
	char *copy;

	*out = NULL;
	*n = 0;
	while (*p || p == text) {
		ilen = next_item(&p, &item);
		if (!ilen)
			return fail(why, len, "empty item in the subnet list");
		copy = ipsec_arena_strndup(a, item, ilen);
		sn = copy ? ipsec_arena_push(a, out, n, &cap, sizeof(*sn)) : NULL;
		if (!sn)
			return fail(why, len, "out of memory");
		if (parse_subnet(copy, sn, why, len))
			return -1;
		if (!*p && p[-1] == ',')
			return fail(why, len, "empty item in the subnet list");
	}
	return 0;
}

/* Protocol names strongSwan users write; else /etc/protocols. */
static int parse_proto(const char *text, uint8_t *out)
{
	static const struct {
		const char *name;
		uint8_t proto;
	} names[] = {
		{ "icmp", 1 }, { "tcp", 6 }, { "udp", 17 }, { "gre", 47 },
		{ "esp", 50 }, { "ah", 51 }, { "ipv6-icmp", 58 },
		{ "icmpv6", 58 }, { "sctp", 132 }, { "mobility-header", 135 },
		{ "mh", 135 },
	};
	struct protoent *pe;
	unsigned long long v;
	const char *end;
	size_t i;

	if (!*text || !strcmp(text, "%any")) {
		*out = 0;
		return 0;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(text, names[i].name)) {
			*out = names[i].proto;
			return 0;
		}
	}
	if (!parse_digits(text, &end, &v) && !*end && v <= 255) {
		*out = (uint8_t)v;
		return 0;
	}
	pe = getprotobyname(text);
	if (!pe || pe->p_proto < 0 || pe->p_proto > 255)
		return -1;
	*out = (uint8_t)pe->p_proto;
	return 0;
}

/* A port (or ICMP/MH type): number or service name. */
static int parse_port(const char *text, uint16_t *out)
{
	struct servent *se;
	unsigned long long v;
	const char *end;

	if (!parse_digits(text, &end, &v) && !*end && v <= 65535) {
		*out = (uint16_t)v;
		return 0;
	}
	se = getservbyname(text, NULL);
	if (!se)
		return -1;
	*out = ntohs((uint16_t)se->s_port);
	return 0;
}

static int parse_ports(const char *text, struct ipsec_protoport *out)
{
	char from[64];
	const char *dash;
	size_t n;

	if (!*text || !strcmp(text, "%any"))
		return 0;
	if (!strcmp(text, "%opaque")) {
		out->from = 65535;
		out->to = 0;
		return 0;
	}
	dash = strchr(text, '-');
	if (!dash) {
		if (parse_port(text, &out->from))
			return -1;
		out->to = out->from;
		return 0;
	}
	n = (size_t)(dash - text);
	if (n >= sizeof(from))
		return -1;
	memcpy(from, text, n);
	from[n] = '\0';
	return parse_port(from, &out->from) || parse_port(dash + 1, &out->to) ||
	       out->from > out->to ? -1 : 0;
}

int ipsec_parse_protoport(const char *text, struct ipsec_protoport *out,
			  char *why, size_t len)
{
	const char *slash = strchr(text, '/');
	char proto[64], q[ERRQUOTE_SIZE];
	size_t n = slash ? (size_t)(slash - text) : strlen(text);

	out->proto = 0;
	out->from = 0;
	out->to = 65535;
	if (n >= sizeof(proto))
		goto bad_proto;
	memcpy(proto, text, n);
	proto[n] = '\0';
	if (parse_proto(proto, &out->proto))
		goto bad_proto;
	if (slash && parse_ports(slash + 1, out)) {
		snprintf(why, len, "bad port '%s': expected a number, a range "
			 "FROM-TO, a service name, %%any or %%opaque",
			 errquote(q, slash + 1));
		return -1;
	}
	return 0;
bad_proto:
	snprintf(why, len, "bad protocol '%.*s': expected a number from 0 to "
		 "255, a protocol name or %%any",
		 (int)(n < ERRQUOTE_SIZE ? n : ERRQUOTE_SIZE), text);
	return -1;
}

static bool is_hex(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

/* "type:value" identities charon accepts. */
static int parse_typed_id(const char *text, struct ipsec_id *out)
{
	static const struct {
		const char *prefix;
		enum ipsec_id_type type;
	} prefixes[] = {
		{ "fqdn:", IPSEC_ID_FQDN }, { "email:", IPSEC_ID_USER_FQDN },
		{ "rfc822:", IPSEC_ID_USER_FQDN },
		{ "userfqdn:", IPSEC_ID_USER_FQDN }, { "asn1dn:", IPSEC_ID_DN },
		{ "keyid:", IPSEC_ID_KEY_ID }, { "ipv4:", IPSEC_ID_IPV4 },
		{ "ipv6:", IPSEC_ID_IPV6 },
	};
	size_t i, n;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		n = strlen(prefixes[i].prefix);
		if (!strncmp(text, prefixes[i].prefix, n)) {
			out->type = prefixes[i].type;
			out->value = text + n;
			return 1;
		}
	}
	return 0;
}

/* Types whose value must be an address, hex or a DN: checks them. */
static int check_id(struct ipsec_id *id, char *why, size_t len)
{
	switch (id->type) {
	case IPSEC_ID_IPV4:
	case IPSEC_ID_IPV6:
		if (!parse_addr(id->value, &id->addr) ||
		    (id->addr.family == AF_INET) != (id->type == IPSEC_ID_IPV4))
			return fail(why, len, "not an address of that family");
		return 0;
	case IPSEC_ID_KEY_ID:
		return is_hex(id->value) ? 0 :
		       fail(why, len, "a key id must be hex digits");
	case IPSEC_ID_DN:
		/* The CA code parses the RDNs; here only its shape. */
		return strchr(id->value, '=') ? 0 :
		       fail(why, len, "a DN needs TYPE=VALUE parts");
	default:
		return *id->value ? 0 : fail(why, len, "empty identity");
	}
}

/* The forms strongSwan's identification_create_from_string() tells apart. */
static void classify_id(const char *text, struct ipsec_id *out)
{
	if (!strncmp(text, "@#", 2)) {
		out->type = IPSEC_ID_KEY_ID;
		out->value = text + 2;
	} else if (!strncmp(text, "@@", 2)) {
		out->type = IPSEC_ID_USER_FQDN;
		out->value = text + 2;
	} else if (text[0] == '@') {
		out->type = IPSEC_ID_FQDN;
		out->value = text + 1;
	} else if (strchr(text, '=')) {
		out->type = IPSEC_ID_DN;
	} else if (strchr(text, '@')) {
		out->type = IPSEC_ID_USER_FQDN;
	} else if (parse_addr(text, &out->addr)) {
		out->type = out->addr.family == AF_INET ? IPSEC_ID_IPV4 :
			    IPSEC_ID_IPV6;
	} else {
		out->type = IPSEC_ID_FQDN;
	}
}

int ipsec_parse_id(const char *text, struct ipsec_id *out, char *why,
		   size_t len)
{
	memset(out, 0, sizeof(*out));
	out->value = text;
	if (!strcmp(text, "%any") || !strcmp(text, "%any6")) {
		out->type = IPSEC_ID_ANY;
		return 0;
	}
	if (!parse_typed_id(text, out))
		classify_id(text, out);
	return check_id(out, why, len);
}

static bool known_subsys(const char *s)
{
	static const char *const names[] = {
		"dmn", "mgr", "ike", "chd", "job", "cfg", "knl", "net", "asn",
		"enc", "tnc", "imc", "imv", "pts", "tls", "app", "esp", "lib",
		"any", NULL
	};
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(s, names[i]))
			return true;
	return false;
}

/* "knl 2": a subsystem, blanks, a level from -1 to 4. */
static int parse_debug_item(const char *item, size_t n, struct ipsec_debug *d)
{
	char buf[32], *lvl, *end;
	long level;

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, item, n);
	buf[n] = '\0';
	lvl = strpbrk(buf, " \t");
	if (!lvl)
		return -1;
	*lvl++ = '\0';
	while (*lvl == ' ' || *lvl == '\t')
		lvl++;
	if (strlen(buf) > 3 || !known_subsys(buf))
		return -1;
	errno = 0;
	level = strtol(lvl, &end, 10);
	if (errno || end == lvl || *end || level < -1 || level > 4)
		return -1;
	strcpy(d->subsys, buf);
	d->level = (int)level;
	return 0;
}

int ipsec_parse_charondebug(const char *text, struct ipsec_debug **out,
			    size_t *n, struct ipsec_arena *a, char *why,
			    size_t len)
{
	const char *p = text, *item;
	struct ipsec_debug *d;
	size_t cap = 0, ilen;

	*out = NULL;
	*n = 0;
	while (*p) {
		ilen = next_item(&p, &item);
		if (!ilen && !*p)
			break;		/* a trailing comma */
		d = ipsec_arena_push(a, out, n, &cap, sizeof(*d));
		if (!d)
			return fail(why, len, "out of memory");
		if (parse_debug_item(item, ilen, d)) {
			snprintf(why, len, "bad item '%.*s': expected SUBSYSTEM "
				 "LEVEL, e.g. \"knl 2\", with LEVEL from -1 "
				 "to 4", (int)(ilen < ERRQUOTE_SIZE ? ilen :
						ERRQUOTE_SIZE), item);
			return -1;
		}
	}
	return 0;
}
