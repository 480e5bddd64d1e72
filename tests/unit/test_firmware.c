// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ACPI TPM2/TCPA parser and the firmware probe, on small machine trees
 * built here in a temp dir.
 *
 * The TPM2 table bytes are constructed, not captured: they follow the layout
 * of the TCG ACPI Specification and the table qemu builds (hw/acpi/aml-build.c
 * build_tpm2: revision 4, 0x4C bytes, OEM "BOCHS " / "BXPC    ", creator
 * "BXPC" 1, client class, CRB control area 0xFED40040 with start method 7 or
 * TIS with 0 and 6, 12 zero parameter bytes, a 64 KiB log area), which the
 * lab's kernel log shows as "ACPI: TPM2 ... 00004C (v04 BOCHS  BXPC
 * 00000001 BXPC 00000001)". The log area address is made up.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/parse/acpi_tpm.h"
#include "probes/probe.h"
#include "tests/unit/scratch.h"
#include "tests/unit/want_facts.h"

/* ---- a machine tree in a temp dir ---- */

static struct scratch fw_s;

static void fw_setup(void)
{
	scratch_setup(&fw_s, "fw");
}

static void fw_teardown(void)
{
	scratch_teardown(&fw_s);
}

static void fw_mkdirs(const char *rel)
{
	scratch_mkdirs(&fw_s, rel);
}

static void fw_write(const char *rel, const void *data, size_t len)
{
	scratch_write(&fw_s, rel, data, len);
}

/* ---- table bytes ---- */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void fix_checksum(uint8_t *t, size_t len)
{
	uint8_t sum = 0;
	size_t i;

	t[9] = 0;
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + t[i]);
	t[9] = (uint8_t)(0x100 - sum);
}

/* An ACPI header as qemu writes it. */
static void qemu_header(uint8_t *t, const char *sig, size_t len, uint8_t rev)
{
	memset(t, 0, len);
	memcpy(t, sig, 4);
	put32(t + 4, (uint32_t)len);
	t[8] = rev;
	memcpy(t + 10, "BOCHS ", 6);
	memcpy(t + 16, "BXPC    ", 8);
	put32(t + 24, 1);
	memcpy(t + 28, "BXPC", 4);
	put32(t + 32, 1);
}

/* qemu's TPM2 table (76 bytes, revision 4); len < 76 cuts it (revision 3 shape). */
static size_t qemu_tpm2(uint8_t *t, size_t len, uint32_t start_method, uint64_t control)
{
	qemu_header(t, "TPM2", len, len >= 76 ? 4 : 3);
	put16(t + 36, 0); /* client */
	put64(t + 40, control);
	put32(t + 48, start_method);
	if (len >= 76) {
		put32(t + 64, 0x10000);
		put64(t + 68, 0x1ffbd000);
	}
	fix_checksum(t, len);
	return len;
}

/* A TPM 1.2 client TCPA table: class 0, u32 log length, u64 log start. */
static size_t tcpa_client(uint8_t *t)
{
	qemu_header(t, "TCPA", 50, 2);
	put16(t + 36, 0);
	put32(t + 38, 0x10000);
	put64(t + 42, 0x7fe00000);
	fix_checksum(t, 50);
	return 50;
}

/* A TPM 1.2 server TCPA table (100 bytes: the fields after the log area left zero). */
static size_t tcpa_server(uint8_t *t)
{
	qemu_header(t, "TCPA", 100, 2);
	put16(t + 36, 1);
	put64(t + 40, 0x40000);
	put64(t + 48, 0xbf6ee000);
	fix_checksum(t, 100);
	return 100;
}

/* ---- running the probe ---- */

static struct facts *fw_run(void)
{
	struct probe_ctx c = {0};
	struct facts *fs = NULL;
	struct rootfs r;

	cr_assert_eq(rootfs_open(fw_s.root, &r), 0);
	cr_assert_eq(facts_new(&fs), 0);
	c.root = &r;
	c.facts = fs;
	cr_assert_eq(probe_firmware(&c), 0);
	rootfs_close(&r);
	return fs;
}

#define TABLES "sys/firmware/acpi/tables"

/* ---- the parser alone ---- */

Test(acpi_parse, qemu_crb_table)
{
	uint8_t t[76];
	struct acpi_tpm2 p;
	char err[128];

	qemu_tpm2(t, sizeof(t), 7, 0xfed40040);
	cr_assert_eq(acpi_tpm2_parse(t, sizeof(t), &p, err, sizeof(err)), 0);
	cr_assert_str_eq(p.h.signature, "TPM2");
	cr_assert_eq(p.h.length, 76);
	cr_assert_eq(p.h.revision, 4);
	cr_assert(p.h.checksum_ok);
	cr_assert_str_eq(p.h.oem_id, "BOCHS");
	cr_assert_str_eq(p.h.oem_table_id, "BXPC");
	cr_assert_str_eq(p.h.creator_id, "BXPC");
	cr_assert_eq(p.h.oem_revision, 1);
	cr_assert_eq(p.platform_class, 0);
	cr_assert_eq(p.control_area, 0xfed40040);
	cr_assert_eq(p.start_method, 7);
	cr_assert(p.has_log);
	cr_assert_eq(p.log_area_length, 0x10000);
	cr_assert_eq(p.log_area_start, 0x1ffbd000);
	cr_assert(p.params_ok);
}

Test(acpi_parse, start_method_names)
{
	static const struct {
		uint32_t code;
		const char *name;
	} want[] = {{0, "not-allowed"}, {1, "reserved"}, {2, "acpi"},	  {6, "tis"},
		    {7, "crb"},		{8, "crb+acpi"}, {11, "crb+smc"}, {12, "reserved"},
		    {13, "crb+pluton"}, {15, "crb+ffa"}, {16, "unknown"}, {0xffffffff, "unknown"}};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_assert_str_eq(acpi_tpm2_start_method_name(want[i].code), want[i].name, "%u",
				 want[i].code);
	cr_assert_str_eq(acpi_platform_class_name(0), "client");
	cr_assert_str_eq(acpi_platform_class_name(1), "server");
	cr_assert_str_eq(acpi_platform_class_name(7), "unknown");
}

Test(acpi_parse, every_short_prefix_is_refused_not_overread)
{
	uint8_t t[76], *copy;
	struct acpi_tpm2 p;
	struct acpi_tcpa q;
	char err[128];
	size_t n;

	qemu_tpm2(t, sizeof(t), 7, 0xfed40040);
	for (n = 0; n < sizeof(t); n++) {
		/* an exact-size heap copy, so ASan sees any read past n */
		copy = malloc(n ? n : 1);
		memcpy(copy, t, n);
		cr_assert_eq(acpi_tpm2_parse(copy, n, &p, err, sizeof(err)), -EBADMSG, "n=%zu", n);
		cr_assert_eq(acpi_tcpa_parse(copy, n, &q, err, sizeof(err)), -EBADMSG, "n=%zu", n);
		free(copy);
	}
}

Test(acpi_parse, tpm2_length_below_minimum)
{
	uint8_t t[40];
	struct acpi_tpm2 p;
	char err[128];

	qemu_header(t, "TPM2", sizeof(t), 4);
	fix_checksum(t, sizeof(t));
	cr_assert_eq(acpi_tpm2_parse(t, sizeof(t), &p, err, sizeof(err)), -EBADMSG);
	cr_assert_str_eq(err, "length 40 is shorter than the 52 bytes a TPM2 table needs");
}

Test(acpi_parse, wrong_signature)
{
	uint8_t t[76];
	struct acpi_tcpa q;
	char err[128];

	qemu_tpm2(t, sizeof(t), 7, 0);
	cr_assert_eq(acpi_tcpa_parse(t, sizeof(t), &q, err, sizeof(err)), -EBADMSG);
	cr_assert_str_eq(err, "signature is \"TPM2\", expected \"TCPA\"");
	t[0] = 0x01;
	t[1] = 0xff;
	cr_assert_eq(acpi_tcpa_parse(t, sizeof(t), &q, err, sizeof(err)), -EBADMSG);
	cr_assert_str_eq(err, "signature is \"??M2\", expected \"TCPA\"");
}

Test(acpi_parse, tcpa_client_and_server)
{
	uint8_t t[100];
	struct acpi_tcpa q;
	char err[128];

	cr_assert_eq(acpi_tcpa_parse(t, tcpa_client(t), &q, err, sizeof(err)), 0);
	cr_assert_eq(q.platform_class, 0);
	cr_assert_eq(q.log_area_length, 0x10000);
	cr_assert_eq(q.log_area_start, 0x7fe00000);
	cr_assert(q.h.checksum_ok);
	cr_assert_eq(acpi_tcpa_parse(t, tcpa_server(t), &q, err, sizeof(err)), 0);
	cr_assert_eq(q.platform_class, 1);
	cr_assert_eq(q.log_area_length, 0x40000);
	cr_assert_eq(q.log_area_start, 0xbf6ee000);
}

Test(acpi_parse, tcpa_server_class_in_a_client_sized_table)
{
	uint8_t t[50];
	struct acpi_tcpa q;
	char err[128];

	tcpa_client(t);
	put16(t + 36, 1);
	fix_checksum(t, sizeof(t));
	cr_assert_eq(acpi_tcpa_parse(t, sizeof(t), &q, err, sizeof(err)), -EBADMSG);
	cr_assert_str_eq(err, "length 50 is shorter than the 56 bytes a TCPA table needs");
}

/* ---- the probe ---- */

TestSuite(firmware, .init = fw_setup, .fini = fw_teardown);

Test(firmware, qemu_tpm_crb)
{
	uint8_t t[76];
	struct facts *fs;

	fw_write(TABLES "/TPM2", t, qemu_tpm2(t, sizeof(t), 7, 0xfed40040));
	fs = fw_run();
	want_bool(fs, "firmware.efi", false);
	want_bool(fs, "firmware.acpi", true);
	want_bool(fs, "firmware.acpi.tpm2", true);
	want_file_src(fs, "firmware.acpi.tpm2", "/sys/firmware/acpi/tables/TPM2");
	want_int(fs, "firmware.acpi.tpm2.revision", 4);
	want_int(fs, "firmware.acpi.tpm2.length", 76);
	want_bool(fs, "firmware.acpi.tpm2.checksum_ok", true);
	want_str(fs, "firmware.acpi.tpm2.oem_id", "BOCHS");
	want_str(fs, "firmware.acpi.tpm2.oem_table_id", "BXPC");
	want_str(fs, "firmware.acpi.tpm2.platform_class", "client");
	want_str(fs, "firmware.acpi.tpm2.start_method", "crb");
	want_int(fs, "firmware.acpi.tpm2.start_method_code", 7);
	want_bool(fs, "firmware.acpi.tpm2.start_method_params_ok", true);
	want_str(fs, "firmware.acpi.tpm2.control_area", "0xfed40040");
	want_int(fs, "firmware.acpi.tpm2.log_area_length", 65536);
	want_str(fs, "firmware.acpi.tpm2.log_area_start", "0x1ffbd000");
	want_file_src(fs, "firmware.acpi.tpm2.start_method", "/sys/firmware/acpi/tables/TPM2");
	want_bool(fs, "firmware.acpi.tcpa", false);
	cr_assert_null(facts_get(fs, "firmware.acpi.tpm2.table"));
	facts_free(fs);
}

Test(firmware, qemu_tpm_tis_on_efi)
{
	uint8_t t[76];
	struct facts *fs;

	fw_mkdirs("sys/firmware/efi/efivars");
	fw_write(TABLES "/TPM2", t, qemu_tpm2(t, sizeof(t), 6, 0));
	fs = fw_run();
	want_bool(fs, "firmware.efi", true);
	want_str(fs, "firmware.acpi.tpm2.start_method", "tis");
	want_int(fs, "firmware.acpi.tpm2.start_method_code", 6);
	want_str(fs, "firmware.acpi.tpm2.control_area", "0x0");
	facts_free(fs);
}

Test(firmware, revision3_table_without_log_area)
{
	uint8_t t[52];
	struct facts *fs;

	fw_write(TABLES "/TPM2", t, qemu_tpm2(t, sizeof(t), 8, 0x7ffff000));
	fs = fw_run();
	want_int(fs, "firmware.acpi.tpm2.revision", 3);
	want_int(fs, "firmware.acpi.tpm2.length", 52);
	want_str(fs, "firmware.acpi.tpm2.start_method", "crb+acpi");
	want_unreadable(fs, "firmware.acpi.tpm2.log_area_length", FACT_ABSENT,
			"the TPM2 table (52 bytes, revision 3) has no log area fields");
	cr_assert_null(facts_get(fs, "firmware.acpi.tpm2.log_area_start"));
	facts_free(fs);
}

Test(firmware, short_table)
{
	uint8_t t[76];
	struct facts *fs;

	qemu_tpm2(t, sizeof(t), 7, 0xfed40040);
	fw_write(TABLES "/TPM2", t, 20);
	fs = fw_run();
	want_bool(fs, "firmware.acpi.tpm2", true);
	want_unreadable(fs, "firmware.acpi.tpm2.table", FACT_MALFORMED,
			"malformed TPM2 table: table has 20 bytes, shorter than the 36-byte ACPI "
			"header");
	cr_assert_null(facts_get(fs, "firmware.acpi.tpm2.start_method"));
	facts_free(fs);
}

Test(firmware, length_field_lies)
{
	uint8_t t[76];
	struct facts *fs;

	qemu_tpm2(t, sizeof(t), 7, 0xfed40040);
	fw_write(TABLES "/TPM2", t, 52);
	fs = fw_run();
	want_unreadable(fs, "firmware.acpi.tpm2.table", FACT_MALFORMED,
			"malformed TPM2 table: length field says 76, table has 52 bytes");
	want_file_src(fs, "firmware.acpi.tpm2.table", "/sys/firmware/acpi/tables/TPM2");
	facts_free(fs);
}

Test(firmware, bad_checksum_is_a_fact)
{
	uint8_t t[76];
	struct facts *fs;

	qemu_tpm2(t, sizeof(t), 7, 0xfed40040);
	t[9] ^= 0x5a;
	fw_write(TABLES "/TPM2", t, sizeof(t));
	fs = fw_run();
	want_bool(fs, "firmware.acpi.tpm2.checksum_ok", false);
	want_str(fs, "firmware.acpi.tpm2.start_method", "crb");
	facts_free(fs);
}

Test(firmware, unknown_start_method)
{
	uint8_t t[76];
	struct facts *fs;

	fw_write(TABLES "/TPM2", t, qemu_tpm2(t, sizeof(t), 99, 0xfed40040));
	fs = fw_run();
	want_str(fs, "firmware.acpi.tpm2.start_method", "unknown");
	want_int(fs, "firmware.acpi.tpm2.start_method_code", 99);
	want_bool(fs, "firmware.acpi.tpm2.checksum_ok", true);
	facts_free(fs);
}

Test(firmware, arm_smc_table_without_its_parameters)
{
	uint8_t t[52];
	struct facts *fs;

	fw_write(TABLES "/TPM2", t, qemu_tpm2(t, sizeof(t), 11, 0x10000000));
	fs = fw_run();
	want_str(fs, "firmware.acpi.tpm2.start_method", "crb+smc");
	want_bool(fs, "firmware.acpi.tpm2.start_method_params_ok", false);
	facts_free(fs);
}

Test(firmware, server_class_tpm2)
{
	uint8_t t[76];
	struct facts *fs;

	qemu_tpm2(t, sizeof(t), 7, 0xfed40040);
	put16(t + 36, 1);
	fix_checksum(t, sizeof(t));
	fw_write(TABLES "/TPM2", t, sizeof(t));
	fs = fw_run();
	want_str(fs, "firmware.acpi.tpm2.platform_class", "server");
	facts_free(fs);
}

Test(firmware, tpm12_client_tcpa)
{
	uint8_t t[100];
	struct facts *fs;

	fw_write(TABLES "/TCPA", t, tcpa_client(t));
	fs = fw_run();
	want_bool(fs, "firmware.acpi.tpm2", false);
	want_bool(fs, "firmware.acpi.tcpa", true);
	want_int(fs, "firmware.acpi.tcpa.revision", 2);
	want_int(fs, "firmware.acpi.tcpa.length", 50);
	want_bool(fs, "firmware.acpi.tcpa.checksum_ok", true);
	want_str(fs, "firmware.acpi.tcpa.oem_id", "BOCHS");
	want_str(fs, "firmware.acpi.tcpa.platform_class", "client");
	want_int(fs, "firmware.acpi.tcpa.log_area_length", 65536);
	want_str(fs, "firmware.acpi.tcpa.log_area_start", "0x7fe00000");
	want_file_src(fs, "firmware.acpi.tcpa.platform_class", "/sys/firmware/acpi/tables/TCPA");
	facts_free(fs);
}

Test(firmware, tpm12_server_tcpa)
{
	uint8_t t[100];
	struct facts *fs;

	fw_write(TABLES "/TCPA", t, tcpa_server(t));
	fs = fw_run();
	want_str(fs, "firmware.acpi.tcpa.platform_class", "server");
	want_int(fs, "firmware.acpi.tcpa.log_area_length", 0x40000);
	want_str(fs, "firmware.acpi.tcpa.log_area_start", "0xbf6ee000");
	facts_free(fs);
}

Test(firmware, malformed_tcpa)
{
	uint8_t t[100];
	struct facts *fs;

	tcpa_client(t);
	fw_write(TABLES "/TCPA", t, 44);
	fs = fw_run();
	want_bool(fs, "firmware.acpi.tcpa", true);
	want_unreadable(fs, "firmware.acpi.tcpa.table", FACT_MALFORMED,
			"malformed TCPA table: length field says 50, table has 44 bytes");
	facts_free(fs);
}

Test(firmware, no_acpi_tables)
{
	struct facts *fs;

	fw_mkdirs("sys/firmware/devicetree");
	fs = fw_run();
	want_bool(fs, "firmware.acpi", false);
	want_bool(fs, "firmware.acpi.tpm2", false);
	want_bool(fs, "firmware.acpi.tcpa", false);
	facts_free(fs);
}

Test(firmware, no_sys_firmware_at_all)
{
	struct facts *fs;
	static const char why[] =
	    "/sys/firmware is not there (sysfs not mounted, or not in this root)";

	fw_mkdirs("proc");
	fs = fw_run();
	want_unreadable(fs, "firmware.efi", FACT_ABSENT, why);
	want_unreadable(fs, "firmware.acpi", FACT_ABSENT, why);
	want_unreadable(fs, "firmware.acpi.tpm2", FACT_ABSENT, why);
	want_unreadable(fs, "firmware.acpi.tcpa", FACT_ABSENT, why);
	want_unreadable(fs, "firmware.eventlog", FACT_ABSENT,
			"/sys/kernel/security does not exist, so the event log cannot be seen");
	facts_free(fs);
}

Test(firmware, cyclic_symlink_table)
{
	char p[512];
	struct facts *fs;

	fw_mkdirs(TABLES);
	snprintf(p, sizeof(p), "%s/" TABLES "/TPM2", fw_s.root);
	cr_assert_eq(symlink("TPM2", p), 0);
	fs = fw_run();
	want_bool(fs, "firmware.acpi.tpm2", true);
	want_unreadable(fs, "firmware.acpi.tpm2.table", FACT_MALFORMED, NULL);
	cr_assert(strstr(facts_get(fs, "firmware.acpi.tpm2.table")->why_text,
			 "cannot read /sys/firmware/acpi/tables/TPM2"));
	facts_free(fs);
}

Test(firmware, table_readable_only_by_root)
{
	uint8_t t[76];
	char p[512];
	struct facts *fs;

	if (geteuid() == 0) {
		fw_teardown(); /* a skipped test does not reach .fini */
		cr_skip_test("runs as root: a mode-000 file is readable, the EACCES path cannot "
			     "be reached");
	}
	fw_write(TABLES "/TPM2", t, qemu_tpm2(t, sizeof(t), 7, 0xfed40040));
	snprintf(p, sizeof(p), "%s/" TABLES "/TPM2", fw_s.root);
	cr_assert_eq(chmod(p, 0), 0);
	fs = fw_run();
	want_bool(fs, "firmware.acpi.tpm2", true);
	want_unreadable(fs, "firmware.acpi.tpm2.table", FACT_PERMISSION,
			"cannot read /sys/firmware/acpi/tables/TPM2: Permission denied");
	facts_free(fs);
}

/* ---- the event log ---- */

Test(firmware, eventlog_tpm20)
{
	static uint8_t log[12345];
	struct facts *fs;

	memset(log, 0xa5, sizeof(log));
	fw_write("sys/kernel/security/lsm", "lockdown,capability,yama,apparmor", 33);
	fw_write("sys/kernel/security/tpm0/binary_bios_measurements", log, sizeof(log));
	fs = fw_run();
	want_bool(fs, "firmware.securityfs", true);
	want_bool(fs, "firmware.eventlog", true);
	want_str(fs, "firmware.eventlog.path",
		 "/sys/kernel/security/tpm0/binary_bios_measurements");
	want_bool(fs, "firmware.eventlog.readable", true);
	want_int(fs, "firmware.eventlog.size", 12345);
	want_file_src(fs, "firmware.eventlog.size",
		      "/sys/kernel/security/tpm0/binary_bios_measurements");
	facts_free(fs);
}

Test(firmware, eventlog_lowest_chip_first)
{
	struct facts *fs;

	fw_write("sys/kernel/security/tpm1/binary_bios_measurements", "x", 1);
	fw_write("sys/kernel/security/tpm0/ascii_bios_measurements", "abc", 3);
	fw_write("sys/kernel/security/tpm0/binary_bios_measurements", "ab", 2);
	fw_mkdirs("sys/kernel/security/tpm10");
	fs = fw_run();
	want_str(fs, "firmware.eventlog.path",
		 "/sys/kernel/security/tpm0/binary_bios_measurements");
	want_int(fs, "firmware.eventlog.size", 2);
	facts_free(fs);
}

Test(firmware, securityfs_mounted_without_tpm)
{
	struct facts *fs;

	fw_write("sys/kernel/security/lsm", "capability", 10);
	fs = fw_run();
	want_bool(fs, "firmware.securityfs", true);
	want_bool(fs, "firmware.eventlog", false);
	cr_assert_null(facts_get(fs, "firmware.eventlog.path"));
	facts_free(fs);
}

Test(firmware, securityfs_not_mounted)
{
	struct facts *fs;

	fw_mkdirs("sys/kernel/security");
	fs = fw_run();
	want_bool(fs, "firmware.securityfs", false);
	want_unreadable(fs, "firmware.eventlog", FACT_ABSENT,
			"securityfs is not mounted on /sys/kernel/security (the directory is "
			"empty), so the event log cannot be seen");
	facts_free(fs);
}

Test(firmware, eventlog_readable_only_by_root)
{
	char p[512];
	struct facts *fs;

	if (geteuid() == 0) {
		fw_teardown(); /* a skipped test does not reach .fini */
		cr_skip_test("runs as root: a mode-000 file is readable, the EACCES path cannot "
			     "be reached");
	}
	fw_write("sys/kernel/security/tpm0/binary_bios_measurements", "abc", 3);
	snprintf(p, sizeof(p), "%s/sys/kernel/security/tpm0/binary_bios_measurements", fw_s.root);
	cr_assert_eq(chmod(p, 0), 0);
	fs = fw_run();
	want_bool(fs, "firmware.eventlog", true);
	want_bool(fs, "firmware.eventlog.readable", false);
	want_unreadable(fs, "firmware.eventlog.size", FACT_PERMISSION, NULL);
	facts_free(fs);
}
