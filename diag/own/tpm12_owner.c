// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One owner-authorised TPM 1.2 command under an OIAP session (see
 * tpm12_owner.h). TCG TPM Main 1.2 Part 1, "Authorization protocols" (OIAP,
 * the AUTH1 HMAC over inParamDigest/outParamDigest and the two nonces);
 * Part 3, TPM_OIAP, TPM_FlushSpecific.
 *
 * Command:  tag C2 | size | ordinal | handles | params
 *           | authHandle | nonceOdd | continueAuthSession 0 | ownerAuth HMAC
 * Response: tag C5 | size | rc | out params
 *           | nonceEven | continueAuthSession | resAuth HMAC
 * with inParamDigest = SHA1(ordinal || params) (handles are not hashed)
 * and outParamDigest = SHA1(rc || ordinal || out params).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diag/own/tpm12_owner.h"
#include "probes/tpm/buf.h"

#define ORD_FlushSpecific 0x000000BAu
#define TPM_RT_AUTH	  0x00000002u
/* authHandle, nonceOdd, continueAuthSession, ownerAuth */
#define AUTH1_IN (4u + TPM12_NONCE + 1u + TPM12_DIGEST)
/* nonceEven, continueAuthSession, resAuth */
#define AUTH1_OUT (TPM12_NONCE + 1u + TPM12_DIGEST)
/* More handles than any TPM 1.2 command has. */
#define MAX_HANDLES 4u

/* Everything that held the auth value, a nonce or an HMAC, wiped in one place. */
struct xmit_state {
	uint8_t cmd[TPM_MAX_MSG];
	uint8_t rsp[TPM_MAX_MSG];
	uint8_t pd[4 + TPM_MAX_MSG]; /* ordinal || params, or rc || ordinal || out params */
	uint8_t digest[TPM12_DIGEST];
	uint8_t hmac[TPM12_DIGEST];
	uint8_t nonce_odd[TPM12_NONCE];
	struct tpm12_session s;
	size_t clen, rlen;
};

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static int check_args(const struct tpm_transport *t, const struct tpm12_owner_cmd *cmd, char *err,
		      size_t errlen)
{
	if (!t || !cmd || (cmd->n_handles && !cmd->handles) || (cmd->params_len && !cmd->params)) {
		snprintf(err, errlen, "internal error: no device or command given");
		return -EINVAL;
	}
	if (cmd->n_handles > MAX_HANDLES ||
	    cmd->params_len > TPM_MAX_MSG - TPM_HEADER_SIZE - 4 * MAX_HANDLES - AUTH1_IN) {
		snprintf(err, errlen, "the command does not fit in %u bytes", TPM_MAX_MSG);
		return -EINVAL;
	}
	if (t->rec) {
		snprintf(err, errlen,
			 "owner-authorised commands are never written to a transcript (their "
			 "HMACs would allow an offline guess at the password): drop --record");
		return -EPERM;
	}
	return 0;
}

/* TPM_OIAP: the session's handle and first nonceEven into x->s. */
static int oiap(struct tpm_transport *t, struct xmit_state *x, struct tpm12_owner_rsp *r, char *err,
		size_t errlen)
{
	struct tpm_hdr h;
	int ret;

	if (tpm12_oiap_build(x->cmd, sizeof(x->cmd), &x->clen))
		return -EINVAL;
	ret = tpm_transmit(t, x->cmd, x->clen, x->rsp, sizeof(x->rsp), &x->rlen, 0);
	if (ret) {
		snprintf(err, errlen, "%s", t->err);
		return ret;
	}
	if (tpm_hdr_parse(x->rsp, x->rlen, &h, NULL)) {
		snprintf(err, errlen, "the answer to TPM_OIAP is not a TPM response");
		return -EBADMSG;
	}
	if (h.code) {
		r->rc = h.code;
		snprintf(err, errlen,
			 "the TPM refused to open an authorisation session (TPM_OIAP "
			 "answered 0x%x)",
			 h.code);
		return -EPROTO;
	}
	if (tpm12_oiap_parse(x->rsp, x->rlen, &x->s)) {
		snprintf(err, errlen, "the answer to TPM_OIAP has the wrong shape");
		return -EBADMSG;
	}
	return 0;
}

/* The AUTH1 command into x->cmd: parameters, then the authorisation with its HMAC. */
static int build(struct xmit_state *x, const struct tpm12_owner_cmd *cmd,
		 const uint8_t owner_auth[TPM12_DIGEST])
{
	struct tpm_buf b;
	size_t i;

	put_be32(x->pd, cmd->ordinal);
	if (cmd->params_len)
		memcpy(x->pd + 4, cmd->params, cmd->params_len);
	if (tpm12_sha1(x->pd, 4 + cmd->params_len, x->digest) ||
	    tpm12_random(x->nonce_odd, sizeof(x->nonce_odd)) ||
	    tpm12_auth_hmac(owner_auth, x->digest, x->s.nonce_even, x->nonce_odd, false, x->hmac))
		return -EIO;
	tpm_buf_init(&b, x->cmd, sizeof(x->cmd));
	tpm_cmd_begin(&b, TPM_TAG_RQU_AUTH1_COMMAND, cmd->ordinal);
	for (i = 0; i < cmd->n_handles; i++)
		tpm_buf_u32(&b, cmd->handles[i]);
	if (cmd->params_len)
		tpm_buf_bytes(&b, cmd->params, cmd->params_len);
	tpm_buf_u32(&b, x->s.handle);
	tpm_buf_bytes(&b, x->nonce_odd, sizeof(x->nonce_odd));
	tpm_buf_u8(&b, 0); /* continueAuthSession: the session ends with this command */
	tpm_buf_bytes(&b, x->hmac, sizeof(x->hmac));
	if (tpm_cmd_finish(&b))
		return -EOVERFLOW;
	x->clen = b.len;
	return 0;
}

/* Check the response's authorisation and copy its output parameters to r. */
static int verify(struct xmit_state *x, const struct tpm12_owner_cmd *cmd,
		  const uint8_t owner_auth[TPM12_DIGEST], const struct tpm_hdr *h,
		  struct tpm12_owner_rsp *r, char *err, size_t errlen)
{
	const uint8_t *auth;
	size_t n;

	if (h->tag != TPM_TAG_RSP_AUTH1_COMMAND || x->rlen < TPM_HEADER_SIZE + AUTH1_OUT) {
		snprintf(err, errlen,
			 "the TPM answered success without the authorisation section (tag 0x%04x, "
			 "%zu bytes): the answer cannot be verified",
			 h->tag, x->rlen);
		return -EBADMSG;
	}
	n = x->rlen - TPM_HEADER_SIZE - AUTH1_OUT;
	auth = x->rsp + TPM_HEADER_SIZE + n;
	put_be32(x->pd, 0); /* the return code */
	put_be32(x->pd + 4, cmd->ordinal);
	if (n > sizeof(x->pd) - 8) /* cannot happen: rlen <= TPM_MAX_MSG */
		return -EBADMSG;
	memcpy(x->pd + 8, x->rsp + TPM_HEADER_SIZE, n);
	if (tpm12_sha1(x->pd, 8 + n, x->digest) ||
	    tpm12_auth_hmac(owner_auth, x->digest, auth, x->nonce_odd, auth[TPM12_NONCE] != 0,
			    x->hmac))
		return -EIO;
	if (!tpm12_digest_equal(x->hmac, auth + TPM12_NONCE + 1)) {
		snprintf(err, errlen,
			 "the TPM answered success but the answer's authorisation HMAC does not "
			 "match the owner password: the answer cannot be trusted");
		return -EBADMSG;
	}
	memcpy(r->out, x->rsp + TPM_HEADER_SIZE, n);
	r->out_len = n;
	return 0;
}

/*
 * After a refusal the session may still be open (a TPM keeps it after
 * TPM_DEFEND_LOCK_RUNNING, or when the command did not parse): close it so
 * a TPM with few session slots is not left without one. Its answer does not
 * matter (an already closed session is refused, which is fine).
 */
static void flush_session(struct tpm_transport *t, struct xmit_state *x)
{
	struct tpm_buf b;

	tpm_buf_init(&b, x->cmd, sizeof(x->cmd));
	tpm_cmd_begin(&b, TPM_TAG_RQU_COMMAND, ORD_FlushSpecific);
	tpm_buf_u32(&b, x->s.handle);
	tpm_buf_u32(&b, TPM_RT_AUTH);
	if (!tpm_cmd_finish(&b))
		(void)tpm_transmit(t, x->cmd, b.len, x->rsp, sizeof(x->rsp), &x->rlen, 0);
}

int tpm12_owner_xmit(struct tpm_transport *t, const struct tpm12_owner_cmd *cmd,
		     const uint8_t owner_auth[TPM12_DIGEST], struct tpm12_owner_rsp *r, char *err,
		     size_t errlen)
{
	struct xmit_state x;
	struct tpm_hdr h;
	int ret;

	if (errlen)
		err[0] = '\0';
	if (!r || !owner_auth) {
		snprintf(err, errlen, "internal error: no owner auth value or answer given");
		return -EINVAL;
	}
	r->rc = 0;
	r->out_len = 0;
	ret = check_args(t, cmd, err, errlen);
	if (ret)
		return ret;
	memset(&x, 0, sizeof(x));
	ret = oiap(t, &x, r, err, errlen);
	if (ret)
		goto out;
	ret = build(&x, cmd, owner_auth);
	if (ret) {
		snprintf(err, errlen,
			 "computing the authorisation failed (SHA-1, HMAC or random "
			 "numbers unavailable)");
		goto out;
	}
	ret = tpm_transmit(t, x.cmd, x.clen, x.rsp, sizeof(x.rsp), &x.rlen, cmd->timeout_ms);
	explicit_bzero(x.cmd, sizeof(x.cmd));
	if (ret) {
		snprintf(err, errlen, "%s", t->err);
		goto out;
	}
	if (tpm_hdr_parse(x.rsp, x.rlen, &h, NULL) || !tpm12_is_rsp_tag(h.tag)) {
		snprintf(err, errlen, "the answer is not a TPM 1.2 response");
		ret = -EBADMSG;
		goto out;
	}
	r->rc = h.code;
	if (h.code) {
		flush_session(t, &x);
		ret = 0;
		goto out;
	}
	ret = verify(&x, cmd, owner_auth, &h, r, err, errlen);
	if (ret == -EIO)
		snprintf(err, errlen, "computing the response HMAC failed (SHA-1 unavailable)");
out:
	explicit_bzero(&x, sizeof(x));
	return ret;
}
