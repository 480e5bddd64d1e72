/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Progress of long waits on a terminal: "TPM2_CreatePrimary: 3.5 s (up to
 * 300 s)" on one line of stderr, rewritten while the wait goes on and
 * erased when it ends. Waits that end within a second show nothing; on a
 * pipe or file nothing is ever written.
 */
#ifndef TPMDIAG_PROGRESS_H
#define TPMDIAG_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#include "probes/transport/transport.h"

struct progress_line {
	FILE *f;
	bool shown;
	unsigned deadline_ms;
	struct tpm_progress cb; /* what the device layer calls */
};

/* Set p up for f; returns &p->cb when f is a terminal, else NULL (no progress). */
const struct tpm_progress *progress_line_init(struct progress_line *p, FILE *f);

#endif
