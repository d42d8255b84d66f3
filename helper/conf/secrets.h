/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec.secrets as strongSwan 5.9's stroke plugin reads it
 * (stroke_cred.c, load_secrets()):
 *
 *   : RSA moonKey.pem                    key file, no passphrase
 *   : RSA "moon key.pem" "passphrase"    quoted, with a passphrase
 *   carol@strongswan.org : PSK "secret"  shared secret for these IDs
 *   include ipsec.*.secrets              glob, relative to this file
 *
 * One entry a line; blanks lead, '#' starts a comment line. Selectors
 * (IDs, whitespace separated, may be quoted) end at " : "; a line that
 * starts with ": " has none (any peer). Types: RSA, ECDSA and P12 take a
 * file (relative: in ipsec.d/private, as strongSwan) and an optional
 * passphrase, %prompt for none here; PSK, EAP, XAUTH and NTLM take a
 * secret: "quoted" or 'quoted' is taken as written, 0x... is hex,
 * 0s... base64, anything else the word as written. PIN (smartcards)
 * and BLISS are warned about and skipped.
 *
 * Errors stop the load (strongSwan stops reading the file and keeps what
 * came before; we refuse): "FILE:LINE: what is wrong". Messages never
 * quote a secret or passphrase, and ipsec_secrets_free() wipes them.
 */
#ifndef MIPXFRM_CONF_SECRETS_H
#define MIPXFRM_CONF_SECRETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipsec.h"

#define IPSEC_SECRETS_MAX_DEPTH	10

enum ipsec_secret_type {
	IPSEC_SECRET_RSA,		/* private key files */
	IPSEC_SECRET_ECDSA,
	IPSEC_SECRET_P12,
	IPSEC_SECRET_PSK,		/* shared secrets */
	IPSEC_SECRET_EAP,
	IPSEC_SECRET_XAUTH,
	IPSEC_SECRET_NTLM,
};

struct ipsec_secret {
	enum ipsec_secret_type type;
	const char **ids;		/* as written; none: any peer */
	size_t n_ids;
	/* RSA, ECDSA, P12: */
	const char *file;		/* as written */
	const char *path;		/* the file to open, rooted */
	bool prompt;			/* %prompt: no passphrase available */
	/* The passphrase of a key file (NULL: none) or the shared secret. */
	const uint8_t *secret;
	size_t secret_len;
	struct ipsec_src src;
};

struct ipsec_secrets {
	struct ipsec_secret *secrets;	/* in file order */
	size_t n_secrets;
	const char **files;
	size_t n_files;
	const char **warnings;		/* "FILE:LINE: ..." */
	size_t n_warnings;
	void *mem;
};

/*
 * Parses path (and its includes) into out. root: NULL or "" for none;
 * dirs: where relative key files are (NULL: /etc/ipsec.d below root).
 * Returns 0, or -1 with a message in err; out then holds nothing.
 */
int ipsec_secrets_load(const char *path, const char *root,
		       const struct ipsec_dirs *dirs, struct ipsec_secrets *out,
		       char *err, size_t errlen);
/* Wipes the secrets and frees everything. */
void ipsec_secrets_free(struct ipsec_secrets *s);

const char *ipsec_secret_type_name(enum ipsec_secret_type type);

#endif
