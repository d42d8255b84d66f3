// SPDX-License-Identifier: GPL-2.0
/*
 * The policies of a CHILD_SA when its conn says installpolicy=yes (the
 * default of ipsec.conf; the seed says no, its Home Agent part owns
 * them): out for our traffic to the peer, in for the peer's to us, and
 * in tunnel mode fwd as well, for traffic we route on (a Home Agent
 * forwards its mobiles' traffic). All ESP with the CHILD_SA's reqid, so
 * a rekeyed CHILD_SA, which keeps it, finds its policies in place.
 */
#include <string.h>

#include "xfrm.h"

/*
 * More specific selectors win (lower value): prefix lengths first, then
 * a protocol, then a port, as charon orders its policies.
 */
static uint32_t priority(const struct xfrm_selector *s)
{
	return XFRM_POLICY_PRIO_BASE - 4u * (s->prefixlen_s + s->prefixlen_d) -
	       (s->proto ? 2u : 0u) - (s->sport_mask || s->dport_mask ? 1u : 0u);
}

/* The reverse direction's selector: addresses and ports swapped. */
static void reverse(struct xfrm_selector *to, const struct xfrm_selector *from)
{
	*to = *from;
	to->saddr = from->daddr;
	to->daddr = from->saddr;
	to->prefixlen_s = from->prefixlen_d;
	to->prefixlen_d = from->prefixlen_s;
	to->sport = from->dport;
	to->dport = from->sport;
	to->sport_mask = from->dport_mask;
	to->dport_mask = from->sport_mask;
}

static void fill(struct xfrm_sp *sp, const struct xfrm_child_pol *c,
		 uint8_t dir, bool out)
{
	memset(sp, 0, sizeof(*sp));
	if (out)
		sp->sel = c->sel_out;
	else
		reverse(&sp->sel, &c->sel_out);
	sp->dir = dir;
	sp->action = XFRM_POLICY_ALLOW;
	sp->priority = priority(&sp->sel);
	sp->tmpl_mode = c->tunnel ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT;
	sp->tmpl_reqid = out ? c->reqid_out : c->reqid_in;
	if (c->tunnel) {
		sp->tmpl_src = out ? c->local : c->remote;
		sp->tmpl_dst = out ? c->remote : c->local;
	}
}

size_t xfrm_child_policies(const struct xfrm_child_pol *c,
			   struct xfrm_sp sp[3])
{
	fill(&sp[0], c, XFRM_POLICY_OUT, true);
	fill(&sp[1], c, XFRM_POLICY_IN, false);
	if (!c->tunnel)
		return 2;
	fill(&sp[2], c, XFRM_POLICY_FWD, false);
	return 3;
}
