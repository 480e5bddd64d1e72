/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What main() hands each command: the global options, the command's own
 * words, and where to write. Commands return an exit status (bits below,
 * documented in tpmdiag.1 EXIT STATUS).
 */
#ifndef TPMDIAG_CLI_H
#define TPMDIAG_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "probes/tpm/tpm.h"
#include "diag/facts/facts.h"
#include "diag/engine/exit_status.h"
#include "probes/transport/transport.h"

struct cli {
	const char *device;	/* --device SPEC, NULL = default */
	unsigned timeout_ms;	/* --timeout, 0 = the command's duration class */
	double deadline;	/* --timeout: when the run must end (tpm_now_ms), or 0 */
	const char *record;	/* --record FILE */
	const char *root;	/* --root DIR */
	bool yes;		/* --yes: state-changing commands may be sent */
	bool startup;		/* --startup: spawn sends Startup(CLEAR) */
	bool verbose;		/* -v */
	bool list;		/* --list */
	enum tpm_family family; /* --tpm12 / --tpm20, else unknown */
	const char *kmsg;	/* --kmsg FILE */
	int boot;		/* --boot N (0 = this boot) */
	bool no_device;		/* --no-device: probes do not talk to the chip */
	const char *format;	/* --format text|json, NULL = text */
	const char *rules;	/* --rules DIR: more rule files */
	int fail_on;		/* --fail-on: lowest severity that sets an exit bit; 3 = never */
	bool no_redact;		/* --no-redact: markdown and bundles keep identifiers */
	const char *output;	/* -o FILE: collect's bundle, check's and analyze's report */
	/*
	 * check, analyze with -o FILE: -ENODATA until the report is written,
	 * then 0, or -errno when writing it failed (FILE is then left alone).
	 */
	int out_status;
	struct timespec started; /* check, analyze: CLOCK_MONOTONIC at the command's start */
	const struct tpm_progress *progress; /* long waits on a terminal, or NULL */
	bool really_clear; /* --really-clear: the second yes of destructive actions */
	bool well_known;   /* --well-known: TPM 1.2 owner and SRK secrets are 20 zero bytes */
	bool ecc;	   /* --ecc: own makes an ECC P-256 storage key (TPM 2.0) */
	const char *owner_pw_file, *srk_pw_file, *endorsement_pw_file, *lockout_pw_file;
	bool owner_pw_stdin, lockout_pw_stdin;
	const char *state_dir; /* --state-dir DIR: own's journals; NULL = /var/lib/tpmdiag */
	int argc;	       /* the words after the command name */
	char **argv;
	FILE *out;
	FILE *err;
};

int cli_rc(struct cli *c);
int cli_send(struct cli *c);
int cli_info(struct cli *c);
int cli_ctrl(struct cli *c);
int cli_facts(struct cli *c);
int cli_check(struct cli *c);
int cli_analyze(struct cli *c);
int cli_collect(struct cli *c);
/* Exit status bits of the findings at or above --fail-on (tpmdiag(1) EXIT STATUS). */
struct findings;
int cli_findings_status(const struct findings *fi, int fail_on);
/* Rules over facts and records, the report, and the exit status of the findings. */
struct kmsg_log;
int cli_diagnose(struct cli *c, const struct facts *fs, const struct kmsg_log *log, int status,
		 const char *source);
/*
 * Run a diagnosing command's body: its clock starts here (the report's
 * duration), and with -o FILE its report goes to FILE atomically
 * (out_file.h), only when complete. name is the command's, for messages.
 */
int cli_report_run(struct cli *c, const char *name, int (*run)(struct cli *c));
int cli_rules(struct cli *c);
int cli_fix(struct cli *c);
int cli_own(struct cli *c);
int cli_eventlog(struct cli *c);
/* doc as pretty JSON and a newline on f (slashes unescaped); doc is released. */
struct json_object;
void cli_json_out(FILE *f, struct json_object *doc);
/*
 * An event log: FILE as the caller named it (a raw log, or a bundle that
 * carries one), or (NULL) the kernel's log of tpm0 below --root. 0, or
 * -errno with a sentence in err ("cannot read F: ...").
 */
int cli_eventlog_read(struct cli *c, const char *file, uint8_t **buf, size_t *len, char *err,
		      size_t err_len);
int cli_diff(struct cli *c);

/*
 * Open the device of --device for a command: want_rm says whether
 * /dev/tpmrm0 is fitting (read-only TPM 2.0 questions). Detects the family
 * (--tpm12/--tpm20 win). On failure prints the reason and returns
 * TPMDIAG_EXIT_DEVICE with *t NULL.
 */
int cli_open_device(struct cli *c, bool want_rm, struct tpm_transport **t, enum tpm_family *family,
		    char *family_src, size_t srclen);

/* "1.2"/"2.0" prefixed with "TPM ". */
const char *cli_family_label(enum tpm_family f);

#endif
