/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MIPXFRM_TEST_FIXTURE_H
#define MIPXFRM_TEST_FIXTURE_H

#include <stdbool.h>

/*
 * Writes text to root/name (name starts with '/'), making the
 * directories on the way, as the configuration tests lay out a file tree
 * below a temporary root. False if the file could not be written.
 */
bool fixture_put(const char *root, const char *name, const char *text);

/* tests/fixtures/seed (the seed's etc/), wherever the tests were built. */
const char *fixture_seed_root(void);

/* Removes the tree below root, root included. */
void fixture_rm(const char *root);

#endif
