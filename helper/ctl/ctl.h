/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MIPXFRM_CTL_H
#define MIPXFRM_CTL_H

#include "../genl/genl.h"

/* Each subcommand: argv[0] is its name. Returns the exit status. */
int version_main(int argc, char **argv);
int binding_main(int argc, char **argv);
int monitor_main(int argc, char **argv);
/* ike.c: requests to mipxfrmd's control socket */
int status_main(int argc, char **argv);
int up_main(int argc, char **argv);
int down_main(int argc, char **argv);
int rekey_main(int argc, char **argv);
int rekey_ike_main(int argc, char **argv);

/* Appended to "Operation not permitted" from the module. */
#define CTL_EPERM_HINT " (needs CAP_NET_ADMIN in this network namespace)"

/*
 * Opens the family for a subcommand and explains, once, why it cannot:
 * returns 0 or an exit status.
 */
int ctl_open(struct nl_conn *c);

#endif
