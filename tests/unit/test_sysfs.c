// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sysfs probe and its text parsers, on machine trees shaped like what
 * a real kernel shows (tests/unit/tpm_trees.h): TPM 2.0 on tpm_tis and
 * tpm_crb, TPM 1.2 on pnp with the legacy device/ links, a kernel before
 * 4.x with the attributes only in device/, a TPM 1.2 whose chip died
 * (empty values), malformed values, a cycle of symlinks, and an attribute
 * whose read never finishes (a FIFO nobody writes).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <time.h>

#include "probes/parse/sysfs_text.h"
#include "tests/unit/tpm_trees.h"

static struct tree t;

static void sysfs_teardown(void)
{
	tree_free(&t);
}

static void run_sysfs(const char *script)
{
	tree_new(&t, script);
	cr_assert_eq(probe_sysfs(&t.c), 0);
}

TestSuite(sysfs, .fini = sysfs_teardown);

Test(sysfs, tpm20_tis)
{
	run_sysfs(TREE_T2_TIS);
	tree_int(&t, "tpm0.version_major", 2);
	tree_str(&t, "tpm0.family", "2.0");
	tree_src_path(&t, "tpm0.family", "/sys/class/tpm/tpm0/tpm_version_major");
	tree_list(&t, "tpm0.pcr_banks", 4, "sha1", "sha256", "sha384", "sha512");
	tree_bool(&t, "tpm0.ppi", true);
	tree_str(&t, "tpm0.ppi.version", "1.3");
	/* TPM 2.0 has none of the 1.2 files, and the probe does not look for them. */
	cr_expect_null(facts_get(t.fs, "tpm0.caps"));
	cr_expect_null(facts_get(t.fs, "tpm0.enabled"));
	cr_expect_null(facts_get(t.fs, "tpm0.durations"));
}

Test(sysfs, tpm20_crb_before_5_5_family_from_tpmrm)
{
	run_sysfs(TREE_T2_CRB "rm $T/tpm_version_major; ");
	tree_unreadable(&t, "tpm0.version_major", FACT_ABSENT,
			"tpm_version_major is not there (kernels before 5.5 do not have it)");
	tree_str(&t, "tpm0.family", "2.0");
	cr_expect_eq(facts_get(t.fs, "tpm0.family")->src.kind, FACT_SRC_DERIVED);
	tree_list(&t, "tpm0.pcr_banks", 2, "sha1", "sha256");
	cr_expect_null(facts_get(t.fs, "tpm0.caps"));
}

Test(sysfs, tpm12_pnp)
{
	run_sysfs(TREE_T12_PNP);
	tree_int(&t, "tpm0.version_major", 1);
	tree_str(&t, "tpm0.family", "1.2");
	tree_str(&t, "tpm0.caps",
		 "Manufacturer: 0x49424d00\nTCG version: 1.2\nFirmware version: 18.158");
	tree_src_path(&t, "tpm0.caps", "/sys/class/tpm/tpm0/caps");
	tree_str(&t, "tpm0.manufacturer", "IBM");
	tree_str(&t, "tpm0.manufacturer_id", "0x49424d00");
	tree_str(&t, "tpm0.tcg_version", "1.2");
	tree_str(&t, "tpm0.firmware_version", "18.158");
	tree_bool(&t, "tpm0.enabled", true);
	tree_bool(&t, "tpm0.active", true);
	tree_bool(&t, "tpm0.owned", false);
	tree_bool(&t, "tpm0.temp_deactivated", false);
	tree_list(&t, "tpm0.durations", 3, "50000000", "100000000", "300000000");
	tree_bool(&t, "tpm0.durations.adjusted", false);
	tree_list(&t, "tpm0.timeouts", 4, "1000000", "1000000", "1000000", "1000000");
	tree_bool(&t, "tpm0.timeouts.adjusted", false);
	tree_int(&t, "tpm0.pcrs.count", 24);
	tree_bool(&t, "tpm0.pubek", true);
	tree_int(&t, "tpm0.pubek.modulus_length", 256);
	tree_list(&t, "tpm0.pcr_banks", 1, "sha1");
	tree_bool(&t, "tpm0.ppi", true);
	tree_str(&t, "tpm0.ppi.version", "1.3");
	cr_expect_null(facts_get(t.fs, "tpm0.cancel"));
}

Test(sysfs, tpm12_old_kernel_reads_device_dir)
{
	run_sysfs(TREE_T12_OLD);
	tree_unreadable(&t, "tpm0.version_major", FACT_ABSENT, NULL);
	tree_str(&t, "tpm0.family", "1.2");
	cr_expect_eq(facts_get(t.fs, "tpm0.family")->src.kind, FACT_SRC_DERIVED);
	tree_str(&t, "tpm0.manufacturer", "IBM");
	tree_src_path(&t, "tpm0.manufacturer", "/sys/class/tpm/tpm0/device/caps");
	tree_bool(&t, "tpm0.enabled", true);
	tree_src_path(&t, "tpm0.enabled", "/sys/class/tpm/tpm0/device/enabled");
	tree_int(&t, "tpm0.pcrs.count", 24);
	tree_list(&t, "tpm0.pcr_banks", 0);
	tree_bool(&t, "tpm0.ppi", false);
	cr_expect_null(facts_get(t.fs, "tpm0.ppi.version"));
}

Test(sysfs, tpm12_chip_died_values_empty)
{
	static const char *const keys[] = {"enabled", "active", "owned", "temp_deactivated"};
	char key[64], text[128];
	size_t i;

	run_sysfs(TREE_T12_DEAD);
	tree_str(&t, "tpm0.family", "1.2");
	tree_unreadable(&t, "tpm0.caps", FACT_MALFORMED,
			"caps is empty: the kernel could not get an answer from the chip");
	tree_unreadable(&t, "tpm0.manufacturer", FACT_MALFORMED,
			"caps is empty: the kernel could not get an answer from the chip");
	tree_unreadable(&t, "tpm0.firmware_version", FACT_MALFORMED, NULL);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(key, sizeof(key), "tpm0.%s", keys[i]);
		snprintf(text, sizeof(text),
			 "%s is empty: the kernel could not get an answer from the chip", keys[i]);
		tree_unreadable(&t, key, FACT_MALFORMED, text);
	}
	tree_unreadable(&t, "tpm0.pcrs.count", FACT_MALFORMED,
			"pcrs is empty: the kernel could not get an answer from the chip");
	tree_unreadable(&t, "tpm0.pubek", FACT_MALFORMED, NULL);
	tree_unreadable(&t, "tpm0.pubek.modulus_length", FACT_MALFORMED, NULL);
	/* durations and timeouts are cached by the driver: still there. */
	tree_list(&t, "tpm0.durations", 3, "50000000", "100000000", "300000000");
	tree_bool(&t, "tpm0.timeouts.adjusted", false);
}

/* An owned TPM 1.2 gives its EK to the owner only: an empty pubek is expected then. */
Test(sysfs, tpm12_owned_pubek_empty_is_absent_not_a_failure)
{
	run_sysfs(TREE_T12_PNP "echo 1 > $T/owned; : > $T/pubek; ");
	tree_bool(&t, "tpm0.owned", true);
	tree_unreadable(&t, "tpm0.pubek", FACT_ABSENT,
			"pubek is empty: the TPM has an owner, and an owned TPM 1.2 gives its "
			"public endorsement key to the owner only (TakeOwnership clears "
			"readPubek)");
	tree_unreadable(&t, "tpm0.pubek.modulus_length", FACT_ABSENT, NULL);
}

Test(sysfs, malformed_values_are_quoted)
{
	run_sysfs(TREE_T12_PNP
		  "echo yes > $T/enabled; echo '50000000 1000' > $T/durations; "
		  "echo 'a b c d [original]' > $T/timeouts; "
		  "echo '1 1 1 1 [scaled]' > $T/timeouts; "
		  "printf 'PCR-00: 3A 3F\\n' > $T/pcrs; echo 7 > $T/tpm_version_major; "
		  "printf 'Manufacturer: 0xZZ\\n' > $T/caps; ");
	tree_unreadable(&t, "tpm0.enabled", FACT_MALFORMED,
			"enabled is not what the kernel writes: \"yes\\n\"");
	tree_unreadable(&t, "tpm0.durations", FACT_MALFORMED,
			"durations is not what the kernel writes: \"50000000 1000\\n\"");
	tree_unreadable(&t, "tpm0.durations.adjusted", FACT_MALFORMED, NULL);
	tree_unreadable(&t, "tpm0.timeouts", FACT_MALFORMED,
			"timeouts is not what the kernel writes: \"1 1 1 1 [scaled]\\n\"");
	tree_unreadable(&t, "tpm0.pcrs.count", FACT_MALFORMED,
			"pcrs line 1 is not what the kernel writes: \"PCR-00: 3A 3F\\n\"");
	tree_unreadable(&t, "tpm0.version_major", FACT_MALFORMED,
			"tpm_version_major is not 1 or 2: \"7\\n\"");
	tree_unreadable(&t, "tpm0.manufacturer", FACT_MALFORMED,
			"caps is not what the kernel writes: \"Manufacturer: 0xZZ\\n\"");
	/* caps is there, so the family is still known. */
	tree_str(&t, "tpm0.family", "1.2");
	tree_bool(&t, "tpm0.active", true);
}

Test(sysfs, truncated_value_is_malformed)
{
	run_sysfs(TREE_T12_PNP "printf 'Manufacturer: 0x49424d00\\nTCG vers' > $T/caps; ");
	tree_unreadable(&t, "tpm0.caps", FACT_MALFORMED,
			"caps is not what the kernel writes: \"Manufacturer: "
			"0x49424d00\\nTCG vers\"");
}

Test(sysfs, cyclic_symlinks_are_malformed)
{
	run_sysfs(TREE_T12_PNP
		  "rm $T/caps $T/tpm_version_major; ln -s caps $T/caps; "
		  "ln -s loop2 $T/tpm_version_major; ln -s tpm_version_major $T/loop2; ");
	tree_unreadable(&t, "tpm0.caps", FACT_MALFORMED,
			"cannot read /sys/class/tpm/tpm0/caps: Too many levels of symbolic links");
	tree_unreadable(&t, "tpm0.version_major", FACT_MALFORMED, NULL);
	tree_str(&t, "tpm0.family", "1.2"); /* from caps/pcrs being there */
	tree_bool(&t, "tpm0.enabled", true);
}

Test(sysfs, cyclic_class_link)
{
	run_sysfs("mkdir -p sys/class/tpm; ln -s tpm0 sys/class/tpm/tpm0; ");
	tree_unreadable(&t, "tpm0.version_major", FACT_MALFORMED, NULL);
	tree_unreadable(&t, "tpm0.family", FACT_MALFORMED, NULL);
	tree_unreadable(&t, "tpm0.pcr_banks", FACT_MALFORMED, NULL);
}

Test(sysfs, read_that_never_finishes_meets_the_deadline)
{
	struct timespec a, b;
	double secs;

	tree_new(&t, TREE_T12_PNP "rm $T/caps; mkfifo $T/caps; ");
	t.c.timeout_ms = 300;
	clock_gettime(CLOCK_MONOTONIC, &a);
	cr_assert_eq(probe_sysfs(&t.c), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	cr_expect(secs < 3.0, "the probe took %.2f s", secs);
	tree_unreadable(&t, "tpm0.caps", FACT_FAILED,
			"reading /sys/class/tpm/tpm0/caps did not finish within 0.3 s: the kernel "
			"is waiting for the chip");
	tree_unreadable(&t, "tpm0.manufacturer", FACT_FAILED, NULL);
	/* The chip is not asked again; what the driver caches is still read. */
	tree_unreadable(&t, "tpm0.enabled", FACT_FAILED,
			"not read: reading caps did not finish in time, so the chip is not asked "
			"again");
	tree_unreadable(&t, "tpm0.pubek.modulus_length", FACT_FAILED, NULL);
	tree_bool(&t, "tpm0.timeouts.adjusted", false);
	tree_str(&t, "tpm0.family", "1.2");
}

Test(sysfs, no_chip_no_facts)
{
	run_sysfs("mkdir -p sys/class; ");
	cr_expect_eq(facts_count(t.fs), 0);
}

Test(sysfs, spi_chip)
{
	run_sysfs(TREE_T2_SPI);
	tree_str(&t, "tpm0.family", "2.0");
	tree_list(&t, "tpm0.pcr_banks", 1, "sha256");
	tree_bool(&t, "tpm0.ppi", false);
}

/* ---- the text parsers ---- */

Test(sysfs_text, caps)
{
	struct sysfs_caps caps;
	char v[16];

	cr_assert_eq(sysfs_parse_caps("Manufacturer: 0x53544d20\nTCG version: 1.2\n"
				      "Firmware version: 8.16\n",
				      &caps),
		     0);
	cr_expect_eq(caps.manufacturer, 0x53544d20u);
	cr_expect_eq(caps.fw_major, 8);
	cr_expect_eq(caps.fw_minor, 16);
	sysfs_vendor_text(caps.manufacturer, v, sizeof(v));
	cr_expect_str_eq(v, "STM");
	sysfs_vendor_text(0x49465800, v, sizeof(v));
	cr_expect_str_eq(v, "IFX");
	sysfs_vendor_text(0x01020300, v, sizeof(v));
	cr_expect_str_eq(v, "...");
	cr_expect_eq(sysfs_parse_caps("", &caps), -ENODATA);
	cr_expect_eq(sysfs_parse_caps("\n", &caps), -ENODATA);
	cr_expect_eq(sysfs_parse_caps("Manufacturer: 0x53544d20\n", &caps), -EBADMSG);
	cr_expect_eq(sysfs_parse_caps("Manufacturer: 0x123456789\nTCG version: 1.2\n"
				      "Firmware version: 8.16\n",
				      &caps),
		     -EBADMSG);
	cr_expect_eq(sysfs_parse_caps("Manufacturer: 0x1\nTCG version: 1.2\n"
				      "Firmware version: 8.16\nExtra: 1\n",
				      &caps),
		     -EBADMSG);
}

Test(sysfs_text, bool_and_version)
{
	bool b = false;
	unsigned v = 0;

	cr_expect_eq(sysfs_parse_bool("1\n", &b), 0);
	cr_expect(b);
	cr_expect_eq(sysfs_parse_bool("0", &b), 0);
	cr_expect(!b);
	cr_expect_eq(sysfs_parse_bool("", &b), -ENODATA);
	cr_expect_eq(sysfs_parse_bool("2\n", &b), -EBADMSG);
	cr_expect_eq(sysfs_parse_bool("10\n", &b), -EBADMSG);
	cr_expect_eq(sysfs_parse_version_major("2\n", &v), 0);
	cr_expect_eq(v, 2);
	cr_expect_eq(sysfs_parse_version_major("3\n", &v), -EBADMSG);
	cr_expect_eq(sysfs_parse_version_major("99999999999999999999\n", &v), -EBADMSG);
}

Test(sysfs_text, times)
{
	char vals[4][SYSFS_NUM_MAX];
	bool adj = false;

	cr_expect_eq(sysfs_parse_times("3015000 4508000 180995000 [adjusted]\n", 3, vals, &adj), 0);
	cr_expect(adj);
	cr_expect_str_eq(vals[2], "180995000");
	cr_expect_eq(sysfs_parse_times("750000 750000 750000 750000 [original]\n", 4, vals, &adj),
		     0);
	cr_expect(!adj);
	cr_expect_eq(sysfs_parse_times("1 2 3 4 [original]", 3, vals, &adj), -EBADMSG);
	cr_expect_eq(sysfs_parse_times("1 2 [original]", 3, vals, &adj), -EBADMSG);
	cr_expect_eq(sysfs_parse_times("1 2 3", 3, vals, &adj), -EBADMSG);
	cr_expect_eq(sysfs_parse_times("1 2 3 [original] x", 3, vals, &adj), -EBADMSG);
	cr_expect_eq(sysfs_parse_times("1 2 123456789012345678901234567 [original]", 3, vals, &adj),
		     -EBADMSG);
	cr_expect_eq(sysfs_parse_times("", 3, vals, &adj), -ENODATA);
}

Test(sysfs_text, pcrs_and_pubek)
{
	size_t count = 0, line = 0;
	unsigned len = 0;

	cr_expect_eq(
	    sysfs_parse_pcrs("PCR-00: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
			     "00 00 00 \nPCR-01: FF FF FF FF FF FF FF FF FF FF FF FF FF FF "
			     "FF FF FF FF FF FF \n",
			     &count, &line),
	    0);
	cr_expect_eq(count, 2);
	cr_expect_eq(sysfs_parse_pcrs("PCR-00: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
				      "00 00 00 \nPCR-05: 00\n",
				      &count, &line),
		     -EBADMSG);
	cr_expect_eq(line, 2);
	cr_expect_eq(sysfs_parse_pcrs("", &count, &line), -ENODATA);
	cr_expect_eq(
	    sysfs_parse_pubek("Algorithm: 00 00 00 01\nModulus length: 256\nModulus:\n", &len), 0);
	cr_expect_eq(len, 256);
	cr_expect_eq(sysfs_parse_pubek("Algorithm: 00 00 00 01\n", &len), -EBADMSG);
	cr_expect_eq(sysfs_parse_pubek("Modulus length: x\n", &len), -EBADMSG);
	{
		static const char two[] = "Algorithm: 00 00 00 01\nModulus length: 2\nModulus:\n"
					  "ab CD\n";
		uint8_t m[4];
		size_t ml = 0;

		cr_expect_eq(sysfs_parse_pubek_modulus(two, m, sizeof(m), &ml), 0);
		cr_expect_eq(ml, 2);
		cr_expect(m[0] == 0xab && m[1] == 0xcd);
		cr_expect_eq(sysfs_parse_pubek_modulus("Modulus length: 2\nModulus:\nab\n", m,
						       sizeof(m), &ml),
			     -EBADMSG, "fewer bytes than its length");
		cr_expect_eq(sysfs_parse_pubek_modulus("Modulus length: 1\nModulus:\nab cd\n", m,
						       sizeof(m), &ml),
			     -EBADMSG, "more bytes than its length");
		cr_expect_eq(sysfs_parse_pubek_modulus("Modulus length: 1\nModulus:\nabc\n", m,
						       sizeof(m), &ml),
			     -EBADMSG, "not a pair");
		cr_expect_eq(
		    sysfs_parse_pubek_modulus("Modulus length: 8\nModulus:\n", m, sizeof(m), &ml),
		    -EBADMSG, "longer than the buffer");
		cr_expect_eq(sysfs_parse_pubek_modulus("", m, sizeof(m), &ml), -ENODATA);
	}
}

Test(sysfs_text, ids)
{
	char buf[64];

	cr_expect_eq(sysfs_modalias_id("acpi:MSFT0101:\n", buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "MSFT0101");
	cr_expect_eq(sysfs_modalias_id("acpi:SMO0768:PNP0C31:", buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "SMO0768");
	cr_expect_eq(sysfs_modalias_id("pnp:dPNP0c31dPNP0c31", buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "PNP0C31");
	cr_expect_eq(
	    sysfs_modalias_id("of:NtpmT(null)Cinfineon,slb9670Ctcg,tpm_tis-spi", buf, sizeof(buf)),
	    0);
	cr_expect_str_eq(buf, "infineon,slb9670");
	cr_expect_eq(sysfs_modalias_id("spi:tpm_tis_spi", buf, sizeof(buf)), -ENOENT);
	cr_expect_eq(sysfs_modalias_id("of:NtpmT(null)", buf, sizeof(buf)), -ENOENT);
	cr_expect_eq(sysfs_acpi_id("PNP0c31\nPNP0c32\n", buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "PNP0C31");
	cr_expect_eq(sysfs_acpi_id("bad id\n", buf, sizeof(buf)), -EBADMSG);
	cr_expect_eq(
	    sysfs_uevent_get("MAJOR=10\nMINOR=224\nDEVNAME=tpm0\n", "DEVNAME", buf, sizeof(buf)),
	    0);
	cr_expect_str_eq(buf, "tpm0");
	cr_expect_eq(sysfs_uevent_get("DEVNAMEX=1\n", "DEVNAME", buf, sizeof(buf)), -ENOENT);
}

Test(sysfs_text, passwd_names)
{
	static const char pw[] = "root:x:0:0:root:/root:/bin/bash\nbroken line\n"
				 "tss:x:107:113:TPM software stack,,,:/var/lib/tpm:/bin/false";
	char buf[32];

	cr_expect_eq(sysfs_id_name(pw, sizeof(pw) - 1, 107, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "tss");
	cr_expect_eq(sysfs_id_name(pw, sizeof(pw) - 1, 0, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "root");
	cr_expect_eq(sysfs_id_name(pw, sizeof(pw) - 1, 5, buf, sizeof(buf)), -ENOENT);
	cr_expect_eq(sysfs_id_name(pw, 10, 107, buf, sizeof(buf)), -ENOENT);
}
