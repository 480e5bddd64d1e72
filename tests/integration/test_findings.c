// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The matrix: every fixture through every built-in rule. Each fixture's
 * README lists, under "## Findings", the warnings and errors it must
 * produce ("id  severity", or "(none)"); a listed one missing, or any other
 * warning or error, fails — no false positives.
 */
#include <criterion/criterion.h>
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
