/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TPM 1.2 authorisation: auth values from secrets (as tpm-tools makes them),
 * the OIAP session, the HMAC-SHA1 of an AUTH1 command and response (TCG TPM
 * Main Part 1, "Authorization protocols"; Part 3, TPM_OIAP), and the
 * RSA-OAEP (SHA-1, MGF1, label "TCPA") encryption of auth data to the EK
 * (Part 1, "Encryption"; Part 3, TPM_TakeOwnership). OpenSSL libcrypto.
 *
 * Functions return 0 or -errno; nothing here prints.
 */
#ifndef TPMDIAG_TPM12_AUTH_H
#define TPMDIAG_TPM12_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag/own/secret.h"

#define TPM12_DIGEST  20u
#define TPM12_NONCE   20u
#define TPM12_RSA_MAX 512u /* bytes of the largest modulus handled (4096 bits) */

/* The auth value of a secret: the 20 zero bytes when well-known, else SHA1(bytes). */
int tpm12_auth_from_secret(const struct secret *s, uint8_t out[TPM12_DIGEST]);

int tpm12_sha1(const void *p, size_t n, uint8_t out[TPM12_DIGEST]);

/* An OIAP session: the handle and the TPM's last nonceEven. */
struct tpm12_session {
	uint32_t handle;
	uint8_t nonce_even[TPM12_NONCE];
};

/* The bytes of TPM_OIAP (10); 0 or -EOVERFLOW. */
int tpm12_oiap_build(uint8_t *cmd, size_t cap, size_t *len);
/* Parse a successful TPM_OIAP response; -EBADMSG when it has the wrong shape. */
int tpm12_oiap_parse(const uint8_t *rsp, size_t len, struct tpm12_session *s);

/*
 * HMAC-SHA1 keyed with key over
 * digest || nonce_even || nonce_odd || continue (one byte): the authorisation
 * of an AUTH1 command (digest = inParamDigest) or response (outParamDigest).
 */
int tpm12_auth_hmac(const uint8_t key[TPM12_DIGEST], const uint8_t digest[TPM12_DIGEST],
		    const uint8_t nonce_even[TPM12_NONCE], const uint8_t nonce_odd[TPM12_NONCE],
		    bool cont, uint8_t out[TPM12_DIGEST]);

/*
 * RSA-OAEP (SHA-1, MGF1-SHA-1, label "TCPA") of in[inlen] to the public key
 * with modulus n[nlen] (big-endian) and exponent e (65537 when 0).
 * out must hold nlen bytes; *outlen = nlen.
 */
int tpm12_oaep_encrypt(const uint8_t *n, size_t nlen, uint32_t e, const uint8_t *in, size_t inlen,
		       uint8_t *out, size_t outcap, size_t *outlen);

/* Random bytes (getrandom, then OpenSSL's RAND); 0 or -EIO. */
int tpm12_random(uint8_t *out, size_t n);

/* Constant-time comparison of two digests. */
bool tpm12_digest_equal(const uint8_t a[TPM12_DIGEST], const uint8_t b[TPM12_DIGEST]);

#endif
