/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reqid every CHILD_SA carries: decided from the configuration, never
 * from the order in which mobiles connect (the seed's WARNING).
 *
 * A CHILD_SA is an ipsec.conf conn with auto= other than ignore. Its
 * reqids, first rule that applies:
 *  1. reqid=N in ipsec.conf: N both ways.
 *  2. The conn's Home Address -- its rightsubnet on a Home Agent, its
 *     leftsubnet on a mobile (mip6d.conf's NodeConfig MN) -- is one IPv6
 *     /128 that an IPsecPolicySet of mip6d.conf lists as HomeAddress
 *     (and, when the other end's left=/right= is an address, with that
 *     HomeAgentAddress): a type=transport_proxy conn (the MH child)
 *     takes the set's Mh reqids (HomeRegBinding without Mh), a
 *     type=tunnel conn its TunnelPayload reqids. mip6d.conf's "UseESP N
 *     M" gives N to SAs towards the HA and M to SAs towards the mobile,
 *     as UMIP's policies use them: on the Home Agent the inbound SA
 *     (MN -> HA) gets N and the outbound SA M, on the mobile the other
 *     way round; "UseESP N" is N both ways. A policy without a number
 *     (reqid 0, which the kernel's template matches with any SA) does
 *     not apply.
 *  3. Otherwise a value derived from the conn name (a hash into
 *     REQID_DERIVED_MIN..MAX, moved up past values already taken) and
 *     kept in a state file, so it survives restarts and does not change
 *     when conns are added, removed or reordered. Values taken by rules
 *     1 and 2, and by other names in the state file, are never handed
 *     out; an entry whose value a rule-1/2 reqid now takes is derived
 *     again.
 *
 * State file: "NAME REQID" lines ('#' comments and blank lines allowed),
 * rewritten atomically (temporary file, fsync, rename) when it changes.
 * Entries of conns not in the configuration are kept, so a conn that
 * comes back gets its number back.
 *
 * Errors stop the start, every one listed, a line each:
 *  - two conns with one reqid, or an explicit reqid= that mip6d.conf
 *    gives another mobile: "FILE:LINE: reqid N of conn B is already
 *    taken by conn A at FILE:LINE" (or "... is already claimed by HOA
 *    (TYPE) at FILE:LINE"), each FILE:LINE where that reqid was decided;
 *  - what mip6d_conf_check_reqids() refuses (two mobiles, one reqid);
 *  - a corrupt state file: "STATE:LINE: what is wrong, quoting it";
 *  - a state file that cannot be read or written: "PATH: strerror".
 *
 * Warnings (reqid_mobile.c) for what does not stop a start but is likely
 * not what was meant: a mobile's conn that takes no reqid of mip6d.conf,
 * a mobile of mip6d.conf that no conn protects, a reqid= that overrides
 * mip6d.conf's number.
 */
#ifndef MIPXFRM_CONF_REQID_H
#define MIPXFRM_CONF_REQID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/msglist.h"
#include "ipsec.h"
#include "mip6d.h"

/* Derived reqids: above what configurations write by hand. */
#define REQID_DERIVED_MIN	16384
#define REQID_DERIVED_MAX	65535

enum reqid_origin {
	REQID_EXPLICIT,		/* reqid= in ipsec.conf */
	REQID_MIP6D,		/* an IPsecPolicy of mip6d.conf */
	REQID_DERIVED,		/* from the name, kept in the state */
};

struct reqid_child {
	const char *conn;	/* the conn's name, in the ipsec_conf */
	uint32_t in;		/* inbound SA (peer -> us) */
	uint32_t out;		/* outbound SA */
	enum reqid_origin origin;
	const char *file;	/* where it was decided; NULL: just derived */
	unsigned int line;
	const struct in6_addr *hoa;	/* MIP6D: the set's Home Address */
	bool refused;		/* in a conflict already reported */
};

struct reqid_map {
	struct reqid_child *v;
	size_t n;
	char *state;		/* the state file's path, for origins */
	struct msglist errors;	/* why reqid_assign() failed */
};

/*
 * Decides the reqids of every loaded conn of ic, in ic's order, with
 * mc's IPsecPolicySets. Derived reqids are read from the state file
 * (NULL: none), and new ones written to it only with save: a dry run
 * (--check) or a start that has already failed decides the same numbers
 * and writes nothing. out points into ic and mc: keep them while out is
 * used. Returns 0, or -1 with every problem in out->errors (out then
 * holds no CHILD_SA). Free out with reqid_map_free() either way.
 */
int reqid_assign(const struct ipsec_conf *ic, const struct mip6d_conf *mc,
		 const char *state, bool save, struct reqid_map *out);

/* The CHILD_SA of conn name, or NULL. */
const struct reqid_child *reqid_find(const struct reqid_map *m,
				     const char *name);

void reqid_map_free(struct reqid_map *m);

/* "ipsec.conf", "mip6d.conf", "derived", for status output. */
const char *reqid_origin_name(enum reqid_origin o);

/* --- reqid_mobile.c: a mobile's conns -------------------------------- */

/* Whether mc is a mobile's own (NodeConfig MN) rather than a Home Agent's. */
bool reqid_on_mobile(const struct mip6d_conf *mc);
/* The end whose subnet is the Home Address: right on a HA, left on a mobile. */
const struct ipsec_end *reqid_hoa_end(const struct ipsec_conn *c,
				      const struct mip6d_conf *mc);
/* e's subnet when it is one IPv6 /128 (a single host), or NULL. */
const struct in6_addr *reqid_end_host(const struct ipsec_end *e);
/* That end's subnet when it is one IPv6 /128: the Home Address, or NULL. */
const struct in6_addr *reqid_conn_hoa(const struct ipsec_conn *c,
				      const struct mip6d_conf *mc);
/* The other end's host when it is an IPv6 address: the HA's, or NULL. */
const struct in6_addr *reqid_conn_ha(const struct ipsec_conn *c,
				     const struct mip6d_conf *mc);

/*
 * Adds to w, "FILE:LINE: what and what to do" each: every loaded conn
 * that looks like a mobile's (type=transport_proxy, or its Home Address
 * end is one /128) but takes no reqid from mip6d.conf, every Home
 * Address of an IPsecPolicySet that no loaded conn protects, and every
 * reqid= that differs from the number mip6d.conf gives that mobile.
 * Returns 0, or -1 when out of memory.
 */
int reqid_warn_mobiles(const struct ipsec_conf *ic,
		       const struct mip6d_conf *mc, const struct reqid_map *m,
		       struct msglist *w);

/* --- reqid_state.c: the state file ----------------------------------- */

struct reqid_state_entry {
	char *name;
	uint32_t reqid;
	unsigned int line;	/* 0: not from the file */
};

struct reqid_state {
	struct reqid_state_entry *v;
	size_t n, cap;
};

/*
 * Reads path into st (empty when the file does not exist). Returns 0,
 * or -1 with "PATH:LINE: ..." or "PATH: strerror" in err.
 */
int reqid_state_load(const char *path, struct reqid_state *st, char *err,
		     size_t errlen);

/*
 * Writes st to path atomically, making path's directory (one level,
 * mode 0700) if it is missing. Returns 0, or -1 with a message.
 */
int reqid_state_save(const char *path, const struct reqid_state *st,
		     char *err, size_t errlen);

/* Adds or changes name's entry. Returns 0 or -1 (out of memory). */
int reqid_state_set(struct reqid_state *st, const char *name,
		    uint32_t reqid);
void reqid_state_del(struct reqid_state *st, size_t i);
struct reqid_state_entry *reqid_state_get(struct reqid_state *st,
					  const char *name);
void reqid_state_free(struct reqid_state *st);

#endif
