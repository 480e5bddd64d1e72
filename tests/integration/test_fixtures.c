// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every fixture machine through every probe, as `tpmdiag facts --root
 * fixtures/NAME/root --kmsg fixtures/NAME/kmsg.log [--device replay:
 * fixtures/NAME/transcript]` runs them, checked against the "Facts to
 * expect" lines of its README (format: fixtures/README.md). Adding a
 * fixture adds its checks; a README without expectations fails.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag/facts.h"
#include "probes/kmsg.h"
#include "probes/probe.h"
#include "probes/rootfs.h"
#include "reports/facts_text.h"

#define FIXTURES "fixtures"

/* Run every probe on fixture name; the caller frees *fs and *log. */
static void probe_fixture(const char *name, struct facts **fs, struct kmsg_log **log)
{
	char root_path[512], kmsg[512], transcript[512], spec[600];
	struct rootfs root;
	struct probe_ctx ctx;
	const struct probe *p;
	size_t i, n;

	snprintf(root_path, sizeof(root_path), FIXTURES "/%s/root", name);
	snprintf(kmsg, sizeof(kmsg), FIXTURES "/%s/kmsg.log", name);
	snprintf(transcript, sizeof(transcript), FIXTURES "/%s/transcript", name);
	snprintf(spec, sizeof(spec), "replay:%s", transcript);
	cr_assert_eq(rootfs_open(root_path, &root), 0, "%s has no root/", name);
	cr_assert_eq(facts_new(fs), 0);
	ctx = (struct probe_ctx){.root = &root, .facts = *fs, .kmsg_file = kmsg};
	if (access(transcript, R_OK) == 0)
		ctx.device = spec;
	else
		ctx.no_device = true;
	p = probe_table(&n);
	for (i = 0; i < n; i++)
		cr_assert_eq(p[i].run(&ctx), 0, "%s: the %s probe failed", name, p[i].name);
	*log = ctx.log;
	rootfs_close(&root);
}

/* Check one "key=value" line; returns 1 when it holds. */
static int check_line(const char *fixture, const struct facts *fs, const char *line)
{
	char key[128], want[512], got[1024];
	const struct fact *fa;
	const char *eq = strchr(line, '='), *end;
	size_t kl;

	kl = (size_t)(eq - line);
	snprintf(key, sizeof(key), "%.*s", (int)kl, line);
	end = strstr(eq + 1, "  ");
	snprintf(want, sizeof(want), "%.*s", (int)(end ? (size_t)(end - eq - 1) : strlen(eq + 1)),
		 eq + 1);
	while (strlen(want) && (want[strlen(want) - 1] == ' ' || want[strlen(want) - 1] == '\n'))
		want[strlen(want) - 1] = '\0';
	fa = facts_get(fs, key);
	if (!fa) {
		cr_log_error("%s: no fact %s (expected %s)", fixture, key, want);
		return 0;
	}
	fact_value_text(fa, got, sizeof(got));
	if (want[0] == '(' && fa->type == FACT_UNREADABLE && !strncmp(got, want, strlen(want)))
		return 1;
	if (!strcmp(got, want))
		return 1;
	cr_log_error("%s: %s is '%s', expected '%s'", fixture, key, got, want);
	return 0;
}

/* Check every expectation of one fixture; returns how many failed. */
static int check_fixture(const char *name, size_t *checked)
{
	char path[512], line[1024];
	struct kmsg_log *log = NULL;
	struct facts *fs = NULL;
	bool in_block = false;
	int failed = 0;
	FILE *f;

	snprintf(path, sizeof(path), FIXTURES "/%s/README.md", name);
	f = fopen(path, "r");
	cr_assert(f, "%s has no README.md", name);
	probe_fixture(name, &fs, &log);
	*checked = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "## ", 3))
			in_block = !strncmp(line, "## Facts to expect", 18);
		else if (in_block && !strncmp(line, "    ", 4) && line[4] >= 'a' &&
			 line[4] <= 'z' && strchr(line, '=') &&
			 strspn(line + 4, "abcdefghijklmnopqrstuvwxyz0123456789_.-") ==
				 (size_t)(strchr(line, '=') - line - 4)) {
			(*checked)++;
			failed += !check_line(name, fs, line + 4);
		}
	}
	fclose(f);
	facts_free(fs);
	kmsg_log_free(log);
	return failed;
}

Test(fixtures, every_fixture_shows_the_facts_its_readme_expects, .timeout = 120)
{
	struct dirent *e;
	size_t checked, total = 0, machines = 0;
	int failed = 0;
	DIR *d = opendir(FIXTURES);

	cr_assert(d, "run from the repository root: no " FIXTURES "/");
	while ((e = readdir(d))) {
		char root[512];

		snprintf(root, sizeof(root), FIXTURES "/%s/root", e->d_name);
		if (e->d_name[0] == '.' || access(root, F_OK))
			continue;
		failed += check_fixture(e->d_name, &checked);
		cr_expect_gt(checked, 4, "%s: fewer than 5 expectations in its README", e->d_name);
		total += checked;
		machines++;
	}
	closedir(d);
	cr_expect_geq(machines, 10, "at least ten fixture machines");
	cr_expect_eq(failed, 0, "%d of %zu expected facts differ (see the log above)", failed,
		     total);
}
