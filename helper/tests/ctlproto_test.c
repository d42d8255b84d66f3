// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for common/ctlproto (the control socket's request lines and
 * reply framing) and common/json (the string escaping every JSON output
 * shares): what mipxfrmctl and mipxfrmd must agree on, without a socket.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ctlproto.h"
#include "../common/json.h"
#include "check.h"

static char err[256];

static int parse(const char *line, struct ctlproto_req *r)
{
	err[0] = '\0';
	return ctlproto_parse(line, strlen(line), r, err, sizeof(err));
}

/* line is refused with exactly msg. */
static void refused(const char *line, const char *msg)
{
	struct ctlproto_req r;

	CHECK(parse(line, &r) == -1);
	if (strcmp(err, msg))
		printf("#   '%s': got '%s', want '%s'\n", line, err, msg);
	CHECK(!strcmp(err, msg));
}

static void commands(void)
{
	struct ctlproto_req r;

	CHECK(parse("status\n", &r) == 0 && r.cmd == CTLPROTO_STATUS &&
	      !r.conn[0]);
	CHECK(parse("status", &r) == 0 && r.cmd == CTLPROTO_STATUS);
	CHECK(parse("status --json\n", &r) == 0 &&
	      r.cmd == CTLPROTO_STATUS_JSON);
	CHECK(parse("up carol-mh\n", &r) == 0 && r.cmd == CTLPROTO_UP &&
	      !strcmp(r.conn, "carol-mh") && r.timeout == CTLPROTO_UP_TIMEOUT);
	CHECK(parse("up carol-mh 5\n", &r) == 0 && r.timeout == 5);
	CHECK(parse("down dave-tunnel\n", &r) == 0 && r.cmd == CTLPROTO_DOWN &&
	      !strcmp(r.conn, "dave-tunnel"));
	CHECK(parse("rekey carol-tunnel\n", &r) == 0 &&
	      r.cmd == CTLPROTO_REKEY);
	CHECK(parse("rekey-ike carol-mh\n", &r) == 0 &&
	      r.cmd == CTLPROTO_REKEY_IKE && !strcmp(r.conn, "carol-mh"));
}

static void refusals(void)
{
	char line[CTLPROTO_REQ_MAX + 8], name[CTLPROTO_NAME_MAX + 2];
	struct ctlproto_req r;

	refused("\n", "empty request");
	refused("", "empty request");
	refused("stat\n", "unknown command 'stat'");
	refused("STATUS\n", "unknown command 'STATUS'");
	refused("up\n", "'up' needs a connection name");
	refused("status --yaml\n", "unexpected argument '--yaml'");
	refused("down carol-mh 5\n", "unexpected argument '5'");
	refused("up carol-mh 0\n", "timeout '0' is not 1..3600 seconds");
	refused("up carol-mh 3601\n", "timeout '3601' is not 1..3600 seconds");
	refused("up carol-mh -1\n", "timeout '-1' is not 1..3600 seconds");
	refused("up carol-mh 5 6\n", "unexpected argument '6'");
	refused("up a b c d\n", "too many arguments");
	refused("up  carol-mh\n", "request has an empty word");
	refused("up carol-mh \n", "request has an empty word");
	refused(" status\n", "request has an empty word");
	refused("status\r\n", "request has a control or non-ASCII octet (0x0d)");
	refused("up a\tb\n", "request has a control or non-ASCII octet (0x09)");
	refused("up caf\xc3\xa9\n",
		"request has a control or non-ASCII octet (0xc3)");
	refused("status\nstatus\n",
		"request has a control or non-ASCII octet (0x0a)");
	/* a NUL inside the length given */
	CHECK(ctlproto_parse("up a\0b\n", 7, &r, err, sizeof(err)) == -1);
	CHECK(!strcmp(err, "request has a NUL octet"));

	memset(name, 'c', CTLPROTO_NAME_MAX + 1);
	name[CTLPROTO_NAME_MAX + 1] = '\0';
	snprintf(line, sizeof(line), "up %s\n", name);
	refused(line, "connection name longer than 128");
	name[CTLPROTO_NAME_MAX] = '\0';
	snprintf(line, sizeof(line), "up %s\n", name);
	CHECK(parse(line, &r) == 0 && strlen(r.conn) == CTLPROTO_NAME_MAX);

	memset(line, 'x', sizeof(line));
	line[CTLPROTO_REQ_MAX] = '\n';
	CHECK(ctlproto_parse(line, CTLPROTO_REQ_MAX + 1, &r, err,
			     sizeof(err)) == -1);
	CHECK(!strcmp(err, "request longer than 255 octets"));
}

/* What the client formats, the daemon parses back to the same. */
static void round_trip(void)
{
	struct ctlproto_req a = { .cmd = CTLPROTO_UP, .timeout = 30 }, b;
	char buf[CTLPROTO_REQ_MAX + 1];
	enum ctlproto_cmd c;
	int n;

	strcpy(a.conn, "carol-mh");
	n = ctlproto_format(&a, buf, sizeof(buf));
	CHECK(n == (int)strlen("up carol-mh 30\n") &&
	      !strcmp(buf, "up carol-mh 30\n"));
	for (c = CTLPROTO_STATUS; c <= CTLPROTO_REKEY_IKE; c++) {
		a.cmd = c;
		n = ctlproto_format(&a, buf, sizeof(buf));
		CHECK(n > 0 && buf[n - 1] == '\n');
		CHECK(parse(buf, &b) == 0 && b.cmd == c);
		if (c != CTLPROTO_STATUS && c != CTLPROTO_STATUS_JSON)
			CHECK(!strcmp(b.conn, "carol-mh"));
	}
	a.cmd = CTLPROTO_STATUS_JSON;
	CHECK(ctlproto_format(&a, buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, "status --json\n"));
	CHECK(ctlproto_format(&a, buf, 5) == -1);
}

static int status_of(const char *reply, size_t *body)
{
	return ctlproto_reply_status(reply, strlen(reply), body);
}

static void replies(void)
{
	size_t body;

	CHECK(status_of("OK\n", &body) == 0 && body == 0);
	CHECK(status_of("Connections:\n  x\nOK\n", &body) == 0 && body == 17);
	CHECK(status_of("no conn 'x' is loaded\nFAILED\n", &body) == 1 &&
	      body == 22);
	CHECK(status_of("FAILED\n", &body) == 1 && body == 0);
	/* the daemon went away mid-reply, or spoke something else */
	CHECK(status_of("", &body) == -1 && body == 0);
	CHECK(status_of("Connections:\n", &body) == -1 && body == 13);
	CHECK(status_of("Connections:\nOK", &body) == -1 && body == 15);
	CHECK(status_of("OKAY\n", &body) == -1);
	CHECK(status_of("xOK\n", &body) == -1);
	/* "OK" inside the body is body; only the last line counts */
	CHECK(status_of("OK\nFAILED\n", &body) == 1 && body == 3);
}

static void json_string(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK(f != NULL);
	if (!f)
		return;
	json_str(f, "carol@strongswan.org");
	fputc(' ', f);
	json_str(f, "a\"b\\c\n\t\x01\x7f/é");
	fputc(' ', f);
	json_str(f, NULL);
	fputc(' ', f);
	json_str(f, "");
	fclose(f);
	CHECK(!strcmp(buf, "\"carol@strongswan.org\" "
			   "\"a\\\"b\\\\c\\u000a\\u0009\\u0001\\u007f/é\" "
			   "null \"\""));
	free(buf);
}

int main(void)
{
	TEST(commands);
	TEST(refusals);
	TEST(round_trip);
	TEST(replies);
	TEST(json_string);
	return CHECK_DONE();
}
