// SPDX-License-Identifier: GPL-2.0
/* NAT detection hashes and stateless cookies (natd.h). */
#include <errno.h>
#include <string.h>

#include "crypto_hash.h"
#include "natd.h"

int ike_natd_hash(uint64_t spi_i, uint64_t spi_r, const struct ike_addr *a,
		  uint8_t out[IKE_NATD_LEN])
{
	uint8_t spis[16], port[2];
	struct ike_chunk in[3];

	ike_put64(spis, spi_i);
	ike_put64(spis + 8, spi_r);
	ike_put16(port, a->port);
	in[0] = IKE_CHUNK(spis, sizeof(spis));
	in[1] = IKE_CHUNK(a->ip, ike_addr_len(a));
	in[2] = IKE_CHUNK(port, sizeof(port));
	return ike_sha1(in, 3, out);
}

int ike_cookie_secret_init(struct ike_cookie_secret *s)
{
	memset(s, 0, sizeof(*s));
	return ike_random(s->cur, sizeof(s->cur)) ? -EIO : 0;
}

int ike_cookie_secret_rotate(struct ike_cookie_secret *s)
{
	memcpy(s->prev, s->cur, sizeof(s->prev));
	s->have_prev = true;
	s->version++;
	return ike_random(s->cur, sizeof(s->cur)) ? -EIO : 0;
}

void ike_cookie_secret_clear(struct ike_cookie_secret *s)
{
	ike_cleanse(s, sizeof(*s));
}

static int cookie_mac(const uint8_t *key, struct ike_chunk ni,
		      const struct ike_addr *a, uint64_t spi_i, uint8_t *out)
{
	uint8_t spi[8];
	struct ike_chunk in[3];

	ike_put64(spi, spi_i);
	in[0] = ni;
	in[1] = IKE_CHUNK(a->ip, ike_addr_len(a));
	in[2] = IKE_CHUNK(spi, sizeof(spi));
	return ike_prf(IKE_PRF_HMAC_SHA2_256, key, IKE_COOKIE_SECRET_LEN,
		       in, 3, out);
}

int ike_cookie_make(const struct ike_cookie_secret *s,
		    struct ike_chunk ni, const struct ike_addr *initiator,
		    uint64_t spi_i, uint8_t out[IKE_COOKIE_LEN])
{
	out[0] = s->version;
	return cookie_mac(s->cur, ni, initiator, spi_i, out + 1);
}

bool ike_cookie_check(const struct ike_cookie_secret *s,
		      struct ike_chunk cookie, struct ike_chunk ni,
		      const struct ike_addr *initiator, uint64_t spi_i)
{
	uint8_t want[IKE_COOKIE_LEN - 1];
	const uint8_t *key;

	if (cookie.len != IKE_COOKIE_LEN)
		return false;
	if (cookie.ptr[0] == s->version)
		key = s->cur;
	else if (s->have_prev && cookie.ptr[0] == (uint8_t)(s->version - 1))
		key = s->prev;
	else
		return false;
	if (cookie_mac(key, ni, initiator, spi_i, want))
		return false;
	return ike_mem_equal(want, cookie.ptr + 1, sizeof(want));
}
