/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `mipxfrmctl status` prints (ike_status.c), from the daemon's own
 * state: the loaded conns and every IKE SA and CHILD_SA, in the shape of
 * strongSwan 5.9's `ipsec statusall` so that its readers and their
 * scripts find their way, or as one JSON object for scripts. Read-only;
 * called from the control socket (ctl.c) in the daemon's one thread.
 */
#ifndef MIPXFRM_DAEMON_STATUS_H
#define MIPXFRM_DAEMON_STATUS_H

#include <stdio.h>
#include <time.h>

#include "ike.h"

/* When the daemon started: monotonic seconds (ike_now) and wall clock. */
struct ike_status_start {
	time_t mono;
	time_t wall;
};

/*
 *   Status of mipxfrmd (mipxfrm 0.1.0, Linux 6.1.0, x86_64):
 *     uptime: 2 minutes, since Nov 19 08:39:01 2008
 *   Listening IP addresses:
 *     2001:1::1
 *   Connections:
 *       carol-mh: 2001:1::1[moon.strongswan.org]...%any[carol@strongswan.org]
 *       ...                                      (conf_print, as --check)
 *   Security Associations (1 up, 0 connecting):
 *       carol-mh[1]: ESTABLISHED 12 seconds ago, 2001:1::1[moon...]...
 *       carol-mh[1]: IKEv2 SPIs: 58b6f8e6f23188fa_i 63fdcfb55179c548_r*, ...
 *       carol-mh[1]: IKE proposal: AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048
 *       carol-mh{2}:  INSTALLED, TRANSPORT_PROXY, reqid 1, ESP SPIs: ..._i ..._o
 *       carol-mh{2}:  AES_CBC_128/HMAC_SHA1_96, rekeying in 12 minutes
 *       carol-mh{2}:   2001:1::1/128[135] === 2001:1::10/128[135]
 */
void ike_status_text(const struct ike_daemon *d,
		     const struct ike_status_start *start, FILE *out);

/*
 * {"daemon": {"version", "uptime_seconds", "started"},
 *  "conns": [as mipxfrmd --check --json's "connections"],
 *  "ike_sas": [{"uid", "conn", "state", "local", "remote", "local_id",
 *     "remote_id", "spi_i", "spi_r", "initiator", "proposal",
 *     "established_seconds", "rekey_in_seconds",
 *     "children": [{"uid", "conn", "state", "mode", "reqid", "reqid_out",
 *        "spi_in", "spi_out", "proposal", "ts_local", "ts_remote",
 *        "installed_seconds", "rekey_in_seconds"}]}]}
 * SPIs are hex strings as in the text; times are seconds, null where
 * there is none (not established, no rekeying by us); "started" is the
 * wall clock in seconds since the epoch.
 */
void ike_status_json(const struct ike_daemon *d,
		     const struct ike_status_start *start, FILE *out);

#endif
