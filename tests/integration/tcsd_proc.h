/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A private tcsd (trousers) for one test, talking to a swtpm 1.2 over its
 * TCP data port, and tpm-tools run against it: the independent TPM 1.2
 * peer the tests check tpmdiag's work with. Its config and system.data
 * live in the swtpm's test directory; it dies with the test.
 *
 * tcsd keeps the swtpm's one data connection while it runs: stop it before
 * tpmdiag talks to the same swtpm again.
 */
#ifndef TPMDIAG_TEST_TCSD_PROC_H
#define TPMDIAG_TEST_TCSD_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "tests/integration/swtpm_proc.h"

struct tcsd_proc {
	pid_t pid;
	unsigned port; /* where tpm-tools reach it (TSS_TCSD_PORT) */
	char dir[300];
};

/* Whether a program is on PATH. */
bool tool_available(const char *name);

/* Start tcsd -f -e for the TCP swtpm sw; 0 or -errno (d->pid -1 then). */
int tcsd_proc_start(const struct swtpm_proc *sw, struct tcsd_proc *d);
void tcsd_proc_stop(struct tcsd_proc *d);

/*
 * Run a tpm-tools command (argv, NULL-terminated) against d with input on
 * standard input and no controlling terminal (so getpass() reads standard
 * input); its output (stdout and stderr) into out. Its exit status, -1 when
 * it did not exit normally.
 */
int tcsd_tool(const struct tcsd_proc *d, const char *input, char *out, size_t cap,
	      char *const argv[]);

#endif
