// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A bundle carries the raw event log (probes/offline/bundle_format.h), so
 * `eventlog` and `diff` read a bundle as they read the machine. On a copy of
 * a captured guest (fixtures/qemu-swtpm20-tis) whose log is replaced by
 * captured OVMF logs (fixtures/eventlog): the bundle's log lists and
 * replays as the file does; redacted, the GPT and partition GUIDs are gone
 * and the PCRs it replays to are the same; `diff` of two bundles says what
 * `diff` of the two logs says.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/swtpm_proc.h"

#define OUT_MAX 262144
#define FIX	"fixtures/qemu-swtpm20-tis"
#define EVL	"fixtures/eventlog"
#define LOG	"sys/kernel/security/tpm0/binary_bios_measurements"
/* In ovmf-tpm20-sb-off-k1-esp: the GPT disk and the ESP partition. */
#define DISK_GUID "6a1f5b2e-0c1d-4e8a-9b3c-5d7e8f901234"
#define PART_GUID "0e5a3c1d-7b2f-4e61-8a9d-1c2b3a4d5e6f"

static char tmp[256], out[OUT_MAX], want[OUT_MAX];

static void teardown(void)
{
	if (tmp[0])
		test_rmtree(tmp);
	tmp[0] = '\0';
}

TestSuite(bundle_eventlog, .fini = teardown, .timeout = 120);

/* tmp/NAME.json: collect of the guest with fixture LOGDIR's log as its own. */
static void collect_with(const char *name, const char *logdir, const char *flags)
{
	char cmd[2048];

	if (!tmp[0])
		cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	snprintf(cmd, sizeof(cmd),
		 "rm -rf '%s/root' && cp -a " FIX "/root '%s/root' && cp " EVL
		 "/%s/binary_bios_measurements '%s/root/" LOG "'",
		 tmp, tmp, logdir, tmp);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "collect --root %s/root --kmsg " FIX "/kmsg.log --no-device %s -o "
				 "%s/%s.json",
				 tmp, flags, tmp, name),
		     0, "%s", out);
}

/* out, from its first line that starts with prefix (the part that names no file). */
static const char *from(const char *s, const char *prefix)
{
	const char *p = strstr(s, prefix);

	cr_assert(p, "no '%s' in:\n%s", prefix, s);
	return p;
}

Test(bundle_eventlog, a_bundle_lists_and_replays_as_its_log)
{
	collect_with("b", "ovmf-tpm20-sb-off-k1", "--no-redact");
	cr_assert_eq(run_tpmdiag(want, sizeof(want),
				 "eventlog " EVL "/ovmf-tpm20-sb-off-k1/binary_bios_measurements"),
		     0, "%s", want);
	cr_assert_eq(run_tpmdiag(out, sizeof(out), "eventlog %s/b.json", tmp), 0, "%s", out);
	cr_assert_str_eq(from(out, "\n"), from(want, "\n"));
	cr_expect(strstr(out, "b.json"), "the listing does not name the bundle:\n%s", out);
}

Test(bundle_eventlog, redacted_the_guids_are_gone_and_the_pcrs_stay)
{
	collect_with("raw", "ovmf-tpm20-sb-off-k1-esp", "--no-redact");
	collect_with("red", "ovmf-tpm20-sb-off-k1-esp", "");
	cr_assert_eq(run_tpmdiag(want, sizeof(want), "eventlog --format json %s/raw.json", tmp), 0);
	cr_assert(strstr(want, DISK_GUID) && strstr(want, PART_GUID),
		  "the unredacted listing lacks the GUIDs:\n%s", want);
	cr_assert_eq(run_tpmdiag(out, sizeof(out), "eventlog --format json %s/red.json", tmp), 0);
	cr_expect(!strstr(out, DISK_GUID) && !strstr(out, PART_GUID),
		  "the redacted listing still has a GUID:\n%s", out);
	/* the PCRs it replays to: the same text from "pcrs" on */
	cr_assert_str_eq(from(out, "\n  \"pcrs\""), from(want, "\n  \"pcrs\""));
	/*
	 * The bundle says what was taken out: the disk GUID and the partition's
	 * in the GPT event, the partition's again in the boot application's path.
	 */
	{
		char path[512];
		FILE *f;
		size_t n;

		snprintf(path, sizeof(path), "%s/red.json", tmp);
		f = fopen(path, "r");
		cr_assert(f);
		n = fread(out, 1, sizeof(out) - 1, f);
		fclose(f);
		out[n] = '\0';
		cr_expect(strstr(out, "event-log identifiers (3)\""), "no summary in the bundle");
		cr_expect(strstr(out, "\"redacted\":3,"), "the log's entry lacks its count");
		cr_expect(!strstr(out, "6a1f5b2e0c1d") && !strstr(out, "2e5b1f6a1d0c"),
			  "the disk GUID is still in the bundle's bytes");
	}
}

Test(bundle_eventlog, diff_of_two_bundles_is_diff_of_their_logs)
{
	collect_with("k1", "ovmf-tpm20-sb-off-k1", "");
	collect_with("k2", "ovmf-tpm20-sb-off-k2", "");
	cr_assert_eq(run_tpmdiag(want, sizeof(want),
				 "diff " EVL "/ovmf-tpm20-sb-off-k1/binary_bios_measurements " EVL
				 "/ovmf-tpm20-sb-off-k2/binary_bios_measurements"),
		     0, "%s", want);
	cr_assert_eq(run_tpmdiag(out, sizeof(out), "diff %s/k1.json %s/k2.json", tmp, tmp), 0, "%s",
		     out);
	cr_assert_str_eq(from(out, "  bank compared"), from(want, "  bank compared"));
	cr_expect(strstr(out, "PCR 4 changed"), "%s", out);
}

Test(bundle_eventlog, a_bundle_without_a_log_says_so)
{
	char cmd[1024];

	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	snprintf(cmd, sizeof(cmd), "cp -a " FIX "/root '%s/root' && rm '%s/root/" LOG "'", tmp,
		 tmp);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "collect --root %s/root --kmsg " FIX "/kmsg.log --no-device -o "
				 "%s/n.json",
				 tmp, tmp),
		     0, "%s", out);
	cr_assert_neq(run_tpmdiag(out, sizeof(out), "eventlog %s/n.json", tmp), 0);
	cr_expect(strstr(out, "is a bundle without an event log"), "%s", out);
}
