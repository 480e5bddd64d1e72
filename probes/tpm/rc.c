// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Decoding of TPM return codes for both families, and of the TSS layers that
 * wrap them; see rc.h. The TPM tables live in rc12_table.c and rc20_table.c;
 * the software-stack tables are here.
 *
 * TSS 1.2 values and names: TrouSerS src/include/tss/tss_error.h,
 * tddl_error.h, tcs_error.h, tss_error_basics.h (TSS_LAYER_* in bits 12-15).
 * TSS 2.0 values and names: tpm2-tss include/tss2/tss2_common.h (layers in
 * bits 16-23, TSS2_BASE_RC_*), tss2_policy.h (layer 13); layer 11 is "rmt"
 * as the Linux kernel and tss2-rc use it. The sentences are our own.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/tpm/rc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define RC(c, n, s)                                                                                \
	{                                                                                          \
		(c), (n), (s)                                                                      \
	}

/* TSS 1.2 codes every layer may return (TSS_E_BASE + n, n < 0x80). */
static const struct tpm_rc_entry tss12_common[] = {
    RC(0x002, "TSS_E_FAIL", "an internal error of unknown origin occurred"),
    RC(0x003, "TSS_E_BAD_PARAMETER", "one or more parameters are invalid"),
    RC(0x004, "TSS_E_INTERNAL_ERROR", "the TSS software hit an internal error"),
    RC(0x005, "TSS_E_OUTOFMEMORY", "the TSS ran out of memory"),
    RC(0x006, "TSS_E_NOTIMPL", "the function is not implemented"),
    RC(0x008, "TSS_E_KEY_ALREADY_REGISTERED", "the key is already registered"),
    RC(0x010, "TSS_E_TPM_UNEXPECTED", "the TPM returned an unexpected error"),
    RC(0x011, "TSS_E_COMM_FAILURE", "communication with the TPM failed"),
    RC(0x012, "TSS_E_TIMEOUT", "the operation timed out"),
    RC(0x014, "TSS_E_TPM_UNSUPPORTED_FEATURE", "the TPM does not support the requested feature"),
    RC(0x016, "TSS_E_CANCELED", "the operation was canceled on request"),
    RC(0x020, "TSS_E_PS_KEY_NOTFOUND", "the key is not in the persistent storage database"),
    RC(0x021, "TSS_E_PS_KEY_EXISTS", "the key is already in the persistent storage database"),
    RC(0x022, "TSS_E_PS_BAD_KEY_STATE",
       "the key data in the persistent storage database is not valid"),
};

/* TDDL (device driver library) codes, TSS_TDDL_OFFSET 0x080. */
static const struct tpm_rc_entry tss12_tddl[] = {
    RC(0x081, "TDDL_E_ALREADY_OPENED", "the connection to the TPM device is already open"),
    RC(0x082, "TDDL_E_ALREADY_CLOSED", "the TPM device is not connected"),
    RC(0x083, "TDDL_E_INSUFFICIENT_BUFFER", "the receive buffer is too small"),
    RC(0x084, "TDDL_E_COMMAND_COMPLETED", "the command had already completed"),
    RC(0x085, "TDDL_E_COMMAND_ABORTED", "the TPM aborted the command"),
    RC(0x087, "TDDL_E_IOERROR", "an I/O error on the TPM device stopped the request"),
    RC(0x088, "TDDL_E_BADTAG", "the requested tag is not supported"),
    RC(0x089, "TDDL_E_COMPONENT_NOT_FOUND", "the requested TPM component could not be found"),
};

/* TCS (core services, tcsd) codes, TSS_TCSI_OFFSET 0x0C0. */
static const struct tpm_rc_entry tss12_tcs[] = {
    RC(0x0C1, "TCS_E_INVALID_CONTEXTHANDLE", "the TCS context handle is not valid"),
    RC(0x0C2, "TCS_E_INVALID_KEYHANDLE", "the key handle is not valid"),
    RC(0x0C3, "TCS_E_INVALID_AUTHHANDLE", "the authorization session handle is not valid"),
    RC(0x0C4, "TCS_E_INVALID_AUTHSESSION", "the TPM has closed the authorization session"),
    RC(0x0C5, "TCS_E_INVALID_KEY", "the key has been unloaded"),
    RC(0x0C8, "TCS_E_KEY_MISMATCH", "the key handle and the UUID refer to different keys"),
    RC(0x0CA, "TCS_E_KM_LOADFAILED",
       "the key could not be loaded because a parent key needs authorization"),
    RC(0x0CC, "TCS_E_KEY_CONTEXT_RELOAD",
       "the key cache manager could not load the key back into the TPM"),
    RC(0x0CD, "TCS_E_BAD_INDEX", "the memory index is wrong"),
};

/* TSP (service provider, libtspi) codes, TSS_TSPI_OFFSET 0x100. */
static const struct tpm_rc_entry tss12_tsp[] = {
    RC(0x101, "TSS_E_INVALID_OBJECT_TYPE", "the object type is not valid for this operation"),
    RC(0x102, "TSS_E_NO_CONNECTION", "there is no connection to the core services (tcsd)"),
    RC(0x103, "TSS_E_CONNECTION_FAILED", "connecting to the core services (tcsd) failed"),
    RC(0x104, "TSS_E_CONNECTION_BROKEN", "communication with the core services (tcsd) broke down"),
    RC(0x105, "TSS_E_HASH_INVALID_ALG", "the hash algorithm is not valid"),
    RC(0x106, "TSS_E_HASH_INVALID_LENGTH", "the hash length does not fit the hash algorithm"),
    RC(0x107, "TSS_E_HASH_NO_DATA", "the hash object holds no hash value"),
    RC(0x109, "TSS_E_INVALID_ATTRIB_FLAG", "the attribute flag is inconsistent"),
    RC(0x10A, "TSS_E_INVALID_ATTRIB_SUBFLAG", "the attribute subflag is inconsistent"),
    RC(0x10B, "TSS_E_INVALID_ATTRIB_DATA", "the attribute data is not valid"),
    RC(0x10C, "TSS_E_INVALID_OBJECT_INITFLAG", "the flags given for creating the object are wrong"),
    RC(0x10D, "TSS_E_NO_PCRS_SET", "no PCR is selected or set"),
    RC(0x10E, "TSS_E_KEY_NOT_LOADED", "the key is not loaded"),
    RC(0x10F, "TSS_E_KEY_NOT_SET", "no key information is available"),
    RC(0x110, "TSS_E_VALIDATION_FAILED", "validation of the data failed"),
    RC(0x111, "TSS_E_TSP_AUTHREQUIRED", "authorization is needed"),
    RC(0x112, "TSS_E_TSP_AUTH2REQUIRED", "two authorizations are needed"),
    RC(0x113, "TSS_E_TSP_AUTHFAIL", "authorization failed"),
    RC(0x114, "TSS_E_TSP_AUTH2FAIL", "one of the two authorizations failed"),
    RC(0x115, "TSS_E_KEY_NO_MIGRATION_POLICY", "the key has no migration policy object"),
    RC(0x116, "TSS_E_POLICY_NO_SECRET", "the policy object has no secret set"),
    RC(0x117, "TSS_E_INVALID_OBJ_ACCESS",
       "the object is in a state that does not allow this operation"),
    RC(0x118, "TSS_E_INVALID_ENCSCHEME", "the encryption scheme is not valid"),
    RC(0x119, "TSS_E_INVALID_SIGSCHEME", "the signature scheme is not valid"),
    RC(0x120, "TSS_E_ENC_INVALID_LENGTH", "the encrypted data object has an invalid length"),
    RC(0x121, "TSS_E_ENC_NO_DATA", "the encrypted data object holds no data"),
    RC(0x122, "TSS_E_ENC_INVALID_TYPE", "the encrypted data object has an invalid type"),
    RC(0x123, "TSS_E_INVALID_KEYUSAGE", "the key may not be used this way"),
    RC(0x124, "TSS_E_VERIFICATION_FAILED", "verification failed"),
    RC(0x125, "TSS_E_HASH_NO_IDENTIFIER", "no hash algorithm identifier is set"),
    RC(0x126, "TSS_E_INVALID_HANDLE", "the handle is not valid"),
    RC(0x127, "TSS_E_SILENT_CONTEXT", "the context is silent but the operation needs user input"),
    RC(0x128, "TSS_E_EK_CHECKSUM", "the endorsement key checksum did not verify"),
    RC(0x129, "TSS_E_DELEGATION_NOTSET", "the policy object has no delegation blob"),
    RC(0x130, "TSS_E_DELFAMILY_NOTFOUND", "the delegation family was not found"),
    RC(0x131, "TSS_E_DELFAMILY_ROWEXISTS",
       "the delegation family table row is in use and may not be overwritten"),
    RC(0x132, "TSS_E_VERSION_MISMATCH", "a version does not match the one expected"),
    RC(0x133, "TSS_E_DAA_AR_DECRYPTION_ERROR",
       "decrypting the DAA pseudonym failed because of a wrong key or condition"),
    RC(0x134, "TSS_E_DAA_AUTHENTICATION_ERROR", "the DAA issuer could not authenticate the TPM"),
    RC(0x135, "TSS_E_DAA_CHALLENGE_RESPONSE_ERROR", "the DAA challenge response was wrong"),
    RC(0x136, "TSS_E_DAA_CREDENTIAL_PROOF_ERROR", "the DAA issuer's credential did not verify"),
    RC(0x137, "TSS_E_DAA_CREDENTIAL_REQUEST_PROOF_ERROR",
       "the platform's DAA credential request did not verify"),
    RC(0x138, "TSS_E_DAA_ISSUER_KEY_ERROR", "the DAA issuer's key chain could not be verified"),
    RC(0x139, "TSS_E_DAA_PSEUDONYM_ERROR", "the TPM's DAA key was found on the rogue list"),
    RC(0x13A, "TSS_E_INVALID_RESOURCE", "a memory pointer is wrong"),
    RC(0x13B, "TSS_E_NV_AREA_EXIST", "the NV area already exists"),
    RC(0x13C, "TSS_E_NV_AREA_NOT_EXIST", "the NV area does not exist"),
    RC(0x13D, "TSS_E_TSP_TRANS_AUTHFAIL", "the transport session authorization failed"),
    RC(0x13E, "TSS_E_TSP_TRANS_AUTHREQUIRED", "the transport session needs authorization"),
    RC(0x13F, "TSS_E_TSP_TRANS_NOTEXCLUSIVE",
       "a command ran outside the exclusive transport session"),
    RC(0x140, "TSS_E_TSP_TRANS_FAIL", "transport protection failed"),
    RC(0x141, "TSS_E_TSP_TRANS_NO_PUBKEY",
       "the logged transport session cannot run a command whose key the TSP does not know"),
    RC(0x142, "TSS_E_NO_ACTIVE_COUNTER", "no active TPM counter has been set"),
};

/* TSS 2.0 base codes, ORed with a software layer (tss2_common.h). */
static const struct tpm_rc_entry tss2_base[] = {
    RC(1, "TSS2_BASE_RC_GENERAL_FAILURE", "a failure that no more specific code describes"),
    RC(2, "TSS2_BASE_RC_NOT_IMPLEMENTED", "the called function is not implemented"),
    RC(3, "TSS2_BASE_RC_BAD_CONTEXT", "a context structure is bad"),
    RC(4, "TSS2_BASE_RC_ABI_MISMATCH", "the caller's ABI version does not match the library's"),
    RC(5, "TSS2_BASE_RC_BAD_REFERENCE", "a pointer that must not be NULL was NULL"),
    RC(6, "TSS2_BASE_RC_INSUFFICIENT_BUFFER", "a buffer is too small"),
    RC(7, "TSS2_BASE_RC_BAD_SEQUENCE", "functions were called in the wrong order"),
    RC(8, "TSS2_BASE_RC_NO_CONNECTION", "the connection to the next lower layer failed"),
    RC(9, "TSS2_BASE_RC_TRY_AGAIN",
       "the operation timed out; call the function again to finish it"),
    RC(10, "TSS2_BASE_RC_IO_ERROR", "an input/output error occurred"),
    RC(11, "TSS2_BASE_RC_BAD_VALUE", "a parameter has a bad value"),
    RC(12, "TSS2_BASE_RC_NOT_PERMITTED", "the operation is not permitted"),
    RC(13, "TSS2_BASE_RC_INVALID_SESSIONS",
       "sessions were passed that the command does not use, or the wrong number of them"),
    RC(14, "TSS2_BASE_RC_NO_DECRYPT_PARAM",
       "a decrypt session was asked for but the command has no parameter to encrypt"),
    RC(15, "TSS2_BASE_RC_NO_ENCRYPT_PARAM",
       "an encrypt session was asked for but the response has no parameter to encrypt"),
    RC(16, "TSS2_BASE_RC_BAD_SIZE", "a parameter has the wrong size"),
    RC(17, "TSS2_BASE_RC_MALFORMED_RESPONSE", "the response is malformed"),
    RC(18, "TSS2_BASE_RC_INSUFFICIENT_CONTEXT", "the context is too small"),
    RC(19, "TSS2_BASE_RC_INSUFFICIENT_RESPONSE", "the response is too short"),
    RC(20, "TSS2_BASE_RC_INCOMPATIBLE_TCTI", "the TCTI version is unknown or unusable"),
    RC(21, "TSS2_BASE_RC_NOT_SUPPORTED", "the functionality is not supported"),
    RC(22, "TSS2_BASE_RC_BAD_TCTI_STRUCTURE", "the TCTI context is bad"),
    RC(23, "TSS2_BASE_RC_MEMORY", "memory allocation failed"),
    RC(24, "TSS2_BASE_RC_BAD_TR", "the ESYS_TR handle is not valid"),
    RC(25, "TSS2_BASE_RC_MULTIPLE_DECRYPT_SESSIONS",
       "more than one session has the decrypt attribute set"),
    RC(26, "TSS2_BASE_RC_MULTIPLE_ENCRYPT_SESSIONS",
       "more than one session has the encrypt attribute set"),
    RC(27, "TSS2_BASE_RC_RSP_AUTH_FAILED", "the response HMAC from the TPM did not verify"),
    RC(28, "TSS2_BASE_RC_NO_CONFIG", "no FAPI configuration was found"),
    RC(29, "TSS2_BASE_RC_BAD_PATH", "the FAPI path is not valid"),
    RC(30, "TSS2_BASE_RC_NOT_DELETABLE", "the object cannot be deleted"),
    RC(31, "TSS2_BASE_RC_PATH_ALREADY_EXISTS", "the FAPI path already exists"),
    RC(32, "TSS2_BASE_RC_KEY_NOT_FOUND", "the key was not found"),
    RC(33, "TSS2_BASE_RC_SIGNATURE_VERIFICATION_FAILED", "the signature did not verify"),
    RC(34, "TSS2_BASE_RC_HASH_MISMATCH", "the hashes do not match"),
    RC(35, "TSS2_BASE_RC_KEY_NOT_DUPLICABLE", "the key cannot be duplicated"),
    RC(36, "TSS2_BASE_RC_PATH_NOT_FOUND", "the FAPI path was not found"),
    RC(37, "TSS2_BASE_RC_NO_CERT", "no certificate was found"),
    RC(38, "TSS2_BASE_RC_NO_PCR", "no PCR was found"),
    RC(39, "TSS2_BASE_RC_PCR_NOT_RESETTABLE", "the PCR cannot be reset"),
    RC(40, "TSS2_BASE_RC_BAD_TEMPLATE", "the template is not valid"),
    RC(41, "TSS2_BASE_RC_AUTHORIZATION_FAILED", "the authorization failed"),
    RC(42, "TSS2_BASE_RC_AUTHORIZATION_UNKNOWN", "the authorization is unknown"),
    RC(43, "TSS2_BASE_RC_NV_NOT_READABLE", "the NV index cannot be read"),
    RC(44, "TSS2_BASE_RC_NV_TOO_SMALL", "the NV index is too small"),
    RC(45, "TSS2_BASE_RC_NV_NOT_WRITEABLE", "the NV index cannot be written"),
    RC(46, "TSS2_BASE_RC_POLICY_UNKNOWN", "the policy is unknown"),
    RC(47, "TSS2_BASE_RC_NV_WRONG_TYPE", "the NV index has the wrong type"),
    RC(48, "TSS2_BASE_RC_NAME_ALREADY_EXISTS", "the name already exists"),
    RC(49, "TSS2_BASE_RC_NO_TPM", "no TPM is available"),
    RC(50, "TSS2_BASE_RC_BAD_KEY", "the key is not valid"),
    RC(51, "TSS2_BASE_RC_NO_HANDLE", "no handle was found"),
    RC(52, "TSS2_BASE_RC_NOT_PROVISIONED", "FAPI has not been provisioned yet"),
    RC(53, "TSS2_BASE_RC_ALREADY_PROVISIONED", "FAPI is already provisioned"),
    RC(54, "TSS2_BASE_RC_CALLBACK_NULL", "a required callback is not set"),
};

/*
 * Names of vendor codes, built by the preprocessor so that the descriptor can
 * point at a constant string: "TPM_VENDOR_ERROR+0x00" ... "+0x3FF" (1.2) and
 * "TPM_RC_VENDOR+0x00" ... "+0x7F" (2.0, the T bit with error number n).
 */
#define HX(p, a, b) p #a #b
#define HX16(p, a)                                                                                 \
	HX(p, a, 0), HX(p, a, 1), HX(p, a, 2), HX(p, a, 3), HX(p, a, 4), HX(p, a, 5), HX(p, a, 6), \
	    HX(p, a, 7), HX(p, a, 8), HX(p, a, 9), HX(p, a, A), HX(p, a, B), HX(p, a, C),          \
	    HX(p, a, D), HX(p, a, E), HX(p, a, F)
#define HX128(p)                                                                                   \
	HX16(p, 0), HX16(p, 1), HX16(p, 2), HX16(p, 3), HX16(p, 4), HX16(p, 5), HX16(p, 6),        \
	    HX16(p, 7)
#define HX256(p)                                                                                   \
	HX128(p), HX16(p, 8), HX16(p, 9), HX16(p, A), HX16(p, B), HX16(p, C), HX16(p, D),          \
	    HX16(p, E), HX16(p, F)
#define V12 "TPM_VENDOR_ERROR+0x"
#define V20 "TPM_RC_VENDOR+0x"

static const char *const tpm12_vendor_names[0x400] = {
    HX256(V12),
    HX256(V12 "1"),
    HX256(V12 "2"),
    HX256(V12 "3"),
};
static const char *const tpm20_vendor_names[0x80] = {HX128(V20)};

/* TSS 1.2 layers by bits 12-15 (tss_error_basics.h). */
struct tss12_layer {
	const char *name;
	const struct tpm_rc_entry *table;
	size_t n;
};

static const struct tss12_layer tss12_layers[] = {
    [1] = {"tddl", tss12_tddl, N(tss12_tddl)},
    [2] = {"tcs", tss12_tcs, N(tss12_tcs)},
    [3] = {"tsp", tss12_tsp, N(tss12_tsp)},
};

/* TSS 2.0 layers by bits 16-23, and how the low 16 bits read in each. */
enum tss2_kind {
	TSS2_KIND_NONE = 0,
	TSS2_KIND_TPM,	/* a TPM response code */
	TSS2_KIND_BASE, /* a TSS2_BASE_RC_* code */
	TSS2_KIND_RM,	/* a base code, else a TPM code passed through */
};

struct tss2_layer {
	const char *name;
	enum tss2_kind kind;
};

static const struct tss2_layer tss2_layers[] = {
    [0] = {"tpm", TSS2_KIND_TPM},      [6] = {"fapi", TSS2_KIND_BASE},
    [7] = {"esapi", TSS2_KIND_BASE},   [8] = {"sys", TSS2_KIND_BASE},
    [9] = {"mu", TSS2_KIND_BASE},      [10] = {"tcti", TSS2_KIND_BASE},
    [11] = {"rmt", TSS2_KIND_TPM},     [12] = {"rm", TSS2_KIND_RM},
    [13] = {"policy", TSS2_KIND_BASE},
};

static const char vendor12_sentence[] =
    "a vendor-specific error; look it up in the TPM chip maker's documentation";
static const char vendor20_error[] =
    "a vendor-specific error; look it up in the TPM chip maker's documentation";
static const char vendor20_warning[] =
    "a vendor-specific warning; look it up in the TPM chip maker's documentation";

static int rc_cmp(const void *key, const void *elem)
{
	uint32_t k = *(const uint32_t *)key;
	uint32_t c = ((const struct tpm_rc_entry *)elem)->code;

	return (k > c) - (k < c);
}

static const struct tpm_rc_entry *rc_find(const struct tpm_rc_entry *t, size_t n, uint32_t code)
{
	return bsearch(&code, t, n, sizeof(*t), rc_cmp);
}

static const struct tpm_rc_entry *rc_find12(uint32_t code)
{
	size_t n = 0;
	const struct tpm_rc_entry *t = tpm12_rc_table(&n);

	return rc_find(t, n, code);
}

static const struct tpm_rc_entry *rc_find20(uint32_t code)
{
	size_t n = 0;
	const struct tpm_rc_entry *t = tpm20_rc_table(&n);

	return rc_find(t, n, code);
}

/* Copies a table row into d; a NULL row leaves d unknown. */
static void desc_set(struct tpm_rc_desc *d, const struct tpm_rc_entry *e)
{
	if (!e)
		return;
	d->known = true;
	d->name = e->name;
	d->sentence = e->sentence;
	d->base = e->code;
}

static void decode_tss12(uint32_t rc, struct tpm_rc_desc *d)
{
	uint32_t code = rc & 0xFFF;
	size_t idx = rc >> 12;
	const struct tss12_layer *l;
	const struct tpm_rc_entry *e;

	if (idx >= N(tss12_layers) || !tss12_layers[idx].name)
		return;
	l = &tss12_layers[idx];
	d->layer = l->name;
	d->base = code;
	e = rc_find(l->table, l->n, code);
	if (!e)
		e = rc_find(tss12_common, N(tss12_common), code);
	desc_set(d, e);
}

static void decode12(uint32_t rc, struct tpm_rc_desc *d)
{
	if (rc > 0xFFFF)
		return;
	if (rc >= 0x1000) {
		decode_tss12(rc, d);
		return;
	}
	d->layer = "tpm";
	d->base = rc;
	d->warning = rc >= 0x800;
	if (rc >= 0x400 && rc < 0x800) {
		d->vendor = true;
		d->known = true;
		d->name = tpm12_vendor_names[rc - 0x400];
		d->sentence = vendor12_sentence;
		return;
	}
	desc_set(d, rc_find12(rc));
}

/* Format one: bit 7 set; E in bits 0-5, P bit 6, N in bits 8-11. */
static void decode_fmt1(uint32_t low, struct tpm_rc_desc *d)
{
	unsigned n = (low >> 8) & 0xF;

	d->format_one = true;
	d->base = 0x080 | (low & 0x3F);
	if (low & 0x040) {
		d->subject = TPM_RC_SUBJECT_PARAMETER;
		d->subject_index = n;
	} else if (n & 8) {
		d->subject = TPM_RC_SUBJECT_SESSION;
		d->subject_index = n & 7;
	} else {
		d->subject = TPM_RC_SUBJECT_HANDLE;
		d->subject_index = n;
	}
	desc_set(d, rc_find20(d->base));
}

/* Format zero, V set: T (bit 10) vendor, S (bit 11) warning, bit 9 reserved. */
static void decode_fmt0(uint32_t low, struct tpm_rc_desc *d)
{
	d->base = low;
	d->warning = (low & 0x800) != 0;
	d->vendor = (low & 0x400) != 0;
	if (low & 0x200)
		return;
	if (!d->vendor) {
		desc_set(d, rc_find20(low));
		return;
	}
	d->known = true;
	d->name = tpm20_vendor_names[low & 0x7F];
	d->sentence = d->warning ? vendor20_warning : vendor20_error;
}

/* Bits 12-15 must be clear; bit 7 picks the format, bit 8 (V) marks 2.0. */
static void decode_tpm20(uint32_t low, struct tpm_rc_desc *d)
{
	d->base = low;
	if (low & 0xF000)
		return;
	if (low & 0x080)
		decode_fmt1(low, d);
	else if (low & 0x100)
		decode_fmt0(low, d);
	else
		desc_set(d, rc_find20(low)); /* 1.2-style: only SUCCESS and BAD_TAG */
}

static void decode_base20(uint32_t low, struct tpm_rc_desc *d)
{
	d->base = low;
	desc_set(d, rc_find(tss2_base, N(tss2_base), low));
}

static void decode20(uint32_t rc, struct tpm_rc_desc *d)
{
	uint32_t low = rc & 0xFFFF;
	size_t idx = (rc >> 16) & 0xFF;
	const struct tss2_layer *l;

	if (rc >> 24 || idx >= N(tss2_layers) || !tss2_layers[idx].name)
		return;
	l = &tss2_layers[idx];
	d->layer = l->name;
	switch (l->kind) {
	case TSS2_KIND_TPM:
		decode_tpm20(low, d);
		break;
	case TSS2_KIND_BASE:
		decode_base20(low, d);
		break;
	case TSS2_KIND_RM:
		decode_base20(low, d);
		if (!d->known)
			decode_tpm20(low, d);
		break;
	case TSS2_KIND_NONE:
		break;
	}
}

int tpm_rc_decode(uint32_t rc, enum tpm_family family, struct tpm_rc_desc *out)
{
	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->rc = rc;
	out->family = family;
	switch (family) {
	case TPM_FAMILY_12:
		decode12(rc, out);
		break;
	case TPM_FAMILY_20:
		decode20(rc, out);
		break;
	case TPM_FAMILY_UNKNOWN:
	default:
		return -EINVAL;
	}
	out->success = rc == 0;
	return 0;
}

/* " (parameter 1)", " (unspecified session)", or "" when there is no subject. */
static void subject_text(const struct tpm_rc_desc *d, char *buf, size_t len)
{
	static const char *const what[] = {
	    [TPM_RC_SUBJECT_PARAMETER] = "parameter",
	    [TPM_RC_SUBJECT_HANDLE] = "handle",
	    [TPM_RC_SUBJECT_SESSION] = "session",
	};
	size_t s = (size_t)d->subject;

	buf[0] = '\0';
	if (!d->format_one || s >= N(what) || !what[s])
		return;
	if (d->subject_index)
		snprintf(buf, len, " (%s %u)", what[s], d->subject_index);
	else
		snprintf(buf, len, " (unspecified %s)", what[s]);
}

int tpm_rc_format(const struct tpm_rc_desc *d, char *buf, size_t len)
{
	const char *lp = "", *ln = "", *ls = "";
	char subj[40];

	if (!d)
		return -EINVAL;
	if (!buf)
		len = 0;
	if (!d->known || !d->name || !d->sentence)
		return snprintf(buf, len, "0x%08" PRIX32 ": not a TPM %s return code", d->rc,
				tpm_family_name(d->family));
	if (d->layer && strcmp(d->layer, "tpm") != 0) {
		lp = "layer ";
		ln = d->layer;
		ls = ": ";
	}
	subject_text(d, subj, sizeof(subj));
	return snprintf(buf, len, "%s%s%s%s%s: %s", lp, ln, ls, d->name, subj, d->sentence);
}
