// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Windows' TPM HRESULTs (rc_windows.h). The TBS codes are those of
 * Microsoft's "TBS return codes" (learn.microsoft.com, windows/win32/tbs).
 */
#include <stddef.h>

#include "probes/tpm/rc_windows.h"

#define HR_TPM_SERVICES 0x80280000u
#define HR_TPM_SOFTWARE 0x80290000u
#define HR_TBS		0x80284000u

static const struct {
	uint32_t hr;
	const char *name, *sentence;
} tbs_codes[] = {
    {0x80284001, "TBS_E_INTERNAL_ERROR", "an internal software error in the TPM Base Services"},
    {0x80284002, "TBS_E_BAD_PARAMETER", "one or more parameter values are not valid"},
    {0x80284003, "TBS_E_INVALID_OUTPUT_POINTER", "an output pointer given is not valid"},
    {0x80284004, "TBS_E_INVALID_CONTEXT", "the context handle does not name a valid context"},
    {0x80284005, "TBS_E_INSUFFICIENT_BUFFER", "the output buffer is too small"},
    {0x80284006, "TBS_E_IOERROR", "an error talking to the TPM"},
    {0x80284007, "TBS_E_INVALID_CONTEXT_PARAM", "a context parameter that is not valid was passed"},
    {0x80284008, "TBS_E_SERVICE_NOT_RUNNING",
     "the TBS service is not running and could not be started"},
    {0x80284009, "TBS_E_TOO_MANY_TBS_CONTEXTS", "too many contexts are open to create another"},
    {0x8028400A, "TBS_E_TOO_MANY_RESOURCES",
     "too many virtual resources are open to create another"},
    {0x8028400B, "TBS_E_SERVICE_START_PENDING",
     "the TBS service was started and is not running yet"},
    {0x8028400C, "TBS_E_PPI_NOT_SUPPORTED", "the firmware has no physical presence interface"},
    {0x8028400D, "TBS_E_COMMAND_CANCELED", "the command was canceled"},
    {0x8028400E, "TBS_E_BUFFER_TOO_LARGE", "the input or output buffer is too large"},
    {0x8028400F, "TBS_E_TPM_NOT_FOUND", "Windows found no compatible TPM in this computer"},
    {0x80284010, "TBS_E_SERVICE_DISABLED", "the TBS service is disabled"},
    {0x80284011, "TBS_E_NO_EVENT_LOG", "the TBS event log is not available"},
    {0x80284012, "TBS_E_ACCESS_DENIED", "the caller may not do the requested operation"},
    {0x80284013, "TBS_E_PROVISIONING_NOT_ALLOWED",
     "the flags given do not allow the TPM provisioning action"},
    {0x80284014, "TBS_E_PPI_FUNCTION_UNSUPPORTED",
     "the firmware's physical presence interface does not support the requested method"},
    {0x80284015, "TBS_E_OWNERAUTH_NOT_FOUND",
     "the requested TPM owner authorization value was not found"},
    {0x80284016, "TBS_E_PROVISIONING_INCOMPLETE",
     "TPM provisioning did not finish (Windows: run the Win32_Tpm Provision method and read what "
     "it returns)"},
};

void tpm_hr_decode(uint32_t hr, struct tpm_hr *out)
{
	size_t i;

	*out = (struct tpm_hr){.kind = TPM_HR_NONE};
	if ((hr & 0xffff0000u) == HR_TPM_SOFTWARE) {
		out->kind = TPM_HR_TPMAPI;
		return;
	}
	if ((hr & 0xffff0000u) != HR_TPM_SERVICES)
		return;
	if ((hr & 0xfffff000u) == HR_TBS) {
		out->kind = TPM_HR_TBS;
		for (i = 0; i < sizeof(tbs_codes) / sizeof(tbs_codes[0]); i++)
			if (tbs_codes[i].hr == hr) {
				out->name = tbs_codes[i].name;
				out->sentence = tbs_codes[i].sentence;
			}
		return;
	}
	if (hr & 0xf000u) /* 0x80281000..0x80283fff, 0x80285000..: no TPM code there */
		return;
	out->kind = TPM_HR_TPM;
	out->tpm_rc = hr & 0xfffu;
}
