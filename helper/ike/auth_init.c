// SPDX-License-Identifier: GPL-2.0
/*
 * IKE_AUTH as the initiator (auth.h): our request after IKE_SA_INIT,
 * then the check of the responder's identity, certificate, AUTH and
 * CHILD_SA answer.
 *
 * Not done yet: on a responder that fails our checks we only mark the
 * IKE SA DEAD; RFC 7296 2.21.2 would have us tell it in an
 * INFORMATIONAL exchange first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ca/ca.h"
#include "../common/log.h"
#include "auth.h"
#include "names.h"

/* CERTREQ with the hashes of the CAs we trust (RFC 7296 3.7). */
static int add_certreq(const struct ike_auth_conn *c, struct ike_buf *inner)
{
	struct ike_cert req = { .encoding = IKE_CERT_X509_SIG };
	uint8_t *hashes = NULL;
	size_t len = 0;
	int ret;

	if (!c->cas || ca_store_certreq(c->cas, &hashes, &len) || !len) {
		free(hashes);
		return 0;	/* no CA to name: no CERTREQ */
	}
	req.data = IKE_CHUNK(hashes, len);
	ret = ike_build_cert(inner, IKE_PL_CERTREQ, &req);
	free(hashes);
	return ret;
}

/* IDi CERT CERTREQ [IDr] AUTH [N(USE_TRANSPORT_MODE)] SA TSi TSr */
static int build_request(struct ikesa *sa, struct ike_child *child,
			 struct ike_buf *inner)
{
	const struct ike_auth_conn *c = child->conn;
	int ret;

	ret = ike_auth_add_id_cert(c, IKE_PL_IDI, inner);
	if (!ret)
		ret = add_certreq(c, inner);
	if (!ret && c->remote_id.type)
		ret = ike_build_id(inner, IKE_PL_IDR, &c->remote_id);
	if (!ret)
		ret = ike_auth_add_sig(sa, c, inner);
	if (!ret)
		ret = ike_child_offer(child, NULL, inner);
	return ret;
}

int ike_auth_start(struct ikesa *sa, const struct ike_auth_conn *conn,
		   ike_spi_alloc_fn alloc_spi, void *spi_ctx,
		   struct ike_child *child)
{
	struct ike_buf inner, out;
	uint32_t msgid = sa->msgid_next_out;
	int ret;

	if (!sa->initiator || sa->state != IKE_STATE_INIT_DONE)
		return -EINVAL;
	memset(child, 0, sizeof(*child));
	child->conn = conn;
	child->initiator = true;
	ret = alloc_spi(spi_ctx, conn->reqid, &child->spi_in);
	if (ret)
		return ret;
	ike_buf_init(&inner);
	ike_buf_init(&out);
	ike_build_inner(&inner);
	ret = build_request(sa, child, &inner);
	if (!ret)
		ret = ike_auth_seal(sa, IKE_AUTH, msgid, false, &inner, &out);
	if (!ret)
		ret = ike_cached_set(&sa->last_req, out.data, out.len, msgid);
	if (!ret) {
		sa->msgid_next_out++;
		ret = ike_sa_set_state(sa, IKE_STATE_AUTH_SENT);
	}
	ike_buf_free(&inner);
	ike_buf_free(&out);
	return ret;
}

static int failed(struct ikesa *sa, struct ike_child *child, const char *why)
{
	if (why) {
		snprintf(child->why, sizeof(child->why), "%s", why);
		log_info("%s", why);
	}
	ike_sa_set_state(sa, IKE_STATE_DEAD);
	return IKE_AUTH_FAILED;
}

/* The decrypted response m: the responder's identity, then the child. */
static int handle(struct ikesa *sa, const struct ike_msg *m,
		  struct ike_child *child)
{
	const struct ike_auth_conn *c = child->conn;
	const struct ike_payload *idp = ike_msg_find(m, IKE_PL_IDR, NULL);

	if (ike_msg_notify(m, IKE_N_AUTHENTICATION_FAILED))
		return failed(sa, child, "received AUTHENTICATION_FAILED notify error");
	if (!idp)
		return failed(sa, child, "no IDr in the IKE_AUTH response");
	if (!ike_auth_id_match(&c->remote_id, &idp->u.id))
		return failed(sa, child, "the responder's IDr is not the one configured");
	if (ike_auth_verify_peer(sa, c->cas, m, idp, child->why,
				 sizeof(child->why)))
		return failed(sa, child, NULL);
	/*
	 * An unusable CHILD_SA answer leaves the IKE SA up without a child
	 * (child->installed false, child->why set); the caller decides
	 * whether to keep it.
	 */
	ike_child_accept(child, sa, m);
	ike_sa_set_state(sa, IKE_STATE_ESTABLISHED);
	log_info("IKE_SA %s established", c->name);
	return IKE_AUTH_OK;
}

int ike_auth_process(struct ikesa *sa, const uint8_t *buf, size_t len,
		     struct ike_child *child)
{
	struct ike_msg *m;
	struct ike_err err;
	struct ike_hdr h;
	uint8_t *plain = NULL;
	int v;

	if (sa->state != IKE_STATE_AUTH_SENT ||
	    ike_hdr_parse(&h, buf, len, &err) || h.exchange != IKE_AUTH ||
	    !(h.flags & IKE_FLAG_RESPONSE) || h.msgid != sa->last_req.msgid)
		return IKE_AUTH_DROP;
	m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	v = ike_auth_open(sa, IKE_AUTH, m, buf, len, &plain);
	if (v == -EBADMSG)
		v = IKE_AUTH_DROP;
	else if (!v)
		v = handle(sa, m, child);
	free(plain);
	free(m);
	return v;
}
