/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * mipxfrm - the Mobile IPv6 Home Agent binding table and its
 * all-or-nothing rebind of XFRM state, as a generic netlink family.
 *
 * Family name MIPXFRM_GENL_NAME ("mipxfrm"), version MIPXFRM_GENL_VERSION.
 * The family is per network namespace: every binding, and every XFRM
 * object a command touches, lives in the namespace of the socket that sent
 * the command.
 *
 * The object: a binding, keyed by its Home Address (HoA), one per HoA per
 * namespace. It names the Home Agent address (HA), the current Care-of
 * Address (CoA), the last accepted Binding Update sequence number, the
 * granted lifetime, flags, and two reqids: the reqid of the ESP transport
 * SA protecting the Mobility Header between HoA and HA ("MH reqid") and the
 * reqid of the ESP tunnel SAs carrying the mobile's payload between HA and
 * CoA ("tunnel reqid"). A reqid belongs to at most one binding per
 * namespace; the MH and tunnel reqids of one binding differ.
 *
 * Addresses are IPv6 only, 16 bytes in network byte order (struct
 * in6_addr). The unspecified address, multicast, loopback, link-local and
 * IPv4-mapped addresses are refused.
 *
 * Permissions: a binding tells where a mobile is, so reading one needs
 * what reading XFRM state needs. Every command, BINDING_GET and its dump
 * included, needs CAP_NET_ADMIN in the user namespace that owns the
 * network namespace, and so does joining the events group; without it
 * the command fails with EPERM (no extack: generic netlink refuses it
 * before the family sees it), and NETLINK_ADD_MEMBERSHIP or bind() for
 * the group fails with EPERM.
 *
 * Commands
 * --------
 * MIPXFRM_CMD_BINDING_NEW (needs CAP_NET_ADMIN in the namespace's user ns)
 *   Creates a binding. Requires HOA, HA, REQID_MH, REQID_TUNNEL; takes an
 *   optional COA (the CoA the key manager negotiated the tunnel with; no
 *   XFRM object is touched until the first BINDING_UPDATE). The binding
 *   starts with lifetime 0 ("not yet registered") and no sequence number.
 *   Errors: EEXIST the HoA has a binding; EBUSY a reqid belongs to another
 *   binding; EINVAL the two reqids are equal; ERANGE a reqid is 0.
 *   Event: MIPXFRM_CMD_BINDING_NEW.
 *
 * MIPXFRM_CMD_BINDING_UPDATE (needs CAP_NET_ADMIN)
 *   The Binding Update action. Requires HOA, COA, SEQ, LIFETIME; FLAGS
 *   optional (0 when absent). In one transaction, serialised against every
 *   other XFRM configuration change in the namespace (xfrm_cfg_mutex):
 *   - the route-optimisation states for the HoA ("route2", HA -> HoA, and
 *     "hao", HoA -> HA, mode ro, selector the two /128s) get the new CoA
 *     as their care-of address: created on the first registration unless
 *     they exist already, updated in place afterwards; with them the
 *     sub-type policies that make the kernel apply them (route2: dir out,
 *     HA/128 -> HoA/128; hao: dir in, HoA/128 -> HA/128; priority 16,
 *     optional templates, as UMIP installs them);
 *   - the ESP tunnel SAs of REQID_TUNNEL between HA and the old CoA (in:
 *     CoA -> HA, out: HA -> CoA) are replaced by clones bound to the new
 *     CoA that keep SPIs, keys, replay state and lifetime counters: a
 *     clone's byte and packet counters go on from the old SA's, so that
 *     across any number of moves they count the traffic actually sent
 *     and byte/packet limits expire the SA when that traffic says so;
 *   - the tunnel policies (ptype main, in and fwd HoA/128 -> ::/0, out
 *     ::/0 -> HoA/128) get the endpoints of their ESP tunnel template of
 *     REQID_TUNNEL moved to the new CoA, in place;
 *   - the ESP transport SAs of REQID_MH (on HoA addresses) stay as they
 *     are.
 *   The tunnel may not exist yet (a key manager can negotiate it after
 *   the first Binding Update): the three policies are moved all or none
 *   exist, the two SAs likewise. The old CoA is the binding's; before the
 *   binding had one, the one the out policy's template names.
 *   Either all of it happens or nothing does: on failure the XFRM state and
 *   policy databases are as they were before the command, and the extack
 *   message names the object that failed and why.
 *   A LIFETIME of 0, or a COA equal to the HoA, is a deregistration and
 *   acts as BINDING_DEL. An update with the CoA the binding already has
 *   refreshes lifetime, sequence and flags only.
 *   The sequence number is compared modulo 2^16 as RFC 6275 9.5.1 says: an
 *   update whose SEQ is not newer than the binding's is refused with ESTALE
 *   and changes nothing (BINDING_GET tells the binding's SEQ). The first
 *   update of a binding accepts any SEQ.
 *   Errors: ENOENT no binding for HOA; ESTALE stale SEQ; ENOENT a tunnel
 *   policy or SA is missing while the others of its kind exist, or a
 *   tunnel policy has no template for REQID_TUNNEL and the old CoA;
 *   EEXIST an SA already holds the outbound tunnel SA's key at the new
 *   CoA (new CoA, its SPI, esp, its mark) - found before anything
 *   changes, the extack points at COA and says so (the inbound SA keeps
 *   its key, HA, and cannot collide); EINVAL an RO state for the HoA
 *   exists without a care-of address; ENOMEM an allocation failed, a
 *   tunnel SA's clone included; any error an XFRM insert of an RO state
 *   or policy returns.
 *   Events: MIPXFRM_CMD_BINDING_UPDATED, or MIPXFRM_CMD_BINDING_DELETED for
 *   a deregistration; plus the XFRM notifications for every SA and policy
 *   changed (NEWSA/DELSA for the tunnel SAs, UPDPOLICY for the tunnel
 *   policies, NEWSA or UPDSA for RO states, NEWPOLICY for new RO policies)
 *   and, when the tunnel moved, one XFRM_MSG_MIGRATE for the out policy
 *   with both SAs' moves and XFRMA_KMADDRESS (HA, new CoA), so that other
 *   key managers can follow.
 *
 * MIPXFRM_CMD_BINDING_DEL (needs CAP_NET_ADMIN)
 *   Requires HOA. Deregistration: removes the binding and its
 *   route-optimisation states and policies (DELSA, DELPOLICY). The tunnel
 *   and MH SAs and policies belong to the key manager and stay. Errors:
 *   ENOENT. Event: MIPXFRM_CMD_BINDING_DELETED.
 *
 * A binding whose lifetime runs out is deregistered by the module (within
 * a second), with event MIPXFRM_CMD_BINDING_EXPIRED. When a namespace goes
 * away or the module is unloaded, every binding is removed with its RO
 * objects, without events.
 *
 * MIPXFRM_CMD_BINDING_GET (needs CAP_NET_ADMIN)
 *   doit: requires HOA; answers with one binding. Errors: ENOENT.
 *   dumpit (NLM_F_DUMP, "BINDING_DUMP"): every binding of the namespace,
 *   one per message, in as many parts as the socket buffer needs. A binding
 *   added or removed during a dump may or may not appear; none appears
 *   twice.
 *
 * Events (multicast group MIPXFRM_MCGRP_EVENTS, "events")
 * -------------------------------------------------------
 * Joining needs CAP_NET_ADMIN, as BINDING_GET does (EPERM otherwise).
 * Every change sends exactly one message, carrying the binding attributes
 * as BINDING_GET reports them after the change, plus:
 *   MIPXFRM_CMD_BINDING_NEW      -
 *   MIPXFRM_CMD_BINDING_UPDATED  OLD_COA (absent on the first registration)
 *   MIPXFRM_CMD_BINDING_DELETED  - (binding as it was, LIFETIME 0)
 *   MIPXFRM_CMD_BINDING_EXPIRED  - (the module deregistered a binding whose
 *                                 lifetime ran out; it is gone afterwards)
 *
 * Attributes (all top level)
 * --------------------------
 * MIPXFRM_A_HOA           binary, 16 bytes: Home Address, the key.
 * MIPXFRM_A_HA            binary, 16 bytes: Home Agent address.
 * MIPXFRM_A_COA           binary, 16 bytes: Care-of Address. In a GET
 *                         answer absent while the binding never had one.
 * MIPXFRM_A_OLD_COA       binary, 16 bytes: events only, the CoA before.
 * MIPXFRM_A_SEQ           u16: Binding Update sequence number. In a GET
 *                         answer absent before the first update.
 * MIPXFRM_A_LIFETIME      u32: seconds granted, 0 = deregistered / not yet
 *                         registered; at most MIPXFRM_LIFETIME_MAX (the
 *                         largest a Binding Update can ask for).
 * MIPXFRM_A_LIFETIME_LEFT u32: GET only, seconds until expiry.
 * MIPXFRM_A_FLAGS         u32: MIPXFRM_F_* bits; unknown bits are refused.
 * MIPXFRM_A_REQID_MH      u32, non-zero: reqid of the MH transport SAs.
 * MIPXFRM_A_REQID_TUNNEL  u32, non-zero: reqid of the ESP tunnel SAs.
 * MIPXFRM_A_CREATED       u64: GET only, wall-clock seconds since the epoch
 *                         when the binding was created.
 * MIPXFRM_A_UPDATED       u64: GET only, when it was last updated (0 never).
 * MIPXFRM_A_UPDATES       u64: GET only, updates that succeeded.
 * MIPXFRM_A_ROLLBACKS     u64: GET only, updates that failed and were
 *                         rolled back.
 * MIPXFRM_A_LAST_ERROR    s32: GET only, negative errno of the last failed
 *                         update, 0 if none.
 * MIPXFRM_A_TUNNEL_SAS    u32: GET only, tunnel SAs the last update moved
 *                         (2, or 0 when the tunnel did not move or has no
 *                         SAs yet).
 * MIPXFRM_A_TUNNEL_POLICIES u32: GET only, tunnel policies the last update
 *                         moved (3 or 0).
 * MIPXFRM_A_PAD           padding for the u64 attributes.
 *
 * Every attribute has a policy; a request carrying an attribute its
 * command does not take or of the wrong type is refused with EINVAL, one
 * out of range or an address of the wrong size with ERANGE, each with an
 * extack pointing at it. A missing
 * required attribute is refused with EINVAL and the extack names it.
 * Every command from a sender without CAP_NET_ADMIN over the namespace
 * fails with EPERM, reads included (see Permissions above).
 */
#ifndef _UAPI_LINUX_MIPXFRM_H
#define _UAPI_LINUX_MIPXFRM_H

#define MIPXFRM_GENL_NAME	"mipxfrm"
#define MIPXFRM_GENL_VERSION	1
#define MIPXFRM_MCGRP_EVENTS	"events"

/* RFC 6275 6.1.7: 16-bit lifetime in units of 4 seconds. */
#define MIPXFRM_LIFETIME_MAX	262140

enum mipxfrm_cmd {
	MIPXFRM_CMD_UNSPEC,
	MIPXFRM_CMD_BINDING_NEW,
	MIPXFRM_CMD_BINDING_UPDATE,
	MIPXFRM_CMD_BINDING_DEL,
	MIPXFRM_CMD_BINDING_GET,
	MIPXFRM_CMD_BINDING_UPDATED,
	MIPXFRM_CMD_BINDING_DELETED,
	MIPXFRM_CMD_BINDING_EXPIRED,
	__MIPXFRM_CMD_MAX
};

#define MIPXFRM_CMD_MAX (__MIPXFRM_CMD_MAX - 1)

enum mipxfrm_attr {
	MIPXFRM_A_UNSPEC,
	MIPXFRM_A_PAD,
	MIPXFRM_A_HOA,
	MIPXFRM_A_HA,
	MIPXFRM_A_COA,
	MIPXFRM_A_OLD_COA,
	MIPXFRM_A_SEQ,
	MIPXFRM_A_LIFETIME,
	MIPXFRM_A_LIFETIME_LEFT,
	MIPXFRM_A_FLAGS,
	MIPXFRM_A_REQID_MH,
	MIPXFRM_A_REQID_TUNNEL,
	MIPXFRM_A_CREATED,
	MIPXFRM_A_UPDATED,
	MIPXFRM_A_UPDATES,
	MIPXFRM_A_ROLLBACKS,
	MIPXFRM_A_LAST_ERROR,
	MIPXFRM_A_TUNNEL_SAS,
	MIPXFRM_A_TUNNEL_POLICIES,
	__MIPXFRM_A_MAX
};

#define MIPXFRM_A_MAX (__MIPXFRM_A_MAX - 1)

/*
 * MIPXFRM_F_KEY_MGMT: the K bit of the Binding Update (RFC 6275 6.1.7):
 * the key manager's IKE SA moves with the mobile. The module only records
 * and reports it; the key manager acts on the BINDING_UPDATED event.
 */
enum mipxfrm_flags {
	MIPXFRM_F_KEY_MGMT = 1U << 0,
	__MIPXFRM_F_ALL = MIPXFRM_F_KEY_MGMT
};

#endif /* _UAPI_LINUX_MIPXFRM_H */
