/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to transcript.c and transcript_write.c: what the parser and the writer share. */
#ifndef TPMDIAG_TRANSCRIPT_PRIV_H
#define TPMDIAG_TRANSCRIPT_PRIV_H

#include <stdbool.h>

#define TX_MAGIC "tpmdiag-transcript"

bool tx_is_space(char c);

#endif
