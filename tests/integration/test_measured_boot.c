// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the PCR values alone say (diag/rules/measured-boot.yaml), as `check`
 * prints it, on a copy of a captured machine (fixtures/qemu-swtpm20-tis: a
 * Debian guest's sysfs with its PCRs and its firmware event log). The
 * copies are changed by hand the way the faults look to the kernel: PCRs
 * 0-7 read as zero (a TPM reset after the firmware measured), no event log
 * (a firmware without measured boot), the SHA-256 bank gone (a firmware
 * that allocated SHA-1 alone).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/swtpm_proc.h"

#define OUT_MAX 262144
#define FIX	"fixtures/qemu-swtpm20-tis"
#define TPM0	"sys/devices/pci0000:00/0000:00:01.0/MSFT0101:00/tpm/tpm0"

static char tmp[256], out[OUT_MAX];

static void teardown(void)
{
	if (tmp[0])
		test_rmtree(tmp);
	tmp[0] = '\0';
}

TestSuite(measured_boot, .fini = teardown, .timeout = 60);

#define expect_has(s)	cr_expect(strstr(out, s), "output lacks '%s':\n%s", s, out)
#define expect_lacks(s) cr_expect(!strstr(out, s), "output has '%s':\n%s", s, out)

/* A copy of the fixture's root, then script run in it; check's exit status. */
static int check_changed(const char *script)
{
	char cmd[2048];

	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	snprintf(cmd, sizeof(cmd), "cp -a " FIX "/root '%s/root' && cd '%s/root' && { %s; }", tmp,
		 tmp, script);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	return run_tpmdiag(out, sizeof(out),
			   "check --root %s/root --kmsg " FIX "/kmsg.log --no-device", tmp);
}

Test(measured_boot, the_captured_machine_is_measured)
{
	check_changed(":");
	expect_lacks("pcr-sha1-bank-only");
	expect_lacks("pcrs-boot-not-measured");
}

Test(measured_boot, zero_pcrs_with_an_event_log_are_a_warning)
{
	int st = check_changed("for i in 0 1 2 3 4 5 6 7; do printf '%064d\\n' 0 > " TPM0
			       "/pcr-sha256/$i; done");

	cr_expect_eq(st & (8 | 16), 8, "exit %d:\n%s", st, out);
	expect_has("WARNING tpm0: PCRs 0-7 are all zero although the firmware kept a boot event "
		   "log");
	expect_has("[pcrs-boot-not-measured-despite-log]");
	expect_has("event log (3121 bytes at");
	expect_has("firmware.eventlog.size = 3121");
	expect_lacks("[pcrs-boot-not-measured]");
}

Test(measured_boot, zero_pcrs_and_no_event_log_are_a_note)
{
	int st = check_changed("for i in 0 1 2 3 4 5 6 7; do printf '%064d\\n' 0 > " TPM0
			       "/pcr-sha256/$i; done; rm -r sys/kernel/security/tpm0");

	cr_expect_eq(st & (8 | 16), 0, "exit %d:\n%s", st, out);
	expect_has("tpm0: nothing measured this boot: PCRs 0-7 are all zero and there is no event "
		   "log");
	expect_has("[pcrs-boot-not-measured]");
}

Test(measured_boot, one_bank_of_zeros_is_not_enough_when_sha256_is_measured)
{
	/* sha1 zeroed, sha256 as captured: the rule reads the SHA-256 bank */
	check_changed("for i in 0 1 2 3 4 5 6 7; do printf '%040d\\n' 0 > " TPM0
		      "/pcr-sha1/$i; done");
	expect_lacks("pcrs-boot-not-measured");
}

Test(measured_boot, sha1_bank_alone_is_a_warning)
{
	int st = check_changed("cd " TPM0 " && rm -r pcr-sha256 pcr-sha384 pcr-sha512");

	cr_expect_eq(st & 8, 8, "exit %d:\n%s", st, out);
	expect_has("WARNING tpm0 is a TPM 2.0 with only the SHA-1 PCR bank active");
	expect_has("[pcr-sha1-bank-only]");
}

Test(measured_boot, the_captured_log_replays_to_the_captured_pcrs)
{
	check_changed(":");
	expect_has("note    The firmware event log of tpm0 replays to the PCR values the TPM holds");
	expect_has("reports (sha1 0-7, sha256 0-7, sha384 0-7, sha512 0-7)");
	expect_lacks("eventlog-pcr-mismatch");
}

/* PCR 4 as if something extended it outside the log: the PCR, the bank, the last events. */
Test(measured_boot, a_changed_pcr_4_is_named_with_its_last_events)
{
	int st = check_changed("printf '%064d\\n' 4 > " TPM0 "/pcr-sha256/4");

	cr_expect_eq(st & (8 | 16), 8, "exit %d:\n%s", st, out);
	expect_has("WARNING tpm0: PCR values differ from the replay of the firmware event log: "
		   "sha256 PCR 4");
	expect_has("sha256 PCR 4: the TPM has 0000000000000000..., the log replays to");
	expect_has("1eb9aa21337cc1fa...; last extended by event 12 EV_SEPARATOR");
	expect_has("event 7 EV_ACTION: action \"Calling INT");
	expect_lacks("eventlog-replay-matches");
}

Test(measured_boot, a_log_cut_short_cannot_be_replayed)
{
	check_changed("f=sys/kernel/security/tpm0/binary_bios_measurements; "
		      "head -c 1000 $f > $f.cut && mv $f.cut $f");
	expect_has("WARNING The firmware event log of tpm0 cannot be read as an event log");
	expect_has("a record runs past the end");
}
