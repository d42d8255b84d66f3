/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TAP producer for host unit tests: CHECK() records one
 * assertion, TEST() one named case; the exit status says whether all
 * passed.
 */
#ifndef MIPXFRM_CHECK_H
#define MIPXFRM_CHECK_H

#include <stdio.h>

static int check_failed;
static int check_cases;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("#   %s:%d: CHECK(%s) failed\n",		\
			       __FILE__, __LINE__, #cond);		\
			check_failed++;					\
		}							\
	} while (0)

#define TEST(fn)							\
	do {								\
		int before = check_failed;				\
		fn();							\
		printf("%s %d - %s\n", check_failed == before ?	\
		       "ok" : "not ok", ++check_cases, #fn);		\
	} while (0)

#define CHECK_DONE()							\
	(printf("1..%d\n", check_cases), check_failed ? 1 : 0)

#endif
