/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec.conf as strongSwan 5.9's starter reads it, parsed into one model.
 *
 * Syntax (starter's lexer.l and parser.y, checked against Debian's 5.9.8
 * starter):
 *  - A line that starts in column 0 opens a section: "config setup",
 *    "conn NAME" or "ca NAME"; its settings follow on lines that start
 *    with a space or tab, as "key=value". A setting line in column 0 is
 *    an error. A second section of the same name continues the first.
 *  - '#' starts a comment outside quotes (but "@#..." starts a key id).
 *    Values are words joined by one space, or "double quoted" with the
 *    escapes \n \r \t \" \\ and a backslash-newline continuation; a
 *    value containing '=' must be quoted. "key=" with no value (or
 *    key="") unsets what %default or an also= section gave. A line
 *    "version ..." is ignored, as starter does; so is a '\r' before a
 *    newline (starter would keep it in the value).
 *  - "include PATTERN" (anywhere, also indented): glob(3), matches read
 *    in sorted order, a relative pattern relative to the directory of
 *    the including file, at most IPSEC_MAX_INCLUDE_DEPTH levels. The
 *    included text continues the current section. A pattern with
 *    wildcards that matches nothing is a warning (starter's "no files
 *    found matching"); a plain path that cannot be read is an error
 *    (starter only warns; we refuse to start without a file the user
 *    named). A file that includes itself, directly or through others,
 *    is an error naming the chain of include lines.
 *  - Inheritance: every conn inherits "conn %default" wherever it is in
 *    the files; also=NAME (repeatable, transitive) adds NAME's settings.
 *    The order is starter's: the conn's own settings, then its also=
 *    sections from the last also= line to the first, each followed by
 *    what it inherits, keeping only the last occurrence of a section
 *    that appears twice, then %default. also=%default is accepted and
 *    changes nothing. A missing also= target or a loop is an error.
 *  - root: absolute paths (the top file's and every include's) are read
 *    below this prefix, so tests need no /etc. Messages and every
 *    ipsec_src name files as the configuration writes them.
 *
 * Keywords: the ones below are parsed into typed fields. Other strongSwan
 * 5.9 keywords (leftsourceip, compress, mark, ...) are warned about as
 * not supported and ignored. Keywords strongSwan 5.9 calls deprecated
 * (the seed's crlcheckinterval and plutostart, pfs, ...) are warned
 * about and ignored, as 5.9 does ("parsing errors (0 fatal)"). Unknown
 * keywords are warned about and ignored. A keyword in the wrong kind of
 * section (uniqueids in a conn) is an error.
 *
 * Errors: ipsec_conf_load() stops at the first syntax error, bad value,
 * missing also= target, also= loop or unreadable include and writes one
 * line to err: "FILE:LINE: what is wrong, quoting the bad text", or, for
 * the top file, "cannot open FILE: strerror". strongSwan drops a conn
 * with a bad value and starts the others; we refuse instead, because a
 * conn dropped silently is a mobile that cannot connect.
 *
 * Model: the config setup section, then every conn section (also those
 * used only as also= targets: they are conns to strongSwan too, loaded
 * when their auto= says so) in the order they first appear, with
 * %default and also= applied; "conn %default" itself is not listed.
 * Every value keeps where it was written (struct ipsec_src).
 */
#ifndef MIPXFRM_CONF_IPSEC_H
#define MIPXFRM_CONF_IPSEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define IPSEC_MAX_INCLUDE_DEPTH	10

/* Where a value was written; file NULL: strongSwan's default. */
struct ipsec_src {
	const char *file;
	unsigned int line;
};

/* A value as the configuration writes it, after %default and also=. */
struct ipsec_value {
	const char *text;		/* NULL: not set, or unset by "key=" */
	struct ipsec_src src;		/* of the line that set or unset it */
};

enum ipsec_setup_key {
	IPSEC_SETUP_CHARONDEBUG,
	IPSEC_SETUP_UNIQUEIDS,
	IPSEC_SETUP_STRICTCRLPOLICY,
	IPSEC_SETUP_CACHECRLS,
	IPSEC_SETUP_MAX
};

enum ipsec_uniqueids {
	IPSEC_UNIQUE_YES,		/* default */
	IPSEC_UNIQUE_NO,
	IPSEC_UNIQUE_REPLACE,
	IPSEC_UNIQUE_KEEP,
	IPSEC_UNIQUE_NEVER,
};

enum ipsec_strictcrl {
	IPSEC_STRICTCRL_NO,		/* default */
	IPSEC_STRICTCRL_YES,
	IPSEC_STRICTCRL_IFURI,
};

/* One "SUBSYSTEM LEVEL" item of charondebug, e.g. "knl 2". */
struct ipsec_debug {
	char subsys[4];			/* dmn, mgr, ike, ..., or "any" */
	int level;			/* -1 .. 4 */
};

struct ipsec_setup {
	struct ipsec_debug *debug;	/* charondebug, in the order written */
	size_t n_debug;
	enum ipsec_uniqueids uniqueids;
	enum ipsec_strictcrl strictcrlpolicy;
	bool cachecrls;			/* default no */
	struct ipsec_value val[IPSEC_SETUP_MAX];
};

/* Per-end keywords; leftX and rightX. */
enum ipsec_end_key {
	IPSEC_END_HOST,			/* left=, right= */
	IPSEC_END_SUBNET,		/* also leftsubnetwithin */
	IPSEC_END_PROTOPORT,
	IPSEC_END_ID,
	IPSEC_END_CERT,
	IPSEC_END_AUTH,
	IPSEC_END_CA,
	IPSEC_END_SENDCERT,
	IPSEC_END_UPDOWN,
	IPSEC_END_IKEPORT,
	IPSEC_END_ALLOWANY,
	IPSEC_END_MAX
};

enum ipsec_conn_key {
	IPSEC_CONN_AUTO,
	IPSEC_CONN_TYPE,
	IPSEC_CONN_KEYEXCHANGE,
	IPSEC_CONN_REAUTH,
	IPSEC_CONN_REKEY,
	IPSEC_CONN_MOBIKE,
	IPSEC_CONN_INSTALLPOLICY,
	IPSEC_CONN_REQID,
	IPSEC_CONN_IKE,
	IPSEC_CONN_ESP,
	IPSEC_CONN_LIFETIME,		/* also keylife */
	IPSEC_CONN_IKELIFETIME,
	IPSEC_CONN_MARGINTIME,		/* also rekeymargin */
	IPSEC_CONN_REKEYFUZZ,
	IPSEC_CONN_KEYINGTRIES,
	IPSEC_CONN_DPDACTION,
	IPSEC_CONN_DPDDELAY,
	IPSEC_CONN_DPDTIMEOUT,
	IPSEC_CONN_CLOSEACTION,
	IPSEC_CONN_AUTHBY,
	IPSEC_CONN_MAX
};

enum ipsec_auto {
	IPSEC_AUTO_IGNORE,		/* default: strongSwan does not load it */
	IPSEC_AUTO_ADD,
	IPSEC_AUTO_ROUTE,
	IPSEC_AUTO_START,
};

enum ipsec_type {
	IPSEC_TYPE_TUNNEL,		/* default */
	IPSEC_TYPE_TRANSPORT,
	IPSEC_TYPE_TRANSPORT_PROXY,	/* RFC 3776/4877 MH protection */
	IPSEC_TYPE_BEET,
	IPSEC_TYPE_PASSTHROUGH,		/* also "pass" */
	IPSEC_TYPE_DROP,		/* also "reject" */
};

enum ipsec_keyexchange {
	IPSEC_KEYEXCHANGE_IKE,		/* default; IKEv2 in 5.9 */
	IPSEC_KEYEXCHANGE_IKEV1,
	IPSEC_KEYEXCHANGE_IKEV2,
};

enum ipsec_action {			/* dpdaction, closeaction */
	IPSEC_ACTION_NONE,		/* default */
	IPSEC_ACTION_CLEAR,
	IPSEC_ACTION_HOLD,
	IPSEC_ACTION_RESTART,
};

enum ipsec_sendcert {
	IPSEC_SENDCERT_IFASKED,		/* default */
	IPSEC_SENDCERT_ALWAYS,		/* also "yes" */
	IPSEC_SENDCERT_NEVER,		/* also "no" */
};

enum ipsec_host_kind {
	IPSEC_HOST_UNSET,		/* same as %any to strongSwan */
	IPSEC_HOST_ANY,			/* %any, %any4, %any6, %defaultroute */
	IPSEC_HOST_ADDR,
	IPSEC_HOST_NAME,		/* a DNS name, resolved later */
	IPSEC_HOST_SET,			/* a list, range or subnet: text only */
};

struct ipsec_addr {
	int family;			/* AF_INET, AF_INET6; AF_UNSPEC: none */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

struct ipsec_host {
	enum ipsec_host_kind kind;
	struct ipsec_addr addr;		/* ADDR; ANY: family of %any4/%any6 */
	const char *name;		/* NAME, without a '%' prefix */
	bool allow_any;			/* "%name": %any if it does not resolve */
};

/* One item of leftsubnet=; the host bits are kept as written. */
struct ipsec_subnet {
	bool dynamic;			/* %dynamic: the end's own address */
	struct ipsec_addr addr;
	uint8_t plen;
};

/*
 * leftprotoport=PROTO[/PORT]. Unset: proto 0 and ports 0-65535 (any).
 * For ICMP, ICMPv6 and MH the "port" is the message type, as in 5.9:
 * "135/0" is MH type 0 only (4.x read it as any MH type).
 */
struct ipsec_protoport {
	uint8_t proto;			/* 0: any */
	uint16_t from, to;		/* %opaque: from 65535, to 0 */
};

enum ipsec_id_type {
	IPSEC_ID_NONE,			/* not set: the cert subject or address */
	IPSEC_ID_ANY,			/* %any */
	IPSEC_ID_IPV4,
	IPSEC_ID_IPV6,
	IPSEC_ID_FQDN,			/* @moon.strongswan.org, fqdn:... */
	IPSEC_ID_USER_FQDN,		/* carol@strongswan.org, @@carol */
	IPSEC_ID_DN,			/* "C=CH, O=Linux strongSwan, CN=..." */
	IPSEC_ID_KEY_ID,		/* @#0123ab: value is the hex */
};

struct ipsec_id {
	enum ipsec_id_type type;
	const char *value;		/* without '@', '@@', '@#' or "fqdn:" */
	struct ipsec_addr addr;		/* IPV4, IPV6 */
};

struct ipsec_end {
	struct ipsec_host host;
	struct ipsec_subnet *subnets;	/* none: the host itself */
	size_t n_subnets;
	struct ipsec_protoport protoport;
	struct ipsec_id id;
	const char *cert;		/* as written; see ipsec_path_resolve() */
	const char *auth;		/* leftauth as written, NULL: not set */
	const char *ca;
	enum ipsec_sendcert sendcert;
	const char *updown;
	uint16_t ikeport;		/* default 500 */
	bool allowany;
	struct ipsec_value val[IPSEC_END_MAX];
};

struct ipsec_conn {
	const char *name;
	struct ipsec_src src;		/* its first "conn NAME" line */
	enum ipsec_auto startup;	/* auto= */
	enum ipsec_type type;
	enum ipsec_keyexchange keyexchange;
	bool reauth, rekey, mobike;	/* default yes */
	bool installpolicy;		/* default yes */
	uint32_t reqid;			/* 0: not set */
	const char *ike, *esp;		/* proposals as written; NULL: default */
	uint32_t lifetime;		/* seconds; default 1h */
	uint32_t ikelifetime;		/* default 3h */
	uint32_t margintime;		/* default 9m */
	uint32_t rekeyfuzz;		/* percent; default 100 */
	uint32_t keyingtries;		/* default 3; 0: %forever */
	enum ipsec_action dpdaction, closeaction;
	uint32_t dpddelay;		/* default 30s */
	uint32_t dpdtimeout;		/* default 150s */
	const char *authby;		/* NULL: not set */
	struct ipsec_end left, right;
	struct ipsec_value val[IPSEC_CONN_MAX];
};

enum ipsec_ca_key {
	IPSEC_CA_AUTO,
	IPSEC_CA_CACERT,
	IPSEC_CA_CRLURI,		/* also crluri1 */
	IPSEC_CA_CRLURI2,
	IPSEC_CA_OCSPURI,		/* also ocspuri1 */
	IPSEC_CA_OCSPURI2,
	IPSEC_CA_CERTURIBASE,
	IPSEC_CA_MAX
};

/* A "ca NAME" section; strongSwan treats auto=route|start as add. */
struct ipsec_ca {
	const char *name;
	struct ipsec_src src;
	enum ipsec_auto startup;
	struct ipsec_value val[IPSEC_CA_MAX];	/* the rest is text */
};

struct ipsec_conf {
	struct ipsec_setup setup;
	struct ipsec_conn *conns;
	size_t n_conns;
	struct ipsec_ca *cas;
	size_t n_cas;
	/* Every file read, named as the configuration names it. */
	const char **files;
	size_t n_files;
	/* "FILE:LINE: ..." lines the caller should log. */
	const char **warnings;
	size_t n_warnings;
	void *mem;			/* owns everything above */
};

/*
 * Parses path (and what it includes) into out. root: NULL or "" for
 * none. Returns 0, or -1 with a message in err (err may be NULL); out
 * then holds nothing, and ipsec_conf_free() on it is harmless.
 */
int ipsec_conf_load(const char *path, const char *root,
		    struct ipsec_conf *out, char *err, size_t errlen);
void ipsec_conf_free(struct ipsec_conf *c);

/* The conn named name, or NULL. */
const struct ipsec_conn *ipsec_conf_conn(const struct ipsec_conf *c,
					 const char *name);

/* Names as ipsec.conf spells them, for messages and status output. */
const char *ipsec_auto_name(enum ipsec_auto a);

/*
 * The syslog level mipxfrmd logs at for charondebug=: one level for all,
 * the highest any subsystem is given (charon's -1..4): -1 LOG_WARNING,
 * 0 LOG_NOTICE, 1 LOG_INFO (also without charondebug, charon's default),
 * 2 and above LOG_DEBUG.
 */
int ipsec_log_level(const struct ipsec_setup *su);
const char *ipsec_type_name(enum ipsec_type t);

/*
 * Where strongSwan keeps credentials: <root><ipsecdir>/cacerts, certs,
 * private, crls (ipsecdir NULL: "/etc/ipsec.d").
 */
struct ipsec_dirs {
	char ipsecdir[256];
	char cacerts[256];
	char certs[256];
	char private[256];
	char crls[256];
};

/* Returns 0, or -1 when a path would not fit. */
int ipsec_dirs_init(struct ipsec_dirs *d, const char *root,
		    const char *ipsecdir);

/*
 * The file strongSwan opens for name (leftcert=, a key in ipsec.secrets):
 * an absolute name below root, a relative one in dir (already rooted).
 * Returns 0, or -1 when it would not fit in buf.
 */
int ipsec_path_resolve(const char *root, const char *dir, const char *name,
		       char *buf, size_t len);

#endif
