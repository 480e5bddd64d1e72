// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Markdown report on every fixture: summary, findings and the
 * redaction line are there; with a redactor the fixture's hostname
 * (root/proc/sys/kernel/hostname) and every UUID or MAC address are gone,
 * without one the hostname is there (so the check can fail).
 */
#include <criterion/criterion.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/engine/findings.h"
#include "diag/engine/rules.h"
#include "reports/redact.h"
#include "reports/report.h"
#include "tests/integration/fixture_run.h"

/* The fixture's hostname, from its tree. */
static void fixture_hostname(const char *name, char *buf, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), FIXTURES "/%s/root/proc/sys/kernel/hostname", name);
	f = fopen(path, "r");
	cr_assert_not_null(f, "%s: no root/proc/sys/kernel/hostname", name);
	cr_assert_not_null(fgets(buf, (int)len, f));
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	cr_assert(strlen(buf) > 2, "%s: empty hostname", name);
}

static char *render(const struct facts *fs, const struct kmsg_log *log, const struct findings *fi,
		    bool redact)
{
	struct report r = {.fs = fs, .log = log, .fi = fi, .source = "fixture"};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	if (redact)
		cr_assert_eq(redactor_new(fs, &r.rd), 0);
	cr_assert_eq(report_markdown(f, &r), 0);
	redactor_free(r.rd);
	fclose(f);
	return buf;
}

/* Every match of re in s starts a placeholder ("<tag-N>" after escaping: "&lt;tag-N&gt;"). */
static int unredacted(const char *name, const char *s, const char *re_src)
{
	regex_t re;
	regmatch_t m;
	const char *p = s;
	int bad = 0;

	cr_assert_eq(regcomp(&re, re_src, REG_EXTENDED | REG_ICASE), 0);
	while (!regexec(&re, p, 1, &m, p == s ? 0 : REG_NOTBOL)) {
		cr_log_error("%s: unredacted '%.*s'", name, (int)(m.rm_eo - m.rm_so), p + m.rm_so);
		bad++;
		p += m.rm_eo;
	}
	regfree(&re);
	return bad;
}

/* The rule id as the report escapes it ('_' → "\\_") is in s. */
static bool shown(const char *s, const char *id)
{
	char esc[256];
	size_t j = 0;

	for (; *id && j + 2 < sizeof(esc); id++) {
		if (*id == '_')
			esc[j++] = '\\';
		esc[j++] = *id;
	}
	esc[j] = '\0';
	return strstr(s, esc) != NULL;
}

static int check_fixture(const struct ruleset *rs, const char *name)
{
	struct findings fi = {0};
	struct kmsg_log *log;
	struct facts *fs;
	char host[256], *md, *plain;
	size_t i;
	int bad = 0;

	fixture_hostname(name, host, sizeof(host));
	cr_assert_eq(fixture_probe(name, &fs, &log), 0, "%s: a probe failed", name);
	cr_assert_eq(rules_evaluate(rs, fs, log, &fi), 0);
	md = render(fs, log, &fi, true);
	plain = render(fs, log, &fi, false);

	if (strcasestr(md, host)) {
		cr_log_error("%s: hostname '%s' in the redacted report", name, host);
		bad++;
	}
	if (!strstr(plain, host)) {
		cr_log_error("%s: hostname '%s' missing from the unredacted report", name, host);
		bad++;
	}
	/* UUIDs and MACs in any form; the placeholders have neither form */
	bad += unredacted(name, md, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
	bad += unredacted(name, md, "(^|[^0-9a-z:])([0-9a-f]{2}:){5}[0-9a-f]{2}([^0-9a-z:]|$)");
	bad += unredacted(name, md, "(^|[^0-9a-z-])([0-9a-f]{2}-){5}[0-9a-f]{2}([^0-9a-z-]|$)");
	if (!strstr(md, "**Machine:**") || !strstr(md, "**Verdict:**")) {
		cr_log_error("%s: no summary", name);
		bad++;
	}
	if (!strstr(md, "&lt;hostname-1&gt;") || !strstr(md, "\nRedacted: hostname (1)")) {
		cr_log_error("%s: the redaction line does not name the hostname", name);
		bad++;
	}
	if (!strstr(plain, "Redaction was off")) {
		cr_log_error("%s: the unredacted report does not say so", name);
		bad++;
	}
	if (!strstr(md, "<details><summary>All facts")) {
		cr_log_error("%s: no facts section", name);
		bad++;
	}
	for (i = 0; i < fi.n; i++)
		if (!shown(md, fi.f[i].rule->id)) {
			cr_log_error("%s: finding %s not shown", name, fi.f[i].rule->id);
			bad++;
		}
	if (fi.n && !strstr(md, "| # | Severity | ID | Finding |")) {
		cr_log_error("%s: no findings table", name);
		bad++;
	}
	if (!fi.n && !strstr(md, "No findings.")) {
		cr_log_error("%s: no 'No findings.'", name);
		bad++;
	}
	free(md);
	free(plain);
	findings_free(&fi);
	facts_free(fs);
	kmsg_log_free(log);
	return bad;
}

Test(markdown, every_fixture_redacted, .timeout = 120)
{
	struct ruleset *rs;
	char **names;
	size_t i, n;
	int bad = 0;

	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
	cr_assert_eq(fixture_names(&names, &n), 0);
	cr_assert_gt(n, 0);
	for (i = 0; i < n; i++)
		bad += check_fixture(rs, names[i]);
	fixture_names_free(names, n);
	ruleset_free(rs);
	cr_expect_eq(bad, 0, "%d problems in the markdown reports (see the log above)", bad);
}

/* The fixtures that carry a MAC and a UUID: both become placeholders, counted. */
Test(markdown, fixture_identifiers_named_in_the_summary)
{
	static const struct {
		const char *name, *ident, *summary;
	} cases[] = {
	    {"tpm20-spi-rpi", "DC:A6:32:12:34:56", "MAC address (1)"},
	    {"amd-ftpm-crb", "5b3a1c0e-9d3f-4a59-8f0e-2f6c1d7e4a21", "UUID (1)"},
	};
	struct findings fi = {0};
	struct ruleset *rs;
	size_t i;

	cr_assert_eq(ruleset_new(&rs), 0);
	cr_assert_eq(ruleset_load_builtin(rs), 0);
	cr_assert_eq(ruleset_finish(rs), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kmsg_log *log;
		struct facts *fs;
		char *md, *plain;

		cr_assert_eq(fixture_probe(cases[i].name, &fs, &log), 0);
		cr_assert_eq(rules_evaluate(rs, fs, log, &fi), 0);
		md = render(fs, log, &fi, true);
		plain = render(fs, log, &fi, false);
		cr_expect_null(strcasestr(md, cases[i].ident), "%s", cases[i].name);
		cr_expect_not_null(strcasestr(plain, cases[i].ident), "%s", cases[i].name);
		cr_expect_not_null(strstr(md, cases[i].summary), "%s: %s", cases[i].name,
				   cases[i].summary);
		free(md);
		free(plain);
		findings_free(&fi);
		memset(&fi, 0, sizeof(fi));
		facts_free(fs);
		kmsg_log_free(log);
	}
	ruleset_free(rs);
}

/* Hostile text cannot break out: a record with a fence and a pipe, a fact with '<'. */
Test(markdown, escaping)
{
	struct facts *fs;
	struct kmsg_log *log;
	struct findings fi = {0};
	struct kmsg_event ev = {
	    .seq = 1, .ts = 2.5, .prio = 3, .line = 1, .text = "tpm tpm0: ```` </details> | x"};
	char *md;

	cr_assert_eq(facts_new(&fs), 0);
	cr_assert_eq(facts_set_str(fs, "kernel.release", "6.1 |<b>*bold*</b>", NULL), 0);
	cr_assert_eq(kmsg_log_new(&log), 0);
	cr_assert_eq(kmsg_log_add(log, &ev), 0);
	md = render(fs, log, &fi, false);
	cr_expect_not_null(strstr(md, "| kernel.release | 6.1 \\|&lt;b&gt;\\*bold\\*&lt;/b&gt; |"),
			   "%s", md);
	cr_expect_not_null(
	    strstr(md, "`````text\n[    2.500000] tpm tpm0: ```` </details> | x\n`````"), "%s", md);
	cr_expect_not_null(strstr(md, "No findings."));
	free(md);
	kmsg_log_free(log);
	facts_free(fs);
}
