// SPDX-License-Identifier: GPL-2.0-or-later
/* TPM 1.2 dictionary-attack state (tpm12_da.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probes/commands/tpm12_da.h"

int tpm12_da_info_read(struct tpm_rd *cap, struct tpm12_da_info *out)
{
	uint32_t vsize = 0;
	uint16_t tag = 0, atag = 0;
	uint8_t state = 0;

	memset(out, 0, sizeof(*out));
	if (tpm_rd_u16(cap, &tag) || tpm_rd_u8(cap, &state) || state > 1)
		return -EBADMSG;
	out->active = state == 1;
	if (tag == TPM_TAG_DA_INFO_LIMITED)
		out->limited = true;
	else if (tag != TPM_TAG_DA_INFO || tpm_rd_u16(cap, &out->count) ||
		 tpm_rd_u16(cap, &out->threshold))
		return -EBADMSG;
	if (tpm_rd_u16(cap, &atag) || atag != TPM_TAG_DA_ACTION_TYPE ||
	    tpm_rd_u32(cap, &out->actions))
		return -EBADMSG;
	if (!out->limited && tpm_rd_u32(cap, &out->depend))
		return -EBADMSG;
	/* vendorDataSize and vendorData end the structure, and the capability */
	if (tpm_rd_u32(cap, &vsize) || tpm_rd_skip(cap, vsize) || tpm_rd_left(cap))
		return -EBADMSG;
	return 0;
}

int tpm12_da_info_parse(const uint8_t *rsp, size_t len, struct tpm12_da_info *out)
{
	const uint8_t *p = NULL;
	struct tpm_rd r, cap;
	struct tpm_hdr h;
	uint32_t size = 0;

	memset(out, 0, sizeof(*out));
	if (tpm_hdr_parse(rsp, len, &h, &r) || h.code || tpm_rd_u32(&r, &size) ||
	    size != tpm_rd_left(&r) || tpm_rd_ref(&r, &p, size))
		return -EBADMSG;
	tpm_rd_init(&cap, p, size);
	return tpm12_da_info_read(&cap, out);
}

/* TPM_DA_ACTION_TYPE (Part 2, 21.10), bit by bit. */
static const struct {
	uint32_t bit;
	const char *text;
} tpm12_da_actions[] = {
    {TPM12_DA_ACTION_TIMEOUT, "a time-out"},
    {TPM12_DA_ACTION_DISABLE, "disabling the TPM"},
    {TPM12_DA_ACTION_DEACTIVATE, "deactivating the TPM"},
    {TPM12_DA_ACTION_FAILURE_MODE, "failure mode"},
};

const char *tpm12_da_actions_text(uint32_t actions, char *buf, size_t len)
{
	size_t i, pos = 0;
	int w;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < sizeof(tpm12_da_actions) / sizeof(tpm12_da_actions[0]); i++) {
		if (!(actions & tpm12_da_actions[i].bit))
			continue;
		actions &= ~tpm12_da_actions[i].bit;
		w = snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "",
			     tpm12_da_actions[i].text);
		if (w < 0 || (size_t)w >= len - pos)
			return buf;
		pos += (size_t)w;
	}
	if (actions)
		snprintf(buf + pos, len - pos, "%sreserved bits 0x%x", pos ? ", " : "", actions);
	else if (!pos)
		snprintf(buf, len, "none");
	return buf;
}
