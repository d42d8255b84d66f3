// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's configuration as a whole (load.h): every file read in the
 * order charon reads its own (credentials, then the conns), every
 * problem collected so one run names them all.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/crypto.h>

#include "../common/errbuf.h"
#include "../common/log.h"
#include "ipsec_parse.h"
#include "load.h"

/* Removes every occurrence of from in msg, putting to in its place. */
static void replace(char *msg, size_t len, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);
	char *p = msg, *hit;

	while (fl && (hit = strstr(p, from))) {
		size_t rest = strlen(hit + fl) + 1;

		if ((size_t)(hit - msg) + tl + rest > len)
			return;
		memmove(hit + tl, hit + fl, rest);
		memcpy(hit, to, tl);
		p = hit + tl;
	}
}

/*
 * Messages of the parts below name the files they opened; people know
 * them as the configuration names them: without the root.
 */
static void unroot(const struct conf *c, char *msg, size_t len)
{
	char root[PATH_MAX];

	if (!c->paths.root || !c->paths.root[0])
		return;
	/*
	 * Only "ROOT/" goes, leaving its '/': a relative root such as "r"
	 * must not eat the "r" of other words.
	 */
	snprintf(root, sizeof(root), "%s/", c->paths.root);
	while (strlen(root) > 1 && root[strlen(root) - 2] == '/')
		root[strlen(root) - 1] = '\0';
	if (!strcmp(root, "/"))
		return;
	replace(msg, len, root, "/");
}

static void defaults(struct conf *c, const struct conf_paths *p)
{
	c->paths = *p;
	if (!c->paths.mip6d_conf)
		c->paths.mip6d_conf = CONF_MIP6D_DEFAULT;
	if (!c->paths.ipsec_conf)
		c->paths.ipsec_conf = CONF_IPSEC_DEFAULT;
	if (!c->paths.ipsec_secrets)
		c->paths.ipsec_secrets = CONF_SECRETS_DEFAULT;
	if (!c->paths.ipsec_dir)
		c->paths.ipsec_dir = CONF_IPSECDIR_DEFAULT;
	if (!c->paths.state)
		c->paths.state = CONF_STATE_DEFAULT;
}

static void add_warnings(struct conf *c, char *const *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		conf_warn(c, "%s", w[i]);
}

static void load_mip6d(struct conf *c)
{
	char err[ERRBUF_SIZE];

	if (mip6d_conf_load(c->paths.mip6d_conf, c->paths.root, &c->mip6d,
			    err, sizeof(err))) {
		conf_error(c, "%s", err);
		return;
	}
	c->have_mip6d = true;
	add_warnings(c, c->mip6d.warnings, c->mip6d.n_warnings);
	log_info("loaded mip6d configuration '%s': %zu IPsecPolicySet(s)",
		 c->paths.mip6d_conf, c->mip6d.n_sets);
}

static void load_ipsec(struct conf *c)
{
	char err[ERRBUF_SIZE];
	size_t n = 0;

	if (ipsec_conf_load(c->paths.ipsec_conf, c->paths.root, &c->ipsec, err,
			    sizeof(err))) {
		conf_error(c, "%s", err);
		return;
	}
	c->have_ipsec = true;
	add_warnings(c, (char *const *)c->ipsec.warnings, c->ipsec.n_warnings);
	for (size_t i = 0; i < c->ipsec.n_conns; i++)
		n += c->ipsec.conns[i].startup != IPSEC_AUTO_IGNORE;
	log_info("loaded ipsec configuration '%s': %zu conn(s), %zu to load",
		 c->paths.ipsec_conf, c->ipsec.n_conns, n);
}

static int not_hidden(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

/* Logs the files of a credential directory the way charon does. */
static void log_dir(const char *shown, const char *real, const char *what)
{
	struct dirent **names;
	int n = scandir(real, &names, not_hidden, alphasort);

	for (int i = 0; i < n; i++) {
		log_info("loaded %s file '%s/%s'", what, shown,
			 names[i]->d_name);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

static void load_cas(struct conf *c)
{
	char err[ERRBUF_SIZE];

	if (ca_store_load(&c->cas, c->dirs.cacerts, c->dirs.crls, err,
			  sizeof(err))) {
		unroot(c, err, sizeof(err));
		conf_error(c, "%s", err);
		return;
	}
	log_info("loading ca certificates from '%s'", c->shown_dirs.cacerts);
	log_dir(c->shown_dirs.cacerts, c->dirs.cacerts, "certificate");
	log_info("loading crls from '%s'", c->shown_dirs.crls);
	log_dir(c->shown_dirs.crls, c->dirs.crls, "crl");
	if (!ca_store_count(c->cas))
		conf_warn(c, "no CA certificate in '%s': no peer can be authenticated",
			  c->shown_dirs.cacerts);
}

/* One RSA key of ipsec.secrets; its passphrase is wiped after use. */
static void load_key(struct conf *c, const struct ipsec_secret *s)
{
	char pass[256] = "", err[512], shown[PATH_MAX];
	struct ca_key *key;
	int ret;

	ipsec_path_resolve(NULL, c->shown_dirs.private, s->file, shown,
			   sizeof(shown));
	if (s->prompt) {
		conf_error(c, "%s:%u: %%prompt: a daemon has nobody to ask for the passphrase of '%s'",
			   s->src.file, s->src.line, s->file);
		return;
	}
	if (s->secret && s->secret_len >= sizeof(pass)) {
		conf_error(c, "%s:%u: the passphrase of '%s' is too long",
			   s->src.file, s->src.line, s->file);
		return;
	}
	if (access(s->path, R_OK)) {
		conf_error(c, "%s:%u: RSA %s: cannot open '%s': %s",
			   s->src.file, s->src.line, s->file, shown,
			   strerror(errno));
		return;
	}
	if (s->secret)
		memcpy(pass, s->secret, s->secret_len);
	ret = ca_key_load(s->path, s->secret ? pass : NULL, &key, err,
			  sizeof(err));
	explicit_bzero(pass, sizeof(pass));
	if (ret) {
		/* ca.c's reason is OpenSSL's, often empty for a bad file. */
		conf_error(c, "%s:%u: RSA %s: '%s' is not an RSA private key%s",
			   s->src.file, s->src.line, s->file, shown,
			   s->secret ? " or the passphrase is wrong" : "");
		return;
	}
	c->keys[c->n_keys++] = key;
	log_info("loaded private key file '%s'", shown);
}

static void load_secrets(struct conf *c)
{
	const struct ipsec_secret *s;
	char err[ERRBUF_SIZE];

	log_info("loading secrets from '%s'", c->paths.ipsec_secrets);
	if (ipsec_secrets_load(c->paths.ipsec_secrets, c->paths.root, &c->dirs,
			       &c->secrets, err, sizeof(err))) {
		conf_error(c, "%s", err);
		return;
	}
	c->have_secrets = true;
	add_warnings(c, (char *const *)c->secrets.warnings,
		     c->secrets.n_warnings);
	c->keys = calloc(c->secrets.n_secrets + 1, sizeof(*c->keys));
	if (!c->keys) {
		conf_error(c, "out of memory");
		return;
	}
	for (size_t i = 0; i < c->secrets.n_secrets; i++) {
		s = &c->secrets.secrets[i];
		if (s->type == IPSEC_SECRET_RSA)
			load_key(c, s);
		else if (s->type == IPSEC_SECRET_ECDSA ||
			 s->type == IPSEC_SECRET_P12)
			conf_warn(c, "%s:%u: %s keys are not supported, '%s' ignored",
				  s->src.file, s->src.line,
				  ipsec_secret_type_name(s->type), s->file);
	}
}

/* What reqid_assign() found wrong, named as the configuration names it. */
static void reqid_errors(struct conf *c)
{
	char *msg;

	for (size_t i = 0; i < c->reqids.errors.n; i++) {
		msg = c->reqids.errors.v[i];
		unroot(c, msg, strlen(msg) + 1);
		conf_error(c, "%s", msg);
	}
}

/*
 * Derived reqids are kept only by a start that happens: a dry run
 * (--check) and a load that has already failed read the state file and
 * write nothing, so they need no write access anywhere and never change
 * a running daemon's numbers. A relative --state is relative to the
 * working directory, as every other path option; only an absolute one
 * is read below the root. Without mip6d.conf (its error is listed) the
 * reqids are not decided at all: they would be guesses shown as valid.
 */
static void assign_reqids(struct conf *c)
{
	bool save = !c->paths.dry_run && !c->n_errors;
	struct msglist warnings = { 0 };
	char state[PATH_MAX];

	if (!c->have_mip6d)
		return;
	if (ipsec_rooted(c->paths.root, c->paths.state, state, sizeof(state))) {
		conf_error(c, "%s: path too long", c->paths.state);
		return;
	}
	if (reqid_assign(&c->ipsec, &c->mip6d, state, save, &c->reqids)) {
		reqid_errors(c);
		return;
	}
	c->have_reqids = true;
	if (reqid_warn_mobiles(&c->ipsec, &c->mip6d, &c->reqids, &warnings))
		conf_error(c, "out of memory");
	for (size_t i = 0; i < warnings.n; i++)
		conf_warn(c, "%s", warnings.v[i]);
	msglist_free(&warnings);
}

/* Every conn strongSwan would load, checked (load_cred.c). */
static void check_conns(struct conf *c)
{
	struct conf_conn *cc;

	c->conns = calloc(c->ipsec.n_conns + 1, sizeof(*c->conns));
	c->certs = calloc(c->ipsec.n_conns + 1, sizeof(*c->certs));
	if (!c->conns || !c->certs) {
		conf_error(c, "out of memory");
		return;
	}
	for (size_t i = 0; i < c->ipsec.n_conns; i++) {
		if (c->ipsec.conns[i].startup == IPSEC_AUTO_IGNORE)
			continue;
		cc = &c->conns[c->n_conns++];
		cc->ic = &c->ipsec.conns[i];
		conf_check_conn(c, cc);
	}
	if (!c->n_conns)
		conf_warn(c, "%s: no conn with auto=add, route or start: nothing to serve",
			  c->paths.ipsec_conf);
}

static void add_conns(struct conf *c)
{
	char peers[512], reqids[32];
	struct conf_conn *cc;

	for (size_t i = 0; i < c->n_conns; i++) {
		cc = &c->conns[i];
		if (c->have_reqids)
			cc->reqid = reqid_find(&c->reqids, cc->ic->name);
		if (!cc->reqid)
			cc->ok = false;
		if (!cc->ok)
			continue;
		conf_conn_peers(cc, peers, sizeof(peers));
		conf_conn_reqids(cc, reqids, sizeof(reqids));
		log_info("added configuration '%s': %s, reqids %s",
			 cc->ic->name, peers, reqids);
	}
}

int conf_load(const struct conf_paths *paths, struct conf *c)
{
	memset(c, 0, sizeof(*c));
	defaults(c, paths);
	if (ipsec_dirs_init(&c->dirs, c->paths.root, c->paths.ipsec_dir) ||
	    ipsec_dirs_init(&c->shown_dirs, NULL, c->paths.ipsec_dir)) {
		conf_error(c, "%s: path too long", c->paths.ipsec_dir);
		return -1;
	}
	load_mip6d(c);
	load_ipsec(c);
	load_cas(c);
	load_secrets(c);
	if (c->have_ipsec) {
		check_conns(c);
		assign_reqids(c);
		add_conns(c);
	}
	return c->n_errors ? -1 : 0;
}

/*
 * Appends the formatted message to *v unless it is there (four conns,
 * one leftcert line); true when it was added.
 */
static bool add_once(char ***v, size_t *n, const char *fmt, va_list ap)
{
	char **grown, *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
		return false;
	for (size_t i = 0; i < *n; i++) {
		if (!strcmp((*v)[i], msg)) {
			free(msg);
			return false;
		}
	}
	grown = realloc(*v, (*n + 1) * sizeof(*grown));
	if (!grown) {
		free(msg);
		return false;
	}
	*v = grown;
	grown[(*n)++] = msg;
	return true;
}

void conf_error(struct conf *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_once(&c->errors, &c->n_errors, fmt, ap);
	va_end(ap);
}

void conf_warn(struct conf *c, const char *fmt, ...)
{
	va_list ap;
	bool added;

	va_start(ap, fmt);
	added = add_once(&c->warnings, &c->n_warnings, fmt, ap);
	va_end(ap);
	if (added)
		log_warn("%s", c->warnings[c->n_warnings - 1]);
}

void conf_free(struct conf *c)
{
	for (size_t i = 0; i < c->n_certs; i++) {
		ca_cert_free(c->certs[i].cert);
		free(c->certs[i].shown);
	}
	for (size_t i = 0; i < c->n_keys; i++)
		ca_key_free(c->keys[i]);
	for (size_t i = 0; i < c->n_errors; i++)
		free(c->errors[i]);
	for (size_t i = 0; i < c->n_warnings; i++)
		free(c->warnings[i]);
	free(c->certs);
	free(c->keys);
	for (size_t i = 0; i < c->n_conns; i++) {
		OPENSSL_free(c->conns[i].local_dn);
		OPENSSL_free(c->conns[i].remote_dn);
	}
	free(c->conns);
	free(c->errors);
	free(c->warnings);
	ca_store_free(c->cas);
	reqid_map_free(&c->reqids);
	if (c->have_secrets)
		ipsec_secrets_free(&c->secrets);
	if (c->have_ipsec)
		ipsec_conf_free(&c->ipsec);
	mip6d_conf_free(&c->mip6d);
	memset(c, 0, sizeof(*c));
}
