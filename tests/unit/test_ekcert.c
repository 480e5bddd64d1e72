// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probes/keys/ekcert.c on a real EK certificate (fixtures/keys/README.md:
 * swtpm_setup --create-ek-cert, read back with tpm2_nvread), as it stands
 * in NV, padded, cut short, and against the EK it certifies.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/keys/ekcert.h"
#include "probes/keys/pubkey.h"

#define CERT	 "fixtures/keys/swtpm-tpm20-ek-cert-rsa2048.der"
#define EK	 "fixtures/keys/swtpm-tpm20-ek-rsa2048-certified.pub"
#define EK_OTHER "fixtures/keys/swtpm-tpm20-ek-rsa2048.pub"

static uint8_t *slurp(const char *path, size_t *len, size_t extra)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b;
	long n;

	cr_assert(f, "%s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + extra + 1);
	cr_assert(b);
	cr_assert_eq(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

static struct ekcert c;

Test(ekcert, what_openssl_says_of_it)
{
	size_t len;
	uint8_t *b = slurp(CERT, &len, 0);

	cr_assert_eq(ekcert_parse(b, len, &c), 0);
	/* openssl x509 -issuer -dates -dateopt iso_8601 on the same file */
	cr_expect_str_eq(c.issuer, "CN = swtpm-localca");
	cr_expect_str_eq(c.not_before, "2026-12-07T23:22:07Z");
	cr_expect_str_eq(c.not_after, "9999-12-31T23:59:59Z");
	cr_expect_eq(c.key, EKCERT_KEY_RSA);
	cr_expect_eq(c.key_bits, 2048);
	cr_expect_eq(c.modulus_len, 256);
	cr_expect_eq(c.der_len, len);
	free(b);
}

Test(ekcert, its_key_is_the_ek_it_certifies_and_no_other)
{
	struct rsa_pubkey ek, other;
	size_t len, elen, olen;
	uint8_t *b = slurp(CERT, &len, 0), *e = slurp(EK, &elen, 0), *o = slurp(EK_OTHER, &olen, 0);

	cr_assert_eq(ekcert_parse(b, len, &c), 0);
	cr_assert_eq(pubkey_parse_tpm2b_public(e, elen, &ek), 0);
	cr_assert_eq(pubkey_parse_tpm2b_public(o, olen, &other), 0);
	cr_expect_eq(c.modulus_len, ek.modulus_len);
	cr_expect_eq(memcmp(c.modulus, ek.modulus, ek.modulus_len), 0);
	cr_expect_neq(memcmp(c.modulus, other.modulus, other.modulus_len), 0);
	free(b);
	free(e);
	free(o);
}

/* An NV index larger than its certificate: the padding is not the certificate's. */
Test(ekcert, padding_after_the_certificate)
{
	size_t len;
	uint8_t *b = slurp(CERT, &len, 64);

	memset(b + len, 0xff, 64);
	cr_assert_eq(ekcert_parse(b, len + 64, &c), 0);
	cr_expect_eq(c.der_len, len);
	cr_expect_str_eq(c.issuer, "CN = swtpm-localca");
	free(b);
}

Test(ekcert, what_is_no_certificate)
{
	size_t len;
	uint8_t *b = slurp(CERT, &len, 0);
	uint8_t zero[64] = {0};

	cr_expect_eq(ekcert_parse(b, len - 1, &c), -EBADMSG); /* cut short */
	cr_expect_eq(ekcert_parse(b, 0, &c), -EBADMSG);
	cr_expect_eq(ekcert_parse(NULL, len, &c), -EBADMSG);
	cr_expect_eq(ekcert_parse(zero, sizeof(zero), &c), -EBADMSG);
	b[0] = 0x31; /* a SET where the SEQUENCE is */
	cr_expect_eq(ekcert_parse(b, len, &c), -EBADMSG);
	free(b);
}
