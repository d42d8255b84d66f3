/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's whole configuration, loaded and checked at once before it
 * starts: mip6d.conf, ipsec.conf, ipsec.secrets, the ipsec.d credentials
 * and the reqid state file, each read below an optional root prefix.
 *
 *   load.c       paths, the parsers, CA certificates and CRLs, private
 *                keys, reqids, the charon-shaped start-up log
 *   load_cred.c  each conn's proposals, leftcert, its private key, leftid
 *   load_show.c  "Connections:" as ipsec statusall prints it, and JSON
 *
 * What a conn with auto= other than ignore must pass (strongSwan 5.9 logs
 * most of these and starts anyway; we refuse, because a conn that cannot
 * work is a mobile that cannot connect and nobody notices):
 *  - ike= and esp= parse (ike_props_conn());
 *  - leftcert= (relative: in ipsec.d/certs) is a readable certificate;
 *  - a private key of ipsec.secrets is its private half;
 *  - leftid=, when set, is in the certificate (subjectAltName, or the
 *    subject for a DN); strongSwan would only warn "not confirmed by
 *    certificate" and use the subject DN instead, which the mobiles'
 *    rightid= then does not match;
 *  - it asks for nothing we would read and not do: IKEv1, other
 *    authentication than certificates, modes other than tunnel,
 *    transport and transport_proxy, auto=route with installpolicy=yes;
 *  - its reqids are assigned without conflict (reqid_assign()), which
 *    needs mip6d.conf loaded: without it no conn gets reqids.
 * A parse error of one of the files stops the load there (the model
 * behind it is missing); the checks above go on after a failure so that
 * one run reports every problem. Each is one line "FILE:LINE: reason"
 * (or "PATH: reason" for a file), naming files as the configuration
 * names them, without the root. Warnings (the parsers', and the reqid
 * rules' of reqid_warn_mobiles()) are logged with log_warn() and kept in
 * c->warnings, for --check --json.
 */
#ifndef MIPXFRM_CONF_LOAD_H
#define MIPXFRM_CONF_LOAD_H

#include <stdbool.h>
#include <stdio.h>

#include "../ca/ca.h"
#include "../ike/proposal.h"
#include "ipsec.h"
#include "mip6d.h"
#include "reqid.h"
#include "secrets.h"

#define CONF_MIP6D_DEFAULT	"/etc/mip6d.conf"
#define CONF_IPSEC_DEFAULT	"/etc/ipsec.conf"
#define CONF_SECRETS_DEFAULT	"/etc/ipsec.secrets"
#define CONF_IPSECDIR_DEFAULT	"/etc/ipsec.d"
#define CONF_STATE_DEFAULT	"/var/lib/mipxfrm/reqids"

/* Where to read; NULL members take the defaults above (root: none). */
struct conf_paths {
	const char *root;
	const char *mip6d_conf;
	const char *ipsec_conf;
	const char *ipsec_secrets;
	const char *ipsec_dir;
	const char *state;
	/*
	 * Write nothing (--check): the state file is read, and new derived
	 * reqids are decided as a start would decide them but not kept, so
	 * a check needs no write access and never changes the numbers of a
	 * daemon running beside it. A load that has failed before the
	 * reqids are decided does the same.
	 */
	bool dry_run;
};

/* One distinct leftcert, loaded once however many conns use it. */
struct conf_cert {
	const char *name;		/* as leftcert= writes it */
	char *shown;			/* the path, as the configuration names it */
	struct ca_cert *cert;		/* NULL: could not be loaded */
	char subject[256];
	bool has_key;			/* a key of ipsec.secrets matches it */
};

/* A loaded CHILD_SA: an ipsec.conf conn with auto= other than ignore. */
struct conf_conn {
	const struct ipsec_conn *ic;
	const struct reqid_child *reqid;	/* NULL: reqids failed */
	struct conf_cert *cert;		/* NULL: no leftcert */
	struct ike_props ike, esp;
	/*
	 * The identities that are DNs, as DER (OPENSSL_free): leftid= as
	 * written or, without one, our certificate's subject (charon's
	 * default); rightid= when written as a DN. NULL: not a DN.
	 */
	uint8_t *local_dn, *remote_dn;
	size_t local_dn_len, remote_dn_len;
	bool ok;			/* every check above passed */
};

struct conf {
	struct conf_paths paths;	/* with the defaults filled in */
	struct mip6d_conf mip6d;
	struct ipsec_conf ipsec;
	struct ipsec_secrets secrets;
	struct ipsec_dirs dirs;		/* rooted: what to open */
	struct ipsec_dirs shown_dirs;	/* as the configuration names them */
	bool have_mip6d, have_ipsec, have_secrets, have_reqids;
	struct ca_store *cas;
	struct reqid_map reqids;
	struct ca_key **keys;		/* the RSA keys of ipsec.secrets */
	size_t n_keys;
	struct conf_cert *certs;
	size_t n_certs;
	struct conf_conn *conns;
	size_t n_conns;
	char **errors;			/* "FILE:LINE: reason", no duplicates */
	size_t n_errors;
	char **warnings;		/* the same, for what does not stop */
	size_t n_warnings;
};

/*
 * Loads and checks everything paths names into c, logging as charon
 * does at start. Returns 0 when the configuration is valid, -1 when
 * c->errors lists why not. c is filled either way (as far as the files
 * parsed) and must be released with conf_free().
 */
int conf_load(const struct conf_paths *paths, struct conf *c);
void conf_free(struct conf *c);

/* --- load_cred.c ----------------------------------------------------- */

/* Checks one conn (proposals, leftcert, key, leftid); sets cc->ok. */
void conf_check_conn(struct conf *c, struct conf_conn *cc);

/* Records one problem (dropped if the same line is already listed). */
void conf_error(struct conf *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Logs and records one warning, unless the same line is already listed. */
void conf_warn(struct conf *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* --- load_show.c ----------------------------------------------------- */

/* "2001:1::1[moon.strongswan.org]...%any[carol@strongswan.org]" */
void conf_conn_peers(const struct conf_conn *cc, char *buf, size_t len);
/* The identity shown for our end (local) or the peer's, as in the above. */
const char *conf_conn_id(const struct conf_conn *cc, bool local, char *buf,
			 size_t len);
/* "1" when both directions share one, else "IN/OUT" (in: peer -> us). */
void conf_conn_reqids(const struct conf_conn *cc, char *buf, size_t len);

/* The "Connections:" listing; the errors go to err, one a line. */
void conf_print(const struct conf *c, FILE *out, FILE *err);
/* One JSON object: {"valid", "errors", "warnings", "connections"}. */
void conf_print_json(const struct conf *c, FILE *out);
/* One conn of "connections" above (also in the control socket's status). */
void conf_conn_json(FILE *out, const struct conf *c,
		    const struct conf_conn *cc);

#endif
