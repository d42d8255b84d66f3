// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for ike/conns.c: the seed's configuration (with the test
 * PKI of fixtures/mkcerts.sh) as the IKE responder's candidate conns.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "../ike/conns.h"
#include "../ike/ts.h"
#include "check.h"

static char dir[] = "/tmp/ike_conns_test.XXXXXX";
static struct conf conf;

/* Runs fmt with every %s (up to four) replaced by a. */
static int sh(const char *fmt, const char *a)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), fmt, a, a, a, a);
	return system(cmd);
}

static struct ike_addr addr(const char *s)
{
	struct ike_addr a = { .family = AF_INET6, .port = 500 };

	inet_pton(AF_INET6, s, a.ip);
	return a;
}

static bool ts_is(const struct ike_ts *ts, const char *want)
{
	char buf[IKE_TS_STRLEN];

	ike_ts_str(ts, buf, sizeof(buf));
	if (!strcmp(buf, want))
		return true;
	printf("# got %s, want %s\n", buf, want);
	return false;
}

static bool id_is(const struct ike_id *id, uint8_t type, const char *s)
{
	return id->type == type && id->data.len == strlen(s) &&
	       !memcmp(id->data.ptr, s, id->data.len);
}

/* The seed's four conns on 2001:1::1, with their modes and reqids. */
static void seed_conns(void)
{
	struct ike_addr ha = addr("2001:1::1"), coa = addr("2001::41a:a8ff:fe6f:c67");
	struct ike_conns cs;
	const struct ike_auth_conn *c;

	CHECK(!ike_conns_build(&conf, &ha, &coa, &cs));
	CHECK(cs.n == 4);
	c = &cs.v[0];
	CHECK(!strcmp(c->name, "carol-mh") && c->reqid == 1);
	CHECK(c->mode == IKE_MODE_TRANSPORT_PROXY);
	CHECK(id_is(&c->local_id, IKE_ID_FQDN, "moon.strongswan.org"));
	CHECK(id_is(&c->remote_id, IKE_ID_RFC822_ADDR, "carol@strongswan.org"));
	CHECK(c->cert && c->key && c->cas && c->esp == &conf.conns[0].esp);
	CHECK(ts_is(&c->local_ts, "2001:1::1/128[135/0]"));
	CHECK(ts_is(&c->remote_ts, "2001:1::10/128[135/0]"));
	CHECK(ike_conns_reqid_out(&cs, c) == 1);
	c = &cs.v[1];
	CHECK(!strcmp(c->name, "carol-tunnel") && c->reqid == 2);
	CHECK(c->mode == IKE_MODE_TUNNEL);
	CHECK(ts_is(&c->local_ts, "::/0"));
	CHECK(ts_is(&c->remote_ts, "2001:1::10/128"));
	c = &cs.v[3];
	CHECK(!strcmp(c->name, "dave-tunnel") && c->reqid == 4);
	CHECK(id_is(&c->remote_id, IKE_ID_RFC822_ADDR, "dave@strongswan.org"));
	ike_conns_free(&cs);
}

/* left=2001:1::1: nothing answers on another address of the host. */
static void other_address(void)
{
	struct ike_addr other = addr("2001:1::2"), coa = addr("2001::50");
	struct ike_conns cs;

	CHECK(!ike_conns_build(&conf, &other, &coa, &cs));
	CHECK(cs.n == 0);
	CHECK(!ike_conn_local_ok(&conf.conns[0], &other));
	ike_conns_free(&cs);
}

int main(void)
{
	struct conf_paths p = { .dry_run = true };
	char root[600];

	log_level = LOG_ERR;
	if (!mkdtemp(dir))
		return 1;
	snprintf(root, sizeof(root), "%s/root", dir);
	if (sh("tests/fixtures/mkcerts.sh %s/pki >/dev/null", dir) ||
	    sh("mkdir -p %s/root && cp -r tests/fixtures/seed/etc %s/root/", dir) ||
	    sh("cp -r %s/pki/ipsec.d %s/root/etc/", dir) ||
	    sh("echo ': RSA moonKey.pem' >%s/root/etc/ipsec.secrets", dir)) {
		printf("not ok 1 - fixture (mkcerts.sh, seed root) failed\n");
		return 1;
	}
	p.root = root;
	if (conf_load(&p, &conf)) {
		printf("not ok 1 - the seed configuration does not load\n");
		return 1;
	}
	TEST(seed_conns);
	TEST(other_address);
	conf_free(&conf);
	sh("rm -rf %s", dir);
	return CHECK_DONE();
}
