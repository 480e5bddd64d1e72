/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Windows' HRESULTs for the TPM, as Get-Tpm, tpmtool, BitLocker and the
 * event log print them (winerror.h): FACILITY_TPM_SERVICES (0x8028xxxx:
 * TPM_E_* and TPM_20_E_*, a TPM return code plus 0x80280000; TBS_E_*
 * from 0x80284000) and FACILITY_TPM_SOFTWARE (0x8029xxxx, TPMAPI_E_* and
 * TBSIMP_E_*).
 */
#ifndef TPMDIAG_RC_WINDOWS_H
#define TPMDIAG_RC_WINDOWS_H

#include <stdbool.h>
#include <stdint.h>

enum tpm_hr_kind {
	TPM_HR_NONE,   /* not a TPM HRESULT */
	TPM_HR_TPM,    /* 0x80280000 + a TPM 1.2 or 2.0 return code (tpm_rc) */
	TPM_HR_TBS,    /* the TPM Base Services (name, sentence) */
	TPM_HR_TPMAPI, /* 0x8029xxxx, 0x4029xxxx: TPM API, TBS implementation, PPI, PCP */
};

struct tpm_hr {
	enum tpm_hr_kind kind;
	uint32_t tpm_rc;      /* TPM_HR_TPM: the TPM return code */
	const char *name;     /* TBS, TPMAPI: "TBS_E_TPM_NOT_FOUND", or NULL when unknown */
	const char *sentence; /* TBS, TPMAPI: one sentence, or NULL */
};

/* What HRESULT hr is. Never fails: kind says whether it is one. */
void tpm_hr_decode(uint32_t hr, struct tpm_hr *out);

#endif
