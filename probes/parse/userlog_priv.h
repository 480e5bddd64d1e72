/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to the user-space line parser (userlog.c, userlog_raw.c). */
#ifndef TPMDIAG_USERLOG_PRIV_H
#define TPMDIAG_USERLOG_PRIV_H

#include <stdbool.h>

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int hex_val(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
