// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The names of an event log: event types (TCG PC Client Platform Firmware
 * Profile, "Event Types"), hash algorithms (TCG Algorithm Registry) and the
 * reasons a log is refused. Tables, walked by one loop each.
 */
#include <stddef.h>

#include "probes/eventlog/eventlog.h"

struct type_name {
	uint32_t type;
	const char *name;
};

static const struct type_name types[] = {
    {0x00000000, "EV_PREBOOT_CERT"},
    {0x00000001, "EV_POST_CODE"},
    {0x00000002, "EV_UNUSED"},
    {0x00000003, "EV_NO_ACTION"},
    {0x00000004, "EV_SEPARATOR"},
    {0x00000005, "EV_ACTION"},
    {0x00000006, "EV_EVENT_TAG"},
    {0x00000007, "EV_S_CRTM_CONTENTS"},
    {0x00000008, "EV_S_CRTM_VERSION"},
    {0x00000009, "EV_CPU_MICROCODE"},
    {0x0000000A, "EV_PLATFORM_CONFIG_FLAGS"},
    {0x0000000B, "EV_TABLE_OF_DEVICES"},
    {0x0000000C, "EV_COMPACT_HASH"},
    {0x0000000D, "EV_IPL"},
    {0x0000000E, "EV_IPL_PARTITION_DATA"},
    {0x0000000F, "EV_NONHOST_CODE"},
    {0x00000010, "EV_NONHOST_CONFIG"},
    {0x00000011, "EV_NONHOST_INFO"},
    {0x00000012, "EV_OMIT_BOOT_DEVICE_EVENTS"},
    {0x80000000, "EV_EFI_EVENT_BASE"},
    {0x80000001, "EV_EFI_VARIABLE_DRIVER_CONFIG"},
    {0x80000002, "EV_EFI_VARIABLE_BOOT"},
    {0x80000003, "EV_EFI_BOOT_SERVICES_APPLICATION"},
    {0x80000004, "EV_EFI_BOOT_SERVICES_DRIVER"},
    {0x80000005, "EV_EFI_RUNTIME_SERVICES_DRIVER"},
    {0x80000006, "EV_EFI_GPT_EVENT"},
    {0x80000007, "EV_EFI_ACTION"},
    {0x80000008, "EV_EFI_PLATFORM_FIRMWARE_BLOB"},
    {0x80000009, "EV_EFI_HANDOFF_TABLES"},
    {0x8000000A, "EV_EFI_PLATFORM_FIRMWARE_BLOB2"},
    {0x8000000B, "EV_EFI_HANDOFF_TABLES2"},
    {0x8000000C, "EV_EFI_VARIABLE_BOOT2"},
    {0x8000000D, "EV_EFI_GPT_EVENT2"},
    {0x80000010, "EV_EFI_HCRTM_EVENT"},
    {0x800000E0, "EV_EFI_VARIABLE_AUTHORITY"},
    {0x800000E1, "EV_EFI_SPDM_FIRMWARE_BLOB"},
    {0x800000E2, "EV_EFI_SPDM_FIRMWARE_CONFIG"},
    {0x800000E3, "EV_EFI_SPDM_DEVICE_POLICY"},
    {0x800000E4, "EV_EFI_SPDM_DEVICE_AUTHORITY"},
};

struct alg_name {
	uint16_t alg;
	const char *name, *evp;
};

static const struct alg_name algs[] = {
    {0x0004, "sha1", "SHA1"},	      {0x000B, "sha256", "SHA256"},
    {0x000C, "sha384", "SHA384"},     {0x000D, "sha512", "SHA512"},
    {0x0012, "sm3_256", "SM3"},	      {0x0027, "sha3_256", "SHA3-256"},
    {0x0028, "sha3_384", "SHA3-384"}, {0x0029, "sha3_512", "SHA3-512"},
};

static const char *const errs[] = {
    [EVLOG_OK] = "no error",
    [EVLOG_ERR_EMPTY] = "the log is empty (no record, or padding alone)",
    [EVLOG_ERR_TOO_BIG] = "the log is larger than 16 MiB",
    [EVLOG_ERR_TRUNCATED] = "a record runs past the end of the log",
    [EVLOG_ERR_TOO_MANY] = "the log has more than 65536 records",
    [EVLOG_ERR_DATA_TOO_BIG] = "an event's data is larger than 1 MiB",
    [EVLOG_ERR_BAD_PCR] = "a record names a PCR above 23",
    [EVLOG_ERR_SPEC_ID] = "the Spec ID Event03 header is malformed",
    [EVLOG_ERR_DIGEST_COUNT] = "a record's digests are not one per bank of the Spec ID header",
    [EVLOG_ERR_UNKNOWN_ALG] = "a record has a digest of an algorithm the Spec ID header lacks",
    [EVLOG_ERR_NO_MEMORY] = "out of memory",
};

const char *evlog_type_name(uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == type)
			return types[i].name;
	return NULL;
}

static const struct alg_name *alg_find(uint16_t alg)
{
	size_t i;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (algs[i].alg == alg)
			return &algs[i];
	return NULL;
}

const char *evlog_alg_name(uint16_t alg)
{
	const struct alg_name *a = alg_find(alg);

	return a ? a->name : NULL;
}

const char *evlog_alg_evp_name(uint16_t alg)
{
	const struct alg_name *a = alg_find(alg);

	return a ? a->evp : NULL;
}

const char *evlog_err_str(enum evlog_err err)
{
	if ((size_t)err < sizeof(errs) / sizeof(errs[0]) && errs[err])
		return errs[err];
	return "unknown error";
}
