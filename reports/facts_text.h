/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TPMDIAG_FACTS_TEXT_H
#define TPMDIAG_FACTS_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag/facts.h"

/*
 * One line per fact: key, value (or "(absent) why" for an unreadable one)
 * and where it came from; verbose adds the raw bytes of TPM sources and the
 * kernel-log record text.
 */
void facts_text_print(FILE *f, const struct facts *fs, bool verbose);

/* The value alone, as the text report shows it ("true", "a, b", "(absent) ..."). */
void fact_value_text(const struct fact *fa, char *buf, size_t len);

#endif
