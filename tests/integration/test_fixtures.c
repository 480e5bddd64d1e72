// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every fixture machine through every probe, checked against the "Facts
 * to expect" lines of its README (format: fixtures/README.md). Adding a
 * fixture adds its checks; a README without expectations fails.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "reports/facts/facts_text.h"
#include "tests/integration/fixture_run.h"

struct expect_run {
	const char *fixture;
	const struct facts *fs;
	int failed;
};

/* One "key=value  (note)" line. */
static void check_line(const char *line, void *arg)
{
	struct expect_run *x = arg;
	char key[128], want[512], got[1024];
	const char *eq = strchr(line, '='), *end;
	const struct fact *fa;
	size_t kl;

	if (!eq || strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != (size_t)(eq - line))
		return; /* a note, not an expectation */
	kl = (size_t)(eq - line);
	snprintf(key, sizeof(key), "%.*s", (int)kl, line);
	end = strstr(eq + 1, "  ");
	snprintf(want, sizeof(want), "%.*s", (int)(end ? (size_t)(end - eq - 1) : strlen(eq + 1)),
		 eq + 1);
	fa = facts_get(x->fs, key);
	if (!fa) {
		cr_log_error("%s: no fact %s (expected %s)", x->fixture, key, want);
		x->failed++;
		return;
	}
	fact_value_text(fa, got, sizeof(got));
	if (want[0] == '(' && fa->type == FACT_UNREADABLE && !strncmp(got, want, strlen(want)))
		return;
	if (strcmp(got, want)) {
		cr_log_error("%s: %s is '%s', expected '%s'", x->fixture, key, got, want);
		x->failed++;
	}
}

Test(fixtures, every_fixture_shows_the_facts_its_readme_expects, .timeout = 120)
{
	char **names;
	size_t i, n;
	int failed = 0, lines;

	cr_assert_eq(fixture_names(&names, &n), 0, "run from the repository root");
	cr_expect_geq(n, 10, "at least ten fixture machines");
	for (i = 0; i < n; i++) {
		struct kmsg_log *log;
		struct facts *fs;
		struct expect_run x = {.fixture = names[i]};

		cr_assert_eq(fixture_probe(names[i], &fs, &log), 0, "%s: a probe failed", names[i]);
		x.fs = fs;
		lines = fixture_section(names[i], "Facts to expect", check_line, &x);
		cr_expect_gt(lines, 4, "%s: fewer than 5 expectations in its README", names[i]);
		failed += x.failed;
		facts_free(fs);
		kmsg_log_free(log);
	}
	fixture_names_free(names, n);
	cr_expect_eq(failed, 0, "%d expected facts differ (see the log above)", failed);
}
