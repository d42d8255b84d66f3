// SPDX-License-Identifier: GPL-2.0
/*
 * Traffic selector arithmetic (RFC 7296 2.9). Addresses are compared as
 * big-endian byte strings, so a range is [start, end] with memcmp.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "messages.h"
#include "ts.h"

size_t ike_ts_addr_len(const struct ike_ts *ts)
{
	return ts->type == IKE_TS_IPV4_ADDR_RANGE ? 4 : 16;
}

int ike_ts_from_prefix(int family, const uint8_t *addr, unsigned int plen,
		       uint8_t proto, uint16_t lo, uint16_t hi,
		       struct ike_ts *out)
{
	size_t alen = family == AF_INET ? 4 : 16;
	size_t i;

	if ((family != AF_INET && family != AF_INET6) || plen > alen * 8 ||
	    lo > hi)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->type = family == AF_INET ? IKE_TS_IPV4_ADDR_RANGE :
					IKE_TS_IPV6_ADDR_RANGE;
	out->proto = proto;
	out->start_port = lo;
	out->end_port = hi;
	for (i = 0; i < alen; i++) {
		unsigned int bits = plen > i * 8 ? plen - i * 8 : 0;
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits);

		out->start[i] = addr[i] & mask;
		out->end[i] = addr[i] | (uint8_t)~mask;
	}
	return 0;
}

bool ike_ts_intersect(const struct ike_ts *a, const struct ike_ts *b,
		      struct ike_ts *out)
{
	size_t alen = ike_ts_addr_len(a);

	if (a->type != b->type)
		return false;
	/* protocol 0 is "any": the other side's protocol wins */
	if (a->proto && b->proto && a->proto != b->proto)
		return false;
	*out = *a;
	out->proto = a->proto ? a->proto : b->proto;
	out->start_port = a->start_port > b->start_port ? a->start_port :
							  b->start_port;
	out->end_port = a->end_port < b->end_port ? a->end_port : b->end_port;
	if (out->start_port > out->end_port)
		return false;
	if (memcmp(b->start, a->start, alen) > 0)
		memcpy(out->start, b->start, alen);
	if (memcmp(b->end, a->end, alen) < 0)
		memcpy(out->end, b->end, alen);
	return memcmp(out->start, out->end, alen) <= 0;
}

bool ike_ts_within(const struct ike_ts *inner, const struct ike_ts *outer)
{
	size_t alen = ike_ts_addr_len(inner);

	return inner->type == outer->type &&
	       (!outer->proto || inner->proto == outer->proto) &&
	       inner->start_port >= outer->start_port &&
	       inner->end_port <= outer->end_port &&
	       memcmp(inner->start, outer->start, alen) >= 0 &&
	       memcmp(inner->end, outer->end, alen) <= 0;
}

size_t ike_ts_narrow(const struct ike_tsp *proposed, const struct ike_ts *cfg,
		     struct ike_ts *out)
{
	size_t i, n = 0;

	for (i = 0; i < proposed->n && n < IKE_TS_MAX; i++)
		if (ike_ts_intersect(&proposed->ts[i], cfg, &out[n]))
			n++;
	return n;
}

static int ts_bit(const uint8_t *a, unsigned int i)
{
	return a[i / 8] >> (7 - i % 8) & 1;
}

bool ike_ts_host(const struct ike_ts *ts)
{
	return !memcmp(ts->start, ts->end, ike_ts_addr_len(ts));
}

int ike_ts_prefix_len(const struct ike_ts *ts)
{
	unsigned int bits = ike_ts_addr_len(ts) * 8, plen = 0, i;

	while (plen < bits && ts_bit(ts->start, plen) == ts_bit(ts->end, plen))
		plen++;
	/* below the common prefix: start all zeros, end all ones */
	for (i = plen; i < bits; i++)
		if (ts_bit(ts->start, i) || !ts_bit(ts->end, i))
			return -1;
	return (int)plen;
}

static void ts_proto_str(const struct ike_ts *ts, char *buf, size_t len)
{
	bool any_port = ts->start_port == 0 && ts->end_port == 0xffff;
	char proto[16];

	if (!ts->proto && any_port) {
		*buf = '\0';
		return;
	}
	/* numeric, as the seed's charon 4.2 logs "[135]" */
	snprintf(proto, sizeof(proto), "%u", ts->proto);
	if (any_port)
		snprintf(buf, len, "[%s]", proto);
	else if (ts->start_port == ts->end_port)
		snprintf(buf, len, "[%s/%u]", proto, ts->start_port);
	else
		snprintf(buf, len, "[%s/%u-%u]", proto, ts->start_port,
			 ts->end_port);
}

const char *ike_ts_str(const struct ike_ts *ts, char *buf, size_t len)
{
	int af = ts->type == IKE_TS_IPV4_ADDR_RANGE ? AF_INET : AF_INET6;
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], p[48];
	int plen = ike_ts_prefix_len(ts);

	inet_ntop(af, ts->start, a, sizeof(a));
	ts_proto_str(ts, p, sizeof(p));
	if (plen >= 0) {
		snprintf(buf, len, "%s/%d%s", a, plen, p);
	} else {
		inet_ntop(af, ts->end, b, sizeof(b));
		snprintf(buf, len, "%s..%s%s", a, b, p);
	}
	return buf;
}
