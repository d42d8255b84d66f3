// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the mip6d.conf parser: the seed's files as they are,
 * UMIP's defaults, every keyword, includes, broken files with their
 * exact messages, and the reqid lookup and conflict check.
 *
 * Broken variants are written to a mkdtemp() directory used as the
 * loader's root, so every message names "/main.conf" whatever the
 * directory is.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../conf/mip6d.h"
#include "check.h"
#include "fixture.h"

static char root[PATH_MAX];
static char err[2048];

static struct in6_addr addr(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		memset(&a, 0xff, sizeof(a));
	return a;
}

static bool addr_is(const struct in6_addr *a, const char *s)
{
	struct in6_addr b = addr(s);

	return IN6_ARE_ADDR_EQUAL(a, &b);
}

static bool src_is(const struct mip6d_src *src, const char *file,
		   unsigned int line)
{
	if (!file)
		return !src->file && !src->line;
	return src->file && !strcmp(src->file, file) && src->line == line;
}

/* Writes root/name, making its directories. */
static void put(const char *name, const char *text)
{
	CHECK(fixture_put(root, name, text));
}

/* mip6d_conf_check_reqids(), its messages one a line into err. */
static int check_reqids(const struct mip6d_conf *c)
{
	struct msglist l = { 0 };
	int ret = mip6d_conf_check_reqids(c, &l);
	size_t off = 0;

	err[0] = '\0';
	for (size_t i = 0; i < l.n && off < sizeof(err); i++)
		off += snprintf(err + off, sizeof(err) - off, "%s%s",
				i ? "\n" : "", l.v[i]);
	msglist_free(&l);
	return ret;
}

static int load(const char *text, struct mip6d_conf *c)
{
	put("/main.conf", text);
	return mip6d_conf_load("/main.conf", root, c, err, sizeof(err));
}

/* text must be refused with exactly msg, and leave an empty model. */
static void refused(const char *text, const char *msg)
	__attribute__((nonnull));
static void refused(const char *text, const char *msg)
{
	struct mip6d_conf c;

	CHECK(load(text, &c) == -1);
	if (strcmp(err, msg))
		printf("#   want: %s\n#   got:  %s\n", msg, err);
	CHECK(!strcmp(err, msg));
	CHECK(c.n_sets == 0 && c.n_files == 0 && c.n_ifaces == 0);
	mip6d_conf_free(&c);
}

static void check_policy(const struct mip6d_ipsec_policy *p,
			 enum mip6d_ipsec_type type, uint32_t toha,
			 uint32_t tomn, const char *file, unsigned int line)
{
	CHECK(p->type == type);
	CHECK(p->protos == MIP6D_PROTO_ESP);
	CHECK(p->reqid_toha == toha && p->reqid_tomn == tomn);
	CHECK(p->allow);
	CHECK(src_is(&p->src, file, line));
}

static void check_seed_set(const struct mip6d_ipsec_set *s, const char *hoa,
			   uint32_t mh, const char *file, unsigned int first)
{
	CHECK(addr_is(&s->ha, "2001:1::1"));
	CHECK(src_is(&s->src, file, first));
	CHECK(src_is(&s->ha_src, file, first + 1));
	CHECK(s->n_hoas == 1);
	CHECK(addr_is(&s->hoas[0].addr, hoa) && s->hoas[0].plen == 64);
	CHECK(src_is(&s->hoas[0].src, file, first + 2));
	CHECK(s->n_policies == 2);
	if (s->n_policies != 2)
		return;
	check_policy(&s->policies[0], MIP6D_IPSEC_MH, mh, mh, file, first + 3);
	check_policy(&s->policies[1], MIP6D_IPSEC_TUNNELPAYLOAD, mh + 1,
		     mh + 1, file, first + 4);
}

static const char carol[] = "/etc/mip6d.conf.d/carol.mip6d.conf";
static const char dave[] = "/etc/mip6d.conf.d/dave.mip6d.conf";

static void seed_parses(void)
{
	struct mip6d_conf c;

	CHECK(mip6d_conf_load("/etc/mip6d.conf", fixture_seed_root(), &c, err,
			      sizeof(err)) == 0);
	CHECK(!strcmp(err, ""));
	CHECK(c.node.val == MIP6D_NODE_HA);
	CHECK(src_is(&c.node.src, "/etc/mip6d.conf", 1));
	CHECK(c.use_mn_ha_ipsec.on);
	CHECK(src_is(&c.use_mn_ha_ipsec.src, "/etc/mip6d.conf", 2));
	CHECK(c.key_mng_mob_capability.on);
	CHECK(src_is(&c.key_mng_mob_capability.src, "/etc/mip6d.conf", 3));
	CHECK(c.default_acl.val == MIP6D_BA_PROHIBITED);
	CHECK(src_is(&c.default_acl.src, "/etc/mip6d.conf", 4));
	CHECK(c.n_ifaces == 2);
	CHECK(!strcmp(c.ifaces[0].name, "eth0"));
	CHECK(src_is(&c.ifaces[0].src, "/etc/mip6d.conf", 5));
	CHECK(c.ifaces[0].type == MIP6D_NODE_NONE && !c.ifaces[0].tunnel);
	CHECK(c.ifaces[0].preference == 10);
	CHECK(!strcmp(c.ifaces[1].name, "eth1"));
	CHECK(src_is(&c.ifaces[1].src, carol, 1));
	CHECK(c.n_sets == 2);
	if (c.n_sets == 2) {
		check_seed_set(&c.sets[0], "2001:1::10", 1, carol, 2);
		check_seed_set(&c.sets[1], "2001:1::20", 3, dave, 1);
	}
	CHECK(c.n_acls == 2);
	if (c.n_acls == 2) {
		CHECK(addr_is(&c.acls[0].hoa, "2001:1::10"));
		CHECK(c.acls[0].status == MIP6D_BA_ACCEPTED);
		CHECK(c.acls[0].n_mnps == 0);
		CHECK(src_is(&c.acls[0].src, carol, 8));
		CHECK(addr_is(&c.acls[1].hoa, "2001:1::20"));
		CHECK(c.acls[1].status == MIP6D_BA_ACCEPTED);
		CHECK(src_is(&c.acls[1].src, dave, 7));
	}
	CHECK(c.ha_max_binding_life.val == 262140);
	CHECK(src_is(&c.ha_max_binding_life.src, NULL, 0));
	CHECK(c.n_home_links == 0 && c.n_warnings == 0);
	CHECK(c.n_files == 3);
	CHECK(check_reqids(&c) == 0);
	CHECK(!strcmp(err, ""));
	mip6d_conf_free(&c);
}

static void seed_reqids(void)
{
	struct in6_addr ha = addr("2001:1::1"), other = addr("2001:1::2");
	struct in6_addr hoa = addr("2001:1::20");
	struct mip6d_reqids r;
	struct mip6d_conf c;

	CHECK(mip6d_conf_load("/etc/mip6d.conf", fixture_seed_root(), &c, err,
			      sizeof(err)) == 0);
	CHECK(mip6d_conf_reqids(&c, &ha, &hoa, &r) == 0);
	CHECK(r.set == &c.sets[1] && r.hoa == &c.sets[1].hoas[0]);
	CHECK(r.mh_toha == 3 && r.mh_tomn == 3);
	CHECK(r.tunnel_toha == 4 && r.tunnel_tomn == 4);
	hoa = addr("2001:1::10");
	CHECK(mip6d_conf_reqids(&c, NULL, &hoa, &r) == 0);
	CHECK(r.mh_toha == 1 && r.tunnel_tomn == 2 && r.hoa->plen == 64);
	CHECK(mip6d_conf_reqids(&c, &other, &hoa, &r) == -ENOENT);
	CHECK(!r.set && !r.mh_toha && !r.tunnel_toha);
	hoa = addr("2001:1::30");
	CHECK(mip6d_conf_reqids(&c, NULL, &hoa, &r) == -ENOENT);
	mip6d_conf_free(&c);
}

/* The other helpers' seed files are there too, byte for byte. */
static void seed_fixtures_complete(void)
{
	static const char *const files[] = {
		"ipsec.conf", "ipsec.conf.d/carol.ipsec.conf",
		"ipsec.conf.d/dave.ipsec.conf", "mip6d.conf",
		"mip6d.conf.d/carol.mip6d.conf",
		"mip6d.conf.d/dave.mip6d.conf",
	};
	char path[PATH_MAX + 64];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/etc/%s", fixture_seed_root(),
			 files[i]);
		CHECK(stat(path, &st) == 0 && st.st_size > 0);
	}
}

static void defaults(void)
{
	struct mip6d_conf c;

	CHECK(load("# nothing but a comment\n\n", &c) == 0);
	CHECK(c.node.val == MIP6D_NODE_CN && !c.node.src.file);
	CHECK(c.use_mn_ha_ipsec.on && !c.use_mn_ha_ipsec.src.file);
	CHECK(!c.key_mng_mob_capability.on);
	CHECK(c.default_acl.val == MIP6D_BA_ACCEPTED);
	CHECK(c.ha_max_binding_life.val == 262140);
	CHECK(c.mn_max_ha_binding_life.val == 262140);
	CHECK(c.mn_max_cn_binding_life.val == 420);
	CHECK(c.do_route_optimization_cn.on && c.do_route_optimization_mn.on);
	CHECK(c.send_mob_pfx_sols.on && c.send_mob_pfx_advs.on);
	CHECK(c.send_unsol_mob_pfx_advs.on);
	CHECK(c.tunnel_payload_force_sa_nego.on);
	CHECK(c.mob_rtr_use_explicit_mode.on);
	CHECK(!c.ha_accept_mob_rtr.on && !c.use_cn_bu_ack.on);
	CHECK(!c.mn_use_all_interfaces.on && !c.optimistic_handoff.on);
	CHECK(!c.mn_discard_ha_param_prob.on);
	CHECK(!c.non_volatile_binding_cache.on);
	CHECK(c.max_mob_pfx_adv_interval.val == 86400);
	CHECK(c.min_mob_pfx_adv_interval.val == 600);
	CHECK(c.initial_bindack_timeout_first_reg.secs == 1.5);
	CHECK(c.initial_bindack_timeout_re_reg.secs == 1.0);
	CHECK(c.initial_solicit_timer.secs == 3.0);
	CHECK(c.debug_level.val == 0 && !c.debug_log_file.s);
	CHECK(!c.movement_module.s && !c.policy_module.s);
	CHECK(!c.n_ifaces && !c.n_sets && !c.n_acls && !c.n_home_links);
	CHECK(c.n_files == 1 && !strcmp(c.files[0], "/main.conf"));
	CHECK(check_reqids(&c) == 0);
	mip6d_conf_free(&c);
	mip6d_conf_free(&c);
	CHECK(c.node.val == MIP6D_NODE_CN && !c.files);
}

static const char everything[] =
	"NodeConfig MN; DebugLevel 3;  # two statements, one line\n"
	"DebugLogFile \"/var/log/a#b.log\";\n"
	"DebugLogFile \"/var/log/mip6d.log\";\n"
	"UseMnHaIPsec disabled; KeyMngMobCapability true;\n"
	"TunnelPayloadForceSANego false; NonVolatileBindingCache allow;\n"
	"DoRouteOptimizationCN deny; DoRouteOptimizationMN block;\n"
	"SendMobPfxSols disabled; SendMobPfxAdvs disabled;\n"
	"SendUnsolMobPfxAdvs disabled; HaAcceptMobRtr enabled;\n"
	"MobRtrUseExplicitMode disabled; UseCnBuAck enabled;\n"
	"MnUseAllInterfaces enabled; MnDiscardHaParamProb enabled;\n"
	"OptimisticHandoff enabled;\n"
	"HaMaxBindingLife 3600; MnMaxHaBindingLife 262140;\n"
	"MnMaxCnBindingLife 420; MaxMobPfxAdvInterval 7200;\n"
	"MinMobPfxAdvInterval 60; MnRouterProbes 2;\n"
	"InitialBindackTimeoutFirstReg 2.5; InitialBindackTimeoutReReg 1.25;\n"
	"InitialSolicitTimer 4.0; MnRouterProbeTimeout 0.5;\n"
	"UseMovementModule internal; UsePolicyModule \"/lib/pol.so\";\n"
	"Interface \"wlan0\" {\n"
	"\tIfType CN;\n"
	"\tMnIfPreference 0;\n"
	"\tTunnel enabled;\n"
	"}\n"
	"Interface \"eth0\" { MnIfPreference 3; }\n"
	"MnHomeLink \"eth0\" {\n"
	"\tHomeAgentAddress 2001:db8::1;\n"
	"\tHomeAddress 2001:db8::10/64 (2001:db8:1::/48, 2001:db8:2::/48);\n"
	"\tHomePrefix 2001:db8::/56;\n"
	"\tUseAltCoa enabled;\n"
	"\tIsMobRtr enabled;\n"
	"\tMnRoPolicy 2001:db8:9::9 disabled;\n"
	"\tMnRoPolicy enabled;\n"
	"}\n"
	"IPsecPolicySet {\n"
	"\tHomeAgentAddress 2001:db8::1;\n"
	"\tHomeAddress 2001:db8::10 / 64;\n"
	"\tIPsecPolicy HomeRegBinding UseESP 11 12;\n"
	"\tIPsecPolicy TunnelPayload UseESP 13 block;\n"
	"\tIPsecPolicy ICMP UseESP;\n"
	"\tIPsecPolicy any UseESP 4294967295 allow;\n"
	"\tIPsecPolicy MobPfxDisc UseESP 0;\n"
	"\tIPsecPolicy TunnelMh UseESP;\n"
	"\tIPsecPolicy TunnelHomeTesting UseESP;\n"
	"}\n"
	"BindingAclPolicy 2001:db8::10 (2001:db8:1::/48) 130;\n"
	"DefaultBindingAclPolicy 128;\n"
	"HaServedPrefix 2001:db8::/32;\n"
	"CnBindingPolicySet {\n"
	"\t2001:db8::77 enabled;\n"
	"\t2001:db8::78 2001:db8::10 disabled;\n"
	"}\n";

static void every_keyword(void)
{
	const struct mip6d_home_link *l;
	const struct mip6d_ipsec_set *s;
	struct mip6d_conf c;

	CHECK(load(everything, &c) == 0);
	CHECK(!strcmp(err, ""));
	CHECK(c.node.val == MIP6D_NODE_MN && c.debug_level.val == 3);
	CHECK(src_is(&c.debug_level.src, "/main.conf", 1));
	CHECK(c.debug_log_file.s &&
	      !strcmp(c.debug_log_file.s, "/var/log/mip6d.log"));
	CHECK(src_is(&c.debug_log_file.src, "/main.conf", 3));
	CHECK(!c.use_mn_ha_ipsec.on && c.key_mng_mob_capability.on);
	CHECK(!c.tunnel_payload_force_sa_nego.on);
	CHECK(c.non_volatile_binding_cache.on);
	CHECK(!c.do_route_optimization_cn.on && !c.do_route_optimization_mn.on);
	CHECK(!c.send_mob_pfx_sols.on && !c.send_mob_pfx_advs.on);
	CHECK(!c.send_unsol_mob_pfx_advs.on && c.ha_accept_mob_rtr.on);
	CHECK(!c.mob_rtr_use_explicit_mode.on && c.use_cn_bu_ack.on);
	CHECK(c.mn_use_all_interfaces.on && c.mn_discard_ha_param_prob.on);
	CHECK(c.optimistic_handoff.on);
	CHECK(c.ha_max_binding_life.val == 3600);
	CHECK(c.mn_max_cn_binding_life.val == 420);
	CHECK(c.max_mob_pfx_adv_interval.val == 7200);
	CHECK(c.min_mob_pfx_adv_interval.val == 60);
	CHECK(c.mn_router_probes.val == 2);
	CHECK(c.initial_bindack_timeout_first_reg.secs == 2.5);
	CHECK(c.initial_bindack_timeout_re_reg.secs == 1.25);
	CHECK(c.initial_solicit_timer.secs == 4.0);
	CHECK(c.mn_router_probe_timeout.secs == 0.5);
	CHECK(!c.movement_module.s && c.movement_module.src.line == 17);
	CHECK(c.policy_module.s && !strcmp(c.policy_module.s, "/lib/pol.so"));

	CHECK(c.n_ifaces == 2);
	CHECK(!strcmp(c.ifaces[0].name, "wlan0") && c.ifaces[0].tunnel);
	CHECK(c.ifaces[0].type == MIP6D_NODE_CN && c.ifaces[0].preference == 0);
	CHECK(src_is(&c.ifaces[0].src, "/main.conf", 18));
	CHECK(c.ifaces[1].preference == 3 && !c.ifaces[1].tunnel);

	CHECK(c.n_home_links == 1);
	l = &c.home_links[0];
	CHECK(!strcmp(l->ifname, "eth0") && addr_is(&l->ha, "2001:db8::1"));
	CHECK(addr_is(&l->hoa.addr, "2001:db8::10") && l->hoa.plen == 64);
	CHECK(src_is(&l->hoa.src, "/main.conf", 26));
	CHECK(l->n_mnps == 2 && l->mnps[1].plen == 48);
	CHECK(l->n_mnps == 2 && addr_is(&l->mnps[1].addr, "2001:db8:2::"));
	CHECK(addr_is(&l->home_prefix.addr, "2001:db8::") &&
	      l->home_prefix.plen == 56);
	CHECK(l->use_alt_coa.on && l->is_mob_rtr.on);
	CHECK(l->n_ro == 2 && addr_is(&l->ro[0].cn, "2001:db8:9::9"));
	CHECK(l->n_ro == 2 && !l->ro[0].ro && l->ro[1].ro);
	CHECK(l->n_ro == 2 && addr_is(&l->ro[1].cn, "::"));

	CHECK(c.n_sets == 1);
	s = &c.sets[0];
	CHECK(s->n_hoas == 1 && s->hoas[0].plen == 64);
	CHECK(s->n_policies == 7);
	if (s->n_policies == 7) {
		check_policy(&s->policies[0], MIP6D_IPSEC_HOMEREGBINDING, 11,
			     12, "/main.conf", 36);
		CHECK(s->policies[1].type == MIP6D_IPSEC_TUNNELPAYLOAD);
		CHECK(s->policies[1].reqid_toha == 13 && !s->policies[1].allow);
		CHECK(s->policies[2].type == MIP6D_IPSEC_ICMP);
		CHECK(!s->policies[2].reqid_toha && !s->policies[2].reqid_tomn);
		check_policy(&s->policies[3], MIP6D_IPSEC_ANY, 4294967295u,
			     4294967295u, "/main.conf", 39);
		CHECK(s->policies[4].type == MIP6D_IPSEC_MOBPFXDISC);
		CHECK(s->policies[5].type == MIP6D_IPSEC_TUNNELMH);
		CHECK(s->policies[6].type == MIP6D_IPSEC_TUNNELHOMETESTING);
	}
	CHECK(c.n_acls == 1 && c.acls[0].status == 130);
	CHECK(c.n_acls == 1 && c.acls[0].n_mnps == 1);
	CHECK(c.default_acl.val == 128);
	CHECK(c.n_served_prefixes == 1 && c.served_prefixes[0].plen == 32);
	CHECK(c.n_cn_policies == 2);
	CHECK(c.n_cn_policies == 2 && c.cn_policies[0].ro &&
	      addr_is(&c.cn_policies[0].local, "::"));
	CHECK(c.n_cn_policies == 2 && !c.cn_policies[1].ro &&
	      addr_is(&c.cn_policies[1].local, "2001:db8::10"));
	mip6d_conf_free(&c);
}

/* HomeRegBinding stands for Mh when a set has no Mh; N M is two ways. */
static void useesp_n_m(void)
{
	struct in6_addr hoa = addr("2001:db8::10");
	struct mip6d_reqids r;
	struct mip6d_conf c;

	CHECK(load(everything, &c) == 0);
	CHECK(mip6d_conf_reqids(&c, NULL, &hoa, &r) == 0);
	CHECK(r.mh == &c.sets[0].policies[0]);
	CHECK(r.mh_toha == 11 && r.mh_tomn == 12);
	CHECK(r.tunnel_toha == 13 && r.tunnel_tomn == 13);
	mip6d_conf_free(&c);

	CHECK(load("IPsecPolicySet { HomeAgentAddress 2001:1::1;\n"
		   "HomeAddress 2001:1::10/64;\n"
		   "IPsecPolicy TunnelPayload UseESP 7 8; }\n", &c) == 0);
	hoa = addr("2001:1::10");
	CHECK(mip6d_conf_reqids(&c, NULL, &hoa, &r) == 0);
	CHECK(!r.mh && r.mh_toha == 0 && r.mh_tomn == 0);
	CHECK(r.tunnel_toha == 7 && r.tunnel_tomn == 8);
	mip6d_conf_free(&c);
}

#define SET(hoa, rest)							\
	"IPsecPolicySet {\n"						\
	"\tHomeAgentAddress 2001:1::1;\n"				\
	"\tHomeAddress " hoa "/64;\n"					\
	rest								\
	"}\n"

static void reqid_conflicts(void)
{
	struct mip6d_conf c;

	CHECK(load(SET("2001:1::10", "\tIPsecPolicy Mh UseESP 1;\n"
				     "\tIPsecPolicy TunnelPayload UseESP 2;\n")
		   SET("2001:1::20", "\tIPsecPolicy Mh UseESP 3;\n"
				     "\tIPsecPolicy TunnelPayload UseESP 4 2;\n"),
		   &c) == 0);
	CHECK(check_reqids(&c) == -EEXIST);
	CHECK(!strcmp(err, "/main.conf:11: reqid 2 of 2001:1::20 (TunnelPayload) is already claimed by 2001:1::10 (TunnelPayload) at /main.conf:5: one reqid, two mobiles"));
	mip6d_conf_free(&c);

	/* Two Home Addresses in one set are two mobiles as well. */
	CHECK(load("IPsecPolicySet {\n"
		   "\tHomeAgentAddress 2001:1::1;\n"
		   "\tHomeAddress 2001:1::10/64;\n"
		   "\tHomeAddress 2001:1::20/64;\n"
		   "\tIPsecPolicy Mh UseESP;\n"
		   "\tIPsecPolicy TunnelPayload UseESP 5;\n"
		   "}\n", &c) == 0);
	CHECK(check_reqids(&c) == -EEXIST);
	CHECK(!strcmp(err, "/main.conf:6: IPsecPolicy TunnelPayload gives reqid 5 to HomeAddress 2001:1::10 (/main.conf:3) and HomeAddress 2001:1::20 (/main.conf:4) of one IPsecPolicySet: one reqid, two mobiles; give each mobile its own IPsecPolicySet"));
	mip6d_conf_free(&c);

	/* Every conflict is named, not only the first. */
	CHECK(load(SET("2001:1::10", "\tIPsecPolicy Mh UseESP 1;\n"
				     "\tIPsecPolicy TunnelPayload UseESP 2;\n")
		   SET("2001:1::20", "\tIPsecPolicy Mh UseESP 1;\n"
				     "\tIPsecPolicy TunnelPayload UseESP 2;\n")
		   SET("2001:1::30", "\tIPsecPolicy Mh UseESP 1;\n"),
		   &c) == 0);
	CHECK(check_reqids(&c) == -EEXIST);
	CHECK(!strcmp(err, "/main.conf:10: reqid 1 of 2001:1::20 (Mh) is already claimed by 2001:1::10 (Mh) at /main.conf:4: one reqid, two mobiles\n"
			   "/main.conf:16: reqid 1 of 2001:1::30 (Mh) is already claimed by 2001:1::10 (Mh) at /main.conf:4: one reqid, two mobiles\n"
			   "/main.conf:11: reqid 2 of 2001:1::20 (TunnelPayload) is already claimed by 2001:1::10 (TunnelPayload) at /main.conf:5: one reqid, two mobiles"));
	mip6d_conf_free(&c);

	/* One mobile behind two HA addresses, one number: no conflict. */
	CHECK(load(SET("2001:1::10", "\tIPsecPolicy Mh UseESP 1;\n")
		   "IPsecPolicySet {\n"
		   "\tHomeAgentAddress 2001:1::2;\n"
		   "\tHomeAddress 2001:1::10/64;\n"
		   "\tIPsecPolicy Mh UseESP 1;\n"
		   "}\n", &c) == 0);
	CHECK(check_reqids(&c) == 0);
	CHECK(!strcmp(err, ""));
	mip6d_conf_free(&c);
}

static const struct broken {
	const char *text;
	const char *msg;
} broken[] = {
	{ "NodeConfig HA\nUseMnHaIPsec enabled;\n",
	  "/main.conf:1: expected ';' after 'HA', got 'UseMnHaIPsec'" },
	{ "NodeConfig HA",
	  "/main.conf:1: expected ';' after 'HA', got end of file" },
	{ "NodeConfig HA;\nFooBar 1;\n",
	  "/main.conf:2: unknown keyword 'FooBar'" },
	{ "nodeconfig HA;\n",
	  "/main.conf:1: unknown keyword 'nodeconfig' (keywords are case-sensitive: NodeConfig)" },
	{ "NodeConfig XX;\n",
	  "/main.conf:1: NodeConfig wants CN, HA or MN, got 'XX'" },
	{ "NodeConfig ha;\n",
	  "/main.conf:1: NodeConfig wants CN, HA or MN, got 'ha'" },
	{ "UseMnHaIPsec maybe;\n",
	  "/main.conf:1: UseMnHaIPsec wants enabled or disabled, got 'maybe'" },
	{ "UseMnHaIPsec;\n",
	  "/main.conf:1: UseMnHaIPsec wants enabled or disabled, got ';'" },
	{ "BindingAclPolicy 2001:zz::1 allow;\n",
	  "/main.conf:1: bad IPv6 address '2001:zz::1'" },
	{ "BindingAclPolicy 2001:1::1::2 allow;\n",
	  "/main.conf:1: bad IPv6 address '2001:1::1::2'" },
	{ "BindingAclPolicy 10.0.0.1 allow;\n",
	  "/main.conf:1: cannot read '10.0.0.1': not a keyword, number or IPv6 address" },
	{ "BindingAclPolicy 2001:1::10 256;\n",
	  "/main.conf:1: BindingAclPolicy: status 256 is out of range (0-255)" },
	{ "BindingAclPolicy 2001:1::10 (2001:db8::/48 allow;\n",
	  "/main.conf:1: BindingAclPolicy wants ',' or ')' in its prefix list, got 'allow'" },
	{ "DefaultBindingAclPolicy maybe;\n",
	  "/main.conf:1: DefaultBindingAclPolicy wants allow, deny or a status number, got 'maybe'" },
	{ SET("2001:1::10", "")
	  "",
	  "/main.conf:1: IPsecPolicySet has no IPsecPolicy" },
	{ "IPsecPolicySet {\n\tHomeAgentAddress 2001:1::1;\n"
	  "\tHomeAddress 2001:1::10/129;\n",
	  "/main.conf:3: invalid prefix length 129 in HomeAddress (0-128)" },
	{ "IPsecPolicySet {\n\tHomeAgentAddress 2001:1::1;\n"
	  "\tHomeAddress 2001:1::10;\n",
	  "/main.conf:3: HomeAddress wants ADDRESS/LENGTH, got ';'" },
	{ "IPsecPolicySet {\n\tHomeAgentAddress 2001:1::1;\n"
	  "\tHomeAddress 2001:1::10/;\n",
	  "/main.conf:3: HomeAddress wants a prefix length after '/', got ';'" },
	{ SET("2001:1::10", "\tIPsecPolicy Mh UseESP 4294967296;\n"),
	  "/main.conf:4: number '4294967296' is too large (max 4294967295)" },
	{ SET("2001:1::10", "\tIPsecPolicy Mh UseESP 99999999999999999999999;\n"),
	  "/main.conf:4: number '99999999999999999999999' is too large (max 4294967295)" },
	{ SET("2001:1::10", "\tIPsecPolicy Mh UseESP 1 2 3;\n"),
	  "/main.conf:4: expected ';' after '2', got '3'" },
	{ SET("2001:1::10", "\tIPsecPolicy Mh 1;\n"),
	  "/main.conf:4: IPsecPolicy wants at least one protocol (UseESP), got '1'" },
	{ SET("2001:1::10", "\tIPsecPolicy Mh UseAH 1;\n"),
	  "/main.conf:4: only UseESP is supported, not UseAH" },
	{ SET("2001:1::10", "\tIPsecPolicy Mh UseESP UseESP 1;\n"),
	  "/main.conf:4: UseESP given twice" },
	{ SET("2001:1::10", "\tIPsecPolicy Payload UseESP 1;\n"),
	  "/main.conf:4: IPsecPolicy wants a type (HomeRegBinding, Mh, MobPfxDisc, ICMP, any, TunnelHomeTesting, TunnelMh or TunnelPayload), got 'Payload'" },
	{ SET("2001:1::10", "\tIPsecPolicy Mh UseESP 1;\n"
			    "\tIPsecPolicy HomeRegBinding UseESP 2;\n"),
	  "/main.conf:5: overlapping IPsec policies for HA 2001:1::1 and MN 2001:1::10: HomeRegBinding here and Mh at /main.conf:4" },
	{ SET("2001:1::10", "\tIPsecPolicy Mh UseESP 1;\n")
	  SET("2001:1::10", "\tIPsecPolicy Mh UseESP 3;\n"),
	  "/main.conf:9: overlapping IPsec policies for HA 2001:1::1 and MN 2001:1::10: Mh here and Mh at /main.conf:4" },
	{ SET("2001:1::10", "\tIPsecPolicy Mh UseESP 1;\n"
			    "\tHomeAddress 2001:1::20/64;\n"),
	  "/main.conf:5: HomeAddress must come before the IPsecPolicy lines of its IPsecPolicySet" },
	{ "IPsecPolicySet {\n\tHomeAddress 2001:1::10/64;\n}\n",
	  "/main.conf:2: IPsecPolicySet must start with HomeAgentAddress, got 'HomeAddress'" },
	{ "IPsecPolicySet {\n\tHomeAgentAddress 2001:1::1;\n"
	  "\tIPsecPolicy Mh UseESP 1;\n}\n",
	  "/main.conf:3: HomeAddress missing for IPsecPolicy" },
	{ "IPsecPolicySet {\n\tHomeAgentAddress 2001:1::1;\n"
	  "\tHomeAgentAddress 2001:1::2;\n}\n",
	  "/main.conf:3: HomeAgentAddress given twice in IPsecPolicySet (first at /main.conf:2)" },
	{ "IPsecPolicySet {\n\tHomeAgentAddress ::;\n}\n",
	  "/main.conf:2: HomeAgentAddress missing for IPsecPolicySet: '::' is no address" },
	{ "IPsecPolicySet { }\n",
	  "/main.conf:1: empty IPsecPolicySet block" },
	{ "IPsecPolicySet HomeAgentAddress 2001:1::1;\n",
	  "/main.conf:1: IPsecPolicySet wants '{', got 'HomeAgentAddress'" },
	{ SET("2001:1::10", "\tIPsecPolicy Mh UseESP 1;\n") ";\n",
	  "/main.conf:6: unexpected ';' after '}': a block takes no ';'" },
	{ "IPsecPolicySet {\n\tHomeAgentAddress 2001:1::1;\n"
	  "\tHomeAddress 2001:1::10/64;\n\tIPsecPolicy Mh UseESP 1;\n",
	  "/main.conf:4: end of file inside IPsecPolicySet opened at /main.conf:1 (missing '}')" },
	{ "IPsecPolicySet {\n\tHomeAgentAddress 2001:1::1;\n"
	  "\tHomeAddress 2001:1::10/64;\n\tIPsecPolicy Mh UseESP 1;\n"
	  "BindingAclPolicy 2001:1::10 allow;\n",
	  "/main.conf:5: 'BindingAclPolicy' cannot appear in IPsecPolicySet (missing '}'?)" },
	{ "HomeAddress 2001:1::10/64;\n",
	  "/main.conf:1: 'HomeAddress' is not allowed at top level" },
	{ "}\n", "/main.conf:1: expected a keyword at top level, got '}'" },
	{ ";\n", "/main.conf:1: expected a keyword at top level, got ';'" },
	{ "\"eth0\";\n",
	  "/main.conf:1: expected a keyword at top level, got \"eth0\"" },
	{ "NodeConfig HA; @\n", "/main.conf:1: unexpected character '@'" },
	{ "Interface \"eth0;\nNodeConfig HA;\n",
	  "/main.conf:1: unterminated string \"eth0;" },
	{ "Interface \"eth0", "/main.conf:1: unterminated string \"eth0" },
	{ "Interface eth0;\n",
	  "/main.conf:1: Interface wants a quoted interface name, got 'eth0'" },
	{ "Interface \"abcdefghijklmnop\";\n",
	  "/main.conf:1: Interface: interface name \"abcdefghijklmnop\" must have 1 to 15 characters" },
	{ "Interface \"eth0\" { MnIfPreference 11; }\n",
	  "/main.conf:1: bad interface preference value (11), valid range is [0,10]" },
	{ "Interface \"eth0\" { IfType XX; }\n",
	  "/main.conf:1: IfType wants CN, HA or MN, got 'XX'" },
	{ "Interface \"eth0\" { HomeAddress 2001:1::10/64; }\n",
	  "/main.conf:1: 'HomeAddress' is not allowed in Interface" },
	{ "Interface \"eth0\" { }\n", "/main.conf:1: empty Interface block" },
	{ "NodeConfig HA;\nInterface \"tun0\" { Tunnel enabled; }\n",
	  "/main.conf:2: Interface \"tun0\": use of a tunnel interface is not possible for a HA" },
	{ "Interface \"tun0\" { Tunnel enabled; IfType HA; }\n",
	  "/main.conf:1: Interface \"tun0\": use of a tunnel interface is not possible for a HA" },
	{ "HaMaxBindingLife 262141;\n",
	  "/main.conf:1: HaMaxBindingLife 262141 is too long: max allowed binding lifetime is 262140" },
	{ "MnMaxCnBindingLife 421;\n",
	  "/main.conf:1: MnMaxCnBindingLife 421 is too long: max allowed binding lifetime is 420" },
	{ "HaMaxBindingLife 1.5;\n",
	  "/main.conf:1: HaMaxBindingLife wants a number, got '1.5'" },
	{ "InitialBindackTimeoutFirstReg 2;\n",
	  "/main.conf:1: InitialBindackTimeoutFirstReg wants a decimal number such as 1.5, got '2'" },
	{ "DebugLogFile /var/log/x;\n",
	  "/main.conf:1: DebugLogFile wants a quoted string, got '/'" },
	{ "UseMovementModule \"/x.so\" extra;\n",
	  "/main.conf:1: expected ';' after \"/x.so\", got 'extra'" },
	{ "MnHomeLink \"eth0\" {\n\tHomeAgentAddress 2001:db8::1;\n}\n",
	  "/main.conf:1: no home address defined for MnHomeLink \"eth0\"" },
	{ "MnHomeLink \"eth0\" {\n\tHomeAddress 2001:db8::10/64;\n"
	  "\tHomeAddress 2001:db8::11/64;\n}\n",
	  "/main.conf:3: HomeAddress given twice in MnHomeLink (first at /main.conf:2)" },
	{ "MnHomeLink \"eth0\" {\n\tHomeAddress 2001:db8::10/64;\n"
	  "\tMnRoPolicy 2001:db8::1;\n}\n",
	  "/main.conf:3: MnRoPolicy wants enabled or disabled, got ';'" },
	{ "CnBindingPolicySet {\n\t2001:db8::1 2001:db8::2 2001:db8::3;\n}\n",
	  "/main.conf:2: CnBindingPolicySet wants enabled or disabled, got '2001:db8::3'" },
	{ "CnBindingPolicySet {\n\tNodeConfig HA;\n}\n",
	  "/main.conf:2: 'NodeConfig' cannot appear in CnBindingPolicySet (missing '}'?)" },
	{ "include /etc/x.conf\n",
	  "/main.conf:1: include wants a quoted file pattern on the same line" },
	{ "include\n\"/x.conf\"\n",
	  "/main.conf:1: include wants a quoted file pattern on the same line" },
};

static void broken_files(void)
{
	size_t i;

	for (i = 0; i < sizeof(broken) / sizeof(broken[0]); i++)
		refused(broken[i].text, broken[i].msg);
}

static void crlf_and_comments(void)
{
	struct mip6d_conf c;

	CHECK(load("NodeConfig HA;\r\n#UseMnHaIPsec disabled;\r\n"
		   "Interface \"a#b\"; # a comment after a statement\r\n",
		   &c) == 0);
	CHECK(c.node.val == MIP6D_NODE_HA && c.use_mn_ha_ipsec.on);
	CHECK(c.n_ifaces == 1 && !strcmp(c.ifaces[0].name, "a#b"));
	CHECK(c.n_ifaces == 1 && c.ifaces[0].src.line == 3);
	mip6d_conf_free(&c);
}

static void missing_file(void)
{
	struct mip6d_conf c;

	CHECK(mip6d_conf_load("/nope.conf", root, &c, err, sizeof(err)) == -1);
	CHECK(!strcmp(err, "cannot open /nope.conf: No such file or directory"));
	CHECK(mip6d_conf_load("/", NULL, &c, err, sizeof(err)) == -1);
	CHECK(!strcmp(err, "cannot open /: Is a directory"));
	mip6d_conf_free(&c);
}

static void include_relative_and_sorted(void)
{
	struct mip6d_conf c;
	char path[PATH_MAX + 32];

	put("/etc/d/b.conf", "Interface \"b\";\n");
	put("/etc/d/a.conf", "Interface \"a\";\n");
	put("/etc/sub/x.conf", "# x\nInterface \"x\";\n");
	put("/etc/main.conf", "include \"sub/x.conf\"\n"
			      "include \"/etc/d/*.conf\" Interface \"c\";\n");
	CHECK(mip6d_conf_load("/etc/main.conf", root, &c, err,
			      sizeof(err)) == 0);
	CHECK(c.n_ifaces == 4);
	if (c.n_ifaces == 4) {
		CHECK(!strcmp(c.ifaces[0].name, "x"));
		CHECK(src_is(&c.ifaces[0].src, "/etc/sub/x.conf", 2));
		CHECK(!strcmp(c.ifaces[1].name, "a"));
		CHECK(src_is(&c.ifaces[1].src, "/etc/d/a.conf", 1));
		CHECK(!strcmp(c.ifaces[2].name, "b"));
		CHECK(!strcmp(c.ifaces[3].name, "c"));
		CHECK(src_is(&c.ifaces[3].src, "/etc/main.conf", 2));
	}
	mip6d_conf_free(&c);

	/* Without a root, names are used as they are. */
	put("/noroot/main.conf", "include \"sub.conf\"\n");
	put("/noroot/sub.conf", "Interface \"s\";\n");
	snprintf(path, sizeof(path), "%s/noroot/main.conf", root);
	CHECK(mip6d_conf_load(path, NULL, &c, err, sizeof(err)) == 0);
	CHECK(c.n_ifaces == 1 && c.n_files == 2);
	strcpy(strrchr(path, '/'), "/sub.conf");
	CHECK(c.n_ifaces == 1 && src_is(&c.ifaces[0].src, path, 1));
	mip6d_conf_free(&c);
}

/*
 * UMIP warns and goes on when a pattern matches nothing; a name without
 * wildcards must exist (UMIP warns there too, and the mobile of that
 * file would silently get no reqids).
 */
static void include_no_match(void)
{
	struct mip6d_conf c;

	put("/empty/.keep", "");
	CHECK(load("include \"/empty/*.conf\"\nNodeConfig HA;\n", &c) == 0);
	CHECK(c.node.val == MIP6D_NODE_HA);
	CHECK(c.n_warnings == 1);
	if (c.n_warnings == 1)
		CHECK(!strcmp(c.warnings[0], "/main.conf:1: include \"/empty/*.conf\" matches no file"));
	mip6d_conf_free(&c);
	refused("NodeConfig HA;\ninclude \"/gone.conf\"\n",
		"/main.conf:2: cannot open /gone.conf: No such file or directory");
	/* Relative to the including file, named as the configuration would. */
	put("/etc/main.conf", "include \"d/gone.conf\"\n");
	CHECK(mip6d_conf_load("/etc/main.conf", root, &c, err,
			      sizeof(err)) == -1);
	CHECK(!strcmp(err, "/etc/main.conf:1: cannot open /etc/d/gone.conf: No such file or directory"));
	mip6d_conf_free(&c);
}

static void include_errors(void)
{
	put("/dir.conf/.keep", "");
	refused("include \"/nodir/*.conf\"\n",
		"/main.conf:1: include \"/nodir/*.conf\": cannot read /nodir: No such file or directory");
	refused("\n include \"/dir.con?\"\n",
		"/main.conf:2: cannot open /dir.conf: Is a directory");
	put("/bad.conf", "NodeConfig HA;\nInterface \"x;\n");
	refused("include \"/bad.conf\"\n",
		"/bad.conf:2: unterminated string \"x;");
	put("/a.conf", "include \"/b.conf\"\n");
	put("/b.conf", "\ninclude \"a.conf\"\n");
	refused("include \"/a.conf\"\n",
		"/b.conf:2: include loop: /a.conf is already being read");
	refused("NodeConfig HA;\ninclude \"/main.conf\"\n",
		"/main.conf:2: include loop: /main.conf is already being read");
}

/* Five levels below the top file are allowed, a sixth is not. */
static void include_depth(void)
{
	struct mip6d_conf c;
	char name[32], text[64];
	int i;

	for (i = 1; i <= 6; i++) {
		snprintf(name, sizeof(name), "/l%d.conf", i);
		snprintf(text, sizeof(text), "Interface \"l%d\";\ninclude \"/l%d.conf\"\n",
			 i, i + 1);
		put(name, text);
	}
	put("/l5.conf", "Interface \"l5\";\n");
	CHECK(load("include \"/l1.conf\"\n", &c) == 0);
	CHECK(c.n_ifaces == 5 && c.n_files == 6);
	CHECK(c.n_ifaces == 5 && src_is(&c.ifaces[4].src, "/l5.conf", 1));
	mip6d_conf_free(&c);
	put("/l5.conf", "Interface \"l5\";\ninclude \"/l6.conf\"\n");
	refused("include \"/l1.conf\"\n",
		"/l5.conf:2: include \"/l6.conf\": more than 5 nested include levels");
}

/* As in UMIP's scanner, an include may stand between any two tokens. */
static void include_inside_block(void)
{
	struct mip6d_conf c;

	put("/hoas.conf", "HomeAddress 2001:1::10/64;\nHomeAddress 2001:1::11/64;\n");
	put("/half.conf", "NodeConfig");
	CHECK(load("IPsecPolicySet {\n\tHomeAgentAddress 2001:1::1;\n"
		   "\tinclude \"/hoas.conf\"\n\tIPsecPolicy Mh UseESP 1;\n}\n"
		   "include \"/half.conf\" MN;\n", &c) == 0);
	CHECK(c.n_sets == 1 && c.sets[0].n_hoas == 2);
	CHECK(c.n_sets == 1 && src_is(&c.sets[0].hoas[1].src, "/hoas.conf", 2));
	CHECK(c.node.val == MIP6D_NODE_MN);
	CHECK(src_is(&c.node.src, "/half.conf", 1));
	mip6d_conf_free(&c);
}

/* A later scalar overrides an earlier one, as in UMIP. */
static void later_line_wins(void)
{
	struct mip6d_conf c;

	CHECK(load("DebugLogFile \"/a\";\nNodeConfig HA;\nDebugLogFile \"/b\";\n"
		   "NodeConfig MN;\nUsePolicyModule \"/p1\";\n"
		   "UsePolicyModule \"/p2\";\nUseMovementModule \"/m\";\n"
		   "UseMovementModule internal;\n", &c) == 0);
	CHECK(c.debug_log_file.s && !strcmp(c.debug_log_file.s, "/b"));
	CHECK(c.node.val == MIP6D_NODE_MN && c.node.src.line == 4);
	CHECK(c.policy_module.s && !strcmp(c.policy_module.s, "/p2"));
	CHECK(!c.movement_module.s && c.movement_module.src.line == 8);
	mip6d_conf_free(&c);
}

static void names(void)
{
	CHECK(!strcmp(mip6d_ipsec_type_name(MIP6D_IPSEC_TUNNELPAYLOAD),
		      "TunnelPayload"));
	CHECK(!strcmp(mip6d_ipsec_type_name(MIP6D_IPSEC_ANY), "any"));
	CHECK(!strcmp(mip6d_node_name(MIP6D_NODE_HA), "HA"));
}

int main(void)
{
	snprintf(root, sizeof(root), "%s/mip6d_test.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	TEST(seed_parses);
	TEST(seed_reqids);
	TEST(seed_fixtures_complete);
	TEST(defaults);
	TEST(every_keyword);
	TEST(useesp_n_m);
	TEST(reqid_conflicts);
	TEST(broken_files);
	TEST(crlf_and_comments);
	TEST(missing_file);
	TEST(include_relative_and_sorted);
	TEST(include_no_match);
	TEST(include_errors);
	TEST(include_depth);
	TEST(include_inside_block);
	TEST(later_line_wins);
	TEST(names);
	fixture_rm(root);
	return CHECK_DONE();
}
