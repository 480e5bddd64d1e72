// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Windows' TPM HRESULTs (rc_windows.h). The TBS codes are those of
 * Microsoft's "TBS return codes" (learn.microsoft.com, windows/win32/tbs);
 * the names of FACILITY_TPM_SOFTWARE are those of the Windows SDK's
 * winerror.h, the sentences ours.
 */
#include <stddef.h>

#include "probes/tpm/rc_windows.h"

#define HR_TPM_SERVICES	     0x80280000u
#define HR_TPM_SOFTWARE	     0x80290000u
#define HR_TBS		     0x80284000u
#define HR_TPM_SOFTWARE_INFO 0x40290000u /* the PCP's informational codes */

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

/* FACILITY_TPM_SOFTWARE (winerror.h): Windows' TPM API, its TBS implementation, PPI and PCP. */
static const struct {
	uint32_t hr;
	const char *name, *sentence;
} tpmapi_codes[] = {
    {0x80290100, "TPMAPI_E_INVALID_STATE", "the command buffer is not in the right state"},
    {0x80290101, "TPMAPI_E_NOT_ENOUGH_DATA", "the command buffer holds too little data"},
    {0x80290102, "TPMAPI_E_TOO_MUCH_DATA", "the command buffer cannot take more data"},
    {0x80290103, "TPMAPI_E_INVALID_OUTPUT_POINTER", "an output parameter is null or not valid"},
    {0x80290104, "TPMAPI_E_INVALID_PARAMETER", "an input parameter is not valid"},
    {0x80290105, "TPMAPI_E_OUT_OF_MEMORY", "not enough memory for the request"},
    {0x80290106, "TPMAPI_E_BUFFER_TOO_SMALL", "the buffer given is too small"},
    {0x80290107, "TPMAPI_E_INTERNAL_ERROR", "an internal error of the TPM API"},
    {0x80290108, "TPMAPI_E_ACCESS_DENIED", "the caller lacks the rights for the operation"},
    {0x80290109, "TPMAPI_E_AUTHORIZATION_FAILED", "the authorization value given is wrong"},
    {0x8029010A, "TPMAPI_E_INVALID_CONTEXT_HANDLE", "the context handle is not valid"},
    {0x8029010B, "TPMAPI_E_TBS_COMMUNICATION_ERROR",
     "talking to the TPM Base Services (TBS) failed"},
    {0x8029010C, "TPMAPI_E_TPM_COMMAND_ERROR", "the TPM answered with an unexpected result"},
    {0x8029010D, "TPMAPI_E_MESSAGE_TOO_LARGE", "the message is too large for the encoding"},
    {0x8029010E, "TPMAPI_E_INVALID_ENCODING", "the encoding of a blob was not recognised"},
    {0x8029010F, "TPMAPI_E_INVALID_KEY_SIZE", "the key size is not valid"},
    {0x80290110, "TPMAPI_E_ENCRYPTION_FAILED", "the encryption failed"},
    {0x80290111, "TPMAPI_E_INVALID_KEY_PARAMS", "the key parameters are not valid"},
    {0x80290112, "TPMAPI_E_INVALID_MIGRATION_AUTHORIZATION_BLOB",
     "the data is not a valid migration authorization blob"},
    {0x80290113, "TPMAPI_E_INVALID_PCR_INDEX", "the PCR index is not valid"},
    {0x80290114, "TPMAPI_E_INVALID_DELEGATE_BLOB", "the data is not a valid delegation blob"},
    {0x80290115, "TPMAPI_E_INVALID_CONTEXT_PARAMS", "a context parameter is not valid"},
    {0x80290116, "TPMAPI_E_INVALID_KEY_BLOB", "the data is not a valid key blob"},
    {0x80290117, "TPMAPI_E_INVALID_PCR_DATA", "the PCR data is not valid"},
    {0x80290118, "TPMAPI_E_INVALID_OWNER_AUTH", "the owner authorization is malformed"},
    {0x80290200, "TBSIMP_E_BUFFER_TOO_SMALL", "the buffer given is too small"},
    {0x80290201, "TBSIMP_E_CLEANUP_FAILED", "a TBS context could not be cleaned up"},
    {0x80290202, "TBSIMP_E_INVALID_CONTEXT_HANDLE", "the TBS context handle is not valid"},
    {0x80290203, "TBSIMP_E_INVALID_CONTEXT_PARAM", "a TBS context parameter is not valid"},
    {0x80290204, "TBSIMP_E_TPM_ERROR", "an error talking to the TPM"},
    {0x80290205, "TBSIMP_E_HASH_BAD_KEY", "no entry with that key was found"},
    {0x80290206, "TBSIMP_E_DUPLICATE_VHANDLE", "the virtual handle is already in use"},
    {0x80290207, "TBSIMP_E_INVALID_OUTPUT_POINTER", "the output pointer is null or not valid"},
    {0x80290208, "TBSIMP_E_INVALID_PARAMETER", "a parameter is not valid"},
    {0x80290209, "TBSIMP_E_RPC_INIT_FAILED", "the RPC subsystem could not start"},
    {0x8029020A, "TBSIMP_E_SCHEDULER_NOT_RUNNING", "the TBS scheduler is not running"},
    {0x8029020B, "TBSIMP_E_COMMAND_CANCELED", "the command was canceled"},
    {0x8029020C, "TBSIMP_E_OUT_OF_MEMORY", "not enough memory for the request"},
    {0x8029020D, "TBSIMP_E_LIST_NO_MORE_ITEMS", "the list is empty or at its end"},
    {0x8029020E, "TBSIMP_E_LIST_NOT_FOUND", "the item is not in the list"},
    {0x8029020F, "TBSIMP_E_NOT_ENOUGH_SPACE", "the TPM has no room to load the resource"},
    {0x80290210, "TBSIMP_E_NOT_ENOUGH_TPM_CONTEXTS", "too many TPM contexts are in use"},
    {0x80290211, "TBSIMP_E_COMMAND_FAILED", "the TPM command failed"},
    {0x80290212, "TBSIMP_E_UNKNOWN_ORDINAL", "the TBS does not know the command ordinal"},
    {0x80290213, "TBSIMP_E_RESOURCE_EXPIRED", "the resource is no longer available"},
    {0x80290214, "TBSIMP_E_INVALID_RESOURCE", "the resource type does not match"},
    {0x80290215, "TBSIMP_E_NOTHING_TO_UNLOAD", "no resource can be unloaded"},
    {0x80290216, "TBSIMP_E_HASH_TABLE_FULL", "the TBS hash table is full"},
    {0x80290217, "TBSIMP_E_TOO_MANY_TBS_CONTEXTS", "too many TBS contexts are open"},
    {0x80290218, "TBSIMP_E_TOO_MANY_RESOURCES", "too many virtual resources are open"},
    {0x80290219, "TBSIMP_E_PPI_NOT_SUPPORTED", "the firmware has no physical presence interface"},
    {0x8029021A, "TBSIMP_E_TPM_INCOMPATIBLE", "the TBS does not work with the TPM version found"},
    {0x8029021B, "TBSIMP_E_NO_EVENT_LOG", "the firmware gave Windows no TCG event log"},
    {0x80290300, "TPM_E_PPI_ACPI_FAILURE",
     "reading the firmware's answer to a physical presence request failed (ACPI)"},
    {0x80290301, "TPM_E_PPI_USER_ABORT",
     "the user did not confirm the TPM operation at the firmware prompt"},
    {0x80290302, "TPM_E_PPI_BIOS_FAILURE",
     "the firmware failed the physical presence operation (a bad request or it could not "
     "talk to the TPM)"},
    {0x80290303, "TPM_E_PPI_NOT_SUPPORTED", "the firmware has no physical presence interface"},
    {0x80290304, "TPM_E_PPI_BLOCKED_IN_BIOS",
     "the firmware's settings block this physical presence operation"},
    {0x80290400, "TPM_E_PCP_ERROR_MASK", "the base of the Platform Crypto Provider's codes"},
    {0x80290401, "TPM_E_PCP_DEVICE_NOT_READY",
     "the Platform Crypto Provider finds the TPM not ready"},
    {0x80290402, "TPM_E_PCP_INVALID_HANDLE", "the Platform Crypto Provider handle is not valid"},
    {0x80290403, "TPM_E_PCP_INVALID_PARAMETER", "a parameter given to the provider is not valid"},
    {0x80290404, "TPM_E_PCP_FLAG_NOT_SUPPORTED", "a flag given to the provider is not supported"},
    {0x80290405, "TPM_E_PCP_NOT_SUPPORTED", "the provider does not support the operation"},
    {0x80290406, "TPM_E_PCP_BUFFER_TOO_SMALL", "the buffer given to the provider is too small"},
    {0x80290407, "TPM_E_PCP_INTERNAL_ERROR", "an internal error of the provider"},
    {0x80290408, "TPM_E_PCP_AUTHENTICATION_FAILED", "the key's authorization value is wrong"},
    {0x80290409, "TPM_E_PCP_AUTHENTICATION_IGNORED",
     "the TPM ignored an authorization attempt (it is defending against dictionary attacks)"},
    {0x8029040A, "TPM_E_PCP_POLICY_NOT_FOUND", "the referenced policy was not found"},
    {0x8029040B, "TPM_E_PCP_PROFILE_NOT_FOUND", "the referenced profile was not found"},
    {0x8029040C, "TPM_E_PCP_VALIDATION_FAILED", "the validation was not successful"},
    {0x8029040E, "TPM_E_PCP_WRONG_PARENT", "the key's parent is not the one expected"},
    {0x8029040F, "TPM_E_KEY_NOT_LOADED", "the key is not loaded in the TPM"},
    {0x80290410, "TPM_E_NO_KEY_CERTIFICATION", "the key has no certification"},
    {0x80290411, "TPM_E_KEY_NOT_FINALIZED", "the key is not finalized"},
    {0x80290412, "TPM_E_ATTESTATION_CHALLENGE_NOT_SET", "no attestation challenge was set"},
    {0x80290413, "TPM_E_NOT_PCR_BOUND", "the key is not bound to PCRs"},
    {0x80290414, "TPM_E_KEY_ALREADY_FINALIZED", "the key is already finalized"},
    {0x80290415, "TPM_E_KEY_USAGE_POLICY_NOT_SUPPORTED", "the key usage policy is not supported"},
    {0x80290416, "TPM_E_KEY_USAGE_POLICY_INVALID", "the key usage policy is not valid"},
    {0x80290417, "TPM_E_SOFT_KEY_ERROR", "a problem with the software key being imported"},
    {0x80290418, "TPM_E_KEY_NOT_AUTHENTICATED", "the key is not authenticated"},
    {0x80290419, "TPM_E_PCP_KEY_NOT_AIK", "the key is not an attestation identity key (AIK)"},
    {0x8029041A, "TPM_E_KEY_NOT_SIGNING_KEY", "the key is not a signing key"},
    {0x8029041B, "TPM_E_LOCKED_OUT", "the TPM is locked out (dictionary-attack protection)"},
    {0x8029041C, "TPM_E_CLAIM_TYPE_NOT_SUPPORTED", "the claim type is not supported"},
    {0x8029041D, "TPM_E_VERSION_NOT_SUPPORTED", "the TPM version is not supported"},
    {0x8029041E, "TPM_E_BUFFER_LENGTH_MISMATCH", "the buffer lengths do not match"},
    {0x8029041F, "TPM_E_PCP_IFX_RSA_KEY_CREATION_BLOCKED",
     "Windows blocks RSA key creation on this Infineon (IFX) TPM; check whether its firmware "
     "has the ROCA weakness (CVE-2017-15361) and update it"},
    {0x80290420, "TPM_E_PCP_TICKET_MISSING", "a ticket the TPM needs is missing"},
    {0x80290421, "TPM_E_PCP_RAW_POLICY_NOT_SUPPORTED", "raw policies are not supported"},
    {0x80290422, "TPM_E_PCP_KEY_HANDLE_INVALIDATED", "the TPM key handle was invalidated"},
    {0x40290423, "TPM_E_PCP_UNSUPPORTED_PSS_SALT", "the RSA-PSS salt size is not supported"},
    {0x40290424, "TPM_E_PCP_PLATFORM_CLAIM_MAY_BE_OUTDATED",
     "the platform claim may be out of date"},
    {0x40290425, "TPM_E_PCP_PLATFORM_CLAIM_OUTDATED", "the platform claim is out of date"},
    {0x40290426, "TPM_E_PCP_PLATFORM_CLAIM_REBOOT",
     "the platform claim is out of date because of a reboot"},
    {0x80290500, "TPM_E_ZERO_EXHAUST_ENABLED", "the TPM is in zero-exhaust mode"},
    {0x80290600, "TPM_E_PROVISIONING_INCOMPLETE", "TPM provisioning did not finish"},
    {0x80290601, "TPM_E_INVALID_OWNER_AUTH", "the owner authorization is not valid"},
    {0x80290602, "TPM_E_TOO_MUCH_DATA", "too much data for the operation"},
};

void tpm_hr_decode(uint32_t hr, struct tpm_hr *out)
{
	size_t i;

	*out = (struct tpm_hr){.kind = TPM_HR_NONE};
	if ((hr & 0xffff0000u) == HR_TPM_SOFTWARE || (hr & 0xffff0000u) == HR_TPM_SOFTWARE_INFO) {
		out->kind = TPM_HR_TPMAPI;
		for (i = 0; i < sizeof(tpmapi_codes) / sizeof(tpmapi_codes[0]); i++)
			if (tpmapi_codes[i].hr == hr) {
				out->name = tpmapi_codes[i].name;
				out->sentence = tpmapi_codes[i].sentence;
			}
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
