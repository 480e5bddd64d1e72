// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pcrs probe (probes/pcrs.c) and its parsers, on machine trees shaped
 * like a real kernel's (tests/unit/tpm_trees.h) with the values of a real
 * boot: fixtures/eventlog/ovmf-tpm20-sb-off-k1/pcrs.txt (sha256 PCR 0 and
 * sha1 PCR 7, upper case as the kernel prints them).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <time.h>

#include "probes/parse/sysfs_text.h"
#include "tests/unit/tpm_trees.h"

#define SHA256_0 "3D897A7C534D643C645FDA0D1B4BAE039A712E1CCEF23FE3998CF611B3077451"
#define SHA1_7	 "518BD167271FBB64589C61E43D8C0165861431D8"

static struct tree t;

static void pcrs_teardown(void)
{
	tree_free(&t);
}

TestSuite(pcrs, .fini = pcrs_teardown, .timeout = 30);

/* Every pcr-BANK/I of $T holds the bank's zero digest; then the given ones. */
#define PCR_FILES                                                                                  \
	"i=0; while [ $i -lt 24 ]; do "                                                            \
	"printf '%040d\\n' 0 > $T/pcr-sha1/$i; printf '%064d\\n' 0 > $T/pcr-sha256/$i; "           \
	"i=$((i+1)); done; "

static void run_pcrs(const char *script, unsigned timeout_ms)
{
	tree_new(&t, script);
	t.c.timeout_ms = timeout_ms;
	cr_assert_eq(probe_sysfs(&t.c), 0);
	cr_assert_eq(probe_pcrs(&t.c), 0);
}

Test(pcrs, tpm20_banks_lower_case_with_their_files)
{
	run_pcrs(TREE_T2_CRB PCR_FILES "echo " SHA256_0 " > $T/pcr-sha256/0; echo " SHA1_7
				       " > $T/pcr-sha1/7; ",
		 0);
	tree_str(&t, "tpm0.pcr.source", "pcr-<bank>/");
	tree_str(&t, "tpm0.pcr.sha256.0",
		 "3d897a7c534d643c645fda0d1b4bae039a712e1ccef23fe3998cf611b3077451");
	tree_src_path(&t, "tpm0.pcr.sha256.0", "/sys/class/tpm/tpm0/pcr-sha256/0");
	tree_str(&t, "tpm0.pcr.sha1.7", "518bd167271fbb64589c61e43d8c0165861431d8");
	tree_str(&t, "tpm0.pcr.sha1.23", "0000000000000000000000000000000000000000");
	cr_expect_null(facts_get(t.fs, "tpm0.pcr.sha1.24"));
	cr_expect_null(facts_get(t.fs, "tpm0.pcr.sha384.0")); /* the chip has no such bank */
}

Test(pcrs, tpm12_before_5_12_from_the_pcrs_file)
{
	run_pcrs(TREE_T12_OLD, 0);
	tree_str(&t, "tpm0.pcr.source", "the pcrs file");
	tree_str(&t, "tpm0.pcr.sha1.0", "3a3f780f11a4b49969fcaa80cd6e3957c33b2275");
	tree_str(&t, "tpm0.pcr.sha1.23", "3a3f780f11a4b49969fcaa80cd6e3957c33b2275");
	tree_src_path(&t, "tpm0.pcr.sha1.5", "/sys/class/tpm/tpm0/device/pcrs");
}

Test(pcrs, no_bank_directory_and_no_pcrs_file)
{
	run_pcrs(TREE_T2_CRB "rm -r $T/pcr-sha1 $T/pcr-sha256; ", 0);
	tree_unreadable(&t, "tpm0.pcr.source", FACT_ABSENT,
			"the kernel lists no pcr-<bank>/ directory (kernels since 5.12 do) and no "
			"TPM 1.2 pcrs file");
	cr_expect_null(facts_get(t.fs, "tpm0.pcr.sha1.0"));
}

Test(pcrs, empty_and_malformed_values)
{
	run_pcrs(TREE_T2_CRB PCR_FILES ": > $T/pcr-sha1/0; echo XYZ > $T/pcr-sha1/1; "
				       "echo ABC > $T/pcr-sha1/2; ",
		 0);
	tree_unreadable(&t, "tpm0.pcr.sha1.0", FACT_FAILED,
			"the file is empty: the kernel could not get an answer from the chip");
	tree_unreadable(&t, "tpm0.pcr.sha1.1", FACT_MALFORMED,
			"/sys/class/tpm/tpm0/pcr-sha1/1 is not what the kernel writes (hex "
			"digits)");
	tree_unreadable(&t, "tpm0.pcr.sha1.2", FACT_MALFORMED, NULL); /* odd digit count */
	tree_str(&t, "tpm0.pcr.sha1.3", "0000000000000000000000000000000000000000");
}

/* A read that never finishes (a FIFO nobody writes): the probe waits --timeout, not more. */
Test(pcrs, a_hung_read_costs_the_timeout_once)
{
	struct timespec a, b;
	double secs;

	tree_new(&t, TREE_T2_CRB PCR_FILES "rm $T/pcr-sha256/3; mkfifo $T/pcr-sha256/3; ");
	t.c.timeout_ms = 300;
	cr_assert_eq(probe_sysfs(&t.c), 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	cr_assert_eq(probe_pcrs(&t.c), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	cr_expect(secs < 1.5, "the probe took %.2f s", secs);
	/* The banks are read in order: sha1 before sha256. */
	tree_str(&t, "tpm0.pcr.sha1.23", "0000000000000000000000000000000000000000");
	tree_str(&t, "tpm0.pcr.sha256.2",
		 "0000000000000000000000000000000000000000000000000000000000000000");
	tree_unreadable(&t, "tpm0.pcr.sha256.3", FACT_FAILED,
			"reading /sys/class/tpm/tpm0/pcr-sha256/3 did not finish within 0.3 s: "
			"the kernel is waiting for the chip");
	tree_unreadable(&t, "tpm0.pcr.sha256.23", FACT_FAILED, NULL);
}

Test(pcrs, not_asked_after_a_sysfs_read_hung)
{
	tree_new(&t, TREE_T12_PNP "rm $T/caps; mkfifo $T/caps; rm -r $T/pcr-sha1; ");
	t.c.timeout_ms = 300;
	cr_assert_eq(probe_sysfs(&t.c), 0);
	cr_assert_eq(probe_pcrs(&t.c), 0);
	tree_unreadable(&t, "tpm0.pcr.source", FACT_FAILED,
			"not read: the read of tpm0.caps did not finish in time, so the chip is "
			"not asked again");
	cr_expect_null(facts_get(t.fs, "tpm0.pcr.sha1.0"));
}

Test(pcrs_text, digest)
{
	uint8_t v[64];
	size_t n = 99;

	cr_expect_eq(sysfs_parse_pcr_digest(SHA1_7 "\n", v, sizeof(v), &n), 0);
	cr_expect_eq(n, 20);
	cr_expect_eq(v[0], 0x51);
	cr_expect_eq(v[19], 0xd8);
	cr_expect_eq(sysfs_parse_pcr_digest("ab", v, sizeof(v), &n), 0); /* lower, no newline */
	cr_expect_eq(n, 1);
	cr_expect_eq(sysfs_parse_pcr_digest("", v, sizeof(v), &n), -ENODATA);
	cr_expect_eq(sysfs_parse_pcr_digest("\n", v, sizeof(v), &n), -ENODATA);
	cr_expect_eq(sysfs_parse_pcr_digest("ABC\n", v, sizeof(v), &n), -EBADMSG);
	cr_expect_eq(sysfs_parse_pcr_digest("AB\n\n", v, sizeof(v), &n), -EBADMSG);
	cr_expect_eq(sysfs_parse_pcr_digest("0x00", v, sizeof(v), &n), -EBADMSG);
	cr_expect_eq(sysfs_parse_pcr_digest(SHA1_7, v, 19, &n), -EBADMSG); /* over cap */
}

Test(pcrs_text, values_of_the_pcrs_file)
{
	uint8_t vals[2][SYSFS_PCR12_SIZE];
	size_t count = 0, line = 0;

	cr_expect_eq(sysfs_parse_pcr_values("PCR-00: 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E "
					    "0F 10 11 12 13 \nPCR-01: FF FF FF FF FF FF FF FF FF "
					    "FF FF FF FF FF FF FF FF FF FF FE \nPCR-02: 00 00 00 "
					    "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n",
					    vals, 2, &count, &line),
		     0);
	cr_expect_eq(count, 3); /* all lines counted, the first max kept */
	cr_expect_eq(vals[0][10], 0x0a);
	cr_expect_eq(vals[0][19], 0x13);
	cr_expect_eq(vals[1][19], 0xfe);
}
