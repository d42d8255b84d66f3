/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one JSON string writer of mipxfrmd and mipxfrmctl (mipxfrmd
 * --check --json, the control socket's "status --json"): everything
 * else they print as JSON is numbers, booleans and fixed keys.
 */
#ifndef MIPXFRM_JSON_H
#define MIPXFRM_JSON_H

#include <stdio.h>

/*
 * s as a quoted JSON string: '"' and '\' escaped, control characters
 * as \u00XX, valid UTF-8 as it is. The files may hold other octets (a
 * Latin-1 name, a stray byte); each is written as \u00XX, the character
 * Latin-1 gives it, so that the output is always valid JSON and the
 * octet can still be told. NULL prints null.
 */
void json_str(FILE *out, const char *s);

#endif
