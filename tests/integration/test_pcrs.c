// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PCR values over the device layer (probes/device/device_pcrs.c), checked
 * against what tpm2-tools reads from the same swtpm after tpm2_pcrextend
 * changed some of them, and against what a fresh TPM 1.2 shows (PCRs
 * 17-22 start at all ones, TPM 1.2 Main Part 2, locality-resettable PCRs).
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/swtpm_proc.h"

#define OUT_MAX 262144

static struct swtpm_proc proc;
static char out[OUT_MAX], tool_out[65536];

static void teardown(void)
{
	swtpm_proc_stop(&proc);
}

TestSuite(pcrs, .fini = teardown, .timeout = 90);

/* The value of "KEY  VALUE  [...]" in a `tpmdiag facts` listing, or "". */
static void fact_value(const char *listing, const char *key, char *val, size_t cap)
{
	size_t klen = strlen(key);
	const char *p = listing;

	val[0] = '\0';
	while ((p = strstr(p, key))) {
		if ((p == listing || p[-1] == '\n') && p[klen] == ' ') {
			p += klen;
			while (*p == ' ')
				p++;
			snprintf(val, cap, "%.*s", (int)strcspn(p, " \n"), p);
			return;
		}
		p += klen;
	}
}

/* PCR i of tpm2_pcrread's YAML ("    7 : 0x3D89...", "    16: 0x..."), lower case, or "". */
static void peer_value(const char *yaml, unsigned i, char *val, size_t cap)
{
	char want[32];
	const char *p;
	size_t k;

	val[0] = '\0';
	snprintf(want, sizeof(want), "\n    %-2u: 0x", i);
	p = strstr(yaml, want);
	if (!p)
		return;
	p += strlen(want);
	for (k = 0; k + 1 < cap && isxdigit((unsigned char)p[k]); k++)
		val[k] = (char)tolower((unsigned char)p[k]);
	val[k] = '\0';
}

Test(pcrs, tpm20_values_equal_tpm2_pcrread_after_extends)
{
	struct swtpm_opts o = {.tpm2 = true, .tcp = true, .flags = "not-need-init,startup-clear"};
	static const unsigned pcrs[] = {0, 4, 7, 16, 23};
	char ours[160], theirs[160], key[64];
	size_t i;

	cr_assert_eq(swtpm_proc_start(&o, &proc), 0);
	cr_assert_eq(swtpm_tool(&proc, tool_out, sizeof(tool_out),
				"tpm2_pcrextend 4:sha256=%064d 7:sha256=%s", 1,
				"3d897a7c534d643c645fda0d1b4bae039a712e1ccef23fe3998cf611b3077451"),
		     0, "%s", tool_out);
	cr_assert_eq(swtpm_tool(&proc, tool_out, sizeof(tool_out),
				"tpm2_pcrextend 7:sha256=%064d", 7),
		     0, "%s", tool_out);
	cr_assert_eq(swtpm_tool(&proc, tool_out, sizeof(tool_out),
				"tpm2_pcrread sha256:0,4,7,16,23"),
		     0, "%s", tool_out);
	cr_assert_eq(run_tpmdiag(out, sizeof(out), "--device %s facts", proc.spec), 0, "%s", out);
	cr_expect(strstr(out, "the chip (TPM2_PCR_Read)"), "%s", out);
	for (i = 0; i < sizeof(pcrs) / sizeof(pcrs[0]); i++) {
		snprintf(key, sizeof(key), "tpm0.pcr.sha256.%u", pcrs[i]);
		fact_value(out, key, ours, sizeof(ours));
		peer_value(tool_out, pcrs[i], theirs, sizeof(theirs));
		cr_expect_eq(strlen(theirs), 64, "tpm2_pcrread gave no PCR %u:\n%s", pcrs[i],
			     tool_out);
		cr_expect_str_eq(ours, theirs, "PCR %u: tpmdiag %s, tpm2_pcrread %s", pcrs[i], ours,
				 theirs);
	}
	/* The extends did change them: the comparison is not of zeros alone. */
	fact_value(out, "tpm0.pcr.sha256.7", ours, sizeof(ours));
	cr_expect_str_neq(ours, "0000000000000000000000000000000000000000000000000000000000000000");
}

Test(pcrs, tpm12_fresh_chip_read_one_by_one)
{
	char v[160];

	cr_assert_eq(run_tpmdiag(out, sizeof(out), "--device spawn:1.2 --startup facts"), 0, "%s",
		     out);
	fact_value(out, "tpm0.pcr.sha1.0", v, sizeof(v));
	cr_expect_str_eq(v, "0000000000000000000000000000000000000000");
	fact_value(out, "tpm0.pcr.sha1.17", v, sizeof(v));
	cr_expect_str_eq(v, "ffffffffffffffffffffffffffffffffffffffff");
	fact_value(out, "tpm0.pcr.sha1.23", v, sizeof(v));
	cr_expect_str_eq(v, "0000000000000000000000000000000000000000");
	cr_expect(strstr(out, "the chip (TPM_PcrRead)"), "%s", out);
}

Test(pcrs, not_started_chip_is_not_asked_for_pcrs)
{
	cr_expect_eq(run_tpmdiag(out, sizeof(out), "--device spawn:2.0 facts"), 2, "%s", out);
	cr_expect(strstr(out, "TPM_RC_INITIALIZE"), "%s", out);
	cr_expect_null(strstr(out, "tpm0.pcr.sha256.0"), "%s", out);
}
