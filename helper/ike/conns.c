// SPDX-License-Identifier: GPL-2.0
/*
 * struct conf -> struct ike_auth_conn. Built per IKE_AUTH request,
 * because selectors that ipsec.conf leaves to the host ("no subnet")
 * depend on the addresses of that IKE SA.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "conns.h"
#include "ts.h"

bool ike_conn_local_ok(const struct conf_conn *cc,
		       const struct ike_addr *local)
{
	const struct ipsec_host *h = &cc->ic->left.host;
	size_t len = local->family == AF_INET ? 4 : 16;

	if (h->kind != IPSEC_HOST_ADDR)
		return true;
	return h->addr.family == local->family &&
	       !memcmp(&h->addr.v6, local->ip, len);
}

/*
 * ipsec.conf's id forms as ID payloads; dn is the DER the load made of
 * a DN (for leftid=, also of our certificate's subject when none is
 * set, which charon sends then); type 0 (%any) otherwise, charon's
 * meaning of no rightid=.
 */
static struct ike_id id_of(const struct ipsec_id *id, const uint8_t *dn,
			   size_t dn_len)
{
	struct ike_id out = { 0 };

	if (dn) {
		out.type = IKE_ID_DER_ASN1_DN;
		out.data = IKE_CHUNK(dn, dn_len);
		return out;
	}
	switch (id->type) {
	case IPSEC_ID_FQDN:
		out.type = IKE_ID_FQDN;
		break;
	case IPSEC_ID_USER_FQDN:
		out.type = IKE_ID_RFC822_ADDR;
		break;
	case IPSEC_ID_IPV4:
		out.type = IKE_ID_IPV4_ADDR;
		out.data = IKE_CHUNK((const uint8_t *)&id->addr.v4, 4);
		return out;
	case IPSEC_ID_IPV6:
		out.type = IKE_ID_IPV6_ADDR;
		out.data = IKE_CHUNK((const uint8_t *)&id->addr.v6, 16);
		return out;
	default:
		return out;
	}
	out.data = IKE_CHUNK((const uint8_t *)id->value, strlen(id->value));
	return out;
}

/* The end's first subnet and protoport; the host itself without one. */
static int end_ts(const struct ipsec_end *e, const struct ike_addr *host,
		  struct ike_ts *ts)
{
	const struct ipsec_protoport *pp = &e->protoport;
	uint16_t lo = pp->proto ? pp->from : 0, hi = pp->proto ? pp->to : 0xffff;
	unsigned int full = host->family == AF_INET ? 32 : 128;

	if (e->n_subnets && !e->subnets[0].dynamic)
		return ike_ts_from_prefix(e->subnets[0].addr.family,
					  (const uint8_t *)&e->subnets[0].addr.v6,
					  e->subnets[0].plen, pp->proto, lo, hi,
					  ts);
	return ike_ts_from_prefix(host->family, host->ip, full, pp->proto, lo,
				  hi, ts);
}

static enum ike_child_mode mode_of(enum ipsec_type t)
{
	if (t == IPSEC_TYPE_TRANSPORT)
		return IKE_MODE_TRANSPORT;
	if (t == IPSEC_TYPE_TRANSPORT_PROXY)
		return IKE_MODE_TRANSPORT_PROXY;
	return IKE_MODE_TUNNEL;
}

static int conv(const struct conf *c, const struct conf_conn *cc,
		const struct ike_addr *local, const struct ike_addr *peer,
		struct ike_auth_conn *a)
{
	const struct ca_key *key = NULL;
	size_t i;
	int err;

	for (i = 0; i < c->n_keys; i++)
		if (ca_key_matches(c->keys[i], cc->cert->cert))
			key = c->keys[i];
	if (!key)
		return -ENOKEY;
	*a = (struct ike_auth_conn){
		.name = cc->ic->name,
		.local_id = id_of(&cc->ic->left.id, cc->local_dn,
				  cc->local_dn_len),
		.remote_id = id_of(&cc->ic->right.id, cc->remote_dn,
				   cc->remote_dn_len),
		.cert = cc->cert->cert, .key = key, .cas = c->cas,
		.esp = &cc->esp, .mode = mode_of(cc->ic->type),
		.reqid = cc->reqid->in,
	};
	err = end_ts(&cc->ic->left, local, &a->local_ts);
	if (!err)
		err = end_ts(&cc->ic->right, peer, &a->remote_ts);
	return err;
}

int ike_conns_build(const struct conf *c, const struct ike_addr *local,
		    const struct ike_addr *peer, struct ike_conns *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->v = calloc(c->n_conns + 1, sizeof(*out->v));
	out->cc = calloc(c->n_conns + 1, sizeof(*out->cc));
	if (!out->v || !out->cc) {
		ike_conns_free(out);
		return -ENOMEM;
	}
	for (i = 0; i < c->n_conns; i++) {
		const struct conf_conn *cc = &c->conns[i];

		if (!cc->ok || !cc->reqid || !cc->cert || !cc->cert->cert ||
		    !ike_conn_local_ok(cc, local))
			continue;
		if (conv(c, cc, local, peer, &out->v[out->n]))
			continue;
		out->cc[out->n++] = cc;
	}
	return 0;
}

void ike_conns_free(struct ike_conns *cs)
{
	free(cs->v);
	free(cs->cc);
	memset(cs, 0, sizeof(*cs));
}

uint32_t ike_conns_reqid_out(const struct ike_conns *cs,
			     const struct ike_auth_conn *conn)
{
	size_t i = (size_t)(conn - cs->v);

	return i < cs->n ? cs->cc[i]->reqid->out : conn->reqid;
}
