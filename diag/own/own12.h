/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `tpmdiag own` for TPM 1.2: from whatever state the chip is in to owned,
 * step by step (TCG TPM Main 1.2 Part 3; TSC_PhysicalPresence: PC Client).
 *
 *   flags -> Startup(ST_CLEAR) when the chip says TPM_INVALID_POSTINIT
 *   -> owner check -> physical presence by command, enable, activate
 *   (a reboot stops the flow) -> self test -> EK (read, or create)
 *   -> OIAP + TPM_TakeOwnership (auth encrypted to the EK, HMAC-SHA1)
 *   -> verify the owner flag and the returned SRK.
 *
 * With a journal, every state-changing command is recorded before it is
 * sent and after it succeeded, and a rerun that finds the TPM owned after
 * an interrupted TakeOwnership proves the owner password given with
 * TPM_GetCapabilityOwner (OIAP) and finishes.
 *
 * Every step prints what it does and the decoded result to out; no secret,
 * auth value or HMAC is ever printed.
 */
#ifndef TPMDIAG_OWN12_H
#define TPMDIAG_OWN12_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag/own/secret.h"
#include "probes/transport/transport.h"

/* What own12_run returns. */
enum own12_result {
	OWN12_OK = 0,
	OWN12_ALREADY_OWNED, /* the TPM has an owner; nothing was changed */
	OWN12_REBOOT,	     /* enabled/activated: takes effect after a reboot; run again then */
	OWN12_FIRMWARE,	     /* physical presence locked: the firmware setup must do it */
	OWN12_TPM_ERROR,     /* the TPM refused a step (why names it and its return code) */
	OWN12_DEVICE,	     /* the transport failed (no answer, closed) */
	OWN12_FAILED,	     /* anything else: a malformed answer, a bad response HMAC, no memory */
};

struct own_journal;
struct own_journal_info;

/*
 * The firmware route (issue 8): where physical presence by command is
 * locked, ask the firmware through the Physical Presence Interface to
 * enable and activate the TPM at the next boot (diag/ppi/ppi.h), and after the
 * reboot read what it answered. cli_own.c implements it over the machine's
 * sysfs; NULL = no such route (the flow stops with the firmware setup step).
 */
struct own12_ppi {
	/* Write the request: 0 with the operation and what the next boot does, or -errno + why. */
	int (*request)(void *arg, uint32_t *op, char *next, size_t nextlen, char *why,
		       size_t whylen);
	/* What came of op: an enum ppi_outcome in *outcome, the sentence in why; 0 or -errno. */
	int (*outcome)(void *arg, uint32_t op, int *outcome, char *why, size_t whylen);
	void *arg;
};

struct own12_opts {
	unsigned timeout_ms; /* for TakeOwnership and CreateEndorsementKeyPair; 0 = long class */
	/*
	 * The journal (diag/own/own_journal.h) the steps are recorded in, and what
	 * it said before this run; both NULL = no journal. When the TPM is
	 * owned and prev says an earlier run sent TakeOwnership (or finished),
	 * the owner password is verified instead of stopping at "already owned".
	 */
	struct own_journal *journal;
	const struct own_journal_info *prev;
	const struct own12_ppi *ppi; /* NULL: no firmware route */
	/* Tests: called once right before the TakeOwnership step (before its OIAP). */
	void (*before_takeownership)(struct tpm_transport *t, void *arg);
	void *hook_arg;
};

/*
 * Take ownership with owner and srk (secret.h; well_known = the 20 zero
 * bytes of tpm_takeownership -z, otherwise SHA1 of the password bytes, as
 * tpm-tools does). o may be NULL. Returns an enum own12_result; on anything
 * but OWN12_OK, why holds one sentence (what stopped it and what to do).
 */
int own12_run(struct tpm_transport *t, const struct secret *owner, const struct secret *srk,
	      FILE *out, const struct own12_opts *o, char *why, size_t whylen);

/* "ok", "already owned", "reboot needed", ... */
const char *own12_result_name(int r);

#endif
