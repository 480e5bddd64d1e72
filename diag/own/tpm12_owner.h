/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One owner-authorised TPM 1.2 command (an AUTH1 command under an OIAP
 * session; TCG TPM Main 1.2 Part 1, "Authorization protocols"): TPM_OIAP,
 * then the command with its authorisation HMAC-SHA1 keyed with the owner
 * auth value, then the response's HMAC checked. Used by the 1.2 actions
 * (TPM_OwnerClear, TPM_ResetLockValue) and by `tpmdiag own` to verify an
 * existing owner with the given password (TPM_GetCapabilityOwner).
 *
 * Nothing here prints; the HMACs are not secrets but allow an offline guess
 * at the password, so callers must not record these commands.
 */
#ifndef TPMDIAG_TPM12_OWNER_H
#define TPMDIAG_TPM12_OWNER_H

#include <stddef.h>
#include <stdint.h>

#include "diag/own/tpm12_auth.h"
#include "probes/tpm/tpm.h"
#include "probes/transport/transport.h"

struct tpm12_owner_cmd {
	uint32_t ordinal;
	const uint32_t *handles; /* key handles before the parameters: sent, not hashed */
	size_t n_handles;
	const uint8_t *params; /* the parameters after the handles: sent and hashed */
	size_t params_len;
	unsigned timeout_ms; /* 0 = the ordinal's duration class */
};

struct tpm12_owner_rsp {
	uint32_t rc;		  /* the TPM's return code of the command (not of OIAP) */
	uint8_t out[TPM_MAX_MSG]; /* on rc == 0: the output parameters (HMAC checked) */
	size_t out_len;
};

/*
 * Send cmd authorised with owner_auth (tpm12_auth_from_secret). 0 when the
 * TPM answered: r->rc says how (TPM_AUTHFAIL 0x01 = wrong owner password,
 * TPM_NOSRK 0x12 = no owner, TPM_DEFEND_LOCK_RUNNING 0x803 = locked out);
 * on r->rc == 0 the response HMAC matched. Otherwise -errno with one
 * sentence in err:
 *   -EBADMSG  the response does not parse, or its HMAC does not match
 *   -EPROTO   TPM_OIAP itself was refused (its rc in r->rc)
 *   -EPERM    the transport records a transcript (nothing was sent)
 *   other     the transport's error (t->err)
 * After a refusal (r->rc != 0) the session is flushed (best effort).
 * Every buffer that held the auth value or an HMAC is wiped.
 */
int tpm12_owner_xmit(struct tpm_transport *t, const struct tpm12_owner_cmd *cmd,
		     const uint8_t owner_auth[TPM12_DIGEST], struct tpm12_owner_rsp *r, char *err,
		     size_t errlen);

#endif
