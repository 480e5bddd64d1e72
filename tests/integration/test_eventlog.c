// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag eventlog as a person runs it on the real captures of
 * fixtures/eventlog/: the lines they look at (Secure Boot, the boot
 * application and its device path, separators, the replayed PCRs, which
 * are the guest's own), the JSON form, --root, and what it says of a file
 * that is no event log.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/integration/swtpm_proc.h"

#define LOGS	"fixtures/eventlog/"
#define OUT_MAX (1 << 18)

static char out[OUT_MAX];

#define expect_line(s) cr_expect(strstr(out, s "\n"), "output lacks the line '%s':\n%s", s, out)

Test(eventlog_cli, secure_boot_log_reads_as_a_person_wants, .timeout = 30)
{
	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "eventlog " LOGS "ovmf-tpm20-sb-on-k1/binary_bios_measurements"),
		     0, "%s", out);
	expect_line("Event log " LOGS "ovmf-tpm20-sb-on-k1/binary_bios_measurements: crypto-agile "
		    "(TCG2), spec 2.0 errata 0, 49 records, banks sha1 sha256");
	expect_line("    0   0  EV_NO_ACTION                     -         Spec ID Event03: a "
		    "crypto-agile log");
	expect_line("    4   7  EV_EFI_VARIABLE_DRIVER_CONFIG    d4fdd1f1  EFI variable SecureBoot "
		    "= 1");
	expect_line("    9   7  EV_SEPARATOR                     9069ca78  separator");
	expect_line(
	    "   10   1  EV_EFI_VARIABLE_BOOT             ea3f530d  EFI variable BootOrder = "
	    "0001,0000,0002");
	expect_line("   22   7  EV_EFI_VARIABLE_AUTHORITY        8b586685  EFI variable db "
		    "(authority): X.509 certificate Microsoft Corporation UEFI CA 2011");
	expect_line(
	    "    7   7  EV_EFI_VARIABLE_DRIVER_CONFIG    a233adbc  EFI variable db = 2 X.509 "
	    "certificates: Microsoft Windows Production PCA 2011; Microsoft Corporation UEFI "
	    "CA 2011");
	expect_line("   23   5  EV_EFI_GPT_EVENT                 541e453e  GPT disk "
		    "6a1f5b2e-0c1d-4e8a-9b3c-5d7e8f901234, 1 partition");
	expect_line("   24   4  EV_EFI_BOOT_SERVICES_APPLICATION 04c4d45b  boot application "
		    "PciRoot(0x0)/Pci(0x1,0x0)/HD(1,GPT,0e5a3c1d-7b2f-4e61-8a9d-1c2b3a4d5e6f,0x800,"
		    "0x1f000)/\\EFI\\BOOT\\BOOTX64.EFI");
	expect_line("   30   4  EV_EFI_BOOT_SERVICES_APPLICATION 027615a9  boot application "
		    "\\EFI\\BOOT\\grubx64.efi");
	expect_line("   47   5  EV_EFI_ACTION                    443a6b7b  action \"Exit Boot "
		    "Services Invocation\"");
	/* the replay, as the guest's TPM held it (fixtures/eventlog/.../pcrs.txt) */
	expect_line("Replayed PCRs, sha256:");
	expect_line("   7  75677db6f14082d3bfec4d14bdd75c8d72612ef6914ca99cd5a5997b7a21309d  9 "
		    "events: 4 5 6 7 8 9 22 27 29");
	expect_line("   4  ab491620245793f6cfe1f0661d60ddd0a3d3fbc5  6 events: 14 19 24 30 42 43");
}

Test(eventlog_cli, secure_boot_off_and_tpm12, .timeout = 30)
{
	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "eventlog " LOGS
				 "ovmf-tpm20-sb-off-k1-esp/binary_bios_measurements"),
		     0, "%s", out);
	cr_expect(strstr(out, "EFI variable SecureBoot = 0\n"), "%s", out);
	cr_expect(strstr(out, "EFI variable PK (empty)\n"), "%s", out);
	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "eventlog " LOGS "seabios-tpm12/binary_bios_measurements"),
		     0, "%s", out);
	expect_line("Event log " LOGS "seabios-tpm12/binary_bios_measurements: TPM 1.2 (SHA-1), "
		    "13 records, banks sha1");
	expect_line("    4   4  EV_ACTION                        c1e25c3f  action \"Calling INT "
		    "19h\"");
	expect_line("   4  a9fdeb07a0c479c74e3db3e9493d2c3189766507  2 events: 4 9");
}

Test(eventlog_cli, json, .timeout = 30)
{
	struct json_object *doc, *pcrs, *sha256, *p0, *v, *ev;

	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "--format json eventlog " LOGS
				 "seabios-tpm20/binary_bios_measurements"),
		     0, "%s", out);
	doc = json_tokener_parse(out);
	cr_assert(doc, "not JSON:\n%s", out);
	cr_expect_str_eq(json_object_get_string(json_object_object_get(doc, "schema")),
			 "tpmdiag-eventlog/1");
	cr_expect_str_eq(json_object_get_string(json_object_object_get(doc, "format")),
			 "crypto-agile");
	ev = json_object_array_get_idx(json_object_object_get(doc, "events"), 5);
	cr_expect_str_eq(json_object_get_string(json_object_object_get(ev, "meaning")),
			 "action \"Calling INT 19h\"");
	cr_assert(json_object_object_get_ex(doc, "pcrs", &pcrs));
	cr_assert(json_object_object_get_ex(pcrs, "sha256", &sha256));
	p0 = json_object_array_get_idx(sha256, 0);
	cr_expect_eq(json_object_get_int(json_object_object_get(p0, "pcr")), 0);
	v = json_object_object_get(p0, "value");
	/* sha256 PCR 0 of seabios-tpm20/pcrs.txt */
	cr_expect_str_eq(json_object_get_string(v),
			 "e21b703ee69c77476bccb43ec0336a9a1b2914b378944f7b00a10214ca8fea93");
	json_object_put(doc);
}

Test(eventlog_cli, root_and_bad_input, .timeout = 30)
{
	char tmp[256], path[512], cmd[1024];

	cr_assert_eq(test_tmpdir(tmp, sizeof(tmp)), 0);
	snprintf(path, sizeof(path), "%s/sys/kernel/security/tpm0", tmp);
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s && cp " LOGS "seabios-tpm12/binary_bios_measurements %s/", path,
		 path);
	cr_assert_eq(system(cmd), 0);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--root %s eventlog", tmp), 0, "%s", out);
	expect_line("Event log /sys/kernel/security/tpm0/binary_bios_measurements: TPM 1.2 "
		    "(SHA-1), 13 records, banks sha1");
	snprintf(cmd, sizeof(cmd),
		 "head -c 100 " LOGS "seabios-tpm12/binary_bios_measurements > %s/cut", tmp);
	cr_assert_eq(system(cmd), 0);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "eventlog %s/cut", tmp), 2, "%s", out);
	cr_expect(
	    strstr(out, "/cut: a record runs past the end of the log (the record at byte 60)\n"),
	    "%s", out);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "eventlog %s/none", tmp), 2, "%s", out);
	cr_expect(strstr(out, "cannot read "), "%s", out);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "eventlog " LOGS "README.md"), 2, "%s", out);
	cr_expect(strstr(out, "README.md: an event's data is larger than 1 MiB (the record at byte "
			      "0); is it an event log at all?\n"),
		  "%s", out);
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "eventlog a b"), 1, "%s", out);
	test_rmtree(tmp);
}
