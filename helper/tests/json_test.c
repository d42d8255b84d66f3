// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for common/json.c: what json_str() writes for ASCII, for
 * valid UTF-8, and for octets that are not UTF-8, which must come out
 * escaped so that the output is JSON.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/json.h"
#include "check.h"

/* Whether json_str(in) writes want. */
static bool writes(const char *in, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool ok;

	if (!f)
		return false;
	json_str(f, in);
	fclose(f);
	ok = !strcmp(buf, want);
	if (!ok)
		printf("#   got  %s\n#   want %s\n", buf, want);
	free(buf);
	return ok;
}

static void ascii(void)
{
	CHECK(writes(NULL, "null"));
	CHECK(writes("", "\"\""));
	CHECK(writes("carol-mh", "\"carol-mh\""));
	CHECK(writes("a\"b\\c", "\"a\\\"b\\\\c\""));
	CHECK(writes("tab\there\n\x7f", "\"tab\\u0009here\\u000a\\u007f\""));
}

static void utf8(void)
{
	CHECK(writes("caf\xc3\xa9", "\"caf\xc3\xa9\""));
	CHECK(writes("\xe2\x82\xac 5", "\"\xe2\x82\xac 5\""));
	CHECK(writes("\xf0\x9f\x94\x91", "\"\xf0\x9f\x94\x91\""));
}

/* Each octet of a sequence that is not UTF-8 is escaped on its own. */
static void not_utf8(void)
{
	/* Latin-1 */
	CHECK(writes("caf\xe9@strongswan.org", "\"caf\\u00e9@strongswan.org\""));
	/* a lone continuation, a cut sequence at the end and mid-string */
	CHECK(writes("\x80", "\"\\u0080\""));
	CHECK(writes("a\xc3", "\"a\\u00c3\""));
	CHECK(writes("\xe2\x82x", "\"\\u00e2\\u0082x\""));
	/* overlong '/', a surrogate, above U+10FFFF, bytes never used */
	CHECK(writes("\xc0\xaf", "\"\\u00c0\\u00af\""));
	CHECK(writes("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\""));
	CHECK(writes("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\""));
	CHECK(writes("\xff\xfe", "\"\\u00ff\\u00fe\""));
}

int main(void)
{
	TEST(ascii);
	TEST(utf8);
	TEST(not_utf8);
	return CHECK_DONE();
}
