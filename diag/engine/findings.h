/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Findings: what the rules concluded, with the evidence that made them
 * fire. Built by eval.c, rendered by reports/.
 */
#ifndef TPMDIAG_FINDINGS_H
#define TPMDIAG_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag/facts/facts.h"
#include "diag/engine/rules.h"
#include "probes/kmsg.h"

enum evidence_kind {
	EV_FACT, /* a fact (its source says where it came from) */
	EV_LOG,	 /* a kernel-log or user-space record */
	EV_RC,	 /* a return code the chip answered (a TPM fact) or a record printed */
};

struct evidence {
	enum evidence_kind kind;
	const struct fact *fact;    /* EV_FACT, EV_RC from the chip */
	const struct kmsg_rec *rec; /* EV_LOG, EV_RC from a record */
	uint32_t rc;
	int rc_family;
};

struct finding {
	const struct rule *rule;
	enum severity severity; /* the rule's, or SEV_INFO when resolved */
	bool resolved;		/* the rule's resolved_when holds: history, kept as a note */
	char chip[16];		/* "tpm0", or "" for a machine-wide finding */
	char *title;
	char *explain;
	char **remedy; /* the steps, templates expanded */
	size_t n_remedy;
	struct evidence *ev;
	size_t n_ev;
	int explained_by; /* index of the finding this one is a symptom of, or -1 */
};

struct findings {
	struct finding *f;
	size_t n, cap;
	/*
	 * The log's TPM records that no rule and no known entry matches
	 * (diag/engine/unknown.h), in log order; they point into the log.
	 */
	const struct kmsg_rec **unknown;
	size_t n_unknown;
};

void findings_free(struct findings *fs);

/*
 * Evaluate every rule over the facts and the log records (log may be
 * NULL). Findings come out ordered root cause first: those no other
 * finding explains, by severity, each followed by its symptoms. The
 * records no rule, finding or known entry covers go to out->unknown.
 * Returns 0 or -ENOMEM.
 */
int rules_evaluate(const struct ruleset *rs, const struct facts *facts, const struct kmsg_log *log,
		   struct findings *out);

/* What rules_evaluate_ex may leave out. */
enum rules_eval_flags {
	RULES_EVAL_NO_UNKNOWN = 1, /* out->unknown stays empty: a summary that never shows it */
};

/* rules_evaluate, with flags (enum rules_eval_flags). */
int rules_evaluate_ex(const struct ruleset *rs, const struct facts *facts,
		      const struct kmsg_log *log, unsigned flags, struct findings *out);

/*
 * Order fs root cause first: a finding another one explains (its rule's
 * explains) goes right after it; roots by severity, rule order within.
 * 0 or -ENOMEM. rules_evaluate does it; findings_order.c.
 */
int findings_order(struct findings *fs);

/* The highest severity found, or -1 when there is no finding. */
int findings_worst(const struct findings *fs);

#endif
