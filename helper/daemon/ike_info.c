// SPDX-License-Identifier: GPL-2.0
/*
 * INFORMATIONAL exchanges (RFC 7296 1.4, 1.5), both roles: Deletes of
 * CHILD_SAs and of the IKE SA, and the empty request that checks a peer
 * is alive. A CHILD_SA Delete removes both kernel SAs, whichever side
 * sent it; the answer to a peer's Delete names our SPIs of the same
 * CHILD_SAs (1.4.1), so the peer can remove its half too.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "../common/log.h"
#include "../ike/auth.h"
#include "../ike/message.h"
#include "ike.h"

/* The ESP SPIs of one Delete payload; ours collects our inbound SPIs. */
static void delete_children(struct ike_daemon *d, struct ike_sa_info *e,
			    const struct ike_delete *del, uint8_t *ours,
			    uint16_t *n_ours)
{
	struct ike_child_sa *c;
	uint32_t spi;
	uint16_t i;

	for (i = 0; i < del->n_spi; i++) {
		spi = ike_get32(del->spis.ptr + 4 * i);
		log_info("received DELETE for ESP CHILD_SA with SPI %08x", spi);
		c = ike_child_by_spi(e, spi, false);
		if (!c) {
			log_info("CHILD_SA with SPI %08x not found, ignored", spi);
			continue;
		}
		ike_put32(ours + 4 * *n_ours, c->spi_in);
		(*n_ours)++;
		ike_child_remove(d, e, c);
	}
}

bool ike_info_respond(struct ike_daemon *d, struct ike_sa_info *e,
		      const struct ike_msg *m, struct ike_buf *inner)
{
	const struct ike_payload *p = NULL;
	uint8_t *ours = NULL;
	uint16_t n_ours = 0;
	size_t n_esp = 0;

	while ((p = ike_msg_find(m, IKE_PL_DELETE, p))) {
		if (p->u.del.proto == IKE_PROTO_IKE) {
			log_info("received DELETE for IKE_SA %s[%u]",
				 e->conn ? e->conn->ic->name : "?", e->uid);
			return true;
		}
		if (p->u.del.proto == IKE_PROTO_ESP && p->u.del.spi_size == 4)
			n_esp += p->u.del.n_spi;
	}
	if (!n_esp)
		return false;	/* liveness check or notify: empty answer */
	ours = malloc(4 * n_esp);
	if (!ours)
		return false;
	while ((p = ike_msg_find(m, IKE_PL_DELETE, p)))
		if (p->u.del.proto == IKE_PROTO_ESP && p->u.del.spi_size == 4)
			delete_children(d, e, &p->u.del, ours, &n_ours);
	if (n_ours) {
		struct ike_delete del = { .proto = IKE_PROTO_ESP, .spi_size = 4,
					  .n_spi = n_ours,
					  .spis = IKE_CHUNK(ours, 4u * n_ours) };

		ike_build_delete(inner, &del);
	}
	free(ours);
	return false;
}

static int child_delete(struct ike_sa_info *e, struct ike_buf *inner)
{
	const struct ike_child_sa *c = ike_child_by_uid(e, e->req.task.child_uid);
	uint8_t spi[4];
	struct ike_delete del = { .proto = IKE_PROTO_ESP, .spi_size = 4,
				  .n_spi = 1, .spis = IKE_CHUNK(spi, 4) };

	if (!c)
		return -ENOENT;	/* gone meanwhile: nothing to ask */
	ike_put32(spi, c->spi_in);
	log_info("sending DELETE for ESP CHILD_SA %s{%u} with SPI %08x",
		 c->conn->ic->name, c->uid, c->spi_in);
	return ike_build_delete(inner, &del);
}

int ike_info_request(struct ike_daemon *d, struct ike_sa_info *e,
		     struct ike_buf *inner)
{
	struct ike_delete del = { .proto = IKE_PROTO_IKE };

	(void)d;
	switch (e->req.task.kind) {
	case IKE_TASK_CHILD_DELETE:
		return child_delete(e, inner);
	case IKE_TASK_IKE_DELETE:
		log_info("sending DELETE for IKE_SA %s[%u]",
			 e->conn ? e->conn->ic->name : "?", e->uid);
		ike_sa_set_state(e->sa, IKE_STATE_DELETING);
		return ike_build_delete(inner, &del);
	case IKE_TASK_DPD:
		log_debug("IKE_SA %s[%u]: liveness check",
			  e->conn ? e->conn->ic->name : "?", e->uid);
		return 0;
	default:
		return -EINVAL;
	}
}

bool ike_info_answer(struct ike_daemon *d, struct ike_sa_info *e,
		     const struct ike_msg *m)
{
	struct ike_child_sa *c;

	(void)m;
	switch (e->req.task.kind) {
	case IKE_TASK_CHILD_DELETE:
		c = ike_child_by_uid(e, e->req.task.child_uid);
		if (c)
			ike_child_remove(d, e, c);
		return false;
	case IKE_TASK_IKE_DELETE:
		log_info("IKE_SA %s[%u] deleted",
			 e->conn ? e->conn->ic->name : "?", e->uid);
		ike_sa_set_state(e->sa, IKE_STATE_DEAD);
		ike_sa_drop(d, e);
		return true;
	default:
		return false;
	}
}
