/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Remediation actions: the names the rule files give in remedy steps
 * (`action: startup-clear`), each a plan before it is anything else — the
 * exact command bytes it would send, what they change, what can go wrong,
 * whether a reboot is needed after — and a runner that sends the steps in
 * order through the device layer, stopping at the first refusal with the
 * reason in words. Actions are data: one row per name and family
 * (actions.c). Nothing here decides what is wrong; `tpmdiag fix` does the
 * diagnosis before and after.
 */
#ifndef TPMDIAG_ACTIONS_H
#define TPMDIAG_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag/facts/facts.h"
#include "diag/own/secret.h"
#include "probes/tpm/buf.h"
#include "probes/tpm/tpm.h"
#include "probes/commands/tpm12_da.h"
#include "probes/transport/transport.h"

/* A return code a step may get, and what it means for the action. */
struct action_rc {
	uint32_t rc;
	bool ok;	 /* the goal is reached anyway ("already started") */
	const char *why; /* the sentence for a person; for !ok, why the action stops */
};

/*
 * One command of a plan: a catalogue command (send), a command built here
 * (build), or a TPM 1.2 command authorised by the owner (owner12: its
 * ordinal; sent under an OIAP session with the AUTH1 HMAC, see
 * diag/own/tpm12_owner.h). Exactly one of the three is set.
 */
struct action_step {
	const char *send;    /* a catalogue name (tpmdiag send NAME) */
	const char *args[3]; /* its words, NULL-terminated */
	/* Commands the catalogue lacks; secret is the authorisation, or NULL. */
	int (*build)(struct tpm_buf *b, const struct secret *auth);
	uint32_t owner12; /* TPM 1.2 ordinal of an owner-authorised command without parameters */
	const char *does; /* what it changes, one sentence */
	const struct action_rc *rcs;
	size_t n_rcs;
};

/* The password an action needs. */
enum action_auth {
	ACTION_AUTH_NONE = 0,
	ACTION_AUTH_LOCKOUT, /* TPM 2.0 lockout password, in a password session */
	ACTION_AUTH_OWNER12, /* TPM 1.2 owner password, as the key of the AUTH1 HMAC */
};

enum action_kind {
	ACTION_STEPS,	     /* send the steps in order */
	ACTION_WAIT_LOCKOUT, /* read the TPM 2.0 lockout properties, wait for recovery */
	ACTION_POINTER,	     /* carried out by another command (see the text) */
	ACTION_PLAN_ONLY,    /* tpmdiag never does it itself (stop-holder) */
	ACTION_PPI,	     /* a request for the firmware through the PPI (diag/ppi/ppi.h) */
};

struct action {
	const char *name; /* "startup-clear" */
	enum tpm_family family;
	enum action_kind kind;
	const char *summary; /* one line */
	const struct action_step *steps;
	size_t n_steps;
	const char *changes; /* what is different afterwards */
	const char *risks;   /* what can go wrong */
	const char *after;   /* what must follow (a reboot ...), or NULL */
	bool destructive;    /* asks twice: --yes --really-clear */
	enum action_auth auth;
	int ppi; /* ACTION_PPI: its enum ppi_action */
};

/*
 * The row for name and family, or NULL. A name may have two rows for one
 * family that differ in the password they need (TPM 1.2 clear: ForceClear
 * under physical presence, OwnerClear with the owner password); the first
 * is the default, action_find_auth picks the other.
 */
const struct action *action_find(const char *name, enum tpm_family family);
/* The row for name and family that needs auth, or NULL. */
const struct action *action_find_auth(const char *name, enum tpm_family family,
				      enum action_auth auth);
/* The other row of the same name and family (see action_find), or NULL. */
const struct action *action_other(const struct action *a);
/* Whether any family has an action of that name. */
bool action_known(const char *name);
/* Every row, in table order. */
const struct action *action_table(size_t *n);

/* What a plan and a run need. */
struct action_ctx {
	struct tpm_transport *t;   /* NULL for a plan */
	unsigned timeout_ms;	   /* per command; 0 = by duration class */
	const struct facts *fs;	   /* the diagnosis (stop-holder names the holders), or NULL */
	const struct secret *auth; /* the password the action's auth names, or NULL */
	bool wait;		   /* wait-for-lockout: wait (--yes), not only tell */
	FILE *out;
	/* ACTION_PPI: the chip (N of tpmN) and where sysfs is ("/sys", or a test tree's) */
	unsigned chip;
	const char *sysfs;
};

/* Print the plan: each command with its bytes, what it changes, the risks. */
void action_plan(const struct action *a, const struct action_ctx *x);
/* ACTION_PPI: whether the firmware route goes on this machine (x->fs, x->chip). */
bool action_ppi_possible(const struct action *a, const struct action_ctx *x);

enum action_result {
	ACTION_DONE = 0,
	ACTION_FAILED,	/* a step was refused by the TPM (the reason printed) */
	ACTION_DEVICE,	/* the device did not answer (the reason printed) */
	ACTION_REFUSED, /* tpmdiag does not carry it out here (the reason printed) */
};

/*
 * Carry the action out on x->t: each step's bytes sent and received and its
 * return code decoded, stopping at the first failure with the reason.
 */
enum action_result action_run(const struct action *a, const struct action_ctx *x);

/*
 * Build the command of one step into cmd (cap bytes): 0, or -EINVAL with
 * the reason in err. For an owner12 step: the bytes before the
 * authorisation (header and parameters; the size field counts the 45 bytes
 * of authorisation that tpm12_owner_xmit appends). Exposed for tests.
 */
int action_step_build(const struct action *a, const struct action_step *s,
		      const struct secret *auth, uint8_t *cmd, size_t cap, size_t *len, char *err,
		      size_t errlen);

#endif
