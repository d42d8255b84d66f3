// SPDX-License-Identifier: GPL-2.0
/*
 * What one loaded conn must pass before the daemon starts (load.h): its
 * proposals parse, its leftcert loads, a private key of ipsec.secrets
 * belongs to it, and its leftid is one the certificate vouches for.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../common/errbuf.h"
#include "../common/log.h"
#include "../ike/messages.h"
#include "load.h"

static const char *src_file(const struct ipsec_value *v)
{
	return v->src.file ? v->src.file : "(default)";
}

static void check_props(struct conf *c, struct conf_conn *cc)
{
	char err[ERRBUF_SIZE];

	if (ike_props_conn(cc->ic, IKE_PROTO_IKE, &cc->ike, err, sizeof(err))) {
		conf_error(c, "%s", err);
		cc->ok = false;
	}
	if (ike_props_conn(cc->ic, IKE_PROTO_ESP, &cc->esp, err, sizeof(err))) {
		conf_error(c, "%s", err);
		cc->ok = false;
	}
}

/*
 * What the daemon would otherwise read and then not do: a conn asking
 * for IKEv1, a mode we do not negotiate, or another authentication than
 * certificates stops the start, rather than coming up as something else.
 */
static void unsupported(struct conf *c, struct conf_conn *cc,
			const char *key, const struct ipsec_value *v,
			const char *why)
{
	char q[ERRQUOTE_SIZE];

	conf_error(c, "%s:%u: conn %s: %s=%s: %s", src_file(v), v->src.line,
		   cc->ic->name, key, errquote(q, v->text), why);
	cc->ok = false;
}

/* Public key authentication under any of strongSwan's names for it. */
static bool pubkey_auth(const char *auth)
{
	return !auth || !strcasecmp(auth, "pubkey") ||
	       !strcasecmp(auth, "rsasig") || !strcasecmp(auth, "rsa");
}

static void check_supported(struct conf *c, struct conf_conn *cc)
{
	const struct ipsec_conn *ic = cc->ic;

	if (ic->keyexchange == IPSEC_KEYEXCHANGE_IKEV1)
		unsupported(c, cc, "keyexchange", &ic->val[IPSEC_CONN_KEYEXCHANGE],
			    "only IKEv2 is spoken");
	if (ic->type != IPSEC_TYPE_TUNNEL && ic->type != IPSEC_TYPE_TRANSPORT &&
	    ic->type != IPSEC_TYPE_TRANSPORT_PROXY)
		unsupported(c, cc, "type", &ic->val[IPSEC_CONN_TYPE],
			    "only tunnel, transport and transport_proxy are negotiated");
	if (!pubkey_auth(ic->authby))
		unsupported(c, cc, "authby", &ic->val[IPSEC_CONN_AUTHBY],
			    "only certificates with RSA signatures authenticate");
	if (!pubkey_auth(ic->left.auth))
		unsupported(c, cc, "leftauth", &ic->left.val[IPSEC_END_AUTH],
			    "only certificates with RSA signatures authenticate");
	if (!pubkey_auth(ic->right.auth))
		unsupported(c, cc, "rightauth", &ic->right.val[IPSEC_END_AUTH],
			    "only certificates with RSA signatures authenticate");
	/*
	 * charon's auto=route installs trap policies. We install none, so
	 * with installpolicy=yes the conn's traffic would leave in clear
	 * until the conn is up. With installpolicy=no charon installs none
	 * either: the policies are mip6d's, and their acquires bring the
	 * conn up by its reqid, which the daemon does for every conn.
	 */
	if (ic->startup == IPSEC_AUTO_ROUTE && ic->installpolicy)
		unsupported(c, cc, "auto", &ic->val[IPSEC_CONN_AUTO],
			    "trap policies are not installed, so the conn's traffic would leave unprotected until it is up; use auto=add or auto=start, or installpolicy=no with the policies of mip6d (their acquires bring the conn up)");
}

/* Loads a leftcert the first time a conn names it; errors once. */
static struct conf_cert *load_cert(struct conf *c, const struct ipsec_conn *ic)
{
	const struct ipsec_value *v = &ic->left.val[IPSEC_END_CERT];
	char real[PATH_MAX], shown[PATH_MAX], err[512];
	struct conf_cert *ce;

	for (size_t i = 0; i < c->n_certs; i++)
		if (!strcmp(c->certs[i].name, ic->left.cert))
			return &c->certs[i];
	ce = &c->certs[c->n_certs++];
	ce->name = ic->left.cert;
	if (ipsec_path_resolve(c->paths.root, c->dirs.certs, ce->name, real,
			       sizeof(real)) ||
	    ipsec_path_resolve(NULL, c->shown_dirs.certs, ce->name, shown,
			       sizeof(shown))) {
		conf_error(c, "%s:%u: leftcert=%s: path too long", src_file(v),
			   v->src.line, ce->name);
		return ce;
	}
	ce->shown = strdup(shown);
	if (access(real, R_OK)) {
		conf_error(c, "%s:%u: leftcert=%s: cannot open '%s': %s",
			   src_file(v), v->src.line, ce->name, shown,
			   strerror(errno));
		return ce;
	}
	if (ca_cert_load(real, &ce->cert, err, sizeof(err))) {
		conf_error(c, "%s:%u: leftcert=%s: '%s' is not a certificate",
			   src_file(v), v->src.line, ce->name, shown);
		return ce;
	}
	ca_cert_subject(ce->cert, ce->subject, sizeof(ce->subject));
	log_info("loaded certificate file '%s'", shown);
	for (size_t i = 0; i < c->n_keys; i++)
		if (ca_key_matches(c->keys[i], ce->cert))
			ce->has_key = true;
	if (c->cas && ca_cert_verify(c->cas, ce->cert, err, sizeof(err)))
		conf_warn(c, "%s:%u: leftcert=%s: %s: peers will refuse it",
			  src_file(v), v->src.line, ce->name, err);
	return ce;
}

/* Does the certificate vouch for leftid= (none set: its subject does)? */
static bool id_in_cert(const struct conf_cert *ce, const struct ipsec_id *id,
		       const struct conf_conn *cc)
{
	const char *v = id->value;

	switch (id->type) {
	case IPSEC_ID_FQDN:
		return ca_cert_has_id(ce->cert, IKE_ID_FQDN,
				      (const uint8_t *)v, strlen(v));
	case IPSEC_ID_USER_FQDN:
		return ca_cert_has_id(ce->cert, IKE_ID_RFC822_ADDR,
				      (const uint8_t *)v, strlen(v));
	case IPSEC_ID_IPV4:
		return ca_cert_has_id(ce->cert, IKE_ID_IPV4_ADDR,
				      (const uint8_t *)&id->addr.v4, 4);
	case IPSEC_ID_IPV6:
		return ca_cert_has_id(ce->cert, IKE_ID_IPV6_ADDR,
				      (const uint8_t *)&id->addr.v6, 16);
	case IPSEC_ID_DN:
		return cc->local_dn &&
		       ca_cert_has_id(ce->cert, IKE_ID_DER_ASN1_DN, cc->local_dn,
				      cc->local_dn_len);
	default:
		/* No id, %any or a key id: charon uses the subject DN. */
		return true;
	}
}

static void check_cert(struct conf *c, struct conf_conn *cc)
{
	const struct ipsec_value *cv = &cc->ic->left.val[IPSEC_END_CERT];
	const struct ipsec_value *iv = &cc->ic->left.val[IPSEC_END_ID];
	char q[ERRQUOTE_SIZE];
	struct conf_cert *ce;

	if (!cc->ic->left.cert) {
		conf_error(c, "%s:%u: conn %s: no leftcert=: public key authentication needs our certificate",
			   cc->ic->src.file, cc->ic->src.line, cc->ic->name);
		cc->ok = false;
		return;
	}
	ce = cc->cert = load_cert(c, cc->ic);
	if (!ce->cert) {
		cc->ok = false;
		return;
	}
	if (!ce->has_key) {
		conf_error(c, "%s:%u: leftcert=%s: no private key in %s matches '%s'",
			   src_file(cv), cv->src.line, ce->name,
			   c->paths.ipsec_secrets, ce->shown);
		cc->ok = false;
	}
	/* no leftid=: charon sends the certificate's subject */
	if (cc->ic->left.id.type == IPSEC_ID_NONE &&
	    ca_cert_subject_der(ce->cert, &cc->local_dn, &cc->local_dn_len))
		cc->ok = false;
	if (!id_in_cert(ce, &cc->ic->left.id, cc)) {
		conf_error(c, "%s:%u: leftid=%s is not confirmed by certificate '%s' (\"%s\"); strongSwan would fall back to its subject, we refuse",
			   src_file(iv), iv->src.line, errquote(q, iv->text),
			   ce->shown, ce->subject);
		cc->ok = false;
	}
}

/* A DN id= as DER into *der; an error for text that is not a DN. */
static void dn_id(struct conf *c, const struct conf_conn *cc, bool left,
		  uint8_t **der, size_t *len)
{
	const struct ipsec_end *e = left ? &cc->ic->left : &cc->ic->right;
	const struct ipsec_value *iv = &e->val[IPSEC_END_ID];
	char q[ERRQUOTE_SIZE];

	if (e->id.type != IPSEC_ID_DN || !ca_dn_from_text(e->id.value, der, len))
		return;
	conf_error(c, "%s:%u: %sid=%s is not a distinguished name we can read",
		   src_file(iv), iv->src.line, left ? "left" : "right",
		   errquote(q, iv->text));
}

void conf_check_conn(struct conf *c, struct conf_conn *cc)
{
	cc->ok = true;
	check_supported(c, cc);
	check_props(c, cc);
	dn_id(c, cc, true, &cc->local_dn, &cc->local_dn_len);
	dn_id(c, cc, false, &cc->remote_dn, &cc->remote_dn_len);
	if ((cc->ic->left.id.type == IPSEC_ID_DN && !cc->local_dn) ||
	    (cc->ic->right.id.type == IPSEC_ID_DN && !cc->remote_dn))
		cc->ok = false;
	check_cert(c, cc);
}
