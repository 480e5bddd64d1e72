/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TPMDIAG_FIELD_LIST_H
#define TPMDIAG_FIELD_LIST_H

#include <stdio.h>

#include "probes/tpm/fields.h"

/* Decoded fields as aligned "  key  value" lines, and a note when some were cut. */
void field_list_print(FILE *f, const struct tpm_fields *fs);

#endif
