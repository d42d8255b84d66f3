// SPDX-License-Identifier: GPL-2.0
/*
 * What both roles of IKE_AUTH share: the encrypted message around the
 * payloads, our ID/CERT/AUTH, and the check of the peer's (RFC 7296
 * 2.15, RFC 7427). X.509 and signatures are ca/'s; this file only
 * decides what is signed and what a failure is called.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../ca/ca.h"
#include "../common/log.h"
#include "auth.h"
#include "names.h"

bool ike_auth_id_match(const struct ike_id *pattern, const struct ike_id *id)
{
	if (!pattern->type)
		return true;	/* %any */
	if (pattern->type != id->type)
		return false;
	/* the same DN may be encoded with other string types */
	if (id->type == IKE_ID_DER_ASN1_DN)
		return ca_dn_equal(pattern->data.ptr, pattern->data.len,
				   id->data.ptr, id->data.len);
	if (pattern->data.len != id->data.len)
		return false;
	/* names compare case-insensitively, as DNS and charon do */
	if (id->type == IKE_ID_FQDN || id->type == IKE_ID_RFC822_ADDR)
		return !strncasecmp((const char *)pattern->data.ptr,
				    (const char *)id->data.ptr, id->data.len);
	return !memcmp(pattern->data.ptr, id->data.ptr, id->data.len);
}

const char *ike_auth_id_str(const struct ike_id *id, char *buf, size_t len)
{
	size_t i, n = id->data.len;

	switch (id->type) {
	case IKE_ID_FQDN:
	case IKE_ID_RFC822_ADDR:
		for (i = 0; i < n && i + 1 < len; i++)
			buf[i] = isprint(id->data.ptr[i]) ? id->data.ptr[i] : '?';
		buf[i < len ? i : len - 1] = '\0';
		return buf;
	case IKE_ID_IPV4_ADDR:
	case IKE_ID_IPV6_ADDR:
		if ((n == 4 || n == 16) &&
		    inet_ntop(n == 4 ? AF_INET : AF_INET6, id->data.ptr, buf,
			      (socklen_t)len))
			return buf;
		break;
	case IKE_ID_DER_ASN1_DN:
		if (ca_dn_text(id->data.ptr, n, buf, len))
			return buf;
		break;
	default:
		break;
	}
	snprintf(buf, len, "%s(%zu octets)",
		 ike_id_type_name(id->type) ? ike_id_type_name(id->type) : "ID",
		 n);
	return buf;
}

/* "parsed IKE_AUTH request 1 [ IDi CERT ... ]", as charon logs it. */
static void log_summary(const char *what, const struct ike_msg *m)
{
	char line[256];

	ike_msg_summary(m, line, sizeof(line));
	log_info("%s %s", what, line);
}

/* Our sealed message summarised with the payloads inside SK. */
static void log_sealed(const struct ike_buf *out, const struct ike_buf *inner)
{
	struct ike_msg *m = malloc(sizeof(*m));
	struct ike_err err;

	if (m && !ike_msg_parse(m, out->data, out->len, &err) &&
	    !ike_msg_parse_inner(m, inner->first, inner->data, inner->len,
				 &err))
		log_summary("generating", m);
	free(m);
}

int ike_auth_seal(const struct ikesa *sa, uint8_t exchange, uint32_t msgid,
		  bool response, struct ike_buf *inner, struct ike_buf *out)
{
	struct ike_hdr h = {
		.spi_i = sa->spi_i, .spi_r = sa->spi_r, .exchange = exchange,
		.flags = (sa->initiator ? IKE_FLAG_INITIATOR : 0) |
			 (response ? IKE_FLAG_RESPONSE : 0),
		.msgid = msgid,
	};
	struct ike_sk_key k;
	size_t body, off;
	int ret;

	if (inner->err)
		return inner->err;
	ike_sk_key(&sa->keys, sa->initiator, &k);
	body = ike_sk_body_len(&k, inner->len);
	if (!body)
		return -ENOTSUP;
	ike_build_header(out, &h);
	ike_build_sk(out, inner->first, body, &off);
	ret = ike_build_finish(out);
	if (!ret)
		ret = ike_sk_seal(&k, out->data, off, out->len, inner->data,
				  inner->len);
	if (!ret)
		log_sealed(out, inner);
	return ret;
}

int ike_auth_open(const struct ikesa *sa, uint8_t exchange,
		  struct ike_msg *m, const uint8_t *buf, size_t len,
		  uint8_t **plain)
{
	const struct ike_payload *p;
	struct ike_sk_key k;
	struct ike_err err;
	size_t plen;
	int ret;

	*plain = NULL;
	if (ike_msg_parse(m, buf, len, &err) || m->hdr.exchange != exchange ||
	    m->hdr.spi_i != sa->spi_i || m->hdr.spi_r != sa->spi_r || !m->n)
		return -EBADMSG;
	p = &m->pl[m->n - 1];
	if (p->type != IKE_PL_SK)
		return -EBADMSG;
	*plain = malloc(len);
	if (!*plain)
		return -ENOMEM;
	ike_sk_key(&sa->keys, !sa->initiator, &k);
	ret = ike_sk_open(&k, buf, (size_t)(p->u.sk.data.ptr - buf), len,
			  *plain, len, &plen);
	if (ret) {
		log_info("IKE_SA %016" PRIx64 "_i: %s integrity check failed, dropped",
			 sa->spi_i, ike_exchange_name(exchange));
		return -EBADMSG;
	}
	if (ike_msg_parse_inner(m, p->u.sk.inner, *plain, plen, &err)) {
		log_info("IKE_SA %016" PRIx64 "_i: %s", sa->spi_i, err.msg);
		return -EBADMSG;
	}
	log_summary("parsed", m);
	return 0;
}

static int deny(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int deny(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	log_info("%s", why);
	return -EACCES;
}

/* ca/'s reasons shortened to charon's certificate status words. */
static const char *status_word(const char *reason)
{
	if (strstr(reason, "revoked"))
		return "revoked";
	if (strstr(reason, "expired"))
		return "expired";
	if (strstr(reason, "not yet valid"))
		return "not yet valid";
	return reason;
}

/* Parses the peer's certificate and checks chain, status and ID. */
static int peer_cert(const struct ca_store *cas, const struct ike_msg *m,
		     const struct ike_id *id, struct ca_cert **cert,
		     char *why, size_t whylen)
{
	const struct ike_payload *p = NULL;
	char subj[256], reason[160], ids[256];

	while ((p = ike_msg_find(m, IKE_PL_CERT, p)))
		if (p->u.cert.encoding == IKE_CERT_X509_SIG)
			break;
	if (!p)
		return deny(why, whylen, "no X.509 certificate from the peer");
	if (ca_cert_from_der(p->u.cert.data.ptr, p->u.cert.data.len, cert))
		return deny(why, whylen, "unparsable certificate from the peer");
	ca_cert_subject(*cert, subj, sizeof(subj));
	log_info("received end entity cert \"%s\"", subj);
	if (ca_cert_verify(cas, *cert, reason, sizeof(reason)))
		return deny(why, whylen, "certificate status of \"%s\": %s",
			    subj, status_word(reason));
	if (!ca_cert_has_id(*cert, id->type, id->data.ptr, id->data.len))
		return deny(why, whylen,
			    "certificate \"%s\" does not confirm identity '%s'",
			    subj, ike_auth_id_str(id, ids, sizeof(ids)));
	return 0;
}

static const char *method_str(int method)
{
	return method == CA_AUTH_DIGITAL_SIGNATURE ?
	       "RFC 7427 signature" : "RSA signature";
}

/*
 * The octets an AUTH covers (2.15). signer_init: the initiator signs;
 * its RealMessage is the IKE_SA_INIT request and its nonce the
 * responder's. *out is malloc'ed.
 */
static int auth_octets(const struct ikesa *sa, bool signer_init,
		       struct ike_chunk id_body, uint8_t **out)
{
	const struct ike_cached *real = signer_init ? &sa->init_req :
						      &sa->init_resp;
	struct ike_chunk nonce = signer_init ?
		IKE_CHUNK(sa->nr, sa->nr_len) : IKE_CHUNK(sa->ni, sa->ni_len);
	size_t room = real->len + nonce.len + IKE_PRF_MAX;
	int n;

	*out = malloc(room);
	if (!*out)
		return -ENOMEM;
	n = ike_auth_octets(&sa->keys, signer_init,
			    IKE_CHUNK(real->data, real->len), nonce, id_body,
			    *out, room);
	if (n < 0) {
		free(*out);
		*out = NULL;
	}
	return n;
}

int ike_auth_verify_peer(const struct ikesa *sa, const struct ca_store *cas,
			 const struct ike_msg *m, const struct ike_payload *idp,
			 char *why, size_t whylen)
{
	const struct ike_payload *ap = ike_msg_find(m, IKE_PL_AUTH, NULL);
	struct ca_cert *cert = NULL;
	char ids[256], reason[160];
	uint8_t *octets = NULL;
	int n, ret;

	if (!ap)
		return deny(why, whylen, "no AUTH payload from the peer");
	if (ap->u.auth.method != CA_AUTH_RSA &&
	    ap->u.auth.method != CA_AUTH_DIGITAL_SIGNATURE)
		return deny(why, whylen, "authentication method %u not supported",
			    ap->u.auth.method);
	ret = peer_cert(cas, m, &idp->u.id, &cert, why, whylen);
	if (ret)
		goto out;
	n = auth_octets(sa, !sa->initiator, idp->body, &octets);
	if (n < 0) {
		ret = n;
		goto out;
	}
	ike_auth_id_str(&idp->u.id, ids, sizeof(ids));
	if (ca_verify_auth(cert, ap->u.auth.method, octets, (size_t)n,
			   ap->u.auth.data.ptr, ap->u.auth.data.len, reason,
			   sizeof(reason))) {
		ret = deny(why, whylen, "authentication of '%s' with %s failed: %s",
			   ids, method_str(ap->u.auth.method), reason);
		goto out;
	}
	log_info("authentication of '%s' with %s successful", ids,
		 method_str(ap->u.auth.method));
out:
	free(octets);
	ca_cert_free(cert);
	return ret;
}

/*
 * RFC 7427 4: a signer may use method 14 only with a hash the peer
 * listed in SIGNATURE_HASH_ALGORITHMS of its IKE_SA_INIT message.
 */
static bool peer_takes_sha256(const struct ikesa *sa)
{
	const struct ike_cached *peer = sa->initiator ? &sa->init_resp :
							&sa->init_req;
	struct ike_msg *m = malloc(sizeof(*m));
	const struct ike_payload *n;
	struct ike_err err;
	bool yes = false;
	size_t i;

	if (m && peer->data && !ike_msg_parse(m, peer->data, peer->len, &err) &&
	    (n = ike_msg_notify(m, IKE_N_SIGNATURE_HASH_ALGORITHMS)))
		for (i = 0; i + 1 < n->u.notify.data.len; i += 2)
			yes |= ike_get16(n->u.notify.data.ptr + i) ==
			       CA_HASH_SHA256;
	free(m);
	return yes;
}

static int add_cert(const struct ike_auth_conn *c, struct ike_buf *inner)
{
	struct ike_cert cp = { .encoding = IKE_CERT_X509_SIG };
	uint8_t *der;
	size_t len;
	int ret;

	if (ca_cert_to_der(c->cert, &der, &len))
		return -EINVAL;
	cp.data = IKE_CHUNK(der, len);
	ret = ike_build_cert(inner, IKE_PL_CERT, &cp);
	free(der);
	return ret;
}

int ike_auth_add_id_cert(const struct ike_auth_conn *c, uint8_t ptype,
			 struct ike_buf *inner)
{
	if (c->local_id.data.len > IKE_AUTH_ID_MAX)
		return -EINVAL;
	ike_build_id(inner, ptype, &c->local_id);
	return add_cert(c, inner);
}

int ike_auth_add_sig(const struct ikesa *sa, const struct ike_auth_conn *c,
		     struct ike_buf *inner)
{
	int method = peer_takes_sha256(sa) ? CA_AUTH_DIGITAL_SIGNATURE :
					     CA_AUTH_RSA;
	uint8_t body[4 + IKE_AUTH_ID_MAX] = { c->local_id.type };
	struct ike_auth a = { .method = (uint8_t)method };
	uint8_t *octets = NULL, *sig = NULL;
	char ids[256];
	size_t siglen;
	int n, ret;

	if (c->local_id.data.len > IKE_AUTH_ID_MAX)
		return -EINVAL;
	/* RestOfIDPayload: type, three reserved octets, the data */
	memcpy(body + 4, c->local_id.data.ptr, c->local_id.data.len);
	n = auth_octets(sa, sa->initiator,
			IKE_CHUNK(body, 4 + c->local_id.data.len), &octets);
	if (n < 0)
		return n;
	ret = ca_sign(c->key, method, CA_HASH_SHA256, octets, (size_t)n, &sig,
		      &siglen) ? -EIO : 0;
	free(octets);
	if (ret)
		return ret;
	a.data = IKE_CHUNK(sig, siglen);
	ret = ike_build_auth(inner, &a);
	free(sig);
	log_info("authentication of '%s' (myself) with %s successful",
		 ike_auth_id_str(&c->local_id, ids, sizeof(ids)),
		 method_str(method));
	return ret;
}

int ike_auth_add_notify(struct ike_buf *inner, uint16_t type)
{
	struct ike_notify n = { .type = type };

	return ike_build_notify(inner, &n);
}
