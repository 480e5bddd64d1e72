// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a technician pastes about the chip (tpm_version, tpm2_getcap
 * properties-fixed) through `tpmdiag analyze FILE`: the chip's maker and
 * firmware are read from it, and the knowledge base judges them. The
 * swtpm captures are real tool output; the Infineon ones are those
 * captures with the vendor and version edited (fixtures/chip-text/README.md).
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "tests/integration/swtpm_proc.h"

#define CT "fixtures/chip-text/"

static char out[65536];

#define has(s)	 cr_expect(strstr(out, s), "output lacks '%s':\n%s", s, out)
#define lacks(s) cr_expect(!strstr(out, s), "output has '%s':\n%s", s, out)

TestSuite(chip_text, .timeout = 60);

/* The -v fact listing has "key   value  [source]": whether key's value is v. */
static bool fact_is(const char *key, const char *v)
{
	char needle[96];
	const char *p;

	snprintf(needle, sizeof(needle), "\n%s ", key);
	p = strstr(out, needle);
	if (!p)
		return false;
	p += strlen(needle);
	while (*p == ' ')
		p++;
	return !strncmp(p, v, strlen(v)) && p[strlen(v)] == ' ';
}

#define fact(k, v) cr_expect(fact_is(k, v), "no fact %s = %s:\n%s", k, v, out)

/* The issue's own example: an Infineon 1.2 with firmware 4.32 is named ROCA, with the fix. */
Test(chip_text, an_infineon_4_32_is_open_to_roca)
{
	int rc = run_tpmdiag(out, sizeof(out), "analyze " CT "tpm_version-ifx-4.32.txt");

	cr_expect_eq(rc, 8, "exit %d: the warning bit alone", rc);
	has("WARNING tpm0: this Infineon TPM firmware makes RSA keys open to ROCA "
	    "(CVE-2017-15361)");
	has("[kb-infineon-roca]");
	has("tpm0.chip.manufacturer = IFX");
	has("tpm0.chip.firmware = 4.32");
	has("1. Update the TPM firmware");
	has("regenerated");
	has("Verdict: 0 errors, 1 warning");
}

/* 4.43 is past the 4.40-4.42 range: no ROCA; the update-limit note stays. */
Test(chip_text, an_infineon_4_43_is_not)
{
	int rc = run_tpmdiag(out, sizeof(out), "analyze " CT "tpm_version-ifx-4.43.txt");

	cr_expect_eq(rc, 0, "exit %d", rc);
	lacks("ROCA");
	has("tpm0.chip.firmware = 4.43");
	has("[kb-infineon-update-limit]");
	has("Verdict: no problem found");
}

/* Real tpm_version output (tpm-tools 1.3.9 against swtpm 1.2), stray bytes before it and all. */
Test(chip_text, tpm_version_of_a_real_swtpm)
{
	int rc = run_tpmdiag(out, sizeof(out), "analyze -v " CT "tpm_version-swtpm12.txt");
	cr_expect_eq(rc, 0, "exit %d", rc);
	fact("tpm0.chip.manufacturer", "IBM");
	fact("tpm0.chip.firmware", "18.158");
	fact("tpm0.chip.family", "1.2");
	lacks("\ntpm0.chip.firmware_full");
	lacks("not in tpmdiag's database");
}

/* Real tpm2_getcap properties-fixed (tpm2-tools 5.4 against swtpm 2.0): both firmware words. */
Test(chip_text, tpm2_getcap_of_a_real_swtpm)
{
	int rc = run_tpmdiag(out, sizeof(out), "analyze -v " CT "tpm2_getcap-swtpm20.txt");

	cr_expect_eq(rc, 0, "exit %d", rc);
	fact("tpm0.chip.manufacturer", "IBM");
	/* raw 0x20191023 and 0x163636: high 16 . low 16, in decimal */
	fact("tpm0.chip.firmware", "8217.4131");
	fact("tpm0.chip.firmware_full", "8217.4131.22.13878");
	fact("tpm0.chip.family", "2.0");
	lacks("not in tpmdiag's database");
}
