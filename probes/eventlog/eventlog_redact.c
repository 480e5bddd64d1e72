// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Redaction of a raw event log for a bundle (eventlog.h, evlog_redact):
 * the identifiers in event data are zeroed where they lie, so the log
 * keeps its length, its records and its digests. Which fields: the UEFI
 * specification's UEFI_PARTITION_TABLE_HEADER (DiskGUID at byte 56) and
 * EFI_PARTITION_ENTRY (UniquePartitionGUID at byte 16 of each entry), and
 * the device-path nodes named in eventlog_devpath.c's table.
 */
#include <errno.h>
#include <string.h>

#include "probes/eventlog/eventlog.h"
#include "probes/eventlog/eventlog_priv.h"

#define GPT_DISK_GUID 56
#define GPT_ENTRY_SZ  84 /* SizeOfPartitionEntry */
#define GPT_ENTRY_ID  16 /* UniquePartitionGUID in an entry */
#define GUID_LEN      16

#define EV_EFI_VARIABLE_BOOT  0x80000002u
#define EV_EFI_VARIABLE_BOOT2 0x8000000Cu
#define EV_EFI_GPT_EVENT      0x80000006u
#define EV_EFI_GPT_EVENT2     0x8000000Du

static bool is_image(uint32_t type)
{
	return type >= 0x80000003u && type <= 0x80000005u;
}

static size_t redact_gpt(uint8_t *d, size_t n)
{
	size_t blanked = 0, at;
	uint64_t parts, i;
	uint32_t esz;

	if (n < GPT_HEADER + 8 || memcmp(d, "EFI PART", 8))
		return 0;
	memset(d + GPT_DISK_GUID, 0, GUID_LEN);
	blanked++;
	parts = evlog_le64(d + GPT_HEADER);
	esz = evlog_le32(d + GPT_ENTRY_SZ);
	if (esz < GPT_ENTRY_ID + GUID_LEN)
		return blanked;
	for (i = 0, at = GPT_HEADER + 8; i < parts && esz <= n - at; i++, at += esz) {
		memset(d + at + GPT_ENTRY_ID, 0, GUID_LEN);
		blanked++;
	}
	return blanked;
}

/* A Boot#### variable's EFI_LOAD_OPTION: the device path after the description. */
static size_t redact_load_option(uint8_t *d, size_t n)
{
	uint64_t nlen, vlen;
	uint8_t *v;
	size_t dlen, at;
	uint16_t plen;

	if (n < VAR_HEAD)
		return 0;
	nlen = evlog_le64(d + 16);
	vlen = evlog_le64(d + 24);
	if (nlen != 8 || nlen > (n - VAR_HEAD) / 2 || vlen > n - VAR_HEAD - nlen * 2 ||
	    memcmp(d + VAR_HEAD, "B\0o\0o\0t\0", 8))
		return 0;
	v = d + VAR_HEAD + nlen * 2;
	if (vlen < LOAD_OPTION_HEAD)
		return 0;
	for (dlen = 0; LOAD_OPTION_HEAD + dlen + 1 < vlen &&
		       (v[LOAD_OPTION_HEAD + dlen] || v[LOAD_OPTION_HEAD + dlen + 1]);
	     dlen += 2)
		;
	at = LOAD_OPTION_HEAD + dlen + 2;
	plen = evlog_le16(v + 4);
	if (at > vlen || plen > vlen - at)
		return 0;
	return evlog_devpath_redact(v + at, plen);
}

static size_t redact_image(uint8_t *d, size_t n)
{
	uint64_t plen;

	if (n < IMAGE_HEAD)
		return 0;
	plen = evlog_le64(d + 24);
	if (plen > n - IMAGE_HEAD)
		return 0;
	return evlog_devpath_redact(d + IMAGE_HEAD, (size_t)plen);
}

int evlog_redact(uint8_t *buf, size_t len, size_t *blanked)
{
	struct evlog log;
	uint8_t *d;
	size_t i, n;
	int ret;

	*blanked = 0;
	ret = evlog_parse(buf, len, &log);
	if (ret)
		return ret;
	for (i = 0; i < log.n_events; i++) {
		const struct evlog_event *e = &log.events[i];

		if (!e->data || !e->data_len)
			continue;
		d = buf + (e->data - buf);
		n = e->data_len;
		if (e->type == EV_EFI_GPT_EVENT || e->type == EV_EFI_GPT_EVENT2)
			*blanked += redact_gpt(d, n);
		else if (e->type == EV_EFI_VARIABLE_BOOT || e->type == EV_EFI_VARIABLE_BOOT2)
			*blanked += redact_load_option(d, n);
		else if (is_image(e->type))
			*blanked += redact_image(d, n);
	}
	evlog_free(&log);
	return 0;
}
