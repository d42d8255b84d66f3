/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The loaded configuration (conf/load.h) as the IKE exchanges see it:
 * for each conn that passed the load checks, a struct ike_auth_conn
 * (identities, certificate, key, CA store, ESP proposals, selectors,
 * mode, reqid) and what IKE_SA_INIT needs (our address, the IKE
 * proposals).
 */
#ifndef MIPXFRM_IKE_CONNS_H
#define MIPXFRM_IKE_CONNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../conf/load.h"
#include "auth.h"

struct ike_conns {
	struct ike_auth_conn *v;
	const struct conf_conn **cc;	/* v[i] comes from cc[i] */
	size_t n;
};

/*
 * Converts every usable conn of c for an IKE SA between local and peer
 * (a missing subnet is the end's own address). Conns whose left= names
 * another address are left out. The result points into c. 0 or -errno.
 */
int ike_conns_build(const struct conf *c, const struct ike_addr *local,
		    const struct ike_addr *peer, struct ike_conns *out);
void ike_conns_free(struct ike_conns *cs);

/* Whether conn cc may answer on local (left= is it, or %any). */
bool ike_conn_local_ok(const struct conf_conn *cc,
		       const struct ike_addr *local);

/* The outbound SA's reqid of conn, one of cs->v. */
uint32_t ike_conns_reqid_out(const struct ike_conns *cs,
			     const struct ike_auth_conn *conn);

#endif
