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
 * as \u00XX; other octets as they are (the configuration is UTF-8 or
 * ASCII). NULL prints null.
 */
void json_str(FILE *out, const char *s);

#endif
