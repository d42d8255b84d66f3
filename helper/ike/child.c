// SPDX-License-Identifier: GPL-2.0
/*
 * The negotiated CHILD_SA as the caller installs it: keys per direction,
 * kernel names, binding addresses, and charon's summary line.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "auth.h"
#include "child.h"

const char *ike_child_mode_name(enum ike_child_mode mode)
{
	switch (mode) {
	case IKE_MODE_TUNNEL:		return "TUNNEL";
	case IKE_MODE_TRANSPORT:	return "TRANSPORT";
	case IKE_MODE_TRANSPORT_PROXY:	return "TRANSPORT_PROXY";
	}
	return "?";
}

/*
 * KEYMAT runs initiator-to-responder first (ei, ai), so what comes in
 * to the initiator is the responder's half and vice versa.
 */
const struct ike_key *ike_child_enc_in(const struct ike_child *c)
{
	return c->initiator ? &c->keys.er : &c->keys.ei;
}

const struct ike_key *ike_child_enc_out(const struct ike_child *c)
{
	return c->initiator ? &c->keys.ei : &c->keys.er;
}

const struct ike_key *ike_child_integ_in(const struct ike_child *c)
{
	return c->initiator ? &c->keys.ar : &c->keys.ai;
}

const struct ike_key *ike_child_integ_out(const struct ike_child *c)
{
	return c->initiator ? &c->keys.ai : &c->keys.ar;
}

static void bind_addr(const struct ike_ts *ts, struct ike_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = ts->type == IKE_TS_IPV4_ADDR_RANGE ? AF_INET : AF_INET6;
	memcpy(a->ip, ts->start, ike_ts_addr_len(ts));
}

int ike_child_finish(struct ike_child *c, const struct ikesa *sa,
		     const struct ike_suite *esp)
{
	/* IKE_AUTH carries no KE: KEYMAT without g^ir (RFC 7296 2.17) */
	return ike_child_finish_with(c, sa, esp, IKE_CHUNK(NULL, 0),
				     IKE_CHUNK(sa->ni, sa->ni_len),
				     IKE_CHUNK(sa->nr, sa->nr_len));
}

int ike_child_finish_with(struct ike_child *c, const struct ikesa *sa,
			  const struct ike_suite *esp, struct ike_chunk gir,
			  struct ike_chunk ni, struct ike_chunk nr)
{
	int ret;

	ret = ike_esp_xfrm_names(esp, &c->xfrm);
	if (ret)
		return ret;
	ret = ike_keys_child(&sa->keys, esp, gir, ni, nr, &c->keys);
	if (ret)
		return ret;
	/*
	 * RFC 4877: the SAs carry the Home Address, which only the host
	 * selectors name; the IKE endpoints are the CoA and the HA.
	 */
	if (c->mode == IKE_MODE_TRANSPORT_PROXY && c->n_local && c->n_remote) {
		bind_addr(&c->local[0], &c->bind_local);
		bind_addr(&c->remote[0], &c->bind_remote);
	}
	c->installed = true;
	return 0;
}

static size_t ts_list_str(const struct ike_ts *ts, size_t n, char *buf,
			  size_t len)
{
	char one[IKE_TS_STRLEN];
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < n && at < len; i++)
		at += snprintf(buf + at, len - at, "%s%s", i ? " " : "",
			       ike_ts_str(&ts[i], one, sizeof(one)));
	return at;
}

const char *ike_child_summary(const struct ike_child *c, uint32_t uid,
			      char *buf, size_t len)
{
	char l[IKE_TS_MAX * IKE_TS_STRLEN], r[IKE_TS_MAX * IKE_TS_STRLEN];

	ts_list_str(c->local, c->n_local, l, sizeof(l));
	ts_list_str(c->remote, c->n_remote, r, sizeof(r));
	snprintf(buf, len,
		 "CHILD_SA %s{%u} established with SPIs %08x_i %08x_o and TS %s === %s",
		 c->conn && c->conn->name ? c->conn->name : "?", uid,
		 c->spi_in, c->spi_out, l, r);
	return buf;
}

void ike_child_clear(struct ike_child *c)
{
	ike_keys_child_clear(&c->keys);
}
