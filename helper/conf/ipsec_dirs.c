// SPDX-License-Identifier: GPL-2.0
/*
 * Paths as strongSwan uses them: the ipsec.d credential directories, and
 * the root prefix under which tests and namespaces read absolute paths.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipsec_parse.h"

#define IPSEC_D_DEFAULT	"/etc/ipsec.d"

int ipsec_rooted(const char *root, const char *path, char *buf, size_t len)
{
	size_t rlen = root ? strlen(root) : 0;
	int n;

	/* "/" as root adds nothing; "x/" must not make "x//etc". */
	while (rlen && root[rlen - 1] == '/')
		rlen--;
	if (path[0] != '/')
		rlen = 0;
	n = snprintf(buf, len, "%.*s%s", (int)rlen, rlen ? root : "", path);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

char *ipsec_dirname(struct ipsec_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ipsec_arena_strdup(a, "");
	if (slash == path)
		return ipsec_arena_strdup(a, "/");
	return ipsec_arena_strndup(a, path, (size_t)(slash - path));
}

static int dir_join(char *buf, size_t len, const char *dir, const char *sub)
{
	int n = snprintf(buf, len, "%s/%s", dir, sub);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int ipsec_dirs_init(struct ipsec_dirs *d, const char *root,
		    const char *ipsecdir)
{
	memset(d, 0, sizeof(*d));
	if (ipsec_rooted(root, ipsecdir ? ipsecdir : IPSEC_D_DEFAULT,
			 d->ipsecdir, sizeof(d->ipsecdir)))
		return -1;
	if (dir_join(d->cacerts, sizeof(d->cacerts), d->ipsecdir, "cacerts") ||
	    dir_join(d->certs, sizeof(d->certs), d->ipsecdir, "certs") ||
	    dir_join(d->private, sizeof(d->private), d->ipsecdir, "private") ||
	    dir_join(d->crls, sizeof(d->crls), d->ipsecdir, "crls"))
		return -1;
	return 0;
}

int ipsec_path_resolve(const char *root, const char *dir, const char *name,
		       char *buf, size_t len)
{
	if (name[0] == '/')
		return ipsec_rooted(root, name, buf, len);
	return dir_join(buf, len, dir, name);
}

/* glob(3) has no user data for its error callback: one load at a time. */
static int glob_errno;

static int glob_err(const char *path, int err)
{
	(void)path;
	glob_errno = err;
	return 0;
}

int ipsec_glob(const char *root, const char *pattern, glob_t *g,
	       size_t *strip)
{
	char real[4096];
	size_t rlen = root ? strlen(root) : 0;
	int r;

	while (rlen && root[rlen - 1] == '/')
		rlen--;
	*strip = pattern[0] == '/' ? rlen : 0;
	if (ipsec_rooted(root, pattern, real, sizeof(real)))
		return -ENAMETOOLONG;
	glob_errno = 0;
	r = glob(real, GLOB_ERR, glob_err, g);
	if (!r)
		return 0;
	globfree(g);
	/* starter: a missing directory is "no files found" too. */
	if (r == GLOB_NOMATCH || (r == GLOB_ABORTED && glob_errno == ENOENT))
		return GLOB_NOMATCH;
	if (r == GLOB_NOSPACE)
		return -ENOMEM;
	return glob_errno ? -glob_errno : -EIO;
}
