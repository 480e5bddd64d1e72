// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The "known:" list of a rule file (tpmdiag-rules(5)): messages the
 * database knows and finds no fault in, each with its meaning, the kernel
 * versions that print it and its sources.
 */
#include <stdlib.h>
#include <string.h>

#include "diag/engine/rules_priv.h"

void rules_known_clear(struct known *k)
{
	size_t i;

	rules_cond_free(k->match);
	free(k->meaning);
	free(k->kernels);
	for (i = 0; i < k->n_refs; i++)
		free(k->refs[i]);
	free(k->refs);
	free(k->file);
	memset(k, 0, sizeof(*k));
}

static int known_put(struct ruleset *rs, struct known *k)
{
	struct known *grown;

	if (rs->n_known == rs->cap_known) {
		size_t cap = rs->cap_known ? rs->cap_known * 2 : 64;

		grown = realloc(rs->known, cap * sizeof(*grown));
		if (!grown)
			return -1;
		rs->known = grown;
		rs->cap_known = cap;
	}
	rs->known[rs->n_known++] = *k;
	return 0;
}

void rules_known_read(struct loader *l, const yaml_node_t *m)
{
	static const char *const keys[] = {"log",     "source",	    "icase", "meaning",
					   "kernels", "references", NULL};
	struct known k = {0};
	const yaml_node_t *n;

	l->errors = 0;
	if (!m || m->type != YAML_MAPPING_NODE) {
		rules_lerr(l, m, "a known entry is a mapping with log, meaning and references");
		l->rs->skipped++;
		return;
	}
	rules_map_check_keys(l, m, "a known entry", keys);
	k.line = (unsigned)m->start_mark.line + 1;
	k.file = strdup(l->name);
	k.match = calloc(1, sizeof(*k.match));
	if (!k.file || !k.match) {
		l->nomem = true;
		goto drop;
	}
	if (!rules_map_get(l, m, "log"))
		rules_lerr(l, m, "the known entry has no 'log'");
	else
		rules_log_pattern(l, k.match, m);
	if ((n = rules_map_get(l, m, "meaning")))
		k.meaning = rules_dup_scalar(l, n, "meaning");
	else
		rules_lerr(l, m, "the known entry has no 'meaning'");
	if ((n = rules_map_get(l, m, "kernels")))
		k.kernels = rules_dup_scalar(l, n, "kernels");
	if ((n = rules_map_get(l, m, "references")))
		rules_strv_read(l, n, "references", &k.refs, &k.n_refs);
	if (!k.n_refs)
		rules_lerr(l, m, "references: at least one (kernel source, report)");
	if (l->errors || l->nomem || !k.match->has_re || !k.meaning)
		goto drop;
	if (known_put(l->rs, &k))
		l->nomem = true;
	else
		return;
drop:
	if (!l->nomem)
		l->rs->skipped++;
	rules_known_clear(&k);
}
