/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names for IKEv2 values, so logs say IKE_SA_INIT and NATD_S_IP rather
 * than 34 and 16388, and a one-line message summary spelled the way
 * strongSwan's charon logs it: a log line of ours and one of charon's
 * about the same exchange read alike.
 *
 * Every lookup returns NULL for a value it does not know; the summary
 * then prints the number in parentheses, as charon does.
 */
#ifndef MIPXFRM_IKE_NAMES_H
#define MIPXFRM_IKE_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "payload.h"

const char *ike_exchange_name(unsigned int exchange);		/* IKE_AUTH */
const char *ike_payload_name(unsigned int type);		/* NONCE */
const char *ike_payload_short_name(unsigned int type);		/* No */
const char *ike_notify_name(unsigned int type);	/* NAT_DETECTION_SOURCE_IP */
const char *ike_notify_short_name(unsigned int type);		/* NATD_S_IP */
const char *ike_protocol_name(unsigned int proto);		/* ESP */
const char *ike_transform_type_name(unsigned int type);		/* INTEG */
const char *ike_transform_name(unsigned int type, unsigned int id);
							/* HMAC_SHA1_96 */
const char *ike_id_type_name(unsigned int type);		/* FQDN */
const char *ike_cert_encoding_name(unsigned int encoding);	/* X509_SIG */
const char *ike_auth_method_name(unsigned int method);		/* RSA */
const char *ike_ts_type_name(unsigned int type);	/* IPV6_ADDR_RANGE */

/*
 * "IKE_AUTH request 1 [ IDi CERT CERTREQ IDr AUTH N(USE_TRANSP) SA TSi
 * TSr ]": what follows "parsed " or "generating " in charon's log.
 * Encrypted payloads show as E and EF(n/m), as in charon; after
 * ike_msg_parse_inner() the decrypted payloads show instead. Writes at
 * most len bytes including the NUL; returns the length it wanted, like
 * snprintf.
 */
size_t ike_msg_summary(const struct ike_msg *m, char *buf, size_t len);

/*
 * A proposal as charon lists it, e.g.
 * "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048". Same return
 * convention as ike_msg_summary().
 */
size_t ike_proposal_str(const struct ike_proposal *p, char *buf, size_t len);

#endif
