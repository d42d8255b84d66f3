/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two values IKE_SA_INIT computes from addresses rather than keys:
 *
 * NAT detection (RFC 7296 2.23): NAT_DETECTION_{SOURCE,DESTINATION}_IP
 * carry SHA-1(SPIi | SPIr | IP | port) with the SPIs of the message's
 * own header (SPIr is 0 in the request) and the port in network order.
 *
 * Cookies (RFC 7296 2.6): a responder under a flood of half-open SAs
 * answers with a COOKIE it can check later without keeping state. Ours
 * is <secret version> | HMAC-SHA-256(secret, Ni | IPi | SPIi): keyed,
 * so nobody without the secret can forge one, and versioned so a
 * rotated secret still accepts the cookies handed out just before.
 */
#ifndef MIPXFRM_IKE_NATD_H
#define MIPXFRM_IKE_NATD_H

#include <stdbool.h>
#include <stdint.h>

#include "sa.h"

#define IKE_COOKIE_SECRET_LEN	32
#define IKE_COOKIE_LEN		33	/* version + HMAC-SHA-256 */

/* out = SHA-1(SPIi | SPIr | a's IP | a's port). 0 or -errno. */
int ike_natd_hash(uint64_t spi_i, uint64_t spi_r, const struct ike_addr *a,
		  uint8_t out[IKE_NATD_LEN]);

struct ike_cookie_secret {
	uint8_t version;
	uint8_t cur[IKE_COOKIE_SECRET_LEN];
	uint8_t prev[IKE_COOKIE_SECRET_LEN];
	bool have_prev;
};

/* A fresh random secret, version 0. 0 or -EIO. */
int ike_cookie_secret_init(struct ike_cookie_secret *s);
/* A new secret; the previous one stays valid until the next rotation. */
int ike_cookie_secret_rotate(struct ike_cookie_secret *s);
void ike_cookie_secret_clear(struct ike_cookie_secret *s);

/* The cookie for this initiator (IKE_COOKIE_LEN octets into out). */
int ike_cookie_make(const struct ike_cookie_secret *s,
		    struct ike_chunk ni, const struct ike_addr *initiator,
		    uint64_t spi_i, uint8_t out[IKE_COOKIE_LEN]);

/* Whether cookie is one we made for this initiator (constant time). */
bool ike_cookie_check(const struct ike_cookie_secret *s,
		      struct ike_chunk cookie, struct ike_chunk ni,
		      const struct ike_addr *initiator, uint64_t spi_i);

#endif
