// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for conf/load.c: the seed's configuration (fixtures/seed/etc)
 * with a test PKI made by fixtures/mkcerts.sh, copied into a temporary
 * root per case; broken variants checked for their exact messages; and
 * the built mipxfrmd --check run against the same root.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "../common/log.h"
#include "../conf/load.h"
#include "check.h"

static char dir[] = "/tmp/load_test.XXXXXX";
static char root[512];
static struct conf conf;

static int run(const char *fmt, const char *a, const char *b)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), fmt, a, b);
	return system(cmd);
}

/* A fresh root: the seed's /etc, the PKI, and ": RSA moonKey.pem". */
static void make_root(const char *name)
{
	snprintf(root, sizeof(root), "%s/%s", dir, name);
	CHECK(run("mkdir -p %s && cp -r tests/fixtures/seed/etc %s/", root,
		  root) == 0);
	CHECK(run("cp -r %s/pki/ipsec.d %s/etc/", dir, root) == 0);
	CHECK(run("echo ': RSA moonKey.pem' >%s/etc/ipsec.secrets%s", root,
		  "") == 0);
}

/* Runs a sed script on a file of the root. */
static void edit(const char *file, const char *script)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/etc/%s", root, file);
	CHECK(run("sed -i '%s' %s", script, path) == 0);
}

static int load(void)
{
	struct conf_paths p = { .root = root };

	return conf_load(&p, &conf);
}

static bool has_error(const char *want)
{
	for (size_t i = 0; i < conf.n_errors; i++)
		if (!strcmp(conf.errors[i], want))
			return true;
	for (size_t i = 0; i < conf.n_errors; i++)
		printf("# got: %s\n", conf.errors[i]);
	printf("# want: %s\n", want);
	return false;
}

static bool has_warning(const char *want)
{
	for (size_t i = 0; i < conf.n_warnings; i++)
		if (!strcmp(conf.warnings[i], want))
			return true;
	for (size_t i = 0; i < conf.n_warnings; i++)
		printf("# got: %s\n", conf.warnings[i]);
	printf("# want: %s\n", want);
	return false;
}

/* Writes text to the root's file name. */
static void put(const char *name, const char *text)
{
	char path[2048];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, name);
	f = fopen(path, "w");
	CHECK(f && fputs(text, f) >= 0);
	if (f)
		fclose(f);
}

static bool conn_is(size_t i, const char *name, uint32_t reqid)
{
	const struct conf_conn *cc = &conf.conns[i];

	return i < conf.n_conns && !strcmp(cc->ic->name, name) && cc->ok &&
	       cc->reqid && cc->reqid->in == reqid && cc->reqid->out == reqid;
}

static void seed_loads(void)
{
	char buf[256];

	make_root("seed");
	CHECK(load() == 0);
	CHECK(conf.n_errors == 0);
	CHECK(conf.n_conns == 4);
	CHECK(conn_is(0, "carol-mh", 1));
	CHECK(conn_is(1, "carol-tunnel", 2));
	CHECK(conn_is(2, "dave-mh", 3));
	CHECK(conn_is(3, "dave-tunnel", 4));
	CHECK(conf.conns[0].reqid->origin == REQID_MIP6D);
	CHECK(conf.n_certs == 1 && conf.certs[0].has_key);
	CHECK(!strcmp(conf.certs[0].shown, "/etc/ipsec.d/certs/moonCert.pem"));
	CHECK(!strcmp(conf.certs[0].subject,
		      "C=CH, O=Linux strongSwan, CN=moon.strongswan.org"));
	CHECK(conf.conns[0].ike.strict && conf.conns[0].esp.n == 1);
	conf_conn_peers(&conf.conns[0], buf, sizeof(buf));
	CHECK(!strcmp(buf, "2001:1::1[moon.strongswan.org]...%any[carol@strongswan.org]"));
	conf_free(&conf);
}

/* Connection order never decides: dave's files first, same reqids. */
static void dave_first(void)
{
	make_root("davefirst");
	edit("ipsec.conf", "s/carol.ipsec.conf/X.ipsec.conf/; s/dave.ipsec.conf/carol.ipsec.conf/; s/X.ipsec.conf/dave.ipsec.conf/");
	edit("mip6d.conf", "s/carol.mip6d.conf/X.mip6d.conf/; s/dave.mip6d.conf/carol.mip6d.conf/; s/X.mip6d.conf/dave.mip6d.conf/");
	CHECK(load() == 0);
	CHECK(conf.n_conns == 4);
	CHECK(conn_is(0, "dave-mh", 3));
	CHECK(conn_is(1, "dave-tunnel", 4));
	CHECK(conn_is(2, "carol-mh", 1));
	CHECK(conn_is(3, "carol-tunnel", 2));
	conf_free(&conf);
}

static void missing_cert(void)
{
	make_root("nocert");
	edit("ipsec.conf", "s/leftcert=moonCert.pem/leftcert=sunCert.pem/");
	CHECK(load() == -1);
	CHECK(conf.n_errors == 1);
	CHECK(has_error("/etc/ipsec.conf:25: leftcert=sunCert.pem: cannot open '/etc/ipsec.d/certs/sunCert.pem': No such file or directory"));
	CHECK(conf.n_conns == 4 && !conf.conns[0].ok);
	conf_free(&conf);
}

static void key_mismatch(void)
{
	make_root("wrongkey");
	CHECK(run("echo ': RSA carolKey.pem' >%s/etc/ipsec.secrets%s", root,
		  "") == 0);
	CHECK(load() == -1);
	CHECK(conf.n_errors == 1);
	CHECK(has_error("/etc/ipsec.conf:25: leftcert=moonCert.pem: no private key in /etc/ipsec.secrets matches '/etc/ipsec.d/certs/moonCert.pem'"));
	conf_free(&conf);
}

static void missing_key_file(void)
{
	make_root("nokey");
	CHECK(run("rm %s/etc/ipsec.d/private/moonKey.pem%s", root, "") == 0);
	CHECK(load() == -1);
	CHECK(conf.n_errors == 2);
	CHECK(has_error("/etc/ipsec.secrets:1: RSA moonKey.pem: cannot open '/etc/ipsec.d/private/moonKey.pem': No such file or directory"));
	conf_free(&conf);
	/* A key file that is not a key. */
	CHECK(run("cp %s/etc/ipsec.conf %s/etc/ipsec.d/private/moonKey.pem",
		  root, root) == 0);
	CHECK(load() == -1);
	CHECK(has_error("/etc/ipsec.secrets:1: RSA moonKey.pem: '/etc/ipsec.d/private/moonKey.pem' is not an RSA private key"));
	conf_free(&conf);
}

static void leftid_not_in_cert(void)
{
	make_root("badid");
	edit("ipsec.conf", "s/leftid=@moon.strongswan.org/leftid=@sun.strongswan.org/");
	CHECK(load() == -1);
	CHECK(conf.n_errors == 1);
	CHECK(has_error("/etc/ipsec.conf:26: leftid=@sun.strongswan.org is not confirmed by certificate '/etc/ipsec.d/certs/moonCert.pem' (\"C=CH, O=Linux strongSwan, CN=moon.strongswan.org\"); strongSwan would fall back to its subject, we refuse"));
	conf_free(&conf);
}

/* An explicit reqid= that mip6d.conf gives another mobile. */
static void reqid_conflict(void)
{
	make_root("reqid");
	edit("ipsec.conf.d/carol.ipsec.conf", "/^conn carol-mh/a\\\treqid=3");
	CHECK(load() == -1);
	CHECK(conf.n_errors == 1);
	CHECK(has_error("/etc/mip6d.conf.d/dave.mip6d.conf:4: reqid 3 of conn dave-mh is already taken by conn carol-mh at /etc/ipsec.conf.d/carol.ipsec.conf:6"));
	CHECK(conf.n_conns == 4 && !conf.conns[0].reqid);
	conf_free(&conf);
}

/* --check --json as a string (free it). */
static char *json_of(const struct conf *c)
{
	char *json = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&json, &len);

	if (!f)
		return NULL;
	conf_print_json(c, f);
	fclose(f);
	return json;
}

/*
 * mip6d.conf that does not parse: its error, and no conn shown as valid
 * with reqids guessed without it.
 */
static void mip6d_broken(void)
{
	char *json;

	make_root("mip6dbroken");
	edit("mip6d.conf.d/carol.mip6d.conf", "s/UseESP 1;/UseESP 1/");
	CHECK(load() == -1);
	CHECK(conf.n_errors == 1);
	CHECK(has_error("/etc/mip6d.conf.d/carol.mip6d.conf:5: expected ';' after '1', got 'IPsecPolicy'"));
	CHECK(conf.n_conns == 4);
	for (size_t i = 0; i < conf.n_conns; i++)
		CHECK(!conf.conns[i].ok && !conf.conns[i].reqid);
	json = json_of(&conf);
	CHECK(json && !strstr(json, "\"valid\": true"));
	CHECK(json && strstr(json, "{\"name\": \"carol-mh\", \"valid\": false,"));
	CHECK(json && strstr(json, "\"reqid_in\": null, \"reqid_out\": null"));
	free(json);
	conf_free(&conf);
}

/*
 * JSON is UTF-8: an identity written in Latin-1 comes out escaped, and
 * the warnings are there too, not only on stderr.
 */
static void json_escapes(void)
{
	char *json;

	make_root("latin1");
	edit("ipsec.conf.d/carol.ipsec.conf",
	     "s/rightid=carol@/rightid=caf\\xe9@/");
	CHECK(load() == 0);
	json = json_of(&conf);
	CHECK(json && !strchr(json, '\xe9'));
	CHECK(json && strstr(json, "\"remote\": {\"host\": \"%any\", \"id\": \"caf\\u00e9@strongswan.org\""));
	CHECK(json && strstr(json, "  \"warnings\": [\n    \"/etc/ipsec.conf:2: deprecated keyword 'crlcheckinterval' in config setup, ignored\",\n"));
	free(json);
	conf_free(&conf);
}

/*
 * Long names make long messages (these are 550 to 1100 characters);
 * none is cut, so each still ends with its reason.
 */
static void long_messages(void)
{
	char n[241], dir[1024], conns[2048], text[1024], want[4096];

	memset(n, 'n', sizeof(n) - 1);
	n[sizeof(n) - 1] = '\0';
	make_root("long");
	snprintf(dir, sizeof(dir), "mkdir -p %s/etc/mip6d.conf.d/%s%s", root,
		 n, "");
	CHECK(system(dir) == 0);
	snprintf(conns, sizeof(conns),
		 "conn %s1\n\talso=ha\n\trightsubnet=10.9.0.0/16\n\treqid=30000\n\tmark=1\n\tauto=add\n\n"
		 "conn %s2\n\talso=ha\n\trightsubnet=10.8.0.0/16\n\treqid=30000\n\tesp=aes128-sha1-modp2048,aes999-sha1\n\tauto=add\n",
		 n, n);
	snprintf(text, sizeof(text), "/etc/ipsec.conf.d/%s.conf", n);
	put(text, conns);
	snprintf(text, sizeof(text), "s|^include /etc/ipsec.conf.d/dave.ipsec.conf|&\\ninclude /etc/ipsec.conf.d/%s.conf|", n);
	edit("ipsec.conf", text);
	snprintf(text, sizeof(text), "$a include \"/etc/mip6d.conf.d/%s/%s*.conf\"", n, n);
	edit("mip6d.conf", text);
	CHECK(load() == -1);
	snprintf(want, sizeof(want), "/etc/ipsec.conf.d/%s.conf:5: keyword 'mark' in conn '%s1' is not supported by mipxfrmd, ignored",
		 n, n);
	CHECK(strlen(want) > 511 && has_warning(want));
	snprintf(want, sizeof(want), "/etc/mip6d.conf:8: include \"/etc/mip6d.conf.d/%s/%s*.conf\" matches no file",
		 n, n);
	CHECK(strlen(want) > 511 && has_warning(want));
	snprintf(want, sizeof(want), "/etc/ipsec.conf.d/%s.conf:11: reqid 30000 of conn %s2 is already taken by conn %s1 at /etc/ipsec.conf.d/%s.conf:4",
		 n, n, n, n);
	CHECK(strlen(want) > 1023 && has_error(want));
	snprintf(want, sizeof(want), "/etc/ipsec.conf.d/%s.conf:12: conn %s2: esp=aes128-sha1-modp2048,aes999-sha1: unknown algorithm 'aes999' in proposal 'aes999-sha1'",
		 n, n);
	CHECK(strlen(want) > 511 && has_error(want));
	conf_free(&conf);
}

static void bad_proposal(void)
{
	make_root("proposal");
	edit("ipsec.conf", "s/esp=aes128-sha1-modp2048!/esp=aes999-sha1!/");
	CHECK(load() == -1);
	CHECK(has_error("/etc/ipsec.conf:29: conn carol-mh: esp=aes999-sha1!: unknown algorithm 'aes999' in proposal 'aes999-sha1'"));
	CHECK(conf.n_errors == 4);
	conf_free(&conf);
}

/*
 * Options the daemon would read and not act on stop the start: IKEv1,
 * modes it does not negotiate, authentication other than certificates.
 */
static void unsupported_options(void)
{
	make_root("unsupported");
	edit("ipsec.conf.d/carol.ipsec.conf",
	     "/^conn carol-mh/a\\\tkeyexchange=ikev1");
	edit("ipsec.conf.d/carol.ipsec.conf",
	     "/^conn carol-tunnel/a\\\ttype=beet");
	edit("ipsec.conf.d/dave.ipsec.conf",
	     "/^conn dave-mh/a\\\tauthby=psk");
	edit("ipsec.conf.d/dave.ipsec.conf",
	     "/^conn dave-tunnel/a\\\trightauth=eap");
	CHECK(load() == -1);
	CHECK(conf.n_errors == 4);
	CHECK(has_error("/etc/ipsec.conf.d/carol.ipsec.conf:6: conn carol-mh: keyexchange=ikev1: only IKEv2 is spoken"));
	CHECK(has_error("/etc/ipsec.conf.d/carol.ipsec.conf:12: conn carol-tunnel: type=beet: only tunnel, transport and transport_proxy are negotiated"));
	CHECK(has_error("/etc/ipsec.conf.d/dave.ipsec.conf:6: conn dave-mh: authby=psk: only certificates with RSA signatures authenticate"));
	CHECK(has_error("/etc/ipsec.conf.d/dave.ipsec.conf:12: conn dave-tunnel: rightauth=eap: only certificates with RSA signatures authenticate"));
	conf_free(&conf);
}

/*
 * auto=route: refused where charon would install trap policies
 * (installpolicy=yes), taken where it would not (the seed's no).
 */
static void auto_route(void)
{
	make_root("route");
	edit("ipsec.conf.d/carol.ipsec.conf",
	     "/^conn carol-mh/a\\\tinstallpolicy=yes");
	edit("ipsec.conf.d/carol.ipsec.conf", "s/auto=add/auto=route/");
	CHECK(load() == -1);
	CHECK(conf.n_errors == 1);
	CHECK(has_error("/etc/ipsec.conf.d/carol.ipsec.conf:9: conn carol-mh: auto=route: trap policies are not installed, so the conn's traffic would leave unprotected until it is up; use auto=add or auto=start, or installpolicy=no with the policies of mip6d (their acquires bring the conn up)"));
	CHECK(conf.n_conns == 4 && !conf.conns[0].ok && conf.conns[1].ok);
	CHECK(conf.conns[1].ic->startup == IPSEC_AUTO_ROUTE);
	conf_free(&conf);
}

/* Derived reqids: kept by a start, not by a dry run (--check). */
static void state_dry_run(void)
{
	struct conf_paths p = { .dry_run = true };
	char state[1024];
	struct stat st;

	make_root("state");
	p.root = root;
	CHECK(run("printf 'conn extra\\n\\talso=ha\\n\\trightsubnet=2001:1::30/128\\n\\tauto=add\\n' >>%s/etc/ipsec.conf%s",
		  root, "") == 0);
	snprintf(state, sizeof(state), "%s/var/lib/mipxfrm/reqids", root);
	CHECK(conf_load(&p, &conf) == 0);
	CHECK(conf.n_conns == 5 && conf.conns[4].reqid->origin == REQID_DERIVED);
	CHECK(conf.conns[4].reqid->in >= REQID_DERIVED_MIN);
	CHECK(stat(state, &st) == -1);
	conf_free(&conf);
	/* A start makes the state's own directory, as a package would /var/lib. */
	CHECK(run("mkdir -p %s/var/lib%s", root, "") == 0);
	/* Nor by a start that fails. */
	edit("ipsec.conf", "s/leftid=@moon/leftid=@sun/");
	CHECK(load() == -1);
	CHECK(conf.conns[4].reqid && stat(state, &st) == -1);
	conf_free(&conf);
	edit("ipsec.conf", "s/leftid=@sun/leftid=@moon/");
	CHECK(load() == 0);
	CHECK(stat(state, &st) == 0);
	conf_free(&conf);
}

/*
 * A relative --state is relative to the working directory, where a
 * start keeps it, not to / (nor to the root).
 */
static void state_relative(void)
{
	struct conf_paths p = { .state = "mipxfrm-load_test-state/reqids" };
	char cwd[PATH_MAX], here[600], below_root[1024];

	make_root("relstate");
	p.root = root;
	CHECK(run("printf 'conn extra\\n\\talso=ha\\n\\trightsubnet=10.3.0.0/16\\n\\tauto=add\\n' >>%s/etc/ipsec.conf%s",
		  root, "") == 0);
	snprintf(here, sizeof(here), "%s/cwd", dir);
	snprintf(below_root, sizeof(below_root), "%s/%s", root, p.state);
	CHECK(mkdir(here, 0700) == 0 && getcwd(cwd, sizeof(cwd)));
	CHECK(chdir(here) == 0);
	CHECK(conf_load(&p, &conf) == 0);
	CHECK(conf.n_conns == 5 && conf.conns[4].reqid &&
	      conf.conns[4].reqid->origin == REQID_DERIVED);
	CHECK(access(p.state, R_OK) == 0);
	conf_free(&conf);
	CHECK(chdir(cwd) == 0);
	CHECK(access(below_root, F_OK) != 0);
	/* Where the unfixed daemon put it: clean up after a failure. */
	CHECK(access("/mipxfrm-load_test-state", F_OK) != 0);
	unlink("/mipxfrm-load_test-state/reqids");
	rmdir("/mipxfrm-load_test-state");
}

/* Runs ./mipxfrmd with args; its stdout and stderr go to files. */
static int daemon_run(char *const argv[], char *out, char *err)
{
	int status, fo, fe;
	pid_t pid;

	snprintf(out, 512, "%s/out", dir);
	snprintf(err, 512, "%s/err", dir);
	pid = fork();
	if (pid == 0) {
		fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fo, 1);
		dup2(fe, 2);
		execv("./mipxfrmd", argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Whether file has line exactly. */
static bool file_has(const char *file, const char *line)
{
	char buf[2048];
	bool found = false;
	FILE *f = fopen(file, "r");

	while (f && !found && fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		found = !strcmp(buf, line);
	}
	if (f)
		fclose(f);
	if (!found)
		printf("# %s lacks: %s\n", file, line);
	return found;
}

static void check_mode(void)
{
	char out[512], err[512];
	char *good[] = { "./mipxfrmd", "--check", "-d", "--root", NULL, NULL };
	char *json[] = { "./mipxfrmd", "-n", "--json", "--root", NULL, NULL };

	/* make check builds the tests only: bring the daemon up to date. */
	CHECK(system("env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s mipxfrmd >/dev/null") == 0);
	make_root("check");
	good[4] = json[4] = root;
	CHECK(daemon_run(good, out, err) == 0);
	CHECK(file_has(out, "Connections:"));
	CHECK(file_has(out, "    carol-mh: 2001:1::1[moon.strongswan.org]...%any[carol@strongswan.org]"));
	CHECK(file_has(out, "    carol-mh: 2001:1::1/128[135/0] === 2001:1::10/128[135/0]"));
	CHECK(file_has(out, "    carol-mh: TRANSPORT_PROXY, reqid 1 from /etc/mip6d.conf.d/carol.mip6d.conf:5"));
	CHECK(file_has(out, " dave-tunnel: ::/0 === 2001:1::20/128"));
	CHECK(file_has(out, " dave-tunnel: TUNNEL, reqid 4 from /etc/mip6d.conf.d/dave.mip6d.conf:5"));
	CHECK(file_has(err, "loaded certificate file '/etc/ipsec.d/cacerts/strongswanCert.pem'"));
	CHECK(file_has(err, "loaded crl file '/etc/ipsec.d/crls/strongswan.crl'"));
	CHECK(file_has(err, "loaded private key file '/etc/ipsec.d/private/moonKey.pem'"));
	CHECK(file_has(err, "loaded certificate file '/etc/ipsec.d/certs/moonCert.pem'"));
	CHECK(file_has(err, "added configuration 'carol-mh': 2001:1::1[moon.strongswan.org]...%any[carol@strongswan.org], reqids 1"));
	CHECK(file_has(err, "/etc/ipsec.conf:2: deprecated keyword 'crlcheckinterval' in config setup, ignored"));
	CHECK(daemon_run(json, out, err) == 0);
	CHECK(file_has(out, "  \"valid\": true,"));

	edit("ipsec.conf", "s/leftid=@moon.strongswan.org/leftid=@sun.strongswan.org/");
	good[2] = "--state=/var/lib/mipxfrm/reqids";
	CHECK(daemon_run(good, out, err) == 1);
	CHECK(file_has(out, "    carol-mh: not valid, see the errors"));
	CHECK(file_has(err, "/etc/ipsec.conf:26: leftid=@sun.strongswan.org is not confirmed by certificate '/etc/ipsec.d/certs/moonCert.pem' (\"C=CH, O=Linux strongSwan, CN=moon.strongswan.org\"); strongSwan would fall back to its subject, we refuse"));
	CHECK(daemon_run(json, out, err) == 1);
	CHECK(file_has(out, "  \"valid\": false,"));
}

static void usage_errors(void)
{
	char out[512], err[512];
	char *json_alone[] = { "./mipxfrmd", "--json", NULL };
	char *extra[] = { "./mipxfrmd", "--check", "junk", NULL };

	CHECK(daemon_run(json_alone, out, err) == 2);
	CHECK(file_has(err, "mipxfrmd: --json goes with --check"));
	CHECK(daemon_run(extra, out, err) == 2);
	CHECK(file_has(err, "mipxfrmd: unexpected argument 'junk'"));
}

int main(void)
{
	char cmd[600];

	/* The parsers' warnings are expected here; keep the TAP output clean. */
	log_level = LOG_ERR;
	if (!mkdtemp(dir))
		return 1;
	snprintf(cmd, sizeof(cmd), "tests/fixtures/mkcerts.sh %s/pki", dir);
	if (system(cmd)) {
		printf("not ok 1 - tests/fixtures/mkcerts.sh (strongSwan's pki) failed\n");
		return 1;
	}
	TEST(seed_loads);
	TEST(dave_first);
	TEST(missing_cert);
	TEST(key_mismatch);
	TEST(missing_key_file);
	TEST(leftid_not_in_cert);
	TEST(reqid_conflict);
	TEST(mip6d_broken);
	TEST(json_escapes);
	TEST(long_messages);
	TEST(bad_proposal);
	TEST(unsupported_options);
	TEST(auto_route);
	TEST(state_dry_run);
	TEST(state_relative);
	TEST(check_mode);
	TEST(usage_errors);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 1;
	return CHECK_DONE();
}
