// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ROCA fingerprint test and the public-key parsers of probes/keys/.
 *
 * roca: moduli built with RSALib's structure (p = k * M + 65537^a mod M)
 * are flagged, at 1024 and 2048 bits; 200 random odd 2048-bit moduli are
 * not; a flagged modulus moved out of its subgroup at any one prime alone
 * is not (every prime decides); roca-detect's own samples get its
 * verdicts (and one crafted modulus shows the limit of the residue test);
 * a real swtpm EK (fixtures/keys/) is clean; bad input is refused, and
 * without libcrypto the answer is -ENOPKG.
 * pubkey: the swtpm EK's TPM2B_PUBLIC, each of its truncations and
 * inconsistent variants; hand-built TPM2B_PUBLICs with the other RSA
 * schemes; a hand-built TPM 1.2 TPM_PUBKEY and its truncations.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/bn.h>

#include "diag/facts/facts.h"
#include "probes/keys/ek_facts.h"
#include "probes/keys/pubkey.h"
#include "probes/keys/roca.h"
#include "probes/os/dl.h"
#include "probes/tpm/buf.h"

#define EK_FIXTURE "fixtures/keys/swtpm-tpm20-ek-rsa2048.pub"
#define EK_LEN	   316
#define EK_MOD_AT  (EK_LEN - 256) /* the unique field's bytes end the file */

/* The primes of the published test (roca.c has its own copy, on purpose). */
static const unsigned primes[] = {3,   5,   7,	 11,  13,  17,	19,  23,  29,  31,  37,	 41,  43,
				  47,  53,  59,	 61,  67,  71,	73,  79,  83,  89,  97,	 101, 103,
				  109, 107, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167};
#define N_PRIMES (sizeof(primes) / sizeof(primes[0]))

static uint8_t *slurp(const char *path, size_t *len)
{
	uint8_t *buf;
	FILE *f;
	long n;

	f = fopen(path, "rb");
	cr_assert(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	cr_assert(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Whether r is in the subgroup of Z_p* that 65537 mod p generates. */
static bool in_subgroup(unsigned p, unsigned r)
{
	unsigned g = 65537 % p, x = 1;

	do {
		if (x == r)
			return true;
		x = x * g % p;
	} while (x != 1);
	return false;
}

static BIGNUM *primorial(void)
{
	BIGNUM *m = BN_new();
	size_t i;

	cr_assert(m && BN_set_word(m, 1));
	for (i = 0; i < N_PRIMES; i++)
		cr_assert(BN_mul_word(m, primes[i]));
	return m;
}

/*
 * k * M + (65537^a mod M), with k random of kbits bits, made odd by adding
 * M (which changes no residue mod the listed primes). Not a prime: the
 * fingerprint is about the residues only, so primality does not matter.
 */
static BIGNUM *rsalib_factor(const BIGNUM *m, unsigned a, int kbits, BN_CTX *ctx)
{
	BIGNUM *p = BN_new(), *g = BN_new(), *e = BN_new(), *r = BN_new();

	cr_assert(p && g && e && r);
	cr_assert(BN_set_word(g, 65537) && BN_set_word(e, a));
	cr_assert(BN_mod_exp(r, g, e, m, ctx));
	cr_assert(BN_rand(p, kbits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY));
	cr_assert(BN_mul(p, p, m, ctx) && BN_add(p, p, r));
	if (!BN_is_odd(p))
		cr_assert(BN_add(p, p, m));
	BN_free(g);
	BN_free(e);
	BN_free(r);
	return p;
}

/* The big-endian bytes of n, padded to len. */
static void to_bytes(const BIGNUM *n, uint8_t *out, int len)
{
	cr_assert_eq(BN_bn2binpad(n, out, len), len);
}

static enum roca_verdict verdict(const BIGNUM *n, int len)
{
	uint8_t b[ROCA_MAX_MODULUS];
	enum roca_verdict v = ROCA_CLEAN;

	to_bytes(n, b, len);
	cr_assert_eq(roca_check(b, (size_t)len, &v), 0);
	return v;
}

/* N = p * q, each of RSALib's form, about bits long. */
static BIGNUM *rsalib_modulus(const BIGNUM *m, unsigned a, unsigned b, int bits, BN_CTX *ctx)
{
	int kbits = bits / 2 - BN_num_bits(m);
	BIGNUM *p = rsalib_factor(m, a, kbits, ctx), *q = rsalib_factor(m, b, kbits, ctx);
	BIGNUM *n = BN_new();

	cr_assert(n && BN_mul(n, p, q, ctx));
	cr_assert_leq(BN_num_bits(n), bits);
	BN_free(p);
	BN_free(q);
	return n;
}

Test(roca, rsalib_structure_is_flagged)
{
	static const unsigned as[] = {1, 2, 7, 100, 1234, 65535, 999983};
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *m = primorial();
	size_t i, j;

	cr_assert(ctx);
	cr_assert_eq(BN_num_bits(m), 219); /* the product of the 38 primes */
	for (i = 0; i < sizeof(as) / sizeof(as[0]); i++)
		for (j = 0; j < 2; j++) {
			int bits = j ? 2048 : 1024;
			BIGNUM *n =
			    rsalib_modulus(m, as[i], as[(i + 3) % 7] + (unsigned)j, bits, ctx);

			cr_expect_eq(verdict(n, bits / 8), ROCA_VULNERABLE, "a %u, %d bits", as[i],
				     bits);
			BN_free(n);
		}
	BN_free(m);
	BN_CTX_free(ctx);
}

Test(roca, random_moduli_are_clean)
{
	/* A random N passes all 38 primes with odds of about 2^-28: 200 do not. */
	BIGNUM *n = BN_new();
	int i;

	cr_assert(n);
	for (i = 0; i < 200; i++) {
		cr_assert(BN_rand(n, 2048, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD));
		cr_expect_eq(verdict(n, 256), ROCA_CLEAN, "random modulus %d", i);
	}
	BN_free(n);
}

/*
 * N + c * (M / p) changes N mod p only; c even keeps N odd. For each prime,
 * move a flagged N to a residue outside <65537 mod p> (a non-zero one where
 * the subgroup is not all of Z_p*, else 0): clean, though the 37 other
 * residues are still inside. So every prime of the list decides.
 */
static bool moved_out(const BIGNUM *n, const BIGNUM *m, unsigned p, BIGNUM *moved, bool nonzero)
{
	BIGNUM *cof = BN_dup(m), *shift = BN_new();
	unsigned c, r = 0;

	cr_assert(cof && shift);
	cr_assert_eq(BN_div_word(cof, p), 0);
	for (c = 2; c < 2 * p; c += 2) {
		cr_assert(BN_copy(shift, cof) && BN_mul_word(shift, c));
		cr_assert(BN_add(moved, n, shift));
		r = (unsigned)BN_mod_word(moved, p);
		if ((r || !nonzero) && !in_subgroup(p, r))
			break;
	}
	BN_free(cof);
	BN_free(shift);
	return c < 2 * p;
}

Test(roca, every_prime_decides)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *m = primorial(), *n, *moved = BN_new();
	unsigned proper = 0;
	size_t i;

	cr_assert(ctx && moved);
	n = rsalib_modulus(m, 5, 11, 2048, ctx);
	cr_assert_eq(verdict(n, 256), ROCA_VULNERABLE);
	for (i = 0; i < N_PRIMES; i++) {
		unsigned p = primes[i];

		cr_assert(in_subgroup(p, (unsigned)BN_mod_word(n, p)));
		if (moved_out(n, m, p, moved, true))
			proper++;
		else
			cr_assert(moved_out(n, m, p, moved, false), "p = %u", p);
		cr_expect_eq(verdict(moved, 256), ROCA_CLEAN, "N moved out at p = %u", p);
	}
	/* 65537 generates a proper subgroup for 17 of the 38 primes. */
	cr_expect_eq(proper, 17);
	BN_free(n);
	BN_free(m);
	BN_free(moved);
	BN_CTX_free(ctx);
}

/*
 * Samples of roca-detect's own tests (github.com/crocs-muni/roca,
 * roca/tests/data and test_fingerprint.py): mod03.txt, an RSALib key it
 * lists as positive; mod04.txt, one it lists as negative; and the first of
 * its "fake_mods", built to pass the per-prime residue test, which this
 * check is (roca-detect's "moduli" method), but not its stricter discrete-
 * logarithm method: flagged here, a known limit of the residue test.
 */
static const struct {
	const char *name, *hex;
	enum roca_verdict want;
} samples[] = {
    {"mod03",
     "9dcd7420e420c270a68060eb8b5aa7457a9f6648f86fafed2775cc1f79ae962f1e63f1b9e51c55f9"
     "ea6fdc7332e9b0058c9ff2eb1fc89855029cf6aafe21e689feb38ac9ffb12f1ce371bb5d0e9aae64"
     "161abce74b4244bf68f1edb4411f756a097c8929c14740245ea355f8332d1aa36bb50c7dcb4505da"
     "8de02e4e53d38f8df06097da7524df0df93db48eac8cc4af2d3a16257eb2b2adca6ba464e5974fa9"
     "2550d31b1babf161e7692d00b86e3dd886ecab4abfbe1a8f8cc263ff4af55cdb45f4249a5193925f"
     "5e983d762f0b6800943eb0267b08f42ed311ce1f5c86eacbc8ce4d3cb7a2fee1ef5641423a1cf411"
     "4e5ecf50034a60a412523af9e6f4aa11",
     ROCA_VULNERABLE},
    {"mod04",
     "af659676197f1db06da7ac111a0a0ec175b8b7ef07192ffcd1f6b854c327785f1a7fd3db7da45cd4"
     "a31b2b2e5ce0d823a68e28c8adf1747316becce1fe5768064039ad2062260c8d1a34e0586dce9bc1"
     "3090fcc9fb8b8b2c08ed3ae8d61b29818a669689a7d9c1dab053b557fb8d3f9c44faad3e18c55e73"
     "9b00d3c9126558bc8e980cd2af377126ef5b1374136774b8bd370e3c1c149db395c8f99696b628b1"
     "05946fea20106fe24d103ac062661a9248e8c3f628e00b308d33953aabe555132e218e74ef4b5787"
     "16b4fe7cf340e8e604a319bf6e9951e1942601d34291032db54999d09e5d036dde3544ad35256bbb"
     "97d5e3fffd38166c21eae9199548853b",
     ROCA_CLEAN},
    {"fake_mods[0]",
     "671f033425b5ae00140c5b04dbcaeada430ae348cf3bf18d6ec4621ea824c52dd2b0ac85762b28a5"
     "d39ff23da73d4fcb241bf97b696e403eca234e05db9fe9ace2da265887c7b2ac7f9e7ed5bf6d919d"
     "43286776cf57c07d3411e15f729fa6e563858059334d072638d9dfbfc4f32474b6c6071092f5a961"
     "a7271f3209b37d9d",
     ROCA_VULNERABLE},
};

static size_t unhex(const char *h, uint8_t *out, size_t cap)
{
	size_t n = strlen(h) / 2, i;
	unsigned v;

	cr_assert_leq(n, cap);
	for (i = 0; i < n; i++) {
		cr_assert_eq(sscanf(h + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
	return n;
}

Test(roca, published_samples)
{
	uint8_t b[ROCA_MAX_MODULUS];
	enum roca_verdict v;
	size_t i, n;

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		n = unhex(samples[i].hex, b, sizeof(b));
		v = samples[i].want == ROCA_CLEAN ? ROCA_VULNERABLE : ROCA_CLEAN;
		cr_assert_eq(roca_check(b, n, &v), 0, "%s", samples[i].name);
		cr_expect_eq(v, samples[i].want, "%s", samples[i].name);
	}
}

Test(roca, swtpm_ek_is_clean)
{
	struct rsa_pubkey k;
	enum roca_verdict v = ROCA_VULNERABLE;
	size_t len;
	uint8_t *b = slurp(EK_FIXTURE, &len);

	cr_assert_eq(pubkey_parse_tpm2b_public(b, len, &k), 0);
	cr_assert_eq(roca_check(k.modulus, k.modulus_len, &v), 0);
	cr_expect_eq(v, ROCA_CLEAN);
	cr_expect(strstr(roca_reference(), "CVE-2017-15361"));
	free(b);
}

Test(roca, refuses_what_is_no_modulus)
{
	uint8_t b[ROCA_MAX_MODULUS + 1];
	enum roca_verdict v;

	memset(b, 0xff, sizeof(b));
	cr_expect_eq(roca_check(b, 0, &v), -EINVAL);
	cr_expect_eq(roca_check(NULL, 256, &v), -EINVAL);
	cr_expect_eq(roca_check(b, sizeof(b), &v), -EINVAL);
	cr_expect_eq(roca_check(b, ROCA_MAX_MODULUS, &v), 0);
	b[255] = 0xfe; /* even */
	cr_expect_eq(roca_check(b, 256, &v), -EINVAL);
	b[255] = 0xff;
	cr_expect_eq(roca_check(b, 8, &v), -EINVAL); /* 2^64 - 1 */
	cr_expect_eq(roca_check(b, 9, &v), 0);
	memset(b, 0, 248); /* 256 bytes whose value is below 2^64 */
	cr_expect_eq(roca_check(b, 256, &v), -EINVAL);
	b[247] = 1; /* 2^64 + ...: long enough */
	cr_expect_eq(roca_check(b, 256, &v), 0);
}

/*
 * The library's state is the process's and set before a test body runs:
 * the test runs itself again (this one test) with TPMDIAG_TEST_NO_LIB set
 * from the start, and in that run checks the answer.
 */
Test(roca, without_libcrypto)
{
	const char *hidden = getenv("TPMDIAG_TEST_NO_LIB");
	uint8_t b[256];
	enum roca_verdict v;
	int status = -1;
	pid_t pid;

	if (hidden && strstr(hidden, "libcrypto.so.3")) {
		memset(b, 0xff, sizeof(b));
		cr_expect_eq(roca_check(b, sizeof(b), &v), -ENOPKG);
		cr_expect_eq(dl_status(DL_CRYPTO)->err, -ENOPKG);
		return;
	}
	pid = fork();
	cr_assert_geq(pid, 0);
	if (!pid) {
		/*
		 * A clean environment (the sandbox's own variables would confuse
		 * the new runner) but for the sanitizers' options. Without leak
		 * checks there: libcrypto, linked into the tests but never started
		 * through dl_crypto.c, keeps its tables at exit (not ours).
		 */
		const char *asan = getenv("ASAN_OPTIONS"), *ubsan = getenv("UBSAN_OPTIONS");
		char a[512], u[512];

		snprintf(a, sizeof(a), "%s%sdetect_leaks=0", asan ? asan : "", asan ? ":" : "");
		snprintf(u, sizeof(u), "%s", ubsan ? ubsan : "");
		clearenv();
		setenv("ASAN_OPTIONS", a, 1);
		if (*u)
			setenv("UBSAN_OPTIONS", u, 1);
		setenv("TPMDIAG_TEST_NO_LIB", "libcrypto.so.3", 1);
		execl("/proc/self/exe", "unit-tests", "--filter", "roca/without_libcrypto", "-q",
		      (char *)NULL);
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
}

/* ---- pubkey ---- */

Test(pubkey, swtpm_ek)
{
	struct rsa_pubkey k;
	size_t len;
	uint8_t *b = slurp(EK_FIXTURE, &len);

	cr_assert_eq(len, EK_LEN);
	cr_assert_eq(pubkey_parse_tpm2b_public(b, len, &k), 0);
	cr_expect_eq(k.bits, 2048);
	cr_expect_eq(k.exponent, 65537); /* the template's 0 */
	cr_assert_eq(k.modulus_len, 256);
	cr_expect_eq(memcmp(k.modulus, b + EK_MOD_AT, 256), 0);
	free(b);
}

Test(pubkey, tpm2b_public_truncated_and_inconsistent)
{
	struct rsa_pubkey k;
	size_t len, cut;
	uint8_t *b = slurp(EK_FIXTURE, &len), *c = malloc(len + 1);

	cr_assert(c);
	for (cut = 0; cut < len; cut++) {
		memcpy(c, b, cut);
		cr_expect_eq(pubkey_parse_tpm2b_public(c, cut, &k), -EBADMSG, "cut %zu", cut);
	}
	/* A byte past the size field; then one inside it, past the TPMT_PUBLIC. */
	memcpy(c, b, len);
	c[len] = 0;
	cr_expect_eq(pubkey_parse_tpm2b_public(c, len + 1, &k), -EBADMSG);
	c[1]++;
	cr_expect_eq(pubkey_parse_tpm2b_public(c, len + 1, &k), -EBADMSG);
	/* keyBits 1024 with a 256-byte modulus. */
	memcpy(c, b, len);
	c[EK_MOD_AT - 8] = 0x04;
	cr_expect_eq(pubkey_parse_tpm2b_public(c, len, &k), -EBADMSG);
	/* A modulus whose top bit is clear is not 2048 bits. */
	memcpy(c, b, len);
	c[EK_MOD_AT] = 0x7f;
	cr_expect_eq(pubkey_parse_tpm2b_public(c, len, &k), -EBADMSG);
	/* An unknown scheme selector. */
	memcpy(c, b, len);
	c[EK_MOD_AT - 9] = 0x99;
	cr_expect_eq(pubkey_parse_tpm2b_public(c, len, &k), -EBADMSG);
	/* ECC is not RSA; 0x0099 is no object type. */
	memcpy(c, b, len);
	c[3] = 0x23;
	cr_expect_eq(pubkey_parse_tpm2b_public(c, len, &k), -EPROTONOSUPPORT);
	c[3] = 0x99;
	cr_expect_eq(pubkey_parse_tpm2b_public(c, len, &k), -EBADMSG);
	free(b);
	free(c);
}

/* A TPM2B_PUBLIC with sym NULL and the given scheme (Part 2, TPMT_PUBLIC). */
static size_t tpm2b_rsa(uint8_t *out, size_t cap, uint16_t scheme, bool hash, uint32_t exp,
			const uint8_t *mod, size_t n)
{
	struct tpm_buf w;

	tpm_buf_init(&w, out, cap);
	tpm_buf_u16(&w, 0);	     /* size, patched below */
	tpm_buf_u16(&w, 0x0001);     /* TPM_ALG_RSA */
	tpm_buf_u16(&w, 0x000b);     /* nameAlg SHA-256 */
	tpm_buf_u32(&w, 0x00040072); /* objectAttributes: sign, userWithAuth, ... */
	tpm_buf_tpm2b(&w, NULL, 0);  /* authPolicy */
	tpm_buf_u16(&w, 0x0010);     /* symmetric TPM_ALG_NULL */
	tpm_buf_u16(&w, scheme);
	if (hash)
		tpm_buf_u16(&w, 0x000b);
	tpm_buf_u16(&w, (uint16_t)(n * 8));
	tpm_buf_u32(&w, exp);
	tpm_buf_tpm2b(&w, mod, n);
	cr_assert(!w.bad);
	out[0] = (uint8_t)((w.len - 2) >> 8);
	out[1] = (uint8_t)(w.len - 2);
	return w.len;
}

Test(pubkey, tpm2b_public_schemes)
{
	static const struct {
		uint16_t scheme;
		bool hash;
	} schemes[] = {{0x0014, true}, {0x0016, true}, {0x0017, true}, {0x0015, false}};
	uint8_t mod[128], b[256];
	struct rsa_pubkey k;
	size_t i, n;

	memset(mod, 0xc5, sizeof(mod));
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		n = tpm2b_rsa(b, sizeof(b), schemes[i].scheme, schemes[i].hash, 3, mod,
			      sizeof(mod));
		cr_assert_eq(pubkey_parse_tpm2b_public(b, n, &k), 0, "scheme %#x",
			     schemes[i].scheme);
		cr_expect_eq(k.bits, 1024);
		cr_expect_eq(k.exponent, 3);
		cr_expect_eq(memcmp(k.modulus, mod, sizeof(mod)), 0);
	}
	/* RSAES has no hash (TPMS_EMPTY): one given is a byte too many. */
	n = tpm2b_rsa(b, sizeof(b), 0x0015, true, 0, mod, sizeof(mod));
	cr_expect_eq(pubkey_parse_tpm2b_public(b, n, &k), -EBADMSG);
}

/*
 * Hand-built from TPM Main Part 2 (1.2, rev 116): TPM_PUBKEY (10.5) =
 * TPM_KEY_PARMS (10.1: algorithmID TPM_ALG_RSA 1, encScheme
 * TPM_ES_RSAESOAEP_SHA1_MGF1 3, sigScheme TPM_SS_NONE 1, parmSize, and
 * TPM_RSA_KEY_PARMS of 10.1.1: keyLength, numPrimes 2, exponentSize,
 * exponent) then TPM_STORE_PUBKEY (10.4: keyLength, key), as TPM_ReadPubek
 * answers it, followed here by its 20-byte checksum.
 */
static size_t tpm12_pubkey(uint8_t *out, size_t cap, const uint8_t *exp, uint32_t exp_len,
			   const uint8_t *mod, uint32_t n)
{
	struct tpm_buf w;

	tpm_buf_init(&w, out, cap);
	tpm_buf_u32(&w, 1);
	tpm_buf_u16(&w, 3);
	tpm_buf_u16(&w, 1);
	tpm_buf_u32(&w, 12 + exp_len);
	tpm_buf_u32(&w, n * 8);
	tpm_buf_u32(&w, 2);
	tpm_buf_u32(&w, exp_len);
	tpm_buf_bytes(&w, exp, exp_len);
	tpm_buf_u32(&w, n);
	tpm_buf_bytes(&w, mod, n);
	tpm_buf_bytes(&w, "checksum-of-20-bytes", 20);
	cr_assert(!w.bad);
	return w.len;
}

Test(pubkey, tpm12_pubkey)
{
	static const uint8_t e65537[] = {1, 0, 1}, e3[] = {0, 0, 3};
	struct rsa_pubkey k;
	size_t len, n, used = 0, cut;
	uint8_t *ek = slurp(EK_FIXTURE, &len), b[512], c[512];
	enum roca_verdict v = ROCA_VULNERABLE;

	n = tpm12_pubkey(b, sizeof(b), NULL, 0, ek + EK_MOD_AT, 256);
	cr_assert_eq(pubkey_parse_tpm12_pubkey(b, n, &used, &k), 0);
	cr_expect_eq(used, n - 20);
	cr_expect_eq(k.bits, 2048);
	cr_expect_eq(k.exponent, 65537);
	cr_assert_eq(k.modulus_len, 256);
	cr_expect_eq(memcmp(k.modulus, ek + EK_MOD_AT, 256), 0);
	cr_assert_eq(roca_check(k.modulus, k.modulus_len, &v), 0);
	cr_expect_eq(v, ROCA_CLEAN);
	for (cut = 0; cut < n - 20; cut++)
		cr_expect_eq(pubkey_parse_tpm12_pubkey(b, cut, &used, &k), -EBADMSG, "cut %zu",
			     cut);

	n = tpm12_pubkey(b, sizeof(b), e65537, 3, ek + EK_MOD_AT, 256);
	cr_expect_eq(pubkey_parse_tpm12_pubkey(b, n, &used, &k), 0);
	cr_expect_eq(k.exponent, 65537);
	n = tpm12_pubkey(b, sizeof(b), e3, 3, ek + EK_MOD_AT, 128);
	cr_expect_eq(pubkey_parse_tpm12_pubkey(b, n, &used, &k), 0);
	cr_expect_eq(k.exponent, 3);
	cr_expect_eq(k.bits, 1024);

	n = tpm12_pubkey(b, sizeof(b), NULL, 0, ek + EK_MOD_AT, 256);
	memcpy(c, b, n);
	c[11] = 16; /* parmSize 16 for 12 bytes of parameters */
	cr_expect_eq(pubkey_parse_tpm12_pubkey(c, n, &used, &k), -EBADMSG);
	memcpy(c, b, n);
	c[19] = 3; /* numPrimes 3 */
	cr_expect_eq(pubkey_parse_tpm12_pubkey(c, n, &used, &k), -EBADMSG);
	memcpy(c, b, n);
	c[26] = 0; /* 255 key bytes for a 2048-bit key */
	c[27] = 0xff;
	cr_expect_eq(pubkey_parse_tpm12_pubkey(c, n, &used, &k), -EBADMSG);
	memcpy(c, b, n);
	c[3] = 2; /* not RSA */
	cr_expect_eq(pubkey_parse_tpm12_pubkey(c, n, &used, &k), -EPROTONOSUPPORT);
	free(ek);
}

/*
 * Two sources of the same EK in one run (the sysfs pubek, then the
 * ReadPubek answer): a key that could be judged is kept, and one that
 * could not (a malformed pubek) gives way to the next that can.
 */
Test(roca, ek_facts_keep_the_first_judged_key)
{
	struct facts *fs = NULL;
	struct rsa_pubkey k;
	const struct fact *f;
	uint8_t even[256];
	size_t len;
	uint8_t *b = slurp(EK_FIXTURE, &len);

	cr_assert_eq(facts_new(&fs), 0);
	cr_assert_eq(pubkey_parse_tpm2b_public(b, len, &k), 0);
	memset(even, 0xff, sizeof(even));
	even[255] = 0xfe;
	cr_assert_eq(ek_key_facts(fs, 0, even, sizeof(even), NULL), 0);
	f = facts_get(fs, "tpm0.ek.roca");
	cr_assert(f);
	cr_expect_eq(f->type, FACT_UNREADABLE);
	cr_expect_eq(f->why, FACT_MALFORMED);
	cr_assert_eq(ek_key_facts(fs, 0, k.modulus, k.modulus_len, NULL), 0);
	f = facts_get(fs, "tpm0.ek.roca");
	cr_assert(f && f->type == FACT_STRING);
	cr_expect_str_eq(f->str, "clean");
	cr_expect_eq(facts_get(fs, "tpm0.ek.bits")->num, 2048);
	cr_assert_eq(ek_key_facts(fs, 0, even, 128, NULL), 0);
	cr_expect_str_eq(facts_get(fs, "tpm0.ek.roca")->str, "clean");
	cr_expect_eq(facts_get(fs, "tpm0.ek.bits")->num, 2048);
	facts_free(fs);
	free(b);
}
