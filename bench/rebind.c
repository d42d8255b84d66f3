// SPDX-License-Identifier: GPL-2.0
/*
 * bench/rebind - what one handover costs the Home Agent's kernel with N
 * bindings present:
 *   (a) mipxfrm: one MIPXFRM_CMD_BINDING_UPDATE;
 *   (b) mip6d today: five XFRM_MSG_MIGRATE (tunnel in, fwd, out;
 *       transport in, out) and two XFRM_MSG_UPDSA (route2 and hao
 *       coaddr), each waiting for its ACK, as UMIP's HA sends them.
 * Both are timed with CLOCK_MONOTONIC around the whole handover, on the
 * same state in the same namespace. It is a benchmark, not a test, but
 * an operation that fails ends it with the errno and the extack message:
 * no figure is ever printed for a failed operation.
 *
 * Runs as root inside the guest (scripts/vm), one fresh network namespace
 * per N. Every mobile i gets the seed's per-mobile Home Agent state: ESP
 * transport SAs on the HoA (reqid 2i+1), ESP tunnel SAs to its CoA (reqid
 * 2i+2), the two transport MH policies, the three tunnel policies and the
 * route2/hao RO states - sent over the same XFRM netlink socket that (b)
 * uses, one message per ACK (feeding `ip -batch` was about ten times
 * slower here) - then a mipxfrm binding.
 *
 * Mobiles are used in pairs (2k, 2k+1): the even one is moved by (a), the
 * odd one by (b). Disjoint mobiles mean neither method ever finds state
 * the other moved, and neighbours sit at the same place in the kernel's
 * lists (the tunnel policies are inexact, kept in insertion order, and
 * what mip6d's MIGRATE walks). Rounds cycle through the first, middle,
 * last-added and a random pair; each round moves both mobiles of its pair
 * to their other CoA, so every timed handover is a real move.
 *
 * Output: per N, median and p90 in microseconds for (a) and (b), the
 * medians per position, and as the last line "ratio b/a: R (N=...)".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>

#include <linux/mipxfrm.h>
#include "../helper/genl/binding.h"
#include "../helper/genl/genl.h"

#define HA_ADDR "2001:1::1"
#define LIFETIME 3600
/* Same keys for every SA: the keys do not change what is measured. */
static const uint8_t auth_key[20] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
};
static const uint8_t enc_key[16] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
};

enum { POS_FIRST, POS_MIDDLE, POS_LAST, POS_RANDOM, POS_NUM };
static const char *const pos_name[POS_NUM] = {
	"first", "middle", "last", "random"
};

static struct in6_addr ha;

/* ---- addresses, reqids and SPIs of mobile i ---- */

/* 2001:db8:<i/65536>:<i%65536>::1, as selftests/lib.c's test_hoa(). */
static void mk_hoa(unsigned int i, struct in6_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr[0] = 0x20;
	a->s6_addr[1] = 0x01;
	a->s6_addr[2] = 0x0d;
	a->s6_addr[3] = 0xb8;
	a->s6_addr[4] = i >> 24;
	a->s6_addr[5] = i >> 16;
	a->s6_addr[6] = i >> 8;
	a->s6_addr[7] = i;
	a->s6_addr[15] = 1;
}

/* The two CoAs a mobile alternates between: 3fff:<i>::a and 3fff:<i>::b. */
static void mk_coa(unsigned int i, int alt, struct in6_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr[0] = 0x3f;
	a->s6_addr[1] = 0xff;
	a->s6_addr[4] = i >> 24;
	a->s6_addr[5] = i >> 16;
	a->s6_addr[6] = i >> 8;
	a->s6_addr[7] = i;
	a->s6_addr[15] = alt ? 0xb : 0xa;
}

static uint32_t reqid_mh(unsigned int i)
{
	return 2 * i + 1;
}

static uint32_t reqid_tunnel(unsigned int i)
{
	return 2 * i + 2;
}

/* k: 0 MH HoA->HA, 1 MH HA->HoA, 2 tunnel CoA->HA, 3 tunnel HA->CoA. */
static uint32_t spi(unsigned int i, unsigned int k)
{
	return 0x1000 + 4 * i + k;
}

/* Up to four addresses per printf: rotate through static buffers. */
static const char *ntop(const struct in6_addr *a)
{
	static char buf[4][INET6_ADDRSTRLEN];
	static unsigned int n;
	char *b = buf[n++ % 4];

	return inet_ntop(AF_INET6, a, b, INET6_ADDRSTRLEN);
}

/* ---- small helpers ---- */

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("rebind: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nrebind: FAILED\n", stderr);
	exit(1);
}

/* A request that failed: the errno and what the kernel's extack said. */
static void __attribute__((noreturn))
die_req(unsigned int n, const char *what, unsigned int mobile, int err,
	const struct nl_conn *c)
{
	die("N=%u: %s for mobile %u failed: %s%s%s", n, what, mobile,
	    strerror(-err), c->err_msg[0] ? ": " : "", c->err_msg);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

/* Runs a command, keeps its stdout in out; returns its exit status. */
static int capture(char *out, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int capture(char *out, size_t len, const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	size_t got = 0, r;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (got + 1 < len && (r = fread(out + got, 1, len - 1 - got, p)))
		got += r;
	out[got] = '\0';
	/* Read to the end, so that the command never dies of SIGPIPE. */
	while (fread(cmd, 1, sizeof(cmd), p))
		;
	st = pclose(p);
	return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

/* xorshift32: the random pairs are the same run after run for a seed. */
static uint32_t rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* ---- (a) mipxfrm ---- */

static void put_addr(struct nlmsghdr *nlh, uint16_t type,
		     const struct in6_addr *a)
{
	mnl_attr_put(nlh, type, sizeof(*a), a);
}

static int binding_new(struct nl_conn *g, unsigned int i)
{
	struct nlmsghdr *nlh = genl_msg(g, MIPXFRM_CMD_BINDING_NEW, 0);
	struct in6_addr hoa, coa;

	mk_hoa(i, &hoa);
	mk_coa(i, 0, &coa);
	put_addr(nlh, MIPXFRM_A_HOA, &hoa);
	put_addr(nlh, MIPXFRM_A_HA, &ha);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_MH, reqid_mh(i));
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_TUNNEL, reqid_tunnel(i));
	put_addr(nlh, MIPXFRM_A_COA, &coa);
	return nl_request(g, nlh, NULL, NULL);
}

/* The one message a handover costs with mipxfrm. */
static int binding_update(struct nl_conn *g, unsigned int i,
			  const struct in6_addr *coa, uint16_t seq)
{
	struct nlmsghdr *nlh = genl_msg(g, MIPXFRM_CMD_BINDING_UPDATE, 0);
	struct in6_addr hoa;

	mk_hoa(i, &hoa);
	put_addr(nlh, MIPXFRM_A_HOA, &hoa);
	put_addr(nlh, MIPXFRM_A_COA, coa);
	mnl_attr_put_u16(nlh, MIPXFRM_A_SEQ, seq);
	mnl_attr_put_u32(nlh, MIPXFRM_A_LIFETIME, LIFETIME);
	return nl_request(g, nlh, NULL, NULL);
}

struct got {
	struct binding b;
	uint32_t tunnel_sas, tunnel_policies;
	bool ok;
};

static int on_binding(const struct nlmsghdr *nlh, void *data)
{
	struct got *got = data;
	const struct nlattr *attr;

	if (binding_parse(nlh, &got->b))
		return MNL_CB_ERROR;
	/* What the last update moved; binding.h may not carry it. */
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_validate(attr, MNL_TYPE_U32))
			continue;
		if (mnl_attr_get_type(attr) == MIPXFRM_A_TUNNEL_SAS)
			got->tunnel_sas = mnl_attr_get_u32(attr);
		if (mnl_attr_get_type(attr) == MIPXFRM_A_TUNNEL_POLICIES)
			got->tunnel_policies = mnl_attr_get_u32(attr);
	}
	got->ok = true;
	return MNL_CB_OK;
}

/*
 * Untimed, after each timed update: the binding has the new CoA and the
 * update really moved the tunnel (2 SAs, 3 policies), so that what was
 * timed was a full rebind and not a refresh.
 */
static void check_binding(struct nl_conn *g, unsigned int n, unsigned int i,
			  const struct in6_addr *coa)
{
	struct nlmsghdr *nlh = genl_msg(g, MIPXFRM_CMD_BINDING_GET, 0);
	struct got got = { .ok = false };
	struct in6_addr hoa;
	int err;

	mk_hoa(i, &hoa);
	put_addr(nlh, MIPXFRM_A_HOA, &hoa);
	err = nl_request(g, nlh, on_binding, &got);
	if (err)
		die_req(n, "BINDING_GET", i, err, g);
	if (!got.ok || !got.b.has_coa || memcmp(&got.b.coa, coa, sizeof(*coa)))
		die("N=%u: mobile %u: BINDING_UPDATE acked but the binding's CoA is %s, not %s",
		    n, i, got.b.has_coa ? ntop(&got.b.coa) : "(none)",
		    ntop(coa));
	if (got.tunnel_sas != 2 || got.tunnel_policies != 3)
		die("N=%u: mobile %u: BINDING_UPDATE to %s moved %u tunnel SAs and %u tunnel policies, not 2 and 3",
		    n, i, ntop(coa), got.tunnel_sas, got.tunnel_policies);
}

/* ---- (b) the mip6d baseline, over XFRM netlink ---- */

static struct nlmsghdr *xfrm_msg(struct nl_conn *c, uint16_t type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(c->buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	return nlh;
}

static void xaddr(xfrm_address_t *x, const struct in6_addr *a)
{
	memset(x, 0, sizeof(*x));
	memcpy(&x->in6, a, sizeof(*a));
}

/*
 * A policy's selector, built the same way for its NEWPOLICY and for each
 * MIGRATE: unless the protocol is IPSEC_ULPROTO_ANY (255, not the 0 that
 * means "any" in a policy) the kernel finds the policy to migrate by
 * memcmp of the whole selector, padding included.
 */
static void mk_sel(struct xfrm_selector *sel, const struct in6_addr *src,
		   uint8_t slen, const struct in6_addr *dst, uint8_t dlen,
		   uint8_t proto)
{
	memset(sel, 0, sizeof(*sel));
	sel->family = AF_INET6;
	if (src)
		xaddr(&sel->saddr, src);
	if (dst)
		xaddr(&sel->daddr, dst);
	sel->prefixlen_s = slen;
	sel->prefixlen_d = dlen;
	sel->proto = proto;
}

/*
 * One XFRM_MSG_MIGRATE as UMIP's xfrm_sendmigrate() builds it: the
 * policy's selector and direction, one migrate entry (old and new
 * template endpoints) and the key manager's addresses.
 */
static int migrate(struct nl_conn *x, const struct xfrm_selector *sel,
		   uint8_t dir, uint8_t mode, uint32_t reqid,
		   const struct in6_addr *old_d, const struct in6_addr *old_s,
		   const struct in6_addr *new_d, const struct in6_addr *new_s)
{
	struct nlmsghdr *nlh = xfrm_msg(x, XFRM_MSG_MIGRATE);
	struct xfrm_userpolicy_id *id;
	struct xfrm_user_migrate um;
	struct xfrm_user_kmaddress km;

	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	id->sel = *sel;
	id->dir = dir;

	memset(&um, 0, sizeof(um));
	if (old_d)
		xaddr(&um.old_daddr, old_d);
	if (old_s)
		xaddr(&um.old_saddr, old_s);
	xaddr(&um.new_daddr, new_d);
	xaddr(&um.new_saddr, new_s);
	um.proto = IPPROTO_ESP;
	um.mode = mode;
	um.reqid = reqid;
	um.old_family = AF_INET6;
	um.new_family = AF_INET6;
	mnl_attr_put(nlh, XFRMA_MIGRATE, sizeof(um), &um);

	/* UMIP: local is the HA's end, remote the mobile's new one. */
	memset(&km, 0, sizeof(km));
	km.family = AF_INET6;
	if (dir == XFRM_POLICY_OUT) {
		xaddr(&km.local, new_s);
		xaddr(&km.remote, new_d);
	} else {
		xaddr(&km.local, new_d);
		xaddr(&km.remote, new_s);
	}
	mnl_attr_put(nlh, XFRMA_KMADDRESS, sizeof(km), &km);
	return nl_request(x, nlh, NULL, NULL);
}

static void lft_inf(struct xfrm_lifetime_cfg *lft)
{
	lft->soft_byte_limit = XFRM_INF;
	lft->hard_byte_limit = XFRM_INF;
	lft->soft_packet_limit = XFRM_INF;
	lft->hard_packet_limit = XFRM_INF;
}

static void put_algo(struct nlmsghdr *nlh, uint16_t type, const char *name,
		     const uint8_t *key, unsigned int len)
{
	char buf[sizeof(struct xfrm_algo) + 32] __attribute__((aligned(8)));
	struct xfrm_algo *a = (struct xfrm_algo *)buf;

	memset(buf, 0, sizeof(buf));
	snprintf(a->alg_name, sizeof(a->alg_name), "%s", name);
	a->alg_key_len = len * 8;
	memcpy(a->alg_key, key, len);
	mnl_attr_put(nlh, type, sizeof(*a) + len, a);
}

/*
 * XFRM_MSG_NEWSA or XFRM_MSG_UPDSA of one SA: ESP with the bench's keys,
 * or, with a coa, an RO state (route2/hao, mode ro, selector the two
 * /128s). xfrm_state_update overwrites the selector and the lifetimes of
 * the state it finds, so an UPDSA carries them whole, as the state was
 * added - which is what mip6d sends to change an RO state's coaddr.
 */
static int sa_msg(struct nl_conn *x, uint16_t type, uint8_t proto,
		  uint8_t mode, const struct in6_addr *src,
		  const struct in6_addr *dst, uint32_t spi, uint32_t reqid,
		  const struct in6_addr *coa)
{
	struct nlmsghdr *nlh = xfrm_msg(x, type);
	struct xfrm_usersa_info *p;
	xfrm_address_t co;

	p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));
	if (coa)
		mk_sel(&p->sel, src, 128, dst, 128, 0);
	else
		p->sel.family = AF_INET6;
	xaddr(&p->id.daddr, dst);
	p->id.spi = htonl(spi);
	p->id.proto = proto;
	xaddr(&p->saddr, src);
	lft_inf(&p->lft);
	p->reqid = reqid;
	p->family = AF_INET6;
	p->mode = mode;
	if (proto == IPPROTO_ESP) {
		put_algo(nlh, XFRMA_ALG_AUTH, "hmac(sha1)", auth_key,
			 sizeof(auth_key));
		put_algo(nlh, XFRMA_ALG_CRYPT, "cbc(aes)", enc_key,
			 sizeof(enc_key));
	}
	if (coa) {
		xaddr(&co, coa);
		mnl_attr_put(nlh, XFRMA_COADDR, sizeof(co), &co);
	}
	return nl_request(x, nlh, NULL, NULL);
}

/* XFRM_MSG_NEWPOLICY with one ESP template, as `ip xfrm policy add`. */
static int policy_add(struct nl_conn *x, const struct xfrm_selector *sel,
		      uint8_t dir, uint32_t priority, uint8_t mode,
		      const struct in6_addr *tsrc, const struct in6_addr *tdst,
		      uint32_t reqid)
{
	struct nlmsghdr *nlh = xfrm_msg(x, XFRM_MSG_NEWPOLICY);
	struct xfrm_userpolicy_info *p;
	struct xfrm_user_tmpl t;

	p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));
	p->sel = *sel;
	lft_inf(&p->lft);
	p->priority = priority;
	p->dir = dir;
	p->action = XFRM_POLICY_ALLOW;

	memset(&t, 0, sizeof(t));
	if (tdst)
		xaddr(&t.id.daddr, tdst);
	if (tsrc)
		xaddr(&t.saddr, tsrc);
	t.id.proto = IPPROTO_ESP;
	t.family = AF_INET6;
	t.reqid = reqid;
	t.mode = mode;
	t.aalgos = ~0U;
	t.ealgos = ~0U;
	t.calgos = ~0U;
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), &t);
	return nl_request(x, nlh, NULL, NULL);
}

/* ---- (setup) the seed's per-mobile Home Agent state ---- */

/*
 * Mobile i's state, as the seed's Home Agent has it (and as `ip xfrm`
 * would add it): ESP transport SAs on the HoA for the Mobility Header,
 * ESP tunnel SAs between the CoA and the HA, the route2/hao RO states,
 * the transport MH policies (/128 both sides: exact, hashed) and the
 * tunnel policies (::/0 on one side: inexact, kept in a list).
 */
static void setup_mobile(struct nl_conn *x, unsigned int n, unsigned int i)
{
	static const uint8_t tunnel = XFRM_MODE_TUNNEL;
	static const uint8_t transport = XFRM_MODE_TRANSPORT;
	static const uint8_t ro = XFRM_MODE_ROUTEOPTIMIZATION;
	struct xfrm_selector sel;
	struct in6_addr h, c;
	const char *what;
	int err;

	mk_hoa(i, &h);
	mk_coa(i, 0, &c);
	what = "NEWSA esp transport in";
	err = sa_msg(x, XFRM_MSG_NEWSA, IPPROTO_ESP, transport, &h, &ha,
		     spi(i, 0), reqid_mh(i), NULL);
	if (!err) {
		what = "NEWSA esp transport out";
		err = sa_msg(x, XFRM_MSG_NEWSA, IPPROTO_ESP, transport, &ha,
			     &h, spi(i, 1), reqid_mh(i), NULL);
	}
	if (!err) {
		what = "NEWSA esp tunnel in";
		err = sa_msg(x, XFRM_MSG_NEWSA, IPPROTO_ESP, tunnel, &c, &ha,
			     spi(i, 2), reqid_tunnel(i), NULL);
	}
	if (!err) {
		what = "NEWSA esp tunnel out";
		err = sa_msg(x, XFRM_MSG_NEWSA, IPPROTO_ESP, tunnel, &ha, &c,
			     spi(i, 3), reqid_tunnel(i), NULL);
	}
	if (!err) {
		what = "NEWSA route2";
		err = sa_msg(x, XFRM_MSG_NEWSA, IPPROTO_ROUTING, ro, &ha, &h,
			     0, 0, &c);
	}
	if (!err) {
		what = "NEWSA hao";
		err = sa_msg(x, XFRM_MSG_NEWSA, IPPROTO_DSTOPTS, ro, &h, &ha,
			     0, 0, &c);
	}
	if (!err) {
		what = "NEWPOLICY transport in";
		mk_sel(&sel, &h, 128, &ha, 128, IPPROTO_MH);
		err = policy_add(x, &sel, XFRM_POLICY_IN, 2, transport, NULL,
				 NULL, reqid_mh(i));
	}
	if (!err) {
		what = "NEWPOLICY transport out";
		mk_sel(&sel, &ha, 128, &h, 128, IPPROTO_MH);
		err = policy_add(x, &sel, XFRM_POLICY_OUT, 2, transport, NULL,
				 NULL, reqid_mh(i));
	}
	if (!err) {
		what = "NEWPOLICY tunnel in";
		mk_sel(&sel, &h, 128, NULL, 0, 0);
		err = policy_add(x, &sel, XFRM_POLICY_IN, 10, tunnel, &c, &ha,
				 reqid_tunnel(i));
	}
	if (!err) {
		what = "NEWPOLICY tunnel fwd";
		err = policy_add(x, &sel, XFRM_POLICY_FWD, 10, tunnel, &c, &ha,
				 reqid_tunnel(i));
	}
	if (!err) {
		what = "NEWPOLICY tunnel out";
		mk_sel(&sel, NULL, 0, &h, 128, 0);
		err = policy_add(x, &sel, XFRM_POLICY_OUT, 10, tunnel, &ha, &c,
				 reqid_tunnel(i));
	}
	if (err)
		die_req(n, what, i, err, x);
}

/*
 * In mobile order, so that mobile i's tunnel policies are the i-th of
 * each direction's inexact list; progress in tenths, because inserting
 * an inexact policy walks that list and the setup is quadratic in N.
 */
static void setup_xfrm(struct nl_conn *x, unsigned int n)
{
	unsigned int tenth = (n + 9) / 10, i;
	double t0 = now_us();

	for (i = 0; i < n; i++) {
		setup_mobile(x, n, i);
		if ((i + 1) % tenth == 0 || i + 1 == n)
			fprintf(stderr, "rebind: N=%u: XFRM state of %u/%u mobiles (%.0f s)\n",
				n, i + 1, n, (now_us() - t0) / 1e6);
	}
}

/*
 * What mip6d sends for one handover of mobile i from CoA old to new
 * (UMIP's _ha_tnl_update, _ha_trns_update and the BCE's RO states).
 * Returns 0 or -errno, with *what naming the message that failed.
 */
static int mip6d_handover(struct nl_conn *x, unsigned int i,
			  const struct in6_addr *old, const struct in6_addr *new,
			  const char **what)
{
	struct xfrm_selector sel;
	struct in6_addr hoa;
	int err;

	mk_hoa(i, &hoa);

	/* Tunnel in and fwd (HoA/128 -> ::/0): template CoA -> HA. */
	mk_sel(&sel, &hoa, 128, NULL, 0, 0);
	*what = "MIGRATE tunnel in";
	err = migrate(x, &sel, XFRM_POLICY_IN, XFRM_MODE_TUNNEL,
		      reqid_tunnel(i), &ha, old, &ha, new);
	if (err)
		return err;
	*what = "MIGRATE tunnel fwd";
	err = migrate(x, &sel, XFRM_POLICY_FWD, XFRM_MODE_TUNNEL,
		      reqid_tunnel(i), &ha, old, &ha, new);
	if (err)
		return err;
	/* Tunnel out (::/0 -> HoA/128): template HA -> CoA. */
	mk_sel(&sel, NULL, 0, &hoa, 128, 0);
	*what = "MIGRATE tunnel out";
	err = migrate(x, &sel, XFRM_POLICY_OUT, XFRM_MODE_TUNNEL,
		      reqid_tunnel(i), old, &ha, new, &ha);
	if (err)
		return err;
	/*
	 * Transport MH policies. A transport template carries no
	 * addresses, so UMIP's old pair is (::, ::): the kernel finds no SA
	 * by it, matches the template by protocol, mode and reqid and
	 * changes nothing - the SAs on the HoA stay where they are.
	 */
	mk_sel(&sel, &hoa, 128, &ha, 128, IPPROTO_MH);
	*what = "MIGRATE transport in";
	err = migrate(x, &sel, XFRM_POLICY_IN, XFRM_MODE_TRANSPORT,
		      reqid_mh(i), NULL, NULL, &ha, new);
	if (err)
		return err;
	mk_sel(&sel, &ha, 128, &hoa, 128, IPPROTO_MH);
	*what = "MIGRATE transport out";
	err = migrate(x, &sel, XFRM_POLICY_OUT, XFRM_MODE_TRANSPORT,
		      reqid_mh(i), NULL, NULL, new, &ha);
	if (err)
		return err;
	/* The RO states' care-of address. */
	*what = "UPDSA route2";
	err = sa_msg(x, XFRM_MSG_UPDSA, IPPROTO_ROUTING,
		     XFRM_MODE_ROUTEOPTIMIZATION, &ha, &hoa, 0, 0, new);
	if (err)
		return err;
	*what = "UPDSA hao";
	return sa_msg(x, XFRM_MSG_UPDSA, IPPROTO_DSTOPTS,
		      XFRM_MODE_ROUTEOPTIMIZATION, &hoa, &ha, 0, 0, new);
}

/* ---- the sanity check, as an admin would look ---- */

static bool first_line_is(const char *out, const char *src, const char *dst)
{
	char want[128];

	snprintf(want, sizeof(want), "src %s dst %s\n", src, dst);
	return !strncmp(out, want, strlen(want));
}

/*
 * `ip xfrm` shows mobile i's tunnel SAs and out policy on its current
 * CoA and no tunnel SA left on the other one; its RO states carry it.
 * Returns a description of what is wrong, or NULL.
 */
static const char *check_ip(unsigned int i, int alt, char *why, size_t len)
{
	struct in6_addr h, c, o;
	char out[4096], want[128];
	const char *hoa, *coa, *old;

	mk_hoa(i, &h);
	mk_coa(i, alt, &c);
	mk_coa(i, !alt, &o);
	hoa = ntop(&h);
	coa = ntop(&c);
	old = ntop(&o);

	if (capture(out, sizeof(out), "ip xfrm state get src %s dst %s proto esp spi 0x%x",
		    HA_ADDR, coa, spi(i, 3)) ||
	    !first_line_is(out, HA_ADDR, coa))
		snprintf(why, len, "mobile %u: no outbound tunnel SA %s -> %s:\n%s",
			 i, HA_ADDR, coa, out);
	else if (capture(out, sizeof(out), "ip xfrm state get src %s dst %s proto esp spi 0x%x",
			 coa, HA_ADDR, spi(i, 2)) ||
		 !first_line_is(out, coa, HA_ADDR))
		snprintf(why, len, "mobile %u: inbound tunnel SA is not %s -> %s:\n%s",
			 i, coa, HA_ADDR, out);
	else if (!capture(out, sizeof(out), "ip xfrm state get src %s dst %s proto esp spi 0x%x 2>/dev/null",
			  HA_ADDR, old, spi(i, 3)))
		snprintf(why, len, "mobile %u: a tunnel SA is left on the old CoA %s:\n%s",
			 i, old, out);
	else if (capture(out, sizeof(out), "ip xfrm policy get src ::/0 dst %s/128 dir out",
			 hoa) ||
		 (snprintf(want, sizeof(want), "tmpl src %s dst %s", HA_ADDR, coa),
		  !strstr(out, want)))
		snprintf(why, len, "mobile %u: out tunnel policy lacks \"%s\":\n%s",
			 i, want, out);
	else if (capture(out, sizeof(out), "ip xfrm state get src %s dst %s proto route2",
			 HA_ADDR, hoa) ||
		 (snprintf(want, sizeof(want), "coa %s", coa), !strstr(out, want)))
		snprintf(why, len, "mobile %u: route2 state lacks \"%s\":\n%s",
			 i, want, out);
	else if (capture(out, sizeof(out), "ip xfrm state get src %s dst %s proto hao",
			 hoa, HA_ADDR) || !strstr(out, want))
		snprintf(why, len, "mobile %u: hao state lacks \"%s\":\n%s",
			 i, want, out);
	else
		return NULL;
	return why;
}

/* ---- statistics ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile (p in 0..100) of the n values v (sorted here). */
static double percentile(double *v, unsigned int n, double p)
{
	unsigned int rank;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	if (p == 50 && n % 2 == 0)
		return (v[n / 2 - 1] + v[n / 2]) / 2;
	rank = (unsigned int)(p / 100 * n + 0.999999);
	return v[rank ? rank - 1 : 0];
}

/* The values of t whose round is at position pos (POS_NUM: all). */
static unsigned int select_pos(const double *t, unsigned int rounds, int pos,
			       double *out)
{
	unsigned int r, n = 0;

	for (r = 0; r < rounds; r++)
		if (pos == POS_NUM || (int)(r % POS_NUM) == pos)
			out[n++] = t[r];
	return n;
}

static void print_row(const char *label, const double *t, unsigned int rounds,
		      double *tmp, double *median)
{
	unsigned int k, n;
	int pos;

	n = select_pos(t, rounds, POS_NUM, tmp);
	*median = percentile(tmp, n, 50);
	printf("%-32s %9.1f %9.1f", label, *median, percentile(tmp, n, 90));
	for (pos = 0; pos < POS_NUM; pos++) {
		k = select_pos(t, rounds, pos, tmp);
		if (k)
			printf(" %8.1f", percentile(tmp, k, 50));
		else
			printf(" %8s", "-");
	}
	printf("\n");
}

/* ---- one N ---- */

/* The pair (2k, 2k+1) a round at position pos uses. */
static unsigned int pair_at(int pos, unsigned int n, uint32_t *rng)
{
	switch (pos) {
	case POS_FIRST:
		return 0;
	case POS_MIDDLE:
		return n / 4;
	case POS_LAST:
		return n / 2 - 1;
	default:
		return rng_next(rng) % (n / 2);
	}
}

static void run(unsigned int n, unsigned int rounds, uint32_t seed)
{
	uint8_t *alt = calloc(n, 1);		/* current CoA: 0 ::a, 1 ::b */
	uint16_t *seq = calloc(n, sizeof(*seq));
	bool *registered = calloc(n, sizeof(*registered));
	double *ta = calloc(rounds, sizeof(double));
	double *tb = calloc(rounds, sizeof(double));
	double *tmp = calloc(rounds, sizeof(double));
	unsigned int i, r, k, last_k = 0, moved_last = 0;
	struct nl_conn g, x;
	double t0, t1, ma, mb;
	uint32_t rng = seed;
	char why[8192];
	int err;

	if (!alt || !seq || !registered || !ta || !tb || !tmp)
		die("out of memory");

	/* A namespace of its own: nothing of the previous N is left. */
	if (unshare(CLONE_NEWNET))
		die("unshare(CLONE_NEWNET): %s", strerror(errno));
	if (sh("ip link set lo up"))
		die("ip link set lo up failed");

	/* Sockets belong to the namespace they are opened in: open here. */
	err = genl_open(&g);
	if (err)
		die("cannot reach the mipxfrm family: %s", strerror(-err));
	err = nl_open(&x, NETLINK_XFRM);
	if (err)
		die("cannot open an XFRM netlink socket: %s", strerror(-err));

	t0 = now_us();
	setup_xfrm(&x, n);
	t1 = now_us();
	for (i = 0; i < n; i++) {
		err = binding_new(&g, i);
		if (err)
			die_req(n, "BINDING_NEW", i, err, &g);
	}
	fprintf(stderr, "rebind: N=%u: XFRM state in %.1f s, %u bindings in %.1f s\n",
		n, (t1 - t0) / 1e6, n, (now_us() - t1) / 1e6);

	for (r = 0; r < rounds; r++) {
		int pos = r % POS_NUM;
		unsigned int a, b;
		struct in6_addr from, to;
		const char *what;

		k = pair_at(pos, n, &rng);
		a = 2 * k;
		b = 2 * k + 1;

		/* (a) The first update of a binding registers it: untimed. */
		if (!registered[a]) {
			mk_coa(a, alt[a], &to);
			err = binding_update(&g, a, &to, ++seq[a]);
			if (err)
				die_req(n, "BINDING_UPDATE (registration)", a, err, &g);
			registered[a] = true;
		}

		/* (b) mip6d's handover of the odd mobile. */
		mk_coa(b, alt[b], &from);
		mk_coa(b, !alt[b], &to);
		t0 = now_us();
		err = mip6d_handover(&x, b, &from, &to, &what);
		t1 = now_us();
		if (err)
			die_req(n, what, b, err, &x);
		tb[r] = t1 - t0;
		alt[b] = !alt[b];

		/* (a) mipxfrm's handover of the even mobile. */
		mk_coa(a, !alt[a], &to);
		t0 = now_us();
		err = binding_update(&g, a, &to, ++seq[a]);
		t1 = now_us();
		if (err)
			die_req(n, "BINDING_UPDATE", a, err, &g);
		ta[r] = t1 - t0;
		alt[a] = !alt[a];
		check_binding(&g, n, a, &to);

		last_k = k;
		if (pos == POS_LAST)
			moved_last = 1;
		if ((r + 1) % 50 == 0)
			fprintf(stderr, "rebind: N=%u: %u/%u rounds\n", n, r + 1,
				rounds);
	}

	/* What an admin would see: the moved mobiles on their new CoA. */
	for (i = 0; i < 2 * (1 + moved_last); i++) {
		unsigned int kk = i < 2 ? last_k : n / 2 - 1;
		unsigned int m = 2 * kk + i % 2;

		if (check_ip(m, alt[m], why, sizeof(why)))
			die("N=%u: after the runs, %s", n, why);
	}

	printf("\nN=%u bindings, %u handovers each; microseconds per handover\n",
	       n, rounds);
	printf("%-32s %9s %9s %8s %8s %8s %8s\n", "", "median", "p90",
	       pos_name[0], pos_name[1], pos_name[2], pos_name[3]);
	print_row("(a) mipxfrm BINDING_UPDATE", ta, rounds, tmp, &ma);
	print_row("(b) mip6d 5 MIGRATE + 2 UPDSA", tb, rounds, tmp, &mb);
	printf("check: ip xfrm shows mobiles %u and %u%s on their new CoA: ok\n",
	       2 * last_k, 2 * last_k + 1,
	       moved_last && last_k != n / 2 - 1 ? " and the last-added pair" : "");
	printf("ratio b/a: %.1f (N=%u)\n", mb / ma, n);
	fflush(stdout);

	nl_close(&g);
	nl_close(&x);
	free(alt);
	free(seq);
	free(registered);
	free(ta);
	free(tb);
	free(tmp);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: bench/rebind [--bindings N] [--rounds R] [--seed S]\n"
		"\n"
		"Run as root in the guest: make -C bench && scripts/vm -t 1800 bench/rebind\n"
		"Times one handover with N bindings present, (a) one mipxfrm\n"
		"BINDING_UPDATE against (b) mip6d's 5 XFRM_MSG_MIGRATE + 2\n"
		"XFRM_MSG_UPDSA, for N = 1000 and 10000 unless --bindings picks one\n"
		"(even, at least 4). R handovers each (default 200), on the first,\n"
		"middle, last-added and random mobiles in turn.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bindings", required_argument, NULL, 'n' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int ns[2] = { 1000, 10000 }, nn = 2, rounds = 200, j;
	uint32_t seed = 1;
	char *end;
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "n:r:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
		case 'r':
		case 's':
			v = strtol(optarg, &end, 0);
			if (*end || v < (c == 'n' ? 4 : 1) ||
			    v > (c == 'n' ? 1000000 : 0x7fffffff) ||
			    (c == 'n' && v % 2)) {
				fprintf(stderr, "rebind: bad --%s %s\n",
					c == 'n' ? "bindings" : c == 'r' ? "rounds" : "seed",
					optarg);
				return 2;
			}
			if (c == 'n') {
				ns[0] = v;
				nn = 1;
			} else if (c == 'r') {
				rounds = v;
			} else {
				seed = v;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}

	/* Results go to the serial console: a line at a time, in order. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	inet_pton(AF_INET6, HA_ADDR, &ha);

	if (sh("modprobe xfrm_user && modprobe mipxfrm"))
		die("modprobe xfrm_user / mipxfrm failed");
	for (j = 0; j < nn; j++)
		run(ns[j], rounds, seed);
	return 0;
}
