// SPDX-License-Identifier: GPL-2.0
/* SHA-1 over a list of chunks, through EVP (see crypto_hash.h). */
#include <errno.h>
#include <openssl/evp.h>

#include "crypto_hash.h"

int ike_sha1(const struct ike_chunk *in, size_t n, uint8_t out[IKE_SHA1_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	int ok;
	size_t i;

	if (!ctx)
		return -ENOMEM;
	ok = EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
	for (i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, in[i].ptr, in[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, out, &len);
	EVP_MD_CTX_free(ctx);
	return ok && len == IKE_SHA1_LEN ? 0 : -EIO;
}
