// SPDX-License-Identifier: GPL-2.0-or-later
/* tpmdiag rc CODE... : return codes decoded for a person. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag/cli/cli.h"
#include "probes/tpm/rc.h"
#include "probes/tpm/rc_windows.h"

/* 0x prefix = hex, else decimal (the kernel prints "A TPM error (2314)"). */
static int rc_parse(const char *s, uint32_t *out)
{
	unsigned long long v;
	char *end;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16;
	if (!s[0] || s[0] == '-' || s[0] == '+')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || end == s + (base == 16 ? 2 : 0) || v > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static void rc_print_detail(struct cli *c, const struct tpm_rc_desc *d)
{
	static const char *const subjects[] = {"", "parameter", "handle", "session"};

	fprintf(c->out, "    family %s, layer %s, base code 0x%03x%s%s%s",
		tpm_family_name(d->family), d->layer ? d->layer : "?", d->base,
		d->warning ? ", warning (non-fatal)" : "", d->vendor ? ", vendor-defined" : "",
		d->format_one ? ", format one" : "");
	if (d->subject != TPM_RC_SUBJECT_NONE)
		fprintf(c->out, ", %s %u", subjects[d->subject], d->subject_index);
	fputc('\n', c->out);
}

static void rc_print(struct cli *c, const struct tpm_rc_desc *d, const char *prefix)
{
	char line[512];

	tpm_rc_format(d, line, sizeof(line));
	fprintf(c->out, "%s%s\n", prefix, line);
	if (c->verbose && d->known)
		rc_print_detail(c, d);
}

static int rc_list(struct cli *c)
{
	static const enum tpm_family fams[] = {TPM_FAMILY_12, TPM_FAMILY_20};
	const struct tpm_rc_entry *e;
	size_t i, j, n;

	for (i = 0; i < 2; i++) {
		if (c->family && c->family != fams[i])
			continue;
		e = fams[i] == TPM_FAMILY_12 ? tpm12_rc_table(&n) : tpm20_rc_table(&n);
		fprintf(c->out, "%s return codes:\n", cli_family_label(fams[i]));
		for (j = 0; j < n; j++)
			fprintf(c->out, "  0x%03x  %-32s %s\n", e[j].code, e[j].name,
				e[j].sentence);
	}
	return TPMDIAG_EXIT_OK;
}

static void rc_one(struct cli *c, uint32_t v);

/* A Windows HRESULT of the TPM facilities; false when v is none. */
static bool rc_windows(struct cli *c, uint32_t v)
{
	struct tpm_hr h;

	tpm_hr_decode(v, &h);
	switch (h.kind) {
	case TPM_HR_NONE:
		return false;
	case TPM_HR_TPM:
		fprintf(c->out,
			"Windows HRESULT 0x%08x: TPM_E_ / TPM_20_E_ for TPM return code 0x%03x:\n",
			v, h.tpm_rc);
		rc_one(c, h.tpm_rc);
		return true;
	case TPM_HR_TBS:
		if (h.name)
			fprintf(c->out, "Windows HRESULT 0x%08x: %s: %s\n", v, h.name, h.sentence);
		else
			fprintf(c->out,
				"Windows HRESULT 0x%08x: a TPM Base Services (TBS_E_) code tpmdiag "
				"has no name for\n",
				v);
		return true;
	case TPM_HR_TPMAPI:
		if (h.name)
			fprintf(c->out,
				"Windows HRESULT 0x%08x: %s: %s (Windows' TPM software, facility "
				"0x29, not a TPM return code)\n",
				v, h.name, h.sentence);
		else
			fprintf(
			    c->out,
			    "Windows HRESULT 0x%08x: an error of Windows' TPM software (facility "
			    "0x29: TPMAPI_E_, TBSIMP_E_, TPM_E_PPI_, TPM_E_PCP_) tpmdiag has no "
			    "name for; not a TPM return code\n",
			    v);
		return true;
	}
	return false;
}

static void rc_one(struct cli *c, uint32_t v)
{
	struct tpm_rc_desc d12, d20;

	if (!c->family && rc_windows(c, v))
		return;

	if (c->family) {
		tpm_rc_decode(v, c->family, &d12);
		rc_print(c, &d12, "");
		return;
	}
	tpm_rc_decode(v, TPM_FAMILY_12, &d12);
	tpm_rc_decode(v, TPM_FAMILY_20, &d20);
	if (d12.known && d20.known) {
		rc_print(c, &d12, "TPM 1.2: ");
		rc_print(c, &d20, "TPM 2.0: ");
	} else if (d20.known) {
		rc_print(c, &d20, "");
	} else {
		/* 1.2's reading, or "not a return code" when neither knows it */
		rc_print(c, &d12, "");
		if (!d12.known)
			rc_print(c, &d20, "");
	}
}

int cli_rc(struct cli *c)
{
	uint32_t v;
	int i;

	if (c->list)
		return rc_list(c);
	if (c->argc < 1) {
		fprintf(c->err, "tpmdiag rc: give a return code, e.g. 'tpmdiag rc 0x26' or "
				"'tpmdiag rc 2314' (decimal, as the kernel log prints it)\n");
		return TPMDIAG_EXIT_USAGE;
	}
	for (i = 0; i < c->argc; i++) {
		if (rc_parse(c->argv[i], &v)) {
			fprintf(c->err,
				"tpmdiag rc: '%s' is not a return code: give 0x and hex digits, "
				"or decimal digits, up to 32 bits\n",
				c->argv[i]);
			return TPMDIAG_EXIT_USAGE;
		}
		if (c->argc > 1 || c->verbose)
			fprintf(c->out, "%s0x%08x (%u)\n", i ? "\n" : "", v, v);
		rc_one(c, v);
	}
	return TPMDIAG_EXIT_OK;
}
