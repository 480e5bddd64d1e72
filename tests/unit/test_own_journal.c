// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The journal of tpmdiag own: the parser on what the writer writes and on
 * broken files, the writer's start / resume / restart decisions and its
 * file modes, device names, and the probe that turns journals into facts
 * for `check`.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag/facts/facts.h"
#include "diag/own/own_journal.h"
#include "probes/probe.h"
#include "probes/os/rootfs.h"
#include "tests/unit/scratch.h"
#include "tests/unit/want_facts.h"

#define T0 "2026-11-26T18:40:12Z"

static struct own_journal_info *parse_ok(const char *text)
{
	struct own_journal_info *j = calloc(1, sizeof(*j));
	char err[256] = "";

	cr_assert(j);
	cr_assert_eq(own_journal_parse(text, strlen(text), j, err, sizeof(err)), 0, "%s", err);
	return j;
}

static void parse_bad(const char *text, size_t len, const char *why)
{
	struct own_journal_info j;
	char err[256] = "";

	if (len == 0)
		len = strlen(text); /* 0: the text has no NUL of its own */
	cr_assert_eq(own_journal_parse(text, len, &j, err, sizeof(err)), -EBADMSG, "%s", text);
	cr_expect_str_eq(err, why);
	cr_expect_str_empty(j.device);
}

Test(own_journal, parse_a_resumed_flow)
{
	struct own_journal_info *j =
	    parse_ok("tpmdiag-own-journal 1\n"
		     "# a comment\n" T0 " start /dev/tpm0 1.2\n" T0 " step startup sent\n" T0
		     " step startup ok\n" T0 " step takeownership sent\n"
		     "2026-11-26T18:41:00Z stop TPM error: TPM_TakeOwnership failed: x\n"
		     "2026-11-26T18:42:00Z resume\n"
		     "2026-11-26T18:42:01Z step createprimary ok handle=0x80000000\n"
		     "2026-11-26T18:42:02Z step halfwritten");

	cr_expect_str_eq(j->device, "/dev/tpm0");
	cr_expect_str_eq(j->family, "1.2");
	cr_expect_str_eq(j->started, T0);
	cr_expect_str_eq(j->updated, "2026-11-26T18:42:01Z", "the cut last line is ignored");
	cr_expect_eq(j->runs, 2);
	cr_expect_not(j->finished);
	cr_expect_str_eq(j->last, "createprimary ok");
	cr_expect_str_empty(j->stop, "a step after the stop clears it");
	cr_expect(own_journal_has(j, "takeownership", "sent"));
	cr_expect_not(own_journal_has(j, "takeownership", "ok"));
	cr_expect(own_journal_has(j, "startup", "ok"));
	cr_expect(own_journal_has(j, "startup", "sent"), "ok counts as sent");
	cr_expect_not(own_journal_has(j, "evictcontrol", "sent"));
	cr_expect_str_eq(own_journal_find(j, "createprimary")->detail, "handle=0x80000000");
	free(j);
}

Test(own_journal, a_stop_and_a_finish)
{
	struct own_journal_info *j;

	j = parse_ok("tpmdiag-own-journal 1\n" T0 " start swtpm:tcp:127.0.0.1:2321 2.0\n" T0
		     " stop reboot needed: reboot, then run tpmdiag own again\n");
	cr_expect_str_eq(j->stop, "reboot needed: reboot, then run tpmdiag own again");
	cr_expect_str_empty(j->last);
	free(j);
	j = parse_ok("tpmdiag-own-journal 1\n" T0 " start /dev/tpm0 2.0\n" T0 " stop x: y\n" T0
		     " finish owned\n");
	cr_expect(j->finished);
	cr_expect_str_empty(j->stop);
	free(j);
	/* a start after a finish begins a new flow */
	j = parse_ok("tpmdiag-own-journal 1\n" T0 " start /dev/tpm0 2.0\n" T0 " step a ok\n" T0
		     " finish owned\n" T0 " start /dev/tpm1 1.2\n");
	cr_expect_not(j->finished);
	cr_expect_str_eq(j->device, "/dev/tpm1");
	cr_expect_eq(j->n_steps, 0);
	free(j);
}

Test(own_journal, broken_files_say_why)
{
	char big[OWN_JOURNAL_LINE + 64];

	parse_bad("", 0, "the journal is empty");
	parse_bad("hello\n", 0,
		  "not a tpmdiag own journal (the first line is not \"tpmdiag-own-journal 1\")");
	parse_bad("tpmdiag-own-journal 1\n" T0 " step a ok\n", 0,
		  "line 2: a record before the start record");
	parse_bad("tpmdiag-own-journal 1\nyesterday start /dev/tpm0 1.2\n", 0,
		  "line 2 does not begin with a UTC time");
	parse_bad("tpmdiag-own-journal 1\n" T0 " start /dev/tpm0\n", 0,
		  "line 2: a start record needs a device and a family");
	parse_bad("tpmdiag-own-journal 1\n" T0 " start /dev/tpm0 1.2\n" T0 " step a maybe\n", 0,
		  "line 3: a step record needs a name and sent, ok or failed");
	parse_bad("tpmdiag-own-journal 1\n" T0 " start /dev/tpm0 1.2\n" T0 " reboot\n", 0,
		  "line 3: an unknown record");
	parse_bad("tpmdiag-own-journal 1\n" T0 " start /dev/t\0pm0 1.2\n", 64,
		  "line 2 holds a NUL byte");
	char *huge = calloc(1, OWN_JOURNAL_MAX + 1);

	memset(big, 'x', sizeof(big));
	memcpy(big, "tpmdiag-own-journal 1\n", 22);
	big[sizeof(big) - 1] = '\n';
	parse_bad(big, sizeof(big), "line 2 is longer than 1024 bytes");
	cr_assert(huge);
	parse_bad(huge, OWN_JOURNAL_MAX + 1, "the journal is larger than 65536 bytes");
	free(huge);
}

Test(own_journal, names_of_devices)
{
	char n[64];
	unsigned chip = 99;

	cr_assert_eq(own_journal_name("/dev/tpm0", n, sizeof(n)), 0);
	cr_expect_str_eq(n, "tpm0");
	cr_assert_eq(own_journal_name("dev:/dev/tpmrm3", n, sizeof(n)), 0);
	cr_expect_str_eq(n, "tpm3", "tpmrm3 is the same chip as tpm3");
	cr_assert_eq(own_journal_name("swtpm:tcp:127.0.0.1:2321", n, sizeof(n)), 0);
	cr_expect_str_eq(n, "swtpm-tcp-127.0.0.1-2321");
	cr_assert_eq(own_journal_name("swtpm:unix:/run/x/swtpm.sock", n, sizeof(n)), 0);
	cr_expect_str_eq(n, "swtpm-unix--run-x-swtpm.sock");
	cr_expect_eq(own_journal_name("spawn:2.0", n, sizeof(n)), -ENOTSUP);
	cr_expect_eq(own_journal_name("replay:/tmp/t", n, sizeof(n)), -ENOTSUP);
	cr_expect_eq(own_journal_name("swtpm:tcp:127.0.0.1:2321", n, 8), -EINVAL);
	cr_expect_eq(own_journal_chip("/dev/tpmrm12", &chip), 0);
	cr_expect_eq(chip, 12);
	cr_expect_eq(own_journal_chip("/dev/tpm", &chip), -ENOENT);
	cr_expect_eq(own_journal_chip("/dev/tpm0x", &chip), -ENOENT);
}

static char *read_all(const char *path)
{
	static const size_t cap = OWN_JOURNAL_MAX + 1;
	char *b = calloc(1, cap + 1);
	FILE *f = fopen(path, "r");

	cr_assert(b && f, "%s", path);
	b[fread(b, 1, cap, f)] = '\0';
	fclose(f);
	return b;
}

Test(own_journal, write_then_resume_then_restart)
{
	struct own_journal_info *prev = calloc(1, sizeof(*prev)), *j;
	struct own_journal *w = NULL;
	struct scratch s;
	char dir[300], err[512], *text;
	struct stat st;

	cr_assert(prev);
	scratch_setup(&s, "journal");
	scratch_path(&s, dir, sizeof(dir), "state");
	cr_assert_eq(own_journal_open(dir, "/dev/tpm0", "2.0", &w, prev, err, sizeof(err)), 0, "%s",
		     err);
	cr_expect_str_empty(prev->device, "no journal before");
	cr_expect_str_eq(own_journal_path(w), strcat(strcpy(err, dir), "/own-tpm0.journal"));
	cr_assert_eq(stat(dir, &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0700);
	cr_assert_eq(stat(own_journal_path(w), &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0600);
	cr_expect_eq(own_journal_step(w, "changeauth-owner", "sent", NULL), 0);
	cr_expect_eq(own_journal_step(w, "changeauth-owner", "ok", NULL), 0);
	cr_expect_eq(own_journal_stop(w, "stopped", "line one\nline two\t!"), 0);
	own_journal_close(w);

	/* a rerun on the same device and family continues */
	cr_assert_eq(own_journal_open(dir, "dev:/dev/tpmrm0", "2.0", &w, prev, err, sizeof(err)),
		     0);
	cr_expect_str_eq(prev->device, "/dev/tpm0", "/dev/tpmrm0 is the same chip");
	cr_expect_str_eq(prev->stop, "stopped: line one line two !", "control characters go");
	cr_expect(own_journal_has(prev, "changeauth-owner", "ok"));
	own_journal_close(w);
	cr_assert_eq(own_journal_open(dir, "/dev/tpm0", "2.0", &w, prev, err, sizeof(err)), 0);
	cr_expect_str_eq(prev->device, "/dev/tpm0");
	cr_expect_str_eq(prev->stop, "stopped: line one line two !", "control characters go");
	cr_expect(own_journal_has(prev, "changeauth-owner", "ok"));
	cr_expect_eq(own_journal_finish(w), 0);
	own_journal_close(w);
	snprintf(err, sizeof(err), "%s/own-tpm0.journal", dir);
	text = read_all(err);
	j = calloc(1, sizeof(*j));
	cr_assert_eq(own_journal_parse(text, strlen(text), j, err, sizeof(err)), 0, "%s", err);
	cr_expect(j->finished);
	cr_expect_eq(j->runs, 3, "start and two resumes");
	cr_expect(strstr(text, " resume\n"));
	free(text);

	/* after a finish, a run starts the file again (and still says what was) */
	cr_assert_eq(own_journal_open(dir, "/dev/tpm0", "2.0", &w, prev, err, sizeof(err)), 0);
	cr_expect(prev->finished);
	own_journal_close(w);
	snprintf(err, sizeof(err), "%s/own-tpm0.journal", dir);
	text = read_all(err);
	cr_expect_null(strstr(text, "changeauth-owner"), "%s", text);
	cr_expect_null(strstr(text, "resume"), "%s", text);
	free(text);
	free(j);
	free(prev);
	scratch_teardown(&s);
}

Test(own_journal, a_full_journal_is_compacted_on_resume)
{
	struct own_journal_info *prev = calloc(1, sizeof(*prev));
	struct own_journal *w = NULL;
	struct scratch s;
	char dir[300], err[512], path[400], *text;
	struct stat st;
	int i;

	scratch_setup(&s, "journal-full");
	scratch_path(&s, dir, sizeof(dir), "state");
	for (i = 0; i < 200; i++) {
		cr_assert_eq(own_journal_open(dir, "/dev/tpm0", "1.2", &w, prev, err, sizeof(err)),
			     0, "%s", err);
		own_journal_step(w, "physical-enable", "sent", NULL);
		own_journal_stop(
		    w, "reboot needed",
		    "the TPM is now enabled and activated, which takes effect at the "
		    "next boot: reboot (a full power cycle), then run tpmdiag own again");
		own_journal_close(w);
	}
	snprintf(path, sizeof(path), "%s/own-tpm0.journal", dir);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_leq(st.st_size, OWN_JOURNAL_MAX);
	text = read_all(path);
	cr_assert_eq(own_journal_parse(text, strlen(text), prev, err, sizeof(err)), 0, "%s", err);
	cr_expect(own_journal_has(prev, "physical-enable", "sent"), "the steps survive compaction");
	free(text);
	free(prev);
	scratch_teardown(&s);
}

static struct facts *probe_root(struct scratch *s, const char *state_dir, const char *device)
{
	struct rootfs r = {.fd = -1};
	struct facts *fs = NULL;
	struct probe_ctx c = {0};

	cr_assert_eq(rootfs_open(s->root, &r), 0);
	cr_assert_eq(facts_new(&fs), 0);
	c.root = &r;
	c.facts = fs;
	c.state_dir = state_dir;
	c.device = device;
	cr_assert_eq(probe_own_journal(&c), 0);
	rootfs_close(&r);
	return fs;
}

static const char interrupted[] =
    "tpmdiag-own-journal 1\n" T0 " start /dev/tpmrm0 2.0\n" T0 " step changeauth-owner sent\n";

static const char swtpm9[] =
    "tpmdiag-own-journal 1\n" T0 " start swtpm:tcp:127.0.0.1:9 1.2\n" T0 " step startup ok\n" T0
    " stop reboot needed: reboot, then run tpmdiag own again\n";

Test(own_journal, probe_reads_the_roots_state_directory)
{
	struct scratch s;
	struct facts *fs;

	scratch_setup(&s, "journal-probe");
	scratch_write(&s, "var/lib/tpmdiag/own-tpm0.journal", interrupted, sizeof(interrupted) - 1);
	scratch_write(&s, "var/lib/tpmdiag/own-tpm1.journal", "garbage\n", 8);
	scratch_write(&s, "var/lib/tpmdiag/own-swtpm-tcp-127.0.0.1-9.journal", interrupted,
		      sizeof(interrupted) - 1);
	scratch_write(&s, "var/lib/tpmdiag/notes.txt", "x", 1);
	fs = probe_root(&s, NULL, NULL);
	want_str(fs, "tpm0.own.journal", "in-progress");
	want_str(fs, "tpm0.own.device", "/dev/tpmrm0");
	want_str(fs, "tpm0.own.family", "2.0");
	want_str(fs, "tpm0.own.step", "changeauth-owner sent");
	want_str(fs, "tpm0.own.started", T0);
	want_int(fs, "tpm0.own.runs", 1);
	want_file_src(fs, "tpm0.own.journal", "/var/lib/tpmdiag/own-tpm0.journal");
	cr_expect_null(facts_get(fs, "tpm0.own.stopped"));
	want_unreadable(fs, "tpm1.own.journal", FACT_MALFORMED,
			"the journal does not parse: not a tpmdiag own journal (the first line is "
			"not \"tpmdiag-own-journal 1\")");
	cr_expect_null(facts_get(fs, "tpm1.own.device"));
	{
		const struct fact *f = want_fact(fs, "own.journals", FACT_LIST);

		cr_assert_eq(f->n_items, 3, "the swtpm's journal is listed, not read");
		cr_expect_str_eq(f->items[0], "own-swtpm-tcp-127.0.0.1-9.journal");
	}
	facts_free(fs);
	/* with --device, only its journal counts, as tpm0's (where the device probe files it) */
	scratch_write(&s, "var/lib/tpmdiag/own-swtpm-tcp-127.0.0.1-9.journal", swtpm9,
		      sizeof(swtpm9) - 1);
	fs = probe_root(&s, NULL, "swtpm:tcp:127.0.0.1:9");
	want_str(fs, "tpm0.own.device", "swtpm:tcp:127.0.0.1:9");
	want_str(fs, "tpm0.own.stopped", "reboot needed: reboot, then run tpmdiag own again");
	cr_expect_null(facts_get(fs, "tpm1.own.journal"));
	facts_free(fs);
	scratch_teardown(&s);
}

Test(own_journal, probe_without_a_state_directory)
{
	struct scratch s;
	struct facts *fs;
	char dir[300];

	scratch_setup(&s, "journal-none");
	fs = probe_root(&s, NULL, NULL);
	want_unreadable(fs, "own.journals", FACT_ABSENT,
			"cannot read the state directory: No such file or directory");
	facts_free(fs);
	scratch_path(&s, dir, sizeof(dir), "elsewhere");
	scratch_write(&s, "elsewhere/own-tpm2.journal", interrupted, sizeof(interrupted) - 1);
	fs = probe_root(&s, dir, NULL);
	want_str(fs, "tpm2.own.journal", "in-progress");
	facts_free(fs);
	scratch_teardown(&s);
}
