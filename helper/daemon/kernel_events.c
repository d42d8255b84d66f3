// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel tells the key manager (XFRM multicast groups): an SA
 * of ours reached a lifetime (XFRM_MSG_EXPIRE), or traffic hit a policy
 * whose template has no SA (XFRM_MSG_ACQUIRE). A soft expiry rekeys the
 * CHILD_SA, a hard one (the kernel has already removed that SA) deletes
 * the rest of it and tells the peer; an acquire for a reqid brings up
 * the conn with that reqid, when we can initiate it: the way a mobile's
 * mip6d-installed policies get their SAs, as with charon.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <linux/xfrm.h>

#include "../common/log.h"
#include "ike.h"
#include "kernel.h"

int kernel_events_open(struct nl_conn *c)
{
	int groups[] = { XFRMNLGRP_EXPIRE, XFRMNLGRP_ACQUIRE };
	size_t i;
	int err = nl_open(c, NETLINK_XFRM);

	for (i = 0; !err && i < sizeof(groups) / sizeof(groups[0]); i++)
		if (mnl_socket_setsockopt(c->nl, NETLINK_ADD_MEMBERSHIP,
					  &groups[i], sizeof(groups[i])) < 0)
			err = -errno;
	if (err) {
		log_err("XFRM events: %s", strerror(-err));
		if (c->nl)
			nl_close(c);
	}
	return err;
}

/* The CHILD_SA one of whose SAs is (dst, spi), and its IKE SA. */
static struct ike_child_sa *child_of(const struct ike_daemon *d,
				     const xfrm_address_t *dst, uint32_t spi,
				     struct ike_sa_info **e)
{
	struct ike_child_sa *c;

	for (*e = d->sa_infos; *e; *e = (*e)->next) {
		for (c = (*e)->children; c; c = c->next) {
			if (c->spi_in == spi &&
			    !memcmp(dst, c->local.ip, ike_addr_len(&c->local)))
				return c;
			if (c->spi_out == spi &&
			    !memcmp(dst, c->remote.ip, ike_addr_len(&c->remote)))
				return c;
		}
	}
	return NULL;
}

static void on_expire(struct ike_daemon *d, const struct xfrm_user_expire *x)
{
	uint32_t spi = ntohl(x->state.id.spi);
	struct ike_sa_info *e;
	struct ike_child_sa *c;

	if (x->state.id.proto != IPPROTO_ESP)
		return;
	c = child_of(d, &x->state.id.daddr, spi, &e);
	if (!c)
		return;
	if (x->hard) {
		log_info("CHILD_SA %s{%u}: SA %08x expired (hard lifetime), deleting the CHILD_SA",
			 c->conn->ic->name, c->uid, spi);
		ike_task_add(d, e, IKE_TASK_CHILD_DELETE, NULL, c->uid);
	} else if (!c->rekeying) {
		log_info("CHILD_SA %s{%u}: SA %08x reached its soft lifetime, rekeying",
			 c->conn->ic->name, c->uid, spi);
		c->rekey_at = 0;
		ike_task_add(d, e, IKE_TASK_CHILD_REKEY, NULL, c->uid);
	}
}

/* The reqid of an acquire's first template, 0 without one. */
static uint32_t acquire_reqid(const struct nlmsghdr *nlh)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct xfrm_user_acquire))
		if (mnl_attr_get_type(a) == XFRMA_TMPL &&
		    mnl_attr_get_payload_len(a) >= sizeof(struct xfrm_user_tmpl))
			return ((const struct xfrm_user_tmpl *)
				mnl_attr_get_payload(a))->reqid;
	return 0;
}

static void on_acquire(struct ike_daemon *d, const struct nlmsghdr *nlh)
{
	uint32_t reqid = acquire_reqid(nlh);
	const struct conf_conn *cc;
	size_t i;

	for (i = 0; reqid && i < d->conf->n_conns; i++) {
		cc = &d->conf->conns[i];
		if (!cc->ok || !cc->reqid ||
		    (cc->reqid->in != reqid && cc->reqid->out != reqid))
			continue;
		log_info("acquire for reqid {%u}: bringing up conn %s", reqid,
			 cc->ic->name);
		ike_up(d, cc, NULL, 0);
		return;
	}
	log_debug("acquire for reqid {%u}: no conn of ours has it", reqid);
}

static int on_event(const struct nlmsghdr *nlh, void *data)
{
	struct ike_daemon *d = data;

	if (nlh->nlmsg_type == XFRM_MSG_EXPIRE &&
	    mnl_nlmsg_get_payload_len(nlh) >= sizeof(struct xfrm_user_expire))
		on_expire(d, mnl_nlmsg_get_payload(nlh));
	else if (nlh->nlmsg_type == XFRM_MSG_ACQUIRE &&
		 mnl_nlmsg_get_payload_len(nlh) >= sizeof(struct xfrm_user_acquire))
		on_acquire(d, nlh);
	return MNL_CB_OK;
}

void kernel_events_input(struct ike_daemon *d, struct nl_conn *c)
{
	ssize_t n = mnl_socket_recvfrom(c->nl, c->buf, MNL_SOCKET_BUFFER_SIZE);

	if (n < 0) {
		if (errno == ENOBUFS)
			log_warn("XFRM events overran the socket buffer; some were lost");
		else if (errno != EINTR && errno != EAGAIN)
			log_err("XFRM events: %s", strerror(errno));
		return;
	}
	mnl_cb_run(c->buf, n, 0, 0, on_event, d);
}
