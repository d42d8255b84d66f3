// SPDX-License-Identifier: GPL-2.0
/*
 * mipxfrmctl binding {show|add|update|del}: the module's binding table.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/mipxfrm.h>
#include "../genl/binding.h"
#include "ctl.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: mipxfrmctl binding show [HOA] [--dump]\n"
		"       mipxfrmctl binding add HOA ha HA reqid-mh N reqid-tunnel M [coa COA]\n"
		"       mipxfrmctl binding update HOA coa COA seq N lifetime SECS [flags K]\n"
		"       mipxfrmctl binding del HOA\n"
		"\n"
		"The Home Agent's binding table in the mipxfrm module, per network\n"
		"namespace, keyed by Home Address (HoA).\n"
		"\n"
		"  show    every binding, or the one of HOA; --dump prints one binding\n"
		"          per line, tab-separated: hoa ha coa seq lifetime left flags\n"
		"          reqid-mh reqid-tunnel updates rollbacks last-error\n"
		"          ('-' where unset)\n"
		"  add     a binding for HOA with its Home Agent address and the reqids\n"
		"          of its MH transport SAs and of its ESP tunnel SAs; COA is the\n"
		"          care-of address the tunnel was negotiated with, if known\n"
		"  update  a Binding Update: moves the route-optimisation states, the\n"
		"          tunnel SAs and the tunnel policies to COA in one step, or\n"
		"          changes nothing; SEQ must be newer than the last (modulo\n"
		"          2^16); lifetime 0 (or COA = HOA) deregisters; flags K sets\n"
		"          the key-management mobility bit\n"
		"  del     deregisters: removes the binding and its RO states/policies\n"
		"\n"
		"Every subcommand, show included, needs CAP_NET_ADMIN in the network\n"
		"namespace, as ip xfrm state does: a binding tells where a mobile is.\n"
		"Errors print the module's message, e.g. 'Error: sequence number not\n"
		"newer than the binding's'.\n");
}

static int bad_usage(const char *what)
{
	fprintf(stderr, "mipxfrmctl binding: %s (try: mipxfrmctl binding --help)\n",
		what);
	return 2;
}

static const char *attr_name(int type)
{
	static const char *const names[] = {
		[MIPXFRM_A_HOA] = "hoa", [MIPXFRM_A_HA] = "ha",
		[MIPXFRM_A_COA] = "coa", [MIPXFRM_A_SEQ] = "seq",
		[MIPXFRM_A_LIFETIME] = "lifetime", [MIPXFRM_A_FLAGS] = "flags",
		[MIPXFRM_A_REQID_MH] = "reqid-mh",
		[MIPXFRM_A_REQID_TUNNEL] = "reqid-tunnel",
	};

	if (type > 0 && type < (int)(sizeof(names) / sizeof(names[0])) &&
	    names[type])
		return names[type];
	return NULL;
}

/* Prints the module's answer to a failed request, as iproute2 does. */
static int report(struct nl_conn *c, int err)
{
	const char *attr = attr_name(c->err_attr);

	if (!err)
		return 0;
	if (c->err_msg[0])
		fprintf(stderr, "Error: %s%s%s%s.\n", c->err_msg,
			attr ? " (" : "", attr ? attr : "", attr ? ")" : "");
	fprintf(stderr, "mipxfrmctl: %s%s\n", strerror(-err),
		err == -EPERM ? CTL_EPERM_HINT : "");
	return 1;
}

static int put_addr(struct nlmsghdr *nlh, int type, const char *text)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, text, &a) != 1) {
		fprintf(stderr, "mipxfrmctl: '%s' is not an IPv6 address\n", text);
		return -1;
	}
	mnl_attr_put(nlh, type, sizeof(a), &a);
	return 0;
}

static int put_u32(struct nlmsghdr *nlh, int type, const char *text,
		   unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(text, &end, 0);
	if (errno || *end || end == text || v > max || text[0] == '-') {
		fprintf(stderr, "mipxfrmctl: '%s' is not a number up to %lu\n",
			text, max);
		return -1;
	}
	if (type == MIPXFRM_A_SEQ)
		mnl_attr_put_u16(nlh, type, v);
	else
		mnl_attr_put_u32(nlh, type, v);
	return 0;
}

/* KEY VALUE pairs after the HoA, each KEY at most once. */
struct key {
	const char *name;
	int type;
	unsigned long max;		/* 0: an address */
	bool required;
};

static int put_keys(struct nlmsghdr *nlh, const struct key *keys, int argc,
		    char **argv)
{
	unsigned int seen = 0;
	int i, k;

	for (i = 0; i < argc; i += 2) {
		for (k = 0; keys[k].name; k++)
			if (!strcmp(argv[i], keys[k].name))
				break;
		if (!keys[k].name || (seen & (1U << k)))
			return bad_usage(keys[k].name ? "a key given twice" :
					 "unknown key");
		if (i + 1 >= argc)
			return bad_usage("a key without its value");
		seen |= 1U << k;
		if (keys[k].type == MIPXFRM_A_FLAGS) {
			if (strcmp(argv[i + 1], "K") && strcmp(argv[i + 1], "none"))
				return bad_usage("flags takes K or none");
			mnl_attr_put_u32(nlh, MIPXFRM_A_FLAGS,
					 strcmp(argv[i + 1], "K") ? 0 :
					 MIPXFRM_F_KEY_MGMT);
		} else if (keys[k].max ? put_u32(nlh, keys[k].type, argv[i + 1],
						 keys[k].max) :
			   put_addr(nlh, keys[k].type, argv[i + 1])) {
			return 2;
		}
	}
	for (k = 0; keys[k].name; k++)
		if (keys[k].required && !(seen & (1U << k))) {
			fprintf(stderr, "mipxfrmctl binding: '%s' is required\n",
				keys[k].name);
			return 2;
		}
	return 0;
}

static const char *addr_or_dash(const struct in6_addr *a, bool has, char *buf)
{
	return has ? inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN) : "-";
}

static const char *when(uint64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t)
		return "never";
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", localtime_r(&tt, &tm));
	return buf;
}

static int print_binding(const struct nlmsghdr *nlh, void *data)
{
	char hoa[INET6_ADDRSTRLEN], ha[INET6_ADDRSTRLEN], coa[INET6_ADDRSTRLEN];
	char seq[8] = "-", created[32], updated[32];
	bool dump = *(bool *)data;
	struct binding b;

	if (binding_parse(nlh, &b)) {
		fprintf(stderr, "mipxfrmctl: malformed binding message\n");
		return MNL_CB_ERROR;
	}
	addr_or_dash(&b.hoa, true, hoa);
	addr_or_dash(&b.ha, true, ha);
	addr_or_dash(&b.coa, b.has_coa, coa);
	if (b.has_seq)
		snprintf(seq, sizeof(seq), "%u", b.seq);
	if (dump) {
		printf("%s\t%s\t%s\t%s\t%u\t%u\t%s\t%u\t%u\t%" PRIu64 "\t%" PRIu64 "\t%d\n",
		       hoa, ha, coa, seq, b.lifetime, b.lifetime_left,
		       b.flags & MIPXFRM_F_KEY_MGMT ? "K" : "-", b.reqid_mh,
		       b.reqid_tunnel, b.updates, b.rollbacks, b.last_error);
		return MNL_CB_OK;
	}
	printf("hoa %s ha %s coa %s\n", hoa, ha, coa);
	printf("\tseq %s lifetime %u left %u flags %s\n", seq, b.lifetime,
	       b.lifetime_left, b.flags & MIPXFRM_F_KEY_MGMT ? "K" : "(none)");
	printf("\treqid-mh %u reqid-tunnel %u\n", b.reqid_mh, b.reqid_tunnel);
	printf("\tlast move: %u tunnel SAs, %u tunnel policies\n", b.tunnel_sas,
	       b.tunnel_policies);
	printf("\tupdates %" PRIu64 " rollbacks %" PRIu64 " last-error %s\n",
	       b.updates, b.rollbacks,
	       b.last_error ? strerror(-b.last_error) : "(none)");
	printf("\tcreated %s updated %s\n",
	       when(b.created, created, sizeof(created)),
	       when(b.updated, updated, sizeof(updated)));
	return MNL_CB_OK;
}

static int show(struct nl_conn *c, int argc, char **argv)
{
	bool dump = false;
	const char *hoa = NULL;
	struct nlmsghdr *nlh;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--dump"))
			dump = true;
		else if (!hoa)
			hoa = argv[i];
		else
			return bad_usage("show takes one HoA");
	}
	nlh = genl_msg(c, MIPXFRM_CMD_BINDING_GET, hoa ? 0 : NLM_F_DUMP);
	if (hoa && put_addr(nlh, MIPXFRM_A_HOA, hoa))
		return 2;
	return report(c, nl_request(c, nlh, print_binding, &dump));
}

static int change(struct nl_conn *c, uint8_t cmd, const struct key *keys,
		  int argc, char **argv)
{
	struct nlmsghdr *nlh = genl_msg(c, cmd, 0);
	int ret;

	if (argc < 1)
		return bad_usage("the HoA is missing");
	if (put_addr(nlh, MIPXFRM_A_HOA, argv[0]))
		return 2;
	ret = put_keys(nlh, keys, argc - 1, argv + 1);
	if (ret)
		return ret;
	return report(c, nl_request(c, nlh, NULL, NULL));
}

static const struct key add_keys[] = {
	{ "ha", MIPXFRM_A_HA, 0, true },
	{ "reqid-mh", MIPXFRM_A_REQID_MH, UINT32_MAX, true },
	{ "reqid-tunnel", MIPXFRM_A_REQID_TUNNEL, UINT32_MAX, true },
	{ "coa", MIPXFRM_A_COA, 0, false },
	{ 0 }
};

static const struct key update_keys[] = {
	{ "coa", MIPXFRM_A_COA, 0, true },
	{ "seq", MIPXFRM_A_SEQ, UINT16_MAX, true },
	{ "lifetime", MIPXFRM_A_LIFETIME, UINT32_MAX, true },
	{ "flags", MIPXFRM_A_FLAGS, 0, false },
	{ 0 }
};

static const struct key no_keys[] = { { 0 } };

int binding_main(int argc, char **argv)
{
	struct nl_conn c;
	const char *verb;
	int ret;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	verb = argv[1];
	if (strcmp(verb, "show") && strcmp(verb, "add") &&
	    strcmp(verb, "update") && strcmp(verb, "del"))
		return bad_usage("unknown binding command");
	ret = ctl_open(&c);
	if (ret)
		return ret;
	if (!strcmp(verb, "show"))
		ret = show(&c, argc - 2, argv + 2);
	else if (!strcmp(verb, "add"))
		ret = change(&c, MIPXFRM_CMD_BINDING_NEW, add_keys, argc - 2,
			     argv + 2);
	else if (!strcmp(verb, "update"))
		ret = change(&c, MIPXFRM_CMD_BINDING_UPDATE, update_keys,
			     argc - 2, argv + 2);
	else
		ret = change(&c, MIPXFRM_CMD_BINDING_DEL, no_keys, argc - 2,
			     argv + 2);
	nl_close(&c);
	return ret;
}
