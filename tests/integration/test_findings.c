// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The matrix: every fixture through every built-in rule. Each fixture's
 * README lists, under "## Findings", the warnings and errors it must
 * produce ("id  severity", or "(none)"); a listed one missing, or any other
 * warning or error, fails — no false positives.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "diag/engine/findings.h"
#include "diag/engine/rules.h"
#include "tests/integration/fixture_run.h"

#define WANT_MAX 32

struct want {
	char id[WANT_MAX][64];
	char sev[WANT_MAX][16];
	size_t n;
	bool none;
};

static void want_line(const char *line, void *arg)
{
	struct want *w = arg;

	if (!strncmp(line, "(none)", 6)) {
		w->none = true;
		return;
	}
	if (w->n < WANT_MAX && sscanf(line, "%63s %15s", w->id[w->n], w->sev[w->n]) >= 1)
		w->n++;
}

/* Findings of fixture name against its list; returns the number of mismatches. */
static int check_fixture(const struct ruleset *rs, const char *name)
{
	struct findings fi = {0};
	struct kmsg_log *log;
	struct facts *fs;
	struct want w = {0};
	size_t i, j;
	int bad = 0;

	cr_assert_eq(fixture_probe(name, &fs, &log), 0, "%s: a probe failed", name);
	cr_assert_eq(rules_evaluate(rs, fs, log, &fi), 0);
	if (fixture_section(name, "Findings", want_line, &w) < 1) {
		cr_log_error("%s: its README has no '## Findings' list", name);
		bad++;
	}
	for (i = 0; i < w.n; i++) {
		for (j = 0; j < fi.n && strcmp(fi.f[j].rule->id, w.id[i]); j++)
			;
		if (j == fi.n) {
			cr_log_error("%s: expected finding %s did not fire", name, w.id[i]);
			bad++;
		} else if (w.sev[i][0] && strcmp(severity_name(fi.f[j].severity), w.sev[i])) {
			cr_log_error("%s: %s is %s, the README says %s", name, w.id[i],
				     severity_name(fi.f[j].severity), w.sev[i]);
			bad++;
		}
	}
	for (j = 0; j < fi.n; j++) {
		if (fi.f[j].severity == SEV_INFO)
			continue;
		for (i = 0; i < w.n && strcmp(fi.f[j].rule->id, w.id[i]); i++)
			;
		if (i == w.n) {
			cr_log_error("%s: unexpected %s %s (%s)", name,
				     severity_name(fi.f[j].severity), fi.f[j].rule->id,
				     fi.f[j].title);
			bad++;
		}
	}
	findings_free(&fi);
	facts_free(fs);
	kmsg_log_free(log);
	return bad;
}

Test(findings, every_fixture_gets_exactly_its_diagnosis, .timeout = 120)
{
	struct ruleset *rs;
	char **names;
	size_t i, n;
	int bad = 0;

	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
	cr_assert_eq(fixture_names(&names, &n), 0);
	for (i = 0; i < n; i++)
		bad += check_fixture(rs, names[i]);
	fixture_names_free(names, n);
	ruleset_free(rs);
	cr_expect_eq(bad, 0, "%d mismatches between findings and READMEs (see the log above)", bad);
}

/* Whether fi holds a warning or error with rule id. */
static bool has_problem(const struct findings *fi, const char *id)
{
	size_t i;

	for (i = 0; i < fi->n; i++)
		if (fi->f[i].severity >= SEV_WARNING && !strcmp(fi->f[i].rule->id, id))
			return true;
	return false;
}

/*
 * A saved machine captured without its dev/ (by other means than
 * tpmdiag): the device nodes are "not captured", never missing, and no
 * fixture gains a warning or error by losing dev/.
 */
Test(findings, a_root_without_dev_is_not_captured_not_a_fault, .timeout = 120)
{
	char tmpl[] = "/tmp/tpmdiag-nodev-XXXXXX", cmd[1024], dir[600];
	struct findings with = {0}, without = {0};
	struct kmsg_log *log, *log2;
	struct facts *fs, *fs2;
	const struct fact *f;
	struct ruleset *rs;
	char **names;
	size_t i, j, n, tried = 0;

	cr_assert_not_null(mkdtemp(tmpl));
	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
	cr_assert_eq(fixture_names(&names, &n), 0);
	for (i = 0; i < n; i++) {
		snprintf(dir, sizeof(dir), "%s/%s", tmpl, names[i]);
		snprintf(cmd, sizeof(cmd), "cp -a " FIXTURES "/%s %s && rm -rf %s/root/dev",
			 names[i], dir, dir);
		cr_assert_eq(system(cmd), 0, "%s", cmd);
		cr_assert_eq(fixture_probe(names[i], &fs, &log), 0);
		cr_assert_eq(fixture_probe_dir(dir, &fs2, &log2), 0);
		cr_assert_eq(rules_evaluate(rs, fs, log, &with), 0);
		cr_assert_eq(rules_evaluate(rs, fs2, log2, &without), 0);
		for (j = 0; j < without.n; j++)
			cr_expect(without.f[j].severity < SEV_WARNING ||
				      has_problem(&with, without.f[j].rule->id),
				  "%s without dev/: %s %s", names[i], without.f[j].rule->id,
				  severity_name(without.f[j].severity));
		f = facts_get(fs2, "tpm0.devnode.exists");
		if (f) {
			tried++;
			cr_expect_eq(f->type, FACT_UNREADABLE, "%s: tpm0.devnode.exists is known",
				     names[i]);
			cr_expect(f->type == FACT_UNREADABLE && f->why == FACT_ABSENT &&
				      strstr(f->why_text, "not captured"),
				  "%s: tpm0.devnode.exists is not 'not captured'", names[i]);
		}
		findings_free(&with);
		findings_free(&without);
		facts_free(fs);
		facts_free(fs2);
		kmsg_log_free(log);
		kmsg_log_free(log2);
	}
	cr_expect_gt(tried, 5, "only %zu fixtures have a tpm0 device node fact", tried);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
	cr_expect_eq(system(cmd), 0);
	fixture_names_free(names, n);
	ruleset_free(rs);
}
