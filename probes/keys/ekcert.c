// SPDX-License-Identifier: GPL-2.0-or-later
/* The EK certificate read with libcrypto (ekcert.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "probes/keys/ekcert.h"
#include "probes/os/dl.h"

/* openssl x509's own default: one line, "CN = x, O = y", UTF-8 kept. */
#define EKCERT_NAME_FLAGS ((XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) | ASN1_STRFLGS_UTF8_CONVERT)

static int ekcert_name(const X509_NAME *name, char *out, size_t cap)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p = NULL;
	long n;
	size_t i;

	if (!b)
		return -ENOMEM;
	out[0] = '\0';
	if (X509_NAME_print_ex(b, name, 0, EKCERT_NAME_FLAGS) < 0) {
		BIO_free(b);
		return -EBADMSG;
	}
	n = BIO_get_mem_data(b, &p);
	if (n > 0 && p) {
		i = (size_t)n < cap ? (size_t)n : cap - 1;
		memcpy(out, p, i);
		out[i] = '\0';
	}
	for (i = 0; out[i]; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = '?';
	BIO_free(b);
	return 0;
}

static int ekcert_time(const ASN1_TIME *t, char *out, size_t cap)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return -EBADMSG;
	snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return 0;
}

static int ekcert_key(const X509 *x, struct ekcert *out)
{
	EVP_PKEY *k = X509_get0_pubkey(x);
	BIGNUM *n = NULL;
	int bytes, ret = 0;

	if (!k)
		return -EBADMSG;
	out->key_bits = (unsigned)(EVP_PKEY_get_bits(k) > 0 ? EVP_PKEY_get_bits(k) : 0);
	switch (EVP_PKEY_get_base_id(k)) {
	case EVP_PKEY_RSA:
		out->key = EKCERT_KEY_RSA;
		if (!EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &n))
			return -EBADMSG;
		bytes = (BN_num_bits(n) + 7) / 8;
		if (bytes <= 0 || bytes > PUBKEY_MAX_MODULUS ||
		    BN_bn2binpad(n, out->modulus, bytes) != bytes)
			ret = -EBADMSG;
		else
			out->modulus_len = (size_t)bytes;
		BN_free(n);
		return ret;
	case EVP_PKEY_EC:
		out->key = EKCERT_KEY_EC;
		return 0;
	default:
		out->key = EKCERT_KEY_OTHER;
		return 0;
	}
}

int ekcert_parse(const uint8_t *der, size_t len, struct ekcert *out)
{
	const unsigned char *p = der;
	X509 *x = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!der || !len || len > INT_MAX)
		return -EBADMSG;
	if (dl_status(DL_CRYPTO)->err)
		return -ENOPKG;
	x = d2i_X509(NULL, &p, (long)len);
	if (!x) {
		ret = -EBADMSG;
		goto out;
	}
	out->der_len = (size_t)(p - der);
	ret = ekcert_name(X509_get_issuer_name(x), out->issuer, sizeof(out->issuer));
	if (!ret)
		ret = ekcert_time(X509_get0_notBefore(x), out->not_before, sizeof(out->not_before));
	if (!ret)
		ret = ekcert_time(X509_get0_notAfter(x), out->not_after, sizeof(out->not_after));
	if (!ret)
		ret = ekcert_key(x, out);
out:
	X509_free(x);
	return ret;
}
