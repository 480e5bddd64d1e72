// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check and analyze --format prometheus on the fixtures, as node_exporter's
 * textfile collector would read them: the exact samples a user alerts on
 * (an error finding, the lockout, a PCR bank that no longer replays, a
 * machine without a TPM), promtool check metrics clean on each, label
 * values escaped and redacted (the hostname only with --no-redact), and -o
 * FILE written atomically: the whole report or FILE as it was, mode 0644,
 * no temporary file left, a missing directory refused before any probe.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "diag/engine/findings.h"
#include "reports/redact.h"
#include "reports/report.h"
#include "tests/integration/swtpm_proc.h"

#define OUT_MAX 262144
#define TPM0	"sys/devices/pci0000:00/0000:00:01.0/MSFT0101:00/tpm/tpm0"

static char tmp[256], out[OUT_MAX], prom[OUT_MAX], path[512];

static void setup(void)
{
	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	snprintf(path, sizeof(path), "%s/tpmdiag.prom", tmp);
}

static void teardown(void)
{
	test_rmtree(tmp);
}

TestSuite(prometheus, .init = setup, .fini = teardown, .timeout = 120);

/* A line of prom, whole. */
static bool has_line(const char *line)
{
	size_t n = strlen(line);
	const char *p;

	for (p = prom; (p = strstr(p, line)); p++)
		if ((p == prom || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

#define line(s)	   cr_expect(has_line(s), "no line '%s':\n%s", s, prom)
#define no_line(s) cr_expect(!has_line(s), "a line '%s':\n%s", s, prom)
#define has(s)	   cr_expect(strstr(prom, s), "lacks '%s':\n%s", s, prom)
#define lacks(s)   cr_expect(!strstr(prom, s), "has '%s':\n%s", s, prom)

static void read_file(const char *file, char *buf, size_t cap)
{
	FILE *f = fopen(file, "r");
	size_t n;

	cr_assert_not_null(f, "no %s", file);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* promtool's lint of the exposition in path: 0 when clean; its words in out. */
static int promtool(void)
{
	char cmd[1200], log[600];

	snprintf(log, sizeof(log), "%s/promtool.log", tmp);
	snprintf(cmd, sizeof(cmd), "promtool check metrics <'%s' >'%s' 2>&1", path, log);
	int st = system(cmd);

	read_file(log, out, sizeof(out));
	return st;
}

/* check on fixture name (its transcript when it has one) with -o path; the exit status. */
static int check_fixture(const char *root, const char *name, const char *extra)
{
	char tr[512];
	struct stat st;
	int rc;

	snprintf(tr, sizeof(tr), "fixtures/%s/transcript", name);
	rc = run_tpmdiag(out, sizeof(out),
			 "check --root %s --kmsg fixtures/%s/kmsg.log %s%s --format prometheus "
			 "-o %s %s",
			 root, name, stat(tr, &st) ? "--no-device" : "--device replay:",
			 stat(tr, &st) ? "" : tr, path, extra);
	read_file(path, prom, sizeof(prom));
	cr_expect_eq(promtool(), 0, "promtool check metrics:\n%s\n%s", out, prom);
	return rc;
}

static int check_named(const char *name)
{
	char root[256];

	snprintf(root, sizeof(root), "fixtures/%s/root", name);
	return check_fixture(root, name, "");
}

/* Every family tpmdiag(1) documents, with its # HELP and # TYPE. */
Test(prometheus, every_family_has_help_and_type)
{
	static const char *const fam[] = {
	    "tpmdiag_run_info",
	    "tpmdiag_last_run_timestamp_seconds",
	    "tpmdiag_last_run_duration_seconds",
	    "tpmdiag_exit_status",
	    "tpmdiag_exit_status_bit",
	    "tpmdiag_findings",
	    "tpmdiag_finding",
	    "tpmdiag_tpm_present",
	    "tpmdiag_tpm_info",
	    "tpmdiag_lockout_failures",
	    "tpmdiag_lockout_in_force",
	    "tpmdiag_pcr_replay_match",
	};
	char want[160];
	size_t i;

	check_named("no-tpm");
	for (i = 0; i < sizeof(fam) / sizeof(fam[0]); i++) {
		snprintf(want, sizeof(want), "\n# HELP %s ", fam[i]);
		cr_expect(strstr(prom, want) || !strncmp(prom, want + 1, strlen(want + 1)),
			  "no # HELP %s:\n%s", fam[i], prom);
		snprintf(want, sizeof(want), "# TYPE %s gauge", fam[i]);
		line(want);
	}
}

Test(prometheus, a_lockout_is_an_error_finding_with_its_counter)
{
	cr_expect_eq(check_named("tpm20-da-lockout"), 16, "%s", out);
	line("tpmdiag_finding{id=\"tpm2-da-lockout\",severity=\"error\",group=\"lockout\","
	     "chip=\"tpm0\"} 1");
	line("tpmdiag_findings{severity=\"error\"} 1");
	line("tpmdiag_findings{severity=\"warning\"} 0");
	line("tpmdiag_tpm_present{chip=\"tpm0\"} 1");
	line("tpmdiag_tpm_info{chip=\"tpm0\",family=\"2.0\",manufacturer=\"IBM\","
	     "firmware=\"8217.4131\"} 1");
	line("tpmdiag_lockout_failures{chip=\"tpm0\"} 3");
	line("tpmdiag_lockout_in_force{chip=\"tpm0\"} 1");
	line("tpmdiag_exit_status 16");
	line("tpmdiag_exit_status_bit{bit=\"error-finding\"} 1");
	line("tpmdiag_exit_status_bit{bit=\"warning-finding\"} 0");
	line("tpmdiag_exit_status_bit{bit=\"unreadable\"} 0");
	line("tpmdiag_pcr_replay_match{chip=\"tpm0\",bank=\"sha256\"} 1");
}

Test(prometheus, a_healthy_machine_has_no_problem_and_a_fresh_timestamp)
{
	time_t before = time(NULL);
	double ts = 0, dur = -1;
	const char *p;

	cr_expect_eq(check_named("healthy-intel-ptt-crb"), 0, "%s", out);
	line("tpmdiag_findings{severity=\"error\"} 0");
	line("tpmdiag_findings{severity=\"warning\"} 0");
	lacks("severity=\"error\",");
	lacks("severity=\"warning\",");
	line("tpmdiag_exit_status 0");
	line("tpmdiag_lockout_in_force{chip=\"tpm0\"} 0");
	line("tpmdiag_lockout_failures{chip=\"tpm0\"} 0");
	line("tpmdiag_tpm_info{chip=\"tpm0\",family=\"2.0\",manufacturer=\"INTC\","
	     "firmware=\"8217.4131\"} 1");
	line("tpmdiag_pcr_replay_match{chip=\"tpm0\",bank=\"sha1\"} 1");
	line("tpmdiag_pcr_replay_match{chip=\"tpm0\",bank=\"sha256\"} 1");
	p = strstr(prom, "\ntpmdiag_last_run_timestamp_seconds ");
	cr_assert(p, "no timestamp:\n%s", prom);
	ts = strtod(p + strlen("\ntpmdiag_last_run_timestamp_seconds "), NULL);
	cr_expect(ts >= (double)before - 1 && ts <= (double)time(NULL) + 1, "timestamp %f", ts);
	p = strstr(prom, "\ntpmdiag_last_run_duration_seconds ");
	cr_assert(p, "no duration:\n%s", prom);
	dur = strtod(p + strlen("\ntpmdiag_last_run_duration_seconds "), NULL);
	cr_expect(dur > 0 && dur < 60, "duration %f", dur);
}

/* No TPM: presence 0 with chip="", and no chip's samples. */
Test(prometheus, no_tpm_is_present_0)
{
	check_named("no-tpm");
	line("tpmdiag_tpm_present{chip=\"\"} 0");
	lacks("tpmdiag_tpm_info{");
	lacks("tpmdiag_lockout_in_force{");
	lacks("tpmdiag_pcr_replay_match{");
	line("tpmdiag_finding{id=\"no-tpm-in-firmware\",severity=\"warning\",group=\"presence\","
	     "chip=\"\"} 1");
}

/* A TPM 1.2 that died: its family; no maker, firmware or lockout where none was read. */
Test(prometheus, unread_facts_give_no_sample)
{
	check_named("tpm12-chip-died");
	line("tpmdiag_tpm_info{chip=\"tpm0\",family=\"1.2\",manufacturer=\"\",firmware=\"\"} 1");
	lacks("tpmdiag_lockout_failures{");
	lacks("tpmdiag_lockout_in_force{");
	lacks("tpmdiag_pcr_replay_match{"); /* the log compared nothing */
	line("tpmdiag_exit_status_bit{bit=\"unreadable\"} 1");
}

/* PCR 4 of the SHA-256 bank changed outside the log: that bank alone is 0. */
Test(prometheus, a_changed_pcr_fails_its_bank_alone)
{
	char cmd[1024], root[300];

	snprintf(root, sizeof(root), "%s/root", tmp);
	snprintf(cmd, sizeof(cmd),
		 "cp -a fixtures/qemu-swtpm20-tis/root '%s' && printf '%%064d\\n' 4 > '%s/" TPM0
		 "/pcr-sha256/4'",
		 root, root);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	check_fixture(root, "qemu-swtpm20-tis", "");
	line("tpmdiag_pcr_replay_match{chip=\"tpm0\",bank=\"sha256\"} 0");
	line("tpmdiag_pcr_replay_match{chip=\"tpm0\",bank=\"sha1\"} 1");
	line("tpmdiag_finding{id=\"eventlog-pcr-mismatch\",severity=\"warning\",group=\"firmware\","
	     "chip=\"tpm0\"} 1");
}

/* A fleet's bundle named after its machine: the name is redacted in the labels. */
Test(prometheus, analyze_redacts_the_hostname_unless_asked)
{
	const char *f = "fixtures/tpm20-da-lockout";

	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "collect --no-redact --root %s/root --kmsg %s/kmsg.log --device "
				 "replay:%s/transcript -o %s/lockedout-nuc.json",
				 f, f, f, tmp),
		     0, "%s", out);
	cr_expect_eq(run_tpmdiag(out, sizeof(out),
				 "analyze %s/lockedout-nuc.json --format prometheus -o %s", tmp,
				 path),
		     16, "%s", out);
	read_file(path, prom, sizeof(prom));
	lacks("lockedout-nuc");
	has("/<hostname-1>.json\"} 1");
	line("tpmdiag_finding{id=\"tpm2-da-lockout\",severity=\"error\",group=\"lockout\","
	     "chip=\"tpm0\"} 1");
	cr_expect_eq(promtool(), 0, "%s", out);
	cr_expect_eq(
	    run_tpmdiag(out, sizeof(out),
			"analyze %s/lockedout-nuc.json --format prometheus --no-redact -o %s", tmp,
			path),
	    16, "%s", out);
	read_file(path, prom, sizeof(prom));
	has("/lockedout-nuc.json\"} 1");
}

/* Backslash, double quote and line feed in a label value, escaped as the format says. */
Test(prometheus, label_values_are_escaped)
{
	const char *const dev[] = {"tpm0"};
	struct findings fi = {0};
	struct facts *fs = NULL;
	struct report r = {.fi = &fi, .source = "a\\b"};
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	cr_assert_eq(facts_new(&fs), 0);
	cr_assert_eq(facts_set_list(fs, "tpm.devices", dev, 1, NULL), 0);
	cr_assert_eq(facts_set_str(fs, "tpm0.chip.family", "2.0", NULL), 0);
	cr_assert_eq(facts_set_str(fs, "tpm0.chip.manufacturer", "X\"Y\nZ\\", NULL), 0);
	cr_assert_eq(facts_set_str(fs, "tpm0.chip.firmware",
				   "\xff"
				   "1.0",
				   NULL),
		     0);
	r.fs = fs;
	f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	cr_assert_eq(report_prometheus(f, &r), 0);
	fclose(f);
	snprintf(prom, sizeof(prom), "%s", buf);
	free(buf);
	facts_free(fs);
	line("tpmdiag_tpm_info{chip=\"tpm0\",family=\"2.0\",manufacturer=\"X\\\"Y\\nZ\\\\\","
	     "firmware=\"?1.0\"} 1");
	line("tpmdiag_run_info{version=\"" TPMDIAG_VERSION "\",source=\"a\\\\b\"} 1");
	/* the start is not known: no duration sample, the family still described */
	lacks("\ntpmdiag_last_run_duration_seconds ");
	has("# TYPE tpmdiag_last_run_duration_seconds gauge\n");
}

/* The names in dir other than keep: what a run left behind. */
static int others_in(const char *dir, const char *keep1, const char *keep2)
{
	struct dirent *d;
	DIR *dh = opendir(dir);
	int n = 0;

	cr_assert_not_null(dh);
	while ((d = readdir(dh)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") && strcmp(d->d_name, keep1) &&
		    strcmp(d->d_name, keep2)) {
			cr_log_error("left in %s: %s", dir, d->d_name);
			n++;
		}
	closedir(dh);
	return n;
}

Test(prometheus, output_replaces_the_file_whole_and_leaves_no_temporary)
{
	struct stat before, after;
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fputs("old\n", f);
	fclose(f);
	cr_assert_eq(chmod(path, 0600), 0);
	cr_assert_eq(stat(path, &before), 0);
	cr_expect_eq(check_named("tpm20-da-lockout"), 16, "%s", out);
	cr_assert_eq(stat(path, &after), 0);
	cr_expect_neq(before.st_ino, after.st_ino, "not a new file renamed over the old one");
	cr_expect_eq(after.st_mode & 07777, 0644, "mode %o", after.st_mode & 07777);
	cr_expect(!strncmp(prom, "# HELP tpmdiag_run_info ", 24), "%s", prom);
	line("tpmdiag_pcr_replay_match{chip=\"tpm0\",bank=\"sha512\"} 1"); /* the last sample */
	lacks("old\n");
	cr_expect_eq(others_in(tmp, "tpmdiag.prom", "promtool.log"), 0);
	cr_expect_eq(out[0], '\0', "the report went to standard output too: %s", out);
}

Test(prometheus, a_run_that_writes_no_report_leaves_the_file_as_it_was)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	fputs("old\n", f);
	fclose(f);
	cr_expect_eq(
	    run_tpmdiag(out, sizeof(out),
			"check --root fixtures/no-tpm/root --format prometheus -o %s stray", path),
	    1, "%s", out);
	read_file(path, prom, sizeof(prom));
	cr_expect_str_eq(prom, "old\n");
	cr_expect_eq(others_in(tmp, "tpmdiag.prom", ""), 0);
}

Test(prometheus, a_missing_directory_is_refused_and_nothing_is_written)
{
	char dir[300];
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/nodir", tmp);
	cr_expect_eq(
	    run_tpmdiag(out, sizeof(out),
			"check --root fixtures/no-tpm/root --format prometheus -o %s/x.prom", dir),
	    1, "%s", out);
	cr_expect(strstr(out, "tpmdiag check: cannot write ") &&
		      strstr(out, "nodir/x.prom: No such file or directory"),
		  "%s", out);
	cr_expect_neq(stat(dir, &st), 0, "%s was made", dir);
	cr_expect_eq(others_in(tmp, "", ""), 0);
	cr_expect_eq(run_tpmdiag(out, sizeof(out),
				 "collect --root fixtures/no-tpm/root --no-device -o %s/b.json",
				 dir),
		     1, "%s", out);
	cr_expect(strstr(out, "tpmdiag collect: cannot write "), "%s", out);
	cr_expect_eq(others_in(tmp, "", ""), 0);
}

/* collect -o goes through the same writer: mode 0644, nothing else left. */
Test(prometheus, collect_output_is_atomic_too)
{
	char b[300];
	struct stat st;

	snprintf(b, sizeof(b), "%s/m.json", tmp);
	cr_expect_eq(
	    run_tpmdiag(out, sizeof(out),
			"collect --root fixtures/no-tpm/root --kmsg fixtures/no-tpm/kmsg.log "
			"--no-device -o %s",
			b),
	    0, "%s", out);
	cr_assert_eq(stat(b, &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0644, "mode %o", st.st_mode & 07777);
	cr_expect_eq(others_in(tmp, "m.json", ""), 0);
	read_file(b, prom, sizeof(prom));
	cr_expect(strstr(prom, "\"tpmdiag-bundle/1\""), "%s", prom);
	cr_expect_eq(prom[strlen(prom) - 1], '\n', "the bundle is cut short");
}

/* A fleet's samples would collide (no instance label): refused, with what to do instead. */
Test(prometheus, a_directory_of_bundles_is_refused)
{
	cr_expect_eq(
	    run_tpmdiag(out, sizeof(out), "analyze %s --format prometheus -o %s", tmp, path), 1,
	    "%s", out);
	cr_expect(strstr(out, "tpmdiag analyze: --format prometheus describes one machine; "
			      "analyze each bundle of "),
		  "%s", out);
	cr_expect_eq(others_in(tmp, "", ""), 0);
}
