// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * OpenSSL's libcrypto on first use (probes/os/dl.h), with its headers'
 * prototypes: what TPM 1.2 authorisation and TakeOwnership use
 * (diag/own/tpm12_auth.c: SHA-1, HMAC, RSA-OAEP, random bytes) and the
 * message digests an event-log replay needs (EVP_MD_CTX, EVP_Digest*,
 * SHA-1/256/384/512 by name), and the BIGNUM residues of the ROCA
 * fingerprint test (probes/keys/roca.c), and X.509 decoding of the EK
 * certificate (probes/keys/ekcert.c). A new caller includes the OpenSSL header
 * as usual; a function missing here is a link error: add it to CRYPTO_SYMS and write its wrapper
 * below. OPENSSL_free/OPENSSL_memdup are macros for CRYPTO_free/CRYPTO_memdup, so those are the
 * ones wrapped.
 *
 * Without the library every function fails the OpenSSL way (0 or NULL);
 * a caller that wants the reason asks dl_status(DL_CRYPTO) (dl.h).
 * OPENSSL_cleanse still wipes, and CRYPTO_memcmp never says "equal".
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "probes/os/dl.h"

#define CRYPTO_SYMS(X)                                                                             \
	X(CRYPTO_free)                                                                             \
	X(CRYPTO_memdup)                                                                           \
	X(CRYPTO_memcmp)                                                                           \
	X(OPENSSL_cleanse)                                                                         \
	X(RAND_bytes)                                                                              \
	X(BN_new)                                                                                  \
	X(BN_free)                                                                                 \
	X(BN_bin2bn)                                                                               \
	X(BN_set_word)                                                                             \
	X(BN_mod_word)                                                                             \
	X(EVP_sha1)                                                                                \
	X(EVP_sha256)                                                                              \
	X(EVP_sha384)                                                                              \
	X(EVP_sha512)                                                                              \
	X(EVP_get_digestbyname)                                                                    \
	X(EVP_MD_fetch)                                                                            \
	X(EVP_MD_free)                                                                             \
	X(EVP_MD_get_size)                                                                         \
	X(EVP_Digest)                                                                              \
	X(EVP_MD_CTX_new)                                                                          \
	X(EVP_MD_CTX_free)                                                                         \
	X(EVP_DigestInit_ex)                                                                       \
	X(EVP_DigestUpdate)                                                                        \
	X(EVP_DigestFinal_ex)                                                                      \
	X(HMAC)                                                                                    \
	X(EVP_PKEY_free)                                                                           \
	X(EVP_PKEY_CTX_free)                                                                       \
	X(EVP_PKEY_CTX_new_from_name)                                                              \
	X(EVP_PKEY_CTX_new_from_pkey)                                                              \
	X(EVP_PKEY_CTX_set0_rsa_oaep_label)                                                        \
	X(EVP_PKEY_CTX_set_rsa_mgf1_md)                                                            \
	X(EVP_PKEY_CTX_set_rsa_oaep_md)                                                            \
	X(EVP_PKEY_CTX_set_rsa_padding)                                                            \
	X(EVP_PKEY_encrypt_init)                                                                   \
	X(EVP_PKEY_encrypt)                                                                        \
	X(EVP_PKEY_fromdata_init)                                                                  \
	X(EVP_PKEY_fromdata)                                                                       \
	X(OSSL_PARAM_BLD_new)                                                                      \
	X(OSSL_PARAM_BLD_free)                                                                     \
	X(OSSL_PARAM_BLD_push_BN)                                                                  \
	X(OSSL_PARAM_BLD_to_param)                                                                 \
	X(OSSL_PARAM_free)                                                                         \
	X(BN_num_bits)                                                                             \
	X(BN_bn2binpad)                                                                            \
	X(BIO_s_mem)                                                                               \
	X(BIO_new)                                                                                 \
	X(BIO_free)                                                                                \
	X(BIO_ctrl)                                                                                \
	X(d2i_X509)                                                                                \
	X(X509_free)                                                                               \
	X(X509_get_issuer_name)                                                                    \
	X(X509_NAME_print_ex)                                                                      \
	X(X509_get0_notBefore)                                                                     \
	X(X509_get0_notAfter)                                                                      \
	X(X509_get0_pubkey)                                                                        \
	X(ASN1_TIME_to_tm)                                                                         \
	X(EVP_PKEY_get_base_id)                                                                    \
	X(EVP_PKEY_get_bits)                                                                       \
	X(EVP_PKEY_get_bn_param)

DL_DEFINE(crypto, DL_CRYPTO, "libcrypto.so.3", "libssl3",
	  "nothing, but TPM 1.2 ownership (SHA-1, HMAC, RSA-OAEP), event-log digests and the "
	  "EK checks (ROCA, the EK certificate) need it",
	  CRYPTO_SYMS)

/* ---- memory ---- */

void CRYPTO_free(void *ptr, const char *file, int line)
{
	DL_CALL_VOID(crypto, CRYPTO_free, ptr, file, line);
}

void *CRYPTO_memdup(const void *str, size_t siz, const char *file, int line)
{
	return DL_CALL(crypto, CRYPTO_memdup, NULL, str, siz, file, line);
}

int CRYPTO_memcmp(const void *in_a, const void *in_b, size_t len)
{
	return DL_CALL(crypto, CRYPTO_memcmp, 1, in_a, in_b, len);
}

void OPENSSL_cleanse(void *ptr, size_t len)
{
	if (dl_crypto_ready())
		DL_FN(crypto, OPENSSL_cleanse)(ptr, len);
	else if (ptr)
		explicit_bzero(ptr, len);
}

int RAND_bytes(unsigned char *buf, int num)
{
	return DL_CALL(crypto, RAND_bytes, 0, buf, num);
}

/* ---- big numbers ---- */

BIGNUM *BN_new(void)
{
	return DL_CALL(crypto, BN_new, NULL);
}

void BN_free(BIGNUM *a)
{
	if (a)
		DL_CALL_VOID(crypto, BN_free, a);
}

BIGNUM *BN_bin2bn(const unsigned char *s, int len, BIGNUM *ret)
{
	return DL_CALL(crypto, BN_bin2bn, NULL, s, len, ret);
}

int BN_set_word(BIGNUM *a, BN_ULONG w)
{
	return DL_CALL(crypto, BN_set_word, 0, a, w);
}

BN_ULONG BN_mod_word(const BIGNUM *a, BN_ULONG w)
{
	return DL_CALL(crypto, BN_mod_word, (BN_ULONG)-1, a, w);
}

/* ---- digests and HMAC ---- */

const EVP_MD *EVP_sha1(void)
{
	return DL_CALL(crypto, EVP_sha1, NULL);
}

const EVP_MD *EVP_sha256(void)
{
	return DL_CALL(crypto, EVP_sha256, NULL);
}

const EVP_MD *EVP_sha384(void)
{
	return DL_CALL(crypto, EVP_sha384, NULL);
}

const EVP_MD *EVP_sha512(void)
{
	return DL_CALL(crypto, EVP_sha512, NULL);
}

const EVP_MD *EVP_get_digestbyname(const char *name)
{
	return DL_CALL(crypto, EVP_get_digestbyname, NULL, name);
}

EVP_MD *EVP_MD_fetch(OSSL_LIB_CTX *ctx, const char *algorithm, const char *properties)
{
	return DL_CALL(crypto, EVP_MD_fetch, NULL, ctx, algorithm, properties);
}

void EVP_MD_free(EVP_MD *md)
{
	if (md)
		DL_CALL_VOID(crypto, EVP_MD_free, md);
}

int EVP_MD_get_size(const EVP_MD *md)
{
	return DL_CALL(crypto, EVP_MD_get_size, -1, md);
}

int EVP_Digest(const void *data, size_t count, unsigned char *md, unsigned int *size,
	       const EVP_MD *type, ENGINE *impl)
{
	return DL_CALL(crypto, EVP_Digest, 0, data, count, md, size, type, impl);
}

EVP_MD_CTX *EVP_MD_CTX_new(void)
{
	return DL_CALL(crypto, EVP_MD_CTX_new, NULL);
}

void EVP_MD_CTX_free(EVP_MD_CTX *ctx)
{
	if (ctx)
		DL_CALL_VOID(crypto, EVP_MD_CTX_free, ctx);
}

int EVP_DigestInit_ex(EVP_MD_CTX *ctx, const EVP_MD *type, ENGINE *impl)
{
	return DL_CALL(crypto, EVP_DigestInit_ex, 0, ctx, type, impl);
}

int EVP_DigestUpdate(EVP_MD_CTX *ctx, const void *d, size_t cnt)
{
	return DL_CALL(crypto, EVP_DigestUpdate, 0, ctx, d, cnt);
}

int EVP_DigestFinal_ex(EVP_MD_CTX *ctx, unsigned char *md, unsigned int *s)
{
	return DL_CALL(crypto, EVP_DigestFinal_ex, 0, ctx, md, s);
}

unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *data,
		    size_t data_len, unsigned char *md, unsigned int *md_len)
{
	return DL_CALL(crypto, HMAC, NULL, evp_md, key, key_len, data, data_len, md, md_len);
}

/* ---- RSA-OAEP through EVP_PKEY ---- */

void EVP_PKEY_free(EVP_PKEY *pkey)
{
	if (pkey)
		DL_CALL_VOID(crypto, EVP_PKEY_free, pkey);
}

void EVP_PKEY_CTX_free(EVP_PKEY_CTX *ctx)
{
	if (ctx)
		DL_CALL_VOID(crypto, EVP_PKEY_CTX_free, ctx);
}

EVP_PKEY_CTX *EVP_PKEY_CTX_new_from_name(OSSL_LIB_CTX *libctx, const char *name,
					 const char *propquery)
{
	return DL_CALL(crypto, EVP_PKEY_CTX_new_from_name, NULL, libctx, name, propquery);
}

EVP_PKEY_CTX *EVP_PKEY_CTX_new_from_pkey(OSSL_LIB_CTX *libctx, EVP_PKEY *pkey,
					 const char *propquery)
{
	return DL_CALL(crypto, EVP_PKEY_CTX_new_from_pkey, NULL, libctx, pkey, propquery);
}

int EVP_PKEY_CTX_set0_rsa_oaep_label(EVP_PKEY_CTX *ctx, void *label, int llen)
{
	return DL_CALL(crypto, EVP_PKEY_CTX_set0_rsa_oaep_label, 0, ctx, label, llen);
}

int EVP_PKEY_CTX_set_rsa_mgf1_md(EVP_PKEY_CTX *ctx, const EVP_MD *md)
{
	return DL_CALL(crypto, EVP_PKEY_CTX_set_rsa_mgf1_md, 0, ctx, md);
}

int EVP_PKEY_CTX_set_rsa_oaep_md(EVP_PKEY_CTX *ctx, const EVP_MD *md)
{
	return DL_CALL(crypto, EVP_PKEY_CTX_set_rsa_oaep_md, 0, ctx, md);
}

int EVP_PKEY_CTX_set_rsa_padding(EVP_PKEY_CTX *ctx, int pad_mode)
{
	return DL_CALL(crypto, EVP_PKEY_CTX_set_rsa_padding, 0, ctx, pad_mode);
}

int EVP_PKEY_encrypt_init(EVP_PKEY_CTX *ctx)
{
	return DL_CALL(crypto, EVP_PKEY_encrypt_init, 0, ctx);
}

int EVP_PKEY_encrypt(EVP_PKEY_CTX *ctx, unsigned char *out, size_t *outlen, const unsigned char *in,
		     size_t inlen)
{
	return DL_CALL(crypto, EVP_PKEY_encrypt, 0, ctx, out, outlen, in, inlen);
}

int EVP_PKEY_fromdata_init(EVP_PKEY_CTX *ctx)
{
	return DL_CALL(crypto, EVP_PKEY_fromdata_init, 0, ctx);
}

int EVP_PKEY_fromdata(EVP_PKEY_CTX *ctx, EVP_PKEY **ppkey, int selection, OSSL_PARAM params[])
{
	return DL_CALL(crypto, EVP_PKEY_fromdata, 0, ctx, ppkey, selection, params);
}

OSSL_PARAM_BLD *OSSL_PARAM_BLD_new(void)
{
	return DL_CALL(crypto, OSSL_PARAM_BLD_new, NULL);
}

void OSSL_PARAM_BLD_free(OSSL_PARAM_BLD *bld)
{
	if (bld)
		DL_CALL_VOID(crypto, OSSL_PARAM_BLD_free, bld);
}

int OSSL_PARAM_BLD_push_BN(OSSL_PARAM_BLD *bld, const char *key, const BIGNUM *bn)
{
	return DL_CALL(crypto, OSSL_PARAM_BLD_push_BN, 0, bld, key, bn);
}

OSSL_PARAM *OSSL_PARAM_BLD_to_param(OSSL_PARAM_BLD *bld)
{
	return DL_CALL(crypto, OSSL_PARAM_BLD_to_param, NULL, bld);
}

void OSSL_PARAM_free(OSSL_PARAM *p)
{
	if (p)
		DL_CALL_VOID(crypto, OSSL_PARAM_free, p);
}

/* ---- X.509: the EK certificate (probes/keys/ekcert.c) ---- */

int BN_num_bits(const BIGNUM *a)
{
	return DL_CALL(crypto, BN_num_bits, 0, a);
}

int BN_bn2binpad(const BIGNUM *a, unsigned char *to, int tolen)
{
	return DL_CALL(crypto, BN_bn2binpad, -1, a, to, tolen);
}

const BIO_METHOD *BIO_s_mem(void)
{
	return DL_CALL(crypto, BIO_s_mem, NULL);
}

BIO *BIO_new(const BIO_METHOD *type)
{
	return type ? DL_CALL(crypto, BIO_new, NULL, type) : NULL;
}

int BIO_free(BIO *a)
{
	return a ? DL_CALL(crypto, BIO_free, 0, a) : 0;
}

long BIO_ctrl(BIO *bp, int cmd, long larg, void *parg)
{
	return DL_CALL(crypto, BIO_ctrl, 0, bp, cmd, larg, parg);
}

X509 *d2i_X509(X509 **a, const unsigned char **in, long len)
{
	return DL_CALL(crypto, d2i_X509, NULL, a, in, len);
}

void X509_free(X509 *a)
{
	if (a)
		DL_CALL_VOID(crypto, X509_free, a);
}

X509_NAME *X509_get_issuer_name(const X509 *a)
{
	return DL_CALL(crypto, X509_get_issuer_name, NULL, a);
}

int X509_NAME_print_ex(BIO *out, const X509_NAME *nm, int indent, unsigned long flags)
{
	return DL_CALL(crypto, X509_NAME_print_ex, -1, out, nm, indent, flags);
}

const ASN1_TIME *X509_get0_notBefore(const X509 *x)
{
	return DL_CALL(crypto, X509_get0_notBefore, NULL, x);
}

const ASN1_TIME *X509_get0_notAfter(const X509 *x)
{
	return DL_CALL(crypto, X509_get0_notAfter, NULL, x);
}

EVP_PKEY *X509_get0_pubkey(const X509 *x)
{
	return DL_CALL(crypto, X509_get0_pubkey, NULL, x);
}

int ASN1_TIME_to_tm(const ASN1_TIME *s, struct tm *tm)
{
	return DL_CALL(crypto, ASN1_TIME_to_tm, 0, s, tm);
}

int EVP_PKEY_get_base_id(const EVP_PKEY *pkey)
{
	return DL_CALL(crypto, EVP_PKEY_get_base_id, EVP_PKEY_NONE, pkey);
}

int EVP_PKEY_get_bits(const EVP_PKEY *pkey)
{
	return DL_CALL(crypto, EVP_PKEY_get_bits, 0, pkey);
}

int EVP_PKEY_get_bn_param(const EVP_PKEY *pkey, const char *key_name, BIGNUM **bn)
{
	return DL_CALL(crypto, EVP_PKEY_get_bn_param, 0, pkey, key_name, bn);
}
