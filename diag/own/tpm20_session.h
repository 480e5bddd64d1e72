/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TPM 2.0 password authorisation (TCG TPM Library Part 1, 19.8.4 "Password
 * Authorizations"; Part 2, 10.13 TPMS_AUTH_COMMAND / TPMS_AUTH_RESPONSE):
 * building the authorisation area of a TPM2_ST_SESSIONS command that uses
 * the password session TPM_RS_PW, and reading back a response with its
 * handles, parameterSize, parameters and authorisation areas.
 */
#ifndef TPMDIAG_TPM20_SESSION_H
#define TPMDIAG_TPM20_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probes/tpm/buf.h"

/* TPMA_SESSION (Part 2, 8.4). */
#define TPM20_SESSION_CONTINUE 0x01u
/* Largest TPM2B_AUTH a TPM takes (sizeof(TPMU_HA), SHA-512). */
#define TPM20_AUTH_MAX 64u
/* Most handles in a response's handle area; most sessions in one command. */
#define TPM20_RSP_HANDLES_MAX 3u
#define TPM20_SESSIONS_MAX    3u

/* Bytes of a password authorisation area (authorizationSize included). */
size_t tpm20_pw_area_size(size_t pw_len);

/*
 * Append the authorisation area for one password session:
 *   u32 authorizationSize (the bytes that follow: 9 + pw_len)
 *   u32 sessionHandle TPM_RS_PW, u16 0 (empty nonceCaller),
 *   u8 sessionAttributes continueSession, u16 pw_len, pw (the hmac field).
 * *hmac_off (may be NULL) receives the offset of the password bytes in b,
 * for redaction and wiping. pw_len above TPM20_AUTH_MAX marks b bad.
 */
void tpm20_pw_area(struct tpm_buf *b, const uint8_t *pw, size_t pw_len, size_t *hmac_off);

/*
 * Begin a command authorised by one password session: tag TPM2_ST_SESSIONS,
 * size placeholder, code, the nhandles handles, then the authorisation area.
 * The caller appends the parameters and calls tpm_cmd_finish.
 */
void tpm20_cmd_pw_begin(struct tpm_buf *b, uint32_t code, const uint32_t *handles, size_t nhandles,
			const uint8_t *pw, size_t pw_len, size_t *hmac_off);

/* One TPMS_AUTH_RESPONSE. */
struct tpm20_auth_rsp {
	uint16_t nonce_len;
	uint8_t attrs;
	uint16_t hmac_len;
};

/* A response, read in place. */
struct tpm20_rsp {
	uint16_t tag;
	uint32_t rc;
	uint32_t handle[TPM20_RSP_HANDLES_MAX];
	size_t nhandles;
	const uint8_t *params; /* the response parameters (NULL when none) */
	size_t params_len;
	struct tpm20_auth_rsp session[TPM20_SESSIONS_MAX];
	size_t nsessions;
};

/*
 * Parse the whole response rsp[len]. When the response code is not zero
 * only tag and rc are filled (a failure has no body) and 0 is returned.
 * Otherwise: nhandles handles; for tag TPM2_ST_SESSIONS the parameterSize,
 * that many parameter bytes and then authorisation areas to the end, which
 * must be exactly nsessions well-formed TPMS_AUTH_RESPONSEs; for
 * TPM2_ST_NO_SESSIONS the rest are the parameters.
 * 0, or -EBADMSG (short, trailing bytes, parameterSize past the end, wrong
 * session count) or -EPROTO (the header's size is not len, or a tag no
 * TPM 2.0 uses).
 */
int tpm20_rsp_parse(const uint8_t *rsp, size_t len, size_t nhandles, size_t nsessions,
		    struct tpm20_rsp *out);

#endif
