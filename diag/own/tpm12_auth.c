// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TPM 1.2 authorisation helpers over OpenSSL libcrypto (EVP APIs only).
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "diag/own/tpm12_auth.h"
#include "probes/tpm/buf.h"
#include "probes/tpm/tpm.h"

#define TPM_ORD_OIAP 0x0000000Au

static const unsigned char tcpa_label[] = {'T', 'C', 'P', 'A'};

int tpm12_sha1(const void *p, size_t n, uint8_t out[TPM12_DIGEST])
{
	unsigned int len = 0;

	if (!EVP_Digest(p, n, out, &len, EVP_sha1(), NULL) || len != TPM12_DIGEST)
		return -EIO;
	return 0;
}

int tpm12_auth_from_secret(const struct secret *s, uint8_t out[TPM12_DIGEST])
{
	if (!s || !s->set)
		return -EINVAL;
	if (s->well_known) {
		memset(out, 0, TPM12_DIGEST);
		return 0;
	}
	if (s->len > sizeof(s->v))
		return -EINVAL;
	return tpm12_sha1(s->v, s->len, out);
}

int tpm12_oiap_build(uint8_t *cmd, size_t cap, size_t *len)
{
	struct tpm_buf b;
	int ret;

	tpm_buf_init(&b, cmd, cap);
	tpm_cmd_begin(&b, TPM_TAG_RQU_COMMAND, TPM_ORD_OIAP);
	ret = tpm_cmd_finish(&b);
	*len = b.len;
	return ret;
}

int tpm12_oiap_parse(const uint8_t *rsp, size_t len, struct tpm12_session *s)
{
	struct tpm_hdr h;
	struct tpm_rd r;

	if (tpm_hdr_parse(rsp, len, &h, &r) || h.code != 0)
		return -EBADMSG;
	if (tpm_rd_u32(&r, &s->handle) || tpm_rd_bytes(&r, s->nonce_even, TPM12_NONCE) ||
	    tpm_rd_left(&r))
		return -EBADMSG;
	return 0;
}

int tpm12_auth_hmac(const uint8_t key[TPM12_DIGEST], const uint8_t digest[TPM12_DIGEST],
		    const uint8_t nonce_even[TPM12_NONCE], const uint8_t nonce_odd[TPM12_NONCE],
		    bool cont, uint8_t out[TPM12_DIGEST])
{
	uint8_t msg[TPM12_DIGEST + 2 * TPM12_NONCE + 1];
	unsigned int len = 0;
	int ret = 0;

	memcpy(msg, digest, TPM12_DIGEST);
	memcpy(msg + TPM12_DIGEST, nonce_even, TPM12_NONCE);
	memcpy(msg + TPM12_DIGEST + TPM12_NONCE, nonce_odd, TPM12_NONCE);
	msg[sizeof(msg) - 1] = cont ? 1 : 0;
	if (!HMAC(EVP_sha1(), key, (int)TPM12_DIGEST, msg, sizeof(msg), out, &len) ||
	    len != TPM12_DIGEST)
		ret = -EIO;
	OPENSSL_cleanse(msg, sizeof(msg));
	return ret;
}

/* An EVP_PKEY for the RSA public key n, e. */
static EVP_PKEY *rsa_pub(const uint8_t *n, size_t nlen, uint32_t e)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *bn = BN_bin2bn(n, (int)nlen, NULL), *be = BN_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;

	if (!bld || !bn || !be || !BN_set_word(be, e ? e : 65537u) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn);
	BN_free(be);
	return pkey;
}

int tpm12_oaep_encrypt(const uint8_t *n, size_t nlen, uint32_t e, const uint8_t *in, size_t inlen,
		       uint8_t *out, size_t outcap, size_t *outlen)
{
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	unsigned char *label = NULL;
	size_t olen = outcap;
	int ret = -EINVAL;

	*outlen = 0;
	while (nlen && !n[0]) {
		n++;
		nlen--;
	}
	if (nlen < 64 || nlen > TPM12_RSA_MAX || outcap < nlen)
		return -EINVAL;
	pkey = rsa_pub(n, nlen, e);
	if (!pkey)
		goto out;
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	label = OPENSSL_memdup(tcpa_label, sizeof(tcpa_label));
	ret = -EIO;
	if (!ctx || !label || EVP_PKEY_encrypt_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha1()) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha1()) <= 0)
		goto out;
	if (EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, label, (int)sizeof(tcpa_label)) <= 0)
		goto out;
	label = NULL; /* owned by ctx now */
	if (EVP_PKEY_encrypt(ctx, out, &olen, in, inlen) <= 0 || olen != nlen)
		goto out;
	*outlen = olen;
	ret = 0;
out:
	OPENSSL_free(label);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return ret;
}

int tpm12_random(uint8_t *out, size_t n)
{
	if (getrandom(out, n, 0) == (ssize_t)n)
		return 0;
	if (n <= 0x7fffffff && RAND_bytes(out, (int)n) == 1)
		return 0;
	return -EIO;
}

bool tpm12_digest_equal(const uint8_t a[TPM12_DIGEST], const uint8_t b[TPM12_DIGEST])
{
	return CRYPTO_memcmp(a, b, TPM12_DIGEST) == 0;
}
