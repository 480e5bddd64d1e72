/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firmware route: requests through the TPM Physical Presence Interface
 * (PPI). The OS writes an operation number to /sys/class/tpm/tpmN/ppi/request;
 * at the next reboot the firmware carries it out, after the person at the
 * console confirms it when the firmware asks for that, and reports the
 * result in ppi/response (see probes/parse/ppi_parse.h for the files).
 *
 * This holds the operations of the TCG PC Client Platform Physical Presence
 * Interface Specification 1.3 (table 1 for TPM 1.2, table 2 for TPM 2.0),
 * a planner that picks the operation for an action and checks it against
 * what the firmware offers (the probe's facts), and the writer of the
 * request. Nothing here reboots the machine, and nothing prints except
 * through a FILE * passed in. Functions return 0 or -errno with a sentence
 * for a person in the caller's buffer.
 */
#ifndef TPMDIAG_PPI_H
#define TPMDIAG_PPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag/facts/facts.h"
#include "probes/parse/ppi_parse.h"
#include "probes/tpm/tpm.h"

/* One operation of the PPI 1.3 tables. */
struct ppi_op {
	uint32_t op;
	enum tpm_family family;
	const char *name; /* "Enable + Activate" */
	const char *does; /* what the firmware does, one sentence without the full stop */
	bool asks;	  /* the firmware asks the user by default (its table has the last word) */
	bool erases;	  /* removes the owner and the keys the TPM protects */
};

/* The row for op in family's table, or NULL (vendor-specific, or not defined). */
const struct ppi_op *ppi_op_find(enum tpm_family family, uint32_t op);
/* Every row, TPM 1.2 first. */
const struct ppi_op *ppi_op_table(size_t *n);
/*
 * The operation's name for a person, whatever op is: the table's name,
 * "vendor-specific operation 130", or "operation 40 (not defined by PPI 1.3
 * for TPM 2.0)". buf is always NUL-terminated.
 */
const char *ppi_op_name(enum tpm_family family, uint32_t op, char *buf, size_t len);

/*
 * What the firmware does with a pending request for op at the next boot,
 * and what it asks, from its status in the firmware's table and the
 * transition action ("reboot", "shutdown", ...; NULL: not known). One
 * sentence without the full stop, e.g. "5 (Clear): the firmware clears
 * the TPM (...), at the next reboot; before the OS starts ...".
 */
const char *ppi_next_boot_text(enum tpm_family family, uint32_t op, enum ppi_status status,
			       const char *transition, char *buf, size_t len);

/* What tpmdiag asks the firmware for: the actions `fix` and `own` name. */
enum ppi_action {
	PPI_ACT_ENABLE_ACTIVATE,       /* "ppi-enable-activate" */
	PPI_ACT_CLEAR,		       /* "ppi-clear" */
	PPI_ACT_ENABLE_ACTIVATE_CLEAR, /* "ppi-enable-activate-clear" */
	PPI_ACT_CANCEL,		       /* "ppi-cancel": operation 0 */
};

/* "ppi-clear" -> PPI_ACT_CLEAR; -ENOENT for another name. */
int ppi_action_from_name(const char *name, enum ppi_action *out);
const char *ppi_action_name(enum ppi_action a);

/* A planned request. */
struct ppi_plan {
	unsigned chip; /* N of tpmN */
	enum tpm_family family;
	enum ppi_action action;
	uint32_t op;		   /* the operation value to write */
	const struct ppi_op *info; /* its row */
	enum ppi_status status;	   /* the firmware's answer for op (UNKNOWN: table unreadable) */
	bool user_confirms;	   /* the person at the console must confirm at the next boot */
	bool erases;		   /* the TPM's owner and keys are gone afterwards */
	uint32_t replaces;	   /* the pending request it replaces; 0 = none */
	char transition[32];	   /* what the firmware wants: "reboot", "shutdown", ... */
	char request_path[96];	   /* "/sys/class/tpm/tpm0/ppi/request" */
	char next_boot[768];	   /* what the reboot will show and do, in words */
};

/*
 * Plan action for chip against the facts of a diagnosis (the ppi probe's
 * tpmN.ppi.* and the sysfs probe's tpmN.family and tpmN.ppi): the first
 * operation of the action's list (ppi_plan_candidates) the firmware allows.
 * Returns 0 and fills *out (and a one-line summary in why), or, with the
 * reason in why:
 *   -ENODEV      the chip has no PPI (or is not there)
 *   -EINVAL      the family is not known, so the operation number is not
 *   -EOPNOTSUPP  the firmware implements none of the action's operations
 *   -EPERM       it implements one only from its setup, or blocks it for the OS
 *   -EALREADY    the same operation is already pending (cancel: nothing is)
 */
int ppi_plan(const struct facts *fs, unsigned chip, enum ppi_action action, struct ppi_plan *out,
	     char *why, size_t why_len);

/* The operation numbers action tries for family, in order; *n of them. */
const uint32_t *ppi_plan_candidates(enum ppi_action action, enum tpm_family family, size_t *n);

/* The plan for a person: what is written where, what the next boot does and asks. */
void ppi_plan_print(const struct ppi_plan *p, FILE *out);

/*
 * Write op to SYSFS/class/tpm/tpmN/ppi/request (SYSFS "/sys" on the live
 * machine, a directory of a test tree otherwise; device/ppi/request where
 * the class directory has no ppi/) and read it back into *readback. Never
 * reboots. Returns 0, or -errno with the reason in why: EPERM from the
 * kernel means the firmware refused the operation (not implemented); EFAULT
 * that it failed or blocks it; -EIO when the read-back differs.
 */
int ppi_request_write(const char *sysfs, unsigned chip, uint32_t op, uint32_t *readback, char *why,
		      size_t why_len);

/* The sentence for an errno the kernel gives when ppi/request is written. */
const char *ppi_write_error_text(int err_no, char *buf, size_t len, const char *path, uint32_t op);

/*
 * After the reboot: what came of a request for op. The firmware keeps its
 * last answer until the next request, so a caller that must tell a fresh
 * answer from an old one (own's journal) notes tpmN.ppi.last_request and
 * .response before writing.
 */
enum ppi_outcome {
	PPI_OUTCOME_PENDING,	/* still in ppi/request: no reboot yet, or ignored */
	PPI_OUTCOME_SUCCESS,	/* the firmware carried it out */
	PPI_OUTCOME_USER_ABORT, /* the person at the console rejected it */
	PPI_OUTCOME_FAILED,	/* firmware or TPM error */
	PPI_OUTCOME_NOT_SEEN,	/* the firmware's last operation is another one, or none */
	PPI_OUTCOME_UNKNOWN,	/* ppi/request or ppi/response could not be read */
};

/*
 * From tpmN.ppi.request, .last_request and .response: 0 with *out and the
 * sentence in why, or -ENODATA (*out UNKNOWN) when they could not be read.
 */
int ppi_outcome(const struct facts *fs, unsigned chip, uint32_t op, enum ppi_outcome *out,
		char *why, size_t why_len);

#endif
