// SPDX-License-Identifier: GPL-2.0
/*
 * The reqid state file: "NAME REQID" lines, the derived reqids of conns
 * that have no reqid in the configuration, kept across restarts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reqid.h"
#include "../common/errbuf.h"

struct reqid_state_entry *reqid_state_get(struct reqid_state *st,
					  const char *name)
{
	for (size_t i = 0; i < st->n; i++)
		if (!strcmp(st->v[i].name, name))
			return &st->v[i];
	return NULL;
}

int reqid_state_set(struct reqid_state *st, const char *name,
		    uint32_t reqid)
{
	struct reqid_state_entry *e = reqid_state_get(st, name), *v;
	char *copy;

	if (e) {
		e->reqid = reqid;
		return 0;
	}
	if (st->n == st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 16;

		v = realloc(st->v, cap * sizeof(*v));
		if (!v)
			return -1;
		st->v = v;
		st->cap = cap;
	}
	copy = strdup(name);
	if (!copy)
		return -1;
	st->v[st->n++] = (struct reqid_state_entry){ copy, reqid, 0 };
	return 0;
}

void reqid_state_del(struct reqid_state *st, size_t i)
{
	free(st->v[i].name);
	memmove(&st->v[i], &st->v[i + 1], (st->n - i - 1) * sizeof(st->v[0]));
	st->n--;
}

void reqid_state_free(struct reqid_state *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->v[i].name);
	free(st->v);
	memset(st, 0, sizeof(*st));
}

/* A reqid in the derived range, written in plain decimal. */
static int parse_reqid(const char *s, uint32_t *out)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < REQID_DERIVED_MIN || v > REQID_DERIVED_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Checks one "NAME REQID" line (without its newline) and adds it. */
static int parse_line(const char *path, unsigned int no, char *line,
		      struct reqid_state *st, char *err, size_t errlen)
{
	char *name, *num, *extra, *save = NULL;
	struct reqid_state_entry *dup;
	uint32_t reqid;

	name = strtok_r(line, " \t", &save);
	if (!name || *name == '#')
		return 0;
	num = strtok_r(NULL, " \t", &save);
	extra = strtok_r(NULL, " \t", &save);
	if (!num || extra)
		return errf(err, errlen, "%s:%u: expected 'NAME REQID', got '%s%s%s%s%s'",
			    path, no, name, num ? " " : "", num ? num : "",
			    extra ? " " : "", extra ? extra : "");
	if (parse_reqid(num, &reqid))
		return errf(err, errlen, "%s:%u: reqid '%s' of '%s' is not a number in %u..%u",
			    path, no, num, name, REQID_DERIVED_MIN,
			    REQID_DERIVED_MAX);
	if (reqid_state_get(st, name))
		return errf(err, errlen, "%s:%u: '%s' is listed twice",
			    path, no, name);
	for (size_t i = 0; i < st->n; i++) {
		dup = &st->v[i];
		if (dup->reqid == reqid)
			return errf(err, errlen, "%s:%u: reqid %u of '%s' is already used by '%s' at line %u",
				    path, no, reqid, name, dup->name,
				    dup->line);
	}
	if (reqid_state_set(st, name, reqid))
		return errf(err, errlen, "out of memory");
	st->v[st->n - 1].line = no;
	return 0;
}

static int read_lines(const char *path, FILE *f, struct reqid_state *st,
		      char *err, size_t errlen)
{
	char line[512];
	unsigned int no = 0;
	size_t len;

	while (fgets(line, sizeof(line), f)) {
		no++;
		len = strlen(line);
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(f))
			return errf(err, errlen, "%s:%u: line too long", path,
				    no);
		if (parse_line(path, no, line, st, err, errlen))
			return -1;
	}
	return ferror(f) ? errf(err, errlen, "%s: %s", path,
				strerror(errno)) : 0;
}

int reqid_state_load(const char *path, struct reqid_state *st, char *err,
		     size_t errlen)
{
	FILE *f;
	int ret;

	memset(st, 0, sizeof(*st));
	f = fopen(path, "re");
	if (!f && errno == ENOENT)
		return 0;	/* first start: nothing derived yet */
	if (!f)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	ret = read_lines(path, f, st, err, errlen);
	fclose(f);
	if (ret)
		reqid_state_free(st);
	return ret;
}

static int write_all(FILE *f, const struct reqid_state *st)
{
	fprintf(f, "# mipxfrmd: reqids derived for conns without reqid=\n");
	for (size_t i = 0; i < st->n; i++)
		fprintf(f, "%s %u\n", st->v[i].name, st->v[i].reqid);
	if (fflush(f) || ferror(f))
		return -1;
	return fsync(fileno(f));
}

/*
 * The first start on a fresh system: make the state file's directory
 * (one level, e.g. /var/lib/mipxfrm), private to root.
 */
static int make_parent(const char *path, char *err, size_t errlen)
{
	char dir[4096], *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) && errno != EEXIST)
		return errf(err, errlen, "%s: %s", dir, strerror(errno));
	return 0;
}

int reqid_state_save(const char *path, const struct reqid_state *st,
		     char *err, size_t errlen)
{
	char tmp[4096];
	FILE *f;
	int fd, ret;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return errf(err, errlen, "%s: path too long", path);
	if (make_parent(path, err, errlen))
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		ret = errno;
		if (fd >= 0)
			close(fd);
		return errf(err, errlen, "%s: %s", tmp, strerror(ret));
	}
	ret = write_all(f, st);
	if (fclose(f) || ret) {
		ret = errno;
		unlink(tmp);
		return errf(err, errlen, "%s: %s", tmp, strerror(ret));
	}
	/* rename() swaps whole files: a crash leaves the old or the new. */
	if (rename(tmp, path)) {
		ret = errno;
		unlink(tmp);
		return errf(err, errlen, "%s: %s", path, strerror(ret));
	}
	return 0;
}
