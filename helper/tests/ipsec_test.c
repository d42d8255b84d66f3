// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the ipsec.conf reader: the seed's files as they are
 * (the four mobile conns field by field, with where each value comes
 * from), strongSwan 5.9's inheritance order, every value form, and
 * broken files with their exact messages.
 *
 * Broken variants are written to a mkdtemp() directory used as the
 * loader's root, so every message names "/t.conf" whatever the
 * directory is.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../conf/ipsec.h"
#include "check.h"
#include "fixture.h"

static char root[PATH_MAX];
static char err[512];

static bool src_is(const struct ipsec_src *src, const char *file,
		   unsigned int line)
{
	if (!file)
		return !src->file && !src->line;
	return src->file && !strcmp(src->file, file) && src->line == line;
}

static bool val_is(const struct ipsec_value *v, const char *text,
		   const char *file, unsigned int line)
{
	if (!text)
		return !v->text && src_is(&v->src, file, line);
	return v->text && !strcmp(v->text, text) && src_is(&v->src, file, line);
}

static bool addr_is(const struct ipsec_addr *a, const char *s)
{
	struct ipsec_addr b = { .family = strchr(s, ':') ? AF_INET6 : AF_INET };

	if (inet_pton(b.family, s, &b.v6) != 1 || a->family != b.family)
		return false;
	return b.family == AF_INET ? a->v4.s_addr == b.v4.s_addr :
	       !memcmp(&a->v6, &b.v6, sizeof(b.v6));
}

static bool subnet_is(const struct ipsec_subnet *sn, const char *addr,
		      unsigned int plen)
{
	return !sn->dynamic && addr_is(&sn->addr, addr) && sn->plen == plen;
}

/* Writes root/name, making its directories. */
static void put(const char *name, const char *text)
{
	CHECK(fixture_put(root, name, text));
}

/* Loads text as /t.conf; returns the loader's result. */
static int load(const char *text, struct ipsec_conf *c)
{
	put("/t.conf", text);
	return ipsec_conf_load("/t.conf", root, c, err, sizeof(err));
}

/* text must fail with exactly msg, leaving nothing behind. */
static bool fails(const char *text, const char *msg)
{
	struct ipsec_conf c;
	bool ok;

	ok = load(text, &c) == -1 && !strcmp(err, msg) && !c.mem &&
	     !c.n_conns && !c.n_warnings;
	if (!ok)
		printf("#   got \"%s\"\n#   for \"%s\"\n", err, msg);
	ipsec_conf_free(&c);
	return ok;
}

static bool has_warning(const struct ipsec_conf *c, const char *msg)
{
	size_t i;

	for (i = 0; i < c->n_warnings; i++)
		if (!strcmp(c->warnings[i], msg))
			return true;
	printf("#   no warning \"%s\"\n", msg);
	return false;
}

static const char *const seed_conns[] = {
	"mh", "tunnel", "ha", "carol", "carol-mh", "carol-tunnel",
	"dave", "dave-mh", "dave-tunnel",
};

#define MAIN "/etc/ipsec.conf"

static void seed_loads(void)
{
	struct ipsec_conf c;
	size_t i;

	CHECK(ipsec_conf_load(MAIN, fixture_seed_root(), &c, err, sizeof(err)) == 0);
	if (*err)
		printf("# %s\n", err);
	CHECK(c.n_files == 3);
	if (c.n_files == 3) {
		CHECK(!strcmp(c.files[0], MAIN));
		CHECK(!strcmp(c.files[1], "/etc/ipsec.conf.d/carol.ipsec.conf"));
		CHECK(!strcmp(c.files[2], "/etc/ipsec.conf.d/dave.ipsec.conf"));
	}
	/* Every conn section, %default aside, in file order. */
	CHECK(c.n_conns == 9);
	for (i = 0; i < c.n_conns && i < 9; i++)
		CHECK(!strcmp(c.conns[i].name, seed_conns[i]));
	CHECK(ipsec_conf_conn(&c, "%default") == NULL);
	CHECK(c.n_cas == 0);
	ipsec_conf_free(&c);
	CHECK(c.mem == NULL && c.n_conns == 0);
	ipsec_conf_free(&c);
}

/* strongSwan 5.9 warns about the 4.x keys and goes on ("0 fatal"). */
static void seed_setup(void)
{
	struct ipsec_conf c;

	CHECK(ipsec_conf_load(MAIN, fixture_seed_root(), &c, err, sizeof(err)) == 0);
	CHECK(c.n_warnings == 2);
	CHECK(has_warning(&c, MAIN ":2: deprecated keyword 'crlcheckinterval' "
			  "in config setup, ignored"));
	CHECK(has_warning(&c, MAIN ":3: deprecated keyword 'plutostart' in "
			  "config setup, ignored"));
	CHECK(c.setup.n_debug == 1);
	if (c.setup.n_debug == 1) {
		CHECK(!strcmp(c.setup.debug[0].subsys, "knl"));
		CHECK(c.setup.debug[0].level == 2);
	}
	CHECK(val_is(&c.setup.val[IPSEC_SETUP_CHARONDEBUG], "knl 2", MAIN, 4));
	CHECK(c.setup.uniqueids == IPSEC_UNIQUE_YES);
	CHECK(val_is(&c.setup.val[IPSEC_SETUP_UNIQUEIDS], NULL, NULL, 0));
	CHECK(c.setup.strictcrlpolicy == IPSEC_STRICTCRL_NO);
	CHECK(!c.setup.cachecrls);
	ipsec_conf_free(&c);
}

/* Conns named only by also= are there, with strongSwan's auto=ignore. */
static void seed_also_targets(void)
{
	static const char *const names[] = {
		"mh", "tunnel", "ha", "carol", "dave"
	};
	const struct ipsec_conn *n;
	struct ipsec_conf c;
	size_t i;

	CHECK(ipsec_conf_load(MAIN, fixture_seed_root(), &c, err, sizeof(err)) == 0);
	for (i = 0; i < 5; i++) {
		n = ipsec_conf_conn(&c, names[i]);
		CHECK(n && n->startup == IPSEC_AUTO_IGNORE);
		CHECK(n && val_is(&n->val[IPSEC_CONN_AUTO], NULL, NULL, 0));
	}
	n = ipsec_conf_conn(&c, "carol");
	CHECK(n && n->left.host.kind == IPSEC_HOST_UNSET && !n->ike);
	CHECK(n && n->right.n_subnets == 1 && !n->installpolicy);
	ipsec_conf_free(&c);
}

/* Which conn-level and per-end keys a mobile conn has, nothing else. */
static bool only_keys(const struct ipsec_value *val, int max,
		      const int *keys, size_t n)
{
	size_t j;
	int i;
	bool want;

	for (i = 0; i < max; i++) {
		want = false;
		for (j = 0; j < n; j++)
			want = want || keys[j] == i;
		if (want != (val[i].text != NULL)) {
			printf("#   key %d %s\n", i, want ? "missing" : "extra");
			return false;
		}
	}
	return true;
}

static void check_common(const struct ipsec_conn *n, const char *file,
			 unsigned int auto_line)
{
	static const int ends_left[] = {
		IPSEC_END_HOST, IPSEC_END_SUBNET, IPSEC_END_ID, IPSEC_END_CERT,
		IPSEC_END_PROTOPORT,
	};

	CHECK(n->startup == IPSEC_AUTO_ADD);
	CHECK(val_is(&n->val[IPSEC_CONN_AUTO], "add", file, auto_line));
	CHECK(n->keyexchange == IPSEC_KEYEXCHANGE_IKEV2);
	CHECK(val_is(&n->val[IPSEC_CONN_KEYEXCHANGE], "ikev2", MAIN, 7));
	CHECK(!n->reauth && val_is(&n->val[IPSEC_CONN_REAUTH], "no", MAIN, 8));
	CHECK(!n->mobike && val_is(&n->val[IPSEC_CONN_MOBIKE], "no", MAIN, 9));
	CHECK(!n->installpolicy &&
	      val_is(&n->val[IPSEC_CONN_INSTALLPOLICY], "no", MAIN, 10));
	CHECK(n->ike && !strcmp(n->ike, "aes128-sha1-modp2048!"));
	CHECK(val_is(&n->val[IPSEC_CONN_IKE], "aes128-sha1-modp2048!", MAIN,
		     28));
	CHECK(n->esp && !strcmp(n->esp, "aes128-sha1-modp2048!"));
	CHECK(val_is(&n->val[IPSEC_CONN_ESP], "aes128-sha1-modp2048!", MAIN,
		     29));
	/* What the seed does not say: strongSwan 5.9's defaults. */
	CHECK(n->reqid == 0 && n->rekey);
	CHECK(n->lifetime == 3600 && n->ikelifetime == 10800);
	CHECK(n->margintime == 540 && n->rekeyfuzz == 100);
	CHECK(n->keyingtries == 3 && n->dpddelay == 30 && n->dpdtimeout == 150);
	CHECK(n->dpdaction == IPSEC_ACTION_NONE);
	CHECK(n->closeaction == IPSEC_ACTION_NONE && !n->authby);

	CHECK(n->left.host.kind == IPSEC_HOST_ADDR);
	CHECK(addr_is(&n->left.host.addr, "2001:1::1"));
	CHECK(val_is(&n->left.val[IPSEC_END_HOST], "2001:1::1", MAIN, 24));
	CHECK(n->left.cert && !strcmp(n->left.cert, "moonCert.pem"));
	CHECK(val_is(&n->left.val[IPSEC_END_CERT], "moonCert.pem", MAIN, 25));
	CHECK(n->left.id.type == IPSEC_ID_FQDN);
	CHECK(!strcmp(n->left.id.value, "moon.strongswan.org"));
	CHECK(val_is(&n->left.val[IPSEC_END_ID], "@moon.strongswan.org", MAIN,
		     26));
	CHECK(!n->left.auth && !n->left.updown && n->left.ikeport == 500);
	CHECK(n->right.host.kind == IPSEC_HOST_ANY);
	CHECK(n->right.host.addr.family == AF_UNSPEC);
	CHECK(val_is(&n->right.val[IPSEC_END_HOST], "%any", MAIN, 27));
	CHECK(n->right.id.type == IPSEC_ID_USER_FQDN);
	CHECK(!n->right.cert && !n->right.auth);
	CHECK(only_keys(n->left.val, IPSEC_END_MAX, ends_left,
			n->left.protoport.proto ? 5 : 4));
}

static void check_mobile(const struct ipsec_conf *c, const char *who,
			 const char *hoa, bool mh)
{
	static const int conn_keys[] = {
		IPSEC_CONN_AUTO, IPSEC_CONN_KEYEXCHANGE, IPSEC_CONN_REAUTH,
		IPSEC_CONN_MOBIKE, IPSEC_CONN_INSTALLPOLICY, IPSEC_CONN_IKE,
		IPSEC_CONN_ESP, IPSEC_CONN_TYPE,
	};
	static const int ends_right[] = {
		IPSEC_END_HOST, IPSEC_END_SUBNET, IPSEC_END_ID,
		IPSEC_END_PROTOPORT,
	};
	char name[32], file[64], id[32], hoa128[32];
	const struct ipsec_conn *n;

	snprintf(name, sizeof(name), "%s-%s", who, mh ? "mh" : "tunnel");
	snprintf(file, sizeof(file), "/etc/ipsec.conf.d/%s.ipsec.conf", who);
	snprintf(id, sizeof(id), "%s@strongswan.org", who);
	snprintf(hoa128, sizeof(hoa128), "%s/128", hoa);
	n = ipsec_conf_conn(c, name);
	CHECK(n != NULL);
	if (!n)
		return;
	CHECK(src_is(&n->src, file, mh ? 5 : 10));
	check_common(n, file, mh ? 8 : 13);
	CHECK(n->right.id.value && !strcmp(n->right.id.value, id));
	CHECK(val_is(&n->right.val[IPSEC_END_ID], id, file, 3));
	CHECK(n->right.n_subnets == 1 && subnet_is(n->right.subnets, hoa, 128));
	CHECK(val_is(&n->right.val[IPSEC_END_SUBNET], hoa128, file, 2));
	CHECK(n->left.n_subnets == 1);
	CHECK(only_keys(n->val, IPSEC_CONN_MAX, conn_keys, mh ? 8 : 7));
	CHECK(only_keys(n->right.val, IPSEC_END_MAX, ends_right, mh ? 4 : 3));
	if (mh) {
		CHECK(n->type == IPSEC_TYPE_TRANSPORT_PROXY);
		CHECK(val_is(&n->val[IPSEC_CONN_TYPE], "transport_proxy", MAIN,
			     17));
		CHECK(subnet_is(n->left.subnets, "2001:1::1", 128));
		CHECK(val_is(&n->left.val[IPSEC_END_SUBNET], "2001:1::1/128",
			     MAIN, 14));
		/* 5.9: "135/0" is MH type 0 only, not every MH type. */
		CHECK(n->left.protoport.proto == 135);
		CHECK(n->left.protoport.from == 0 && n->left.protoport.to == 0);
		CHECK(val_is(&n->left.val[IPSEC_END_PROTOPORT], "135/0", MAIN,
			     15));
		CHECK(n->right.protoport.proto == 135);
		CHECK(n->right.protoport.from == 0 &&
		      n->right.protoport.to == 0);
		CHECK(val_is(&n->right.val[IPSEC_END_PROTOPORT], "135/0", MAIN,
			     16));
	} else {
		CHECK(n->type == IPSEC_TYPE_TUNNEL);
		CHECK(val_is(&n->val[IPSEC_CONN_TYPE], NULL, NULL, 0));
		CHECK(subnet_is(n->left.subnets, "::", 0));
		CHECK(val_is(&n->left.val[IPSEC_END_SUBNET], "::/0", MAIN, 21));
		CHECK(n->left.protoport.proto == 0);
		CHECK(n->left.protoport.from == 0 &&
		      n->left.protoport.to == 65535);
		CHECK(n->right.protoport.proto == 0);
	}
}

static void seed_mobiles(void)
{
	struct ipsec_conf c;

	CHECK(ipsec_conf_load(MAIN, fixture_seed_root(), &c, err, sizeof(err)) == 0);
	check_mobile(&c, "carol", "2001:1::10", true);
	check_mobile(&c, "carol", "2001:1::10", false);
	check_mobile(&c, "dave", "2001:1::20", true);
	check_mobile(&c, "dave", "2001:1::20", false);
	ipsec_conf_free(&c);
}

/* The fixture tree is the seed's, complete (CI has only the repo). */
static void seed_fixtures_complete(void)
{
	static const char *const files[] = {
		"/etc/ipsec.conf", "/etc/ipsec.conf.d/carol.ipsec.conf",
		"/etc/ipsec.conf.d/dave.ipsec.conf",
	};
	char path[PATH_MAX];
	struct stat st;
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s%s", fixture_seed_root(), files[i]);
		CHECK(stat(path, &st) == 0 && st.st_size > 0);
	}
}

/*
 * starter's order: own settings, then also= targets from the last line
 * to the first, each with what it inherits, last occurrence kept, then
 * %default -- wherever %default is written.
 */
static void also_order(void)
{
	const struct ipsec_conn *d;
	struct ipsec_conf c;

	CHECK(load("conn A\n\tleft=1.1.1.1\n\tright=2.2.2.2\n\tleftid=@a\n"
		   "conn B\n\talso=A\n\tleft=1.1.1.3\n\trightid=@b\n"
		   "conn C\n\talso=A\n\trightid=@c\n\tleftid=@c\n"
		   "conn D\n\talso=C\n\talso=B\n\tauto=route\n"
		   "conn %default\n\tike=aes256-sha256-modp3072\n"
		   "\tesp=aes128-sha1\n\treqid=7\n", &c) == 0);
	d = ipsec_conf_conn(&c, "D");
	CHECK(d != NULL);
	if (d) {
		CHECK(val_is(&d->left.val[IPSEC_END_HOST], "1.1.1.3", "/t.conf",
			     7));
		CHECK(val_is(&d->left.val[IPSEC_END_ID], "@c", "/t.conf", 12));
		CHECK(val_is(&d->right.val[IPSEC_END_ID], "@b", "/t.conf", 8));
		CHECK(val_is(&d->right.val[IPSEC_END_HOST], "2.2.2.2",
			     "/t.conf", 3));
		CHECK(d->reqid == 7 && d->startup == IPSEC_AUTO_ROUTE);
		CHECK(d->ike && !strcmp(d->ike, "aes256-sha256-modp3072"));
	}
	CHECK(c.n_conns == 4 && c.n_warnings == 0);
	ipsec_conf_free(&c);
}

/* "key=" unsets what a parent gave; a second section continues the first. */
static void unset_and_continue(void)
{
	const struct ipsec_conn *n;
	struct ipsec_conf c;

	CHECK(load("conn %default\n\tesp=aes128-sha1\n\tdpddelay=10\n"
		   "conn a\n\tesp=\n\tleftid=\"\"\n"
		   "conn b\n\tauto=add\n"
		   "conn a\n\tauto=start\n\tdpddelay=1m\n", &c) == 0);
	CHECK(c.n_conns == 2);
	n = ipsec_conf_conn(&c, "a");
	CHECK(n && !n->esp && val_is(&n->val[IPSEC_CONN_ESP], NULL, "/t.conf", 5));
	CHECK(n && n->left.id.type == IPSEC_ID_NONE);
	CHECK(n && n->startup == IPSEC_AUTO_START && n->dpddelay == 60);
	CHECK(n && src_is(&n->src, "/t.conf", 4));
	CHECK(c.n_conns == 2 && !strcmp(c.conns[1].name, "b"));
	n = ipsec_conf_conn(&c, "b");
	CHECK(n && n->esp && n->dpddelay == 10);
	ipsec_conf_free(&c);
}

static void lexical(void)
{
	const struct ipsec_conn *n;
	struct ipsec_conf c;

	CHECK(load("# a comment\nversion 2\n\n"
		   "config setup\n"
		   "\tcharondebug = \"knl 2, ike 1,cfg -1\"  # three\n"
		   "\tuniqueids=never\r\n"
		   "conn x # comment after the name\n"
		   "   rightid=\"C=CH, O=Linux strongSwan, CN=x\"\n"
		   "\tleftid=@#0a1B\n"
		   "\tleftupdown=/usr/lib/updown  --flag  more\n"
		   "\tleftcert=\"a\\\"b\\tc\"\n"
		   "\t\n"
		   "\tleftauth=\"pub\\\nkey\"\n"
		   "\tauto=add\r\n"
		   "\trightauth=\"a\\\r\nb\" \"c\nd\"\n"
		   "\tleftca=\"x\"\n", &c) == 0);
	CHECK(c.setup.n_debug == 3);
	if (c.setup.n_debug == 3) {
		CHECK(!strcmp(c.setup.debug[2].subsys, "cfg"));
		CHECK(c.setup.debug[2].level == -1);
		CHECK(!strcmp(c.setup.debug[1].subsys, "ike"));
	}
	CHECK(c.setup.uniqueids == IPSEC_UNIQUE_NEVER);
	CHECK(ipsec_log_level(&c.setup) == LOG_DEBUG);	/* knl 2 */
	c.setup.debug[0].level = 0;
	CHECK(ipsec_log_level(&c.setup) == LOG_INFO);	/* ike 1 */
	c.setup.debug[1].level = -1;
	CHECK(ipsec_log_level(&c.setup) == LOG_NOTICE);
	c.setup.debug[0].level = -1;
	CHECK(ipsec_log_level(&c.setup) == LOG_WARNING);
	c.setup.n_debug = 0;
	CHECK(ipsec_log_level(&c.setup) == LOG_INFO);
	c.setup.n_debug = 3;
	n = ipsec_conf_conn(&c, "x");
	CHECK(n != NULL);
	if (!n)
		goto out;
	CHECK(n->right.id.type == IPSEC_ID_DN);
	CHECK(!strcmp(n->right.id.value, "C=CH, O=Linux strongSwan, CN=x"));
	CHECK(n->left.id.type == IPSEC_ID_KEY_ID);
	CHECK(!strcmp(n->left.id.value, "0a1B"));
	CHECK(!strcmp(n->left.updown, "/usr/lib/updown --flag more"));
	CHECK(!strcmp(n->left.cert, "a\"b\tc"));
	CHECK(!strcmp(n->left.auth, "pubkey"));
	CHECK(val_is(&n->left.val[IPSEC_END_AUTH], "pubkey", "/t.conf", 13));
	CHECK(n->startup == IPSEC_AUTO_ADD);
	CHECK(val_is(&n->val[IPSEC_CONN_AUTO], "add", "/t.conf", 15));
	/* Continuations and newlines in quotes still count lines. */
	CHECK(val_is(&n->right.val[IPSEC_END_AUTH], "ab c\nd", "/t.conf",
		     16));
	CHECK(val_is(&n->left.val[IPSEC_END_CA], "x", "/t.conf", 19));
out:
	ipsec_conf_free(&c);
}

static void values(void)
{
	const struct ipsec_conn *n;
	struct ipsec_conf c;

	CHECK(load("conn v\n"
		   "\tleft=%any6\n\tright=%moon.example.org\n"
		   "\tleftsubnet=10.0.0.0/8, 10.1.2.3,2001:db8::/32,%dynamic\n"
		   "\tleftprotoport=tcp/1000-2000\n\trightprotoport=135\n"
		   "\trightsubnet=10.9.0.0/16\n"
		   "\tleftid=192.0.2.1\n\trightid=2001:db8::1\n"
		   "\tlifetime=2h\n\tikelifetime=1d\n\tkeylife=30m\n"
		   "\trekeymargin=90s\n\trekeyfuzz=50%\n"
		   "\tkeyingtries=%forever\n\tdpdaction=restart\n"
		   "\tcloseaction=hold\n\tdpdtimeout=5m\n\treqid=4294967295\n"
		   "\ttype=reject\n\tkeyexchange=ikev1\n\tauthby=psk\n"
		   "\tleftsendcert=yes\n\trightikeport=4500\n"
		   "\trightallowany=yes\n", &c) == 0);
	n = ipsec_conf_conn(&c, "v");
	CHECK(n != NULL);
	if (!n)
		goto out;
	CHECK(n->left.host.kind == IPSEC_HOST_ANY);
	CHECK(n->left.host.addr.family == AF_INET6);
	CHECK(n->right.host.kind == IPSEC_HOST_NAME);
	CHECK(!strcmp(n->right.host.name, "moon.example.org"));
	CHECK(n->right.host.allow_any && n->right.allowany);
	CHECK(n->left.n_subnets == 4);
	if (n->left.n_subnets == 4) {
		CHECK(subnet_is(&n->left.subnets[0], "10.0.0.0", 8));
		CHECK(subnet_is(&n->left.subnets[1], "10.1.2.3", 32));
		CHECK(subnet_is(&n->left.subnets[2], "2001:db8::", 32));
		CHECK(n->left.subnets[3].dynamic);
	}
	CHECK(n->left.protoport.proto == 6);
	CHECK(n->left.protoport.from == 1000 && n->left.protoport.to == 2000);
	CHECK(n->right.protoport.proto == 135);
	CHECK(n->right.protoport.from == 0 && n->right.protoport.to == 65535);
	CHECK(n->left.id.type == IPSEC_ID_IPV4);
	CHECK(addr_is(&n->left.id.addr, "192.0.2.1"));
	CHECK(n->right.id.type == IPSEC_ID_IPV6);
	/* lifetime and its alias keylife are one key: the later counts. */
	CHECK(n->lifetime == 1800 && n->ikelifetime == 86400);
	CHECK(val_is(&n->val[IPSEC_CONN_LIFETIME], "30m", "/t.conf", 12));
	CHECK(has_warning(&c, "/t.conf:12: 'keylife' in conn 'v' overrides "
			  "/t.conf:10"));
	CHECK(n->margintime == 90 && n->rekeyfuzz == 50);
	CHECK(n->keyingtries == 0 && n->dpdaction == IPSEC_ACTION_RESTART);
	CHECK(n->closeaction == IPSEC_ACTION_HOLD && n->dpdtimeout == 300);
	CHECK(n->reqid == 4294967295u && n->type == IPSEC_TYPE_DROP);
	CHECK(n->keyexchange == IPSEC_KEYEXCHANGE_IKEV1);
	CHECK(n->authby && !strcmp(n->authby, "psk"));
	CHECK(n->left.sendcert == IPSEC_SENDCERT_ALWAYS);
	CHECK(n->right.ikeport == 4500);
out:
	ipsec_conf_free(&c);
}

static void ids(void)
{
	static const struct {
		const char *text;
		enum ipsec_id_type type;
		const char *value;
	} cases[] = {
		{ "@moon.strongswan.org", IPSEC_ID_FQDN, "moon.strongswan.org" },
		{ "moon.strongswan.org", IPSEC_ID_FQDN, "moon.strongswan.org" },
		{ "carol@strongswan.org", IPSEC_ID_USER_FQDN,
		  "carol@strongswan.org" },
		{ "@@carol", IPSEC_ID_USER_FQDN, "carol" },
		{ "\"CN=x, O=y\"", IPSEC_ID_DN, "CN=x, O=y" },
		{ "fqdn:a.b", IPSEC_ID_FQDN, "a.b" },
		{ "email:c@d", IPSEC_ID_USER_FQDN, "c@d" },
		{ "%any", IPSEC_ID_ANY, "%any" },
		{ "2001:1::1", IPSEC_ID_IPV6, "2001:1::1" },
	};
	struct ipsec_conf c;
	char text[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "conn i\n\trightid=%s\n",
			 cases[i].text);
		CHECK(load(text, &c) == 0);
		if (c.n_conns != 1)
			continue;
		CHECK(c.conns[0].right.id.type == cases[i].type);
		CHECK(!strcmp(c.conns[0].right.id.value, cases[i].value));
		ipsec_conf_free(&c);
	}
}

static void warnings(void)
{
	struct ipsec_conf c;

	CHECK(load("  leftid=@early\n"
		   "config setup\n\tplutodebug=all\n\talso=x\n"
		   "conn a\n\tfoo=bar\n\tcompress=yes\n\tpfs=no\n"
		   "\tleftnexthop=%direct\n\talso=%default\n\talso=\n"
		   "conn %default\n\talso=a\n"
		   "ca c\n\tcacert=ca.pem\n\tldaphost=x\n", &c) == 0);
	CHECK(c.n_warnings == 10);
	CHECK(has_warning(&c, "/t.conf:1: 'leftid' outside any section, "
			  "ignored"));
	CHECK(has_warning(&c, "/t.conf:3: deprecated keyword 'plutodebug' in "
			  "config setup, ignored"));
	CHECK(has_warning(&c, "/t.conf:4: also= in config setup, ignored"));
	CHECK(has_warning(&c, "/t.conf:6: unknown keyword 'foo' in conn 'a', "
			  "ignored"));
	CHECK(has_warning(&c, "/t.conf:7: keyword 'compress' in conn 'a' is "
			  "not supported by mipxfrmd, ignored"));
	CHECK(has_warning(&c, "/t.conf:8: deprecated keyword 'pfs' in conn "
			  "'a', ignored"));
	CHECK(has_warning(&c, "/t.conf:9: deprecated keyword 'leftnexthop' in "
			  "conn 'a', ignored"));
	CHECK(has_warning(&c, "/t.conf:11: empty also=, ignored"));
	CHECK(has_warning(&c, "/t.conf:13: also=a in conn %default, ignored "
			  "as strongSwan ignores it"));
	CHECK(has_warning(&c, "/t.conf:16: deprecated keyword 'ldaphost' in "
			  "ca 'c', ignored"));
	CHECK(c.n_cas == 1 && !strcmp(c.cas[0].name, "c"));
	CHECK(c.n_cas == 1 &&
	      val_is(&c.cas[0].val[IPSEC_CA_CACERT], "ca.pem", "/t.conf", 15));
	ipsec_conf_free(&c);
}

static void syntax_errors(void)
{
	CHECK(fails("conn a\nauto=add\n", "/t.conf:2: 'auto=add' is not "
		    "indented: settings start with a space or tab, below a "
		    "conn, ca or config setup line"));
	CHECK(fails("conn a\n\tauto\n", "/t.conf:2: missing '=' after "
		    "'auto'"));
	CHECK(fails("conn a\n\tauto add\n", "/t.conf:2: missing '=' after "
		    "'auto' (found 'add')"));
	CHECK(fails("conn a\n\t=x\n", "/t.conf:2: a setting needs a name "
		    "before '='"));
	CHECK(fails("conn a\n\tleft=a=b\n", "/t.conf:2: '=' in the value of "
		    "'left': quote a value that contains '='"));
	CHECK(fails("conn a\n\tleftid=\"abc\n\n", "/t.conf:2: unterminated "
		    "quoted string"));
	CHECK(fails("conn\n", "/t.conf:1: 'conn' without a name"));
	CHECK(fails("conn a b\n", "/t.conf:1: unexpected 'b' after 'conn a'"));
	CHECK(fails("config\n", "/t.conf:1: expected 'config setup'"));
}

static void nul_byte(void)
{
	static const char text[] = "conn a\n\tleft=1.1.1.1\nx\0y\n";
	struct ipsec_conf c;
	char path[PATH_MAX + 16];
	FILE *f;

	snprintf(path, sizeof(path), "%s/nul.conf", root);
	f = fopen(path, "w");
	CHECK(f && fwrite(text, 1, sizeof(text) - 1, f) == sizeof(text) - 1);
	if (f)
		fclose(f);
	CHECK(ipsec_conf_load("/nul.conf", root, &c, err, sizeof(err)) == -1);
	CHECK(!strcmp(err, "/nul.conf:3: NUL byte: not a text file"));
	ipsec_conf_free(&c);
}

static void value_errors(void)
{
	CHECK(fails("conn a\n\tlifetime=3x\n", "/t.conf:2: lifetime=3x: "
		    "expected a duration: a number with an optional s, m, h "
		    "or d suffix"));
	CHECK(fails("conn a\n\tikelifetime=2w\n", "/t.conf:2: ikelifetime=2w: "
		    "expected a duration: a number with an optional s, m, h "
		    "or d suffix"));
	CHECK(fails("conn a\n\tmargintime=-1\n", "/t.conf:2: margintime=-1: "
		    "expected a duration: a number with an optional s, m, h "
		    "or d suffix"));
	CHECK(fails("conn a\n\ttype=tunel\n", "/t.conf:2: type=tunel: "
		    "expected tunnel, transport, transport_proxy, beet, "
		    "passthrough, drop, pass, reject"));
	CHECK(fails("conn a\n\tauto=yes\n", "/t.conf:2: auto=yes: expected "
		    "ignore, add, route, start"));
	CHECK(fails("conn a\n\tmobike=off\n", "/t.conf:2: mobike=off: "
		    "expected no, yes"));
	CHECK(fails("conn a\n\treqid=12x\n", "/t.conf:2: reqid=12x: expected "
		    "a decimal number from 0 to 4294967295"));
	CHECK(fails("conn a\n\trekeyfuzz=50\n", "/t.conf:2: rekeyfuzz=50: "
		    "expected a percentage such as 100%"));
	CHECK(fails("conn a\n\tleftprotoport=foo/1\n", "/t.conf:2: "
		    "leftprotoport=foo/1: bad protocol 'foo': expected a "
		    "number from 0 to 255, a protocol name or %any"));
	CHECK(fails("conn a\n\trightprotoport=135/70000\n", "/t.conf:2: "
		    "rightprotoport=135/70000: bad port '70000': expected a "
		    "number, a range FROM-TO, a service name, %any or %opaque"));
	CHECK(fails("conn a\n\trightsubnet=10.0.0.0/33\n", "/t.conf:2: "
		    "rightsubnet=10.0.0.0/33: '10.0.0.0/33' is not an "
		    "ADDRESS/PREFIXLEN subnet"));
	CHECK(fails("conn a\n\trightsubnet=10.0.0.0/8,\n", "/t.conf:2: "
		    "rightsubnet=10.0.0.0/8,: empty item in the subnet list"));
	CHECK(fails("conn a\n\tleft=bad!host\n", "/t.conf:2: left=bad!host: "
		    "expected an address, %any, %any4, %any6, %defaultroute "
		    "or a host name"));
	CHECK(fails("conn a\n\tleftid=ipv4:2001::1\n", "/t.conf:2: "
		    "leftid=ipv4:2001::1: not an address of that family"));
	CHECK(fails("config setup\n\tcharondebug=\"knl 9\"\n", "/t.conf:2: "
		    "charondebug=knl 9: bad item 'knl 9': expected SUBSYSTEM "
		    "LEVEL, e.g. \"knl 2\", with LEVEL from -1 to 4"));
	CHECK(fails("config setup\n\tuniqueids=maybe\n", "/t.conf:2: "
		    "uniqueids=maybe: expected yes, no, replace, keep, never"));
	/* Reported even where every conn overrides %default's value. */
	CHECK(fails("conn %default\n\tdpddelay=x\nconn a\n\tdpddelay=1\n",
		    "/t.conf:2: dpddelay=x: expected a duration: a number "
		    "with an optional s, m, h or d suffix"));
	CHECK(fails("config setup\n\tauto=add\n", "/t.conf:2: 'auto' belongs "
		    "in a conn section, not in config setup"));
	CHECK(fails("conn a\n\tuniqueids=yes\n", "/t.conf:2: 'uniqueids' "
		    "belongs in config setup, not in conn 'a'"));
	CHECK(fails("ca c\n\tleftid=x\n", "/t.conf:2: 'leftid' belongs in a "
		    "conn section, not in ca 'c'"));
}

static void also_errors(void)
{
	CHECK(fails("conn a\n\talso=b\n\tauto=add\nconn b\n\talso=a\n",
		    "/t.conf:5: also=a: loop (a -> b -> a)"));
	CHECK(fails("conn a\n\talso=a\n", "/t.conf:2: also=a: loop (a -> a)"));
	CHECK(fails("conn a\n\tauto=add\n\talso=zz\n",
		    "/t.conf:3: also=zz: no conn 'zz' is defined"));
	CHECK(fails("ca a\n\talso=b\n", "/t.conf:2: also=b: no ca 'b' is "
		    "defined"));
}

static void includes(void)
{
	const struct ipsec_conn *n;
	struct ipsec_conf c;

	put("/d/sub/b.conf", "conn b\n\tauto=add\n");
	put("/d/sub/a.conf", "conn a\n\tauto=add\n");
	put("/d/sub/more.inc", "\tleft=9.9.9.9\nconn m\n\talso=a\n");
	put("/d/main.conf", "conn pre\n\tauto=add\n"
	    "include sub/more.inc\n"
	    "\tinclude \"sub/*.conf\"  # quoted, indented\n"
	    "include sub/none*.conf\n");
	CHECK(ipsec_conf_load("/d/main.conf", root, &c, err,
			      sizeof(err)) == 0);
	/* Included text continues the current section, as in starter. */
	n = ipsec_conf_conn(&c, "pre");
	CHECK(n && val_is(&n->left.val[IPSEC_END_HOST], "9.9.9.9",
			  "/d/sub/more.inc", 1));
	CHECK(c.n_conns == 4);
	if (c.n_conns == 4) {
		CHECK(!strcmp(c.conns[1].name, "m"));
		CHECK(!strcmp(c.conns[2].name, "a"));
		CHECK(!strcmp(c.conns[3].name, "b"));
	}
	CHECK(c.n_files == 4);
	CHECK(c.n_warnings == 1 &&
	      has_warning(&c, "/d/main.conf:5: include sub/none*.conf: no "
			  "files match, nothing included"));
	ipsec_conf_free(&c);
}

static void include_errors(void)
{
	struct ipsec_conf c;

	put("/d/x", "");
	CHECK(fails("conn a\n\tauto=add\ninclude /nope.conf\n", "/t.conf:3: "
		    "include /nope.conf: cannot read /nope.conf: No such file "
		    "or directory"));
	/* A loop is named, where it closes, with the lines that make it. */
	CHECK(fails("include /t.conf\n", "/t.conf:1: include /t.conf: "
		    "include loop: /t.conf:1 includes /t.conf again"));
	put("/loop/a.conf", "conn a\n\tauto=add\ninclude b.conf\n");
	put("/loop/b.conf", "# b\ninclude /loop/a.conf\n");
	CHECK(fails("conn t\ninclude /loop/a.conf\n", "/loop/b.conf:2: "
		    "include /loop/a.conf: include loop: /loop/a.conf:3 "
		    "includes /loop/b.conf, /loop/b.conf:2 includes "
		    "/loop/a.conf again"));
	/* The same file twice, not nested, is no loop. */
	CHECK(load("include /d/x\ninclude /d/x\n", &c) == 0);
	ipsec_conf_free(&c);
	/* Ten levels below the top file are allowed, an eleventh is not. */
	for (int i = 0; i < 11; i++) {
		char name[32], text[48];

		snprintf(name, sizeof(name), "/deep/%d.conf", i);
		snprintf(text, sizeof(text), "include /deep/%d.conf\n", i + 1);
		put(name, text);
	}
	put("/deep/11.conf", "");
	CHECK(fails("include /deep/1.conf\n", "/deep/10.conf:1: include "
		    "/deep/11.conf: more than 10 nested includes"));
	CHECK(fails("include /d\n", "/t.conf:1: include /d: cannot read /d: "
		    "Is a directory"));
	CHECK(fails("include a b\n", "/t.conf:1: unexpected 'b' after "
		    "'include a'"));
	CHECK(ipsec_conf_load("/missing.conf", root, &c, err,
			      sizeof(err)) == -1);
	CHECK(!strcmp(err, "cannot open /missing.conf: No such file or "
		      "directory"));
	ipsec_conf_free(&c);
	/* A missing directory in a pattern is "no match", as for starter. */
	CHECK(load("include /nodir/*.conf\n", &c) == 0 && c.n_warnings == 1);
	ipsec_conf_free(&c);
	/* "include=x" is a setting named include, not an include. */
	CHECK(load("conn a\n\tinclude = x\n", &c) == 0);
	CHECK(has_warning(&c, "/t.conf:2: unknown keyword 'include' in conn "
			  "'a', ignored"));
	ipsec_conf_free(&c);
}

static void dirs(void)
{
	struct ipsec_dirs d;
	char buf[64];

	CHECK(ipsec_dirs_init(&d, NULL, NULL) == 0);
	CHECK(!strcmp(d.cacerts, "/etc/ipsec.d/cacerts"));
	CHECK(!strcmp(d.certs, "/etc/ipsec.d/certs"));
	CHECK(!strcmp(d.private, "/etc/ipsec.d/private"));
	CHECK(!strcmp(d.crls, "/etc/ipsec.d/crls"));
	CHECK(ipsec_dirs_init(&d, "/tmp/x/", "/opt/ipsec.d") == 0);
	CHECK(!strcmp(d.ipsecdir, "/tmp/x/opt/ipsec.d"));
	CHECK(!strcmp(d.certs, "/tmp/x/opt/ipsec.d/certs"));
	CHECK(ipsec_path_resolve("/r", d.certs, "moonCert.pem", buf,
				 sizeof(buf)) == 0);
	CHECK(!strcmp(buf, "/tmp/x/opt/ipsec.d/certs/moonCert.pem"));
	CHECK(ipsec_path_resolve("/r", d.certs, "/k/c.pem", buf,
				 sizeof(buf)) == 0);
	CHECK(!strcmp(buf, "/r/k/c.pem"));
	CHECK(ipsec_path_resolve("/r", d.certs, "moonCert.pem", buf, 8) == -1);
	CHECK(!strcmp(ipsec_auto_name(IPSEC_AUTO_ADD), "add"));
	CHECK(!strcmp(ipsec_type_name(IPSEC_TYPE_TRANSPORT_PROXY),
		      "transport_proxy"));
}

int main(void)
{
	snprintf(root, sizeof(root), "%s/ipsec_test.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	TEST(seed_loads);
	TEST(seed_setup);
	TEST(seed_also_targets);
	TEST(seed_mobiles);
	TEST(seed_fixtures_complete);
	TEST(also_order);
	TEST(unset_and_continue);
	TEST(lexical);
	TEST(values);
	TEST(ids);
	TEST(warnings);
	TEST(syntax_errors);
	TEST(nul_byte);
	TEST(value_errors);
	TEST(also_errors);
	TEST(includes);
	TEST(include_errors);
	TEST(dirs);
	fixture_rm(root);
	return CHECK_DONE();
}
