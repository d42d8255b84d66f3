/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mip6d.conf as UMIP 1.0 (mip6d) reads it, parsed into one model.
 *
 * Grammar and lexical rules follow UMIP 1.0's gram.y and scan.l:
 *  - '#' starts a comment to the end of the line; strings are "quoted"
 *    and end on the same line; keywords are case-sensitive as UMIP
 *    spells them; statements end with ';'; a block '{ ... }' takes no
 *    ';' after its '}'.
 *  - booleans: enabled|allow|true and disabled|deny|block|false.
 *  - include "glob" (no ';') is lexical, as in UMIP: it may appear
 *    anywhere between tokens. Matches are read in glob(3) order, up to
 *    MIP6D_MAX_INCLUDE_DEPTH levels below the top file. A pattern with
 *    wildcards that matches nothing is a warning (UMIP's "simple
 *    warning"); a name without wildcards that cannot be opened, a
 *    pattern whose directory cannot be read, or a match that cannot be
 *    opened, is an error (as in ipsec.conf: UMIP only warns, and the
 *    mobile of a missing file silently gets no reqids). Unlike UMIP (which globs relative to the daemon's
 *    working directory), a relative pattern is relative to the directory
 *    of the file that includes it.
 *  - root: absolute paths (the top file's and every include's) are read
 *    below this prefix, so tests and per-namespace setups need no /etc
 *    writes. Messages and every mip6d_src name paths as the configuration
 *    writes them, without the root.
 *
 * Statements (UMIP 1.0's common keywords, all of them):
 *   NodeConfig CN|HA|MN; DebugLevel N; DebugLogFile "f";
 *   Interface "if"; | Interface "if" { IfType X; MnIfPreference 0-10;
 *     Tunnel B; }
 *   booleans: NonVolatileBindingCache, DoRouteOptimizationCN/MN,
 *     UseMnHaIPsec, KeyMngMobCapability, TunnelPayloadForceSANego,
 *     SendMobPfxSols, SendMobPfxAdvs, SendUnsolMobPfxAdvs,
 *     HaAcceptMobRtr, MobRtrUseExplicitMode, UseCnBuAck,
 *     MnUseAllInterfaces, MnDiscardHaParamProb, OptimisticHandoff;
 *   numbers: HaMaxBindingLife, MnMaxHaBindingLife (<= 262140),
 *     MnMaxCnBindingLife (<= 420), Max/MinMobPfxAdvInterval,
 *     MnRouterProbes;
 *   decimals (digits.digits): InitialBindackTimeoutFirstReg,
 *     InitialBindackTimeoutReReg, InitialSolicitTimer,
 *     MnRouterProbeTimeout;
 *   DefaultBindingAclPolicy allow|deny|N;
 *   BindingAclPolicy ADDR [(P/L, ...)] allow|deny|N;
 *   HaServedPrefix P/L; UseMovementModule internal|"f";
 *   UsePolicyModule "f";
 *   IPsecPolicySet { HomeAgentAddress A; HomeAddress A/L; ...
 *     IPsecPolicy TYPE UseESP [N [M]] [allow|block]; ... }
 *   MnHomeLink "if" { HomeAgentAddress A; HomeAddress A/L [(P/L, ...)];
 *     HomePrefix P/L; UseAltCoa B; IsMobRtr B; MnRoPolicy [A] B; }
 *   CnBindingPolicySet { PEER [LOCAL] B; ... }
 * A later scalar line overrides an earlier one, as in UMIP; an item a
 * block takes once (HomeAgentAddress, HomeAddress, HomePrefix) is
 * refused the second time.
 *
 * Errors: mip6d_conf_load() stops at the first syntax error, bad value,
 * unknown keyword or unreadable file and writes one line to err:
 * "FILE:LINE: what is wrong, quoting the bad token", or, for the top
 * file, "cannot open FILE: strerror".
 *
 * Every item records where it came from (struct mip6d_src); a src with
 * a NULL file is a UMIP default that no line set.
 */
#ifndef MIPXFRM_CONF_MIP6D_H
#define MIPXFRM_CONF_MIP6D_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>

#include "../common/msglist.h"

#define MIP6D_MAX_INCLUDE_DEPTH	5
#define MIP6D_MAX_BINDING_LIFE	262140	/* 0xffff << 2 seconds */
#define MIP6D_MAX_RR_BINDING_LIFE 420
#define MIP6D_MAX_IF_PREFERENCE	10
#define MIP6D_BA_ACCEPTED	0	/* ACL "allow" */
#define MIP6D_BA_PROHIBITED	129	/* ACL "deny" */

struct mip6d_src {
	const char *file;		/* NULL: UMIP default */
	unsigned int line;
};

enum mip6d_node {
	MIP6D_NODE_NONE,		/* IfType not given: as NodeConfig */
	MIP6D_NODE_CN,
	MIP6D_NODE_HA,
	MIP6D_NODE_MN,
};

struct mip6d_bool {
	bool on;
	struct mip6d_src src;
};

struct mip6d_u32 {
	uint32_t val;
	struct mip6d_src src;
};

struct mip6d_secs {
	double secs;
	struct mip6d_src src;
};

struct mip6d_str {
	char *s;			/* NULL: not given */
	struct mip6d_src src;
};

struct mip6d_prefix {
	struct in6_addr addr;
	uint8_t plen;
	struct mip6d_src src;
};

/* Interface "name"; or Interface "name" { IfType; MnIfPreference; Tunnel; } */
struct mip6d_iface {
	char name[IF_NAMESIZE];
	enum mip6d_node type;
	uint32_t preference;		/* MnIfPreference, default 10 */
	bool tunnel;
	struct mip6d_src src;
};

/* BindingAclPolicy ADDR [(PREFIX, ...)] allow|deny|N; */
struct mip6d_acl {
	struct in6_addr hoa;
	struct mip6d_prefix *mnps;	/* NEMO mobile network prefixes */
	size_t n_mnps;
	uint8_t status;			/* BA status; 129: deny */
	struct mip6d_src src;
};

enum mip6d_ipsec_type {
	MIP6D_IPSEC_HOMEREGBINDING,
	MIP6D_IPSEC_MH,
	MIP6D_IPSEC_MOBPFXDISC,
	MIP6D_IPSEC_ICMP,
	MIP6D_IPSEC_ANY,
	MIP6D_IPSEC_TUNNELHOMETESTING,
	MIP6D_IPSEC_TUNNELMH,
	MIP6D_IPSEC_TUNNELPAYLOAD,
	MIP6D_IPSEC_TYPES
};

#define MIP6D_PROTO_ESP		0x1
#define MIP6D_PROTO_AH		0x2
#define MIP6D_PROTO_IPCOMP	0x4

/*
 * IPsecPolicy TYPE UseESP [N [M]] [allow|block];
 * No reqid: both 0. "N": N both ways. "N M": N towards the HA (MN->HA
 * SAs), M towards the MN.
 */
struct mip6d_ipsec_policy {
	enum mip6d_ipsec_type type;
	unsigned int protos;		/* MIP6D_PROTO_*: ESP only */
	uint32_t reqid_toha;
	uint32_t reqid_tomn;
	bool allow;			/* false: "block" */
	struct mip6d_src src;
};

/*
 * IPsecPolicySet { HomeAgentAddress; HomeAddress A/L; ...; IPsecPolicy ...; }
 * In that order, as UMIP's grammar has it: one HomeAgentAddress, then
 * the home addresses, then at least one policy; every policy applies
 * to every home address of its set. As in UMIP, two policies of one
 * type for one HA and home address are refused, in one set or two; so
 * are Mh and HomeRegBinding together (both select the MH traffic).
 */
struct mip6d_ipsec_set {
	struct in6_addr ha;
	struct mip6d_src ha_src;
	struct mip6d_prefix *hoas;
	size_t n_hoas;
	struct mip6d_ipsec_policy *policies;
	size_t n_policies;
	struct mip6d_src src;
};

/* MnRoPolicy [CN] enabled|disabled; CN :: means any. */
struct mip6d_ro_policy {
	struct in6_addr cn;
	bool ro;
	struct mip6d_src src;
};

/* MnHomeLink "if" { HomeAgentAddress; HomeAddress A/L [(MNPs)]; ... } */
struct mip6d_home_link {
	char ifname[IF_NAMESIZE];
	struct in6_addr ha;		/* :: : find it with DHAAD */
	struct mip6d_src ha_src;
	struct mip6d_prefix hoa;
	struct mip6d_prefix *mnps;
	size_t n_mnps;
	struct mip6d_prefix home_prefix; /* src.file NULL: hoa's prefix */
	struct mip6d_bool use_alt_coa;
	struct mip6d_bool is_mob_rtr;
	struct mip6d_ro_policy *ro;
	size_t n_ro;
	struct mip6d_src src;
};

/* CnBindingPolicySet { PEER_HOA [LOCAL] enabled|disabled; ... } */
struct mip6d_cn_policy {
	struct in6_addr peer_hoa;
	struct in6_addr local;		/* :: : any */
	bool ro;
	struct mip6d_src src;
};

struct mip6d_conf {
	struct {
		enum mip6d_node val;	/* default CN */
		struct mip6d_src src;
	} node;
	struct mip6d_u32 debug_level;
	struct mip6d_str debug_log_file;

	/* Booleans, UMIP's defaults in brackets. */
	struct mip6d_bool non_volatile_binding_cache;	/* disabled */
	struct mip6d_bool do_route_optimization_cn;	/* enabled */
	struct mip6d_bool do_route_optimization_mn;	/* enabled */
	struct mip6d_bool use_mn_ha_ipsec;		/* enabled */
	struct mip6d_bool key_mng_mob_capability;	/* disabled */
	struct mip6d_bool tunnel_payload_force_sa_nego;	/* enabled */
	struct mip6d_bool send_mob_pfx_sols;		/* enabled */
	struct mip6d_bool send_mob_pfx_advs;		/* enabled */
	struct mip6d_bool send_unsol_mob_pfx_advs;	/* enabled */
	struct mip6d_bool ha_accept_mob_rtr;		/* disabled */
	struct mip6d_bool mob_rtr_use_explicit_mode;	/* enabled */
	struct mip6d_bool use_cn_bu_ack;		/* disabled */
	struct mip6d_bool mn_use_all_interfaces;	/* disabled */
	struct mip6d_bool mn_discard_ha_param_prob;	/* disabled */
	struct mip6d_bool optimistic_handoff;		/* disabled */

	/* Numbers, in seconds unless said otherwise. */
	struct mip6d_u32 ha_max_binding_life;		/* 262140 */
	struct mip6d_u32 mn_max_ha_binding_life;	/* 262140 */
	struct mip6d_u32 mn_max_cn_binding_life;	/* 420 */
	struct mip6d_u32 max_mob_pfx_adv_interval;	/* 86400 */
	struct mip6d_u32 min_mob_pfx_adv_interval;	/* 600 */
	struct mip6d_u32 mn_router_probes;		/* 0 (a count) */
	struct mip6d_secs initial_bindack_timeout_first_reg; /* 1.5 */
	struct mip6d_secs initial_bindack_timeout_re_reg;    /* 1.0 */
	struct mip6d_secs initial_solicit_timer;	/* 3.0 */
	struct mip6d_secs mn_router_probe_timeout;	/* 0.0: unset */

	struct mip6d_u32 default_acl;	/* BA status; default 0 (allow) */
	struct mip6d_acl *acls;
	size_t n_acls;

	struct mip6d_iface *ifaces;
	size_t n_ifaces;
	struct mip6d_ipsec_set *sets;
	size_t n_sets;
	struct mip6d_home_link *home_links;
	size_t n_home_links;
	struct mip6d_prefix *served_prefixes;	/* HaServedPrefix */
	size_t n_served_prefixes;
	struct mip6d_cn_policy *cn_policies;
	size_t n_cn_policies;
	struct mip6d_str movement_module;	/* NULL: internal */
	struct mip6d_str policy_module;

	/* Every file read, named as the configuration names it. */
	char **files;
	size_t n_files;
	/* "FILE:LINE: ..." lines the caller should log (empty includes). */
	char **warnings;
	size_t n_warnings;
};

/* Fills c with UMIP's defaults and empty lists. */
void mip6d_conf_init(struct mip6d_conf *c);

/*
 * Parses path (and what it includes) into out, which it initialises.
 * root: NULL or "" for none. Returns 0, or -1 with a message in err
 * (err may be NULL); out then holds nothing that needs freeing, but
 * mip6d_conf_free() on it is harmless.
 */
int mip6d_conf_load(const char *path, const char *root,
		    struct mip6d_conf *out, char *err, size_t errlen);

void mip6d_conf_free(struct mip6d_conf *c);

/* "HomeRegBinding", "Mh", ... as mip6d.conf spells them. */
const char *mip6d_ipsec_type_name(enum mip6d_ipsec_type type);
const char *mip6d_node_name(enum mip6d_node node);

/* What the IKE side needs to give a mobile's CHILD_SAs its reqids. */
struct mip6d_reqids {
	const struct mip6d_ipsec_set *set;
	const struct mip6d_prefix *hoa;	/* with its prefix length */
	const struct mip6d_ipsec_policy *mh;	/* NULL: none in the set */
	const struct mip6d_ipsec_policy *tunnel;
	uint32_t mh_toha, mh_tomn;		/* 0 if absent */
	uint32_t tunnel_toha, tunnel_tomn;
};

/*
 * Finds the IPsecPolicySet that lists hoa as a HomeAddress (and has ha
 * as HomeAgentAddress, unless ha is NULL) and the reqids of its Mh
 * policy (HomeRegBinding if it has no Mh) and of its TunnelPayload
 * policy. Returns 0, or -ENOENT when no set lists hoa.
 */
int mip6d_conf_reqids(const struct mip6d_conf *c, const struct in6_addr *ha,
		      const struct in6_addr *hoa, struct mip6d_reqids *out);

/*
 * Refuses one reqid claimed by two Home Addresses (two mobiles, one
 * number, whether in two IPsecPolicySets or in one set listing both):
 * then the daemon must not start. The same Home Address under two HA
 * addresses is one mobile. Adds one line to errors for every claim of a
 * number that an earlier claim gave another Home Address: "FILE:LINE:
 * reqid N of HOA (TYPE) is already claimed by HOA (TYPE) at FILE:LINE:
 * one reqid, two mobiles", or, for two HomeAddress lines of one set,
 * "FILE:LINE: IPsecPolicy TYPE gives reqid N to HomeAddress HOA
 * (FILE:LINE) and HomeAddress HOA (FILE:LINE) of one IPsecPolicySet:
 * ...". Returns 0, -EEXIST, or -ENOMEM.
 */
int mip6d_conf_check_reqids(const struct mip6d_conf *c,
			    struct msglist *errors);

#endif
