// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Signatures that no fixture machine shows, fired from text alone: each
 * tests/rules/<name>.log (a kernel log or tool output transcribed from a
 * public report, named in its "# source:" line) through `analyze`, which
 * must produce every finding of its "# expect:" line and leave no line
 * "not in tpmdiag's database".
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/engine/findings.h"
#include "diag/engine/rules.h"
#include "probes/offline/analyze_text.h"

#define EXCERPTS "tests/rules"

/* The ids after "# expect:" in the file's first lines, space-separated, into buf. */
static int expected_ids(const char *path, char *buf, size_t len)
{
	char line[1024];
	FILE *f = fopen(path, "r");
	int found = 0;

	buf[0] = '\0';
	while (f && !found && fgets(line, sizeof(line), f))
		if (!strncmp(line, "# expect:", 9)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(buf, len, " %s ", line + 9);
			found = 1;
		}
	if (f)
		fclose(f);
	return found;
}

static int check_excerpt(const struct ruleset *rs, const char *name)
{
	char path[600], want[1024], id[128];
	struct findings fi = {0};
	struct kmsg_log *log = NULL;
	struct facts *fs;
	const char *p;
	int bad = 0, used;
	size_t j;

	snprintf(path, sizeof(path), EXCERPTS "/%s", name);
	if (!expected_ids(path, want, sizeof(want))) {
		cr_log_error("%s: no '# expect:' line", name);
		return 1;
	}
	cr_assert_eq(facts_new(&fs), 0);
	cr_assert_eq(analyze_text_file(path, &log, fs), 0, "%s: not readable", name);
	cr_assert_eq(rules_evaluate(rs, fs, log, &fi), 0);
	for (p = want; sscanf(p, "%127s%n", id, &used) == 1; p += used) {
		for (j = 0; j < fi.n && strcmp(fi.f[j].rule->id, id); j++)
			;
		if (j == fi.n) {
			cr_log_error("%s: expected finding %s did not fire", name, id);
			bad++;
		}
	}
	for (j = 0; j < fi.n_unknown; j++) { /* a line no rule knows is a gap in the database */
		cr_log_error("%s: not in tpmdiag's database: %s", name, fi.unknown[j]->text);
		bad++;
	}
	findings_free(&fi);
	kmsg_log_free(log);
	facts_free(fs);
	return bad;
}

Test(analyze, every_excerpt_fires_its_signatures, .timeout = 60)
{
	struct ruleset *rs;
	struct dirent *e;
	int bad = 0, files = 0;
	DIR *d = opendir(EXCERPTS);

	cr_assert(d, "run from the repository root: no " EXCERPTS "/");
	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);

		if (l < 5 || strcmp(e->d_name + l - 4, ".log"))
			continue;
		bad += check_excerpt(rs, e->d_name);
		files++;
	}
	closedir(d);
	ruleset_free(rs);
	cr_expect_gt(files, 0, "no excerpts in " EXCERPTS);
	cr_expect_eq(bad, 0, "%d expected findings did not fire (see the log above)", bad);
}
