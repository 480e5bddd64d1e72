// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Findings ordered root cause first (findings.h): each finding a rule
 * "explains" hangs under its root, roots by severity.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag/engine/findings.h"

/* Does finding a (a root cause) explain finding b (a symptom)? */
static bool explains(const struct finding *a, const struct finding *b)
{
	size_t i;

	if (a == b || (a->chip[0] && b->chip[0] && strcmp(a->chip, b->chip)))
		return false;
	for (i = 0; i < a->rule->n_explains; i++)
		if (!strcmp(a->rule->explains[i], b->rule->id))
			return true;
	return false;
}

/* Order: roots by severity (rule order within), each followed by what it explains. */
int findings_order(struct findings *fs)
{
	struct finding *sorted;
	int *map;
	size_t i, j, n = 0;
	int sev, ret = 0;

	for (i = 0; i < fs->n; i++)
		for (j = 0; j < fs->n && fs->f[i].explained_by < 0; j++)
			if (explains(&fs->f[j], &fs->f[i]) && !explains(&fs->f[i], &fs->f[j]))
				fs->f[i].explained_by = (int)j;
	for (i = 0; i < fs->n; i++) /* a symptom of a symptom hangs under the root */
		for (j = 0; j < fs->n && fs->f[i].explained_by >= 0 &&
			    fs->f[fs->f[i].explained_by].explained_by >= 0;
		     j++)
			fs->f[i].explained_by = fs->f[fs->f[i].explained_by].explained_by;
	for (i = 0; i < fs->n; i++) /* a cycle of explains has no root: show them all as roots */
		if (fs->f[i].explained_by >= 0 && fs->f[fs->f[i].explained_by].explained_by >= 0)
			fs->f[i].explained_by = -1;
	sorted = malloc((fs->n ? fs->n : 1) * sizeof(*sorted));
	map = malloc((fs->n ? fs->n : 1) * sizeof(*map));
	if (!sorted || !map) {
		ret = -ENOMEM;
		goto out;
	}
	for (sev = SEV_ERROR; sev >= SEV_INFO; sev--)
		for (i = 0; i < fs->n; i++) {
			if ((int)fs->f[i].severity != sev || fs->f[i].explained_by >= 0)
				continue;
			map[i] = (int)n;
			sorted[n++] = fs->f[i];
			for (j = 0; j < fs->n; j++)
				if (fs->f[j].explained_by == (int)i) {
					map[j] = (int)n;
					sorted[n++] = fs->f[j];
				}
		}
	for (i = 0; i < n; i++)
		if (sorted[i].explained_by >= 0)
			sorted[i].explained_by = map[sorted[i].explained_by];
	if (n)
		memcpy(fs->f, sorted, n * sizeof(*sorted));
	fs->n = n;
out:
	free(sorted);
	free(map);
	return ret;
}

int findings_worst(const struct findings *fs)
{
	int worst = -1;
	size_t i;

	for (i = 0; i < fs->n; i++)
		if ((int)fs->f[i].severity > worst)
			worst = (int)fs->f[i].severity;
	return worst;
}
