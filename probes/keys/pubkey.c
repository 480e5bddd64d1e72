// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parsers of the RSA public key of a TPM 2.0 TPM2B_PUBLIC and a TPM 1.2
 * TPM_PUBKEY (probes/keys/pubkey.h), on the bounded readers of
 * probes/tpm/buf.h: every field is read, the sticky error checked once.
 */
#include <errno.h>
#include <string.h>

#include "probes/keys/pubkey.h"
#include "probes/tpm/buf.h"

/* TPM 2.0 algorithm ids (Part 2, TPM_ALG_ID). */
#define ALG_RSA	      0x0001
#define ALG_KEYEDHASH 0x0008
#define ALG_NULL      0x0010
#define ALG_RSASSA    0x0014
#define ALG_RSAES     0x0015
#define ALG_RSAPSS    0x0016
#define ALG_OAEP      0x0017
#define ALG_ECC	      0x0023
#define ALG_SYMCIPHER 0x0025

/* The largest TPM2B_DIGEST (sizeof(TPMU_HA), SHA-512). */
#define MAX_DIGEST 64

/* TPM 1.2: TPM_ALG_RSA, a TPM_ALGORITHM_ID (Main Part 2, 4.8). */
#define ALG12_RSA	 0x00000001u
#define DEFAULT_EXPONENT 65537u

/* The modulus: exactly bits / 8 bytes, its top bit set. */
static int take_modulus(const uint8_t *m, size_t n, uint32_t bits, struct rsa_pubkey *out)
{
	if (!bits || bits % 8 || n != bits / 8 || n > sizeof(out->modulus) || !(m[0] & 0x80))
		return -EBADMSG;
	memcpy(out->modulus, m, n);
	out->modulus_len = n;
	out->bits = (uint16_t)bits;
	return 0;
}

/* TPMT_RSA_SCHEME: a selector and, for all but NULL and RSAES (TPMS_EMPTY), a hash. */
static int rsa_scheme(struct tpm_rd *r)
{
	uint16_t scheme = 0, hash;

	tpm_rd_u16(r, &scheme);
	switch (scheme) {
	case ALG_NULL:
	case ALG_RSAES:
		return 0;
	case ALG_RSASSA:
	case ALG_RSAPSS:
	case ALG_OAEP:
		return tpm_rd_u16(r, &hash);
	default:
		return -EBADMSG;
	}
}

/* TPMS_RSA_PARMS then TPM2B_PUBLIC_KEY_RSA, after the common fields. */
static int rsa_parms_unique(struct tpm_rd *r, struct rsa_pubkey *out)
{
	uint16_t sym = 0, skip, bits = 0, n = 0;
	const uint8_t *m = NULL;
	uint32_t exponent = 0;

	/* TPMT_SYM_DEF_OBJECT: algorithm, then keyBits and mode unless NULL. */
	tpm_rd_u16(r, &sym);
	if (sym != ALG_NULL) {
		tpm_rd_u16(r, &skip);
		tpm_rd_u16(r, &skip);
	}
	if (rsa_scheme(r))
		return -EBADMSG;
	tpm_rd_u16(r, &bits);
	tpm_rd_u32(r, &exponent);
	if (tpm_rd_tpm2b(r, &m, &n))
		return -EBADMSG;
	out->exponent = exponent ? exponent : DEFAULT_EXPONENT;
	return take_modulus(m, n, bits, out);
}

int pubkey_parse_tpm2b_public(const uint8_t *b, size_t len, struct rsa_pubkey *out)
{
	uint16_t size = 0, type = 0, name_alg, policy_len = 0;
	const uint8_t *policy;
	uint32_t attrs;
	struct tpm_rd r;
	int rc;

	tpm_rd_init(&r, b, len);
	if (tpm_rd_u16(&r, &size) || size != tpm_rd_left(&r)) {
		rc = -EBADMSG;
		goto out;
	}
	tpm_rd_u16(&r, &type);
	tpm_rd_u16(&r, &name_alg);
	tpm_rd_u32(&r, &attrs);
	if (tpm_rd_tpm2b(&r, &policy, &policy_len) || policy_len > MAX_DIGEST) {
		rc = -EBADMSG;
		goto out;
	}
	switch (type) {
	case ALG_RSA:
		rc = rsa_parms_unique(&r, out);
		break;
	case ALG_ECC:
	case ALG_KEYEDHASH:
	case ALG_SYMCIPHER:
		rc = -EPROTONOSUPPORT;
		goto out;
	default:
		rc = -EBADMSG;
		goto out;
	}
	/* The TPMT_PUBLIC fills the size field exactly. */
	if (!rc && (r.bad || tpm_rd_left(&r)))
		rc = -EBADMSG;
out:
	return rc;
}

/* TPM_RSA_KEY_PARMS, exactly parm_size bytes; the exponent big-endian, 0 to 4 bytes. */
static int rsa12_parms(struct tpm_rd *r, uint32_t parm_size, uint32_t *bits, uint32_t *exponent)
{
	uint32_t primes = 0, exp_size = 0, i;
	const uint8_t *e = NULL;

	tpm_rd_u32(r, bits);
	tpm_rd_u32(r, &primes);
	if (tpm_rd_u32(r, &exp_size) || primes != 2 || exp_size > 4 || parm_size != 12 + exp_size ||
	    tpm_rd_ref(r, &e, exp_size))
		return -EBADMSG;
	*exponent = 0;
	for (i = 0; i < exp_size; i++)
		*exponent = *exponent << 8 | e[i];
	if (!*exponent)
		*exponent = DEFAULT_EXPONENT;
	return 0;
}

int pubkey_parse_tpm12_pubkey(const uint8_t *b, size_t len, size_t *used, struct rsa_pubkey *out)
{
	uint32_t alg = 0, parm_size = 0, bits = 0, exponent = 0, key_len = 0;
	uint16_t enc, sig;
	const uint8_t *key = NULL;
	struct tpm_rd r;
	int rc;

	tpm_rd_init(&r, b, len);
	/* TPM_KEY_PARMS */
	tpm_rd_u32(&r, &alg);
	tpm_rd_u16(&r, &enc);
	tpm_rd_u16(&r, &sig);
	if (tpm_rd_u32(&r, &parm_size)) {
		rc = -EBADMSG;
		goto out;
	}
	if (alg != ALG12_RSA) {
		rc = -EPROTONOSUPPORT;
		goto out;
	}
	rc = rsa12_parms(&r, parm_size, &bits, &exponent);
	if (rc)
		goto out;
	/* TPM_STORE_PUBKEY */
	if (tpm_rd_u32(&r, &key_len) || tpm_rd_ref(&r, &key, key_len) || bits > UINT16_MAX) {
		rc = -EBADMSG;
		goto out;
	}
	rc = take_modulus(key, key_len, bits, out);
	if (rc)
		goto out;
	out->exponent = exponent;
	*used = r.pos;
out:
	return rc;
}
