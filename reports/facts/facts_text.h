/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TPMDIAG_FACTS_TEXT_H
#define TPMDIAG_FACTS_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag/facts/facts.h"

/*
 * One line per fact: key, value (or "(absent) why" for an unreadable one)
 * and where it came from; verbose adds the raw bytes of TPM sources and the
 * kernel-log record text.
 */
void facts_text_print(FILE *f, const struct facts *fs, bool verbose);

#endif
