/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every renderer of a diagnosis gets: the facts, the kept log records,
 * the findings, the exit status the run ends with, and how to write.
 * Renderers never probe and never decide; they only write.
 */
#ifndef TPMDIAG_REPORT_H
#define TPMDIAG_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "diag/facts/facts.h"
#include "diag/engine/findings.h"
#include "probes/kmsg.h"

struct redactor; /* reports/redact.h */

struct report {
	const struct facts *fs;
	const struct kmsg_log *log; /* may be NULL */
	const struct findings *fi;
	int exit_status;     /* the run's exit status (tpmdiag(1) EXIT STATUS) */
	const char *source;  /* "live", a --root path, a bundle or text file */
	bool verbose;	     /* -v: text adds every fact */
	bool color;	     /* text: ANSI colour (a tty, and NO_COLOR unset) */
	struct redactor *rd; /* NULL = --no-redact */
	/* CLOCK_MONOTONIC when the command began (prometheus: the duration); 0 = unknown */
	struct timespec started;
};

/*
 * The exit status bits by name, in bit order (tpmdiag(1) EXIT STATUS), as
 * the JSON report's "exit_bits" and the Prometheus tpmdiag_exit_status_bit
 * say them; the last entry's name is NULL.
 */
struct report_exit_bit {
	int bit;
	const char *name;
};
extern const struct report_exit_bit report_exit_bits[];

/* Each returns 0, or -errno when writing failed or memory ran out. */
int report_text(FILE *f, const struct report *r);
int report_json(FILE *f, const struct report *r);
int report_markdown(FILE *f, const struct report *r);
int report_junit(FILE *f, const struct report *r);
/* Text exposition format 0.0.4 (tpmdiag(1), PROMETHEUS); label values through r->rd. */
int report_prometheus(FILE *f, const struct report *r);

#endif
