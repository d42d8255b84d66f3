// SPDX-License-Identifier: GPL-2.0
/*
 * udp_flood ADDR PORT COUNT SECONDS [SEED] - send COUNT garbage datagrams
 * to [ADDR]:PORT (IPv6), evenly spread over SECONDS, for ike_flood.sh.
 * Bounded on purpose: a fixed number, paced, to one address given on the
 * command line. Six kinds in turn, each aimed at another parser step:
 *   0 random bytes, random length 0..2000;
 *   1 an IKE header cut short (0..27 of its 28 bytes);
 *   2 a well-formed IKE header with random SPIs, exchange type, flags,
 *     message ID and next payload, its length right, random body;
 *   3 an IKE_SA_INIT request a responder can accept (random SPIi,
 *     aes128-sha1-modp2048, KE of group 14, nonce): each makes a half-open
 *     IKE SA until the responder asks for cookies;
 *   4 a valid-looking header whose length runs past the datagram;
 *   5 an IKE_SA_INIT request whose first payload's length runs past the
 *     message.
 * Prints how many of each kind were sent. Exit status 0 when every send
 * succeeded (ENOBUFS and the like count as errors).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define KINDS		6
#define MAXLEN		2000
#define HDR_LEN		28

static uint8_t pkt[MAXLEN + 64];

static void rnd(uint8_t *p, size_t n)
{
	while (n--)
		*p++ = (uint8_t)random();
}

static void put16(uint8_t *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* IKE header: random SPIs, version 2.0. */
static void header(uint8_t *p, uint8_t next, uint8_t exch, uint8_t flags,
		   uint32_t len)
{
	rnd(p, 16);
	p[16] = next;
	p[17] = 0x20;
	p[18] = exch;
	p[19] = flags;
	rnd(p + 20, 4);
	put32(p + 24, len);
}

/* A generic payload header at p; returns p + 4. */
static uint8_t *payload(uint8_t *p, uint8_t next, unsigned int len)
{
	p[0] = next;
	p[1] = 0;
	put16(p + 2, len);
	return p + 4;
}

/* A transform substructure (last: no more after it). */
static uint8_t *transform(uint8_t *p, int last, uint8_t type, uint16_t id,
			  int keylen)
{
	unsigned int len = 8 + (keylen ? 4 : 0);

	p[0] = last ? 0 : 3;
	p[1] = 0;
	put16(p + 2, len);
	p[4] = type;
	p[5] = 0;
	put16(p + 6, id);
	if (keylen) {
		put16(p + 8, 0x8000 | 14);	/* TV Key Length */
		put16(p + 10, keylen);
	}
	return p + len;
}

/*
 * IKE_SA_INIT request: SA (AES-CBC-128, HMAC-SHA1, HMAC-SHA1-96, modp2048),
 * KE group 14, 32-byte nonce. Returns its length.
 */
static size_t sa_init(uint8_t *m)
{
	uint8_t *p = m + HDR_LEN, *sa, *prop;

	/* SA payload: one proposal, four transforms */
	sa = p;
	p += 4;
	prop = p;
	p[0] = 0;		/* last proposal */
	p[1] = 0;
	p[4] = 1;		/* proposal # */
	p[5] = 1;		/* IKE */
	p[6] = 0;		/* SPI size */
	p[7] = 4;		/* transforms */
	p += 8;
	p = transform(p, 0, 1, 12, 128);	/* ENCR_AES_CBC 128 */
	p = transform(p, 0, 2, 2, 0);		/* PRF_HMAC_SHA1 */
	p = transform(p, 0, 3, 2, 0);		/* AUTH_HMAC_SHA1_96 */
	p = transform(p, 1, 4, 14, 0);		/* MODP_2048 */
	put16(prop + 2, p - prop);
	payload(sa, 34, p - sa);		/* next: KE */
	/* KE: group 14, 256 bytes */
	p = payload(p, 40, 4 + 4 + 256);	/* next: Nonce */
	put16(p, 14);
	put16(p + 2, 0);
	rnd(p + 4, 256);
	p += 4 + 256;
	/* Nonce: 32 bytes */
	p = payload(p, 0, 4 + 32);
	rnd(p, 32);
	p += 32;
	header(m, 33, 34, 0x08, p - m);		/* SA, IKE_SA_INIT, I */
	memset(m + 8, 0, 8);			/* SPIr 0 */
	memset(m + 20, 0, 4);			/* message ID 0 */
	return p - m;
}

static size_t make(int kind)
{
	size_t len;

	switch (kind) {
	case 0:
		len = random() % (MAXLEN + 1);
		rnd(pkt, len);
		return len;
	case 1:
		len = random() % HDR_LEN;
		header(pkt, 33, 34, 0x08, HDR_LEN);
		return len;
	case 2:
		len = HDR_LEN + random() % (MAXLEN - HDR_LEN + 1);
		rnd(pkt, len);
		header(pkt, random(), random(), random(), len);
		return len;
	case 3:
		return sa_init(pkt);
	case 4:
		len = HDR_LEN + random() % (MAXLEN - HDR_LEN + 1);
		rnd(pkt, len);
		header(pkt, 33, 34 + random() % 4, 0x08,
		       len + 1 + random() % 100000);
		return len;
	default:
		len = sa_init(pkt);
		put16(pkt + HDR_LEN + 2, len + 1 + random() % 1000);
		return len;
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in6 dst = { .sin6_family = AF_INET6 };
	unsigned long count, i, sent[KINDS] = { 0 }, errors = 0;
	struct timespec t0, now;
	double secs;
	int fd, k;

	if (argc < 5 || inet_pton(AF_INET6, argv[1], &dst.sin6_addr) != 1) {
		fprintf(stderr, "usage: %s IPV6-ADDR PORT COUNT SECONDS [SEED]\n",
			argv[0]);
		return 2;
	}
	dst.sin6_port = htons(atoi(argv[2]));
	count = strtoul(argv[3], NULL, 0);
	secs = atof(argv[4]);
	srandom(argc > 5 ? atoi(argv[5]) : 1);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&dst, sizeof(dst))) {
		perror("udp_flood: socket");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < count; i++) {
		/* pace: datagram i leaves at i * secs / count */
		double due = secs * i / count, el;
		size_t len;

		clock_gettime(CLOCK_MONOTONIC, &now);
		el = (now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9;
		if (due > el)
			usleep((useconds_t)((due - el) * 1e6));
		k = i % KINDS;
		len = make(k);
		/*
		 * A port unreachable (no listener) comes back on a later
		 * send: whether the daemon lives is the test's question.
		 */
		if (send(fd, pkt, len, 0) < 0 && errno != ECONNREFUSED)
			errors++;
		else
			sent[k]++;
	}
	for (k = 0; k < KINDS; k++)
		printf("kind %d: %lu sent\n", k, sent[k]);
	printf("errors: %lu\n", errors);
	close(fd);
	return errors ? 1 : 0;
}
