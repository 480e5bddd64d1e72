// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The knowledge base (diag/rules/kb-advisories.yaml) on the built-in rules:
 * for every entry, facts that must fire it and facts just outside its
 * range that must not.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "diag/facts/facts.h"
#include "diag/engine/findings.h"
#include "diag/engine/rules.h"

static struct ruleset *kb_rs;
static struct facts *kb_fs;
static struct findings kb_fi;

static void kb_setup(void)
{
	cr_assert_eq(ruleset_new(&kb_rs), 0);
	cr_assert_eq(ruleset_load_builtin(kb_rs), 0);
	cr_assert_eq(ruleset_finish(kb_rs), 0);
	kb_fs = NULL;
	memset(&kb_fi, 0, sizeof(kb_fi));
}

static void kb_teardown(void)
{
	findings_free(&kb_fi);
	ruleset_free(kb_rs);
	facts_free(kb_fs);
}

TestSuite(kb, .init = kb_setup, .fini = kb_teardown);

/*
 * A machine with one chip, tpm0, and the facts kv (key, value, ...,
 * NULL): does the rule id fire?
 */
static bool kb_fires(const char *id, const char *const *kv)
{
	const char *devs[] = {"tpm0"};
	size_t i;

	findings_free(&kb_fi);
	memset(&kb_fi, 0, sizeof(kb_fi));
	facts_free(kb_fs);
	cr_assert_eq(facts_new(&kb_fs), 0);
	cr_assert_eq(facts_set_list(kb_fs, "tpm.devices", devs, 1, NULL), 0);
	for (i = 0; kv[i]; i += 2) {
		cr_assert(kv[i + 1], "%s has no value", kv[i]);
		cr_assert_eq(facts_set_str(kb_fs, kv[i], kv[i + 1], NULL), 0);
	}
	cr_assert_eq(rules_evaluate(kb_rs, kb_fs, NULL, &kb_fi), 0);
	for (i = 0; i < kb_fi.n; i++) {
		const struct finding *f = &kb_fi.f[i];

		if (strcmp(f->rule->id, id))
			continue;
		cr_expect(!strstr(f->title, "(unknown)"), "%s: %s", id, f->title);
		cr_expect(!strstr(f->explain, "(unknown)"), "%s: %s", id, f->explain);
		return true;
	}
	return false;
}

#define FIRES(id, ...) kb_fires(id, (const char *const[]){__VA_ARGS__, NULL})

Test(kb, every_entry_is_built_in)
{
	static const char *const ids[] = {
	    "kb-intel-ptt-tpm-fail",
	    "kb-st33-tpm-fail",
	    "kb-nuvoton-npct65x-cve-2023-1017",
	    "kb-nuvoton-npct650-tpm20-fw-1310",
	    "kb-amd-ftpm-hwrng-stutter",
	    "kb-amd-ftpm-hwrng-firmware-check",
	    "kb-amd-ftpm-attestation-3x0",
	    "kb-st33-nvpcr-timeout",
	    "kb-stm-tpm12-fw-8-28",
	    "kb-intel-itpm",
	    "kb-infineon-update-limit",
	    "kb-infineon-roca",
	};
	size_t i, j;

	for (i = 0; i < kb_rs->n_lint; i++)
		cr_log_error("%s", kb_rs->lint[i]);
	cr_expect_eq(kb_rs->n_lint, 0);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		bool found = false;

		for (j = 0; j < kb_rs->n; j++)
			if (!strcmp(kb_rs->r[j].id, ids[i]))
				found = true;
		cr_expect(found, "%s is built in", ids[i]);
	}
}

Test(kb, intel_ptt_tpm_fail)
{
	cr_expect(FIRES("kb-intel-ptt-tpm-fail", "tpm0.family", "2.0", "tpm0.chip.manufacturer",
			"INTC", "tpm0.chip.firmware", "11.8", "tpm0.chip.firmware_full",
			"11.8.50.3399"));
	cr_expect(!FIRES("kb-intel-ptt-tpm-fail", "tpm0.family", "2.0", "tpm0.chip.manufacturer",
			 "INTC", "tpm0.chip.firmware", "11.8", "tpm0.chip.firmware_full",
			 "11.8.65.3590"),
		  "11.8.65 is the fixed release");
	cr_expect(!FIRES("kb-intel-ptt-tpm-fail", "tpm0.family", "2.0", "tpm0.chip.manufacturer",
			 "INTC", "tpm0.chip.firmware", "11.8"),
		  "two numbers cannot tell a fixed 11.8 from an old one");
	cr_expect(FIRES("kb-intel-ptt-tpm-fail", "tpm0.chip.manufacturer", "INTC",
			"tpm0.chip.firmware", "12.0.34.1421"),
		  "Get-Tpm's ManufacturerVersion in full");
	cr_expect(!FIRES("kb-intel-ptt-tpm-fail", "tpm0.chip.manufacturer", "INTC",
			 "tpm0.chip.firmware", "14.0.10.1000"));
	cr_expect(!FIRES("kb-intel-ptt-tpm-fail", "tpm0.chip.manufacturer", "AMD",
			 "tpm0.chip.firmware_full", "11.8.50.3399"));
}

Test(kb, st33_tpm_fail)
{
	cr_expect(FIRES("kb-st33-tpm-fail", "tpm0.family", "2.0", "tpm0.chip.manufacturer", "STM",
			"tpm0.chip.firmware", "73.4"));
	cr_expect(FIRES("kb-st33-tpm-fail", "tpm0.family", "2.0", "tpm0.chip.manufacturer", "STM",
			"tpm0.chip.firmware", "71.12"));
	cr_expect(!FIRES("kb-st33-tpm-fail", "tpm0.family", "2.0", "tpm0.chip.manufacturer", "STM",
			 "tpm0.chip.firmware", "73.20"),
		  "73.20 is ST's fix");
	cr_expect(!FIRES("kb-st33-tpm-fail", "tpm0.family", "2.0", "tpm0.chip.manufacturer", "STM",
			 "tpm0.chip.firmware", "73.40"),
		  "a single version is an exact match");
}

Test(kb, nuvoton_npct65x_cve_2023_1017)
{
	cr_expect(FIRES("kb-nuvoton-npct65x-cve-2023-1017", "tpm0.family", "2.0",
			"tpm0.chip.manufacturer", "NTC", "tpm0.chip.firmware", "1.3",
			"tpm0.chip.firmware_full", "1.3.2.8"));
	cr_expect(!FIRES("kb-nuvoton-npct65x-cve-2023-1017", "tpm0.family", "2.0",
			 "tpm0.chip.manufacturer", "NTC", "tpm0.chip.firmware", "1.3",
			 "tpm0.chip.firmware_full", "1.3.2.20"),
		  "1.3.2.20 is Nuvoton's fix");
	cr_expect(!FIRES("kb-nuvoton-npct65x-cve-2023-1017", "tpm0.family", "1.2",
			 "tpm0.manufacturer", "NTC", "tpm0.chip.firmware", "1.3.2.8"),
		  "TPM 1.2 mode is not affected");
	cr_expect(FIRES("kb-nuvoton-npct65x-cve-2023-1017", "tpm0.chip.manufacturer", "NTC",
			"tpm0.chip.firmware", "1.3.0.1"),
		  "Get-Tpm's ManufacturerVersion");
}

Test(kb, nuvoton_npct650_tpm20_firmware_1310)
{
	cr_expect(FIRES("kb-nuvoton-npct650-tpm20-fw-1310", "tpm0.family", "2.0",
			"tpm0.chip.manufacturer", "NTC", "tpm0.chip.firmware_full", "1.3.1.0"));
	cr_expect(!FIRES("kb-nuvoton-npct650-tpm20-fw-1310", "tpm0.family", "2.0",
			 "tpm0.chip.manufacturer", "NTC", "tpm0.chip.firmware_full", "1.3.2.8"));
	cr_expect(!FIRES("kb-nuvoton-npct650-tpm20-fw-1310", "tpm0.family", "2.0",
			 "tpm0.chip.manufacturer", "NTC", "tpm0.chip.firmware", "1.3"),
		  "1.3 alone is not 1.3.1.0");
}

Test(kb, amd_ftpm_hwrng_stutter)
{
	cr_expect(FIRES("kb-amd-ftpm-hwrng-stutter", "tpm0.family", "2.0", "tpm0.chip.manufacturer",
			"AMD", "kernel.release", "6.1.18-arch1-1"));
	cr_expect(FIRES("kb-amd-ftpm-hwrng-stutter", "tpm0.chip.manufacturer", "AMD",
			"kernel.release", "6.2.5-200.fc37.x86_64"));
	cr_expect(!FIRES("kb-amd-ftpm-hwrng-stutter", "tpm0.chip.manufacturer", "AMD",
			 "kernel.release", "6.1.19-arch1-1"),
		  "6.1.19 checks the firmware");
	cr_expect(!FIRES("kb-amd-ftpm-hwrng-stutter", "tpm0.chip.manufacturer", "AMD",
			 "kernel.release", "6.2.6-200.fc37.x86_64"));
	cr_expect(!FIRES("kb-amd-ftpm-hwrng-stutter", "tpm0.chip.manufacturer", "AMD",
			 "kernel.release", "6.0.19-arch1-1"));
	cr_expect(!FIRES("kb-amd-ftpm-hwrng-stutter", "tpm0.chip.manufacturer", "AMD",
			 "kernel.release", "6.1.0-57-amd64"),
		  "a Debian ABI number says nothing about the stable release");
	cr_expect(!FIRES("kb-amd-ftpm-hwrng-stutter", "tpm0.chip.manufacturer", "AMD",
			 "kernel.release", "6.1.18-arch1-1", "kernel.config.hw_random_tpm", "n"),
		  "no TPM hwrng built");
	cr_expect(!FIRES("kb-amd-ftpm-hwrng-stutter", "tpm0.chip.manufacturer", "INTC",
			 "kernel.release", "6.1.18-arch1-1"));
}

Test(kb, amd_ftpm_hwrng_firmware_check)
{
	cr_expect(FIRES("kb-amd-ftpm-hwrng-firmware-check", "tpm0.chip.manufacturer", "AMD",
			"kernel.release", "6.3.5-200.fc38.x86_64", "tpm0.chip.firmware_full",
			"3.87.0.5"));
	cr_expect(FIRES("kb-amd-ftpm-hwrng-firmware-check", "tpm0.chip.manufacturer", "AMD",
			"kernel.release", "6.4.10-arch1-1", "tpm0.chip.firmware_full", "6.0.24.6"));
	cr_expect(!FIRES("kb-amd-ftpm-hwrng-firmware-check", "tpm0.chip.manufacturer", "AMD",
			 "kernel.release", "6.3.5-200.fc38.x86_64", "tpm0.chip.firmware_full",
			 "3.87.0.4"),
		  "older firmware: that kernel turns the RNG off itself");
	cr_expect(!FIRES("kb-amd-ftpm-hwrng-firmware-check", "tpm0.chip.manufacturer", "AMD",
			 "kernel.release", "6.3.5-200.fc38.x86_64", "tpm0.chip.firmware_full",
			 "6.0.24.5"));
	cr_expect(!FIRES("kb-amd-ftpm-hwrng-firmware-check", "tpm0.chip.manufacturer", "AMD",
			 "kernel.release", "6.4.11-arch1-1", "tpm0.chip.firmware_full", "3.87.0.5"),
		  "6.4.11 turns it off for every AMD fTPM");
}

Test(kb, amd_ftpm_attestation_3x0)
{
	cr_expect(FIRES("kb-amd-ftpm-attestation-3x0", "tpm0.chip.manufacturer", "AMD",
			"tpm0.chip.firmware_full", "3.87.0.5"));
	cr_expect(FIRES("kb-amd-ftpm-attestation-3x0", "tpm0.chip.manufacturer", "AMD",
			"tpm0.chip.firmware", "3.87.0.5"),
		  "Get-Tpm's ManufacturerVersion");
	cr_expect(!FIRES("kb-amd-ftpm-attestation-3x0", "tpm0.chip.manufacturer", "AMD",
			 "tpm0.chip.firmware_full", "3.87.2.5"));
	cr_expect(!FIRES("kb-amd-ftpm-attestation-3x0", "tpm0.chip.manufacturer", "AMD",
			 "tpm0.chip.firmware_full", "6.0.24.6"));
}

Test(kb, st33_nvpcr_timeout)
{
	cr_expect(FIRES("kb-st33-nvpcr-timeout", "tpm0.family", "2.0", "tpm0.chip.manufacturer",
			"STM", "tpm0.chip.firmware", "73.4"));
	cr_expect(!FIRES("kb-st33-nvpcr-timeout", "tpm0.family", "2.0", "tpm0.chip.manufacturer",
			 "STM", "tpm0.chip.firmware", "73.5"),
		  "systemd's hwdb names 73.4 only");
	cr_expect(!FIRES("kb-st33-nvpcr-timeout", "tpm0.family", "2.0", "tpm0.chip.manufacturer",
			 "IFX", "tpm0.chip.firmware", "73.4"));
}

Test(kb, stm_tpm12_firmware_8_28)
{
	cr_expect(FIRES("kb-stm-tpm12-fw-8-28", "tpm0.family", "1.2", "tpm0.manufacturer", "STM",
			"tpm0.firmware_version", "8.28"));
	cr_expect(FIRES("kb-stm-tpm12-fw-8-28", "tpm0.chip.family", "1.2", "tpm0.chip.manufacturer",
			"STM", "tpm0.chip.firmware", "8.28"),
		  "from pasted tpm_version");
	cr_expect(!FIRES("kb-stm-tpm12-fw-8-28", "tpm0.family", "1.2", "tpm0.manufacturer", "STM",
			 "tpm0.firmware_version", "8.27"));
	cr_expect(!FIRES("kb-stm-tpm12-fw-8-28", "tpm0.family", "2.0", "tpm0.chip.manufacturer",
			 "STM", "tpm0.chip.firmware", "8.28"));
}

Test(kb, intel_itpm)
{
	cr_expect(FIRES("kb-intel-itpm", "tpm0.family", "1.2", "tpm0.manufacturer", "INTC"));
	cr_expect(FIRES("kb-intel-itpm", "tpm0.family", "1.2", "tpm0.hid", "INTC0102"));
	cr_expect(!FIRES("kb-intel-itpm", "tpm0.family", "2.0", "tpm0.chip.manufacturer", "INTC"),
		  "PTT is not the iTPM");
	cr_expect(!FIRES("kb-intel-itpm", "tpm0.family", "1.2", "tpm0.manufacturer", "IFX"));
}

Test(kb, infineon_update_limit)
{
	cr_expect(FIRES("kb-infineon-update-limit", "tpm0.family", "2.0", "tpm0.chip.manufacturer",
			"IFX", "tpm0.chip.firmware", "7.85"));
	cr_expect(FIRES("kb-infineon-update-limit", "tpm0.family", "1.2", "tpm0.manufacturer",
			"IFX", "tpm0.firmware_version", "4.43"));
	cr_expect(!FIRES("kb-infineon-update-limit", "tpm0.family", "2.0", "tpm0.chip.manufacturer",
			 "IFX", "tpm0.chip.firmware", "15.23"));
	cr_expect(!FIRES("kb-infineon-update-limit", "tpm0.family", "2.0", "tpm0.chip.manufacturer",
			 "IFX", "tpm0.chip.firmware", "3.17"));
}

/* Every affected line of ROCA, at and just past its edge (Get-Tpm and getcap spell them alike). */
Test(kb, infineon_roca_ranges)
{
	static const struct {
		const char *fw;
		bool affected;
	} v[] = {
	    {"3.17", true},	   {"4.32", true},	   {"4.33", true},   {"4.34", false},
	    {"4.40", true},	   {"4.42", true},	   {"4.43", false},  {"5.61", true},
	    {"5.62", false},	   {"6.42", true},	   {"6.43", false},  {"7.61", true},
	    {"7.62", false},	   {"7.85", false},	   {"133.32", true}, {"133.33", false},
	    {"7.61.2785.0", true}, {"7.63.3353.0", false},
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		cr_expect_eq(FIRES("kb-infineon-roca", "tpm0.chip.manufacturer", "IFX",
				   "tpm0.chip.firmware", v[i].fw),
			     v[i].affected, "firmware %s", v[i].fw);
	cr_expect(
	    FIRES("kb-infineon-roca", "tpm0.manufacturer", "IFX", "tpm0.firmware_version", "5.51"));
	cr_expect(!FIRES("kb-infineon-roca", "tpm0.chip.manufacturer", "STM", "tpm0.chip.firmware",
			 "4.32"),
		  "RSALib is Infineon's");
}
