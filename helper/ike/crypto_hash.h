/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Plain (unkeyed) hashes. IKEv2 needs one: SHA-1 for the
 * NAT_DETECTION_*_IP notifies (RFC 7296 2.23), which are not a PRF and
 * so do not fit crypto.h's transform-ID interface. Kept in a crypto*.c
 * file so OpenSSL stays where grep expects it.
 */
#ifndef MIPXFRM_IKE_CRYPTO_HASH_H
#define MIPXFRM_IKE_CRYPTO_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "payload.h"

#define IKE_SHA1_LEN	20

/* out = SHA-1(in[0] | ... | in[n-1]). 0 or -EIO. */
int ike_sha1(const struct ike_chunk *in, size_t n, uint8_t out[IKE_SHA1_LEN]);

#endif
