// SPDX-License-Identifier: GPL-2.0
/*
 * The IKE SA object, its state machine and the table of SAs (sa.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../common/log.h"
#include "sa.h"

static const char *const state_names[IKE_STATE_COUNT_] = {
	[IKE_STATE_CREATED]	= "CREATED",
	[IKE_STATE_INIT_SENT]	= "INIT_SENT",
	[IKE_STATE_INIT_DONE]	= "INIT_DONE",
	[IKE_STATE_AUTH_SENT]	= "AUTH_SENT",
	[IKE_STATE_ESTABLISHED]	= "ESTABLISHED",
	[IKE_STATE_REKEYING]	= "REKEYING",
	[IKE_STATE_DELETING]	= "DELETING",
	[IKE_STATE_DEAD]	= "DEAD",
};

#define S(x) (1u << IKE_STATE_##x)

/* Allowed targets per state; DEAD is reachable from all but itself. */
static const unsigned int allowed[IKE_STATE_COUNT_] = {
	[IKE_STATE_CREATED]	= S(INIT_SENT) | S(INIT_DONE),
	[IKE_STATE_INIT_SENT]	= S(INIT_DONE),
	[IKE_STATE_INIT_DONE]	= S(AUTH_SENT) | S(ESTABLISHED),
	[IKE_STATE_AUTH_SENT]	= S(ESTABLISHED),
	[IKE_STATE_ESTABLISHED]	= S(REKEYING) | S(DELETING),
	[IKE_STATE_REKEYING]	= S(ESTABLISHED) | S(DELETING),
	[IKE_STATE_DELETING]	= 0,
	[IKE_STATE_DEAD]	= 0,
};

const char *ike_sa_state_name(enum ike_sa_state s)
{
	if ((unsigned int)s >= IKE_STATE_COUNT_)
		return "?";
	return state_names[s];
}

bool ike_sa_transition_ok(enum ike_sa_state from, enum ike_sa_state to)
{
	if ((unsigned int)from >= IKE_STATE_COUNT_ ||
	    (unsigned int)to >= IKE_STATE_COUNT_)
		return false;
	if (to == IKE_STATE_DEAD)
		return from != IKE_STATE_DEAD;
	return allowed[from] & (1u << to);
}

/*
 * A responder SA is half open until the peer authenticated: that is
 * what a flood of spoofed IKE_SA_INIT requests piles up (RFC 7296 2.6).
 */
static bool half_open(const struct ikesa *sa)
{
	return !sa->initiator && (sa->state == IKE_STATE_CREATED ||
				  sa->state == IKE_STATE_INIT_DONE);
}

int ike_sa_set_state(struct ikesa *sa, enum ike_sa_state to)
{
	bool was_half_open = half_open(sa);

	if (sa->state == to)
		return 0;
	if (!ike_sa_transition_ok(sa->state, to)) {
		log_err("IKE_SA %016" PRIx64 "_i %016" PRIx64
			"_r: illegal state change %s -> %s refused",
			sa->spi_i, sa->spi_r, ike_sa_state_name(sa->state),
			ike_sa_state_name(to));
		return -EPERM;
	}
	log_info("IKE_SA %016" PRIx64 "_i %016" PRIx64 "_r %s -> %s",
		 sa->spi_i, sa->spi_r, ike_sa_state_name(sa->state),
		 ike_sa_state_name(to));
	sa->state = to;
	if (sa->table)
		sa->table->half_open += (size_t)half_open(sa) -
					(size_t)was_half_open;
	return 0;
}

static int random_spi(uint64_t *spi)
{
	/* 0 means "not yet known" on the wire: never pick it. */
	do {
		if (ike_random(spi, sizeof(*spi)))
			return -EIO;
	} while (!*spi);
	return 0;
}

struct ikesa *ike_sa_new(bool initiator, const struct ike_addr *local,
			 const struct ike_addr *peer)
{
	struct ikesa *sa = calloc(1, sizeof(*sa));

	if (!sa)
		return NULL;
	sa->initiator = initiator;
	sa->state = IKE_STATE_CREATED;
	sa->local = *local;
	sa->peer = *peer;
	if (random_spi(initiator ? &sa->spi_i : &sa->spi_r)) {
		free(sa);
		return NULL;
	}
	return sa;
}

void ike_cached_clear(struct ike_cached *c)
{
	free(c->data);
	memset(c, 0, sizeof(*c));
}

int ike_cached_set(struct ike_cached *c, const uint8_t *data, size_t len,
		   uint32_t msgid)
{
	uint8_t *copy = malloc(len ? len : 1);

	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, len);
	ike_cached_clear(c);
	c->data = copy;
	c->len = len;
	c->msgid = msgid;
	return 0;
}

void ike_sa_free(struct ikesa *sa)
{
	if (!sa)
		return;
	if (sa->table)
		ike_sa_table_del(sa->table, sa);
	ike_dh_free(sa->dh);
	ike_keys_sa_clear(&sa->keys);
	ike_cleanse(sa->ni, sizeof(sa->ni));
	ike_cleanse(sa->nr, sizeof(sa->nr));
	ike_cached_clear(&sa->last_req);
	ike_cached_clear(&sa->last_resp);
	ike_cached_clear(&sa->init_req);
	ike_cached_clear(&sa->init_resp);
	free(sa);
}

uint64_t ike_sa_spi_local(const struct ikesa *sa)
{
	return sa->initiator ? sa->spi_i : sa->spi_r;
}

const struct ike_cached *ike_sa_cached_response(const struct ikesa *sa,
						uint32_t msgid)
{
	if (!sa->last_resp.data || sa->last_resp.msgid != msgid)
		return NULL;
	return &sa->last_resp;
}

size_t ike_addr_len(const struct ike_addr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

const char *ike_addr_str(const struct ike_addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family, a->ip, ip, sizeof(ip)))
		snprintf(ip, sizeof(ip), "(family %d)", a->family);
	snprintf(buf, len, "%s[%u]", ip, a->port);
	return buf;
}

bool ike_addr_equal(const struct ike_addr *a, const struct ike_addr *b)
{
	return a->family == b->family && a->port == b->port &&
	       !memcmp(a->ip, b->ip, ike_addr_len(a));
}

/* --- the table ------------------------------------------------------- */

/* SPIs are random, so their low octet spreads well enough. */
static unsigned int bucket(uint64_t spi)
{
	return (unsigned int)(spi ^ spi >> 32) % IKE_SA_BUCKETS;
}

void ike_sa_table_init(struct ike_sa_table *t)
{
	memset(t, 0, sizeof(*t));
}

void ike_sa_table_flush(struct ike_sa_table *t)
{
	unsigned int i;

	for (i = 0; i < IKE_SA_BUCKETS; i++)
		while (t->by_local[i])
			ike_sa_free(t->by_local[i]);
}

int ike_sa_table_add(struct ike_sa_table *t, struct ikesa *sa)
{
	uint64_t spi = ike_sa_spi_local(sa);
	unsigned int b = bucket(spi);

	if (sa->table || ike_sa_table_find(t, spi))
		return -EEXIST;
	sa->next_local = t->by_local[b];
	t->by_local[b] = sa;
	if (!sa->initiator) {
		b = bucket(sa->spi_i);
		sa->next_init = t->by_init[b];
		t->by_init[b] = sa;
	}
	sa->table = t;
	t->count++;
	t->half_open += half_open(sa);
	return 0;
}

static void unlink_from(struct ikesa **head, struct ikesa *sa, bool local)
{
	struct ikesa **pp;

	for (pp = head; *pp; pp = local ? &(*pp)->next_local :
					  &(*pp)->next_init) {
		if (*pp == sa) {
			*pp = local ? sa->next_local : sa->next_init;
			return;
		}
	}
}

void ike_sa_table_del(struct ike_sa_table *t, struct ikesa *sa)
{
	if (sa->table != t)
		return;
	unlink_from(&t->by_local[bucket(ike_sa_spi_local(sa))], sa, true);
	if (!sa->initiator)
		unlink_from(&t->by_init[bucket(sa->spi_i)], sa, false);
	t->count--;
	t->half_open -= half_open(sa);
	sa->table = NULL;
	sa->next_local = NULL;
	sa->next_init = NULL;
}

struct ikesa *ike_sa_table_find(const struct ike_sa_table *t, uint64_t spi)
{
	struct ikesa *sa;

	for (sa = t->by_local[bucket(spi)]; sa; sa = sa->next_local)
		if (ike_sa_spi_local(sa) == spi)
			return sa;
	return NULL;
}

struct ikesa *ike_sa_table_find_init(const struct ike_sa_table *t,
				     uint64_t spi_i,
				     const struct ike_addr *peer)
{
	struct ikesa *sa;

	for (sa = t->by_init[bucket(spi_i)]; sa; sa = sa->next_init)
		if (sa->spi_i == spi_i && ike_addr_equal(&sa->peer, peer))
			return sa;
	return NULL;
}
