// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec.conf into the model of ipsec.h: read the files into raw sections
 * (ipsec_parse.c), apply %default and also= (ipsec_also.c), then give
 * every conn, ca and config setup its typed values with strongSwan 5.9's
 * defaults (starter's confread.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "../common/errbuf.h"
#include "ipsec_parse.h"

#define IKE_LIFETIME_DEFAULT	10800	/* 3h */
#define LIFETIME_DEFAULT	3600	/* 1h */
#define MARGINTIME_DEFAULT	540	/* 9m */
#define REKEYFUZZ_DEFAULT	100	/* percent */
#define KEYINGTRIES_DEFAULT	3
#define DPDDELAY_DEFAULT	30
#define DPDTIMEOUT_DEFAULT	150
#define IKEPORT_DEFAULT		500

static const char *const auto_names[] = {
	"ignore", "add", "route", "start", NULL
};
/* "pass" and "reject" are starter's aliases, mapped after the match. */
static const char *const type_names[] = {
	"tunnel", "transport", "transport_proxy", "beet", "passthrough",
	"drop", "pass", "reject", NULL
};
static const char *const keyexchange_names[] = {
	"ike", "ikev1", "ikev2", NULL
};
static const char *const action_names[] = {
	"none", "clear", "hold", "restart", NULL
};
static const char *const sendcert_names[] = {
	"ifasked", "always", "never", "yes", "no", NULL
};
static const char *const uniqueids_names[] = {
	"yes", "no", "replace", "keep", "never", NULL
};
static const char *const strictcrl_names[] = {
	"no", "yes", "ifuri", NULL
};
static const char *const authby_names[] = {
	"psk", "secret", "pubkey", "rsa", "rsasig", "ecdsa", "ecdsasig",
	"xauthpsk", "xauthrsasig", "never", NULL
};

/* What building one section needs: where to allocate, what went wrong. */
struct build {
	struct ipsec_parser *p;
	const struct ipsec_raw *raw;	/* the setting being converted */
	char why[ERRQUOTE_SIZE + 256];	/* may quote a part of the value */
};

/* "FILE:LINE: key=value: why" for the setting being converted. */
static int bad_value(struct build *b)
{
	char q[ERRQUOTE_SIZE];

	return ipsec_error(b->p, &b->raw->src, "%s=%s: %s", b->raw->key,
			   errquote(q, b->raw->value), b->why);
}

/*
 * Looks kw up in s (own settings, then parents), records it in *val and
 * returns its text, or NULL when it is not set.
 */
static const char *lookup(struct build *b, const struct ipsec_section *s,
			  enum ipsec_scope scope, int id, enum ipsec_side side,
			  struct ipsec_value *val)
{
	const struct ipsec_kw *kw = ipsec_kw_typed(scope, id);

	b->raw = kw ? ipsec_section_get(s, kw, side) : NULL;
	if (!b->raw)
		return NULL;
	val->src = b->raw->src;
	if (b->raw->value)
		val->text = ipsec_arena_strdup(b->p->mem, b->raw->value);
	return val->text;
}

static int parse_enum(struct build *b, const char *text,
		      const char *const *names, int *out)
{
	return ipsec_parse_enum(text, names, out, b->why, sizeof(b->why)) ?
	       bad_value(b) : 0;
}

static int setup_value(struct build *b, struct ipsec_setup *su, int id,
		       const char *t)
{
	int v;

	switch (id) {
	case IPSEC_SETUP_CHARONDEBUG:
		if (ipsec_parse_charondebug(t, &su->debug, &su->n_debug,
					    b->p->mem, b->why, sizeof(b->why)))
			return bad_value(b);
		return 0;
	case IPSEC_SETUP_UNIQUEIDS:
		if (parse_enum(b, t, uniqueids_names, &v))
			return -1;
		su->uniqueids = (enum ipsec_uniqueids)v;
		return 0;
	case IPSEC_SETUP_STRICTCRLPOLICY:
		if (parse_enum(b, t, strictcrl_names, &v))
			return -1;
		su->strictcrlpolicy = (enum ipsec_strictcrl)v;
		return 0;
	case IPSEC_SETUP_CACHECRLS:
		return ipsec_parse_bool(t, &su->cachecrls, b->why,
					sizeof(b->why)) ? bad_value(b) : 0;
	}
	return 0;
}

static int build_setup(struct build *b, struct ipsec_setup *su)
{
	const char *t;
	int id;

	if (!b->p->setup)
		return 0;
	for (id = 0; id < IPSEC_SETUP_MAX; id++) {
		t = lookup(b, b->p->setup, IPSEC_SCOPE_SETUP, id,
			   IPSEC_SIDE_NONE, &su->val[id]);
		if (t && setup_value(b, su, id, t))
			return -1;
	}
	return 0;
}

static int end_strings(struct ipsec_end *e, int id, const char *t)
{
	switch (id) {
	case IPSEC_END_CERT:
		e->cert = t;
		break;
	case IPSEC_END_AUTH:
		e->auth = t;
		break;
	case IPSEC_END_CA:
		e->ca = t;
		break;
	case IPSEC_END_UPDOWN:
		e->updown = t;
		break;
	}
	return 0;
}

static int end_value(struct build *b, struct ipsec_end *e, int id,
		     const char *t)
{
	size_t len = sizeof(b->why);
	uint32_t u;
	int v;

	switch (id) {
	case IPSEC_END_HOST:
		return ipsec_parse_host(t, &e->host, b->p->mem, b->why, len) ?
		       bad_value(b) : 0;
	case IPSEC_END_SUBNET:
		return ipsec_parse_subnets(t, &e->subnets, &e->n_subnets,
					   b->p->mem, b->why, len) ?
		       bad_value(b) : 0;
	case IPSEC_END_PROTOPORT:
		return ipsec_parse_protoport(t, &e->protoport, b->why, len) ?
		       bad_value(b) : 0;
	case IPSEC_END_ID:
		return ipsec_parse_id(t, &e->id, b->why, len) ?
		       bad_value(b) : 0;
	case IPSEC_END_SENDCERT:
		if (parse_enum(b, t, sendcert_names, &v))
			return -1;
		/* "yes" and "no" are always and never. */
		e->sendcert = (enum ipsec_sendcert)(v > 2 ? v - 2 : v);
		return 0;
	case IPSEC_END_IKEPORT:
		if (ipsec_parse_u32(t, 1, 65535, &u, b->why, len))
			return bad_value(b);
		e->ikeport = (uint16_t)u;
		return 0;
	case IPSEC_END_ALLOWANY:
		return ipsec_parse_bool(t, &e->allowany, b->why, len) ?
		       bad_value(b) : 0;
	}
	return end_strings(e, id, t);
}

static int build_end(struct build *b, const struct ipsec_section *s,
		     struct ipsec_end *e, enum ipsec_side side)
{
	const char *t;
	int id;

	e->protoport.to = 65535;
	e->ikeport = IKEPORT_DEFAULT;
	for (id = 0; id < IPSEC_END_MAX; id++) {
		t = lookup(b, s, IPSEC_SCOPE_END, id, side, &e->val[id]);
		if (t && end_value(b, e, id, t))
			return -1;
	}
	/* leftallowany=yes is the '%' prefix written another way. */
	if (e->allowany)
		e->host.allow_any = true;
	return 0;
}

static int conn_enum(struct build *b, struct ipsec_conn *c, int id,
		     const char *t)
{
	int v;

	switch (id) {
	case IPSEC_CONN_AUTO:
		if (parse_enum(b, t, auto_names, &v))
			return -1;
		c->startup = (enum ipsec_auto)v;
		return 0;
	case IPSEC_CONN_TYPE:
		if (parse_enum(b, t, type_names, &v))
			return -1;
		c->type = v == 6 ? IPSEC_TYPE_PASSTHROUGH :
			  v == 7 ? IPSEC_TYPE_DROP : (enum ipsec_type)v;
		return 0;
	case IPSEC_CONN_KEYEXCHANGE:
		if (parse_enum(b, t, keyexchange_names, &v))
			return -1;
		c->keyexchange = (enum ipsec_keyexchange)v;
		return 0;
	case IPSEC_CONN_DPDACTION:
	case IPSEC_CONN_CLOSEACTION:
		if (parse_enum(b, t, action_names, &v))
			return -1;
		*(id == IPSEC_CONN_DPDACTION ? &c->dpdaction : &c->closeaction) =
			(enum ipsec_action)v;
		return 0;
	case IPSEC_CONN_AUTHBY:
		if (parse_enum(b, t, authby_names, &v))
			return -1;
		c->authby = t;
		return 0;
	}
	return 1;
}

static bool *conn_flag(struct ipsec_conn *c, int id)
{
	switch (id) {
	case IPSEC_CONN_REAUTH:
		return &c->reauth;
	case IPSEC_CONN_REKEY:
		return &c->rekey;
	case IPSEC_CONN_MOBIKE:
		return &c->mobike;
	case IPSEC_CONN_INSTALLPOLICY:
		return &c->installpolicy;
	}
	return NULL;
}

static uint32_t *conn_time(struct ipsec_conn *c, int id)
{
	switch (id) {
	case IPSEC_CONN_LIFETIME:
		return &c->lifetime;
	case IPSEC_CONN_IKELIFETIME:
		return &c->ikelifetime;
	case IPSEC_CONN_MARGINTIME:
		return &c->margintime;
	case IPSEC_CONN_DPDDELAY:
		return &c->dpddelay;
	case IPSEC_CONN_DPDTIMEOUT:
		return &c->dpdtimeout;
	}
	return NULL;
}

static int conn_value(struct build *b, struct ipsec_conn *c, int id,
		      const char *t)
{
	size_t len = sizeof(b->why);
	uint32_t *u = conn_time(c, id);
	bool *flag = conn_flag(c, id);
	int r = conn_enum(b, c, id, t);

	if (r <= 0)
		return r;
	if (flag)
		return ipsec_parse_bool(t, flag, b->why, len) ? bad_value(b) : 0;
	if (u)
		return ipsec_parse_time(t, u, b->why, len) ? bad_value(b) : 0;
	r = 0;
	switch (id) {
	case IPSEC_CONN_REQID:
		r = ipsec_parse_u32(t, 0, UINT32_MAX, &c->reqid, b->why, len);
		break;
	case IPSEC_CONN_REKEYFUZZ:
		r = ipsec_parse_percent(t, &c->rekeyfuzz, b->why, len);
		break;
	case IPSEC_CONN_KEYINGTRIES:
		r = ipsec_parse_keyingtries(t, &c->keyingtries, b->why, len);
		break;
	case IPSEC_CONN_IKE:
		c->ike = t;
		break;
	case IPSEC_CONN_ESP:
		c->esp = t;
		break;
	}
	return r ? bad_value(b) : 0;
}

static void conn_defaults(struct ipsec_conn *c)
{
	c->reauth = c->rekey = c->mobike = c->installpolicy = true;
	c->lifetime = LIFETIME_DEFAULT;
	c->ikelifetime = IKE_LIFETIME_DEFAULT;
	c->margintime = MARGINTIME_DEFAULT;
	c->rekeyfuzz = REKEYFUZZ_DEFAULT;
	c->keyingtries = KEYINGTRIES_DEFAULT;
	c->dpddelay = DPDDELAY_DEFAULT;
	c->dpdtimeout = DPDTIMEOUT_DEFAULT;
}

static int build_conn(struct build *b, const struct ipsec_section *s,
		      struct ipsec_conn *c)
{
	const char *t;
	int id;

	conn_defaults(c);
	c->name = ipsec_arena_strdup(b->p->mem, s->name);
	c->src = s->src;
	if (!c->name)
		return ipsec_nomem(b->p);
	for (id = 0; id < IPSEC_CONN_MAX; id++) {
		t = lookup(b, s, IPSEC_SCOPE_CONN, id, IPSEC_SIDE_NONE,
			   &c->val[id]);
		if (t && conn_value(b, c, id, t))
			return -1;
	}
	if (build_end(b, s, &c->left, IPSEC_SIDE_LEFT) ||
	    build_end(b, s, &c->right, IPSEC_SIDE_RIGHT))
		return -1;
	return 0;
}

static int build_ca(struct build *b, const struct ipsec_section *s,
		    struct ipsec_ca *ca)
{
	const char *t;
	int id, v;

	ca->name = ipsec_arena_strdup(b->p->mem, s->name);
	ca->src = s->src;
	if (!ca->name)
		return ipsec_nomem(b->p);
	for (id = 0; id < IPSEC_CA_MAX; id++) {
		t = lookup(b, s, IPSEC_SCOPE_CA, id, IPSEC_SIDE_NONE,
			   &ca->val[id]);
		if (t && id == IPSEC_CA_AUTO) {
			if (parse_enum(b, t, auto_names, &v))
				return -1;
			/* starter: route and start mean add for a ca. */
			ca->startup = v ? IPSEC_AUTO_ADD : IPSEC_AUTO_IGNORE;
		}
	}
	return 0;
}

static bool listed(const struct ipsec_section *s, enum ipsec_sect_type type)
{
	return s->type == type && strcmp(s->name, "%default");
}

/*
 * One section into the next slot of its list. %default is built too,
 * into scratch space, so a bad value there is reported even when every
 * conn overrides it.
 */
static int build_one(struct build *b, struct ipsec_conf *c,
		     const struct ipsec_section *s)
{
	struct ipsec_conn scratch;
	struct ipsec_ca scratch_ca;
	bool list = strcmp(s->name, "%default");

	memset(&scratch, 0, sizeof(scratch));
	memset(&scratch_ca, 0, sizeof(scratch_ca));
	if (s->type == IPSEC_SECT_CA)
		return build_ca(b, s, list ? &c->cas[c->n_cas++] : &scratch_ca);
	return build_conn(b, s, list ? &c->conns[c->n_conns++] : &scratch);
}

/* Typed conns and cas, in the order their sections first appear. */
static int build_sections(struct build *b, struct ipsec_conf *c)
{
	struct ipsec_parser *p = b->p;
	size_t i, nconn = 0, nca = 0;

	for (i = 0; i < p->n_sects; i++) {
		nconn += listed(p->sects[i], IPSEC_SECT_CONN);
		nca += listed(p->sects[i], IPSEC_SECT_CA);
	}
	c->conns = ipsec_arena_alloc(p->mem, (nconn + 1) * sizeof(*c->conns));
	c->cas = ipsec_arena_alloc(p->mem, (nca + 1) * sizeof(*c->cas));
	if (!c->conns || !c->cas)
		return ipsec_nomem(p);
	for (i = 0; i < p->n_sects; i++)
		if (build_one(b, c, p->sects[i]))
			return -1;
	return 0;
}

int ipsec_conf_load(const char *path, const char *root,
		    struct ipsec_conf *out, char *err, size_t errlen)
{
	struct ipsec_arena *mem = calloc(1, sizeof(*mem));
	struct ipsec_arena tmp = { NULL };
	struct ipsec_parser p = {
		.mem = mem, .tmp = &tmp, .conf = out,
		.root = root ? root : "", .err = err, .errlen = errlen,
	};
	struct build b = { .p = &p };
	int r;

	memset(out, 0, sizeof(*out));
	if (err && errlen)
		err[0] = '\0';
	if (!mem)
		return ipsec_nomem(&p);
	out->mem = mem;
	r = ipsec_parse_file(&p, path);
	if (!r)
		r = ipsec_also_resolve(&p);
	if (!r)
		r = build_setup(&b, &out->setup);
	if (!r)
		r = build_sections(&b, out);
	ipsec_arena_free(&tmp);
	if (r)
		ipsec_conf_free(out);
	return r ? -1 : 0;
}

void ipsec_conf_free(struct ipsec_conf *c)
{
	struct ipsec_arena *mem = c->mem;

	if (mem) {
		ipsec_arena_free(mem);
		free(mem);
	}
	memset(c, 0, sizeof(*c));
}

const struct ipsec_conn *ipsec_conf_conn(const struct ipsec_conf *c,
					 const char *name)
{
	size_t i;

	for (i = 0; i < c->n_conns; i++)
		if (!strcmp(c->conns[i].name, name))
			return &c->conns[i];
	return NULL;
}

const char *ipsec_auto_name(enum ipsec_auto a)
{
	return a <= IPSEC_AUTO_START ? auto_names[a] : "?";
}

const char *ipsec_type_name(enum ipsec_type t)
{
	return t <= IPSEC_TYPE_DROP ? type_names[t] : "?";
}

int ipsec_log_level(const struct ipsec_setup *su)
{
	int max = su->n_debug ? -1 : 1;
	size_t i;

	for (i = 0; i < su->n_debug; i++)
		if (su->debug[i].level > max)
			max = su->debug[i].level;
	if (max < 0)
		return LOG_WARNING;
	if (max == 0)
		return LOG_NOTICE;
	return max == 1 ? LOG_INFO : LOG_DEBUG;
}
