/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the database does not know: the TPM records of a log that no rule's
 * log condition, no finding's evidence and no known entry covers. smartctl's "not in
 * smartctl database" is the model: said, never dropped, and never a
 * finding, so the exit status does not change.
 */
#ifndef TPMDIAG_UNKNOWN_H
#define TPMDIAG_UNKNOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag/engine/findings.h"
#include "diag/engine/rules.h"
#include "probes/kmsg.h"

/*
 * Whether r is a line the database should know: every TPM kernel record;
 * a user-space line only when it reports a problem (level warning or
 * worse, or a return code).
 */
bool record_wants_knowing(const struct kmsg_rec *r);
/* The known entry that matches r, or NULL. */
const struct known *ruleset_known_for(const struct ruleset *rs, const struct kmsg_rec *r);
/* Whether some rule's log condition (not under a "not"; a fallback rule's does not count) matches
 * r. */
bool ruleset_rules_match(const struct ruleset *rs, const struct kmsg_rec *r);

/*
 * What the fallback rules may not read, by index in log (*out is NULL for
 * an empty log; out[i] is only computed where a fallback rule's log
 * condition matches): the records a finding of fi has as evidence, a known
 * entry or another rule's log condition covers. 0 or -ENOMEM.
 */
int records_covered(const struct ruleset *rs, const struct kmsg_log *log, const struct findings *fi,
		    bool **out);

/*
 * The records of log that want knowing and that no rule's log condition,
 * no finding of fi (as its evidence) and no known entry covers, in log order: a malloc'd array of
 * pointers into the log (NULL when none). 0 or -ENOMEM.
 */
int records_unknown(const struct ruleset *rs, const struct kmsg_log *log, const struct findings *fi,
		    const struct kmsg_rec ***out, size_t *n);

#endif
