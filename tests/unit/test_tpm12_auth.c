// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TPM 1.2 authorisation crypto (diag/own/tpm12_auth.c) and secrets
 * (diag/own/secret.c). Expected values computed independently with Python:
 *
 *   import hashlib, hmac, struct
 *   key = hashlib.sha1(b"owner").digest()          # 579233b2...6414
 *   enc1 = b"\xa1"*256; enc2 = b"\xb2"*256
 *   srk = bytes([1,1,0,0]) + struct.pack(">HIB", 0x11, 0, 1) \
 *       + struct.pack(">IHHI", 1, 3, 1, 12) + struct.pack(">III", 2048, 2, 0) \
 *       + struct.pack(">III", 0, 0, 0)            # 47 bytes
 *   pd = struct.pack(">IH", 0x0D, 5) + struct.pack(">I", 256) + enc1 \
 *      + struct.pack(">I", 256) + enc2 + srk
 *   d = hashlib.sha1(pd).digest()                  # 0b7a6aa2...0701
 *   hmac.new(key, d + b"\x11"*20 + b"\x22"*20 + b"\x00", hashlib.sha1)  # 82dfe383...e3ca
 *   hmac.new(key, d + b"\x11"*20 + b"\x22"*20 + b"\x01", hashlib.sha1)  # 4d56cae5...3eb6
 *   hashlib.sha1(b"password")                      # 5baa61e4...8fd8
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "diag/own/secret.h"
#include "diag/own/tpm12_auth.h"

static void unhex(const char *h, uint8_t *out, size_t n)
{
	size_t i;
	unsigned v;

	for (i = 0; i < n; i++) {
		cr_assert_eq(sscanf(h + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

Test(tpm12_auth, auth_from_password_is_sha1_of_its_bytes)
{
	struct secret s = {.len = 8, .set = true};
	uint8_t out[20], want[20];

	memcpy(s.v, "password", 8);
	cr_assert_eq(tpm12_auth_from_secret(&s, out), 0);
	unhex("5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8", want, 20);
	cr_assert_arr_eq(out, want, 20);
}

Test(tpm12_auth, well_known_is_twenty_zero_bytes)
{
	struct secret s = {.set = true, .well_known = true};
	uint8_t out[20], zero[20] = {0};

	memset(out, 0xff, sizeof(out));
	cr_assert_eq(tpm12_auth_from_secret(&s, out), 0);
	cr_assert_arr_eq(out, zero, 20);
	s.set = false;
	cr_assert_neq(tpm12_auth_from_secret(&s, out), 0);
}

Test(tpm12_auth, takeownership_param_digest_and_hmac)
{
	static const uint8_t srk[47] = {1, 1, 0, 0, 0, 0x11, 0,	 0, 0, 0, 1, 0, 0, 0, 1, 0,
					3, 0, 1, 0, 0, 0,    12, 0, 0, 8, 0, 0, 0, 0, 2, 0,
					0, 0, 0, 0, 0, 0,    0,	 0, 0, 0, 0, 0, 0, 0, 0};
	uint8_t pd[6 + 4 + 256 + 4 + 256 + sizeof(srk)], *p = pd;
	uint8_t key[20], d[20], ne[20], no[20], mac[20], want[20];

	put32(p, 0x0D);
	p[4] = 0;
	p[5] = 5;
	p += 6;
	put32(p, 256);
	memset(p + 4, 0xa1, 256);
	p += 260;
	put32(p, 256);
	memset(p + 4, 0xb2, 256);
	p += 260;
	memcpy(p, srk, sizeof(srk));
	cr_assert_eq(tpm12_sha1("owner", 5, key), 0);
	unhex("579233b2c479241523cba5e3af55d0f50f2d6414", want, 20);
	cr_assert_arr_eq(key, want, 20);
	cr_assert_eq(tpm12_sha1(pd, sizeof(pd), d), 0);
	unhex("0b7a6aa2233fb1f65d614a1fb06ba8d3e8dc0701", want, 20);
	cr_assert_arr_eq(d, want, 20);
	memset(ne, 0x11, 20);
	memset(no, 0x22, 20);
	cr_assert_eq(tpm12_auth_hmac(key, d, ne, no, false, mac), 0);
	unhex("82dfe383cc579840f35338e98ad7328cebe4e3ca", want, 20);
	cr_assert_arr_eq(mac, want, 20);
	cr_assert(tpm12_digest_equal(mac, want));
	cr_assert_eq(tpm12_auth_hmac(key, d, ne, no, true, mac), 0);
	unhex("4d56cae53d5b8bcd3e24bd0fff2c73fb4e493eb6", want, 20);
	cr_assert_arr_eq(mac, want, 20);
	mac[19] ^= 1;
	cr_assert_not(tpm12_digest_equal(mac, want));
}

Test(tpm12_auth, oiap_bytes_and_answer)
{
	static const uint8_t want[] = {0x00, 0xc1, 0, 0, 0, 0x0a, 0, 0, 0, 0x0a};
	uint8_t cmd[16], rsp[34] = {0x00, 0xc4, 0, 0, 0, 34, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78};
	struct tpm12_session s;
	size_t n = 0;

	cr_assert_eq(tpm12_oiap_build(cmd, sizeof(cmd), &n), 0);
	cr_assert_eq(n, sizeof(want));
	cr_assert_arr_eq(cmd, want, n);
	memset(rsp + 14, 0x5a, 20);
	cr_assert_eq(tpm12_oiap_parse(rsp, sizeof(rsp), &s), 0);
	cr_assert_eq(s.handle, 0x12345678u);
	cr_assert_eq(s.nonce_even[0], 0x5a);
	cr_assert_eq(s.nonce_even[19], 0x5a);
	/* short, lying about its size, or an error code: refused */
	cr_assert_neq(tpm12_oiap_parse(rsp, 30, &s), 0);
	rsp[9] = 0x26;
	cr_assert_neq(tpm12_oiap_parse(rsp, sizeof(rsp), &s), 0);
}

/* Decrypt with OpenSSL, OAEP SHA-1 / MGF1-SHA-1 and the given label. */
static int oaep_decrypt(EVP_PKEY *k, const char *label, const uint8_t *in, size_t n, uint8_t *out,
			size_t *outlen)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k, NULL);
	unsigned char *l = OPENSSL_memdup(label, strlen(label));
	int ok;

	ok = c && l && EVP_PKEY_decrypt_init(c) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) > 0 &&
	     EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha1()) > 0 &&
	     EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha1()) > 0 &&
	     EVP_PKEY_CTX_set0_rsa_oaep_label(c, l, (int)strlen(label)) > 0;
	if (ok)
		l = NULL;
	ok = ok && EVP_PKEY_decrypt(c, out, outlen, in, n) > 0;
	OPENSSL_free(l);
	EVP_PKEY_CTX_free(c);
	return ok ? 0 : -1;
}

Test(tpm12_auth, oaep_tcpa_round_trip)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);
	BIGNUM *bn = NULL;
	uint8_t n[256], secret[20], enc[512], enc2[512], dec[512];
	size_t elen = 0, elen2 = 0, dlen = sizeof(dec);

	cr_assert(k);
	cr_assert(EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_RSA_N, &bn));
	cr_assert_eq(BN_bn2binpad(bn, n, sizeof(n)), 256);
	BN_free(bn);
	cr_assert_eq(tpm12_sha1("owner", 5, secret), 0);
	cr_assert_eq(tpm12_oaep_encrypt(n, sizeof(n), 0, secret, 20, enc, sizeof(enc), &elen), 0);
	cr_assert_eq(elen, 256);
	cr_assert_eq(oaep_decrypt(k, "TCPA", enc, elen, dec, &dlen), 0);
	cr_assert_eq(dlen, 20);
	cr_assert_arr_eq(dec, secret, 20);
	/* the label is part of it: without "TCPA" the TPM could not decrypt */
	dlen = sizeof(dec);
	cr_assert_neq(oaep_decrypt(k, "", enc, elen, dec, &dlen), 0);
	/* randomised: two encryptions differ */
	cr_assert_eq(
	    tpm12_oaep_encrypt(n, sizeof(n), 65537, secret, 20, enc2, sizeof(enc2), &elen2), 0);
	cr_assert(memcmp(enc, enc2, 256) != 0);
	/* too small an output buffer, or a modulus that is no key: refused */
	cr_assert_neq(tpm12_oaep_encrypt(n, sizeof(n), 0, secret, 20, enc, 100, &elen), 0);
	cr_assert_neq(tpm12_oaep_encrypt(n, 16, 0, secret, 20, enc, sizeof(enc), &elen), 0);
	EVP_PKEY_free(k);
}

/* --- secrets -------------------------------------------------------------- */

static char dir[256];

static void mkdir_tmp(void)
{
	const char *base = getenv("TPMDIAG_TEST_TMP");

	snprintf(dir, sizeof(dir), "%s/secret.XXXXXX", base && *base ? base : "/tmp");
	cr_assert(mkdtemp(dir));
}

static void rm_tmp(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	chmod(path, mode);
}

TestSuite(secret, .init = mkdir_tmp, .fini = rm_tmp);

Test(secret, file_first_line_without_newline)
{
	struct secret_source src = {.label = "owner password"};
	struct secret s;
	char path[300], err[256];

	snprintf(path, sizeof(path), "%s/pw", dir);
	write_file(path, "hunter2\r\nsecond line\n", 0600);
	src.file = path;
	cr_assert_eq(secret_read(&src, &s, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(s.len, 7);
	cr_assert_arr_eq(s.v, "hunter2", 7);
	cr_assert(s.set);
	cr_assert_not(s.well_known);
	secret_wipe(&s);
	cr_assert_eq(s.len, 0);
	cr_assert_not(s.set);
	cr_assert_eq(s.v[0], 0);
}

Test(secret, file_errors_never_show_the_secret)
{
	struct secret_source src = {.label = "owner password"};
	struct secret s;
	char path[300], err[512], big[SECRET_MAX + 10];

	snprintf(path, sizeof(path), "%s/pw", dir);
	write_file(path, "", 0600);
	src.file = path;
	cr_assert_neq(secret_read(&src, &s, err, sizeof(err)), 0);
	cr_assert(strstr(err, "is empty"), "%s", err);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	write_file(path, big, 0600);
	cr_assert_neq(secret_read(&src, &s, err, sizeof(err)), 0);
	cr_assert(strstr(err, "longer than"), "%s", err);
	cr_assert_null(strstr(err, "xxxx"));
	cr_assert_not(s.set);
	snprintf(path, sizeof(path), "%s/missing", dir);
	cr_assert_neq(secret_read(&src, &s, err, sizeof(err)), 0);
	cr_assert(strstr(err, "cannot open the owner password file"), "%s", err);
}

Test(secret, stdin_first_line_and_well_known)
{
	struct secret_source src = {.from_stdin = true, .label = "SRK password"};
	struct secret s;
	char err[256];
	int p[2], saved = dup(0);

	cr_assert_eq(pipe(p), 0);
	cr_assert_eq(write(p[1], "s3cret\nrest\n", 12), 12);
	close(p[1]);
	dup2(p[0], 0);
	close(p[0]);
	cr_assert_eq(secret_read(&src, &s, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(s.len, 6);
	cr_assert_arr_eq(s.v, "s3cret", 6);
	dup2(saved, 0);
	close(saved);
	memset(&src, 0, sizeof(src));
	src.well_known = true;
	cr_assert_eq(secret_read(&src, &s, err, sizeof(err)), 0);
	cr_assert(s.set && s.well_known && s.len == 0);
	memset(&src, 0, sizeof(src));
	cr_assert_neq(secret_read(&src, &s, err, sizeof(err)), 0);
}
