// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel probe on small machine trees built here: release, config from
 * /proc/config.gz or /boot/config-RELEASE, and the command line. The config
 * text is shaped like a Debian 12 kernel's (.config lines as Kconfig writes
 * them: "CONFIG_X=y", "# CONFIG_X is not set").
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "probes/probe.h"
#include "tests/unit/scratch.h"
#include "tests/unit/want_facts.h"

static struct scratch kt_s;

static void kt_setup(void)
{
	scratch_setup(&kt_s, "kernel");
}

static void kt_teardown(void)
{
	scratch_teardown(&kt_s);
}

static void kt_mkdirs(const char *rel)
{
	scratch_mkdirs(&kt_s, rel);
}

static void kt_path(char *p, size_t cap, const char *rel)
{
	scratch_path(&kt_s, p, cap, rel);
}

static void kt_write(const char *rel, const void *data, size_t len)
{
	scratch_write(&kt_s, rel, data, len);
}

static void kt_write_str(const char *rel, const char *s)
{
	kt_write(rel, s, strlen(s));
}

static void kt_write_gz(const char *rel, const char *s)
{
	char p[512];
	gzFile gz;

	kt_path(p, sizeof(p), rel);
	gz = gzopen(p, "wb9");
	cr_assert_not_null(gz);
	cr_assert_eq(gzwrite(gz, s, (unsigned)strlen(s)), (int)strlen(s));
	cr_assert_eq(gzclose(gz), Z_OK);
}

static struct facts *kt_run(void)
{
	struct probe_ctx c = {0};
	struct facts *fs = NULL;
	struct rootfs r;

	cr_assert_eq(rootfs_open(kt_s.root, &r), 0);
	cr_assert_eq(facts_new(&fs), 0);
	c.root = &r;
	c.facts = fs;
	cr_assert_eq(probe_kernel(&c), 0);
	rootfs_close(&r);
	return fs;
}

#define RELEASE "6.1.0-18-amd64"

static const char debian_config[] = "#\n"
				    "# Automatically generated file; DO NOT EDIT.\n"
				    "# Linux/x86 6.1.76 Kernel Configuration\n"
				    "#\n"
				    "CONFIG_CC_VERSION_TEXT=\"gcc-12 (Debian 12.2.0-14) 12.2.0\"\n"
				    "CONFIG_CC_IS_GCC=y\n"
				    "CONFIG_SECURITYFS=y\n"
				    "CONFIG_HW_RANDOM_TPM=y\n"
				    "CONFIG_TCG_TPM=y\n"
				    "CONFIG_TCG_TIS_CORE=y\n"
				    "CONFIG_TCG_TIS=y\n"
				    "CONFIG_TCG_TIS_SPI=m\n"
				    "CONFIG_TCG_TIS_SPI_CR50=y\n"
				    "CONFIG_TCG_TIS_I2C=m\n"
				    "CONFIG_TCG_TIS_I2C_CR50=m\n"
				    "CONFIG_TCG_TIS_I2C_ATMEL=m\n"
				    "CONFIG_TCG_TIS_I2C_INFINEON=m\n"
				    "CONFIG_TCG_TIS_I2C_NUVOTON=m\n"
				    "CONFIG_TCG_NSC=m\n"
				    "CONFIG_TCG_ATMEL=m\n"
				    "CONFIG_TCG_INFINEON=m\n"
				    "CONFIG_TCG_CRB=y\n"
				    "CONFIG_TCG_VTPM_PROXY=m\n"
				    "# CONFIG_TCG_FTPM_TEE is not set\n"
				    "CONFIG_IMA=y\n"
				    "CONFIG_IMA_MEASURE_PCR_IDX=10\n";

static const char debian_cmdline[] =
    "BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0b6c1a4e-5d2f-4a4e-9f1c-2f7d9c3e8a11 "
    "ro quiet tpm_tis.interrupts=0 tpm_tis.force=1 module_blacklist=tpm_crb,nouveau "
    "ima_policy=tcb ima_appraise=fix integrity_audit=1 systemd.tpm2_wait=0 "
    "rd.luks.options=\"tpm2-device=auto discard\" tpm.disable_pcr_integrity=1 acpi=off "
    "splash\n";

static void kt_machine(void)
{
	kt_write_str("proc/sys/kernel/osrelease", RELEASE "\n");
	kt_write_str("proc/cmdline", debian_cmdline);
}

TestSuite(kernel, .init = kt_setup, .fini = kt_teardown);

Test(kernel, config_gz)
{
	static const struct {
		const char *key, *v;
	} want[] = {
	    {"kernel.config.tcg_tpm", "y"},
	    {"kernel.config.tcg_tis_core", "y"},
	    {"kernel.config.tcg_tis", "y"},
	    {"kernel.config.tcg_tis_spi", "m"},
	    {"kernel.config.tcg_tis_spi_cr50", "y"},
	    {"kernel.config.tcg_tis_i2c", "m"},
	    {"kernel.config.tcg_tis_i2c_cr50", "m"},
	    {"kernel.config.tcg_tis_i2c_atmel", "m"},
	    {"kernel.config.tcg_tis_i2c_infineon", "m"},
	    {"kernel.config.tcg_tis_i2c_nuvoton", "m"},
	    {"kernel.config.tcg_nsc", "m"},
	    {"kernel.config.tcg_atmel", "m"},
	    {"kernel.config.tcg_infineon", "m"},
	    {"kernel.config.tcg_crb", "y"},
	    {"kernel.config.tcg_vtpm_proxy", "m"},
	    {"kernel.config.tcg_ftpm_tee", "n"},  /* "is not set" */
	    {"kernel.config.tcg_tpm2_hmac", "n"}, /* not in a 6.1 config at all */
	    {"kernel.config.hw_random_tpm", "y"},
	    {"kernel.config.ima", "y"},
	    {"kernel.config.securityfs", "y"},
	};
	struct facts *fs;
	size_t i;

	kt_machine();
	kt_write_gz("proc/config.gz", debian_config);
	fs = kt_run();
	want_str(fs, "kernel.release", RELEASE);
	want_file_src(fs, "kernel.release", "/proc/sys/kernel/osrelease");
	want_str(fs, "kernel.config.source", "/proc/config.gz");
	want_str(fs, "kernel.tpm_support", "builtin");
	want_file_src(fs, "kernel.tpm_support", "/proc/config.gz");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		want_str(fs, want[i].key, want[i].v);
	want_file_src(fs, "kernel.config.tcg_crb", "/proc/config.gz");
	facts_free(fs);
}

Test(kernel, boot_config_when_no_config_gz)
{
	struct facts *fs;
	char cfg[sizeof(debian_config) + 64];
	char *p;

	kt_machine();
	snprintf(cfg, sizeof(cfg), "%s", debian_config);
	p = strstr(cfg, "CONFIG_TCG_TPM=y");
	p[15] = 'm';
	kt_write_str("boot/config-" RELEASE, cfg);
	fs = kt_run();
	want_str(fs, "kernel.config.source", "/boot/config-" RELEASE);
	want_file_src(fs, "kernel.config.source", "/boot/config-" RELEASE);
	want_str(fs, "kernel.tpm_support", "module");
	want_str(fs, "kernel.config.tcg_tpm", "m");
	facts_free(fs);
}

Test(kernel, config_gz_preferred_over_boot)
{
	struct facts *fs;

	kt_machine();
	kt_write_gz("proc/config.gz", debian_config);
	kt_write_str("boot/config-" RELEASE, "# CONFIG_TCG_TPM is not set\n");
	fs = kt_run();
	want_str(fs, "kernel.config.source", "/proc/config.gz");
	want_str(fs, "kernel.tpm_support", "builtin");
	facts_free(fs);
}

Test(kernel, tpm_not_set)
{
	struct facts *fs;

	kt_machine();
	kt_write_str("boot/config-" RELEASE, "CONFIG_SECURITYFS=y\n# CONFIG_TCG_TPM is not set\n");
	fs = kt_run();
	want_str(fs, "kernel.tpm_support", "absent");
	want_str(fs, "kernel.config.tcg_tpm", "n");
	want_str(fs, "kernel.config.tcg_tis", "n");
	want_str(fs, "kernel.config.securityfs", "y");
	facts_free(fs);
}

Test(kernel, tpm_missing_from_config)
{
	struct facts *fs;

	kt_machine();
	kt_write_str("boot/config-" RELEASE, "CONFIG_MODULES=y\n");
	fs = kt_run();
	want_str(fs, "kernel.tpm_support", "absent");
	facts_free(fs);
}

Test(kernel, no_config_anywhere)
{
	struct facts *fs;

	kt_machine();
	fs = kt_run();
	want_str(fs, "kernel.tpm_support", "unknown");
	want_unreadable(fs, "kernel.config.source", FACT_ABSENT,
			"neither /proc/config.gz nor /boot/config-" RELEASE " is there");
	cr_assert_null(facts_get(fs, "kernel.config.tcg_tpm"));
	facts_free(fs);
}

Test(kernel, truncated_config_gz)
{
	struct facts *fs;
	char p[512];
	struct stat st;

	kt_machine();
	kt_write_gz("proc/config.gz", debian_config);
	snprintf(p, sizeof(p), "%s/proc/config.gz", kt_s.root);
	cr_assert_eq(stat(p, &st), 0);
	cr_assert_eq(truncate(p, st.st_size / 2), 0);
	fs = kt_run();
	want_str(fs, "kernel.tpm_support", "unknown");
	want_unreadable(fs, "kernel.config.source", FACT_MALFORMED,
			"/proc/config.gz is not a whole gzip stream: unexpected end of file");
	facts_free(fs);
}

Test(kernel, truncated_config_gz_falls_back_to_boot)
{
	struct facts *fs;
	char p[512];
	struct stat st;

	kt_machine();
	kt_write_gz("proc/config.gz", debian_config);
	snprintf(p, sizeof(p), "%s/proc/config.gz", kt_s.root);
	cr_assert_eq(stat(p, &st), 0);
	cr_assert_eq(truncate(p, st.st_size / 2), 0);
	kt_write_str("boot/config-" RELEASE, debian_config);
	fs = kt_run();
	want_str(fs, "kernel.config.source", "/boot/config-" RELEASE);
	want_str(fs, "kernel.tpm_support", "builtin");
	facts_free(fs);
}

Test(kernel, config_that_is_not_a_config)
{
	static const uint8_t junk[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0xff, 0xfe};
	struct facts *fs;

	kt_machine();
	kt_write("boot/config-" RELEASE, junk, sizeof(junk));
	fs = kt_run();
	want_str(fs, "kernel.tpm_support", "unknown");
	want_unreadable(fs, "kernel.config.source", FACT_MALFORMED,
			"/boot/config-" RELEASE " holds no CONFIG_ lines: not a kernel config");
	facts_free(fs);
}

Test(kernel, cmdline_tpm_parameters)
{
	static const char *const want[] = {
	    "tpm_tis.interrupts=0",
	    "tpm_tis.force=1",
	    "module_blacklist=tpm_crb,nouveau",
	    "ima_policy=tcb",
	    "ima_appraise=fix",
	    "integrity_audit=1",
	    "systemd.tpm2_wait=0",
	    "rd.luks.options=\"tpm2-device=auto discard\"",
	    "tpm.disable_pcr_integrity=1",
	    "acpi=off",
	};
	const struct fact *f;
	struct facts *fs;
	size_t i;

	kt_machine();
	fs = kt_run();
	f = want_fact(fs, "kernel.cmdline", FACT_STRING);
	cr_assert_eq(strlen(f->str), strlen(debian_cmdline) - 1, "trailing newline cut");
	cr_assert_eq(strncmp(f->str, debian_cmdline, strlen(debian_cmdline) - 1), 0);
	f = want_fact(fs, "kernel.cmdline.tpm", FACT_LIST);
	cr_assert_eq(f->n_items, sizeof(want) / sizeof(want[0]), "%zu items", f->n_items);
	for (i = 0; i < f->n_items; i++)
		cr_assert_str_eq(f->items[i], want[i]);
	want_file_src(fs, "kernel.cmdline.tpm", "/proc/cmdline");
	facts_free(fs);
}

Test(kernel, cmdline_without_tpm_parameters)
{
	struct facts *fs;

	kt_write_str("proc/sys/kernel/osrelease", RELEASE "\n");
	kt_write_str("proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet\n");
	fs = kt_run();
	cr_assert_eq(want_fact(fs, "kernel.cmdline.tpm", FACT_LIST)->n_items, 0);
	facts_free(fs);
}

Test(kernel, empty_root)
{
	struct facts *fs;

	kt_mkdirs("proc");
	fs = kt_run();
	want_unreadable(fs, "kernel.release", FACT_ABSENT,
			"cannot read /proc/sys/kernel/osrelease: No such file or directory");
	want_str(fs, "kernel.tpm_support", "unknown");
	want_unreadable(fs, "kernel.config.source", FACT_ABSENT,
			"/proc/config.gz is not there, and without the release there is no "
			"/boot/config-RELEASE to look for");
	want_unreadable(fs, "kernel.cmdline", FACT_ABSENT,
			"cannot read /proc/cmdline: No such file or directory");
	cr_assert_null(facts_get(fs, "kernel.cmdline.tpm"));
	facts_free(fs);
}

Test(kernel, empty_osrelease)
{
	struct facts *fs;

	kt_write_str("proc/sys/kernel/osrelease", "\n");
	fs = kt_run();
	want_unreadable(fs, "kernel.release", FACT_MALFORMED,
			"/proc/sys/kernel/osrelease is empty");
	facts_free(fs);
}

Test(kernel, live_machine_release)
{
	struct probe_ctx c = {0};
	struct facts *fs = NULL;
	const struct fact *f;
	struct rootfs r;

	/* Read-only: the probe only reads /proc and /boot of this machine. */
	cr_assert_eq(rootfs_open("/", &r), 0);
	cr_assert_eq(facts_new(&fs), 0);
	c.root = &r;
	c.facts = fs;
	cr_assert_eq(probe_kernel(&c), 0);
	f = want_fact(fs, "kernel.release", FACT_STRING);
	cr_assert_gt(strlen(f->str), 0);
	cr_assert_not_null(facts_get(fs, "kernel.tpm_support"));
	facts_free(fs);
	rootfs_close(&r);
}
