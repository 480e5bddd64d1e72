/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to the user-space line parser (userlog.c, userlog_raw.c). */
#ifndef TPMDIAG_USERLOG_PRIV_H
#define TPMDIAG_USERLOG_PRIV_H

#include <stdbool.h>

#include "probes/tpm/hex.h"

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

#endif
