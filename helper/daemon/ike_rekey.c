// SPDX-License-Identifier: GPL-2.0
/* IKE SA rekeying: being written (placeholder until it lands). */
#include <errno.h>

#include "../common/log.h"
#include "../ike/auth.h"
#include "ike.h"

int ike_rekey_request(struct ike_daemon *d, struct ike_sa_info *e,
		      struct ike_buf *inner)
{
	(void)d; (void)e; (void)inner;
	return -ENOTSUP;
}

bool ike_rekey_answer(struct ike_daemon *d, struct ike_sa_info *e,
		      const struct ike_msg *m)
{
	(void)d; (void)e; (void)m;
	return false;
}

int ike_rekey_respond(struct ike_daemon *d, struct ike_sa_info *e,
		      const struct ike_msg *m, struct ike_buf *inner)
{
	(void)d; (void)e; (void)m;
	return ike_auth_add_notify(inner, IKE_N_NO_PROPOSAL_CHOSEN) ? -ENOMEM : 0;
}
