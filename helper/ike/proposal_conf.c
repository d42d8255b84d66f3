// SPDX-License-Identifier: GPL-2.0
/*
 * A conn's ike= and esp= as proposals, with errors that say where the
 * value was written: the one place the IKE side reads ipsec.conf's text.
 */
#include <errno.h>
#include <stdio.h>

#include "../common/errbuf.h"
#include "../conf/ipsec.h"
#include "proposal.h"

int ike_props_conn(const struct ipsec_conn *c, uint8_t proto,
		   struct ike_props *out, char *err, size_t errlen)
{
	bool ike = proto == IKE_PROTO_IKE;
	const struct ipsec_value *v =
		&c->val[ike ? IPSEC_CONN_IKE : IPSEC_CONN_ESP];
	const char *text = ike ? c->ike : c->esp;
	/* A reason quotes a proposal (< 256) and one of its algorithms. */
	char why[768], q[ERRQUOTE_SIZE];

	if (!ike_props_parse(text, proto, out, why, sizeof(why)))
		return 0;
	if (err && errlen)
		snprintf(err, errlen, "%s:%u: conn %s: %s=%s: %s",
			 v->src.file ? v->src.file : "(default)", v->src.line,
			 c->name, ike ? "ike" : "esp",
			 text ? errquote(q, text) : "", why);
	return -EINVAL;
}
