// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for conf/reqid: the seed's reqids (carol-mh 1, carol-tunnel
 * 2, dave-mh 3, dave-tunnel 4) whatever the order of the conns, reqid=
 * winning, conflicts with their exact messages, and derived reqids that
 * stay put across loads, reorderings and restarts via the state file.
 *
 * Variants of the seed are written to a mkdtemp() directory used as the
 * loaders' root, so messages name "/etc/..." whatever the directory.
 */
#define _GNU_SOURCE
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../conf/reqid.h"
#include "check.h"
#include "fixture.h"

static char root[64];
static char state[PATH_MAX];
static char err[4096];

static void put(const char *name, const char *text)
{
	CHECK(fixture_put(root, name, text));
}

/* dir/name as text, into buf of len bytes. */
static const char *read_text(const char *dir, const char *name, char *buf,
			     size_t len)
{
	char path[PATH_MAX];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", dir, name);
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (f) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* The seed's file name, as text (static buffer, one at a time). */
static const char *seed_text(const char *name)
{
	static char buf[8192];

	return read_text(fixture_seed_root(), name, buf, sizeof(buf));
}

static const char *const seed_files[] = {
	"/etc/ipsec.conf", "/etc/ipsec.conf.d/carol.ipsec.conf",
	"/etc/ipsec.conf.d/dave.ipsec.conf", "/etc/mip6d.conf",
	"/etc/mip6d.conf.d/carol.mip6d.conf",
	"/etc/mip6d.conf.d/dave.mip6d.conf",
};

/* A fresh copy of the seed under root, and no state file. */
static void fresh_seed(void)
{
	for (size_t i = 0; i < sizeof(seed_files) / sizeof(seed_files[0]); i++)
		put(seed_files[i], seed_text(seed_files[i]));
	unlink(state);
}

/* Replaces the first "from" in root's file name by "to". */
static void edit(const char *name, const char *from, const char *to)
{
	char buf[8192], out[8192], *at;

	read_text(root, name, buf, sizeof(buf));
	at = strstr(buf, from);
	CHECK(at != NULL);
	if (!at)
		return;
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(at - buf), buf, to,
		 at + strlen(from));
	put(name, out);
}

struct loaded {
	struct ipsec_conf ic;
	struct mip6d_conf mc;
	struct reqid_map map;
};

/* Loads the configuration under dir; returns reqid_assign()'s result. */
static int load(const char *dir, const char *st, struct loaded *l)
{
	memset(l, 0, sizeof(*l));
	CHECK(ipsec_conf_load("/etc/ipsec.conf", dir, &l->ic, err,
			      sizeof(err)) == 0);
	CHECK(mip6d_conf_load("/etc/mip6d.conf", dir, &l->mc, err,
			      sizeof(err)) == 0);
	return reqid_assign(&l->ic, &l->mc, st, true, &l->map);
}

/* The errors of the last load, one a line, into err. */
static const char *errors(const struct loaded *l)
{
	size_t off = 0;

	err[0] = '\0';
	for (size_t i = 0; i < l->map.errors.n && off < sizeof(err); i++)
		off += snprintf(err + off, sizeof(err) - off, "%s%s",
				i ? "\n" : "", l->map.errors.v[i]);
	return err;
}

static void unload(struct loaded *l)
{
	reqid_map_free(&l->map);
	mip6d_conf_free(&l->mc);
	ipsec_conf_free(&l->ic);
}

static bool has(const struct loaded *l, const char *conn, uint32_t in,
		uint32_t out, enum reqid_origin origin)
{
	const struct reqid_child *rc = reqid_find(&l->map, conn);

	if (!rc || rc->in != in || rc->out != out || rc->origin != origin) {
		printf("#   %s: %u/%u %s\n", conn, rc ? rc->in : 0,
		       rc ? rc->out : 0,
		       rc ? reqid_origin_name(rc->origin) : "missing");
		return false;
	}
	return true;
}

static bool seed_numbers(const struct loaded *l)
{
	return has(l, "carol-mh", 1, 1, REQID_MIP6D) &&
	       has(l, "carol-tunnel", 2, 2, REQID_MIP6D) &&
	       has(l, "dave-mh", 3, 3, REQID_MIP6D) &&
	       has(l, "dave-tunnel", 4, 4, REQID_MIP6D);
}

static void seed(void)
{
	const struct reqid_child *rc;
	struct loaded l;

	CHECK(load(fixture_seed_root(), NULL, &l) == 0);
	CHECK(seed_numbers(&l));
	/* Only the four loaded conns; mh, tunnel, ha, carol, dave are not. */
	CHECK(l.map.n == 4 && !reqid_find(&l.map, "ha"));
	rc = reqid_find(&l.map, "dave-tunnel");
	CHECK(rc && !strcmp(rc->file, "/etc/mip6d.conf.d/dave.mip6d.conf") &&
	      rc->line == 5);
	unload(&l);
}

static void seed_reordered(void)
{
	struct loaded l;

	fresh_seed();
	edit("/etc/ipsec.conf", "include /etc/ipsec.conf.d/carol.ipsec.conf\n",
	     "");
	edit("/etc/ipsec.conf", "include /etc/ipsec.conf.d/dave.ipsec.conf\n",
	     "include /etc/ipsec.conf.d/dave.ipsec.conf\n"
	     "include /etc/ipsec.conf.d/carol.ipsec.conf\n");
	CHECK(load(root, state, &l) == 0);
	CHECK(l.ic.n_conns &&
	      !strcmp(l.ic.conns[l.ic.n_conns - 1].name, "carol-tunnel"));
	CHECK(seed_numbers(&l));
	unload(&l);
	/* Also within a file: the tunnel conn before the mh conn. */
	edit("/etc/ipsec.conf.d/dave.ipsec.conf",
	     "conn dave-mh\n\talso=dave\n\talso=mh\n\tauto=add\n", "");
	edit("/etc/ipsec.conf.d/dave.ipsec.conf", "\tauto=add\n",
	     "\tauto=add\n\nconn dave-mh\n\talso=dave\n\talso=mh\n\tauto=add\n");
	CHECK(load(root, state, &l) == 0);
	CHECK(seed_numbers(&l));
	unload(&l);
	/* The seed's numbers are not derived: nothing to keep. */
	CHECK(access(state, F_OK) != 0);
}

static void explicit_wins(void)
{
	const struct reqid_child *rc;
	struct loaded l;

	fresh_seed();
	edit("/etc/ipsec.conf.d/carol.ipsec.conf", "also=tunnel\n",
	     "also=tunnel\n\treqid=7\n");
	CHECK(load(root, state, &l) == 0);
	CHECK(has(&l, "carol-tunnel", 7, 7, REQID_EXPLICIT));
	CHECK(has(&l, "carol-mh", 1, 1, REQID_MIP6D));
	CHECK(has(&l, "dave-tunnel", 4, 4, REQID_MIP6D));
	rc = reqid_find(&l.map, "carol-tunnel");
	CHECK(rc && !strcmp(rc->file, "/etc/ipsec.conf.d/carol.ipsec.conf"));
	unload(&l);
}

/* "UseESP N M": N on the SA towards the HA (inbound here), M outbound. */
static void pair_and_homeregbinding(void)
{
	const struct reqid_child *rc;
	struct loaded l;

	fresh_seed();
	edit("/etc/mip6d.conf.d/carol.mip6d.conf", "TunnelPayload UseESP 2",
	     "TunnelPayload UseESP 5 6");
	edit("/etc/mip6d.conf.d/carol.mip6d.conf", "Mh UseESP 1",
	     "HomeRegBinding UseESP 1");
	CHECK(load(root, state, &l) == 0);
	CHECK(has(&l, "carol-tunnel", 5, 6, REQID_MIP6D));
	CHECK(has(&l, "carol-mh", 1, 1, REQID_MIP6D));
	CHECK(has(&l, "dave-mh", 3, 3, REQID_MIP6D));
	unload(&l);

	/* No number in mip6d.conf: derived, and kept. */
	fresh_seed();
	edit("/etc/mip6d.conf.d/dave.mip6d.conf", "TunnelPayload UseESP 4",
	     "TunnelPayload UseESP");
	CHECK(load(root, state, &l) == 0);
	rc = reqid_find(&l.map, "dave-tunnel");
	CHECK(rc && rc->origin == REQID_DERIVED);
	CHECK(access(state, F_OK) == 0);
	unload(&l);
}

/*
 * reqid_warn_mobiles() on l, its warnings one a line; "%u" in want
 * stands for each derived reqid in turn (they depend on the names).
 */
static bool warns(const struct loaded *l, const char *want,
		  const char *conn1, const char *conn2)
{
	const struct reqid_child *a = conn1 ? reqid_find(&l->map, conn1) : NULL;
	const struct reqid_child *b = conn2 ? reqid_find(&l->map, conn2) : NULL;
	char expect[4096], got[4096];
	struct msglist w = { 0 };
	size_t off = 0;

	CHECK(reqid_warn_mobiles(&l->ic, &l->mc, &l->map, &w) == 0);
	got[0] = '\0';
	for (size_t i = 0; i < w.n && off < sizeof(got); i++)
		off += snprintf(got + off, sizeof(got) - off, "%s%s",
				i ? "\n" : "", w.v[i]);
	msglist_free(&w);
	snprintf(expect, sizeof(expect), want, a ? a->in : 0, b ? b->in : 0);
	if (!strcmp(got, expect))
		return true;
	printf("#   got  \"%s\"\n#   want \"%s\"\n", got, expect);
	return false;
}

static void fails(const char *msg)
{
	struct loaded l;

	CHECK(load(root, state, &l) == -1);
	if (strcmp(errors(&l), msg)) {
		printf("#   got  \"%s\"\n#   want \"%s\"\n", err, msg);
		CHECK(!"message");
	}
	CHECK(l.map.n == 0 && !l.map.v);
	unload(&l);
}

static void conflicts(void)
{
	/* Two conns, one reqid: both origins named. */
	fresh_seed();
	edit("/etc/ipsec.conf.d/dave.ipsec.conf", "also=tunnel\n",
	     "also=tunnel\n\treqid=2\n");
	fails("/etc/ipsec.conf.d/dave.ipsec.conf:13: reqid 2 of conn dave-tunnel is already taken by conn carol-tunnel at /etc/mip6d.conf.d/carol.mip6d.conf:6");

	/* reqid= taking the number mip6d.conf gives a mobile with no conn. */
	fresh_seed();
	put("/etc/ipsec.conf.d/dave.ipsec.conf",
	    "conn road\n\tright=%any\n\trightsubnet=10.1.0.0/16\n"
	    "\treqid=3\n\tauto=add\n");
	fails("/etc/ipsec.conf.d/dave.ipsec.conf:4: reqid 3 of conn road is already claimed by 2001:1::20 (Mh) at /etc/mip6d.conf.d/dave.mip6d.conf:4");

	/* Two mobiles, one number in mip6d.conf: once, not again per conn. */
	fresh_seed();
	edit("/etc/mip6d.conf.d/dave.mip6d.conf", "UseESP 3", "UseESP 1");
	fails("/etc/mip6d.conf.d/dave.mip6d.conf:4: reqid 1 of 2001:1::20 (Mh) is already claimed by 2001:1::10 (Mh) at /etc/mip6d.conf.d/carol.mip6d.conf:5: one reqid, two mobiles");

	/* Every conflict of one load is named, of each kind. */
	fresh_seed();
	edit("/etc/mip6d.conf.d/dave.mip6d.conf", "UseESP 4", "UseESP 2");
	edit("/etc/ipsec.conf.d/dave.ipsec.conf", "also=mh\n",
	     "also=mh\n\treqid=1\n");
	put("/etc/ipsec.conf.d/road.ipsec.conf",
	    "conn road\n\tright=%any\n\trightsubnet=10.1.0.0/16\n"
	    "\treqid=3\n\tauto=add\n\n"
	    "conn branch\n\tright=%any\n\trightsubnet=10.2.0.0/16\n"
	    "\treqid=3\n\tauto=add\n");
	edit("/etc/ipsec.conf", "include /etc/ipsec.conf.d/dave.ipsec.conf\n",
	     "include /etc/ipsec.conf.d/dave.ipsec.conf\n"
	     "include /etc/ipsec.conf.d/road.ipsec.conf\n");
	fails("/etc/mip6d.conf.d/dave.mip6d.conf:5: reqid 2 of 2001:1::20 (TunnelPayload) is already claimed by 2001:1::10 (TunnelPayload) at /etc/mip6d.conf.d/carol.mip6d.conf:6: one reqid, two mobiles\n"
	      "/etc/ipsec.conf.d/dave.ipsec.conf:8: reqid 1 of conn dave-mh is already taken by conn carol-mh at /etc/mip6d.conf.d/carol.mip6d.conf:5\n"
	      "/etc/ipsec.conf.d/road.ipsec.conf:10: reqid 3 of conn branch is already taken by conn road at /etc/ipsec.conf.d/road.ipsec.conf:4\n"
	      "/etc/ipsec.conf.d/road.ipsec.conf:4: reqid 3 of conn road is already claimed by 2001:1::20 (Mh) at /etc/mip6d.conf.d/dave.mip6d.conf:4");
}

/*
 * A mobile's own files: its mip6d.conf numbers its SAs with the HA, and
 * its ipsec.conf pins the same numbers on the conns whose leftsubnet is
 * the Home Address. Same numbers, same mobile: no conflict.
 */
static void mobile_side(void)
{
	struct loaded l;

	fixture_rm(root);
	CHECK(!mkdir(root, 0700));
	put("/etc/mip6d.conf",
	    "NodeConfig MN;\nMnHomeLink \"eth0\" {\n"
	    "\tHomeAgentAddress 2001:1::1;\n\tHomeAddress 2001:1::10/64;\n}\n"
	    "IPsecPolicySet {\n\tHomeAgentAddress 2001:1::1;\n"
	    "\tHomeAddress 2001:1::10/64;\n\tIPsecPolicy Mh UseESP 1;\n"
	    "\tIPsecPolicy TunnelPayload UseESP 2;\n}\n");
	put("/etc/ipsec.conf",
	    "conn home\n\tleft=2001::41a:a8ff:fe6f:c67\n"
	    "\tleftsubnet=2001:1::10/128\n\tright=2001:1::1\n\n"
	    "conn carol-mh\n\talso=home\n\trightsubnet=2001:1::1/128\n"
	    "\ttype=transport_proxy\n\treqid=1\n\tauto=start\n\n"
	    "conn carol-tunnel\n\talso=home\n\trightsubnet=::/0\n"
	    "\treqid=2\n\tauto=start\n");
	CHECK(load(root, state, &l) == 0);
	CHECK(has(&l, "carol-mh", 1, 1, REQID_EXPLICIT));
	CHECK(has(&l, "carol-tunnel", 2, 2, REQID_EXPLICIT));
	CHECK(warns(&l, "", NULL, NULL));
	unload(&l);

	/*
	 * Without reqid=: the Home Address is the leftsubnet here, and the
	 * mobile's mip6d.conf numbers its SAs; "UseESP N M" gives N to the
	 * SA towards the HA, the outbound one on a mobile.
	 */
	put("/etc/ipsec.conf",
	    "conn home\n\tleft=2001::41a:a8ff:fe6f:c67\n"
	    "\tleftsubnet=2001:1::10/128\n\tright=2001:1::1\n\n"
	    "conn carol-mh\n\talso=home\n\trightsubnet=2001:1::1/128\n"
	    "\ttype=transport_proxy\n\tauto=start\n\n"
	    "conn carol-tunnel\n\talso=home\n\trightsubnet=::/0\n"
	    "\tauto=start\n");
	CHECK(load(root, state, &l) == 0);
	CHECK(has(&l, "carol-mh", 1, 1, REQID_MIP6D));
	CHECK(has(&l, "carol-tunnel", 2, 2, REQID_MIP6D));
	CHECK(warns(&l, "", NULL, NULL));
	unload(&l);
	edit("/etc/mip6d.conf", "TunnelPayload UseESP 2", "TunnelPayload UseESP 5 6");
	CHECK(load(root, state, &l) == 0);
	CHECK(has(&l, "carol-tunnel", 6, 5, REQID_MIP6D));
	unload(&l);
	edit("/etc/mip6d.conf", "TunnelPayload UseESP 5 6", "TunnelPayload UseESP 2");

	/* another mobile's number is still refused */
	put("/etc/ipsec.conf",
	    "conn home\n\tleft=2001::20:1\n"
	    "\tleftsubnet=2001:1::20/128\n\tright=2001:1::1\n\n"
	    "conn dave-mh\n\talso=home\n\trightsubnet=2001:1::1/128\n"
	    "\ttype=transport_proxy\n\treqid=1\n\tauto=start\n");
	fails("/etc/ipsec.conf:10: reqid 1 of conn dave-mh is already claimed by 2001:1::10 (Mh) at /etc/mip6d.conf:9");
}

/* The seed: nothing to say (a mobile's own files: mobile_side). */
static void no_warnings(void)
{
	struct loaded l;

	CHECK(load(fixture_seed_root(), NULL, &l) == 0);
	CHECK(warns(&l, "", NULL, NULL));
	unload(&l);
}

#define NO_SET(conn, line, hoa, sub)					\
	"/etc/ipsec.conf.d/carol.ipsec.conf:" line ": conn " conn	\
	" looks like a mobile's (rightsubnet=" hoa "/128), but no "	\
	"IPsecPolicySet of /etc/mip6d.conf has HomeAddress " hoa	\
	": mip6d installs no IPsec policy for it, and its reqid %u is "	\
	"derived, not mip6d.conf's; add an IPsecPolicySet for " hoa	\
	" to mip6d.conf, or correct rightsubnet="

/*
 * A mobile whose conns silently got derived reqids: its include file
 * empty, mip6d.conf empty, its Home Address mistyped, its set without
 * Mh or TunnelPayload, its set for another HA address.
 */
static void mobile_without_numbers(void)
{
	struct loaded l;

	fresh_seed();
	put("/etc/mip6d.conf.d/carol.mip6d.conf", "");
	CHECK(load(root, state, &l) == 0);
	CHECK(warns(&l, NO_SET("carol-mh", "2", "2001:1::10", "") "\n"
			NO_SET("carol-tunnel", "2", "2001:1::10", ""),
		    "carol-mh", "carol-tunnel"));
	unload(&l);

	fresh_seed();
	put("/etc/mip6d.conf", "");
	CHECK(load(root, state, &l) == 0);
	CHECK(l.map.n == 4);
	for (size_t i = 0; i < l.map.n; i++)
		CHECK(l.map.v[i].origin == REQID_DERIVED);
	unload(&l);

	/* 2001:1::11 for 2001:1::10: the conns and the set both said. */
	fresh_seed();
	edit("/etc/mip6d.conf.d/carol.mip6d.conf", "2001:1::10/64",
	     "2001:1::11/64");
	CHECK(load(root, state, &l) == 0);
	CHECK(warns(&l, NO_SET("carol-mh", "2", "2001:1::10", "") "\n"
			NO_SET("carol-tunnel", "2", "2001:1::10", "") "\n"
			"/etc/mip6d.conf.d/carol.mip6d.conf:4: no loaded conn of ipsec.conf protects HomeAddress 2001:1::11 of this IPsecPolicySet (none with rightsubnet=2001:1::11/128 and auto=add, route or start), so no SA will carry its reqids; add the mobile's conns to ipsec.conf, or remove the set",
		    "carol-mh", "carol-tunnel"));
	unload(&l);

	/* Only TunnelMh: neither child has its policy. */
	fresh_seed();
	edit("/etc/mip6d.conf.d/carol.mip6d.conf",
	     "\tIPsecPolicy Mh UseESP 1;\n\tIPsecPolicy TunnelPayload UseESP 2;\n",
	     "\tIPsecPolicy TunnelMh UseESP 1;\n");
	CHECK(load(root, state, &l) == 0);
	CHECK(warns(&l, "/etc/ipsec.conf.d/carol.ipsec.conf:2: conn carol-mh: the IPsecPolicySet of HomeAddress 2001:1::10 at /etc/mip6d.conf.d/carol.mip6d.conf:2 has no IPsecPolicy Mh (nor HomeRegBinding), so mip6d installs no such policy for this mobile and its reqid %u is derived, not mip6d.conf's; add 'IPsecPolicy Mh UseESP N;' to the set, or pin reqid=\n"
			"/etc/ipsec.conf.d/carol.ipsec.conf:2: conn carol-tunnel: the IPsecPolicySet of HomeAddress 2001:1::10 at /etc/mip6d.conf.d/carol.mip6d.conf:2 has no IPsecPolicy TunnelPayload, so mip6d installs no such policy for this mobile and its reqid %u is derived, not mip6d.conf's; add 'IPsecPolicy TunnelPayload UseESP N;' to the set, or pin reqid=",
		    "carol-mh", "carol-tunnel"));
	unload(&l);

	/* A policy without a number: the kernel takes any reqid, no warning. */
	fresh_seed();
	edit("/etc/mip6d.conf.d/carol.mip6d.conf", "Mh UseESP 1", "Mh UseESP");
	CHECK(load(root, state, &l) == 0);
	CHECK(warns(&l, "", NULL, NULL));
	unload(&l);

	/* The set is for another HA address than moon's left=. */
	fresh_seed();
	edit("/etc/mip6d.conf.d/carol.mip6d.conf", "HomeAgentAddress 2001:1::1;",
	     "HomeAgentAddress 2001:1::2;");
	CHECK(load(root, state, &l) == 0);
	CHECK(warns(&l, "/etc/ipsec.conf:24: conn carol-mh: the IPsecPolicySet of HomeAddress 2001:1::10 at /etc/mip6d.conf.d/carol.mip6d.conf:2 is for HomeAgentAddress 2001:1::2, not left=2001:1::1, so its reqid %u is derived, not mip6d.conf's; correct one of the two\n"
			"/etc/ipsec.conf:24: conn carol-tunnel: the IPsecPolicySet of HomeAddress 2001:1::10 at /etc/mip6d.conf.d/carol.mip6d.conf:2 is for HomeAgentAddress 2001:1::2, not left=2001:1::1, so its reqid %u is derived, not mip6d.conf's; correct one of the two",
		    "carol-mh", "carol-tunnel"));
	unload(&l);

	/* type=transport takes no number; transport_proxy needs a /128. */
	fresh_seed();
	edit("/etc/ipsec.conf.d/carol.ipsec.conf", "also=tunnel\n",
	     "also=tunnel\n\ttype=transport\n");
	edit("/etc/ipsec.conf.d/dave.ipsec.conf", "rightsubnet=2001:1::20/128",
	     "rightsubnet=2001:1::/64");
	CHECK(load(root, state, &l) == 0);
	CHECK(warns(&l, "/etc/ipsec.conf.d/carol.ipsec.conf:13: conn carol-tunnel: type=transport takes no reqid from the IPsecPolicySet of HomeAddress 2001:1::10 at /etc/mip6d.conf.d/carol.mip6d.conf:2 (transport_proxy takes its Mh number, tunnel its TunnelPayload number), so its reqid %u is derived, not mip6d.conf's; make the MH child type=transport_proxy, or pin reqid=\n"
			"/etc/ipsec.conf:17: conn dave-mh is type=transport_proxy, a mobile's MH child, but its rightsubnet= is not one Home Address (/128), so no IPsecPolicySet can number it and its reqid %u is derived, not mip6d.conf's; set rightsubnet=HOME_ADDRESS/128\n"
			"/etc/mip6d.conf.d/dave.mip6d.conf:3: no loaded conn of ipsec.conf protects HomeAddress 2001:1::20 of this IPsecPolicySet (none with rightsubnet=2001:1::20/128 and auto=add, route or start), so no SA will carry its reqids; add the mobile's conns to ipsec.conf, or remove the set",
		    "carol-tunnel", "dave-mh"));
	unload(&l);
}

/* reqid= against mip6d.conf's number for the same mobile. */
static void explicit_overrides(void)
{
	struct loaded l;

	fresh_seed();
	edit("/etc/ipsec.conf.d/carol.ipsec.conf", "also=tunnel\n",
	     "also=tunnel\n\treqid=7\n");
	edit("/etc/ipsec.conf.d/carol.ipsec.conf", "also=mh\n",
	     "also=mh\n\treqid=1\n");
	CHECK(load(root, state, &l) == 0);
	CHECK(warns(&l, "/etc/ipsec.conf.d/carol.ipsec.conf:14: conn carol-tunnel: reqid=7 overrides the reqid 2 that mip6d.conf gives HomeAddress 2001:1::10 (IPsecPolicy TunnelPayload at /etc/mip6d.conf.d/carol.mip6d.conf:6), so mip6d's policies will not find this conn's SAs; remove reqid= to take mip6d.conf's number",
		    NULL, NULL));
	unload(&l);

	/* reqid= on a mobile's conn whose Home Address no set lists. */
	fresh_seed();
	edit("/etc/ipsec.conf.d/dave.ipsec.conf", "also=mh\n",
	     "also=mh\n\treqid=7\n");
	edit("/etc/mip6d.conf.d/dave.mip6d.conf", "2001:1::20/64",
	     "2001:1::21/64");
	edit("/etc/ipsec.conf.d/dave.ipsec.conf", "also=tunnel\n",
	     "also=tunnel\n\treqid=8\n");
	edit("/etc/ipsec.conf.d/dave.ipsec.conf", "rightsubnet=2001:1::20/128",
	     "rightsubnet=2001:1::21/128");
	edit("/etc/mip6d.conf.d/dave.mip6d.conf", "2001:1::21/64",
	     "2001:1::22/64");
	CHECK(load(root, state, &l) == 0);
	CHECK(warns(&l, "/etc/ipsec.conf.d/dave.ipsec.conf:2: conn dave-mh looks like a mobile's (rightsubnet=2001:1::21/128), but no IPsecPolicySet of /etc/mip6d.conf has HomeAddress 2001:1::21: mip6d installs no IPsec policy for it, and its reqid 7 comes from reqid=, not mip6d.conf; add an IPsecPolicySet for 2001:1::21 to mip6d.conf, or correct rightsubnet=\n"
			"/etc/ipsec.conf.d/dave.ipsec.conf:2: conn dave-tunnel looks like a mobile's (rightsubnet=2001:1::21/128), but no IPsecPolicySet of /etc/mip6d.conf has HomeAddress 2001:1::21: mip6d installs no IPsec policy for it, and its reqid 8 comes from reqid=, not mip6d.conf; add an IPsecPolicySet for 2001:1::21 to mip6d.conf, or correct rightsubnet=\n"
			"/etc/mip6d.conf.d/dave.mip6d.conf:3: no loaded conn of ipsec.conf protects HomeAddress 2001:1::22 of this IPsecPolicySet (none with rightsubnet=2001:1::22/128 and auto=add, route or start), so no SA will carry its reqids; add the mobile's conns to ipsec.conf, or remove the set",
		    NULL, NULL));
	unload(&l);
}

static const char road_conns[] =
	"conn road\n\tright=%any\n\trightsubnet=10.1.0.0/16\n\tauto=add\n\n"
	"conn branch\n\tright=%any\n\trightsubnet=10.2.0.0/16\n\tauto=add\n";
static const char road_conns_swapped[] =
	"conn branch\n\tright=%any\n\trightsubnet=10.2.0.0/16\n\tauto=add\n\n"
	"conn road\n\tright=%any\n\trightsubnet=10.1.0.0/16\n\tauto=add\n";

static void derived(void)
{
	const struct reqid_child *rc;
	uint32_t road, branch;
	struct loaded l;
	char want[256], *text;
	FILE *f;

	fresh_seed();
	put("/etc/ipsec.conf.d/road.ipsec.conf", road_conns);
	edit("/etc/ipsec.conf", "include /etc/ipsec.conf.d/dave.ipsec.conf\n",
	     "include /etc/ipsec.conf.d/dave.ipsec.conf\n"
	     "include /etc/ipsec.conf.d/road.ipsec.conf\n");
	CHECK(load(root, state, &l) == 0);
	CHECK(seed_numbers(&l));
	rc = reqid_find(&l.map, "road");
	CHECK(rc && rc->origin == REQID_DERIVED && rc->in == rc->out &&
	      rc->in >= REQID_DERIVED_MIN && rc->in <= REQID_DERIVED_MAX);
	road = rc ? rc->in : 0;
	rc = reqid_find(&l.map, "branch");
	branch = rc ? rc->in : 0;
	CHECK(branch && branch != road);
	unload(&l);

	/* Persisted as "name reqid" lines. */
	f = fopen(state, "r");
	CHECK(f != NULL);
	text = calloc(1, 4096);
	if (f && text) {
		CHECK(fread(text, 1, 4095, f) > 0);
		snprintf(want, sizeof(want), "\nbranch %u\nroad %u\n", branch,
			 road);
		CHECK(strstr(text, want) != NULL);
	}
	if (f)
		fclose(f);
	free(text);

	/* A second load reads them back: same values, from the file. */
	CHECK(load(root, state, &l) == 0);
	CHECK(has(&l, "road", road, road, REQID_DERIVED));
	rc = reqid_find(&l.map, "road");
	CHECK(rc && !strcmp(rc->file, state) && rc->line == 3);
	unload(&l);

	/* Reordered conns: the same values. */
	put("/etc/ipsec.conf.d/road.ipsec.conf", road_conns_swapped);
	CHECK(load(root, state, &l) == 0);
	CHECK(has(&l, "road", road, road, REQID_DERIVED));
	CHECK(has(&l, "branch", branch, branch, REQID_DERIVED));
	unload(&l);

	/* A stored value is kept even if the name would hash elsewhere. */
	put(state + strlen(root), "road 20000\nbranch 20001\n");
	CHECK(load(root, state, &l) == 0);
	CHECK(has(&l, "road", 20000, 20000, REQID_DERIVED));
	CHECK(has(&l, "branch", 20001, 20001, REQID_DERIVED));
	unload(&l);

	/* reqid= taking a stored value: the explicit one wins, road moves. */
	edit("/etc/ipsec.conf.d/road.ipsec.conf", "conn branch\n",
	     "conn branch\n\treqid=20000\n");
	CHECK(load(root, state, &l) == 0);
	CHECK(has(&l, "branch", 20000, 20000, REQID_EXPLICIT));
	rc = reqid_find(&l.map, "road");
	CHECK(rc && rc->in != 20000 && rc->origin == REQID_DERIVED &&
	      rc->in >= REQID_DERIVED_MIN);
	unload(&l);
}

static void corrupt_state(void)
{
	const char *name = state + strlen(root);
	char msg[PATH_MAX + 128];

	fresh_seed();
	put(name, "carol-mh\n");
	snprintf(msg, sizeof(msg), "%s:1: expected 'NAME REQID', got 'carol-mh'",
		 state);
	fails(msg);
	put(name, "# kept\n\nroad 20000\nroad abc\n");
	snprintf(msg, sizeof(msg), "%s:4: reqid 'abc' of 'road' is not a number in 16384..65535",
		 state);
	fails(msg);
	put(name, "road 5\n");
	snprintf(msg, sizeof(msg), "%s:1: reqid '5' of 'road' is not a number in 16384..65535",
		 state);
	fails(msg);
	put(name, "road 20000\nroad 20001\n");
	snprintf(msg, sizeof(msg), "%s:2: 'road' is listed twice", state);
	fails(msg);
	put(name, "road 20000\nbranch 20000\n");
	snprintf(msg, sizeof(msg), "%s:2: reqid 20000 of 'branch' is already used by 'road' at line 1",
		 state);
	fails(msg);
	put(name, "road 20000 x\n");
	snprintf(msg, sizeof(msg), "%s:1: expected 'NAME REQID', got 'road 20000 x'",
		 state);
	fails(msg);
}

int main(void)
{
	snprintf(root, sizeof(root), "/tmp/reqid_test.XXXXXX");
	if (!mkdtemp(root))
		return 1;
	snprintf(state, sizeof(state), "%s/mipxfrm/reqids", root);
	TEST(seed);
	TEST(seed_reordered);
	TEST(explicit_wins);
	TEST(pair_and_homeregbinding);
	TEST(conflicts);
	TEST(mobile_side);
	TEST(derived);
	TEST(corrupt_state);
	TEST(no_warnings);
	TEST(mobile_without_numbers);
	TEST(explicit_overrides);
	fixture_rm(root);
	return CHECK_DONE();
}
