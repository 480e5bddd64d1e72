// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel-log parser's TPM pattern table and its matcher (kmsg_parse.h):
 * what makes a record TPM-related, found in one pass over the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probes/parse/kmsg_parse.h"
#include "probes/parse/kmsg_parse_priv.h"

/* ---- the TPM pattern table ---------------------------------------------- */

enum {
	KP_ICASE = 1,  /* ASCII case-insensitive */
	KP_PREFIX = 2, /* only at the start of the message */
};

/*
 * What makes a record TPM-related. "tpm" (any case) covers the drivers
 * (tpm_tis, tpm_tis_core, tpm_tis_spi, tpm_tis_i2c, tpm_crb, tpm_infineon,
 * tpm_atmel, tpm_nsc, tpm_i2c_*, tpm_vtpm_proxy, tpm_ftpm_tee), the chip
 * prefix "tpm tpm0", TPM_STS, TPM2, "A TPM error", the EFI/TCG event log
 * ("TPM Final Events", "TPMFinalLog", "UEFI TPM log") and tpm-rng (hwrng).
 * The rest are ACPI/PNP ids of TPM devices, the TPM 1.2 ACPI table, the
 * integrity subsystems that use the TPM, and the interface drivers whose
 * prefix does not say "tpm".
 */
/* clang-format off */

static const struct kmsg_pattern {
	const char *s;
	size_t len;
	unsigned flags;
} kmsg_tpm_patterns[] = {
	PAT("tpm", KP_ICASE),
	PAT("ima: ", KP_PREFIX),
	PAT("integrity: ", KP_PREFIX),
	PAT("IMA: ", KP_PREFIX),
	PAT("MSFT0101", 0),
	PAT("PNP0C31", 0),
	PAT("PNP0c31", 0), /* the pnp layer prints the hex digits in lower case */
	PAT("IFX0101", 0),
	PAT("IFX0102", 0),
	PAT("BCM0101", 0),
	PAT("BCM0102", 0),
	PAT("NSC1200", 0),
	PAT("ICO0102", 0),
	PAT("SMO1200", 0),
	PAT("ATM1200", 0),
	PAT("NTC0702", 0),
	PAT("TCPA", 0),
	PAT("Trusted Platform", 0),
	/* interface drivers whose prefix has no "tpm" */
	PAT("st33zp24", 0),	     /* st33zp24-i2c, st33zp24-spi, st33zp24_i2c (STMicro) */
	PAT("cr50_i2c ", KP_PREFIX), /* tpm_tis_i2c_cr50.c (Google Cr50/Ti50) */
	PAT("ffa-crb ", KP_PREFIX),  /* tpm_crb_ffa.c (Arm FF-A CRB) */
	/* suspend and resume (kernel/power/suspend.c), to place TPM errors around them */
	PAT("PM: suspend entry", KP_PREFIX),
	PAT("PM: suspend exit", KP_PREFIX),
	/* PowerShell's Get-Tpm: the dictionary-attack properties name no TPM */
	PAT("LockedOut ", KP_PREFIX),
	PAT("Lockout", KP_PREFIX), /* LockoutHealTime, LockoutCount, LockoutMax */
};
_Static_assert(sizeof(kmsg_tpm_patterns) / sizeof(kmsg_tpm_patterns[0]) <= 32,
	       "one bit per pattern in a uint32_t");
/* clang-format on */

static inline unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
}

static void set_pair(struct kmsg_matcher *m, unsigned char a, unsigned char b, unsigned bit)
{
	unsigned idx = a | (unsigned)b << 8;

	m->pair[idx >> 2] |= (uint8_t)(bit << ((idx & 3) * 2));
}

static unsigned get_pair(const struct kmsg_matcher *m, const unsigned char *u)
{
	unsigned idx = u[0] | (unsigned)u[1] << 8;

	return (m->pair[idx >> 2] >> ((idx & 3) * 2)) & 3;
}

/* The two cases of an ASCII letter, or the byte twice. */
static void both_cases(unsigned char c, bool icase, unsigned char v[2])
{
	v[0] = icase ? lower(c) : c;
	v[1] = (icase && v[0] >= 'a' && v[0] <= 'z') ? (unsigned char)(v[0] & ~0x20u) : v[0];
}

void kmsg_matcher_init(struct kmsg_matcher *m)
{
	const struct kmsg_pattern *p;
	unsigned char c[3][2];
	size_t i, x, y, z;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < N_OF(kmsg_tpm_patterns); i++) {
		p = &kmsg_tpm_patterns[i];
		if (p->flags & KP_PREFIX) {
			m->prefix_first[(unsigned char)p->s[0]] |= 1u << i;
			continue;
		}
		for (z = 0; z < 3; z++)
			both_cases((unsigned char)p->s[z], p->flags & KP_ICASE, c[z]);
		for (x = 0; x < 2; x++) {
			m->first[c[0][x]] |= 1u << i;
			for (y = 0; y < 2; y++) {
				set_pair(m, c[0][x], c[1][y], 1);
				set_pair(m, c[1][x], c[2][y], 2);
			}
		}
	}
}

static bool pat_at(const struct kmsg_pattern *p, const char *s, size_t len)
{
	size_t i, n = p->len;

	if (n > len)
		return false;
	if (!(p->flags & KP_ICASE))
		return memcmp(s, p->s, n) == 0;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != lower((unsigned char)p->s[i]))
			return false;
	return true;
}

bool kmsg_matcher_run(const struct kmsg_matcher *m, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, j, k, o, lead = 0;
	uint32_t bits;

	while (lead < len && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	for (bits = lead < len ? m->prefix_first[u[lead]] : 0; bits; bits &= bits - 1)
		if (pat_at(&kmsg_tpm_patterns[__builtin_ctz(bits)], s + lead, len - lead))
			return true;
	/*
	 * Every substring pattern is at least 3 bytes long, so an occurrence
	 * at i holds the pair at an even position j = i or j = i + 1, at
	 * offset 0 or 1: look only at the pairs at even positions, and check
	 * the start(s) the pair table allows.
	 */
	for (j = 0; j + 1 < len; j += 2) {
		unsigned at = get_pair(m, u + j);

		if (!at)
			continue;
		for (o = 0; o < 2; o++) {
			if (!(at & (1u << o)) || j < o)
				continue;
			i = j - o;
			for (bits = m->first[u[i]]; bits; bits &= bits - 1) {
				k = (size_t)__builtin_ctz(bits);
				if (pat_at(&kmsg_tpm_patterns[k], s + i, len - i))
					return true;
			}
		}
	}
	return false;
}

bool kmsg_text_is_tpm(const char *s, size_t len)
{
	struct kmsg_matcher m;

	kmsg_matcher_init(&m);
	return kmsg_matcher_run(&m, s, len);
}

bool kmsg_trace_is_tpm(const char *s, size_t len)
{
	return kmsg_text_is_tpm(s, len);
}
