// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon's status as `ipsec statusall` of strongSwan 5.9 prints it,
 * and as JSON (status.h). The "Connections:" part is conf_print(), the
 * one mipxfrmd --check prints, so both always agree; the rest follows
 * charon's stroke_list.c line by line where our state has the data
 * (no byte counters, plugins or worker threads here).
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <inttypes.h>
#include <net/if.h>
#include <string.h>
#include <sys/utsname.h>

#include "../common/json.h"
#include "../common/version.h"
#include "status.h"

/* charon's %V: "12 seconds", "5 minutes", "3 hours", "4 days". */
static const char *delta_str(time_t d, char *buf, size_t len)
{
	const char *unit = "second";

	if (d < 0)
		d = -d;
	if (d > 2 * 60 * 60 * 24) {
		d /= 60 * 60 * 24;
		unit = "day";
	} else if (d > 2 * 60 * 60) {
		d /= 60 * 60;
		unit = "hour";
	} else if (d > 2 * 60) {
		d /= 60;
		unit = "minute";
	}
	snprintf(buf, len, "%lld %s%s", (long long)d, unit, d == 1 ? "" : "s");
	return buf;
}

/* An endpoint without its port, as statusall shows it. */
static const char *ip_str(const struct ike_addr *a, char *buf, size_t len)
{
	if (!inet_ntop(a->family, a->ip, buf, len))
		snprintf(buf, len, "%%any");
	return buf;
}

static const char *conn_name(const struct conf_conn *cc)
{
	return cc ? cc->ic->name : "(unknown)";
}

/* The identities: the conn's as configured; %any before IKE_AUTH. */
static void ids(const struct ike_sa_info *e, char *l, char *r, size_t len)
{
	if (!e->conn) {
		snprintf(l, len, "%%any");
		snprintf(r, len, "%%any");
		return;
	}
	conf_conn_id(e->conn, true, l, len);
	conf_conn_id(e->conn, false, r, len);
}

static bool is_up(const struct ike_sa_info *e)
{
	enum ike_sa_state s = e->sa->state;

	return s == IKE_STATE_ESTABLISHED || s == IKE_STATE_REKEYING ||
	       s == IKE_STATE_DELETING;
}

static bool is_connecting(const struct ike_sa_info *e)
{
	return !is_up(e) && e->sa->state != IKE_STATE_DEAD;
}

static const char *child_state(const struct ike_child_sa *c)
{
	return c->rekeying ? "REKEYING" : "INSTALLED";
}

static void reqid_str(const struct ike_child_sa *c, char *buf, size_t len)
{
	if (c->reqid_out && c->reqid_out != c->reqid)
		snprintf(buf, len, "reqids %u/%u", c->reqid, c->reqid_out);
	else
		snprintf(buf, len, "reqid %u", c->reqid);
}

/* --- text -------------------------------------------------------------- */

static void header(const struct ike_daemon *d,
		   const struct ike_status_start *start, FILE *out)
{
	char when[64], up[32];
	struct utsname u;
	struct tm tm;

	if (uname(&u))
		memset(&u, 0, sizeof(u));
	fprintf(out, "Status of mipxfrmd (mipxfrm %s, %s %s, %s):\n",
		MIPXFRM_TOOLS_VERSION, u.sysname, u.release, u.machine);
	localtime_r(&start->wall, &tm);
	strftime(when, sizeof(when), "%b %d %H:%M:%S %Y", &tm);
	fprintf(out, "  uptime: %s, since %s\n",
		delta_str(ike_now() - start->mono, up, sizeof(up)), when);
	fprintf(out, "  IKE SAs: %zu, half-open: %zu\n", d->t.count,
		d->t.half_open);
}

/*
 * The addresses IKE answers on: the sockets are bound to the wildcard,
 * so every address of an interface that is up, without loopback and
 * link-local ones, as charon lists them.
 */
static void listening(const struct ike_daemon *d, FILE *out)
{
	struct ifaddrs *ifa, *i;
	char a[INET6_ADDRSTRLEN];

	fprintf(out, "Listening IP addresses:\n");
	if (getifaddrs(&ifa)) {
		fprintf(out, "  (unknown)\n");
		return;
	}
	for (i = ifa; i; i = i->ifa_next) {
		const struct sockaddr *sa = i->ifa_addr;

		if (!sa || !(i->ifa_flags & IFF_UP) ||
		    (i->ifa_flags & IFF_LOOPBACK))
			continue;
		if (sa->sa_family == AF_INET6 && d->sock.fd6 >= 0) {
			const struct in6_addr *v6 =
				&((const struct sockaddr_in6 *)sa)->sin6_addr;

			if (IN6_IS_ADDR_LINKLOCAL(v6))
				continue;
			fprintf(out, "  %s\n", inet_ntop(AF_INET6, v6, a, sizeof(a)));
		} else if (sa->sa_family == AF_INET && d->sock.fd4 >= 0) {
			fprintf(out, "  %s\n", inet_ntop(AF_INET,
				&((const struct sockaddr_in *)sa)->sin_addr,
				a, sizeof(a)));
		}
	}
	freeifaddrs(ifa);
}

/* ", rekeying in 53 minutes" or ", rekeying disabled". */
static void rekey_str(time_t at, time_t now, char *buf, size_t len)
{
	char d[32];

	if (!at)
		snprintf(buf, len, ", rekeying disabled");
	else
		snprintf(buf, len, ", rekeying in %s",
			 delta_str(at > now ? at - now : 0, d, sizeof(d)));
}

static void text_child(const struct ike_child_sa *c, time_t now, FILE *out)
{
	const char *n = conn_name(c->conn);
	char prop[128], reqid[48], rekey[64], ts[IKE_TS_STRLEN];
	size_t i;

	reqid_str(c, reqid, sizeof(reqid));
	fprintf(out, "%12s{%u}:  %s, %s, %s, ESP SPIs: %08x_i %08x_o\n", n,
		c->uid, child_state(c), ike_child_mode_name(c->mode), reqid,
		c->spi_in, c->spi_out);
	if (ike_suite_str(&c->suite, prop, sizeof(prop)) < 0)
		snprintf(prop, sizeof(prop), "?");
	rekey_str(c->rekey_at, now, rekey, sizeof(rekey));
	fprintf(out, "%12s{%u}:  %s%s\n", n, c->uid, prop, rekey);
	fprintf(out, "%12s{%u}:  ", n, c->uid);
	for (i = 0; i < c->n_local; i++)
		fprintf(out, " %s", ike_ts_str(&c->ts_local[i], ts, sizeof(ts)));
	fprintf(out, " ===");
	for (i = 0; i < c->n_remote; i++)
		fprintf(out, " %s", ike_ts_str(&c->ts_remote[i], ts, sizeof(ts)));
	fputc('\n', out);
}

static void text_ike(const struct ike_sa_info *e, time_t now, FILE *out)
{
	const struct ikesa *sa = e->sa;
	const char *n = conn_name(e->conn);
	char l[IKE_ADDR_STRLEN], r[IKE_ADDR_STRLEN], li[256], ri[256];
	char ago[48] = "", d[32], rekey[64], prop[128];
	const struct ike_child_sa *c;

	ids(e, li, ri, sizeof(li));
	if (is_up(e) && e->established)
		snprintf(ago, sizeof(ago), " %s ago",
			 delta_str(now - e->established, d, sizeof(d)));
	fprintf(out, "%12s[%u]: %s%s, %s[%s]...%s[%s]\n", n, e->uid,
		ike_sa_state_name(sa->state), ago,
		ip_str(&sa->local, l, sizeof(l)), li,
		ip_str(&sa->peer, r, sizeof(r)), ri);
	/* '*' marks our own SPI, as charon does */
	rekey[0] = '\0';
	if (sa->state == IKE_STATE_ESTABLISHED)
		rekey_str(e->rekey_at, now, rekey, sizeof(rekey));
	fprintf(out, "%12s[%u]: IKEv2 SPIs: %016" PRIx64 "_i%s %016" PRIx64
		"_r%s%s\n", n, e->uid, sa->spi_i, sa->initiator ? "*" : "",
		sa->spi_r, sa->initiator ? "" : "*", rekey);
	if (sa->have_keys && ike_suite_str(&sa->suite, prop, sizeof(prop)) > 0)
		fprintf(out, "%12s[%u]: IKE proposal: %s\n", n, e->uid, prop);
	for (c = e->children; c; c = c->next)
		text_child(c, now, out);
}

void ike_status_text(const struct ike_daemon *d,
		     const struct ike_status_start *start, FILE *out)
{
	const struct ike_sa_info *e;
	size_t up = 0, connecting = 0;
	time_t now = ike_now();

	header(d, start, out);
	listening(d, out);
	/* the daemon runs only with a valid configuration: no errors */
	conf_print(d->conf, out, out);
	for (e = d->sa_infos; e; e = e->next) {
		up += is_up(e);
		connecting += is_connecting(e);
	}
	fprintf(out, "Security Associations (%zu up, %zu connecting):\n", up,
		connecting);
	if (!d->sa_infos)
		fprintf(out, "  none\n");
	for (e = d->sa_infos; e; e = e->next)
		text_ike(e, now, out);
}

/* --- JSON -------------------------------------------------------------- */

static void json_kv_str(FILE *out, const char *key, const char *v)
{
	fprintf(out, "\"%s\": ", key);
	json_str(out, v);
}

/* A number of seconds, or null for 0 (not set). */
static void json_secs(FILE *out, const char *key, time_t t, time_t base)
{
	if (t)
		fprintf(out, "\"%s\": %lld", key, (long long)(t - base));
	else
		fprintf(out, "\"%s\": null", key);
}

static void json_ts(FILE *out, const struct ike_ts *ts, size_t n)
{
	char buf[IKE_TS_STRLEN];
	size_t i;

	fputc('[', out);
	for (i = 0; i < n; i++) {
		if (i)
			fputs(", ", out);
		json_str(out, ike_ts_str(&ts[i], buf, sizeof(buf)));
	}
	fputc(']', out);
}

static void json_child(FILE *out, const struct ike_child_sa *c, time_t now)
{
	char buf[128];

	fprintf(out, "{\"uid\": %u, ", c->uid);
	json_kv_str(out, "conn", conn_name(c->conn));
	fputs(", ", out);
	json_kv_str(out, "state", child_state(c));
	fputs(", ", out);
	json_kv_str(out, "mode", ike_child_mode_name(c->mode));
	fprintf(out, ", \"reqid\": %u, \"reqid_out\": %u", c->reqid,
		c->reqid_out ? c->reqid_out : c->reqid);
	fprintf(out, ", \"spi_in\": \"%08x\", \"spi_out\": \"%08x\", ",
		c->spi_in, c->spi_out);
	if (ike_suite_str(&c->suite, buf, sizeof(buf)) < 0)
		snprintf(buf, sizeof(buf), "?");
	json_kv_str(out, "proposal", buf);
	fputs(",\n          \"ts_local\": ", out);
	json_ts(out, c->ts_local, c->n_local);
	fputs(", \"ts_remote\": ", out);
	json_ts(out, c->ts_remote, c->n_remote);
	fprintf(out, ",\n          \"installed_seconds\": %lld, ",
		(long long)(now - c->installed));
	json_secs(out, "rekey_in_seconds", c->rekey_at, now);
	fputc('}', out);
}

static void json_ike_ids(FILE *out, const struct ike_sa_info *e)
{
	char l[IKE_ADDR_STRLEN], r[IKE_ADDR_STRLEN], li[256], ri[256];

	ids(e, li, ri, sizeof(li));
	json_kv_str(out, "local", ip_str(&e->sa->local, l, sizeof(l)));
	fputs(", ", out);
	json_kv_str(out, "remote", ip_str(&e->sa->peer, r, sizeof(r)));
	fputs(",\n      ", out);
	json_kv_str(out, "local_id", li);
	fputs(", ", out);
	json_kv_str(out, "remote_id", ri);
}

static void json_ike(FILE *out, const struct ike_sa_info *e, time_t now)
{
	const struct ike_child_sa *c;
	char prop[128];

	fprintf(out, "    {\"uid\": %u, ", e->uid);
	json_kv_str(out, "conn", e->conn ? e->conn->ic->name : NULL);
	fputs(", ", out);
	json_kv_str(out, "state", ike_sa_state_name(e->sa->state));
	fputs(",\n      ", out);
	json_ike_ids(out, e);
	fprintf(out, ",\n      \"spi_i\": \"%016" PRIx64 "\", \"spi_r\": \"%016"
		PRIx64 "\", \"initiator\": %s, ", e->sa->spi_i, e->sa->spi_r,
		e->sa->initiator ? "true" : "false");
	json_kv_str(out, "proposal",
		    e->sa->have_keys &&
		    ike_suite_str(&e->sa->suite, prop, sizeof(prop)) > 0 ?
		    prop : NULL);
	fputs(",\n      ", out);
	if (is_up(e) && e->established)
		fprintf(out, "\"established_seconds\": %lld, ",
			(long long)(now - e->established));
	else
		fputs("\"established_seconds\": null, ", out);
	json_secs(out, "rekey_in_seconds", e->rekey_at, now);
	fputs(",\n      \"children\": [", out);
	for (c = e->children; c; c = c->next) {
		fputs(c == e->children ? "\n        " : ",\n        ", out);
		json_child(out, c, now);
	}
	fputs(e->children ? "\n      ]}" : "]}", out);
}

void ike_status_json(const struct ike_daemon *d,
		     const struct ike_status_start *start, FILE *out)
{
	const struct ike_sa_info *e;
	time_t now = ike_now();
	size_t i;

	fputs("{\n  \"daemon\": {", out);
	json_kv_str(out, "version", MIPXFRM_TOOLS_VERSION);
	fprintf(out, ", \"uptime_seconds\": %lld, \"started\": %lld},\n",
		(long long)(now - start->mono), (long long)start->wall);
	fputs("  \"conns\": [", out);
	for (i = 0; i < d->conf->n_conns; i++) {
		fputs(i ? ",\n" : "\n", out);
		conf_conn_json(out, d->conf, &d->conf->conns[i]);
	}
	fputs(d->conf->n_conns ? "\n  ],\n" : "],\n", out);
	fputs("  \"ike_sas\": [", out);
	for (e = d->sa_infos; e; e = e->next) {
		fputs(e == d->sa_infos ? "\n" : ",\n", out);
		json_ike(out, e, now);
	}
	fputs(d->sa_infos ? "\n  ]\n}\n" : "]\n}\n", out);
}
