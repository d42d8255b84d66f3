/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's SAD writes for IKE: our inbound SPI from the kernel
 * (XFRM_MSG_ALLOCSPI, which leaves a larval state behind) and the two
 * SAs of a negotiated CHILD_SA, logged as charon's kernel-ipsec does.
 */
#ifndef MIPXFRM_DAEMON_KERNEL_H
#define MIPXFRM_DAEMON_KERNEL_H

#include <stdint.h>

#include "../common/nl.h"
#include "../ike/child.h"

/*
 * An inbound SPI (host order) for reqid on a state from peer to local;
 * the larval state keeps it until kernel_install_child() replaces it.
 */
int kernel_alloc_spi(struct nl_conn *nl, const struct ike_addr *local,
		     const struct ike_addr *peer, uint32_t reqid,
		     uint32_t *spi);

/*
 * The inbound (UPDSA over the larval state) and outbound (NEWSA) SAs
 * of c. Tunnel SAs go between the IKE endpoints, transport_proxy SAs
 * between the addresses c binds. reqid_out is the outbound SA's reqid
 * (usually c->reqid); lifetime the hard limit in seconds (0: none), a
 * safety net for when our rekeying fails. 0 or -errno, logged.
 */
int kernel_install_child(struct nl_conn *nl, const struct ike_child *c,
			 const struct ike_addr *local,
			 const struct ike_addr *peer, uint32_t reqid_out,
			 uint32_t lifetime);

struct ike_child_sa;
/* Deletes both SAs of c (logged; an SA already gone is not an error). */
void kernel_del_child(struct nl_conn *nl, const struct ike_child_sa *c);

/*
 * Installs (UPDPOLICY: added or replaced) or removes c's policies, for
 * installpolicy=yes: out, in and, in tunnel mode, fwd for its first
 * pair of selectors, templates with its reqids. 0 or -errno, logged.
 */
int kernel_child_policies(struct nl_conn *nl, const struct ike_child_sa *c,
			  bool install);

/* --- kernel_events.c: expiry and acquire notifications --------------- */

/* A socket on the XFRM expire and acquire groups. 0 or -errno, logged. */
int kernel_events_open(struct nl_conn *c);
struct ike_daemon;
/* Handles what is waiting on c. */
void kernel_events_input(struct ike_daemon *d, struct nl_conn *c);

/* Deletes the larval state ALLOCSPI left for spi (a CHILD_SA not made). */
void kernel_del_spi(struct nl_conn *nl, const struct ike_addr *local,
		    uint32_t spi);

#endif
