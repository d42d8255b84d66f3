// SPDX-License-Identifier: GPL-2.0
/*
 * A mobile moved (the module's BINDING_UPDATED event): the module has
 * already moved its ESP tunnel SAs from the old Care-of Address to the
 * new one, so the records of those CHILD_SAs follow, or a later Delete,
 * rekey or stop would look for the SAs where they no longer are. With
 * the K bit (RFC 4877 4.4; RFC 6275 6.1.7) the IKE SA moves with the
 * mobile too: our requests and answers go to the new address.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/log.h"
#include "ike.h"

static bool at(const struct ike_addr *a, const struct in6_addr *ip)
{
	return a->family == AF_INET6 && !memcmp(a->ip, ip, 16);
}

static void set(struct ike_addr *a, const struct in6_addr *ip)
{
	memcpy(a->ip, ip, 16);
}

void ike_daemon_coa_moved(struct ike_daemon *d, const struct in6_addr *old,
			  const struct in6_addr *coa, bool ike_sa_too)
{
	char from[INET6_ADDRSTRLEN], to[INET6_ADDRSTRLEN];
	struct ike_child_sa *c;
	struct ike_sa_info *e;

	inet_ntop(AF_INET6, old, from, sizeof(from));
	inet_ntop(AF_INET6, coa, to, sizeof(to));
	for (e = d->sa_infos; e; e = e->next) {
		for (c = e->children; c; c = c->next) {
			if (c->mode != IKE_MODE_TUNNEL || !at(&c->remote, old))
				continue;
			set(&c->remote, coa);
			log_info("CHILD_SA %s{%u}: its SAs moved from %s to %s",
				 c->conn->ic->name, c->uid, from, to);
		}
		if (!ike_sa_too || !at(&e->sa->peer, old))
			continue;
		set(&e->sa->peer, coa);
		log_info("IKE_SA %s[%u]: peer moved from %s to %s (K bit)",
			 e->conn ? e->conn->ic->name : "?", e->uid, from, to);
	}
}
