// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/netlink.h>

#include "nl.h"

/* The extack TLVs of an error or a dump's end: message and offset. */
static void parse_ack_tlvs(const void *tlvs, size_t len, char *msg,
			   size_t msglen, uint32_t *offs)
{
	const struct nlattr *attr;

	mnl_attr_for_each_payload(tlvs, len) {
		switch (mnl_attr_get_type(attr)) {
		case NLMSGERR_ATTR_MSG:
			if (msglen &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				snprintf(msg, msglen, "%s",
					 mnl_attr_get_str(attr));
			break;
		case NLMSGERR_ATTR_OFFS:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				*offs = mnl_attr_get_u32(attr);
			break;
		}
	}
}

int nl_parse_error(const struct nlmsghdr *nlh, char *msg, size_t msglen,
		     uint32_t *offs)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t payload = mnl_nlmsg_get_payload_len(nlh);
	size_t tlv;

	if (msglen)
		msg[0] = '\0';
	*offs = 0;
	if (payload < sizeof(*e))
		return -EBADMSG;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return e->error;
	/* Unless capped, the request is echoed before the TLVs. */
	tlv = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    e->msg.nlmsg_len >= sizeof(e->msg))
		tlv += NLMSG_ALIGN(e->msg.nlmsg_len) - sizeof(e->msg);
	if (tlv > payload)
		return e->error;
	parse_ack_tlvs((const char *)e + tlv, payload - tlv, msg, msglen, offs);
	return e->error;
}

/* The type of the attribute at offset offs of req, or -1. */
static int attr_at(const struct nlmsghdr *req, uint32_t offs)
{
	if (offs < NLMSG_HDRLEN || offs + sizeof(struct nlattr) > req->nlmsg_len)
		return -1;
	return mnl_attr_get_type((const struct nlattr *)((const char *)req +
							  offs));
}

struct request {
	struct nl_conn *c;
	const struct nlmsghdr *req;
	mnl_cb_t cb;
	void *data;
	int error;
};

static int on_error(const struct nlmsghdr *nlh, void *data)
{
	struct request *r = data;
	uint32_t offs;

	r->error = nl_parse_error(nlh, r->c->err_msg,
				    sizeof(r->c->err_msg), &offs);
	if (offs)
		r->c->err_attr = attr_at(r->req, offs);
	return r->error ? MNL_CB_ERROR : MNL_CB_STOP;
}

/*
 * The end of a dump; a dump that failed carries the errno, and with it,
 * like an error, the extack TLVs.
 */
static int on_done(const struct nlmsghdr *nlh, void *data)
{
	size_t len = mnl_nlmsg_get_payload_len(nlh);
	struct request *r = data;
	uint32_t offs = 0;
	int error = 0;

	if (len >= sizeof(error))
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (len > sizeof(error) && (nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		parse_ack_tlvs((const char *)mnl_nlmsg_get_payload(nlh) +
			       sizeof(error), len - sizeof(error), r->c->err_msg,
			       sizeof(r->c->err_msg), &offs);
	if (offs)
		r->c->err_attr = attr_at(r->req, offs);
	r->error = error < 0 ? error : 0;
	return r->error ? MNL_CB_ERROR : MNL_CB_STOP;
}

static int on_data(const struct nlmsghdr *nlh, void *data)
{
	struct request *r = data;

	return r->cb ? r->cb(nlh, r->data) : MNL_CB_OK;
}

int nl_request(struct nl_conn *c, struct nlmsghdr *nlh, mnl_cb_t cb,
		 void *data)
{
	/* libmnl calls no default for a type this array leaves NULL. */
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = on_error,
		[NLMSG_DONE] = on_done,
	};
	struct request r = { c, nlh, cb, data, 0 };
	/* The answer overwrites c->buf; keep the request for the extack. */
	char req[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;
	int ret;

	c->err_msg[0] = '\0';
	c->err_attr = -1;
	nlh->nlmsg_seq = ++c->seq;
	memcpy(req, nlh, nlh->nlmsg_len);
	r.req = (const struct nlmsghdr *)req;
	if (mnl_socket_sendto(c->nl, req, r.req->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(c->nl, c->buf, MNL_SOCKET_BUFFER_SIZE);
		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(c->buf, n, r.req->nlmsg_seq, c->portid,
				  on_data, &r, ctl, NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (ret == MNL_CB_ERROR)
		return r.error ? r.error : -errno;
	return 0;
}

int nl_open(struct nl_conn *c, int bus)
{
	int one = 1, err;

	memset(c, 0, sizeof(*c));
	c->seq = (uint32_t)time(NULL);
	c->buf = malloc(MNL_SOCKET_BUFFER_SIZE);
	c->nl = mnl_socket_open(bus);
	if (!c->buf || !c->nl ||
	    mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		nl_close(c);
		return err;
	}
	c->portid = mnl_socket_get_portid(c->nl);
	mnl_socket_setsockopt(c->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(c->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

void nl_close(struct nl_conn *c)
{
	if (c->nl)
		mnl_socket_close(c->nl);
	free(c->buf);
	c->nl = NULL;
	c->buf = NULL;
}
