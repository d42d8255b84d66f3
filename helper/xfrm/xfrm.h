/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's SAD and SPD over XFRM netlink (libmnl): what the key
 * manager installs for each CHILD_SA, with the reqid it owns. All
 * NETLINK_XFRM use of the daemon is in this directory.
 *
 * Building a message is split from sending it, so that unit tests can
 * check the messages without a kernel.
 */
#ifndef MIPXFRM_XFRM_H
#define MIPXFRM_XFRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>

/* One algorithm and its key; name as the kernel knows it. */
struct xfrm_alg_key {
	const char *name;		/* "cbc(aes)", "hmac(sha1)", NULL: none */
	const uint8_t *key;
	size_t keylen;			/* bytes (AEAD: with the 4-byte salt) */
	unsigned int bits;		/* auth: truncation, AEAD: ICV length */
};

struct xfrm_sa {
	uint16_t family;		/* AF_INET6 or AF_INET */
	xfrm_address_t src;
	xfrm_address_t dst;
	uint32_t spi;			/* network byte order */
	uint8_t proto;			/* IPPROTO_ESP */
	uint8_t mode;			/* XFRM_MODE_TUNNEL, _TRANSPORT */
	uint32_t reqid;
	uint8_t replay_window;
	uint8_t flags;			/* XFRM_STATE_* */
	struct xfrm_selector sel;	/* all zero: any */
	struct xfrm_alg_key enc;
	struct xfrm_alg_key integ;
	struct xfrm_alg_key aead;	/* instead of enc + integ */
	uint64_t soft_seconds;		/* 0: none */
	uint64_t hard_seconds;
};

struct xfrm_sp {
	struct xfrm_selector sel;
	uint8_t dir;			/* XFRM_POLICY_IN, _OUT, _FWD */
	uint8_t action;			/* XFRM_POLICY_ALLOW */
	uint32_t priority;
	/* The one template: ESP in tmpl_mode with tmpl_reqid. */
	uint8_t tmpl_mode;
	uint32_t tmpl_reqid;
	xfrm_address_t tmpl_src;	/* tunnel endpoints; zero in transport */
	xfrm_address_t tmpl_dst;
};

struct nlmsghdr;

/* NEWSA (or UPDSA when update) for sa, into buf. */
struct nlmsghdr *xfrm_sa_msg(void *buf, const struct xfrm_sa *sa, bool update);
/* DELSA of (dst, spi, proto). */
struct nlmsghdr *xfrm_sa_del_msg(void *buf, uint16_t family,
				 const xfrm_address_t *dst, uint32_t spi,
				 uint8_t proto);
/* ALLOCSPI: a larval SA from src to dst with reqid, SPI in [min, max]. */
struct nlmsghdr *xfrm_spi_msg(void *buf, const struct xfrm_sa *sa,
			      uint32_t min, uint32_t max);
/* NEWPOLICY (or UPDPOLICY) for sp. */
struct nlmsghdr *xfrm_sp_msg(void *buf, const struct xfrm_sp *sp, bool update);
/* DELPOLICY of sp's selector and direction. */
struct nlmsghdr *xfrm_sp_del_msg(void *buf, const struct xfrm_sp *sp);

/* --- policy.c: a CHILD_SA's policies (installpolicy=yes) ------------ */

/* What the policies of one CHILD_SA are made from. */
struct xfrm_child_pol {
	bool tunnel;			/* else transport */
	uint32_t reqid_in, reqid_out;
	xfrm_address_t local, remote;	/* the SAs' ends: tunnel templates */
	struct xfrm_selector sel_out;	/* our traffic to the peer */
};

/* Priority of the least specific selector; a /128 pair lands at 1020. */
#define XFRM_POLICY_PRIO_BASE	2048u

/* out, in and (tunnel mode) fwd into sp; returns how many. */
size_t xfrm_child_policies(const struct xfrm_child_pol *c,
			   struct xfrm_sp sp[3]);

/* A selector covering prefix src/slen -> dst/dlen, protocol proto (0 any). */
void xfrm_sel(struct xfrm_selector *sel, uint16_t family,
	      const xfrm_address_t *src, uint8_t slen,
	      const xfrm_address_t *dst, uint8_t dlen, uint8_t proto);

#endif
