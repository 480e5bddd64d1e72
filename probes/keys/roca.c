// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ROCA fingerprint test (probes/keys/roca.h) with libcrypto's BIGNUM:
 * one BN_mod_word per listed prime, and the subgroup <65537 mod p> of
 * Z_p* built for that prime at run time as a bitmap, by repeated
 * multiplication until the powers come back to 1.
 */
#include <errno.h>
#include <stdbool.h>

#include <openssl/bn.h>

#include "probes/keys/roca.h"
#include "probes/os/dl.h"

#define ROCA_GENERATOR 65537u

/* The primes of the published test (roca-detect), all below 2^8. */
static const uint8_t roca_primes[] = {
    3,	5,  7,	11, 13, 17,  19,  23,  29,  31,	 37,  41,  43,	47,  53,  59,  61,  67,	 71,
    73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
};

struct subgroup {
	uint64_t bits[4]; /* residues 0..255 */
};

static void subgroup_build(unsigned p, struct subgroup *s)
{
	unsigned g = ROCA_GENERATOR % p, x = 1;

	s->bits[0] = s->bits[1] = s->bits[2] = s->bits[3] = 0;
	/* p is prime and g is not 0 mod p: the powers of g cycle back to 1. */
	do {
		s->bits[x / 64] |= (uint64_t)1 << (x % 64);
		x = x * g % p;
	} while (x != 1);
}

static bool subgroup_has(const struct subgroup *s, unsigned r)
{
	return r < 256 && (s->bits[r / 64] >> (r % 64) & 1);
}

/* Odd and at least 2^64: what an RSA modulus is, at the least. */
static int modulus_shape(const uint8_t *m, size_t len)
{
	size_t lead = 0;

	if (!len || len > ROCA_MAX_MODULUS || !(m[len - 1] & 1))
		return -EINVAL;
	while (lead < len && !m[lead])
		lead++;
	return len - lead > 8 ? 0 : -EINVAL;
}

int roca_check(const uint8_t *modulus, size_t len, enum roca_verdict *out)
{
	BIGNUM *n = NULL;
	struct subgroup s;
	bool inside = true;
	size_t i;
	int rc;

	rc = modulus ? modulus_shape(modulus, len) : -EINVAL;
	if (rc)
		goto out;
	if (dl_status(DL_CRYPTO)->err) {
		rc = -ENOPKG;
		goto out;
	}
	n = BN_bin2bn(modulus, (int)len, NULL);
	if (!n) {
		rc = -ENOMEM;
		goto out;
	}
	for (i = 0; i < sizeof(roca_primes) && inside; i++) {
		BN_ULONG r = BN_mod_word(n, roca_primes[i]);

		if (r == (BN_ULONG)-1) {
			rc = -ENOMEM;
			goto out;
		}
		subgroup_build(roca_primes[i], &s);
		inside = subgroup_has(&s, (unsigned)r);
	}
	*out = inside ? ROCA_VULNERABLE : ROCA_CLEAN;
out:
	BN_free(n);
	return rc;
}

const char *roca_reference(void)
{
	return "CVE-2017-15361 (ROCA: Infineon RSALib keys; Nemec et al., \"The Return of "
	       "Coppersmith's Attack\", ACM CCS 2017)";
}
