// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>

#include "probes/tpm/buf.h"
#include "probes/commands/family.h"
#include "probes/tpm/rc.h"

#define TPM2_CC_GET_CAPABILITY	 0x17A
#define TPM2_CAP_TPM_PROPERTIES	 6
#define TPM2_PT_FAMILY_INDICATOR 0x100

int tpm_detect_family(struct tpm_transport *t, enum tpm_family *out, char *srcbuf, size_t srclen)
{
	uint8_t cmd[32], rsp[TPM_MAX_MSG];
	struct tpm_buf b;
	struct tpm_rc_desc d;
	struct tpm_hdr h;
	size_t n;
	int ret;

	*out = TPM_FAMILY_UNKNOWN;
	if (t->family_hint != TPM_FAMILY_UNKNOWN) {
		*out = t->family_hint;
		snprintf(srcbuf, srclen, "%s",
			 t->family_source ? t->family_source : "the transport");
		return 0;
	}
	tpm_buf_init(&b, cmd, sizeof(cmd));
	tpm_cmd_begin(&b, TPM2_ST_NO_SESSIONS, TPM2_CC_GET_CAPABILITY);
	tpm_buf_u32(&b, TPM2_CAP_TPM_PROPERTIES);
	tpm_buf_u32(&b, TPM2_PT_FAMILY_INDICATOR);
	tpm_buf_u32(&b, 1);
	ret = tpm_cmd_finish(&b);
	if (!ret)
		ret = tpm_transmit(t, cmd, b.len, rsp, sizeof(rsp), &n, 0);
	if (ret)
		return ret;
	tpm_hdr_parse(rsp, n, &h, NULL);
	if (tpm20_is_tag(h.tag)) {
		*out = TPM_FAMILY_20;
		snprintf(srcbuf, srclen, "asked: it answered TPM2_GetCapability with tag 0x%04x",
			 h.tag);
	} else if (tpm12_is_rsp_tag(h.tag)) {
		tpm_rc_decode(h.code, TPM_FAMILY_12, &d);
		*out = TPM_FAMILY_12;
		snprintf(srcbuf, srclen,
			 "asked: it answered TPM2_GetCapability with TPM 1.2 tag 0x%04x and %s",
			 h.tag, d.name ? d.name : "an unknown code");
	} else {
		return tpm_transport_fail(t, EPROTO,
					  "the device answered with tag 0x%04x, which neither TPM "
					  "family uses: it is probably not a TPM",
					  h.tag);
	}
	return 0;
}
