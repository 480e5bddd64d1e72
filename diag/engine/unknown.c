// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The TPM records that no rule, no finding and no known entry covers
 * (unknown.h).
 */
#include <errno.h>
#include <stdlib.h>

#include "diag/engine/unknown.h"

bool record_wants_knowing(const struct kmsg_rec *r)
{
	if (!r->userspace)
		return true;
	return r->has_rc || (r->prio >= 0 && r->prio <= 4);
}

static bool log_match(const struct cond *c, const struct kmsg_rec *r)
{
	if ((c->source == LOG_KERNEL && r->userspace) ||
	    (c->source == LOG_USERSPACE && !r->userspace))
		return false;
	return c->has_re && r->text && !regexec(&c->re, r->text, 0, NULL, 0);
}

/*
 * Some log condition in the tree c matches r, whatever the rest of the
 * rule says; not under a "not": a line a rule only rules out is not one
 * it knows. An rc condition does not make a line known by itself: many
 * lines print the same code (38 is a busy chip in one and a failed
 * SaveState in another), so only a finding that took the line as its
 * evidence does.
 */
static bool cond_mentions(const struct cond *c, const struct kmsg_rec *r)
{
	size_t i;

	if (!c || c->kind == COND_NOT)
		return false;
	if (c->kind == COND_LOG)
		return log_match(c, r);
	for (i = 0; i < c->n_kids; i++)
		if (cond_mentions(c->kids[i], r))
			return true;
	return false;
}

const struct known *ruleset_known_for(const struct ruleset *rs, const struct kmsg_rec *r)
{
	size_t i;

	for (i = 0; i < rs->n_known; i++)
		if (log_match(rs->known[i].match, r))
			return &rs->known[i];
	return NULL;
}

/* Whether a rule's log condition matches r: a fallback rule's (fallback), or another's. */
static bool rules_mention(const struct ruleset *rs, const struct kmsg_rec *r, bool fallback)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (rs->r[i].fallback == fallback && cond_mentions(rs->r[i].when, r))
			return true;
	return false;
}

/* A fallback rule does not make a line known: only its finding, with the line as evidence. */
bool ruleset_rules_match(const struct ruleset *rs, const struct kmsg_rec *r)
{
	return rules_mention(rs, r, false);
}

/* Whether a finding holds r as its evidence. */
static bool is_evidence(const struct findings *fi, const struct kmsg_rec *r)
{
	size_t i, j;

	for (i = 0; i < fi->n; i++)
		for (j = 0; j < fi->f[i].n_ev; j++)
			if (fi->f[i].ev[j].rec == r)
				return true;
	return false;
}

int records_covered(const struct ruleset *rs, const struct kmsg_log *log, const struct findings *fi,
		    bool **out)
{
	size_t i;

	*out = NULL;
	if (!log || !log->n)
		return 0;
	if (!(*out = calloc(log->n, sizeof(**out))))
		return -ENOMEM;
	for (i = 0; i < log->n; i++) {
		const struct kmsg_rec *r = &log->r[i];

		/* only the lines a fallback rule could read are worth the work */
		if (rules_mention(rs, r, true))
			(*out)[i] = is_evidence(fi, r) || ruleset_known_for(rs, r) ||
				    ruleset_rules_match(rs, r);
	}
	return 0;
}

int records_unknown(const struct ruleset *rs, const struct kmsg_log *log, const struct findings *fi,
		    const struct kmsg_rec ***out, size_t *n)
{
	const struct kmsg_rec **v = NULL;
	size_t i, k = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; log && i < log->n; i++) {
		const struct kmsg_rec *r = &log->r[i];

		if (!record_wants_knowing(r) || is_evidence(fi, r) || ruleset_known_for(rs, r) ||
		    ruleset_rules_match(rs, r))
			continue;
		if (!v) {
			v = calloc(log->n, sizeof(*v));
			if (!v)
				return -ENOMEM;
		}
		v[k++] = r;
	}
	*out = v;
	*n = k;
	return 0;
}
