/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running the probes on a fixture machine (fixtures/NAME) as `tpmdiag
 * facts --root fixtures/NAME/root --kmsg fixtures/NAME/kmsg.log [--device
 * replay:fixtures/NAME/transcript | --no-device]` does, and walking the
 * fixtures and the indented lines of a README section.
 */
#ifndef TPMDIAG_TEST_FIXTURE_RUN_H
#define TPMDIAG_TEST_FIXTURE_RUN_H

#include <stddef.h>

#include "diag/facts/facts.h"
#include "probes/kmsg.h"

#define FIXTURES "fixtures"

/* 0, or -errno; the caller frees *fs and *log. */
int fixture_probe(const char *name, struct facts **fs, struct kmsg_log **log);
/* The same for a fixture-shaped directory anywhere (DIR/root, DIR/kmsg.log, ...). */
int fixture_probe_dir(const char *dir, struct facts **fs, struct kmsg_log **log);

/* The fixture names (directories with a root/), sorted; free with fixture_names_free. */
int fixture_names(char ***names, size_t *n);
void fixture_names_free(char **names, size_t n);

/*
 * Call fn(line, arg) for each line indented four spaces in the README
 * section "## TITLE" of fixture name (without the indent and newline).
 * Returns the number of lines, or -errno when there is no README.
 */
int fixture_section(const char *name, const char *title, void (*fn)(const char *line, void *arg),
		    void *arg);

#endif
