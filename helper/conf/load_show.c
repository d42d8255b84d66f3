// SPDX-License-Identifier: GPL-2.0
/*
 * The loaded configuration as people and scripts read it: the
 * "Connections:" section of ipsec statusall (the shape users of the
 * seed's charon know), each child's mode and reqids added, and JSON.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "../common/json.h"
#include "load.h"

static const char *addr_str(const struct ipsec_addr *a, char *buf,
			    size_t len)
{
	if (a->family == AF_UNSPEC || !inet_ntop(a->family, &a->v6, buf, len))
		snprintf(buf, len, "%%any");
	return buf;
}

static const char *host_str(const struct ipsec_end *e, char *buf, size_t len)
{
	switch (e->host.kind) {
	case IPSEC_HOST_ADDR:
		return addr_str(&e->host.addr, buf, len);
	case IPSEC_HOST_NAME:
		snprintf(buf, len, "%s", e->host.name);
		return buf;
	case IPSEC_HOST_SET:
		snprintf(buf, len, "%s", e->val[IPSEC_END_HOST].text);
		return buf;
	default:
		snprintf(buf, len, "%%any");
		return buf;
	}
}

/* The identity charon shows: leftid=, else the cert subject or host. */
static const char *id_str(const struct ipsec_end *e,
			  const struct conf_cert *ce, char *buf, size_t len)
{
	switch (e->id.type) {
	case IPSEC_ID_NONE:
		if (ce && ce->cert)
			snprintf(buf, len, "%s", ce->subject);
		else if (e->host.kind == IPSEC_HOST_ADDR)
			addr_str(&e->host.addr, buf, len);
		else
			snprintf(buf, len, "%%any");
		return buf;
	case IPSEC_ID_ANY:
		snprintf(buf, len, "%%any");
		return buf;
	case IPSEC_ID_IPV4:
	case IPSEC_ID_IPV6:
		return addr_str(&e->id.addr, buf, len);
	case IPSEC_ID_KEY_ID:
		snprintf(buf, len, "@#%s", e->id.value);
		return buf;
	default:
		snprintf(buf, len, "%s", e->id.value);
		return buf;
	}
}

void conf_conn_peers(const struct conf_conn *cc, char *buf, size_t len)
{
	char lh[INET6_ADDRSTRLEN + 64], rh[INET6_ADDRSTRLEN + 64];
	char li[256], ri[256];

	snprintf(buf, len, "%s[%s]...%s[%s]",
		 host_str(&cc->ic->left, lh, sizeof(lh)),
		 id_str(&cc->ic->left, cc->cert, li, sizeof(li)),
		 host_str(&cc->ic->right, rh, sizeof(rh)),
		 id_str(&cc->ic->right, NULL, ri, sizeof(ri)));
}

const char *conf_conn_id(const struct conf_conn *cc, bool local, char *buf,
			 size_t len)
{
	if (local)
		return id_str(&cc->ic->left, cc->cert, buf, len);
	return id_str(&cc->ic->right, NULL, buf, len);
}

void conf_conn_reqids(const struct conf_conn *cc, char *buf, size_t len)
{
	const struct reqid_child *r = cc->reqid;

	if (!r)
		snprintf(buf, len, "(none)");
	else if (r->in == r->out)
		snprintf(buf, len, "%u", r->in);
	else
		snprintf(buf, len, "%u/%u", r->in, r->out);
}

/* "[135/0]" after a subnet: the protocol and port (MH: type) range. */
static void protoport_str(const struct ipsec_protoport *pp, char *buf,
			  size_t len)
{
	if (!pp->proto)
		buf[0] = '\0';
	else if (pp->from == 65535 && pp->to == 0)
		snprintf(buf, len, "[%u/%%opaque]", pp->proto);
	else if (pp->from == 0 && pp->to == 65535)
		snprintf(buf, len, "[%u]", pp->proto);
	else if (pp->from == pp->to)
		snprintf(buf, len, "[%u/%u]", pp->proto, pp->from);
	else
		snprintf(buf, len, "[%u/%u-%u]", pp->proto, pp->from, pp->to);
}

/* One end's traffic selectors: its subnets, else its own address. */
static void ts_str(const struct ipsec_end *e, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], pp[32];
	size_t off = 0;

	protoport_str(&e->protoport, pp, sizeof(pp));
	buf[0] = '\0';
	if (!e->n_subnets) {
		if (e->host.kind == IPSEC_HOST_ADDR)
			snprintf(buf, len, "%s/%u%s",
				 addr_str(&e->host.addr, a, sizeof(a)),
				 e->host.addr.family == AF_INET ? 32 : 128, pp);
		else
			snprintf(buf, len, "dynamic%s", pp);
		return;
	}
	for (size_t i = 0; i < e->n_subnets && off < len; i++) {
		const struct ipsec_subnet *s = &e->subnets[i];

		if (s->dynamic)
			snprintf(a, sizeof(a), "dynamic");
		else
			addr_str(&s->addr, a, sizeof(a));
		off += snprintf(buf + off, len - off, "%s%s", i ? " " : "", a);
		if (!s->dynamic && off < len)
			off += snprintf(buf + off, len - off, "/%u", s->plen);
		if (off < len)
			off += snprintf(buf + off, len - off, "%s", pp);
	}
}

static void mode_str(const struct conf_conn *cc, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%s", ipsec_type_name(cc->ic->type));
	for (i = 0; buf[i]; i++)
		buf[i] = toupper((unsigned char)buf[i]);
}

/* Where the reqid was decided, in words. */
static void origin_str(const struct conf *c, const struct reqid_child *r,
		       char *buf, size_t len)
{
	if (r->origin == REQID_DERIVED)
		snprintf(buf, len, "derived, kept in %s", c->paths.state);
	else
		snprintf(buf, len, "from %s:%u", r->file, r->line);
}

static void print_conn(const struct conf *c, const struct conf_conn *cc,
		       FILE *out)
{
	const char *n = cc->ic->name;
	char buf[1024], ts[512], mode[32], reqids[32], origin[512];

	conf_conn_peers(cc, buf, sizeof(buf));
	fprintf(out, "%12s: %s\n", n, buf);
	if (cc->cert && cc->cert->cert)
		fprintf(out, "%12s: cert: \"%s\"\n", n, cc->cert->subject);
	fprintf(out, "%12s: public key authentication\n", n);
	ts_str(&cc->ic->left, ts, sizeof(ts));
	ts_str(&cc->ic->right, buf, sizeof(buf));
	fprintf(out, "%12s: %s === %s\n", n, ts, buf);
	mode_str(cc, mode, sizeof(mode));
	if (!cc->reqid) {
		fprintf(out, "%12s: %s, no reqid\n", n, mode);
	} else {
		conf_conn_reqids(cc, reqids, sizeof(reqids));
		origin_str(c, cc->reqid, origin, sizeof(origin));
		fprintf(out, "%12s: %s, reqid%s %s%s %s\n", n, mode,
			cc->reqid->in == cc->reqid->out ? "" : "s", reqids,
			cc->reqid->in == cc->reqid->out ? "" : " (in/out)",
			origin);
	}
	if (!cc->ok)
		fprintf(out, "%12s: not valid, see the errors\n", n);
}

void conf_print(const struct conf *c, FILE *out, FILE *err)
{
	fprintf(out, "Connections:\n");
	for (size_t i = 0; i < c->n_conns; i++)
		print_conn(c, &c->conns[i], out);
	if (!c->n_conns)
		fprintf(out, "  (none)\n");
	for (size_t i = 0; i < c->n_errors; i++)
		fprintf(err, "%s\n", c->errors[i]);
}

static void json_end(FILE *out, const struct ipsec_end *e,
		     const struct conf_cert *ce)
{
	char buf[512];

	fputs("{\"host\": ", out);
	json_str(out, host_str(e, buf, sizeof(buf)));
	fputs(", \"id\": ", out);
	json_str(out, id_str(e, ce, buf, sizeof(buf)));
	fputs(", \"ts\": ", out);
	ts_str(e, buf, sizeof(buf));
	json_str(out, buf);
	if (ce) {
		fputs(", \"cert\": ", out);
		json_str(out, ce->shown);
	}
	fputc('}', out);
}

static void json_reqid(FILE *out, const struct conf *c,
		       const struct reqid_child *r)
{
	char src[512];

	if (!r) {
		fputs("\"reqid_in\": null, \"reqid_out\": null", out);
		return;
	}
	fprintf(out, "\"reqid_in\": %u, \"reqid_out\": %u, \"reqid_origin\": ",
		r->in, r->out);
	json_str(out, reqid_origin_name(r->origin));
	fputs(", \"reqid_source\": ", out);
	if (r->origin == REQID_DERIVED)
		snprintf(src, sizeof(src), "%s", c->paths.state);
	else
		snprintf(src, sizeof(src), "%s:%u", r->file, r->line);
	json_str(out, src);
}

void conf_conn_json(FILE *out, const struct conf *c,
		    const struct conf_conn *cc)
{
	fputs("    {\"name\": ", out);
	json_str(out, cc->ic->name);
	fputs(", \"valid\": ", out);
	fputs(cc->ok ? "true" : "false", out);
	fputs(", \"auto\": ", out);
	json_str(out, ipsec_auto_name(cc->ic->startup));
	fputs(", \"mode\": ", out);
	json_str(out, ipsec_type_name(cc->ic->type));
	fputs(",\n     \"local\": ", out);
	json_end(out, &cc->ic->left, cc->cert);
	fputs(",\n     \"remote\": ", out);
	json_end(out, &cc->ic->right, NULL);
	fputs(",\n     \"ike\": ", out);
	json_str(out, cc->ic->ike);
	fputs(", \"esp\": ", out);
	json_str(out, cc->ic->esp);
	fputs(",\n     ", out);
	json_reqid(out, c, cc->reqid);
	fputc('}', out);
}

/* "  "key": [...],", one message a line. */
static void json_list(FILE *out, const char *key, char *const *v, size_t n)
{
	fprintf(out, "  \"%s\": [", key);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ",\n    " : "\n    ", out);
		json_str(out, v[i]);
	}
	fputs(n ? "\n  ],\n" : "],\n", out);
}

void conf_print_json(const struct conf *c, FILE *out)
{
	fprintf(out, "{\n  \"valid\": %s,\n", c->n_errors ? "false" : "true");
	json_list(out, "errors", c->errors, c->n_errors);
	json_list(out, "warnings", c->warnings, c->n_warnings);
	fputs("  \"connections\": [", out);
	for (size_t i = 0; i < c->n_conns; i++) {
		fputs(i ? ",\n" : "\n", out);
		conf_conn_json(out, c, &c->conns[i]);
	}
	fputs(c->n_conns ? "\n  ]\n}\n" : "]\n}\n", out);
}
