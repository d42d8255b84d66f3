// SPDX-License-Identifier: GPL-2.0
/*
 * CHILD_SA installation over XFRM netlink. Like charon, we ask the
 * kernel for the inbound SPI (so it is unique in the SAD) and then
 * replace that larval state with the real one by UPDSA; the outbound SA
 * is new. Replay window 32 and "flag af-unspec" on tunnel SAs are what
 * the seed's ip xfrm state shows of charon's SAs.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/log.h"
#include "../xfrm/xfrm.h"
#include "ike.h"
#include "kernel.h"

/* charon's SPI range: 0xc0000000 and up, easy to tell apart in dumps. */
#define SPI_MIN	0xc0000000u
#define SPI_MAX	0xcfffffffu

static void to_xaddr(const struct ike_addr *a, xfrm_address_t *x)
{
	memset(x, 0, sizeof(*x));
	memcpy(x, a->ip, a->family == AF_INET ? 4 : 16);
}

static int spi_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct xfrm_usersa_info *info;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*info))
		return MNL_CB_OK;
	info = mnl_nlmsg_get_payload(nlh);
	*(uint32_t *)data = ntohl(info->id.spi);
	return MNL_CB_OK;
}

static void log_nl_err(struct nl_conn *nl, const char *what, int err)
{
	log_err("%s failed: %s%s%s", what, strerror(-err),
		nl->err_msg[0] ? ": " : "", nl->err_msg);
}

int kernel_alloc_spi(struct nl_conn *nl, const struct ike_addr *local,
		     const struct ike_addr *peer, uint32_t reqid,
		     uint32_t *spi)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct xfrm_sa sa = {
		.family = local->family, .proto = IPPROTO_ESP,
		.reqid = reqid,
	};
	int err;

	log_info("getting SPI for reqid {%u}", reqid);
	to_xaddr(peer, &sa.src);
	to_xaddr(local, &sa.dst);
	*spi = 0;
	err = nl_request(nl, xfrm_spi_msg(buf, &sa, SPI_MIN, SPI_MAX),
			 spi_cb, spi);
	if (!err && !*spi)
		err = -EPROTO;
	if (err) {
		log_nl_err(nl, "allocating SPI", err);
		return err;
	}
	log_info("got SPI %08x for reqid {%u}", *spi, reqid);
	return 0;
}

static void set_algs(struct xfrm_sa *x, const struct ike_child *c, bool in)
{
	const struct ike_key *ek = in ? ike_child_enc_in(c)
				      : ike_child_enc_out(c);
	const struct ike_key *ak = in ? ike_child_integ_in(c)
				      : ike_child_integ_out(c);

	if (c->xfrm.aead) {
		x->aead = (struct xfrm_alg_key){ c->xfrm.aead, ek->b, ek->len,
						 c->xfrm.icv_bits };
		return;
	}
	x->enc = (struct xfrm_alg_key){ c->xfrm.enc, ek->b, ek->len, 0 };
	x->integ = (struct xfrm_alg_key){ c->xfrm.integ, ak->b, ak->len,
					  c->xfrm.trunc_bits };
}

static int add_sa(struct nl_conn *nl, struct xfrm_sa *x, bool update)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int err;

	log_info("adding SAD entry with SPI %08x and reqid {%u}",
		 ntohl(x->spi), x->reqid);
	err = nl_request(nl, xfrm_sa_msg(buf, x, update), NULL, NULL);
	if (err)
		log_nl_err(nl, "adding SAD entry", err);
	return err;
}

int kernel_install_child(struct nl_conn *nl, const struct ike_child *c,
			 const struct ike_addr *local,
			 const struct ike_addr *peer, uint32_t reqid_out,
			 uint32_t lifetime)
{
	bool proxy = c->mode == IKE_MODE_TRANSPORT_PROXY;
	const struct ike_addr *l = proxy ? &c->bind_local : local;
	const struct ike_addr *r = proxy ? &c->bind_remote : peer;
	struct xfrm_sa x = {
		.family = l->family, .proto = IPPROTO_ESP,
		.mode = c->mode == IKE_MODE_TUNNEL ? XFRM_MODE_TUNNEL
						   : XFRM_MODE_TRANSPORT,
		.replay_window = 32,
		.flags = c->mode == IKE_MODE_TUNNEL ? XFRM_STATE_AF_UNSPEC : 0,
		.hard_seconds = lifetime,
	};
	bool moved;
	int err;

	/*
	 * inbound: replaces the larval state ALLOCSPI left at our IKE
	 * address; a mobile's transport_proxy SA is bound to its HoA
	 * instead, so there the larval state goes and the SA is new.
	 */
	to_xaddr(r, &x.src);
	to_xaddr(l, &x.dst);
	x.spi = htonl(c->spi_in);
	x.reqid = c->reqid;
	set_algs(&x, c, true);
	moved = l->family != local->family ||
		memcmp(l->ip, local->ip, ike_addr_len(l));
	if (moved)
		kernel_del_spi(nl, local, c->spi_in);
	err = add_sa(nl, &x, !moved);
	if (err)
		return err;
	memset(&x.enc, 0, sizeof(x.enc));
	memset(&x.integ, 0, sizeof(x.integ));
	memset(&x.aead, 0, sizeof(x.aead));
	to_xaddr(l, &x.src);
	to_xaddr(r, &x.dst);
	x.spi = htonl(c->spi_out);
	x.reqid = reqid_out;
	set_algs(&x, c, false);
	return add_sa(nl, &x, false);
}

static void del_sa(struct nl_conn *nl, const struct ike_addr *dst,
		   uint32_t spi)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	xfrm_address_t x;
	int err;

	to_xaddr(dst, &x);
	log_info("deleting SAD entry with SPI %08x", spi);
	err = nl_request(nl, xfrm_sa_del_msg(buf, dst->family, &x, htonl(spi),
					     IPPROTO_ESP), NULL, NULL);
	if (err && err != -ESRCH)
		log_nl_err(nl, "deleting SAD entry", err);
}

void kernel_del_child(struct nl_conn *nl, const struct ike_child_sa *c)
{
	del_sa(nl, &c->local, c->spi_in);
	del_sa(nl, &c->remote, c->spi_out);
}

void kernel_del_spi(struct nl_conn *nl, const struct ike_addr *local,
		    uint32_t spi)
{
	if (spi)
		del_sa(nl, local, spi);
}

/* A selector half from a traffic selector; false unless it is a prefix. */
static bool sel_side(const struct ike_ts *ts, xfrm_address_t *a,
		     uint8_t *plen, __be16 *port, __be16 *mask)
{
	int len = ike_ts_prefix_len(ts);

	if (len < 0)
		return false;
	memset(a, 0, sizeof(*a));
	memcpy(a, ts->start, ike_ts_addr_len(ts));
	*plen = (uint8_t)len;
	/* one port (a MH type, for proto 135); 0 and ranges: any */
	if (ts->start_port == ts->end_port && ts->start_port) {
		*port = htons(ts->start_port);
		*mask = 0xffff;
	}
	return true;
}

static bool child_pol(const struct ike_child_sa *c, struct xfrm_child_pol *p)
{
	const struct ike_ts *l = &c->ts_local[0], *r = &c->ts_remote[0];
	struct xfrm_selector *s = &p->sel_out;

	memset(p, 0, sizeof(*p));
	if (!c->n_local || !c->n_remote)
		return false;
	p->tunnel = c->mode == IKE_MODE_TUNNEL;
	p->reqid_in = c->reqid;
	p->reqid_out = c->reqid_out;
	to_xaddr(&c->local, &p->local);
	to_xaddr(&c->remote, &p->remote);
	s->family = l->type == IKE_TS_IPV4_ADDR_RANGE ? AF_INET : AF_INET6;
	s->proto = l->proto;
	return sel_side(l, &s->saddr, &s->prefixlen_s, &s->sport,
			&s->sport_mask) &&
	       sel_side(r, &s->daddr, &s->prefixlen_d, &s->dport,
			&s->dport_mask);
}

int kernel_child_policies(struct nl_conn *nl, const struct ike_child_sa *c,
			  bool install)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct xfrm_child_pol p;
	struct xfrm_sp sp[3];
	size_t i, n;
	int err, ret = 0;

	if (!child_pol(c, &p)) {
		log_warn("CHILD_SA %s{%u}: selectors are not prefixes, no policies",
			 c->conn->ic->name, c->uid);
		return -EINVAL;
	}
	n = xfrm_child_policies(&p, sp);
	for (i = 0; i < n; i++) {
		err = nl_request(nl, install ? xfrm_sp_msg(buf, &sp[i], true) :
					       xfrm_sp_del_msg(buf, &sp[i]),
				 NULL, NULL);
		if (err && !(err == -ENOENT && !install)) {
			log_nl_err(nl, install ? "installing policy" :
						 "deleting policy", err);
			ret = err;
		}
	}
	log_info("%s %zu policies for CHILD_SA %s{%u}, reqid %u",
		 install ? "installed" : "removed", n, c->conn->ic->name,
		 c->uid, c->reqid);
	return ret;
}
