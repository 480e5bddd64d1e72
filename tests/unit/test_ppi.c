// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Physical Presence Interface: the parsers of the kernel's ppi/ files
 * on every form drivers/char/tpm/tpm_ppi.c prints (the values are those the
 * lab guests under SeaBIOS and OVMF read, research/lab-ppi.md) and on
 * malformed text; the probe on machine trees (OVMF's table, SeaBIOS's
 * empty one, a kernel before 4.2 with device/ppi, unreadable and malformed
 * files); the planner's choices and refusals; the request writer on a temp
 * tree; the outcome after a reboot; and the ppi rules no fixture fires.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "diag/engine/findings.h"
#include "diag/ppi/ppi.h"
#include "diag/engine/rules.h"
#include "probes/kmsg.h"
#include "probes/parse/ppi_parse.h"
#include "probes/probe.h"
#include "tests/unit/scratch.h"
#include "tests/unit/want_facts.h"

#define DEV  "sys/devices/pci0000:00/0000:00:01.0/MSFT0101:00/tpm/tpm0"
#define PPI  DEV "/ppi"
#define REQ  "/sys/class/tpm/tpm0/ppi/request"
#define RSP  "/sys/class/tpm/tpm0/ppi/response"
#define TCG  "/sys/class/tpm/tpm0/ppi/tcg_operations"
#define NONE "0: No Recent Request\n"

/* OVMF 2022.11's table for TPM 2.0, as the lab guest and the fixtures read it. */
static const char ovmf_tcg[] = "0 3: User required\n5 3: User required\n14 3: User required\n"
			       "21 3: User required\n22 3: User required\n23 3: User required\n"
			       "24 3: User required\n33 3: User required\n96 3: User required\n"
			       "97 3: User required\n";

static struct scratch s;
static struct rootfs root;
static bool root_open;
static struct facts *fs;

static void ppi_setup(void)
{
	scratch_setup(&s, "ppi");
	cr_assert_eq(facts_new(&fs), 0);
	root_open = false;
}

static void ppi_teardown(void)
{
	facts_free(fs);
	if (root_open)
		rootfs_close(&root);
	scratch_teardown(&s);
}

TestSuite(ppi_parse);
TestSuite(ppi_probe, .init = ppi_setup, .fini = ppi_teardown);
TestSuite(ppi_plan, .init = ppi_setup, .fini = ppi_teardown);
TestSuite(ppi_write, .init = ppi_setup, .fini = ppi_teardown);

/* ---- the parsers ---------------------------------------------------------------------- */

Test(ppi_parse, version)
{
	unsigned a = 9, b = 9;

	cr_assert_eq(ppi_parse_version("1.3\n", &a, &b), 0);
	cr_expect_eq(a, 1);
	cr_expect_eq(b, 3);
	cr_assert_eq(ppi_parse_version("1.2", &a, &b), 0);
	cr_expect_eq(b, 2);
	cr_expect_eq(ppi_parse_version("", &a, &b), -ENODATA);
	cr_expect_eq(ppi_parse_version("\n", &a, &b), -ENODATA);
	cr_expect_eq(ppi_parse_version("1.3\n1.3\n", &a, &b), -EBADMSG);
	cr_expect_eq(ppi_parse_version("1.256", &a, &b), -EBADMSG);
	cr_expect_eq(ppi_parse_version("13", &a, &b), -EBADMSG);
	cr_expect_eq(ppi_parse_version(" 1.3", &a, &b), -EBADMSG);
}

Test(ppi_parse, request)
{
	struct ppi_request rq;

	cr_assert_eq(ppi_parse_request("0\n", &rq), 0);
	cr_expect_eq(rq.op, 0);
	cr_expect_not(rq.has_param);
	cr_assert_eq(ppi_parse_request("5\n", &rq), 0);
	cr_expect_eq(rq.op, 5);
	/* PPI 1.3, operation 23 (Set PCR banks) with its parameter: "%llu %llu\n" */
	cr_assert_eq(ppi_parse_request("23 2\n", &rq), 0);
	cr_expect_eq(rq.op, 23);
	cr_expect(rq.has_param);
	cr_expect_eq(rq.param, 2);
	cr_expect_eq(ppi_parse_request("", &rq), -ENODATA);
	cr_expect_eq(ppi_parse_request("5 x\n", &rq), -EBADMSG);
	cr_expect_eq(ppi_parse_request("-1\n", &rq), -EBADMSG);
	cr_expect_eq(ppi_parse_request("4294967296\n", &rq), -EBADMSG);
	cr_expect_eq(ppi_parse_request("5  2\n", &rq), -EBADMSG);
	cr_expect_eq(ppi_parse_request("5\n\n", &rq), -EBADMSG);
}

Test(ppi_parse, request_overlong_line)
{
	char text[400];
	struct ppi_request rq;

	memset(text, '1', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	cr_expect_eq(ppi_parse_request(text, &rq), -EBADMSG);
}

Test(ppi_parse, response_every_kernel_form)
{
	struct ppi_response r;

	cr_assert_eq(ppi_parse_response("0: No Recent Request\n", &r), 0);
	cr_expect_eq(r.kind, PPI_RSP_NONE);
	cr_expect_eq(r.op, 0);
	cr_assert_eq(ppi_parse_response("5 0: Success\n", &r), 0);
	cr_expect_eq(r.kind, PPI_RSP_SUCCESS);
	cr_expect_eq(r.op, 5);
	cr_assert_eq(ppi_parse_response("5 0xFFFFFFF0: User Abort\n", &r), 0);
	cr_expect_eq(r.kind, PPI_RSP_USER_ABORT);
	cr_expect_eq(r.code, 0xFFFFFFF0u);
	cr_assert_eq(ppi_parse_response("6 0xFFFFFFF1: BIOS Failure\n", &r), 0);
	cr_expect_eq(r.kind, PPI_RSP_BIOS_FAILURE);
	cr_expect_eq(r.op, 6);
	cr_assert_eq(ppi_parse_response("5 38: Corresponding TPM error\n", &r), 0);
	cr_expect_eq(r.kind, PPI_RSP_TPM_ERROR);
	cr_expect_eq(r.code, 38);
	cr_assert_eq(ppi_parse_response("5 4660: Error\n", &r), 0);
	cr_expect_eq(r.kind, PPI_RSP_ERROR);
	cr_expect_str_eq(ppi_response_token(PPI_RSP_USER_ABORT), "user-abort");
}

Test(ppi_parse, response_malformed)
{
	struct ppi_response r;

	cr_expect_eq(ppi_parse_response("", &r), -ENODATA);
	cr_expect_eq(ppi_parse_response("5: No Recent Request\n", &r), -EBADMSG);
	cr_expect_eq(ppi_parse_response("0 0: Success\n", &r), -EBADMSG);
	cr_expect_eq(ppi_parse_response("5 0xFFFFFFF0:\n", &r), -EBADMSG);
	cr_expect_eq(ppi_parse_response("5 0xFFFFFFF0: \n", &r), -EBADMSG);
	cr_expect_eq(ppi_parse_response("5 0x100000000: Error\n", &r), -EBADMSG);
	cr_expect_eq(ppi_parse_response("5 0: Succ\001ss\n", &r), -EBADMSG);
	cr_expect_eq(ppi_parse_response("garbage", &r), -EBADMSG);
	cr_expect_eq(ppi_parse_response("5 0x: Error\n", &r), -EBADMSG);
}

Test(ppi_parse, transition)
{
	uint32_t code = 9;

	cr_assert_eq(ppi_parse_transition("2: Reboot\n", &code), 0);
	cr_expect_eq(code, 2);
	cr_expect_str_eq(ppi_transition_token(code), "reboot");
	cr_expect_str_eq(ppi_transition_token(0), "none");
	cr_expect_str_eq(ppi_transition_token(1), "shutdown");
	cr_expect_str_eq(ppi_transition_token(3), "os-vendor-specific");
	cr_assert_eq(ppi_parse_transition("7: Error\n", &code), 0);
	cr_expect_str_eq(ppi_transition_token(code), "error");
	cr_expect_eq(ppi_parse_transition("2:Reboot\n", &code), -EBADMSG);
	cr_expect_eq(ppi_parse_transition("", &code), -ENODATA);
}

Test(ppi_parse, operations_ovmf_and_empty)
{
	struct ppi_ops ops;
	size_t line = 7;

	cr_assert_eq(ppi_parse_operations(ovmf_tcg, 0, PPI_TCG_LAST, &ops, &line), 0);
	cr_expect_eq(ops.count, 10);
	cr_expect_eq(ops.status[0], PPI_STATUS_USER_REQUIRED);
	cr_expect_eq(ops.status[5], PPI_STATUS_USER_REQUIRED);
	cr_expect_eq(ops.status[97], PPI_STATUS_USER_REQUIRED);
	cr_expect_eq(ops.status[6], PPI_STATUS_NOT_IMPLEMENTED);
	/* SeaBIOS: the kernel leaves out every "0: Not implemented" operation */
	cr_assert_eq(ppi_parse_operations("", 0, PPI_TCG_LAST, &ops, &line), 0);
	cr_expect_eq(ops.count, 0);
	cr_expect_eq(line, 0);
	/* every status the kernel prints, without a final newline */
	cr_assert_eq(ppi_parse_operations("1 1: BIOS only\n2 2: Blocked for OS by BIOS\n"
					  "3 3: User required\n4 4: User not required",
					  0, PPI_TCG_LAST, &ops, &line),
		     0);
	cr_expect_eq(ops.status[2], PPI_STATUS_BLOCKED);
	cr_expect_eq(ops.status[4], PPI_STATUS_USER_NOT_REQUIRED);
	cr_assert_eq(
	    ppi_parse_operations("130 4: User not required\n", PPI_VS_FIRST, 255, &ops, &line), 0);
	cr_expect_eq(ops.status[130], PPI_STATUS_USER_NOT_REQUIRED);
}

Test(ppi_parse, operations_malformed)
{
	struct ppi_ops ops;
	char line_buf[300];
	size_t line;

	cr_expect_eq(ppi_parse_operations("5 0: Not implemented\n", 0, PPI_TCG_LAST, &ops, &line),
		     -EBADMSG);
	cr_expect_eq(line, 1);
	cr_expect_eq(ppi_parse_operations("5 5: Other\n", 0, PPI_TCG_LAST, &ops, &line), -EBADMSG);
	cr_expect_eq(
	    ppi_parse_operations("5 3: User required\n5 4: x\n", 0, PPI_TCG_LAST, &ops, &line),
	    -EBADMSG);
	cr_expect_eq(line, 2, "an operation listed twice");
	cr_expect_eq(ppi_parse_operations("128 3: User required\n", 0, PPI_TCG_LAST, &ops, &line),
		     -EBADMSG);
	cr_expect_eq(ppi_parse_operations("5 3: User required\n", PPI_VS_FIRST, 255, &ops, &line),
		     -EBADMSG);
	cr_expect_eq(ppi_parse_operations("256 3: User required\n", PPI_VS_FIRST, 255, &ops, &line),
		     -EBADMSG);
	cr_expect_eq(ppi_parse_operations("0 3: User required\n\n", 0, PPI_TCG_LAST, &ops, &line),
		     -EBADMSG);
	cr_expect_eq(line, 2, "an empty line");
	cr_expect_eq(ops.count, 0, "a bad table leaves nothing behind");
	cr_expect_eq(ppi_parse_operations("\x7f\xff\x01", 0, PPI_TCG_LAST, &ops, &line), -EBADMSG);
	snprintf(line_buf, sizeof(line_buf), "5 3: %0250d\n", 1);
	cr_expect_eq(ppi_parse_operations(line_buf, 0, PPI_TCG_LAST, &ops, &line), -EBADMSG,
		     "a line longer than PPI_LINE_MAX");
}

Test(ppi_parse, status_tokens)
{
	enum ppi_status st;

	cr_expect_str_eq(ppi_status_token(PPI_STATUS_USER_REQUIRED), "user-required");
	cr_expect_str_eq(ppi_status_token(PPI_STATUS_BIOS_ONLY), "bios-only");
	cr_assert_eq(ppi_status_from_token("blocked", &st), 0);
	cr_expect_eq(st, PPI_STATUS_BLOCKED);
	cr_expect_eq(ppi_status_from_token("maybe", &st), -EINVAL);
	cr_expect(ppi_status_allowed(PPI_STATUS_USER_NOT_REQUIRED));
	cr_expect_not(ppi_status_allowed(PPI_STATUS_BIOS_ONLY));
}

/* ---- machine trees ---------------------------------------------------------------------- */

static void put(const char *rel, const char *text)
{
	scratch_write(&s, rel, text, strlen(text));
}

/*
 * tpm0 as the kernel shows it since 4.2: /sys/class/tpm/tpm0 a link to the
 * device, ppi/ in the device's tpm/tpm0 directory. A NULL text leaves the
 * file out. family goes straight into the facts, as the sysfs probe would
 * put it there (NULL: not known).
 */
static void chip(const char *family, const char *request, const char *response,
		 const char *transition, const char *tcg, const char *vs)
{
	char link[512];

	scratch_mkdirs(&s, PPI);
	scratch_mkdirs(&s, "sys/class/tpm");
	scratch_path(&s, link, sizeof(link), "sys/class/tpm/tpm0");
	cr_assert_eq(symlink("../../devices/pci0000:00/0000:00:01.0/MSFT0101:00/tpm/tpm0", link),
		     0);
	put(PPI "/version", "1.3\n");
	if (request)
		put(PPI "/request", request);
	if (response)
		put(PPI "/response", response);
	if (transition)
		put(PPI "/transition_action", transition);
	if (tcg)
		put(PPI "/tcg_operations", tcg);
	if (vs)
		put(PPI "/vs_operations", vs);
	if (family)
		cr_assert_eq(facts_set_str(fs, "tpm0.family", family, NULL), 0);
	cr_assert_eq(facts_set_bool(fs, "tpm0.ppi", true, NULL), 0);
}

static void probe(void)
{
	struct probe_ctx c = {0};

	if (root_open)
		rootfs_close(&root);
	cr_assert_eq(rootfs_open(s.root, &root), 0);
	root_open = true;
	c.root = &root;
	c.facts = fs;
	cr_assert_eq(probe_ppi(&c), 0);
}

/* The fact's value as reports print it. */
static void want_text(const char *key, const char *text)
{
	const struct fact *f = facts_get(fs, key);
	char got[2048];

	cr_assert_not_null(f, "no fact %s", key);
	fact_value_text(f, got, sizeof(got));
	cr_expect_str_eq(got, text, "%s", key);
}

/* ---- the probe -------------------------------------------------------------------------- */

Test(ppi_probe, ovmf_pending_clear)
{
	chip("2.0", "5\n", NONE, "2: Reboot\n", ovmf_tcg, "");
	probe();
	want_int(fs, "tpm0.ppi.request", 5);
	want_file_src(fs, "tpm0.ppi.request", REQ);
	want_str(fs, "tpm0.ppi.request.name", "Clear");
	cr_expect_null(facts_get(fs, "tpm0.ppi.request.parameter"));
	want_str(fs, "tpm0.ppi.request.next_boot",
		 "5 (Clear): the firmware clears the TPM with TPM2_Clear under platform "
		 "authorization, which empties the owner, endorsement and lockout passwords and "
		 "removes the persistent keys and NV indices made under the owner, at the next "
		 "reboot; before the OS starts the firmware shows what was requested and changes "
		 "nothing unless the person at the console accepts (EDK2-based firmware such as "
		 "OVMF: F12 accepts a clear, F10 other operations, ESC rejects; a serial console "
		 "may not be able to send F12); data sealed to the TPM cannot be unsealed "
		 "afterwards");
	cr_expect_eq(facts_get(fs, "tpm0.ppi.request.next_boot")->src.kind, FACT_SRC_DERIVED);
	want_int(fs, "tpm0.ppi.last_request", 0);
	want_str(fs, "tpm0.ppi.last_request.name", "none");
	want_str(fs, "tpm0.ppi.response", "none");
	want_file_src(fs, "tpm0.ppi.response", RSP);
	cr_expect_null(facts_get(fs, "tpm0.ppi.response.code"));
	want_str(fs, "tpm0.ppi.response.meaning", "The firmware reports no recent PPI request");
	want_str(fs, "tpm0.ppi.transition_action", "reboot");
	want_int(fs, "tpm0.ppi.transition_action.code", 2);
	want_text("tpm0.ppi.tcg_operations",
		  "0: user-required, 5: user-required, 14: user-required, 21: user-required, "
		  "22: user-required, 23: user-required, 24: user-required, 33: user-required, "
		  "96: user-required, 97: user-required");
	want_file_src(fs, "tpm0.ppi.tcg_operations", TCG);
	want_text("tpm0.ppi.vs_operations", "(none)");
	want_str(fs, "tpm0.ppi.op.5", "user-required");
	want_file_src(fs, "tpm0.ppi.op.5", TCG);
	cr_expect_null(facts_get(fs, "tpm0.ppi.op.6"), "not implemented: no key");
	want_text("tpm0.ppi.requestable", "5, 14, 21, 22, 23, 24, 33, 96, 97");
	want_bool(fs, "tpm0.ppi.implements_none", false);
	cr_expect(fact_key_known("tpm0.ppi.op.97"));
	cr_expect(fact_key_known("tpm0.ppi.request.next_boot"));
}

Test(ppi_probe, seabios_empty_tables)
{
	chip("1.2", "0\n", NONE, "2: Reboot\n", "", "");
	probe();
	want_int(fs, "tpm0.ppi.request", 0);
	want_str(fs, "tpm0.ppi.request.name", "none");
	want_str(fs, "tpm0.ppi.request.next_boot",
		 "nothing happens at the next reboot: no request is pending");
	want_text("tpm0.ppi.tcg_operations", "(none)");
	want_text("tpm0.ppi.requestable", "(none)");
	want_bool(fs, "tpm0.ppi.implements_none", true);
}

Test(ppi_probe, after_user_abort_success_and_failures)
{
	chip("2.0", "0\n", "5 0xFFFFFFF0: User Abort\n", "2: Reboot\n", ovmf_tcg, "");
	probe();
	want_int(fs, "tpm0.ppi.last_request", 5);
	want_str(fs, "tpm0.ppi.last_request.name", "Clear");
	want_str(fs, "tpm0.ppi.response", "user-abort");
	want_str(fs, "tpm0.ppi.response.code", "0xFFFFFFF0");
	want_str(fs, "tpm0.ppi.response.meaning",
		 "Operation 5 (Clear) was rejected at the firmware's prompt (User Abort); nothing "
		 "was changed");

	put(PPI "/response", "5 0: Success\n");
	probe();
	want_str(fs, "tpm0.ppi.response", "success");
	want_str(fs, "tpm0.ppi.response.code", "0x00000000");
	want_str(fs, "tpm0.ppi.response.meaning", "The firmware carried out operation 5 (Clear)");

	put(PPI "/response", "14 0xFFFFFFF1: BIOS Failure\n");
	probe();
	want_str(fs, "tpm0.ppi.response", "bios-failure");
	want_str(fs, "tpm0.ppi.response.meaning",
		 "The firmware failed to carry out operation 14 (Enable + Clear) (BIOS Failure)");

	put(PPI "/response", "5 4660: Error\n");
	probe();
	want_str(fs, "tpm0.ppi.response", "error");
	want_str(fs, "tpm0.ppi.response.meaning",
		 "The firmware reports error 0x00001234 for operation 5 (Clear)");
}

Test(ppi_probe, tpm12_tpm_error_decoded)
{
	chip("1.2", "0\n", "6 7: Corresponding TPM error\n", "2: Reboot\n", "", "");
	probe();
	want_str(fs, "tpm0.ppi.last_request.name", "Enable + Activate");
	want_str(fs, "tpm0.ppi.response", "tpm-error");
	want_str(fs, "tpm0.ppi.response.code", "0x00000007");
	want_str(fs, "tpm0.ppi.response.meaning",
		 "The TPM refused operation 6 (Enable + Activate): TPM_DISABLED: the TPM is "
		 "disabled and refuses most commands until it is enabled again (0x7)");
}

Test(ppi_probe, request_with_parameter_and_unknown_family)
{
	chip(NULL, "23 2\n", NONE, "2: Reboot\n", ovmf_tcg, "");
	probe();
	want_int(fs, "tpm0.ppi.request", 23);
	want_int(fs, "tpm0.ppi.request.parameter", 2);
	want_str(fs, "tpm0.ppi.request.name", "operation 23");
}

Test(ppi_probe, vendor_specific_table)
{
	chip("2.0", "130\n", NONE, "1: Shutdown\n", "", "130 4: User not required\n");
	probe();
	want_str(fs, "tpm0.ppi.request.name", "vendor-specific operation 130");
	want_str(fs, "tpm0.ppi.transition_action", "shutdown");
	want_text("tpm0.ppi.vs_operations", "130: user-not-required");
	want_str(fs, "tpm0.ppi.op.130", "user-not-required");
	want_text("tpm0.ppi.requestable", "130");
	want_bool(fs, "tpm0.ppi.implements_none", false);
	want_str(fs, "tpm0.ppi.request.next_boot",
		 "130 (vendor-specific operation 130): the firmware carries out the operation, "
		 "after a shutdown and power-on (the firmware wants a full power cycle); the "
		 "firmware carries it out without asking");
}

Test(ppi_probe, kernel_before_4_2_device_ppi)
{
	char link[512];

	/* the class directory without ppi/, which is only under device/ */
	scratch_mkdirs(&s, "sys/class/tpm/tpm0");
	scratch_mkdirs(&s, "sys/devices/pnp0/00:06/ppi");
	scratch_path(&s, link, sizeof(link), "sys/class/tpm/tpm0/device");
	cr_assert_eq(symlink("../../../devices/pnp0/00:06", link), 0);
	put("sys/devices/pnp0/00:06/ppi/request", "0\n");
	put("sys/devices/pnp0/00:06/ppi/response", NONE);
	put("sys/devices/pnp0/00:06/ppi/transition_action", "2: Reboot\n");
	put("sys/devices/pnp0/00:06/ppi/tcg_operations", "6 3: User required\n");
	put("sys/devices/pnp0/00:06/ppi/vs_operations", "");
	cr_assert_eq(facts_set_str(fs, "tpm0.family", "1.2", NULL), 0);
	probe();
	want_int(fs, "tpm0.ppi.request", 0);
	want_file_src(fs, "tpm0.ppi.request", "/sys/class/tpm/tpm0/device/ppi/request");
	want_str(fs, "tpm0.ppi.op.6", "user-required");
}

Test(ppi_probe, no_ppi_directory_no_facts)
{
	scratch_mkdirs(&s, "sys/class/tpm/tpm0");
	probe();
	cr_expect_eq(facts_count(fs), 0);
}

Test(ppi_probe, unreadable_and_malformed_files)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char dir[512];
	int sk;

	chip("2.0", NULL, "garbage\001\n", "2: Reboot\n",
	     "0 3: User required\n5 3: User required\nfive 3: User required\n", NULL);
	/* open() of a socket fails with ENXIO, the errno the kernel gives when the _DSM fails */
	scratch_path(&s, dir, sizeof(dir), PPI);
	cr_assert_eq(chdir(dir), 0); /* sun_path is short; each test is a process of its own */
	snprintf(sa.sun_path, sizeof(sa.sun_path), "request");
	sk = socket(AF_UNIX, SOCK_STREAM, 0);
	cr_assert_geq(sk, 0);
	cr_assert_eq(bind(sk, (struct sockaddr *)&sa, sizeof(sa)), 0);
	probe();
	close(sk);
	want_unreadable(
	    fs, "tpm0.ppi.request", FACT_FAILED,
	    "request: the firmware's ACPI PPI method (_DSM) could not be run (the kernel "
	    "returned ENXIO)");
	want_unreadable(fs, "tpm0.ppi.request.name", FACT_FAILED, NULL);
	want_unreadable(fs, "tpm0.ppi.request.next_boot", FACT_FAILED, NULL);
	want_unreadable(fs, "tpm0.ppi.response", FACT_MALFORMED,
			"response is not what the kernel writes: \"garbage\\x01\\n\"");
	want_file_src(fs, "tpm0.ppi.response", RSP);
	want_unreadable(fs, "tpm0.ppi.last_request", FACT_MALFORMED, NULL);
	want_unreadable(fs, "tpm0.ppi.tcg_operations", FACT_MALFORMED,
			"tcg_operations line 3 is not what the kernel writes: \"five 3: User "
			"required\"");
	cr_expect_null(facts_get(fs, "tpm0.ppi.op.5"), "a bad table gives no operations");
	want_unreadable(fs, "tpm0.ppi.vs_operations", FACT_ABSENT, NULL);
	want_unreadable(fs, "tpm0.ppi.requestable", FACT_FAILED,
			"the operation tables could not be read");
	want_unreadable(fs, "tpm0.ppi.implements_none", FACT_FAILED, NULL);
	want_str(fs, "tpm0.ppi.transition_action", "reboot");
}

Test(ppi_probe, overlong_and_empty_files)
{
	char *big = malloc(9000);

	cr_assert_not_null(big);
	memset(big, '5', 8999);
	big[8999] = '\0';
	chip("2.0", "", NONE, big, ovmf_tcg, "");
	free(big);
	probe();
	want_unreadable(fs, "tpm0.ppi.request", FACT_MALFORMED,
			"request is empty, which the kernel never writes");
	want_unreadable(fs, "tpm0.ppi.transition_action", FACT_MALFORMED,
			"transition_action: longer than a page, which the kernel never writes");
	want_str(fs, "tpm0.ppi.response", "none");
}

/* ---- the planner -------------------------------------------------------------------------- */

Test(ppi_plan, ovmf_clear)
{
	struct ppi_plan p;
	char why[512];

	chip("2.0", "0\n", NONE, "2: Reboot\n", ovmf_tcg, "");
	probe();
	cr_assert_eq(ppi_plan(fs, 0, PPI_ACT_CLEAR, &p, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(p.op, 5);
	cr_expect_eq(p.status, PPI_STATUS_USER_REQUIRED);
	cr_expect(p.user_confirms);
	cr_expect(p.erases);
	cr_expect_eq(p.replaces, 0);
	cr_expect_str_eq(p.transition, "reboot");
	cr_expect_str_eq(p.request_path, REQ);
	cr_expect_str_eq(why, "write 5 (Clear) to /sys/class/tpm/tpm0/ppi/request; at the next "
			      "boot the firmware asks the person at the console to confirm");
	cr_expect(strstr(p.next_boot, ". The firmware may reboot once more by itself; afterwards "
				      "`tpmdiag check` reads its answer from ppi/response"));
	cr_assert_eq(ppi_plan(fs, 0, PPI_ACT_ENABLE_ACTIVATE_CLEAR, &p, why, sizeof(why)), 0);
	cr_expect_eq(p.op, 14, "TPM 2.0: Enable + Clear");
}

Test(ppi_plan, print)
{
	struct ppi_plan p;
	char why[512], *out = NULL;
	size_t len = 0;
	FILE *f;

	chip("2.0", "14\n", NONE, "2: Reboot\n", ovmf_tcg, "");
	probe();
	cr_assert_eq(ppi_plan(fs, 0, PPI_ACT_CLEAR, &p, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(p.replaces, 14);
	f = open_memstream(&out, &len);
	cr_assert_not_null(f);
	ppi_plan_print(&p, f);
	fclose(f);
	cr_expect_str_eq(
	    out,
	    "    ppi-clear on tpm0 (TPM 2.0), through the firmware (PPI):\n"
	    "      write:      5 (Clear) to /sys/class/tpm/tpm0/ppi/request\n"
	    "      firmware:   allowed; the person at the console must confirm it\n"
	    "      next boot:  5 (Clear): the firmware clears the TPM with TPM2_Clear under "
	    "platform authorization, which empties the owner, endorsement and lockout passwords "
	    "and removes the persistent keys and NV indices made under the owner, at the next "
	    "reboot; before the OS starts the firmware shows what was requested and changes "
	    "nothing unless the person at the console accepts (EDK2-based firmware such as "
	    "OVMF: F12 accepts a clear, F10 other operations, ESC rejects; a serial console may "
	    "not be able to send F12); data sealed to the TPM cannot be unsealed afterwards. It "
	    "replaces the pending request 14 (Enable + Clear). The firmware may reboot once "
	    "more by itself; afterwards `tpmdiag check` reads its answer from ppi/response\n"
	    "      destroys:   the TPM's owner and every key it protects\n"
	    "      then:       reboot the machine yourself; tpmdiag never does\n");
	free(out);
}

Test(ppi_plan, refuses_what_the_firmware_does_not_implement)
{
	struct ppi_plan p;
	char why[512];

	chip("2.0", "0\n", NONE, "2: Reboot\n", ovmf_tcg, "");
	probe();
	cr_expect_eq(ppi_plan(fs, 0, PPI_ACT_ENABLE_ACTIVATE, &p, why, sizeof(why)), -EOPNOTSUPP);
	cr_expect_str_eq(why,
			 "the firmware of tpm0 implements none of 1 (Enable) through PPI (it "
			 "offers the OS only operations 5, 14, 21, 22, 23, 24, 33, 96, 97): use "
			 "its setup menu");
}

Test(ppi_plan, seabios_offers_nothing)
{
	struct ppi_plan p;
	char why[512];

	chip("1.2", "0\n", NONE, "2: Reboot\n", "", "");
	probe();
	cr_expect_eq(ppi_plan(fs, 0, PPI_ACT_ENABLE_ACTIVATE, &p, why, sizeof(why)), -EOPNOTSUPP);
	cr_expect_str_eq(why,
			 "the firmware of tpm0 implements none of 6 (Enable + Activate), 10 "
			 "(Enable + Activate + SetOwnerInstall TRUE) through PPI (it offers the "
			 "OS no operation at all): use its setup menu");
	cr_expect_eq(ppi_plan(fs, 0, PPI_ACT_CANCEL, &p, why, sizeof(why)), -EOPNOTSUPP);
}

Test(ppi_plan, refuses_bios_only_and_blocked)
{
	struct ppi_plan p;
	char why[512];

	chip("1.2", "0\n", NONE, "2: Reboot\n",
	     "5 2: Blocked for OS by BIOS\n6 1: BIOS only\n14 3: User required\n", "");
	probe();
	cr_expect_eq(ppi_plan(fs, 0, PPI_ACT_ENABLE_ACTIVATE, &p, why, sizeof(why)), -EPERM);
	cr_expect_str_eq(why, "the firmware of tpm0 marks operation 6 (Enable + Activate) \"BIOS "
			      "only\": only its setup menu can do it");
	cr_expect_eq(ppi_plan(fs, 0, PPI_ACT_CLEAR, &p, why, sizeof(why)), -EPERM);
	cr_expect_str_eq(why, "the firmware of tpm0 marks operation 5 (Clear) \"blocked for the "
			      "OS\" (a firmware setting): only its setup menu can do it");
	/* 22 is not implemented, 14 (Clear + Enable + Activate) is */
	cr_assert_eq(ppi_plan(fs, 0, PPI_ACT_ENABLE_ACTIVATE_CLEAR, &p, why, sizeof(why)), 0);
	cr_expect_eq(p.op, 14);
	cr_expect_str_eq(p.info->name, "Clear + Enable + Activate");
}

Test(ppi_plan, pending_and_cancel)
{
	struct ppi_plan p;
	char why[512];

	chip("2.0", "5\n", NONE, "2: Reboot\n", ovmf_tcg, "");
	probe();
	cr_expect_eq(ppi_plan(fs, 0, PPI_ACT_CLEAR, &p, why, sizeof(why)), -EALREADY);
	cr_expect_str_eq(why, "operation 5 (Clear) is already pending for tpm0: reboot to have the "
			      "firmware carry it out");
	cr_assert_eq(ppi_plan(fs, 0, PPI_ACT_CANCEL, &p, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(p.op, 0);
	cr_expect_eq(p.replaces, 5);
	cr_expect_not(p.erases);
	cr_expect_str_eq(p.next_boot, "writing 0 withdraws the pending request 5 (Clear): nothing "
				      "happens at the next boot");
	cr_expect_str_eq(why, "write 0 (No operation) to /sys/class/tpm/tpm0/ppi/request; the "
			      "pending request is withdrawn");
	put(PPI "/request", "0\n");
	probe();
	cr_expect_eq(ppi_plan(fs, 0, PPI_ACT_CANCEL, &p, why, sizeof(why)), -EALREADY);
	cr_expect_str_eq(why, "no PPI request is pending for tpm0: nothing to cancel");
}

Test(ppi_plan, no_ppi_unknown_family_unreadable_table)
{
	struct ppi_plan p;
	char why[512];

	cr_expect_eq(ppi_plan(fs, 0, PPI_ACT_CLEAR, &p, why, sizeof(why)), -ENODEV);
	cr_expect_str_eq(why, "tpm0 has no physical presence interface (no "
			      "/sys/class/tpm/tpm0/ppi): the firmware does not offer one; use its "
			      "setup menu");
	chip(NULL, "0\n", NONE, "2: Reboot\n", NULL, "");
	probe();
	cr_expect_eq(ppi_plan(fs, 0, PPI_ACT_CLEAR, &p, why, sizeof(why)), -EINVAL);
	cr_assert_eq(facts_set_str(fs, "tpm0.family", "1.2", NULL), 0);
	/* no tcg_operations: the firmware's answer is not known, the request is tried */
	cr_assert_eq(ppi_plan(fs, 0, PPI_ACT_ENABLE_ACTIVATE, &p, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(p.op, 6);
	cr_expect_eq(p.status, PPI_STATUS_UNKNOWN);
	cr_expect(p.user_confirms, "Enable + Activate asks by default");
}

Test(ppi_plan, names_and_table)
{
	enum ppi_action a;
	char buf[96];
	size_t n, i;
	const struct ppi_op *t = ppi_op_table(&n);
	const uint32_t *c;

	cr_assert_eq(ppi_action_from_name("ppi-enable-activate-clear", &a), 0);
	cr_expect_eq(a, PPI_ACT_ENABLE_ACTIVATE_CLEAR);
	cr_expect_str_eq(ppi_action_name(PPI_ACT_CANCEL), "ppi-cancel");
	cr_expect_eq(ppi_action_from_name("clear", &a), -ENOENT);
	cr_expect_str_eq(ppi_op_name(TPM_FAMILY_12, 22, buf, sizeof(buf)),
			 "Enable + Activate + Clear + Enable + Activate");
	cr_expect_str_eq(ppi_op_name(TPM_FAMILY_20, 14, buf, sizeof(buf)), "Enable + Clear");
	cr_expect_str_eq(ppi_op_name(TPM_FAMILY_20, 6, buf, sizeof(buf)),
			 "operation 6 (not defined by PPI 1.3 for TPM 2.0)");
	cr_expect_str_eq(ppi_op_name(TPM_FAMILY_12, 200, buf, sizeof(buf)),
			 "vendor-specific operation 200");
	/* the table: 0..22 for TPM 1.2 once each; TPM 2.0's numbers from PPI 1.3 table 2 */
	for (i = 0; i <= 22; i++)
		cr_expect_not_null(ppi_op_find(TPM_FAMILY_12, (uint32_t)i), "1.2 op %zu", i);
	cr_expect_null(ppi_op_find(TPM_FAMILY_20, 3));
	cr_expect_not_null(ppi_op_find(TPM_FAMILY_20, 101));
	for (i = 0; i < n; i++)
		cr_expect(ppi_op_find(t[i].family, t[i].op) == &t[i], "op %u listed twice",
			  t[i].op);
	c = ppi_plan_candidates(PPI_ACT_CLEAR, TPM_FAMILY_20, &n);
	cr_assert_eq(n, 4);
	cr_expect_eq(c[0], 5);
	c = ppi_plan_candidates(PPI_ACT_ENABLE_ACTIVATE_CLEAR, TPM_FAMILY_12, &n);
	cr_expect_eq(c[0], 22, "1.2: ends enabled and active, ready for a new owner");
	cr_expect_null(ppi_plan_candidates(PPI_ACT_CLEAR, TPM_FAMILY_UNKNOWN, &n));
}

/* ---- after the reboot ---------------------------------------------------------------------- */

Test(ppi_plan, outcome)
{
	enum ppi_outcome o;
	char why[512];

	chip("2.0", "5\n", NONE, "2: Reboot\n", ovmf_tcg, "");
	probe();
	cr_assert_eq(ppi_outcome(fs, 0, 5, &o, why, sizeof(why)), 0);
	cr_expect_eq(o, PPI_OUTCOME_PENDING);
	put(PPI "/request", "0\n");
	put(PPI "/response", "5 0: Success\n");
	probe();
	cr_assert_eq(ppi_outcome(fs, 0, 5, &o, why, sizeof(why)), 0);
	cr_expect_eq(o, PPI_OUTCOME_SUCCESS);
	cr_expect_str_eq(why, "the firmware carried out operation 5 (Clear)");
	put(PPI "/response", "5 0xFFFFFFF0: User Abort\n");
	probe();
	cr_assert_eq(ppi_outcome(fs, 0, 5, &o, why, sizeof(why)), 0);
	cr_expect_eq(o, PPI_OUTCOME_USER_ABORT);
	put(PPI "/response", "5 0xFFFFFFF1: BIOS Failure\n");
	probe();
	cr_assert_eq(ppi_outcome(fs, 0, 5, &o, why, sizeof(why)), 0);
	cr_expect_eq(o, PPI_OUTCOME_FAILED);
	cr_assert_eq(ppi_outcome(fs, 0, 14, &o, why, sizeof(why)), 0);
	cr_expect_eq(o, PPI_OUTCOME_NOT_SEEN);
	cr_expect_str_eq(why, "the firmware did not carry out operation 14 (Enable + Clear): the "
			      "last operation it acted on is 5 (Clear); the request was withdrawn, "
			      "replaced or ignored");
	put(PPI "/response", "bad\n");
	probe();
	cr_expect_eq(ppi_outcome(fs, 0, 5, &o, why, sizeof(why)), -ENODATA);
	cr_expect_eq(o, PPI_OUTCOME_UNKNOWN);
}

/* ---- the writer ---------------------------------------------------------------------- */

static void read_file(const char *rel, char *buf, size_t cap)
{
	char p[512];
	FILE *f;
	size_t n;

	scratch_path(&s, p, sizeof(p), rel);
	f = fopen(p, "r");
	cr_assert_not_null(f, "%s", p);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
}

Test(ppi_write, writes_and_reads_back)
{
	char sysfs[512], why[4400], path[512], text[32];
	uint32_t back = 99;

	chip("2.0", "22\n", NONE, "2: Reboot\n", ovmf_tcg, "");
	scratch_path(&s, sysfs, sizeof(sysfs), "sys");
	cr_assert_eq(ppi_request_write(sysfs, 0, 5, &back, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(back, 5);
	read_file(PPI "/request", text, sizeof(text));
	cr_expect_str_eq(text, "5\n");
	snprintf(path, sizeof(path), "%s/class/tpm/tpm0/ppi/request now reads 5", sysfs);
	cr_expect_str_eq(why, path);
	/* a shorter value over a longer one: the file holds only the new one */
	put(PPI "/request", "22\n");
	cr_assert_eq(ppi_request_write(sysfs, 0, 0, &back, why, sizeof(why)), 0, "%s", why);
	cr_expect_eq(back, 0);
	read_file(PPI "/request", text, sizeof(text));
	cr_expect_str_eq(text, "0\n");
}

Test(ppi_write, device_ppi_of_old_kernels)
{
	char sysfs[512], why[4400], link[512], text[32];
	uint32_t back;

	scratch_mkdirs(&s, "sys/class/tpm/tpm0");
	put("sys/devices/pnp0/00:06/ppi/request", "0\n");
	scratch_path(&s, link, sizeof(link), "sys/class/tpm/tpm0/device");
	cr_assert_eq(symlink("../../../devices/pnp0/00:06", link), 0);
	scratch_path(&s, sysfs, sizeof(sysfs), "sys");
	cr_assert_eq(ppi_request_write(sysfs, 0, 6, &back, why, sizeof(why)), 0, "%s", why);
	read_file("sys/devices/pnp0/00:06/ppi/request", text, sizeof(text));
	cr_expect_str_eq(text, "6\n");
}

Test(ppi_write, refusals)
{
	char sysfs[512], why[4400], want[4400];
	uint32_t back;

	scratch_mkdirs(&s, "sys/class/tpm/tpm0");
	scratch_path(&s, sysfs, sizeof(sysfs), "sys");
	cr_expect_eq(ppi_request_write(sysfs, 0, 5, &back, why, sizeof(why)), -ENOENT);
	snprintf(want, sizeof(want),
		 "cannot request operation 5 through %s/class/tpm/tpm0/ppi/request: the file is "
		 "not there: the chip has no physical presence interface",
		 sysfs);
	cr_expect_str_eq(why, want);
	cr_expect_eq(ppi_request_write(sysfs, 0, 256, &back, why, sizeof(why)), -EINVAL);
	cr_expect_str_eq(why, "256 is not a PPI operation (0..255)");
	/* something that is not a file: the errno in words */
	scratch_mkdirs(&s, "sys/class/tpm/tpm0/ppi/request");
	cr_expect_eq(ppi_request_write(sysfs, 0, 5, &back, why, sizeof(why)), -EISDIR);
	snprintf(want, sizeof(want),
		 "cannot request operation 5 through %s/class/tpm/tpm0/ppi/request: Is a directory",
		 sysfs);
	cr_expect_str_eq(why, want);
}

Test(ppi_write, what_the_kernel_errors_mean)
{
	char buf[512];

	cr_expect_str_eq(ppi_write_error_text(EPERM, buf, sizeof(buf), REQ, 6),
			 "cannot request operation 6 through /sys/class/tpm/tpm0/ppi/request: the "
			 "firmware refused it: its PPI answers that it does not implement this "
			 "operation (the kernel reports that answer as EPERM)");
	cr_expect_str_eq(
	    ppi_write_error_text(-EFAULT, buf, sizeof(buf), REQ, 5),
	    "cannot request operation 5 through /sys/class/tpm/tpm0/ppi/request: the "
	    "firmware refused it: its PPI answered with a general failure or \"blocked by "
	    "the firmware's settings\" (EFAULT)");
	cr_expect_str_eq(ppi_write_error_text(ENXIO, buf, sizeof(buf), REQ, 5),
			 "cannot request operation 5 through /sys/class/tpm/tpm0/ppi/request: the "
			 "firmware's ACPI PPI method (_DSM) could not be run (ENXIO)");
	cr_expect_str_eq(ppi_write_error_text(EACCES, buf, sizeof(buf), REQ, 5),
			 "cannot request operation 5 through /sys/class/tpm/tpm0/ppi/request: only "
			 "root may write the file (EACCES)");
}

/* ---- the rules no fixture fires ------------------------------------------------------------ */

static struct findings fi;
static struct ruleset *rs;

static void rules_teardown(void)
{
	findings_free(&fi);
	ruleset_free(rs);
	rs = NULL;
	ppi_teardown();
}

TestSuite(ppi_rules, .init = ppi_setup, .fini = rules_teardown);

static const struct finding *fired(const char *id)
{
	size_t i;

	for (i = 0; i < fi.n; i++)
		if (!strcmp(fi.f[i].rule->id, id))
			return &fi.f[i];
	return NULL;
}

/* The built-in rules over the facts; the findings point into the rules, kept until teardown. */
static void evaluate(void)
{
	static const char *const devs[] = {"tpm0"};
	struct kmsg_log *log;

	cr_assert_eq(facts_set_list(fs, "tpm.devices", devs, 1, NULL), 0);
	cr_assert_eq(facts_set_bool(fs, "firmware.acpi", true, NULL), 0);
	if (!rs) {
		cr_assert_eq(ruleset_new(&rs), 0);
		cr_assert_eq(ruleset_load_builtin(rs), 0);
		cr_assert_eq(ruleset_finish(rs), 0);
	}
	findings_free(&fi);
	memset(&fi, 0, sizeof(fi));
	cr_assert_eq(kmsg_log_new(&log), 0);
	cr_assert_eq(rules_evaluate(rs, fs, log, &fi), 0);
	kmsg_log_free(log);
}

Test(ppi_rules, request_ignored_by_seabios)
{
	/* lab cases 1b and 2: 6 forced into SeaBIOS's PPI memory stays pending */
	chip("1.2", "6\n", NONE, "2: Reboot\n", "", "");
	probe();
	evaluate();
	cr_assert_not_null(fired("ppi-request-ignored"));
	cr_expect_str_eq(
	    fired("ppi-request-ignored")->title,
	    "The pending PPI request of tpm0 (operation 6) will not be carried out: the "
	    "firmware implements no PPI operation");
	cr_expect_not_null(fired("ppi-request-pending"));
	cr_expect_not_null(fired("ppi-implements-nothing"));
}

Test(ppi_rules, failed_blocked_unreadable)
{
	chip("2.0", "0\n", "5 0xFFFFFFF1: BIOS Failure\n", "2: Reboot\n",
	     "5 1: BIOS only\n14 2: Blocked for OS by BIOS\n", "");
	probe();
	evaluate();
	cr_assert_not_null(fired("ppi-failed"));
	cr_expect_eq(fired("ppi-failed")->rule->severity, SEV_ERROR);
	cr_expect_str_eq(fired("ppi-failed")->title,
			 "The firmware could not carry out PPI operation 5 (Clear) on tpm0");
	cr_expect_not_null(fired("ppi-all-blocked"));
	cr_expect_null(fired("ppi-implements-nothing"));
	cr_expect_null(fired("ppi-unreadable"));
	put(PPI "/response", "");
	probe();
	evaluate();
	cr_expect_not_null(fired("ppi-unreadable"));
}

Test(ppi_rules, absent_and_routes)
{
	scratch_mkdirs(&s, "sys/class/tpm/tpm0");
	cr_assert_eq(facts_set_bool(fs, "tpm0.ppi", false, NULL), 0);
	probe();
	evaluate();
	cr_expect_not_null(fired("ppi-absent"));
}

Test(ppi_rules, route_enable_activate_for_a_deactivated_tpm12)
{
	chip("1.2", "0\n", NONE, "2: Reboot\n", "6 3: User required\n22 3: User required\n", "");
	cr_assert_eq(facts_set_bool(fs, "tpm0.active", false, NULL), 0);
	probe();
	evaluate();
	cr_assert_not_null(fired("ppi-route-enable-activate"));
	cr_expect_str_eq(
	    fired("ppi-route-enable-activate")->remedy[0],
	    "Request it: tpmdiag fix ppi-enable-activate --yes, then reboot and confirm "
	    "at the firmware's prompt.");
	cr_expect_null(fired("ppi-route-clear"), "the TPM has no owner");
	cr_assert_eq(facts_set_bool(fs, "tpm0.owned", true, NULL), 0);
	evaluate();
	cr_expect_not_null(fired("ppi-route-clear"));
}
