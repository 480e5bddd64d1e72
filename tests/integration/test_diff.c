// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tpmdiag diff on the event logs of real boots (fixtures/eventlog): the
 * same firmware and disk with two kernels (PCR 4 alone), the same ESP with
 * Secure Boot on and off (PCR 7's variables, and the loader's extra
 * measurements in PCR 4), and a log against itself. The PCR values it
 * prints are checked against the guests' own pcrs.txt.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "tests/integration/swtpm_proc.h"

#define OUT_MAX 262144
#define EV	"fixtures/eventlog/"
#define LOG	"/binary_bios_measurements"

static char out[OUT_MAX];

TestSuite(diff, .timeout = 30);

#define expect_has(s)	cr_expect(strstr(out, s), "output lacks '%s':\n%s", s, out)
#define expect_lacks(s) cr_expect(!strstr(out, s), "output has '%s':\n%s", s, out)

/* "BANK PCR HEX" of a capture's pcrs.txt into val, or "". */
static void guest_pcr(const char *capture, const char *bank, unsigned pcr, char *val, size_t cap)
{
	char path[256], b[16], h[160];
	unsigned n;
	FILE *f;

	val[0] = '\0';
	snprintf(path, sizeof(path), EV "%s/pcrs.txt", capture);
	f = fopen(path, "r");
	cr_assert(f, "%s", path);
	while (fscanf(f, "%15s %u %159s", b, &n, h) == 3)
		if (!strcmp(b, bank) && n == pcr)
			snprintf(val, cap, "%s", h);
	fclose(f);
}

Test(diff, two_kernels_change_pcr_4_alone)
{
	char want[200], v[160];

	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "diff " EV "ovmf-tpm20-sb-off-k1" LOG " " EV
				 "ovmf-tpm20-sb-off-k2" LOG),
		     0, "%s", out);
	expect_has("PCR 4 changed: the boot manager, boot loader and kernel it started");
	expect_has("  - event 10 EV_EFI_BOOT_SERVICES_APPLICATION changed its digest: boot "
		   "application VenMedia(1428f772-b64a-441e-b8c3-9ebdd7f893c7)/kernel\n");
	expect_has("A secret sealed to a set of PCRs that includes PCR 4 no longer unseals");
	expect_lacks("PCR 0 changed");
	expect_lacks("PCR 7 changed");
	/* the values are the guests' own */
	guest_pcr("ovmf-tpm20-sb-off-k1", "sha256", 4, v, sizeof(v));
	snprintf(want, sizeof(want), "  old %s\n", v);
	expect_has(want);
	guest_pcr("ovmf-tpm20-sb-off-k2", "sha256", 4, v, sizeof(v));
	snprintf(want, sizeof(want), "  new %s\n", v);
	expect_has(want);
}

Test(diff, secure_boot_off_changes_pcr_7_by_its_variables)
{
	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "diff " EV "ovmf-tpm20-sb-on-k1" LOG " " EV
				 "ovmf-tpm20-sb-off-k1-esp" LOG),
		     0, "%s", out);
	expect_has("PCR 7 changed: Secure Boot: its state, PK, KEK, db, dbx");
	expect_has("  - event 4 EV_EFI_VARIABLE_DRIVER_CONFIG changed: EFI variable SecureBoot = 1 "
		   "-> EFI variable SecureBoot = 0\n");
	expect_has("EFI variable dbx = 1 SHA-256 hash -> EFI variable dbx (empty)");
	expect_has("includes any of PCRs 0, 4 and 7 no longer unseals");
}

Test(diff, a_log_against_itself)
{
	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "diff " EV "seabios-tpm12" LOG " " EV "seabios-tpm12" LOG),
		     0, "%s", out);
	expect_has("bank compared: sha1");
	expect_has("The two event logs are the same: no PCR differs.");
}

Test(diff, json_names_every_changed_pcr_and_event)
{
	struct json_object *doc, *ch, *p, *v, *evs, *e;

	cr_assert_eq(run_tpmdiag(out, sizeof(out),
				 "diff --format json " EV "ovmf-tpm20-sb-off-k1" LOG " " EV
				 "ovmf-tpm20-sb-off-k2" LOG),
		     0, "%s", out);
	doc = json_tokener_parse(out);
	cr_assert(doc, "%s", out);
	cr_assert(json_object_object_get_ex(doc, "schema", &v));
	cr_expect_str_eq(json_object_get_string(v), "tpmdiag-eventlog-diff/1");
	cr_assert(json_object_object_get_ex(doc, "changed", &ch));
	cr_assert_eq(json_object_array_length(ch), 1);
	p = json_object_array_get_idx(ch, 0);
	cr_assert(json_object_object_get_ex(p, "pcr", &v));
	cr_expect_eq(json_object_get_int(v), 4);
	cr_assert(json_object_object_get_ex(p, "events", &evs));
	cr_assert_eq(json_object_array_length(evs), 1);
	e = json_object_array_get_idx(evs, 0);
	cr_assert(json_object_object_get_ex(e, "change", &v));
	cr_expect_str_eq(json_object_get_string(v), "changed");
	cr_assert(json_object_object_get_ex(e, "new_type", &v));
	cr_expect_str_eq(json_object_get_string(v), "EV_EFI_BOOT_SERVICES_APPLICATION");
	json_object_put(doc);
}

Test(diff, usage_and_bad_input)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "diff " EV "seabios-tpm12" LOG), 1);
	expect_has("usage: diff [--format text|json|markdown] OLD NEW");
	cr_expect_eq(run_tpmdiag(out, sizeof(out),
				 "diff " EV "seabios-tpm12/pcrs.txt " EV "seabios-tpm12" LOG),
		     2);
	expect_has("tpmdiag diff: " EV "seabios-tpm12/pcrs.txt: ");
}
