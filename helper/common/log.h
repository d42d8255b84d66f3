/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Logging for mipxfrmd and mipxfrmctl: to stderr, or to syslog once a
 * daemon has detached. Levels follow syslog; log_level filters.
 */
#ifndef MIPXFRM_LOG_H
#define MIPXFRM_LOG_H

#include <syslog.h>

extern int log_level;

void log_to_syslog(const char *ident);
void log_msg(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
