/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the event-log files share: little-endian reads at checked offsets. */
#ifndef TPMDIAG_EVENTLOG_PRIV_H
#define TPMDIAG_EVENTLOG_PRIV_H

#include <stddef.h>
#include <stdint.h>

#define VAR_HEAD	 32 /* UEFI_VARIABLE_DATA: GUID, name length, data length */
#define IMAGE_HEAD	 32 /* UEFI_IMAGE_LOAD_EVENT: location, length, link address, path length */
#define GPT_HEADER	 92 /* UEFI_PARTITION_TABLE_HEADER */
#define LOAD_OPTION_HEAD 6  /* EFI_LOAD_OPTION: attributes, path list length */

static inline uint16_t evlog_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t evlog_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t evlog_le64(const uint8_t *p)
{
	return (uint64_t)evlog_le32(p) | (uint64_t)evlog_le32(p + 4) << 32;
}

/* An EFI_GUID (mixed-endian) as 8-4-4-4-12 lower-case text; out holds 37. */
void evlog_guid_text(const uint8_t *p, char out[37]);

/* Append to out (NUL-terminated, of cap bytes) what fits of the format. */
void evlog_appendf(char *out, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * The Secure Boot databases (eventlog_sig.c), appended to out: a
 * variable's EFI_SIGNATURE_LISTs as " = 2 X.509 certificates: CN; CN",
 * an authority event's EFI_SIGNATURE_DATA as " (authority): X.509
 * certificate CN".
 */
/* Entries in n bytes of EFI_SIGNATURE_LISTs: 0, or -EBADMSG when they are not lists. */
int evlog_siglists_count(const uint8_t *d, size_t n, size_t *count);
void evlog_siglists_text(const uint8_t *d, size_t n, char *out, size_t cap);
void evlog_sigdata_text(const uint8_t *d, size_t n, char *out, size_t cap);

/* Blank the identifiers of a device path's nodes in place; how many nodes. */
size_t evlog_devpath_redact(uint8_t *p, size_t len);

#endif
