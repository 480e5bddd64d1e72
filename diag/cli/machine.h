/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Looking at a machine: run every probe the command line asks for (live,
 * --root, --kmsg, --device) into facts and log records; and load the rules
 * (built in, /etc/tpmdiag/rules.d, --rules DIR). Shared by facts and check.
 */
#ifndef TPMDIAG_MACHINE_H
#define TPMDIAG_MACHINE_H

#include "diag/cli/cli.h"
#include "diag/facts/facts.h"
#include "diag/engine/rules.h"
#include "probes/kmsg.h"
#include "probes/os/rootfs.h"

#define TPMDIAG_RULES_DIR "/etc/tpmdiag/rules.d"

/* Returns 0 or an exit status (the reason printed). root is opened here; close it after. */
int machine_probe(struct cli *c, struct rootfs *root, struct facts **fs, struct kmsg_log **log);

/*
 * The rules for a diagnosis; rules with errors are left out and, when
 * report is set, counted on c->err. Returns 0 or an exit status.
 */
int machine_rules(struct cli *c, struct ruleset **rs, bool report);

/* Exit status bits for facts that could not be read (absent is normal). */
int machine_facts_status(const struct facts *fs);

#endif
