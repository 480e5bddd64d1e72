// SPDX-License-Identifier: GPL-2.0-or-later
/* swtpm's control-channel answers (probes/transport/swtpm_ctrl_answer.h). */
#include <errno.h>
#include <string.h>

#include "probes/transport/swtpm.h"
#include "probes/transport/swtpm_ctrl_answer.h"

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int refuse(const char **why, const char *text)
{
	*why = text;
	return -EBADMSG;
}

static void info_text(const uint8_t *p, size_t len, struct swtpm_answer *out)
{
	size_t i;

	for (i = 0; i < len && p[i] && i + 1 < sizeof(out->info); i++)
		out->info[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	out->info[i] = '\0';
	out->info_cut = i < len && p[i];
}

int swtpm_ctrl_decode(uint32_t code, const uint8_t *a, size_t n, struct swtpm_answer *out,
		      const char **why)
{
	uint32_t len;

	memset(out, 0, sizeof(*out));
	out->established = -1;
	*why = "";
	if (n < 4)
		return refuse(why, "shorter than its 4-byte result");
	out->result = be32(a);
	if (out->result)
		return 0; /* a refusal carries nothing else */
	switch (code) {
	case SWTPM_CMD_GET_CAPABILITY:
		if (n < 8)
			return refuse(why, "shorter than the result and the capability bits");
		out->caps = be32(a + 4);
		break;
	case SWTPM_CMD_GET_TPMESTABLISHED:
		if (n < 5)
			return refuse(why, "shorter than the result and the tpmEstablished byte");
		out->established = a[4] & 1;
		break;
	case SWTPM_CMD_GET_INFO:
		if (n < 12)
			return refuse(why, "shorter than the result and its two lengths");
		len = be32(a + 8);
		if (len > n - 12)
			return refuse(why, "its length field points past the end of the answer");
		info_text(a + 12, len, out);
		break;
	default:
		break;
	}
	return 0;
}
