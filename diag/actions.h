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

#include "diag/facts.h"
#include "diag/secret.h"
#include "probes/tpm/buf.h"
#include "probes/tpm/tpm.h"
#include "probes/tpm/transport.h"

/* A return code a step may get, and what it means for the action. */
struct action_rc {
	uint32_t rc;
	bool ok;	 /* the goal is reached anyway ("already started") */
	const char *why; /* the sentence for a person; for !ok, why the action stops */
};

/* One command of a plan. */
struct action_step {
	const char *send;    /* a catalogue name (tpmdiag send NAME), or NULL when build is set */
	const char *args[3]; /* its words, NULL-terminated */
	/* Commands the catalogue lacks; secret is the authorisation, or NULL. */
	int (*build)(struct tpm_buf *b, const struct secret *auth);
	const char *does; /* what it changes, one sentence */
	const struct action_rc *rcs;
	size_t n_rcs;
};

enum action_kind {
	ACTION_STEPS,	     /* send the steps in order */
	ACTION_WAIT_LOCKOUT, /* read the TPM 2.0 lockout properties, wait for recovery */
	ACTION_POINTER,	     /* carried out by another command (see the text) */
	ACTION_PLAN_ONLY,    /* tpmdiag never does it itself (stop-holder) */
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
	bool lockout_auth;   /* needs the lockout password (TPM 2.0) */
};

/* The row for name and family, or NULL. */
const struct action *action_find(const char *name, enum tpm_family family);
/* Whether any family has an action of that name. */
bool action_known(const char *name);
/* Every row, in table order. */
const struct action *action_table(size_t *n);

/* What a plan and a run need. */
struct action_ctx {
	struct tpm_transport *t;   /* NULL for a plan */
	unsigned timeout_ms;	   /* per command; 0 = by duration class */
	const struct facts *fs;	   /* the diagnosis (stop-holder names the holders), or NULL */
	const struct secret *auth; /* the lockout password for lockout_auth actions, or NULL */
	bool wait;		   /* wait-for-lockout: wait (--yes), not only tell */
	FILE *out;
};

/* Print the plan: each command with its bytes, what it changes, the risks. */
void action_plan(const struct action *a, const struct action_ctx *x);

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
 * the reason in err. Exposed for tests.
 */
int action_step_build(const struct action *a, const struct action_step *s,
		      const struct secret *auth, uint8_t *cmd, size_t cap, size_t *len, char *err,
		      size_t errlen);

#endif
