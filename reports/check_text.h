/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TPMDIAG_CHECK_TEXT_H
#define TPMDIAG_CHECK_TEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag/facts/facts.h"
#include "diag/engine/findings.h"

/*
 * The report of `tpmdiag check` for a person: the machine and TPM in a
 * header line, each finding root cause first (its symptoms indented under
 * it) with the explanation, the evidence and the numbered steps, and a
 * one-line verdict. 80 columns. verbose adds every fact.
 */
void check_text_print(FILE *f, const struct facts *fs, const struct findings *fi, bool verbose);

#endif
