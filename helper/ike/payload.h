/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKEv2 codec's data model: what one parsed payload holds, the parsed
 * message, and the error a rejection reports.
 *
 * The codec is pure: no sockets, timers, crypto or state, and no
 * allocation while parsing. Parsed data points into the buffer it came
 * from (struct ike_chunk), and the variable-length parts (proposals,
 * transforms, traffic selectors) live in pools inside struct ike_msg, so
 * the caller keeps the buffer alive as long as the message and never
 * copies a struct ike_msg by value (its payloads point into its own
 * pools).
 *
 * The same structs drive the builder (payload_build.h), so a message
 * parsed and built again comes out the same.
 */
#ifndef MIPXFRM_IKE_PAYLOAD_H
#define MIPXFRM_IKE_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "messages.h"

/* Limits on what one message may hold; beyond them it is refused. */
#define IKE_MAX_PAYLOADS	64
#define IKE_MAX_PROPOSALS	32	/* over all SA payloads */
#define IKE_MAX_TRANSFORMS	256	/* over all proposals */
#define IKE_MAX_TS		64	/* over all TS payloads */

struct ike_chunk {
	const uint8_t *ptr;
	size_t len;
};

struct ike_hdr {
	uint64_t spi_i;
	uint64_t spi_r;
	uint8_t next;		/* first payload type */
	uint8_t version;	/* IKE_VERSION; the builder writes it if 0 */
	uint8_t exchange;	/* enum ike_exchange */
	uint8_t flags;		/* IKE_FLAG_* */
	uint32_t msgid;
	uint32_t length;	/* whole message; set by the builder */
};

struct ike_transform {
	uint8_t type;		/* enum ike_transform_type */
	uint16_t id;
	uint16_t key_len;	/* bits, from the Key Length attribute; 0: none */
	/*
	 * Attributes we do not know. RFC 7296 3.3.6: such a transform must
	 * not be chosen. The builder does not reproduce them.
	 */
	uint8_t unknown_attrs;
};

struct ike_proposal {
	uint8_t num;
	uint8_t proto;		/* enum ike_protocol */
	struct ike_chunk spi;	/* 0 or 8 octets for IKE, 4 for AH and ESP */
	size_t n_xf;
	const struct ike_transform *xf;
};

struct ike_sa {
	size_t n;
	const struct ike_proposal *prop;
};

struct ike_ke {
	uint16_t group;		/* enum ike_dh */
	struct ike_chunk data;
};

/* IDi, IDr */
struct ike_id {
	uint8_t type;		/* enum ike_id_type */
	struct ike_chunk data;
};

/* CERT, CERTREQ (a CERTREQ's data are the CA key hashes) */
struct ike_cert {
	uint8_t encoding;	/* enum ike_cert_encoding */
	struct ike_chunk data;
};

struct ike_auth {
	uint8_t method;		/* enum ike_auth_method */
	struct ike_chunk data;
	/* For IKE_AUTH_DIGITAL_SIGNATURE (RFC 7427), data split by the parser: */
	struct ike_chunk sig_alg;	/* the DER AlgorithmIdentifier */
	struct ike_chunk sig;
};

struct ike_notify {
	uint8_t proto;		/* enum ike_protocol; meaningful with an SPI */
	uint16_t type;		/* enum ike_notify_type */
	struct ike_chunk spi;
	struct ike_chunk data;
};

struct ike_delete {
	uint8_t proto;
	uint8_t spi_size;	/* 0 for IKE, 4 for AH and ESP */
	uint16_t n_spi;
	struct ike_chunk spis;	/* n_spi * spi_size octets */
};

struct ike_ts {
	uint8_t type;		/* enum ike_ts_type */
	uint8_t proto;		/* IP protocol, 0: any */
	uint16_t start_port;
	uint16_t end_port;
	uint8_t start[16];	/* IPv4 fills the first 4 octets */
	uint8_t end[16];
};

/* TSi, TSr */
struct ike_tsp {
	size_t n;
	const struct ike_ts *ts;
};

struct ike_cp {
	uint8_t type;		/* enum ike_cfg_type */
	struct ike_chunk attrs;	/* the attributes, bounds checked */
};

struct ike_eap {
	uint8_t code;		/* enum ike_eap_code */
	uint8_t id;
	uint8_t method;		/* requests and responses only, else 0 */
	struct ike_chunk msg;	/* the whole EAP message */
};

/* SK: what crypto decrypts, and the type of the first payload inside. */
struct ike_sk {
	uint8_t inner;
	struct ike_chunk data;	/* IV, ciphertext, padding, ICV */
};

/* SKF (RFC 7383): inner is set in fragment 1 only. */
struct ike_skf {
	uint8_t inner;
	uint16_t num;
	uint16_t total;
	struct ike_chunk data;
};

struct ike_payload {
	uint8_t type;		/* enum ike_payload_type, or an unknown one */
	uint8_t next;		/* next payload field; SK, SKF: the inner first */
	bool critical;
	bool known;		/* false: unknown and not critical, kept for logs */
	struct ike_chunk body;	/* after the generic header */
	union {
		struct ike_sa sa;
		struct ike_ke ke;
		struct ike_chunk nonce;
		struct ike_id id;
		struct ike_cert cert;
		struct ike_auth auth;
		struct ike_notify notify;
		struct ike_delete del;
		struct ike_tsp ts;
		struct ike_chunk vendor;
		struct ike_cp cp;
		struct ike_eap eap;
		struct ike_sk sk;
		struct ike_skf skf;
	} u;
};

struct ike_msg {
	struct ike_hdr hdr;
	size_t n;
	struct ike_payload pl[IKE_MAX_PAYLOADS];

	/* Pools the payloads point into. */
	size_t n_prop, n_xf, n_ts;
	struct ike_proposal prop[IKE_MAX_PROPOSALS];
	struct ike_transform xf[IKE_MAX_TRANSFORMS];
	struct ike_ts ts[IKE_MAX_TS];

	/* While parsing: the buffer error offsets count from. */
	const uint8_t *base;
};

/*
 * Why a message was refused. Each check has its own code; the message
 * text names the payload and what was wrong.
 */
enum ike_error {
	IKE_E_OK = 0,
	IKE_E_HDR_SHORT,	/* buffer shorter than the IKE header */
	IKE_E_HDR_LENGTH,	/* header length is not the buffer length */
	IKE_E_VERSION,		/* major version is not 2 */
	IKE_E_PLD_TRUNC,	/* generic payload header cut off */
	IKE_E_PLD_SHORT,	/* payload length below its header or minimum */
	IKE_E_PLD_BEYOND,	/* payload length runs past the message */
	IKE_E_CHAIN_EARLY,	/* next payload 0 with bytes left */
	IKE_E_CHAIN_END,	/* next payload names one after the end */
	IKE_E_SK_NOT_LAST,	/* bytes follow the SK payload */
	IKE_E_SK_NESTED,	/* SK or SKF inside SK */
	IKE_E_CRITICAL,		/* unknown payload with the critical bit */
	IKE_E_TOO_MANY,		/* beyond IKE_MAX_* */
	IKE_E_PROPOSAL,		/* proposal substructure malformed */
	IKE_E_TRANSFORM,	/* transform substructure malformed */
	IKE_E_ATTRIBUTE,	/* transform attribute malformed */
	IKE_E_NUMBERING,	/* proposal numbers break RFC 7296 3.3.1 */
	IKE_E_PROTOCOL,		/* unknown protocol ID */
	IKE_E_SPI_SIZE,		/* SPI size wrong for its protocol or use */
	IKE_E_KE_DATA,		/* KE data empty or wrong for its group */
	IKE_E_NONCE_LEN,	/* nonce outside 16..256 octets */
	IKE_E_ID_DATA,		/* identification data empty or mis-sized */
	IKE_E_CERT_DATA,	/* CERT empty, CERTREQ not whole hashes */
	IKE_E_AUTH_DATA,	/* AUTH data empty or signature blob cut */
	IKE_E_NOTIFY_DATA,	/* notify data wrong for its type */
	IKE_E_DELETE_COUNT,	/* SPI count does not fill the payload */
	IKE_E_TS_COUNT,		/* selector count does not match */
	IKE_E_TS_TYPE,		/* unknown selector type */
	IKE_E_TS_LENGTH,	/* selector length wrong for its type */
	IKE_E_TS_RANGE,		/* start above end */
	IKE_E_CP_ATTR,		/* configuration attribute cut off */
	IKE_E_EAP_LENGTH,	/* EAP length disagrees with the payload */
	IKE_E_EMPTY,		/* a payload that needs data has none */
	IKE_E_FRAGMENT,		/* SKF numbering wrong */
	IKE_E_COUNT_		/* number of codes */
};

struct ike_err {
	int code;		/* enum ike_error */
	uint16_t notify;	/* the notify to answer with (enum ike_notify_type) */
	uint8_t payload;	/* type of the payload at fault, 0: the header */
	size_t offset;		/* of the fault in the buffer parsed */
	char msg[160];
};

/* Short name of an error code, "IKE_E_PLD_SHORT" style without the prefix. */
const char *ike_error_name(int code);

/*
 * Records a rejection: code, the payload at fault (its short name opens
 * the message) and where. The notify is INVALID_SYNTAX unless the caller
 * changes it. Returns -code, to be returned in turn.
 */
int ike_fail(struct ike_err *err, int code, uint8_t ptype, size_t offset,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Interprets one payload whose generic header has been checked (p->type,
 * critical, body set): bounds of its own structure first, then the typed
 * fields, drawing on m's pools. Returns 0 or -IKE_E_*.
 */
int ike_payload_parse(struct ike_msg *m, struct ike_payload *p,
		      struct ike_err *err);

/* Smallest legal payload length, generic header included, 0 if unknown. */
size_t ike_payload_min_len(uint8_t type);

/* Per-family entry points ike_payload_parse dispatches to. */
int ike_payload_sa(struct ike_msg *m, struct ike_payload *p,
		   struct ike_err *err);
int ike_payload_ts(struct ike_msg *m, struct ike_payload *p,
		   struct ike_err *err);

/* Big-endian access; callers have checked the bounds. */
static inline uint16_t ike_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t ike_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t ike_get64(const uint8_t *p)
{
	return (uint64_t)ike_get32(p) << 32 | ike_get32(p + 4);
}

static inline void ike_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static inline void ike_put32(uint8_t *p, uint32_t v)
{
	ike_put16(p, v >> 16);
	ike_put16(p + 2, v);
}

static inline void ike_put64(uint8_t *p, uint64_t v)
{
	ike_put32(p, v >> 32);
	ike_put32(p + 4, v);
}

/* Offset of ptr in the buffer being parsed, for error reports. */
static inline size_t ike_off(const struct ike_msg *m, const uint8_t *ptr)
{
	return (size_t)(ptr - m->base);
}

#endif
