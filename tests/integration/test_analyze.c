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
#define CORPUS "tests/corpus"

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

/* 1 when the file's first lines name a public address after "# source:". */
static int has_public_source(const char *path)
{
	char line[1024];
	FILE *f = fopen(path, "r");
	int n = 0, found = 0;

	while (f && !found && n++ < 8 && fgets(line, sizeof(line), f))
		found = !strncmp(line, "# source:", 9) && strstr(line, "https://");
	if (f)
		fclose(f);
	return found;
}

static int check_excerpt(const struct ruleset *rs, const char *dir, const char *name)
{
	char path[600], want[1024], id[128];
	struct findings fi = {0};
	struct kmsg_log *log = NULL;
	struct facts *fs;
	const char *p;
	int bad = 0, used;
	size_t j;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!expected_ids(path, want, sizeof(want))) {
		cr_log_error("%s: no '# expect:' line", name);
		return 1;
	}
	cr_assert_eq(facts_new(&fs), 0);
	cr_assert_eq(analyze_text_file(path, &log, fs), 0, "%s: not readable", name);
	cr_assert_eq(rules_evaluate(rs, fs, log, &fi), 0);
	for (p = want; sscanf(p, "%127s%n", id, &used) == 1; p += used) {
		if (!strcmp(id, "none")) { /* the report shows a working TPM */
			for (j = 0; j < fi.n; j++)
				if (fi.f[j].severity >= SEV_WARNING) {
					cr_log_error("%s: expected no problem, got %s", name, fi.f[j].rule->id);
					bad++;
				}
			continue;
		}
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

/* Every .log in dir through check_excerpt; how many files into *files. */
static int check_dir(const struct ruleset *rs, const char *dir, int need_source, int *files)
{
	struct dirent *e;
	int bad = 0;
	DIR *d = opendir(dir);

	cr_assert(d, "run from the repository root: no %s/", dir);
	while ((e = readdir(d))) {
		char path[600];
		size_t l = strlen(e->d_name);

		if (l < 5 || strcmp(e->d_name + l - 4, ".log"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (need_source && !has_public_source(path)) {
			cr_log_error("%s: no '# source: https://...' line", path);
			bad++;
		}
		bad += check_excerpt(rs, dir, e->d_name);
		(*files)++;
	}
	closedir(d);
	return bad;
}

static struct ruleset *builtin_rules(void)
{
	struct ruleset *rs;

	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
	return rs;
}

Test(analyze, every_excerpt_fires_its_signatures, .timeout = 60)
{
	struct ruleset *rs = builtin_rules();
	int files = 0, bad = check_dir(rs, EXCERPTS, 0, &files);

	ruleset_free(rs);
	cr_expect_gt(files, 0, "no excerpts in " EXCERPTS);
	cr_expect_eq(bad, 0, "%d expected findings did not fire (see the log above)", bad);
}

/*
 * The corpus: public reports transcribed verbatim, one folder per kind of
 * source (tests/corpus/<area>/), each file naming its address. At least 40.
 */
Test(analyze, every_public_report_is_read_right, .timeout = 120)
{
	struct ruleset *rs = builtin_rules();
	struct dirent *e;
	int bad = 0, files = 0;
	DIR *d = opendir(CORPUS);

	cr_assert(d, "run from the repository root: no " CORPUS "/");
	while ((e = readdir(d))) {
		char dir[300];

		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		snprintf(dir, sizeof(dir), CORPUS "/%s", e->d_name);
		bad += check_dir(rs, dir, 1, &files);
	}
	closedir(d);
	ruleset_free(rs);
	cr_expect_geq(files, 40, "%d reports in " CORPUS ", the issue asks for at least 40", files);
	cr_expect_eq(bad, 0, "%d reports were read wrong (see the log above)", bad);
}
