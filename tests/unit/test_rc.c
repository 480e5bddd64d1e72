// SPDX-License-Identifier: GPL-2.0-or-later
#include <criterion/criterion.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probes/tpm/rc.h"
#include "probes/tpm/rc_windows.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct rc_name {
	uint32_t code;
	const char *name;
};

/*
 * TPM 1.2, transcribed from TrouSerS src/include/tss/tpm_error.h ("extracted
 * from the TPM main specification version 1.2 revision 85") as mirrored in
 * libtpms' tpm_constants.h (TPM_BASE + n, TPM_BASE + TPM_NON_FATAL + n).
 */
static const struct rc_name tpm12_names[] = {
    {0x000, "TPM_SUCCESS"},
    {0x001, "TPM_AUTHFAIL"},
    {0x002, "TPM_BADINDEX"},
    {0x003, "TPM_BAD_PARAMETER"},
    {0x004, "TPM_AUDITFAILURE"},
    {0x005, "TPM_CLEAR_DISABLED"},
    {0x006, "TPM_DEACTIVATED"},
    {0x007, "TPM_DISABLED"},
    {0x008, "TPM_DISABLED_CMD"},
    {0x009, "TPM_FAIL"},
    {0x00A, "TPM_BAD_ORDINAL"},
    {0x00B, "TPM_INSTALL_DISABLED"},
    {0x00C, "TPM_INVALID_KEYHANDLE"},
    {0x00D, "TPM_KEYNOTFOUND"},
    {0x00E, "TPM_INAPPROPRIATE_ENC"},
    {0x00F, "TPM_MIGRATEFAIL"},
    {0x010, "TPM_INVALID_PCR_INFO"},
    {0x011, "TPM_NOSPACE"},
    {0x012, "TPM_NOSRK"},
    {0x013, "TPM_NOTSEALED_BLOB"},
    {0x014, "TPM_OWNER_SET"},
    {0x015, "TPM_RESOURCES"},
    {0x016, "TPM_SHORTRANDOM"},
    {0x017, "TPM_SIZE"},
    {0x018, "TPM_WRONGPCRVAL"},
    {0x019, "TPM_BAD_PARAM_SIZE"},
    {0x01A, "TPM_SHA_THREAD"},
    {0x01B, "TPM_SHA_ERROR"},
    {0x01C, "TPM_FAILEDSELFTEST"},
    {0x01D, "TPM_AUTH2FAIL"},
    {0x01E, "TPM_BADTAG"},
    {0x01F, "TPM_IOERROR"},
    {0x020, "TPM_ENCRYPT_ERROR"},
    {0x021, "TPM_DECRYPT_ERROR"},
    {0x022, "TPM_INVALID_AUTHHANDLE"},
    {0x023, "TPM_NO_ENDORSEMENT"},
    {0x024, "TPM_INVALID_KEYUSAGE"},
    {0x025, "TPM_WRONG_ENTITYTYPE"},
    {0x026, "TPM_INVALID_POSTINIT"},
    {0x027, "TPM_INAPPROPRIATE_SIG"},
    {0x028, "TPM_BAD_KEY_PROPERTY"},
    {0x029, "TPM_BAD_MIGRATION"},
    {0x02A, "TPM_BAD_SCHEME"},
    {0x02B, "TPM_BAD_DATASIZE"},
    {0x02C, "TPM_BAD_MODE"},
    {0x02D, "TPM_BAD_PRESENCE"},
    {0x02E, "TPM_BAD_VERSION"},
    {0x02F, "TPM_NO_WRAP_TRANSPORT"},
    {0x030, "TPM_AUDITFAIL_UNSUCCESSFUL"},
    {0x031, "TPM_AUDITFAIL_SUCCESSFUL"},
    {0x032, "TPM_NOTRESETABLE"},
    {0x033, "TPM_NOTLOCAL"},
    {0x034, "TPM_BAD_TYPE"},
    {0x035, "TPM_INVALID_RESOURCE"},
    {0x036, "TPM_NOTFIPS"},
    {0x037, "TPM_INVALID_FAMILY"},
    {0x038, "TPM_NO_NV_PERMISSION"},
    {0x039, "TPM_REQUIRES_SIGN"},
    {0x03A, "TPM_KEY_NOTSUPPORTED"},
    {0x03B, "TPM_AUTH_CONFLICT"},
    {0x03C, "TPM_AREA_LOCKED"},
    {0x03D, "TPM_BAD_LOCALITY"},
    {0x03E, "TPM_READ_ONLY"},
    {0x03F, "TPM_PER_NOWRITE"},
    {0x040, "TPM_FAMILYCOUNT"},
    {0x041, "TPM_WRITE_LOCKED"},
    {0x042, "TPM_BAD_ATTRIBUTES"},
    {0x043, "TPM_INVALID_STRUCTURE"},
    {0x044, "TPM_KEY_OWNER_CONTROL"},
    {0x045, "TPM_BAD_COUNTER"},
    {0x046, "TPM_NOT_FULLWRITE"},
    {0x047, "TPM_CONTEXT_GAP"},
    {0x048, "TPM_MAXNVWRITES"},
    {0x049, "TPM_NOOPERATOR"},
    {0x04A, "TPM_RESOURCEMISSING"},
    {0x04B, "TPM_DELEGATE_LOCK"},
    {0x04C, "TPM_DELEGATE_FAMILY"},
    {0x04D, "TPM_DELEGATE_ADMIN"},
    {0x04E, "TPM_TRANSPORT_NOTEXCLUSIVE"},
    {0x04F, "TPM_OWNER_CONTROL"},
    {0x050, "TPM_DAA_RESOURCES"},
    {0x051, "TPM_DAA_INPUT_DATA0"},
    {0x052, "TPM_DAA_INPUT_DATA1"},
    {0x053, "TPM_DAA_ISSUER_SETTINGS"},
    {0x054, "TPM_DAA_TPM_SETTINGS"},
    {0x055, "TPM_DAA_STAGE"},
    {0x056, "TPM_DAA_ISSUER_VALIDITY"},
    {0x057, "TPM_DAA_WRONG_W"},
    {0x058, "TPM_BAD_HANDLE"},
    {0x059, "TPM_BAD_DELEGATE"},
    {0x05A, "TPM_BADCONTEXT"},
    {0x05B, "TPM_TOOMANYCONTEXTS"},
    {0x05C, "TPM_MA_TICKET_SIGNATURE"},
    {0x05D, "TPM_MA_DESTINATION"},
    {0x05E, "TPM_MA_SOURCE"},
    {0x05F, "TPM_MA_AUTHORITY"},
    {0x061, "TPM_PERMANENTEK"},
    {0x062, "TPM_BAD_SIGNATURE"},
    {0x063, "TPM_NOCONTEXTSPACE"},
    {0x800, "TPM_RETRY"},
    {0x801, "TPM_NEEDS_SELFTEST"},
    {0x802, "TPM_DOING_SELFTEST"},
    {0x803, "TPM_DEFEND_LOCK_RUNNING"},
};

/*
 * TPM 2.0, transcribed from tpm2-tss include/tss2/tss2_tpm2_types.h
 * (TPM2_RC_* = TPM_RC_* of Library Part 2; RC_VER1 0x100, RC_FMT1 0x080,
 * RC_WARN 0x900).
 */
static const struct rc_name tpm20_names[] = {
    {0x000, "TPM_RC_SUCCESS"},
    {0x01E, "TPM_RC_BAD_TAG"},
    {0x100, "TPM_RC_INITIALIZE"},
    {0x101, "TPM_RC_FAILURE"},
    {0x103, "TPM_RC_SEQUENCE"},
    {0x10B, "TPM_RC_PRIVATE"},
    {0x119, "TPM_RC_HMAC"},
    {0x120, "TPM_RC_DISABLED"},
    {0x121, "TPM_RC_EXCLUSIVE"},
    {0x124, "TPM_RC_AUTH_TYPE"},
    {0x125, "TPM_RC_AUTH_MISSING"},
    {0x126, "TPM_RC_POLICY"},
    {0x127, "TPM_RC_PCR"},
    {0x128, "TPM_RC_PCR_CHANGED"},
    {0x12D, "TPM_RC_UPGRADE"},
    {0x12E, "TPM_RC_TOO_MANY_CONTEXTS"},
    {0x12F, "TPM_RC_AUTH_UNAVAILABLE"},
    {0x130, "TPM_RC_REBOOT"},
    {0x131, "TPM_RC_UNBALANCED"},
    {0x142, "TPM_RC_COMMAND_SIZE"},
    {0x143, "TPM_RC_COMMAND_CODE"},
    {0x144, "TPM_RC_AUTHSIZE"},
    {0x145, "TPM_RC_AUTH_CONTEXT"},
    {0x146, "TPM_RC_NV_RANGE"},
    {0x147, "TPM_RC_NV_SIZE"},
    {0x148, "TPM_RC_NV_LOCKED"},
    {0x149, "TPM_RC_NV_AUTHORIZATION"},
    {0x14A, "TPM_RC_NV_UNINITIALIZED"},
    {0x14B, "TPM_RC_NV_SPACE"},
    {0x14C, "TPM_RC_NV_DEFINED"},
    {0x150, "TPM_RC_BAD_CONTEXT"},
    {0x151, "TPM_RC_CPHASH"},
    {0x152, "TPM_RC_PARENT"},
    {0x153, "TPM_RC_NEEDS_TEST"},
    {0x154, "TPM_RC_NO_RESULT"},
    {0x155, "TPM_RC_SENSITIVE"},
    {0x081, "TPM_RC_ASYMMETRIC"},
    {0x082, "TPM_RC_ATTRIBUTES"},
    {0x083, "TPM_RC_HASH"},
    {0x084, "TPM_RC_VALUE"},
    {0x085, "TPM_RC_HIERARCHY"},
    {0x087, "TPM_RC_KEY_SIZE"},
    {0x088, "TPM_RC_MGF"},
    {0x089, "TPM_RC_MODE"},
    {0x08A, "TPM_RC_TYPE"},
    {0x08B, "TPM_RC_HANDLE"},
    {0x08C, "TPM_RC_KDF"},
    {0x08D, "TPM_RC_RANGE"},
    {0x08E, "TPM_RC_AUTH_FAIL"},
    {0x08F, "TPM_RC_NONCE"},
    {0x090, "TPM_RC_PP"},
    {0x092, "TPM_RC_SCHEME"},
    {0x095, "TPM_RC_SIZE"},
    {0x096, "TPM_RC_SYMMETRIC"},
    {0x097, "TPM_RC_TAG"},
    {0x098, "TPM_RC_SELECTOR"},
    {0x09A, "TPM_RC_INSUFFICIENT"},
    {0x09B, "TPM_RC_SIGNATURE"},
    {0x09C, "TPM_RC_KEY"},
    {0x09D, "TPM_RC_POLICY_FAIL"},
    {0x09F, "TPM_RC_INTEGRITY"},
    {0x0A0, "TPM_RC_TICKET"},
    {0x0A1, "TPM_RC_RESERVED_BITS"},
    {0x0A2, "TPM_RC_BAD_AUTH"},
    {0x0A3, "TPM_RC_EXPIRED"},
    {0x0A4, "TPM_RC_POLICY_CC"},
    {0x0A5, "TPM_RC_BINDING"},
    {0x0A6, "TPM_RC_CURVE"},
    {0x0A7, "TPM_RC_ECC_POINT"},
    {0x0A8, "TPM_RC_FW_LIMITED"},
    {0x0A9, "TPM_RC_SVN_LIMITED"},
    {0x901, "TPM_RC_CONTEXT_GAP"},
    {0x902, "TPM_RC_OBJECT_MEMORY"},
    {0x903, "TPM_RC_SESSION_MEMORY"},
    {0x904, "TPM_RC_MEMORY"},
    {0x905, "TPM_RC_SESSION_HANDLES"},
    {0x906, "TPM_RC_OBJECT_HANDLES"},
    {0x907, "TPM_RC_LOCALITY"},
    {0x908, "TPM_RC_YIELDED"},
    {0x909, "TPM_RC_CANCELED"},
    {0x90A, "TPM_RC_TESTING"},
    {0x910, "TPM_RC_REFERENCE_H0"},
    {0x911, "TPM_RC_REFERENCE_H1"},
    {0x912, "TPM_RC_REFERENCE_H2"},
    {0x913, "TPM_RC_REFERENCE_H3"},
    {0x914, "TPM_RC_REFERENCE_H4"},
    {0x915, "TPM_RC_REFERENCE_H5"},
    {0x916, "TPM_RC_REFERENCE_H6"},
    {0x918, "TPM_RC_REFERENCE_S0"},
    {0x919, "TPM_RC_REFERENCE_S1"},
    {0x91A, "TPM_RC_REFERENCE_S2"},
    {0x91B, "TPM_RC_REFERENCE_S3"},
    {0x91C, "TPM_RC_REFERENCE_S4"},
    {0x91D, "TPM_RC_REFERENCE_S5"},
    {0x91E, "TPM_RC_REFERENCE_S6"},
    {0x920, "TPM_RC_NV_RATE"},
    {0x921, "TPM_RC_LOCKOUT"},
    {0x922, "TPM_RC_RETRY"},
    {0x923, "TPM_RC_NV_UNAVAILABLE"},
    {0x97F, "TPM_RC_NOT_USED"},
    /* Library 1.83-1.85, not yet in tss2_tpm2_types.h (see rc20_table.c) */
    {0x0AA, "TPM_RC_PARMS"},
    {0x0AB, "TPM_RC_EXT_MU"},
    {0x0AC, "TPM_RC_ONE_SHOT_SIGNATURE"},
    {0x0AD, "TPM_RC_SIGN_CONTEXT_KEY"},
    {0x0B0, "TPM_RC_CHANNEL"},
    {0x0B1, "TPM_RC_CHANNEL_KEY"},
    {0x156, "TPM_RC_READ_ONLY"},
};

/*
 * TSS 1.2 software layers, transcribed from TrouSerS src/include/tss/
 * tddl_error.h, tcs_error.h, tss_error.h with the layer of
 * tss_error_basics.h (TDDL 0x1000, TCS 0x2000, TSP 0x3000).
 */
struct layered_name {
	uint32_t rc;
	const char *layer;
	const char *name;
};

static const struct layered_name tss12_names[] = {
    {0x1002, "tddl", "TSS_E_FAIL"},
    {0x1012, "tddl", "TSS_E_TIMEOUT"},
    {0x1081, "tddl", "TDDL_E_ALREADY_OPENED"},
    {0x1082, "tddl", "TDDL_E_ALREADY_CLOSED"},
    {0x1083, "tddl", "TDDL_E_INSUFFICIENT_BUFFER"},
    {0x1084, "tddl", "TDDL_E_COMMAND_COMPLETED"},
    {0x1085, "tddl", "TDDL_E_COMMAND_ABORTED"},
    {0x1087, "tddl", "TDDL_E_IOERROR"},
    {0x1088, "tddl", "TDDL_E_BADTAG"},
    {0x1089, "tddl", "TDDL_E_COMPONENT_NOT_FOUND"},
    {0x2003, "tcs", "TSS_E_BAD_PARAMETER"},
    {0x2011, "tcs", "TSS_E_COMM_FAILURE"},
    {0x20C1, "tcs", "TCS_E_INVALID_CONTEXTHANDLE"},
    {0x20C2, "tcs", "TCS_E_INVALID_KEYHANDLE"},
    {0x20C3, "tcs", "TCS_E_INVALID_AUTHHANDLE"},
    {0x20C4, "tcs", "TCS_E_INVALID_AUTHSESSION"},
    {0x20C5, "tcs", "TCS_E_INVALID_KEY"},
    {0x20C8, "tcs", "TCS_E_KEY_MISMATCH"},
    {0x20CA, "tcs", "TCS_E_KM_LOADFAILED"},
    {0x20CC, "tcs", "TCS_E_KEY_CONTEXT_RELOAD"},
    {0x20CD, "tcs", "TCS_E_BAD_INDEX"},
    {0x3002, "tsp", "TSS_E_FAIL"},
    {0x3004, "tsp", "TSS_E_INTERNAL_ERROR"},
    {0x3005, "tsp", "TSS_E_OUTOFMEMORY"},
    {0x3006, "tsp", "TSS_E_NOTIMPL"},
    {0x3008, "tsp", "TSS_E_KEY_ALREADY_REGISTERED"},
    {0x3010, "tsp", "TSS_E_TPM_UNEXPECTED"},
    {0x3014, "tsp", "TSS_E_TPM_UNSUPPORTED_FEATURE"},
    {0x3016, "tsp", "TSS_E_CANCELED"},
    {0x3020, "tsp", "TSS_E_PS_KEY_NOTFOUND"},
    {0x3021, "tsp", "TSS_E_PS_KEY_EXISTS"},
    {0x3022, "tsp", "TSS_E_PS_BAD_KEY_STATE"},
    {0x3101, "tsp", "TSS_E_INVALID_OBJECT_TYPE"},
    {0x3102, "tsp", "TSS_E_NO_CONNECTION"},
    {0x3103, "tsp", "TSS_E_CONNECTION_FAILED"},
    {0x3104, "tsp", "TSS_E_CONNECTION_BROKEN"},
    {0x3105, "tsp", "TSS_E_HASH_INVALID_ALG"},
    {0x3106, "tsp", "TSS_E_HASH_INVALID_LENGTH"},
    {0x3107, "tsp", "TSS_E_HASH_NO_DATA"},
    {0x3109, "tsp", "TSS_E_INVALID_ATTRIB_FLAG"},
    {0x310A, "tsp", "TSS_E_INVALID_ATTRIB_SUBFLAG"},
    {0x310B, "tsp", "TSS_E_INVALID_ATTRIB_DATA"},
    {0x310C, "tsp", "TSS_E_INVALID_OBJECT_INITFLAG"},
    {0x310D, "tsp", "TSS_E_NO_PCRS_SET"},
    {0x310E, "tsp", "TSS_E_KEY_NOT_LOADED"},
    {0x310F, "tsp", "TSS_E_KEY_NOT_SET"},
    {0x3110, "tsp", "TSS_E_VALIDATION_FAILED"},
    {0x3111, "tsp", "TSS_E_TSP_AUTHREQUIRED"},
    {0x3112, "tsp", "TSS_E_TSP_AUTH2REQUIRED"},
    {0x3113, "tsp", "TSS_E_TSP_AUTHFAIL"},
    {0x3114, "tsp", "TSS_E_TSP_AUTH2FAIL"},
    {0x3115, "tsp", "TSS_E_KEY_NO_MIGRATION_POLICY"},
    {0x3116, "tsp", "TSS_E_POLICY_NO_SECRET"},
    {0x3117, "tsp", "TSS_E_INVALID_OBJ_ACCESS"},
    {0x3118, "tsp", "TSS_E_INVALID_ENCSCHEME"},
    {0x3119, "tsp", "TSS_E_INVALID_SIGSCHEME"},
    {0x3120, "tsp", "TSS_E_ENC_INVALID_LENGTH"},
    {0x3121, "tsp", "TSS_E_ENC_NO_DATA"},
    {0x3122, "tsp", "TSS_E_ENC_INVALID_TYPE"},
    {0x3123, "tsp", "TSS_E_INVALID_KEYUSAGE"},
    {0x3124, "tsp", "TSS_E_VERIFICATION_FAILED"},
    {0x3125, "tsp", "TSS_E_HASH_NO_IDENTIFIER"},
    {0x3126, "tsp", "TSS_E_INVALID_HANDLE"},
    {0x3127, "tsp", "TSS_E_SILENT_CONTEXT"},
    {0x3128, "tsp", "TSS_E_EK_CHECKSUM"},
    {0x3129, "tsp", "TSS_E_DELEGATION_NOTSET"},
    {0x3130, "tsp", "TSS_E_DELFAMILY_NOTFOUND"},
    {0x3131, "tsp", "TSS_E_DELFAMILY_ROWEXISTS"},
    {0x3132, "tsp", "TSS_E_VERSION_MISMATCH"},
    {0x3133, "tsp", "TSS_E_DAA_AR_DECRYPTION_ERROR"},
    {0x3134, "tsp", "TSS_E_DAA_AUTHENTICATION_ERROR"},
    {0x3135, "tsp", "TSS_E_DAA_CHALLENGE_RESPONSE_ERROR"},
    {0x3136, "tsp", "TSS_E_DAA_CREDENTIAL_PROOF_ERROR"},
    {0x3137, "tsp", "TSS_E_DAA_CREDENTIAL_REQUEST_PROOF_ERROR"},
    {0x3138, "tsp", "TSS_E_DAA_ISSUER_KEY_ERROR"},
    {0x3139, "tsp", "TSS_E_DAA_PSEUDONYM_ERROR"},
    {0x313A, "tsp", "TSS_E_INVALID_RESOURCE"},
    {0x313B, "tsp", "TSS_E_NV_AREA_EXIST"},
    {0x313C, "tsp", "TSS_E_NV_AREA_NOT_EXIST"},
    {0x313D, "tsp", "TSS_E_TSP_TRANS_AUTHFAIL"},
    {0x313E, "tsp", "TSS_E_TSP_TRANS_AUTHREQUIRED"},
    {0x313F, "tsp", "TSS_E_TSP_TRANS_NOTEXCLUSIVE"},
    {0x3140, "tsp", "TSS_E_TSP_TRANS_FAIL"},
    {0x3141, "tsp", "TSS_E_TSP_TRANS_NO_PUBKEY"},
    {0x3142, "tsp", "TSS_E_NO_ACTIVE_COUNTER"},
};

/*
 * TSS 2.0 software layers, transcribed from tpm2-tss include/tss2/
 * tss2_common.h (TSS2_RC_LAYER(n) = n << 16, TSS2_BASE_RC_*) and
 * tss2_policy.h (layer 13); layer 11 as the Linux kernel uses it.
 */
static const struct layered_name tss2_names[] = {
    {0x00060001, "fapi", "TSS2_BASE_RC_GENERAL_FAILURE"},
    {0x0006001C, "fapi", "TSS2_BASE_RC_NO_CONFIG"},
    {0x00060034, "fapi", "TSS2_BASE_RC_NOT_PROVISIONED"},
    {0x00070018, "esapi", "TSS2_BASE_RC_BAD_TR"},
    {0x0007001B, "esapi", "TSS2_BASE_RC_RSP_AUTH_FAILED"},
    {0x00070036, "esapi", "TSS2_BASE_RC_CALLBACK_NULL"},
    {0x00080001, "sys", "TSS2_BASE_RC_GENERAL_FAILURE"},
    {0x00080007, "sys", "TSS2_BASE_RC_BAD_SEQUENCE"},
    {0x00080011, "sys", "TSS2_BASE_RC_MALFORMED_RESPONSE"},
    {0x00090006, "mu", "TSS2_BASE_RC_INSUFFICIENT_BUFFER"},
    {0x00090010, "mu", "TSS2_BASE_RC_BAD_SIZE"},
    {0x000A0008, "tcti", "TSS2_BASE_RC_NO_CONNECTION"},
    {0x000A0009, "tcti", "TSS2_BASE_RC_TRY_AGAIN"},
    {0x000A000A, "tcti", "TSS2_BASE_RC_IO_ERROR"},
    {0x000A0017, "tcti", "TSS2_BASE_RC_MEMORY"},
    {0x000B0143, "rmt", "TPM_RC_COMMAND_CODE"},
    {0x000B0902, "rmt", "TPM_RC_OBJECT_MEMORY"},
    {0x000C0001, "rm", "TSS2_BASE_RC_GENERAL_FAILURE"},
    {0x000C0903, "rm", "TPM_RC_SESSION_MEMORY"},
    {0x000D0001, "policy", "TSS2_BASE_RC_GENERAL_FAILURE"},
    {0x000D002E, "policy", "TSS2_BASE_RC_POLICY_UNKNOWN"},
};

static struct tpm_rc_desc decode(uint32_t rc, enum tpm_family f)
{
	struct tpm_rc_desc d;

	cr_assert_eq(tpm_rc_decode(rc, f, &d), 0, "decode 0x%x", rc);
	cr_assert_eq(d.rc, rc);
	cr_assert_eq(d.family, f);
	return d;
}

static void expect_name(const struct tpm_rc_desc *d, const char *name)
{
	cr_assert(d->known, "0x%08x: want %s, got unknown", d->rc, name);
	cr_assert_not_null(d->name, "0x%08x", d->rc);
	cr_assert_not_null(d->sentence, "0x%08x", d->rc);
	cr_expect_str_eq(d->name, name, "0x%08x", d->rc);
}

static void expect_layer(const struct tpm_rc_desc *d, const char *layer)
{
	cr_assert_not_null(d->layer, "0x%08x: want layer %s", d->rc, layer);
	cr_expect_str_eq(d->layer, layer, "0x%08x", d->rc);
}

static void check_names(enum tpm_family f, const struct rc_name *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct tpm_rc_desc d = decode(c[i].code, f);

		expect_name(&d, c[i].name);
		expect_layer(&d, "tpm");
		cr_expect_eq(d.base, c[i].code, "%s", c[i].name);
		cr_expect_not(d.vendor, "%s", c[i].name);
	}
}

static void check_layered(enum tpm_family f, const struct layered_name *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct tpm_rc_desc d = decode(c[i].rc, f);

		expect_name(&d, c[i].name);
		expect_layer(&d, c[i].layer);
		cr_expect_not(d.success, "0x%08x", c[i].rc);
	}
}

/* Style of one sentence: no trailing period, no capitalised word first. */
static void check_sentence(const char *name, const char *s)
{
	size_t len;

	cr_assert_not_null(s, "%s", name);
	len = strlen(s);
	cr_assert_gt(len, 5, "%s", name);
	cr_expect_neq(s[len - 1], '.', "%s: trailing period", name);
	cr_expect(!isspace((unsigned char)s[0]) && !isspace((unsigned char)s[len - 1]), "%s", name);
	cr_expect(!(isupper((unsigned char)s[0]) && islower((unsigned char)s[1])),
		  "%s: sentence starts with a capital: %s", name, s);
	cr_expect_null(strchr(s, '\n'), "%s", name);
}

static void check_table(const struct tpm_rc_entry *t, size_t n)
{
	cr_assert_not_null(t);
	for (size_t i = 0; i < n; i++) {
		cr_assert_not_null(t[i].name, "row %zu", i);
		cr_expect_gt(strlen(t[i].name), 4, "row %zu", i);
		cr_expect_eq(strncmp(t[i].name, "TPM_", 4), 0, "%s", t[i].name);
		check_sentence(t[i].name, t[i].sentence);
		if (i > 0)
			cr_expect_gt(t[i].code, t[i - 1].code, "%s (0x%x) after %s (0x%x)",
				     t[i].name, t[i].code, t[i - 1].name, t[i - 1].code);
		for (size_t j = 0; j < i; j++)
			cr_expect_str_neq(t[i].name, t[j].name, "duplicate name");
	}
}

Test(rc, tpm12_names_match_spec)
{
	cr_assert_geq(N(tpm12_names), 45);
	check_names(TPM_FAMILY_12, tpm12_names, N(tpm12_names));
}

Test(rc, tpm20_names_match_spec)
{
	cr_assert_geq(N(tpm20_names), 45);
	check_names(TPM_FAMILY_20, tpm20_names, N(tpm20_names));
}

Test(rc, tables_sorted_unique_and_complete)
{
	size_t n12 = 0, n20 = 0;
	const struct tpm_rc_entry *t12 = tpm12_rc_table(&n12);
	const struct tpm_rc_entry *t20 = tpm20_rc_table(&n20);

	check_table(t12, n12);
	check_table(t20, n20);
	/* every row is one of the transcribed codes, and the reverse */
	cr_expect_eq(n12, N(tpm12_names));
	cr_expect_eq(n20, N(tpm20_names));
	cr_expect_eq(tpm12_rc_table(NULL), t12);
	cr_expect_eq(tpm20_rc_table(NULL), t20);
}

Test(rc, tss_layers_match_headers)
{
	check_layered(TPM_FAMILY_12, tss12_names, N(tss12_names));
	check_layered(TPM_FAMILY_20, tss2_names, N(tss2_names));
}

Test(rc, every_tss2_base_code)
{
	for (uint32_t c = 1; c <= 54; c++) {
		struct tpm_rc_desc d = decode(0x000A0000 | c, TPM_FAMILY_20);

		cr_assert(d.known, "tcti 0x%x", c);
		cr_expect_eq(strncmp(d.name, "TSS2_BASE_RC_", 13), 0, "%s", d.name);
		cr_expect_eq(d.base, c);
		check_sentence(d.name, d.sentence);
	}
	cr_expect_not(decode(0x000A0000 | 55, TPM_FAMILY_20).known);
	cr_expect_not(decode(0x000AF801, TPM_FAMILY_20).known);
}

Test(rc, success_both_families)
{
	struct tpm_rc_desc d12 = decode(0, TPM_FAMILY_12);
	struct tpm_rc_desc d20 = decode(0, TPM_FAMILY_20);

	expect_name(&d12, "TPM_SUCCESS");
	expect_name(&d20, "TPM_RC_SUCCESS");
	cr_expect(d12.success);
	cr_expect(d20.success);
	cr_expect_str_eq(d12.sentence, "the command completed successfully");
	cr_expect_str_eq(d20.sentence, "the command completed successfully");
	cr_expect_not(decode(0x26, TPM_FAMILY_12).success);
	cr_expect_not(decode(0x100, TPM_FAMILY_20).success);
}

struct fmt1_case {
	uint32_t rc;
	const char *name;
	enum tpm_rc_subject subject;
	unsigned index;
};

Test(rc, format_one_subjects)
{
	static const struct fmt1_case c[] = {
	    {0x1D5, "TPM_RC_SIZE", TPM_RC_SUBJECT_PARAMETER, 1},
	    {0x9C5, "TPM_RC_HIERARCHY", TPM_RC_SUBJECT_PARAMETER, 9},
	    {0x8C4, "TPM_RC_VALUE", TPM_RC_SUBJECT_PARAMETER, 8},
	    {0xFC4, "TPM_RC_VALUE", TPM_RC_SUBJECT_PARAMETER, 15},
	    {0x0C4, "TPM_RC_VALUE", TPM_RC_SUBJECT_PARAMETER, 0},
	    {0x1C4, "TPM_RC_VALUE", TPM_RC_SUBJECT_PARAMETER, 1},
	    {0x985, "TPM_RC_HIERARCHY", TPM_RC_SUBJECT_SESSION, 1},
	    {0x98E, "TPM_RC_AUTH_FAIL", TPM_RC_SUBJECT_SESSION, 1},
	    {0x9A2, "TPM_RC_BAD_AUTH", TPM_RC_SUBJECT_SESSION, 1},
	    {0xF8E, "TPM_RC_AUTH_FAIL", TPM_RC_SUBJECT_SESSION, 7},
	    {0x884, "TPM_RC_VALUE", TPM_RC_SUBJECT_SESSION, 0},
	    {0x184, "TPM_RC_VALUE", TPM_RC_SUBJECT_HANDLE, 1},
	    {0x185, "TPM_RC_HIERARCHY", TPM_RC_SUBJECT_HANDLE, 1},
	    {0x78B, "TPM_RC_HANDLE", TPM_RC_SUBJECT_HANDLE, 7},
	    {0x084, "TPM_RC_VALUE", TPM_RC_SUBJECT_HANDLE, 0},
	};

	for (size_t i = 0; i < N(c); i++) {
		struct tpm_rc_desc d = decode(c[i].rc, TPM_FAMILY_20);

		expect_name(&d, c[i].name);
		cr_expect(d.format_one, "0x%x", c[i].rc);
		cr_expect_eq(d.subject, c[i].subject, "0x%x: subject %d", c[i].rc, d.subject);
		cr_expect_eq(d.subject_index, c[i].index, "0x%x: index %u", c[i].rc,
			     d.subject_index);
		cr_expect_eq(d.base, 0x80u | (c[i].rc & 0x3F), "0x%x", c[i].rc);
		cr_expect_not(d.warning, "0x%x", c[i].rc);
		cr_expect_not(d.vendor, "0x%x", c[i].rc);
	}
}

Test(rc, format_zero_is_not_format_one)
{
	struct tpm_rc_desc d = decode(0x143, TPM_FAMILY_20);

	expect_name(&d, "TPM_RC_COMMAND_CODE");
	cr_expect_not(d.format_one);
	cr_expect_eq(d.subject, TPM_RC_SUBJECT_NONE);
	cr_expect_eq(d.subject_index, 0);
}

Test(rc, warnings)
{
	struct tpm_rc_desc d;

	d = decode(0x921, TPM_FAMILY_20);
	expect_name(&d, "TPM_RC_LOCKOUT");
	cr_expect(d.warning);
	d = decode(0x90A, TPM_FAMILY_20);
	expect_name(&d, "TPM_RC_TESTING");
	cr_expect(d.warning);
	d = decode(0x922, TPM_FAMILY_20);
	expect_name(&d, "TPM_RC_RETRY");
	cr_expect(d.warning);
	cr_expect_not(decode(0x101, TPM_FAMILY_20).warning);
	cr_expect_not(decode(0x1D5, TPM_FAMILY_20).warning);

	d = decode(0x800, TPM_FAMILY_12);
	expect_name(&d, "TPM_RETRY");
	cr_expect(d.warning);
	d = decode(0x803, TPM_FAMILY_12);
	expect_name(&d, "TPM_DEFEND_LOCK_RUNNING");
	cr_expect(d.warning);
	cr_expect_not(decode(0x26, TPM_FAMILY_12).warning);
}

Test(rc, tpm12_vendor_codes)
{
	static const struct rc_name c[] = {
	    {0x400, "TPM_VENDOR_ERROR+0x00"},
	    {0x4AB, "TPM_VENDOR_ERROR+0xAB"},
	    {0x500, "TPM_VENDOR_ERROR+0x100"},
	    {0x7FF, "TPM_VENDOR_ERROR+0x3FF"},
	};

	for (size_t i = 0; i < N(c); i++) {
		struct tpm_rc_desc d = decode(c[i].code, TPM_FAMILY_12);

		expect_name(&d, c[i].name);
		cr_expect(d.vendor);
		cr_expect_not(d.warning);
		cr_expect_not_null(strstr(d.sentence, "vendor-specific"));
	}
	cr_expect_not(decode(0x3FF, TPM_FAMILY_12).vendor);
	cr_expect_not(decode(0x800, TPM_FAMILY_12).vendor);
}

Test(rc, tpm20_vendor_codes)
{
	struct tpm_rc_desc d;

	d = decode(0x500, TPM_FAMILY_20);
	expect_name(&d, "TPM_RC_VENDOR+0x00");
	cr_expect(d.vendor);
	cr_expect_not(d.warning);
	d = decode(0x57F, TPM_FAMILY_20);
	expect_name(&d, "TPM_RC_VENDOR+0x7F");
	cr_expect(d.vendor);
	d = decode(0xD01, TPM_FAMILY_20);
	expect_name(&d, "TPM_RC_VENDOR+0x01");
	cr_expect(d.vendor);
	cr_expect(d.warning);
	cr_expect_not_null(strstr(d.sentence, "warning"));
	/* bit 9 is reserved in format zero */
	d = decode(0x700, TPM_FAMILY_20);
	cr_expect_not(d.known);
	/* the T bit of a format-one code is part of N, not a vendor flag */
	cr_expect_not(decode(0x484, TPM_FAMILY_20).vendor);
}

Test(rc, layer_kernel_rm_command_code)
{
	char buf[256];
	struct tpm_rc_desc d = decode(0x000B0143, TPM_FAMILY_20);

	expect_name(&d, "TPM_RC_COMMAND_CODE");
	expect_layer(&d, "rmt");
	cr_expect_eq(d.base, 0x143);
	tpm_rc_format(&d, buf, sizeof(buf));
	cr_expect_str_eq(buf, "layer rmt: TPM_RC_COMMAND_CODE: the TPM does not support this "
			      "command code");
}

Test(rc, layer_tcti_io_error)
{
	struct tpm_rc_desc d = decode(0x000A000A, TPM_FAMILY_20);

	expect_name(&d, "TSS2_BASE_RC_IO_ERROR");
	expect_layer(&d, "tcti");
	cr_expect_eq(d.base, 10);
	cr_expect_not(d.format_one);
}

Test(rc, layer_rmt_format_one)
{
	struct tpm_rc_desc d = decode(0x000B098E, TPM_FAMILY_20);

	expect_name(&d, "TPM_RC_AUTH_FAIL");
	expect_layer(&d, "rmt");
	cr_expect_eq(d.subject, TPM_RC_SUBJECT_SESSION);
	cr_expect_eq(d.subject_index, 1);
}

Test(rc, layer_tddl_in_12)
{
	char buf[256];
	struct tpm_rc_desc d = decode(0x1087, TPM_FAMILY_12);

	expect_name(&d, "TDDL_E_IOERROR");
	expect_layer(&d, "tddl");
	cr_expect_eq(d.base, 0x087);
	cr_expect_not(d.warning);
	tpm_rc_format(&d, buf, sizeof(buf));
	cr_expect_eq(strncmp(buf, "layer tddl: TDDL_E_IOERROR: ", 28), 0, "%s", buf);

	/* a TPM-layer value is a plain TPM 1.2 code */
	d = decode(0x0803, TPM_FAMILY_12);
	expect_name(&d, "TPM_DEFEND_LOCK_RUNNING");
	expect_layer(&d, "tpm");
}

Test(rc, tss12_value_read_as_20_is_unknown)
{
	/* TSS 1.2 layers live in bits 12-15, which TPM 2.0 codes never set */
	cr_expect_not(decode(0x1087, TPM_FAMILY_20).known);
	cr_expect_not(decode(0x3102, TPM_FAMILY_20).known);
	cr_expect_not(decode(0xF1D5, TPM_FAMILY_20).known);
}

Test(rc, unknown_values)
{
	static const uint32_t u12[] = {0x060,  0x064,	0x3FF,	    0x804,     0xFFF,
				       0x1000, 0x1086,	0x20C0,	    0x3000,    0x4001,
				       0xF087, 0x10000, 0x80280001, 0xFFFFFFFF};
	static const uint32_t u20[] = {0x001,	   0x026,     0x07F,	  0x086,      0x091,
				       0x0BF,	   0x102,     0x17F,	  0x300,      0x924,
				       0x1000,	   0x10000,   0x00050001, 0x000E0001, 0x00FF0000,
				       0x01000000, 0xFFFFFFFF};

	for (size_t i = 0; i < N(u12); i++) {
		struct tpm_rc_desc d = decode(u12[i], TPM_FAMILY_12);

		cr_expect_not(d.known, "1.2 0x%x: %s", u12[i], d.name ? d.name : "");
		cr_expect_null(d.name, "1.2 0x%x", u12[i]);
		cr_expect_null(d.sentence, "1.2 0x%x", u12[i]);
		cr_expect_not(d.success, "1.2 0x%x", u12[i]);
	}
	for (size_t i = 0; i < N(u20); i++) {
		struct tpm_rc_desc d = decode(u20[i], TPM_FAMILY_20);

		cr_expect_not(d.known, "2.0 0x%x: %s", u20[i], d.name ? d.name : "");
		cr_expect_null(d.name, "2.0 0x%x", u20[i]);
		cr_expect_not(d.success, "2.0 0x%x", u20[i]);
	}
}

Test(rc, bad_arguments)
{
	struct tpm_rc_desc d;
	char buf[8];

	cr_expect_eq(tpm_rc_decode(0, TPM_FAMILY_UNKNOWN, &d), -EINVAL);
	cr_expect_not(d.known);
	cr_expect_eq(tpm_rc_decode(0, (enum tpm_family)42, &d), -EINVAL);
	cr_expect_eq(tpm_rc_decode(0, TPM_FAMILY_12, NULL), -EINVAL);
	cr_expect_eq(tpm_rc_format(NULL, buf, sizeof(buf)), -EINVAL);
}

static void expect_format(uint32_t rc, enum tpm_family f, const char *want)
{
	char buf[256];
	struct tpm_rc_desc d = decode(rc, f);
	int n = tpm_rc_format(&d, buf, sizeof(buf));

	cr_expect_str_eq(buf, want);
	cr_expect_eq(n, (int)strlen(want));
}

Test(rc, format_exact_strings)
{
	expect_format(
	    0x26, TPM_FAMILY_12,
	    "TPM_INVALID_POSTINIT: the TPM has not received TPM_Startup since it was reset");
	expect_format(0x100, TPM_FAMILY_20,
		      "TPM_RC_INITIALIZE: TPM2_Startup has not been sent since the TPM was reset, "
		      "or was sent twice");
	expect_format(0x1D5, TPM_FAMILY_20,
		      "TPM_RC_SIZE (parameter 1): a structure has the wrong size");
	expect_format(
	    0x0C4, TPM_FAMILY_20,
	    "TPM_RC_VALUE (unspecified parameter): a value is out of range or not correct "
	    "for the context");
	expect_format(
	    0x1087, TPM_FAMILY_12,
	    "layer tddl: TDDL_E_IOERROR: an I/O error on the TPM device stopped the request");
	expect_format(0x123, TPM_FAMILY_20, "0x00000123: not a TPM 2.0 return code");
	expect_format(0x060, TPM_FAMILY_12, "0x00000060: not a TPM 1.2 return code");
	expect_format(0xDEADBEEF, TPM_FAMILY_20, "0xDEADBEEF: not a TPM 2.0 return code");
	expect_format(0, TPM_FAMILY_20, "TPM_RC_SUCCESS: the command completed successfully");
	expect_format(0, TPM_FAMILY_12, "TPM_SUCCESS: the command completed successfully");
}

/* Every length from 0 to the full size: snprintf semantics, no overrun. */
static void check_truncation(uint32_t rc, enum tpm_family f)
{
	char full[512], buf[600];
	struct tpm_rc_desc d = decode(rc, f);
	int want = tpm_rc_format(&d, full, sizeof(full));

	cr_assert_gt(want, 0);
	cr_assert_lt(want, (int)sizeof(full));
	cr_expect_eq(tpm_rc_format(&d, NULL, 0), want);
	cr_expect_eq(tpm_rc_format(&d, NULL, 10), want);
	for (size_t len = 0; len <= (size_t)want + 1; len++) {
		memset(buf, 'Z', sizeof(buf));
		cr_assert_eq(tpm_rc_format(&d, buf, len), want, "len %zu", len);
		for (size_t i = len; i < sizeof(buf); i++)
			cr_assert_eq(buf[i], 'Z', "0x%x len %zu: wrote byte %zu", rc, len, i);
		if (len == 0)
			continue;
		cr_assert_eq(buf[len - 1], '\0');
		cr_assert_eq(strncmp(buf, full, len - 1), 0);
	}
}

Test(rc, format_truncates_safely)
{
	check_truncation(0x26, TPM_FAMILY_12);
	check_truncation(0x1087, TPM_FAMILY_12);
	check_truncation(0x4AB, TPM_FAMILY_12);
	check_truncation(0x9C5, TPM_FAMILY_20);
	check_truncation(0x000B0143, TPM_FAMILY_20);
	check_truncation(0x12345678, TPM_FAMILY_20);
	check_truncation(0x12345678, TPM_FAMILY_12);
}

/* Every 16-bit value, and a layer sweep: consistent fields, bounded lines. */
static void check_consistent(uint32_t rc, enum tpm_family f)
{
	char buf[512];
	struct tpm_rc_desc d = decode(rc, f);
	int n = tpm_rc_format(&d, buf, sizeof(buf));

	cr_assert(n > 0 && n < (int)sizeof(buf), "0x%x", rc);
	if (d.known) {
		cr_assert(d.name && d.sentence && d.layer, "0x%x", rc);
		cr_assert_neq(d.name[0], '\0', "0x%x", rc);
		cr_assert_neq(d.sentence[0], '\0', "0x%x", rc);
	} else {
		cr_assert_null(d.name, "0x%x", rc);
		cr_assert_null(d.sentence, "0x%x", rc);
	}
	if (d.format_one) {
		if (d.subject == TPM_RC_SUBJECT_PARAMETER)
			cr_assert_leq(d.subject_index, 15, "0x%x", rc);
		else
			cr_assert_leq(d.subject_index, 7, "0x%x", rc);
	} else {
		cr_assert_eq(d.subject, TPM_RC_SUBJECT_NONE, "0x%x", rc);
	}
	cr_assert_eq(d.success, rc == 0, "0x%x", rc);
}

Test(rc, sweep_all_16_bit_values)
{
	for (uint32_t rc = 0; rc <= 0xFFFF; rc++) {
		check_consistent(rc, TPM_FAMILY_12);
		check_consistent(rc, TPM_FAMILY_20);
	}
	for (uint32_t layer = 0; layer <= 0x1FF; layer++) {
		check_consistent(layer << 16 | 0x098E, TPM_FAMILY_20);
		check_consistent(layer << 16 | 0x000A, TPM_FAMILY_20);
		check_consistent(layer << 16 | 0x0001, TPM_FAMILY_12);
	}
}

Test(rc, known_20_codes_count)
{
	size_t known = 0;

	for (uint32_t rc = 0; rc <= 0xFFFF; rc++)
		known += decode(rc, TPM_FAMILY_20).known;
	/* every format-one row appears with 16 N values times P set or clear */
	cr_expect_gt(known, 1000);
}

/* Windows' HRESULTs: Microsoft's winerror.h facilities 0x28 and 0x29, TBS return codes. */
Test(rc, windows_hresults)
{
	struct tpm_hr h;

	tpm_hr_decode(0x80280026, &h);
	cr_expect_eq(h.kind, TPM_HR_TPM);
	cr_expect_eq(h.tpm_rc, 0x26);
	tpm_hr_decode(0x802809a2, &h); /* TPM_20_E_ for a session-1 TPM_RC_BAD_AUTH */
	cr_expect_eq(h.kind, TPM_HR_TPM);
	cr_expect_eq(h.tpm_rc, 0x9a2);
	tpm_hr_decode(0x8028400F, &h);
	cr_expect_eq(h.kind, TPM_HR_TBS);
	cr_expect_str_eq(h.name, "TBS_E_TPM_NOT_FOUND");
	tpm_hr_decode(0x80284016, &h);
	cr_expect_str_eq(h.name, "TBS_E_PROVISIONING_INCOMPLETE");
	tpm_hr_decode(0x802840FF, &h);
	cr_expect_eq(h.kind, TPM_HR_TBS);
	cr_expect_null(h.name);
	tpm_hr_decode(0x80290100, &h);
	cr_expect_eq(h.kind, TPM_HR_TPMAPI);
	cr_expect_str_eq(h.name, "TPMAPI_E_INVALID_STATE");
	tpm_hr_decode(0x80290300, &h); /* what Windows shows when the PPI prompt fails */
	cr_expect_str_eq(h.name, "TPM_E_PPI_ACPI_FAILURE");
	tpm_hr_decode(0x8029041F, &h);
	cr_expect_str_eq(h.name, "TPM_E_PCP_IFX_RSA_KEY_CREATION_BLOCKED");
	tpm_hr_decode(0x40290426, &h); /* an informational PCP code */
	cr_expect_str_eq(h.name, "TPM_E_PCP_PLATFORM_CLAIM_REBOOT");
	tpm_hr_decode(0x8029040D, &h); /* a hole in winerror.h */
	cr_expect_eq(h.kind, TPM_HR_TPMAPI);
	cr_expect_null(h.name);
	tpm_hr_decode(0x80281000, &h);
	cr_expect_eq(h.kind, TPM_HR_NONE);
	tpm_hr_decode(0x26, &h);
	cr_expect_eq(h.kind, TPM_HR_NONE);
	tpm_hr_decode(0x80070005, &h); /* E_ACCESSDENIED, another facility */
	cr_expect_eq(h.kind, TPM_HR_NONE);
}
