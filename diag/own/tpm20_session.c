// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TPM 2.0 password sessions: the command authorisation area and the
 * response's handle, parameter and authorisation areas. All reads bounded.
 */
#include <errno.h>
#include <string.h>

#include "diag/own/tpm20_session.h"
#include "probes/tpm/tpm.h"
#include "probes/commands/tpm20.h"

/* sessionHandle + nonce size + attributes + hmac size. */
#define TPM20_PW_FIXED (4u + 2u + 1u + 2u)

size_t tpm20_pw_area_size(size_t pw_len)
{
	return 4u + TPM20_PW_FIXED + pw_len;
}

void tpm20_pw_area(struct tpm_buf *b, const uint8_t *pw, size_t pw_len, size_t *hmac_off)
{
	if (pw_len > TPM20_AUTH_MAX) {
		b->bad = true;
		return;
	}
	tpm_buf_u32(b, (uint32_t)(TPM20_PW_FIXED + pw_len));
	tpm_buf_u32(b, TPM2_RS_PW);
	tpm_buf_u16(b, 0);
	tpm_buf_u8(b, TPM20_SESSION_CONTINUE);
	tpm_buf_u16(b, (uint16_t)pw_len);
	if (hmac_off)
		*hmac_off = b->len;
	tpm_buf_bytes(b, pw, pw_len);
}

void tpm20_cmd_pw_begin(struct tpm_buf *b, uint32_t code, const uint32_t *handles, size_t nhandles,
			const uint8_t *pw, size_t pw_len, size_t *hmac_off)
{
	size_t i;

	tpm_cmd_begin(b, TPM2_ST_SESSIONS, code);
	for (i = 0; i < nhandles; i++)
		tpm_buf_u32(b, handles[i]);
	tpm20_pw_area(b, pw, pw_len, hmac_off);
}

static int tpm20_rd_auth_rsp(struct tpm_rd *r, struct tpm20_auth_rsp *a)
{
	const uint8_t *p = NULL;

	if (tpm_rd_tpm2b(r, &p, &a->nonce_len) || tpm_rd_u8(r, &a->attrs) ||
	    tpm_rd_tpm2b(r, &p, &a->hmac_len))
		return -EBADMSG;
	return 0;
}

int tpm20_rsp_parse(const uint8_t *rsp, size_t len, size_t nhandles, size_t nsessions,
		    struct tpm20_rsp *out)
{
	uint32_t psize = 0;
	struct tpm_hdr h;
	struct tpm_rd r;
	size_t i;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = tpm_hdr_parse(rsp, len, &h, &r);
	if (ret)
		return ret;
	if (!tpm20_is_tag(h.tag))
		return -EPROTO;
	out->tag = h.tag;
	out->rc = h.code;
	if (h.code)
		return 0;
	if (nhandles > TPM20_RSP_HANDLES_MAX || nsessions > TPM20_SESSIONS_MAX)
		return -EINVAL;
	for (i = 0; i < nhandles; i++)
		if (tpm_rd_u32(&r, &out->handle[i]))
			return -EBADMSG;
	out->nhandles = nhandles;
	if (h.tag == TPM2_ST_NO_SESSIONS) {
		if (nsessions)
			return -EBADMSG;
		out->params_len = tpm_rd_left(&r);
		return tpm_rd_ref(&r, &out->params, out->params_len);
	}
	if (tpm_rd_u32(&r, &psize) || tpm_rd_ref(&r, &out->params, psize))
		return -EBADMSG;
	out->params_len = psize;
	while (tpm_rd_left(&r)) {
		if (out->nsessions == TPM20_SESSIONS_MAX ||
		    tpm20_rd_auth_rsp(&r, &out->session[out->nsessions]))
			return -EBADMSG;
		out->nsessions++;
	}
	return out->nsessions == nsessions ? 0 : -EBADMSG;
}
