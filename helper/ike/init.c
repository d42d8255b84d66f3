// SPDX-License-Identifier: GPL-2.0
/*
 * What both roles of IKE_SA_INIT share (init.h): stateless notify
 * replies, NAT detection payloads and checks, nonces, KE payloads and
 * the key derivation.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "init.h"
#include "names.h"

int ike_init_notify_reply(struct ike_buf *out, uint64_t spi_i,
			  uint16_t type, const uint8_t *data, size_t len)
{
	struct ike_hdr h = {
		.spi_i = spi_i,
		.exchange = IKE_SA_INIT,
		.flags = IKE_FLAG_RESPONSE,
	};
	struct ike_notify n = {
		.type = type,
		.data = IKE_CHUNK(data, len),
	};

	ike_build_header(out, &h);
	ike_build_notify(out, &n);
	return ike_build_finish(out);
}

static int add_natd(struct ike_buf *b, uint16_t type, uint64_t spi_i,
		    uint64_t spi_r, const struct ike_addr *a)
{
	uint8_t hash[IKE_NATD_LEN];
	struct ike_notify n = {
		.type = type,
		.data = IKE_CHUNK(hash, sizeof(hash)),
	};
	int err = ike_natd_hash(spi_i, spi_r, a, hash);

	return err ? err : ike_build_notify(b, &n);
}

int ike_init_add_hash_algs(struct ike_buf *b)
{
	static const uint8_t algs[] = { 0, 2, 0, 3, 0, 4 };
	struct ike_notify n = { .type = IKE_N_SIGNATURE_HASH_ALGORITHMS,
				.data = IKE_CHUNK(algs, sizeof(algs)) };

	return ike_build_notify(b, &n);
}

int ike_init_add_natd(struct ike_buf *b, uint64_t spi_i, uint64_t spi_r,
		      const struct ike_addr *src, const struct ike_addr *dst)
{
	int err = add_natd(b, IKE_N_NAT_DETECTION_SOURCE_IP, spi_i, spi_r, src);

	return err ? err : add_natd(b, IKE_N_NAT_DETECTION_DESTINATION_IP,
				    spi_i, spi_r, dst);
}

/* Whether any notify of this type in m carries want. */
static bool natd_match(const struct ike_msg *m, uint16_t type,
		       const uint8_t want[IKE_NATD_LEN])
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct ike_payload *p = &m->pl[i];

		if (p->type != IKE_PL_NOTIFY || p->u.notify.type != type)
			continue;
		if (p->u.notify.data.len == IKE_NATD_LEN &&
		    !memcmp(p->u.notify.data.ptr, want, IKE_NATD_LEN))
			return true;
	}
	return false;
}

bool ike_init_check_natd(struct ikesa *sa, const struct ike_msg *m)
{
	uint8_t h[IKE_NATD_LEN];
	uint64_t si = m->hdr.spi_i, sr = m->hdr.spi_r;

	if (!ike_msg_notify(m, IKE_N_NAT_DETECTION_SOURCE_IP) ||
	    !ike_msg_notify(m, IKE_N_NAT_DETECTION_DESTINATION_IP))
		return false;
	/* A hash we cannot compute counts as a mismatch: assume a NAT. */
	sa->local_natted = ike_natd_hash(si, sr, &sa->local, h) ||
		!natd_match(m, IKE_N_NAT_DETECTION_DESTINATION_IP, h);
	sa->peer_natted = ike_natd_hash(si, sr, &sa->peer, h) ||
		!natd_match(m, IKE_N_NAT_DETECTION_SOURCE_IP, h);
	if (sa->local_natted)
		log_info("IKE_SA %016" PRIx64 "_i: local host is behind NAT",
			 sa->spi_i);
	if (sa->peer_natted)
		log_info("IKE_SA %016" PRIx64 "_i: remote host is behind NAT",
			 sa->spi_i);
	return true;
}

int ike_init_nonce(uint8_t *buf)
{
	return ike_random(buf, IKE_INIT_NONCE_LEN) ? -EIO : IKE_INIT_NONCE_LEN;
}

int ike_init_ke(const struct ike_dh_key *dh, uint8_t *pub, size_t room,
		struct ike_ke *ke)
{
	uint16_t group = ike_dh_group(dh);
	size_t len = ike_dh_public_len(group);
	int err;

	if (!len || len > room)
		return -ENOSPC;
	err = ike_dh_public(dh, pub, len);
	if (err)
		return err;
	ke->group = group;
	ke->data = IKE_CHUNK(pub, len);
	return 0;
}

int ike_init_derive(struct ikesa *sa, struct ike_chunk peer_ke)
{
	uint8_t gir[IKE_DH_PUB_MAX], spi_i[8], spi_r[8];
	size_t len = ike_dh_secret_len(ike_dh_group(sa->dh));
	int err;

	if (!len || len > sizeof(gir))
		return -ENOTSUP;
	err = ike_dh_compute(sa->dh, peer_ke.ptr, peer_ke.len, gir, len);
	if (err)
		return err;
	ike_put64(spi_i, sa->spi_i);
	ike_put64(spi_r, sa->spi_r);
	err = ike_keys_sa_init(&sa->suite, IKE_CHUNK(gir, len),
			       IKE_CHUNK(sa->ni, sa->ni_len),
			       IKE_CHUNK(sa->nr, sa->nr_len), spi_i, spi_r,
			       &sa->keys);
	ike_cleanse(gir, sizeof(gir));
	if (err)
		return err;
	/* The private value has done its job: forward secrecy wants it gone. */
	ike_dh_free(sa->dh);
	sa->dh = NULL;
	sa->have_keys = true;
	return 0;
}

void ike_init_log_msg(const char *what, const uint8_t *buf, size_t len)
{
	struct ike_msg *m;
	struct ike_err err;
	char line[256];

	/* charon shows these at its default level; so do we. */
	if (log_level < LOG_INFO)
		return;
	/* ike_msg is large; the heap keeps the daemon's stack small. */
	m = malloc(sizeof(*m));
	if (!m)
		return;
	if (!ike_msg_parse(m, buf, len, &err)) {
		ike_msg_summary(m, line, sizeof(line));
		log_info("%s %s", what, line);
	}
	free(m);
}
