// SPDX-License-Identifier: GPL-2.0-or-later
/* Opening --device for a command, with the family settled. */
#include <stdio.h>

#include "diag/cli/cli.h"
#include "probes/commands/family.h"

const char *cli_family_label(enum tpm_family f)
{
	switch (f) {
	case TPM_FAMILY_12:
		return "TPM 1.2";
	case TPM_FAMILY_20:
		return "TPM 2.0";
	case TPM_FAMILY_UNKNOWN:
		break;
	}
	return "TPM of unknown family";
}

int cli_open_device(struct cli *c, bool want_rm, struct tpm_transport **t, enum tpm_family *family,
		    char *family_src, size_t srclen)
{
	struct tpm_open_opts o = {
	    .want_rm = want_rm && c->family != TPM_FAMILY_12,
	    .startup = c->startup,
	    .record_path = c->record,
	    .root = c->root,
	    .progress = c->progress,
	    .deadline = c->deadline,
	    .budget_ms = c->timeout_ms,
	};
	char err[2048];
	int ret;

	ret = tpm_transport_open(c->device, &o, t, err, sizeof(err));
	if (ret) {
		fprintf(c->err, "tpmdiag: %s\n", err);
		return TPMDIAG_EXIT_DEVICE;
	}
	if (c->family != TPM_FAMILY_UNKNOWN) {
		*family = c->family;
		snprintf(family_src, srclen, "--tpm%s", c->family == TPM_FAMILY_12 ? "12" : "20");
		return 0;
	}
	ret = tpm_detect_family(*t, family, family_src, srclen);
	if (ret) {
		fprintf(c->err, "tpmdiag: cannot tell the TPM family of %s: %s\n", (*t)->spec,
			(*t)->err);
		tpm_transport_close(*t);
		*t = NULL;
		return TPMDIAG_EXIT_DEVICE;
	}
	return 0;
}
