// SPDX-License-Identifier: GPL-2.0
/*
 * CREATE_CHILD_SA as initiator (RFC 7296 1.3.1, 1.3.3): a further
 * CHILD_SA for a conn on an established IKE SA, or the rekey of one of
 * its CHILD_SAs, as charon sends them:
 *
 *	[N(REKEY_SA)] [N(USE_TRANSPORT_MODE)] SA Ni [KEi] TSi TSr
 *
 * with PFS when esp= names a DH group. A rekeyed CHILD_SA keeps its
 * conn, so its reqid: the new SAs are installed beside the old ones
 * (the kernel prefers the newest for outbound traffic), then the old
 * ones are deleted with an INFORMATIONAL Delete (2.8: the rekey's
 * initiator deletes).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "../ike/auth.h"
#include "../ike/conns.h"
#include "../ike/message.h"
#include "ike.h"
#include "kernel.h"

int ike_req_conns(struct ike_daemon *d, struct ike_sa_info *e,
		  const struct conf_conn *conn)
{
	struct ike_request *r = &e->req;
	size_t i;
	int ret;

	r->conns = calloc(1, sizeof(*r->conns));
	r->child = calloc(1, sizeof(*r->child));
	if (!r->conns || !r->child)
		return -ENOMEM;
	ret = ike_conns_build(d->conf, &e->sa->local, &e->sa->peer, r->conns);
	if (ret)
		return ret;
	for (i = 0; i < r->conns->n && r->conns->cc[i] != conn; i++)
		;
	if (i == r->conns->n) {
		log_err("conn %s does not apply between these addresses",
			conn->ic->name);
		return -ENOENT;
	}
	r->child->conn = &r->conns->v[i];
	r->child->initiator = true;
	return 0;
}

/* Our KE for the first DH group esp= names; group 0: no PFS. */
static int our_ke(struct ike_request *r, uint8_t *pub, size_t room,
		  struct ike_ke *ke)
{
	const struct ike_props *esp = r->child->conn->esp;
	uint16_t group = esp->n && esp->p[0].n_dh ? esp->p[0].dh[0] : 0;
	int ret;

	memset(ke, 0, sizeof(*ke));
	if (!group)
		return 0;
	ret = ike_dh_new(group, &r->dh);
	return ret ? ret : ike_init_ke(r->dh, pub, room, ke);
}

static int rekey_notify(const struct ike_child_sa *old, struct ike_buf *inner)
{
	uint8_t spi[4];
	struct ike_notify n = { .proto = IKE_PROTO_ESP,
				.type = IKE_N_REKEY_SA,
				.spi = IKE_CHUNK(spi, 4) };

	ike_put32(spi, old->spi_in);
	return ike_build_notify(inner, &n);
}

int ike_ccsa_request(struct ike_daemon *d, struct ike_sa_info *e,
		     struct ike_buf *inner)
{
	struct ike_request *r = &e->req;
	const struct conf_conn *conn = r->task.conn;
	struct ike_child_sa *old = NULL;
	uint8_t pub[IKE_DH_PUB_MAX];
	struct ike_child_pfs pfs;
	int ret;

	if (r->task.kind == IKE_TASK_CHILD_REKEY) {
		old = ike_child_by_uid(e, r->task.child_uid);
		if (!old || old->rekeying)
			return -ENOENT;	/* deleted or rekeyed meanwhile */
		conn = old->conn;
	}
	ret = ike_req_conns(d, e, conn);
	if (!ret)
		ret = kernel_alloc_spi(&d->xfrm, &e->sa->local, &e->sa->peer,
				       r->child->conn->reqid, &r->child->spi_in);
	if (!ret)
		ret = our_ke(r, pub, sizeof(pub), &pfs.ke);
	if (ret)
		return ret;
	ike_init_nonce(r->nonce);
	pfs.nonce = IKE_CHUNK(r->nonce, sizeof(r->nonce));
	if (old) {
		old->rekeying = true;
		log_info("rekeying CHILD_SA %s{%u}, reqid %u",
			 conn->ic->name, old->uid, old->reqid);
		rekey_notify(old, inner);
	}
	return ike_child_offer(r->child, &pfs, inner);
}

/* KEYMAT with the answer's nonce and, with PFS, g^ir. 0 or -errno. */
static int child_keys(struct ike_request *r, const struct ikesa *sa,
		      const struct ike_msg *m, const struct ike_suite *suite)
{
	const struct ike_payload *np = ike_msg_find(m, IKE_PL_NONCE, NULL);
	const struct ike_payload *ke = ike_msg_find(m, IKE_PL_KE, NULL);
	uint8_t gir[IKE_DH_PUB_MAX];
	size_t gir_len = 0;
	int ret;

	if (!np)
		return -EBADMSG;
	if (suite->dh != IKE_DH_NONE) {
		if (!ke || !r->dh || ke->u.ke.group != suite->dh ||
		    ike_dh_group(r->dh) != suite->dh)
			return -EBADMSG;
		gir_len = ike_dh_secret_len(suite->dh);
		ret = ike_dh_compute(r->dh, ke->u.ke.data.ptr,
				     ke->u.ke.data.len, gir, gir_len);
		if (ret)
			return ret;
	}
	ret = ike_child_finish_with(r->child, sa, suite,
				    IKE_CHUNK(gir, gir_len),
				    IKE_CHUNK(r->nonce, sizeof(r->nonce)),
				    np->u.nonce);
	ike_cleanse(gir, sizeof(gir));
	return ret;
}

static void failed(struct ike_daemon *d, struct ike_sa_info *e,
		   struct ike_child_sa *old, const char *why)
{
	const struct conf_conn *conn = old ? old->conn : e->req.task.conn;

	log_info("CHILD_SA %s: %s %s", conn->ic->name,
		 old ? "rekeying failed:" : "not established:", why);
	if (old)
		old->rekeying = false;	/* the lifetime timer tries again */
	else if (d->on_conn)
		d->on_conn(d->on_conn_ctx, conn, why);
}

bool ike_ccsa_answer(struct ike_daemon *d, struct ike_sa_info *e,
		     const struct ike_msg *m)
{
	struct ike_request *r = &e->req;
	struct ike_child *c = r->child;
	struct ike_child_sa *old = NULL;
	struct ike_selected sel;
	int ret;

	if (r->task.kind == IKE_TASK_CHILD_REKEY)
		old = ike_child_by_uid(e, r->task.child_uid);
	ret = ike_child_check_answer(c, m, 0, &sel);
	if (!ret)
		ret = child_keys(r, e->sa, m, &sel.suite);
	if (ret) {
		failed(d, e, old, c->why[0] ? c->why : "unusable answer");
		return false;
	}
	ike_child_install(d, e, r->conns, c);
	if (old) {
		/* the old SAs go once the peer has the new ones */
		ike_task_add(d, e, IKE_TASK_CHILD_DELETE, NULL, old->uid);
	} else if (d->on_conn) {
		d->on_conn(d->on_conn_ctx, r->task.conn, NULL);
	}
	return false;
}
