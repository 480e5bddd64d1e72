// SPDX-License-Identifier: GPL-2.0-or-later
#include "probes/tpm/tpm.h"

const char *tpm_family_name(enum tpm_family f)
{
	switch (f) {
	case TPM_FAMILY_12:
		return "1.2";
	case TPM_FAMILY_20:
		return "2.0";
	case TPM_FAMILY_UNKNOWN:
		break;
	}
	return "unknown";
}
