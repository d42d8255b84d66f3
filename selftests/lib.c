// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/mipxfrm.h>
#include "lib.h"

int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

long slab_active(const char *cache)
{
	char line[512], name[128];
	long active = -1, n;
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%127s %ld", name, &n) == 2 &&
		    !strcmp(name, cache)) {
			active = n;
			break;
		}
	}
	fclose(f);
	return active;
}

long slab_wait(const char *cache, long want, int timeout_ms)
{
	long n;

	for (;;) {
		n = slab_active(cache);
		if (n == want || timeout_ms <= 0)
			return n;
		usleep(50 * 1000);
		timeout_ms -= 50;
	}
}

void put_addr(struct nlmsghdr *nlh, int type, const char *text)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, text, &a) != 1) {
		fprintf(stderr, "lib: bad address %s\n", text);
		exit(2);
	}
	mnl_attr_put(nlh, type, sizeof(a), &a);
}

int binding_new(struct nl_conn *c, const char *hoa, const char *ha,
		uint32_t reqid_mh, uint32_t reqid_tunnel)
{
	struct nlmsghdr *nlh = genl_msg(c, MIPXFRM_CMD_BINDING_NEW, 0);

	put_addr(nlh, MIPXFRM_A_HOA, hoa);
	put_addr(nlh, MIPXFRM_A_HA, ha);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_MH, reqid_mh);
	mnl_attr_put_u32(nlh, MIPXFRM_A_REQID_TUNNEL, reqid_tunnel);
	return nl_request(c, nlh, NULL, NULL);
}

int binding_del(struct nl_conn *c, const char *hoa)
{
	struct nlmsghdr *nlh = genl_msg(c, MIPXFRM_CMD_BINDING_DEL, 0);

	put_addr(nlh, MIPXFRM_A_HOA, hoa);
	return nl_request(c, nlh, NULL, NULL);
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	++*(long *)data;
	return MNL_CB_OK;
}

long binding_count(struct nl_conn *c)
{
	struct nlmsghdr *nlh = genl_msg(c, MIPXFRM_CMD_BINDING_GET, NLM_F_DUMP);
	long n = 0;
	int err;

	err = nl_request(c, nlh, count_cb, &n);
	return err ? err : n;
}

const char *test_hoa(unsigned int n)
{
	static char buf[INET6_ADDRSTRLEN];

	snprintf(buf, sizeof(buf), "2001:db8:%x:%x::1", n >> 16, n & 0xffff);
	return buf;
}
